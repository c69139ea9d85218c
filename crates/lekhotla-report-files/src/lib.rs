//! A report as the files people open: an XLSX workbook (a Notes sheet, then one sheet per table) and a
//! print-ready A4 PDF (title block, the disclosure rule, notes and definitions, every table, bar charts,
//! "Page n of N"), in the fixed words of [`Words`] (English unless another set is passed).
//!
//! A [`Document`] in words and tables (the action plan's progress report) goes to the same two files with
//! [`document_pdf`] and [`document_xlsx`].
//!
//! ```no_run
//! # fn demo(report: &lekhotla_report::Report) -> Result<(), lekhotla_report_files::FilesError> {
//! let workbook: Vec<u8> = lekhotla_report_files::xlsx(report)?;
//! let document: Vec<u8> = lekhotla_report_files::pdf(report)?;
//! # Ok(()) }
//! ```

mod document;
mod minutes;
mod pdf;
mod words;
mod xlsx;

use lekhotla_report::{Label, Report};

pub use document::{Block, Column, Document, Grid, Part};
pub use minutes::{Minutes, MinutesBlock, MinutesColumn, minutes_pdf};
pub use words::Words;

/// What a suppressed cell shows, in both files.
pub(crate) const SUPPRESSED: &str = "x";

/// Whether a row or a column is a total (its code is `total`), printed in bold.
pub(crate) fn is_total(label: &Label) -> bool {
    label.code == "total"
}

/// Why a file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum FilesError {
    #[error("writing the XLSX workbook: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("writing the PDF: {0}")]
    Pdf(String),
}

/// The report as an XLSX workbook, in English.
pub fn xlsx(report: &Report) -> Result<Vec<u8>, FilesError> {
    xlsx_in(report, &Words::english())
}

/// The report as an XLSX workbook, in the words given.
pub fn xlsx_in(report: &Report, words: &Words) -> Result<Vec<u8>, FilesError> {
    xlsx::write(report, words)
}

/// The report as an A4 PDF, in English.
pub fn pdf(report: &Report) -> Result<Vec<u8>, FilesError> {
    pdf_in(report, &Words::english())
}

/// The report as an A4 PDF, in the words given.
pub fn pdf_in(report: &Report, words: &Words) -> Result<Vec<u8>, FilesError> {
    pdf::write(report, words)
}

/// A document in words and tables as an A4 PDF, in the words given (its own text is the caller's).
pub fn document_pdf(doc: &Document, words: &Words) -> Result<Vec<u8>, FilesError> {
    pdf::write_document(doc, words)
}

/// A document in words and tables as an XLSX workbook: a sheet for the title and facts, then one per part.
pub fn document_xlsx(doc: &Document, words: &Words) -> Result<Vec<u8>, FilesError> {
    xlsx::write_document(doc, words)
}
