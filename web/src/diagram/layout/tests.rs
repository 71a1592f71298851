use std::collections::BTreeMap;

use iam_world::examples;
use iam_world::model::{Position, WorldDoc};

use super::*;
use crate::diagram::model::{ContainerKind, GraphModel};
use crate::diagram::testing::generated_world;

/// The properties that make a diagram legible.
fn assert_legible(model: &GraphModel, layout: &DiagramLayout, what: &str) {
    assert_eq!(layout.nodes.len(), model.nodes.len());
    assert_eq!(layout.edges.len(), model.edges.len());
    // No two nodes overlap.
    for (i, a) in layout.nodes.iter().enumerate() {
        for (j, b) in layout.nodes.iter().enumerate().skip(i + 1) {
            assert!(
                !a.overlaps(b),
                "{what}: {} {a:?} overlaps {} {b:?}",
                model.nodes[i].id,
                model.nodes[j].id
            );
        }
    }
    // Every node is inside its container, below an account's header.
    for (node, rect) in model.nodes.iter().zip(&layout.nodes) {
        let container = &layout.containers[node.container];
        assert!(
            container.contains(rect),
            "{what}: {} {rect:?} outside {container:?}",
            node.id
        );
        if model.containers[node.container].kind == ContainerKind::Account {
            assert!(
                rect.y >= container.y + HEADER,
                "{what}: {} under the header",
                node.id
            );
        }
    }
    // Every container is inside its parent, and siblings do not overlap.
    for (index, container) in model.containers.iter().enumerate() {
        let rect = &layout.containers[index];
        if let Some(parent) = container.parent {
            assert!(
                layout.containers[parent].contains(rect),
                "{what}: {} outside its parent",
                container.id
            );
        }
        for (other_index, other) in model.containers.iter().enumerate().skip(index + 1) {
            if other.parent == container.parent
                && other.kind != ContainerKind::Outside
                && container.kind != ContainerKind::Outside
            {
                assert!(
                    !rect.overlaps(&layout.containers[other_index]),
                    "{what}: {} overlaps {}",
                    container.id,
                    other.id
                );
            }
        }
    }
    // The outside column overlaps no account.
    let outside = &layout.containers[0];
    if outside.w > 0.0 {
        for (index, container) in model.containers.iter().enumerate().skip(1) {
            assert!(
                !outside.overlaps(&layout.containers[index]),
                "{what}: outside overlaps {}",
                container.id
            );
        }
    }
    // Every edge starts and ends on its nodes' borders.
    for (index, (edge, curve)) in model.edges.iter().zip(&layout.edges).enumerate() {
        let (from, to) = layout.edge_anchors(model, index).unwrap();
        assert!(
            from.on_border(curve.start),
            "{what}: {} starts off its source's border",
            edge.id
        );
        assert!(
            to.on_border(curve.end),
            "{what}: {} ends off its target's border",
            edge.id
        );
    }
    // Everything is within the bounds.
    for rect in layout
        .nodes
        .iter()
        .chain(layout.containers.iter().filter(|r| r.w > 0.0))
    {
        assert!(
            layout.bounds.contains(rect),
            "{what}: {rect:?} outside the bounds"
        );
    }
}

fn model_and_layout(doc: &WorldDoc) -> (GraphModel, DiagramLayout) {
    let world = iam_world::load_doc(doc.clone()).ok();
    let model = GraphModel::build(doc, world.as_ref());
    let layout = layout(&model, &doc.layout, DEFAULT_ASPECT);
    (model, layout)
}

#[test]
fn every_example_is_legible() {
    for example in examples() {
        let doc = example.doc().unwrap();
        let (model, layout) = model_and_layout(&doc);
        assert_legible(&model, &layout, example.id);
    }
}

#[test]
fn seed_004_reads_left_to_right_in_a_wide_viewport_and_stacks_in_a_narrow_one() {
    let doc = examples::example("delegate-across-accounts")
        .unwrap()
        .doc()
        .unwrap();
    let model = GraphModel::build(&doc, None);
    let wide = layout(&model, &doc.layout, 4.0);
    let rect = |layout: &DiagramLayout, id: &str| layout.rect_of(&model, id).unwrap();
    // The two accounts side by side, Development first.
    assert!(rect(&wide, "111111111111").right() < rect(&wide, "999999999999").x);
    assert_eq!(rect(&wide, "111111111111").y, rect(&wide, "999999999999").y);
    // Users, then groups, then resources.
    assert!(
        rect(&wide, "111111111111/user/David").right()
            < rect(&wide, "111111111111/group/Developers").x
    );
    assert_eq!(
        rect(&wide, "111111111111/user/David").y,
        rect(&wide, "111111111111/group/Developers").y
    );
    assert_eq!(
        rect(&wide, "111111111111/user/Theresa").y,
        rect(&wide, "111111111111/group/Testers").y
    );
    // The trust arrow leaves Development's header to the right.
    let index = model
        .edges
        .iter()
        .position(|e| e.kind == crate::diagram::EdgeKind::Trust)
        .unwrap();
    let curve = wide.edges[index];
    assert_eq!(curve.start.x, rect(&wide, "111111111111").right());
    assert_eq!(curve.end.x, rect(&wide, "999999999999/role/UpdateApp").x);
    assert_legible(&model, &wide, "wide");

    let narrow = layout(&model, &doc.layout, 0.8);
    assert!(rect(&narrow, "111111111111").bottom() < rect(&narrow, "999999999999").y);
    assert_legible(&model, &narrow, "narrow");
}

#[test]
fn the_largest_example_and_a_large_generated_world_are_legible() {
    let largest = examples()
        .iter()
        .max_by_key(|e| e.load().unwrap().node_ids().len())
        .unwrap();
    let doc = largest.doc().unwrap();
    let (model, layout) = model_and_layout(&doc);
    assert_legible(&model, &layout, largest.id);

    let doc = generated_world(7, 10, 60);
    assert!(
        iam_world::load_doc(doc.clone()).is_ok(),
        "the generated world loads"
    );
    let (model, layout) = model_and_layout(&doc);
    assert!(model.nodes.len() >= 60);
    assert_legible(&model, &layout, "generated 10 accounts, 60 nodes");
    // Landscape, not a tower or a ribbon.
    let aspect = layout.bounds.w / layout.bounds.h;
    assert!((0.6..=3.5).contains(&aspect), "aspect {aspect}");
}

#[test]
fn stored_positions_win_and_the_rest_makes_room() {
    let mut doc = examples::example("delegate-across-accounts")
        .unwrap()
        .doc()
        .unwrap();
    let (model, auto) = model_and_layout(&doc);
    // Put David where Theresa is: Theresa (not stored) moves down out of his way.
    let theresa = auto.rect_of(&model, "111111111111/user/Theresa").unwrap();
    doc.layout.insert(
        "111111111111/user/David".into(),
        Position {
            x: theresa.x,
            y: theresa.y,
        },
    );
    let (model, moved) = model_and_layout(&doc);
    assert_legible(&model, &moved, "David moved");
    assert_eq!(
        moved.rect_of(&model, "111111111111/user/David").unwrap().y,
        theresa.y
    );
    assert!(
        moved
            .rect_of(&model, "111111111111/user/Theresa")
            .unwrap()
            .y
            > theresa.y
    );

    // Moving an account moves what it holds.
    let mut doc = examples::example("delegate-across-accounts")
        .unwrap()
        .doc()
        .unwrap();
    let production = auto.rect_of(&model, "999999999999").unwrap();
    let role = auto.rect_of(&model, "999999999999/role/UpdateApp").unwrap();
    doc.layout.insert(
        "999999999999".into(),
        Position {
            x: production.x + 100.0,
            y: production.y + 400.0,
        },
    );
    let (model, moved) = model_and_layout(&doc);
    assert_legible(&model, &moved, "Production moved");
    let after = moved
        .rect_of(&model, "999999999999/role/UpdateApp")
        .unwrap();
    assert_eq!((after.x, after.y), (role.x + 100.0, role.y + 400.0));

    // A node dragged far away takes its account's box with it.
    let mut doc = examples::example("delegate-across-accounts")
        .unwrap()
        .doc()
        .unwrap();
    doc.layout.insert(
        "999999999999/role/UpdateApp".into(),
        Position {
            x: 2000.0,
            y: 900.0,
        },
    );
    let (model, moved) = model_and_layout(&doc);
    assert_legible(&model, &moved, "UpdateApp far away");
}

#[test]
fn an_account_added_in_the_json_does_not_land_on_a_drawn_one() {
    let mut doc = examples::example("delegate-across-accounts")
        .unwrap()
        .doc()
        .unwrap();
    let (model, auto) = model_and_layout(&doc);
    // Everything stored, as after a drag; then a new account with no position.
    for (node, rect) in model.nodes.iter().zip(&auto.nodes) {
        doc.layout.insert(
            node.id.clone(),
            Position {
                x: rect.x,
                y: rect.y,
            },
        );
    }
    for (container, rect) in model.containers.iter().zip(&auto.containers) {
        if container.kind == ContainerKind::Account {
            doc.layout.insert(
                container.id.clone(),
                Position {
                    x: rect.x,
                    y: rect.y,
                },
            );
        }
    }
    let mut first = doc.clone();
    iam_world::edit::apply(
        &mut first,
        &iam_world::edit::Edit::AddAccount {
            id: None,
            name: Some("Sandbox".into()),
            at: None,
        },
    )
    .unwrap();
    let (model, layout) = model_and_layout(&first);
    assert_legible(&model, &layout, "new account");
    let stored: BTreeMap<String, Position> = first.layout.clone();
    assert!(!stored.contains_key("222222222222"));
}

#[test]
fn arrows_go_around_the_nodes_they_do_not_join() {
    for example in examples() {
        let doc = example.doc().unwrap();
        let (model, layout) = model_and_layout(&doc);
        for (index, (edge, curve)) in model.edges.iter().zip(&layout.edges).enumerate() {
            let (from, to) = layout.edge_anchors(&model, index).unwrap();
            for (node, rect) in model.nodes.iter().zip(&layout.nodes) {
                if *rect == from || *rect == to {
                    continue;
                }
                let crossed = (1..24)
                    .map(|i| curve.at(f64::from(i) / 24.0))
                    .any(|p| rect.contains_point(p));
                assert!(!crossed, "{}: {} crosses {}", example.id, edge.id, node.id);
            }
        }
    }
}

/// Property tests (native only: proptest does not build for the browser).
#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(40))]

        #[test]
        fn generated_worlds_are_legible(seed in 1u64..10_000, accounts in 1usize..12, nodes in 0usize..80, aspect in 0.5f64..3.0) {
            let doc = generated_world(seed, accounts, nodes);
            let world = iam_world::load_doc(doc.clone()).ok();
            let model = GraphModel::build(&doc, world.as_ref());
            let layout = layout(&model, &doc.layout, aspect);
            assert_legible(&model, &layout, &format!("seed {seed}, {accounts} accounts, {nodes} nodes"));
        }

        #[test]
        fn stored_positions_never_cause_overlaps(seed in 1u64..10_000, moves in proptest::collection::vec((0usize..200, -400.0f64..1600.0, -200.0f64..900.0), 1..8)) {
            let mut doc = generated_world(seed, 4, 24);
            let (model, _) = model_and_layout(&doc);
            let movable: Vec<&str> = model.nodes.iter().filter(|n| n.entity && n.container != 0).map(|n| n.id.as_str()).collect();
            prop_assume!(!movable.is_empty());
            let mut targets: Vec<Rect> = Vec::new();
            for (pick, x, y) in moves {
                let id = movable[pick % movable.len()];
                let rect = Rect::new(x, y, NODE_W, NODE_H);
                // Users place nodes on free spots (the canvas snaps a drop away from others).
                if targets.iter().any(|t| t.overlaps(&rect)) {
                    continue;
                }
                targets.push(rect);
                doc.layout.insert(id.to_owned(), Position { x, y });
            }
            let (model, layout) = model_and_layout(&doc);
            for (i, a) in layout.nodes.iter().enumerate() {
                for (j, b) in layout.nodes.iter().enumerate().skip(i + 1) {
                    let both_pinned = doc.layout.contains_key(&model.nodes[i].id) && doc.layout.contains_key(&model.nodes[j].id);
                    prop_assert!(both_pinned || !a.overlaps(b), "{} overlaps {}", model.nodes[i].id, model.nodes[j].id);
                }
            }
            for (index, curve) in layout.edges.iter().enumerate() {
                let (from, to) = layout.edge_anchors(&model, index).unwrap();
                prop_assert!(from.on_border(curve.start));
                prop_assert!(to.on_border(curve.end));
            }
        }
    }
}
