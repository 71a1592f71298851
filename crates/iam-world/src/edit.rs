//! Edits of a world document, as the diagram makes them: add, rename, delete and move
//! entities, draw and delete trust arrows, join groups, attach managed policies.
//!
//! Each [`Edit`] is plain data (serialisable, so the app can log or replay it) and [`apply`]
//! is a pure function on [`WorldDoc`]: the diagram never keeps a model of its own. Trust arrows
//! are not stored anywhere: drawing one edits the role's trust policy *text* minimally (see
//! [`trust`]), and the diagram derives the arrows from that text again, so the drawing and the
//! JSON are two views of one document.
//!
//! Entities are named by their diagram node ids ([`NodeId`], the ids of
//! [`crate::World::node_ids`]).

mod json_text;
pub mod trust;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use trust::{TrustEditError, TrustKey, TrustPrincipal};

pub use crate::model::Position;
use crate::model::{
    AccountDoc, GroupDoc, IdentityProviderDoc, ResourceDoc, RoleDoc, UserDoc, WorldDoc,
};
use crate::names::{iam_name_problem, is_bucket_name};

/// A diagram node that stands for an entity of the document.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NodeId {
    /// An account, by id.
    Account(String),
    /// An IAM user.
    User {
        /// Account id.
        account: String,
        /// User name.
        name: String,
    },
    /// An IAM group.
    Group {
        /// Account id.
        account: String,
        /// Group name.
        name: String,
    },
    /// An IAM role.
    Role {
        /// Account id.
        account: String,
        /// Role name.
        name: String,
    },
    /// A resource, by ARN.
    Resource {
        /// Account id.
        account: String,
        /// Resource ARN.
        arn: String,
    },
    /// An identity provider, by ARN.
    Provider {
        /// Account id.
        account: String,
        /// Provider ARN.
        arn: String,
    },
    /// An identity outside AWS, by name.
    External(String),
}

impl NodeId {
    /// Reads a node id: `ACCOUNT`, `ACCOUNT/user/NAME`, `ACCOUNT/group/NAME`,
    /// `ACCOUNT/role/NAME`, `ACCOUNT/resource/ARN`, `ACCOUNT/provider/ARN`, `external/NAME`.
    pub fn parse(id: &str) -> Option<NodeId> {
        if let Some(name) = id.strip_prefix("external/") {
            return Some(NodeId::External(name.to_owned()));
        }
        let Some((account, rest)) = id.split_once('/') else {
            return iam_policy::principal::is_account_id(id)
                .then(|| NodeId::Account(id.to_owned()));
        };
        let (kind, name) = rest.split_once('/')?;
        let account = account.to_owned();
        let name = name.to_owned();
        Some(match kind {
            "user" => NodeId::User { account, name },
            "group" => NodeId::Group { account, name },
            "role" => NodeId::Role { account, name },
            "resource" => NodeId::Resource { account, arn: name },
            "provider" => NodeId::Provider { account, arn: name },
            _ => return None,
        })
    }

    /// The account the entity belongs to (`None` for external identities).
    pub fn account(&self) -> Option<&str> {
        match self {
            NodeId::Account(account)
            | NodeId::User { account, .. }
            | NodeId::Group { account, .. }
            | NodeId::Role { account, .. }
            | NodeId::Resource { account, .. }
            | NodeId::Provider { account, .. } => Some(account),
            NodeId::External(_) => None,
        }
    }
}

impl std::fmt::Display for NodeId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NodeId::Account(id) => write!(f, "{id}"),
            NodeId::User { account, name } => write!(f, "{account}/user/{name}"),
            NodeId::Group { account, name } => write!(f, "{account}/group/{name}"),
            NodeId::Role { account, name } => write!(f, "{account}/role/{name}"),
            NodeId::Resource { account, arn } => write!(f, "{account}/resource/{arn}"),
            NodeId::Provider { account, arn } => write!(f, "{account}/provider/{arn}"),
            NodeId::External(name) => write!(f, "external/{name}"),
        }
    }
}

/// What the palette can add to an account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NewEntity {
    /// An IAM user.
    User,
    /// An IAM group.
    Group,
    /// An IAM role with an empty trust policy.
    Role,
    /// An S3 bucket.
    Bucket,
    /// An SQS queue.
    Queue,
    /// A KMS key with the default key policy.
    KmsKey,
    /// A SAML identity provider.
    SamlProvider,
    /// An OIDC identity provider.
    OidcProvider,
}

impl NewEntity {
    /// Every kind, in palette order.
    pub const ALL: [NewEntity; 8] = [
        NewEntity::User,
        NewEntity::Group,
        NewEntity::Role,
        NewEntity::Bucket,
        NewEntity::Queue,
        NewEntity::KmsKey,
        NewEntity::SamlProvider,
        NewEntity::OidcProvider,
    ];

    /// A noun for buttons and messages.
    pub fn noun(self) -> &'static str {
        match self {
            NewEntity::User => "user",
            NewEntity::Group => "group",
            NewEntity::Role => "role",
            NewEntity::Bucket => "S3 bucket",
            NewEntity::Queue => "SQS queue",
            NewEntity::KmsKey => "KMS key",
            NewEntity::SamlProvider => "SAML provider",
            NewEntity::OidcProvider => "OIDC provider",
        }
    }
}

/// One change to a world document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "edit", rename_all = "kebab-case")]
pub enum Edit {
    /// Adds an account (id chosen when absent).
    AddAccount {
        /// The 12-digit id, or `None` for the next free one.
        id: Option<String>,
        /// Display name.
        name: Option<String>,
        /// Where to draw it.
        at: Option<Position>,
    },
    /// Adds an entity to an account (name chosen when absent).
    Add {
        /// The account id.
        account: String,
        /// What to add.
        entity: NewEntity,
        /// The name, or `None` for the next free `User1`, `Role1`, ...
        name: Option<String>,
        /// Where to draw it.
        at: Option<Position>,
    },
    /// Renames an entity (an account's display name), updating what refers to it.
    Rename {
        /// The node id.
        node: String,
        /// The new name.
        name: String,
    },
    /// Deletes an entity and the references the document keeps to it.
    Delete {
        /// The node id.
        node: String,
    },
    /// Sets diagram positions.
    Move {
        /// Node ids and their new positions.
        positions: Vec<(String, Position)>,
    },
    /// Forgets every diagram position (back to the automatic layout).
    ClearLayout,
    /// Adds a principal to a role's trust policy (draws a trust arrow).
    AddTrust {
        /// The role's node id.
        role: String,
        /// Who to trust.
        principal: TrustPrincipal,
    },
    /// Removes a principal from a role's trust policy (deletes a trust arrow).
    RemoveTrust {
        /// The role's node id.
        role: String,
        /// Who to stop trusting.
        principal: TrustPrincipal,
    },
    /// Adds a user to a group of its account.
    AddToGroup {
        /// The user's node id.
        user: String,
        /// The group's node id.
        group: String,
    },
    /// Removes a user from a group.
    RemoveFromGroup {
        /// The user's node id.
        user: String,
        /// The group's node id.
        group: String,
    },
    /// Attaches a managed policy (customer managed of the account, or AWS managed) by name.
    AttachPolicy {
        /// The user, group or role.
        node: String,
        /// The policy name or ARN.
        policy: String,
    },
    /// Detaches a managed policy.
    DetachPolicy {
        /// The user, group or role.
        node: String,
        /// The policy name or ARN, as attached.
        policy: String,
    },
}

/// What an applied edit did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    /// A sentence for the undo history ("Added user User1 to Development").
    pub summary: String,
    /// The node created or renamed (to select it).
    pub node: Option<String>,
}

/// Why an edit was refused. The document is unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    /// The node id names nothing in the document.
    NoSuchNode(String),
    /// The edit does not apply to this kind of node ("only roles have a trust policy").
    WrongKind {
        /// The node id.
        node: String,
        /// What the edit needs.
        expected: &'static str,
    },
    /// The name breaks IAM's rules.
    InvalidName {
        /// The name.
        name: String,
        /// Why.
        reason: String,
    },
    /// Another entity of the account already has this name (IAM names ignore case).
    NameTaken(String),
    /// Another entity depends on the one to delete.
    InUse {
        /// The node.
        node: String,
        /// What uses it.
        by: String,
    },
    /// The trust policy text could not be edited.
    Trust(TrustEditError),
    /// The user is already in the group, or the policy already attached.
    AlreadyDone(String),
    /// A managed policy name that is neither the account's nor AWS's.
    UnknownPolicy(String),
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::NoSuchNode(node) => write!(f, "{node} is not in the world"),
            EditError::WrongKind { node, expected } => {
                write!(f, "{node} is not {expected}")
            }
            EditError::InvalidName { name, reason } => write!(f, "\"{name}\": {reason}"),
            EditError::NameTaken(name) => {
                write!(
                    f,
                    "the account already has an entity named \"{name}\" (IAM names ignore case)"
                )
            }
            EditError::InUse { node, by } => write!(f, "{node} is used by {by}: remove that first"),
            EditError::Trust(error) => write!(f, "{error}"),
            EditError::AlreadyDone(what) => write!(f, "{what}"),
            EditError::UnknownPolicy(name) => write!(
                f,
                "no managed policy named \"{name}\" in the account or among AWS managed policies"
            ),
        }
    }
}

impl From<TrustEditError> for EditError {
    fn from(error: TrustEditError) -> EditError {
        EditError::Trust(error)
    }
}

/// Applies `edit` to `doc`, or leaves it untouched and says why not.
pub fn apply(doc: &mut WorldDoc, edit: &Edit) -> Result<Applied, EditError> {
    let mut draft = doc.clone();
    let applied = apply_to(&mut draft, edit)?;
    *doc = draft;
    Ok(applied)
}

fn apply_to(doc: &mut WorldDoc, edit: &Edit) -> Result<Applied, EditError> {
    match edit {
        Edit::AddAccount { id, name, at } => add_account(doc, id.as_deref(), name.as_deref(), *at),
        Edit::Add {
            account,
            entity,
            name,
            at,
        } => add_entity(doc, account, *entity, name.as_deref(), *at),
        Edit::Rename { node, name } => rename(doc, node, name),
        Edit::Delete { node } => delete(doc, node),
        Edit::Move { positions } => {
            for (node, position) in positions {
                doc.layout.insert(node.clone(), *position);
            }
            Ok(Applied {
                summary: match positions.as_slice() {
                    [(node, _)] => format!("Moved {}", short_name(node)),
                    _ => format!("Moved {} nodes", positions.len()),
                },
                node: None,
            })
        }
        Edit::ClearLayout => {
            doc.layout.clear();
            Ok(Applied {
                summary: "Tidied the diagram (automatic layout)".to_owned(),
                node: None,
            })
        }
        Edit::AddTrust { role, principal } => {
            let policy = trust_policy_mut(doc, role)?;
            *policy = trust::add_principal(policy, principal)?;
            Ok(Applied {
                summary: format!("{} now trusts {}", short_name(role), principal.value),
                node: None,
            })
        }
        Edit::RemoveTrust { role, principal } => {
            let policy = trust_policy_mut(doc, role)?;
            *policy = trust::remove_principal(policy, principal)?;
            Ok(Applied {
                summary: format!("{} no longer trusts {}", short_name(role), principal.value),
                node: None,
            })
        }
        Edit::AddToGroup { user, group } => membership(doc, user, group, true),
        Edit::RemoveFromGroup { user, group } => membership(doc, user, group, false),
        Edit::AttachPolicy { node, policy } => attach(doc, node, policy, true),
        Edit::DetachPolicy { node, policy } => attach(doc, node, policy, false),
    }
}

/// The last part of a node id, for messages.
fn short_name(node: &str) -> &str {
    node.rsplit('/').next().unwrap_or(node)
}

/// The principal a trust arrow drawn from `node` adds: the account's root, the user's or
/// role's ARN (with its path), or the provider's ARN.
pub fn trust_principal_for(doc: &WorldDoc, node: &str) -> Result<TrustPrincipal, EditError> {
    let id = NodeId::parse(node).ok_or_else(|| EditError::NoSuchNode(node.to_owned()))?;
    let missing = || EditError::NoSuchNode(node.to_owned());
    match &id {
        NodeId::Account(account) => {
            find_account(doc, account).ok_or_else(missing)?;
            Ok(TrustPrincipal::aws(format!("arn:aws:iam::{account}:root")))
        }
        NodeId::User { account, name } => {
            let user = find_account(doc, account)
                .and_then(|a| a.users.iter().find(|u| &u.name == name))
                .ok_or_else(missing)?;
            Ok(TrustPrincipal::aws(entity_arn(
                account,
                "user",
                user.path.as_deref(),
                name,
            )))
        }
        NodeId::Role { account, name } => {
            let role = find_account(doc, account)
                .and_then(|a| a.roles.iter().find(|r| &r.name == name))
                .ok_or_else(missing)?;
            Ok(TrustPrincipal::aws(entity_arn(
                account,
                "role",
                role.path.as_deref(),
                name,
            )))
        }
        NodeId::Provider { account, arn } => {
            find_account(doc, account)
                .filter(|a| {
                    a.identity_providers
                        .iter()
                        .any(|p| &provider_arn(account, p) == arn)
                })
                .ok_or_else(missing)?;
            Ok(TrustPrincipal::federated(arn.clone()))
        }
        NodeId::Group { .. } | NodeId::Resource { .. } | NodeId::External(_) => {
            Err(EditError::WrongKind {
                node: node.to_owned(),
                expected: "a principal a trust policy can name (account, user, role or identity provider)",
            })
        }
    }
}

/// An IAM entity ARN with its path (`kind`: `user`, `group`, `role`, `policy`,
/// `instance-profile`); the loader builds its ARNs here too, so node ids and loaded ARNs agree.
pub fn entity_arn(account: &str, kind: &str, path: Option<&str>, name: &str) -> String {
    format!("arn:aws:iam::{account}:{kind}{}{name}", path.unwrap_or("/"))
}

/// The ARN of an identity provider of `account`.
pub fn provider_arn(account: &str, provider: &IdentityProviderDoc) -> String {
    match provider {
        IdentityProviderDoc::Saml { name, .. } => {
            format!("arn:aws:iam::{account}:saml-provider/{name}")
        }
        IdentityProviderDoc::Oidc { url, .. } => format!(
            "arn:aws:iam::{account}:oidc-provider/{}",
            url.strip_prefix("https://")
                .unwrap_or(url)
                .trim_end_matches('/')
        ),
    }
}

/// The ARN of a resource of `account` (`region` is the world's default Region); shared with the
/// loader like [`entity_arn`].
pub fn resource_arn(account: &str, resource: &ResourceDoc, region: &str) -> String {
    let region_of = |r: &Option<String>| r.clone().unwrap_or_else(|| region.to_owned());
    match resource {
        ResourceDoc::S3Bucket { name, .. } => format!("arn:aws:s3:::{name}"),
        ResourceDoc::KmsKey { id, region: r, .. } => {
            format!("arn:aws:kms:{}:{account}:key/{id}", region_of(r))
        }
        ResourceDoc::SqsQueue {
            name, region: r, ..
        } => {
            format!("arn:aws:sqs:{}:{account}:{name}", region_of(r))
        }
        ResourceDoc::LambdaFunction {
            name, region: r, ..
        } => {
            format!("arn:aws:lambda:{}:{account}:function:{name}", region_of(r))
        }
        ResourceDoc::Ec2Instance { id, region: r, .. } => {
            format!("arn:aws:ec2:{}:{account}:instance/{id}", region_of(r))
        }
        ResourceDoc::Other { arn, .. } => arn.clone(),
    }
}

/// The world's default Region.
pub fn default_region(doc: &WorldDoc) -> &str {
    doc.settings.region.as_deref().unwrap_or("us-east-1")
}

fn find_account<'d>(doc: &'d WorldDoc, id: &str) -> Option<&'d AccountDoc> {
    doc.accounts.iter().find(|a| a.id == id)
}

fn find_account_mut<'d>(doc: &'d mut WorldDoc, id: &str) -> Option<&'d mut AccountDoc> {
    doc.accounts.iter_mut().find(|a| a.id == id)
}

fn parse_node(node: &str) -> Result<NodeId, EditError> {
    NodeId::parse(node).ok_or_else(|| EditError::NoSuchNode(node.to_owned()))
}

fn account_mut<'d>(
    doc: &'d mut WorldDoc,
    node: &str,
    account: &str,
) -> Result<&'d mut AccountDoc, EditError> {
    find_account_mut(doc, account).ok_or_else(|| EditError::NoSuchNode(node.to_owned()))
}

fn trust_policy_mut<'d>(doc: &'d mut WorldDoc, node: &str) -> Result<&'d mut String, EditError> {
    match parse_node(node)? {
        NodeId::Role { account, name } => account_mut(doc, node, &account)?
            .roles
            .iter_mut()
            .find(|r| r.name == name)
            .map(|r| &mut r.trust_policy)
            .ok_or_else(|| EditError::NoSuchNode(node.to_owned())),
        _ => Err(EditError::WrongKind {
            node: node.to_owned(),
            expected: "a role",
        }),
    }
}

fn add_account(
    doc: &mut WorldDoc,
    id: Option<&str>,
    name: Option<&str>,
    at: Option<Position>,
) -> Result<Applied, EditError> {
    let id = match id {
        Some(id) if !iam_policy::principal::is_account_id(id) => {
            return Err(EditError::InvalidName {
                name: id.to_owned(),
                reason: "an account id is 12 digits".to_owned(),
            });
        }
        Some(id) if find_account(doc, id).is_some() => {
            return Err(EditError::NameTaken(id.to_owned()));
        }
        Some(id) => id.to_owned(),
        None => next_account_id(doc),
    };
    let name = name
        .map(str::to_owned)
        .unwrap_or_else(|| format!("Account {}", doc.accounts.len() + 1));
    doc.accounts.push(AccountDoc {
        id: id.clone(),
        name: Some(name.clone()),
        ..AccountDoc::default()
    });
    if let Some(organization) = &mut doc.organization {
        organization
            .root
            .accounts
            .push(crate::model::OrgAccountDoc {
                id: id.clone(),
                ..Default::default()
            });
    }
    if let Some(at) = at {
        doc.layout.insert(id.clone(), at);
    }
    Ok(Applied {
        summary: format!("Added account {name} ({id})"),
        node: Some(id),
    })
}

/// The first unused id among 222222222222, 333333333333, ..., then 100000000001 upwards.
fn next_account_id(doc: &WorldDoc) -> String {
    let used = |id: &str| find_account(doc, id).is_some();
    (1..=9u8)
        .map(|digit| char::from(b'0' + digit).to_string().repeat(12))
        .chain((1..).map(|n: u64| format!("{:012}", 100_000_000_000 + n)))
        .find(|id| !used(id))
        .unwrap_or_default()
}

fn add_entity(
    doc: &mut WorldDoc,
    account_id: &str,
    entity: NewEntity,
    name: Option<&str>,
    at: Option<Position>,
) -> Result<Applied, EditError> {
    let region = default_region(doc).to_owned();
    let taken = taken_names(doc, account_id, entity);
    let name = match name {
        Some(name) => {
            check_name(entity, name)?;
            if taken.iter().any(|t| t.eq_ignore_ascii_case(name)) {
                return Err(EditError::NameTaken(name.to_owned()));
            }
            name.to_owned()
        }
        None => free_name(entity, &taken),
    };
    let account = account_mut(doc, account_id, account_id)?;
    let node = match entity {
        NewEntity::User => {
            account.users.push(UserDoc {
                name: name.clone(),
                ..UserDoc::default()
            });
            NodeId::User {
                account: account_id.to_owned(),
                name: name.clone(),
            }
        }
        NewEntity::Group => {
            account.groups.push(GroupDoc {
                name: name.clone(),
                ..GroupDoc::default()
            });
            NodeId::Group {
                account: account_id.to_owned(),
                name: name.clone(),
            }
        }
        NewEntity::Role => {
            account.roles.push(RoleDoc {
                name: name.clone(),
                trust_policy: trust::empty_trust_policy(),
                ..RoleDoc::default()
            });
            NodeId::Role {
                account: account_id.to_owned(),
                name: name.clone(),
            }
        }
        NewEntity::Bucket | NewEntity::Queue | NewEntity::KmsKey => {
            let resource = new_resource(entity, account_id, &name);
            let arn = resource_arn(account_id, &resource, &region);
            account.resources.push(resource);
            NodeId::Resource {
                account: account_id.to_owned(),
                arn,
            }
        }
        NewEntity::SamlProvider | NewEntity::OidcProvider => {
            let provider = if entity == NewEntity::SamlProvider {
                IdentityProviderDoc::Saml {
                    name: name.clone(),
                    issuer: format!("https://idp.example.com/{}", name.to_ascii_lowercase()),
                }
            } else {
                IdentityProviderDoc::Oidc {
                    url: format!("https://{name}"),
                    client_ids: vec!["sts.amazonaws.com".to_owned()],
                }
            };
            let arn = provider_arn(account_id, &provider);
            account.identity_providers.push(provider);
            NodeId::Provider {
                account: account_id.to_owned(),
                arn,
            }
        }
    };
    let label = account
        .name
        .clone()
        .unwrap_or_else(|| account_id.to_owned());
    let node = node.to_string();
    if let Some(at) = at {
        doc.layout.insert(node.clone(), at);
    }
    Ok(Applied {
        summary: format!("Added {} {name} to {label}", entity.noun()),
        node: Some(node),
    })
}

fn new_resource(entity: NewEntity, account: &str, name: &str) -> ResourceDoc {
    match entity {
        NewEntity::Queue => ResourceDoc::SqsQueue {
            name: name.to_owned(),
            region: None,
            policy: None,
            tags: BTreeMap::new(),
        },
        NewEntity::KmsKey => ResourceDoc::KmsKey {
            id: name.to_owned(),
            region: None,
            policy: default_key_policy(account),
            tags: BTreeMap::new(),
        },
        _ => ResourceDoc::S3Bucket {
            name: name.to_owned(),
            region: None,
            policy: None,
            tags: BTreeMap::new(),
            objects: Vec::new(),
        },
    }
}

/// The key policy AWS KMS gives a new key: the account's IAM policies decide.
fn default_key_policy(account: &str) -> String {
    format!(
        "{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {{\n      \"Sid\": \"Enable IAM User Permissions\",\n      \"Effect\": \"Allow\",\n      \"Principal\": {{\n        \"AWS\": \"arn:aws:iam::{account}:root\"\n      }},\n      \"Action\": \"kms:*\",\n      \"Resource\": \"*\"\n    }}\n  ]\n}}"
    )
}

/// Names that a new entity of this kind must not reuse: IAM names are unique per account and
/// kind regardless of case; bucket names are global.
fn taken_names(doc: &WorldDoc, account: &str, entity: NewEntity) -> Vec<String> {
    let in_account = find_account(doc, account);
    match entity {
        NewEntity::User => in_account.map(|a| a.users.iter().map(|u| u.name.clone()).collect()),
        NewEntity::Group => in_account.map(|a| a.groups.iter().map(|g| g.name.clone()).collect()),
        NewEntity::Role => in_account.map(|a| a.roles.iter().map(|r| r.name.clone()).collect()),
        NewEntity::SamlProvider | NewEntity::OidcProvider => in_account.map(|a| {
            a.identity_providers
                .iter()
                .map(|p| match p {
                    IdentityProviderDoc::Saml { name, .. } => name.clone(),
                    IdentityProviderDoc::Oidc { url, .. } => {
                        url.trim_start_matches("https://").to_owned()
                    }
                })
                .collect()
        }),
        NewEntity::Bucket | NewEntity::Queue | NewEntity::KmsKey => Some(resource_names(doc)),
    }
    .unwrap_or_default()
}

/// The names of every bucket, queue and KMS key of the document (the palette's resources):
/// one pool for all accounts, since bucket names are global.
fn resource_names(doc: &WorldDoc) -> Vec<String> {
    doc.accounts
        .iter()
        .flat_map(|a| &a.resources)
        .filter_map(|r| match r {
            ResourceDoc::S3Bucket { name, .. } | ResourceDoc::SqsQueue { name, .. } => {
                Some(name.clone())
            }
            ResourceDoc::KmsKey { id, .. } => Some(id.clone()),
            _ => None,
        })
        .collect()
}

fn free_name(entity: NewEntity, taken: &[String]) -> String {
    let stem = match entity {
        NewEntity::User => "User",
        NewEntity::Group => "Group",
        NewEntity::Role => "Role",
        NewEntity::Bucket => "bucket-",
        NewEntity::Queue => "queue-",
        NewEntity::KmsKey => "1234abcd-12ab-34cd-56ef-12345678900",
        NewEntity::SamlProvider => "SamlProvider",
        NewEntity::OidcProvider => "oidc.example.com/",
    };
    (1..)
        .map(|n: u32| format!("{stem}{n}"))
        .find(|candidate| !taken.iter().any(|t| t.eq_ignore_ascii_case(candidate)))
        .unwrap_or_default()
}

/// IAM's name rules for users, groups, roles and SAML providers; AWS's for buckets and queues.
fn check_name(entity: NewEntity, name: &str) -> Result<(), EditError> {
    let invalid = |reason: &str| EditError::InvalidName {
        name: name.to_owned(),
        reason: reason.to_owned(),
    };
    match entity {
        NewEntity::User | NewEntity::Role => {
            iam_name_problem(name, 64).map_or(Ok(()), |r| Err(invalid(r)))
        }
        NewEntity::Group | NewEntity::SamlProvider => {
            iam_name_problem(name, 128).map_or(Ok(()), |r| Err(invalid(r)))
        }
        NewEntity::Bucket => {
            if is_bucket_name(name) {
                Ok(())
            } else {
                Err(invalid(
                    "a bucket name is 3 to 63 lower-case letters, digits, dots and hyphens",
                ))
            }
        }
        NewEntity::Queue => {
            let valid = (1..=80).contains(&name.len())
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            if valid {
                Ok(())
            } else {
                Err(invalid(
                    "a queue name is up to 80 letters, digits, hyphens and underscores",
                ))
            }
        }
        NewEntity::KmsKey | NewEntity::OidcProvider => {
            if name.is_empty() || name.contains(char::is_whitespace) {
                Err(invalid("must not be empty or contain spaces"))
            } else {
                Ok(())
            }
        }
    }
}

mod entities;
use entities::{attach, delete, membership, rename};

#[cfg(test)]
mod tests;
