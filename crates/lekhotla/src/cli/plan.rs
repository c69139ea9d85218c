//! `lekhotla plan`: its subcommands.

use std::path::PathBuf;

use clap::Subcommand;

/// `lekhotla plan ...`.
#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Loads the action plan from a CSV file (layout in data/plan/README.md), and with it the recommendations it
    /// answers. Every row is checked first, the recommendations against the plan; one problem and nothing is
    /// written. Without --recommendations the stored ones are kept, if the new plan still has their activities.
    Import {
        /// The plan's CSV file (UTF-8, a header row).
        file: PathBuf,
        /// The recommendations' CSV file (one report year or several).
        #[arg(long)]
        recommendations: Option<PathBuf>,
    },
    /// Writes the stored action plan as CSV (the layout `plan import` reads), or its recommendations.
    Export {
        /// Where to write it; standard output if absent.
        #[arg(long)]
        out: Option<PathBuf>,
        /// The recommendations instead of the plan.
        #[arg(long)]
        recommendations: bool,
    },
}
