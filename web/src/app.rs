//! The app shell: header and the three panels (canvas, editor, decision).

use yew::prelude::*;

use crate::components::{CodeEditor, EditorRef, Header, Panel, Placeholder};

/// The policy the editor opens with.
pub const SAMPLE_POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadReports",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:ListBucket"],
      "Resource": [
        "arn:aws:s3:::reports",
        "arn:aws:s3:::reports/*"
      ]
    }
  ]
}
"#;

/// Line and character counts of the editor's text, shown under the editor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextStats {
    /// Number of lines (an empty text has one line, as in the editor).
    pub lines: usize,
    /// Number of characters (Unicode scalar values).
    pub chars: usize,
}

impl TextStats {
    /// Counts `text`.
    pub fn of(text: &str) -> Self {
        Self {
            lines: text.split('\n').count(),
            chars: text.chars().count(),
        }
    }
}

impl std::fmt::Display for TextStats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        write!(
            f,
            "{} line{} · {} character{}",
            self.lines,
            plural(self.lines),
            self.chars,
            plural(self.chars)
        )
    }
}

/// The root component.
#[function_component(App)]
pub fn app() -> Html {
    let editor = use_state(EditorRef::default);
    let stats = use_state(|| TextStats::of(SAMPLE_POLICY));
    let format_failed = use_state(|| false);

    let on_change = {
        let stats = stats.clone();
        let format_failed = format_failed.clone();
        Callback::from(move |text: String| {
            stats.set(TextStats::of(&text));
            format_failed.set(false);
        })
    };
    let on_format = {
        let editor = (*editor).clone();
        let format_failed = format_failed.clone();
        Callback::from(move |_: MouseEvent| {
            let formatted = editor.with(|editor| {
                let ok = editor.format();
                editor.focus();
                ok
            });
            if let Some(ok) = formatted {
                format_failed.set(!ok);
            }
        })
    };

    // The app is interactive once its first render is in the DOM: child
    // effects (the editor mount) have run by the time this one runs.
    use_effect_with((), |_| mark_ready());

    let actions = html! {
        <button class="button" type="button" onclick={on_format} title="Re-indent the JSON">
            { "Format" }
        </button>
    };
    let footer = html! {
        <>
            <span data-testid="editor-stats">{ stats.to_string() }</span>
            if *format_failed {
                <span class="panel__footer-warning" role="status">
                    { "Not well-formed JSON: nothing to format." }
                </span>
            }
        </>
    };

    html! {
        <div class="app">
            <Header />
            <main class="workspace">
                <Panel id="canvas" title="Canvas">
                    <Placeholder
                        title="Policy canvas"
                        text="Principals, actions and resources of the policy will be drawn here."
                    />
                </Panel>
                <Panel id="editor" title="Policy" actions={actions} footer={footer}>
                    <CodeEditor
                        initial={SAMPLE_POLICY}
                        on_change={on_change}
                        editor_ref={(*editor).clone()}
                    />
                </Panel>
                <Panel id="decision" title="Decision">
                    <Placeholder
                        title="No request evaluated yet"
                        text="The Allow / Deny decision and the statements that made it will appear here."
                    />
                </Panel>
            </main>
        </div>
    }
}

/// Sets `data-ready` on `<body>`: the signal the e2e tests and the budget
/// script wait for.
fn mark_ready() {
    if let Some(body) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.body())
    {
        // Setting an attribute on <body> cannot fail in practice; a failure
        // would only delay the tests' ready signal, so it is ignored.
        let _ = body.set_attribute("data-ready", "true");
    }
}

#[cfg(test)]
mod tests {
    use super::TextStats;

    #[test]
    fn text_stats_count_lines_and_characters() {
        assert_eq!(TextStats::of(""), TextStats { lines: 1, chars: 0 });
        assert_eq!(TextStats::of("a\nb\n"), TextStats { lines: 3, chars: 4 });
        assert_eq!(TextStats::of("é€"), TextStats { lines: 1, chars: 2 });
    }

    #[test]
    fn text_stats_read_as_english() {
        assert_eq!(TextStats::of("x").to_string(), "1 line · 1 character");
        assert_eq!(TextStats::of("").to_string(), "1 line · 0 characters");
        assert_eq!(TextStats::of("ab\n").to_string(), "2 lines · 3 characters");
    }

    #[test]
    fn sample_policy_is_a_policy_document() {
        let policy: serde_json::Value = serde_json::from_str(super::SAMPLE_POLICY).unwrap();
        assert_eq!(policy["Version"], "2012-10-17");
        assert_eq!(policy["Statement"][0]["Effect"], "Allow");
    }
}
