//! The diagram's icons: inline SVG `<symbol>`s drawn once in the canvas's `<defs>` and
//! referenced with `<use href="#dg-…">`. Strokes only, in `currentColor`, so each node's CSS
//! colours its icon and both themes work; no font, no image, no request.

use yew::prelude::*;

use crate::diagram::geometry::round;

/// Icon id and its path data (24 × 24 grid).
const ICONS: &[(&str, &str)] = &[
    (
        "user",
        "M12 12.2a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4.5 20.5c.6-3.9 3.7-6.3 7.5-6.3s6.9 2.4 7.5 6.3",
    ),
    (
        "group",
        "M9 11a3.4 3.4 0 1 0 0-6.8A3.4 3.4 0 0 0 9 11zM2.8 19.5c.5-3.3 3.1-5.4 6.2-5.4s5.7 2.1 6.2 5.4M16 4.6a3.2 3.2 0 0 1 0 6.2M18 14.4c2 .7 3.3 2.5 3.6 5.1",
    ),
    (
        "role",
        "M3.5 16.5h17M5.5 16.5v-1.2a6.5 6.5 0 0 1 13 0v1.2M10 9.4V6.6h4v2.8M3.5 16.5c0 1.7 1.5 2.6 3 2.6h11c1.5 0 3-.9 3-2.6",
    ),
    (
        "provider",
        "M12 3l7.5 3v5.3c0 4.6-3.2 8.1-7.5 9.7-4.3-1.6-7.5-5.1-7.5-9.7V6zM9.3 11.7l2 2 3.6-3.8",
    ),
    (
        "bucket",
        "M4 6.5c0 1.5 3.6 2.7 8 2.7s8-1.2 8-2.7-3.6-2.7-8-2.7-8 1.2-8 2.7zM4 6.5l2 12.2c.2 1.2 2.9 2 6 2s5.8-.8 6-2L20 6.5",
    ),
    (
        "key",
        "M8.5 15.5a4 4 0 1 1 0-8 4 4 0 0 1 0 8zM12.5 11.5h8M17.5 11.5v3M20.5 11.5v2.2",
    ),
    (
        "queue",
        "M4 5.5h16v3.5H4zM4 10.3h16v3.5H4zM4 15.1h16v3.5H4z",
    ),
    (
        "function",
        "M6 4.5h2.2c1 0 1.7.6 2 1.5L16 19.5h2.5M12.2 11L7 19.5",
    ),
    (
        "instance",
        "M7 7h10v10H7zM10 10h4v4h-4zM10 3.5V7M14 3.5V7M10 17v3.5M14 17v3.5M3.5 10H7M3.5 14H7M17 10h3.5M17 14h3.5",
    ),
    (
        "resource",
        "M12 3l8 4.5v9L12 21l-8-4.5v-9zM4 7.5l8 4.5 8-4.5M12 12v9",
    ),
    (
        "service",
        "M7 18.5a4.5 4.5 0 0 1-.4-9A6 6 0 0 1 18 8.2a4.2 4.2 0 0 1-.5 10.3z",
    ),
    (
        "anyone",
        "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM3 12h18M12 3c2.5 2.4 3.7 5.4 3.7 9s-1.2 6.6-3.7 9c-2.5-2.4-3.7-5.4-3.7-9S9.5 5.4 12 3z",
    ),
    (
        "account",
        "M4 20.5V6.5l8-3 8 3v14M4 20.5h16M8 9.5h2M14 9.5h2M8 13h2M14 13h2M10.5 20.5v-3.5h3v3.5",
    ),
    (
        "unknown",
        "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM9.5 9.3a2.6 2.6 0 0 1 5 .9c0 1.8-2.5 2.2-2.5 4M12 17.2v.1",
    ),
    (
        "identity",
        "M10 11.2a3.6 3.6 0 1 0 0-7.2 3.6 3.6 0 0 0 0 7.2zM3.5 19.5c.5-3.5 3.2-5.7 6.5-5.7 1.6 0 3 .5 4.1 1.3M15.5 16.5h6M18.5 13.5l3 3-3 3",
    ),
    (
        "certificate",
        "M5 3.5h14v11H5zM8 7h8M8 10h5M12 14.5l-1.6 6 1.6-1 1.6 1-1.6-6",
    ),
    (
        "organization",
        "M12 3.5v4M5 12.5v-2.5h14v2.5M5 12.5v3M12 7.5v8M19 12.5v3M9.5 3.5h5v4h-5zM2.5 15.5h5v4h-5zM9.5 15.5h5v4h-5zM16.5 15.5h5v4h-5z",
    ),
    ("unit", "M3.5 6.5h6l2 2h9v11h-17z"),
];

/// The `<symbol>`s, for the canvas's `<defs>`.
pub fn symbols() -> Html {
    ICONS
        .iter()
        .map(|(id, path)| {
            html! {
                <symbol id={format!("dg-{id}")} viewBox="0 0 24 24">
                    <path d={*path} fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" />
                </symbol>
            }
        })
        .collect()
}

/// A `<use>` of icon `id` at (`x`, `y`), `size` pixels square.
pub fn use_icon(id: &str, x: f64, y: f64, size: f64, class: &'static str) -> Html {
    html! {
        <use href={format!("#dg-{id}")} x={round(x)} y={round(y)} width={round(size)} height={round(size)} class={class} />
    }
}

/// A standalone small icon (palette, inspector, legend), as its own `<svg>`.
pub fn inline(id: &str) -> Html {
    let path = ICONS
        .iter()
        .find(|(name, _)| *name == id)
        .map_or("", |(_, p)| *p);
    html! {
        <svg class="dg-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
            <path d={path} fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" />
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::ICONS;
    use crate::diagram::model::NodeKind;

    #[test]
    fn every_node_kind_has_an_icon() {
        let kinds = [
            NodeKind::User,
            NodeKind::Group,
            NodeKind::Role,
            NodeKind::SsoRole,
            NodeKind::SamlProvider,
            NodeKind::OidcProvider,
            NodeKind::Bucket,
            NodeKind::KmsKey,
            NodeKind::Queue,
            NodeKind::Function,
            NodeKind::Instance,
            NodeKind::Resource,
            NodeKind::Service,
            NodeKind::Anyone,
            NodeKind::ForeignAccount,
            NodeKind::UnknownPrincipal,
            NodeKind::WebIdentity,
            NodeKind::SamlIdentity,
            NodeKind::OidcIdentity,
            NodeKind::CertificateIdentity,
            NodeKind::IdcUser,
        ];
        for kind in kinds {
            assert!(ICONS.iter().any(|(id, _)| *id == kind.icon()), "{kind:?}");
        }
    }
}
