//! `iamplay`: the IAM Playground engine on the command line (native only).
//!
//! Evaluates request cases with the same engine the browser app runs, prints the decision with
//! its explanation, and runs batches of cases as JSON lines for scripting and benchmarks.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod eval;
mod lint_cmd;
mod render;
mod world_cmds;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Evaluate and explain AWS IAM authorization decisions offline.
#[derive(Parser)]
#[command(name = "iamplay", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Evaluate a request case (see the README for the case format).
    ///
    /// Prints the decision (Allow, ExplicitDeny, ImplicitDeny) and why. With --batch, reads one
    /// case per line on standard input and writes one JSON result per line, in order.
    Eval {
        /// The case file (JSON). Not used with --batch.
        #[arg(required_unless_present = "batch")]
        case: Option<PathBuf>,
        /// Print machine-readable JSON instead of the explanation.
        #[arg(long)]
        json: bool,
        /// Read JSON lines of cases from standard input, write JSON lines of results.
        #[arg(long, conflicts_with = "case")]
        batch: bool,
    },
    /// Check a policy for errors, risky shapes and typos (IAM Access Analyzer-style findings).
    ///
    /// Prints one `file:line:col: severity code: message` line per finding (or JSON with
    /// --json). Exits 1 when a finding is an error, 2 when the file cannot be read.
    Lint {
        /// The policy document (JSON); `-` reads standard input.
        policy: PathBuf,
        /// The policy type, which decides the rules that apply.
        #[arg(long, value_enum, default_value = "identity")]
        kind: lint_cmd::KindArg,
        /// Print the findings as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Run a world's expectations and print a pass/fail table (exits 1 if one fails).
    Check(world_cmds::CheckArgs),
    /// Decide whether a principal of a world can perform an action on a resource, optionally
    /// after assuming roles (--role), with the full explanation.
    Can(world_cmds::CanArgs),
    /// Step through a chain of role assumptions, printing each hop's checks and session.
    Assume(world_cmds::AssumeArgs),
    /// List the roles a principal can reach (--from), or who can perform an action (--who-can).
    Reach(world_cmds::ReachArgs),
    /// List the built-in example worlds, or print one (--show ID).
    Examples(world_cmds::ExamplesArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Eval { case, json, batch } => {
            if batch {
                eval::batch()
            } else {
                eval::single(case.as_deref(), json)
            }
        }
        Command::Lint { policy, kind, json } => lint_cmd::run(&policy, kind, json),
        Command::Check(args) => world_cmds::check(&args),
        Command::Can(args) => world_cmds::can(&args),
        Command::Assume(args) => world_cmds::assume(&args),
        Command::Reach(args) => world_cmds::reach(&args),
        Command::Examples(args) => world_cmds::examples(&args),
    }
}
