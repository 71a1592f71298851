//! Loading IAM Identity Center: each permission set assigned to an account is provisioned there
//! as a role named `AWSReservedSSO_<set>_<suffix>` under the path
//! `/aws-reserved/sso.amazonaws.com/`, trusting the account's Identity Center SAML provider
//! `AWSSSO_<id>_DO_NOT_DELETE` for `sts:AssumeRoleWithSAML` and `sts:TagSession` (IAM Identity
//! Center User Guide, "Referencing permission sets in resource policies, Amazon EKS, and AWS
//! KMS" and "Service-linked roles"; IAM User Guide, id_roles_providers_saml.html notes these
//! roles cannot be edited).

use std::collections::{HashMap, HashSet};

use iam_policy::PolicyKind;

use crate::edit::entity_arn;
use crate::error::{EntityKind, LoadErrorKind};
use crate::model::{IdentityCenterDoc, PermissionSetDoc};
use crate::names::{HEX, LOWER_ALNUM, derived_token, word_chars};
use crate::world::{
    Assignment, IdcUser, IdentityCenter, PermissionSet, PolicyId, PolicyOrigin, Provider,
    ProviderKind, Role, RoleSource, tags_of,
};

use super::Loader;

/// The path of every role Identity Center provisions.
pub const SSO_ROLE_PATH: &str = "/aws-reserved/sso.amazonaws.com/";

pub(crate) fn load(loader: &mut Loader, doc: &IdentityCenterDoc) {
    let Some(instance_account) = loader.account_index.get(&doc.instance_account).copied() else {
        loader.error(
            "$.identity_center.instance_account",
            LoadErrorKind::Unknown {
                entity: EntityKind::Account,
                name: doc.instance_account.clone(),
                scope: "the world's accounts".to_owned(),
            },
        );
        return;
    };
    let region = doc.region.clone().unwrap_or_else(|| loader.region.clone());
    let instance = derived_token(&doc.instance_account, HEX, 16);
    let issuer = format!(
        "https://portal.sso.{region}.amazonaws.com/saml/assertion/{}",
        derived_token(&instance, LOWER_ALNUM, 24)
    );
    let users = users(loader, doc);
    let mut center = IdentityCenter {
        instance_account,
        issuer,
        users,
        permission_sets: Vec::new(),
        assignments: Vec::new(),
        providers: HashMap::new(),
    };
    let sets = permission_sets(loader, doc);
    center.permission_sets = sets
        .iter()
        .map(|set| PermissionSet {
            name: set.doc.name.clone(),
            session_duration: set.doc.session_duration.unwrap_or(3600),
            roles: Vec::new(),
        })
        .collect();
    for (index, assignment) in doc.assignments.iter().enumerate() {
        let path = format!("$.identity_center.assignments[{index}]");
        if let Some(assignment) = self::assignment(loader, doc, &path, assignment) {
            provision(loader, &mut center, &sets, &instance, &assignment);
            center.assignments.push(assignment);
        }
    }
    loader.identity_center = Some(center);
}

fn users(loader: &mut Loader, doc: &IdentityCenterDoc) -> Vec<IdcUser> {
    let groups: HashSet<String> = doc.groups.iter().map(|g| g.to_ascii_lowercase()).collect();
    let mut seen = HashSet::new();
    let mut users = Vec::new();
    for (index, user) in doc.users.iter().enumerate() {
        let path = format!("$.identity_center.users[{index}]");
        if !seen.insert(user.name.to_ascii_lowercase()) {
            loader.duplicate(
                format!("{path}.name"),
                EntityKind::IdentityCenterPrincipal,
                &user.name,
                "an earlier user".to_owned(),
            );
            continue;
        }
        for (g, group) in user.groups.iter().enumerate() {
            if !groups.contains(&group.to_ascii_lowercase()) {
                loader.error(
                    format!("{path}.groups[{g}]"),
                    LoadErrorKind::Unknown {
                        entity: EntityKind::IdentityCenterPrincipal,
                        name: group.clone(),
                        scope: "the Identity Center groups".to_owned(),
                    },
                );
            }
        }
        loader.check_tags(&path, &user.attributes);
        users.push(IdcUser {
            name: user.name.clone(),
            groups: user.groups.clone(),
            attributes: tags_of(&user.attributes),
        });
    }
    users
}

/// A permission set's document with its account-independent policies parsed once.
struct LoadedSet<'d> {
    doc: &'d PermissionSetDoc,
    inline: Option<PolicyId>,
    aws_managed: Vec<PolicyId>,
    path: String,
}

fn permission_sets<'d>(loader: &mut Loader, doc: &'d IdentityCenterDoc) -> Vec<LoadedSet<'d>> {
    let mut seen = HashSet::new();
    let mut sets = Vec::new();
    for (index, set) in doc.permission_sets.iter().enumerate() {
        let path = format!("$.identity_center.permission_sets[{index}]");
        let valid_name = (1..=32).contains(&set.name.len()) && word_chars(&set.name, "+=,.@-");
        if !valid_name {
            loader.error(
                format!("{path}.name"),
                LoadErrorKind::InvalidName {
                    entity: EntityKind::PermissionSet,
                    name: set.name.clone(),
                    rule: "1 to 32 letters, digits and + = , . @ _ -",
                },
            );
        }
        if !seen.insert(set.name.to_ascii_lowercase()) {
            loader.duplicate(
                format!("{path}.name"),
                EntityKind::PermissionSet,
                &set.name,
                "an earlier permission set".to_owned(),
            );
        }
        loader.max_session_duration(&path, set.session_duration);
        let aws_managed = set
            .managed_policies
            .iter()
            .enumerate()
            .filter_map(|(i, name)| {
                loader.aws_managed(name, &format!("{path}.managed_policies[{i}]"))
            })
            .collect();
        let inline = set.inline_policy.as_ref().and_then(|text| {
            let origin = PolicyOrigin {
                owner: format!("identity-center/permission-set/{}", set.name),
                json_path: Some(format!("{path}.inline_policy")),
                arn: None,
            };
            let describe = format!("inline policy of permission set {}", set.name);
            loader.parse_policy(
                "AwsSSOInlinePolicy",
                &describe,
                PolicyKind::Identity,
                text,
                origin,
            )
        });
        sets.push(LoadedSet {
            doc: set,
            inline,
            aws_managed,
            path,
        });
    }
    sets
}

fn assignment(
    loader: &mut Loader,
    doc: &IdentityCenterDoc,
    path: &str,
    assignment: &crate::model::AssignmentDoc,
) -> Option<Assignment> {
    let Some(set) = doc
        .permission_sets
        .iter()
        .position(|s| s.name.eq_ignore_ascii_case(&assignment.permission_set))
    else {
        loader.error(
            format!("{path}.permission_set"),
            LoadErrorKind::Unknown {
                entity: EntityKind::PermissionSet,
                name: assignment.permission_set.clone(),
                scope: "Identity Center".to_owned(),
            },
        );
        return None;
    };
    if !principal_exists(doc, &assignment.principal) {
        loader.error(
            format!("{path}.principal"),
            LoadErrorKind::Unknown {
                entity: EntityKind::IdentityCenterPrincipal,
                name: assignment.principal.clone(),
                scope: "Identity Center (write user:NAME or group:NAME)".to_owned(),
            },
        );
        return None;
    }
    let mut accounts = Vec::new();
    for (index, id) in assignment.accounts.iter().enumerate() {
        match loader.account_index.get(id) {
            Some(&slot) => accounts.push(slot),
            None => loader.error(
                format!("{path}.accounts[{index}]"),
                LoadErrorKind::Unknown {
                    entity: EntityKind::Account,
                    name: id.clone(),
                    scope: "the world's accounts".to_owned(),
                },
            ),
        }
    }
    Some(Assignment {
        permission_set: set,
        principal: assignment.principal.clone(),
        accounts,
    })
}

fn principal_exists(doc: &IdentityCenterDoc, principal: &str) -> bool {
    match principal.split_once(':') {
        Some(("user", name)) => doc.users.iter().any(|u| u.name.eq_ignore_ascii_case(name)),
        Some(("group", name)) => doc.groups.iter().any(|g| g.eq_ignore_ascii_case(name)),
        _ => false,
    }
}

/// Creates, once per account, the SAML provider and the permission set's role.
fn provision(
    loader: &mut Loader,
    center: &mut IdentityCenter,
    sets: &[LoadedSet<'_>],
    instance: &str,
    assignment: &Assignment,
) {
    let Some(set) = sets.get(assignment.permission_set) else {
        return;
    };
    for &account in &assignment.accounts {
        let provider = provider(loader, center, instance, account);
        let exists = center
            .permission_sets
            .get(assignment.permission_set)
            .is_some_and(|p| {
                p.roles.iter().any(|&r| {
                    loader
                        .roles
                        .get(r)
                        .is_some_and(|role| role.account == account)
                })
            });
        if exists {
            continue;
        }
        if let Some(role) = sso_role(loader, set, account, &provider) {
            if let Some(p) = center.permission_sets.get_mut(assignment.permission_set) {
                p.roles.push(role);
            }
        }
    }
}

fn provider(
    loader: &mut Loader,
    center: &mut IdentityCenter,
    instance: &str,
    account: usize,
) -> String {
    if let Some(&index) = center.providers.get(&account) {
        return loader
            .providers
            .get(index)
            .map(|p| p.arn.clone())
            .unwrap_or_default();
    }
    let name = format!("AWSSSO_{instance}_DO_NOT_DELETE");
    let arn = format!(
        "arn:aws:iam::{}:saml-provider/{name}",
        loader.account_id(account)
    );
    center.providers.insert(account, loader.providers.len());
    loader.providers.push(Provider {
        account,
        arn: arn.clone(),
        kind: ProviderKind::Saml {
            name,
            issuer: center.issuer.clone(),
        },
    });
    arn
}

fn sso_role(
    loader: &mut Loader,
    set: &LoadedSet<'_>,
    account: usize,
    provider: &str,
) -> Option<usize> {
    let id = loader.account_id(account).to_owned();
    let suffix = derived_token(&format!("{id}/{}", set.doc.name), HEX, 16);
    let name = format!("AWSReservedSSO_{}_{suffix}", set.doc.name);
    let trust_text = trust_policy(provider);
    let origin = PolicyOrigin {
        owner: format!("{id}/role/{name}"),
        json_path: None,
        arn: None,
    };
    let trust = loader.parse_policy(
        &format!("{name} trust policy"),
        &format!("trust policy of {name}"),
        PolicyKind::Trust,
        &trust_text,
        origin,
    )?;
    let mut policies: Vec<PolicyId> = set.inline.into_iter().collect();
    policies.extend(set.aws_managed.iter().copied());
    for (index, reference) in set.doc.customer_managed_policies.iter().enumerate() {
        let path = format!("{}.customer_managed_policies[{index}]", set.path);
        policies.extend(loader.managed_ref(account, reference, &path));
    }
    let boundary = set
        .doc
        .permissions_boundary
        .as_deref()
        .and_then(|reference| {
            let id = loader.managed_ref(
                account,
                reference,
                &format!("{}.permissions_boundary", set.path),
            )?;
            Some(loader.as_kind(id, PolicyKind::PermissionsBoundary))
        });
    let arn = entity_arn(&id, "role", Some(SSO_ROLE_PATH), &name);
    Some(loader.push_role(Role {
        account,
        unique_id: iam_eval::context::simulated_unique_id("AROA", &format!("{id}:{name}")),
        name,
        path: SSO_ROLE_PATH.to_owned(),
        arn,
        trust,
        policies,
        boundary,
        max_session_duration: set.doc.session_duration.unwrap_or(3600),
        tags: Vec::new(),
        service_linked: false,
        source: RoleSource::PermissionSet {
            permission_set: set.doc.name.clone(),
        },
        json_path: set.path.clone(),
    }))
}

/// The trust policy Identity Center writes on its roles.
fn trust_policy(provider: &str) -> String {
    format!(
        r#"{{
  "Version": "2012-10-17",
  "Statement": [
    {{
      "Effect": "Allow",
      "Principal": {{
        "Federated": "{provider}"
      }},
      "Action": [
        "sts:AssumeRoleWithSAML",
        "sts:TagSession"
      ],
      "Condition": {{
        "StringEquals": {{
          "SAML:aud": "https://signin.aws.amazon.com/saml"
        }}
      }}
    }}
  ]
}}"#
    )
}
