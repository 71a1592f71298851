use iam_world::examples::example;

use super::*;

fn setup(id: &str) -> (World, GraphModel) {
    let example = example(id).unwrap();
    let world = example.load().unwrap();
    let model = GraphModel::build(&example.doc().unwrap(), Some(&world));
    (world, model)
}

fn clock() -> Clock {
    Clock::from_epoch_seconds(1_736_933_400)
}

#[test]
fn only_david_reaches_update_app() {
    let (world, model) = setup("delegate-across-accounts");
    let answers = who_reaches(
        &world,
        &model,
        "arn:aws:iam::999999999999:role/UpdateApp",
        clock(),
    );
    let labels: Vec<&str> = answers.iter().map(|a| a.label.as_str()).collect();
    assert_eq!(labels, ["David"]);
    let plan = answers[0].plan(3);
    assert_eq!(plan.start.as_deref(), Some("user:111111111111/David"));
    assert_eq!(plan.hops.len(), 1);
    let lit = highlight_of(
        &world,
        &model,
        &answers[0],
        Some("999999999999/role/UpdateApp"),
        clock(),
    );
    assert!(
        lit.edges
            .contains(&"trust:111111111111->999999999999/role/UpdateApp".to_owned())
    );
    assert!(
        lit.nodes
            .contains(&"999999999999/role/UpdateApp".to_owned())
    );
}

#[test]
fn paths_list_what_they_need() {
    let (world, model) = setup("cross-account-alex");
    let answers = who_reaches(
        &world,
        &model,
        "arn:aws:iam::463646775279:role/CrossAccount-B-ExternalId",
        clock(),
    );
    assert_eq!(answers.len(), 1);
    assert_eq!(answers[0].needs(), ["external ID alex-7d1f9a"]);
}

#[test]
fn who_can_write_the_production_bucket() {
    let (world, model) = setup("delegate-across-accounts");
    let answers = who_can(
        &world,
        &model,
        "s3:PutObject",
        "arn:aws:s3:::productionapp/app/index.html",
        clock(),
    )
    .unwrap();
    let david = answers
        .iter()
        .find(|a| a.label == "David")
        .expect("David, through UpdateApp");
    assert_eq!(david.hops.len(), 1);
    assert_eq!(david.node.as_deref(), Some("111111111111/user/David"));
    assert!(answers.iter().all(|a| a.label != "Theresa"));
}

#[test]
fn a_role_session_is_drawn_as_its_role() {
    let (_, model) = setup("delegate-across-accounts");
    assert_eq!(
        node_of_principal(
            &model,
            "arn:aws:sts::999999999999:assumed-role/UpdateApp/David"
        ),
        Some((
            "999999999999/role/UpdateApp".to_owned(),
            "role:999999999999/UpdateApp".to_owned(),
            "UpdateApp".to_owned()
        ))
    );
    assert_eq!(
        node_of_principal(&model, "arn:aws:sts::999999999999:assumed-role/Nobody/x"),
        None
    );
}
