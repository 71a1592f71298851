//! The catalogue of checks: every finding code the linter can emit, with its usual severity and
//! a one-line summary. The README's "Policy checks" table and the fixture tests are driven by
//! this list, so a new check cannot ship without both.

use iam_policy::Severity;

/// One check: its stable code, its usual severity, and what it finds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Check {
    /// Stable code, `lint/...`.
    pub code: &'static str,
    /// The severity the check normally reports (a few checks lower it in some contexts, as
    /// the summary says).
    pub severity: Severity,
    /// Whether the check needs the action catalogue (skipped when none is given).
    pub needs_catalog: bool,
    /// One line: what it finds.
    pub summary: &'static str,
}

macro_rules! checks {
    ($($name:ident = $code:literal, $severity:ident, $catalog:literal, $summary:literal;)*) => {
        $(
            #[doc = $summary]
            pub const $name: &str = $code;
        )*
        /// Every check, in the order the README lists them.
        pub const CHECKS: &[Check] = &[
            $(Check {
                code: $code,
                severity: Severity::$severity,
                needs_catalog: $catalog,
                summary: $summary,
            },)*
        ];
    };
}

checks! {
    // Policy document.
    MISSING_VERSION = "lint/missing-version", Warning, false,
        "No `Version`: the policy is read with the 2008-10-17 language and policy variables stay literal.";
    VERSION_VARIABLES = "lint/version-variables", Error, false,
        "Policy variables in a policy without `\"Version\": \"2012-10-17\"`: they are compared as literal text.";
    OLD_VERSION = "lint/old-version", Suggestion, false,
        "`\"Version\": \"2008-10-17\"`: use 2012-10-17.";
    POLICY_SIZE = "lint/policy-size", Error, false,
        "Over the size quota for the policy type (warning when only some attachments exceed it, e.g. managed vs inline).";
    DUPLICATE_SID = "lint/duplicate-sid", Warning, false,
        "The same `Sid` twice in a non-IAM policy (IAM policies reject it as a parse error).";
    EMPTY_SID = "lint/empty-sid", Suggestion, false,
        "`\"Sid\": \"\"`: remove it or name the statement.";
    EMPTY_ARRAY = "lint/empty-array", Suggestion, false,
        "An empty array (Action, Resource, principal or condition values): the element matches nothing.";
    EMPTY_OBJECT = "lint/empty-object", Suggestion, false,
        "An empty object (Condition, operator block or Principal).";
    // Actions.
    UNKNOWN_SERVICE = "lint/unknown-service", Error, true,
        "An action whose service prefix does not exist, with a \"did you mean\".";
    UNKNOWN_ACTION = "lint/unknown-action", Error, true,
        "An action the service does not have, with a \"did you mean\" (e.g. `s3:GetObjects` → `s3:GetObject`).";
    ACTION_MATCHES_NOTHING = "lint/action-matches-nothing", Error, true,
        "A wildcard action pattern that matches no action.";
    SERVICE_WILDCARD = "lint/service-wildcard", Suggestion, false,
        "A wildcard in the service prefix of an action (`*code*:Get*`): name the services.";
    REDUNDANT_ACTION = "lint/redundant-action", Suggestion, false,
        "An action already covered by another in the same statement (`s3:*` and `s3:GetObject`).";
    VARIABLE_NOT_SUPPORTED = "lint/variable-not-supported", Error, false,
        "A policy variable where IAM does not substitute it (Action, Principal, non-string operators).";
    // Resources.
    ARN_PARTITION = "lint/arn-partition", Error, false,
        "A resource ARN with an unknown partition (`aws`, `aws-cn`, `aws-us-gov`, ...).";
    ARN_SERVICE = "lint/arn-service", Error, true,
        "A resource ARN whose service does not exist or is not lower case.";
    ARN_REGION = "lint/arn-region", Error, true,
        "A resource ARN with a Region where its type has none (S3 buckets, IAM), none where it needs one, or an invalid Region.";
    ARN_ACCOUNT = "lint/arn-account", Error, true,
        "A resource ARN with an account where its type has none (S3 buckets), none where it needs one, or not 12 digits.";
    ARN_RESOURCE_TYPE = "lint/arn-resource-type", Error, true,
        "A resource ARN that matches no resource type of its service.";
    ARN_INCOMPLETE = "lint/arn-incomplete", Warning, false,
        "A resource ARN with fewer than six fields (IAM completes it with `*`).";
    RESOURCE_MISMATCH = "lint/resource-mismatch", Warning, true,
        "A resource of a type that none of the statement's actions act on.";
    ACTION_RESOURCE_MISMATCH = "lint/action-resource-mismatch", Warning, true,
        "An action none of whose resource types are in the statement's `Resource` (e.g. `s3:ListBucket` on `bucket/*`).";
    REDUNDANT_RESOURCE = "lint/redundant-resource", Suggestion, false,
        "A resource already covered by another in the same statement.";
    RESOURCE_STAR = "lint/resource-star", Suggestion, true,
        "`\"Resource\": \"*\"` for actions that all support resource-level permissions: name the resources.";
    MALFORMED_VARIABLE = "lint/malformed-variable", Error, false,
        "A `${` that is not a valid policy variable (missing brace, empty, spaces, unquoted default).";
    UNKNOWN_VARIABLE = "lint/unknown-variable", Error, true,
        "A policy variable naming an unknown or multivalued key: it never resolves.";
    // Conditions.
    UNKNOWN_CONDITION_KEY = "lint/unknown-condition-key", Error, true,
        "A condition key that is neither a global key nor one of its service's keys (warning for identity-provider keys).";
    DEPRECATED_CONDITION_KEY = "lint/deprecated-condition-key", Warning, false,
        "`aws:ARN`: use `aws:PrincipalArn`.";
    DUPLICATE_CONDITION_KEY = "lint/duplicate-condition-key", Error, false,
        "The same condition key twice in one operator block with different case.";
    OPERATOR_TYPE_MISMATCH = "lint/operator-type-mismatch", Warning, true,
        "An operator of the wrong type for its key (a date key with `StringEquals`, `aws:SourceIp` with `StringLike`).";
    INVALID_CONDITION_VALUE = "lint/invalid-condition-value", Error, false,
        "A value of the wrong type for its operator (a non-number for `NumericLessThan`) or malformed for its key (VPC ids, Regions, account ids).";
    DATE_EPOCH = "lint/date-epoch", Warning, false,
        "A date written as epoch seconds: use ISO 8601 (`2025-01-31T00:00:00Z`).";
    BOOL_VALUE_CASE = "lint/bool-value-case", Warning, false,
        "A boolean written other than `true`/`false` in lower case.";
    BOOL_MULTIPLE_VALUES = "lint/bool-multiple-values", Error, false,
        "`Bool` with several values for a single-valued key.";
    MISSING_QUALIFIER = "lint/missing-qualifier", Error, true,
        "A multivalued key (`aws:TagKeys`) without `ForAllValues:`/`ForAnyValue:`.";
    FOR_ALL_VALUES_SINGLE_VALUED = "lint/for-all-values-single-valued", SecurityWarning, true,
        "`ForAllValues:` on a single-valued key: true when the key is absent.";
    FOR_ANY_VALUE_SINGLE_VALUED = "lint/for-any-value-single-valued", Suggestion, true,
        "`ForAnyValue:` on a single-valued key: the qualifier is unnecessary.";
    FOR_ALL_VALUES_VACUOUS = "lint/for-all-values-vacuous", Warning, false,
        "`ForAllValues:` with a positive operator in an Allow without a `Null: false` check: passes when the key is absent.";
    IF_EXISTS_VACUOUS = "lint/if-exists-vacuous", Warning, false,
        "`...IfExists` on a guard key (MFA, source IP, org, tags) in an Allow: passes when the key is absent.";
    WILDCARD_WITHOUT_LIKE = "lint/wildcard-without-like", Warning, false,
        "`*` or `?` in a `StringEquals`/`ArnEquals`-style value where it is literal: use `StringLike`.";
    NULL_WITH_QUALIFIER = "lint/null-with-qualifier", Warning, false,
        "`ForAllValues:Null` (always true) or `ForAnyValue:Null` (always false).";
    IP_HOST_BITS = "lint/ip-host-bits", Suggestion, false,
        "A CIDR block with host bits set after the mask (improve the IP range).";
    PRIVATE_IP = "lint/private-ip", Error, false,
        "`aws:SourceIp` compared only with private addresses, which it never holds.";
    PRIVATE_IP_SUBSET = "lint/private-ip-subset", Suggestion, false,
        "`aws:SourceIp` values that include private ranges, which it never holds.";
    UNTRUSTWORTHY_KEY = "lint/untrustworthy-key", SecurityWarning, false,
        "`aws:Referer` or `aws:UserAgent` in an Allow: callers set them freely.";
    SENSITIVE_KEY_WILDCARD = "lint/sensitive-key-wildcard", Error, false,
        "A wildcard, or a caller-controlled variable, in an account, organization or VPC key (`aws:PrincipalOrgID`, `aws:SourceAccount`, ...).";
    MISSING_PAIRED_KEY = "lint/missing-paired-key", SecurityWarning, false,
        "`aws:VpcSourceIp` without `aws:SourceVpc`/`aws:SourceVpce` (private IPs repeat across VPCs).";
    REDUNDANT_CONDITION_VALUE = "lint/redundant-condition-value", Suggestion, false,
        "A condition value listed twice, or a bound that another value of the same `NumericLessThan`-style test makes redundant.";
    CONDITION_KEY_NOT_FOR_ACTION = "lint/condition-key-not-for-action", Warning, true,
        "A service condition key that none of the statement's actions support: it is never in the request.";
    TAG_KEY_NOT_SUPPORTED = "lint/tag-key-not-supported", SecurityWarning, true,
        "A tag condition key (`aws:ResourceTag/...`) for a service without tag-based authorization (suggestion in an Allow).";
    MFA_PATTERN = "lint/mfa-pattern", Warning, false,
        "An MFA test that misses long-term keys (`Bool` instead of `BoolIfExists` in a Deny) or uses `Null`.";
    // Statements.
    ALLOW_ALL = "lint/allow-all", SecurityWarning, false,
        "`Allow` of `\"*\"` on `\"*\"`: full administrator access.";
    ALLOW_NOT_ACTION = "lint/allow-not-action", SecurityWarning, false,
        "`Allow` with `NotAction`: grants every other action, including future ones.";
    ALLOW_NOT_RESOURCE = "lint/allow-not-resource", Warning, false,
        "`Allow` with `NotResource`: grants the actions on every other resource.";
    PASS_ROLE_STAR = "lint/pass-role-star", SecurityWarning, false,
        "`iam:PassRole` on `*` (or NotResource) without `iam:PassedToService`.";
    ASSUME_ROLE_STAR = "lint/assume-role-star", Warning, false,
        "`sts:AssumeRole` on `*`: any role that trusts the account can be assumed.";
    CREATE_SLR_STAR = "lint/create-slr-star", Warning, false,
        "`iam:CreateServiceLinkedRole` on `*` without `iam:AWSServiceName`.";
    REDUNDANT_STATEMENT = "lint/redundant-statement", Suggestion, false,
        "A statement fully covered by another statement of the same effect.";
    ALLOW_SHADOWED_BY_DENY = "lint/allow-shadowed-by-deny", Warning, false,
        "An Allow fully cancelled by an unconditional Deny in the same policy.";
    // Principals and trust.
    TRUST_OPEN_TO_EVERYONE = "lint/trust-open-to-everyone", SecurityWarning, false,
        "A trust policy that lets anyone (`\"*\"`, `{\"AWS\": \"*\"}`) assume the role with no condition on who.";
    RESOURCE_PUBLIC = "lint/resource-public", SecurityWarning, false,
        "A resource policy that allows `\"*\"` with no condition on who: public access.";
    TRUST_ACCOUNT_WITHOUT_CONDITION = "lint/trust-account-without-condition", Warning, false,
        "A trust policy open to a whole account without `sts:ExternalId`, MFA or a principal condition.";
    OIDC_TRUST_WITHOUT_CONDITIONS = "lint/oidc-trust-without-conditions", SecurityWarning, false,
        "A web identity (OIDC) trust without an `aud` or `sub` condition.";
    GITHUB_TRUST_WITHOUT_REPO = "lint/github-trust-without-repo", SecurityWarning, false,
        "A GitHub Actions trust without a repository-scoped `token.actions.githubusercontent.com:sub`.";
    GITHUB_TRUST_BROAD_SUB = "lint/github-trust-broad-sub", Warning, false,
        "A GitHub Actions `sub` condition that matches every repository of an organization.";
    SERVICE_PRINCIPAL_WITHOUT_SOURCE = "lint/service-principal-without-source", Warning, false,
        "A service principal without `aws:SourceAccount`/`aws:SourceArn` (confused deputy; suggestion in trust policies).";
    PRINCIPAL_UNIQUE_ID = "lint/principal-unique-id", Warning, false,
        "A principal written as a unique id (`AROA...`, `AIDA...`): IAM's trace of a deleted role or user, which matches no one.";
    TRUST_UNSUPPORTED_ACTION = "lint/trust-unsupported-action", Error, false,
        "An action in a trust policy other than the `sts:AssumeRole*` family, `sts:TagSession`, `sts:SetSourceIdentity`, `sts:SetContext`.";
    TRUST_ACTION_MISMATCH = "lint/trust-action-mismatch", Error, false,
        "A trust principal whose assume action is missing (SAML needs `AssumeRoleWithSAML`, OIDC `AssumeRoleWithWebIdentity`).";
    ROLES_ANYWHERE_ACTIONS = "lint/roles-anywhere-actions", Error, false,
        "An IAM Roles Anywhere trust without `sts:AssumeRole`, `sts:TagSession` and `sts:SetSourceIdentity`.";
    RCP_ACTION = "lint/rcp-action", Error, false,
        "An RCP action that is `*` or of a service RCPs do not cover (warning).";
}

/// Looks a check up by code.
pub fn check(code: &str) -> Option<&'static Check> {
    CHECKS.iter().find(|c| c.code == code)
}
