//! Renaming and deleting entities, group membership and managed policy attachments: each
//! keeps the document's references consistent (group lists, instance profiles, Lambda
//! execution roles, layout keys, ARNs written in policy texts, expectations).

use crate::model::{ExternalIdentityDoc, IdentityProviderDoc, OrgUnitDoc, ResourceDoc, WorldDoc};

use super::{
    Applied, EditError, NewEntity, NodeId, account_mut, check_name, default_region, entity_arn,
    find_account, parse_node, provider_arn, resource_arn, resource_names, short_name,
};

pub(super) fn rename(doc: &mut WorldDoc, node: &str, name: &str) -> Result<Applied, EditError> {
    let id = parse_node(node)?;
    let name = name.trim();
    let renamed = match &id {
        NodeId::Account(account) => {
            let target = account_mut(doc, node, account)?;
            target.name = Some(name.to_owned());
            return Ok(Applied {
                summary: format!("Renamed account {account} to {name}"),
                node: Some(node.to_owned()),
            });
        }
        NodeId::User { account, name: old } => rename_user(doc, node, account, old, name)?,
        NodeId::Group { account, name: old } => rename_group(doc, node, account, old, name)?,
        NodeId::Role { account, name: old } => rename_role(doc, node, account, old, name)?,
        NodeId::Resource { account, arn } => rename_resource(doc, node, account, arn, name)?,
        NodeId::Provider { account, arn } => rename_provider(doc, node, account, arn, name)?,
        NodeId::External(old) => rename_external(doc, node, old, name)?,
    };
    if let Some(position) = doc.layout.remove(node) {
        doc.layout.insert(renamed.clone(), position);
    }
    Ok(Applied {
        summary: format!("Renamed {} to {name}", short_name(node)),
        node: Some(renamed),
    })
}

fn ensure_free(
    existing: impl Iterator<Item = String>,
    old: &str,
    name: &str,
) -> Result<(), EditError> {
    let mut existing = existing;
    if existing.any(|n| n != old && n.eq_ignore_ascii_case(name)) {
        Err(EditError::NameTaken(name.to_owned()))
    } else {
        Ok(())
    }
}

fn missing(node: &str) -> EditError {
    EditError::NoSuchNode(node.to_owned())
}

/// Renames `old` among one account's users, groups or roles (`entries`: each name and path),
/// refusing a name another one holds in any case; returns the renamed entity's path.
fn rename_entry<'e>(
    entries: impl Iterator<Item = (&'e mut String, Option<&'e str>)>,
    node: &str,
    old: &str,
    name: &str,
) -> Result<Option<String>, EditError> {
    let mut entries: Vec<_> = entries.collect();
    ensure_free(entries.iter().map(|(n, _)| n.to_string()), old, name)?;
    let (field, path) = entries
        .iter_mut()
        .find(|(n, _)| n.as_str() == old)
        .ok_or_else(|| missing(node))?;
    **field = name.to_owned();
    Ok(path.map(str::to_owned))
}

/// Rewrites the renamed IAM entity's ARN in every policy text; returns the old and new ARNs.
fn follow_arn(
    doc: &mut WorldDoc,
    account: &str,
    kind: &str,
    path: Option<&str>,
    old: &str,
    name: &str,
) -> (String, String) {
    let old_arn = entity_arn(account, kind, path, old);
    let new_arn = entity_arn(account, kind, path, name);
    replace_in_policies(doc, &old_arn, &new_arn, false);
    (old_arn, new_arn)
}

fn rename_user(
    doc: &mut WorldDoc,
    node: &str,
    account: &str,
    old: &str,
    name: &str,
) -> Result<String, EditError> {
    check_name(NewEntity::User, name)?;
    let users = &mut account_mut(doc, node, account)?.users;
    let entries = users.iter_mut().map(|u| (&mut u.name, u.path.as_deref()));
    let path = rename_entry(entries, node, old, name)?;
    let (old_arn, new_arn) = follow_arn(doc, account, "user", path.as_deref(), old, name);
    rename_in_expectations(doc, account, old, name, &old_arn, &new_arn);
    Ok(NodeId::User {
        account: account.to_owned(),
        name: name.to_owned(),
    }
    .to_string())
}

fn rename_group(
    doc: &mut WorldDoc,
    node: &str,
    account: &str,
    old: &str,
    name: &str,
) -> Result<String, EditError> {
    check_name(NewEntity::Group, name)?;
    let target = account_mut(doc, node, account)?;
    let entries = target
        .groups
        .iter_mut()
        .map(|g| (&mut g.name, g.path.as_deref()));
    let path = rename_entry(entries, node, old, name)?;
    for user in &mut target.users {
        for group in &mut user.groups {
            if group == old {
                *group = name.to_owned();
            }
        }
    }
    follow_arn(doc, account, "group", path.as_deref(), old, name);
    Ok(NodeId::Group {
        account: account.to_owned(),
        name: name.to_owned(),
    }
    .to_string())
}

fn rename_role(
    doc: &mut WorldDoc,
    node: &str,
    account: &str,
    old: &str,
    name: &str,
) -> Result<String, EditError> {
    check_name(NewEntity::Role, name)?;
    let target = account_mut(doc, node, account)?;
    let entries = target
        .roles
        .iter_mut()
        .map(|r| (&mut r.name, r.path.as_deref()));
    let path = rename_entry(entries, node, old, name)?;
    let rename = |value: &mut String| {
        if value == old {
            *value = name.to_owned();
        }
    };
    for profile in &mut target.instance_profiles {
        if let Some(role) = &mut profile.role {
            rename(role);
        }
    }
    for resource in &mut target.resources {
        if let ResourceDoc::LambdaFunction { role, .. } = resource {
            rename(role);
        }
    }
    if let Some(anywhere) = &mut target.roles_anywhere {
        for profile in &mut anywhere.profiles {
            profile.roles.iter_mut().for_each(rename);
        }
    }
    let (old_arn, new_arn) = follow_arn(doc, account, "role", path.as_deref(), old, name);
    replace_in_policies(
        doc,
        &format!("arn:aws:sts::{account}:assumed-role/{old}"),
        &format!("arn:aws:sts::{account}:assumed-role/{name}"),
        true,
    );
    for identity in &mut doc.external_identities {
        if let ExternalIdentityDoc::Saml {
            roles: Some(roles), ..
        } = identity
        {
            for role in roles.iter_mut().filter(|r| **r == old_arn) {
                *role = new_arn.clone();
            }
        }
    }
    rename_in_expectations(doc, account, old, name, &old_arn, &new_arn);
    Ok(NodeId::Role {
        account: account.to_owned(),
        name: name.to_owned(),
    }
    .to_string())
}

fn rename_resource(
    doc: &mut WorldDoc,
    node: &str,
    account: &str,
    arn: &str,
    name: &str,
) -> Result<String, EditError> {
    let region = default_region(doc).to_owned();
    let others = resource_names(doc);
    let target = account_mut(doc, node, account)?;
    let resource = target
        .resources
        .iter_mut()
        .find(|r| resource_arn(account, r, &region) == arn)
        .ok_or_else(|| missing(node))?;
    let (field, kind) = match resource {
        ResourceDoc::S3Bucket { name, .. } => (name, NewEntity::Bucket),
        ResourceDoc::SqsQueue { name, .. } => (name, NewEntity::Queue),
        ResourceDoc::KmsKey { id, .. } => (id, NewEntity::KmsKey),
        _ => {
            return Err(EditError::WrongKind {
                node: node.to_owned(),
                expected: "a bucket, queue or KMS key (other resources are renamed in the JSON)",
            });
        }
    };
    check_name(kind, name)?;
    let old = field.clone();
    ensure_free(others.into_iter(), &old, name)?;
    *field = name.to_owned();
    let new_arn = resource_arn(account, resource, &region);
    replace_in_policies(doc, arn, &new_arn, kind == NewEntity::Bucket);
    if kind == NewEntity::Bucket {
        for expectation in &mut doc.expectations {
            if let Some(resource) = &mut expectation.resource {
                if *resource == old || resource.starts_with(&format!("{old}/")) {
                    *resource = format!("{name}{}", &resource[old.len()..]);
                }
            }
        }
    }
    Ok(NodeId::Resource {
        account: account.to_owned(),
        arn: new_arn,
    }
    .to_string())
}

fn rename_provider(
    doc: &mut WorldDoc,
    node: &str,
    account: &str,
    arn: &str,
    name: &str,
) -> Result<String, EditError> {
    let target = account_mut(doc, node, account)?;
    let others: Vec<String> = target
        .identity_providers
        .iter()
        .map(|p| provider_arn(account, p))
        .collect();
    let provider = target
        .identity_providers
        .iter_mut()
        .find(|p| provider_arn(account, p) == arn)
        .ok_or_else(|| missing(node))?;
    match provider {
        IdentityProviderDoc::Saml { name: current, .. } => {
            check_name(NewEntity::SamlProvider, name)?;
            *current = name.to_owned();
        }
        IdentityProviderDoc::Oidc { url, .. } => {
            check_name(NewEntity::OidcProvider, name)?;
            *url = format!("https://{}", name.trim_start_matches("https://"));
        }
    }
    let new_arn = provider_arn(account, provider);
    if others
        .iter()
        .any(|o| o != arn && o.eq_ignore_ascii_case(&new_arn))
    {
        return Err(EditError::NameTaken(name.to_owned()));
    }
    replace_in_policies(doc, arn, &new_arn, false);
    Ok(NodeId::Provider {
        account: account.to_owned(),
        arn: new_arn,
    }
    .to_string())
}

fn rename_external(
    doc: &mut WorldDoc,
    node: &str,
    old: &str,
    name: &str,
) -> Result<String, EditError> {
    if name.is_empty() {
        return Err(EditError::InvalidName {
            name: name.to_owned(),
            reason: "must not be empty".to_owned(),
        });
    }
    let names: Vec<String> = doc
        .external_identities
        .iter()
        .map(|e| external_name(e).to_owned())
        .collect();
    ensure_free(names.into_iter(), old, name)?;
    let identity = doc
        .external_identities
        .iter_mut()
        .find(|e| external_name(e) == old)
        .ok_or_else(|| missing(node))?;
    match identity {
        ExternalIdentityDoc::Saml { name: n, .. }
        | ExternalIdentityDoc::Oidc { name: n, .. }
        | ExternalIdentityDoc::RolesAnywhere { name: n, .. } => *n = name.to_owned(),
    }
    for expectation in &mut doc.expectations {
        if expectation.principal == old || expectation.principal == format!("external:{old}") {
            expectation.principal = format!("external:{name}");
        }
    }
    Ok(NodeId::External(name.to_owned()).to_string())
}

fn external_name(identity: &ExternalIdentityDoc) -> &str {
    match identity {
        ExternalIdentityDoc::Saml { name, .. }
        | ExternalIdentityDoc::Oidc { name, .. }
        | ExternalIdentityDoc::RolesAnywhere { name, .. } => name,
    }
}

/// Every policy text of the document.
fn policy_texts_mut(doc: &mut WorldDoc) -> Vec<&mut String> {
    let mut texts: Vec<&mut String> = Vec::new();
    for account in &mut doc.accounts {
        for user in &mut account.users {
            texts.extend(user.inline_policies.iter_mut().map(|p| &mut p.document));
        }
        for group in &mut account.groups {
            texts.extend(group.inline_policies.iter_mut().map(|p| &mut p.document));
        }
        for role in &mut account.roles {
            texts.push(&mut role.trust_policy);
            texts.extend(role.inline_policies.iter_mut().map(|p| &mut p.document));
        }
        texts.extend(account.policies.iter_mut().map(|p| &mut p.document));
        for resource in &mut account.resources {
            match resource {
                ResourceDoc::KmsKey { policy, .. } => texts.push(policy),
                ResourceDoc::S3Bucket { policy, .. }
                | ResourceDoc::SqsQueue { policy, .. }
                | ResourceDoc::LambdaFunction { policy, .. }
                | ResourceDoc::Other { policy, .. } => texts.extend(policy.as_mut()),
                ResourceDoc::Ec2Instance { .. } => {}
            }
        }
    }
    if let Some(organization) = &mut doc.organization {
        texts.extend(organization.policies.iter_mut().map(|p| &mut p.document));
    }
    texts
}

/// Replaces the ARN `old` written as a whole JSON string (and, with `prefix`, at the start of
/// one: `"arn:aws:s3:::old/*"`) in every policy text.
fn replace_in_policies(doc: &mut WorldDoc, old: &str, new: &str, prefix: bool) {
    if old == new {
        return;
    }
    for text in policy_texts_mut(doc) {
        let mut replaced = text.replace(&format!("\"{old}\""), &format!("\"{new}\""));
        if prefix {
            replaced = replaced.replace(&format!("\"{old}/"), &format!("\"{new}/"));
        }
        *text = replaced;
    }
}

/// Expectations naming the entity by name, `ACCOUNT/name`, `user:`/`role:` or ARN follow it.
fn rename_in_expectations(
    doc: &mut WorldDoc,
    account: &str,
    old: &str,
    name: &str,
    old_arn: &str,
    new_arn: &str,
) {
    let follow = |reference: &mut String| {
        if reference == old {
            *reference = name.to_owned();
        } else if reference == old_arn {
            *reference = new_arn.to_owned();
        } else if *reference == format!("{account}/{old}") {
            *reference = format!("{account}/{name}");
        } else if let Some((kind, rest)) = reference.split_once(':') {
            if rest == old && !reference.starts_with("arn:") {
                *reference = format!("{kind}:{name}");
            }
        }
    };
    for expectation in &mut doc.expectations {
        follow(&mut expectation.principal);
        for hop in &mut expectation.chain {
            follow(&mut hop.role);
        }
        if let Some(resource) = &mut expectation.resource {
            follow(resource);
        }
    }
}

pub(super) fn delete(doc: &mut WorldDoc, node: &str) -> Result<Applied, EditError> {
    let id = parse_node(node)?;
    let region = default_region(doc).to_owned();
    let summary = match &id {
        NodeId::Account(account) => delete_account(doc, node, account)?,
        NodeId::User { account, name } => {
            let target = account_mut(doc, node, account)?;
            let before = target.users.len();
            target.users.retain(|u| &u.name != name);
            found(before != target.users.len(), node)?;
            format!("Deleted user {name}")
        }
        NodeId::Group { account, name } => {
            let target = account_mut(doc, node, account)?;
            let before = target.groups.len();
            target.groups.retain(|g| &g.name != name);
            found(before != target.groups.len(), node)?;
            for user in &mut target.users {
                user.groups.retain(|g| g != name);
            }
            format!("Deleted group {name}")
        }
        NodeId::Role { account, name } => delete_role(doc, node, account, name)?,
        NodeId::Resource { account, arn } => {
            let target = account_mut(doc, node, account)?;
            let before = target.resources.len();
            target
                .resources
                .retain(|r| &resource_arn(account, r, &region) != arn);
            found(before != target.resources.len(), node)?;
            format!("Deleted {arn}")
        }
        NodeId::Provider { account, arn } => {
            let target = account_mut(doc, node, account)?;
            let before = target.identity_providers.len();
            target
                .identity_providers
                .retain(|p| &provider_arn(account, p) != arn);
            found(before != target.identity_providers.len(), node)?;
            format!("Deleted identity provider {}", short_name(arn))
        }
        NodeId::External(name) => {
            let before = doc.external_identities.len();
            doc.external_identities.retain(|e| external_name(e) != name);
            found(before != doc.external_identities.len(), node)?;
            format!("Deleted external identity {name}")
        }
    };
    let prefix = match &id {
        NodeId::Account(account) => Some(format!("{account}/")),
        _ => None,
    };
    doc.layout.retain(|key, _| {
        key != node && prefix.as_ref().is_none_or(|p| !key.starts_with(p.as_str()))
    });
    let dropped = drop_broken_expectations(doc);
    let summary = match dropped {
        0 => summary,
        1 => format!("{summary} (and the expectation that named it)"),
        n => format!("{summary} (and the {n} expectations that named it)"),
    };
    Ok(Applied {
        summary,
        node: None,
    })
}

/// Removes the expectations that no longer load (they named what was deleted): the loader
/// decides what a reference resolves to, so it also decides which ones broke.
fn drop_broken_expectations(doc: &mut WorldDoc) -> usize {
    let Err(errors) = crate::load_doc(doc.clone()) else {
        return 0;
    };
    let broken: Vec<usize> = errors
        .0
        .iter()
        .filter_map(|e| {
            let rest = e.path.strip_prefix("$.expectations[")?;
            rest.split_once(']')?.0.parse().ok()
        })
        .collect();
    let before = doc.expectations.len();
    let mut index = 0;
    doc.expectations.retain(|_| {
        let keep = !broken.contains(&index);
        index += 1;
        keep
    });
    before - doc.expectations.len()
}

fn found(found: bool, node: &str) -> Result<(), EditError> {
    if found { Ok(()) } else { Err(missing(node)) }
}

fn delete_role(
    doc: &mut WorldDoc,
    node: &str,
    account: &str,
    name: &str,
) -> Result<String, EditError> {
    let target = account_mut(doc, node, account)?;
    if let Some(function) = target.resources.iter().find_map(|r| match r {
        ResourceDoc::LambdaFunction {
            name: function,
            role,
            ..
        } if role == name => Some(function),
        _ => None,
    }) {
        return Err(EditError::InUse {
            node: name.to_owned(),
            by: format!("the Lambda function {function} (its execution role)"),
        });
    }
    let before = target.roles.len();
    target.roles.retain(|r| r.name != name);
    found(before != target.roles.len(), node)?;
    for profile in &mut target.instance_profiles {
        if profile.role.as_deref() == Some(name) {
            profile.role = None;
        }
    }
    if let Some(anywhere) = &mut target.roles_anywhere {
        for profile in &mut anywhere.profiles {
            profile.roles.retain(|r| r != name);
        }
    }
    Ok(format!("Deleted role {name}"))
}

fn delete_account(doc: &mut WorldDoc, node: &str, account: &str) -> Result<String, EditError> {
    if doc
        .organization
        .as_ref()
        .is_some_and(|o| o.management_account == account)
    {
        return Err(EditError::InUse {
            node: account.to_owned(),
            by: "the organization (it is the management account)".to_owned(),
        });
    }
    if doc
        .identity_center
        .as_ref()
        .is_some_and(|c| c.instance_account == account)
    {
        return Err(EditError::InUse {
            node: account.to_owned(),
            by: "IAM Identity Center (it holds the instance)".to_owned(),
        });
    }
    let label = find_account(doc, account)
        .ok_or_else(|| missing(node))?
        .name
        .clone()
        .unwrap_or_else(|| account.to_owned());
    doc.accounts.retain(|a| a.id != account);
    if let Some(organization) = &mut doc.organization {
        remove_from_unit(&mut organization.root, account);
    }
    if let Some(center) = &mut doc.identity_center {
        for assignment in &mut center.assignments {
            assignment.accounts.retain(|a| a != account);
        }
        center.assignments.retain(|a| !a.accounts.is_empty());
    }
    doc.external_identities.retain(
        |e| !matches!(e, ExternalIdentityDoc::RolesAnywhere { account: a, .. } if a == account),
    );
    Ok(format!("Deleted account {label}"))
}

fn remove_from_unit(unit: &mut OrgUnitDoc, account: &str) {
    unit.accounts.retain(|a| a.id != account);
    for child in &mut unit.units {
        remove_from_unit(child, account);
    }
}

pub(super) fn membership(
    doc: &mut WorldDoc,
    user: &str,
    group: &str,
    join: bool,
) -> Result<Applied, EditError> {
    let (
        NodeId::User {
            account,
            name: user_name,
        },
        NodeId::Group {
            account: group_account,
            name: group_name,
        },
    ) = (parse_node(user)?, parse_node(group)?)
    else {
        return Err(EditError::WrongKind {
            node: format!("{user} → {group}"),
            expected: "a user and a group",
        });
    };
    if account != group_account {
        return Err(EditError::WrongKind {
            node: group.to_owned(),
            expected: "a group of the user's own account (IAM groups hold users of their account only)",
        });
    }
    let target = account_mut(doc, group, &account)?;
    if !target.groups.iter().any(|g| g.name == group_name) {
        return Err(missing(group));
    }
    let member = target
        .users
        .iter_mut()
        .find(|u| u.name == user_name)
        .ok_or_else(|| missing(user))?;
    let present = member.groups.contains(&group_name);
    match (join, present) {
        (true, true) => Err(EditError::AlreadyDone(format!(
            "{user_name} is already in {group_name}"
        ))),
        (false, false) => Err(EditError::AlreadyDone(format!(
            "{user_name} is not in {group_name}"
        ))),
        (true, false) => {
            member.groups.push(group_name.clone());
            Ok(Applied {
                summary: format!("Added {user_name} to {group_name}"),
                node: None,
            })
        }
        (false, true) => {
            member.groups.retain(|g| *g != group_name);
            Ok(Applied {
                summary: format!("Removed {user_name} from {group_name}"),
                node: None,
            })
        }
    }
}

/// Whether `reference` names a customer managed policy of the account or an AWS managed
/// policy; returns the name to attach.
fn known_policy(doc: &WorldDoc, account: &str, reference: &str) -> Option<String> {
    let customer = find_account(doc, account).and_then(|a| {
        a.policies.iter().find(|p| {
            p.name == reference
                || reference == entity_arn(account, "policy", p.path.as_deref(), &p.name)
        })
    });
    if let Some(policy) = customer {
        return Some(policy.name.clone());
    }
    iam_managed_policies::managed_policy(reference)
        .or_else(|| iam_managed_policies::managed_policy_by_arn(reference))
        .map(|p| p.name.to_owned())
}

/// Whether an attached reference and a requested one name the same policy.
fn same_policy(attached: &str, wanted: &str) -> bool {
    if attached.eq_ignore_ascii_case(wanted) {
        return true;
    }
    let name_of = |reference: &str| {
        iam_managed_policies::managed_policy_by_arn(reference)
            .map(|p| p.name.to_owned())
            .unwrap_or_else(|| reference.to_owned())
    };
    name_of(attached).eq_ignore_ascii_case(&name_of(wanted))
}

pub(super) fn attach(
    doc: &mut WorldDoc,
    node: &str,
    policy: &str,
    attach: bool,
) -> Result<Applied, EditError> {
    let id = parse_node(node)?;
    let Some(account) = id.account().map(str::to_owned) else {
        return Err(EditError::WrongKind {
            node: node.to_owned(),
            expected: "a user, group or role",
        });
    };
    let name = if attach {
        known_policy(doc, &account, policy)
            .ok_or_else(|| EditError::UnknownPolicy(policy.to_owned()))?
    } else {
        policy.to_owned()
    };
    let target = account_mut(doc, node, &account)?;
    let list = match &id {
        NodeId::User { name, .. } => target
            .users
            .iter_mut()
            .find(|u| &u.name == name)
            .map(|u| &mut u.managed_policies),
        NodeId::Group { name, .. } => target
            .groups
            .iter_mut()
            .find(|g| &g.name == name)
            .map(|g| &mut g.managed_policies),
        NodeId::Role { name, .. } => target
            .roles
            .iter_mut()
            .find(|r| &r.name == name)
            .map(|r| &mut r.managed_policies),
        _ => {
            return Err(EditError::WrongKind {
                node: node.to_owned(),
                expected: "a user, group or role",
            });
        }
    }
    .ok_or_else(|| missing(node))?;
    let present = list.iter().any(|p| same_policy(p, &name));
    let who = short_name(node);
    match (attach, present) {
        (true, true) => Err(EditError::AlreadyDone(format!(
            "{name} is already attached to {who}"
        ))),
        (false, false) => Err(EditError::AlreadyDone(format!(
            "{name} is not attached to {who}"
        ))),
        (true, false) => {
            list.push(name.clone());
            Ok(Applied {
                summary: format!("Attached {name} to {who}"),
                node: None,
            })
        }
        (false, true) => {
            list.retain(|p| !same_policy(p, &name));
            Ok(Applied {
                summary: format!("Detached {name} from {who}"),
                node: None,
            })
        }
    }
}
