//! Loading a world: read the JSON, check every rule IAM, STS and AWS Organizations would
//! enforce on the same configuration, parse every policy with the rules of its policy type,
//! and resolve every reference. All problems are collected, each with its JSON path.

use std::collections::HashMap;

use iam_eval::NamedPolicy;
use iam_policy::principal::is_account_id;
use iam_policy::span::LineIndex;
use iam_policy::{PolicyError, PolicyKind};

use crate::clock::Clock;
use crate::edit::{default_region, entity_arn};
use crate::error::{EntityKind, LoadError, LoadErrorKind, LoadErrors, PolicyProblem};
use crate::model::{
    AccountDoc, FORMAT_VERSION, GroupDoc, IdentityProviderDoc, InlinePolicyDoc, InstanceProfileDoc,
    RoleDoc, Step, UserDoc, WorldDoc,
};
use crate::names::{
    iam_name_problem, is_access_key_id, is_account_alias, is_iam_path, is_region, tag_problem,
};
use crate::trust_index::TrustIndex;
use crate::world::{
    Account, Group, PolicyId, PolicyOrigin, Provider, ProviderKind, Role, RoleSource, StoredPolicy,
    User, World, tags_of,
};

mod expectations;
mod identity_center;
mod organization;
mod resources;

/// Reads and validates a world from its JSON text.
pub fn load(text: &str) -> Result<World, LoadErrors> {
    let doc = parse_doc(text).map_err(LoadErrors)?;
    load_doc(doc)
}

/// Validates an already-deserialized world document.
pub fn load_doc(doc: WorldDoc) -> Result<World, LoadErrors> {
    let mut loader = Loader::new(&doc);
    loader.load_all(&doc);
    if !loader.errors.is_empty() {
        return Err(LoadErrors(loader.errors));
    }
    let world = loader.finish(doc);
    let errors = expectations::check(&world);
    if errors.is_empty() {
        Ok(world)
    } else {
        Err(LoadErrors(errors))
    }
}

/// Reads the document's JSON and its format, locating every format problem by JSON path and
/// line/column.
pub(crate) fn parse_doc(text: &str) -> Result<WorldDoc, Vec<LoadError>> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|error| {
        let message = error.to_string();
        let message = message.split(" at line ").next().unwrap_or(&message);
        vec![format_error(
            "$".to_owned(),
            message.to_owned(),
            (error.line(), error.column()),
        )]
    })?;
    WorldDoc::from_value(&value).map_err(|problems| {
        let arena = iam_policy::json::Arena::new();
        let tree = iam_policy::json::parse(text, &arena).ok();
        let lines = LineIndex::new(text);
        problems
            .into_iter()
            .map(|problem| {
                let offset = tree
                    .as_ref()
                    .map_or(0, |tree| offset_of(tree, &problem.path));
                let at = lines.position(offset);
                let place = (at.line as usize, at.column as usize);
                format_error(problem.rendered_path(), problem.message, place)
            })
            .collect()
    })
}

fn format_error(path: String, message: String, (line, column): (usize, usize)) -> LoadError {
    LoadError::new(
        path,
        LoadErrorKind::Format {
            message,
            line,
            column,
        },
    )
}

/// Where `path` is written in the text: as deep as the path can be followed, the key of the
/// last member reached (an unknown field points at its name), else the value's start.
fn offset_of(tree: &iam_policy::json::Node<'_>, path: &[Step]) -> u32 {
    use iam_policy::json::Value;
    let mut node = tree;
    let mut offset = tree.span.start;
    for step in path {
        let next = match (step, &node.value) {
            (Step::Key(key), Value::Object(members)) => members
                .iter()
                .rev()
                .find(|member| member.key == key)
                .map(|member| (member.key_span.start, &member.value)),
            (Step::Index(index), Value::Array(items)) => {
                items.get(*index).map(|item| (item.span.start, item))
            }
            _ => None,
        };
        let Some((start, child)) = next else { break };
        offset = start;
        node = child;
    }
    offset
}

/// The state of one load: what is resolved so far and every problem found.
pub(crate) struct Loader {
    pub(crate) errors: Vec<LoadError>,
    pub(crate) policies: Vec<StoredPolicy>,
    aws_managed: HashMap<String, PolicyId>,
    pub(crate) accounts: Vec<Account>,
    pub(crate) account_index: HashMap<String, usize>,
    customer: HashMap<(usize, String), PolicyId>,
    pub(crate) users: Vec<User>,
    user_by_name: HashMap<(usize, String), usize>,
    pub(crate) groups: Vec<Group>,
    group_by_name: HashMap<(usize, String), usize>,
    pub(crate) roles: Vec<Role>,
    pub(crate) role_by_name: HashMap<(usize, String), usize>,
    pub(crate) providers: Vec<Provider>,
    pub(crate) world_parts: resources::Parts,
    pub(crate) organization: Option<crate::world::Organization>,
    pub(crate) identity_center: Option<crate::world::IdentityCenter>,
    pub(crate) external: Vec<crate::world::ExternalIdentity>,
    pub(crate) region: String,
    now: Option<Clock>,
}

impl Loader {
    fn new(doc: &WorldDoc) -> Loader {
        Loader {
            errors: Vec::new(),
            policies: Vec::new(),
            aws_managed: HashMap::new(),
            accounts: Vec::new(),
            account_index: HashMap::new(),
            customer: HashMap::new(),
            users: Vec::new(),
            user_by_name: HashMap::new(),
            groups: Vec::new(),
            group_by_name: HashMap::new(),
            roles: Vec::new(),
            role_by_name: HashMap::new(),
            providers: Vec::new(),
            world_parts: resources::Parts::default(),
            organization: None,
            identity_center: None,
            external: Vec::new(),
            region: default_region(doc).to_owned(),
            now: None,
        }
    }

    pub(crate) fn error(&mut self, path: impl Into<String>, kind: LoadErrorKind) {
        self.errors.push(LoadError::new(path, kind));
    }

    fn load_all(&mut self, doc: &WorldDoc) {
        if doc.version != FORMAT_VERSION {
            self.error(
                "$.version",
                LoadErrorKind::UnsupportedVersion { found: doc.version },
            );
            return;
        }
        self.settings(doc);
        self.accounts(&doc.accounts);
        for (index, account) in doc.accounts.iter().enumerate() {
            if self.account_index.get(&account.id) == Some(&index) {
                self.account_contents(index, account);
            }
        }
        if let Some(org) = &doc.organization {
            organization::load(self, org);
        }
        if let Some(idc) = &doc.identity_center {
            identity_center::load(self, idc);
        }
        resources::external_identities(self, &doc.external_identities);
    }

    fn settings(&mut self, doc: &WorldDoc) {
        if !is_region(&self.region) {
            let value = self.region.clone();
            self.error(
                "$.settings.region",
                LoadErrorKind::InvalidValue {
                    field: "region",
                    value,
                    rule: "a Region code such as us-east-1",
                },
            );
        }
        if let Some(now) = &doc.settings.now {
            self.now = Clock::parse(now);
            if self.now.is_none() {
                self.error(
                    "$.settings.now",
                    LoadErrorKind::InvalidValue {
                        field: "now",
                        value: now.clone(),
                        rule: "an ISO 8601 instant such as 2025-01-15T09:30:00Z",
                    },
                );
            }
        }
    }

    fn accounts(&mut self, accounts: &[AccountDoc]) {
        let mut first_alias: HashMap<String, usize> = HashMap::new();
        for (index, account) in accounts.iter().enumerate() {
            let path = format!("$.accounts[{index}]");
            if !is_account_id(&account.id) {
                self.error(
                    format!("{path}.id"),
                    LoadErrorKind::InvalidAccountId {
                        id: account.id.clone(),
                    },
                );
                continue;
            }
            if let Some(first) = self.account_index.get(&account.id) {
                let first = format!("$.accounts[{first}]");
                self.duplicate(
                    format!("{path}.id"),
                    EntityKind::Account,
                    &account.id,
                    first,
                );
                continue;
            }
            if let Some(alias) = &account.alias {
                self.alias(&path, alias, index, &mut first_alias);
            }
            self.account_index.insert(account.id.clone(), index);
            self.accounts.push(Account {
                id: account.id.clone(),
                alias: account.alias.clone(),
                name: account.name.clone(),
                placement: None,
            });
        }
    }

    fn alias(&mut self, path: &str, alias: &str, index: usize, seen: &mut HashMap<String, usize>) {
        if !is_account_alias(alias) {
            self.error(
                format!("{path}.alias"),
                LoadErrorKind::InvalidValue {
                    field: "alias",
                    value: alias.to_owned(),
                    rule: "3 to 63 lower-case letters, digits and hyphens, not starting or ending with a hyphen",
                },
            );
        } else if let Some(first) = seen.get(alias) {
            let first = format!("$.accounts[{first}].alias");
            self.duplicate(format!("{path}.alias"), EntityKind::Account, alias, first);
        } else {
            seen.insert(alias.to_owned(), index);
        }
    }

    /// The loader's own account index for the document's account at `doc_index` (they differ
    /// when an earlier account was rejected).
    fn account_slot(&self, id: &str) -> Option<usize> {
        self.account_index.get(id).copied()
    }

    fn account_contents(&mut self, doc_index: usize, account: &AccountDoc) {
        let Some(slot) = self.account_slot(&account.id) else {
            return;
        };
        let path = format!("$.accounts[{doc_index}]");
        self.customer_policies(slot, &path, account);
        for (index, group) in account.groups.iter().enumerate() {
            self.group(slot, &format!("{path}.groups[{index}]"), group);
        }
        for (index, user) in account.users.iter().enumerate() {
            self.user(slot, &format!("{path}.users[{index}]"), user);
        }
        for (index, role) in account.roles.iter().enumerate() {
            self.role(slot, &format!("{path}.roles[{index}]"), role);
        }
        for (index, provider) in account.identity_providers.iter().enumerate() {
            self.provider(
                slot,
                &format!("{path}.identity_providers[{index}]"),
                provider,
            );
        }
        for (index, profile) in account.instance_profiles.iter().enumerate() {
            self.instance_profile(slot, &format!("{path}.instance_profiles[{index}]"), profile);
        }
        for (index, resource) in account.resources.iter().enumerate() {
            resources::resource(self, slot, &format!("{path}.resources[{index}]"), resource);
        }
        if let Some(ra) = &account.roles_anywhere {
            resources::roles_anywhere(self, slot, &format!("{path}.roles_anywhere"), ra);
        }
    }

    fn customer_policies(&mut self, account: usize, path: &str, doc: &AccountDoc) {
        let mut seen: HashMap<String, String> = HashMap::new();
        for (index, policy) in doc.policies.iter().enumerate() {
            let here = format!("{path}.policies[{index}]");
            if !self.check_name(
                &format!("{here}.name"),
                EntityKind::Policy,
                &policy.name,
                128,
            ) {
                continue;
            }
            if !self.unique(&mut seen, &here, EntityKind::Policy, &policy.name) {
                continue;
            }
            let policy_path = policy.path.clone().unwrap_or_else(|| "/".to_owned());
            self.check_path(&format!("{here}.path"), &policy_path);
            let arn = entity_arn(
                self.account_id(account),
                "policy",
                Some(&policy_path),
                &policy.name,
            );
            let origin = PolicyOrigin {
                owner: format!("{}/policy/{}", self.account_id(account), policy.name),
                json_path: Some(format!("{here}.document")),
                arn: Some(arn),
            };
            let describe = format!("managed policy {}", policy.name);
            if let Some(id) = self.parse_policy(
                &policy.name,
                &describe,
                PolicyKind::Identity,
                &policy.document,
                origin,
            ) {
                self.customer
                    .insert((account, policy.name.to_ascii_lowercase()), id);
            }
        }
    }

    fn group(&mut self, account: usize, path: &str, doc: &GroupDoc) {
        if !self.check_name(&format!("{path}.name"), EntityKind::Group, &doc.name, 128) {
            return;
        }
        let key = (account, doc.name.to_ascii_lowercase());
        if let Some(&first) = self.group_by_name.get(&key) {
            let first = self
                .groups
                .get(first)
                .map(|g| g.arn.clone())
                .unwrap_or_default();
            self.duplicate(format!("{path}.name"), EntityKind::Group, &doc.name, first);
            return;
        }
        let entity_path = self.entity_path(&format!("{path}.path"), doc.path.as_deref());
        let owner = format!("{}/group/{}", self.account_id(account), doc.name);
        let mut policies = self.inline_policies(&owner, path, &doc.inline_policies);
        policies.extend(self.managed_list(account, path, &doc.managed_policies));
        let arn = entity_arn(
            self.account_id(account),
            "group",
            Some(&entity_path),
            &doc.name,
        );
        self.group_by_name.insert(key, self.groups.len());
        self.groups.push(Group {
            account,
            name: doc.name.clone(),
            arn,
            policies,
        });
    }

    fn user(&mut self, account: usize, path: &str, doc: &UserDoc) {
        if !self.check_name(&format!("{path}.name"), EntityKind::User, &doc.name, 64) {
            return;
        }
        let key = (account, doc.name.to_ascii_lowercase());
        if let Some(&first) = self.user_by_name.get(&key) {
            let first = self
                .users
                .get(first)
                .map(|u| u.json_path.clone())
                .unwrap_or_default();
            self.duplicate(format!("{path}.name"), EntityKind::User, &doc.name, first);
            return;
        }
        self.user_by_name.insert(key, self.users.len());
        let entity_path = self.entity_path(&format!("{path}.path"), doc.path.as_deref());
        let groups = self.user_groups(account, path, &doc.groups);
        let owner = format!("{}/user/{}", self.account_id(account), doc.name);
        let mut policies = self.inline_policies(&owner, path, &doc.inline_policies);
        policies.extend(self.managed_list(account, path, &doc.managed_policies));
        let boundary = self.boundary(account, path, doc.permissions_boundary.as_deref());
        self.check_tags(path, &doc.tags);
        self.check_access_keys(path, doc);
        let arn = entity_arn(
            self.account_id(account),
            "user",
            Some(&entity_path),
            &doc.name,
        );
        self.users.push(User {
            account,
            name: doc.name.clone(),
            path: entity_path,
            unique_id: iam_eval::context::simulated_unique_id("AIDA", &arn),
            arn,
            groups,
            policies,
            boundary,
            tags: tags_of(&doc.tags),
            mfa_devices: doc.mfa_devices.clone(),
            console_access: doc.console_access,
            active_access_keys: doc
                .access_keys
                .iter()
                .filter(|k| k.status == crate::model::KeyStatus::Active)
                .count(),
            json_path: path.to_owned(),
        });
    }

    fn user_groups(&mut self, account: usize, path: &str, names: &[String]) -> Vec<usize> {
        let mut groups = Vec::new();
        for (index, name) in names.iter().enumerate() {
            match self
                .group_by_name
                .get(&(account, name.to_ascii_lowercase()))
            {
                Some(&group) => groups.push(group),
                None => {
                    let scope = format!("account {}", self.account_id(account));
                    self.error(
                        format!("{path}.groups[{index}]"),
                        LoadErrorKind::Unknown {
                            entity: EntityKind::Group,
                            name: name.clone(),
                            scope,
                        },
                    );
                }
            }
        }
        groups
    }

    fn check_access_keys(&mut self, path: &str, doc: &UserDoc) {
        if doc.access_keys.len() > 2 {
            self.error(
                format!("{path}.access_keys"),
                LoadErrorKind::InvalidValue {
                    field: "access_keys",
                    value: format!("{} keys", doc.access_keys.len()),
                    rule: "an IAM user has at most two access keys",
                },
            );
        }
        for (index, key) in doc.access_keys.iter().enumerate() {
            if !is_access_key_id(&key.id) {
                self.error(
                    format!("{path}.access_keys[{index}].id"),
                    LoadErrorKind::InvalidValue {
                        field: "access key id",
                        value: key.id.clone(),
                        rule: "AKIA followed by 16 upper-case letters or digits (ids only: never store secrets)",
                    },
                );
            }
        }
    }

    fn role(&mut self, account: usize, path: &str, doc: &RoleDoc) {
        if !self.check_name(&format!("{path}.name"), EntityKind::Role, &doc.name, 64) {
            return;
        }
        let key = (account, doc.name.to_ascii_lowercase());
        if let Some(&first) = self.role_by_name.get(&key) {
            let first = self
                .roles
                .get(first)
                .map(|r| r.json_path.clone())
                .unwrap_or_default();
            self.duplicate(format!("{path}.name"), EntityKind::Role, &doc.name, first);
            return;
        }
        let entity_path = self.entity_path(&format!("{path}.path"), doc.path.as_deref());
        self.check_service_linked(path, doc, &entity_path);
        let max = self.max_session_duration(path, doc.max_session_duration);
        let arn = entity_arn(
            self.account_id(account),
            "role",
            Some(&entity_path),
            &doc.name,
        );
        let owner = format!("{}/role/{}", self.account_id(account), doc.name);
        let trust_origin = PolicyOrigin {
            owner: owner.clone(),
            json_path: Some(format!("{path}.trust_policy")),
            arn: None,
        };
        let trust_name = format!("{} trust policy", doc.name);
        let describe = format!("trust policy of role {}", doc.name);
        let trust = self.parse_policy(
            &trust_name,
            &describe,
            PolicyKind::Trust,
            &doc.trust_policy,
            trust_origin,
        );
        let mut policies = self.inline_policies(&owner, path, &doc.inline_policies);
        policies.extend(self.managed_list(account, path, &doc.managed_policies));
        let boundary = self.boundary(account, path, doc.permissions_boundary.as_deref());
        self.check_tags(path, &doc.tags);
        let Some(trust) = trust else { return };
        self.push_role(Role {
            account,
            name: doc.name.clone(),
            path: entity_path,
            unique_id: iam_eval::context::simulated_unique_id(
                "AROA",
                &format!("{}:{}", self.account_id(account), doc.name),
            ),
            arn,
            trust,
            policies,
            boundary,
            max_session_duration: max,
            tags: tags_of(&doc.tags),
            service_linked: doc.service_linked,
            source: RoleSource::Declared,
            json_path: path.to_owned(),
        });
    }

    pub(crate) fn push_role(&mut self, role: Role) -> usize {
        let index = self.roles.len();
        self.role_by_name
            .insert((role.account, role.name.to_ascii_lowercase()), index);
        self.roles.push(role);
        index
    }

    fn check_service_linked(&mut self, path: &str, doc: &RoleDoc, entity_path: &str) {
        if doc.service_linked != entity_path.starts_with("/aws-service-role/") {
            self.error(
                format!("{path}.path"),
                LoadErrorKind::InvalidValue {
                    field: "path",
                    value: entity_path.to_owned(),
                    rule: "service-linked roles, and only they, live under /aws-service-role/SERVICE/",
                },
            );
        }
    }

    pub(crate) fn max_session_duration(&mut self, path: &str, value: Option<u32>) -> u32 {
        let max = value.unwrap_or(3600);
        if !(3600..=43_200).contains(&max) {
            self.error(
                format!("{path}.max_session_duration"),
                LoadErrorKind::InvalidValue {
                    field: "max_session_duration",
                    value: max.to_string(),
                    rule: "3600 to 43200 seconds (1 to 12 hours)",
                },
            );
        }
        max
    }

    fn provider(&mut self, account: usize, path: &str, doc: &IdentityProviderDoc) {
        let id = self.account_id(account).to_owned();
        let (arn, kind) = match doc {
            IdentityProviderDoc::Saml { name, issuer } => {
                if !self.check_name(
                    &format!("{path}.name"),
                    EntityKind::IdentityProvider,
                    name,
                    128,
                ) {
                    return;
                }
                (
                    format!("arn:aws:iam::{id}:saml-provider/{name}"),
                    ProviderKind::Saml {
                        name: name.clone(),
                        issuer: issuer.clone(),
                    },
                )
            }
            IdentityProviderDoc::Oidc { url, client_ids } => {
                let Some(host_path) = url.strip_prefix("https://").filter(|h| !h.is_empty()) else {
                    self.error(
                        format!("{path}.url"),
                        LoadErrorKind::InvalidValue {
                            field: "url",
                            value: url.clone(),
                            rule: "an https:// issuer URL",
                        },
                    );
                    return;
                };
                let host_path = host_path.trim_end_matches('/').to_owned();
                (
                    format!("arn:aws:iam::{id}:oidc-provider/{host_path}"),
                    ProviderKind::Oidc {
                        host_path,
                        client_ids: client_ids.clone(),
                    },
                )
            }
        };
        if self.providers.iter().any(|p| p.arn == arn) {
            self.duplicate(
                path.to_owned(),
                EntityKind::IdentityProvider,
                &arn,
                "an earlier provider".to_owned(),
            );
            return;
        }
        self.providers.push(Provider { account, arn, kind });
    }

    fn instance_profile(&mut self, account: usize, path: &str, doc: &InstanceProfileDoc) {
        if !self.check_name(
            &format!("{path}.name"),
            EntityKind::InstanceProfile,
            &doc.name,
            128,
        ) {
            return;
        }
        let entity_path = self.entity_path(&format!("{path}.path"), doc.path.as_deref());
        let role = doc
            .role
            .as_deref()
            .and_then(|name| self.role_in(account, name, &format!("{path}.role")));
        let arn = entity_arn(
            self.account_id(account),
            "instance-profile",
            Some(&entity_path),
            &doc.name,
        );
        self.world_parts
            .instance_profiles
            .push(crate::world::InstanceProfile {
                account,
                name: doc.name.clone(),
                arn,
                role,
            });
    }

    /// A role of `account` by name, or an error at `path`.
    pub(crate) fn role_in(&mut self, account: usize, name: &str, path: &str) -> Option<usize> {
        let found = self
            .role_by_name
            .get(&(account, name.to_ascii_lowercase()))
            .copied();
        if found.is_none() {
            let scope = format!("account {}", self.account_id(account));
            self.error(
                path,
                LoadErrorKind::Unknown {
                    entity: EntityKind::Role,
                    name: name.to_owned(),
                    scope,
                },
            );
        }
        found
    }

    pub(crate) fn account_id(&self, account: usize) -> &str {
        self.accounts.get(account).map_or("", |a| a.id.as_str())
    }

    pub(crate) fn duplicate(
        &mut self,
        path: String,
        entity: EntityKind,
        name: &str,
        first: String,
    ) {
        self.error(
            path,
            LoadErrorKind::Duplicate {
                entity,
                name: name.to_owned(),
                first,
            },
        );
    }

    fn unique(
        &mut self,
        seen: &mut HashMap<String, String>,
        path: &str,
        entity: EntityKind,
        name: &str,
    ) -> bool {
        let key = name.to_ascii_lowercase();
        if let Some(first) = seen.get(&key) {
            let first = first.clone();
            self.duplicate(path.to_owned(), entity, name, first);
            return false;
        }
        seen.insert(key, path.to_owned());
        true
    }

    pub(crate) fn check_name(
        &mut self,
        path: &str,
        entity: EntityKind,
        name: &str,
        max: usize,
    ) -> bool {
        match iam_name_problem(name, max) {
            None => true,
            Some(rule) => {
                self.error(
                    path,
                    LoadErrorKind::InvalidName {
                        entity,
                        name: name.to_owned(),
                        rule,
                    },
                );
                false
            }
        }
    }

    fn check_path(&mut self, path: &str, value: &str) {
        if !is_iam_path(value) {
            self.error(
                path,
                LoadErrorKind::InvalidPath {
                    path: value.to_owned(),
                },
            );
        }
    }

    fn entity_path(&mut self, path: &str, value: Option<&str>) -> String {
        let value = value.unwrap_or("/");
        self.check_path(path, value);
        value.to_owned()
    }

    pub(crate) fn check_tags(
        &mut self,
        path: &str,
        tags: &std::collections::BTreeMap<String, String>,
    ) {
        if let Some((value, rule)) = tag_problem(tags.iter()) {
            self.error(
                format!("{path}.tags"),
                LoadErrorKind::InvalidValue {
                    field: "tag",
                    value,
                    rule,
                },
            );
        }
    }

    fn inline_policies(
        &mut self,
        owner: &str,
        path: &str,
        docs: &[InlinePolicyDoc],
    ) -> Vec<PolicyId> {
        let mut seen = HashMap::new();
        let mut ids = Vec::new();
        let short_owner = owner.rsplit('/').next().unwrap_or(owner).to_owned();
        for (index, doc) in docs.iter().enumerate() {
            let here = format!("{path}.inline_policies[{index}]");
            if !self.check_name(
                &format!("{here}.name"),
                EntityKind::InlinePolicy,
                &doc.name,
                128,
            ) || !self.unique(&mut seen, &here, EntityKind::InlinePolicy, &doc.name)
            {
                continue;
            }
            let origin = PolicyOrigin {
                owner: owner.to_owned(),
                json_path: Some(format!("{here}.document")),
                arn: None,
            };
            let name = format!("{short_owner}/{}", doc.name);
            let describe = format!("inline policy {} of {short_owner}", doc.name);
            ids.extend(self.parse_policy(
                &name,
                &describe,
                PolicyKind::Identity,
                &doc.document,
                origin,
            ));
        }
        ids
    }

    fn managed_list(&mut self, account: usize, path: &str, references: &[String]) -> Vec<PolicyId> {
        if references.len() > 20 {
            self.error(
                format!("{path}.managed_policies"),
                LoadErrorKind::InvalidValue {
                    field: "managed_policies",
                    value: format!("{} policies", references.len()),
                    rule: "at most 20 managed policies can be attached to one user, group or role",
                },
            );
        }
        references
            .iter()
            .enumerate()
            .filter_map(|(index, reference)| {
                self.managed_ref(
                    account,
                    reference,
                    &format!("{path}.managed_policies[{index}]"),
                )
            })
            .collect()
    }

    fn boundary(
        &mut self,
        account: usize,
        path: &str,
        reference: Option<&str>,
    ) -> Option<PolicyId> {
        let id = self.managed_ref(account, reference?, &format!("{path}.permissions_boundary"))?;
        Some(self.as_kind(id, PolicyKind::PermissionsBoundary))
    }

    /// A copy of a stored policy under another kind (a managed policy used as a boundary or a
    /// session policy); the rules of the three kinds are the same.
    pub(crate) fn as_kind(&mut self, id: PolicyId, kind: PolicyKind) -> PolicyId {
        let Some(stored) = self.policies.get(id) else {
            return id;
        };
        if stored.named.kind == kind {
            return id;
        }
        let mut copy = stored.clone();
        copy.named.kind = kind;
        self.policies.push(copy);
        self.policies.len() - 1
    }

    /// Resolves a managed policy reference: a customer managed policy of `account` by name or
    /// ARN, else an AWS managed policy by name or ARN.
    pub(crate) fn managed_ref(
        &mut self,
        account: usize,
        reference: &str,
        path: &str,
    ) -> Option<PolicyId> {
        if let Some(rest) = reference.strip_prefix("arn:aws:iam::aws:policy/") {
            let name = rest.rsplit('/').next().unwrap_or(rest);
            return self.aws_managed(name, path);
        }
        if let Some(rest) = reference.strip_prefix("arn:aws:iam::") {
            return self.customer_by_arn(account, reference, rest, path);
        }
        if let Some(&id) = self
            .customer
            .get(&(account, reference.to_ascii_lowercase()))
        {
            return Some(id);
        }
        if iam_managed_policies::managed_policy(reference).is_some() {
            return self.aws_managed(reference, path);
        }
        let scope = format!(
            "account {} or the AWS managed policies",
            self.account_id(account)
        );
        self.error(
            path,
            LoadErrorKind::Unknown {
                entity: EntityKind::Policy,
                name: reference.to_owned(),
                scope,
            },
        );
        None
    }

    fn customer_by_arn(
        &mut self,
        account: usize,
        reference: &str,
        rest: &str,
        path: &str,
    ) -> Option<PolicyId> {
        let (owner, resource) = rest.split_once(':').unwrap_or(("", rest));
        if owner != self.account_id(account) {
            self.error(
                path,
                LoadErrorKind::PolicyNotAttachable {
                    reference: reference.to_owned(),
                    reason: "a customer managed policy can only be attached in the account that owns it",
                },
            );
            return None;
        }
        let name = resource.rsplit('/').next().unwrap_or(resource);
        let found = self
            .customer
            .get(&(account, name.to_ascii_lowercase()))
            .copied();
        let matches = found
            .and_then(|id| self.policies.get(id))
            .is_some_and(|p| p.origin.arn.as_deref() == Some(reference));
        if !matches {
            let scope = format!("account {}", self.account_id(account));
            self.error(
                path,
                LoadErrorKind::Unknown {
                    entity: EntityKind::Policy,
                    name: reference.to_owned(),
                    scope,
                },
            );
            return None;
        }
        found
    }

    /// An AWS managed policy by name, parsed once per world.
    pub(crate) fn aws_managed(&mut self, name: &str, path: &str) -> Option<PolicyId> {
        let Some(managed) = iam_managed_policies::managed_policy(name) else {
            self.error(
                path,
                LoadErrorKind::Unknown {
                    entity: EntityKind::Policy,
                    name: name.to_owned(),
                    scope: "the bundled AWS managed policies".to_owned(),
                },
            );
            return None;
        };
        if let Some(&id) = self.aws_managed.get(managed.name) {
            return Some(id);
        }
        let Some(document) = managed.document() else {
            // Deferred and not installed yet (a build without `all-managed-policies`).
            self.error(
                path,
                LoadErrorKind::ManagedPolicyPending {
                    name: managed.name.to_owned(),
                },
            );
            return None;
        };
        let origin = PolicyOrigin {
            owner: "aws".to_owned(),
            json_path: None,
            arn: Some(managed.arn.to_owned()),
        };
        let describe = format!("AWS managed policy {}", managed.name);
        let id = self.parse_policy(
            managed.name,
            &describe,
            PolicyKind::Identity,
            document,
            origin,
        )?;
        self.aws_managed.insert(managed.name.to_owned(), id);
        Some(id)
    }

    /// Parses a policy text into the store; on failure records the located problems at the
    /// origin's JSON path.
    pub(crate) fn parse_policy(
        &mut self,
        name: &str,
        describe: &str,
        kind: PolicyKind,
        text: &str,
        origin: PolicyOrigin,
    ) -> Option<PolicyId> {
        match NamedPolicy::parse(name, kind, text) {
            Ok(named) => {
                self.policies.push(StoredPolicy { named, origin });
                Some(self.policies.len() - 1)
            }
            Err(errors) => {
                let path = origin.json_path.clone().unwrap_or_else(|| "$".to_owned());
                self.error(
                    path,
                    LoadErrorKind::Policy {
                        policy: describe.to_owned(),
                        problems: policy_problems(text, &errors),
                    },
                );
                None
            }
        }
    }

    fn finish(self, doc: WorldDoc) -> World {
        let trust_index = TrustIndex::build(self.roles.iter().map(|role| {
            self.policies
                .get(role.trust)
                .map_or(&[][..], |p| p.named.policy.statements.as_slice())
        }));
        let role_by_arn = self
            .roles
            .iter()
            .enumerate()
            .map(|(index, role)| (role.arn.clone(), index))
            .collect();
        let resource_by_arn = self
            .world_parts
            .resources
            .iter()
            .enumerate()
            .map(|(index, resource)| (resource.arn.clone(), index))
            .collect();
        let assume_grants = self
            .policies
            .iter()
            .map(|p| assume_grants(&p.named.policy))
            .collect();
        let mut world = World {
            warnings: Vec::new(),
            assume_grants,
            accounts: self.accounts,
            account_index: self.account_index,
            organization: self.organization,
            policies: self.policies,
            users: self.users,
            groups: self.groups,
            roles: self.roles,
            providers: self.providers,
            instance_profiles: self.world_parts.instance_profiles,
            resources: self.world_parts.resources,
            trust_anchors: self.world_parts.trust_anchors,
            ra_profiles: self.world_parts.ra_profiles,
            identity_center: self.identity_center,
            external: self.external,
            role_by_arn,
            resource_by_arn,
            trust_index,
            region: self.region,
            now: self.now,
            mfa_in_role_sessions: doc.settings.mfa_in_role_sessions,
            doc,
        };
        world.warnings = layout_warnings(&world);
        world
    }
}

/// The Allow statements of `policy` whose actions cover `sts:AssumeRole`.
fn assume_grants(policy: &iam_policy::Policy) -> Vec<usize> {
    policy
        .statements
        .iter()
        .filter(|s| {
            s.effect.value == iam_policy::Effect::Allow
                && iam_eval::matcher::action_matches(&s.action, "sts:AssumeRole")
        })
        .map(|s| s.index)
        .collect()
}

/// Layout entries that name no node: kept (the browser may know better), but reported.
fn layout_warnings(world: &World) -> Vec<String> {
    let nodes: std::collections::HashSet<String> = world.node_ids().into_iter().collect();
    world
        .doc
        .layout
        .keys()
        .filter(|key| !nodes.contains(*key))
        .map(|key| format!("$.layout: \"{key}\" names no node of this world"))
        .collect()
}

/// The engine's policy errors, located in the policy's own text.
pub(crate) fn policy_problems(text: &str, errors: &[PolicyError]) -> Vec<PolicyProblem> {
    let index = LineIndex::new(text);
    errors
        .iter()
        .map(|error| PolicyProblem {
            code: error.code(),
            message: error.kind.to_string(),
            policy_path: error.path.clone(),
            span: error.span,
            start: index.position(error.span.start),
        })
        .collect()
}
