//! Loading resources, Roles Anywhere configuration and identities outside AWS.

use std::collections::BTreeMap;

use iam_policy::PolicyKind;

use crate::edit::resource_arn;
use crate::error::{EntityKind, LoadErrorKind};
use crate::model::{ExternalIdentityDoc, ResourceDoc, RolesAnywhereDoc};
use crate::names::{HEX, derived_token, is_bucket_name, is_instance_id, is_region};
use crate::world::{
    ExternalIdentity, InstanceProfile, PolicyId, PolicyOrigin, Resource, ResourceKind,
    RolesAnywhereProfile, TrustAnchor, tags_of,
};

use super::Loader;

/// Resolved parts held until the world is built.
#[derive(Default)]
pub(crate) struct Parts {
    pub instance_profiles: Vec<InstanceProfile>,
    pub resources: Vec<Resource>,
    pub trust_anchors: Vec<TrustAnchor>,
    pub ra_profiles: Vec<RolesAnywhereProfile>,
}

/// What differs between resource types: ARN, short name, kind, policy text and tags.
struct Shape<'d> {
    arn: String,
    region: Option<String>,
    short_name: String,
    kind: ResourceKind,
    policy: Option<&'d str>,
    tags: &'d BTreeMap<String, String>,
}

pub(crate) fn resource(loader: &mut Loader, account: usize, path: &str, doc: &ResourceDoc) {
    let Some(shape) = shape(loader, account, path, doc) else {
        return;
    };
    if let Some(first) = loader
        .world_parts
        .resources
        .iter()
        .find(|r| r.arn == shape.arn)
    {
        let first = first.json_path.clone();
        loader.duplicate(path.to_owned(), EntityKind::Resource, &shape.arn, first);
        return;
    }
    loader.check_tags(path, shape.tags);
    let policy = match shape.policy {
        Some(text) => {
            let origin = PolicyOrigin {
                owner: format!("{}/resource/{}", loader.account_id(account), shape.arn),
                json_path: Some(format!("{path}.policy")),
                arn: None,
            };
            let name = format!("{} policy", shape.short_name);
            let describe = format!("resource policy of {}", shape.arn);
            let Some(id) =
                loader.parse_policy(&name, &describe, PolicyKind::Resource, text, origin)
            else {
                return;
            };
            Some(id)
        }
        None => None,
    };
    loader.world_parts.resources.push(Resource {
        account,
        tags: tags_of(shape.tags),
        kind: shape.kind,
        arn: shape.arn,
        region: shape.region,
        short_name: shape.short_name,
        policy,
        json_path: path.to_owned(),
    });
}

fn region(loader: &mut Loader, path: &str, region: Option<&String>) -> String {
    let region = region.cloned().unwrap_or_else(|| loader.region.clone());
    if !is_region(&region) {
        loader.error(
            format!("{path}.region"),
            LoadErrorKind::InvalidValue {
                field: "region",
                value: region.clone(),
                rule: "a Region code such as us-east-1",
            },
        );
    }
    region
}

fn shape<'d>(
    loader: &mut Loader,
    account: usize,
    path: &str,
    doc: &'d ResourceDoc,
) -> Option<Shape<'d>> {
    let arn = resource_arn(loader.account_id(account), doc, &loader.region);
    Some(match doc {
        ResourceDoc::S3Bucket {
            name,
            region: bucket_region,
            policy,
            tags,
            objects,
        } => {
            check_bucket_name(loader, path, name)?;
            Shape {
                arn,
                region: Some(region(loader, path, bucket_region.as_ref())),
                short_name: name.clone(),
                kind: ResourceKind::S3Bucket {
                    name: name.clone(),
                    objects: objects
                        .iter()
                        .map(|o| (o.key.clone(), tags_of(&o.tags)))
                        .collect(),
                },
                policy: policy.as_deref(),
                tags,
            }
        }
        ResourceDoc::KmsKey {
            id: key,
            region: r,
            policy,
            tags,
        } => {
            let region = region(loader, path, r.as_ref());
            Shape {
                arn,
                region: Some(region),
                short_name: key.clone(),
                kind: ResourceKind::KmsKey,
                policy: Some(policy),
                tags,
            }
        }
        ResourceDoc::SqsQueue {
            name,
            region: r,
            policy,
            tags,
        } => {
            let region = region(loader, path, r.as_ref());
            Shape {
                arn,
                region: Some(region),
                short_name: name.clone(),
                kind: ResourceKind::SqsQueue,
                policy: policy.as_deref(),
                tags,
            }
        }
        ResourceDoc::LambdaFunction {
            name,
            region: r,
            role,
            policy,
            tags,
        } => {
            let region = region(loader, path, r.as_ref());
            let role = loader.role_in(account, role, &format!("{path}.role"))?;
            Shape {
                arn,
                region: Some(region.clone()),
                short_name: name.clone(),
                kind: ResourceKind::LambdaFunction {
                    name: name.clone(),
                    role,
                },
                policy: policy.as_deref(),
                tags,
            }
        }
        ResourceDoc::Ec2Instance {
            id: instance,
            region: r,
            instance_profile,
            vpc_id,
            private_ip,
            tags,
        } => {
            let region = region(loader, path, r.as_ref());
            if !is_instance_id(instance) {
                loader.error(
                    format!("{path}.id"),
                    LoadErrorKind::InvalidValue {
                        field: "instance id",
                        value: instance.clone(),
                        rule: "i- followed by 8 or 17 hexadecimal digits",
                    },
                );
                return None;
            }
            let profile = match instance_profile {
                Some(name) => Some(profile_in(
                    loader,
                    account,
                    name,
                    &format!("{path}.instance_profile"),
                )?),
                None => None,
            };
            Shape {
                arn,
                region: Some(region.clone()),
                short_name: instance.clone(),
                kind: ResourceKind::Ec2Instance {
                    id: instance.clone(),
                    profile,
                    vpc_id: vpc_id.clone(),
                    private_ip: private_ip.clone(),
                },
                policy: None,
                tags,
            }
        }
        ResourceDoc::Other { policy, tags, .. } => {
            let Some(parsed) = iam_policy::arn::Arn::parse(&arn) else {
                loader.error(
                    format!("{path}.arn"),
                    LoadErrorKind::InvalidValue {
                        field: "arn",
                        value: arn.clone(),
                        rule: "arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE",
                    },
                );
                return None;
            };
            let region = Some(parsed.region.to_owned()).filter(|r| !r.is_empty());
            Shape {
                short_name: arn.rsplit([':', '/']).next().unwrap_or(&arn).to_owned(),
                arn,
                region,
                kind: ResourceKind::Other,
                policy: policy.as_deref(),
                tags,
            }
        }
    })
}

/// Reports `name` at `path` unless it follows S3's bucket naming rules.
fn check_bucket_name(loader: &mut Loader, path: &str, name: &str) -> Option<()> {
    if is_bucket_name(name) {
        return Some(());
    }
    loader.error(
        format!("{path}.name"),
        LoadErrorKind::InvalidName {
            entity: EntityKind::Resource,
            name: name.to_owned(),
            rule: "a bucket name has 3 to 63 lower-case letters, digits, dots and hyphens, and starts and ends with a letter or digit",
        },
    );
    None
}

fn profile_in(loader: &mut Loader, account: usize, name: &str, path: &str) -> Option<usize> {
    let found = loader
        .world_parts
        .instance_profiles
        .iter()
        .position(|p| p.account == account && p.name.eq_ignore_ascii_case(name));
    if found.is_none() {
        let scope = format!("account {}", loader.account_id(account));
        loader.error(
            path,
            LoadErrorKind::Unknown {
                entity: EntityKind::InstanceProfile,
                name: name.to_owned(),
                scope,
            },
        );
    }
    found
}

pub(crate) fn roles_anywhere(
    loader: &mut Loader,
    account: usize,
    path: &str,
    doc: &RolesAnywhereDoc,
) {
    let region = region(loader, path, doc.region.as_ref());
    let id = loader.account_id(account).to_owned();
    for anchor in &doc.trust_anchors {
        let uuid = anchor
            .id
            .clone()
            .unwrap_or_else(|| uuid_from(&format!("{id}/anchor/{}", anchor.name)));
        loader.world_parts.trust_anchors.push(TrustAnchor {
            account,
            name: anchor.name.clone(),
            arn: format!("arn:aws:rolesanywhere:{region}:{id}:trust-anchor/{uuid}"),
            ca_common_name: anchor.ca_common_name.clone(),
        });
    }
    for (index, profile) in doc.profiles.iter().enumerate() {
        let here = format!("{path}.profiles[{index}]");
        let roles = profile
            .roles
            .iter()
            .enumerate()
            .filter_map(|(i, name)| loader.role_in(account, name, &format!("{here}.roles[{i}]")))
            .collect();
        let session_policies = ra_session_policies(loader, account, &here, profile);
        let duration_seconds = profile.duration_seconds.unwrap_or(3600);
        if !(900..=43_200).contains(&duration_seconds) {
            loader.error(
                format!("{here}.duration_seconds"),
                LoadErrorKind::InvalidValue {
                    field: "duration_seconds",
                    value: duration_seconds.to_string(),
                    rule: "900 to 43200 seconds",
                },
            );
        }
        let uuid = uuid_from(&format!("{id}/profile/{}", profile.name));
        loader.world_parts.ra_profiles.push(RolesAnywhereProfile {
            account,
            name: profile.name.clone(),
            arn: format!("arn:aws:rolesanywhere:{region}:{id}:profile/{uuid}"),
            roles,
            duration_seconds,
            session_policies,
        });
    }
}

fn ra_session_policies(
    loader: &mut Loader,
    account: usize,
    path: &str,
    profile: &crate::model::RolesAnywhereProfileDoc,
) -> Vec<PolicyId> {
    let mut ids = Vec::new();
    for (index, reference) in profile.managed_policies.iter().enumerate() {
        if let Some(id) = loader.managed_ref(
            account,
            reference,
            &format!("{path}.managed_policies[{index}]"),
        ) {
            ids.push(loader.as_kind(id, PolicyKind::Session));
        }
    }
    if let Some(text) = &profile.session_policy {
        let origin = PolicyOrigin {
            owner: format!(
                "{}/roles-anywhere/{}",
                loader.account_id(account),
                profile.name
            ),
            json_path: Some(format!("{path}.session_policy")),
            arn: None,
        };
        let name = format!("{} session policy", profile.name);
        let describe = format!("session policy of Roles Anywhere profile {}", profile.name);
        ids.extend(loader.parse_policy(&name, &describe, PolicyKind::Session, text, origin));
    }
    ids
}

/// A UUID-shaped id derived from `seed`.
fn uuid_from(seed: &str) -> String {
    let hex = derived_token(seed, HEX, 32);
    let part = |from: usize, to: usize| hex.get(from..to).unwrap_or("0");
    format!(
        "{}-{}-{}-{}-{}",
        part(0, 8),
        part(8, 12),
        part(12, 16),
        part(16, 20),
        part(20, 32)
    )
}

pub(crate) fn external_identities(loader: &mut Loader, docs: &[ExternalIdentityDoc]) {
    let mut seen = std::collections::HashMap::new();
    for (index, doc) in docs.iter().enumerate() {
        let path = format!("$.external_identities[{index}]");
        let identity = match doc {
            ExternalIdentityDoc::Saml { .. } => saml_identity(doc),
            ExternalIdentityDoc::Oidc {
                name,
                issuer,
                claims,
                tags,
                transitive_tag_keys,
                source_identity,
            } => Some(ExternalIdentity::Oidc {
                name: name.clone(),
                issuer: issuer
                    .trim_start_matches("https://")
                    .trim_end_matches('/')
                    .to_owned(),
                claims: claims.clone(),
                tags: tags_of(tags),
                transitive_tag_keys: transitive_tag_keys.clone(),
                source_identity: source_identity.clone(),
            }),
            ExternalIdentityDoc::RolesAnywhere { .. } => ra_identity(loader, &path, doc),
        };
        let Some(identity) = identity else { continue };
        let key = identity.name().to_ascii_lowercase();
        if let Some(first) = seen.insert(key, path.clone()) {
            let name = identity.name().to_owned();
            loader.duplicate(path, EntityKind::ExternalIdentity, &name, first);
            continue;
        }
        loader.external.push(identity);
    }
}

fn saml_identity(doc: &ExternalIdentityDoc) -> Option<ExternalIdentity> {
    let ExternalIdentityDoc::Saml {
        name,
        issuer,
        subject,
        subject_type,
        recipient,
        roles,
        session_name,
        attributes,
        tags,
        transitive_tag_keys,
        source_identity,
    } = doc
    else {
        return None;
    };
    Some(ExternalIdentity::Saml {
        name: name.clone(),
        issuer: issuer.clone(),
        subject: subject.clone(),
        subject_type: subject_type
            .clone()
            .unwrap_or_else(|| "persistent".to_owned()),
        recipient: recipient
            .clone()
            .unwrap_or_else(|| "https://signin.aws.amazon.com/saml".to_owned()),
        roles: roles.clone(),
        session_name: session_name.clone().unwrap_or_else(|| name.clone()),
        attributes: attributes.clone(),
        tags: tags_of(tags),
        transitive_tag_keys: transitive_tag_keys.clone(),
        source_identity: source_identity.clone(),
    })
}

fn ra_identity(
    loader: &mut Loader,
    path: &str,
    doc: &ExternalIdentityDoc,
) -> Option<ExternalIdentity> {
    let ExternalIdentityDoc::RolesAnywhere {
        name,
        account,
        trust_anchor,
        profile,
        certificate,
    } = doc
    else {
        return None;
    };
    let Some(slot) = loader.account_index.get(account).copied() else {
        loader.error(
            format!("{path}.account"),
            LoadErrorKind::Unknown {
                entity: EntityKind::Account,
                name: account.clone(),
                scope: "the world".to_owned(),
            },
        );
        return None;
    };
    let anchor = find_named(
        loader,
        slot,
        path,
        "trust_anchor",
        trust_anchor,
        EntityKind::TrustAnchor,
        |p| {
            p.trust_anchors
                .iter()
                .map(|a| (a.account, a.name.as_str()))
                .collect()
        },
    )?;
    let profile = find_named(
        loader,
        slot,
        path,
        "profile",
        profile,
        EntityKind::RolesAnywhereProfile,
        |p| {
            p.ra_profiles
                .iter()
                .map(|a| (a.account, a.name.as_str()))
                .collect()
        },
    )?;
    if certificate.serial.is_empty() || !certificate.serial.bytes().all(|b| b.is_ascii_hexdigit()) {
        loader.error(
            format!("{path}.certificate.serial"),
            LoadErrorKind::InvalidValue {
                field: "serial",
                value: certificate.serial.clone(),
                rule: "the certificate serial number in hexadecimal",
            },
        );
        return None;
    }
    Some(ExternalIdentity::RolesAnywhere {
        name: name.clone(),
        trust_anchor: anchor,
        profile,
        certificate: certificate.clone(),
    })
}

fn find_named(
    loader: &mut Loader,
    account: usize,
    path: &str,
    field: &str,
    name: &str,
    entity: EntityKind,
    list: impl Fn(&Parts) -> Vec<(usize, &str)>,
) -> Option<usize> {
    let found = list(&loader.world_parts)
        .iter()
        .position(|(a, n)| *a == account && n.eq_ignore_ascii_case(name));
    if found.is_none() {
        let scope = format!("account {}", loader.account_id(account));
        loader.error(
            format!("{path}.{field}"),
            LoadErrorKind::Unknown {
                entity,
                name: name.to_owned(),
                scope,
            },
        );
    }
    found
}
