//! The top bar: title, examples, undo/redo, import/export, share, colour theme.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::examples_menu::ExamplesMenu;
use super::icons;

/// The colour theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    /// Light colours.
    Light,
    /// Dark colours.
    Dark,
}

impl Theme {
    /// Its name in `<html data-theme>` and in storage (one spelling for both).
    pub fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// The theme a stored name stands for.
    pub fn from_name(name: &str) -> Option<Theme> {
        [Theme::Light, Theme::Dark]
            .into_iter()
            .find(|t| t.name() == name)
    }

    /// The theme the switch turns to.
    pub fn other(self) -> Theme {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        }
    }
}

/// Properties of [`Toolbar`].
#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    /// The example the document started from.
    #[prop_or_default]
    pub example: Option<AttrValue>,
    /// Whether undo is possible.
    pub can_undo: bool,
    /// Whether redo is possible.
    pub can_redo: bool,
    /// The theme shown.
    pub theme: Theme,
    /// What the share button last did ("Link copied").
    #[prop_or_default]
    pub share_status: Option<AttrValue>,
    /// An example was chosen.
    pub on_example: Callback<String>,
    /// Undo.
    pub on_undo: Callback<()>,
    /// Redo.
    pub on_redo: Callback<()>,
    /// Export the document as a file.
    pub on_export: Callback<()>,
    /// A file was picked for import.
    pub on_import: Callback<web_sys::File>,
    /// Copy a link to the current state.
    pub on_share: Callback<()>,
    /// Switch the theme.
    pub on_theme: Callback<()>,
}

/// The top bar.
#[function_component(Toolbar)]
pub fn toolbar(props: &ToolbarProps) -> Html {
    let file_input = use_node_ref();
    let click = |cb: &Callback<()>| {
        let cb = cb.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let open_picker = {
        let file_input = file_input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(input) = file_input.cast::<HtmlInputElement>() {
                input.click();
            }
        })
    };
    let on_file = {
        let on_import = props.on_import.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                on_import.emit(file);
            }
            input.set_value("");
        })
    };
    let theme_label = match props.theme {
        Theme::Light => "Switch to dark colours",
        Theme::Dark => "Switch to light colours",
    };
    html! {
        <header class="app-header">
            <div class="app-header__logo" aria-hidden="true">{ "IAM" }</div>
            <div class="app-header__titles">
                <h1 class="app-header__title">{ "IAM Playground" }</h1>
                <p class="app-header__tagline">{ "AWS IAM decisions, explained. Runs entirely in your browser." }</p>
            </div>
            <nav class="toolbar" aria-label="Document">
                <ExamplesMenu current={props.example.clone()} on_choose={props.on_example.clone()} />
                <span class="toolbar__sep" aria-hidden="true"></span>
                <button type="button" class="button button--toolbar button--icon" onclick={click(&props.on_undo)}
                    disabled={!props.can_undo} title="Undo (Ctrl+Z)" aria-label="Undo" aria-keyshortcuts="Control+Z" data-testid="undo">{ icons::undo() }</button>
                <button type="button" class="button button--toolbar button--icon" onclick={click(&props.on_redo)}
                    disabled={!props.can_redo} title="Redo (Ctrl+Shift+Z)" aria-label="Redo" aria-keyshortcuts="Control+Shift+Z" data-testid="redo">{ icons::redo() }</button>
                <span class="toolbar__sep" aria-hidden="true"></span>
                <button type="button" class="button button--toolbar" onclick={open_picker} title="Open a playground file or a world file" data-testid="import">
                    { icons::upload() }<span>{ "Import" }</span>
                </button>
                <input type="file" accept=".json,application/json" class="visually-hidden" ref={file_input} onchange={on_file}
                    tabindex="-1" aria-hidden="true" data-testid="import-file" />
                <button type="button" class="button button--toolbar" onclick={click(&props.on_export)} title="Save this playground as a JSON file" data-testid="export">
                    { icons::download() }<span>{ "Export" }</span>
                </button>
                <button type="button" class="button button--toolbar button--primary" onclick={click(&props.on_share)} title="Copy a link that reopens exactly this state" data-testid="share">
                    { icons::link() }<span>{ "Share" }</span>
                </button>
                <span class="toolbar__status" role="status" data-testid="share-status">{ props.share_status.clone().unwrap_or_default() }</span>
                <button type="button" class="button button--toolbar button--icon" onclick={click(&props.on_theme)}
                    title={theme_label} aria-label={theme_label} data-testid="theme">{ icons::contrast() }</button>
            </nav>
        </header>
    }
}
