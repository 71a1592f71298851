//! The policy editor panel: one tab per policy of the request (and per policy opened by
//! hand), the CodeMirror editor with the policy's diagnostics, and its problems list.

use std::rc::Rc;

use wasm_bindgen::JsValue;
use yew::prelude::*;

use super::code_editor::{CodeEditor, EditorRef};
use super::icons;
use crate::editor::Severity;
use crate::state::assist::Finding;
use crate::state::{Highlight, PolicyKey, Tab};

/// Properties of [`PolicyPanel`].
#[derive(Properties, PartialEq)]
pub struct PolicyPanelProps {
    /// Every tab.
    pub tabs: Rc<Vec<Tab>>,
    /// The tab in front.
    pub active: Option<Tab>,
    /// Its text.
    pub text: Option<AttrValue>,
    /// Its findings.
    pub findings: Rc<Vec<Finding>>,
    /// A range to show.
    pub highlight: Option<Highlight>,
    /// Whether the authoring-help module and the catalogue are loaded (full checks).
    pub catalog_ready: bool,
    /// Whether the catalogue is still loading.
    pub catalog_loading: bool,
    /// The page is read-only.
    pub read_only: bool,
    /// A tab was chosen.
    pub on_select: Callback<PolicyKey>,
    /// A hand-opened tab was closed.
    pub on_close: Callback<PolicyKey>,
    /// The text of the policy in front changed.
    pub on_edit: Callback<(PolicyKey, String)>,
    /// Show a range of the policy in front.
    pub on_show: Callback<(PolicyKey, (u32, u32))>,
}

/// The policy panel's body (tabs, editor, problems).
#[function_component(PolicyPanel)]
pub fn policy_panel(props: &PolicyPanelProps) -> Html {
    let editor = use_state(EditorRef::default);
    // Increases when the editor mounts (after the bundle loads), so effects that talk to it
    // run again then.
    let mounted = use_state(|| 0u32);
    let format_failed = use_state(|| false);
    let active_key = use_mut_ref(|| None::<PolicyKey>);
    *active_key.borrow_mut() = props.active.as_ref().map(|t| t.key.clone());

    let on_change = {
        let on_edit = props.on_edit.clone();
        let active_key = active_key.clone();
        let format_failed = format_failed.clone();
        Callback::from(move |text: String| {
            format_failed.set(false);
            if let Some(key) = active_key.borrow().clone() {
                on_edit.emit((key, text));
            }
        })
    };

    let on_ready = {
        let mounted = mounted.clone();
        Callback::from(move |()| mounted.set(*mounted + 1))
    };
    let serial = *mounted;
    // Completion: the editor asks, the authoring-help module (once loaded) answers.
    {
        let editor = (*editor).clone();
        use_effect_with(serial, move |_| {
            editor.with(|e| {
                e.set_completer(|query: JsValue| {
                    crate::assist::complete(&query).unwrap_or(JsValue::NULL)
                });
            });
        });
    }
    // The editor shows the text of the tab in front (after a tab switch, undo, example...).
    {
        let editor = (*editor).clone();
        let text = props.text.clone();
        let key = props.active.as_ref().map(|t| t.key.clone());
        use_effect_with((key, text, serial), move |(_, text, _)| {
            let text = text.as_deref().unwrap_or("");
            editor.with(|e| {
                if e.text() != text {
                    e.set_text(text);
                }
            });
        });
    }
    {
        let editor = (*editor).clone();
        let editable = props.active.as_ref().is_some_and(|t| t.key.editable()) && !props.read_only;
        use_effect_with((editable, serial), move |(editable, _)| {
            editor.with(|e| e.set_read_only(!*editable));
        });
    }
    {
        let editor = (*editor).clone();
        use_effect_with((props.findings.clone(), serial), move |(findings, _)| {
            let diagnostics: Vec<_> = findings.iter().map(|f| f.diagnostic.clone()).collect();
            editor.with(|e| {
                let _ = e.set_diagnostics(&diagnostics);
            });
        });
    }
    {
        let editor = (*editor).clone();
        let target = props
            .highlight
            .clone()
            .filter(|h| Some(&h.key) == props.active.as_ref().map(|t| &t.key));
        let text = props.text.clone();
        use_effect_with((target, text.is_some(), serial), move |(target, _, _)| {
            editor.with(|e| match target {
                Some(h) => e.highlight_range(h.range.0, h.range.1),
                None => e.clear_highlight(),
            });
        });
    }

    // The tab in front is always visible in the strip (a statement may open a tab that is
    // scrolled away).
    {
        let key = props.active.as_ref().map(|t| t.key.clone());
        use_effect_with(key, |key| {
            if let Some(key) = key {
                reveal_tab(key);
            }
        });
    }
    let on_format = {
        let editor = (*editor).clone();
        let format_failed = format_failed.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(ok) = editor.with(|e| {
                let ok = e.format();
                e.focus();
                ok
            }) {
                format_failed.set(!ok);
            }
        })
    };

    let editable = props.active.as_ref().is_some_and(|t| t.key.editable());
    html! {
        <div class="policy-panel">
            { tab_strip(props) }
            if let Some(tab) = &props.active {
                <div class="policy-panel__meta">
                    <span class={classes!("badge", format!("badge--{}", badge_class(&tab.badge)))}>{ &tab.badge }</span>
                    <span class="policy-panel__owner" title="Owner">{ owner_label(&tab.owner) }</span>
                    if !editable {
                        <span class="policy-panel__readonly">{ icons::lock() }{ "AWS managed: read-only" }</span>
                    } else if props.read_only {
                        <span class="policy-panel__readonly">{ icons::lock() }{ "read-only" }</span>
                    }
                    <span class="policy-panel__spacer"></span>
                    if editable && !props.read_only {
                        <button class="button button--small" type="button" onclick={on_format} title="Re-indent the JSON">{ "Format" }</button>
                    }
                </div>
            }
            <div class="policy-panel__editor" role="tabpanel" id="policy-editor-panel"
                aria-labelledby={props.active.as_ref().map(|t| format!("tab-{}", t.key.slug()))}
                hidden={props.active.is_none()}>
                <CodeEditor initial={props.text.clone().unwrap_or_default()} on_change={on_change} editor_ref={(*editor).clone()} on_ready={on_ready} />
                if serial == 0 {
                    <pre class="code-editor__fallback" aria-label="Policy text (the editor is loading)">{ props.text.clone().unwrap_or_default() }</pre>
                }
            </div>
            if props.active.is_none() {
                <div class="placeholder">
                    <p class="placeholder__title">{ "No policy open" }</p>
                    <p class="placeholder__text">{ "Pick a policy in the world, or decide a request: its policies open here." }</p>
                </div>
            }
            { problems(props, *format_failed) }
        </div>
    }
}

fn badge_class(badge: &str) -> String {
    badge
        .split(' ')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

fn owner_label(owner: &str) -> String {
    if owner == "aws" {
        "AWS managed policy".to_owned()
    } else {
        owner.replace('/', " › ")
    }
}

fn tab_strip(props: &PolicyPanelProps) -> Html {
    let active = props.active.as_ref().map(|t| t.key.clone());
    let keys: Vec<PolicyKey> = props.tabs.iter().map(|t| t.key.clone()).collect();
    let onkeydown = {
        let on_select = props.on_select.clone();
        let active = active.clone();
        Callback::from(move |event: KeyboardEvent| {
            let Some(position) = active
                .as_ref()
                .and_then(|a| keys.iter().position(|k| k == a))
            else {
                return;
            };
            let next = match event.key().as_str() {
                "ArrowRight" => (position + 1) % keys.len(),
                "ArrowLeft" => (position + keys.len() - 1) % keys.len(),
                "Home" => 0,
                "End" => keys.len() - 1,
                _ => return,
            };
            event.prevent_default();
            on_select.emit(keys[next].clone());
            focus_tab(&keys[next]);
        })
    };
    html! {
        <div class="tabs" role="tablist" aria-label="Policies of the request" onkeydown={onkeydown}>
            { for props.tabs.iter().map(|tab| {
                let selected = active.as_ref() == Some(&tab.key);
                let key = tab.key.clone();
                let on_select = props.on_select.clone();
                let onclick = Callback::from(move |_| on_select.emit(key.clone()));
                let close = (!tab.in_request).then(|| {
                    let key = tab.key.clone();
                    let on_close = props.on_close.clone();
                    html! {
                        <button type="button" class="tab__close" tabindex="-1" aria-label={format!("Close {}", tab.title)}
                            onclick={Callback::from(move |_| on_close.emit(key.clone()))}>{ icons::close() }</button>
                    }
                });
                html! {
                    <div class={classes!("tab", selected.then_some("is-active"), (!tab.in_request).then_some("tab--opened"))}>
                        <button type="button" role="tab" id={format!("tab-{}", tab.key.slug())}
                            class="tab__button" aria-selected={selected.to_string()} aria-controls="policy-editor-panel"
                            tabindex={if selected { "0" } else { "-1" }} data-policy={tab.key.slug()}
                            title={format!("{} — {}", tab.title, owner_label(&tab.owner))} onclick={onclick}>
                            <span class={classes!("tab__badge", format!("badge--{}", badge_class(&tab.badge)))}>{ &tab.badge }</span>
                            <span class="tab__title">{ short_title(&tab.title) }</span>
                            if !tab.key.editable() { <span class="tab__lock">{ icons::lock() }</span> }
                        </button>
                        { close }
                    </div>
                }
            }) }
        </div>
    }
}

fn short_title(title: &str) -> String {
    title.rsplit('/').next().unwrap_or(title).to_owned()
}

fn reveal_tab(key: &PolicyKey) {
    let id = format!("tab-{}", key.slug());
    if let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&id))
    {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        options.set_inline(web_sys::ScrollLogicalPosition::Nearest);
        element.scroll_into_view_with_scroll_into_view_options(&options);
    }
}

fn focus_tab(key: &PolicyKey) {
    let id = format!("tab-{}", key.slug());
    crate::platform::after(0, move || {
        if let Some(element) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&id))
        {
            use wasm_bindgen::JsCast;
            if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
                let _ = element.focus();
            }
        }
    });
}

fn problems(props: &PolicyPanelProps, format_failed: bool) -> Html {
    let count = |severity: Severity| {
        props
            .findings
            .iter()
            .filter(|f| f.diagnostic.severity == severity)
            .count()
    };
    let (errors, warnings, notes) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info) + count(Severity::Hint),
    );
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut summary = Vec::new();
    if errors > 0 {
        summary.push(plural(errors, "error"));
    }
    if warnings > 0 {
        summary.push(plural(warnings, "warning"));
    }
    if notes > 0 {
        summary.push(plural(notes, "suggestion"));
    }
    let summary = if summary.is_empty() {
        "No problems".to_owned()
    } else {
        summary.join(" · ")
    };
    let catalog = if props.catalog_loading {
        "Loading the action catalogue…"
    } else if props.catalog_ready {
        "Checked against the AWS action catalogue"
    } else {
        "Catalogue unavailable: grammar checks only"
    };
    let key = props.active.as_ref().map(|t| t.key.clone());
    html! {
        <div class="problems" data-testid="problems">
            <div class="problems__summary">
                <span class={classes!("problems__count", (errors > 0).then_some("has-errors"))} data-testid="problem-count">{ summary }</span>
                if format_failed {
                    <span class="problems__format" role="status">{ "Not well-formed JSON: nothing to format." }</span>
                }
                <span class="problems__catalog" data-testid="catalog-status">{ catalog }</span>
            </div>
            if !props.findings.is_empty() {
                <ul class="problems__list" aria-label="Problems in this policy">
                    { for props.findings.iter().map(|f| {
                        let on_show = props.on_show.clone();
                        let key = key.clone();
                        let span = f.span;
                        let onclick = Callback::from(move |_| if let Some(key) = key.clone() { on_show.emit((key, span)) });
                        let severity = match f.diagnostic.severity { Severity::Error => "error", Severity::Warning => "warning", _ => "info" };
                        html! {
                            <li>
                                <button type="button" class={classes!("problem", format!("problem--{severity}"))} onclick={onclick} data-line={f.line.to_string()}>
                                    <span class="problem__where">{ format!("{}:{}", f.line, f.column) }</span>
                                    <span class="problem__severity">{ severity }</span>
                                    <span class="problem__message">{ &f.diagnostic.message }</span>
                                </button>
                            </li>
                        }
                    }) }
                </ul>
            }
        </div>
    }
}
