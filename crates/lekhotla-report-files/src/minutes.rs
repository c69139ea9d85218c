//! The minutes of a committee's meeting as an A4 PDF. The caller hands in a plain model of strings already in
//! the reader's language ([`Minutes`]: the title, the facts of the meeting, then headed lists and tables), so
//! this crate stays independent of the domain; `pdf/minutes.rs` lays it out with the report's pages, fonts and
//! "Page n of N" footer.

use crate::FilesError;

/// A meeting's minutes, every word in the reader's language.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Minutes {
    /// E.g. "Minutes: Multi-Sectoral Committee, 2026-02-10".
    pub title: String,
    /// The meeting's facts, label and value: the committee, the date, the place, the chair.
    pub facts: Vec<(String, String)>,
    /// The sections in order: attendance, agenda, decisions, action items.
    pub blocks: Vec<MinutesBlock>,
    /// Each page's number, with `{page}` and `{pages}` (e.g. "Page {page} of {pages}").
    pub page_of: String,
    /// A closing line under everything (e.g. where and when the record was kept), if any.
    pub closing: Option<String>,
}

/// One headed section of the minutes.
#[derive(Debug, Clone, PartialEq)]
pub enum MinutesBlock {
    /// Numbered lines (the agenda, the decisions); `empty` is printed when there are none.
    List { heading: String, items: Vec<String>, empty: String },
    /// A table: its columns, its rows (one text per column, wrapped to the column's width) and an optional
    /// total row in bold; `empty` is printed when there are no rows.
    Table {
        heading: String,
        columns: Vec<MinutesColumn>,
        rows: Vec<Vec<String>>,
        total: Option<Vec<String>>,
        empty: String,
    },
}

/// A column of a minutes table.
#[derive(Debug, Clone, PartialEq)]
pub struct MinutesColumn {
    pub label: String,
    /// Its share of the page's width, relative to the other columns' (2.0 is twice as wide as 1.0).
    pub share: f32,
    /// Right-aligned (for counts).
    pub right: bool,
}

impl MinutesColumn {
    pub fn new(label: impl Into<String>, share: f32) -> Self {
        Self { label: label.into(), share, right: false }
    }

    /// A right-aligned column (for counts).
    pub fn number(label: impl Into<String>, share: f32) -> Self {
        Self { label: label.into(), share, right: true }
    }
}

/// The minutes as an A4 PDF.
pub fn minutes_pdf(minutes: &Minutes) -> Result<Vec<u8>, FilesError> {
    crate::pdf::minutes::write(minutes)
}
