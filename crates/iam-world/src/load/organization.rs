//! Loading the organization: the root, OUs and accounts, and the SCPs and RCPs attached at each
//! level.
//!
//! AWS Organizations User Guide: `FullAWSAccess` is attached to every root, OU and account when
//! SCPs are enabled, and an entity must keep at least one SCP ("SCP evaluation"); the
//! AWS managed `RCPFullAWSAccess` is attached everywhere and cannot be detached ("Resource
//! control policies"); at most five SCPs and five RCPs per entity and five levels of OUs under
//! the root ("Quotas for AWS Organizations").

use std::collections::HashMap;

use iam_policy::PolicyKind;

use crate::error::{EntityKind, LoadErrorKind};
use crate::model::{OrgAccountDoc, OrgPolicyType, OrgUnitDoc, OrganizationDoc};
use crate::names::{LOWER_ALNUM, derived_token};
use crate::world::{OrgLevel, Organization, Placement, PolicyId, PolicyOrigin};

use super::Loader;

/// The AWS managed SCP attached by default at every level.
const FULL_AWS_ACCESS: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*"
    }
  ]
}"#;

/// The AWS managed RCP attached at every level, which cannot be detached.
const RCP_FULL_AWS_ACCESS: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": "*",
      "Action": "*",
      "Resource": "*"
    }
  ]
}"#;

const MAX_POLICIES_PER_ENTITY: usize = 5;
const MAX_OU_DEPTH: usize = 5;

/// The policies attachable by name, and the per-level walk state.
struct OrgLoader<'l> {
    loader: &'l mut Loader,
    scps: HashMap<String, PolicyId>,
    rcps: HashMap<String, PolicyId>,
    rcp_full_access: Option<PolicyId>,
    org_id: String,
    placed: HashMap<usize, String>,
}

pub(crate) fn load(loader: &mut Loader, doc: &OrganizationDoc) {
    let Some(management) = loader.account_index.get(&doc.management_account).copied() else {
        loader.error(
            "$.organization.management_account",
            LoadErrorKind::Unknown {
                entity: EntityKind::Account,
                name: doc.management_account.clone(),
                scope: "the world's accounts".to_owned(),
            },
        );
        return;
    };
    let org_id = org_id(loader, doc);
    let mut org = OrgLoader {
        loader,
        scps: HashMap::new(),
        rcps: HashMap::new(),
        rcp_full_access: None,
        org_id: org_id.clone(),
        placed: HashMap::new(),
    };
    org.policies(doc);
    org.root(&doc.root);
    if !org.placed.contains_key(&management) {
        org.place_management(management, &doc.root);
    }
    loader.organization = Some(Organization {
        id: org_id,
        management_account: management,
    });
}

fn org_id(loader: &mut Loader, doc: &OrganizationDoc) -> String {
    match &doc.id {
        Some(id) => {
            let valid = id.strip_prefix("o-").is_some_and(|rest| {
                (10..=32).contains(&rest.len()) && rest.bytes().all(|b| LOWER_ALNUM.contains(&b))
            });
            if !valid {
                loader.error(
                    "$.organization.id",
                    LoadErrorKind::InvalidValue {
                        field: "organization id",
                        value: id.clone(),
                        rule: "o- followed by 10 to 32 lower-case letters or digits",
                    },
                );
            }
            id.clone()
        }
        None => format!(
            "o-{}",
            derived_token(&doc.management_account, LOWER_ALNUM, 10)
        ),
    }
}

impl OrgLoader<'_> {
    fn policies(&mut self, doc: &OrganizationDoc) {
        let builtin = |l: &mut Loader, name: &str, kind, text: &str| {
            let folder = if kind == PolicyKind::ServiceControl {
                "service_control_policy"
            } else {
                "resource_control_policy"
            };
            let origin = PolicyOrigin {
                owner: "organization".to_owned(),
                json_path: None,
                arn: Some(format!(
                    "arn:aws:organizations::aws:policy/{folder}/p-{name}"
                )),
            };
            l.parse_policy(
                name,
                &format!("AWS managed policy {name}"),
                kind,
                text,
                origin,
            )
        };
        if let Some(id) = builtin(
            self.loader,
            "FullAWSAccess",
            PolicyKind::ServiceControl,
            FULL_AWS_ACCESS,
        ) {
            self.scps.insert("fullawsaccess".to_owned(), id);
        }
        self.rcp_full_access = builtin(
            self.loader,
            "RCPFullAWSAccess",
            PolicyKind::ResourceControl,
            RCP_FULL_AWS_ACCESS,
        );
        for (index, policy) in doc.policies.iter().enumerate() {
            self.customer_policy(index, policy);
        }
    }

    fn customer_policy(&mut self, index: usize, policy: &crate::model::OrgPolicyDoc) {
        let path = format!("$.organization.policies[{index}]");
        let key = policy.name.to_ascii_lowercase();
        if self.scps.contains_key(&key) || self.rcps.contains_key(&key) || key == "rcpfullawsaccess"
        {
            self.loader.duplicate(
                format!("{path}.name"),
                EntityKind::OrganizationPolicy,
                &policy.name,
                "an earlier or AWS managed policy".to_owned(),
            );
            return;
        }
        let kind = match policy.kind {
            OrgPolicyType::Scp => PolicyKind::ServiceControl,
            OrgPolicyType::Rcp => PolicyKind::ResourceControl,
        };
        let origin = PolicyOrigin {
            owner: "organization".to_owned(),
            json_path: Some(format!("{path}.document")),
            arn: None,
        };
        let describe = match policy.kind {
            OrgPolicyType::Scp => format!("SCP {}", policy.name),
            OrgPolicyType::Rcp => format!("RCP {}", policy.name),
        };
        if let Some(id) =
            self.loader
                .parse_policy(&policy.name, &describe, kind, &policy.document, origin)
        {
            match policy.kind {
                OrgPolicyType::Scp => self.scps.insert(key, id),
                OrgPolicyType::Rcp => self.rcps.insert(key, id),
            };
        }
    }

    fn root(&mut self, root: &OrgUnitDoc) {
        let root_id = match &root.id {
            Some(id) => {
                self.check_id(
                    id,
                    "$.organization.root.id",
                    "r-",
                    "r- followed by 4 to 32 lower-case letters or digits",
                );
                id.clone()
            }
            None => format!("r-{}", derived_token(&self.org_id, LOWER_ALNUM, 4)),
        };
        let level = self.level(
            root,
            "$.organization.root",
            root_id.clone(),
            "Root".to_owned(),
        );
        let prefix = format!("{}/{root_id}/", self.org_id);
        let suffix = root_id.trim_start_matches("r-").to_owned();
        self.unit(root, "$.organization.root", vec![level], &prefix, &suffix);
    }

    fn check_id(&mut self, id: &str, path: &str, prefix: &str, rule: &'static str) {
        let valid = id.strip_prefix(prefix).is_some_and(|rest| {
            rest.len() >= 4 && rest.bytes().all(|b| LOWER_ALNUM.contains(&b) || b == b'-')
        });
        if !valid {
            self.loader.error(
                path,
                LoadErrorKind::InvalidValue {
                    field: "id",
                    value: id.to_owned(),
                    rule,
                },
            );
        }
    }

    /// Places the unit's accounts and walks its child OUs; `levels` ends with this unit.
    fn unit(
        &mut self,
        unit: &OrgUnitDoc,
        path: &str,
        levels: Vec<OrgLevel>,
        org_path: &str,
        root_suffix: &str,
    ) {
        if levels.len() > MAX_OU_DEPTH + 1 {
            self.loader.error(
                path,
                LoadErrorKind::Organization {
                    problem: "OUs nest at most five levels deep under the root".to_owned(),
                },
            );
            return;
        }
        for (index, account) in unit.accounts.iter().enumerate() {
            self.account(
                account,
                &format!("{path}.accounts[{index}]"),
                &levels,
                org_path,
            );
        }
        for (index, child) in unit.units.iter().enumerate() {
            let child_path = format!("{path}.units[{index}]");
            let name = child.name.clone().unwrap_or_else(|| format!("OU {index}"));
            let id = match &child.id {
                Some(id) => {
                    self.check_id(id, &format!("{child_path}.id"), "ou-", "ou- followed by the root's suffix, a hyphen and 8 to 32 lower-case letters or digits");
                    id.clone()
                }
                None => format!(
                    "ou-{root_suffix}-{}",
                    derived_token(&format!("{org_path}{name}"), LOWER_ALNUM, 8)
                ),
            };
            let mut child_levels = levels.clone();
            child_levels.push(self.level(child, &child_path, id.clone(), name));
            let child_org_path = format!("{org_path}{id}/");
            self.unit(
                child,
                &child_path,
                child_levels,
                &child_org_path,
                root_suffix,
            );
        }
    }

    fn account(&mut self, doc: &OrgAccountDoc, path: &str, levels: &[OrgLevel], org_path: &str) {
        let Some(slot) = self.loader.account_index.get(&doc.id).copied() else {
            self.loader.error(
                format!("{path}.id"),
                LoadErrorKind::Unknown {
                    entity: EntityKind::Account,
                    name: doc.id.clone(),
                    scope: "the world's accounts".to_owned(),
                },
            );
            return;
        };
        if let Some(first) = self.placed.get(&slot) {
            let problem = format!(
                "account {} is placed twice (first at {first}); an account is in exactly one OU or the root",
                doc.id
            );
            self.loader
                .error(path, LoadErrorKind::Organization { problem });
            return;
        }
        self.placed.insert(slot, path.to_owned());
        let unit = OrgUnitDoc {
            scps: doc.scps.clone(),
            rcps: doc.rcps.clone(),
            ..OrgUnitDoc::default()
        };
        let mut all = levels.to_vec();
        all.push(self.level(&unit, path, doc.id.clone(), format!("account {}", doc.id)));
        if let Some(account) = self.loader.accounts.get_mut(slot) {
            account.placement = Some(Placement {
                levels: all,
                org_path: org_path.to_owned(),
            });
        }
    }

    fn place_management(&mut self, management: usize, root: &OrgUnitDoc) {
        let id = self.loader.account_id(management).to_owned();
        let root_id = root
            .id
            .clone()
            .unwrap_or_else(|| format!("r-{}", derived_token(&self.org_id, LOWER_ALNUM, 4)));
        let root_level = self.level(
            root,
            "$.organization.root",
            root_id.clone(),
            "Root".to_owned(),
        );
        let org_path = format!("{}/{root_id}/", self.org_id);
        let doc = OrgAccountDoc {
            id,
            scps: None,
            rcps: Vec::new(),
        };
        // Placing under the root: the management account stays there unless moved.
        self.placed.remove(&management);
        self.account(
            &doc,
            "$.organization.management_account",
            &[root_level],
            &org_path,
        );
    }

    /// One level's attachments: SCPs (default `FullAWSAccess`) and RCPs (`RCPFullAWSAccess`
    /// plus the customer ones).
    fn level(&mut self, unit: &OrgUnitDoc, path: &str, id: String, name: String) -> OrgLevel {
        let scp_names: Vec<String> = unit
            .scps
            .clone()
            .unwrap_or_else(|| vec!["FullAWSAccess".to_owned()]);
        if unit.scps.as_ref().is_some_and(Vec::is_empty) {
            self.loader.error(
                format!("{path}.scps"),
                LoadErrorKind::Organization {
                    problem: "every root, OU and account keeps at least one SCP attached (omit the list for the default FullAWSAccess)".to_owned(),
                },
            );
        }
        let scps = self.attach(&scp_names, &format!("{path}.scps"), true);
        let mut rcps: Vec<PolicyId> = self.rcp_full_access.into_iter().collect();
        rcps.extend(self.attach(&unit.rcps, &format!("{path}.rcps"), false));
        OrgLevel {
            id,
            name,
            scps,
            rcps,
        }
    }

    fn attach(&mut self, names: &[String], path: &str, scp: bool) -> Vec<PolicyId> {
        if names.len() > MAX_POLICIES_PER_ENTITY {
            self.loader.error(
                path,
                LoadErrorKind::Organization {
                    problem: format!(
                        "{} policies attached; AWS Organizations allows at most five of a type per root, OU or account",
                        names.len()
                    ),
                },
            );
        }
        let mut ids = Vec::new();
        for (index, name) in names.iter().enumerate() {
            let table = if scp { &self.scps } else { &self.rcps };
            match table.get(&name.to_ascii_lowercase()) {
                Some(&id) => ids.push(id),
                None => self.loader.error(
                    format!("{path}[{index}]"),
                    LoadErrorKind::Unknown {
                        entity: EntityKind::OrganizationPolicy,
                        name: name.clone(),
                        scope: if scp {
                            "the organization's SCPs".to_owned()
                        } else {
                            "the organization's RCPs".to_owned()
                        },
                    },
                ),
            }
        }
        ids
    }
}
