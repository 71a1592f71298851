//! Reachability: every role a principal can reach through chains of role assumption, and the
//! reverse question, who can perform an action on a resource directly or through chains.
//!
//! Only the caller/role pairs a trust policy could allow are evaluated: the [`TrustIndex`]
//! maps each principal a trust policy names (account, user, role, session, service, provider,
//! unique id, `*`) to its roles. Each candidate pair is an actual [`World::assume`] with the
//! engine. When the default call is denied, the parameters the trust policy's conditions ask
//! for (MFA, external id, source identity, session name, session tags) are derived and the call
//! is tried again; a path then lists what it needs. Searches are breadth-first, so each role
//! is reported with a shortest path, and cycles end because a role is expanded once.
//!
//! [`TrustIndex`]: crate::trust_index::TrustIndex

use std::collections::{HashMap, HashSet, VecDeque};

use iam_eval::Decision;
use serde::Serialize;

use crate::check::ContextKeys;
use crate::clock::Clock;
use crate::error::RefError;
use crate::model::HopDoc;
use crate::session::Actor;
use crate::sts::{AssumeResult, StsApi};
use crate::trust_index::TrustKey;
use crate::world::World;

mod solve;

/// What a hop needs beyond a bare call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Requirement {
    /// MFA (`SerialNumber` and `TokenCode`).
    Mfa,
    /// An `ExternalId`.
    ExternalId {
        /// The value the trust policy expects.
        value: String,
    },
    /// A `SourceIdentity`.
    SourceIdentity {
        /// The value used.
        value: String,
    },
    /// A `RoleSessionName`.
    SessionName {
        /// The value used.
        value: String,
    },
    /// A session tag.
    SessionTag {
        /// Key.
        key: String,
        /// Value.
        value: String,
    },
    /// A transitive tag key.
    TransitiveTag {
        /// Key.
        key: String,
    },
}

/// One hop of a path.
#[derive(Clone, Debug, Serialize)]
pub struct ReachHop {
    /// The role assumed.
    pub role: String,
    /// The STS operation.
    pub api: StsApi,
    /// The parameters that make it succeed.
    pub parameters: HopDoc,
    /// What those parameters require of the caller.
    pub needs: Vec<Requirement>,
}

/// A role and the shortest way to it.
#[derive(Clone, Debug, Serialize)]
pub struct ReachPath {
    /// The role ARN.
    pub role: String,
    /// The hops, first to last.
    pub hops: Vec<ReachHop>,
}

/// Every role reachable from a principal.
#[derive(Clone, Debug, Serialize)]
pub struct Reach {
    /// The start principal.
    pub from: String,
    /// One entry per reachable role, nearest first.
    pub paths: Vec<ReachPath>,
    /// Candidate caller/role pairs the trust index produced.
    pub candidate_pairs: usize,
}

/// Search limits and extra context.
#[derive(Clone, Debug)]
pub struct ReachOptions {
    /// Longest chain considered.
    pub max_depth: usize,
    /// Context keys set in every evaluation.
    pub overrides: ContextKeys,
    /// Derive the parameters trust conditions ask for when a bare call is denied.
    pub solve_conditions: bool,
}

impl Default for ReachOptions {
    fn default() -> ReachOptions {
        ReachOptions {
            max_depth: 10,
            overrides: Vec::new(),
            solve_conditions: true,
        }
    }
}

/// One principal that can perform the action.
#[derive(Clone, Debug, Serialize)]
pub struct WhoCanAnswer {
    /// The start principal (user, role, root, external identity, instance, function).
    pub principal: String,
    /// The roles it assumes on the way (empty: directly).
    pub path: Vec<ReachHop>,
    /// The final decision's reason.
    pub reason: String,
}

/// The answer to "who can perform ACTION on RESOURCE".
#[derive(Clone, Debug, Serialize)]
pub struct WhoCan {
    /// The action.
    pub action: String,
    /// The resource.
    pub resource: String,
    /// Every principal that can, shortest path first.
    pub answers: Vec<WhoCanAnswer>,
    /// Paths found by the search that did not hold when the chain was replayed with real
    /// sessions (tags or source identity carried along the chain changed a decision).
    pub unconfirmed: Vec<WhoCanAnswer>,
}

/// A node of the search: an actor and how it was reached.
struct Node {
    actor: Actor,
    hops: Vec<ReachHop>,
}

impl World {
    /// Every role `start` can reach by chains of role assumption.
    pub fn reachable_roles(&self, start: &Actor, clock: Clock, options: &ReachOptions) -> Reach {
        let mut seen: HashSet<usize> = start.session().map(|s| s.role).into_iter().collect();
        let mut queue = VecDeque::from([Node {
            actor: start.clone(),
            hops: Vec::new(),
        }]);
        let mut reach = Reach {
            from: start.label(),
            paths: Vec::new(),
            candidate_pairs: 0,
        };
        while let Some(node) = queue.pop_front() {
            if node.hops.len() >= options.max_depth {
                continue;
            }
            let candidates = self.candidate_roles(&node.actor);
            reach.candidate_pairs += candidates.len();
            for role in candidates {
                if seen.contains(&role) {
                    continue;
                }
                let Some((session, hop)) = self.edge(&node.actor, role, clock, options) else {
                    continue;
                };
                seen.insert(role);
                let mut hops = node.hops.clone();
                hops.push(hop);
                reach.paths.push(ReachPath {
                    role: self
                        .roles
                        .get(role)
                        .map(|r| r.arn.clone())
                        .unwrap_or_default(),
                    hops: hops.clone(),
                });
                queue.push_back(Node {
                    actor: session,
                    hops,
                });
            }
        }
        reach
    }

    /// Roles whose trust policy names something `actor` is.
    fn candidate_roles(&self, actor: &Actor) -> Vec<usize> {
        match actor {
            Actor::Instance { .. } | Actor::Function { .. } => {
                self.compute_role(actor).into_iter().collect()
            }
            Actor::External { identity, .. } => self.external_candidates(*identity),
            Actor::IdentityCenterUser { .. } => self
                .identity_center
                .iter()
                .flat_map(|c| {
                    c.permission_sets
                        .iter()
                        .flat_map(|s| s.roles.iter().copied())
                })
                .collect(),
            other => self.trust_index.candidates(&self.trust_keys(other)),
        }
    }

    /// The trust-policy principals that match `actor`.
    fn trust_keys(&self, actor: &Actor) -> Vec<TrustKey> {
        match actor {
            Actor::User { user, arn, .. } => {
                let Some(user) = self.users.get(*user) else {
                    return Vec::new();
                };
                vec![
                    TrustKey::Anyone,
                    TrustKey::Account(self.account_id(user.account).to_owned()),
                    TrustKey::User(arn.clone()),
                    TrustKey::UniqueId(user.unique_id.clone()),
                ]
            }
            Actor::Session(session) => {
                let unique = self
                    .roles
                    .get(session.role)
                    .map(|r| r.unique_id.clone())
                    .unwrap_or_default();
                vec![
                    TrustKey::Anyone,
                    TrustKey::Account(session.account.clone()),
                    TrustKey::Role(session.account.clone(), session.role_name.clone()),
                    TrustKey::Session(
                        session.account.clone(),
                        session.role_name.clone(),
                        session.session_name.clone(),
                    ),
                    TrustKey::UniqueId(unique),
                ]
            }
            Actor::Service { name } => vec![TrustKey::Service(name.to_ascii_lowercase())],
            _ => Vec::new(),
        }
    }

    fn external_candidates(&self, identity: usize) -> Vec<usize> {
        use crate::world::{ExternalIdentity, ProviderKind};
        let providers: Vec<TrustKey> = match self.external.get(identity) {
            Some(ExternalIdentity::Saml { issuer, .. }) => self
                .providers
                .iter()
                .filter(|p| matches!(&p.kind, ProviderKind::Saml { issuer: i, .. } if i == issuer))
                .map(|p| TrustKey::Provider(p.arn.clone()))
                .collect(),
            Some(ExternalIdentity::Oidc { issuer, .. }) => {
                let mut keys: Vec<TrustKey> = self
                    .providers
                    .iter()
                    .filter(|p| matches!(&p.kind, ProviderKind::Oidc { host_path, .. } if host_path == issuer))
                    .map(|p| TrustKey::Provider(p.arn.clone()))
                    .collect();
                keys.push(TrustKey::Provider(issuer.clone()));
                keys
            }
            Some(ExternalIdentity::RolesAnywhere { profile, .. }) => {
                return self
                    .ra_profiles
                    .get(*profile)
                    .map(|p| p.roles.clone())
                    .unwrap_or_default();
            }
            None => Vec::new(),
        };
        self.trust_index.candidates(&providers)
    }

    /// Tries `actor` → `role`: a bare call, then (if allowed to) one with the parameters the
    /// conditions ask for. Returns the new session and the hop.
    fn edge(
        &self,
        actor: &Actor,
        role: usize,
        clock: Clock,
        options: &ReachOptions,
    ) -> Option<(Actor, ReachHop)> {
        let arn = self.roles.get(role)?.arn.clone();
        if !self.edge_possible(actor, role, &arn) {
            return None;
        }
        let bare = HopDoc {
            role: arn.clone(),
            ..HopDoc::default()
        };
        let outcome = self
            .assume_with(actor, &bare, clock, &options.overrides, false)
            .ok()?;
        let (outcome, parameters) = match outcome.result {
            AssumeResult::Assumed { .. } => (outcome, bare),
            _ if options.solve_conditions && solve::applicable(actor) => {
                let solved = solve::parameters(self, actor, role, &outcome)?;
                if solved == bare {
                    return None;
                }
                (
                    self.assume_with(actor, &solved, clock, &options.overrides, false)
                        .ok()?,
                    solved,
                )
            }
            _ => return None,
        };
        let session = outcome.session()?.clone();
        Some((
            Actor::Session(Box::new(session)),
            ReachHop {
                role: arn,
                api: outcome.api,
                needs: solve::requirements(&parameters),
                parameters,
            },
        ))
    }

    /// Every principal of the world that can perform `action` on `resource` (ARN or `*`),
    /// directly or through role chains; each with a shortest path, confirmed by replaying the
    /// chain with real sessions.
    pub fn who_can(
        &self,
        action: &str,
        resource: &str,
        clock: Clock,
        options: &ReachOptions,
    ) -> Result<WhoCan, RefError> {
        let mut search = ReverseSearch::new(self, action, resource, clock, options);
        search.targets()?;
        search.expand();
        search.direct_starts();
        Ok(search.finish())
    }
}

/// The state of a who-can search: for each role known to lead to the goal, the hop to take
/// from it and the role it leads to (`None` when its own session can act).
struct ReverseSearch<'w> {
    world: &'w World,
    action: &'w str,
    resource: &'w str,
    clock: Clock,
    options: &'w ReachOptions,
    next: HashMap<usize, Option<(ReachHop, usize)>>,
    frontier: Vec<usize>,
    answers: Vec<(Actor, Vec<ReachHop>)>,
    relevant: solve::Relevance,
}

impl<'w> ReverseSearch<'w> {
    fn new(
        world: &'w World,
        action: &'w str,
        resource: &'w str,
        clock: Clock,
        options: &'w ReachOptions,
    ) -> ReverseSearch<'w> {
        ReverseSearch {
            world,
            action,
            resource,
            clock,
            options,
            next: HashMap::new(),
            frontier: Vec::new(),
            answers: Vec::new(),
            relevant: solve::Relevance::new(world, action, resource),
        }
    }

    fn allows(&self, actor: &Actor) -> Result<bool, RefError> {
        Ok(self.decide(actor)?.decision == Decision::Allow)
    }

    /// The goal's decision for `actor`, without the explanation tree.
    fn decide(&self, actor: &Actor) -> Result<crate::check::Check, RefError> {
        let spec = crate::check::RequestSpec {
            purpose: "who-can".to_owned(),
            actor,
            action: self.action,
            resource: self.resource,
            clock: self.clock,
            call_keys: Vec::new(),
            overrides: &self.options.overrides,
            caller_override: None,
            explain: false,
        };
        self.world.build_check(spec)
    }

    /// Roles whose own sessions can act.
    fn targets(&mut self) -> Result<(), RefError> {
        for role in 0..self.world.roles.len() {
            if !self.relevant.role_may_act(self.world, role) {
                continue;
            }
            let Some(session) = self.world.fresh_session(role, "session", self.clock) else {
                continue;
            };
            if self.allows(&Actor::Session(Box::new(session)))? {
                self.next.insert(role, None);
                self.frontier.push(role);
            }
        }
        Ok(())
    }

    /// Walks trust relations backwards from the roles that lead to the goal.
    fn expand(&mut self) {
        let mut depth = 0;
        while !self.frontier.is_empty() && depth < self.options.max_depth {
            depth += 1;
            let frontier = std::mem::take(&mut self.frontier);
            for target in frontier {
                for caller in self.callers_of(target) {
                    self.try_caller(caller, target);
                }
            }
        }
    }

    fn try_caller(&mut self, caller: Actor, target: usize) {
        let caller_role = caller.session().map(|s| s.role);
        if caller_role.is_some_and(|r| self.next.contains_key(&r)) {
            return;
        }
        let Some((_, hop)) = self.world.edge(&caller, target, self.clock, self.options) else {
            return;
        };
        match caller_role {
            Some(role) => {
                self.next.insert(role, Some((hop, target)));
                self.frontier.push(role);
            }
            None => {
                let mut path = vec![hop];
                path.extend(self.path_from(target));
                self.answers.push((caller, path));
            }
        }
    }

    /// The principals a role's trust policy names, as actors.
    fn callers_of(&self, role: usize) -> Vec<Actor> {
        let world = self.world;
        let mut callers = Vec::new();
        let mut roles_added = HashSet::new();
        let mut add_role = |callers: &mut Vec<Actor>, r: usize, name: &str| {
            if r != role && roles_added.insert(r) {
                if let Some(session) = world.fresh_session(r, name, self.clock) {
                    callers.push(Actor::Session(Box::new(session)));
                }
            }
        };
        for key in world.trust_index.keys_of(role) {
            match key {
                TrustKey::Anyone => {
                    callers.extend(world.user_actors(None));
                    for r in 0..world.roles.len() {
                        add_role(&mut callers, r, "session");
                    }
                }
                TrustKey::Account(id) => {
                    let account = world.account_by_id(id);
                    callers.extend(
                        account
                            .map(|a| world.user_actors(Some(a)))
                            .unwrap_or_default(),
                    );
                    for r in (0..world.roles.len())
                        .filter(|&r| world.roles.get(r).map(|x| x.account) == account)
                    {
                        add_role(&mut callers, r, "session");
                    }
                }
                TrustKey::User(arn) => callers.extend(
                    world
                        .user_actors(None)
                        .into_iter()
                        .filter(|a| a.label() == *arn),
                ),
                TrustKey::Role(account, name) | TrustKey::Session(account, name, _) => {
                    let session = match key {
                        TrustKey::Session(_, _, s) => s.as_str(),
                        _ => "session",
                    };
                    if let Some(r) = world
                        .account_by_id(account)
                        .and_then(|a| world.role_in(a, name))
                    {
                        add_role(&mut callers, r, session);
                    }
                }
                TrustKey::UniqueId(id) => {
                    callers.extend(world.user_actors(None).into_iter().filter(|a| matches!(a, Actor::User { user, .. } if world.users.get(*user).is_some_and(|u| &u.unique_id == id))));
                    if let Some(r) = world.roles.iter().position(|x| &x.unique_id == id) {
                        add_role(&mut callers, r, "session");
                    }
                }
                TrustKey::Service(_) | TrustKey::Provider(_) => {}
            }
        }
        callers.extend(world.non_iam_callers(role));
        callers
    }

    /// Users, roots, anonymous callers and the services the resource's policy names, acting
    /// directly.
    fn direct_starts(&mut self) {
        let world = self.world;
        let mut starts = world.user_actors(None);
        starts.extend((0..world.accounts.len()).map(|account| Actor::Root {
            account,
            arn: format!("arn:aws:iam::{}:root", world.account_id(account)),
        }));
        starts.push(Actor::Anonymous);
        starts.extend(
            world
                .services_named(self.resource)
                .into_iter()
                .map(|name| Actor::Service { name }),
        );
        for actor in starts {
            if self
                .answers
                .iter()
                .any(|(a, p)| a.label() == actor.label() && p.is_empty())
            {
                continue;
            }
            if self.allows(&actor).unwrap_or(false) {
                self.answers.push((actor, Vec::new()));
            }
        }
    }

    fn path_from(&self, mut role: usize) -> Vec<ReachHop> {
        let mut path = Vec::new();
        while let Some(Some((hop, next))) = self.next.get(&role) {
            path.push(hop.clone());
            role = *next;
            if path.len() > self.world.roles.len() {
                break;
            }
        }
        path
    }

    /// Confirms each answer by replaying its chain, and adds the roles themselves.
    fn finish(self) -> WhoCan {
        let mut who = WhoCan {
            action: self.action.to_owned(),
            resource: self.resource.to_owned(),
            answers: Vec::new(),
            unconfirmed: Vec::new(),
        };
        let mut roles: Vec<usize> = self.next.keys().copied().collect();
        iam_policy::sort::sort(&mut roles);
        let mut candidates: Vec<(Actor, Vec<ReachHop>)> = self.answers.clone();
        for role in roles {
            if let Some(session) = self.world.fresh_session(role, "session", self.clock) {
                candidates.push((Actor::Session(Box::new(session)), self.path_from(role)));
            }
        }
        iam_policy::sort::sort_by_key(&mut candidates, |(_, path)| path.len());
        for (actor, path) in candidates {
            let principal = match &actor {
                Actor::Session(session) => session.role_arn.clone(),
                other => other.label(),
            };
            let (confirmed, reason) = self.replay(&actor, &path);
            let answer = WhoCanAnswer {
                principal,
                path,
                reason,
            };
            if confirmed {
                who.answers.push(answer);
            } else {
                who.unconfirmed.push(answer);
            }
        }
        who
    }

    /// Replays a path with real sessions (decisions only): the source identity and transitive
    /// tags carried along the chain may change a decision the search made with fresh sessions.
    fn replay(&self, actor: &Actor, path: &[ReachHop]) -> (bool, String) {
        let mut current = actor.clone();
        for hop in path {
            let outcome = match self.world.assume_with(
                &current,
                &hop.parameters,
                self.clock,
                &self.options.overrides,
                false,
            ) {
                Ok(outcome) => outcome,
                Err(error) => return (false, error.to_string()),
            };
            match outcome.session() {
                Some(session) => current = Actor::Session(Box::new(session.clone())),
                None => return (false, format!("the chain stopped at {}", hop.role)),
            }
        }
        match self.decide(&current) {
            Ok(check) => (
                check.decision == Decision::Allow,
                check.explanation.outcome.reason,
            ),
            Err(error) => (false, error.to_string()),
        }
    }
}

impl World {
    /// A necessary condition for `actor` to assume `role`, checked without the engine: unless
    /// the trust policy names the caller itself (or `*`) in the same account, an identity-based
    /// Allow for `sts:AssumeRole` on the role is required (IAM User Guide,
    /// id_roles_use_permissions-to-switch.html; reference_policies_evaluation-logic-cross-account.html),
    /// so a caller with no statement that could cover it is skipped.
    fn edge_possible(&self, actor: &Actor, role: usize, role_arn: &str) -> bool {
        let (account, policies) = match actor {
            Actor::User { user, .. } => {
                let Some(user) = self.users.get(*user) else {
                    return false;
                };
                let mut policies = user.policies.clone();
                for &group in &user.groups {
                    policies.extend(
                        self.groups
                            .get(group)
                            .map(|g| g.policies.clone())
                            .unwrap_or_default(),
                    );
                }
                (user.account, policies)
            }
            Actor::Session(session) => match self.roles.get(session.role) {
                Some(caller) => (caller.account, caller.policies.clone()),
                None => return false,
            },
            _ => return true,
        };
        let same_account = self.roles.get(role).is_some_and(|r| r.account == account);
        if same_account && self.trust_names_directly(actor, role) {
            return true;
        }
        policies
            .iter()
            .any(|&policy| self.statement_may_cover(policy, role_arn))
    }

    /// Whether the trust policy of `role` names `actor` itself, its role, or `*`.
    fn trust_names_directly(&self, actor: &Actor, role: usize) -> bool {
        let keys = self.trust_keys(actor);
        self.trust_index
            .keys_of(role)
            .iter()
            .any(|k| !matches!(k, TrustKey::Account(_)) && keys.contains(k))
    }

    /// Whether an `sts:AssumeRole` Allow statement of `policy` could cover `role_arn`
    /// (conditions and policy variables are assumed to hold).
    fn statement_may_cover(&self, policy: usize, role_arn: &str) -> bool {
        let (Some(stored), Some(grants)) =
            (self.policies.get(policy), self.assume_grants.get(policy))
        else {
            return false;
        };
        grants
            .iter()
            .filter_map(|&i| stored.named.policy.statements.get(i))
            .any(|statement| {
                let Some(block) = &statement.resource else {
                    return true;
                };
                let matched = block.items.iter().any(|item| match &item.pattern {
                    iam_policy::ast::ResourcePattern::Any
                    | iam_policy::ast::ResourcePattern::WithVariables(_) => true,
                    iam_policy::ast::ResourcePattern::Arn(pattern) => pattern.is_match(role_arn),
                });
                // NotResource: whether it excludes the role depends on details; keep the pair.
                block.negated || matched
            })
    }

    /// The service principals the resource's policy names (they can act on it directly).
    fn services_named(&self, resource: &str) -> Vec<String> {
        let Some(policy) = self
            .find_resource(resource)
            .and_then(|(r, _)| self.resources.get(r))
            .and_then(|r| r.policy)
            .and_then(|p| self.policies.get(p))
        else {
            return Vec::new();
        };
        let mut names: Vec<String> = policy
            .named
            .policy
            .statements
            .iter()
            .filter_map(|s| s.principal.as_ref())
            .filter_map(|block| match &block.principals {
                iam_policy::ast::Principals::Listed(entries) => Some(entries),
                iam_policy::ast::Principals::Everyone => None,
            })
            .flatten()
            .filter_map(|entry| match &entry.pattern {
                iam_policy::principal::PrincipalPattern::Service(name) => Some(name.clone()),
                _ => None,
            })
            .collect();
        iam_policy::sort::sort(&mut names);
        names.dedup();
        names
    }

    /// IAM users as actors with their default credentials (of one account, or all).
    fn user_actors(&self, account: Option<usize>) -> Vec<Actor> {
        self.users
            .iter()
            .enumerate()
            .filter(|(_, u)| account.is_none_or(|a| a == u.account))
            .map(|(index, u)| Actor::User {
                user: index,
                arn: u.arn.clone(),
                credentials: self.default_credentials(index),
            })
            .collect()
    }

    /// External identities, Identity Center users, instances and functions that may obtain
    /// `role` directly.
    fn non_iam_callers(&self, role: usize) -> Vec<Actor> {
        let mut callers: Vec<Actor> = (0..self.external.len())
            .filter(|&i| self.external_candidates(i).contains(&role))
            .filter_map(|i| {
                Some(Actor::External {
                    identity: i,
                    name: self.external.get(i)?.name().to_owned(),
                })
            })
            .collect();
        if let Some(center) = &self.identity_center {
            if center
                .permission_sets
                .iter()
                .any(|s| s.roles.contains(&role))
            {
                callers.extend(center.users.iter().enumerate().map(|(i, u)| {
                    Actor::IdentityCenterUser {
                        user: i,
                        name: u.name.clone(),
                    }
                }));
            }
        }
        for (index, resource) in self.resources.iter().enumerate() {
            let actor = match resource.kind {
                crate::world::ResourceKind::Ec2Instance { .. } => Actor::Instance {
                    resource: index,
                    arn: resource.arn.clone(),
                },
                crate::world::ResourceKind::LambdaFunction { .. } => Actor::Function {
                    resource: index,
                    arn: resource.arn.clone(),
                },
                _ => continue,
            };
            if self.compute_role(&actor) == Some(role) {
                callers.push(actor);
            }
        }
        callers
    }
}
