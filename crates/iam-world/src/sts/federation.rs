//! Federated sign-ins: `AssumeRoleWithSAML`, `AssumeRoleWithWebIdentity`, and IAM Identity
//! Center (a SAML assumption of a permission set's role through the account's Identity Center
//! provider).

use base64::Engine as _;
use iam_eval::ContextValue;

use crate::check::{ContextKeys, single};
use crate::model::{HopDoc, StringOrList};
use crate::refs::BUILT_IN_WEB_IDENTITY;
use crate::session::Issuer;
use crate::trust_index::TrustKey;
use crate::world::{ExternalIdentity, ProviderKind, RoleSource, Tag, World};

use super::{Call, StsApi, StsError, StsErrorCode, validate};

/// The SAML recipient of AWS sign-in, the usual `SAML:aud` value.
const AWS_SAML_RECIPIENT: &str = "https://signin.aws.amazon.com/saml";

/// The parts of a SAML assertion that become condition keys (IAM User Guide,
/// reference_policies_iam-condition-keys.html, "Available keys for SAML-based federation").
struct Assertion<'a> {
    issuer: &'a str,
    recipient: &'a str,
    subject: &'a str,
    subject_type: &'a str,
}

impl World {
    pub(super) fn prepare_external(
        &self,
        identity: usize,
        role: usize,
        hop: &HopDoc,
    ) -> Result<Call, StsError> {
        match self.external.get(identity) {
            Some(identity @ ExternalIdentity::Saml { .. }) => {
                self.prepare_saml(identity, role, hop)
            }
            Some(identity @ ExternalIdentity::Oidc { .. }) => {
                self.prepare_web_identity(identity, role, hop)
            }
            Some(identity @ ExternalIdentity::RolesAnywhere { .. }) => {
                self.prepare_roles_anywhere(identity, role, hop)
            }
            None => Err(StsError::validation("unknown external identity".to_owned())),
        }
    }

    /// `AssumeRoleWithSAML` (STS API Reference): the caller is the SAML provider named as
    /// `PrincipalArn`; the session name, tags, transitive keys and source identity come from the
    /// assertion; MFA and an external id are not parameters of this call.
    fn prepare_saml(
        &self,
        identity: &ExternalIdentity,
        role: usize,
        hop: &HopDoc,
    ) -> Result<Call, StsError> {
        let ExternalIdentity::Saml {
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
            ..
        } = identity
        else {
            return Err(StsError::validation("not a SAML identity".to_owned()));
        };
        reject_assertion_parameters(hop, "AssumeRoleWithSAML", "the SAML assertion")?;
        let role_arn = self
            .roles
            .get(role)
            .map(|r| r.arn.clone())
            .unwrap_or_default();
        if roles
            .as_ref()
            .is_some_and(|listed| !listed.contains(&role_arn))
        {
            return Err(StsError {
                code: StsErrorCode::RoleNotInAssertion,
                message: format!(
                    "the IdP's assertion for {} does not list {role_arn} in its https://aws.amazon.com/SAML/Attributes/Role attribute, so it cannot be requested",
                    identity.name()
                ),
            });
        }
        let (provider, provider_name) = self.saml_provider(role, issuer)?;
        let assertion = Assertion {
            issuer,
            recipient,
            subject,
            subject_type,
        };
        let mut keys = self.saml_keys(role, &provider_name, &assertion);
        let carried = persistent_saml_keys(&keys);
        keys.extend(
            attributes
                .iter()
                .map(|(name, value)| saml_attribute(name, value)),
        );
        self.federated_call(FederatedCall {
            api: StsApi::AssumeRoleWithSaml,
            role,
            provider: provider.clone(),
            session_name: session_name.clone(),
            tags: tags.clone(),
            transitive: transitive_tag_keys.clone(),
            source_identity: source_identity.as_deref(),
            keys,
            carried,
            issuer: Issuer::Saml { provider },
            hop,
            duration: None,
        })
    }

    /// The role account's SAML provider for `issuer`, preferring one the trust policy names.
    fn saml_provider(&self, role: usize, issuer: &str) -> Result<(String, String), StsError> {
        let account = self.roles.get(role).map(|r| r.account);
        let candidates: Vec<(String, String)> = self
            .providers
            .iter()
            .filter(|p| Some(p.account) == account)
            .filter_map(|p| match &p.kind {
                ProviderKind::Saml { name, issuer: i } if i == issuer => {
                    Some((p.arn.clone(), name.clone()))
                }
                _ => None,
            })
            .collect();
        let named = |arn: &String| {
            self.trust_index
                .keys_of(role)
                .contains(&TrustKey::Provider(arn.clone()))
        };
        candidates
            .iter()
            .find(|(arn, _)| named(arn))
            .or_else(|| candidates.first())
            .cloned()
            .ok_or_else(|| StsError {
                code: StsErrorCode::InvalidIdentityToken,
                message: format!(
                    "no SAML provider in the role's account trusts the issuer {issuer}"
                ),
            })
    }

    /// `saml:aud`, `saml:iss`, `saml:sub`, `saml:sub_type`, `saml:namequalifier` and
    /// `saml:doc`; the name qualifier is `BASE64(SHA1(issuer + account id + "/" + provider
    /// name))` (IAM User Guide, id_roles_providers_saml.html "Uniquely identifying users in
    /// SAML-based federation").
    fn saml_keys(
        &self,
        role: usize,
        provider_name: &str,
        assertion: &Assertion<'_>,
    ) -> ContextKeys {
        let account = self
            .roles
            .get(role)
            .map(|r| self.account_id(r.account).to_owned())
            .unwrap_or_default();
        let qualifier = format!("{}{account}/{provider_name}", assertion.issuer);
        let digest = sha1_smol::Sha1::from(qualifier.as_bytes()).digest().bytes();
        vec![
            single("saml:aud", assertion.recipient),
            single("saml:iss", assertion.issuer),
            single("saml:sub", assertion.subject),
            single("saml:sub_type", assertion.subject_type),
            single(
                "saml:namequalifier",
                &base64::engine::general_purpose::STANDARD.encode(digest),
            ),
            single("saml:doc", &format!("{account}/{provider_name}")),
        ]
    }

    /// `AssumeRoleWithWebIdentity` (STS API Reference): the caller is the OIDC provider (or a
    /// built-in web identity provider); the token's `aud` must be one of the provider's client
    /// ids; claims become `PROVIDER:aud`, `PROVIDER:sub`, `PROVIDER:amr` keys (IAM User Guide,
    /// reference_policies_iam-condition-keys.html, "Available keys for OIDC federation").
    fn prepare_web_identity(
        &self,
        identity: &ExternalIdentity,
        role: usize,
        hop: &HopDoc,
    ) -> Result<Call, StsError> {
        let ExternalIdentity::Oidc {
            name,
            issuer,
            claims,
            tags,
            transitive_tag_keys,
            source_identity,
        } = identity
        else {
            return Err(StsError::validation("not an OIDC identity".to_owned()));
        };
        reject_assertion_parameters(hop, "AssumeRoleWithWebIdentity", "the token")?;
        let provider = self.oidc_provider(role, issuer, claims)?;
        let mut keys = oidc_claim_keys(issuer, claims);
        keys.push(single("aws:FederatedProvider", &provider));
        let session_name = hop.session_name.clone().unwrap_or_else(|| name.clone());
        self.federated_call(FederatedCall {
            api: StsApi::AssumeRoleWithWebIdentity,
            role,
            provider: provider.clone(),
            session_name,
            tags: tags.clone(),
            transitive: transitive_tag_keys.clone(),
            source_identity: source_identity.as_deref(),
            keys,
            carried: vec![single("aws:FederatedProvider", &provider)],
            issuer: Issuer::WebIdentity { provider },
            hop,
            duration: None,
        })
    }

    fn oidc_provider(
        &self,
        role: usize,
        issuer: &str,
        claims: &std::collections::BTreeMap<String, StringOrList>,
    ) -> Result<String, StsError> {
        if BUILT_IN_WEB_IDENTITY.contains(&issuer) {
            return Ok(issuer.to_owned());
        }
        let account = self.roles.get(role).map(|r| r.account);
        let provider = self
            .providers
            .iter()
            .filter(|p| Some(p.account) == account)
            .find_map(|p| match &p.kind {
                ProviderKind::Oidc {
                    host_path,
                    client_ids,
                } if host_path == issuer => Some((p.arn.clone(), client_ids)),
                _ => None,
            })
            .ok_or_else(|| StsError {
                code: StsErrorCode::InvalidIdentityToken,
                message: format!(
                    "No OpenIDConnect provider found in your account for https://{issuer}"
                ),
            })?;
        let audiences = values(claims.get("aud"));
        if !provider.1.is_empty() && !audiences.iter().any(|a| provider.1.contains(a)) {
            return Err(StsError {
                code: StsErrorCode::InvalidIdentityToken,
                message: format!(
                    "Incorrect token audience: {} is not a client id of the provider",
                    audiences.join(", ")
                ),
            });
        }
        Ok(provider.0)
    }

    /// An Identity Center sign-in: the user must be assigned the permission set in the role's
    /// account (directly or through a group); the assumption is an `AssumeRoleWithSAML` through
    /// the account's Identity Center provider with the user name as session name.
    pub(super) fn prepare_identity_center(
        &self,
        user: usize,
        role: usize,
        hop: &HopDoc,
    ) -> Result<Call, StsError> {
        let center = self
            .identity_center
            .as_ref()
            .ok_or_else(|| StsError::validation("no Identity Center".to_owned()))?;
        let user = center
            .users
            .get(user)
            .ok_or_else(|| StsError::validation("unknown Identity Center user".to_owned()))?;
        let stored = self
            .roles
            .get(role)
            .ok_or_else(|| StsError::validation("unknown role".to_owned()))?;
        let RoleSource::PermissionSet { permission_set } = &stored.source else {
            return Err(not_assigned(format!(
                "{} is not a role Identity Center provisioned for a permission set",
                stored.arn
            )));
        };
        if !self.assigned(&user.name, &user.groups, permission_set, stored.account) {
            return Err(not_assigned(format!(
                "{} is not assigned the permission set {permission_set} in account {}",
                user.name,
                self.account_id(stored.account)
            )));
        }
        reject_assertion_parameters(hop, "an Identity Center sign-in", "Identity Center")?;
        let provider_index = center.providers.get(&stored.account).copied();
        let provider = provider_index
            .and_then(|i| self.providers.get(i))
            .ok_or_else(|| StsError::validation("no Identity Center provider".to_owned()))?;
        let provider_name = provider
            .arn
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_owned();
        let assertion = Assertion {
            issuer: &center.issuer,
            recipient: AWS_SAML_RECIPIENT,
            subject: &user.name,
            subject_type: "persistent",
        };
        let keys = self.saml_keys(role, &provider_name, &assertion);
        let carried = persistent_saml_keys(&keys);
        let duration = center
            .permission_sets
            .iter()
            .find(|s| &s.name == permission_set)
            .map(|s| s.session_duration);
        self.federated_call(FederatedCall {
            api: StsApi::IdentityCenter,
            role,
            provider: provider.arn.clone(),
            session_name: user.name.clone(),
            tags: user.attributes.clone(),
            transitive: Vec::new(),
            source_identity: None,
            keys,
            carried,
            issuer: Issuer::IdentityCenter {
                user: user.name.clone(),
                permission_set: permission_set.clone(),
            },
            hop,
            duration,
        })
    }

    fn assigned(
        &self,
        user: &str,
        groups: &[String],
        permission_set: &str,
        account: usize,
    ) -> bool {
        let Some(center) = &self.identity_center else {
            return false;
        };
        center.assignments.iter().any(|a| {
            let set_matches = center
                .permission_sets
                .get(a.permission_set)
                .is_some_and(|s| s.name == permission_set);
            let principal_matches = match a.principal.split_once(':') {
                Some(("user", name)) => name.eq_ignore_ascii_case(user),
                Some(("group", name)) => groups.iter().any(|g| g.eq_ignore_ascii_case(name)),
                _ => false,
            };
            set_matches && principal_matches && a.accounts.contains(&account)
        })
    }

    /// Validates and assembles a federated call.
    fn federated_call(&self, spec: FederatedCall<'_>) -> Result<Call, StsError> {
        validate::session_name(&spec.session_name)?;
        validate::tags(&spec.tags)?;
        validate::transitive(&spec.tags, &spec.transitive, &[])?;
        let source_identity = self.source_identity(None, spec.source_identity)?;
        let role_max = self
            .roles
            .get(spec.role)
            .map_or(3600, |r| r.max_session_duration);
        let duration =
            validate::duration(spec.hop.duration_seconds.or(spec.duration), role_max, false)?;
        let session_policies = self.session_policies(spec.role, spec.hop)?;
        let mut call_keys = spec.keys;
        call_keys.push(single("sts:RoleSessionName", &spec.session_name));
        Ok(Call {
            api: spec.api,
            role: spec.role,
            session_name: spec.session_name,
            duration,
            new_tags: spec.tags,
            transitive_keys: spec.transitive,
            inherited_tags: Vec::new(),
            inherited_keys: Vec::new(),
            source_identity,
            session_policies,
            mfa_authenticated: false,
            chained: false,
            issuer: spec.issuer,
            carried: spec.carried,
            call_keys,
            caller_override: Some((spec.provider, Vec::new())),
            always_tag_session: false,
        })
    }
}

/// What varies between federated sign-ins.
struct FederatedCall<'h> {
    api: StsApi,
    role: usize,
    provider: String,
    session_name: String,
    tags: Vec<Tag>,
    transitive: Vec<String>,
    source_identity: Option<&'h str>,
    keys: ContextKeys,
    carried: ContextKeys,
    issuer: Issuer,
    hop: &'h HopDoc,
    duration: Option<u32>,
}

/// The SAML keys a session keeps for its later requests: of the SAML keys, only
/// `saml:namequalifier`, `saml:sub` and `saml:sub_type` remain available after the initial
/// authentication (IAM User Guide, reference_policies_iam-condition-keys.html, SAML keys).
fn persistent_saml_keys(keys: &ContextKeys) -> ContextKeys {
    keys.iter()
        .filter(|(key, _)| {
            matches!(
                key.as_str(),
                "saml:namequalifier" | "saml:sub" | "saml:sub_type"
            )
        })
        .cloned()
        .collect()
}

fn not_assigned(message: String) -> StsError {
    StsError {
        code: StsErrorCode::NotAssigned,
        message,
    }
}

/// Parameters these calls do not have: they come from the assertion or token (STS API
/// Reference: AssumeRoleWithSAML and AssumeRoleWithWebIdentity have no `ExternalId`,
/// `SerialNumber`, `TokenCode`, `Tags`, `TransitiveTagKeys` or `SourceIdentity` parameters).
fn reject_assertion_parameters(hop: &HopDoc, api: &str, source: &str) -> Result<(), StsError> {
    let given: Vec<&str> = [
        ("ExternalId", hop.external_id.is_some()),
        ("SerialNumber/TokenCode (MFA)", hop.mfa.is_some()),
        ("Tags", !hop.tags.is_empty()),
        ("TransitiveTagKeys", !hop.transitive_tag_keys.is_empty()),
        ("SourceIdentity", hop.source_identity.is_some()),
    ]
    .into_iter()
    .filter(|(_, present)| *present)
    .map(|(name, _)| name)
    .collect();
    if given.is_empty() {
        return Ok(());
    }
    Err(StsError::validation(format!(
        "{api} does not take {}: tags, transitive keys and source identity come from {source}, and MFA and external ids are not supported",
        given.join(", ")
    )))
}

fn values(value: Option<&StringOrList>) -> Vec<String> {
    match value {
        Some(StringOrList::One(one)) => vec![one.clone()],
        Some(StringOrList::Many(many)) => many.clone(),
        None => Vec::new(),
    }
}

fn saml_attribute(name: &str, value: &StringOrList) -> (String, ContextValue) {
    let key = format!("saml:{}", name.trim_start_matches("saml:"));
    match value {
        StringOrList::One(one) => (key, ContextValue::Single(one.clone())),
        StringOrList::Many(many) => (key, ContextValue::List(many.clone())),
    }
}

/// The claims AWS exposes as condition keys: `aud`, `sub` and `amr` for OIDC providers
/// (`amr` multivalued), plus `oaud` for Google (where `aud` is the `azp` claim when present),
/// `app_id`/`user_id` for Login with Amazon and `app_id`/`id` for Facebook.
fn oidc_claim_keys(
    issuer: &str,
    claims: &std::collections::BTreeMap<String, StringOrList>,
) -> ContextKeys {
    let mut available = vec!["sub", "amr"];
    match issuer {
        "accounts.google.com" => available.push("oaud"),
        "www.amazon.com" => available.extend(["app_id", "user_id"]),
        "graph.facebook.com" => available.extend(["app_id", "id"]),
        _ => {}
    }
    let mut keys: ContextKeys = available
        .iter()
        .filter_map(|claim| {
            let value = claims.get(*claim)?;
            let key = format!("{issuer}:{claim}");
            Some(match (claim, value) {
                (&"amr", v) => (key, ContextValue::List(values(Some(v)))),
                (_, StringOrList::One(one)) => (key, ContextValue::Single(one.clone())),
                (_, StringOrList::Many(many)) => (key, ContextValue::List(many.clone())),
            })
        })
        .collect();
    let audience = if issuer == "accounts.google.com" {
        claims.get("azp").or_else(|| claims.get("aud"))
    } else {
        claims.get("aud")
    };
    if let Some(audience) = audience {
        let key = format!("{issuer}:aud");
        keys.push(match audience {
            StringOrList::One(one) => (key, ContextValue::Single(one.clone())),
            StringOrList::Many(many) => (key, ContextValue::List(many.clone())),
        });
    }
    keys
}
