//! Reachability: roles reachable from a principal (shortest paths, conditions, cycles) and who
//! can perform an action on a resource.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use iam_world::examples::example;
use iam_world::reach::{ReachOptions, Requirement};
use serde_json::json;

fn load(id: &str) -> iam_world::World {
    example(id).unwrap().load().unwrap()
}

#[test]
fn david_reaches_update_app_and_theresa_does_not() {
    let world = load("delegate-across-accounts");
    let david = world.reachable_roles(&actor(&world, "David"), clock(), &ReachOptions::default());
    let roles: Vec<&str> = david.paths.iter().map(|p| p.role.as_str()).collect();
    assert_eq!(roles, ["arn:aws:iam::999999999999:role/UpdateApp"]);
    assert!(david.paths[0].hops[0].needs.is_empty());
    let theresa =
        world.reachable_roles(&actor(&world, "Theresa"), clock(), &ReachOptions::default());
    assert!(theresa.paths.is_empty());
    assert!(
        theresa.candidate_pairs >= 1,
        "UpdateApp was a candidate: its trust policy names Theresa's account"
    );
}

/// The conditions a path needs are found from the trust policy and proven by evaluation: MFA
/// for `Bool aws:MultiFactorAuthPresent`, the value of `sts:ExternalId`.
#[test]
fn paths_list_the_conditions_they_need() {
    let world = load("cross-account-alex");
    let reach = world.reachable_roles(&actor(&world, "Alex"), clock(), &ReachOptions::default());
    let needs = |role: &str| {
        reach
            .paths
            .iter()
            .find(|p| p.role.ends_with(role))
            .map(|p| p.hops[0].needs.clone())
            .unwrap_or_else(|| panic!("{role} is not reachable"))
    };
    assert!(needs("/CrossAccount-B").is_empty());
    assert_eq!(needs("/CrossAccount-B-MFA"), vec![Requirement::Mfa]);
    assert_eq!(
        needs("/CrossAccount-B-ExternalId"),
        vec![Requirement::ExternalId {
            value: "alex-7d1f9a".to_owned()
        }]
    );
    let bare = ReachOptions {
        solve_conditions: false,
        ..ReachOptions::default()
    };
    assert_eq!(
        world
            .reachable_roles(&actor(&world, "Alex"), clock(), &bare)
            .paths
            .len(),
        1
    );
}

/// Chains are followed to their end with the shortest path; source identity and transitive
/// tags are carried along the path as a real chain would.
#[test]
fn chains_are_followed_with_their_requirements() {
    let world = load("role-chaining");
    let reach = world.reachable_roles(&actor(&world, "Dana"), clock(), &ReachOptions::default());
    let reader = reach
        .paths
        .iter()
        .find(|p| p.role.ends_with("/DataReader"))
        .expect("DataReader is reachable");
    assert_eq!(reader.hops.len(), 2);
    assert!(
        reader.hops[0]
            .needs
            .iter()
            .any(|n| matches!(n, Requirement::SourceIdentity { value } if value == "Dana"))
    );
}

/// Cycles end: two roles trusting each other are each reached once.
#[test]
fn cycles_terminate() {
    const A: &str = "111111111111";
    let assume_any =
        policy(json!([{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]));
    let world = world(json!({"accounts": [{"id": A,
        "users": [{"name": "ann", "inline_policies": [{"name": "p", "document": assume_any.clone()}]}],
        "roles": [
            {"name": "Ping", "trust_policy": trust(json!({"AWS": [format!("arn:aws:iam::{A}:user/ann"), format!("arn:aws:iam::{A}:role/Pong")]}), json!("sts:AssumeRole"), None),
             "inline_policies": [{"name": "p", "document": assume_any.clone()}]},
            {"name": "Pong", "trust_policy": trust(json!({"AWS": format!("arn:aws:iam::{A}:role/Ping")}), json!("sts:AssumeRole"), None),
             "inline_policies": [{"name": "p", "document": assume_any}]}]}]}));
    let reach = world.reachable_roles(&actor(&world, "ann"), clock(), &ReachOptions::default());
    let depths: Vec<(String, usize)> = reach
        .paths
        .iter()
        .map(|p| (p.role.rsplit('/').next().unwrap().to_owned(), p.hops.len()))
        .collect();
    assert_eq!(depths, [("Ping".to_owned(), 1), ("Pong".to_owned(), 2)]);
}

#[test]
fn who_can_write_to_the_production_bucket() {
    let world = load("delegate-across-accounts");
    let who = world
        .who_can(
            "s3:PutObject",
            "arn:aws:s3:::productionapp/app/index.html",
            clock(),
            &ReachOptions::default(),
        )
        .unwrap();
    let answers: Vec<(String, Vec<String>)> = who
        .answers
        .iter()
        .map(|a| {
            (
                a.principal.clone(),
                a.path.iter().map(|h| h.role.clone()).collect(),
            )
        })
        .collect();
    assert!(answers.contains(&(
        "arn:aws:iam::999999999999:role/UpdateApp".to_owned(),
        vec![]
    )));
    assert!(answers.contains(&(
        "arn:aws:iam::111111111111:user/David".to_owned(),
        vec!["arn:aws:iam::999999999999:role/UpdateApp".to_owned()]
    )));
    assert!(answers.contains(&("arn:aws:iam::999999999999:root".to_owned(), vec![])));
    assert!(
        !answers.iter().any(|(p, _)| p.contains("Theresa")),
        "{answers:?}"
    );
    assert!(who.unconfirmed.is_empty());
}

/// Who-can covers principals outside IAM too: an EC2 instance and a Lambda function through
/// their roles, federated users through theirs.
#[test]
fn who_can_includes_workloads_and_federated_users() {
    let world = load("service-roles");
    let who = world
        .who_can(
            "s3:GetObject",
            "arn:aws:s3:::webapp-assets/index.html",
            clock(),
            &ReachOptions::default(),
        )
        .unwrap();
    assert!(
        who.answers
            .iter()
            .any(|a| a.principal
                == "arn:aws:ec2:us-east-1:444455556666:instance/i-0a1b2c3d4e5f60718")
    );
    assert!(
        who.answers.iter().any(
            |a| a.principal == "arn:aws:iam::444455556666:user/developer" && a.path.is_empty()
        )
    );
    let saml = load("azure-ad-saml");
    let who = saml
        .who_can(
            "ec2:RunInstances",
            "arn:aws:ec2:us-east-1:111122223333:instance/*",
            clock(),
            &ReachOptions::default(),
        )
        .unwrap();
    let principals: Vec<&str> = who.answers.iter().map(|a| a.principal.as_str()).collect();
    assert!(
        principals.contains(&"external:bob@firstcloudjourney.onmicrosoft.com"),
        "{principals:?}"
    );
    assert!(
        !principals.contains(&"external:alice@firstcloudjourney.onmicrosoft.com"),
        "{principals:?}"
    );
}

/// Resource-based policies can grant service principals and everyone (`*`, anonymous callers
/// included: IAM User Guide, reference_policies_elements_principal.html "All principals"); who-can
/// lists them.
#[test]
fn who_can_includes_services_and_anonymous_callers_a_resource_policy_names() {
    const A: &str = "111111111111";
    let bucket_policy = policy(json!([
        {"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::logs/*"},
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs/public/*"}]));
    let world = world(
        json!({"accounts": [{"id": A, "resources": [{"type": "s3-bucket", "name": "logs", "policy": bucket_policy}]}]}),
    );
    let put = world
        .who_can(
            "s3:PutObject",
            "arn:aws:s3:::logs/trail.json",
            clock(),
            &ReachOptions::default(),
        )
        .unwrap();
    let principals: Vec<&str> = put.answers.iter().map(|a| a.principal.as_str()).collect();
    assert!(
        principals.contains(&"cloudtrail.amazonaws.com"),
        "{principals:?}"
    );
    assert!(!principals.contains(&"anonymous"), "{principals:?}");
    let get = world
        .who_can(
            "s3:GetObject",
            "arn:aws:s3:::logs/public/index.html",
            clock(),
            &ReachOptions::default(),
        )
        .unwrap();
    assert!(get.answers.iter().any(|a| a.principal == "anonymous"));
}
