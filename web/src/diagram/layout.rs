//! Where everything goes: an automatic layout written for IAM worlds, then the user's stored
//! positions on top.
//!
//! Accounts are boxes (inside their organizational units) with four columns, in the order
//! arrows flow: who signs in (users, identity providers), groups, roles, resources. Columns are
//! ordered by their neighbours' rows so arrows cross less. Boxes are packed in rows, and what
//! no account holds (services, outside identities, `*`) stands in a column on the left, each
//! node level with what it connects to. A general graph layout would not know that accounts
//! contain things or that trust flows from identities to roles to resources; this one does,
//! and it is a few hundred lines with no dependency.
//!
//! Stored positions (`layout` in the world document, top-left corners) override the automatic
//! ones: an account's position moves everything in it; a node's position places the node.
//! Nodes without one are then moved down until they overlap nothing, and boxes grow around
//! what they hold, so a world drawn by hand and extended in the JSON stays legible.

use iam_policy::sort::sort_by;
use std::collections::{BTreeMap, HashMap};

use iam_world::model::Position;

use super::geometry::{Curve, Point, Rect, Side, bounds, facing_sides};
use super::model::{ContainerKind, GraphModel};

/// Node width.
pub const NODE_W: f64 = 188.0;
/// Node height.
pub const NODE_H: f64 = 50.0;
/// Vertical gap between nodes of a column.
pub const ROW_GAP: f64 = 18.0;
/// Horizontal gap between columns of an account (room for arrows).
pub const LANE_GAP: f64 = 64.0;
/// Padding inside an account box.
pub const PAD: f64 = 20.0;
/// Height of an account's header (its name and id); the header is the account's node.
pub const HEADER: f64 = 46.0;
/// Padding and header of an organization or OU box.
const UNIT_PAD: f64 = 18.0;
const UNIT_HEADER: f64 = 40.0;
/// Gap between boxes.
pub const GAP: f64 = 56.0;
/// The narrowest account box (its header must fit).
const ACCOUNT_MIN_W: f64 = 260.0;
/// An empty account's height.
const ACCOUNT_MIN_H: f64 = HEADER + 2.0 * PAD + NODE_H;
/// The aspect ratio (width / height) the layout aims for when the viewport's is unknown.
pub const DEFAULT_ASPECT: f64 = 1.6;
/// Room around the drawing for badges and labels.
const MARGIN: f64 = 32.0;

/// Everything placed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DiagramLayout {
    /// One rectangle per node of the model, in the model's order.
    pub nodes: Vec<Rect>,
    /// One rectangle per container of the model (the outside column's is empty when it holds
    /// nothing).
    pub containers: Vec<Rect>,
    /// One curve per edge of the model.
    pub edges: Vec<Curve>,
    /// Where each edge's label and badges go.
    pub labels: Vec<Point>,
    /// Everything, with a margin: what fit-to-view shows.
    pub bounds: Rect,
}

impl DiagramLayout {
    /// The rectangle an edge of `id` attaches to when its other end is at `other`: a node, or
    /// an account (its header when the other end is inside it, else its whole box, so the
    /// arrow leaves the account's border instead of crossing its content).
    pub fn anchor(&self, model: &GraphModel, id: &str, other: &Rect) -> Option<Rect> {
        end_rect(model, &self.nodes, &self.containers, id).map(|end| anchor_of(end, other))
    }

    /// The anchors of both ends of edge `index`.
    pub fn edge_anchors(&self, model: &GraphModel, index: usize) -> Option<(Rect, Rect)> {
        let edge = model.edges.get(index)?;
        let from = self.rect_of(model, &edge.from)?;
        let to = self.rect_of(model, &edge.to)?;
        Some((
            self.anchor(model, &edge.from, &to)?,
            self.anchor(model, &edge.to, &from)?,
        ))
    }

    /// The rectangle of node or container `id`.
    pub fn rect_of(&self, model: &GraphModel, id: &str) -> Option<Rect> {
        if let Some(index) = model.nodes.iter().position(|n| n.id == id) {
            return self.nodes.get(index).copied();
        }
        let (index, _) = model.container(id)?;
        self.containers.get(index).copied()
    }
}

/// The rectangle of an edge's end `id` (a node, or an account: `true`), shared by the router
/// and [`DiagramLayout::anchor`] so the tests check the very ends the router drew.
fn end_rect(
    model: &GraphModel,
    nodes: &[Rect],
    containers: &[Rect],
    id: &str,
) -> Option<(Rect, bool)> {
    if let Some(index) = model.nodes.iter().position(|n| n.id == id) {
        return nodes.get(index).map(|r| (*r, false));
    }
    let (index, container) = model.container(id)?;
    if container.kind != ContainerKind::Account {
        return None;
    }
    containers.get(index).map(|r| (*r, true))
}

/// An account's end is its header for an edge from inside the account, its box otherwise.
fn anchor_of((rect, account): (Rect, bool), other: &Rect) -> Rect {
    if account && rect.contains(other) {
        header_of(&rect)
    } else {
        rect
    }
}

/// `rect` moved down a row at a time (at most 500) until `clear` accepts it: where a node
/// goes when its place is taken.
pub fn first_clear(mut rect: Rect, clear: impl Fn(&Rect) -> bool) -> Rect {
    for _ in 0..500 {
        if clear(&rect) {
            break;
        }
        rect = rect.translate(0.0, NODE_H + ROW_GAP);
    }
    rect
}

/// The header strip of an account box.
pub fn header_of(account: &Rect) -> Rect {
    Rect::new(account.x, account.y, account.w, HEADER)
}

/// Lays out `model` for a viewport of shape `aspect` (width / height), with `stored`
/// positions overriding the automatic ones.
pub fn layout(
    model: &GraphModel,
    stored: &BTreeMap<String, Position>,
    aspect: f64,
) -> DiagramLayout {
    let aspect = if aspect.is_finite() && aspect > 0.0 {
        aspect.clamp(0.4, 4.0)
    } else {
        DEFAULT_ASPECT
    };
    let mut placed = auto(model, aspect);
    apply_stored(model, stored, &mut placed);
    settle_accounts(model, stored, &mut placed);
    grow_units(model, &mut placed);
    place_outside(model, stored, &mut placed);
    let (edges, labels) = route(model, &placed);
    let all = bounds(
        placed
            .containers
            .iter()
            .copied()
            .filter(|r| r.w > 0.0)
            .chain(placed.nodes.iter().copied()),
    )
    .unwrap_or_default();
    DiagramLayout {
        nodes: placed.nodes,
        containers: placed.containers,
        edges,
        labels,
        bounds: all.expand(MARGIN, MARGIN, MARGIN, MARGIN),
    }
}

/// Positions while laying out.
struct Placed {
    nodes: Vec<Rect>,
    containers: Vec<Rect>,
    /// Nodes whose position is stored (they never move).
    pinned: Vec<bool>,
}

/// Node indices of each container.
fn members(model: &GraphModel) -> Vec<Vec<usize>> {
    let mut members = vec![Vec::new(); model.containers.len()];
    for (index, node) in model.nodes.iter().enumerate() {
        if let Some(list) = members.get_mut(node.container) {
            list.push(index);
        }
    }
    members
}

/// Child containers of each container, and the top-level ones (not the outside column).
fn children(model: &GraphModel) -> (Vec<Vec<usize>>, Vec<usize>) {
    let mut children = vec![Vec::new(); model.containers.len()];
    let mut top = Vec::new();
    for (index, container) in model.containers.iter().enumerate() {
        match container.parent {
            Some(parent) => {
                if let Some(list) = children.get_mut(parent) {
                    list.push(index);
                }
            }
            None if container.kind != ContainerKind::Outside => top.push(index),
            None => {}
        }
    }
    (children, top)
}

/// The automatic layout: sizes bottom-up, positions top-down.
fn auto(model: &GraphModel, aspect: f64) -> Placed {
    let members = members(model);
    let (children, top) = children(model);
    let columns: Vec<Vec<Vec<usize>>> = model
        .containers
        .iter()
        .enumerate()
        .map(|(index, container)| match container.kind {
            ContainerKind::Account => {
                account_columns(model, members.get(index).map_or(&[][..], Vec::as_slice))
            }
            _ => Vec::new(),
        })
        .collect();
    let mut sizes = vec![(0.0, 0.0); model.containers.len()];
    for &index in &top {
        size_of(model, index, &children, &columns, aspect, &mut sizes);
    }
    let mut placed = Placed {
        nodes: vec![Rect::default(); model.nodes.len()],
        containers: vec![Rect::default(); model.containers.len()],
        pinned: vec![false; model.nodes.len()],
    };
    let items: Vec<(f64, f64)> = top
        .iter()
        .map(|&i| sizes.get(i).copied().unwrap_or_default())
        .collect();
    let offsets = shelf(&items, aspect);
    let sizing = Sizing {
        model,
        children: &children,
        columns: &columns,
        sizes: &sizes,
        aspect,
    };
    for (&index, offset) in top.iter().zip(offsets) {
        place_container(&sizing, index, offset, &mut placed);
    }
    placed
}

/// The columns of an account: node indices per lane, empty lanes dropped, each ordered by the
/// rows of the nodes it connects to in the columns before it.
fn account_columns(model: &GraphModel, nodes: &[usize]) -> Vec<Vec<usize>> {
    let mut lanes: Vec<Vec<usize>> = vec![Vec::new(); 4];
    for &index in nodes {
        if let Some(node) = model.nodes.get(index) {
            if let Some(lane) = lanes.get_mut(node.kind.lane()) {
                lane.push(index);
            }
        }
    }
    let ids: HashMap<&str, usize> = model
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let mut row: HashMap<usize, f64> = HashMap::new();
    for lane in 0..lanes.len() {
        if lane > 0 {
            let current = lanes.get(lane).cloned().unwrap_or_default();
            let mut keyed: Vec<(f64, usize, usize)> = current
                .iter()
                .enumerate()
                .map(|(order, &index)| {
                    let id = model.nodes.get(index).map_or("", |n| n.id.as_str());
                    let rows: Vec<f64> = model
                        .edges
                        .iter()
                        .filter_map(|e| {
                            let other = if e.to == id {
                                e.from.as_str()
                            } else if e.from == id {
                                e.to.as_str()
                            } else {
                                return None;
                            };
                            ids.get(other).and_then(|i| row.get(i)).copied()
                        })
                        .collect();
                    let key = if rows.is_empty() {
                        f64::MAX
                    } else {
                        rows.iter().sum::<f64>() / rows.len() as f64
                    };
                    (key, order, index)
                })
                .collect();
            sort_by(&mut keyed, |a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            if let Some(slot) = lanes.get_mut(lane) {
                *slot = keyed.into_iter().map(|(_, _, index)| index).collect();
            }
        }
        for (position, &index) in lanes
            .get(lane)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .enumerate()
        {
            row.insert(index, position as f64);
        }
    }
    lanes.into_iter().filter(|lane| !lane.is_empty()).collect()
}

fn account_size(columns: &[Vec<usize>]) -> (f64, f64) {
    let lanes = columns.len() as f64;
    let rows = columns.iter().map(Vec::len).max().unwrap_or(0) as f64;
    let width = (2.0 * PAD + lanes * NODE_W + (lanes - 1.0).max(0.0) * LANE_GAP).max(ACCOUNT_MIN_W);
    let height = if rows == 0.0 {
        ACCOUNT_MIN_H
    } else {
        HEADER + 2.0 * PAD + rows * NODE_H + (rows - 1.0) * ROW_GAP
    };
    (width, height)
}

fn size_of(
    model: &GraphModel,
    index: usize,
    children: &[Vec<usize>],
    columns: &[Vec<Vec<usize>>],
    aspect: f64,
    sizes: &mut [(f64, f64)],
) -> (f64, f64) {
    let size = match model.containers.get(index).map(|c| c.kind) {
        Some(ContainerKind::Account) => {
            account_size(columns.get(index).map_or(&[][..], Vec::as_slice))
        }
        Some(ContainerKind::Organization | ContainerKind::Unit) => {
            let kids = children.get(index).cloned().unwrap_or_default();
            let items: Vec<(f64, f64)> = kids
                .iter()
                .map(|&k| size_of(model, k, children, columns, aspect, sizes))
                .collect();
            let offsets = shelf(&items, aspect);
            let inner = bounds(
                offsets
                    .iter()
                    .zip(&items)
                    .map(|(o, (w, h))| Rect::new(o.x, o.y, *w, *h)),
            )
            .unwrap_or_default();
            (
                (inner.w + 2.0 * UNIT_PAD).max(ACCOUNT_MIN_W),
                inner.h + UNIT_HEADER + 2.0 * UNIT_PAD,
            )
        }
        _ => (0.0, 0.0),
    };
    if let Some(slot) = sizes.get_mut(index) {
        *slot = size;
    }
    size
}

/// Packs boxes left to right and top to bottom, each as high as it fits (a skyline: a short
/// box leaves room under it for the next), choosing the width whose result is closest in
/// shape to `aspect` and wastes least room (a narrow panel stacks accounts, a wide one puts
/// them side by side). Returns each box's offset.
fn shelf(items: &[(f64, f64)], aspect: f64) -> Vec<Point> {
    let widest = items.iter().map(|(w, _)| *w).fold(0.0, f64::max);
    let used: f64 = items.iter().map(|(w, h)| w * h).sum();
    let mut best: Option<(f64, Vec<Point>)> = None;
    let mut row_width = 0.0;
    for (w, _) in items {
        row_width = if row_width == 0.0 {
            *w
        } else {
            row_width + GAP + w
        };
        if row_width < widest {
            continue;
        }
        let (offsets, size) = pack(items, row_width);
        let shape = ((size.0 / size.1.max(1.0)) / aspect).ln().abs();
        let waste = (size.0 * size.1 / used.max(1.0)).ln();
        let score = shape + 0.5 * waste;
        if best.as_ref().is_none_or(|(s, _)| score < *s - 1e-9) {
            best = Some((score, offsets));
        }
    }
    best.map(|(_, offsets)| offsets).unwrap_or_default()
}

/// Skyline packing no wider than `max_width`: each box goes to the left-most of the highest
/// places it fits. Returns offsets and the overall size.
fn pack(items: &[(f64, f64)], max_width: f64) -> (Vec<Point>, (f64, f64)) {
    let mut placed: Vec<Rect> = Vec::with_capacity(items.len());
    for (w, h) in items {
        let mut candidates: Vec<f64> = vec![0.0];
        candidates.extend(placed.iter().map(|r| r.right() + GAP));
        let spot = candidates
            .into_iter()
            .filter(|x| x + w <= max_width + 0.5)
            .map(|x| {
                let y = placed
                    .iter()
                    .filter(|r| r.x < x + w + GAP && x < r.right() + GAP)
                    .map(|r| r.bottom() + GAP)
                    .fold(0.0, f64::max);
                (y, x)
            })
            .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)))
            .unwrap_or((
                placed.iter().map(|r| r.bottom() + GAP).fold(0.0, f64::max),
                0.0,
            ));
        placed.push(Rect::new(spot.1, spot.0, *w, *h));
    }
    let size = bounds(placed.iter().copied()).map_or((0.0, 0.0), |b| (b.right(), b.bottom()));
    (placed.iter().map(|r| Point::new(r.x, r.y)).collect(), size)
}

/// What placing containers needs to know, computed once.
struct Sizing<'a> {
    model: &'a GraphModel,
    children: &'a [Vec<usize>],
    columns: &'a [Vec<Vec<usize>>],
    sizes: &'a [(f64, f64)],
    aspect: f64,
}

fn place_container(sizing: &Sizing<'_>, index: usize, at: Point, placed: &mut Placed) {
    let (w, h) = sizing.sizes.get(index).copied().unwrap_or_default();
    if let Some(slot) = placed.containers.get_mut(index) {
        *slot = Rect::new(at.x, at.y, w, h);
    }
    match sizing.model.containers.get(index).map(|c| c.kind) {
        Some(ContainerKind::Account) => {
            let columns = sizing.columns.get(index).map_or(&[][..], Vec::as_slice);
            for (lane, column) in columns.iter().enumerate() {
                for (row, &node) in column.iter().enumerate() {
                    let x = at.x + PAD + lane as f64 * (NODE_W + LANE_GAP);
                    let y = at.y + HEADER + PAD + row as f64 * (NODE_H + ROW_GAP);
                    if let Some(slot) = placed.nodes.get_mut(node) {
                        *slot = Rect::new(x, y, NODE_W, NODE_H);
                    }
                }
            }
        }
        Some(ContainerKind::Organization | ContainerKind::Unit) => {
            let kids = sizing.children.get(index).cloned().unwrap_or_default();
            let items: Vec<(f64, f64)> = kids
                .iter()
                .map(|&k| sizing.sizes.get(k).copied().unwrap_or_default())
                .collect();
            for (&kid, offset) in kids.iter().zip(shelf(&items, sizing.aspect)) {
                let origin = Point::new(
                    at.x + UNIT_PAD + offset.x,
                    at.y + UNIT_HEADER + UNIT_PAD + offset.y,
                );
                place_container(sizing, kid, origin, placed);
            }
        }
        _ => {}
    }
}

/// Applies stored account and node positions.
fn apply_stored(model: &GraphModel, stored: &BTreeMap<String, Position>, placed: &mut Placed) {
    for (index, container) in model.containers.iter().enumerate() {
        if container.kind != ContainerKind::Account {
            continue;
        }
        let (Some(position), Some(rect)) = (
            stored.get(&container.id),
            placed.containers.get(index).copied(),
        ) else {
            continue;
        };
        let (dx, dy) = (position.x - rect.x, position.y - rect.y);
        if let Some(slot) = placed.containers.get_mut(index) {
            *slot = rect.translate(dx, dy);
        }
        for (node, rect) in model.nodes.iter().zip(placed.nodes.iter_mut()) {
            if node.container == index {
                *rect = rect.translate(dx, dy);
            }
        }
    }
    for (index, node) in model.nodes.iter().enumerate() {
        if !node.entity
            || model
                .containers
                .get(node.container)
                .is_some_and(|c| c.kind == ContainerKind::Outside)
        {
            continue;
        }
        if let (Some(position), Some(rect)) = (stored.get(&node.id), placed.nodes.get_mut(index)) {
            *rect = Rect::new(position.x, position.y, NODE_W, NODE_H);
            if let Some(pin) = placed.pinned.get_mut(index) {
                *pin = true;
            }
        }
    }
    // Unpinned nodes make way for pinned ones, moving down a row at a time.
    let inside = |index: usize| {
        model.nodes.get(index).is_some_and(|n| {
            model
                .containers
                .get(n.container)
                .is_some_and(|c| c.kind != ContainerKind::Outside)
        })
    };
    let mut fixed: Vec<Rect> = (0..model.nodes.len())
        .filter(|&i| inside(i) && placed.pinned.get(i).copied().unwrap_or(false))
        .filter_map(|i| placed.nodes.get(i).copied())
        .collect();
    for index in 0..model.nodes.len() {
        if !inside(index) || placed.pinned.get(index).copied().unwrap_or(false) {
            continue;
        }
        let Some(rect) = placed.nodes.get(index).copied() else {
            continue;
        };
        let rect = first_clear(rect, |r| clear_of(&fixed, r));
        fixed.push(rect);
        if let Some(slot) = placed.nodes.get_mut(index) {
            *slot = rect;
        }
    }
}

/// Whether `rect` keeps half a row gap above and below from every rectangle of `taken`.
fn clear_of(taken: &[Rect], rect: &Rect) -> bool {
    let padded = rect.expand(0.0, ROW_GAP / 2.0, 0.0, ROW_GAP / 2.0);
    !taken.iter().any(|t| t.overlaps(&padded))
}

/// Accounts grow around their nodes; accounts placed automatically move right of anything
/// they would overlap.
fn settle_accounts(model: &GraphModel, stored: &BTreeMap<String, Position>, placed: &mut Placed) {
    let accounts: Vec<usize> = model
        .containers
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind == ContainerKind::Account)
        .map(|(i, _)| i)
        .collect();
    for &index in &accounts {
        let inner = bounds(
            model
                .nodes
                .iter()
                .zip(&placed.nodes)
                .filter(|(n, _)| n.container == index)
                .map(|(_, r)| *r),
        );
        let Some(current) = placed.containers.get(index).copied() else {
            continue;
        };
        let rect = match inner {
            Some(inner) => {
                let boxed = inner.expand(PAD, HEADER + PAD, PAD, PAD);
                Rect::new(boxed.x, boxed.y, boxed.w.max(ACCOUNT_MIN_W), boxed.h)
            }
            None => Rect::new(
                current.x,
                current.y,
                current.w.max(ACCOUNT_MIN_W),
                current.h.max(ACCOUNT_MIN_H),
            ),
        };
        if let Some(slot) = placed.containers.get_mut(index) {
            *slot = rect;
        }
    }
    // Only when something is stored can automatic accounts collide.
    if stored.is_empty() {
        return;
    }
    let is_manual = |index: usize| {
        model
            .containers
            .get(index)
            .is_some_and(|c| stored.contains_key(&c.id))
            || model.nodes.iter().enumerate().any(|(i, n)| {
                n.container == index && placed.pinned.get(i).copied().unwrap_or(false)
            })
    };
    let mut settled: Vec<Rect> = accounts
        .iter()
        .filter(|&&i| is_manual(i))
        .filter_map(|&i| placed.containers.get(i).copied())
        .collect();
    for &index in accounts.iter().filter(|&&i| !is_manual(i)) {
        let Some(rect) = placed.containers.get(index).copied() else {
            continue;
        };
        let clear = |r: &Rect| {
            !settled
                .iter()
                .any(|s| s.overlaps(&r.expand(GAP / 2.0, GAP / 2.0, GAP / 2.0, GAP / 2.0)))
        };
        let moved = if clear(&rect) {
            rect
        } else {
            let right = settled.iter().map(Rect::right).fold(f64::MIN, f64::max);
            let top = settled.iter().map(|r| r.y).fold(f64::MAX, f64::min);
            Rect::new(right + GAP, top, rect.w, rect.h)
        };
        let (dx, dy) = (moved.x - rect.x, moved.y - rect.y);
        for (node, r) in model.nodes.iter().zip(placed.nodes.iter_mut()) {
            if node.container == index {
                *r = r.translate(dx, dy);
            }
        }
        if let Some(slot) = placed.containers.get_mut(index) {
            *slot = moved;
        }
        settled.push(moved);
    }
}

/// OUs and the organization grow around what they hold (children come after parents).
fn grow_units(model: &GraphModel, placed: &mut Placed) {
    for index in (0..model.containers.len()).rev() {
        let Some(container) = model.containers.get(index) else {
            continue;
        };
        if !matches!(
            container.kind,
            ContainerKind::Organization | ContainerKind::Unit
        ) {
            continue;
        }
        let inner = bounds(
            model
                .containers
                .iter()
                .enumerate()
                .filter(|(_, c)| c.parent == Some(index))
                .filter_map(|(i, _)| placed.containers.get(i).copied()),
        );
        if let (Some(inner), Some(slot)) = (inner, placed.containers.get_mut(index)) {
            let boxed = inner.expand(UNIT_PAD, UNIT_HEADER + UNIT_PAD, UNIT_PAD, UNIT_PAD);
            *slot = Rect::new(boxed.x, boxed.y, boxed.w.max(ACCOUNT_MIN_W), boxed.h);
        }
    }
}

/// The outside column, left of the accounts, each node level with its neighbours.
fn place_outside(model: &GraphModel, stored: &BTreeMap<String, Position>, placed: &mut Placed) {
    let Some(outside) = model
        .containers
        .iter()
        .position(|c| c.kind == ContainerKind::Outside)
    else {
        return;
    };
    let world = bounds(
        model
            .containers
            .iter()
            .zip(&placed.containers)
            .filter(|(c, r)| c.kind != ContainerKind::Outside && r.w > 0.0)
            .map(|(_, r)| *r),
    )
    .unwrap_or_default();
    let x = world.x - GAP - PAD - NODE_W;
    let centre_of = |id: &str, placed: &Placed| -> Option<f64> {
        if let Some(i) = model.nodes.iter().position(|n| n.id == id) {
            let node = model.nodes.get(i)?;
            if node.container == outside {
                return None;
            }
            return placed.nodes.get(i).map(|r| r.center().y);
        }
        let (i, _) = model.container(id)?;
        placed.containers.get(i).map(|r| header_of(r).center().y)
    };
    let mut wanted: Vec<(f64, usize)> = Vec::new();
    for (index, node) in model.nodes.iter().enumerate() {
        if node.container != outside {
            continue;
        }
        if let (true, Some(position)) = (node.entity, stored.get(&node.id)) {
            if let Some(slot) = placed.nodes.get_mut(index) {
                *slot = Rect::new(position.x, position.y, NODE_W, NODE_H);
            }
            if let Some(pin) = placed.pinned.get_mut(index) {
                *pin = true;
            }
            continue;
        }
        let ys: Vec<f64> = model
            .edges
            .iter()
            .filter_map(|e| {
                if e.from == node.id {
                    centre_of(&e.to, placed)
                } else if e.to == node.id {
                    centre_of(&e.from, placed)
                } else {
                    None
                }
            })
            .collect();
        let y = if ys.is_empty() {
            world.y + HEADER
        } else {
            ys.iter().sum::<f64>() / ys.len() as f64
        };
        wanted.push((y, index));
    }
    sort_by(&mut wanted, |a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let pinned: Vec<Rect> = model
        .nodes
        .iter()
        .enumerate()
        .filter(|(i, n)| n.container == outside && placed.pinned.get(*i).copied().unwrap_or(false))
        .filter_map(|(i, _)| placed.nodes.get(i).copied())
        .collect();
    let mut next_free = f64::MIN;
    let mut taken = pinned.clone();
    for (y, index) in wanted {
        let rect = first_clear(
            Rect::new(x, (y - NODE_H / 2.0).max(next_free), NODE_W, NODE_H),
            |r| clear_of(&taken, r),
        );
        next_free = rect.bottom() + ROW_GAP;
        taken.push(rect);
        if let Some(slot) = placed.nodes.get_mut(index) {
            *slot = rect;
        }
    }
    let inner = bounds(
        model
            .nodes
            .iter()
            .zip(&placed.nodes)
            .filter(|(n, _)| n.container == outside)
            .map(|(_, r)| *r),
    );
    if let (Some(inner), Some(slot)) = (inner, placed.containers.get_mut(outside)) {
        *slot = inner.expand(PAD, HEADER, PAD, PAD);
    }
}

/// Where each edge leaves and enters, with ports spread along shared sides, and its curve.
fn route(model: &GraphModel, placed: &Placed) -> (Vec<Curve>, Vec<Point>) {
    let rect_of = |id: &str| end_rect(model, &placed.nodes, &placed.containers, id);
    struct End {
        edge: usize,
        start: bool,
        rect: Rect,
        side: Side,
        other: Point,
    }
    let mut ends: Vec<End> = Vec::new();
    let mut loops: Vec<(usize, Rect)> = Vec::new();
    for (index, edge) in model.edges.iter().enumerate() {
        let (Some(from), Some(to)) = (rect_of(&edge.from), rect_of(&edge.to)) else {
            continue;
        };
        let (from, to) = (anchor_of(from, &to.0), anchor_of(to, &from.0));
        if edge.from == edge.to {
            loops.push((index, from));
            continue;
        }
        let (out, into) = facing_sides(&from, &to);
        ends.push(End {
            edge: index,
            start: true,
            rect: from,
            side: out,
            other: to.center(),
        });
        ends.push(End {
            edge: index,
            start: false,
            rect: to,
            side: into,
            other: from.center(),
        });
    }
    // Group ends by (rectangle, side) and spread them in the order of where they go.
    let mut groups: BTreeMap<(i64, i64, Side), Vec<usize>> = BTreeMap::new();
    for (i, end) in ends.iter().enumerate() {
        groups
            .entry((
                end.rect.x.round() as i64,
                end.rect.y.round() as i64,
                end.side,
            ))
            .or_default()
            .push(i);
    }
    let mut points: HashMap<(usize, bool), (Point, Side)> = HashMap::new();
    for list in groups.values_mut() {
        sort_by(list, |&a, &b| {
            let key = |i: usize| {
                ends.get(i).map_or(0.0, |e| {
                    if e.side.horizontal() {
                        e.other.x
                    } else {
                        e.other.y
                    }
                })
            };
            key(a).total_cmp(&key(b))
        });
        let n = list.len() as f64;
        for (k, &i) in list.iter().enumerate() {
            let Some(end) = ends.get(i) else { continue };
            let length = if end.side.horizontal() {
                end.rect.w
            } else {
                end.rect.h
            };
            let spacing = (length * 0.7 / n).min(16.0);
            let t = 0.5 + (k as f64 - (n - 1.0) / 2.0) * spacing / length;
            points.insert(
                (end.edge, end.start),
                (end.rect.point_on(end.side, t.clamp(0.1, 0.9)), end.side),
            );
        }
    }
    let mut curves =
        vec![
            Curve::between(Point::default(), Side::Right, Point::default(), Side::Left);
            model.edges.len()
        ];
    for (index, curve) in curves.iter_mut().enumerate() {
        if let (Some(&(start, out)), Some(&(end, into))) =
            (points.get(&(index, true)), points.get(&(index, false)))
        {
            *curve = avoid_nodes(Curve::between(start, out, end, into), out, &placed.nodes);
        }
    }
    for (index, rect) in loops {
        let start = rect.point_on(Side::Right, 0.3);
        let end = rect.point_on(Side::Right, 0.7);
        if let Some(slot) = curves.get_mut(index) {
            *slot = Curve {
                start,
                c1: Point::new(start.x + 60.0, start.y - 20.0),
                c2: Point::new(end.x + 60.0, end.y + 20.0),
                end,
            };
        }
    }
    let labels = curves.iter().map(|c| c.at(0.5)).collect();
    (curves, labels)
}

/// The curve, bent to pass around nodes it would cross: its middle is pulled aside, a little
/// more each try, until no node (other than its ends') lies on it. Endpoints do not move.
fn avoid_nodes(curve: Curve, out: Side, nodes: &[Rect]) -> Curve {
    let obstacles: Vec<Rect> = nodes
        .iter()
        .filter(|r| {
            !r.expand(1.0, 1.0, 1.0, 1.0).contains_point(curve.start)
                && !r.expand(1.0, 1.0, 1.0, 1.0).contains_point(curve.end)
        })
        .map(|r| r.expand(6.0, 6.0, 6.0, 6.0))
        .collect();
    let crosses = |c: &Curve| {
        (1..24).any(|i| {
            let p = c.at(f64::from(i) / 24.0);
            obstacles.iter().any(|r| r.contains_point(p))
        })
    };
    if !crosses(&curve) {
        return curve;
    }
    // Bend across the direction of travel: vertically for sideways arrows, sideways for
    // vertical ones.
    let (nx, ny) = if out.horizontal() {
        (1.0, 0.0)
    } else {
        (0.0, 1.0)
    };
    for step in 1..=8 {
        for sign in [-1.0, 1.0] {
            let lift = sign * 34.0 * f64::from(step);
            let bent = Curve {
                c1: Point::new(curve.c1.x + nx * lift, curve.c1.y + ny * lift),
                c2: Point::new(curve.c2.x + nx * lift, curve.c2.y + ny * lift),
                ..curve
            };
            if !crosses(&bent) {
                return bent;
            }
        }
    }
    curve
}

#[cfg(test)]
mod tests;
