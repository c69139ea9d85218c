//! `lekhotla inspections`: its subcommands.

use clap::Subcommand;

/// `lekhotla inspections ...`.
#[derive(Debug, Subcommand)]
pub enum InspectionsCommand {
    /// Imports joint inspections of employers from a CSV file, one row per inspection (columns: employer,
    /// sector, organisation, district, town, inspected_on, agencies, workers, foreign_workers, indicators, cases,
    /// findings; lists separated by `|`). Every row is checked first, and every case number must be on record;
    /// one bad row and nothing is written.
    Import {
        /// The CSV file (UTF-8, a header row).
        file: std::path::PathBuf,
    },
    /// Lists the inspections of a TIP year (1 April to 31 March), tab-separated: id, day, district, foreign
    /// workers checked, cases opened, employer.
    List {
        /// The TIP year by its first calendar year (2025 is 1 April 2025 to 31 March 2026); all years if absent.
        #[arg(long)]
        year: Option<i32>,
    },
}
