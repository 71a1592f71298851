//! Naming things in a world: principals, roles and resources by ARN or by a short name.
//!
//! A short name may be qualified by its account (`999999999999/UpdateApp`, `production/UpdateApp`
//! with the alias) or by its kind (`user:David`, `role:UpdateApp`, `external:alice`,
//! `idc:alice@example.com`, `instance:i-0abc…`, `function:processor`, `root:111111111111`).
//! An unqualified name must be unambiguous across the whole world.

use iam_policy::arn::Arn;
use iam_policy::principal::is_account_id;
use serde::Serialize;

use crate::error::RefError;
use crate::world::{ResourceKind, World};

/// A principal of the world, resolved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "index", rename_all = "kebab-case")]
pub enum PrincipalRef {
    /// An IAM user (index into [`World::users`]).
    User(usize),
    /// The root user of an account (account index).
    Root(usize),
    /// A session of a role, as if freshly assumed (role index).
    Role(usize),
    /// A named session of a role.
    Session {
        /// Role index.
        role: usize,
        /// Session name.
        session: String,
    },
    /// An AWS service principal acting on its own behalf.
    Service(String),
    /// An unsigned caller.
    Anonymous,
    /// An identity outside AWS (index into [`World::external_identities`]).
    External(usize),
    /// An IAM Identity Center user (index into its users).
    IdentityCenterUser(usize),
    /// An EC2 instance, acting with its instance profile's role (resource index).
    Instance(usize),
    /// A Lambda function, acting with its execution role (resource index).
    Function(usize),
}

/// The web identity providers AWS knows without an IAM OIDC provider.
pub(crate) const BUILT_IN_WEB_IDENTITY: [&str; 4] = [
    "accounts.google.com",
    "graph.facebook.com",
    "www.amazon.com",
    "cognito-identity.amazonaws.com",
];

impl World {
    /// Resolves a principal reference (see the module documentation).
    pub fn resolve_principal(&self, reference: &str) -> Result<PrincipalRef, RefError> {
        let reference = reference.trim();
        if reference == "anonymous" {
            return Ok(PrincipalRef::Anonymous);
        }
        if reference.starts_with("arn:") {
            return self.principal_by_arn(reference);
        }
        if let Some((kind, rest)) = reference.split_once(':') {
            if let Some(found) = self.principal_by_kind(kind, rest)? {
                return Ok(found);
            }
        }
        if is_service_principal(reference) {
            return Ok(PrincipalRef::Service(reference.to_owned()));
        }
        let (account, name) = self.split_qualified(reference);
        let candidates = self.principal_candidates(account, name);
        pick("principal", reference, candidates)
    }

    fn principal_by_arn(&self, arn_text: &str) -> Result<PrincipalRef, RefError> {
        let not_found = || RefError::NotFound {
            wanted: "principal",
            reference: arn_text.to_owned(),
        };
        let arn = Arn::parse(arn_text).ok_or_else(not_found)?;
        let account = self.account_by_id(arn.account);
        match (arn.service, arn.resource.split_once('/')) {
            ("iam", None) if arn.resource == "root" => {
                account.map(PrincipalRef::Root).ok_or_else(not_found)
            }
            ("iam", Some(("user", _))) => self
                .users
                .iter()
                .position(|u| u.arn == arn_text)
                .map(PrincipalRef::User)
                .ok_or_else(not_found),
            ("iam", Some(("role", _))) => self
                .role_by_arn(arn_text)
                .map(PrincipalRef::Role)
                .ok_or_else(not_found),
            ("sts", Some(("assumed-role", rest))) => {
                let (role, session) = rest.split_once('/').ok_or_else(not_found)?;
                let account = account.ok_or_else(not_found)?;
                let role = self.role_in(account, role).ok_or_else(not_found)?;
                Ok(PrincipalRef::Session {
                    role,
                    session: session.to_owned(),
                })
            }
            ("iam", Some(("saml-provider" | "oidc-provider", _))) => Err(RefError::Unsupported {
                message: format!(
                    "{arn_text} is an identity provider: name one of its users or workloads from external_identities instead"
                ),
            }),
            _ => Err(not_found()),
        }
    }

    fn principal_by_kind(&self, kind: &str, name: &str) -> Result<Option<PrincipalRef>, RefError> {
        let (account, short) = self.split_qualified(name);
        let in_account = |a: usize| account.is_none_or(|wanted| wanted == a);
        let found: Vec<(String, PrincipalRef)> = match kind {
            "user" => self
                .users
                .iter()
                .enumerate()
                .filter(|(_, u)| in_account(u.account) && u.name == short)
                .map(|(i, u)| (u.arn.clone(), PrincipalRef::User(i)))
                .collect(),
            "role" => self
                .roles_named(account, short)
                .into_iter()
                .map(|i| {
                    (
                        self.roles.get(i).map(|r| r.arn.clone()).unwrap_or_default(),
                        PrincipalRef::Role(i),
                    )
                })
                .collect(),
            "root" => self
                .account_by_id_or_alias(name)
                .map(|a| vec![(name.to_owned(), PrincipalRef::Root(a))])
                .unwrap_or_default(),
            "external" => self.external_named(short),
            "idc" => self.idc_user_named(short),
            "instance" | "function" => self.compute_named(short, kind == "instance"),
            _ => return Ok(None),
        };
        pick("principal", name, found).map(Some)
    }

    fn principal_candidates(
        &self,
        account: Option<usize>,
        name: &str,
    ) -> Vec<(String, PrincipalRef)> {
        let in_account = |a: usize| account.is_none_or(|wanted| wanted == a);
        let mut found: Vec<(String, PrincipalRef)> = self
            .users
            .iter()
            .enumerate()
            .filter(|(_, u)| in_account(u.account) && u.name == name)
            .map(|(i, u)| (u.arn.clone(), PrincipalRef::User(i)))
            .collect();
        found.extend(
            self.roles_named(account, name)
                .into_iter()
                .filter_map(|i| Some((self.roles.get(i)?.arn.clone(), PrincipalRef::Role(i)))),
        );
        if account.is_none() {
            found.extend(self.external_named(name));
            found.extend(self.idc_user_named(name));
            found.extend(self.compute_named(name, true));
            found.extend(self.compute_named(name, false));
        }
        found
    }

    fn external_named(&self, name: &str) -> Vec<(String, PrincipalRef)> {
        self.external
            .iter()
            .enumerate()
            .filter(|(_, e)| e.name() == name)
            .map(|(i, e)| (format!("external:{}", e.name()), PrincipalRef::External(i)))
            .collect()
    }

    fn idc_user_named(&self, name: &str) -> Vec<(String, PrincipalRef)> {
        self.identity_center
            .iter()
            .flat_map(|c| c.users.iter().enumerate())
            .filter(|(_, u)| u.name == name)
            .map(|(i, u)| {
                (
                    format!("idc:{}", u.name),
                    PrincipalRef::IdentityCenterUser(i),
                )
            })
            .collect()
    }

    fn compute_named(&self, name: &str, instance: bool) -> Vec<(String, PrincipalRef)> {
        self.resources
            .iter()
            .enumerate()
            .filter(|(_, r)| match &r.kind {
                ResourceKind::Ec2Instance { id, .. } => instance && id == name,
                ResourceKind::LambdaFunction { name: n, .. } => !instance && n == name,
                _ => false,
            })
            .map(|(i, r)| {
                let found = if instance {
                    PrincipalRef::Instance(i)
                } else {
                    PrincipalRef::Function(i)
                };
                (r.arn.clone(), found)
            })
            .collect()
    }

    /// Resolves a role: ARN, `ACCOUNT/NAME`, `NAME`, or the name of an Identity Center
    /// permission set (for its `AWSReservedSSO_` role).
    pub fn resolve_role(&self, reference: &str) -> Result<usize, RefError> {
        let reference = reference.trim();
        if reference.starts_with("arn:") {
            return self
                .role_by_arn(reference)
                .ok_or_else(|| RefError::NotFound {
                    wanted: "role",
                    reference: reference.to_owned(),
                });
        }
        let (account, name) =
            self.split_qualified(reference.strip_prefix("role:").unwrap_or(reference));
        let mut found = self.roles_named(account, name);
        if found.is_empty() {
            found = self.permission_set_roles(account, name);
        }
        let candidates = found
            .into_iter()
            .filter_map(|i| Some((self.roles.get(i)?.arn.clone(), i)))
            .collect();
        pick("role", reference, candidates)
    }

    /// Resolves a resource: `*`, an ARN, a role, a resource's short name (bucket, queue,
    /// function, key id, instance id), or `BUCKET/KEY` for an S3 object.
    pub fn resolve_resource(&self, reference: &str) -> Result<String, RefError> {
        let reference = reference.trim();
        if reference == "*" || reference.starts_with("arn:") {
            return Ok(reference.to_owned());
        }
        if let Some((bucket, key)) = reference.split_once('/') {
            let bucket_known = self
                .resources
                .iter()
                .any(|r| matches!(&r.kind, ResourceKind::S3Bucket { name, .. } if name == bucket));
            if bucket_known && self.account_by_id_or_alias(bucket).is_none() {
                return Ok(format!("arn:aws:s3:::{bucket}/{key}"));
            }
        }
        let (account, name) = self.split_qualified(reference);
        let in_account = |a: usize| account.is_none_or(|wanted| wanted == a);
        let mut candidates: Vec<(String, String)> = self
            .roles_named(account, name)
            .into_iter()
            .filter_map(|i| self.roles.get(i).map(|r| (r.arn.clone(), r.arn.clone())))
            .collect();
        candidates.extend(
            self.resources
                .iter()
                .filter(|r| in_account(r.account) && r.short_name == name)
                .map(|r| (r.arn.clone(), r.arn.clone())),
        );
        pick("resource", reference, candidates)
    }

    /// `ACCOUNT/NAME` or `ALIAS/NAME` → (account, NAME); anything else → (None, whole).
    fn split_qualified<'r>(&self, reference: &'r str) -> (Option<usize>, &'r str) {
        match reference.split_once('/') {
            Some((account, name)) => match self.account_by_id_or_alias(account) {
                Some(index) => (Some(index), name),
                None => (None, reference),
            },
            None => (None, reference),
        }
    }

    pub(crate) fn account_by_id_or_alias(&self, text: &str) -> Option<usize> {
        if is_account_id(text) {
            return self.account_by_id(text);
        }
        self.accounts
            .iter()
            .position(|a| a.alias.as_deref() == Some(text) || a.name.as_deref() == Some(text))
    }

    pub(crate) fn role_in(&self, account: usize, name: &str) -> Option<usize> {
        self.roles
            .iter()
            .position(|r| r.account == account && r.name == name)
    }

    fn roles_named(&self, account: Option<usize>, name: &str) -> Vec<usize> {
        self.roles
            .iter()
            .enumerate()
            .filter(|(_, r)| account.is_none_or(|a| a == r.account) && r.name == name)
            .map(|(i, _)| i)
            .collect()
    }

    fn permission_set_roles(&self, account: Option<usize>, name: &str) -> Vec<usize> {
        let Some(center) = &self.identity_center else {
            return Vec::new();
        };
        center
            .permission_sets
            .iter()
            .filter(|set| set.name == name)
            .flat_map(|set| set.roles.iter().copied())
            .filter(|&r| {
                self.roles
                    .get(r)
                    .is_some_and(|role| account.is_none_or(|a| a == role.account))
            })
            .collect()
    }
}

/// Whether `text` is a service principal name such as `ec2.amazonaws.com`.
pub(crate) fn is_service_principal(text: &str) -> bool {
    text.ends_with(".amazonaws.com")
        && !BUILT_IN_WEB_IDENTITY.contains(&text)
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
}

/// The single candidate, or why there is not exactly one.
fn pick<T: Clone>(
    wanted: &'static str,
    reference: &str,
    candidates: Vec<(String, T)>,
) -> Result<T, RefError> {
    match candidates.as_slice() {
        [(_, only)] => Ok(only.clone()),
        [] => Err(RefError::NotFound {
            wanted,
            reference: reference.to_owned(),
        }),
        many => Err(RefError::Ambiguous {
            wanted,
            reference: reference.to_owned(),
            candidates: many.iter().map(|(label, _)| label.clone()).collect(),
        }),
    }
}
