//! The loaded world: every entity resolved, every policy parsed, references replaced by
//! indices. Built only by [`crate::load`], so a `World` is always consistent.

use std::collections::{BTreeMap, HashMap};

use iam_eval::NamedPolicy;
use serde::Serialize;

use crate::clock::Clock;
use crate::edit::NodeId;
use crate::model::{CertificateDoc, StringOrList, WorldDoc};
use crate::trust_index::TrustIndex;

/// Index of a policy in the world's policy store.
pub type PolicyId = usize;

/// Where a policy of the store comes from, for explanations and the editor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PolicyOrigin {
    /// The node the policy belongs to (`111111111111/group/Developers`), or `aws` for AWS
    /// managed policies.
    pub owner: String,
    /// JSON path of the policy text in the world file (`None` for AWS managed and generated
    /// policies).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub json_path: Option<String>,
    /// The managed policy ARN, for managed policies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
}

/// A parsed policy with its origin.
#[derive(Clone, Debug)]
pub struct StoredPolicy {
    /// The parsed policy, named as explanations show it.
    pub named: NamedPolicy,
    /// Where it comes from.
    pub origin: PolicyOrigin,
}

/// One level of the organization (the root, an OU, or the account itself) on an account's path.
#[derive(Clone, Debug)]
pub struct OrgLevel {
    /// `r-…`, `ou-…` or the account id.
    pub id: String,
    /// "Root", the OU's name, or "account ID".
    pub name: String,
    /// SCPs attached at this level.
    pub scps: Vec<PolicyId>,
    /// RCPs attached at this level (`RCPFullAWSAccess` first).
    pub rcps: Vec<PolicyId>,
}

/// Where an account sits in the organization.
#[derive(Clone, Debug)]
pub struct Placement {
    /// Root, OUs, then the account.
    pub levels: Vec<OrgLevel>,
    /// `aws:PrincipalOrgPaths` / `aws:ResourceOrgPaths` value (`o-…/r-…/ou-…/`).
    pub org_path: String,
}

/// The organization.
#[derive(Clone, Debug)]
pub struct Organization {
    /// `o-…`.
    pub id: String,
    /// The management account's index.
    pub management_account: usize,
}

/// An account.
#[derive(Clone, Debug)]
pub struct Account {
    /// The 12-digit id.
    pub id: String,
    /// The alias.
    pub alias: Option<String>,
    /// The display name.
    pub name: Option<String>,
    /// Its place in the organization, if it is in one.
    pub placement: Option<Placement>,
}

impl Account {
    /// "Production (999999999999)" or the id alone.
    pub fn label(&self) -> String {
        match (&self.name, &self.alias) {
            (Some(name), _) | (None, Some(name)) => format!("{name} ({})", self.id),
            (None, None) => self.id.clone(),
        }
    }
}

/// A tag, as IAM and STS store it (keys are case-insensitive but keep their case).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Tag {
    /// The key.
    pub key: String,
    /// The value.
    pub value: String,
}

pub(crate) fn tags_of(map: &BTreeMap<String, String>) -> Vec<Tag> {
    map.iter()
        .map(|(key, value)| Tag {
            key: key.clone(),
            value: value.clone(),
        })
        .collect()
}

/// An IAM user.
#[derive(Clone, Debug)]
pub struct User {
    /// Index of its account.
    pub account: usize,
    /// The user name.
    pub name: String,
    /// The path.
    pub path: String,
    /// The user ARN.
    pub arn: String,
    /// The simulated unique id (`AIDA…`).
    pub unique_id: String,
    /// Its groups.
    pub groups: Vec<usize>,
    /// Inline then attached policies.
    pub policies: Vec<PolicyId>,
    /// The permissions boundary.
    pub boundary: Option<PolicyId>,
    /// IAM tags.
    pub tags: Vec<Tag>,
    /// MFA device serials.
    pub mfa_devices: Vec<String>,
    /// Whether it has a console password.
    pub console_access: bool,
    /// Number of active access keys.
    pub active_access_keys: usize,
    /// JSON path in the world file.
    pub json_path: String,
}

/// An IAM group.
#[derive(Clone, Debug)]
pub struct Group {
    /// Index of its account.
    pub account: usize,
    /// The group name.
    pub name: String,
    /// The group ARN.
    pub arn: String,
    /// Inline then attached policies.
    pub policies: Vec<PolicyId>,
}

/// How a role came to exist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum RoleSource {
    /// Declared in the world file.
    Declared,
    /// Provisioned by IAM Identity Center for a permission set.
    PermissionSet {
        /// The permission set's name.
        permission_set: String,
    },
}

/// An IAM role.
#[derive(Clone, Debug)]
pub struct Role {
    /// Index of its account.
    pub account: usize,
    /// The role name.
    pub name: String,
    /// The path.
    pub path: String,
    /// The role ARN (with the path).
    pub arn: String,
    /// The simulated unique id (`AROA…`).
    pub unique_id: String,
    /// The trust policy.
    pub trust: PolicyId,
    /// Inline then attached permission policies.
    pub policies: Vec<PolicyId>,
    /// The permissions boundary.
    pub boundary: Option<PolicyId>,
    /// Maximum session duration in seconds.
    pub max_session_duration: u32,
    /// IAM tags.
    pub tags: Vec<Tag>,
    /// Whether it is service-linked.
    pub service_linked: bool,
    /// Declared or provisioned.
    pub source: RoleSource,
    /// JSON path in the world file.
    pub json_path: String,
}

/// An identity provider.
#[derive(Clone, Debug)]
pub struct Provider {
    /// Index of its account.
    pub account: usize,
    /// The provider ARN.
    pub arn: String,
    /// SAML or OIDC details.
    pub kind: ProviderKind,
}

/// The two kinds of IAM identity provider.
#[derive(Clone, Debug)]
pub enum ProviderKind {
    /// SAML 2.0.
    Saml {
        /// The provider name (last part of the ARN).
        name: String,
        /// The IdP's entity id.
        issuer: String,
    },
    /// OpenID Connect.
    Oidc {
        /// The issuer without `https://` (the condition key prefix).
        host_path: String,
        /// Accepted audiences.
        client_ids: Vec<String>,
    },
}

/// An instance profile.
#[derive(Clone, Debug)]
pub struct InstanceProfile {
    /// Index of its account.
    pub account: usize,
    /// The profile name.
    pub name: String,
    /// The profile ARN.
    pub arn: String,
    /// The role it delivers.
    pub role: Option<usize>,
}

/// The kinds of resource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResourceKind {
    /// An S3 bucket.
    S3Bucket {
        /// The bucket name.
        name: String,
        /// Objects listed for their tags.
        objects: Vec<(String, Vec<Tag>)>,
    },
    /// A KMS key.
    KmsKey,
    /// An SQS queue.
    SqsQueue,
    /// A Lambda function with its execution role.
    LambdaFunction {
        /// The function name.
        name: String,
        /// The execution role.
        role: usize,
    },
    /// An EC2 instance.
    Ec2Instance {
        /// The instance id.
        id: String,
        /// Its instance profile.
        profile: Option<usize>,
        /// Its VPC.
        vpc_id: Option<String>,
        /// Its private IPv4 address.
        private_ip: Option<String>,
    },
    /// Anything else.
    Other,
}

/// A resource.
#[derive(Clone, Debug)]
pub struct Resource {
    /// Index of its account.
    pub account: usize,
    /// What it is.
    pub kind: ResourceKind,
    /// Its ARN.
    pub arn: String,
    /// A short name (bucket, queue, function name, key or instance id).
    pub short_name: String,
    /// Its Region, when it has one (an S3 bucket's is not in its ARN).
    pub region: Option<String>,
    /// Its resource-based policy.
    pub policy: Option<PolicyId>,
    /// Its tags.
    pub tags: Vec<Tag>,
    /// JSON path in the world file.
    pub json_path: String,
}

/// A Roles Anywhere trust anchor.
#[derive(Clone, Debug)]
pub struct TrustAnchor {
    /// Index of its account.
    pub account: usize,
    /// Its name.
    pub name: String,
    /// Its ARN.
    pub arn: String,
    /// The CA's common name.
    pub ca_common_name: String,
}

/// A Roles Anywhere profile.
#[derive(Clone, Debug)]
pub struct RolesAnywhereProfile {
    /// Index of its account.
    pub account: usize,
    /// Its name.
    pub name: String,
    /// Its ARN.
    pub arn: String,
    /// The roles it may hand out.
    pub roles: Vec<usize>,
    /// Session duration.
    pub duration_seconds: u32,
    /// Session policies applied to each session.
    pub session_policies: Vec<PolicyId>,
}

/// An Identity Center user.
#[derive(Clone, Debug)]
pub struct IdcUser {
    /// The user name.
    pub name: String,
    /// Its groups.
    pub groups: Vec<String>,
    /// Attributes passed as session tags.
    pub attributes: Vec<Tag>,
}

/// An Identity Center permission set with the roles provisioned for it.
#[derive(Clone, Debug)]
pub struct PermissionSet {
    /// The name.
    pub name: String,
    /// Session duration in seconds.
    pub session_duration: u32,
    /// The provisioned `AWSReservedSSO_` roles, one per assigned account.
    pub roles: Vec<usize>,
}

/// An assignment of a permission set to a user or group in accounts.
#[derive(Clone, Debug)]
pub struct Assignment {
    /// Index of the permission set.
    pub permission_set: usize,
    /// `user:NAME` or `group:NAME`.
    pub principal: String,
    /// Account indices.
    pub accounts: Vec<usize>,
}

/// IAM Identity Center.
#[derive(Clone, Debug)]
pub struct IdentityCenter {
    /// The instance's account.
    pub instance_account: usize,
    /// The issuer of its SAML assertions.
    pub issuer: String,
    /// Its users.
    pub users: Vec<IdcUser>,
    /// Its permission sets.
    pub permission_sets: Vec<PermissionSet>,
    /// Its assignments.
    pub assignments: Vec<Assignment>,
    /// The `AWSSSO_…_DO_NOT_DELETE` SAML provider per account index.
    pub providers: HashMap<usize, usize>,
}

/// An identity outside AWS.
#[derive(Clone, Debug)]
pub enum ExternalIdentity {
    /// A SAML IdP user.
    Saml {
        /// Its name.
        name: String,
        /// IdP entity id.
        issuer: String,
        /// `NameID`.
        subject: String,
        /// `NameID` format.
        subject_type: String,
        /// Recipient.
        recipient: String,
        /// Roles listed in the assertion, if restricted.
        roles: Option<Vec<String>>,
        /// Session name.
        session_name: String,
        /// Other attributes.
        attributes: BTreeMap<String, StringOrList>,
        /// Session tags.
        tags: Vec<Tag>,
        /// Transitive tag keys.
        transitive_tag_keys: Vec<String>,
        /// Source identity.
        source_identity: Option<String>,
    },
    /// An OIDC token holder.
    Oidc {
        /// Its name.
        name: String,
        /// Issuer without `https://`.
        issuer: String,
        /// Claims.
        claims: BTreeMap<String, StringOrList>,
        /// Session tags.
        tags: Vec<Tag>,
        /// Transitive tag keys.
        transitive_tag_keys: Vec<String>,
        /// Source identity.
        source_identity: Option<String>,
    },
    /// A Roles Anywhere workload.
    RolesAnywhere {
        /// Its name.
        name: String,
        /// The trust anchor index.
        trust_anchor: usize,
        /// The profile index.
        profile: usize,
        /// Its certificate.
        certificate: CertificateDoc,
    },
}

impl ExternalIdentity {
    /// The name used to refer to it.
    pub fn name(&self) -> &str {
        match self {
            ExternalIdentity::Saml { name, .. }
            | ExternalIdentity::Oidc { name, .. }
            | ExternalIdentity::RolesAnywhere { name, .. } => name,
        }
    }
}

/// A loaded, validated world.
#[derive(Clone, Debug)]
pub struct World {
    pub(crate) doc: WorldDoc,
    pub(crate) accounts: Vec<Account>,
    pub(crate) account_index: HashMap<String, usize>,
    pub(crate) organization: Option<Organization>,
    pub(crate) policies: Vec<StoredPolicy>,
    pub(crate) users: Vec<User>,
    pub(crate) groups: Vec<Group>,
    pub(crate) roles: Vec<Role>,
    pub(crate) providers: Vec<Provider>,
    pub(crate) instance_profiles: Vec<InstanceProfile>,
    pub(crate) resources: Vec<Resource>,
    pub(crate) trust_anchors: Vec<TrustAnchor>,
    pub(crate) ra_profiles: Vec<RolesAnywhereProfile>,
    pub(crate) identity_center: Option<IdentityCenter>,
    pub(crate) external: Vec<ExternalIdentity>,
    pub(crate) role_by_arn: HashMap<String, usize>,
    pub(crate) resource_by_arn: HashMap<String, usize>,
    pub(crate) trust_index: TrustIndex,
    /// Per policy: the Allow statements whose actions cover `sts:AssumeRole` (reachability
    /// skips pairs no identity statement could allow).
    pub(crate) assume_grants: Vec<Vec<usize>>,
    pub(crate) region: String,
    pub(crate) now: Option<Clock>,
    pub(crate) mfa_in_role_sessions: bool,
    pub(crate) warnings: Vec<String>,
}

impl World {
    /// The document the world was loaded from (with its layout and expectations).
    pub fn doc(&self) -> &WorldDoc {
        &self.doc
    }

    /// The accounts.
    pub fn accounts(&self) -> &[Account] {
        &self.accounts
    }

    /// The IAM users.
    pub fn users(&self) -> &[User] {
        &self.users
    }

    /// The IAM groups.
    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    /// The IAM roles, including those Identity Center provisioned.
    pub fn roles(&self) -> &[Role] {
        &self.roles
    }

    /// The resources.
    pub fn resources(&self) -> &[Resource] {
        &self.resources
    }

    /// The identity providers, including Identity Center's.
    pub fn providers(&self) -> &[Provider] {
        &self.providers
    }

    /// The EC2 instance profiles.
    pub fn instance_profiles(&self) -> &[InstanceProfile] {
        &self.instance_profiles
    }

    /// The IAM Roles Anywhere trust anchors.
    pub fn trust_anchors(&self) -> &[TrustAnchor] {
        &self.trust_anchors
    }

    /// The IAM Roles Anywhere profiles.
    pub fn roles_anywhere_profiles(&self) -> &[RolesAnywhereProfile] {
        &self.ra_profiles
    }

    /// The identities outside AWS.
    pub fn external_identities(&self) -> &[ExternalIdentity] {
        &self.external
    }

    /// IAM Identity Center, if configured.
    pub fn identity_center(&self) -> Option<&IdentityCenter> {
        self.identity_center.as_ref()
    }

    /// The organization, if any.
    pub fn organization(&self) -> Option<&Organization> {
        self.organization.as_ref()
    }

    /// A stored policy.
    pub fn policy(&self, id: PolicyId) -> Option<&StoredPolicy> {
        self.policies.get(id)
    }

    /// The clock of the world's settings, if it sets one.
    pub fn clock(&self) -> Option<Clock> {
        self.now
    }

    /// The default Region.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// Things that are not errors but deserve a look (layout entries naming no node, ...).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The account with this id.
    pub fn account_by_id(&self, id: &str) -> Option<usize> {
        self.account_index.get(id).copied()
    }

    /// The role with this ARN.
    pub fn role_by_arn(&self, arn: &str) -> Option<usize> {
        self.role_by_arn.get(arn).copied()
    }

    /// Every diagram node id, as [`NodeId`] writes it: accounts (`ID`), and `ID/user/NAME`,
    /// `ID/group/NAME`, `ID/role/NAME`, `ID/resource/ARN`, `ID/provider/ARN`, `external/NAME`.
    pub fn node_ids(&self) -> Vec<String> {
        let account = |index: usize| self.account_id(index).to_owned();
        let mut ids: Vec<NodeId> = self
            .accounts
            .iter()
            .map(|a| NodeId::Account(a.id.clone()))
            .collect();
        ids.extend(self.users.iter().map(|u| NodeId::User {
            account: account(u.account),
            name: u.name.clone(),
        }));
        ids.extend(self.groups.iter().map(|g| NodeId::Group {
            account: account(g.account),
            name: g.name.clone(),
        }));
        ids.extend(self.roles.iter().map(|r| NodeId::Role {
            account: account(r.account),
            name: r.name.clone(),
        }));
        ids.extend(self.resources.iter().map(|r| NodeId::Resource {
            account: account(r.account),
            arn: r.arn.clone(),
        }));
        ids.extend(self.providers.iter().map(|p| NodeId::Provider {
            account: account(p.account),
            arn: p.arn.clone(),
        }));
        ids.extend(
            self.external
                .iter()
                .map(|e| NodeId::External(e.name().to_owned())),
        );
        ids.iter().map(NodeId::to_string).collect()
    }

    /// The account at `index` (indices come from the loader, so this is always `Some`).
    pub fn account(&self, index: usize) -> Option<&Account> {
        self.accounts.get(index)
    }

    /// The id of the account at `index` (empty if there is none).
    pub fn account_id(&self, index: usize) -> &str {
        self.accounts.get(index).map_or("", |a| a.id.as_str())
    }

    pub(crate) fn named(&self, id: PolicyId) -> Option<NamedPolicy> {
        self.policies.get(id).map(|p| p.named.clone())
    }
}
