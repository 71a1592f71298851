//! Checks that every expectation names things that exist, so a typo in a principal, role or
//! resource is a load error at its JSON path rather than a failing expectation.

use crate::error::{EntityKind, LoadError, LoadErrorKind, RefError};
use crate::model::Expected;
use crate::refs::PrincipalRef;
use crate::world::World;

pub(crate) fn check(world: &World) -> Vec<LoadError> {
    let mut errors = Vec::new();
    for (index, doc) in world.doc.expectations.iter().enumerate() {
        let path = format!("$.expectations[{index}]");
        match world.resolve_principal(&doc.principal) {
            Ok(principal) => {
                if doc.credentials.is_some() && !matches!(principal, PrincipalRef::User(_)) {
                    errors.push(LoadError::new(
                        format!("{path}.credentials"),
                        LoadErrorKind::InvalidValue {
                            field: "credentials",
                            value: doc.principal.clone(),
                            rule: "credentials describe how an IAM user signed in; other principals have none",
                        },
                    ));
                }
            }
            Err(error) => errors.push(reference_error(
                format!("{path}.principal"),
                EntityKind::User,
                error,
            )),
        }
        for (hop, step) in doc.chain.iter().enumerate() {
            if let Err(error) = world.resolve_role(&step.role) {
                errors.push(reference_error(
                    format!("{path}.chain[{hop}].role"),
                    EntityKind::Role,
                    error,
                ));
            }
            // A session policy whose text is still loading would fail the hop: wait instead.
            for (index, arn) in step.policy_arns.iter().enumerate() {
                if let Some(managed) =
                    iam_managed_policies::managed_policy_by_arn(arn).filter(|p| p.is_deferred())
                {
                    errors.push(LoadError::new(
                        format!("{path}.chain[{hop}].policy_arns[{index}]"),
                        LoadErrorKind::ManagedPolicyPending {
                            name: managed.name.to_owned(),
                        },
                    ));
                }
            }
        }
        if let Some(resource) = &doc.resource {
            if let Err(error) = world.resolve_resource(resource) {
                errors.push(reference_error(
                    format!("{path}.resource"),
                    EntityKind::Resource,
                    error,
                ));
            }
        }
        if let Some(action) = &doc.action {
            if !valid_action(action) {
                errors.push(LoadError::new(
                    format!("{path}.action"),
                    LoadErrorKind::InvalidValue {
                        field: "action",
                        value: action.clone(),
                        rule: "service:ActionName, without wildcards",
                    },
                ));
            }
        }
        if doc.error.is_some() && doc.expect != Expected::Error {
            errors.push(LoadError::new(
                format!("{path}.error"),
                LoadErrorKind::InvalidValue {
                    field: "error",
                    value: doc.error.clone().unwrap_or_default(),
                    rule: "an error code is only expected with \"expect\": \"Error\"",
                },
            ));
        }
    }
    errors
}

fn valid_action(action: &str) -> bool {
    action.split_once(':').is_some_and(|(service, name)| {
        !service.is_empty() && !name.is_empty() && !action.contains(['*', '?', ' '])
    })
}

fn reference_error(path: String, entity: EntityKind, error: RefError) -> LoadError {
    let kind = match error {
        RefError::Ambiguous {
            reference,
            candidates,
            ..
        } => LoadErrorKind::Ambiguous {
            reference,
            candidates,
        },
        RefError::NotFound { reference, .. } => LoadErrorKind::Unknown {
            entity,
            name: reference,
            scope: "the world".to_owned(),
        },
        other => LoadErrorKind::InvalidValue {
            field: "reference",
            value: other.to_string(),
            rule: "a principal, role or resource of the world",
        },
    };
    LoadError::new(path, kind)
}
