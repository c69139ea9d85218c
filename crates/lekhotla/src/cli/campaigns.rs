//! `lekhotla campaigns`: its subcommands.

use clap::Subcommand;

/// `lekhotla campaigns ...`.
#[derive(Debug, Subcommand)]
pub enum CampaignsCommand {
    /// Imports campaigns from a CSV file (columns: title, organisation, country, district, town, audience,
    /// channels, started_on, ended_on, reach, partners, materials, cost). Every row is checked first; one bad
    /// row and nothing is written.
    Import {
        /// The CSV file (UTF-8, a header row).
        file: std::path::PathBuf,
    },
    /// Lists the campaigns of a TIP year (1 April to 31 March), tab-separated.
    List {
        /// The TIP year by its first calendar year (2025 is 1 April 2025 to 31 March 2026); all years if absent.
        #[arg(long)]
        year: Option<i32>,
    },
}
