//! Which resource types a policy's `Resource` entries can match.
//!
//! A resource type's ARN template (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`) and a
//! policy resource (`arn:aws:s3:::my-bucket/*`) are both patterns, so the question is whether
//! some ARN matches both. [`Glob`](iam_policy::glob::Glob) answers "does this text match", not
//! "do two patterns share a match", so this module checks the overlap of the two patterns
//! directly, component by component as IAM matches ARNs (`iam_policy::arn`): wildcards in the
//! first five components stay inside them; in the resource part they span `/` and `:`.
//!
//! A template variable stands for one or more characters. In the resource part it cannot
//! contain `:` unless it ends the template (Lambda qualifiers, log-group suffixes), and cannot
//! contain `/` when it starts the resource part (bucket, queue and topic names) or when a `/`
//! follows it in this or a sibling template of the same service (so a DynamoDB table name
//! cannot swallow `table/t/index/i`).

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::Catalog;
use crate::model::{ActionRef, ResourceType, ResourceTypeRef};

/// Which characters a variable or wildcard may stand for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Class {
    slash: bool,
    colon: bool,
}

const ANY: Class = Class {
    slash: true,
    colon: true,
};

impl Class {
    fn allows(self, c: char) -> bool {
        match c {
            '/' => self.slash,
            ':' => self.colon,
            _ => true,
        }
    }
}

/// One element of a pattern: a literal character, exactly one character, or any run of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unit {
    Char(char),
    One(Class),
    Many(Class),
}

/// The six components of an ARN pattern (`arn`, partition, service, region, account, resource).
type Components = [Vec<Unit>; 6];

/// Splits at the first five colons; missing components become `*` as in IAM's ARN matching.
fn split_components(text: &str) -> [&str; 6] {
    let mut parts = text.splitn(6, ':');
    std::array::from_fn(|_| parts.next().unwrap_or("*"))
}

/// Units of a policy resource pattern component: `*` and `?` are wildcards.
fn pattern_units(text: &str) -> Vec<Unit> {
    text.chars()
        .map(|c| match c {
            '*' => Unit::Many(ANY),
            '?' => Unit::One(ANY),
            other => Unit::Char(other),
        })
        .collect()
}

/// A policy's `Resource` entry, parsed once for matching against many templates.
struct ResourcePattern {
    components: Components,
}

impl ResourcePattern {
    fn new(text: &str) -> ResourcePattern {
        ResourcePattern {
            components: split_components(text).map(pattern_units),
        }
    }
}

/// A resource type's ARN template as units; `siblings` are the resource parts of the other
/// templates of the same service, which decide where a variable may contain `/`.
#[derive(Clone, Debug)]
struct ArnTemplate {
    components: Components,
}

impl ArnTemplate {
    fn new(template: &str, siblings: &[&str]) -> ArnTemplate {
        let [arn, partition, service, region, account, resource] = split_components(template);
        ArnTemplate {
            components: [
                template_units(arn, |_, _| ANY),
                template_units(partition, |_, _| ANY),
                template_units(service, |_, _| ANY),
                template_units(region, |_, _| ANY),
                template_units(account, |_, _| ANY),
                template_units(resource, |start, end| Class {
                    colon: end == resource.len(),
                    slash: start > 0 && !followed_by_slash(resource, end, siblings),
                }),
            ],
        }
    }

    fn overlaps(&self, resource: &ResourcePattern) -> bool {
        self.components
            .iter()
            .zip(&resource.components)
            .all(|(template, pattern)| overlaps(template, pattern))
    }
}

/// A resource type's [`ArnTemplate`], built on first use and then kept: the linter and
/// [`Catalog::match_resources`] test the same few types against every resource they see.
#[derive(Clone, Debug, Default)]
pub(crate) struct CompiledTemplate(OnceLock<ArnTemplate>);

/// A cache of what the template text already says, so it never makes two types differ.
impl PartialEq for CompiledTemplate {
    fn eq(&self, _: &CompiledTemplate) -> bool {
        true
    }
}

impl Eq for CompiledTemplate {}

/// A cheap pre-filter: whether a template's service component can equal `service`
/// (always true when either side has a wildcard or variable).
fn may_name_service(template: &str, service: &str) -> bool {
    let template_service = split_components(template)[2];
    service.contains(['*', '?'])
        || template_service.contains(['$', '*', '?'])
        || template_service == service
}

/// Whether a `/` comes right after `resource[..end]` in the template or in a sibling that
/// starts with the same text.
fn followed_by_slash(resource: &str, end: usize, siblings: &[&str]) -> bool {
    let prefix = &resource[..end];
    std::iter::once(resource)
        .chain(siblings.iter().copied())
        .any(|s| {
            s.strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with('/'))
        })
}

/// Units of a template component: `${Var}` is one or more characters of the class that
/// `class_of(start, end)` gives for the variable's byte range; a literal `*` is any run.
fn template_units(text: &str, class_of: impl Fn(usize, usize) -> Class) -> Vec<Unit> {
    let mut units = Vec::new();
    let mut offset = 0;
    while let Some(c) = text[offset..].chars().next() {
        let variable_len = text[offset..]
            .strip_prefix("${")
            .and_then(|rest| rest.find('}'))
            .map(|close| close + 3);
        match (c, variable_len) {
            (_, Some(len)) => {
                let end = offset + len;
                let class = class_of(offset, end);
                units.extend([Unit::One(class), Unit::Many(class)]);
                offset = end;
            }
            ('*', None) => {
                units.push(Unit::Many(ANY));
                offset += 1;
            }
            (other, None) => {
                units.push(Unit::Char(other));
                offset += other.len_utf8();
            }
        }
    }
    units
}

/// Whether some text matches both unit sequences: a search over pairs of positions, so
/// quadratic in the (short) pattern lengths and never exponential.
fn overlaps(a: &[Unit], b: &[Unit]) -> bool {
    let width = b.len() + 1;
    let mut seen = vec![false; (a.len() + 1) * width];
    let mut stack = vec![(0, 0)];
    while let Some((i, j)) = stack.pop() {
        match seen.get_mut(i * width + j) {
            Some(visited) if !*visited => *visited = true,
            _ => continue,
        }
        if i == a.len() && j == b.len() {
            return true;
        }
        let (ua, ub) = (a.get(i), b.get(j));
        if let Some(Unit::Many(_)) = ua {
            stack.push((i + 1, j));
        }
        if let Some(Unit::Many(_)) = ub {
            stack.push((i, j + 1));
        }
        if let (Some(&x), Some(&y)) = (ua, ub) {
            let both_loop = matches!((x, y), (Unit::Many(_), Unit::Many(_)));
            if !both_loop && compatible(x, y) {
                let next_i = if matches!(x, Unit::Many(_)) { i } else { i + 1 };
                let next_j = if matches!(y, Unit::Many(_)) { j } else { j + 1 };
                stack.push((next_i, next_j));
            }
        }
    }
    false
}

/// Whether one character can satisfy both units.
fn compatible(x: Unit, y: Unit) -> bool {
    match (x, y) {
        (Unit::Char(c), Unit::Char(d)) => c == d,
        (Unit::Char(c), Unit::One(class) | Unit::Many(class))
        | (Unit::One(class) | Unit::Many(class), Unit::Char(c)) => class.allows(c),
        // Any ordinary character fits two classes.
        _ => true,
    }
}

impl<'c> ResourceTypeRef<'c> {
    /// Whether a policy resource (an ARN, possibly with `*`/`?`, or `*`) can match an ARN of
    /// this type: `arn:aws:s3:::bucket/key` can match S3's `object` but not `bucket`.
    pub fn can_match(&self, resource: &str) -> bool {
        self.template().overlaps(&ResourcePattern::new(resource))
    }

    fn template(&self) -> &'c ArnTemplate {
        self.resource_type().compiled.0.get_or_init(|| {
            let siblings: Vec<&str> = self
                .service()
                .resource_types
                .iter()
                .map(|r| split_components(&r.arn_template)[5])
                .collect();
            ArnTemplate::new(self.arn_template(), &siblings)
        })
    }
}

/// For one action: its resource types and which of a statement's resources can match each.
#[derive(Clone, Debug)]
pub struct ActionResources<'c> {
    /// The action.
    pub action: ActionRef<'c>,
    /// One entry per resource type of the action, in the action's order.
    pub resource_types: Vec<ResourceTypeMatch<'c>>,
    /// Indexes of resources written `*`, which apply to the action even when it has no
    /// resource types (such actions accept only `*`).
    pub wildcard_resources: Vec<usize>,
}

/// A resource type of an action and the statement resources that can match it.
#[derive(Clone, Debug)]
pub struct ResourceTypeMatch<'c> {
    /// The resource type.
    pub resource_type: ResourceTypeRef<'c>,
    /// Whether the action requires this resource type.
    pub required: bool,
    /// Indexes into the `resources` passed in.
    pub resources: Vec<usize>,
}

impl Catalog {
    /// The resource types of every service that `resource` (an ARN or ARN pattern) can match.
    pub fn resource_types_for_arn(&self, resource: &str) -> Vec<ResourceTypeRef<'_>> {
        let pattern = ResourcePattern::new(resource);
        let service = split_components(resource)[2];
        self.resource_types()
            .filter(|r| may_name_service(r.arn_template(), service))
            .filter(|r| r.template().overlaps(&pattern))
            .collect()
    }

    /// For a statement's `Action` and `Resource` lists (patterns allowed), each covered action
    /// with the resources that can match each of its resource types.
    pub fn match_resources(
        &self,
        actions: &[&str],
        resources: &[&str],
    ) -> Vec<ActionResources<'_>> {
        let patterns: Vec<ResourcePattern> =
            resources.iter().map(|r| ResourcePattern::new(r)).collect();
        let wildcard_resources: Vec<usize> = (0..resources.len())
            .filter(|&i| resources.get(i) == Some(&"*"))
            .collect();
        let mut matched: HashMap<*const ResourceType, Vec<usize>> = HashMap::new();
        let mut seen = std::collections::HashSet::new();
        let mut result = Vec::new();
        for action in actions.iter().flat_map(|a| self.expand_actions(a)) {
            if !seen.insert(std::ptr::from_ref(action.action())) {
                continue;
            }
            let resource_types = action
                .resource_types()
                .map(|r| {
                    let key = std::ptr::from_ref(r.resource_type.resource_type());
                    let resources = matched
                        .entry(key)
                        .or_insert_with(|| {
                            let template = r.resource_type.template();
                            (0..patterns.len())
                                .filter(|&i| patterns.get(i).is_some_and(|p| template.overlaps(p)))
                                .collect()
                        })
                        .clone();
                    ResourceTypeMatch {
                        resource_type: r.resource_type,
                        required: r.required,
                        resources,
                    }
                })
                .collect();
            result.push(ActionResources {
                action,
                resource_types,
                wildcard_resources: wildcard_resources.clone(),
            });
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn can_match(template: &str, siblings: &[&str], resource: &str) -> bool {
        ArnTemplate::new(template, siblings).overlaps(&ResourcePattern::new(resource))
    }

    const S3: [&str; 2] = ["${BucketName}", "${BucketName}/${ObjectName}"];
    const BUCKET: &str = "arn:${Partition}:s3:::${BucketName}";
    const OBJECT: &str = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";

    #[test]
    fn concrete_arns_pick_the_right_s3_type() {
        assert!(can_match(OBJECT, &S3, "arn:aws:s3:::bucket/key"));
        assert!(!can_match(BUCKET, &S3, "arn:aws:s3:::bucket/key"));
        assert!(can_match(BUCKET, &S3, "arn:aws:s3:::bucket"));
        assert!(!can_match(OBJECT, &S3, "arn:aws:s3:::bucket"));
        assert!(can_match(OBJECT, &S3, "arn:aws:s3:::bucket/a/b/c"));
    }

    #[test]
    fn wildcards_in_the_resource_part_span_slashes() {
        assert!(can_match(OBJECT, &S3, "arn:aws:s3:::*"));
        assert!(can_match(BUCKET, &S3, "arn:aws:s3:::*"));
        assert!(can_match(OBJECT, &S3, "arn:aws:s3:::my-bucket*"));
        assert!(!can_match(BUCKET, &S3, "arn:aws:s3:::my-bucket/*"));
        assert!(can_match(OBJECT, &S3, "*"));
        assert!(can_match(OBJECT, &S3, "arn:aws:s3"));
    }

    #[test]
    fn components_must_agree() {
        assert!(!can_match(OBJECT, &S3, "arn:aws:sqs:::bucket/key"));
        // An empty Region cannot fill `${Region}`, and wildcards stay inside a component.
        let queue = "arn:${Partition}:sqs:${Region}:${Account}:${QueueName}";
        assert!(!can_match(queue, &[], "arn:aws:sqs::123456789012:q"));
        assert!(can_match(queue, &[], "arn:aws:sqs:*:123456789012:q"));
        assert!(!can_match(queue, &[], "arn:aws:sqs:us-east-1::q"));
        assert!(!can_match(OBJECT, &S3, "ARN:aws:s3:::bucket/key"));
    }

    #[test]
    fn colons_only_in_a_final_variable() {
        let logs = [
            "log-group:${LogGroupName}",
            "log-group:${LogGroupName}:log-stream:${LogStreamName}",
        ];
        let group = "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}";
        let stream = "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}";
        let arn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/fn";
        assert!(can_match(group, &logs, arn));
        assert!(!can_match(stream, &logs, arn));
        let pattern = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/fn:*";
        assert!(can_match(group, &logs, pattern));
        assert!(can_match(stream, &logs, pattern));
    }

    #[test]
    fn siblings_stop_a_variable_from_swallowing_their_path() {
        let tables = [
            "table/${TableName}",
            "table/${TableName}/index/${IndexName}",
        ];
        let table = "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}";
        assert!(!can_match(
            table,
            &tables,
            "arn:aws:dynamodb:us-east-1:1:table/t/index/i"
        ));
        assert!(can_match(
            table,
            &tables,
            "arn:aws:dynamodb:us-east-1:1:table/t"
        ));
        let role = "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}";
        assert!(can_match(
            role,
            &["role/${RoleNameWithPath}"],
            "arn:aws:iam::1:role/path/x"
        ));
    }

    #[test]
    fn a_leading_variable_has_no_slash_even_without_siblings() {
        assert!(!can_match(BUCKET, &[], "arn:aws:s3:::b/*"));
        assert!(can_match(BUCKET, &[], "arn:aws:s3:::b*"));
    }

    #[test]
    fn literal_stars_in_templates_match_anything() {
        let device = "arn:${Partition}:braket:*:*:device/${DeviceType}";
        assert!(can_match(
            device,
            &[],
            "arn:aws:braket:us-east-1::device/qpu"
        ));
    }
}
