//! Small inline SVG icons (no icon font, no network): they take the text colour.

use yew::prelude::*;

fn icon(path: &'static str, label: Option<&'static str>) -> Html {
    let hidden = label.is_none().then_some("true");
    html! {
        <svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden={hidden}
            role={label.map(|_| "img")} aria-label={label}>
            <path d={path} fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round" />
        </svg>
    }
}

/// A padlock: read-only.
pub fn lock() -> Html {
    icon(
        "M4.5 7.5h7v6h-7zM6 7.5V5.5a2 2 0 0 1 4 0v2",
        Some("read-only"),
    )
}

/// A check mark: allowed.
pub fn check() -> Html {
    icon("M3 8.5l3.2 3L13 4.5", None)
}

/// A cross: explicitly denied.
pub fn cross() -> Html {
    icon("M4 4l8 8M12 4l-8 8", None)
}

/// A circle with a bar: implicitly denied (nothing allowed it).
pub fn blocked() -> Html {
    icon("M8 2.5a5.5 5.5 0 1 0 0.01 0zM4.2 11.8l7.6-7.6", None)
}

/// Curved arrow left: undo.
pub fn undo() -> Html {
    icon("M5.5 3.5L2.5 6.5l3 3M2.5 6.5h7a4 4 0 0 1 0 8h-2", None)
}

/// Curved arrow right: redo.
pub fn redo() -> Html {
    icon("M10.5 3.5l3 3-3 3M13.5 6.5h-7a4 4 0 0 0 0 8h2", None)
}

/// Arrow out of a tray: export.
pub fn download() -> Html {
    icon("M8 2.5v8M4.8 7.3L8 10.5l3.2-3.2M3 13.5h10", None)
}

/// Arrow into a tray: import.
pub fn upload() -> Html {
    icon("M8 10.5v-8M4.8 5.7L8 2.5l3.2 3.2M3 13.5h10", None)
}

/// Two links: share.
pub fn link() -> Html {
    icon(
        "M6.8 9.2a2.8 2.8 0 0 0 4 0l2-2a2.8 2.8 0 0 0-4-4l-.8.8M9.2 6.8a2.8 2.8 0 0 0-4 0l-2 2a2.8 2.8 0 0 0 4 4l.8-.8",
        None,
    )
}

/// Half-filled circle: colour theme.
pub fn contrast() -> Html {
    icon("M8 2.5a5.5 5.5 0 1 0 0.01 0zM8 2.5v11", None)
}

/// Chevron down: a menu.
pub fn chevron() -> Html {
    icon("M4 6l4 4 4-4", None)
}

/// A book: examples.
pub fn book() -> Html {
    icon(
        "M2.5 3.5h4a1.5 1.5 0 0 1 1.5 1.5v8.5a1.5 1.5 0 0 0-1.5-1.5h-4zM13.5 3.5h-4A1.5 1.5 0 0 0 8 5v8.5a1.5 1.5 0 0 1 1.5-1.5h4z",
        None,
    )
}

/// A warning triangle.
pub fn warning() -> Html {
    icon("M8 2.5l6 11H2zM8 6.5v3.2M8 11.6v.1", None)
}

/// An x for closing.
pub fn close() -> Html {
    icon("M4.5 4.5l7 7M11.5 4.5l-7 7", None)
}
