//! A titled panel of the workspace, and a placeholder for empty panels.

use yew::prelude::*;

/// Properties of [`Panel`].
#[derive(Properties, PartialEq)]
pub struct PanelProps {
    /// Stable id: becomes `data-panel` (for tests) and the heading's id.
    pub id: AttrValue,
    /// Heading shown in the panel's header.
    pub title: AttrValue,
    /// Buttons shown on the right of the header.
    #[prop_or_default]
    pub actions: Html,
    /// Status line under the body.
    #[prop_or_default]
    pub footer: Option<Html>,
    /// The panel's content.
    #[prop_or_default]
    pub children: Html,
}

/// A titled region of the workspace.
#[function_component(Panel)]
pub fn panel(props: &PanelProps) -> Html {
    let heading_id = format!("panel-{}-title", props.id);
    html! {
        <section class="panel" data-panel={props.id.clone()} aria-labelledby={heading_id.clone()}>
            <header class="panel__header">
                <h2 class="panel__title" id={heading_id}>{ props.title.clone() }</h2>
                <div class="panel__actions">{ props.actions.clone() }</div>
            </header>
            <div class="panel__body">{ props.children.clone() }</div>
            if let Some(footer) = &props.footer {
                <footer class="panel__footer">{ footer.clone() }</footer>
            }
        </section>
    }
}

/// Properties of [`Placeholder`].
#[derive(Properties, PartialEq)]
pub struct PlaceholderProps {
    /// One-line title.
    pub title: AttrValue,
    /// A sentence on what will appear here.
    pub text: AttrValue,
}

/// Stands in for content that does not exist yet.
#[function_component(Placeholder)]
pub fn placeholder(props: &PlaceholderProps) -> Html {
    html! {
        <div class="placeholder">
            <p class="placeholder__title">{ props.title.clone() }</p>
            <p class="placeholder__text">{ props.text.clone() }</p>
        </div>
    }
}
