//! The examples menu: every built-in world with its title and one-sentence story. A menu
//! button (ARIA `menu`/`menuitem`): arrow keys move, Enter opens, Escape closes and gives
//! focus back to the button.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::icons;
use crate::state::document::example_list;

/// Properties of [`ExamplesMenu`].
#[derive(Properties, PartialEq)]
pub struct ExamplesMenuProps {
    /// The example the document started from.
    #[prop_or_default]
    pub current: Option<AttrValue>,
    /// An example was chosen (its id).
    pub on_choose: Callback<String>,
}

/// The examples menu.
#[function_component(ExamplesMenu)]
pub fn examples_menu(props: &ExamplesMenuProps) -> Html {
    let open = use_state(|| false);
    let button = use_node_ref();
    let menu = use_node_ref();
    let examples = use_memo((), |_| example_list());

    {
        let menu = menu.clone();
        use_effect_with(*open, move |open| {
            if *open {
                focus_item(&menu, |_, _| 0);
            }
        });
    }
    let close = {
        let open = open.clone();
        let button = button.clone();
        move || {
            open.set(false);
            if let Some(button) = button.cast::<web_sys::HtmlElement>() {
                let _ = button.focus();
            }
        }
    };
    let toggle = {
        let open = open.clone();
        Callback::from(move |_| open.set(!*open))
    };
    let on_button_key = {
        let open = open.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "ArrowDown" {
                e.prevent_default();
                open.set(true);
            }
        })
    };
    let on_menu_key = {
        let close = close.clone();
        let menu = menu.clone();
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            match key.as_str() {
                "Escape" | "Tab" => {
                    if key == "Escape" {
                        e.prevent_default();
                    }
                    close();
                }
                "ArrowDown" | "ArrowUp" | "Home" | "End" => {
                    e.prevent_default();
                    focus_item(&menu, |current, count| match key.as_str() {
                        "ArrowDown" => (current + 1) % count,
                        "ArrowUp" => (current + count - 1) % count,
                        "Home" => 0,
                        _ => count - 1,
                    });
                }
                _ => {}
            }
        })
    };
    let backdrop = {
        let open = open.clone();
        Callback::from(move |_| open.set(false))
    };
    html! {
        <div class="menu">
            <button type="button" class="button button--toolbar" ref={button} id="examples-button"
                aria-haspopup="menu" aria-expanded={open.to_string()} aria-controls="examples-menu"
                onclick={toggle} onkeydown={on_button_key} data-testid="examples-button">
                { icons::book() }<span>{ "Examples" }</span>{ icons::chevron() }
            </button>
            if *open {
                <div class="menu__backdrop" onclick={backdrop}></div>
                <ul class="menu__list" role="menu" id="examples-menu" aria-labelledby="examples-button" ref={menu} onkeydown={on_menu_key}>
                    { for examples.iter().map(|(example, title, story)| {
                        let id = example.id.to_owned();
                        let current = props.current.as_deref() == Some(example.id);
                        let on_choose = props.on_choose.clone();
                        let close = close.clone();
                        let onclick = Callback::from(move |_| { on_choose.emit(id.clone()); close(); });
                        html! {
                            <li role="none">
                                <button type="button" role="menuitem" class={classes!("menu__item", current.then_some("is-current"))}
                                    tabindex="-1" data-example={example.id} onclick={onclick}>
                                    <span class="menu__title">
                                        { title }
                                        if let Some(seed) = example.seed { <span class="menu__seed">{ format!("seed {seed}") }</span> }
                                    </span>
                                    <span class="menu__story">{ story }</span>
                                </button>
                            </li>
                        }
                    }) }
                </ul>
            }
        </div>
    }
}

/// Focuses the menu item `pick` chooses from the focused item's index (0 when none has
/// focus) and the number of items; nothing when the menu is closed or empty.
fn focus_item(menu: &NodeRef, pick: impl FnOnce(u32, u32) -> u32) {
    let Some(items) = menu
        .cast::<web_sys::Element>()
        .and_then(|m| m.query_selector_all("[role=menuitem]").ok())
    else {
        return;
    };
    let count = items.length();
    if count == 0 {
        return;
    }
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    let current = (0..count)
        .find(|&i| {
            items
                .get(i)
                .is_some_and(|n| active.as_ref().is_some_and(|a| a.is_same_node(Some(&n))))
        })
        .unwrap_or(0);
    if let Some(item) = items
        .get(pick(current, count).min(count - 1))
        .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = item.focus();
    }
}
