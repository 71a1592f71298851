//! The world commands: `check` (run a world's expectations), `can` (one decision, optionally
//! through a role chain), `assume` (step through a chain), `reach` (reachable roles, or who can
//! perform an action) and `examples` (the built-in worlds).
//!
//! A WORLD argument is a world file, or the id of a built-in example world
//! (`iamplay check delegate-across-accounts`). Principals and roles are ARNs or short names
//! (`David`, `UpdateApp`, `999999999999/UpdateApp`, `user:David`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use iam_world::model::{CredentialType, HopDoc, MfaDoc};
use iam_world::reach::{ReachHop, ReachOptions, Requirement};
use iam_world::{
    Actor, AssumeOutcome, AssumeResult, Check, Clock, ContextValue, Credentials, Decision,
    ExpectationResult, Step, World,
};
use serde::Serialize;

use crate::render;

/// Options every world command shares.
#[derive(Args, Debug)]
pub struct WorldArgs {
    /// The world file (JSON), or the id of a built-in example (see `iamplay examples`).
    pub world: String,
    /// Print machine-readable JSON.
    #[arg(long)]
    pub json: bool,
    /// The instant to evaluate at (ISO 8601). Default: the world's `settings.now`, else now.
    #[arg(long)]
    pub now: Option<String>,
}

/// `iamplay check WORLD`.
#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    world: WorldArgs,
}

/// How an IAM user principal signed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CredentialArg {
    /// Long-term access keys (`aws:MultiFactorAuthPresent` absent).
    AccessKey,
    /// A console sign-in.
    Console,
    /// `GetSessionToken` credentials.
    SessionToken,
}

/// The principal and chain options of `can` and `assume`.
#[derive(Args, Debug)]
pub struct ActorArgs {
    /// How an IAM user principal signed in (default: access key if it has one, else console).
    #[arg(long, value_enum)]
    credentials: Option<CredentialArg>,
    /// The user signed in with MFA (console or session token).
    #[arg(long)]
    mfa: bool,
    /// A role to assume, in order: ROLE[,session=NAME][,duration=SECONDS][,external-id=ID]
    /// [,mfa[=CODE]][,source-identity=ID][,tag:KEY=VALUE][,transitive=KEY]
    /// [,policy-arn=ARN][,policy=@FILE]. Repeat for a chain.
    #[arg(long = "role", value_name = "ROLE[,OPTION...]")]
    roles: Vec<String>,
    /// A context key to set or override: KEY=VALUE, or KEY=[A,B] for a list. Repeatable.
    #[arg(long = "context", value_name = "KEY=VALUE")]
    context: Vec<String>,
}

/// `iamplay can WORLD --principal P --action A --resource R`.
#[derive(Args, Debug)]
pub struct CanArgs {
    #[command(flatten)]
    world: WorldArgs,
    /// Who acts: an ARN or a short name.
    #[arg(long)]
    principal: String,
    /// The action, `service:Action`.
    #[arg(long)]
    action: String,
    /// The resource: an ARN, `*`, or a short name (bucket, bucket/key, role, queue...).
    #[arg(long, default_value = "*")]
    resource: String,
    #[command(flatten)]
    actor: ActorArgs,
}

/// `iamplay assume WORLD --from P --role R1 --role R2`.
#[derive(Args, Debug)]
pub struct AssumeArgs {
    #[command(flatten)]
    world: WorldArgs,
    /// Who starts the chain.
    #[arg(long)]
    from: String,
    /// Print every check's full explanation.
    #[arg(long)]
    explain: bool,
    #[command(flatten)]
    actor: ActorArgs,
}

/// `iamplay reach WORLD --from P` or `iamplay reach WORLD --who-can ACTION RESOURCE`.
#[derive(Args, Debug)]
pub struct ReachArgs {
    #[command(flatten)]
    world: WorldArgs,
    /// List every role this principal can reach.
    #[arg(long, required_unless_present = "who_can", conflicts_with = "who_can")]
    from: Option<String>,
    /// List every principal that can perform ACTION on RESOURCE.
    #[arg(long, num_args = 2, value_names = ["ACTION", "RESOURCE"])]
    who_can: Option<Vec<String>>,
    /// The longest chain considered.
    #[arg(long, default_value_t = 10)]
    max_depth: usize,
    /// A context key to set in every evaluation: KEY=VALUE or KEY=[A,B]. Repeatable.
    #[arg(long = "context", value_name = "KEY=VALUE")]
    context: Vec<String>,
}

/// `iamplay examples [--show ID]`.
#[derive(Args, Debug)]
pub struct ExamplesArgs {
    /// Print this world's JSON.
    #[arg(long, value_name = "ID")]
    show: Option<String>,
    /// Print the list as JSON.
    #[arg(long)]
    json: bool,
}

/// A usage or input error, printed before exiting with status 2.
#[derive(Debug)]
struct Failure(String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(error: E) -> Failure {
        Failure(error.to_string())
    }
}

fn finish(result: Result<ExitCode, Failure>) -> ExitCode {
    result.unwrap_or_else(|Failure(message)| {
        eprintln!("error: {message}");
        ExitCode::from(2)
    })
}

/// A loaded world with its name (for messages) and the clock to use.
struct Loaded {
    world: World,
    name: String,
    clock: Clock,
}

fn load(args: &WorldArgs) -> Result<Loaded, Failure> {
    let path = PathBuf::from(&args.world);
    let (text, name) = if path.exists() {
        (
            std::fs::read_to_string(&path)
                .map_err(|e| Failure(format!("cannot read {}: {e}", path.display())))?,
            path.display().to_string(),
        )
    } else if let Some(example) = iam_world::examples::example(&args.world) {
        (example.json.to_owned(), format!("example {}", example.id))
    } else {
        return Err(Failure(format!(
            "{} is neither a file nor a built-in example (see `iamplay examples`)",
            args.world
        )));
    };
    let world = iam_world::load(&text)
        .map_err(|errors| Failure(format!("{name} is not a valid world:\n{errors}")))?;
    let clock = match &args.now {
        Some(now) => Clock::parse(now)
            .ok_or_else(|| Failure(format!("--now {now}: expected an ISO 8601 instant")))?,
        None => world.clock().unwrap_or_else(system_clock),
    };
    Ok(Loaded { world, name, clock })
}

fn system_clock() -> Clock {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Clock::from_epoch_seconds(i64::try_from(seconds).unwrap_or(i64::MAX))
}

fn print_json(value: &impl Serialize) -> Result<(), Failure> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// `iamplay check`: runs the expectations, prints a table, exits 1 when one fails.
pub fn check(args: &CheckArgs) -> ExitCode {
    finish(run_check(args))
}

#[derive(Serialize)]
struct CheckSummary<'r> {
    name: &'r str,
    expected: iam_world::model::Expected,
    actual: &'r iam_world::Actual,
    passed: bool,
    detail: &'r str,
}

fn run_check(args: &CheckArgs) -> Result<ExitCode, Failure> {
    let loaded = load(&args.world)?;
    let results = loaded.world.run_expectations(loaded.clock);
    let failed = results.iter().filter(|r| !r.passed).count();
    if args.world.json {
        let summary: Vec<CheckSummary<'_>> = results
            .iter()
            .map(|r| CheckSummary {
                name: &r.name,
                expected: r.expected,
                actual: &r.actual,
                passed: r.passed,
                detail: &r.detail,
            })
            .collect();
        print_json(&summary)?;
    } else {
        print!("{}", check_table(&loaded.name, &results));
    }
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn check_table(name: &str, results: &[ExpectationResult]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{name}: {} expectations\n", results.len());
    let _ = writeln!(
        out,
        "{:<6} {:<13} {:<26} EXPECTATION",
        "RESULT", "EXPECTED", "ACTUAL"
    );
    for result in results {
        let mark = if result.passed { "pass" } else { "FAIL" };
        let _ = writeln!(
            out,
            "{mark:<6} {:<13} {:<26} {}",
            format!("{:?}", result.expected),
            result.actual.label(),
            result.name
        );
        if !result.passed {
            let _ = writeln!(out, "{:>47} {}", "why:", result.detail);
        }
    }
    let failed = results.iter().filter(|r| !r.passed).count();
    let _ = writeln!(out, "\n{} passed, {failed} failed", results.len() - failed);
    out
}

/// `iamplay can`: the decision of one action, optionally after a chain of roles.
pub fn can(args: &CanArgs) -> ExitCode {
    finish(run_can(args))
}

#[derive(Serialize)]
struct CanReport<'a> {
    steps: &'a [Step],
    #[serde(skip_serializing_if = "Option::is_none")]
    check: Option<&'a Check>,
}

fn run_can(args: &CanArgs) -> Result<ExitCode, Failure> {
    let loaded = load(&args.world)?;
    let world = &loaded.world;
    let start = start_actor(world, &args.principal, &args.actor, loaded.clock)?;
    let overrides = parse_context(&args.actor.context)?;
    let hops = parse_hops(&args.actor.roles)?;
    let mut chain =
        iam_world::Chain::new(world, start, hops, loaded.clock).with_overrides(overrides);
    let steps = chain.run()?;
    let resource = world.resolve_resource(&args.resource)?;
    let check = if chain.completed() {
        Some(chain.access(&args.action, &resource, &[])?)
    } else {
        None
    };
    if args.world.json {
        print_json(&CanReport {
            steps: &steps,
            check: check.as_ref(),
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    for step in &steps {
        print!("{}", step_summary(step));
    }
    match &check {
        Some(check) => {
            print!(
                "{}",
                render::explanation(&check.explanation, &check.case, "", &loaded.name)
            );
            print!("{}", policy_sources(check));
        }
        None => println!("The chain stopped before the action could be tried."),
    }
    Ok(ExitCode::SUCCESS)
}

/// Where each policy of the check comes from in the world, and how the case was assembled.
fn policy_sources(check: &Check) -> String {
    let mut out = String::from("\nPolicies:\n");
    for source in &check.policies {
        let level = source
            .level
            .map(|l| format!(" level {l}"))
            .unwrap_or_default();
        let place = source
            .origin
            .json_path
            .clone()
            .or_else(|| source.origin.arn.clone())
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {}{level}: \"{}\" of {} ({place})",
            source.layer.aws_name(),
            source.name,
            source.origin.owner
        );
    }
    for note in &check.notes {
        let _ = writeln!(out, "  note: {note}");
    }
    out
}

/// `iamplay assume`: every hop of a chain with its checks and session.
pub fn assume(args: &AssumeArgs) -> ExitCode {
    finish(run_assume(args))
}

fn run_assume(args: &AssumeArgs) -> Result<ExitCode, Failure> {
    let loaded = load(&args.world)?;
    let world = &loaded.world;
    let start = start_actor(world, &args.from, &args.actor, loaded.clock)?;
    let overrides = parse_context(&args.actor.context)?;
    let hops = parse_hops(&args.actor.roles)?;
    let label = start.label();
    let mut chain =
        iam_world::Chain::new(world, start, hops, loaded.clock).with_overrides(overrides);
    let steps = chain.run()?;
    if args.world.json {
        print_json(&steps)?;
        return Ok(ExitCode::SUCCESS);
    }
    println!("Chain from {label} at {}\n", loaded.clock);
    for step in &steps {
        print!("{}", step_summary(step));
        if args.explain {
            for check in &step.outcome.checks {
                let text = render::explanation(&check.explanation, &check.case, "", &loaded.name);
                println!("{}", indent(&text, "      "));
            }
        }
    }
    println!(
        "{}",
        if chain.completed() {
            "Every hop succeeded."
        } else {
            "The chain stopped."
        }
    );
    Ok(ExitCode::SUCCESS)
}

fn indent(text: &str, prefix: &str) -> String {
    text.lines()
        .map(|l| format!("{prefix}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn step_summary(step: &Step) -> String {
    let outcome = &step.outcome;
    let mut out = String::new();
    let implicit = if step.implicit {
        " (the service obtains the role's credentials)"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "Hop {}: {:?} {} by {}{implicit}",
        step.index + 1,
        outcome.api,
        outcome.role,
        outcome.caller
    );
    for check in &outcome.checks {
        let _ = writeln!(
            out,
            "  {:<13} {} on the role: {}",
            decision_word(check.decision),
            check.action,
            check.explanation.outcome.reason
        );
    }
    let _ = write!(out, "{}", result_summary(outcome));
    out
}

fn decision_word(decision: Decision) -> &'static str {
    match decision {
        Decision::Allow => "ALLOW",
        Decision::ExplicitDeny => "EXPLICIT DENY",
        Decision::ImplicitDeny => "IMPLICIT DENY",
    }
}

fn result_summary(outcome: &AssumeOutcome) -> String {
    match &outcome.result {
        AssumeResult::Assumed { session } => {
            let tags: Vec<String> = session
                .principal_tags
                .iter()
                .map(|t| format!("{}={}", t.key, t.value))
                .collect();
            let mut out = format!(
                "  => session {}\n     expires {} ({} s)",
                session.arn, session.expires_at, session.duration_seconds
            );
            if let Some(source) = &session.source_identity {
                let _ = write!(out, ", source identity {source}");
            }
            if !tags.is_empty() {
                let _ = write!(out, ", tags {}", tags.join(" "));
            }
            if !session.transitive_tag_keys.is_empty() {
                let _ = write!(
                    out,
                    ", transitive {}",
                    session.transitive_tag_keys.join(" ")
                );
            }
            if !session.session_policy_names.is_empty() {
                let _ = write!(
                    out,
                    ", session policies {}",
                    session.session_policy_names.join(", ")
                );
            }
            out + "\n\n"
        }
        AssumeResult::Denied { decision, .. } => {
            format!("  => denied ({})\n\n", decision_word(*decision))
        }
        AssumeResult::Failed { error } => format!("  => failed: {error}\n\n"),
    }
}

/// `iamplay reach`.
pub fn reach(args: &ReachArgs) -> ExitCode {
    finish(run_reach(args))
}

fn run_reach(args: &ReachArgs) -> Result<ExitCode, Failure> {
    let loaded = load(&args.world)?;
    let world = &loaded.world;
    let options = ReachOptions {
        max_depth: args.max_depth,
        overrides: parse_context(&args.context)?,
        ..ReachOptions::default()
    };
    if let Some([action, resource]) = args.who_can.as_deref() {
        let resource = world.resolve_resource(resource)?;
        let who = world.who_can(action, &resource, loaded.clock, &options)?;
        if args.world.json {
            print_json(&who)?;
        } else {
            println!(
                "Who can perform {action} on {resource} ({} principals):\n",
                who.answers.len()
            );
            for answer in &who.answers {
                println!("  {}{}", answer.principal, path_text(&answer.path));
            }
            for answer in &who.unconfirmed {
                println!(
                    "  (unconfirmed) {}{}: {}",
                    answer.principal,
                    path_text(&answer.path),
                    answer.reason
                );
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let from = args.from.as_deref().unwrap_or_default();
    let start = start_actor(
        world,
        from,
        &ActorArgs {
            credentials: None,
            mfa: false,
            roles: Vec::new(),
            context: Vec::new(),
        },
        loaded.clock,
    )?;
    let reach = world.reachable_roles(&start, loaded.clock, &options);
    if args.world.json {
        print_json(&reach)?;
    } else {
        println!(
            "Roles reachable from {} ({}):\n",
            reach.from,
            reach.paths.len()
        );
        for path in &reach.paths {
            println!("  {}{}", path.role, path_text(&path.hops));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn path_text(hops: &[ReachHop]) -> String {
    if hops.is_empty() {
        return "  (directly)".to_owned();
    }
    let steps: Vec<String> = hops
        .iter()
        .map(|hop| {
            let name = hop.role.rsplit('/').next().unwrap_or(&hop.role);
            let needs: Vec<String> = hop.needs.iter().map(requirement_text).collect();
            if needs.is_empty() {
                name.to_owned()
            } else {
                format!("{name} [{}]", needs.join(", "))
            }
        })
        .collect();
    format!("  via {}", steps.join(" -> "))
}

fn requirement_text(requirement: &Requirement) -> String {
    match requirement {
        Requirement::Mfa => "MFA".to_owned(),
        Requirement::ExternalId { value } => format!("external id {value}"),
        Requirement::SourceIdentity { value } => format!("source identity {value}"),
        Requirement::SessionName { value } => format!("session name {value}"),
        Requirement::SessionTag { key, value } => format!("tag {key}={value}"),
        Requirement::TransitiveTag { key } => format!("transitive {key}"),
    }
}

/// `iamplay examples`.
pub fn examples(args: &ExamplesArgs) -> ExitCode {
    finish(run_examples(args))
}

#[derive(Serialize)]
struct ExampleEntry {
    id: &'static str,
    seed: Option<&'static str>,
    title: String,
    story: String,
}

fn run_examples(args: &ExamplesArgs) -> Result<ExitCode, Failure> {
    if let Some(id) = &args.show {
        let example = iam_world::examples::example(id)
            .ok_or_else(|| Failure(format!("no built-in example {id}")))?;
        print!("{}", example.json);
        return Ok(ExitCode::SUCCESS);
    }
    let entries: Vec<ExampleEntry> = iam_world::examples()
        .iter()
        .map(|e| ExampleEntry {
            id: e.id,
            seed: e.seed,
            title: e.title(),
            story: e.story(),
        })
        .collect();
    if args.json {
        print_json(&entries)?;
        return Ok(ExitCode::SUCCESS);
    }
    for entry in entries {
        let seed = entry
            .seed
            .map(|s| format!(" (seed {s})"))
            .unwrap_or_default();
        println!("{}{seed}\n  {}\n  {}\n", entry.id, entry.title, entry.story);
    }
    Ok(ExitCode::SUCCESS)
}

fn start_actor(
    world: &World,
    reference: &str,
    args: &ActorArgs,
    clock: Clock,
) -> Result<Actor, Failure> {
    let principal = world.resolve_principal(reference)?;
    let credentials = args.credentials.map(|kind| Credentials {
        kind: match kind {
            CredentialArg::AccessKey => CredentialType::AccessKey,
            CredentialArg::Console => CredentialType::Console,
            CredentialArg::SessionToken => CredentialType::SessionToken,
        },
        mfa: args.mfa,
        mfa_age_seconds: 0,
    });
    let credentials = match (credentials, args.mfa) {
        (None, true) => Some(Credentials {
            kind: CredentialType::Console,
            mfa: true,
            mfa_age_seconds: 0,
        }),
        (credentials, _) => credentials,
    };
    Ok(world.actor(&principal, credentials, clock)?)
}

/// `KEY=VALUE` or `KEY=[A,B]`.
fn parse_context(entries: &[String]) -> Result<Vec<(String, ContextValue)>, Failure> {
    entries
        .iter()
        .map(|entry| {
            let (key, value) = entry
                .split_once('=')
                .ok_or_else(|| Failure(format!("--context {entry}: expected KEY=VALUE")))?;
            let value = match value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
                Some(list) => ContextValue::List(
                    list.split(',')
                        .map(|v| v.trim().to_owned())
                        .filter(|v| !v.is_empty())
                        .collect(),
                ),
                None => ContextValue::Single(value.to_owned()),
            };
            Ok((key.to_owned(), value))
        })
        .collect()
}

fn parse_hops(specs: &[String]) -> Result<Vec<HopDoc>, Failure> {
    specs.iter().map(|spec| parse_hop(spec)).collect()
}

/// `ROLE[,session=NAME][,duration=S][,external-id=ID][,mfa[=CODE]][,source-identity=ID]
/// [,tag:KEY=VALUE][,transitive=KEY][,policy-arn=ARN][,policy=@FILE]`.
fn parse_hop(spec: &str) -> Result<HopDoc, Failure> {
    let mut parts = spec.split(',');
    let mut hop = HopDoc {
        role: parts.next().unwrap_or_default().trim().to_owned(),
        ..HopDoc::default()
    };
    for part in parts {
        let (key, value) = part.split_once('=').unwrap_or((part, ""));
        apply_hop_option(&mut hop, key.trim(), value, spec)?;
    }
    Ok(hop)
}

fn apply_hop_option(hop: &mut HopDoc, key: &str, value: &str, spec: &str) -> Result<(), Failure> {
    match key {
        "session" => hop.session_name = Some(value.to_owned()),
        "duration" => {
            hop.duration_seconds = Some(
                value
                    .parse()
                    .map_err(|_| Failure(format!("{spec}: duration is a number of seconds")))?,
            )
        }
        "external-id" => hop.external_id = Some(value.to_owned()),
        "mfa" => {
            hop.mfa = Some(MfaDoc {
                serial_number: None,
                token_code: (!value.is_empty()).then(|| value.to_owned()),
            })
        }
        "source-identity" => hop.source_identity = Some(value.to_owned()),
        "transitive" => hop.transitive_tag_keys.push(value.to_owned()),
        "policy-arn" => hop.policy_arns.push(value.to_owned()),
        "policy" => hop.session_policy = Some(read_policy(value)?),
        other => match other.strip_prefix("tag:") {
            Some(tag) => {
                hop.tags.insert(tag.to_owned(), value.to_owned());
            }
            None => return Err(Failure(format!("{spec}: unknown hop option \"{other}\""))),
        },
    }
    Ok(())
}

fn read_policy(value: &str) -> Result<String, Failure> {
    match value.strip_prefix('@') {
        Some(file) => std::fs::read_to_string(Path::new(file))
            .map_err(|e| Failure(format!("cannot read {file}: {e}"))),
        None => Ok(value.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hop_specs_carry_every_parameter() {
        let hop = parse_hop("UpdateApp,session=David-ProdUpdate,duration=900,external-id=x1,mfa=123456,source-identity=david,tag:Project=Apollo,transitive=Project").unwrap();
        assert_eq!(hop.role, "UpdateApp");
        assert_eq!(hop.session_name.as_deref(), Some("David-ProdUpdate"));
        assert_eq!(hop.duration_seconds, Some(900));
        assert_eq!(
            hop.mfa.and_then(|m| m.token_code).as_deref(),
            Some("123456")
        );
        assert_eq!(hop.tags.get("Project").map(String::as_str), Some("Apollo"));
        assert_eq!(hop.transitive_tag_keys, ["Project"]);
        assert!(parse_hop("R,color=blue").is_err());
    }

    #[test]
    fn context_entries_are_single_values_or_lists() {
        let parsed = parse_context(&[
            "aws:SourceIp=203.0.113.7".to_owned(),
            "aws:TagKeys=[a, b]".to_owned(),
        ])
        .ok()
        .unwrap_or_default();
        assert_eq!(parsed[0].1, ContextValue::Single("203.0.113.7".to_owned()));
        assert_eq!(
            parsed[1].1,
            ContextValue::List(vec!["a".to_owned(), "b".to_owned()])
        );
        assert!(parse_context(&["novalue".to_owned()]).is_err());
    }
}
