//! The catalogue's entries: services, actions, resource types and condition keys.

use std::fmt;

use crate::resource::CompiledTemplate;

/// How much an action can do, as the Service Authorization Reference classifies it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AccessLevel {
    /// Lists resources.
    List,
    /// Reads resources or their attributes.
    Read,
    /// Creates, changes or deletes resources.
    Write,
    /// Grants or changes permissions (a subset of writes worth flagging).
    PermissionsManagement,
    /// Only changes tags.
    Tagging,
}

impl AccessLevel {
    /// Every level, in the order of their codes in the data file.
    pub const ALL: [AccessLevel; 5] = [
        AccessLevel::List,
        AccessLevel::Read,
        AccessLevel::Write,
        AccessLevel::PermissionsManagement,
        AccessLevel::Tagging,
    ];

    /// The level as AWS writes it, e.g. `Permissions management`.
    pub fn as_str(self) -> &'static str {
        match self {
            AccessLevel::List => "List",
            AccessLevel::Read => "Read",
            AccessLevel::Write => "Write",
            AccessLevel::PermissionsManagement => "Permissions management",
            AccessLevel::Tagging => "Tagging",
        }
    }

    pub(crate) fn from_code(code: u8) -> Option<AccessLevel> {
        AccessLevel::ALL.get(usize::from(code)).copied()
    }
}

impl fmt::Display for AccessLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The type of a single condition value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ValueType {
    /// Compared with the `String*` operators.
    String,
    /// An ARN: `Arn*` (and `String*`) operators.
    Arn,
    /// `Numeric*` operators.
    Numeric,
    /// `Date*` operators.
    Date,
    /// `Bool`.
    Bool,
    /// `IpAddress` / `NotIpAddress`.
    IpAddress,
    /// `BinaryEquals`.
    Binary,
}

impl ValueType {
    /// The type as AWS writes it, e.g. `IPAddress`.
    pub fn as_str(self) -> &'static str {
        match self {
            ValueType::String => "String",
            ValueType::Arn => "ARN",
            ValueType::Numeric => "Numeric",
            ValueType::Date => "Date",
            ValueType::Bool => "Bool",
            ValueType::IpAddress => "IPAddress",
            ValueType::Binary => "Binary",
        }
    }

    fn parse(name: &str) -> Option<ValueType> {
        [
            ValueType::String,
            ValueType::Arn,
            ValueType::Numeric,
            ValueType::Date,
            ValueType::Bool,
            ValueType::IpAddress,
            ValueType::Binary,
        ]
        .into_iter()
        .find(|t| t.as_str() == name)
    }
}

/// A condition key's type: its value type and whether a request can carry several values
/// (AWS's `ArrayOf...` types, used with `ForAllValues:` / `ForAnyValue:`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KeyType {
    /// The type of each value.
    pub value: ValueType,
    /// Whether the key is multivalued.
    pub multivalued: bool,
}

impl KeyType {
    /// Parses AWS's type names such as `String`, `ARN` or `ArrayOfString`.
    pub fn parse(name: &str) -> Option<KeyType> {
        match name.strip_prefix("ArrayOf") {
            Some(single) => ValueType::parse(single).map(|value| KeyType {
                value,
                multivalued: true,
            }),
            None => ValueType::parse(name).map(|value| KeyType {
                value,
                multivalued: false,
            }),
        }
    }
}

impl fmt::Display for KeyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.multivalued {
            f.write_str("ArrayOf")?;
        }
        f.write_str(self.value.as_str())
    }
}

/// Where a condition key is defined.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyScope {
    /// A global key, available in every request where it applies; `category` groups it as the
    /// IAM User Guide does (`principal`, `session`, `network`, `resource`, `request`).
    Global {
        /// The User Guide's grouping.
        category: String,
    },
    /// A key defined by the service with this prefix.
    Service(String),
}

/// A condition key, e.g. `s3:prefix` or the template `aws:RequestTag/${TagKey}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConditionKey {
    pub(crate) name: String,
    pub(crate) key_type: KeyType,
    pub(crate) description: String,
    pub(crate) scope: KeyScope,
}

impl ConditionKey {
    /// The key as AWS writes it; templated keys keep their placeholder (`${TagKey}`, `<key>`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The key's type.
    pub fn key_type(&self) -> KeyType {
        self.key_type
    }

    /// Whether a request can carry several values for the key.
    pub fn is_multivalued(&self) -> bool {
        self.key_type.multivalued
    }

    /// AWS's description; empty for global keys (the source has none).
    pub fn description(&self) -> &str {
        &self.description
    }

    /// Whether the key is global or belongs to a service.
    pub fn scope(&self) -> &KeyScope {
        &self.scope
    }

    /// Whether the name contains a placeholder such as `${TagKey}` or `<key>`.
    pub fn is_template(&self) -> bool {
        self.name.contains("${") || self.name.contains('<')
    }
}

/// A resource type of a service, e.g. S3's `object` with ARN template
/// `arn:${Partition}:s3:::${BucketName}/${ObjectName}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceType {
    pub(crate) name: String,
    pub(crate) arn_template: String,
    pub(crate) condition_keys: Vec<u32>,
    /// `arn_template` compiled for matching on first use.
    pub(crate) compiled: CompiledTemplate,
}

impl ResourceType {
    /// The type's name, e.g. `object`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The ARN template with `${Variable}` placeholders.
    pub fn arn_template(&self) -> &str {
        &self.arn_template
    }
}

/// One resource type an action can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ActionResource {
    pub(crate) resource_type: u32,
    pub(crate) required: bool,
    pub(crate) condition_keys: Vec<u32>,
}

/// An action of a service, e.g. `GetObject`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Action {
    pub(crate) name: String,
    pub(crate) access_level: AccessLevel,
    pub(crate) description: String,
    pub(crate) resources: Vec<ActionResource>,
    pub(crate) condition_keys: Vec<u32>,
}

impl Action {
    /// The action's name without the service prefix, e.g. `GetObject`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The access level.
    pub fn access_level(&self) -> AccessLevel {
        self.access_level
    }

    /// AWS's description, e.g. `Grants permission to retrieve objects from Amazon S3`.
    pub fn description(&self) -> &str {
        &self.description
    }
}

/// A service: its prefix (`s3`), name, actions, resource types and condition keys, each
/// sorted case-insensitively by name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Service {
    pub(crate) prefix: String,
    pub(crate) name: String,
    pub(crate) actions: Vec<Action>,
    pub(crate) resource_types: Vec<ResourceType>,
    pub(crate) condition_keys: Vec<ConditionKey>,
}

impl Service {
    /// The prefix used in actions and condition keys, e.g. `s3`.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The human name, e.g. `Amazon S3`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Every action of the service.
    pub fn actions(&self) -> impl ExactSizeIterator<Item = ActionRef<'_>> {
        self.actions.iter().map(move |action| ActionRef {
            service: self,
            action,
        })
    }

    /// Every resource type of the service.
    pub fn resource_types(&self) -> impl ExactSizeIterator<Item = ResourceTypeRef<'_>> {
        self.resource_types
            .iter()
            .map(move |resource_type| ResourceTypeRef {
                service: self,
                resource_type,
            })
    }

    /// The condition keys the service defines (including the `aws:` tag keys it supports).
    pub fn condition_keys(&self) -> &[ConditionKey] {
        &self.condition_keys
    }

    /// Looks up an action by name, ignoring case as IAM does.
    pub fn action(&self, name: &str) -> Option<ActionRef<'_>> {
        let index = self
            .actions
            .binary_search_by(|a| crate::text::cmp_ignore_case(&a.name, name))
            .ok()?;
        self.actions.get(index).map(|action| ActionRef {
            service: self,
            action,
        })
    }

    /// Looks up a resource type by name, ignoring case.
    pub fn resource_type(&self, name: &str) -> Option<ResourceTypeRef<'_>> {
        let index = self
            .resource_types
            .binary_search_by(|r| crate::text::cmp_ignore_case(&r.name, name))
            .ok()?;
        self.resource_types
            .get(index)
            .map(|resource_type| ResourceTypeRef {
                service: self,
                resource_type,
            })
    }

    pub(crate) fn key_at(&self, index: u32) -> Option<&ConditionKey> {
        self.condition_keys.get(usize::try_from(index).ok()?)
    }

    fn keys_at<'s>(&'s self, indexes: &'s [u32]) -> impl Iterator<Item = &'s ConditionKey> + 's {
        indexes.iter().filter_map(move |&i| self.key_at(i))
    }
}

/// An action together with its service, so it can resolve its resource types and keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ActionRef<'c> {
    service: &'c Service,
    action: &'c Action,
}

impl<'c> ActionRef<'c> {
    /// The service the action belongs to.
    pub fn service(&self) -> &'c Service {
        self.service
    }

    /// The action itself.
    pub fn action(&self) -> &'c Action {
        self.action
    }

    /// The action's name without prefix, e.g. `GetObject`.
    pub fn name(&self) -> &'c str {
        &self.action.name
    }

    /// `prefix:Name` as written in policies, e.g. `s3:GetObject`.
    pub fn qualified_name(&self) -> String {
        format!("{}:{}", self.service.prefix, self.action.name)
    }

    /// The access level.
    pub fn access_level(&self) -> AccessLevel {
        self.action.access_level
    }

    /// AWS's description of the action.
    pub fn description(&self) -> &'c str {
        &self.action.description
    }

    /// The resource types the action acts on. Empty when it only supports `"Resource": "*"`.
    pub fn resource_types(&self) -> impl Iterator<Item = ActionResourceType<'c>> + 'c {
        let service = self.service;
        self.action.resources.iter().filter_map(move |r| {
            let resource_type = service
                .resource_types
                .get(usize::try_from(r.resource_type).ok()?)?;
            Some(ActionResourceType {
                resource_type: ResourceTypeRef {
                    service,
                    resource_type,
                },
                required: r.required,
                condition_keys: &r.condition_keys,
            })
        })
    }

    /// The ARN templates of the action's resource types, e.g. for completing a `Resource`.
    pub fn arn_templates(&self) -> impl Iterator<Item = &'c str> + 'c {
        self.resource_types()
            .map(|r| r.resource_type.arn_template())
    }

    /// The condition keys the action supports directly (not counting its resource types' keys
    /// nor the global keys).
    pub fn condition_keys(&self) -> impl Iterator<Item = &'c ConditionKey> + 'c {
        self.service.keys_at(&self.action.condition_keys)
    }

    /// Every service key usable with the action: its own, its resource types' and the keys
    /// listed for it per resource type.
    pub fn all_service_condition_keys(&self) -> impl Iterator<Item = &'c ConditionKey> + 'c {
        let service = self.service;
        self.condition_keys()
            .chain(self.resource_types().flat_map(move |r| {
                service
                    .keys_at(r.condition_keys)
                    .chain(service.keys_at(&r.resource_type.resource_type.condition_keys))
            }))
    }
}

/// A resource type together with its service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ResourceTypeRef<'c> {
    service: &'c Service,
    resource_type: &'c ResourceType,
}

impl<'c> ResourceTypeRef<'c> {
    /// The service that defines the type.
    pub fn service(&self) -> &'c Service {
        self.service
    }

    /// The resource type itself.
    pub fn resource_type(&self) -> &'c ResourceType {
        self.resource_type
    }

    /// The type's name, e.g. `object`.
    pub fn name(&self) -> &'c str {
        &self.resource_type.name
    }

    /// The ARN template, e.g. `arn:${Partition}:s3:::${BucketName}/${ObjectName}`.
    pub fn arn_template(&self) -> &'c str {
        &self.resource_type.arn_template
    }

    /// Condition keys that apply to resources of this type.
    pub fn condition_keys(&self) -> impl Iterator<Item = &'c ConditionKey> + 'c {
        self.service.keys_at(&self.resource_type.condition_keys)
    }
}

/// A resource type as used by one action.
#[derive(Clone, Copy, Debug)]
pub struct ActionResourceType<'c> {
    /// The resource type.
    pub resource_type: ResourceTypeRef<'c>,
    /// Whether the Service Authorization Reference marks it required for the action.
    pub required: bool,
    condition_keys: &'c [u32],
}

impl<'c> ActionResourceType<'c> {
    /// Condition keys listed for this action on this resource type.
    pub fn condition_keys(&self) -> impl Iterator<Item = &'c ConditionKey> + 'c {
        self.resource_type.service.keys_at(self.condition_keys)
    }
}
