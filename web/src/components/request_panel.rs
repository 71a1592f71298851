//! The request form: principal (optionally through a role chain), action, resource and
//! context keys. Keys the playground derives are listed read-only with an "override" action.

use std::rc::Rc;

use iam_eval::context::{ContextEntry, Origin};
use iam_world::World;
use iam_world::model::{CredentialType, CredentialsDoc, Expected};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::{icons, same_rc};
use crate::state::RequestDoc;
use crate::state::document::{Scenario, hop};
use crate::state::evaluation::RequestError;
use crate::state::request::{ContextRow, TypedValue, qualified_name};

/// Properties of [`RequestPanel`].
#[derive(Properties)]
pub struct RequestPanelProps {
    /// The request.
    pub request: Rc<RequestDoc>,
    /// The world, for suggestions.
    pub world: Option<Rc<World>>,
    /// Whether the authoring-help module is loaded (action and key suggestions).
    pub catalog_ready: bool,
    /// The context of the last decision.
    pub context: Rc<Vec<ContextEntry>>,
    /// Why the request cannot be decided.
    pub error: Option<RequestError>,
    /// Nothing can be changed.
    pub read_only: bool,
    /// The world's ready-made requests (its tutorial's expectations).
    #[prop_or_default]
    pub scenarios: Rc<Vec<Scenario>>,
    /// The request changed.
    pub on_change: Callback<RequestDoc>,
}

impl PartialEq for RequestPanelProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.request, &other.request)
            && same_rc(&self.world, &other.world)
            && self.catalog_ready == other.catalog_ready
            && Rc::ptr_eq(&self.context, &other.context)
            && self.error == other.error
            && self.read_only == other.read_only
            && Rc::ptr_eq(&self.scenarios, &other.scenarios)
    }
}

/// A change of one request field, from the field's new text.
type Edit = dyn Fn(&mut RequestDoc, String);

fn input_value(event: &InputEvent) -> String {
    event.target_unchecked_into::<HtmlInputElement>().value()
}

fn select_value(event: &Event) -> String {
    event.target_unchecked_into::<HtmlSelectElement>().value()
}

/// The request form.
#[function_component(RequestPanel)]
pub fn request_panel(props: &RequestPanelProps) -> Html {
    let request = props.request.clone();
    // Emits a modified copy of the request.
    let update = {
        let request = request.clone();
        let on_change = props.on_change.clone();
        move |f: Box<Edit>| {
            let request = request.clone();
            let on_change = on_change.clone();
            move |value: String| {
                let mut next = (*request).clone();
                f(&mut next, value);
                on_change.emit(next);
            }
        }
    };
    let on_principal = update(Box::new(|r, v| r.principal = v));
    let on_action = update(Box::new(|r, v| r.action = v));
    let on_resource = update(Box::new(|r, v| r.resource = v));
    let on_credentials = update(Box::new(|r, v| r.credentials = credentials_of(&v)));
    let on_add_hop = update(Box::new(|r, v| {
        if !v.is_empty() {
            r.chain.push(hop(&v));
        }
    }));

    let error_field = props.error.as_ref().map(RequestError::field);
    let invalid = |field: &str| (error_field == Some(field)).then_some("true");
    let disabled = props.read_only;
    let is_user = props.world.as_ref().is_some_and(|w| {
        matches!(
            w.resolve_principal(&request.principal),
            Ok(iam_world::PrincipalRef::User(_))
        )
    });

    html! {
        <form class="request" aria-label="Request" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())} data-testid="request">
            { scenario_list(props) }
            <div class="field">
                <label for="request-principal">{ "Principal" }</label>
                <input id="request-principal" class="input" list="principal-options" value={request.principal.clone()}
                    aria-invalid={invalid("principal")} disabled={disabled} spellcheck="false" autocomplete="off"
                    placeholder="user, role:NAME, root:ACCOUNT, an ARN…"
                    oninput={Callback::from(move |e: InputEvent| on_principal(input_value(&e)))} />
                <datalist id="principal-options">{ for principal_options(props.world.as_deref()).into_iter().map(|(v, l)| html! { <option value={v}>{ l }</option> }) }</datalist>
            </div>
            if is_user || request.credentials.is_some() {
                <div class="field">
                    <label for="request-credentials">{ "Signed in with" }</label>
                    <select id="request-credentials" class="input" disabled={disabled}
                        onchange={Callback::from(move |e: Event| on_credentials(select_value(&e)))}>
                        { for CREDENTIALS.iter().map(|(value, label)| html! {
                            <option value={*value} selected={credentials_value(request.credentials.as_ref()) == *value}>{ *label }</option>
                        }) }
                    </select>
                </div>
            }
            <div class="field">
                <span class="field__label" id="request-chain-label">{ "Via roles" }</span>
                <div class="chain" aria-labelledby="request-chain-label">
                    { for request.chain.iter().enumerate().map(|(index, h)| {
                        let request = request.clone();
                        let on_change = props.on_change.clone();
                        let remove = Callback::from(move |_| {
                            let mut next = (*request).clone();
                            next.chain.remove(index);
                            on_change.emit(next);
                        });
                        html! {
                            <span class="chain__hop">
                                <span class="chain__arrow" aria-hidden="true">{ "→" }</span>
                                <span class="chain__role">{ &h.role }</span>
                                if !disabled {
                                    <button type="button" class="chain__remove" aria-label={format!("Remove hop {}", h.role)} onclick={remove}>{ icons::close() }</button>
                                }
                            </span>
                        }
                    }) }
                    if !disabled {
                        <select class="input input--inline" aria-label="Assume a role first"
                            onchange={Callback::from(move |e: Event| {
                                let value = select_value(&e);
                                e.target_unchecked_into::<HtmlSelectElement>().set_value("");
                                on_add_hop(value);
                            })}>
                            <option value="" selected=true>{ if request.chain.is_empty() { "acts directly — assume a role…" } else { "then assume…" } }</option>
                            { for role_options(props.world.as_deref()).into_iter().map(|(v, l)| html! { <option value={v}>{ l }</option> }) }
                        </select>
                    }
                </div>
            </div>
            <div class="field">
                <label for="request-action">{ "Action" }</label>
                <input id="request-action" class="input input--mono" list="action-options" value={request.action.clone()}
                    aria-invalid={invalid("action")} disabled={disabled} spellcheck="false" autocomplete="off"
                    placeholder="s3:GetObject"
                    oninput={Callback::from(move |e: InputEvent| on_action(input_value(&e)))} />
                <datalist id="action-options">{ for action_options(props.catalog_ready, &request.action).into_iter().map(|(v, l)| html! { <option value={v}>{ l }</option> }) }</datalist>
            </div>
            <div class="field">
                <label for="request-resource">{ "Resource" }</label>
                <input id="request-resource" class="input input--mono" list="resource-options" value={request.resource.clone()}
                    aria-invalid={invalid("resource")} disabled={disabled} spellcheck="false" autocomplete="off"
                    placeholder="*, an ARN, a bucket/key, a role…"
                    oninput={Callback::from(move |e: InputEvent| on_resource(input_value(&e)))} />
                <datalist id="resource-options">{ for resource_options(props.world.as_deref()).into_iter().map(|(v, l)| html! { <option value={v}>{ l }</option> }) }</datalist>
            </div>
            { context_table(props) }
        </form>
    }
}

const CREDENTIALS: [(&str, &str); 5] = [
    ("", "the user's own (access key or console)"),
    ("access-key", "an access key"),
    ("console", "the console, without MFA"),
    ("console-mfa", "the console, with MFA"),
    ("session-token-mfa", "GetSessionToken with MFA"),
];

fn credentials_of(value: &str) -> Option<CredentialsDoc> {
    let (kind, mfa) = match value {
        "access-key" => (CredentialType::AccessKey, false),
        "console" => (CredentialType::Console, false),
        "console-mfa" => (CredentialType::Console, true),
        "session-token-mfa" => (CredentialType::SessionToken, true),
        _ => return None,
    };
    Some(CredentialsDoc {
        kind,
        mfa,
        mfa_age_seconds: None,
    })
}

fn credentials_value(doc: Option<&CredentialsDoc>) -> &'static str {
    match doc.map(|d| (d.kind, d.mfa)) {
        None => "",
        Some((CredentialType::AccessKey, _)) => "access-key",
        Some((CredentialType::Console, false)) => "console",
        Some((CredentialType::Console, true)) => "console-mfa",
        Some((CredentialType::SessionToken, _)) => "session-token-mfa",
    }
}

fn principal_options(world: Option<&World>) -> Vec<(String, String)> {
    let Some(world) = world else {
        return Vec::new();
    };
    let mut out: Vec<(String, String)> = Vec::new();
    for user in world.users() {
        out.push((
            user.name.clone(),
            format!("IAM user · {}", world.account_id(user.account)),
        ));
    }
    for role in world.roles() {
        out.push((
            format!("role:{}", role.name),
            format!("role session · {}", world.account_id(role.account)),
        ));
    }
    for account in world.accounts() {
        out.push((
            format!("root:{}", account.id),
            format!("root user · {}", account.label()),
        ));
    }
    for external in world.external_identities() {
        out.push((
            format!("external:{}", external.name()),
            "identity outside AWS".to_owned(),
        ));
    }
    if let Some(center) = world.identity_center() {
        for user in &center.users {
            out.push((
                format!("idc:{}", user.name),
                "Identity Center user".to_owned(),
            ));
        }
    }
    for resource in world.resources() {
        match &resource.kind {
            iam_world::world::ResourceKind::Ec2Instance { id, .. } => out.push((
                format!("instance:{id}"),
                "EC2 instance (its role)".to_owned(),
            )),
            iam_world::world::ResourceKind::LambdaFunction { name, .. } => out.push((
                format!("function:{name}"),
                "Lambda function (its role)".to_owned(),
            )),
            _ => {}
        }
    }
    out.push(("anonymous".to_owned(), "an unsigned request".to_owned()));
    out
}

fn role_options(world: Option<&World>) -> Vec<(String, String)> {
    let Some(world) = world else {
        return Vec::new();
    };
    world
        .roles()
        .iter()
        .map(|r| {
            (
                qualified_name(world, r.account, &r.name, true),
                format!("{} ({})", r.name, world.account_id(r.account)),
            )
        })
        .collect()
}

fn resource_options(world: Option<&World>) -> Vec<(String, String)> {
    let Some(world) = world else {
        return Vec::new();
    };
    let mut out = vec![(
        "*".to_owned(),
        "no resource (actions like s3:ListAllMyBuckets)".to_owned(),
    )];
    for resource in world.resources() {
        out.push((resource.arn.clone(), resource.short_name.clone()));
        if let iam_world::world::ResourceKind::S3Bucket { name, objects } = &resource.kind {
            out.extend(
                objects
                    .iter()
                    .map(|(key, _)| (format!("{name}/{key}"), "S3 object".to_owned())),
            );
        }
    }
    out.extend(
        world
            .roles()
            .iter()
            .map(|r| (r.arn.clone(), format!("role {}", r.name))),
    );
    out
}

/// Actions (or service prefixes) starting with what is typed, with their access level.
fn action_options(ready: bool, typed: &str) -> Vec<(String, String)> {
    if !ready {
        return Vec::new();
    }
    let query = serde_json::json!({ "kind": "action", "prefix": typed });
    let mut options = crate::assist::options(&query);
    options.truncate(60);
    options.into_iter().map(|o| (o.label, o.detail)).collect()
}

/// The global condition keys a request can set (`aws:SourceIp`, ...).
fn global_keys(ready: bool) -> Vec<String> {
    if !ready {
        return Vec::new();
    }
    let query = serde_json::json!({ "kind": "global-key", "prefix": "aws:" });
    crate::assist::options(&query)
        .into_iter()
        .map(|o| o.label)
        .collect()
}

fn context_table(props: &RequestPanelProps) -> Html {
    let request = props.request.clone();
    let disabled = props.read_only;
    let set_row = {
        let request = request.clone();
        let on_change = props.on_change.clone();
        move |index: usize, row: Option<ContextRow>| {
            let mut next = (*request).clone();
            match row {
                Some(row) => {
                    if index < next.context.len() {
                        next.context[index] = row;
                    } else {
                        next.context.push(row);
                    }
                }
                None => {
                    if index < next.context.len() {
                        next.context.remove(index);
                    }
                }
            }
            on_change.emit(next);
        }
    };
    let context_error = match &props.error {
        Some(RequestError::Context(e)) => Some(e.row),
        _ => None,
    };
    let rows = request.context.iter().enumerate().map(|(index, row)| {
        let key_change = {
            let set_row = set_row.clone();
            let row = row.clone();
            Callback::from(move |e: InputEvent| set_row(index, Some(ContextRow { key: input_value(&e), value: row.value.clone() })))
        };
        let type_change = {
            let set_row = set_row.clone();
            let row = row.clone();
            Callback::from(move |e: Event| {
                let value = TypedValue::from_text(&select_value(&e), &row.value.text());
                set_row(index, Some(ContextRow { key: row.key.clone(), value }));
            })
        };
        let value_change = {
            let set_row = set_row.clone();
            let row = row.clone();
            Callback::from(move |e: InputEvent| {
                let value = TypedValue::from_text(row.value.type_name(), &input_value(&e));
                set_row(index, Some(ContextRow { key: row.key.clone(), value }));
            })
        };
        let bool_change = {
            let set_row = set_row.clone();
            let row = row.clone();
            Callback::from(move |e: Event| set_row(index, Some(ContextRow { key: row.key.clone(), value: TypedValue::Bool(select_value(&e) == "true") })))
        };
        let remove = {
            let set_row = set_row.clone();
            Callback::from(move |_| set_row(index, None))
        };
        let invalid = (context_error == Some(index)).then_some("true");
        html! {
            <tr class="context__row">
                <td><input class="input input--mono input--cell" value={row.key.clone()} aria-label="Key" list="context-key-options" disabled={disabled} spellcheck="false" oninput={key_change} aria-invalid={invalid} /></td>
                <td>
                    <select class="input input--cell" aria-label="Type" disabled={disabled} onchange={type_change}>
                        { for ["string", "number", "bool", "list"].iter().map(|t| html! { <option value={*t} selected={row.value.type_name() == *t}>{ *t }</option> }) }
                    </select>
                </td>
                <td>
                    if let TypedValue::Bool(value) = &row.value {
                        <select class="input input--cell" aria-label="Value" disabled={disabled} onchange={bool_change}>
                            <option value="true" selected={*value}>{ "true" }</option>
                            <option value="false" selected={!*value}>{ "false" }</option>
                        </select>
                    } else {
                        <input class="input input--mono input--cell" value={row.value.text()} aria-label="Value" disabled={disabled} spellcheck="false"
                            placeholder={if matches!(row.value, TypedValue::List(_)) { "a, b, c" } else { "" }} oninput={value_change} aria-invalid={invalid} />
                    }
                </td>
                <td>
                    if !disabled {
                        <button type="button" class="icon-button" aria-label={format!("Remove {}", row.key)} onclick={remove}>{ icons::close() }</button>
                    }
                </td>
            </tr>
        }
    });
    let add = {
        let set_row = set_row.clone();
        let len = request.context.len();
        Callback::from(move |_| {
            set_row(
                len,
                Some(ContextRow {
                    key: String::new(),
                    value: TypedValue::String(String::new()),
                }),
            )
        })
    };
    let derived: Vec<&ContextEntry> = props
        .context
        .iter()
        .filter(|e| !request.sets_key(&e.key))
        .collect();
    let derived_rows = derived.iter().map(|entry| {
        let value = match &entry.value {
            iam_world::ContextValue::Single(v) => v.clone(),
            iam_world::ContextValue::List(vs) => format!("[{}]", vs.join(", ")),
        };
        let source = match entry.origin {
            Origin::Derived => "derived by the engine from the caller and resource",
            Origin::Given => "set by the world for this caller and request",
        };
        let override_row = {
            let set_row = set_row.clone();
            let len = request.context.len();
            let row = ContextRow { key: entry.key.to_string(), value: TypedValue::from_context(&entry.value) };
            Callback::from(move |_| set_row(len, Some(row.clone())))
        };
        html! {
            <tr class="context__derived" title={source}>
                <td class="mono">{ entry.key.to_string() }</td>
                <td class="mono context__value">{ value }</td>
                <td>
                    if !disabled {
                        <button type="button" class="button button--ghost button--small" onclick={override_row}
                            aria-label={format!("Override {}", entry.key)}>{ "override" }</button>
                    }
                </td>
            </tr>
        }
    });
    html! {
        <fieldset class="context" data-testid="context">
            <legend>{ "Context keys" }</legend>
            if !request.context.is_empty() {
                <table class="context__table context__table--edit">
                    <thead><tr><th>{ "Key" }</th><th>{ "Type" }</th><th>{ "Value" }</th><th><span class="visually-hidden">{ "Remove" }</span></th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            }
            if !disabled {
                <button type="button" class="button button--small" onclick={add}>{ "+ Add key" }</button>
            }
            <datalist id="context-key-options">
                { for global_keys(props.catalog_ready).into_iter().map(|k| html! { <option value={k} /> }) }
            </datalist>
            if !derived.is_empty() {
                <details class="context__derived-list">
                    <summary>{ format!("{} keys set by the playground (read-only)", derived.len()) }</summary>
                    <table class="context__table">
                        <tbody>{ for derived_rows }</tbody>
                    </table>
                </details>
            }
        </fieldset>
    }
}

fn scenario_list(props: &RequestPanelProps) -> Html {
    if props.scenarios.is_empty() || props.read_only {
        return Html::default();
    }
    html! {
        <details class="scenarios" open=true>
            <summary>{ format!("Scenarios from the tutorial ({})", props.scenarios.len()) }</summary>
            <ul class="scenarios__list" data-testid="scenarios">
                { for props.scenarios.iter().map(|scenario| {
                    let current = scenario.request == *props.request;
                    let request = scenario.request.clone();
                    let on_change = props.on_change.clone();
                    let onclick = Callback::from(move |_| on_change.emit(request.clone()));
                    let class = format!("{:?}", scenario.expect).to_ascii_lowercase();
                    html! {
                        <li>
                            <button type="button" class={classes!("scenario", current.then_some("is-current"))} onclick={onclick}
                                aria-pressed={current.to_string()} title={scenario.request.summary()}>
                                <span class={classes!("scenario__expect", format!("scenario__expect--{class}"))}>{ expect_label(scenario.expect) }</span>
                                <span class="scenario__name">{ &scenario.name }</span>
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </details>
    }
}

fn expect_label(expect: Expected) -> &'static str {
    match expect {
        Expected::Allow => "Allow",
        Expected::ExplicitDeny => "Explicit deny",
        Expected::ImplicitDeny => "Implicit deny",
        Expected::Deny => "Deny",
        Expected::Error => "Error",
    }
}
