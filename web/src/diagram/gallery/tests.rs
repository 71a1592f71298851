use iam_world::edit::{Edit, TrustPrincipal, apply};
use iam_world::examples;
use iam_world::model::WorldDoc;

use super::*;

/// Replaces `from` with `to` in every string of the document (policy texts included).
fn replace_text(doc: &mut WorldDoc, from: &str, to: &str) {
    fn walk(value: &mut serde_json::Value, from: &str, to: &str, hits: &mut usize) {
        match value {
            serde_json::Value::String(text) if text.contains(from) => {
                *text = text.replace(from, to);
                *hits += 1;
            }
            serde_json::Value::Array(items) => {
                items.iter_mut().for_each(|v| walk(v, from, to, hits))
            }
            serde_json::Value::Object(map) => {
                map.values_mut().for_each(|v| walk(v, from, to, hits))
            }
            _ => {}
        }
    }
    let mut value = serde_json::to_value(&*doc).unwrap();
    let mut hits = 0;
    walk(&mut value, from, to, &mut hits);
    assert!(hits > 0, "`{from}` is not in the world");
    *doc = serde_json::from_value(value).unwrap();
}

fn edit(doc: &mut WorldDoc, edit: Edit) {
    if let Err(error) = apply(doc, &edit) {
        panic!("{edit:?}: {error}");
    }
}

fn attach(node: &str, policy: &str) -> Edit {
    Edit::AttachPolicy {
        node: node.into(),
        policy: policy.into(),
    }
}

fn detach(node: &str, policy: &str) -> Edit {
    Edit::DetachPolicy {
        node: node.into(),
        policy: policy.into(),
    }
}

fn trust(role: &str, principal: &str) -> Edit {
    Edit::AddTrust {
        role: role.into(),
        principal: TrustPrincipal::aws(principal),
    }
}

/// One intended answer per question: the edits a learner would make.
fn solve(example: &str, question: &str, doc: &mut WorldDoc) {
    match (example, question) {
        ("delegate-across-accounts", "testers") => {
            edit(
                doc,
                Edit::RemoveFromGroup {
                    user: "111111111111/user/Theresa".into(),
                    group: "111111111111/group/Testers".into(),
                },
            );
            edit(
                doc,
                Edit::AddToGroup {
                    user: "111111111111/user/Theresa".into(),
                    group: "111111111111/group/Developers".into(),
                },
            );
        }
        ("delegate-across-accounts", "david-ec2") => edit(
            doc,
            attach("999999999999/role/UpdateApp", "AmazonEC2ReadOnlyAccess"),
        ),
        ("cross-account-alex", "alex-ec2") => edit(
            doc,
            attach(
                "463646775279/role/CrossAccount-B",
                "AmazonEC2ReadOnlyAccess",
            ),
        ),
        ("cross-account-alex", "mfa-everywhere") => replace_text(
            doc,
            "\"Condition\": {}",
            "\"Condition\": {\"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}}",
        ),
        ("azure-ad-saml", "read-only") => {
            edit(
                doc,
                detach("111122223333/role/S3RoleFull", "AmazonS3FullAccess"),
            );
            edit(
                doc,
                attach("111122223333/role/S3RoleFull", "AmazonS3ReadOnlyAccess"),
            );
        }
        ("azure-ad-saml", "federating") => edit(
            doc,
            trust(
                "111122223333/role/S3RoleFull",
                "arn:aws:iam::111122223333:user/federating",
            ),
        ),
        ("administrator-user", "new-user-s3") => edit(
            doc,
            attach("123456789012/user/new-user", "AmazonS3ReadOnlyAccess"),
        ),
        ("administrator-user", "power-user") => {
            edit(
                doc,
                detach("123456789012/user/iam-admin", "AdministratorAccess"),
            );
            edit(
                doc,
                attach("123456789012/user/iam-admin", "PowerUserAccess"),
            );
        }
        ("service-roles", "instance-writes") => edit(
            doc,
            attach("444455556666/role/WebAppInstanceRole", "AmazonS3FullAccess"),
        ),
        ("service-roles", "developer-borrows") => edit(
            doc,
            trust(
                "444455556666/role/WebAppInstanceRole",
                "arn:aws:iam::444455556666:user/developer",
            ),
        ),
        ("identity-center", "legacy-read-only") => {
            edit(
                doc,
                detach("200000000002/user/legacy-user", "PowerUserAccess"),
            );
            edit(
                doc,
                attach("200000000002/user/legacy-user", "ReadOnlyAccess"),
            );
        }
        ("roles-anywhere", "build-server") => replace_text(
            doc,
            "\"aws:PrincipalTag/x509Subject/CN\": \"backup.onprem.example.com\"",
            "\"aws:PrincipalTag/x509Subject/CN\": [\"backup.onprem.example.com\", \"build.onprem.example.com\"]",
        ),
        ("roles-anywhere", "delete-backups") => replace_text(
            doc,
            "\"s3:GetObject\"",
            "\"s3:GetObject\", \"s3:DeleteObject\"",
        ),
        ("permissions-boundary", "priya-ec2") => {
            replace_text(doc, "\"logs:*\"", "\"logs:*\", \"ec2:*\"")
        }
        ("permissions-boundary", "approle-sqs") => {
            replace_text(doc, "\"logs:*\"", "\"logs:*\", \"sqs:SendMessage\"")
        }
        ("role-chaining", "untagged") => replace_text(
            doc,
            ",\n      \"Condition\": {\n        \"StringEquals\": {\n          \"aws:PrincipalTag/Project\": \"Apollo\"\n        }\n      }",
            "",
        ),
        ("organization", "region") => {
            replace_text(doc, "\"eu-west-1\"", "\"eu-west-1\", \"ap-southeast-2\"")
        }
        ("organization", "deploy") => edit(
            doc,
            trust(
                "300000000001/role/DeployRole",
                "arn:aws:iam::300000000002:user/dev-admin",
            ),
        ),
        (example, question) => panic!("no answer written for {example}/{question}"),
    }
}

fn status_in(doc: &WorldDoc, question: &Question) -> Status {
    let world = match iam_world::load_doc(doc.clone()) {
        Ok(world) => world,
        Err(errors) => panic!("{}: the world does not load: {errors}", question.id),
    };
    status(
        question,
        Some(&world),
        world
            .clock()
            .unwrap_or(Clock::from_epoch_seconds(1_736_933_400)),
    )
}

#[test]
fn every_example_has_a_story_and_two_or_three_questions() {
    assert_eq!(
        gallery().len(),
        examples::examples().len(),
        "the gallery covers exactly the examples"
    );
    for example in examples::examples() {
        let entry =
            entry(example.id).unwrap_or_else(|| panic!("no gallery entry for {}", example.id));
        assert!(entry.story.len() > 80, "{}", example.id);
        assert!((2..=3).contains(&entry.questions.len()), "{}", example.id);
        for question in &entry.questions {
            assert!(
                question.prompt.ends_with('?') || question.prompt.ends_with('.'),
                "{}",
                question.prompt
            );
        }
    }
}

#[test]
fn every_question_opens_unanswered_and_its_answer_works() {
    for example in examples::examples() {
        let Some(entry) = entry(example.id) else {
            continue;
        };
        for question in &entry.questions {
            let mut doc = example.doc().unwrap();
            let before = status_in(&doc, question);
            if question.explore {
                assert_eq!(before, Status::Answered, "{}/{}", example.id, question.id);
                continue;
            }
            assert!(
                matches!(before, Status::Open(_)),
                "{}/{} starts {before:?}",
                example.id,
                question.id
            );
            solve(example.id, &question.id, &mut doc);
            assert_eq!(
                status_in(&doc, question),
                Status::Answered,
                "{}/{}",
                example.id,
                question.id
            );
        }
    }
}

#[test]
fn a_blunt_change_is_caught_by_what_must_be_kept() {
    let example = examples::example("delegate-across-accounts").unwrap();
    let question = &entry(example.id).unwrap().questions[1];
    let mut doc = example.doc().unwrap();
    // AdministratorAccess lets David list instances, and also delete the bucket.
    edit(
        &mut doc,
        attach("999999999999/role/UpdateApp", "AdministratorAccess"),
    );
    assert!(
        matches!(status_in(&doc, question), Status::Broke(message) if message.contains("delete the bucket"))
    );
    assert_eq!(
        status(question, None, Clock::from_epoch_seconds(0)),
        Status::Unavailable
    );
}
