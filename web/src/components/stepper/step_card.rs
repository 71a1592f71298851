//! The cards of the stepper's timeline: who starts, each hop (checks, session, command), and
//! the final access check.

use std::rc::Rc;

use iam_eval::explain::Verdict;
use iam_world::{AssumeResult, Check, Decision, Issuer, Step, StsApi, World};
use yew::prelude::*;

use super::plan::{LayerLine, SignIn, StatementLine, summarize};
use crate::diagram::cli::{Commands, HopContext, commands};
use crate::diagram::model::last_segment;
use crate::state::PolicyKey;

/// Properties of [`StartCard`].
#[derive(Properties, PartialEq)]
pub struct StartCardProps {
    /// The start principal's label.
    pub label: AttrValue,
    /// How a user signed in.
    pub sign_in: SignIn,
    /// Whether the start is an IAM user.
    pub is_user: bool,
}

/// The first card: who acts.
#[function_component(StartCard)]
pub fn start_card(props: &StartCardProps) -> Html {
    html! {
        <li class="st-card st-card--start">
            <div class="st-card__head">
                <span class="st-card__step">{ "Start" }</span>
                <code class="st-card__arn">{ props.label.clone() }</code>
            </div>
            if props.is_user {
                <p class="st-card__note">{ format!("Signed in with {}.", props.sign_in.label()) }</p>
            }
        </li>
    }
}

/// A decision in words and colour.
fn decision_pill(decision: Decision) -> Html {
    let (class, text) = match decision {
        Decision::Allow => ("allow", "Allowed"),
        Decision::ExplicitDeny => ("deny", "Explicitly denied"),
        Decision::ImplicitDeny => ("implicit", "Implicitly denied"),
    };
    html! { <span class={format!("st-pill st-pill--{class}")} data-decision={text}>{ text }</span> }
}

fn verdict_pill(verdict: Verdict) -> Html {
    let (class, text) = match verdict {
        Verdict::Allows => ("allow", "allows"),
        Verdict::Denies => ("deny", "denies"),
        Verdict::NoMatch => ("none", "no match"),
    };
    html! { <span class={format!("st-verdict st-verdict--{class}")}>{ text }</span> }
}

/// The statements of a layer: deciding ones first, each with a button to show it.
fn statement_item(
    statement: &StatementLine,
    on_show_span: &Callback<(PolicyKey, (u32, u32))>,
) -> Html {
    let show = {
        let on_show_span = on_show_span.clone();
        let key = statement.key.clone();
        let span = statement.span;
        Callback::from(move |_: MouseEvent| on_show_span.emit((key.clone(), span)))
    };
    let effect = if statement.allow { "Allow" } else { "Deny" };
    html! {
        <li class={classes!("st-statement", statement.deciding.then_some("is-deciding"), (!statement.allow).then_some("is-deny"))}>
            <button type="button" class="st-statement__show" onclick={show} title="Show this statement in the editor"
                data-testid={if statement.deciding { "step-deciding-statement" } else { "step-statement" }}>
                <span class={format!("st-effect st-effect--{}", effect.to_ascii_lowercase())}>{ effect }</span>
                <span class="st-statement__policy">{ &statement.policy }</span>
                <span class="st-statement__label">{ &statement.label }</span>
                if statement.deciding {
                    <span class="st-statement__tag">{ "decides" }</span>
                }
            </button>
            if !statement.misses.is_empty() {
                <ul class="st-misses">
                    { for statement.misses.iter().map(|m| html! { <li>{ m }</li> }) }
                </ul>
            }
        </li>
    }
}

fn layer_block(layer: &LayerLine, on_show_span: &Callback<(PolicyKey, (u32, u32))>) -> Html {
    html! {
        <div class="st-layer">
            <div class="st-layer__head">
                <span class="st-layer__title">{ &layer.title }</span>
                { verdict_pill(layer.verdict) }
            </div>
            if !layer.statements.is_empty() {
                <ul class="st-statements">
                    { for layer.statements.iter().map(|s| statement_item(s, on_show_span)) }
                </ul>
            }
        </div>
    }
}

/// A check: its purpose, decision, reason and layers.
fn check_block(check: &Check, on_show_span: &Callback<(PolicyKey, (u32, u32))>) -> Html {
    let layers = summarize(check);
    html! {
        <section class="st-check" data-testid="stepper-check">
            <div class="st-check__head">
                <span class="st-check__purpose">{ &check.purpose }</span>
                { decision_pill(check.decision) }
            </div>
            <p class="st-check__reason">{ &check.explanation.outcome.reason }</p>
            <div class="st-layers">
                { for layers.iter().map(|l| layer_block(l, on_show_span)) }
            </div>
        </section>
    }
}

/// Properties of [`StepCard`].
#[derive(Properties)]
pub struct StepCardProps {
    /// The step.
    pub step: Rc<Step>,
    /// The world (MFA devices, providers).
    pub world: Rc<World>,
    /// Whether an earlier hop produced the calling session.
    pub previous_chained: bool,
    /// Show a statement in the editor.
    pub on_show_span: Callback<(PolicyKey, (u32, u32))>,
    /// Open a policy in the editor.
    pub on_open_policy: Callback<PolicyKey>,
}

impl PartialEq for StepCardProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.step, &other.step)
            && Rc::ptr_eq(&self.world, &other.world)
            && self.previous_chained == other.previous_chained
    }
}

fn api_name(api: StsApi) -> &'static str {
    match api {
        StsApi::AssumeRole => "sts:AssumeRole",
        StsApi::AssumeRoleWithSaml => "sts:AssumeRoleWithSAML",
        StsApi::AssumeRoleWithWebIdentity => "sts:AssumeRoleWithWebIdentity",
        StsApi::ServiceAssumeRole => "the service assumes its role",
        StsApi::RolesAnywhere => "IAM Roles Anywhere CreateSession",
        StsApi::IdentityCenter => "Identity Center sign-in",
    }
}

/// The context the CLI text needs: the caller's MFA device, the provider.
fn hop_context(world: &World, step: &Step, chained: bool) -> HopContext {
    let caller = &step.outcome.caller;
    let mfa_serial = world
        .users()
        .iter()
        .find(|u| &u.arn == caller)
        .and_then(|u| u.mfa_devices.first().cloned());
    let provider = step.outcome.session().and_then(|s| match &s.issuer {
        Issuer::Saml { provider } | Issuer::WebIdentity { provider } => Some(provider.clone()),
        _ => None,
    });
    HopContext {
        index: step.index,
        chained,
        mfa_serial,
        provider,
        caller_name: last_segment(
            caller
                .trim_start_matches("external:")
                .trim_start_matches("idc:"),
        )
        .to_owned(),
    }
}

/// One hop.
#[function_component(StepCard)]
pub fn step_card(props: &StepCardProps) -> Html {
    let step = &props.step;
    let outcome = &step.outcome;
    let role = last_segment(&outcome.role);
    let context = hop_context(&props.world, step, props.previous_chained && !step.implicit);
    let cli = commands(outcome, &step.hop, &context);
    let (state, result) = match &outcome.result {
        AssumeResult::Assumed { session } => ("ok", session_block(session)),
        AssumeResult::Denied { decision, .. } => (
            "denied",
            html! {
                <div class="st-result st-result--denied" role="alert">
                    { decision_pill(*decision) }
                    <p>{ "No session: the chain stops here. The highlighted statement decided; it is open in the editor." }</p>
                </div>
            },
        ),
        AssumeResult::Failed { error } => (
            "failed",
            html! {
                <div class="st-result st-result--failed" role="alert">
                    <span class="st-pill st-pill--error">{ error.code.as_str() }</span>
                    <p>{ format!("STS refuses the call before any policy decides: {}", error.message) }</p>
                </div>
            },
        ),
    };
    html! {
        <li class={format!("st-card st-card--hop is-{state}")} data-testid="step-card" data-state={state}>
            <div class="st-card__head">
                <span class="st-card__step">{ format!("Hop {}", step.index + 1) }</span>
                <span class="st-card__api">{ api_name(outcome.api) }</span>
                <span class="st-card__arrow" aria-hidden="true">{ "→" }</span>
                <strong class="st-card__role" title={outcome.role.clone()}>{ role }</strong>
                if step.implicit {
                    <span class="st-card__note">{ "(the service obtains it first)" }</span>
                }
            </div>
            { for outcome.checks.iter().map(|c| check_block(c, &props.on_show_span)) }
            { result }
            <CliBlock commands={Rc::new(cli)} />
        </li>
    }
}

fn session_block(session: &iam_world::Session) -> Html {
    let tags: Vec<String> = session
        .principal_tags
        .iter()
        .map(|t| format!("{}={}", t.key, t.value))
        .collect();
    html! {
        <dl class="st-session" data-testid="stepper-session">
            <dt>{ "Session" }</dt><dd><code>{ &session.arn }</code></dd>
            <dt>{ "Expires" }</dt><dd>{ format!("{} ({} min)", session.expires_at.iso8601(), session.duration_seconds / 60) }</dd>
            if let Some(source) = &session.source_identity {
                <dt>{ "Source identity" }</dt><dd><code>{ source }</code></dd>
            }
            if !tags.is_empty() {
                <dt>{ "Principal tags" }</dt><dd><code>{ tags.join(", ") }</code></dd>
            }
            if !session.transitive_tag_keys.is_empty() {
                <dt>{ "Transitive keys" }</dt><dd><code>{ session.transitive_tag_keys.join(", ") }</code></dd>
            }
            if !session.session_policy_names.is_empty() {
                <dt>{ "Session policies" }</dt><dd>{ session.session_policy_names.join(", ") }</dd>
            }
            <dt>{ "MFA" }</dt><dd>{ if session.mfa_authenticated { "authenticated when created" } else { "no" } }</dd>
            if session.chained {
                <dt>{ "Chained" }</dt><dd>{ "yes: at most one hour, session policies and MFA do not carry" }</dd>
            }
        </dl>
    }
}

/// Properties of [`CliBlock`].
#[derive(Properties, PartialEq)]
pub struct CliBlockProps {
    /// What to show.
    pub commands: Rc<Commands>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum CliTab {
    Command,
    Environment,
    Response,
}

/// The command, the exports and the response, in tabs, each with a copy button.
#[function_component(CliBlock)]
pub fn cli_block(props: &CliBlockProps) -> Html {
    let tab = use_state(|| CliTab::Command);
    let copied = use_state(|| false);
    let commands = &props.commands;
    let text = match *tab {
        CliTab::Command => commands.command.clone(),
        CliTab::Environment => commands.exports.clone().unwrap_or_default(),
        CliTab::Response => commands.response.clone(),
    };
    let select = |which: CliTab| {
        let tab = tab.clone();
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            tab.set(which);
            copied.set(false);
        })
    };
    let copy = {
        let text = text.clone();
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            let text = text.clone();
            let copied = copied.clone();
            wasm_bindgen_futures::spawn_local(async move {
                copied.set(crate::platform::copy_text(&text).await);
            });
        })
    };
    let tab_button = |which: CliTab, label: &'static str, enabled: bool| {
        html! {
            <button type="button" role="tab" class={classes!("st-cli__tab", (*tab == which).then_some("is-active"))}
                aria-selected={(*tab == which).to_string()} onclick={select(which)} disabled={!enabled}>{ label }</button>
        }
    };
    html! {
        <details class="st-cli" data-testid="cli">
            <summary>{ "Do it for real" }</summary>
            if let Some(note) = &commands.note {
                <p class="st-cli__note">{ note }</p>
            }
            <div class="st-cli__tabs" role="tablist">
                { tab_button(CliTab::Command, "Command", true) }
                { tab_button(CliTab::Environment, "Environment", commands.exports.is_some()) }
                { tab_button(CliTab::Response, "Response", true) }
                <button type="button" class="st-cli__copy" onclick={copy}>{ if *copied { "Copied" } else { "Copy" } }</button>
            </div>
            <pre class="st-cli__text" data-testid="cli-text"><code>{ text }</code></pre>
        </details>
    }
}

/// Properties of [`AccessCard`].
#[derive(Properties)]
pub struct AccessCardProps {
    /// The check, or why it could not be made.
    pub access: Rc<Result<Check, String>>,
    /// The action asked.
    pub action: AttrValue,
    /// Show a statement in the editor.
    pub on_show_span: Callback<(PolicyKey, (u32, u32))>,
}

impl PartialEq for AccessCardProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.access, &other.access) && self.action == other.action
    }
}

/// The final access check.
#[function_component(AccessCard)]
pub fn access_card(props: &AccessCardProps) -> Html {
    match &*props.access {
        Ok(check) => html! {
            <li class={format!("st-card st-card--access is-{}", if check.decision == Decision::Allow { "ok" } else { "denied" })}
                data-testid="access-card" data-decision={format!("{:?}", check.decision)}>
                <div class="st-card__head">
                    <span class="st-card__step">{ "Access" }</span>
                    <code class="st-card__api">{ &check.action }</code>
                    <span class="st-card__arrow" aria-hidden="true">{ "on" }</span>
                    <code class="st-card__role" title={check.resource.clone()}>{ &check.resource }</code>
                </div>
                { check_block(check, &props.on_show_span) }
            </li>
        },
        Err(error) => html! {
            <li class="st-card st-card--access is-failed" data-testid="access-card">
                <p class="st-card__note">{ format!("{} could not be checked: {error}", props.action) }</p>
            </li>
        },
    }
}
