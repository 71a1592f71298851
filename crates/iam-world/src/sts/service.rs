//! Services assuming roles: EC2 for an instance profile's role (the session is named after the
//! instance id), Lambda for a function's execution role (named after the function), any
//! service principal given explicitly, and IAM Roles Anywhere for workloads outside AWS.

use crate::check::{ContextKeys, single};
use crate::model::HopDoc;
use crate::session::Issuer;
use crate::world::{ExternalIdentity, ResourceKind, Tag, World};

use super::{Call, StsApi, StsError, StsErrorCode, validate};

/// The Roles Anywhere service principal.
const ROLES_ANYWHERE: &str = "rolesanywhere.amazonaws.com";

impl World {
    /// A service principal calling `AssumeRole` on a role whose trust policy names it
    /// (IAM User Guide, id_roles_create_for-service.html). Sessions assumed by AWS services are
    /// not limited by the role's maximum session duration (id_roles_use.html), so only the API's
    /// own bounds apply.
    pub(super) fn prepare_service(
        &self,
        service: &str,
        resource: Option<usize>,
        role: usize,
        hop: &HopDoc,
    ) -> Result<Call, StsError> {
        reject_service_parameters(hop)?;
        let found = resource.and_then(|r| self.resources.get(r));
        let session_name = hop
            .session_name
            .clone()
            .or_else(|| found.map(|r| r.short_name.clone()))
            .unwrap_or_else(|| service.trim_end_matches(".amazonaws.com").to_owned());
        validate::session_name(&session_name)?;
        let duration = validate::duration(hop.duration_seconds, 43_200, false)?;
        let carried = found.map(compute_context).unwrap_or_default();
        Ok(Call {
            api: StsApi::ServiceAssumeRole,
            role,
            call_keys: vec![single("sts:RoleSessionName", &session_name)],
            session_name,
            duration,
            new_tags: Vec::new(),
            transitive_keys: Vec::new(),
            inherited_tags: Vec::new(),
            inherited_keys: Vec::new(),
            source_identity: None,
            session_policies: Vec::new(),
            mfa_authenticated: false,
            chained: false,
            issuer: Issuer::Service {
                service: service.to_owned(),
                resource: found.map(|r| r.arn.clone()).unwrap_or_default(),
            },
            carried,
            caller_override: Some((service.to_owned(), Vec::new())),
            always_tag_session: false,
        })
    }

    /// An EC2 instance obtains credentials only for its instance profile's role, a Lambda
    /// function only for its execution role.
    pub(super) fn prepare_compute(
        &self,
        resource: usize,
        role: usize,
        hop: &HopDoc,
    ) -> Result<Call, StsError> {
        let found = self
            .resources
            .get(resource)
            .ok_or_else(|| StsError::validation("unknown resource".to_owned()))?;
        let (service, delivered) = match &found.kind {
            ResourceKind::Ec2Instance { profile, .. } => (
                "ec2.amazonaws.com",
                profile
                    .and_then(|p| self.instance_profiles.get(p))
                    .and_then(|p| p.role),
            ),
            ResourceKind::LambdaFunction { role, .. } => ("lambda.amazonaws.com", Some(*role)),
            _ => {
                return Err(StsError::validation(format!(
                    "{} does not run code with a role",
                    found.arn
                )));
            }
        };
        match delivered {
            Some(delivered) if delivered == role => {
                self.prepare_service(service, Some(resource), role, hop)
            }
            Some(delivered) => Err(StsError::access_denied(format!(
                "{} receives credentials only for {}; to use another role, assume it from that session",
                found.arn,
                self.roles
                    .get(delivered)
                    .map(|r| r.arn.as_str())
                    .unwrap_or_default()
            ))),
            None => Err(StsError::access_denied(format!(
                "{} has no instance profile with a role",
                found.arn
            ))),
        }
    }

    /// IAM Roles Anywhere `CreateSession` (IAM Roles Anywhere User Guide, "Trust model" and
    /// "Attribute mapping and trust policy"): the certificate must chain to the trust anchor,
    /// the profile must list the role; the service assumes it with `sts:AssumeRole`,
    /// `sts:TagSession` and `sts:SetSourceIdentity` (all three required in the trust policy);
    /// certificate attributes become `x509Subject/…`, `x509Issuer/…` and `x509SAN/…` principal
    /// tags, the source identity is the subject's CN, the session name the hex serial number,
    /// and `aws:SourceArn` the trust anchor.
    pub(super) fn prepare_roles_anywhere(
        &self,
        identity: &ExternalIdentity,
        role: usize,
        hop: &HopDoc,
    ) -> Result<Call, StsError> {
        let ExternalIdentity::RolesAnywhere {
            trust_anchor,
            profile,
            certificate,
            ..
        } = identity
        else {
            return Err(StsError::validation(
                "not a Roles Anywhere workload".to_owned(),
            ));
        };
        reject_service_parameters(hop)?;
        let anchor = self
            .trust_anchors
            .get(*trust_anchor)
            .ok_or_else(|| StsError::validation("unknown trust anchor".to_owned()))?;
        let profile = self
            .ra_profiles
            .get(*profile)
            .ok_or_else(|| StsError::validation("unknown profile".to_owned()))?;
        if certificate.issuer.get("CN") != Some(&anchor.ca_common_name) {
            return Err(roles_anywhere_denied(format!(
                "Untrusted certificate: its issuer is not the CA of trust anchor {}",
                anchor.name
            )));
        }
        if !profile.roles.contains(&role) {
            return Err(roles_anywhere_denied(format!(
                "profile {} does not include the role",
                profile.name
            )));
        }
        let tags = certificate_tags(certificate);
        validate::tags(&tags)?;
        let session_name = certificate.serial.to_ascii_lowercase();
        validate::session_name(&session_name)?;
        let source_identity =
            self.source_identity(None, certificate.subject.get("CN").map(String::as_str))?;
        let role_max = self
            .roles
            .get(role)
            .map_or(3600, |r| r.max_session_duration);
        let duration = validate::duration(
            hop.duration_seconds.or(Some(profile.duration_seconds)),
            role_max,
            false,
        )?;
        let account = self.account_id(anchor.account).to_owned();
        let mut caller_keys = vec![
            single("aws:SourceArn", &anchor.arn),
            single("aws:SourceAccount", &account),
        ];
        caller_keys.extend(crate::check::tag_keys("aws:PrincipalTag/", &tags));
        Ok(Call {
            api: StsApi::RolesAnywhere,
            role,
            call_keys: vec![single("sts:RoleSessionName", &session_name)],
            session_name,
            duration,
            new_tags: tags,
            transitive_keys: Vec::new(),
            inherited_tags: Vec::new(),
            inherited_keys: Vec::new(),
            source_identity,
            session_policies: profile
                .session_policies
                .iter()
                .filter_map(|&id| self.named(id))
                .collect(),
            mfa_authenticated: false,
            chained: false,
            issuer: Issuer::RolesAnywhere {
                trust_anchor: anchor.arn.clone(),
                profile: profile.arn.clone(),
            },
            carried: Vec::new(),
            caller_override: Some((ROLES_ANYWHERE.to_owned(), caller_keys)),
            always_tag_session: true,
        })
    }
}

fn roles_anywhere_denied(message: String) -> StsError {
    StsError {
        code: StsErrorCode::AccessDeniedException,
        message,
    }
}

/// The default attribute mapping: every subject and issuer attribute, and the SAN `DNS`,
/// `URI` and `Name` entries.
fn certificate_tags(certificate: &crate::model::CertificateDoc) -> Vec<Tag> {
    let mut tags = Vec::new();
    let mut push = |prefix: &str, key: &str, value: &str| {
        tags.push(Tag {
            key: format!("{prefix}/{key}"),
            value: value.to_owned(),
        });
    };
    for (key, value) in &certificate.subject {
        push("x509Subject", key, value);
    }
    for (key, value) in &certificate.issuer {
        push("x509Issuer", key, value);
    }
    for (key, value) in &certificate.san {
        push("x509SAN", key, value);
    }
    tags
}

/// Keys present in requests made with an instance's or a function's role credentials (IAM
/// User Guide, reference_policies_condition-keys.html: `ec2:SourceInstanceArn`,
/// `ec2:RoleDelivery`, `aws:Ec2InstanceSourceVpc`, `aws:Ec2InstanceSourcePrivateIPv4`,
/// `lambda:SourceFunctionArn`).
fn compute_context(resource: &crate::world::Resource) -> ContextKeys {
    match &resource.kind {
        ResourceKind::Ec2Instance {
            vpc_id, private_ip, ..
        } => {
            let mut keys = vec![
                single("ec2:SourceInstanceArn", &resource.arn),
                single("ec2:RoleDelivery", "2.0"),
            ];
            keys.extend(vpc_id.iter().map(|v| single("aws:Ec2InstanceSourceVpc", v)));
            keys.extend(
                private_ip
                    .iter()
                    .map(|ip| single("aws:Ec2InstanceSourcePrivateIPv4", ip)),
            );
            keys
        }
        ResourceKind::LambdaFunction { .. } => {
            vec![single("lambda:SourceFunctionArn", &resource.arn)]
        }
        _ => Vec::new(),
    }
}

/// A service assumes its role without caller-supplied tags, MFA, external id or source
/// identity.
fn reject_service_parameters(hop: &HopDoc) -> Result<(), StsError> {
    let extra = hop.external_id.is_some()
        || hop.mfa.is_some()
        || !hop.tags.is_empty()
        || !hop.transitive_tag_keys.is_empty()
        || hop.source_identity.is_some()
        || hop.session_policy.is_some()
        || !hop.policy_arns.is_empty();
    if extra {
        return Err(StsError::validation(
            "a service obtains role credentials without ExternalId, MFA, tags, source identity or session policies from the caller".to_owned(),
        ));
    }
    Ok(())
}
