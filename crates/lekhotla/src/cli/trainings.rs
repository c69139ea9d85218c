//! `lekhotla trainings`: its subcommands.

use clap::Subcommand;

/// `lekhotla trainings ...`.
#[derive(Debug, Subcommand)]
pub enum TrainingsCommand {
    /// Imports trainings from a CSV file of one row per group of participants; the rows of one training share
    /// its reference in the `training` column, and its own columns (title, organisation, country, district,
    /// town, started_on, ended_on, curriculum, trainers, of_trainers, trained_by, cost) are given on its first
    /// row. A group's columns: role, sex, participant_organisation, participant_district, people, certified.
    /// Every row is checked first; one bad row and nothing is written.
    Import {
        /// The CSV file (UTF-8, a header row).
        file: std::path::PathBuf,
    },
    /// Lists the trainings of a TIP year (1 April to 31 March), tab-separated: id, first day, place, people
    /// trained, certified, whether it trained trainers, topic.
    List {
        /// The TIP year by its first calendar year (2025 is 1 April 2025 to 31 March 2026); all years if absent.
        #[arg(long)]
        year: Option<i32>,
    },
}
