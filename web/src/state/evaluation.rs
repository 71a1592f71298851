//! Deciding the document's request against its world: resolve the caller, run the role
//! chain (each hop an STS call), then the action. Pure: the clock is passed in.

use std::fmt;

use iam_world::session::Credentials;
use iam_world::{AssumeResult, Chain, Check, Clock, RefError, World};

use super::request::{ContextError, RequestDoc};

/// One hop of the chain, as the decision panel lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HopSummary {
    /// The role ARN.
    pub role: String,
    /// Whether credentials were issued.
    pub assumed: bool,
    /// "assumed as arn:aws:sts::…", or why not.
    pub detail: String,
    /// Whether the playground added the hop (an instance acts through its profile's role).
    pub implicit: bool,
}

/// A decided request.
#[derive(Clone, Debug)]
pub struct Decided {
    /// The deciding check: the action's, or the hop's that stopped the chain.
    pub check: Check,
    /// The hops before it.
    pub hops: Vec<HopSummary>,
    /// When a hop was denied: which one (the check is that hop's).
    pub stopped_at: Option<usize>,
}

/// Why the request cannot be decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequestError {
    /// No principal given.
    NoPrincipal,
    /// The principal names nothing (or several things) in the world.
    Principal(RefError),
    /// The resource names nothing (or several things) in the world.
    Resource(RefError),
    /// No action and no chain: nothing to decide.
    NoAction,
    /// A context row is unusable.
    Context(ContextError),
    /// A hop failed before any decision (validation, a refused caller).
    Hop {
        /// Hop position (0-based).
        index: usize,
        /// The role as written.
        role: String,
        /// What STS said.
        message: String,
    },
    /// The engine refused the request (an invalid action, a principal that cannot act).
    Check(RefError),
}

impl RequestError {
    /// Which request field is at fault, for marking its input.
    pub fn field(&self) -> &'static str {
        match self {
            RequestError::NoPrincipal | RequestError::Principal(_) => "principal",
            RequestError::Resource(_) => "resource",
            RequestError::NoAction => "action",
            RequestError::Context(_) => "context",
            RequestError::Hop { .. } => "chain",
            RequestError::Check(_) => "request",
        }
    }
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestError::NoPrincipal => f.write_str("choose a principal"),
            RequestError::Principal(e) => write!(f, "principal: {e}"),
            RequestError::Resource(e) => write!(f, "resource: {e}"),
            RequestError::NoAction => f.write_str("choose an action"),
            RequestError::Context(e) => write!(f, "{e}"),
            RequestError::Hop {
                index,
                role,
                message,
            } => write!(f, "hop {} ({role}) failed: {message}", index + 1),
            RequestError::Check(e) => write!(f, "{e}"),
        }
    }
}

/// The clock of a decision: the world's own (`settings.now`), else the browser's.
pub fn clock_for(world: &World, browser_now: Clock) -> Clock {
    world.clock().unwrap_or(browser_now)
}

/// Decides `request` in `world` at `clock`.
pub fn evaluate(
    world: &World,
    request: &RequestDoc,
    clock: Clock,
) -> Result<Decided, RequestError> {
    if request.principal.trim().is_empty() {
        return Err(RequestError::NoPrincipal);
    }
    let action = request.action.trim();
    let principal = world
        .resolve_principal(&request.principal)
        .map_err(RequestError::Principal)?;
    let overrides = request.overrides().map_err(RequestError::Context)?;
    let credentials = request.credentials.as_ref().map(Credentials::from_doc);
    let actor = world
        .actor(&principal, credentials, clock)
        .map_err(RequestError::Principal)?;
    let mut chain =
        Chain::new(world, actor, request.chain.clone(), clock).with_overrides(overrides);
    let mut hops = Vec::new();
    let mut last_check = None;
    while let Some(step) = chain.step() {
        let index = hops.len();
        let step = step.map_err(|e| RequestError::Hop {
            index,
            role: request
                .chain
                .get(index)
                .map(|h| h.role.clone())
                .unwrap_or_default(),
            message: e.to_string(),
        })?;
        let outcome = step.outcome;
        let (assumed, detail) = match &outcome.result {
            AssumeResult::Assumed { session } => (true, format!("assumed as {}", session.arn)),
            AssumeResult::Denied { reason, .. } => (false, reason.clone()),
            AssumeResult::Failed { error } => {
                return Err(RequestError::Hop {
                    index,
                    role: outcome.role.clone(),
                    message: error.to_string(),
                });
            }
        };
        hops.push(HopSummary {
            role: outcome.role.clone(),
            assumed,
            detail,
            implicit: step.implicit,
        });
        if let AssumeResult::Denied { check, .. } = outcome.result {
            let check = outcome
                .checks
                .into_iter()
                .nth(check)
                .ok_or_else(|| RequestError::Hop {
                    index,
                    role: outcome.role.clone(),
                    message: "denied".to_owned(),
                })?;
            return Ok(Decided {
                check,
                hops,
                stopped_at: Some(index),
            });
        }
        last_check = outcome.checks.into_iter().last();
    }
    if action.is_empty() {
        let check = last_check.ok_or(RequestError::NoAction)?;
        return Ok(Decided {
            check,
            hops,
            stopped_at: None,
        });
    }
    let resource = match request.resource.trim() {
        "" => "*".to_owned(),
        text => world
            .resolve_resource(text)
            .map_err(RequestError::Resource)?,
    };
    let check = chain
        .access(action, &resource, &[])
        .map_err(RequestError::Check)?;
    Ok(Decided {
        check,
        hops,
        stopped_at: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::document::{Document, hop};
    use iam_world::Decision;

    fn world(id: &str) -> World {
        iam_world::load_doc(Document::example(id).unwrap().world).unwrap()
    }

    fn now() -> Clock {
        Clock::from_epoch_seconds(1_736_933_400)
    }

    #[test]
    fn theresa_is_explicitly_denied_and_david_allowed() {
        let world = world("delegate-across-accounts");
        let theresa = RequestDoc::new("Theresa", "sts:AssumeRole", "UpdateApp");
        let decided = evaluate(&world, &theresa, now()).unwrap();
        assert_eq!(decided.check.decision, Decision::ExplicitDeny);
        let david = RequestDoc::new("David", "sts:AssumeRole", "UpdateApp");
        assert_eq!(
            evaluate(&world, &david, now()).unwrap().check.decision,
            Decision::Allow
        );
    }

    #[test]
    fn a_chain_runs_before_the_action_and_a_denied_hop_decides() {
        let world = world("delegate-across-accounts");
        let mut request = RequestDoc::new("David", "s3:PutObject", "productionapp/app.zip");
        request.chain.push(hop("UpdateApp"));
        let decided = evaluate(&world, &request, now()).unwrap();
        assert_eq!(decided.check.decision, Decision::Allow);
        assert_eq!(decided.hops.len(), 1);
        assert!(decided.hops[0].assumed);

        request.principal = "Theresa".into();
        let decided = evaluate(&world, &request, now()).unwrap();
        assert_eq!(decided.stopped_at, Some(0));
        assert_eq!(decided.check.decision, Decision::ExplicitDeny);
        assert_eq!(decided.check.action, "sts:AssumeRole");
    }

    #[test]
    fn bad_requests_say_which_field_is_wrong() {
        let world = world("delegate-across-accounts");
        let request = |p: &str, a: &str, r: &str| RequestDoc::new(p, a, r);
        let error = |r: RequestDoc| evaluate(&world, &r, now()).unwrap_err();
        assert_eq!(
            error(request("", "s3:GetObject", "*")),
            RequestError::NoPrincipal
        );
        assert_eq!(
            error(request("Nobody", "s3:GetObject", "*")).field(),
            "principal"
        );
        assert_eq!(error(request("David", "", "*")), RequestError::NoAction);
        assert_eq!(
            error(request("David", "s3:GetObject", "nowhere")).field(),
            "resource"
        );
        let mut with_hop = request("arn:aws:iam::111111111111:root", "", "");
        with_hop.chain.push(hop("UpdateApp"));
        assert_eq!(error(with_hop).field(), "chain");
    }

    #[test]
    fn every_scenario_of_every_example_decides_as_expected_or_errors_as_expected() {
        use iam_world::model::Expected;
        for example in iam_world::examples() {
            let doc = Document::example(example.id).unwrap();
            let world = iam_world::load_doc(doc.world.clone()).unwrap();
            let clock = clock_for(&world, now());
            for scenario in crate::state::document::scenarios(&doc.world) {
                let result = evaluate(&world, &scenario.request, clock);
                let agrees = match (&result, scenario.expect) {
                    (Ok(d), Expected::Allow) => d.check.decision == Decision::Allow,
                    (Ok(d), Expected::Deny) => d.check.decision != Decision::Allow,
                    (Ok(d), Expected::ExplicitDeny) => d.check.decision == Decision::ExplicitDeny,
                    (Ok(d), Expected::ImplicitDeny) => d.check.decision == Decision::ImplicitDeny,
                    (Err(RequestError::Hop { .. }), Expected::Error) => true,
                    _ => false,
                };
                assert!(
                    agrees,
                    "{}: {} gave {:?}",
                    example.id,
                    scenario.name,
                    result.map(|d| d.check.decision)
                );
            }
        }
    }
}

#[cfg(test)]
mod default_requests {
    use super::*;
    use crate::state::document::Document;

    #[test]
    fn every_example_opens_on_a_decision() {
        for example in iam_world::examples() {
            let doc = Document::example(example.id).unwrap();
            let world = iam_world::load_doc(doc.world.clone()).unwrap();
            let result = evaluate(
                &world,
                &doc.request,
                clock_for(&world, Clock::from_epoch_seconds(0)),
            );
            assert!(
                result.is_ok(),
                "{}: {:?} {:?}",
                example.id,
                doc.request,
                result.err()
            );
        }
    }
}
