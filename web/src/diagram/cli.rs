//! What a person would type to take a hop for real: the AWS CLI command with the parameters
//! the trust policy needs (`--serial-number`/`--token-code`, `--external-id`, tags, source
//! identity), the environment variables that make the next command use the new session (as in
//! the cross-account tutorial), and a sample response with obviously fake credentials
//! (`EXAMPLE` in every secret, after the AWS documentation's `AKIAIOSFODNN7EXAMPLE`).
//!
//! Service roles (EC2, Lambda), Identity Center and Roles Anywhere have no `sts` command of
//! their own: each gets what its users actually run, or a note saying who makes the call.

use iam_world::model::HopDoc;
use iam_world::{AssumeOutcome, AssumeResult, Issuer, Session, StsApi};

use super::model::last_segment;

/// The command, exports and response of one hop.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Commands {
    /// The shell command(s), lines joined with ` \` continuations.
    pub command: String,
    /// `export AWS_…=…` lines for the issued session.
    pub exports: Option<String>,
    /// What the command prints: the JSON response, or the error.
    pub response: String,
    /// Who runs it, when it is not a person at a terminal.
    pub note: Option<String>,
}

/// What the hop needs to know beyond the outcome.
#[derive(Clone, Debug, Default)]
pub struct HopContext {
    /// Position in the chain (varies the fake key ids).
    pub index: usize,
    /// Whether the caller is a role session from an earlier hop.
    pub chained: bool,
    /// The MFA device serial the hop passes, when it passes one.
    pub mfa_serial: Option<String>,
    /// The identity provider, for federation hops.
    pub provider: Option<String>,
    /// The caller's name (external identity, Identity Center user, instance id).
    pub caller_name: String,
}

/// Quotes a value for a POSIX shell when it needs it.
fn shell(value: &str) -> String {
    let plain = !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+=,.@:/_-".contains(&b));
    if plain {
        value.to_owned()
    } else {
        format!("'{}'", value.replace('\'', "'\\''"))
    }
}

/// The fake credentials of hop `index`.
struct FakeCredentials {
    access_key: String,
    secret: String,
    token: String,
}

fn fake_credentials(index: usize) -> FakeCredentials {
    let digit = (index + 7) % 10;
    FakeCredentials {
        access_key: format!("ASIAIOSFODNN{digit}EXAMPLE"),
        secret: format!("wJalrXUtnFEMI/K7MDENG/bPxRfiCY{digit}EXAMPLEKEY"),
        token: format!(
            "IQoJb3JpZ2luX2VjEXAMPLE{digit}SessionTokenEXAMPLE//////////wEaCXVzLWVhc3QtMSJHEXAMPLE"
        ),
    }
}

/// `aws sts assume-role` and friends, one option per line.
fn command_lines(head: &str, options: &[(String, String)]) -> String {
    let mut lines = vec![head.to_owned()];
    lines.extend(options.iter().map(|(flag, value)| {
        if value.is_empty() {
            format!("  {flag}")
        } else {
            format!("  {flag} {value}")
        }
    }));
    lines.join(" \\\n")
}

fn assume_role_options(
    outcome: &AssumeOutcome,
    hop: &HopDoc,
    session_name: &str,
    context: &HopContext,
) -> Vec<(String, String)> {
    let mut options = vec![
        ("--role-arn".to_owned(), shell(&outcome.role)),
        ("--role-session-name".to_owned(), shell(session_name)),
    ];
    if hop.mfa.is_some() {
        let serial = hop
            .mfa
            .as_ref()
            .and_then(|m| m.serial_number.clone())
            .or_else(|| context.mfa_serial.clone())
            .unwrap_or_else(|| "arn:aws:iam::ACCOUNT:mfa/DEVICE".to_owned());
        let code = hop
            .mfa
            .as_ref()
            .and_then(|m| m.token_code.clone())
            .unwrap_or_else(|| "123456".to_owned());
        options.push(("--serial-number".to_owned(), shell(&serial)));
        options.push(("--token-code".to_owned(), shell(&code)));
    }
    if let Some(external) = &hop.external_id {
        options.push(("--external-id".to_owned(), shell(external)));
    }
    common_options(hop, &mut options);
    options
}

fn common_options(hop: &HopDoc, options: &mut Vec<(String, String)>) {
    if let Some(seconds) = hop.duration_seconds {
        options.push(("--duration-seconds".to_owned(), seconds.to_string()));
    }
    if let Some(source) = &hop.source_identity {
        options.push(("--source-identity".to_owned(), shell(source)));
    }
    if !hop.tags.is_empty() {
        let tags: Vec<String> = hop
            .tags
            .iter()
            .map(|(key, value)| shell(&format!("Key={key},Value={value}")))
            .collect();
        options.push(("--tags".to_owned(), tags.join(" ")));
    }
    if !hop.transitive_tag_keys.is_empty() {
        let keys: Vec<String> = hop.transitive_tag_keys.iter().map(|k| shell(k)).collect();
        options.push(("--transitive-tag-keys".to_owned(), keys.join(" ")));
    }
    if hop.session_policy.is_some() {
        options.push((
            "--policy".to_owned(),
            "file://session-policy.json".to_owned(),
        ));
    }
    if !hop.policy_arns.is_empty() {
        let arns: Vec<String> = hop.policy_arns.iter().map(|a| format!("arn={a}")).collect();
        options.push(("--policy-arns".to_owned(), arns.join(" ")));
    }
}

/// The CLI operation name, for error messages.
fn operation(api: StsApi) -> &'static str {
    match api {
        StsApi::AssumeRoleWithSaml | StsApi::IdentityCenter => "AssumeRoleWithSAML",
        StsApi::AssumeRoleWithWebIdentity => "AssumeRoleWithWebIdentity",
        StsApi::RolesAnywhere => "CreateSession",
        StsApi::AssumeRole | StsApi::ServiceAssumeRole => "AssumeRole",
    }
}

fn exports(credentials: &FakeCredentials) -> String {
    format!(
        "export AWS_ACCESS_KEY_ID={}\nexport AWS_SECRET_ACCESS_KEY={}\nexport AWS_SESSION_TOKEN={}\naws sts get-caller-identity",
        credentials.access_key, credentials.secret, credentials.token
    )
}

fn json_string(value: &str) -> String {
    serde_json::Value::String(value.to_owned()).to_string()
}

/// The JSON the CLI prints for an issued session.
fn response(
    api: StsApi,
    session: &Session,
    credentials: &FakeCredentials,
    context: &HopContext,
) -> String {
    let mut lines = vec![
        "{".to_owned(),
        "    \"Credentials\": {".to_owned(),
        format!(
            "        \"AccessKeyId\": {},",
            json_string(&credentials.access_key)
        ),
        format!(
            "        \"SecretAccessKey\": {},",
            json_string(&credentials.secret)
        ),
        format!(
            "        \"SessionToken\": {},",
            json_string(&credentials.token)
        ),
        format!(
            "        \"Expiration\": {}",
            json_string(&session.expires_at.iso8601())
        ),
        "    },".to_owned(),
        "    \"AssumedRoleUser\": {".to_owned(),
        format!(
            "        \"AssumedRoleId\": {},",
            json_string(&session.user_id)
        ),
        format!("        \"Arn\": {}", json_string(&session.arn)),
        "    }".to_owned(),
    ];
    let mut extra: Vec<String> = Vec::new();
    if let Some(source) = &session.source_identity {
        extra.push(format!("    \"SourceIdentity\": {}", json_string(source)));
    }
    match api {
        StsApi::AssumeRoleWithSaml | StsApi::IdentityCenter => {
            extra.push(format!(
                "    \"Subject\": {}",
                json_string(&context.caller_name)
            ));
            extra.push("    \"SubjectType\": \"persistent\"".to_owned());
            extra.push("    \"Audience\": \"https://signin.aws.amazon.com/saml\"".to_owned());
        }
        StsApi::AssumeRoleWithWebIdentity => {
            extra.push(format!(
                "    \"SubjectFromWebIdentityToken\": {}",
                json_string(&context.caller_name)
            ));
            extra.push("    \"Audience\": \"sts.amazonaws.com\"".to_owned());
            if let Some(provider) = &context.provider {
                extra.push(format!("    \"Provider\": {}", json_string(provider)));
            }
        }
        _ => {}
    }
    if !session.session_tags.is_empty() || !session.session_policy_names.is_empty() {
        extra.push("    \"PackedPolicySize\": 9".to_owned());
    }
    if !extra.is_empty() {
        if let Some(last) = lines.last_mut() {
            last.push(',');
        }
        let count = extra.len();
        for (i, line) in extra.into_iter().enumerate() {
            lines.push(if i + 1 < count {
                format!("{line},")
            } else {
                line
            });
        }
    }
    lines.push("}".to_owned());
    lines.join("\n")
}

/// The error the CLI prints for a refused hop.
fn error_text(outcome: &AssumeOutcome) -> String {
    let op = operation(outcome.api);
    match &outcome.result {
        AssumeResult::Denied { reason, .. } => {
            format!("An error occurred (AccessDenied) when calling the {op} operation: {reason}")
        }
        AssumeResult::Failed { error } => format!(
            "An error occurred ({}) when calling the {op} operation: {}",
            error.code.as_str(),
            error.message
        ),
        AssumeResult::Assumed { .. } => String::new(),
    }
}

/// The commands of one hop.
pub fn commands(outcome: &AssumeOutcome, hop: &HopDoc, context: &HopContext) -> Commands {
    let session = outcome.session();
    let credentials = fake_credentials(context.index);
    let session_name = session
        .map(|s| s.session_name.clone())
        .or_else(|| hop.session_name.clone())
        .unwrap_or_else(|| context.caller_name.clone());
    let role_name = last_segment(&outcome.role).to_owned();
    let (command, note) = match outcome.api {
        StsApi::AssumeRole => {
            let head = if context.chained {
                "# with the previous step's credentials exported\naws sts assume-role"
            } else {
                "aws sts assume-role"
            };
            (
                command_lines(
                    head,
                    &assume_role_options(outcome, hop, &session_name, context),
                ),
                None,
            )
        }
        StsApi::AssumeRoleWithSaml => {
            let provider = context
                .provider
                .clone()
                .unwrap_or_else(|| "arn:aws:iam::ACCOUNT:saml-provider/NAME".to_owned());
            let mut options = vec![
                ("--role-arn".to_owned(), shell(&outcome.role)),
                ("--principal-arn".to_owned(), shell(&provider)),
                (
                    "--saml-assertion".to_owned(),
                    "file://assertion.b64".to_owned(),
                ),
            ];
            common_options(hop, &mut options);
            (
                command_lines("aws sts assume-role-with-saml", &options),
                Some("The identity provider signs the assertion; the call itself needs no AWS credentials. The console does the same when you pick the role on the IdP's sign-in page.".to_owned()),
            )
        }
        StsApi::AssumeRoleWithWebIdentity => {
            let mut options = vec![
                ("--role-arn".to_owned(), shell(&outcome.role)),
                ("--role-session-name".to_owned(), shell(&session_name)),
                (
                    "--web-identity-token".to_owned(),
                    "file://token.jwt".to_owned(),
                ),
            ];
            common_options(hop, &mut options);
            (
                command_lines("aws sts assume-role-with-web-identity", &options),
                Some("The workload presents the OIDC token its provider issued (a GitHub Actions job does this through aws-actions/configure-aws-credentials); no AWS credentials are needed.".to_owned()),
            )
        }
        StsApi::ServiceAssumeRole => service_commands(outcome, &role_name),
        StsApi::IdentityCenter => {
            let account = outcome
                .role
                .split(':')
                .nth(4)
                .unwrap_or("ACCOUNT")
                .to_owned();
            let set = session
                .and_then(|s| match &s.issuer {
                    Issuer::IdentityCenter { permission_set, .. } => Some(permission_set.clone()),
                    _ => None,
                })
                .unwrap_or_else(|| role_name.clone());
            let profile = format!("{set}-{account}");
            (
                format!(
                    "aws configure sso --profile {profile}   # once: start URL, Region, account {account}, role {set}\naws sso login --profile {profile}\naws configure export-credentials --profile {profile} --format env"
                ),
                Some("Identity Center signs the user in and calls AssumeRoleWithSAML on the provisioned role; the AWS access portal does the same in the browser.".to_owned()),
            )
        }
        StsApi::RolesAnywhere => {
            let (anchor, profile) = session
                .and_then(|s| match &s.issuer {
                    Issuer::RolesAnywhere {
                        trust_anchor,
                        profile,
                    } => Some((trust_anchor.clone(), profile.clone())),
                    _ => None,
                })
                .unwrap_or_else(|| ("TRUST_ANCHOR_ARN".to_owned(), "PROFILE_ARN".to_owned()));
            let options = vec![
                (
                    "--certificate".to_owned(),
                    shell(&format!("{}.pem", context.caller_name)),
                ),
                (
                    "--private-key".to_owned(),
                    shell(&format!("{}.key", context.caller_name)),
                ),
                ("--trust-anchor-arn".to_owned(), shell(&anchor)),
                ("--profile-arn".to_owned(), shell(&profile)),
                ("--role-arn".to_owned(), shell(&outcome.role)),
            ];
            (
                command_lines("aws_signing_helper credential-process", &options),
                Some("The Roles Anywhere credential helper signs CreateSession with the certificate's private key; IAM Roles Anywhere then assumes the role.".to_owned()),
            )
        }
    };
    let (exports, response) = match session {
        Some(session) => (
            Some(exports(&credentials)),
            response(outcome.api, session, &credentials, context),
        ),
        None => (None, error_text(outcome)),
    };
    Commands {
        command,
        exports,
        response,
        note,
    }
}

fn service_commands(outcome: &AssumeOutcome, role_name: &str) -> (String, Option<String>) {
    let lambda =
        outcome.caller.contains(":lambda:") || outcome.caller.contains("lambda.amazonaws.com");
    if lambda {
        (
            "# inside the function: Lambda sets these for the execution role\nprintenv AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN".to_owned(),
            Some("Lambda assumes the execution role for each function instance and passes the credentials in its environment: nobody types an sts command.".to_owned()),
        )
    } else {
        (
            format!(
                "# on the instance (IMDSv2): EC2 already assumed the role\nTOKEN=$(curl -s -X PUT http://169.254.169.254/latest/api/token \\\n  -H \"X-aws-ec2-metadata-token-ttl-seconds: 21600\")\ncurl -s -H \"X-aws-ec2-metadata-token: $TOKEN\" \\\n  http://169.254.169.254/latest/meta-data/iam/security-credentials/{role_name}"
            ),
            Some("EC2 assumes the instance profile's role and serves the credentials on the instance metadata service; the SDKs and the CLI find them there.".to_owned()),
        )
    }
}

#[cfg(test)]
mod tests;
