//! Role chains, one hop at a time: a start principal, then each role assumed with the
//! credentials of the previous session (IAM User Guide, id_roles.html "Role chaining"), then
//! access checks as the last session. The browser animates [`Chain::step`]; the CLI prints it.
//!
//! What each hop keeps and loses follows from [`World::assume`]: the source identity and
//! transitive tags carry forward; session policies, MFA and non-transitive tags do not; each
//! chained session lasts at most one hour.

use iam_eval::ContextValue;
use serde::Serialize;

use crate::check::Check;
use crate::clock::Clock;
use crate::error::RefError;
use crate::model::HopDoc;
use crate::session::Actor;
use crate::sts::AssumeOutcome;
use crate::world::{ResourceKind, World};

/// One hop taken.
#[derive(Clone, Debug, Serialize)]
pub struct Step {
    /// Position in the chain (0 = first hop).
    pub index: usize,
    /// The hop's parameters.
    pub hop: HopDoc,
    /// Whether the hop was added because the start principal obtains credentials through a
    /// service (an EC2 instance's or Lambda function's role).
    pub implicit: bool,
    /// The checks made and the resulting session, denial or error.
    pub outcome: AssumeOutcome,
}

/// A chain being run.
#[derive(Clone, Debug)]
pub struct Chain<'w> {
    world: &'w World,
    clock: Clock,
    actor: Actor,
    hops: Vec<(HopDoc, bool)>,
    next: usize,
    stopped: bool,
    overrides: Vec<(String, ContextValue)>,
}

impl<'w> Chain<'w> {
    /// A chain from `start` through `hops` at `clock`. An EC2 instance or Lambda function
    /// first obtains its own role's session (unless the first hop already names that role).
    pub fn new(world: &'w World, start: Actor, hops: Vec<HopDoc>, clock: Clock) -> Chain<'w> {
        let mut all: Vec<(HopDoc, bool)> = hops.into_iter().map(|h| (h, false)).collect();
        if let Some(role) = world.compute_role(&start) {
            let first_is_role = all
                .first()
                .is_some_and(|(h, _)| world.resolve_role(&h.role).ok() == Some(role));
            if !first_is_role {
                let arn = world
                    .roles
                    .get(role)
                    .map(|r| r.arn.clone())
                    .unwrap_or_default();
                all.insert(
                    0,
                    (
                        HopDoc {
                            role: arn,
                            ..HopDoc::default()
                        },
                        true,
                    ),
                );
            }
        }
        Chain {
            world,
            clock,
            actor: start,
            hops: all,
            next: 0,
            stopped: false,
            overrides: Vec::new(),
        }
    }

    /// Context keys to override in every check of the chain.
    pub fn with_overrides(mut self, overrides: Vec<(String, ContextValue)>) -> Chain<'w> {
        self.overrides = overrides;
        self
    }

    /// Moves the clock forward (a later hop may find the calling session expired).
    pub fn advance(&mut self, seconds: i64) {
        self.clock = self.clock.plus(seconds);
    }

    /// The current clock.
    pub fn clock(&self) -> Clock {
        self.clock
    }

    /// Who acts now: the start principal, or the last session obtained.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Hops not yet taken.
    pub fn remaining(&self) -> usize {
        if self.stopped {
            0
        } else {
            self.hops.len() - self.next
        }
    }

    /// Whether every hop was taken and succeeded.
    pub fn completed(&self) -> bool {
        !self.stopped && self.next == self.hops.len()
    }

    /// Takes the next hop; `None` when done or after a failed hop.
    pub fn step(&mut self) -> Option<Result<Step, RefError>> {
        if self.stopped {
            return None;
        }
        let (hop, implicit) = self.hops.get(self.next)?.clone();
        let index = self.next;
        self.next += 1;
        let outcome = match self
            .world
            .assume(&self.actor, &hop, self.clock, &self.overrides)
        {
            Ok(outcome) => outcome,
            Err(error) => {
                self.stopped = true;
                return Some(Err(error));
            }
        };
        match outcome.session() {
            Some(session) => self.actor = Actor::Session(Box::new(session.clone())),
            None => self.stopped = true,
        }
        Some(Ok(Step {
            index,
            hop,
            implicit,
            outcome,
        }))
    }

    /// Decides `action` on `resource` as the current actor.
    pub fn access(
        &self,
        action: &str,
        resource: &str,
        overrides: &[(String, ContextValue)],
    ) -> Result<Check, RefError> {
        let mut all = self.overrides.clone();
        all.extend(overrides.iter().cloned());
        self.world
            .check(&self.actor, action, resource, self.clock, &all)
    }

    /// Takes every remaining hop.
    pub fn run(&mut self) -> Result<Vec<Step>, RefError> {
        let mut steps = Vec::new();
        while let Some(step) = self.step() {
            steps.push(step?);
        }
        Ok(steps)
    }
}

impl Iterator for Chain<'_> {
    type Item = Result<Step, RefError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.step()
    }
}

impl World {
    /// The role an EC2 instance or Lambda function obtains credentials for.
    pub(crate) fn compute_role(&self, actor: &Actor) -> Option<usize> {
        let resource = match actor {
            Actor::Instance { resource, .. } | Actor::Function { resource, .. } => {
                self.resources.get(*resource)?
            }
            _ => return None,
        };
        match &resource.kind {
            ResourceKind::Ec2Instance { profile, .. } => {
                self.instance_profiles.get((*profile)?)?.role
            }
            ResourceKind::LambdaFunction { role, .. } => Some(*role),
            _ => None,
        }
    }
}
