use super::*;
use crate::examples::example;
use crate::model::{Expected, HopDoc};

fn delegate() -> WorldDoc {
    example("delegate-across-accounts").unwrap().doc().unwrap()
}

fn load(doc: &WorldDoc) -> crate::World {
    match crate::load_doc(doc.clone()) {
        Ok(world) => world,
        Err(errors) => panic!("the edited world does not load: {errors}"),
    }
}

fn run(doc: &mut WorldDoc, edit: Edit) -> Applied {
    match apply(doc, &edit) {
        Ok(applied) => applied,
        Err(error) => panic!("{edit:?} failed: {error}"),
    }
}

/// David's chain to UpdateApp, as an expectation.
fn david_can_switch(doc: &WorldDoc, expect: Expected) -> bool {
    let world = load(doc);
    let expectation = crate::model::ExpectationDoc {
        name: "David switches".into(),
        principal: "David".into(),
        credentials: None,
        chain: vec![HopDoc {
            role: "UpdateApp".into(),
            ..HopDoc::default()
        }],
        action: None,
        resource: None,
        context: Default::default(),
        expect,
        error: None,
    };
    world
        .run_expectation(&expectation, world.clock().unwrap())
        .unwrap()
        .passed
}

#[test]
fn node_ids_round_trip_and_match_the_world() {
    crate::pending_tests::all_managed_texts();
    for example in crate::examples() {
        let world = example.load().unwrap();
        for id in world.node_ids() {
            let parsed = NodeId::parse(&id).unwrap_or_else(|| panic!("{id} does not parse"));
            assert_eq!(parsed.to_string(), id);
        }
    }
    assert_eq!(NodeId::parse("not-an-account"), None);
    assert_eq!(NodeId::parse("111111111111/thing/x"), None);
}

#[test]
fn resource_and_provider_arns_match_the_loader() {
    crate::pending_tests::all_managed_texts();
    for example in crate::examples() {
        let doc = example.doc().unwrap();
        let world = example.load().unwrap();
        let ids = world.node_ids();
        for account in &doc.accounts {
            for resource in &account.resources {
                let id = NodeId::Resource {
                    account: account.id.clone(),
                    arn: resource_arn(&account.id, resource, default_region(&doc)),
                }
                .to_string();
                assert!(ids.contains(&id), "{id} not among {ids:?}");
            }
            for provider in &account.identity_providers {
                let id = NodeId::Provider {
                    account: account.id.clone(),
                    arn: provider_arn(&account.id, provider),
                }
                .to_string();
                assert!(ids.contains(&id), "{id}");
            }
        }
    }
}

#[test]
fn deleting_the_trust_arrow_makes_the_hop_fail_and_drawing_it_back_restores_it() {
    let mut doc = delegate();
    assert!(david_can_switch(&doc, Expected::Allow));
    let role = "999999999999/role/UpdateApp";
    let account = trust_principal_for(&doc, "111111111111").unwrap();
    assert_eq!(
        account,
        TrustPrincipal::aws("arn:aws:iam::111111111111:root")
    );
    let applied = run(
        &mut doc,
        Edit::RemoveTrust {
            role: role.into(),
            principal: account.clone(),
        },
    );
    assert_eq!(
        applied.summary,
        "UpdateApp no longer trusts arn:aws:iam::111111111111:root"
    );
    assert!(david_can_switch(&doc, Expected::ImplicitDeny));

    // Draw an arrow from David himself: only he may switch now.
    let david = trust_principal_for(&doc, "111111111111/user/David").unwrap();
    assert_eq!(david.value, "arn:aws:iam::111111111111:user/David");
    run(
        &mut doc,
        Edit::AddTrust {
            role: role.into(),
            principal: david,
        },
    );
    assert!(david_can_switch(&doc, Expected::Allow));
}

#[test]
fn trust_edits_need_a_role() {
    let mut doc = delegate();
    let before = doc.clone();
    let error = apply(
        &mut doc,
        &Edit::AddTrust {
            role: "111111111111/user/David".into(),
            principal: TrustPrincipal::aws("111111111111"),
        },
    )
    .unwrap_err();
    assert!(matches!(error, EditError::WrongKind { .. }));
    assert_eq!(doc, before, "a refused edit leaves the document as it was");
    assert!(matches!(
        trust_principal_for(&doc, "111111111111/group/Developers"),
        Err(EditError::WrongKind { .. })
    ));
    assert!(matches!(
        apply(
            &mut doc,
            &Edit::AddTrust {
                role: "999999999999/role/UpdateApp".into(),
                principal: TrustPrincipal::aws("111111111111"),
            }
        ),
        Err(EditError::Trust(TrustEditError::AlreadyTrusted))
    ));
}

#[test]
fn added_entities_load_and_get_free_names() {
    let mut doc = delegate();
    for entity in NewEntity::ALL {
        let first = run(
            &mut doc,
            Edit::Add {
                account: "111111111111".into(),
                entity,
                name: None,
                at: Some(Position { x: 10.0, y: 20.0 }),
            },
        );
        let second = run(
            &mut doc,
            Edit::Add {
                account: "111111111111".into(),
                entity,
                name: None,
                at: None,
            },
        );
        assert_ne!(first.node, second.node, "{entity:?}");
        let world = load(&doc);
        let ids = world.node_ids();
        for node in [&first.node, &second.node] {
            let node = node.clone().unwrap();
            assert!(ids.contains(&node), "{node} not in {ids:?}");
        }
        assert_eq!(
            doc.layout.get(&first.node.clone().unwrap()),
            Some(&Position { x: 10.0, y: 20.0 })
        );
    }
    assert!(doc.accounts[0].users.iter().any(|u| u.name == "User1"));
    assert!(doc.accounts[0].roles.iter().any(|r| r.name == "Role2"));
}

#[test]
fn a_new_account_gets_a_free_id_and_joins_the_organization() {
    let mut doc = delegate();
    let applied = run(
        &mut doc,
        Edit::AddAccount {
            id: None,
            name: Some("Sandbox".into()),
            at: None,
        },
    );
    assert_eq!(applied.node.as_deref(), Some("222222222222"));
    load(&doc);

    let mut org = example("organization").unwrap().doc().unwrap();
    let applied = run(
        &mut org,
        Edit::AddAccount {
            id: Some("444455556666".into()),
            name: None,
            at: None,
        },
    );
    assert_eq!(applied.node.as_deref(), Some("444455556666"));
    assert!(
        org.organization
            .as_ref()
            .unwrap()
            .root
            .accounts
            .iter()
            .any(|a| a.id == "444455556666")
    );
    load(&org);
    assert!(matches!(
        apply(
            &mut org,
            &Edit::AddAccount {
                id: Some("12".into()),
                name: None,
                at: None
            }
        ),
        Err(EditError::InvalidName { .. })
    ));
}

#[test]
fn names_follow_iam_rules() {
    let mut doc = delegate();
    let add = |name: &str| Edit::Add {
        account: "111111111111".into(),
        entity: NewEntity::User,
        name: Some(name.into()),
        at: None,
    };
    assert!(matches!(
        apply(&mut doc, &add("bad name")),
        Err(EditError::InvalidName { .. })
    ));
    assert_eq!(
        apply(&mut doc, &add("david")),
        Err(EditError::NameTaken("david".into()))
    );
    assert!(apply(&mut doc, &add("Dana")).is_ok());
    let bucket = Edit::Add {
        account: "111111111111".into(),
        entity: NewEntity::Bucket,
        name: Some("ProductionApp".into()),
        at: None,
    };
    assert!(matches!(
        apply(&mut doc, &bucket),
        Err(EditError::InvalidName { .. })
    ));
}

#[test]
fn renaming_a_role_follows_its_references() {
    let mut doc = delegate();
    doc.layout.insert(
        "999999999999/role/UpdateApp".into(),
        Position { x: 1.0, y: 2.0 },
    );
    let applied = run(
        &mut doc,
        Edit::Rename {
            node: "999999999999/role/UpdateApp".into(),
            name: "DeployApp".into(),
        },
    );
    assert_eq!(applied.node.as_deref(), Some("999999999999/role/DeployApp"));
    assert!(doc.layout.contains_key("999999999999/role/DeployApp"));
    assert!(!doc.layout.contains_key("999999999999/role/UpdateApp"));
    // The Developers' identity policy names the role's ARN: it follows.
    let developers = &doc.accounts[0].groups[0].inline_policies[0].document;
    assert!(developers.contains("\"arn:aws:iam::999999999999:role/DeployApp\""));
    // Expectations follow too, so the world still checks out.
    let world = load(&doc);
    let results = world.run_expectations(world.clock().unwrap());
    assert!(
        results.iter().all(|r| r.passed),
        "{:#?}",
        results.iter().filter(|r| !r.passed).collect::<Vec<_>>()
    );
}

#[test]
fn renaming_a_user_group_and_bucket() {
    let mut doc = delegate();
    run(
        &mut doc,
        Edit::Rename {
            node: "111111111111/group/Developers".into(),
            name: "Builders".into(),
        },
    );
    assert_eq!(doc.accounts[0].users[0].groups, ["Builders"]);
    run(
        &mut doc,
        Edit::Rename {
            node: "111111111111/user/David".into(),
            name: "Dave".into(),
        },
    );
    run(
        &mut doc,
        Edit::Rename {
            node: "999999999999/resource/arn:aws:s3:::productionapp".into(),
            name: "prod-app".into(),
        },
    );
    let policy = &doc.accounts[1].policies[0].document;
    assert!(policy.contains("\"arn:aws:s3:::prod-app\""));
    assert!(policy.contains("\"arn:aws:s3:::prod-app/*\""));
    let world = load(&doc);
    let results = world.run_expectations(world.clock().unwrap());
    assert!(
        results.iter().all(|r| r.passed),
        "{:#?}",
        results
            .iter()
            .filter(|r| !r.passed)
            .map(|r| (&r.name, &r.detail))
            .collect::<Vec<_>>()
    );
    run(
        &mut doc,
        Edit::Rename {
            node: "111111111111".into(),
            name: "Dev".into(),
        },
    );
    assert_eq!(doc.accounts[0].name.as_deref(), Some("Dev"));
}

#[test]
fn deleting_cleans_up_references() {
    crate::pending_tests::all_managed_texts();
    let mut doc = delegate();
    doc.layout
        .insert("111111111111/group/Testers".into(), Position::default());
    run(
        &mut doc,
        Edit::Delete {
            node: "111111111111/group/Testers".into(),
        },
    );
    assert!(doc.accounts[0].users[1].groups.is_empty());
    assert!(doc.layout.is_empty());
    load(&doc);

    let mut doc = delegate();
    doc.layout
        .insert("999999999999/role/UpdateApp".into(), Position::default());
    doc.layout
        .insert("111111111111/user/David".into(), Position::default());
    run(
        &mut doc,
        Edit::Delete {
            node: "999999999999".into(),
        },
    );
    assert_eq!(doc.accounts.len(), 1);
    assert_eq!(doc.layout.len(), 1);
    load(&doc);

    let mut services = example("service-roles").unwrap().doc().unwrap();
    let lambda_role = services.accounts[0]
        .resources
        .iter()
        .find_map(|r| match r {
            ResourceDoc::LambdaFunction { role, .. } => Some(role.clone()),
            _ => None,
        })
        .unwrap();
    let node = format!("{}/role/{lambda_role}", services.accounts[0].id);
    assert!(matches!(
        apply(&mut services, &Edit::Delete { node }),
        Err(EditError::InUse { .. })
    ));

    let mut org = example("organization").unwrap().doc().unwrap();
    let management = org
        .organization
        .as_ref()
        .unwrap()
        .management_account
        .clone();
    assert!(matches!(
        apply(&mut org, &Edit::Delete { node: management }),
        Err(EditError::InUse { .. })
    ));
    for example in crate::examples() {
        let mut doc = example.doc().unwrap();
        let world = example.load().unwrap();
        for node in world.node_ids() {
            let mut copy = doc.clone();
            if apply(&mut copy, &Edit::Delete { node: node.clone() }).is_ok() {
                // Deleting anything leaves a world that loads.
                if let Err(errors) = crate::load_doc(copy) {
                    let unexpected: Vec<_> = errors
                        .0
                        .iter()
                        .filter(|e| !e.path.starts_with("$.expectations"))
                        .collect();
                    assert!(
                        unexpected.is_empty(),
                        "{} after deleting {node}: {unexpected:?}",
                        example.id
                    );
                }
            }
        }
        doc.layout.clear();
    }
}

#[test]
fn membership_and_attachments() {
    let mut doc = delegate();
    run(
        &mut doc,
        Edit::AddToGroup {
            user: "111111111111/user/Theresa".into(),
            group: "111111111111/group/Developers".into(),
        },
    );
    assert_eq!(doc.accounts[0].users[1].groups, ["Testers", "Developers"]);
    assert!(matches!(
        apply(
            &mut doc,
            &Edit::AddToGroup {
                user: "111111111111/user/Theresa".into(),
                group: "111111111111/group/Developers".into(),
            }
        ),
        Err(EditError::AlreadyDone(_))
    ));
    run(
        &mut doc,
        Edit::RemoveFromGroup {
            user: "111111111111/user/Theresa".into(),
            group: "111111111111/group/Testers".into(),
        },
    );
    // Theresa is now only a Developer: she can switch.
    let world = load(&doc);
    let theresa = crate::model::ExpectationDoc {
        name: "Theresa switches".into(),
        principal: "Theresa".into(),
        credentials: None,
        chain: vec![HopDoc {
            role: "UpdateApp".into(),
            ..HopDoc::default()
        }],
        action: None,
        resource: None,
        context: Default::default(),
        expect: Expected::Allow,
        error: None,
    };
    assert!(
        world
            .run_expectation(&theresa, world.clock().unwrap())
            .unwrap()
            .passed
    );

    run(
        &mut doc,
        Edit::AttachPolicy {
            node: "999999999999/role/UpdateApp".into(),
            policy: "AmazonEC2ReadOnlyAccess".into(),
        },
    );
    assert!(matches!(
        apply(
            &mut doc,
            &Edit::AttachPolicy {
                node: "999999999999/role/UpdateApp".into(),
                policy: "arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess".into(),
            }
        ),
        Err(EditError::AlreadyDone(_))
    ));
    assert_eq!(
        apply(
            &mut doc,
            &Edit::AttachPolicy {
                node: "999999999999/role/UpdateApp".into(),
                policy: "NoSuchPolicy".into(),
            }
        ),
        Err(EditError::UnknownPolicy("NoSuchPolicy".into()))
    );
    load(&doc);
    run(
        &mut doc,
        Edit::DetachPolicy {
            node: "999999999999/role/UpdateApp".into(),
            policy: "AmazonEC2ReadOnlyAccess".into(),
        },
    );
    assert_eq!(
        doc.accounts[1].roles[0].managed_policies,
        ["read-write-app-bucket"]
    );
}

#[test]
fn moves_and_tidy_up() {
    let mut doc = delegate();
    run(
        &mut doc,
        Edit::Move {
            positions: vec![(
                "111111111111/user/David".into(),
                Position { x: 5.0, y: 6.0 },
            )],
        },
    );
    assert_eq!(doc.layout.len(), 1);
    load(&doc);
    let applied = run(&mut doc, Edit::ClearLayout);
    assert!(doc.layout.is_empty());
    assert_eq!(applied.summary, "Tidied the diagram (automatic layout)");
}

#[test]
fn edits_serialise_as_tagged_data() {
    let edit = Edit::AddTrust {
        role: "999999999999/role/UpdateApp".into(),
        principal: TrustPrincipal::service("ec2.amazonaws.com"),
    };
    let json = serde_json::to_string(&edit).unwrap();
    assert_eq!(
        json,
        r#"{"edit":"add-trust","role":"999999999999/role/UpdateApp","principal":{"key":"Service","value":"ec2.amazonaws.com"}}"#
    );
    assert_eq!(serde_json::from_str::<Edit>(&json).unwrap(), edit);
}
