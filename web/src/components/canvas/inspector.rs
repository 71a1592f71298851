//! The selected node's bar: its name (rename in place), what it is, its policies (each opens
//! in the editor), managed policies to attach or detach from the catalogue, services a role
//! can trust, and the questions to ask about it.

use std::rc::Rc;

use iam_world::edit::{Edit, NodeId, TrustPrincipal, default_region, resource_arn};
use iam_world::model::{AccountDoc, InlinePolicyDoc, WorldDoc};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::icons;
use crate::diagram::GraphModel;
use crate::diagram::model::{Node, NodeKind, resource_policy};
use crate::state::PolicyKey;

/// A policy of the selected node.
#[derive(Clone, Debug, PartialEq)]
pub struct NodePolicy {
    /// The editor key.
    pub key: PolicyKey,
    /// Its name.
    pub name: String,
    /// "trust", "inline", "managed", "AWS managed", "boundary", "resource".
    pub kind: &'static str,
    /// For attached managed policies: the reference to detach.
    pub detach: Option<String>,
}

/// The policies of node `id` in `doc`, by editor key.
pub fn policies_of(doc: &WorldDoc, id: &str) -> Vec<NodePolicy> {
    let Some(node) = NodeId::parse(id) else {
        return Vec::new();
    };
    let Some(account) = node.account() else {
        return Vec::new();
    };
    let Some((a, account_doc)) = doc
        .accounts
        .iter()
        .enumerate()
        .find(|(_, x)| x.id == account)
    else {
        return Vec::new();
    };
    let holder = |path: String, inline, managed, boundary| Holder {
        account: account_doc,
        index: a,
        path,
        inline,
        managed,
        boundary,
    };
    match &node {
        NodeId::User { name, .. } => {
            position(&account_doc.users, |u| &u.name == name).map(|(i, user)| {
                holder(
                    format!("$.accounts[{a}].users[{i}]"),
                    &user.inline_policies,
                    &user.managed_policies,
                    user.permissions_boundary.as_ref(),
                )
                .policies()
            })
        }
        NodeId::Group { name, .. } => {
            position(&account_doc.groups, |g| &g.name == name).map(|(i, group)| {
                holder(
                    format!("$.accounts[{a}].groups[{i}]"),
                    &group.inline_policies,
                    &group.managed_policies,
                    None,
                )
                .policies()
            })
        }
        NodeId::Role { name, .. } => {
            position(&account_doc.roles, |r| &r.name == name).map(|(i, role)| {
                let path = format!("$.accounts[{a}].roles[{i}]");
                let mut out = vec![NodePolicy {
                    key: PolicyKey::World(format!("{path}.trust_policy")),
                    name: "trust policy".to_owned(),
                    kind: "trust",
                    detach: None,
                }];
                out.extend(
                    holder(
                        path,
                        &role.inline_policies,
                        &role.managed_policies,
                        role.permissions_boundary.as_ref(),
                    )
                    .policies(),
                );
                out
            })
        }
        NodeId::Resource { arn, .. } => {
            let region = default_region(doc);
            position(&account_doc.resources, |r| {
                &resource_arn(account, r, region) == arn
            })
            .filter(|(_, resource)| resource_policy(resource).is_some())
            .map(|(i, _)| {
                vec![NodePolicy {
                    key: PolicyKey::World(format!("$.accounts[{a}].resources[{i}].policy")),
                    name: "resource policy".to_owned(),
                    kind: "resource",
                    detach: None,
                }]
            })
        }
        NodeId::Provider { .. } | NodeId::Account(_) | NodeId::External(_) => None,
    }
    .unwrap_or_default()
}

/// The first item of `items` that `found` accepts, with its index.
fn position<T>(items: &[T], found: impl Fn(&T) -> bool) -> Option<(usize, &T)> {
    items.iter().enumerate().find(|(_, item)| found(item))
}

/// A user, group or role of an account: where it sits and the policies it carries.
struct Holder<'d> {
    account: &'d AccountDoc,
    index: usize,
    /// Its JSON path (`$.accounts[0].users[1]`).
    path: String,
    inline: &'d [InlinePolicyDoc],
    managed: &'d [String],
    boundary: Option<&'d String>,
}

impl Holder<'_> {
    /// Inline policies, then attached managed ones, then the boundary.
    fn policies(&self) -> Vec<NodePolicy> {
        let inline = self.inline.iter().enumerate().map(|(k, p)| NodePolicy {
            key: PolicyKey::World(format!("{}.inline_policies[{k}].document", self.path)),
            name: p.name.clone(),
            kind: "inline",
            detach: None,
        });
        let managed = self
            .managed
            .iter()
            .filter_map(|m| managed_policy(self.account, self.index, m, "managed", true));
        let boundary = self
            .boundary
            .into_iter()
            .filter_map(|m| managed_policy(self.account, self.index, m, "boundary", false));
        inline.chain(managed).chain(boundary).collect()
    }
}

/// A managed policy reference: the account's own (editable) or AWS's (read-only).
fn managed_policy(
    account: &AccountDoc,
    index: usize,
    reference: &str,
    kind: &'static str,
    detach: bool,
) -> Option<NodePolicy> {
    let detach = detach.then(|| reference.to_owned());
    if let Some((p, policy)) = account.policies.iter().enumerate().find(|(_, p)| {
        p.name == reference
            || reference.ends_with(&format!(
                ":policy{}{}",
                p.path.as_deref().unwrap_or("/"),
                p.name
            ))
    }) {
        return Some(NodePolicy {
            key: PolicyKey::World(format!("$.accounts[{index}].policies[{p}].document")),
            name: policy.name.clone(),
            kind,
            detach,
        });
    }
    let aws = iam_managed_policies::managed_policy(reference)
        .or_else(|| iam_managed_policies::managed_policy_by_arn(reference))?;
    Some(NodePolicy {
        key: PolicyKey::Managed(aws.arn.to_owned()),
        name: aws.name.to_owned(),
        kind: if kind == "boundary" {
            "boundary"
        } else {
            "AWS managed"
        },
        detach,
    })
}

/// Services roles commonly trust, for the role's menu.
const SERVICES: [(&str, &str); 8] = [
    ("ec2.amazonaws.com", "EC2 (instance profiles)"),
    ("lambda.amazonaws.com", "Lambda (execution roles)"),
    ("ecs-tasks.amazonaws.com", "ECS tasks"),
    ("eks.amazonaws.com", "EKS"),
    ("codebuild.amazonaws.com", "CodeBuild"),
    ("states.amazonaws.com", "Step Functions"),
    ("glue.amazonaws.com", "Glue"),
    ("rolesanywhere.amazonaws.com", "IAM Roles Anywhere"),
];

/// Properties of [`Inspector`].
#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    /// The document.
    pub doc: Rc<WorldDoc>,
    /// The graph.
    pub model: Rc<GraphModel>,
    /// The selected node or account id.
    pub selection: AttrValue,
    /// No edits.
    #[prop_or_default]
    pub read_only: bool,
    /// Applies an edit.
    pub on_edit: Callback<Edit>,
    /// Opens a policy in the editor.
    pub on_open_policy: Callback<PolicyKey>,
    /// Starts the stepper from this principal (its reference).
    pub on_step_from: Callback<String>,
    /// Opens the reachability view on the selection.
    pub on_reach: Callback<()>,
    /// Clears the selection.
    pub on_close: Callback<()>,
}

/// The selected node's bar.
#[function_component(Inspector)]
pub fn inspector(props: &InspectorProps) -> Html {
    let picking = use_state(|| false);
    let id = props.selection.to_string();
    let node: Option<Node> = props.model.node(&id).cloned();
    let account = props.model.container(&id).map(|(_, c)| c.clone());
    let (icon, name, kind, arn) = match (&node, &account) {
        (Some(n), _) => (
            n.kind.icon(),
            n.label.clone(),
            n.kind.noun().to_owned(),
            n.arn.clone(),
        ),
        (None, Some(c)) => (
            "account",
            c.label.clone(),
            format!("AWS account · {}", c.detail),
            None,
        ),
        (None, None) => return Html::default(),
    };
    let renamable = !props.read_only
        && (account.is_some()
            || node.as_ref().is_some_and(|n| {
                n.entity
                    && !matches!(
                        n.kind,
                        NodeKind::SsoRole
                            | NodeKind::Function
                            | NodeKind::Instance
                            | NodeKind::Resource
                    )
            }));
    let rename = {
        let on_edit = props.on_edit.clone();
        let id = id.clone();
        let current = name.clone();
        Callback::from(move |event: Event| {
            if let Some(input) = event.target_dyn_into::<HtmlInputElement>() {
                let value = input.value();
                if !value.trim().is_empty() && value.trim() != current {
                    on_edit.emit(Edit::Rename {
                        node: id.clone(),
                        name: value.trim().to_owned(),
                    });
                }
            }
        })
    };
    let rename_keys = Callback::from(|event: KeyboardEvent| {
        if event.key() == "Enter" {
            if let Some(input) = event.target_dyn_into::<HtmlInputElement>() {
                let _ = input.blur();
            }
        }
    });
    let policies = policies_of(&props.doc, &id);
    let is_role = node.as_ref().is_some_and(|n| n.kind == NodeKind::Role);
    let attachable = node
        .as_ref()
        .is_some_and(|n| matches!(n.kind, NodeKind::User | NodeKind::Group | NodeKind::Role))
        && !props.read_only;
    let deletable = !props.read_only
        && (account.is_some()
            || node
                .as_ref()
                .is_some_and(|n| n.entity && n.kind != NodeKind::SsoRole));
    let principal = node.as_ref().and_then(|n| n.principal_ref.clone());
    let reach_label = match &node {
        Some(n) if matches!(n.kind, NodeKind::Role | NodeKind::SsoRole) => {
            Some("Who can reach it?")
        }
        Some(n) if n.kind.family() == "resource" => Some("Who can act on it?"),
        _ => None,
    };
    let delete = {
        let on_edit = props.on_edit.clone();
        let id = id.clone();
        Callback::from(move |_: MouseEvent| on_edit.emit(Edit::Delete { node: id.clone() }))
    };
    let trust_service = {
        let on_edit = props.on_edit.clone();
        let id = id.clone();
        Callback::from(move |event: Event| {
            if let Some(select) = event.target_dyn_into::<web_sys::HtmlSelectElement>() {
                let value = select.value();
                if !value.is_empty() {
                    on_edit.emit(Edit::AddTrust {
                        role: id.clone(),
                        principal: TrustPrincipal::service(value),
                    });
                }
                select.set_value("");
            }
        })
    };
    let toggle_picker = {
        let picking = picking.clone();
        Callback::from(move |_: MouseEvent| picking.set(!*picking))
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <div class="dg-inspector" data-testid="inspector" data-node={id.clone()}>
            <div class="dg-inspector__head">
                <span class={format!("dg-inspector__icon dg-inspector__icon--{}", node.as_ref().map_or("account", |n| n.kind.family()))}>{ icons::inline(icon) }</span>
                if renamable {
                    <input class="dg-inspector__name" type="text" value={name.clone()} onchange={rename} onkeydown={rename_keys}
                        aria-label="Name (Enter to rename)" data-testid="rename" spellcheck="false" />
                } else {
                    <span class="dg-inspector__name dg-inspector__name--fixed">{ name.clone() }</span>
                }
                <span class="dg-inspector__kind">{ kind }</span>
                <button type="button" class="button button--ghost dg-inspector__close" onclick={close} aria-label="Close">{ "✕" }</button>
            </div>
            if let Some(arn) = arn {
                <code class="dg-inspector__arn" title={arn.clone()}>{ arn }</code>
            }
            if let Some(problem) = node.as_ref().and_then(|n| n.problems.first()) {
                <p class="dg-inspector__problem" role="status">{ problem }</p>
            }
            <div class="dg-inspector__policies">
                { for policies.iter().map(|policy| {
                    let open = {
                        let on_open = props.on_open_policy.clone();
                        let key = policy.key.clone();
                        Callback::from(move |_: MouseEvent| on_open.emit(key.clone()))
                    };
                    let detach = policy.detach.clone().filter(|_| !props.read_only).map(|reference| {
                        let on_edit = props.on_edit.clone();
                        let id = id.clone();
                        Callback::from(move |_: MouseEvent| on_edit.emit(Edit::DetachPolicy { node: id.clone(), policy: reference.clone() }))
                    });
                    html! {
                        <span class={format!("dg-policy dg-policy--{}", policy.kind.replace(' ', "-").to_ascii_lowercase())}>
                            <button type="button" class="dg-policy__open" onclick={open} title={format!("Open {} in the editor", policy.name)} data-testid="node-policy">
                                <span class="dg-policy__kind">{ policy.kind }</span>
                                <span class="dg-policy__name">{ &policy.name }</span>
                            </button>
                            if let Some(detach) = detach {
                                <button type="button" class="dg-policy__detach" onclick={detach} aria-label={format!("Detach {}", policy.name)} title="Detach">{ "×" }</button>
                            }
                        </span>
                    }
                }) }
                if attachable {
                    <button type="button" class="button button--small" onclick={toggle_picker} aria-expanded={picking.to_string()} data-testid="attach-policy">
                        { "+ Attach policy" }
                    </button>
                }
            </div>
            if *picking && attachable {
                <PolicyPicker doc={props.doc.clone()} node={AttrValue::from(id.clone())} on_edit={props.on_edit.clone()}
                    on_done={ { let picking = picking.clone(); Callback::from(move |()| picking.set(false)) } } />
            }
            <div class="dg-inspector__actions">
                if let Some(reference) = principal {
                    <button type="button" class="button button--small" data-testid="step-from"
                        onclick={ { let on = props.on_step_from.clone(); Callback::from(move |_: MouseEvent| on.emit(reference.clone())) } }>
                        { "Step from here" }
                    </button>
                }
                if let Some(label) = reach_label {
                    <button type="button" class="button button--small" onclick={props.on_reach.reform(|_: MouseEvent| ())} data-testid="reach-from">{ label }</button>
                }
                if is_role && !props.read_only {
                    <select class="st-select st-select--small" onchange={trust_service} aria-label="Trust an AWS service" data-testid="trust-service">
                        <option value="" selected=true>{ "Trust a service…" }</option>
                        { for SERVICES.iter().map(|(value, label)| html! { <option value={*value}>{ *label }</option> }) }
                    </select>
                }
                if deletable {
                    <button type="button" class="button button--small button--danger" onclick={delete} data-testid="delete-node">{ "Delete" }</button>
                }
            </div>
        </div>
    }
}

/// Properties of [`PolicyPicker`].
#[derive(Properties, PartialEq)]
pub struct PolicyPickerProps {
    /// The document (for the account's customer managed policies).
    pub doc: Rc<WorldDoc>,
    /// The user, group or role.
    pub node: AttrValue,
    /// Applies the attachment.
    pub on_edit: Callback<Edit>,
    /// Closes the picker.
    pub on_done: Callback<()>,
}

/// A searchable list of managed policies: the account's own, then AWS's catalogue.
#[function_component(PolicyPicker)]
pub fn policy_picker(props: &PolicyPickerProps) -> Html {
    let query = use_state(String::new);
    let input = use_node_ref();
    {
        let input = input.clone();
        use_effect_with((), move |_| {
            if let Some(input) = input.cast::<HtmlInputElement>() {
                let _ = input.focus();
            }
        });
    }
    let on_input = {
        let query = query.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(input) = event.target_dyn_into::<HtmlInputElement>() {
                query.set(input.value());
            }
        })
    };
    let needle = query.to_ascii_lowercase();
    let account = NodeId::parse(&props.node).and_then(|n| n.account().map(str::to_owned));
    let own: Vec<String> = props
        .doc
        .accounts
        .iter()
        .filter(|a| Some(&a.id) == account.as_ref())
        .flat_map(|a| a.policies.iter().map(|p| p.name.clone()))
        .collect();
    let matches: Vec<(String, &'static str)> = own
        .into_iter()
        .map(|n| (n, "customer managed"))
        .chain(iam_managed_policies::all().map(|p| (p.name.to_owned(), "AWS managed")))
        .filter(|(name, _)| needle.is_empty() || name.to_ascii_lowercase().contains(&needle))
        .take(40)
        .collect();
    let on_keydown = {
        let on_done = props.on_done.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" {
                on_done.emit(());
            }
        })
    };
    html! {
        <div class="dg-picker" data-testid="policy-picker">
            <input ref={input} class="st-input dg-picker__search" type="search" placeholder="Search managed policies (ReadOnly, S3, Lambda…)"
                oninput={on_input} onkeydown={on_keydown} aria-label="Search managed policies" value={(*query).clone()} />
            <ul class="dg-picker__list" role="listbox">
                { for matches.into_iter().map(|(name, kind)| {
                    let attach = {
                        let on_edit = props.on_edit.clone();
                        let on_done = props.on_done.clone();
                        let node = props.node.to_string();
                        let name = name.clone();
                        Callback::from(move |_: MouseEvent| {
                            on_edit.emit(Edit::AttachPolicy { node: node.clone(), policy: name.clone() });
                            on_done.emit(());
                        })
                    };
                    html! {
                        <li role="option">
                            <button type="button" class="dg-picker__item" onclick={attach} data-policy={name.clone()}>
                                <span class="dg-picker__name">{ name }</span>
                                <span class="dg-picker__kind">{ kind }</span>
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}
