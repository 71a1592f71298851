//! Drawing the diagram: containers, nodes, edges and their badges as SVG, from the model and
//! the layout. Plain functions returning `Html`: everything they show was computed by
//! `crate::diagram`; they only choose classes and attributes.

use yew::prelude::*;

use super::Highlight;
use super::icons::use_icon;
use crate::diagram::geometry::{Curve, Point, Rect, round};
use crate::diagram::layout::HEADER;
use crate::diagram::model::{Badge, Container, ContainerKind, Edge, EdgeKind, Node, last_segment};

/// Shortens `text` to `max` characters with an ellipsis (labels have fixed room; the full
/// text is in the tooltip).
pub fn fit(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let kept: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{kept}…")
    }
}

/// About how wide `text` is at 11 px (for badge pills; no font metrics in SVG).
fn text_width(text: &str) -> f64 {
    text.chars().count() as f64 * 6.3
}

/// The arrowhead markers, one per edge kind plus the highlighted ones.
pub fn markers() -> Html {
    let names = EdgeKind::ALL
        .iter()
        .map(|k| k.name())
        .chain(["active", "denied", "draft"]);
    names
        .map(|name| {
            html! {
                <marker id={format!("dg-arrow-{name}")} viewBox="0 0 10 10" refX="9" refY="5"
                    markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto-start-reverse">
                    <path d="M0 1L10 5L0 9z" class={format!("dg-marker dg-marker--{name}")} />
                </marker>
            }
        })
        .collect()
}

/// A box: organization, OU, account or the outside column.
pub fn container(container: &Container, rect: &Rect, selected: bool, read_only: bool) -> Html {
    if rect.w <= 0.0 {
        return Html::default();
    }
    let (x, y, w, h) = (round(rect.x), round(rect.y), round(rect.w), round(rect.h));
    match container.kind {
        ContainerKind::Account => account(container, rect, selected, read_only),
        ContainerKind::Organization | ContainerKind::Unit => {
            let icon = if container.kind == ContainerKind::Organization {
                "organization"
            } else {
                "unit"
            };
            let kind = if container.kind == ContainerKind::Organization {
                "org"
            } else {
                "unit"
            };
            html! {
                <g class={format!("dg-container dg-container--{kind}")} data-container={container.id.clone()}>
                    <rect class="dg-container__box" x={x} y={y} width={w} height={h} rx="16" />
                    { use_icon(icon, rect.x + 14.0, rect.y + 11.0, 18.0, "dg-container__icon") }
                    <text class="dg-container__label" x={round(rect.x + 38.0)} y={round(rect.y + 25.0)}>
                        { fit(&container.label, 40) }
                        <tspan class="dg-container__detail" dx="8">{ fit(&container.detail, 40) }</tspan>
                    </text>
                </g>
            }
        }
        ContainerKind::Outside => html! {
            <g class="dg-container dg-container--outside" data-container="outside">
                <rect class="dg-container__box" x={x} y={y} width={w} height={h} rx="16" />
                <text class="dg-container__label" x={round(rect.x + 16.0)} y={round(rect.y + 27.0)}>{ "Outside your accounts" }</text>
            </g>
        },
    }
}

fn account(container: &Container, rect: &Rect, selected: bool, read_only: bool) -> Html {
    let w = rect.w;
    // Coordinates through `round`: formatting an f64 directly links core's float printing.
    let (top, right) = (round(HEADER), round(rect.w));
    let header = format!(
        "M0 {top} V14 A14 14 0 0 1 14 0 H{} A14 14 0 0 1 {right} 14 V{top} Z",
        round(rect.w - 14.0)
    );
    let classes = classes!(
        "dg-container",
        "dg-container--account",
        selected.then_some("is-selected"),
        container.management.then_some("is-management")
    );
    let label = format!("Account {} ({})", container.label, container.id);
    html! {
        <g class={classes} data-container={container.id.clone()}>
            <rect class="dg-container__box" x={round(rect.x)} y={round(rect.y)} width={round(rect.w)} height={round(rect.h)} rx="14" />
            <g class="dg-account__header" transform={format!("translate({} {})", round(rect.x), round(rect.y))}
                data-drag="account" data-id={container.id.clone()} tabindex="0" role="button" aria-label={label}
                aria-pressed={selected.to_string()}>
                <title>{ format!("{} · {}\nDrag to move the account; drag its handle to a role to trust the whole account.", container.label, container.detail) }</title>
                <path class="dg-account__band" d={header} />
                { use_icon("account", 14.0, 11.0, 22.0, "dg-account__icon") }
                <text class="dg-account__label" x="44" y="21">{ fit(&container.label, ((w - 120.0) / 8.0).max(10.0) as usize) }</text>
                <text class="dg-account__detail" x="44" y="37">{ fit(&container.detail, ((w - 60.0) / 6.5).max(10.0) as usize) }</text>
                if container.management {
                    <text class="dg-account__tag" x={round(w - 14.0)} y="21" text-anchor="end">{ "management" }</text>
                }
                if !read_only {
                    { handle(w, HEADER / 2.0, &container.id) }
                }
            </g>
        </g>
    }
}

fn handle(x: f64, y: f64, id: &str) -> Html {
    html! {
        <g class="dg-handle" data-drag="handle" data-id={id.to_owned()} transform={format!("translate({} {})", round(x), round(y))}>
            <title>{ "Drag to a role to add a trust arrow" }</title>
            <circle class="dg-handle__hit" r="12" />
            <circle class="dg-handle__dot" r="6" />
            <path class="dg-handle__plus" d="M-3 0h6M0 -3v6" />
        </g>
    }
}

/// Per-node state for drawing.
pub struct NodeLook {
    /// Selected by the user.
    pub selected: bool,
    /// On the highlighted path.
    pub on_path: bool,
    /// The active node of the stepper.
    pub active: bool,
    /// Its policy decided a denial.
    pub denied: bool,
    /// Something else is highlighted and this is not part of it.
    pub dimmed: bool,
    /// Arrows can start here (the handle shows).
    pub handle: bool,
}

/// A node at `rect`.
pub fn node(node: &Node, rect: &Rect, look: &NodeLook) -> Html {
    let classes = classes!(
        "dg-node",
        format!("dg-node--{}", node.kind.family()),
        look.selected.then_some("is-selected"),
        look.on_path.then_some("is-path"),
        look.active.then_some("is-active"),
        look.denied.then_some("is-denied"),
        look.dimmed.then_some("is-dimmed"),
        (!node.problems.is_empty()).then_some("has-problem"),
    );
    let tooltip = {
        let mut lines = vec![format!("{} · {}", node.label, node.detail)];
        lines.extend(node.arn.clone());
        lines.extend(node.problems.iter().cloned());
        lines.join("\n")
    };
    let label = format!("{} {}", node.kind.noun(), node.label);
    html! {
        <g class={classes} transform={format!("translate({} {})", round(rect.x), round(rect.y))}
            data-drag="node" data-id={node.id.clone()} data-kind={node.kind.icon()}
            tabindex="0" role="button" aria-label={label} aria-pressed={look.selected.to_string()}>
            <title>{ tooltip }</title>
            <rect class="dg-node__box" width={round(rect.w)} height={round(rect.h)} rx="10" />
            <rect class="dg-node__chip" x="8" y="9" width="32" height="32" rx="9" />
            { use_icon(node.kind.icon(), 13.0, 14.0, 22.0, "dg-node__icon") }
            <text class="dg-node__label" x="50" y="22">{ fit(&node.label, 18) }</text>
            <text class="dg-node__detail" x="50" y="38">{ fit(&node.detail, 24) }</text>
            if !node.problems.is_empty() {
                <g class="dg-node__problem" transform={format!("translate({} 0)", round(rect.w - 2.0))}>
                    <circle r="8" />
                    <text y="4" text-anchor="middle">{ "!" }</text>
                </g>
            }
            if look.handle {
                { handle(rect.w, rect.h / 2.0, &node.id) }
            }
        </g>
    }
}

/// Per-edge state for drawing.
pub struct EdgeLook {
    /// Selected by the user.
    pub selected: bool,
    /// On the highlighted path.
    pub on_path: bool,
    /// Being animated now.
    pub stepping: bool,
    /// The hop along it was denied.
    pub denied: bool,
    /// Something else is highlighted.
    pub dimmed: bool,
}

/// An edge's line (its badges are drawn later, above the nodes).
pub fn edge_line(edge: &Edge, curve: &Curve, look: &EdgeLook) -> Html {
    let classes = classes!(
        "dg-edge",
        format!("dg-edge--{}", edge.kind.name()),
        look.selected.then_some("is-selected"),
        look.on_path.then_some("is-path"),
        look.stepping.then_some("is-stepping"),
        look.denied.then_some("is-denied"),
        look.dimmed.then_some("is-dimmed"),
    );
    let marker = if look.denied {
        "denied"
    } else if look.on_path || look.selected {
        "active"
    } else {
        edge.kind.name()
    };
    let path = curve.path();
    let label = format!(
        "{}: {} to {}",
        edge.kind.legend(),
        last_segment(&edge.from),
        last_segment(&edge.to)
    );
    html! {
        <g class={classes} data-edge={edge.id.clone()} data-kind={edge.kind.name()} role="button" tabindex="-1" aria-label={label.clone()}>
            <title>{ edge_title(edge) }</title>
            <path class="dg-edge__hit" d={path.clone()} />
            <path class="dg-edge__line" d={path} marker-end={format!("url(#dg-arrow-{marker})")} />
        </g>
    }
}

fn edge_title(edge: &Edge) -> String {
    let mut lines = vec![format!(
        "{}: {} → {}",
        edge.kind.legend(),
        last_segment(&edge.from),
        last_segment(&edge.to)
    )];
    if let Some(principal) = &edge.principal {
        lines.push(format!(
            "Trust policy names {} \"{}\"",
            principal.key.as_str(),
            principal.value
        ));
    }
    if let Some(label) = &edge.label {
        lines.push(label.clone());
    }
    lines.extend(edge.badges.iter().map(Badge::title));
    if edge.kind == EdgeKind::Trust {
        lines.push("Click to select; Delete removes it from the trust policy.".to_owned());
    }
    lines.join("\n")
}

/// The badges and label of an edge, centred at `at`.
pub fn edge_badges(edge: &Edge, at: Point, look: &EdgeLook) -> Html {
    let mut pills: Vec<(String, String, String)> = edge
        .badges
        .iter()
        .map(|b| {
            (
                b.text(),
                format!("dg-pill dg-pill--{}", b.class()),
                b.title(),
            )
        })
        .collect();
    if let Some(label) = &edge.label {
        pills.push((
            fit(label, 26),
            "dg-pill dg-pill--label".to_owned(),
            label.clone(),
        ));
    }
    if pills.is_empty() {
        return Html::default();
    }
    let widths: Vec<f64> = pills.iter().map(|(t, _, _)| text_width(t) + 14.0).collect();
    let total = widths.iter().sum::<f64>() + 4.0 * (widths.len() as f64 - 1.0);
    let mut x = at.x - total / 2.0;
    let classes = classes!(
        "dg-badges",
        look.dimmed.then_some("is-dimmed"),
        look.on_path.then_some("is-path")
    );
    html! {
        <g class={classes} data-edge={edge.id.clone()} data-edge-badges="true">
            { for pills.into_iter().zip(widths).map(|((text, class, title), width)| {
                let left = x;
                x += width + 4.0;
                html! {
                    <g class={class}>
                        <title>{ title }</title>
                        <rect x={round(left)} y={round(at.y - 9.0)} width={round(width)} height="18" rx="9" />
                        <text x={round(left + width / 2.0)} y={round(at.y + 4.0)} text-anchor="middle">{ text }</text>
                    </g>
                }
            }) }
        </g>
    }
}

/// The dimming and highlighting of node `id` under `highlight`.
pub fn node_look(id: &str, highlight: &Highlight, selected: bool, handle: bool) -> NodeLook {
    let on_path = highlight.nodes.iter().any(|n| n == id);
    NodeLook {
        selected,
        on_path,
        active: highlight.active.as_deref() == Some(id),
        denied: highlight.denied.iter().any(|n| n == id),
        dimmed: highlight.focus && !on_path && !highlight.denied.iter().any(|n| n == id),
        handle,
    }
}

/// The dimming and highlighting of edge `id` under `highlight`.
pub fn edge_look(id: &str, highlight: &Highlight, selected: bool) -> EdgeLook {
    let on_path = highlight.edges.iter().any(|e| e == id);
    let denied = highlight.failed_edge.as_deref() == Some(id);
    EdgeLook {
        selected,
        on_path,
        stepping: highlight.stepping.as_deref() == Some(id),
        denied,
        dimmed: highlight.focus && !on_path && !denied,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_shortened_with_an_ellipsis() {
        assert_eq!(fit("David", 18), "David");
        assert_eq!(
            fit("AWSReservedSSO_ReadOnly_0123456789abcdef", 18),
            "AWSReservedSSO_Re…"
        );
        assert_eq!(fit("é€ü", 2), "é…");
    }
}
