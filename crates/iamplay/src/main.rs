//! `iamplay`: the IAM Playground engine on the command line (native only).
//!
//! Evaluates request cases with the same engine the browser app runs, prints the decision with
//! its explanation, and runs batches of cases as JSON lines for scripting and benchmarks.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod eval;
mod render;

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
    }
}
