use iam_world::examples;
use iam_world::examples::example;

use super::*;

fn model_of(id: &str) -> GraphModel {
    let example = example(id).unwrap();
    let doc = example.doc().unwrap();
    let world = example.load().unwrap();
    GraphModel::build(&doc, Some(&world))
}

fn edge<'m>(model: &'m GraphModel, kind: EdgeKind, from: &str, to: &str) -> &'m Edge {
    model
        .edges
        .iter()
        .find(|e| e.kind == kind && e.from == from && e.to == to)
        .unwrap_or_else(|| panic!("no {kind:?} edge {from} -> {to} in {:#?}", model.edges))
}

#[test]
fn seed_004_has_two_accounts_memberships_and_the_account_trust() {
    let model = model_of("delegate-across-accounts");
    let accounts: Vec<&str> = model
        .containers
        .iter()
        .filter(|c| c.kind == ContainerKind::Account)
        .map(|c| c.label.as_str())
        .collect();
    assert_eq!(accounts, ["Development", "Production"]);
    let trust = edge(
        &model,
        EdgeKind::Trust,
        "111111111111",
        "999999999999/role/UpdateApp",
    );
    assert!(trust.badges.is_empty());
    assert_eq!(
        trust.principal,
        Some(TrustPrincipal::aws("arn:aws:iam::111111111111:root"))
    );
    edge(
        &model,
        EdgeKind::Membership,
        "111111111111/user/David",
        "111111111111/group/Developers",
    );
    edge(
        &model,
        EdgeKind::Membership,
        "111111111111/user/Theresa",
        "111111111111/group/Testers",
    );
    let david = model.node("111111111111/user/David").unwrap();
    assert_eq!(david.kind, NodeKind::User);
    assert_eq!(
        david.principal_ref.as_deref(),
        Some("user:111111111111/David")
    );
    assert_eq!(
        model.nodes.iter().filter(|n| n.container == 0).count(),
        0,
        "nothing outside"
    );
}

#[test]
fn conditions_become_badges() {
    let model = model_of("cross-account-alex");
    let mfa = edge(
        &model,
        EdgeKind::Trust,
        "878893308172",
        "463646775279/role/CrossAccount-B-MFA",
    );
    assert_eq!(mfa.badges, [Badge::Mfa]);
    let external = edge(
        &model,
        EdgeKind::Trust,
        "878893308172",
        "463646775279/role/CrossAccount-B-ExternalId",
    );
    assert_eq!(external.badges, [Badge::ExternalId("alex-7d1f9a".into())]);
    assert_eq!(external.badges[0].text(), "External ID");
}

#[test]
fn services_providers_and_identities_sit_outside() {
    let services = model_of("service-roles");
    let ec2 = services.node("service/ec2.amazonaws.com").unwrap();
    assert_eq!(ec2.kind, NodeKind::Service);
    assert_eq!(ec2.container, 0);
    assert!(services.edges.iter().any(|e| e.kind == EdgeKind::RunsAs));

    let saml = model_of("azure-ad-saml");
    let provider = saml
        .nodes
        .iter()
        .find(|n| n.kind == NodeKind::SamlProvider)
        .unwrap();
    assert!(
        saml.edges
            .iter()
            .any(|e| e.kind == EdgeKind::Trust && e.from == provider.id)
    );
    assert!(
        saml.edges
            .iter()
            .any(|e| e.kind == EdgeKind::Federation && e.to == provider.id)
    );
    assert!(
        saml.nodes
            .iter()
            .any(|n| n.kind == NodeKind::SamlIdentity && n.container == 0)
    );

    let idc = model_of("identity-center");
    let alice = idc.node("idc/user/alice@example.com").unwrap();
    assert_eq!(
        alice.principal_ref.as_deref(),
        Some("idc:alice@example.com")
    );
    let assignments: Vec<&Edge> = idc
        .edges
        .iter()
        .filter(|e| e.kind == EdgeKind::Assignment && e.from == alice.id)
        .collect();
    assert_eq!(assignments.len(), 3, "{assignments:#?}");
    assert!(
        idc.nodes
            .iter()
            .filter(|n| n.kind == NodeKind::SsoRole)
            .count()
            >= 3
    );

    let anywhere = model_of("roles-anywhere");
    assert!(
        anywhere
            .nodes
            .iter()
            .any(|n| n.kind == NodeKind::CertificateIdentity)
    );
    assert!(
        anywhere
            .edges
            .iter()
            .any(|e| e.kind == EdgeKind::Federation)
    );
}

#[test]
fn organizations_nest_accounts_in_units() {
    let model = model_of("organization");
    let (org, _) = model.container("org").unwrap();
    let units: Vec<&Container> = model
        .containers
        .iter()
        .filter(|c| c.kind == ContainerKind::Unit)
        .collect();
    assert!(!units.is_empty());
    let members = [
        "100000000000",
        "200000000001",
        "300000000001",
        "300000000002",
        "400000000001",
    ];
    for account in model
        .containers
        .iter()
        .filter(|c| members.contains(&c.id.as_str()))
    {
        let mut parent = account.parent;
        let mut reaches_root = false;
        while let Some(p) = parent {
            reaches_root |= p == org;
            parent = model.containers[p].parent;
        }
        assert!(
            reaches_root,
            "{} is not inside the organization",
            account.id
        );
    }
    assert_eq!(model.containers.iter().filter(|c| c.management).count(), 1);
    // The partner account is outside the organization.
    assert_eq!(model.container("999988887777").unwrap().1.parent, None);
}

#[test]
fn every_entity_node_is_a_world_node_id() {
    for example in examples() {
        let doc = example.doc().unwrap();
        let world = example.load().unwrap();
        let ids = world.node_ids();
        let model = GraphModel::build(&doc, Some(&world));
        for node in model.nodes.iter().filter(|n| n.entity) {
            assert!(
                ids.contains(&node.id),
                "{}: {} is not a node id of the world",
                example.id,
                node.id
            );
        }
        for container in model
            .containers
            .iter()
            .filter(|c| c.kind == ContainerKind::Account)
        {
            assert!(ids.contains(&container.id));
        }
        for edge in &model.edges {
            let known = |id: &str| model.node(id).is_some() || model.container(id).is_some();
            assert!(
                known(&edge.from) && known(&edge.to),
                "{}: dangling {edge:?}",
                example.id
            );
        }
    }
}

#[test]
fn a_broken_trust_policy_only_loses_its_own_arrows() {
    let mut doc = example("delegate-across-accounts").unwrap().doc().unwrap();
    doc.accounts[1].roles[0].trust_policy = "{\"Version\": \"2012-10-17\", \"Statement\": [".into();
    let model = GraphModel::build(&doc, None);
    let role = model.node("999999999999/role/UpdateApp").unwrap();
    assert_eq!(role.problems.len(), 1);
    assert!(role.problems[0].contains("trust policy has 1 error"));
    assert_eq!(model.trust_into(&role.id).count(), 0);
    assert_eq!(
        model
            .edges
            .iter()
            .filter(|e| e.kind == EdgeKind::Membership)
            .count(),
        2
    );
}

#[test]
fn principals_outside_the_world_become_outside_nodes() {
    let mut doc = example("delegate-across-accounts").unwrap().doc().unwrap();
    doc.accounts[1].roles[0].trust_policy = r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": ["444455556666", "arn:aws:iam::111111111111:role/Gone", "arn:aws:sts::111111111111:assumed-role/Gone/s", "*"]}, "Action": "sts:AssumeRole"},
        {"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRoleWithWebIdentity"},
        {"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::111111111111:user/David"}, "Action": "sts:AssumeRole"}
    ]}"#
        .into();
    let model = GraphModel::build(&doc, None);
    let role = "999999999999/role/UpdateApp";
    let sources: Vec<&str> = model.trust_into(role).map(|e| e.from.as_str()).collect();
    assert_eq!(
        sources,
        [
            "anyone",
            "foreign/444455556666",
            "idp/accounts.google.com",
            "principal/arn:aws:iam::111111111111:role/Gone"
        ]
    );
    let session = edge(
        &model,
        EdgeKind::Trust,
        "principal/arn:aws:iam::111111111111:role/Gone",
        role,
    );
    // The role and its session are the same source: the arrow keeps what both require.
    assert!(session.badges.is_empty());
}
