//! The world document as a graph: accounts (inside their organizational units) holding users,
//! groups, roles, identity providers and resources; outside them, the principals policies name
//! that no account holds (AWS services, everyone, accounts and identities outside the world);
//! and the edges between them: trust arrows, group membership, resource-policy grants, service
//! roles, federation and Identity Center assignments.
//!
//! The graph is derived from the *document*, one policy at a time, not from a loaded world: a
//! trust policy being typed (and so, for a moment, invalid) only loses its own arrows and
//! marks its role, while the rest of the diagram stays. A loaded world, when there is one, adds
//! what only loading knows (the roles Identity Center provisions).

use std::collections::{BTreeMap, HashMap};

use iam_eval::matcher::action_matches;
use iam_policy::ast::{Principals, Statement};
use iam_policy::principal::PrincipalPattern;
use iam_policy::{Effect, PolicyKind, parse_policy};
use iam_world::World;
use iam_world::edit::{
    NodeId, TrustKey, TrustPrincipal, default_region, entity_arn, provider_arn, resource_arn,
};
use iam_world::model::{
    ExternalIdentityDoc, IdentityProviderDoc, OrgUnitDoc, ResourceDoc, WorldDoc,
};
use iam_world::world::RoleSource;

/// What a node stands for (and so its icon).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NodeKind {
    /// An IAM user.
    User,
    /// An IAM group.
    Group,
    /// An IAM role.
    Role,
    /// A role IAM Identity Center provisioned for a permission set.
    SsoRole,
    /// A SAML identity provider.
    SamlProvider,
    /// An OIDC identity provider.
    OidcProvider,
    /// An S3 bucket.
    Bucket,
    /// A KMS key.
    KmsKey,
    /// An SQS queue.
    Queue,
    /// A Lambda function.
    Function,
    /// An EC2 instance.
    Instance,
    /// Any other resource.
    Resource,
    /// An AWS service principal.
    Service,
    /// `*`: everyone.
    Anyone,
    /// An account that is not part of the world.
    ForeignAccount,
    /// A principal ARN or unique id that names nothing in the world.
    UnknownPrincipal,
    /// A built-in web identity provider (`accounts.google.com`).
    WebIdentity,
    /// A SAML IdP user.
    SamlIdentity,
    /// An OIDC token holder (a CI workflow).
    OidcIdentity,
    /// A Roles Anywhere workload with a certificate.
    CertificateIdentity,
    /// An IAM Identity Center user.
    IdcUser,
}

impl NodeKind {
    /// What the node is, in a few words.
    pub fn noun(self) -> &'static str {
        match self {
            NodeKind::User => "IAM user",
            NodeKind::Group => "IAM group",
            NodeKind::Role => "IAM role",
            NodeKind::SsoRole => "Identity Center role",
            NodeKind::SamlProvider => "SAML provider",
            NodeKind::OidcProvider => "OIDC provider",
            NodeKind::Bucket => "S3 bucket",
            NodeKind::KmsKey => "KMS key",
            NodeKind::Queue => "SQS queue",
            NodeKind::Function => "Lambda function",
            NodeKind::Instance => "EC2 instance",
            NodeKind::Resource => "resource",
            NodeKind::Service => "AWS service",
            NodeKind::Anyone => "everyone",
            NodeKind::ForeignAccount => "account outside this world",
            NodeKind::UnknownPrincipal => "principal not in this world",
            NodeKind::WebIdentity => "web identity provider",
            NodeKind::SamlIdentity => "SAML user",
            NodeKind::OidcIdentity => "OIDC workload",
            NodeKind::CertificateIdentity => "Roles Anywhere workload",
            NodeKind::IdcUser => "Identity Center user",
        }
    }

    /// The CSS/icon family: principal, role, provider, resource or outside.
    pub fn family(self) -> &'static str {
        match self {
            NodeKind::User | NodeKind::Group => "principal",
            NodeKind::Role | NodeKind::SsoRole => "role",
            NodeKind::SamlProvider | NodeKind::OidcProvider | NodeKind::WebIdentity => "provider",
            NodeKind::Bucket
            | NodeKind::KmsKey
            | NodeKind::Queue
            | NodeKind::Function
            | NodeKind::Instance
            | NodeKind::Resource => "resource",
            NodeKind::SamlIdentity
            | NodeKind::OidcIdentity
            | NodeKind::CertificateIdentity
            | NodeKind::IdcUser => "identity",
            NodeKind::Service
            | NodeKind::Anyone
            | NodeKind::ForeignAccount
            | NodeKind::UnknownPrincipal => "outside",
        }
    }

    /// The id of its icon symbol.
    pub fn icon(self) -> &'static str {
        match self {
            NodeKind::User => "user",
            NodeKind::Group => "group",
            NodeKind::Role | NodeKind::SsoRole => "role",
            NodeKind::SamlProvider | NodeKind::OidcProvider | NodeKind::WebIdentity => "provider",
            NodeKind::Bucket => "bucket",
            NodeKind::KmsKey => "key",
            NodeKind::Queue => "queue",
            NodeKind::Function => "function",
            NodeKind::Instance => "instance",
            NodeKind::Resource => "resource",
            NodeKind::Service => "service",
            NodeKind::Anyone => "anyone",
            NodeKind::ForeignAccount => "account",
            NodeKind::UnknownPrincipal => "unknown",
            NodeKind::SamlIdentity | NodeKind::OidcIdentity | NodeKind::IdcUser => "identity",
            NodeKind::CertificateIdentity => "certificate",
        }
    }

    /// Which column of its account it goes in: identities, groups, roles, resources.
    pub fn lane(self) -> usize {
        match self {
            NodeKind::User | NodeKind::SamlProvider | NodeKind::OidcProvider => 0,
            NodeKind::Group => 1,
            NodeKind::Role | NodeKind::SsoRole => 2,
            _ => 3,
        }
    }

    /// Whether arrows can start at this node: a trust policy can name it (a user's arrow
    /// may also go to a group).
    pub fn can_be_trusted(self) -> bool {
        matches!(
            self,
            NodeKind::User | NodeKind::Role | NodeKind::SamlProvider | NodeKind::OidcProvider
        )
    }
}

/// The kinds of box the diagram nests nodes in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContainerKind {
    /// The organization's root.
    Organization,
    /// An organizational unit.
    Unit,
    /// An account.
    Account,
    /// Everything outside the world's accounts.
    Outside,
}

/// A box: the organization, an OU, an account, or the outside column.
#[derive(Clone, Debug, PartialEq)]
pub struct Container {
    /// `org`, `ou/NAME`, the account id, or `outside`.
    pub id: String,
    /// What it is.
    pub kind: ContainerKind,
    /// Its title ("Production").
    pub label: String,
    /// A second line (the account id and alias, "Organization o-…").
    pub detail: String,
    /// The enclosing container (index), if any.
    pub parent: Option<usize>,
    /// Whether it is the organization's management account.
    pub management: bool,
}

/// One thing drawn as a box with an icon.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Its id: the document's node id, or a derived one (`service/ec2.amazonaws.com`,
    /// `anyone`, `foreign/444455556666`, `idc/user/alice`).
    pub id: String,
    /// What it is.
    pub kind: NodeKind,
    /// Its name.
    pub label: String,
    /// A second line: what it is, and a detail ("IAM role · max 1 h").
    pub detail: String,
    /// Its ARN, when it has one (tooltips, the stepper).
    pub arn: Option<String>,
    /// The container it is drawn in (index).
    pub container: usize,
    /// Whether it is an entity of the document (so it can be moved, renamed, deleted and its
    /// position saved).
    pub entity: bool,
    /// Problems to flag on the node ("the trust policy does not parse").
    pub problems: Vec<String>,
    /// How the stepper and the engine name it as a principal (`user:111111111111/David`).
    pub principal_ref: Option<String>,
}

/// The kinds of edge, each drawn in its own style.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EdgeKind {
    /// A role's trust policy lets the source assume it.
    Trust,
    /// A user belongs to a group.
    Membership,
    /// A resource policy grants the source actions on the resource.
    Grant,
    /// An EC2 instance or Lambda function runs with the role.
    RunsAs,
    /// An outside identity signs in through a provider (or a Roles Anywhere profile).
    Federation,
    /// IAM Identity Center assigns a user a permission set's role.
    Assignment,
}

impl EdgeKind {
    /// A name for the legend and for CSS classes.
    pub fn name(self) -> &'static str {
        match self {
            EdgeKind::Trust => "trust",
            EdgeKind::Membership => "member",
            EdgeKind::Grant => "grant",
            EdgeKind::RunsAs => "runs-as",
            EdgeKind::Federation => "federation",
            EdgeKind::Assignment => "assignment",
        }
    }

    /// The legend's words.
    pub fn legend(self) -> &'static str {
        match self {
            EdgeKind::Trust => "trusted to assume (trust policy)",
            EdgeKind::Membership => "member of group",
            EdgeKind::Grant => "granted by resource policy",
            EdgeKind::RunsAs => "runs as (service role)",
            EdgeKind::Federation => "signs in through",
            EdgeKind::Assignment => "Identity Center assignment",
        }
    }

    /// Every kind, in legend order.
    pub const ALL: [EdgeKind; 6] = [
        EdgeKind::Trust,
        EdgeKind::Membership,
        EdgeKind::Grant,
        EdgeKind::RunsAs,
        EdgeKind::Federation,
        EdgeKind::Assignment,
    ];
}

/// A badge on an arrow: a condition the trust or grant carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Badge {
    /// MFA required (`aws:MultiFactorAuthPresent`, `aws:MultiFactorAuthAge`).
    Mfa,
    /// An external id required (`sts:ExternalId`), with its value.
    ExternalId(String),
    /// Another condition key.
    Condition(String),
    /// A role session name, when the principal is one session.
    Session(String),
}

impl Badge {
    /// The badge's text.
    pub fn text(&self) -> String {
        match self {
            Badge::Mfa => "MFA".to_owned(),
            Badge::ExternalId(_) => "External ID".to_owned(),
            Badge::Condition(key) => short_key(key),
            Badge::Session(name) => format!("session {name}"),
        }
    }

    /// What it means, for the tooltip.
    pub fn title(&self) -> String {
        match self {
            Badge::Mfa => {
                "Requires MFA (aws:MultiFactorAuthPresent / aws:MultiFactorAuthAge)".to_owned()
            }
            Badge::ExternalId(value) => format!("Requires sts:ExternalId = {value}"),
            Badge::Condition(key) => format!("Condition on {key}"),
            Badge::Session(name) => format!("Only the role session named {name}"),
        }
    }

    /// A CSS modifier.
    pub fn class(&self) -> &'static str {
        match self {
            Badge::Mfa => "mfa",
            Badge::ExternalId(_) => "external-id",
            Badge::Condition(_) => "condition",
            Badge::Session(_) => "session",
        }
    }
}

/// `token.actions.githubusercontent.com:sub` → `…:sub`; `aws:SourceIp` stays.
fn short_key(key: &str) -> String {
    match key.rsplit_once(':') {
        Some((prefix, name)) if prefix.len() > 12 => format!("…:{name}"),
        _ => key.to_owned(),
    }
}

/// One edge.
#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    /// `KIND:FROM->TO`.
    pub id: String,
    /// What it means.
    pub kind: EdgeKind,
    /// Source node id (or account id: the account's header is its node).
    pub from: String,
    /// Target node id.
    pub to: String,
    /// Conditions to show.
    pub badges: Vec<Badge>,
    /// A short label ("runs as", "s3:GetObject +2", "ReadOnly").
    pub label: Option<String>,
    /// For trust arrows: the principal as the trust policy names it (deleting the arrow
    /// removes exactly this).
    pub principal: Option<TrustPrincipal>,
}

/// The whole graph.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GraphModel {
    /// Boxes, parents before children.
    pub containers: Vec<Container>,
    /// Nodes.
    pub nodes: Vec<Node>,
    /// Edges, each once.
    pub edges: Vec<Edge>,
}

impl GraphModel {
    /// The node with this id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }

    /// The edge with this id.
    pub fn edge(&self, id: &str) -> Option<&Edge> {
        self.edges.iter().find(|e| e.id == id)
    }

    /// The container with this id.
    pub fn container(&self, id: &str) -> Option<(usize, &Container)> {
        self.containers.iter().enumerate().find(|(_, c)| c.id == id)
    }

    /// The account (container index) holding node or account `id`.
    pub fn account_of(&self, id: &str) -> Option<&Container> {
        if let Some((_, container)) = self.container(id) {
            return Some(container);
        }
        let node = self.node(id)?;
        self.containers
            .get(node.container)
            .filter(|c| c.kind == ContainerKind::Account)
    }

    /// The trust edges into `role`.
    pub fn trust_into<'m>(&'m self, role: &'m str) -> impl Iterator<Item = &'m Edge> + 'm {
        self.edges
            .iter()
            .filter(move |e| e.kind == EdgeKind::Trust && e.to == role)
    }

    /// Derives the graph of `doc`. `world`, when it was loaded from this very document, adds
    /// the roles IAM Identity Center provisions and their assignments.
    pub fn build(doc: &WorldDoc, world: Option<&World>) -> GraphModel {
        let mut builder = Builder::new(doc);
        builder.containers();
        builder.entities();
        builder.external_identities();
        if let Some(world) = world {
            builder.identity_center(world);
        }
        builder.trust_edges();
        builder.memberships();
        builder.service_roles();
        builder.grants();
        builder.federation();
        builder.finish()
    }
}

/// How the principals of policies map to nodes: by ARN, by account id.
struct Builder<'d> {
    doc: &'d WorldDoc,
    region: String,
    model: GraphModel,
    outside: usize,
    node_index: HashMap<String, usize>,
    arn_index: HashMap<String, String>,
    role_names: HashMap<(String, String), String>,
    edges: BTreeMap<(EdgeKind, String, String), Edge>,
    trust_texts: Vec<(String, String)>,
}

impl<'d> Builder<'d> {
    fn new(doc: &'d WorldDoc) -> Builder<'d> {
        Builder {
            doc,
            region: default_region(doc).to_owned(),
            model: GraphModel::default(),
            outside: 0,
            node_index: HashMap::new(),
            arn_index: HashMap::new(),
            role_names: HashMap::new(),
            edges: BTreeMap::new(),
            trust_texts: Vec::new(),
        }
    }

    /// Records a problem on node `id` (shown on the node and in its bar).
    fn flag(&mut self, id: &str, problem: String) {
        let node = self.node_index.get(id).copied();
        if let Some(node) = node.and_then(|i| self.model.nodes.get_mut(i)) {
            node.problems.push(problem);
        }
    }

    fn finish(mut self) -> GraphModel {
        self.model.edges = self.edges.into_values().collect();
        self.model
    }

    fn containers(&mut self) {
        self.model.containers.push(Container {
            id: "outside".to_owned(),
            kind: ContainerKind::Outside,
            label: "Outside your accounts".to_owned(),
            detail: "Services, identities and accounts that policies name".to_owned(),
            parent: None,
            management: false,
        });
        self.outside = 0;
        let mut placed: Vec<String> = Vec::new();
        if let Some(organization) = &self.doc.organization {
            let id = organization.id.clone().unwrap_or_default();
            let root = self.push_container(Container {
                id: "org".to_owned(),
                kind: ContainerKind::Organization,
                label: "Organization".to_owned(),
                detail: if id.is_empty() {
                    "AWS Organizations root".to_owned()
                } else {
                    id
                },
                parent: None,
                management: false,
            });
            self.unit(
                &organization.root,
                root,
                &organization.management_account,
                &mut placed,
            );
        }
        for account in &self.doc.accounts {
            if !placed.contains(&account.id) {
                self.account(&account.id, None, false);
            }
        }
    }

    fn push_container(&mut self, container: Container) -> usize {
        self.model.containers.push(container);
        self.model.containers.len() - 1
    }

    fn unit(
        &mut self,
        unit: &OrgUnitDoc,
        parent: usize,
        management: &str,
        placed: &mut Vec<String>,
    ) {
        for account in &unit.accounts {
            if self.doc.accounts.iter().any(|a| a.id == account.id) {
                self.account(&account.id, Some(parent), account.id == management);
                placed.push(account.id.clone());
            }
        }
        for child in &unit.units {
            let name = child.name.clone().unwrap_or_else(|| "OU".to_owned());
            let index = self.push_container(Container {
                id: format!("ou/{name}"),
                kind: ContainerKind::Unit,
                label: name,
                detail: "Organizational unit".to_owned(),
                parent: Some(parent),
                management: false,
            });
            self.unit(child, index, management, placed);
        }
    }

    fn account(&mut self, id: &str, parent: Option<usize>, management: bool) {
        let Some(account) = self.doc.accounts.iter().find(|a| a.id == id) else {
            return;
        };
        let label = account
            .name
            .clone()
            .or_else(|| account.alias.clone())
            .unwrap_or_else(|| format!("Account {id}"));
        let detail = match &account.alias {
            Some(alias) if account.name.is_some() => format!("{id} · {alias}"),
            _ => id.to_owned(),
        };
        self.push_container(Container {
            id: id.to_owned(),
            kind: ContainerKind::Account,
            label,
            detail,
            parent,
            management,
        });
    }

    fn add_node(&mut self, node: Node) -> usize {
        if let Some(&index) = self.node_index.get(&node.id) {
            return index;
        }
        if let Some(arn) = &node.arn {
            self.arn_index.insert(arn.clone(), node.id.clone());
        }
        self.node_index
            .insert(node.id.clone(), self.model.nodes.len());
        self.model.nodes.push(node);
        self.model.nodes.len() - 1
    }

    fn entity(
        &self,
        id: String,
        kind: NodeKind,
        label: String,
        detail: String,
        arn: Option<String>,
        account: &str,
    ) -> Node {
        let container = self
            .model
            .container(account)
            .map_or(self.outside, |(i, _)| i);
        Node {
            id,
            kind,
            label,
            detail,
            arn,
            container,
            entity: true,
            problems: Vec::new(),
            principal_ref: None,
        }
    }

    fn entities(&mut self) {
        let doc = self.doc;
        for account in &doc.accounts {
            let a = account.id.as_str();
            for user in &account.users {
                let arn = entity_arn(a, "user", user.path.as_deref(), &user.name);
                let mut detail = "IAM user".to_owned();
                if !user.mfa_devices.is_empty() {
                    detail.push_str(" · MFA");
                }
                let mut node = self.entity(
                    node_id(NodeId::User {
                        account: a.into(),
                        name: user.name.clone(),
                    }),
                    NodeKind::User,
                    user.name.clone(),
                    detail,
                    Some(arn),
                    a,
                );
                node.principal_ref = Some(format!("user:{a}/{}", user.name));
                self.add_node(node);
            }
            for group in &account.groups {
                let arn = entity_arn(a, "group", group.path.as_deref(), &group.name);
                let node = self.entity(
                    node_id(NodeId::Group {
                        account: a.into(),
                        name: group.name.clone(),
                    }),
                    NodeKind::Group,
                    group.name.clone(),
                    "IAM group".to_owned(),
                    Some(arn),
                    a,
                );
                self.add_node(node);
            }
            for role in &account.roles {
                let arn = entity_arn(a, "role", role.path.as_deref(), &role.name);
                let id = node_id(NodeId::Role {
                    account: a.into(),
                    name: role.name.clone(),
                });
                let mut detail = if role.service_linked {
                    "Service-linked role".to_owned()
                } else {
                    "IAM role".to_owned()
                };
                if let Some(seconds) = role.max_session_duration.filter(|s| *s != 3600) {
                    detail.push_str(&format!(" · max {} h", seconds / 3600));
                }
                let mut node = self.entity(
                    id.clone(),
                    NodeKind::Role,
                    role.name.clone(),
                    detail,
                    Some(arn),
                    a,
                );
                node.principal_ref = Some(format!("role:{a}/{}", role.name));
                self.role_names
                    .insert((a.to_owned(), role.name.clone()), id.clone());
                self.add_node(node);
                self.trust_texts.push((id, role.trust_policy.clone()));
            }
            for provider in &account.identity_providers {
                let arn = provider_arn(a, provider);
                let (kind, label) = match provider {
                    IdentityProviderDoc::Saml { name, .. } => {
                        (NodeKind::SamlProvider, name.clone())
                    }
                    IdentityProviderDoc::Oidc { url, .. } => {
                        (NodeKind::OidcProvider, issuer_host(url).to_owned())
                    }
                };
                let node = self.entity(
                    node_id(NodeId::Provider {
                        account: a.into(),
                        arn: arn.clone(),
                    }),
                    kind,
                    label,
                    kind.noun().to_owned(),
                    Some(arn),
                    a,
                );
                self.add_node(node);
            }
            for resource in &account.resources {
                let arn = resource_arn(a, resource, &self.region);
                let (kind, label, reference) = resource_face(resource, &arn);
                let mut node = self.entity(
                    node_id(NodeId::Resource {
                        account: a.into(),
                        arn: arn.clone(),
                    }),
                    kind,
                    label,
                    kind.noun().to_owned(),
                    Some(arn),
                    a,
                );
                node.principal_ref = reference;
                self.add_node(node);
            }
        }
    }

    fn external_identities(&mut self) {
        let doc = self.doc;
        for identity in &doc.external_identities {
            let (name, kind, detail) = match identity {
                ExternalIdentityDoc::Saml { name, subject, .. } => (
                    name,
                    NodeKind::SamlIdentity,
                    format!("SAML user · {subject}"),
                ),
                ExternalIdentityDoc::Oidc { name, issuer, .. } => (
                    name,
                    NodeKind::OidcIdentity,
                    format!("OIDC · {}", issuer.trim_start_matches("https://")),
                ),
                ExternalIdentityDoc::RolesAnywhere { name, .. } => (
                    name,
                    NodeKind::CertificateIdentity,
                    "Roles Anywhere workload".to_owned(),
                ),
            };
            let mut node = self.entity(
                node_id(NodeId::External(name.clone())),
                kind,
                name.clone(),
                detail,
                None,
                "outside",
            );
            node.principal_ref = Some(format!("external:{name}"));
            self.add_node(node);
        }
    }

    fn identity_center(&mut self, world: &World) {
        let Some(center) = world.identity_center() else {
            return;
        };
        for role in world.roles() {
            let RoleSource::PermissionSet { permission_set } = &role.source else {
                continue;
            };
            let account = world.account_id(role.account).to_owned();
            let id = node_id(NodeId::Role {
                account: account.clone(),
                name: role.name.clone(),
            });
            let mut node = self.entity(
                id.clone(),
                NodeKind::SsoRole,
                permission_set.clone(),
                format!("Identity Center role · {}", role.name),
                Some(role.arn.clone()),
                &account,
            );
            node.principal_ref = Some(format!("role:{}", role.arn));
            self.role_names
                .insert((account.clone(), role.name.clone()), id);
            self.add_node(node);
        }
        for user in &center.users {
            let id = format!("idc/user/{}", user.name);
            self.add_node(Node {
                id: id.clone(),
                kind: NodeKind::IdcUser,
                label: user.name.clone(),
                detail: if user.groups.is_empty() {
                    "Identity Center user".to_owned()
                } else {
                    format!("Identity Center · {}", user.groups.join(", "))
                },
                arn: None,
                container: self.outside,
                entity: false,
                problems: Vec::new(),
                principal_ref: Some(format!("idc:{}", user.name)),
            });
            for assignment in &center.assignments {
                let via_group = assignment
                    .principal
                    .strip_prefix("group:")
                    .filter(|g| user.groups.iter().any(|u| u == g));
                let direct = assignment.principal.strip_prefix("user:") == Some(user.name.as_str());
                if !direct && via_group.is_none() {
                    continue;
                }
                let Some(set) = center.permission_sets.get(assignment.permission_set) else {
                    continue;
                };
                for &role in &set.roles {
                    let Some(role) = world.roles().get(role) else {
                        continue;
                    };
                    if !assignment.accounts.contains(&role.account) {
                        continue;
                    }
                    let to = node_id(NodeId::Role {
                        account: world.account_id(role.account).to_owned(),
                        name: role.name.clone(),
                    });
                    let label = match via_group {
                        Some(group) => format!("{} (group {group})", set.name),
                        None => set.name.clone(),
                    };
                    self.edge(
                        EdgeKind::Assignment,
                        &id,
                        &to,
                        Vec::new(),
                        Some(label),
                        None,
                    );
                }
            }
        }
    }

    fn edge(
        &mut self,
        kind: EdgeKind,
        from: &str,
        to: &str,
        badges: Vec<Badge>,
        label: Option<String>,
        principal: Option<TrustPrincipal>,
    ) {
        let key = (kind, from.to_owned(), to.to_owned());
        match self.edges.get_mut(&key) {
            // Two statements name the same pair: the arrow needs only what both require.
            Some(existing) => existing.badges.retain(|b| badges.contains(b)),
            None => {
                self.edges.insert(
                    key,
                    Edge {
                        id: format!("{}:{from}->{to}", kind.name()),
                        kind,
                        from: from.to_owned(),
                        to: to.to_owned(),
                        badges,
                        label,
                        principal,
                    },
                );
            }
        }
    }

    /// The node a principal of a policy stands for, creating an outside node when no entity of
    /// the world matches.
    fn principal_node(&mut self, pattern: &PrincipalPattern) -> Option<String> {
        let outside = |id: String, kind: NodeKind, label: String, detail: String| Node {
            id,
            kind,
            label,
            detail,
            arn: None,
            container: 0,
            entity: false,
            problems: Vec::new(),
            principal_ref: None,
        };
        let node = match pattern {
            PrincipalPattern::Anyone => outside(
                "anyone".into(),
                NodeKind::Anyone,
                "Anyone (*)".into(),
                "every principal, even anonymous".into(),
            ),
            PrincipalPattern::Account { account } => {
                if self.model.container(account).is_some() {
                    return Some(account.clone());
                }
                let mut node = outside(
                    format!("foreign/{account}"),
                    NodeKind::ForeignAccount,
                    format!("Account {account}"),
                    "not in this world".into(),
                );
                node.arn = Some(format!("arn:aws:iam::{account}:root"));
                node
            }
            PrincipalPattern::User { arn, .. } => {
                if let Some(id) = self.arn_index.get(arn) {
                    return Some(id.clone());
                }
                unknown(arn)
            }
            PrincipalPattern::Role { account, name }
            | PrincipalPattern::AssumedRole {
                account,
                role: name,
                ..
            } => {
                if let Some(id) = self.role_names.get(&(account.clone(), name.clone())) {
                    return Some(id.clone());
                }
                unknown(&entity_arn(account, "role", None, name))
            }
            PrincipalPattern::Service(name) => {
                let name = name.to_ascii_lowercase();
                let mut node = outside(
                    format!("service/{name}"),
                    NodeKind::Service,
                    name.clone(),
                    "AWS service".into(),
                );
                node.principal_ref = Some(name);
                node
            }
            PrincipalPattern::IdentityProvider(id) => {
                if let Some(node) = self.arn_index.get(id) {
                    return Some(node.clone());
                }
                if id.starts_with("arn:") {
                    unknown(id)
                } else {
                    outside(
                        format!("idp/{id}"),
                        NodeKind::WebIdentity,
                        id.clone(),
                        "web identity provider".into(),
                    )
                }
            }
            PrincipalPattern::UniqueId(id) => outside(
                format!("principal/{id}"),
                NodeKind::UnknownPrincipal,
                id.clone(),
                "unique id of a deleted user or role".into(),
            ),
            PrincipalPattern::FederatedUser { .. } | PrincipalPattern::CanonicalUser(_) => {
                return None;
            }
        };
        let id = node.id.clone();
        self.add_node(node);
        Some(id)
    }

    fn trust_edges(&mut self) {
        let texts = std::mem::take(&mut self.trust_texts);
        for (role, text) in &texts {
            let policy = match parse_policy(text, PolicyKind::Trust) {
                Ok(policy) => policy,
                Err(errors) => {
                    let count = errors.len();
                    self.flag(
                        role,
                        format!(
                            "The trust policy has {count} error{}: no arrows until it is fixed",
                            if count == 1 { "" } else { "s" }
                        ),
                    );
                    continue;
                }
            };
            for statement in &policy.statements {
                if !grants_assume(statement) {
                    continue;
                }
                let badges = badges_of(statement);
                for (pattern, principal) in listed_principals(statement) {
                    let Some(from) = self.principal_node(&pattern) else {
                        continue;
                    };
                    let mut badges = badges.clone();
                    if let PrincipalPattern::AssumedRole { session, .. } = &pattern {
                        badges.push(Badge::Session(session.clone()));
                    }
                    self.edge(EdgeKind::Trust, &from, role, badges, None, principal);
                }
            }
        }
    }

    fn memberships(&mut self) {
        let doc = self.doc;
        for account in &doc.accounts {
            for user in &account.users {
                for group in &user.groups {
                    if account.groups.iter().any(|g| &g.name == group) {
                        let from = node_id(NodeId::User {
                            account: account.id.clone(),
                            name: user.name.clone(),
                        });
                        let to = node_id(NodeId::Group {
                            account: account.id.clone(),
                            name: group.clone(),
                        });
                        self.edge(EdgeKind::Membership, &from, &to, Vec::new(), None, None);
                    }
                }
            }
        }
    }

    fn service_roles(&mut self) {
        let doc = self.doc;
        for account in &doc.accounts {
            for resource in &account.resources {
                let role = match resource {
                    ResourceDoc::LambdaFunction { role, .. } => Some(role.clone()),
                    ResourceDoc::Ec2Instance {
                        instance_profile: Some(profile),
                        ..
                    } => account
                        .instance_profiles
                        .iter()
                        .find(|p| &p.name == profile)
                        .and_then(|p| p.role.clone()),
                    _ => None,
                };
                let Some(role) = role else { continue };
                let Some(to) = self.role_names.get(&(account.id.clone(), role)).cloned() else {
                    continue;
                };
                let from = node_id(NodeId::Resource {
                    account: account.id.clone(),
                    arn: resource_arn(&account.id, resource, &self.region),
                });
                self.edge(
                    EdgeKind::RunsAs,
                    &from,
                    &to,
                    Vec::new(),
                    Some("runs as".to_owned()),
                    None,
                );
            }
        }
    }

    fn grants(&mut self) {
        let doc = self.doc;
        for account in &doc.accounts {
            for resource in &account.resources {
                let Some(text) = resource_policy(resource) else {
                    continue;
                };
                let to = node_id(NodeId::Resource {
                    account: account.id.clone(),
                    arn: resource_arn(&account.id, resource, &self.region),
                });
                let Ok(policy) = parse_policy(text, PolicyKind::Resource) else {
                    self.flag(
                        &to,
                        "The resource policy has errors: no grants shown until it is fixed"
                            .to_owned(),
                    );
                    continue;
                };
                for statement in &policy.statements {
                    if statement.effect.value != Effect::Allow {
                        continue;
                    }
                    let label = actions_label(statement);
                    let badges = badges_of(statement);
                    for (pattern, _) in listed_principals(statement) {
                        if let Some(from) = self.principal_node(&pattern) {
                            self.edge(
                                EdgeKind::Grant,
                                &from,
                                &to,
                                badges.clone(),
                                label.clone(),
                                None,
                            );
                        }
                    }
                }
            }
        }
    }

    fn federation(&mut self) {
        let doc = self.doc;
        for identity in &doc.external_identities {
            let from = node_id(NodeId::External(external_name(identity).to_owned()));
            match identity {
                ExternalIdentityDoc::Saml { issuer, .. } => {
                    for account in &doc.accounts {
                        for provider in &account.identity_providers {
                            if matches!(provider, IdentityProviderDoc::Saml { issuer: i, .. } if i == issuer)
                            {
                                let to = node_id(NodeId::Provider {
                                    account: account.id.clone(),
                                    arn: provider_arn(&account.id, provider),
                                });
                                self.edge(EdgeKind::Federation, &from, &to, Vec::new(), None, None);
                            }
                        }
                    }
                }
                ExternalIdentityDoc::Oidc { issuer, .. } => {
                    let host = issuer_host(issuer);
                    let mut linked = false;
                    for account in &doc.accounts {
                        for provider in &account.identity_providers {
                            if matches!(provider, IdentityProviderDoc::Oidc { url, .. } if issuer_host(url) == host)
                            {
                                let to = node_id(NodeId::Provider {
                                    account: account.id.clone(),
                                    arn: provider_arn(&account.id, provider),
                                });
                                self.edge(EdgeKind::Federation, &from, &to, Vec::new(), None, None);
                                linked = true;
                            }
                        }
                    }
                    if !linked && self.node_index.contains_key(&format!("idp/{host}")) {
                        self.edge(
                            EdgeKind::Federation,
                            &from,
                            &format!("idp/{host}"),
                            Vec::new(),
                            None,
                            None,
                        );
                    }
                }
                ExternalIdentityDoc::RolesAnywhere {
                    account, profile, ..
                } => {
                    let roles: Vec<String> = doc
                        .accounts
                        .iter()
                        .filter(|a| &a.id == account)
                        .filter_map(|a| a.roles_anywhere.as_ref())
                        .flat_map(|ra| ra.profiles.iter().filter(|p| &p.name == profile))
                        .flat_map(|p| p.roles.iter().cloned())
                        .collect();
                    for role in roles {
                        if let Some(to) = self.role_names.get(&(account.clone(), role)).cloned() {
                            self.edge(
                                EdgeKind::Federation,
                                &from,
                                &to,
                                Vec::new(),
                                Some(format!("profile {profile}")),
                                None,
                            );
                        }
                    }
                }
            }
        }
    }
}

fn node_id(id: NodeId) -> String {
    id.to_string()
}

fn unknown(arn: &str) -> Node {
    Node {
        id: format!("principal/{arn}"),
        kind: NodeKind::UnknownPrincipal,
        label: arn_name(arn).to_owned(),
        detail: "not in this world".to_owned(),
        arn: Some(arn.to_owned()),
        container: 0,
        entity: false,
        problems: Vec::new(),
        principal_ref: None,
    }
}

/// The last segment of a node id or ARN path (`999999999999/role/UpdateApp` → `UpdateApp`), for
/// short labels.
pub fn last_segment(id: &str) -> &str {
    id.rsplit('/').next().unwrap_or(id)
}

/// The last part of an ARN (`arn:aws:iam::1:user/ops/Ana` → `Ana`), for labels.
fn arn_name(arn: &str) -> &str {
    arn.rsplit(['/', ':']).next().unwrap_or(arn)
}

/// An OIDC issuer or provider URL as its host, the way IAM names the provider.
fn issuer_host(url: &str) -> &str {
    url.trim_start_matches("https://").trim_end_matches('/')
}

fn external_name(identity: &ExternalIdentityDoc) -> &str {
    match identity {
        ExternalIdentityDoc::Saml { name, .. }
        | ExternalIdentityDoc::Oidc { name, .. }
        | ExternalIdentityDoc::RolesAnywhere { name, .. } => name,
    }
}

/// Kind, label and principal reference of a resource node.
fn resource_face(resource: &ResourceDoc, arn: &str) -> (NodeKind, String, Option<String>) {
    match resource {
        ResourceDoc::S3Bucket { name, .. } => (NodeKind::Bucket, name.clone(), None),
        ResourceDoc::KmsKey { id, .. } => (NodeKind::KmsKey, id.clone(), None),
        ResourceDoc::SqsQueue { name, .. } => (NodeKind::Queue, name.clone(), None),
        ResourceDoc::LambdaFunction { name, .. } => (
            NodeKind::Function,
            name.clone(),
            Some(format!("function:{name}")),
        ),
        ResourceDoc::Ec2Instance { id, .. } => (
            NodeKind::Instance,
            id.clone(),
            Some(format!("instance:{id}")),
        ),
        ResourceDoc::Other { .. } => (NodeKind::Resource, arn_name(arn).to_owned(), None),
    }
}

/// The resource policy text of `resource`, when it has one (a KMS key always does).
pub fn resource_policy(resource: &ResourceDoc) -> Option<&str> {
    match resource {
        ResourceDoc::KmsKey { policy, .. } => Some(policy),
        ResourceDoc::S3Bucket { policy, .. }
        | ResourceDoc::SqsQueue { policy, .. }
        | ResourceDoc::LambdaFunction { policy, .. }
        | ResourceDoc::Other { policy, .. } => policy.as_deref(),
        ResourceDoc::Ec2Instance { .. } => None,
    }
}

const ASSUME_ACTIONS: [&str; 3] = [
    "sts:AssumeRole",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoleWithWebIdentity",
];

/// An Allow statement whose actions include one of the `sts:AssumeRole*` actions.
fn grants_assume(statement: &Statement) -> bool {
    statement.effect.value == Effect::Allow
        && ASSUME_ACTIONS
            .iter()
            .any(|a| action_matches(&statement.action, a))
}

/// The principals a statement lists (not `NotPrincipal`), with how to write each in a trust
/// policy.
fn listed_principals(statement: &Statement) -> Vec<(PrincipalPattern, Option<TrustPrincipal>)> {
    let Some(block) = statement.principal.as_ref().filter(|b| !b.negated) else {
        return Vec::new();
    };
    match &block.principals {
        Principals::Everyone => vec![(PrincipalPattern::Anyone, None)],
        Principals::Listed(entries) => entries
            .iter()
            .map(|entry| {
                let key = match entry.key {
                    iam_policy::ast::PrincipalKey::Aws => Some(TrustKey::Aws),
                    iam_policy::ast::PrincipalKey::Service => Some(TrustKey::Service),
                    iam_policy::ast::PrincipalKey::Federated => Some(TrustKey::Federated),
                    iam_policy::ast::PrincipalKey::CanonicalUser => None,
                };
                let principal = key.map(|key| TrustPrincipal {
                    key,
                    value: entry.text.clone(),
                });
                (entry.pattern.clone(), principal)
            })
            .collect(),
    }
}

/// The badges of a statement's conditions.
fn badges_of(statement: &Statement) -> Vec<Badge> {
    let mut badges: Vec<Badge> = Vec::new();
    for condition in &statement.conditions {
        let badge = match condition.key_lower.as_str() {
            "aws:multifactorauthpresent" | "aws:multifactorauthage" => Badge::Mfa,
            "sts:externalid" => Badge::ExternalId(
                condition
                    .values
                    .iter()
                    .map(|v| v.text.clone())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            _ => Badge::Condition(condition.key.clone()),
        };
        if !badges.contains(&badge) {
            badges.push(badge);
        }
    }
    badges
}

/// `s3:GetObject`, `s3:GetObject +2`, `NOT s3:*`.
fn actions_label(statement: &Statement) -> Option<String> {
    let first = statement.action.items.first()?.text.clone();
    let more = statement.action.items.len() - 1;
    let negated = if statement.action.negated { "not " } else { "" };
    Some(if more == 0 {
        format!("{negated}{first}")
    } else {
        format!("{negated}{first} +{more}")
    })
}

#[cfg(test)]
mod tests;
