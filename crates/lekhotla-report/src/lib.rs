//! The country's figures as a report: sections of two-way tables whose cells are counts, each cell either
//! published or suppressed by the disclosure step, with the definitions that say what every figure counts.
//!
//! - [`model`]: the report as data (what every file and the page render).
//! - [`build`]: the tables from the store's counts (`lekhotla_storage::statistics`), every cell in one grid.
//! - [`disclose`]: the one suppression step (`lekhotla-sdc`), by level.
//! - [`dashboard`]: the dashboard's figures as tables of one grid, through the same step.
//! - [`definitions`]: what each figure counts; [`period`]: the periods people name; [`csv`]: the CSV file.

pub mod build;
pub mod compute;
pub mod csv;
pub mod dashboard;
pub mod definitions;
pub mod disclose;
pub mod frozen;
pub mod model;
pub mod period;

pub use build::{Context, ReportError, tip_draft, tip_report};
pub use compute::{Area, ComputeError};
pub use model::{
    Cell, CellState, DataState, Disclosure, DisclosureLevel, Label, Period, Report, Scope, Section, Table,
};
