//! What is wrong with an import: one [`Problem`] per bad file, header, row or cell, all collected.

use std::fmt;

/// After this many problems the import stops reading: the files are clearly not what they should be.
pub const MAX_PROBLEMS: usize = 100_000;

/// One thing wrong with the files, as `file:line: column: reason`.
///
/// `line` is the line of the file where the row starts (1 is the header row, the first data row is 2);
/// 0 when the problem concerns the whole file. `column` is absent when no single column is at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: u64,
    pub column: Option<String>,
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
        }
        if let Some(c) = &self.column {
            write!(f, ": {c}")?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// Why nothing was imported: every problem found, in the order the files and rows were read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportErrors {
    problems: Vec<Problem>,
}

impl ImportErrors {
    pub(crate) fn new(problems: Vec<Problem>) -> Self {
        Self { problems }
    }

    /// Every problem, in reading order.
    pub fn errors(&self) -> &[Problem] {
        &self.problems
    }
}

impl fmt::Display for ImportErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} problem(s) in the HTCDS files", self.problems.len())?;
        if let Some(first) = self.problems.first() {
            write!(f, "; the first: {first}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ImportErrors {}

/// Collects problems while reading, up to [`MAX_PROBLEMS`].
#[derive(Debug, Default)]
pub(crate) struct Problems {
    list: Vec<Problem>,
    full: bool,
}

impl Problems {
    pub fn add(&mut self, file: &str, line: u64, column: Option<&str>, reason: impl Into<String>) {
        if self.full {
            return;
        }
        if self.list.len() >= MAX_PROBLEMS {
            self.full = true;
            self.list.push(Problem {
                file: file.to_owned(),
                line: 0,
                column: None,
                reason: format!("stopped reading after {MAX_PROBLEMS} problems"),
            });
            return;
        }
        self.list.push(Problem {
            file: file.to_owned(),
            line,
            column: column.map(str::to_owned),
            reason: reason.into(),
        });
    }

    /// Too many problems: reading stops.
    pub fn full(&self) -> bool {
        self.full
    }

    pub fn into_vec(self) -> Vec<Problem> {
        self.list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_print_as_file_line_column_reason() {
        let mut p = Problems::default();
        p.add("events.csv", 7, Some("hte_Date"), "not a date");
        p.add("cases.csv", 0, None, "file is missing");
        p.add("cases.csv", 1, Some("lk_CaseId"), "column is missing");
        let shown: Vec<String> = p.into_vec().iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "events.csv:7: hte_Date: not a date",
                "cases.csv: file is missing",
                "cases.csv:1: lk_CaseId: column is missing"
            ]
        );
    }

    #[test]
    fn collection_stops_at_the_limit_with_a_note() {
        let mut p = Problems::default();
        for i in 0..MAX_PROBLEMS + 10 {
            p.add("x.csv", i as u64, None, "bad");
        }
        assert!(p.full());
        let list = p.into_vec();
        assert_eq!(list.len(), MAX_PROBLEMS + 1);
        assert!(list[MAX_PROBLEMS].reason.contains("stopped reading"));
    }
}
