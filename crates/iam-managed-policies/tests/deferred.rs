//! Installing the deferred documents from deferred.tsv at runtime (what the web app does after
//! its first render). The store is process-wide, so the round trip is one test in its own
//! binary; rejected files are checked before and after it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use iam_managed_policies::{InstallError, all, deferred, install_deferred, managed_policy};
use serde_json::Value;

const DEFERRED_TSV: &str = include_str!("../deferred.tsv");

/// A valid line for `name`, taken from deferred.tsv.
fn line_of(name: &str) -> &'static str {
    DEFERRED_TSV
        .lines()
        .find(|l| l.split_once('\t').is_some_and(|(n, _)| n == name))
        .unwrap()
}

fn check_rejections() {
    let read_only = line_of("ReadOnlyAccess");
    let billing = line_of("Billing");

    let missing_tab = format!("{read_only}\nSecurityAudit {{}}\n");
    assert_eq!(
        install_deferred(&missing_tab),
        Err(InstallError::MissingTab { line: 2 })
    );

    let unknown = format!("{billing}\n{read_only}\nNoSuchPolicy\t{{}}\n");
    let error = install_deferred(&unknown).unwrap_err();
    assert_eq!(
        error,
        InstallError::UnknownPolicy {
            line: 3,
            name: "NoSuchPolicy".to_owned()
        }
    );
    assert_eq!(error.line(), 3);
    assert_eq!(
        error.to_string(),
        "deferred managed policies, line 3: \"NoSuchPolicy\" is not a bundled AWS managed policy"
    );

    let duplicate = format!("{read_only}\n{billing}\n{read_only}\n");
    assert_eq!(
        install_deferred(&duplicate),
        Err(InstallError::Duplicate {
            line: 3,
            name: "ReadOnlyAccess".to_owned(),
            first: 1
        })
    );

    let empty = format!("{billing}\nReadOnlyAccess\t\n");
    assert_eq!(
        install_deferred(&empty).map_err(|e| e.line()),
        Err(2),
        "an empty document is rejected"
    );

    // A blank line is not a policy; names are exact (no case folding).
    assert_eq!(
        install_deferred(&format!("{billing}\n\n{read_only}\n")),
        Err(InstallError::MissingTab { line: 2 })
    );
    assert!(matches!(
        install_deferred("readonlyaccess\t{}\n"),
        Err(InstallError::UnknownPolicy { line: 1, .. })
    ));
    let error: Box<dyn std::error::Error> = Box::new(InstallError::MissingTab { line: 7 });
    assert!(error.to_string().contains("line 7"));
}

#[test]
fn install_deferred_round_trips_deferred_tsv() {
    let lines = DEFERRED_TSV.lines().count();
    let pending_before: Vec<&str> = deferred().map(|p| p.name).collect();
    #[cfg(feature = "embed-all")]
    assert!(pending_before.is_empty());
    #[cfg(not(feature = "embed-all"))]
    {
        assert_eq!(pending_before.len(), lines);
        for policy in deferred() {
            assert!(policy.is_deferred() && policy.document().is_none());
        }
    }

    // Rejected files install nothing.
    check_rejections();
    #[cfg(not(feature = "embed-all"))]
    assert!(managed_policy("ReadOnlyAccess").unwrap().is_deferred());

    assert_eq!(install_deferred(DEFERRED_TSV), Ok(lines));
    // Every document is now available, and a deferred one reads back as written (with the
    // trailing line break of the compiled-in texts).
    for policy in all() {
        assert!(!policy.is_deferred(), "{}", policy.name);
        let text = policy.document().unwrap();
        let _: Value = serde_json::from_str(text).unwrap();
        assert!(text.ends_with("}\n"), "{}", policy.name);
    }
    for line in DEFERRED_TSV.lines() {
        let (name, document) = line.split_once('\t').unwrap();
        let policy = managed_policy(name).unwrap();
        assert_eq!(policy.document(), Some(format!("{document}\n").as_str()));
    }
    // The set of policies left out of the build does not change by installing them.
    assert_eq!(
        deferred().map(|p| p.name).collect::<Vec<_>>(),
        pending_before
    );

    // Installing again is harmless; bad files are still rejected with their line.
    assert_eq!(install_deferred(DEFERRED_TSV), Ok(0));
    assert_eq!(install_deferred(""), Ok(0));
    check_rejections();
    assert!(
        managed_policy("SecurityAudit")
            .unwrap()
            .document()
            .is_some()
    );
}
