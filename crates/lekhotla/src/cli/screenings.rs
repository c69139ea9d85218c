//! `lekhotla screenings`: its subcommands.

use clap::Subcommand;

/// `lekhotla screenings ...`.
#[derive(Debug, Subcommand)]
pub enum ScreeningsCommand {
    /// Imports screening sessions at ports of entry from a CSV file, one row per session (columns: port,
    /// organisation, started_on, ended_on, direction, travellers, women, men, girls, boys, indicators, referred,
    /// cases, note; lists separated by `|`). Every row is checked first, and every case number must be on record;
    /// one bad row and nothing is written.
    Import {
        /// The CSV file (UTF-8, a header row).
        file: std::path::PathBuf,
    },
    /// Lists the screenings of a TIP year (1 April to 31 March), tab-separated: id, first day, port, district,
    /// travellers screened, people referred, cases opened.
    List {
        /// The TIP year by its first calendar year (2025 is 1 April 2025 to 31 March 2026); all years if absent.
        #[arg(long)]
        year: Option<i32>,
    },
}
