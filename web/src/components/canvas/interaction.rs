//! Pointer gestures on the diagram, as a pure state machine: what a press starts (panning,
//! moving a node or an account, drawing an arrow), what each move shows, and the edit a
//! release makes. The component feeds it screen and diagram points; no DOM here, so every
//! gesture is unit-tested natively.

use std::collections::BTreeMap;

use iam_world::edit::{Edit, trust_principal_for};
use iam_world::model::{Position, WorldDoc};

use crate::diagram::layout::{HEADER, NODE_H, NODE_W, first_clear, header_of};
use crate::diagram::model::{ContainerKind, NodeKind};
use crate::diagram::{DiagramLayout, GraphModel, Point, Rect, View};

/// How far (screen pixels) a press may move and still be a click.
pub const CLICK_SLOP: f64 = 4.0;

/// What is under the pointer.
#[derive(Clone, Debug, PartialEq)]
pub enum Hit {
    /// A node.
    Node(String),
    /// An account's header (the account itself).
    AccountHeader(String),
    /// Inside an account's box, not on a node.
    AccountBody(String),
    /// Nothing: the background.
    Background,
}

/// Finds what is at diagram point `point` (nodes first, then account headers and bodies; the
/// innermost account wins).
pub fn hit(model: &GraphModel, layout: &DiagramLayout, point: Point) -> Hit {
    for (node, rect) in model.nodes.iter().zip(&layout.nodes) {
        if rect.contains_point(point) {
            return Hit::Node(node.id.clone());
        }
    }
    let accounts = model
        .containers
        .iter()
        .zip(&layout.containers)
        .filter(|(c, r)| c.kind == ContainerKind::Account && r.contains_point(point));
    let mut found = Hit::Background;
    for (container, rect) in accounts {
        found = if header_of(rect).contains_point(point) {
            Hit::AccountHeader(container.id.clone())
        } else {
            Hit::AccountBody(container.id.clone())
        };
    }
    found
}

/// A gesture in progress.
#[derive(Clone, Debug, PartialEq)]
pub enum Gesture {
    /// Nothing pressed.
    Idle,
    /// Panning the view from where the press started.
    Pan {
        /// Screen point of the press.
        from: Point,
        /// The view then.
        start: View,
        /// Whether the pointer moved beyond a click.
        moved: bool,
    },
    /// Moving a node (or an account, with `account`).
    Move {
        /// The node or account id.
        id: String,
        /// Whether it is an account.
        account: bool,
        /// Diagram point of the press.
        from: Point,
        /// The rectangle then.
        origin: Rect,
        /// The offset so far (diagram units).
        offset: Point,
        /// Whether the pointer moved beyond a click.
        moved: bool,
    },
    /// Drawing an arrow from a node or account.
    Connect {
        /// The source id.
        from: String,
        /// Where the arrow starts (diagram).
        start: Point,
        /// Where the pointer is (diagram).
        to: Point,
    },
}

/// What a release does.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Nothing.
    None,
    /// Select this node or account (`None`: clear).
    Select(Option<String>),
    /// Apply this edit.
    Edit(Edit),
    /// Tell the user why nothing happened.
    Hint(String),
}

impl Gesture {
    /// The offset of `id` while it is being moved.
    pub fn offset_of(&self, id: &str) -> Option<Point> {
        match self {
            Gesture::Move {
                id: moving,
                offset,
                moved: true,
                ..
            } if moving == id => Some(*offset),
            _ => None,
        }
    }

    /// The view while panning.
    pub fn panned(&self, screen: Point) -> Option<View> {
        match self {
            Gesture::Pan { from, start, .. } => {
                Some(start.pan(screen.x - from.x, screen.y - from.y))
            }
            _ => None,
        }
    }

    /// The gesture after the pointer moved to `screen` (diagram point `point`).
    pub fn moved_to(&self, screen: Point, point: Point, view: &View) -> Gesture {
        match self {
            Gesture::Idle => Gesture::Idle,
            Gesture::Pan { from, start, moved } => Gesture::Pan {
                from: *from,
                start: *start,
                moved: *moved || screen.distance(*from) > CLICK_SLOP,
            },
            Gesture::Move {
                id,
                account,
                from,
                origin,
                moved,
                ..
            } => {
                let offset = Point::new(point.x - from.x, point.y - from.y);
                let far = (offset.x.hypot(offset.y)) * view.scale > CLICK_SLOP;
                Gesture::Move {
                    id: id.clone(),
                    account: *account,
                    from: *from,
                    origin: *origin,
                    offset,
                    moved: *moved || far,
                }
            }
            Gesture::Connect { from, start, .. } => Gesture::Connect {
                from: from.clone(),
                start: *start,
                to: point,
            },
        }
    }
}

/// The positions to store when `id` moves by `offset`: every account and entity node at its
/// current place (so the drawing stays as the user sees it), the moved one (or the moved
/// account and everything in it) shifted. Positions are rounded to whole pixels.
pub fn positions_after_move(
    model: &GraphModel,
    layout: &DiagramLayout,
    id: &str,
    account: bool,
    offset: Point,
) -> Vec<(String, Position)> {
    let at = |rect: &Rect, shift: bool| {
        let (dx, dy) = if shift {
            (offset.x, offset.y)
        } else {
            (0.0, 0.0)
        };
        Position {
            x: (rect.x + dx).round(),
            y: (rect.y + dy).round(),
        }
    };
    let moved_account = if account {
        model.container(id).map(|(index, _)| index)
    } else {
        None
    };
    let mut positions: BTreeMap<String, Position> = BTreeMap::new();
    for (container, rect) in model.containers.iter().zip(&layout.containers) {
        if container.kind == ContainerKind::Account {
            positions.insert(
                container.id.clone(),
                at(rect, account && container.id == id),
            );
        }
    }
    for (node, rect) in model.nodes.iter().zip(&layout.nodes) {
        if !node.entity {
            continue;
        }
        let shift = node.id == id || moved_account.is_some_and(|a| node.container == a);
        positions.insert(node.id.clone(), at(rect, shift));
    }
    positions.into_iter().collect()
}

/// Finishes a gesture released at `screen` over `target`.
pub fn release(
    gesture: &Gesture,
    target: &Hit,
    doc: &WorldDoc,
    model: &GraphModel,
    layout: &DiagramLayout,
    read_only: bool,
) -> Outcome {
    match gesture {
        Gesture::Idle => Outcome::None,
        Gesture::Pan { moved: false, .. } => Outcome::Select(None),
        Gesture::Pan { .. } => Outcome::None,
        Gesture::Move {
            id, moved: false, ..
        } => Outcome::Select(Some(id.clone())),
        Gesture::Move { .. } if read_only => Outcome::None,
        Gesture::Move {
            id,
            account,
            offset,
            ..
        } => Outcome::Edit(Edit::Move {
            positions: positions_after_move(model, layout, id, *account, *offset),
        }),
        Gesture::Connect { .. } if read_only => Outcome::None,
        Gesture::Connect { from, .. } => connect(from, target, doc, model),
    }
}

/// The edit an arrow from `from` dropped on `target` makes: a trust arrow to a role, or a
/// membership to a group.
pub fn connect(from: &str, target: &Hit, doc: &WorldDoc, model: &GraphModel) -> Outcome {
    let Hit::Node(to) = target else {
        return Outcome::Hint(
            "Drop the arrow on a role to trust its source, or on a group to add a user to it."
                .to_owned(),
        );
    };
    if to == from {
        return Outcome::None;
    }
    let source = model.node(from).map(|n| n.kind);
    match model.node(to).map(|n| n.kind) {
        Some(NodeKind::Role) => match trust_principal_for(doc, from) {
            Ok(principal) => Outcome::Edit(Edit::AddTrust {
                role: to.clone(),
                principal,
            }),
            Err(error) => Outcome::Hint(error.to_string()),
        },
        Some(NodeKind::Group) if source == Some(NodeKind::User) => {
            Outcome::Edit(Edit::AddToGroup {
                user: from.to_owned(),
                group: to.clone(),
            })
        }
        Some(NodeKind::SsoRole) => Outcome::Hint(
            "Identity Center manages the trust of its roles: assign the permission set instead."
                .to_owned(),
        ),
        _ => Outcome::Hint(
            "Arrows go to a role (trust) or, from a user, to a group (membership).".to_owned(),
        ),
    }
}

/// Where the "draw an arrow" handle of a node or account header sits.
pub fn handle_point(rect: &Rect) -> Point {
    Point::new(rect.right(), rect.y + rect.h / 2.0)
}

/// A free spot for a new node in account `account` near diagram point `near` (or below its
/// last node): the node's rectangle must not overlap any other.
pub fn free_spot(
    model: &GraphModel,
    layout: &DiagramLayout,
    account: &str,
    near: Option<Point>,
) -> Position {
    let container = model
        .container(account)
        .and_then(|(index, _)| layout.containers.get(index).copied())
        .unwrap_or_default();
    let start = near.map_or_else(
        || Point::new(container.x + 20.0, container.y + HEADER + 20.0),
        |p| Point::new(p.x - NODE_W / 2.0, p.y - NODE_H / 2.0),
    );
    let rect = first_clear(
        Rect::new(start.x.round(), start.y.round(), NODE_W, NODE_H),
        |r| {
            let padded = r.expand(8.0, 8.0, 8.0, 8.0);
            !layout.nodes.iter().any(|n| n.overlaps(&padded))
        },
    );
    Position {
        x: rect.x,
        y: rect.y,
    }
}

#[cfg(test)]
mod tests;
