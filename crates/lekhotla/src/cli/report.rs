//! The `report` subcommands: the country's figures for a period and area, in a file; frozen reports.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use lekhotla_report::{Area, DisclosureLevel, Period};

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// The TIP report (prosecution, protection, prevention, the UNODC and SDG 16.2.2 forms) computed from the
    /// records now, or a frozen one (--frozen), after the disclosure step of the level.
    Tip {
        #[command(flatten)]
        what: ReportArgs,
        /// Only the victims by sex, age band, form of exploitation and district, unsuppressed, as CSV (for
        /// measuring the report's victims count against another tool; see scripts/bench-report).
        #[arg(long, hide = true, conflicts_with = "frozen")]
        only_victims: bool,
        /// Show a frozen report instead (its id, from `report list`), beside what changed since it was frozen.
        #[arg(long, value_name = "ID", conflicts_with_all = ["period", "district", "hub"])]
        frozen: Option<String>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Compute the TIP report now and freeze it: its figures, definitions and the data's state are stored and
    /// signed with the installation's key (the audit key file), to be shown again as they were.
    Freeze {
        #[command(flatten)]
        what: ReportArgs,
        /// Who freezes it (recorded with it and in the audit trail).
        #[arg(long)]
        by: String,
    },
    /// The frozen reports.
    List,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The period: FROM..TO (2025-04-01..2026-03-31), tip-2025 (1 April 2025 to 31 March 2026), 2025 (a
    /// calendar year) or 2025-Q2.
    #[arg(long, value_parser = parse_period)]
    pub period: Option<Period>,
    /// One district (its ISO 3166-2 code, e.g. LS-B).
    #[arg(long, conflicts_with = "hub")]
    pub district: Option<String>,
    /// The districts a hub office serves (the office's district code, or LS for the national office's).
    #[arg(long)]
    pub hub: Option<String>,
}

impl ReportArgs {
    pub fn area(&self) -> anyhow::Result<Area> {
        Ok(match (&self.district, &self.hub) {
            (Some(d), _) => Area::parse(d)?,
            (None, Some(h)) => Area::parse(&format!("hub:{h}"))?,
            (None, None) => Area::National,
        })
    }
}

#[derive(Debug, Args)]
pub struct OutputArgs {
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub format: Format,
    /// Write to this file (standard output for csv and json when not given).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// The disclosure rule: public (threshold 10), internal (5), or unsuppressed (every cell shown, marked
    /// OFFICIAL - SENSITIVE).
    #[arg(long, value_enum, default_value_t = Level::Public)]
    pub level: Level,
    /// A threshold other than the level's (2 to 100); the protection range follows it.
    #[arg(long, value_parser = clap::value_parser!(u64).range(2..=100))]
    pub threshold: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Csv,
    Json,
    Xlsx,
    Pdf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Level {
    Public,
    Internal,
    Unsuppressed,
}

impl From<Level> for DisclosureLevel {
    fn from(l: Level) -> Self {
        match l {
            Level::Public => DisclosureLevel::Public,
            Level::Internal => DisclosureLevel::Internal,
            Level::Unsuppressed => DisclosureLevel::Unsuppressed,
        }
    }
}

fn parse_period(s: &str) -> Result<Period, String> {
    Period::parse(s).map_err(|e| e.to_string())
}
