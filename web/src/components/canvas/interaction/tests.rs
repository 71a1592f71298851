use iam_world::edit::{TrustPrincipal, apply};
use iam_world::examples::example;

use super::*;
use crate::diagram::layout;
use crate::diagram::layout::DEFAULT_ASPECT;

fn delegate() -> (WorldDoc, GraphModel, DiagramLayout) {
    let doc = example("delegate-across-accounts").unwrap().doc().unwrap();
    let model = GraphModel::build(&doc, None);
    let placed = layout(&model, &doc.layout, DEFAULT_ASPECT);
    (doc, model, placed)
}

fn centre(model: &GraphModel, layout: &DiagramLayout, id: &str) -> Point {
    layout.rect_of(model, id).unwrap().center()
}

/// A press on node `id` at the centre of `rect`, not moved yet.
fn press(id: &str, rect: Rect) -> Gesture {
    Gesture::Move {
        id: id.into(),
        account: false,
        from: rect.center(),
        origin: rect,
        offset: Point::default(),
        moved: false,
    }
}

/// What an arrow from `from` dropped on node `to` of the delegation world does.
fn drop_on(from: &str, to: &str) -> Outcome {
    let (doc, model, _) = delegate();
    connect(from, &Hit::Node(to.into()), &doc, &model)
}

#[test]
fn hits_find_nodes_headers_bodies_and_background() {
    let (_, model, layout) = delegate();
    assert_eq!(
        hit(
            &model,
            &layout,
            centre(&model, &layout, "111111111111/user/David")
        ),
        Hit::Node("111111111111/user/David".into())
    );
    let account = layout.rect_of(&model, "999999999999").unwrap();
    assert_eq!(
        hit(
            &model,
            &layout,
            Point::new(account.x + 5.0, account.y + 5.0)
        ),
        Hit::AccountHeader("999999999999".into())
    );
    assert_eq!(
        hit(
            &model,
            &layout,
            Point::new(account.x + 5.0, account.bottom() - 5.0)
        ),
        Hit::AccountBody("999999999999".into())
    );
    assert_eq!(
        hit(&model, &layout, Point::new(-5000.0, -5000.0)),
        Hit::Background
    );
}

#[test]
fn a_press_without_moving_selects() {
    let (doc, model, layout) = delegate();
    let david = layout.rect_of(&model, "111111111111/user/David").unwrap();
    let press = press("111111111111/user/David", david);
    let view = View::default();
    let nudged = press.moved_to(
        Point::new(1.0, 1.0),
        Point::new(david.center().x + 1.0, david.center().y + 1.0),
        &view,
    );
    assert_eq!(
        release(&nudged, &Hit::Background, &doc, &model, &layout, false),
        Outcome::Select(Some("111111111111/user/David".into()))
    );
    let pan = Gesture::Pan {
        from: Point::default(),
        start: view,
        moved: false,
    };
    assert_eq!(
        release(&pan, &Hit::Background, &doc, &model, &layout, false),
        Outcome::Select(None)
    );
}

#[test]
fn dragging_a_node_stores_the_drawing_as_seen() {
    let (mut doc, model, layout_before) = delegate();
    let david = layout_before
        .rect_of(&model, "111111111111/user/David")
        .unwrap();
    let press = press("111111111111/user/David", david);
    let target = Point::new(david.center().x, david.center().y + 300.0);
    let dragged = press.moved_to(Point::new(0.0, 300.0), target, &View::default());
    assert_eq!(
        dragged.offset_of("111111111111/user/David"),
        Some(Point::new(0.0, 300.0))
    );
    let Outcome::Edit(edit) = release(
        &dragged,
        &Hit::Background,
        &doc,
        &model,
        &layout_before,
        false,
    ) else {
        panic!("a drag makes an edit");
    };
    apply(&mut doc, &edit).unwrap();
    let after = layout(&model, &doc.layout, DEFAULT_ASPECT);
    let moved = after.rect_of(&model, "111111111111/user/David").unwrap();
    assert_eq!((moved.x, moved.y), (david.x, david.y + 300.0));
    // Nothing else moved.
    for (node, rect) in model.nodes.iter().zip(&after.nodes) {
        if node.id != "111111111111/user/David" {
            assert_eq!(
                Some(*rect),
                layout_before.rect_of(&model, &node.id),
                "{}",
                node.id
            );
        }
    }
    assert_eq!(
        release(
            &dragged,
            &Hit::Background,
            &doc,
            &model,
            &layout_before,
            true
        ),
        Outcome::None,
        "read-only"
    );
}

#[test]
fn dragging_an_account_takes_its_nodes_along() {
    let (mut doc, model, before) = delegate();
    let production = before.rect_of(&model, "999999999999").unwrap();
    let gesture = Gesture::Move {
        id: "999999999999".into(),
        account: true,
        from: production.center(),
        origin: production,
        offset: Point::new(40.0, 500.0),
        moved: true,
    };
    let Outcome::Edit(edit) = release(&gesture, &Hit::Background, &doc, &model, &before, false)
    else {
        panic!()
    };
    apply(&mut doc, &edit).unwrap();
    let after = layout(&model, &doc.layout, DEFAULT_ASPECT);
    let role_before = before
        .rect_of(&model, "999999999999/role/UpdateApp")
        .unwrap();
    let role_after = after
        .rect_of(&model, "999999999999/role/UpdateApp")
        .unwrap();
    assert_eq!(
        (role_after.x, role_after.y),
        (role_before.x + 40.0, role_before.y + 500.0)
    );
    assert_eq!(
        after.rect_of(&model, "111111111111/user/David"),
        before.rect_of(&model, "111111111111/user/David")
    );
}

#[test]
fn arrows_dropped_on_roles_add_trust_and_on_groups_add_members() {
    let (doc, model, _) = delegate();
    assert_eq!(
        drop_on("111111111111/user/Theresa", "999999999999/role/UpdateApp"),
        Outcome::Edit(Edit::AddTrust {
            role: "999999999999/role/UpdateApp".into(),
            principal: TrustPrincipal::aws("arn:aws:iam::111111111111:user/Theresa"),
        })
    );
    assert_eq!(
        drop_on("999999999999", "999999999999/role/UpdateApp"),
        Outcome::Edit(Edit::AddTrust {
            role: "999999999999/role/UpdateApp".into(),
            principal: TrustPrincipal::aws("arn:aws:iam::999999999999:root"),
        })
    );
    assert_eq!(
        drop_on("111111111111/user/Theresa", "111111111111/group/Developers"),
        Outcome::Edit(Edit::AddToGroup {
            user: "111111111111/user/Theresa".into(),
            group: "111111111111/group/Developers".into(),
        })
    );
    assert!(matches!(
        connect("111111111111/user/Theresa", &Hit::Background, &doc, &model),
        Outcome::Hint(_)
    ));
    assert!(matches!(
        drop_on("111111111111/group/Developers", "999999999999/role/UpdateApp"),
        Outcome::Hint(message) if message.contains("not a principal")
    ));
}

#[test]
fn new_nodes_land_on_free_spots() {
    let (_, model, layout) = delegate();
    let david = layout.rect_of(&model, "111111111111/user/David").unwrap();
    let spot = free_spot(&model, &layout, "111111111111", Some(david.center()));
    let rect = Rect::new(spot.x, spot.y, NODE_W, NODE_H);
    assert!(layout.nodes.iter().all(|n| !n.overlaps(&rect)));
}
