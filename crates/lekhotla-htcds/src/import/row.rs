//! One row being read: its cells by column name, each parsed to its type, every problem noted with the
//! file, line and column it is in.
//!
//! Each getter returns `None` when the cell is bad (the problem is already recorded), so a row is read in
//! full, every cell checked, before its record is put together with `?`.

use foldhash::HashMap;

use csv::StringRecord;
use lekhotla_domain::DomainError;
use lekhotla_domain::error::Checker;

use crate::cell;
use crate::problem::Problems;

pub(crate) type Parse<T> = fn(&str) -> Result<T, String>;

pub(crate) struct Row<'r> {
    pub file: &'static str,
    pub line: u64,
    record: &'r StringRecord,
    index: &'r HashMap<&'static str, usize>,
    problems: &'r mut Problems,
    failed: bool,
}

impl std::fmt::Debug for Row<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

impl<'r> Row<'r> {
    pub fn new(
        file: &'static str,
        line: u64,
        record: &'r StringRecord,
        index: &'r HashMap<&'static str, usize>,
        problems: &'r mut Problems,
    ) -> Self {
        Self { file, line, record, index, problems, failed: false }
    }

    /// The cell of `column`, as written.
    pub fn raw(&self, column: &str) -> &'r str {
        self.index.get(column).and_then(|i| self.record.get(*i)).unwrap_or("")
    }

    /// Records a problem with `column`.
    pub fn fail(&mut self, column: &str, reason: impl Into<String>) {
        self.failed = true;
        self.problems.add(self.file, self.line, Some(column), reason);
    }

    /// Some problem was found in this row.
    pub fn failed(&self) -> bool {
        self.failed
    }

    /// A required cell of a type other than free text.
    pub fn req<T>(&mut self, column: &str, parse: Parse<T>) -> Option<T> {
        match self.opt(column, parse) {
            Some(Some(v)) => Some(v),
            Some(None) => {
                self.fail(column, "is required but empty");
                None
            }
            None => None,
        }
    }

    /// An optional cell: `Some(None)` when empty, `None` when bad.
    pub fn opt<T>(&mut self, column: &str, parse: Parse<T>) -> Option<Option<T>> {
        let s = self.raw(column).trim();
        if s.is_empty() {
            return Some(None);
        }
        match parse(s) {
            Ok(v) => Some(Some(v)),
            Err(reason) => {
                self.fail(column, reason);
                None
            }
        }
    }

    /// A list cell (`;`-separated); empty is the empty list.
    pub fn list<T>(&mut self, column: &str, parse: Parse<Vec<T>>) -> Option<Vec<T>> {
        self.opt(column, parse).map(Option::unwrap_or_default)
    }

    /// Required free text, with the formula guard removed.
    pub fn text(&mut self, column: &str) -> Option<String> {
        let s = self.raw(column);
        if s.is_empty() {
            self.fail(column, "is required but empty");
            return None;
        }
        Some(cell::unguard(s).to_owned())
    }

    /// Optional free text, with the formula guard removed; `None` when empty.
    pub fn opt_text(&mut self, column: &str) -> Option<String> {
        let s = self.raw(column);
        (!s.is_empty()).then(|| cell::unguard(s).to_owned())
    }

    /// Checks that a column this kind of row does not use is empty.
    pub fn unused(&mut self, columns: &[&str], why: &str) {
        for c in columns {
            if !self.raw(c).is_empty() {
                self.fail(c, format!("must be empty {why}"));
            }
        }
    }

    /// Records the field errors of a checker whose field names are column names.
    pub fn check(&mut self, checker: Checker) {
        for e in checker.into_errors() {
            self.fail(&e.field, e.reason);
        }
    }

    /// Records a domain validator's refusal, naming the column of each field through `column`
    /// (given the last part of the field's path, `first_name` of `person.first_name`).
    pub fn domain(&mut self, result: Result<(), DomainError>, column: fn(&str) -> Option<&'static str>) {
        match result {
            Ok(()) => {}
            Err(DomainError::Invalid(errors)) => {
                for e in errors {
                    let last = e.field.rsplit('.').next().unwrap_or(&e.field);
                    let name = column(last).map_or(e.field.clone(), str::to_owned);
                    self.fail(&name, e.reason);
                }
            }
            Err(other) => {
                self.failed = true;
                self.problems.add(self.file, self.line, None, other.to_string());
            }
        }
    }
}
