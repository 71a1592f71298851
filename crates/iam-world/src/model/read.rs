//! Reads the world format from a JSON tree.
//!
//! Written by hand rather than derived with serde: the derived visitors of the format's forty
//! types cost the browser build about 56 KB of gzipped wasm, while these readers share a few
//! non-generic helpers. They also report every problem, not only the first, each at its JSON
//! path. As with serde's `default`, a member set to `null` counts as absent.

use std::collections::BTreeMap;

use iam_policy::json::{PathStep, render_path};
use iam_policy::suggest;
use serde_json::{Map, Value};

use super::*;

/// One way a JSON tree is not a world document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatProblem {
    /// Where, from the document's root.
    pub path: Vec<Step>,
    /// What is wrong (``missing field `name` ``).
    pub message: String,
}

/// One step of a [`FormatProblem`]'s path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// A member of an object.
    Key(String),
    /// An element of an array.
    Index(usize),
}

impl FormatProblem {
    /// The path as `$.accounts[0].roles[1].name`.
    pub fn rendered_path(&self) -> String {
        let steps: Vec<PathStep<'_>> = self
            .path
            .iter()
            .map(|step| match step {
                Step::Key(key) => PathStep::Key(key),
                Step::Index(index) => PathStep::Index(*index),
            })
            .collect();
        render_path(&steps)
    }
}

impl std::fmt::Display for FormatProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.rendered_path(), self.message)
    }
}

/// The first problem with its path, for callers that report a single message.
pub fn first_problem(problems: &[FormatProblem]) -> String {
    problems
        .first()
        .map(ToString::to_string)
        .unwrap_or_default()
}

/// Reads one of the format's types from a tree: every problem, or the value.
pub(crate) fn read_root<T>(value: &Value, read: ReadFn<T>) -> Result<T, Vec<FormatProblem>> {
    let mut reader = Reader::default();
    match read(&mut reader, value) {
        Some(doc) if reader.problems.is_empty() => Ok(doc),
        _ => Err(reader.problems),
    }
}

/// Reads one value; `None` when it is malformed (the reader holds the reason).
pub(crate) type ReadFn<T> = fn(&mut Reader, &Value) -> Option<T>;

/// The path being read and the problems found so far.
#[derive(Default)]
pub(crate) struct Reader {
    path: Vec<Step>,
    problems: Vec<FormatProblem>,
}

impl Reader {
    #[inline(never)]
    fn problem(&mut self, message: String) {
        self.problems.push(FormatProblem {
            path: self.path.clone(),
            message,
        });
    }

    fn wrong_type<T>(&mut self, expected: &str, found: &Value) -> Option<T> {
        let found = match found {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        };
        self.problem(format!("expected {expected}, found {found}"));
        None
    }

    /// An object whose keys are all among `fields` (each other key is reported at its path).
    #[inline(never)]
    fn object<'v>(&mut self, value: &'v Value, fields: &[&str]) -> Option<&'v Map<String, Value>> {
        let Value::Object(map) = value else {
            return self.wrong_type("an object", value);
        };
        for key in map.keys().filter(|key| !fields.contains(&key.as_str())) {
            self.path.push(Step::Key(key.clone()));
            self.problem(unknown("field", key, fields));
            self.path.pop();
        }
        Some(map)
    }

    /// Steps into member `key` of `map`, unless it is absent or `null`. Not inlined: every
    /// field of every type goes through here, and one copy is smaller.
    #[inline(never)]
    fn enter<'v>(&mut self, map: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
        let value = map.get(key).filter(|value| !value.is_null())?;
        self.path.push(Step::Key(key.to_owned()));
        Some(value)
    }

    /// A member that may be absent (or `null`).
    fn optional<T>(&mut self, map: &Map<String, Value>, key: &str, read: ReadFn<T>) -> Option<T> {
        let value = self.enter(map, key)?;
        let read = read(self, value);
        self.path.pop();
        read
    }

    /// A member that must be present.
    fn required<T>(&mut self, map: &Map<String, Value>, key: &str, read: ReadFn<T>) -> Option<T> {
        if map.get(key).is_none_or(Value::is_null) {
            self.problem(format!("missing field `{key}`"));
            return None;
        }
        self.optional(map, key, read)
    }

    /// A member whose absence means its type's default (an empty map, `false`).
    fn or_default<T: Default>(
        &mut self,
        map: &Map<String, Value>,
        key: &str,
        read: ReadFn<T>,
    ) -> T {
        self.optional(map, key, read).unwrap_or_default()
    }

    /// An array member, empty when absent.
    fn list_of<T>(&mut self, map: &Map<String, Value>, key: &str, read: ReadFn<T>) -> Vec<T> {
        let Some(value) = self.enter(map, key) else {
            return Vec::new();
        };
        let list = self.list(value, read);
        self.path.pop();
        list.unwrap_or_default()
    }

    fn list<T>(&mut self, value: &Value, read: ReadFn<T>) -> Option<Vec<T>> {
        let Value::Array(items) = value else {
            return self.wrong_type("an array", value);
        };
        let mut list = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            self.path.push(Step::Index(index));
            list.extend(read(self, item));
            self.path.pop();
        }
        Some(list)
    }

    /// An object used as a map from any key to values read by `read`.
    fn map<T>(&mut self, value: &Value, read: ReadFn<T>) -> Option<BTreeMap<String, T>> {
        let Value::Object(map) = value else {
            return self.wrong_type("an object", value);
        };
        let mut out = BTreeMap::new();
        for (key, item) in map {
            self.path.push(Step::Key(key.clone()));
            if let Some(item) = read(self, item) {
                out.insert(key.clone(), item);
            }
            self.path.pop();
        }
        Some(out)
    }

    /// One of a fixed set of strings, each naming a value of `T`.
    fn choice<T: Copy>(&mut self, value: &Value, names: &[(&str, T)]) -> Option<T> {
        let Value::String(text) = value else {
            return self.wrong_type("a string", value);
        };
        if let Some((_, choice)) = names.iter().find(|(name, _)| name == text) {
            return Some(*choice);
        }
        let names: Vec<&str> = names.iter().map(|(name, _)| *name).collect();
        self.problem(unknown("variant", text, &names));
        None
    }

    /// The `type` member of an internally tagged object.
    fn tag<'v>(&mut self, value: &'v Value) -> Option<&'v str> {
        let Value::Object(map) = value else {
            return self.wrong_type("an object", value);
        };
        let Some(tag) = map.get("type").filter(|tag| !tag.is_null()) else {
            self.problem("missing field `type`".to_owned());
            return None;
        };
        self.path.push(Step::Key("type".to_owned()));
        let tag = self.wrong_type_unless_str(tag);
        self.path.pop();
        tag
    }

    fn wrong_type_unless_str<'v>(&mut self, value: &'v Value) -> Option<&'v str> {
        match value {
            Value::String(text) => Some(text),
            other => self.wrong_type("a string", other),
        }
    }

    fn unknown_tag<T>(&mut self, tag: &str, tags: &[&str]) -> Option<T> {
        self.path.push(Step::Key("type".to_owned()));
        self.problem(unknown("variant", tag, tags));
        self.path.pop();
        None
    }
}

/// ``unknown field `trust_polcy`: did you mean `trust_policy`?`` when one name is close,
/// else ``unknown field `x`, expected one of `a`, `b` `` as serde words it.
fn unknown(what: &str, name: &str, names: &[&str]) -> String {
    match suggest::closest(name, names.iter().copied()) {
        Some(close) => format!("unknown {what} `{name}`: did you mean `{close}`?"),
        None => format!("unknown {what} `{name}`, expected {}", one_of(names)),
    }
}

/// `` `a` `` / `` one of `a`, `b` ``, as serde words it.
fn one_of(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
    match quoted.as_slice() {
        [one] => one.clone(),
        _ => format!("one of {}", quoted.join(", ")),
    }
}

// Scalars.

fn string(r: &mut Reader, value: &Value) -> Option<String> {
    r.wrong_type_unless_str(value).map(str::to_owned)
}

fn boolean(r: &mut Reader, value: &Value) -> Option<bool> {
    match value {
        Value::Bool(flag) => Some(*flag),
        other => r.wrong_type("a boolean", other),
    }
}

fn unsigned(r: &mut Reader, value: &Value) -> Option<u64> {
    match value.as_u64() {
        Some(number) => Some(number),
        None => r.wrong_type("a non-negative integer", value),
    }
}

fn unsigned32(r: &mut Reader, value: &Value) -> Option<u32> {
    let number = unsigned(r, value)?;
    match u32::try_from(number) {
        Ok(number) => Some(number),
        Err(_) => {
            r.problem(format!("{number} is larger than {}", u32::MAX));
            None
        }
    }
}

fn number(r: &mut Reader, value: &Value) -> Option<f64> {
    match value.as_f64() {
        Some(number) => Some(number),
        None => r.wrong_type("a number", value),
    }
}

fn strings(r: &mut Reader, value: &Value) -> Option<Vec<String>> {
    r.list(value, string)
}

fn string_map(r: &mut Reader, value: &Value) -> Option<BTreeMap<String, String>> {
    r.map(value, string)
}

fn string_or_list(r: &mut Reader, value: &Value) -> Option<StringOrList> {
    match value {
        Value::String(text) => Some(StringOrList::One(text.clone())),
        Value::Array(_) => strings(r, value).map(StringOrList::Many),
        other => r.wrong_type("a string or an array of strings", other),
    }
}

fn string_or_list_map(r: &mut Reader, value: &Value) -> Option<BTreeMap<String, StringOrList>> {
    r.map(value, string_or_list)
}

// The document.

pub(crate) fn world(r: &mut Reader, value: &Value) -> Option<WorldDoc> {
    let map = r.object(
        value,
        &[
            "version",
            "title",
            "description",
            "settings",
            "organization",
            "accounts",
            "identity_center",
            "external_identities",
            "expectations",
            "layout",
        ],
    )?;
    let version = r.required(map, "version", unsigned32);
    Some(WorldDoc {
        title: r.optional(map, "title", string),
        description: r.optional(map, "description", string),
        settings: r.or_default(map, "settings", settings),
        organization: r.optional(map, "organization", organization),
        accounts: r.list_of(map, "accounts", account),
        identity_center: r.optional(map, "identity_center", identity_center),
        external_identities: r.list_of(map, "external_identities", external_identity),
        expectations: r.list_of(map, "expectations", expectation),
        layout: r.or_default(map, "layout", |r, v| r.map(v, position)),
        version: version?,
    })
}

fn settings(r: &mut Reader, value: &Value) -> Option<Settings> {
    let map = r.object(value, &["now", "region", "mfa_in_role_sessions"])?;
    Some(Settings {
        now: r.optional(map, "now", string),
        region: r.optional(map, "region", string),
        mfa_in_role_sessions: r.or_default(map, "mfa_in_role_sessions", boolean),
    })
}

pub(crate) fn position(r: &mut Reader, value: &Value) -> Option<Position> {
    let map = r.object(value, &["x", "y"])?;
    let x = r.required(map, "x", number);
    let y = r.required(map, "y", number);
    Some(Position { x: x?, y: y? })
}

// Organizations.

fn organization(r: &mut Reader, value: &Value) -> Option<OrganizationDoc> {
    let map = r.object(value, &["id", "management_account", "root", "policies"])?;
    let management_account = r.required(map, "management_account", string);
    let root = r.required(map, "root", org_unit);
    Some(OrganizationDoc {
        id: r.optional(map, "id", string),
        policies: r.list_of(map, "policies", org_policy),
        management_account: management_account?,
        root: root?,
    })
}

fn org_unit(r: &mut Reader, value: &Value) -> Option<OrgUnitDoc> {
    let map = r.object(value, &["id", "name", "scps", "rcps", "accounts", "units"])?;
    Some(OrgUnitDoc {
        id: r.optional(map, "id", string),
        name: r.optional(map, "name", string),
        scps: r.optional(map, "scps", strings),
        rcps: r.list_of(map, "rcps", string),
        accounts: r.list_of(map, "accounts", org_account),
        units: r.list_of(map, "units", org_unit),
    })
}

fn org_account(r: &mut Reader, value: &Value) -> Option<OrgAccountDoc> {
    let map = r.object(value, &["id", "scps", "rcps"])?;
    let id = r.required(map, "id", string);
    Some(OrgAccountDoc {
        scps: r.optional(map, "scps", strings),
        rcps: r.list_of(map, "rcps", string),
        id: id?,
    })
}

fn org_policy(r: &mut Reader, value: &Value) -> Option<OrgPolicyDoc> {
    let map = r.object(value, &["name", "type", "document", "description"])?;
    let name = r.required(map, "name", string);
    let kind = r.required(map, "type", |r, v| {
        r.choice(
            v,
            &[("scp", OrgPolicyType::Scp), ("rcp", OrgPolicyType::Rcp)],
        )
    });
    let document = r.required(map, "document", string);
    Some(OrgPolicyDoc {
        description: r.optional(map, "description", string),
        name: name?,
        kind: kind?,
        document: document?,
    })
}

// Accounts and IAM entities.

fn account(r: &mut Reader, value: &Value) -> Option<AccountDoc> {
    let map = r.object(
        value,
        &[
            "id",
            "alias",
            "name",
            "users",
            "groups",
            "roles",
            "policies",
            "identity_providers",
            "instance_profiles",
            "resources",
            "roles_anywhere",
        ],
    )?;
    let id = r.required(map, "id", string);
    Some(AccountDoc {
        alias: r.optional(map, "alias", string),
        name: r.optional(map, "name", string),
        users: r.list_of(map, "users", user),
        groups: r.list_of(map, "groups", group),
        roles: r.list_of(map, "roles", role),
        policies: r.list_of(map, "policies", managed_policy),
        identity_providers: r.list_of(map, "identity_providers", identity_provider),
        instance_profiles: r.list_of(map, "instance_profiles", instance_profile),
        resources: r.list_of(map, "resources", resource),
        roles_anywhere: r.optional(map, "roles_anywhere", roles_anywhere),
        id: id?,
    })
}

fn inline_policy(r: &mut Reader, value: &Value) -> Option<InlinePolicyDoc> {
    let map = r.object(value, &["name", "document"])?;
    let name = r.required(map, "name", string);
    let document = r.required(map, "document", string);
    Some(InlinePolicyDoc {
        name: name?,
        document: document?,
    })
}

fn managed_policy(r: &mut Reader, value: &Value) -> Option<ManagedPolicyDoc> {
    let map = r.object(value, &["name", "path", "description", "document"])?;
    let name = r.required(map, "name", string);
    let document = r.required(map, "document", string);
    Some(ManagedPolicyDoc {
        path: r.optional(map, "path", string),
        description: r.optional(map, "description", string),
        name: name?,
        document: document?,
    })
}

fn access_key(r: &mut Reader, value: &Value) -> Option<AccessKeyDoc> {
    let map = r.object(value, &["id", "status"])?;
    let id = r.required(map, "id", string);
    Some(AccessKeyDoc {
        status: r.or_default(map, "status", |r, v| {
            r.choice(
                v,
                &[
                    ("Active", KeyStatus::Active),
                    ("Inactive", KeyStatus::Inactive),
                ],
            )
        }),
        id: id?,
    })
}

fn user(r: &mut Reader, value: &Value) -> Option<UserDoc> {
    let map = r.object(
        value,
        &[
            "name",
            "path",
            "groups",
            "inline_policies",
            "managed_policies",
            "permissions_boundary",
            "tags",
            "mfa_devices",
            "console_access",
            "access_keys",
        ],
    )?;
    let name = r.required(map, "name", string);
    Some(UserDoc {
        path: r.optional(map, "path", string),
        groups: r.list_of(map, "groups", string),
        inline_policies: r.list_of(map, "inline_policies", inline_policy),
        managed_policies: r.list_of(map, "managed_policies", string),
        permissions_boundary: r.optional(map, "permissions_boundary", string),
        tags: r.or_default(map, "tags", string_map),
        mfa_devices: r.list_of(map, "mfa_devices", string),
        console_access: r.or_default(map, "console_access", boolean),
        access_keys: r.list_of(map, "access_keys", access_key),
        name: name?,
    })
}

fn group(r: &mut Reader, value: &Value) -> Option<GroupDoc> {
    let map = r.object(
        value,
        &["name", "path", "inline_policies", "managed_policies"],
    )?;
    let name = r.required(map, "name", string);
    Some(GroupDoc {
        path: r.optional(map, "path", string),
        inline_policies: r.list_of(map, "inline_policies", inline_policy),
        managed_policies: r.list_of(map, "managed_policies", string),
        name: name?,
    })
}

fn role(r: &mut Reader, value: &Value) -> Option<RoleDoc> {
    let map = r.object(
        value,
        &[
            "name",
            "path",
            "description",
            "trust_policy",
            "inline_policies",
            "managed_policies",
            "permissions_boundary",
            "max_session_duration",
            "tags",
            "service_linked",
        ],
    )?;
    let name = r.required(map, "name", string);
    let trust_policy = r.required(map, "trust_policy", string);
    Some(RoleDoc {
        path: r.optional(map, "path", string),
        description: r.optional(map, "description", string),
        inline_policies: r.list_of(map, "inline_policies", inline_policy),
        managed_policies: r.list_of(map, "managed_policies", string),
        permissions_boundary: r.optional(map, "permissions_boundary", string),
        max_session_duration: r.optional(map, "max_session_duration", unsigned32),
        tags: r.or_default(map, "tags", string_map),
        service_linked: r.or_default(map, "service_linked", boolean),
        name: name?,
        trust_policy: trust_policy?,
    })
}

fn identity_provider(r: &mut Reader, value: &Value) -> Option<IdentityProviderDoc> {
    match r.tag(value)? {
        "saml" => {
            let map = r.object(value, &["type", "name", "issuer"])?;
            let name = r.required(map, "name", string);
            let issuer = r.required(map, "issuer", string);
            Some(IdentityProviderDoc::Saml {
                name: name?,
                issuer: issuer?,
            })
        }
        "oidc" => {
            let map = r.object(value, &["type", "url", "client_ids"])?;
            let url = r.required(map, "url", string);
            Some(IdentityProviderDoc::Oidc {
                client_ids: r.list_of(map, "client_ids", string),
                url: url?,
            })
        }
        other => r.unknown_tag(other, &["saml", "oidc"]),
    }
}

fn instance_profile(r: &mut Reader, value: &Value) -> Option<InstanceProfileDoc> {
    let map = r.object(value, &["name", "path", "role"])?;
    let name = r.required(map, "name", string);
    Some(InstanceProfileDoc {
        path: r.optional(map, "path", string),
        role: r.optional(map, "role", string),
        name: name?,
    })
}

// Resources.

fn s3_object(r: &mut Reader, value: &Value) -> Option<S3ObjectDoc> {
    let map = r.object(value, &["key", "tags"])?;
    let key = r.required(map, "key", string);
    Some(S3ObjectDoc {
        tags: r.or_default(map, "tags", string_map),
        key: key?,
    })
}

const RESOURCE_TYPES: [&str; 6] = [
    "s3-bucket",
    "kms-key",
    "sqs-queue",
    "lambda-function",
    "ec2-instance",
    "other",
];

fn resource(r: &mut Reader, value: &Value) -> Option<ResourceDoc> {
    let tag = r.tag(value)?;
    let fields: &[&str] = match tag {
        "s3-bucket" => &["type", "name", "region", "policy", "tags", "objects"],
        "kms-key" => &["type", "id", "region", "policy", "tags"],
        "sqs-queue" => &["type", "name", "region", "policy", "tags"],
        "lambda-function" => &["type", "name", "region", "role", "policy", "tags"],
        "ec2-instance" => &[
            "type",
            "id",
            "region",
            "instance_profile",
            "vpc_id",
            "private_ip",
            "tags",
        ],
        "other" => &["type", "arn", "policy", "tags"],
        other => return r.unknown_tag(other, &RESOURCE_TYPES),
    };
    let map = r.object(value, fields)?;
    let region = r.optional(map, "region", string);
    let tags = r.or_default(map, "tags", string_map);
    match tag {
        "s3-bucket" => {
            let name = r.required(map, "name", string);
            Some(ResourceDoc::S3Bucket {
                policy: r.optional(map, "policy", string),
                objects: r.list_of(map, "objects", s3_object),
                name: name?,
                region,
                tags,
            })
        }
        "kms-key" => {
            let id = r.required(map, "id", string);
            let policy = r.required(map, "policy", string);
            Some(ResourceDoc::KmsKey {
                id: id?,
                policy: policy?,
                region,
                tags,
            })
        }
        "sqs-queue" => {
            let name = r.required(map, "name", string);
            Some(ResourceDoc::SqsQueue {
                policy: r.optional(map, "policy", string),
                name: name?,
                region,
                tags,
            })
        }
        "lambda-function" => {
            let name = r.required(map, "name", string);
            let role = r.required(map, "role", string);
            Some(ResourceDoc::LambdaFunction {
                policy: r.optional(map, "policy", string),
                name: name?,
                role: role?,
                region,
                tags,
            })
        }
        "ec2-instance" => {
            let id = r.required(map, "id", string);
            Some(ResourceDoc::Ec2Instance {
                instance_profile: r.optional(map, "instance_profile", string),
                vpc_id: r.optional(map, "vpc_id", string),
                private_ip: r.optional(map, "private_ip", string),
                id: id?,
                region,
                tags,
            })
        }
        _ => {
            let arn = r.required(map, "arn", string);
            Some(ResourceDoc::Other {
                policy: r.optional(map, "policy", string),
                arn: arn?,
                tags,
            })
        }
    }
}

fn roles_anywhere(r: &mut Reader, value: &Value) -> Option<RolesAnywhereDoc> {
    let map = r.object(value, &["region", "trust_anchors", "profiles"])?;
    Some(RolesAnywhereDoc {
        region: r.optional(map, "region", string),
        trust_anchors: r.list_of(map, "trust_anchors", trust_anchor),
        profiles: r.list_of(map, "profiles", roles_anywhere_profile),
    })
}

fn trust_anchor(r: &mut Reader, value: &Value) -> Option<TrustAnchorDoc> {
    let map = r.object(value, &["name", "id", "ca_common_name"])?;
    let name = r.required(map, "name", string);
    let ca_common_name = r.required(map, "ca_common_name", string);
    Some(TrustAnchorDoc {
        id: r.optional(map, "id", string),
        name: name?,
        ca_common_name: ca_common_name?,
    })
}

fn roles_anywhere_profile(r: &mut Reader, value: &Value) -> Option<RolesAnywhereProfileDoc> {
    let map = r.object(
        value,
        &[
            "name",
            "roles",
            "duration_seconds",
            "session_policy",
            "managed_policies",
        ],
    )?;
    let name = r.required(map, "name", string);
    let roles = r.required(map, "roles", strings);
    Some(RolesAnywhereProfileDoc {
        duration_seconds: r.optional(map, "duration_seconds", unsigned32),
        session_policy: r.optional(map, "session_policy", string),
        managed_policies: r.list_of(map, "managed_policies", string),
        name: name?,
        roles: roles?,
    })
}

// IAM Identity Center.

fn identity_center(r: &mut Reader, value: &Value) -> Option<IdentityCenterDoc> {
    let map = r.object(
        value,
        &[
            "instance_account",
            "region",
            "users",
            "groups",
            "permission_sets",
            "assignments",
        ],
    )?;
    let instance_account = r.required(map, "instance_account", string);
    Some(IdentityCenterDoc {
        region: r.optional(map, "region", string),
        users: r.list_of(map, "users", idc_user),
        groups: r.list_of(map, "groups", string),
        permission_sets: r.list_of(map, "permission_sets", permission_set),
        assignments: r.list_of(map, "assignments", assignment),
        instance_account: instance_account?,
    })
}

fn idc_user(r: &mut Reader, value: &Value) -> Option<IdcUserDoc> {
    let map = r.object(value, &["name", "groups", "attributes"])?;
    let name = r.required(map, "name", string);
    Some(IdcUserDoc {
        groups: r.list_of(map, "groups", string),
        attributes: r.or_default(map, "attributes", string_map),
        name: name?,
    })
}

fn permission_set(r: &mut Reader, value: &Value) -> Option<PermissionSetDoc> {
    let map = r.object(
        value,
        &[
            "name",
            "session_duration",
            "managed_policies",
            "customer_managed_policies",
            "inline_policy",
            "permissions_boundary",
        ],
    )?;
    let name = r.required(map, "name", string);
    Some(PermissionSetDoc {
        session_duration: r.optional(map, "session_duration", unsigned32),
        managed_policies: r.list_of(map, "managed_policies", string),
        customer_managed_policies: r.list_of(map, "customer_managed_policies", string),
        inline_policy: r.optional(map, "inline_policy", string),
        permissions_boundary: r.optional(map, "permissions_boundary", string),
        name: name?,
    })
}

fn assignment(r: &mut Reader, value: &Value) -> Option<AssignmentDoc> {
    let map = r.object(value, &["permission_set", "principal", "accounts"])?;
    let permission_set = r.required(map, "permission_set", string);
    let principal = r.required(map, "principal", string);
    let accounts = r.required(map, "accounts", strings);
    Some(AssignmentDoc {
        permission_set: permission_set?,
        principal: principal?,
        accounts: accounts?,
    })
}

// Identities outside AWS.

fn certificate(r: &mut Reader, value: &Value) -> Option<CertificateDoc> {
    let map = r.object(value, &["subject", "issuer", "san", "serial"])?;
    let subject = r.required(map, "subject", string_map);
    let issuer = r.required(map, "issuer", string_map);
    let serial = r.required(map, "serial", string);
    Some(CertificateDoc {
        san: r.or_default(map, "san", string_map),
        subject: subject?,
        issuer: issuer?,
        serial: serial?,
    })
}

fn external_identity(r: &mut Reader, value: &Value) -> Option<ExternalIdentityDoc> {
    match r.tag(value)? {
        "saml" => saml_identity(r, value),
        "oidc" => oidc_identity(r, value),
        "roles-anywhere" => roles_anywhere_identity(r, value),
        other => r.unknown_tag(other, &["saml", "oidc", "roles-anywhere"]),
    }
}

fn saml_identity(r: &mut Reader, value: &Value) -> Option<ExternalIdentityDoc> {
    let map = r.object(
        value,
        &[
            "type",
            "name",
            "issuer",
            "subject",
            "subject_type",
            "recipient",
            "roles",
            "session_name",
            "attributes",
            "tags",
            "transitive_tag_keys",
            "source_identity",
        ],
    )?;
    let name = r.required(map, "name", string);
    let issuer = r.required(map, "issuer", string);
    let subject = r.required(map, "subject", string);
    Some(ExternalIdentityDoc::Saml {
        subject_type: r.optional(map, "subject_type", string),
        recipient: r.optional(map, "recipient", string),
        roles: r.optional(map, "roles", strings),
        session_name: r.optional(map, "session_name", string),
        attributes: r.or_default(map, "attributes", string_or_list_map),
        tags: r.or_default(map, "tags", string_map),
        transitive_tag_keys: r.list_of(map, "transitive_tag_keys", string),
        source_identity: r.optional(map, "source_identity", string),
        name: name?,
        issuer: issuer?,
        subject: subject?,
    })
}

fn oidc_identity(r: &mut Reader, value: &Value) -> Option<ExternalIdentityDoc> {
    let map = r.object(
        value,
        &[
            "type",
            "name",
            "issuer",
            "claims",
            "tags",
            "transitive_tag_keys",
            "source_identity",
        ],
    )?;
    let name = r.required(map, "name", string);
    let issuer = r.required(map, "issuer", string);
    let claims = r.required(map, "claims", string_or_list_map);
    Some(ExternalIdentityDoc::Oidc {
        tags: r.or_default(map, "tags", string_map),
        transitive_tag_keys: r.list_of(map, "transitive_tag_keys", string),
        source_identity: r.optional(map, "source_identity", string),
        name: name?,
        issuer: issuer?,
        claims: claims?,
    })
}

fn roles_anywhere_identity(r: &mut Reader, value: &Value) -> Option<ExternalIdentityDoc> {
    let map = r.object(
        value,
        &[
            "type",
            "name",
            "account",
            "trust_anchor",
            "profile",
            "certificate",
        ],
    )?;
    let name = r.required(map, "name", string);
    let account = r.required(map, "account", string);
    let trust_anchor = r.required(map, "trust_anchor", string);
    let profile = r.required(map, "profile", string);
    let certificate = r.required(map, "certificate", certificate);
    Some(ExternalIdentityDoc::RolesAnywhere {
        name: name?,
        account: account?,
        trust_anchor: trust_anchor?,
        profile: profile?,
        certificate: certificate?,
    })
}

// Requests: role chains, credentials and expectations.

pub(crate) fn hop(r: &mut Reader, value: &Value) -> Option<HopDoc> {
    let map = r.object(
        value,
        &[
            "role",
            "session_name",
            "duration_seconds",
            "external_id",
            "mfa",
            "source_identity",
            "tags",
            "transitive_tag_keys",
            "session_policy",
            "policy_arns",
        ],
    )?;
    let role = r.required(map, "role", string);
    Some(HopDoc {
        session_name: r.optional(map, "session_name", string),
        duration_seconds: r.optional(map, "duration_seconds", unsigned32),
        external_id: r.optional(map, "external_id", string),
        mfa: r.optional(map, "mfa", mfa),
        source_identity: r.optional(map, "source_identity", string),
        tags: r.or_default(map, "tags", string_map),
        transitive_tag_keys: r.list_of(map, "transitive_tag_keys", string),
        session_policy: r.optional(map, "session_policy", string),
        policy_arns: r.list_of(map, "policy_arns", string),
        role: role?,
    })
}

fn mfa(r: &mut Reader, value: &Value) -> Option<MfaDoc> {
    let map = r.object(value, &["serial_number", "token_code"])?;
    Some(MfaDoc {
        serial_number: r.optional(map, "serial_number", string),
        token_code: r.optional(map, "token_code", string),
    })
}

pub(crate) fn credentials(r: &mut Reader, value: &Value) -> Option<CredentialsDoc> {
    let map = r.object(value, &["type", "mfa", "mfa_age_seconds"])?;
    let kind = r.required(map, "type", |r, v| {
        r.choice(
            v,
            &[
                ("access-key", CredentialType::AccessKey),
                ("console", CredentialType::Console),
                ("session-token", CredentialType::SessionToken),
            ],
        )
    });
    Some(CredentialsDoc {
        mfa: r.or_default(map, "mfa", boolean),
        mfa_age_seconds: r.optional(map, "mfa_age_seconds", unsigned),
        kind: kind?,
    })
}

pub(crate) fn expected(r: &mut Reader, value: &Value) -> Option<Expected> {
    r.choice(
        value,
        &[
            ("Allow", Expected::Allow),
            ("Deny", Expected::Deny),
            ("ExplicitDeny", Expected::ExplicitDeny),
            ("ImplicitDeny", Expected::ImplicitDeny),
            ("Error", Expected::Error),
        ],
    )
}

pub(crate) fn expectation(r: &mut Reader, value: &Value) -> Option<ExpectationDoc> {
    let map = r.object(
        value,
        &[
            "name",
            "principal",
            "credentials",
            "chain",
            "action",
            "resource",
            "context",
            "expect",
            "error",
        ],
    )?;
    let name = r.required(map, "name", string);
    let principal = r.required(map, "principal", string);
    let expect = r.required(map, "expect", expected);
    Some(ExpectationDoc {
        credentials: r.optional(map, "credentials", credentials),
        chain: r.list_of(map, "chain", hop),
        action: r.optional(map, "action", string),
        resource: r.optional(map, "resource", string),
        context: r.or_default(map, "context", string_or_list_map),
        error: r.optional(map, "error", string),
        name: name?,
        principal: principal?,
        expect: expect?,
    })
}
