use iam_world::examples::example;

use super::*;

fn world_and_model(id: &str) -> (World, GraphModel) {
    let example = example(id).unwrap();
    let world = example.load().unwrap();
    let model = GraphModel::build(&example.doc().unwrap(), Some(&world));
    (world, model)
}

fn hop(role: &str) -> HopDoc {
    HopDoc {
        role: role.into(),
        ..HopDoc::default()
    }
}

fn clock() -> Clock {
    Clock::from_epoch_seconds(1_736_933_400)
}

#[test]
fn david_steps_through_update_app_and_is_allowed() {
    let (world, model) = world_and_model("delegate-across-accounts");
    let mut plan = Plan::starting("user:111111111111/David");
    plan.hops.push(hop("UpdateApp"));
    plan.action = "s3:PutObject".into();
    plan.resource = "productionapp/app/index.html".into();
    let result = run(&world, &plan, clock());
    assert!(result.completed());
    assert_eq!(result.steps.len(), 1);
    assert!(matches!(result.access, Some(Ok(ref check)) if check.decision == Decision::Allow));

    // Before stepping, only David is lit.
    let before = highlight(&model, &plan, &result);
    assert_eq!(before.nodes, ["111111111111/user/David"]);
    assert_eq!(before.active.as_deref(), Some("111111111111/user/David"));
    assert!(before.edges.is_empty());

    plan.taken = 1;
    let after = highlight(&model, &plan, &result);
    assert_eq!(after.active.as_deref(), Some("999999999999/role/UpdateApp"));
    assert_eq!(
        after.edges,
        ["trust:111111111111->999999999999/role/UpdateApp"]
    );
    assert_eq!(
        after.stepping.as_deref(),
        Some("trust:111111111111->999999999999/role/UpdateApp")
    );

    plan.access_shown = true;
    let done = highlight(&model, &plan, &result);
    assert!(
        done.nodes
            .contains(&"999999999999/resource/arn:aws:s3:::productionapp".to_owned())
    );
    assert!(done.denied.is_empty());
}

#[test]
fn theresa_is_stopped_by_her_groups_explicit_deny() {
    let (world, model) = world_and_model("delegate-across-accounts");
    let mut plan = Plan::starting("user:111111111111/Theresa");
    plan.hops.push(hop("UpdateApp"));
    plan.taken = 1;
    let result = run(&world, &plan, clock());
    assert!(!result.completed());
    let step = &result.steps[0];
    let check = deciding_check(step).unwrap();
    assert_eq!(check.decision, Decision::ExplicitDeny);
    let statement = deciding_statement(check).unwrap();
    assert_eq!(
        statement.policy,
        "Testers/deny-assume-S3-role-in-production"
    );
    assert!(!statement.allow);
    assert_eq!(
        statement.key,
        PolicyKey::World("$.accounts[0].groups[1].inline_policies[0].document".into())
    );
    let text = &example("delegate-across-accounts")
        .unwrap()
        .doc()
        .unwrap()
        .accounts[0]
        .groups[1]
        .inline_policies[0]
        .document;
    let span = &text[statement.span.0 as usize..statement.span.1 as usize];
    assert!(span.starts_with('{') && span.contains("\"Deny\""), "{span}");

    let lit = highlight(&model, &plan, &result);
    assert_eq!(
        lit.failed_edge.as_deref(),
        Some("trust:111111111111->999999999999/role/UpdateApp")
    );
    assert_eq!(lit.denied, ["111111111111/group/Testers"]);
    assert!(
        lit.edges
            .contains(&"member:111111111111/user/Theresa->111111111111/group/Testers".to_owned()),
        "{:?}",
        lit.edges
    );
    assert_eq!(lit.active.as_deref(), Some("111111111111/user/Theresa"));
}

#[test]
fn the_compact_explanation_keeps_deciding_statements_and_near_misses() {
    let (world, _) = world_and_model("cross-account-alex");
    let mut plan = Plan::starting("user:878893308172/Alex");
    plan.sign_in = SignIn::AccessKey;
    plan.hops.push(hop("CrossAccount-B-MFA"));
    let result = run(&world, &plan, clock());
    let check = deciding_check(&result.steps[0]).unwrap();
    assert_eq!(check.decision, Decision::ImplicitDeny);
    let layers = summarize(check);
    let trust = layers
        .iter()
        .find(|l| l.title == "Trust policy of the role")
        .unwrap();
    let near = &trust.statements[0];
    assert!(!near.deciding);
    assert!(
        near.misses
            .iter()
            .any(|m| m.contains("aws:MultiFactorAuthPresent")),
        "{:?}",
        near.misses
    );

    // With MFA passed on the hop, it works.
    plan.hops[0].mfa = Some(iam_world::model::MfaDoc {
        serial_number: None,
        token_code: None,
    });
    assert!(run(&world, &plan, clock()).completed());
}

#[test]
fn federation_and_services_light_their_arrows() {
    let (world, model) = world_and_model("azure-ad-saml");
    let mut plan = Plan::starting("external:alice@firstcloudjourney.onmicrosoft.com");
    plan.hops.push(hop("S3RoleFull"));
    plan.taken = 1;
    let result = run(&world, &plan, clock());
    assert!(result.completed(), "{:?}", result.error);
    let lit = highlight(&model, &plan, &result);
    assert_eq!(lit.edges.len(), 2, "federation then trust: {:?}", lit.edges);
    assert!(lit.edges[0].starts_with("federation:"));

    let (world, model) = world_and_model("service-roles");
    let mut plan = Plan::starting("instance:i-0a1b2c3d4e5f60718");
    plan.taken = 1;
    let result = run(&world, &plan, clock());
    assert_eq!(
        result.steps.len(),
        1,
        "the instance's role is an implicit first step"
    );
    let lit = highlight(&model, &plan, &result);
    assert!(lit.edges[0].starts_with("runs-as:"), "{:?}", lit.edges);

    let (world, model) = world_and_model("identity-center");
    let mut plan = Plan::starting("idc:alice@example.com");
    plan.hops.push(hop("300000000003/ReadOnly"));
    plan.taken = 1;
    let result = run(&world, &plan, clock());
    assert!(result.completed(), "{:?}", result.error);
    let lit = highlight(&model, &plan, &result);
    assert!(lit.edges[0].starts_with("assignment:"), "{:?}", lit.edges);
}

#[test]
fn an_unknown_start_is_reported() {
    let (world, _) = world_and_model("delegate-across-accounts");
    let result = run(&world, &Plan::starting("user:Nobody"), clock());
    assert!(result.error.is_some());
    assert!(run(&world, &Plan::default(), clock()).steps.is_empty());
}
