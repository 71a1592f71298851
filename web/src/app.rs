//! The app shell: toolbar, notices, and the three panels (world, policy editor, request and
//! decision). It owns the state ([`AppState`], changed only through [`Action`]s) and the
//! browser side effects: the URL fragment, the autosave, the catalogue fetch, shortcuts.

use std::cell::RefCell;
use std::rc::Rc;

use iam_world::Clock;
use yew::prelude::*;

use crate::components::Panel;
use crate::components::canvas_area::CanvasArea;
use crate::components::decision_view::{DecisionPart, DecisionView, StatementTarget};
use crate::components::notices::Notices;
use crate::components::policy_panel::PolicyPanel;
use crate::components::request_panel::RequestPanel;
use crate::components::toolbar::{Theme, Toolbar};
use crate::platform::{self, PageOptions};
use crate::state::startup::{self, MAX_SAVED_CHARS, STORAGE_KEY};
use crate::state::{Action, AppState, CatalogState, Document, Notice, PolicyKey, RequestDoc};

/// Where the app reads its start-up state from and writes it to. The default (component
/// tests) touches neither the URL nor storage and fetches no catalogue.
#[derive(Clone, Debug, Default, PartialEq, Properties)]
pub struct AppProps {
    /// Page options; `None` reads them from the page's query string.
    #[prop_or_default]
    pub options: Option<PageOptions>,
    /// Read the fragment and the autosave at start, and keep them up to date.
    #[prop_or_default]
    pub persist: bool,
    /// Where to fetch the action catalogue from (`None`: never).
    #[prop_or_default]
    pub catalog_url: Option<AttrValue>,
    /// Where to fetch the large AWS managed policy texts from (`None`: never; they are then
    /// compiled in, as in tests, or worlds that attach one wait).
    #[prop_or_default]
    pub managed_policies_url: Option<AttrValue>,
}

impl AppProps {
    /// The real page: options from the URL, persistence on, the catalogue beside the page.
    pub fn browser() -> AppProps {
        AppProps {
            options: None,
            persist: true,
            catalog_url: Some("catalog.json".into()),
            managed_policies_url: Some("deferred.tsv".into()),
        }
    }
}

/// Throttled writes of the document to the URL and the autosave.
#[derive(Default)]
struct Persist {
    pending: Option<Rc<Document>>,
    timer: Option<gloo_timers::callback::Timeout>,
    warned: bool,
}

const PERSIST_MS: u32 = 300;
const THEME_KEY: &str = "iam-playground.theme";
/// sessionStorage: the fragment this tab last put in its URL, and its latest document.
const SESSION_URL: &str = "iam-playground.url";
const SESSION_LATEST: &str = "iam-playground.latest";

fn initial_state(props: &AppProps, options: &PageOptions) -> AppState {
    let now = Clock::from_epoch_seconds(platform::epoch_seconds());
    if !props.persist {
        let doc = options
            .example
            .as_deref()
            .and_then(|id| Document::example(id).ok())
            .unwrap_or_else(Document::default_document);
        return AppState::new(doc, now, None);
    }
    let saved = if options.embed {
        None
    } else {
        platform::storage_get(STORAGE_KEY)
    };
    // A reload of this tab: its URL may hold the fragment of the last throttled write while
    // the page saved a later edit when it was hidden; resume from that.
    let mut fragment = platform::fragment();
    if platform::session_get(SESSION_URL).as_deref() == Some(fragment.as_str()) {
        if let Some(latest) = platform::session_get(SESSION_LATEST) {
            fragment = latest;
        }
    }
    let start = startup::choose(&fragment, options.example.as_deref(), saved.as_deref());
    AppState::new(start.doc, now, start.notice)
}

/// The root component.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let options = use_memo(props.options.clone(), |options| {
        options
            .clone()
            .unwrap_or_else(|| PageOptions::from_query(&platform::query()))
    });
    let state = {
        let props = props.clone();
        let options = (*options).clone();
        use_reducer(move || initial_state(&props, &options))
    };
    // The theme the user chose; `None` follows the OS (prefers-color-scheme).
    let theme = use_state(initial_theme);
    let share_status = use_state(|| None::<AttrValue>);
    let edit_started = use_mut_ref(|| None::<f64>);
    let persist = use_mut_ref(Persist::default);

    use_ready_signal();
    use_managed_policies(props.managed_policies_url.clone(), state.dispatcher());
    use_catalog(props.catalog_url.clone(), state.dispatcher());
    use_shortcuts(state.dispatcher());
    use_persistence(props.persist, options.embed, &state, persist);
    {
        // Keystroke to rendered decision, for the budget script (no console output).
        let edit_started = edit_started.clone();
        use_effect_with(state.revision, move |_| {
            if let Some(start) = edit_started.borrow_mut().take() {
                platform::set_body_attribute(
                    "data-update-ms",
                    &crate::diagram::geometry::decimal(platform::now_ms() - start, 2),
                );
            }
        });
    }
    {
        let theme = *theme;
        use_effect_with(theme, move |theme| {
            platform::set_root_attribute("data-theme", theme.map(Theme::name));
        });
    }

    let on_edit = {
        let state = state.clone();
        Callback::from(move |(key, text): (PolicyKey, String)| {
            let now = platform::now_ms();
            *edit_started.borrow_mut() = Some(now);
            state.dispatch(Action::EditPolicy {
                key,
                text,
                at_ms: now,
            });
        })
    };
    let on_request = {
        let state = state.clone();
        Callback::from(move |request: RequestDoc| {
            state.dispatch(Action::SetRequest {
                request,
                at_ms: platform::now_ms(),
            });
        })
    };
    let on_statement = {
        let state = state.clone();
        Callback::from(move |target: StatementTarget| {
            if let Some(key) =
                state.key_of_statement(target.layer, target.level, target.policy_index)
            {
                state.dispatch(Action::ShowSpan {
                    key,
                    span: target.span,
                });
            }
        })
    };
    let on_export = {
        let state = state.clone();
        Callback::from(move |()| {
            let name = format!(
                "iam-playground-{}.json",
                state.doc.example.as_deref().unwrap_or("world")
            );
            if let Err(message) =
                platform::download(&name, &state.doc.to_pretty_json(), "application/json")
            {
                state.dispatch(Action::Notify(Notice::error(message)));
            }
        })
    };
    let on_import = {
        let state = state.clone();
        Callback::from(move |file: web_sys::File| {
            let state = state.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let name = file.name();
                let action = match platform::read_file(&file).await {
                    Ok(text) => match Document::from_json(&text) {
                        Ok(doc) => Action::Replace(
                            Box::new(doc),
                            Some(Notice::info(format!("Opened {name}."))),
                        ),
                        Err(error) => Action::Notify(Notice::error(format!(
                            "{name} could not be opened: {error}. Nothing was changed."
                        ))),
                    },
                    Err(error) => Action::Notify(Notice::error(format!("{name}: {error}."))),
                };
                state.dispatch(action);
            });
        })
    };
    let on_share = {
        let state = state.clone();
        let share_status = share_status.clone();
        Callback::from(move |()| {
            platform::replace_fragment(&startup::encode_document(&state.doc));
            let share_status = share_status.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let copied = platform::copy_text(&platform::href()).await;
                share_status.set(Some(if copied {
                    "Link copied".into()
                } else {
                    "Link is in the address bar".into()
                }));
                let share_status = share_status.clone();
                platform::after(4_000, move || share_status.set(None));
            });
        })
    };
    let on_theme = {
        let theme = theme.clone();
        Callback::from(move |()| {
            let next = shown_theme(*theme).other();
            let _ = platform::storage_set(THEME_KEY, next.name());
            theme.set(Some(next));
        })
    };

    let tabs = Rc::new(state.tabs());
    let active = state.active_among(&tabs);
    let text = active
        .as_ref()
        .and_then(|t| state.text_of(&t.key))
        .map(AttrValue::from);
    let catalog_ready = state.catalog.is_ready();
    let context = Rc::new(
        state
            .decided
            .as_ref()
            .map(|d| d.check.explanation.context.clone())
            .unwrap_or_default(),
    );
    let read_only = options.read_only;
    let embed = options.embed;
    let world_doc = Rc::new(state.doc.world.clone());
    let request = Rc::new(state.doc.request.clone());

    // The verdict sits above the request form, the details under it.
    let decision_part = |part: DecisionPart| {
        html! {
            <DecisionView
                part={part}
                decided={state.decided.clone()}
                stale={state.stale()}
                request_error={state.request_error.clone()}
                world_errors={state.world_errors.clone()}
                on_statement={on_statement.clone()}
            />
        }
    };

    html! {
        <div class={classes!("app", embed.then_some("app--embed"))} data-testid="app">
            if embed {
                { embed_header(&state.doc) }
            } else {
                <Toolbar
                    example={state.doc.example.clone().map(AttrValue::from)}
                    can_undo={state.history.can_undo() && !read_only}
                    can_redo={state.history.can_redo() && !read_only}
                    theme={shown_theme(*theme)}
                    share_status={(*share_status).clone()}
                    on_example={to_action(&state, Action::LoadExample)}
                    on_undo={to_action(&state, |()| Action::Undo)}
                    on_redo={to_action(&state, |()| Action::Redo)}
                    on_export={on_export}
                    on_import={on_import}
                    on_share={on_share}
                    on_theme={on_theme}
                />
            }
            <Notices notices={state.notices.clone()} on_dismiss={to_action(&state, Action::Dismiss)} />
            <main class="workspace">
                if !embed {
                    <Panel id="canvas" title="World">
                        <CanvasArea
                            world={state.world.clone()}
                            doc={world_doc}
                            errors={state.world_errors.clone()}
                            selection={state.doc.selection.clone().map(AttrValue::from)}
                            active_policy={active.as_ref().map(|t| t.key.clone())}
                            request={request.clone()}
                            read_only={read_only}
                            on_select={to_action(&state, |node: Option<AttrValue>| Action::Select(node.map(|n| n.to_string())))}
                            on_open_policy={to_action(&state, Action::OpenPolicy)}
                            on_change_world={to_action(&state, |world| Action::SetWorld(Box::new(world)))}
                            on_change_request={on_request.clone()}
                            example={state.doc.example.clone().map(AttrValue::from)}
                            on_show_span={to_action(&state, |(key, span)| Action::ShowSpan { key, span })}
                            on_load_example={to_action(&state, Action::LoadExample)}
                        />
                    </Panel>
                }
                <Panel id="editor" title="Policy">
                    <PolicyPanel
                        tabs={tabs}
                        active={active.clone()}
                        text={text}
                        findings={state.findings.clone()}
                        highlight={state.highlight.clone()}
                        catalog_ready={catalog_ready}
                        catalog_loading={matches!(state.catalog, CatalogState::Loading) && props.catalog_url.is_some()}
                        read_only={read_only}
                        on_select={to_action(&state, Action::OpenPolicy)}
                        on_close={to_action(&state, Action::ClosePolicy)}
                        on_edit={on_edit}
                        on_show={to_action(&state, |(key, span)| Action::ShowFinding { key, span })}
                    />
                </Panel>
                <Panel id="decision" title="Decision">
                    { decision_part(DecisionPart::Verdict) }
                    <RequestPanel
                        request={request}
                        world={state.world.clone()}
                        catalog_ready={catalog_ready}
                        context={context}
                        error={state.request_error.clone()}
                        read_only={read_only}
                        scenarios={state.scenarios.clone()}
                        on_change={on_request}
                    />
                    { decision_part(DecisionPart::Details) }
                </Panel>
            </main>
        </div>
    }
}

/// A callback that dispatches the action `f` makes of its argument.
fn to_action<T: 'static>(state: &UseReducerHandle<AppState>, f: fn(T) -> Action) -> Callback<T> {
    let dispatcher = state.dispatcher();
    Callback::from(move |value| dispatcher.dispatch(f(value)))
}

fn embed_header(doc: &Document) -> Html {
    let href = format!("{}#{}", platform::pathname(), startup::encode_document(doc));
    html! {
        <header class="embed-header">
            <span class="app-header__logo app-header__logo--small" aria-hidden="true">{ "IAM" }</span>
            <span class="embed-header__title">{ doc.world.title.clone().unwrap_or_else(|| "IAM Playground".to_owned()) }</span>
            <a class="embed-header__open" href={href} target="_blank" rel="noopener">{ "Open in IAM Playground ↗" }</a>
        </header>
    }
}

fn initial_theme() -> Option<Theme> {
    platform::storage_get(THEME_KEY).and_then(|name| Theme::from_name(&name))
}

/// The theme on screen: the user's choice, else the OS's.
fn shown_theme(chosen: Option<Theme>) -> Theme {
    chosen.unwrap_or(if platform::prefers_dark() {
        Theme::Dark
    } else {
        Theme::Light
    })
}

/// Sets `<body data-ready>` after the first render: the signal the e2e tests and the budget
/// script wait for (child effects, the editor mount included, have run by then).
#[hook]
fn use_ready_signal() {
    use_effect_with((), |_| platform::set_body_attribute("data-ready", "true"));
}

/// Fetches and installs the large AWS managed policy texts after first paint (they are not
/// compiled into the app: `iam-managed-policies` without `embed-all`).
#[hook]
fn use_managed_policies(url: Option<AttrValue>, dispatch: UseReducerDispatcher<AppState>) {
    use_effect_with(url, move |url| {
        if let Some(url) = url.clone() {
            platform::spawn_after_paint(async move {
                let installed = platform::fetch_bytes_patiently(&url)
                    .await
                    .and_then(|bytes| {
                        let text = String::from_utf8(bytes).map_err(|e| e.to_string())?;
                        iam_managed_policies::install_deferred(&text).map_err(|e| e.to_string())
                    });
                dispatch.dispatch(match installed {
                    Ok(_) => Action::ManagedPoliciesLoaded,
                    Err(error) => Action::ManagedPoliciesFailed(error),
                });
            });
        }
    });
}

/// Fetches the catalogue and loads the authoring-help module after first paint, so neither
/// delays the first decision.
#[hook]
fn use_catalog(url: Option<AttrValue>, dispatch: UseReducerDispatcher<AppState>) {
    use_effect_with(url, move |url| {
        if let Some(url) = url.clone() {
            platform::spawn_after_paint(async move {
                let module = platform::page_url(crate::assist::MODULE_URL);
                let action = match platform::fetch_bytes_patiently(&url).await {
                    Ok(bytes) => match crate::assist::load(&module, &bytes).await {
                        Ok(()) => {
                            platform::set_body_attribute("data-catalog", "ready");
                            Action::CatalogLoaded
                        }
                        Err(error) => Action::CatalogFailed(error),
                    },
                    Err(error) => Action::CatalogFailed(error),
                };
                dispatch.dispatch(action);
            });
        }
    });
}

/// Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y) outside text fields and the editor.
#[hook]
fn use_shortcuts(dispatch: UseReducerDispatcher<AppState>) {
    use_effect_with((), move |_| {
        let listener = platform::KeyListener::new(move |event: web_sys::KeyboardEvent| {
            if !(event.ctrl_key() || event.meta_key()) || platform::from_text_field(&event) {
                return;
            }
            let key = event.key().to_ascii_lowercase();
            let action = match (key.as_str(), event.shift_key()) {
                ("z", false) => Action::Undo,
                ("z", true) | ("y", false) => Action::Redo,
                _ => return,
            };
            event.prevent_default();
            dispatch.dispatch(action);
        });
        move || drop(listener)
    });
}

/// Writes the document to the URL fragment and the autosave, at most every [`PERSIST_MS`].
#[hook]
fn use_persistence(
    enabled: bool,
    embed: bool,
    state: &UseReducerHandle<AppState>,
    persist: Rc<RefCell<Persist>>,
) {
    let doc = state.doc.clone();
    let dispatch = state.dispatcher();
    {
        // A reload or a closed tab within the throttle window still saves the last edit.
        let persist = persist.clone();
        let dispatch = dispatch.clone();
        use_effect_with(enabled, move |enabled| {
            let listener = enabled
                .then(|| {
                    platform::PageHideListener::new(move || {
                        write_pending(&persist, embed, true, &dispatch)
                    })
                })
                .flatten();
            move || drop(listener)
        });
    }
    use_effect_with(doc, move |doc| {
        if enabled {
            let mut slot = persist.borrow_mut();
            slot.pending = Some(doc.clone());
            if slot.timer.is_none() {
                let persist = persist.clone();
                slot.timer = Some(gloo_timers::callback::Timeout::new(PERSIST_MS, move || {
                    write_pending(&persist, embed, false, &dispatch);
                }));
            }
        }
    });
}

/// Writes the pending document to the URL fragment and (not embedded) the autosave; says
/// once when the autosave is refused. `hiding`: the page is going away, so the URL may not
/// take the new fragment (a reload keeps the old one); this tab's sessionStorage records it.
fn write_pending(
    persist: &Rc<RefCell<Persist>>,
    embed: bool,
    hiding: bool,
    dispatch: &UseReducerDispatcher<AppState>,
) {
    let (doc, warned) = {
        let mut slot = persist.borrow_mut();
        slot.timer = None;
        (slot.pending.take(), slot.warned)
    };
    let Some(doc) = doc else { return };
    let fragment = startup::encode_document(&doc);
    platform::replace_fragment(&fragment);
    if !hiding {
        platform::session_set(SESSION_URL, &fragment);
    }
    platform::session_set(SESSION_LATEST, &fragment);
    if embed {
        return;
    }
    let problem = if fragment.len() > MAX_SAVED_CHARS {
        Some(format!(
            "This document is too large to autosave ({} KB); export it to keep it.",
            fragment.len() / 1000
        ))
    } else {
        platform::storage_set(STORAGE_KEY, &fragment)
            .err()
            .map(|e| format!("Autosave is off: {e}. Export the document to keep it."))
    };
    if let Some(problem) = problem.filter(|_| !warned) {
        persist.borrow_mut().warned = true;
        dispatch.dispatch(Action::Notify(Notice::error(problem)));
    }
}
