//! HTCDS 2.0 CSV exchange: export organisations and whole cases to one CSV file per entity, and import
//! them back, every row and cell checked.
//!
//! Column names follow the Human Trafficking Case Data Standard 2.0 (HTCDS, by IOM, CC BY 4.0) where it
//! has a field, and carry an `lk_` prefix where Lekhotla goes beyond it. The layout of every file is in
//! this crate's README. What [`export()`] writes, [`import()`] reads back into equal values, and exporting
//! those again gives byte-identical files. That is the [`Purpose::Transfer`]; [`export_for`] with
//! [`Purpose::Statistics`] writes the same files de-identified, which [`import()`] refuses.

mod cell;
mod export;
mod import;
mod problem;
mod purpose;
mod schema;

pub use export::{ExportError, ExportSummary, export, export_for};
pub use import::{ImportData, import, import_on};
pub use problem::{ImportErrors, MAX_PROBLEMS, Problem};
pub use purpose::{PURPOSE_FILE, Purpose};
pub use schema::FILES;
