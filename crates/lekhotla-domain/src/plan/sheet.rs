//! What the plan's two files share: reading the header row against the known columns, each row with its number
//! and line (lines starting with `#` are comments), its cells by column name, and every problem found as
//! `row N (line L), field: reason`.

use csv::StringRecord;
use serde::Serialize;

/// A problem in a plan or recommendations file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SheetProblem {
    /// The data row, from 1 (the header row and comment lines not counted); none for the file as a whole.
    pub row: Option<usize>,
    /// The row's line in the file, from 1.
    pub line: Option<u64>,
    /// The column (or `the header row`, `the file`).
    pub field: String,
    pub reason: String,
}

impl std::fmt::Display for SheetProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.row, self.line) {
            (Some(row), Some(line)) => write!(f, "row {row} (line {line}), {}: {}", self.field, self.reason),
            (Some(row), None) => write!(f, "row {row}, {}: {}", self.field, self.reason),
            _ => write!(f, "{}: {}", self.field, self.reason),
        }
    }
}

/// Where a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct At {
    pub row: usize,
    pub line: u64,
}

/// Every problem found, in the order found.
#[derive(Debug, Default)]
pub(super) struct Problems(pub Vec<SheetProblem>);

impl Problems {
    pub fn add(&mut self, at: At, field: &str, reason: impl std::fmt::Display) {
        let (row, line) = (Some(at.row), Some(at.line));
        self.0.push(SheetProblem { row, line, field: field.to_owned(), reason: reason.to_string() });
    }

    pub fn file(&mut self, field: &str, reason: impl std::fmt::Display) {
        self.0.push(SheetProblem { row: None, line: None, field: field.to_owned(), reason: reason.to_string() });
    }

    /// The value, or nothing with its problem noted.
    pub fn ok<T, E: std::fmt::Display>(&mut self, at: At, field: &str, r: Result<T, E>) -> Option<T> {
        r.map_err(|e| self.add(at, field, e)).ok()
    }

    /// Field errors of a domain check, each under the row.
    pub fn fields(&mut self, at: At, errors: Vec<crate::error::FieldError>) {
        for e in errors {
            self.add(at, &e.field, e.reason);
        }
    }

    pub fn finish<T>(self, value: T) -> Result<T, Vec<SheetProblem>> {
        if self.0.is_empty() { Ok(value) } else { Err(self.sorted()) }
    }

    /// The problems, those of the whole file first, then by row (each row's in the order found).
    pub fn sorted(mut self) -> Vec<SheetProblem> {
        self.0.sort_by_key(|p| p.row);
        self.0
    }
}

/// A file's rows once its header row was checked.
#[derive(Debug)]
pub(super) struct Sheet {
    headers: StringRecord,
    pub rows: Vec<(At, StringRecord)>,
}

impl Sheet {
    /// Reads `text`: the columns it may have and those it must; rows the reader cannot read are problems.
    pub fn read(text: &str, columns: &[&str], needed: &[&str], p: &mut Problems) -> Option<Self> {
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .comment(Some(b'#'))
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let headers = match reader.headers() {
            Ok(h) => h.clone(),
            Err(e) => {
                p.file("the header row", e);
                return None;
            }
        };
        for h in headers.iter().filter(|h| !columns.contains(h)) {
            p.file("the header row", format!("unknown column {h:?} (columns: {})", columns.join(", ")));
        }
        for n in needed.iter().filter(|n| !headers.iter().any(|h| h == **n)) {
            p.file("the header row", format!("the column {n:?} is missing"));
        }
        // The reader gives a row after comment or blank lines the line of the first of them: skip them.
        let lines: Vec<&str> = text.lines().collect();
        let line_of = |position: Option<&csv::Position>| {
            let mut line = position.map_or(0, csv::Position::line);
            while lines.get(line.saturating_sub(1) as usize).is_some_and(|l| l.trim().is_empty() || l.starts_with('#'))
            {
                line += 1;
            }
            line
        };
        let mut rows = Vec::new();
        for (i, r) in reader.records().enumerate() {
            match r {
                Ok(record) => rows.push((At { row: i + 1, line: line_of(record.position()) }, record)),
                Err(e) => p.add(At { row: i + 1, line: line_of(e.position()) }, "cells", e),
            }
        }
        p.0.is_empty().then_some(Self { headers, rows })
    }

    /// The cell of `column` in `record` (empty when the file has no such column).
    pub fn get<'r>(&self, record: &'r StringRecord, column: &str) -> &'r str {
        self.headers.iter().position(|h| h == column).and_then(|p| record.get(p)).unwrap_or("")
    }

    /// The columns of `record` that are filled in.
    pub fn filled<'s>(&'s self, record: &'s StringRecord) -> impl Iterator<Item = &'s str> {
        self.headers.iter().zip(record.iter()).filter(|(_, v)| !v.is_empty()).map(|(h, _)| h)
    }
}

/// A cell that must be filled in.
pub(super) fn needed(cell: &str) -> Result<&str, String> {
    if cell.is_empty() { Err("is needed".into()) } else { Ok(cell) }
}

/// A cell that may be blank.
pub(super) fn optional(cell: &str) -> Option<String> {
    Some(cell.to_owned()).filter(|s| !s.is_empty())
}

/// A whole number of maloti (spaces and thousands' commas allowed), none when blank.
pub(super) fn maloti(cell: &str) -> Result<Option<u64>, String> {
    let digits: String = cell.chars().filter(|c| !matches!(c, ' ' | ',')).collect();
    if digits.is_empty() {
        return Ok(None);
    }
    digits.parse::<u64>().map(Some).map_err(|_| format!("{cell:?} is not a whole number of maloti"))
}

/// A number written with a `.` for decimals and no thousands' separators, none when blank.
pub(super) fn number(cell: &str) -> Result<Option<f64>, String> {
    if cell.is_empty() {
        return Ok(None);
    }
    match cell.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(Some(v)),
        _ => Err(format!("{cell:?} is not a number (write 1200 or 55.5, without thousands' separators)")),
    }
}

/// A year, none when blank.
pub(super) fn year(cell: &str) -> Result<Option<i32>, String> {
    if cell.is_empty() {
        return Ok(None);
    }
    cell.parse::<i32>().map(Some).map_err(|_| format!("{cell:?} is not a year"))
}

/// A day written `YYYY-MM-DD`.
pub(super) fn day(cell: &str) -> Result<time::Date, String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(needed(cell)?, format).map_err(|_| format!("{cell:?} is not a day written YYYY-MM-DD"))
}

/// Writes rows of cells as CSV text (with a header row first).
pub(super) fn write(rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    for row in rows {
        // Writing to memory fails only on a bug in the csv crate; a row short of cells is still written.
        let _ = w.write_record(&row);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}
