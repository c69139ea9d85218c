//! The report as data: what the CSV, JSON, XLSX and PDF files and the page all render, the same for each.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

/// A period: from and to, both days included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub from: Date,
    pub to: Date,
}

/// Where the figures come from: the whole country, a hub's districts, or one district.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "level", rename_all = "snake_case")]
pub enum Scope {
    National,
    /// A hub (its code, and the districts it covers).
    Hub {
        code: String,
        name: String,
        districts: Vec<String>,
    },
    /// One district (its ISO 3166-2 code and name).
    District {
        code: String,
        name: String,
    },
}

/// Which disclosure rule the tables passed through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisclosureLevel {
    /// For anything published outside the government, and for analysts: threshold 10 by default.
    Public,
    /// For the government's own use: threshold 5 by default.
    Internal,
    /// Nothing suppressed: the national coordinator only, marked OFFICIAL - SENSITIVE.
    Unsuppressed,
}

impl DisclosureLevel {
    /// The level's code in queries, files and the audit trail.
    pub fn code(self) -> &'static str {
        match self {
            DisclosureLevel::Public => "public",
            DisclosureLevel::Internal => "internal",
            DisclosureLevel::Unsuppressed => "unsuppressed",
        }
    }
}

/// The rule the report's tables passed through: cells from 1 to `threshold - 1` are suppressed (primary),
/// and more cells (secondary) so that no suppressed cell can be narrowed, from the published cells and the
/// report's totals, to an interval narrower than `protection`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disclosure {
    pub level: DisclosureLevel,
    pub threshold: u64,
    pub protection: u64,
}

/// A row's or a column's code (stable, for files and machines) and label (for people).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    pub code: String,
    pub label: String,
    /// For a column of rates: the values are stored times `10^decimals` and shown with that many decimals.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub decimals: u8,
}

fn is_zero(n: &u8) -> bool {
    *n == 0
}

impl Label {
    pub fn new(code: impl Into<String>, label: impl Into<String>) -> Self {
        Label { code: code.into(), label: label.into(), decimals: 0 }
    }
}

/// What the disclosure step did with a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CellState {
    Published,
    /// Below the threshold.
    Primary,
    /// Hidden so that a primary cell cannot be worked out from the others.
    Secondary,
}

/// One count. `value` is `None` when suppressed (the files show "x"). A figure that is not a count of
/// people or records (a population, a rate) is `Published` and follows its own rule, stated in the table's
/// definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    pub value: Option<u64>,
    pub state: CellState,
}

/// A two-way table: `cells[row][column]`. A one-way table has one column. Rows and columns whose code is
/// `total` are totals of the others where the table's definition says so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    /// Stable id, e.g. `protection.victims_by_sex_age`.
    pub id: String,
    pub title: String,
    /// What is counted, which date places it in the period, what a total means.
    pub definition: String,
    /// What the rows and the columns are (e.g. "Sex", "Age group").
    pub row_heading: String,
    pub column_heading: String,
    pub rows: Vec<Label>,
    pub columns: Vec<Label>,
    pub cells: Vec<Vec<Cell>>,
    /// Whether the page and the PDF draw it as a bar chart (of the first column, rows other than `total`).
    pub chart: bool,
}

/// A part of the report: prosecution, protection, prevention, or a standard form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub tables: Vec<Table>,
}

/// A report: its period, scope, rule and tables, and when and from what it was computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// e.g. `tip`.
    pub kind: String,
    pub title: String,
    pub period: Period,
    pub scope: Scope,
    pub disclosure: Disclosure,
    #[serde(with = "time::serde::rfc3339")]
    pub computed_at: OffsetDateTime,
    /// The version of the definitions the figures were computed by (see the README's "The figures").
    pub definitions_version: u32,
    /// General notes shown before the tables (what a victim is, how consent to statistics is honoured).
    pub notes: Vec<String>,
    pub sections: Vec<Section>,
    /// The data the figures were computed from: how many cases the registry held and its latest change.
    #[serde(default)]
    pub data_state: Option<DataState>,
}

/// The registry's state when a report was computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataState {
    pub cases_held: u64,
    /// The latest change to any case (as the database writes it), if there is any case.
    pub last_change: Option<String>,
}

impl Cell {
    /// The value as shown in a file: the number (with the column's decimals), or "x" when suppressed.
    pub fn text(&self, decimals: u8) -> String {
        match self.value {
            None => "x".to_owned(),
            Some(v) if decimals == 0 => v.to_string(),
            Some(v) => {
                let scale = 10u64.pow(u32::from(decimals));
                format!("{}.{:0width$}", v / scale, v % scale, width = usize::from(decimals))
            }
        }
    }
}

impl Report {
    /// Whether the report must carry the OFFICIAL - SENSITIVE marking (nothing suppressed).
    pub fn is_sensitive(&self) -> bool {
        self.disclosure.level == DisclosureLevel::Unsuppressed
    }

    /// Every table, section by section.
    pub fn tables(&self) -> impl Iterator<Item = (&Section, &Table)> {
        self.sections.iter().flat_map(|s| s.tables.iter().map(move |t| (s, t)))
    }
}
