//! The world file format, version 1: what a user draws, as JSON.
//!
//! Every struct denies unknown fields, so a misspelt key (`"trust_polcy"`) is an error
//! instead of a silently missing policy. Policy documents are JSON **text** (a JSON string
//! holding the policy), so the editor keeps the user's formatting and policy errors can point
//! at a line and column inside that text. Credentials are metadata only: an access key is its
//! id and status, never a secret.
//!
//! Documents are read by the hand-written readers of `model/read.rs` (every problem reported at
//! its JSON path) and written by serde's derive; `tests/format_reader.rs` holds the two to one
//! format, field by field.
//!
//! The format is documented field by field here and in the README ("Worlds and STS").

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

mod read;

pub use read::{FormatProblem, Step, first_problem};

/// Reading from a JSON tree, for each type a caller may read on its own. Each also implements
/// serde's `Deserialize` through the same reader, so documents that embed it (the app's saved
/// state, a CLI request) read it exactly as a world file does.
macro_rules! readable {
    ($($ty:ident => $read:path),* $(,)?) => {$(
        impl $ty {
            /// Reads one from a JSON tree: the value, or every problem found, each at its path.
            pub fn from_value(value: &Value) -> Result<$ty, Vec<FormatProblem>> {
                read::read_root(value, $read)
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<$ty, D::Error> {
                let value = Value::deserialize(deserializer)?;
                $ty::from_value(&value)
                    .map_err(|problems| serde::de::Error::custom(first_problem(&problems)))
            }
        }
    )*};
}

readable! {
    WorldDoc => read::world,
    HopDoc => read::hop,
    CredentialsDoc => read::credentials,
    ExpectationDoc => read::expectation,
    Expected => read::expected,
    Position => read::position,
}

/// The only format version this crate reads.
pub const FORMAT_VERSION: u32 = 1;

/// A whole world: accounts and what is in them, an optional organization, identity sources
/// outside AWS, expectations, and diagram positions.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct WorldDoc {
    /// Format version; must be 1.
    pub version: u32,
    /// A short title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// A few sentences describing the world (the story of a built-in example).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Clock, default Region and STS behaviour switches.
    #[serde(skip_serializing_if = "Settings::is_default")]
    pub settings: Settings,
    /// The AWS Organizations structure, when the accounts belong to one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<OrganizationDoc>,
    /// The AWS accounts.
    pub accounts: Vec<AccountDoc>,
    /// IAM Identity Center: users, permission sets and their assignments to accounts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity_center: Option<IdentityCenterDoc>,
    /// Identities outside AWS: SAML and OIDC users, Roles Anywhere workloads.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub external_identities: Vec<ExternalIdentityDoc>,
    /// Decisions the world is expected to produce (`iamplay check` runs them).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub expectations: Vec<ExpectationDoc>,
    /// Diagram positions by node id (see [`crate::World::node_ids`]).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub layout: BTreeMap<String, Position>,
}

/// Settings that change how requests are built.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Settings {
    /// The clock for expectations, ISO 8601 UTC (`2025-01-15T09:30:00Z`). Without it the
    /// caller's clock is used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub now: Option<String>,
    /// The Region of requests whose resource ARN has none (default `us-east-1`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Carry `aws:MultiFactorAuthPresent = true` into role sessions assumed with MFA. Off by
    /// default: the IAM User Guide says AssumeRole credentials "do not include MFA information"
    /// (id_credentials_mfa_configure-api-require.html).
    #[serde(skip_serializing_if = "is_false")]
    pub mfa_in_role_sessions: bool,
}

impl Settings {
    fn is_default(&self) -> bool {
        *self == Settings::default()
    }
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// A diagram position.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Position {
    /// Horizontal coordinate.
    pub x: f64,
    /// Vertical coordinate.
    pub y: f64,
}

/// An AWS Organizations organization.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct OrganizationDoc {
    /// `o-` and 10 to 32 lower-case letters or digits; derived from the management account
    /// when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The management account; SCPs do not restrict its principals and RCPs do not apply to
    /// its resources.
    pub management_account: String,
    /// The root, with its OUs and accounts.
    pub root: OrgUnitDoc,
    /// Customer SCPs and RCPs, attached by name at the root, OUs and accounts.
    /// `FullAWSAccess` and `RCPFullAWSAccess` are AWS managed and always available.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<OrgPolicyDoc>,
}

/// The root or an organizational unit.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct OrgUnitDoc {
    /// `r-…` for the root, `ou-…-…` for an OU; derived when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The OU's name (the root is "Root").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// SCPs attached here. Absent means the default `FullAWSAccess`; an empty list is an error
    /// (AWS Organizations keeps at least one SCP attached to every root, OU and account).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scps: Option<Vec<String>>,
    /// Customer RCPs attached here, in addition to `RCPFullAWSAccess`, which cannot be detached.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rcps: Vec<String>,
    /// Accounts directly in this unit.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub accounts: Vec<OrgAccountDoc>,
    /// Child OUs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<OrgUnitDoc>,
}

/// An account's place in the organization, with the policies attached to it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct OrgAccountDoc {
    /// The account id (it must also be listed under `accounts`).
    pub id: String,
    /// SCPs attached to the account (absent: `FullAWSAccess`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scps: Option<Vec<String>>,
    /// Customer RCPs attached to the account.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rcps: Vec<String>,
}

/// The two organization policy types this world models.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OrgPolicyType {
    /// Service control policy.
    Scp,
    /// Resource control policy.
    Rcp,
}

/// A customer SCP or RCP.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OrgPolicyDoc {
    /// The policy name, used to attach it.
    pub name: String,
    /// `scp` or `rcp`.
    #[serde(rename = "type")]
    pub kind: OrgPolicyType,
    /// The policy text.
    pub document: String,
    /// Free text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// One AWS account and what it holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct AccountDoc {
    /// The 12-digit account id.
    pub id: String,
    /// The account alias (lower-case letters, digits and hyphens).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
    /// A display name ("Production").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// IAM users.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub users: Vec<UserDoc>,
    /// IAM groups.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupDoc>,
    /// IAM roles.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<RoleDoc>,
    /// Customer managed policies.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<ManagedPolicyDoc>,
    /// SAML and OIDC identity providers.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub identity_providers: Vec<IdentityProviderDoc>,
    /// EC2 instance profiles.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub instance_profiles: Vec<InstanceProfileDoc>,
    /// Resources with their resource-based policies.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<ResourceDoc>,
    /// IAM Roles Anywhere trust anchors and profiles.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roles_anywhere: Option<RolesAnywhereDoc>,
}

/// An inline policy: a name and its text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InlinePolicyDoc {
    /// The policy name (unique among the entity's inline policies).
    pub name: String,
    /// The policy text.
    pub document: String,
}

/// A customer managed policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ManagedPolicyDoc {
    /// The policy name.
    pub name: String,
    /// The path (default `/`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Free text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The policy text.
    pub document: String,
}

/// Whether an access key can be used.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum KeyStatus {
    /// Usable.
    #[default]
    Active,
    /// Deactivated.
    Inactive,
}

/// An access key, as metadata: its id and status. Secrets are never stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AccessKeyDoc {
    /// `AKIA` followed by 16 upper-case letters or digits.
    pub id: String,
    /// `Active` (default) or `Inactive`.
    pub status: KeyStatus,
}

/// An IAM user.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct UserDoc {
    /// The user name.
    pub name: String,
    /// The path (default `/`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Names of the groups the user belongs to (same account).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
    /// Inline policies.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub inline_policies: Vec<InlinePolicyDoc>,
    /// Attached managed policies: a customer managed policy of the account by name or ARN, or
    /// an AWS managed policy by name or ARN.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub managed_policies: Vec<String>,
    /// The permissions boundary (a managed policy, named as above).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permissions_boundary: Option<String>,
    /// IAM tags (`aws:PrincipalTag/*` of the user's requests).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    /// Serial numbers (virtual device ARNs or hardware serials) of the user's MFA devices.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mfa_devices: Vec<String>,
    /// Whether the user has a console password.
    #[serde(skip_serializing_if = "is_false")]
    pub console_access: bool,
    /// Access keys (ids only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub access_keys: Vec<AccessKeyDoc>,
}

/// An IAM group.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct GroupDoc {
    /// The group name.
    pub name: String,
    /// The path (default `/`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Inline policies.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub inline_policies: Vec<InlinePolicyDoc>,
    /// Attached managed policies.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub managed_policies: Vec<String>,
}

/// An IAM role.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RoleDoc {
    /// The role name.
    pub name: String,
    /// The path (default `/`; service-linked roles live under `/aws-service-role/`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Free text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The trust policy text.
    pub trust_policy: String,
    /// Inline permission policies.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub inline_policies: Vec<InlinePolicyDoc>,
    /// Attached managed permission policies.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub managed_policies: Vec<String>,
    /// The permissions boundary.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permissions_boundary: Option<String>,
    /// Maximum session duration in seconds, 3,600 to 43,200 (default 3,600).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_session_duration: Option<u32>,
    /// IAM tags (`aws:ResourceTag/*` when assuming it, `aws:PrincipalTag/*` of its sessions).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    /// Whether the role is service-linked (exempt from SCPs and RCPs).
    #[serde(skip_serializing_if = "is_false")]
    pub service_linked: bool,
}

/// An IAM identity provider.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum IdentityProviderDoc {
    /// A SAML 2.0 provider, `arn:aws:iam::ACCOUNT:saml-provider/NAME`.
    Saml {
        /// The provider name.
        name: String,
        /// The IdP's entity id (the assertion's `Issuer`), which links external SAML
        /// identities to this provider.
        issuer: String,
    },
    /// An OIDC provider, `arn:aws:iam::ACCOUNT:oidc-provider/HOST[/PATH]`.
    Oidc {
        /// The issuer URL (`https://token.actions.githubusercontent.com`).
        url: String,
        /// The client ids (audiences) the provider accepts; a token whose `aud` is not among
        /// them is rejected.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        client_ids: Vec<String>,
    },
}

/// An EC2 instance profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InstanceProfileDoc {
    /// The profile name.
    pub name: String,
    /// The path (default `/`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The role in the profile (same account).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// An S3 object listed for its tags.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct S3ObjectDoc {
    /// The object key.
    pub key: String,
    /// Object tags (`s3:ExistingObjectTag/*`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
}

/// A resource and its resource-based policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum ResourceDoc {
    /// An S3 bucket (`arn:aws:s3:::NAME`); its policy also governs its objects.
    S3Bucket {
        /// The bucket name.
        name: String,
        /// The bucket's Region.
        #[serde(skip_serializing_if = "Option::is_none")]
        region: Option<String>,
        /// The bucket policy text.
        #[serde(skip_serializing_if = "Option::is_none")]
        policy: Option<String>,
        /// Bucket tags.
        #[serde(skip_serializing_if = "BTreeMap::is_empty")]
        tags: BTreeMap<String, String>,
        /// Objects listed for their tags.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        objects: Vec<S3ObjectDoc>,
    },
    /// A KMS key (`arn:aws:kms:REGION:ACCOUNT:key/ID`); every key has a key policy.
    KmsKey {
        /// The key id.
        id: String,
        /// The Region (default: the world's).
        #[serde(skip_serializing_if = "Option::is_none")]
        region: Option<String>,
        /// The key policy text.
        policy: String,
        /// Key tags.
        #[serde(skip_serializing_if = "BTreeMap::is_empty")]
        tags: BTreeMap<String, String>,
    },
    /// An SQS queue (`arn:aws:sqs:REGION:ACCOUNT:NAME`).
    SqsQueue {
        /// The queue name.
        name: String,
        /// The Region (default: the world's).
        #[serde(skip_serializing_if = "Option::is_none")]
        region: Option<String>,
        /// The queue policy text.
        #[serde(skip_serializing_if = "Option::is_none")]
        policy: Option<String>,
        /// Queue tags.
        #[serde(skip_serializing_if = "BTreeMap::is_empty")]
        tags: BTreeMap<String, String>,
    },
    /// A Lambda function (`arn:aws:lambda:REGION:ACCOUNT:function:NAME`) and its execution role.
    LambdaFunction {
        /// The function name.
        name: String,
        /// The Region (default: the world's).
        #[serde(skip_serializing_if = "Option::is_none")]
        region: Option<String>,
        /// The execution role (same account).
        role: String,
        /// The function's resource-based policy text.
        #[serde(skip_serializing_if = "Option::is_none")]
        policy: Option<String>,
        /// Function tags.
        #[serde(skip_serializing_if = "BTreeMap::is_empty")]
        tags: BTreeMap<String, String>,
    },
    /// An EC2 instance (`arn:aws:ec2:REGION:ACCOUNT:instance/ID`).
    Ec2Instance {
        /// The instance id (`i-` and 8 or 17 hexadecimal digits).
        id: String,
        /// The Region (default: the world's).
        #[serde(skip_serializing_if = "Option::is_none")]
        region: Option<String>,
        /// The attached instance profile (same account).
        #[serde(skip_serializing_if = "Option::is_none")]
        instance_profile: Option<String>,
        /// The VPC (`aws:Ec2InstanceSourceVpc` of requests with the instance's credentials).
        #[serde(skip_serializing_if = "Option::is_none")]
        vpc_id: Option<String>,
        /// The private IPv4 address (`aws:Ec2InstanceSourcePrivateIPv4`).
        #[serde(skip_serializing_if = "Option::is_none")]
        private_ip: Option<String>,
        /// Instance tags.
        #[serde(skip_serializing_if = "BTreeMap::is_empty")]
        tags: BTreeMap<String, String>,
    },
    /// Any other resource, by ARN.
    Other {
        /// The resource ARN.
        arn: String,
        /// A resource-based policy text.
        #[serde(skip_serializing_if = "Option::is_none")]
        policy: Option<String>,
        /// Tags.
        #[serde(skip_serializing_if = "BTreeMap::is_empty")]
        tags: BTreeMap<String, String>,
    },
}

/// IAM Roles Anywhere configuration of one account.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RolesAnywhereDoc {
    /// The Region of the trust anchors and profiles (default: the world's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Trust anchors (the CAs whose certificates are accepted).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub trust_anchors: Vec<TrustAnchorDoc>,
    /// Profiles (which roles certificates may obtain, with optional session policies).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub profiles: Vec<RolesAnywhereProfileDoc>,
}

/// A Roles Anywhere trust anchor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TrustAnchorDoc {
    /// A name.
    pub name: String,
    /// The id (a UUID); derived from the name when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The CA's subject common name, which must match the workload certificates' issuer CN.
    pub ca_common_name: String,
}

/// A Roles Anywhere profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RolesAnywhereProfileDoc {
    /// A name.
    pub name: String,
    /// Roles of this account the profile may hand out.
    pub roles: Vec<String>,
    /// Session duration in seconds (default 3,600).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_seconds: Option<u32>,
    /// An inline session policy text applied to every session.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_policy: Option<String>,
    /// Managed session policies.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub managed_policies: Vec<String>,
}

/// IAM Identity Center: its users, groups, permission sets and account assignments.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct IdentityCenterDoc {
    /// The account holding the instance (the management account or a delegated administrator).
    pub instance_account: String,
    /// The instance's Region (default: the world's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Directory users.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub users: Vec<IdcUserDoc>,
    /// Directory group names.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
    /// Permission sets.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub permission_sets: Vec<PermissionSetDoc>,
    /// Assignments of users or groups to permission sets in accounts.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assignments: Vec<AssignmentDoc>,
}

/// An Identity Center user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IdcUserDoc {
    /// The user name (the role session name of its sessions).
    pub name: String,
    /// Groups the user is in.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
    /// Attributes for access control, passed as session tags.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
}

/// An Identity Center permission set, provisioned as an `AWSReservedSSO_` role in every
/// account it is assigned to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PermissionSetDoc {
    /// The permission set name.
    pub name: String,
    /// Session duration in seconds (default 3,600; at most 43,200).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_duration: Option<u32>,
    /// AWS managed policies by name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub managed_policies: Vec<String>,
    /// Customer managed policies by name, which must exist in every assigned account.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub customer_managed_policies: Vec<String>,
    /// The inline policy text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inline_policy: Option<String>,
    /// A permissions boundary (AWS managed name, or customer managed name in each account).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permissions_boundary: Option<String>,
}

/// Assigns a user (`user:NAME`) or group (`group:NAME`) a permission set in accounts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AssignmentDoc {
    /// The permission set's name.
    pub permission_set: String,
    /// `user:NAME` or `group:NAME`.
    pub principal: String,
    /// Account ids.
    pub accounts: Vec<String>,
}

/// A string or a list of strings (SAML attributes, OIDC claims).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum StringOrList {
    /// One value.
    One(String),
    /// Several values.
    Many(Vec<String>),
}

/// The fields of an X.509 certificate Roles Anywhere maps to principal tags.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CertificateDoc {
    /// Subject attributes (`CN`, `O`, `OU`, ...).
    pub subject: BTreeMap<String, String>,
    /// Issuer attributes.
    pub issuer: BTreeMap<String, String>,
    /// Subject alternative names (`DNS`, `URI`, `Name`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub san: BTreeMap<String, String>,
    /// The serial number in hexadecimal (the role session name of its sessions).
    pub serial: String,
}

/// An identity outside AWS.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum ExternalIdentityDoc {
    /// A user of a SAML IdP (Azure AD, Okta, AD FS, ...).
    Saml {
        /// A name to refer to the identity.
        name: String,
        /// The IdP's entity id (`Issuer`); links the identity to `saml` providers.
        issuer: String,
        /// The assertion's `NameID` (`saml:sub`).
        subject: String,
        /// The `NameID` format: `persistent` (default), `transient`, or a full URI.
        #[serde(skip_serializing_if = "Option::is_none")]
        subject_type: Option<String>,
        /// The SAML recipient (`saml:aud`), default `https://signin.aws.amazon.com/saml`.
        #[serde(skip_serializing_if = "Option::is_none")]
        recipient: Option<String>,
        /// Role ARNs the assertion's `Role` attribute lists; absent means any role.
        #[serde(skip_serializing_if = "Option::is_none")]
        roles: Option<Vec<String>>,
        /// The `RoleSessionName` attribute (default: the name).
        #[serde(skip_serializing_if = "Option::is_none")]
        session_name: Option<String>,
        /// Other attributes, as `saml:` condition keys (`eduPersonAffiliation`, ...).
        #[serde(skip_serializing_if = "BTreeMap::is_empty")]
        attributes: BTreeMap<String, StringOrList>,
        /// `PrincipalTag:` attributes (session tags).
        #[serde(skip_serializing_if = "BTreeMap::is_empty")]
        tags: BTreeMap<String, String>,
        /// The `TransitiveTagKeys` attribute.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        transitive_tag_keys: Vec<String>,
        /// The `SourceIdentity` attribute.
        #[serde(skip_serializing_if = "Option::is_none")]
        source_identity: Option<String>,
    },
    /// A holder of OIDC tokens (a GitHub Actions workflow, an EKS service account, ...).
    Oidc {
        /// A name to refer to the identity.
        name: String,
        /// The token issuer URL; links the identity to `oidc` providers (or a built-in web
        /// identity provider such as `accounts.google.com`).
        issuer: String,
        /// Token claims (`sub`, `aud`, `amr`, ...).
        claims: BTreeMap<String, StringOrList>,
        /// Session tags from the `https://aws.amazon.com/tags` claim.
        #[serde(skip_serializing_if = "BTreeMap::is_empty")]
        tags: BTreeMap<String, String>,
        /// Transitive tag keys from the same claim.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        transitive_tag_keys: Vec<String>,
        /// The source identity claim.
        #[serde(skip_serializing_if = "Option::is_none")]
        source_identity: Option<String>,
    },
    /// A workload outside AWS holding an X.509 certificate (IAM Roles Anywhere).
    RolesAnywhere {
        /// A name to refer to the workload.
        name: String,
        /// The account whose trust anchor and profile it uses.
        account: String,
        /// The trust anchor's name.
        trust_anchor: String,
        /// The profile's name.
        profile: String,
        /// The certificate it authenticates with.
        certificate: CertificateDoc,
    },
}

/// One hop of a role chain: an `AssumeRole*` call with its parameters.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct HopDoc {
    /// The role: ARN, name, `ACCOUNT/NAME`, or a permission set name for Identity Center roles.
    pub role: String,
    /// `RoleSessionName` (default: the caller's name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_name: Option<String>,
    /// `DurationSeconds`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_seconds: Option<u32>,
    /// `ExternalId`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// `SerialNumber` + `TokenCode`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mfa: Option<MfaDoc>,
    /// `SourceIdentity`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_identity: Option<String>,
    /// `Tags` (session tags).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    /// `TransitiveTagKeys`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub transitive_tag_keys: Vec<String>,
    /// `Policy`: an inline session policy text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_policy: Option<String>,
    /// `PolicyArns`: managed session policies.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub policy_arns: Vec<String>,
}

/// MFA parameters of an `AssumeRole` call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MfaDoc {
    /// The device serial (default: the caller's first MFA device).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serial_number: Option<String>,
    /// The six-digit code (default `123456`; any six digits pass).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_code: Option<String>,
}

/// How an IAM user signed the request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CredentialType {
    /// Long-term access keys: `aws:MultiFactorAuthPresent` is absent.
    AccessKey,
    /// A console sign-in (temporary credentials behind the scenes): the key is present.
    Console,
    /// `GetSessionToken` credentials: the key is present.
    SessionToken,
}

/// The credentials an IAM user acts with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CredentialsDoc {
    /// Access key, console or session token.
    #[serde(rename = "type")]
    pub kind: CredentialType,
    /// Whether MFA was used at sign-in (console) or for `GetSessionToken`.
    #[serde(skip_serializing_if = "is_false")]
    pub mfa: bool,
    /// Seconds since that MFA authentication (`aws:MultiFactorAuthAge`, default 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mfa_age_seconds: Option<u64>,
}

/// The decision an expectation pins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Expected {
    /// Allowed (for a chain: every hop succeeded).
    Allow,
    /// Either kind of denial.
    Deny,
    /// Denied by a Deny statement.
    ExplicitDeny,
    /// Denied for lack of an Allow.
    ImplicitDeny,
    /// An STS call fails before any decision (validation or a refused caller).
    Error,
}

/// An expected outcome: a principal (optionally through a role chain) performing an action
/// on a resource, or the chain itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExpectationDoc {
    /// What the expectation says, in a sentence.
    pub name: String,
    /// The principal (ARN or short name, see the README).
    pub principal: String,
    /// How an IAM user principal signed in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credentials: Option<CredentialsDoc>,
    /// Roles assumed one after the other before the action.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub chain: Vec<HopDoc>,
    /// The action; without it the expectation is about the chain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// The resource (ARN or short name); `*` by default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// Context keys to set or override.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub context: BTreeMap<String, StringOrList>,
    /// The expected decision.
    pub expect: Expected,
    /// With `Error`: the expected error code (`ValidationError`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}
