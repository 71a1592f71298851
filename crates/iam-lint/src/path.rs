//! JSON paths for findings: the element a span covers, written as `iam-policy` writes them
//! (`$.Statement[0].Condition.StringEquals["aws:SourceIp"]`).

use iam_policy::Span;
use iam_policy::json::{Node, PathStep as Step, Value, render_path};

/// The path of the deepest element whose span is `target` (a value, a key, or a whole
/// `"key": value` member), or of the deepest element containing it.
pub(crate) fn path_of(root: &Node<'_>, target: Span) -> String {
    let mut steps = Vec::new();
    descend(root, target, &mut steps);
    render_path(&steps)
}

fn contains(outer: Span, inner: Span) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

fn descend<'a>(node: &'a Node<'a>, target: Span, steps: &mut Vec<Step<'a>>) {
    if node.span == target {
        return;
    }
    match &node.value {
        Value::Object(members) => {
            for member in members.iter() {
                let whole = member.key_span.cover(member.value.span);
                if member.key_span == target || whole == target {
                    steps.push(Step::Key(member.key));
                    return;
                }
                if contains(member.value.span, target) {
                    steps.push(Step::Key(member.key));
                    descend(&member.value, target, steps);
                    return;
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                if contains(item.span, target) {
                    steps.push(Step::Index(index));
                    descend(item, target, steps);
                    return;
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_values_keys_and_members() {
        let text = r#"{"Statement": [{"Action": ["a:b", "c:d"], "Condition": {"Bool": {"aws:X": "true"}}}]}"#;
        let arena = iam_policy::json::Arena::new();
        let root = iam_policy::json::parse(text, &arena).unwrap();
        let at = |needle: &str, len: usize| {
            let start = text.find(needle).unwrap();
            path_of(&root, Span::new(start, start + len))
        };
        assert_eq!(at("\"c:d\"", 5), "$.Statement[0].Action[1]");
        assert_eq!(
            at("\"aws:X\"", 7),
            "$.Statement[0].Condition.Bool[\"aws:X\"]"
        );
        assert_eq!(at("\"Bool\"", 6), "$.Statement[0].Condition.Bool");
        assert_eq!(path_of(&root, Span::new(0, 1)), "$");
    }
}
