//! The world as a list: each account with its users, groups, roles, resources and policies.
//! Every policy opens in the editor; users and roles can be made the request's principal,
//! resources and roles its resource. It stands in for the diagram and stays as its
//! accessible, keyboard-friendly alternative.

use std::rc::Rc;

use iam_world::World;
use iam_world::model::WorldDoc;
use iam_world::world::{PolicyId, ResourceKind};
use yew::prelude::*;

use crate::state::PolicyKey;
use crate::state::request::qualified_name;

/// Properties of [`WorldOutline`].
#[derive(Properties)]
pub struct WorldOutlineProps {
    /// The loaded world.
    pub world: Rc<World>,
    /// The document's world (for the organization's policies).
    pub doc: Rc<WorldDoc>,
    /// The selected node id.
    #[prop_or_default]
    pub selection: Option<AttrValue>,
    /// The policy in front in the editor.
    #[prop_or_default]
    pub active_policy: Option<PolicyKey>,
    /// Selects a node.
    pub on_select: Callback<Option<AttrValue>>,
    /// Opens a policy.
    pub on_open_policy: Callback<PolicyKey>,
    /// Makes a reference the request's principal.
    #[prop_or_default]
    pub on_use_principal: Callback<String>,
    /// Makes a reference the request's resource.
    #[prop_or_default]
    pub on_use_resource: Callback<String>,
    /// No request changes (embedded, read-only).
    #[prop_or_default]
    pub read_only: bool,
}

impl PartialEq for WorldOutlineProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.world, &other.world)
            && Rc::ptr_eq(&self.doc, &other.doc)
            && self.selection == other.selection
            && self.active_policy == other.active_policy
            && self.read_only == other.read_only
    }
}

/// One entity row's data.
struct Entity {
    node: String,
    icon: &'static str,
    kind: &'static str,
    name: String,
    detail: Option<String>,
    policies: Vec<(PolicyKey, String, &'static str)>,
    principal: Option<String>,
    resource: Option<String>,
}

/// The world outline.
#[function_component(WorldOutline)]
pub fn world_outline(props: &WorldOutlineProps) -> Html {
    let world = &props.world;
    let accounts = world.accounts().iter().enumerate().map(|(index, account)| {
        let entities = account_entities(world, index);
        let org = account
            .placement
            .as_ref()
            .map(|p| p.levels.iter().map(|l| l.name.clone()).collect::<Vec<_>>().join(" › "));
        let node = AttrValue::from(account.id.clone());
        let selected = props.selection.as_ref() == Some(&node);
        let on_select = {
            let cb = props.on_select.clone();
            let node = node.clone();
            Callback::from(move |_| cb.emit(Some(node.clone())))
        };
        html! {
            <section class={classes!("outline-account", selected.then_some("is-selected"))} data-node={node.clone()}>
                <header class="outline-account__header">
                    <button type="button" class="outline-account__name" onclick={on_select} aria-pressed={selected.to_string()}>
                        <span class="outline-icon outline-icon--account" aria-hidden="true">{ "AWS" }</span>
                        { account.name.clone().or(account.alias.clone()).unwrap_or_else(|| "Account".to_owned()) }
                    </button>
                    <span class="outline-account__id">{ &account.id }</span>
                    if let Some(alias) = &account.alias {
                        <span class="outline-account__alias">{ alias }</span>
                    }
                </header>
                if let Some(org) = org {
                    <p class="outline-account__org">{ format!("Organization: {org}") }</p>
                }
                <ul class="outline-list" role="list">
                    { for entities.into_iter().map(|e| entity_row(props, e)) }
                </ul>
            </section>
        }
    });
    html! {
        <div class="world-outline" data-testid="world-outline">
            { organization_section(props) }
            { for accounts }
            { external_section(props) }
        </div>
    }
}

fn policy_chips(
    world: &World,
    ids: impl IntoIterator<Item = PolicyId>,
    badge: &'static str,
) -> Vec<(PolicyKey, String, &'static str)> {
    ids.into_iter()
        .filter_map(|id| world.policy(id))
        .map(|p| {
            let key = PolicyKey::of_origin(&p.origin, &p.named.name);
            let name = p
                .named
                .name
                .rsplit('/')
                .next()
                .unwrap_or(&p.named.name)
                .to_owned();
            (key, name, badge)
        })
        .collect()
}

fn account_entities(world: &World, account: usize) -> Vec<Entity> {
    let id = world.account_id(account).to_owned();
    let mut out = Vec::new();
    for user in world.users().iter().filter(|u| u.account == account) {
        let groups: Vec<String> = user
            .groups
            .iter()
            .filter_map(|&g| world.groups().get(g).map(|g| g.name.clone()))
            .collect();
        let mut policies = policy_chips(world, user.policies.iter().copied(), "identity");
        policies.extend(policy_chips(world, user.boundary, "boundary"));
        out.push(Entity {
            node: format!("{id}/user/{}", user.name),
            icon: "U",
            kind: "User",
            name: user.name.clone(),
            detail: (!groups.is_empty()).then(|| format!("in {}", groups.join(", "))),
            policies,
            principal: Some(qualified_name(world, account, &user.name, false)),
            resource: None,
        });
    }
    for group in world.groups().iter().filter(|g| g.account == account) {
        out.push(Entity {
            node: format!("{id}/group/{}", group.name),
            icon: "G",
            kind: "Group",
            name: group.name.clone(),
            detail: None,
            policies: policy_chips(world, group.policies.iter().copied(), "identity"),
            principal: None,
            resource: None,
        });
    }
    for role in world.roles().iter().filter(|r| r.account == account) {
        let mut policies = policy_chips(world, [role.trust], "trust");
        policies.extend(policy_chips(
            world,
            role.policies.iter().copied(),
            "identity",
        ));
        policies.extend(policy_chips(world, role.boundary, "boundary"));
        out.push(Entity {
            node: format!("{id}/role/{}", role.name),
            icon: "R",
            kind: "Role",
            name: role.name.clone(),
            detail: (role.path != "/").then(|| role.path.clone()),
            policies,
            principal: Some(format!(
                "role:{}",
                qualified_name(world, account, &role.name, true)
            )),
            resource: Some(role.arn.clone()),
        });
    }
    for resource in world.resources().iter().filter(|r| r.account == account) {
        let (icon, kind) = resource_kind(&resource.kind);
        let principal = match &resource.kind {
            ResourceKind::Ec2Instance { id, .. } => Some(format!("instance:{id}")),
            ResourceKind::LambdaFunction { name, .. } => Some(format!("function:{name}")),
            _ => None,
        };
        out.push(Entity {
            node: format!("{id}/resource/{}", resource.arn),
            icon,
            kind,
            name: resource.short_name.clone(),
            detail: Some(resource.arn.clone()),
            policies: policy_chips(world, resource.policy, "resource"),
            principal,
            resource: Some(resource.arn.clone()),
        });
    }
    out
}

fn resource_kind(kind: &ResourceKind) -> (&'static str, &'static str) {
    match kind {
        ResourceKind::S3Bucket { .. } => ("S3", "S3 bucket"),
        ResourceKind::KmsKey => ("KMS", "KMS key"),
        ResourceKind::SqsQueue => ("SQS", "SQS queue"),
        ResourceKind::LambdaFunction { .. } => ("λ", "Lambda function"),
        ResourceKind::Ec2Instance { .. } => ("EC2", "EC2 instance"),
        ResourceKind::Other => ("ARN", "Resource"),
    }
}

fn entity_row(props: &WorldOutlineProps, entity: Entity) -> Html {
    let node = AttrValue::from(entity.node.clone());
    let selected = props.selection.as_ref() == Some(&node);
    let on_select = {
        let cb = props.on_select.clone();
        let node = node.clone();
        Callback::from(move |_| cb.emit(Some(node.clone())))
    };
    let use_button = |label: &'static str, reference: Option<String>, cb: &Callback<String>| {
        let reference = reference.filter(|_| !props.read_only)?;
        let cb = cb.clone();
        let title = format!("Make {reference} the request's {label}");
        Some(html! {
            <button type="button" class="chip-action" title={title}
                onclick={Callback::from(move |_| cb.emit(reference.clone()))}>
                { format!("as {label}") }
            </button>
        })
    };
    html! {
        <li class={classes!("outline-entity", selected.then_some("is-selected"))} data-node={node.clone()}>
            <div class="outline-entity__head">
                <span class={classes!("outline-icon", format!("outline-icon--{}", entity.icon.to_ascii_lowercase()))} aria-hidden="true">{ entity.icon }</span>
                <button type="button" class="outline-entity__name" onclick={on_select}
                    aria-pressed={selected.to_string()} title={entity.kind}>
                    { &entity.name }
                </button>
                <span class="outline-entity__kind">{ entity.kind }</span>
                <span class="outline-entity__actions">
                    { use_button("principal", entity.principal, &props.on_use_principal) }
                    { use_button("resource", entity.resource, &props.on_use_resource) }
                </span>
            </div>
            if let Some(detail) = entity.detail {
                <div class="outline-entity__detail">{ detail }</div>
            }
            if !entity.policies.is_empty() {
                <div class="outline-policies">
                    { for entity.policies.into_iter().map(|(key, name, badge)| policy_chip(props, key, name, badge)) }
                </div>
            }
        </li>
    }
}

fn policy_chip(
    props: &WorldOutlineProps,
    key: PolicyKey,
    name: String,
    badge: &'static str,
) -> Html {
    let active = props.active_policy.as_ref() == Some(&key);
    let read_only = !key.editable();
    let slug = key.slug();
    let cb = props.on_open_policy.clone();
    let onclick = Callback::from(move |_| cb.emit(key.clone()));
    let title = format!(
        "Open {name} in the editor{}",
        if read_only {
            " (AWS managed, read-only)"
        } else {
            ""
        }
    );
    html! {
        <button type="button" class={classes!("policy-chip", format!("policy-chip--{badge}"), active.then_some("is-active"))}
            data-policy={slug} aria-pressed={active.to_string()} onclick={onclick} title={title}>
            <span class="policy-chip__badge">{ badge }</span>
            <span class="policy-chip__name">{ name }</span>
            if read_only { <span class="policy-chip__lock" title="read-only">{ crate::components::icons::lock() }</span> }
        </button>
    }
}

fn organization_section(props: &WorldOutlineProps) -> Html {
    let Some(org) = &props.doc.organization else {
        return Html::default();
    };
    let chips = org.policies.iter().enumerate().map(|(index, policy)| {
        let key = PolicyKey::World(format!("$.organization.policies[{index}].document"));
        let badge = match policy.kind {
            iam_world::model::OrgPolicyType::Rcp => "rcp",
            _ => "scp",
        };
        policy_chip(props, key, policy.name.clone(), badge)
    });
    html! {
        <section class="outline-account outline-account--org">
            <header class="outline-account__header">
                <span class="outline-account__name outline-account__name--static">
                    <span class="outline-icon outline-icon--account" aria-hidden="true">{ "ORG" }</span>
                    { "Organization" }
                </span>
                <span class="outline-account__id">{ org.id.clone().unwrap_or_default() }</span>
            </header>
            <div class="outline-policies outline-policies--org">{ for chips }</div>
        </section>
    }
}

fn external_section(props: &WorldOutlineProps) -> Html {
    let external = props.world.external_identities();
    if external.is_empty() {
        return Html::default();
    }
    let rows = external.iter().map(|e| {
        let name = e.name().to_owned();
        let kind = match e {
            iam_world::world::ExternalIdentity::Saml { .. } => "SAML user",
            iam_world::world::ExternalIdentity::Oidc { .. } => "OIDC workload",
            iam_world::world::ExternalIdentity::RolesAnywhere { .. } => "Roles Anywhere workload",
        };
        Entity {
            node: format!("external/{name}"),
            icon: "ID",
            kind,
            principal: Some(format!("external:{name}")),
            name,
            detail: None,
            policies: Vec::new(),
            resource: None,
        }
    });
    html! {
        <section class="outline-account">
            <header class="outline-account__header">
                <span class="outline-account__name outline-account__name--static">
                    <span class="outline-icon outline-icon--account" aria-hidden="true">{ "EXT" }</span>
                    { "Outside AWS" }
                </span>
            </header>
            <ul class="outline-list" role="list">{ for rows.map(|e| entity_row(props, e)) }</ul>
        </section>
    }
}
