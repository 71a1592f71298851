//! Which policy a tab shows: [`PolicyKey`], and reading or writing a policy's text in the
//! world document by the JSON path the world loader reports
//! (`$.accounts[1].roles[0].trust_policy`).

use iam_policy::PolicyKind;
use iam_world::world::PolicyOrigin;
use iam_world::{Layer, PolicySource};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A policy the editor can open.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "kebab-case")]
pub enum PolicyKey {
    /// A policy written in the world document, by the JSON path of its text (editable).
    World(String),
    /// An AWS managed policy, by ARN (read-only: AWS owns it).
    Managed(String),
    /// A policy the request itself brings (a session policy, an implicit `FullAWSAccess`),
    /// by its name in the explanation (read-only).
    Generated(String),
}

impl PolicyKey {
    /// The key of a policy of the world, from its origin.
    pub fn of_origin(origin: &PolicyOrigin, name: &str) -> PolicyKey {
        match (&origin.json_path, &origin.arn) {
            (Some(path), _) => PolicyKey::World(path.clone()),
            (None, Some(arn)) => PolicyKey::Managed(arn.clone()),
            (None, None) => PolicyKey::Generated(name.to_owned()),
        }
    }

    /// Whether the text can be edited.
    pub fn editable(&self) -> bool {
        matches!(self, PolicyKey::World(_))
    }

    /// A stable string for DOM ids and test ids.
    pub fn slug(&self) -> String {
        let raw = match self {
            PolicyKey::World(path) => format!("w-{path}"),
            PolicyKey::Managed(arn) => format!("m-{arn}"),
            PolicyKey::Generated(name) => format!("g-{name}"),
        };
        raw.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect()
    }

    /// The policy type implied by where the text sits in the world document; `None` for
    /// managed and generated policies (their type depends on how they are attached).
    pub fn kind_from_path(&self, world: &Value) -> Option<PolicyKind> {
        let PolicyKey::World(path) = self else {
            return None;
        };
        let segments = parse_path(path)?;
        let last = match segments.last()? {
            Segment::Field(name) => name.as_str(),
            Segment::Index(_) => return None,
        };
        Some(match last {
            "trust_policy" => PolicyKind::Trust,
            "session_policy" => PolicyKind::Session,
            "policy" => PolicyKind::Resource,
            "document" if path.starts_with("$.organization.policies[") => {
                let parent = &segments[..segments.len() - 1];
                match get(world, parent).and_then(|p| p.get("type")?.as_str()) {
                    Some("rcp") => PolicyKind::ResourceControl,
                    _ => PolicyKind::ServiceControl,
                }
            }
            _ => PolicyKind::Identity,
        })
    }
}

/// The policy type a policy is checked as, from the layer it takes part in.
pub fn kind_of_layer(layer: Layer, key: &PolicyKey) -> PolicyKind {
    match layer {
        Layer::Scp => PolicyKind::ServiceControl,
        Layer::Rcp => PolicyKind::ResourceControl,
        Layer::VpcEndpoint => PolicyKind::VpcEndpoint,
        Layer::Resource => match key {
            PolicyKey::World(path) if path.ends_with(".trust_policy") => PolicyKind::Trust,
            _ => PolicyKind::Resource,
        },
        Layer::Identity => PolicyKind::Identity,
        Layer::Boundary => PolicyKind::PermissionsBoundary,
        Layer::Session => PolicyKind::Session,
    }
}

/// A short badge for a policy's place in the evaluation ("Identity", "Trust", "SCP 1").
pub fn layer_badge(source: &PolicySource, key: &PolicyKey) -> String {
    match (source.layer, source.level) {
        (Layer::Scp, Some(level)) => format!("SCP {}", level_name(level)),
        (Layer::Rcp, Some(level)) => format!("RCP {}", level_name(level)),
        (Layer::Resource, _) if kind_of_layer(Layer::Resource, key) == PolicyKind::Trust => {
            "Trust".to_owned()
        }
        (layer, _) => layer_name(layer).to_owned(),
    }
}

fn level_name(level: usize) -> String {
    if level == 0 {
        "root".to_owned()
    } else {
        format!("L{level}")
    }
}

/// A layer's name for headings.
pub fn layer_name(layer: Layer) -> &'static str {
    match layer {
        Layer::Scp => "SCP",
        Layer::Rcp => "RCP",
        Layer::VpcEndpoint => "VPC endpoint",
        Layer::Resource => "Resource",
        Layer::Identity => "Identity",
        Layer::Boundary => "Boundary",
        Layer::Session => "Session",
    }
}

/// A short badge for a policy type (for tabs opened from the outline).
pub fn kind_badge(kind: PolicyKind) -> &'static str {
    match kind {
        PolicyKind::Identity => "Identity",
        PolicyKind::PermissionsBoundary => "Boundary",
        PolicyKind::Session => "Session",
        PolicyKind::Resource => "Resource",
        PolicyKind::Trust => "Trust",
        PolicyKind::ServiceControl => "SCP",
        PolicyKind::ResourceControl => "RCP",
        PolicyKind::VpcEndpoint => "VPC endpoint",
    }
}

/// One step of a JSON path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    /// `.name`
    Field(String),
    /// `[3]`
    Index(usize),
}

/// Parses the loader's JSON paths: `$`, then `.name` and `[index]` steps.
pub fn parse_path(path: &str) -> Option<Vec<Segment>> {
    let mut rest = path.strip_prefix('$')?;
    let mut out = Vec::new();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('.') {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            if end == 0 {
                return None;
            }
            out.push(Segment::Field(after[..end].to_owned()));
            rest = &after[end..];
        } else if let Some(after) = rest.strip_prefix('[') {
            let end = after.find(']')?;
            out.push(Segment::Index(after[..end].parse().ok()?));
            rest = &after[end + 1..];
        } else {
            return None;
        }
    }
    Some(out)
}

fn get<'v>(value: &'v Value, path: &[Segment]) -> Option<&'v Value> {
    path.iter().try_fold(value, |node, segment| match segment {
        Segment::Field(name) => node.get(name),
        Segment::Index(index) => node.get(index),
    })
}

fn get_mut<'v>(value: &'v mut Value, path: &[Segment]) -> Option<&'v mut Value> {
    path.iter().try_fold(value, |node, segment| match segment {
        Segment::Field(name) => node.get_mut(name),
        Segment::Index(index) => node.get_mut(index),
    })
}

/// The policy text at `path` in a world document, if a string is there.
pub fn text_at<'v>(world: &'v Value, path: &str) -> Option<&'v str> {
    get(world, &parse_path(path)?)?.as_str()
}

/// Replaces the policy text at `path`; false (and no change) if no string is there.
pub fn set_text_at(world: &mut Value, path: &str, text: &str) -> bool {
    let Some(segments) = parse_path(path) else {
        return false;
    };
    match get_mut(world, &segments) {
        Some(slot @ Value::String(_)) => {
            *slot = Value::String(text.to_owned());
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_parse_into_segments() {
        assert_eq!(
            parse_path("$.accounts[1].roles[0].trust_policy").unwrap(),
            vec![
                Segment::Field("accounts".into()),
                Segment::Index(1),
                Segment::Field("roles".into()),
                Segment::Index(0),
                Segment::Field("trust_policy".into()),
            ]
        );
        assert_eq!(parse_path("$").unwrap(), vec![]);
        for bad in ["", "accounts", "$..a", "$[x]", "$[1", "$a"] {
            assert!(parse_path(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn texts_are_read_and_replaced_in_place() {
        let mut world = json!({"accounts": [{"roles": [{"trust_policy": "{}"}]}]});
        let path = "$.accounts[0].roles[0].trust_policy";
        assert_eq!(text_at(&world, path), Some("{}"));
        assert!(set_text_at(&mut world, path, "{\"Version\":1}"));
        assert_eq!(text_at(&world, path), Some("{\"Version\":1}"));
        assert!(
            !set_text_at(&mut world, "$.accounts[0].roles", "x"),
            "not a string"
        );
        assert!(!set_text_at(
            &mut world,
            "$.accounts[3].roles[0].trust_policy",
            "x"
        ));
    }

    #[test]
    fn kinds_follow_the_place_of_the_text() {
        let world = json!({"organization": {"policies": [{"type": "rcp", "document": "{}"}, {"type": "scp", "document": "{}"}]}});
        let kind = |path: &str| PolicyKey::World(path.into()).kind_from_path(&world);
        assert_eq!(
            kind("$.accounts[0].roles[0].trust_policy"),
            Some(PolicyKind::Trust)
        );
        assert_eq!(
            kind("$.accounts[0].resources[2].policy"),
            Some(PolicyKind::Resource)
        );
        assert_eq!(
            kind("$.accounts[0].users[0].inline_policies[0].document"),
            Some(PolicyKind::Identity)
        );
        assert_eq!(
            kind("$.organization.policies[0].document"),
            Some(PolicyKind::ResourceControl)
        );
        assert_eq!(
            kind("$.organization.policies[1].document"),
            Some(PolicyKind::ServiceControl)
        );
        assert_eq!(
            PolicyKey::Managed("arn".into()).kind_from_path(&world),
            None
        );
    }

    #[test]
    fn keys_come_from_origins() {
        let world = PolicyOrigin {
            owner: "1/role/R".into(),
            json_path: Some("$.x".into()),
            arn: None,
        };
        assert_eq!(
            PolicyKey::of_origin(&world, "n"),
            PolicyKey::World("$.x".into())
        );
        let managed = PolicyOrigin {
            owner: "aws".into(),
            json_path: None,
            arn: Some("arn:aws:iam::aws:policy/ReadOnlyAccess".into()),
        };
        assert!(!PolicyKey::of_origin(&managed, "n").editable());
        assert_eq!(
            PolicyKey::World("$.accounts[0].roles[1].trust_policy".into()).slug(),
            "w---accounts-0--roles-1--trust-policy"
        );
    }
}
