//! Reachability at scale: generates an organization of 1,000 accounts and 10,000 roles, then
//! times loading it, every role one user can reach, and who can write to one bucket.
//!
//! Run with `cargo bench -p iam-world --bench reach` (release profile). The target is under
//! one second for each search.

use std::collections::BTreeMap;
use std::time::Instant;

use iam_world::model::{
    AccountDoc, GroupDoc, InlinePolicyDoc, OrgAccountDoc, OrgUnitDoc, OrganizationDoc, ResourceDoc,
    RoleDoc, UserDoc, WorldDoc,
};
use iam_world::reach::ReachOptions;
use iam_world::{Clock, load_doc};

const ACCOUNTS: usize = 1_000;
const OUS: usize = 10;
const USERS: usize = 100;
const IDENTITY: usize = 0;
const TOOLING: usize = 1;

fn account_id(index: usize) -> String {
    format!("{:012}", 100_000_000_000u64 + index as u64)
}

fn policy(statements: &str) -> String {
    format!("{{\"Version\": \"2012-10-17\", \"Statement\": [{statements}]}}")
}

fn trust(principal: &str, condition: &str) -> String {
    policy(&format!(
        "{{\"Effect\": \"Allow\", \"Principal\": {principal}, \"Action\": \"sts:AssumeRole\"{condition}}}"
    ))
}

fn role(name: &str, trust_policy: String, managed: &[&str], inline: Option<String>) -> RoleDoc {
    RoleDoc {
        name: name.to_owned(),
        trust_policy,
        managed_policies: managed.iter().map(|m| (*m).to_owned()).collect(),
        inline_policies: inline
            .into_iter()
            .map(|document| InlinePolicyDoc {
                name: format!("{name}-permissions"),
                document,
            })
            .collect(),
        ..RoleDoc::default()
    }
}

/// Ten roles per account: an administrator role for the account, read-only and audit roles
/// for the identity account (audit with MFA), a deploy role for the central CI role, a vendor
/// role with an external id, EC2 and Lambda service roles, a hop role that can assume the next
/// account's hop role (a 1,000-account cycle), a data role trusting another account's deploy
/// role, and a break-glass role for one user.
fn roles(index: usize) -> Vec<RoleDoc> {
    let id = account_id(index);
    let identity = account_id(IDENTITY);
    let next = account_id((index + 1) % ACCOUNTS);
    let previous = account_id((index + ACCOUNTS - 1) % ACCOUNTS);
    let peer = account_id((index * 7 + 3) % ACCOUNTS);
    let root = |account: &str| format!("{{\"AWS\": \"arn:aws:iam::{account}:root\"}}");
    let bucket = format!("arn:aws:s3:::data-{id}");
    vec![
        role(
            "Admin",
            trust(&root(&id), ""),
            &["AdministratorAccess"],
            None,
        ),
        role(
            "ReadOnly",
            trust(&root(&identity), ""),
            &["ReadOnlyAccess"],
            None,
        ),
        role(
            "Audit",
            trust(
                &root(&identity),
                ", \"Condition\": {\"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}}",
            ),
            &["SecurityAudit"],
            None,
        ),
        role(
            "Deploy",
            trust(
                &format!(
                    "{{\"AWS\": \"arn:aws:iam::{}:role/CI\"}}",
                    account_id(TOOLING)
                ),
                "",
            ),
            &[],
            Some(policy(&format!(
                "{{\"Effect\": \"Allow\", \"Action\": [\"s3:PutObject\", \"s3:GetObject\"], \"Resource\": \"{bucket}/*\"}}"
            ))),
        ),
        role(
            "Vendor",
            trust(
                "{\"AWS\": \"arn:aws:iam::999999999999:root\"}",
                ", \"Condition\": {\"StringEquals\": {\"sts:ExternalId\": \"vendor-42\"}}",
            ),
            &["ViewOnlyAccess"],
            None,
        ),
        role(
            "Ec2App",
            trust("{\"Service\": \"ec2.amazonaws.com\"}", ""),
            &["AmazonS3ReadOnlyAccess"],
            None,
        ),
        role(
            "LambdaApp",
            trust("{\"Service\": \"lambda.amazonaws.com\"}", ""),
            &["AWSLambdaBasicExecutionRole"],
            None,
        ),
        role(
            "Hop",
            trust(
                &format!(
                    "{{\"AWS\": [\"arn:aws:iam::{id}:root\", \"arn:aws:iam::{previous}:role/Hop\"]}}"
                ),
                "",
            ),
            &[],
            Some(policy(&format!(
                "{{\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\", \"Resource\": \"arn:aws:iam::{next}:role/Hop\"}}"
            ))),
        ),
        role(
            "Data",
            trust(
                &format!("{{\"AWS\": \"arn:aws:iam::{peer}:role/Deploy\"}}"),
                "",
            ),
            &[],
            Some(policy(&format!(
                "{{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"{bucket}/*\"}}"
            ))),
        ),
        role(
            "BreakGlass",
            trust(
                &format!(
                    "{{\"AWS\": \"arn:aws:iam::{identity}:user/user{}\"}}",
                    index % USERS
                ),
                "",
            ),
            &["AdministratorAccess"],
            None,
        ),
    ]
}

/// Every bucket grants the peer account's Data role read access and denies unencrypted
/// transport.
fn bucket_policy(index: usize) -> String {
    let id = account_id(index);
    let peer = account_id((index * 3 + 1) % ACCOUNTS);
    policy(&format!(
        "{{\"Effect\": \"Allow\", \"Principal\": {{\"AWS\": \"arn:aws:iam::{peer}:role/Data\"}}, \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::data-{id}/*\"}}, \
         {{\"Effect\": \"Deny\", \"Principal\": \"*\", \"Action\": \"s3:*\", \"Resource\": \"arn:aws:s3:::data-{id}/*\", \"Condition\": {{\"Bool\": {{\"aws:SecureTransport\": \"false\"}}}}}}"
    ))
}

fn identity_account(account: &mut AccountDoc) {
    account.groups = vec![
        GroupDoc {
            name: "Engineers".to_owned(),
            inline_policies: vec![InlinePolicyDoc {
                name: "assume-read-roles".to_owned(),
                document: policy(
                    "{\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\", \"Resource\": [\"arn:aws:iam::*:role/ReadOnly\", \"arn:aws:iam::*:role/Audit\", \"arn:aws:iam::*:role/BreakGlass\"]}",
                ),
            }],
            ..GroupDoc::default()
        },
        GroupDoc {
            name: "Operators".to_owned(),
            inline_policies: vec![InlinePolicyDoc {
                name: "assume-anything".to_owned(),
                document: policy(
                    "{\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\", \"Resource\": \"*\"}",
                ),
            }],
            ..GroupDoc::default()
        },
    ];
    account.users = (0..USERS)
        .map(|u| UserDoc {
            name: format!("user{u}"),
            groups: vec![
                if u % 10 == 0 {
                    "Operators"
                } else {
                    "Engineers"
                }
                .to_owned(),
            ],
            mfa_devices: vec![format!("arn:aws:iam::{}:mfa/user{u}", account_id(IDENTITY))],
            ..UserDoc::default()
        })
        .collect();
}

fn tooling_account(account: &mut AccountDoc) {
    account.roles.push(role(
        "CI",
        trust(&format!("{{\"AWS\": \"arn:aws:iam::{}:root\"}}", account_id(TOOLING)), ""),
        &[],
        Some(policy("{\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\", \"Resource\": \"arn:aws:iam::*:role/Deploy\"}")),
    ));
}

fn world() -> WorldDoc {
    let mut accounts: Vec<AccountDoc> = (0..ACCOUNTS)
        .map(|index| AccountDoc {
            id: account_id(index),
            roles: roles(index),
            resources: vec![ResourceDoc::S3Bucket {
                name: format!("data-{}", account_id(index)),
                region: Some("us-east-1".to_owned()),
                policy: Some(bucket_policy(index)),
                tags: BTreeMap::new(),
                objects: Vec::new(),
            }],
            ..AccountDoc::default()
        })
        .collect();
    if let Some(account) = accounts.get_mut(IDENTITY) {
        identity_account(account);
    }
    if let Some(account) = accounts.get_mut(TOOLING) {
        tooling_account(account);
    }
    let units = (0..OUS)
        .map(|ou| OrgUnitDoc {
            name: Some(format!("OU{ou}")),
            accounts: (0..ACCOUNTS)
                .filter(|a| a % OUS == ou && *a != IDENTITY)
                .map(|a| OrgAccountDoc {
                    id: account_id(a),
                    ..OrgAccountDoc::default()
                })
                .collect(),
            ..OrgUnitDoc::default()
        })
        .collect();
    WorldDoc {
        version: 1,
        title: Some("Benchmark: 1,000 accounts, 10,000 roles".to_owned()),
        organization: Some(OrganizationDoc {
            management_account: account_id(IDENTITY),
            root: OrgUnitDoc {
                units,
                ..OrgUnitDoc::default()
            },
            ..OrganizationDoc::default()
        }),
        accounts,
        ..WorldDoc::default()
    }
}

fn main() {
    let clock = Clock::from_epoch_seconds(1_736_933_400);
    let doc = world();
    let started = Instant::now();
    let world = match load_doc(doc) {
        Ok(world) => world,
        Err(errors) => {
            eprintln!("the generated world does not load:\n{errors}");
            std::process::exit(1);
        }
    };
    let roles = world.roles().len();
    println!(
        "world: {} accounts, {roles} roles, {} users; loaded in {:.3} s",
        world.accounts().len(),
        world.users().len(),
        started.elapsed().as_secs_f64()
    );
    let deep = ReachOptions {
        max_depth: 2 * ACCOUNTS,
        ..ReachOptions::default()
    };
    for (user, options) in [
        ("user1", &ReachOptions::default()),
        ("user0", &ReachOptions::default()),
        ("user0", &deep),
    ] {
        let Ok(principal) = world.resolve_principal(user) else {
            continue;
        };
        let Ok(actor) = world.actor(&principal, None, clock) else {
            continue;
        };
        let started = Instant::now();
        let reach = world.reachable_roles(&actor, clock, options);
        let elapsed = started.elapsed().as_secs_f64();
        let mut by_name: BTreeMap<(usize, String), usize> = BTreeMap::new();
        for path in &reach.paths {
            let name = path.role.rsplit('/').next().unwrap_or_default().to_owned();
            *by_name.entry((path.hops.len(), name)).or_default() += 1;
        }
        println!(
            "reach from {user} (max depth {}): {} roles reachable ({} candidate pairs) in {elapsed:.3} s",
            options.max_depth,
            reach.paths.len(),
            reach.candidate_pairs,
        );
        let summary: Vec<String> = by_name
            .iter()
            .take(12)
            .map(|((depth, name), count)| format!("{name}@{depth}: {count}"))
            .collect();
        println!("  by role and depth: {}", summary.join(", "));
    }
    let bucket = format!("arn:aws:s3:::data-{}/report.csv", account_id(500));
    for (action, list) in [("s3:PutObject", true), ("s3:GetObject", false)] {
        let started = Instant::now();
        match world.who_can(action, &bucket, clock, &ReachOptions::default()) {
            Ok(who) => {
                println!(
                    "who can {action} on {bucket}: {} principals ({} unconfirmed) in {:.3} s",
                    who.answers.len(),
                    who.unconfirmed.len(),
                    started.elapsed().as_secs_f64()
                );
                for answer in who.answers.iter().filter(|_| list) {
                    let path: Vec<&str> = answer.path.iter().map(|h| h.role.as_str()).collect();
                    println!("  {} via [{}]", answer.principal, path.join(" -> "));
                }
            }
            Err(error) => println!("who-can failed: {error}"),
        }
    }
}
