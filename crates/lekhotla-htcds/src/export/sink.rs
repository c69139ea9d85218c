//! One output file: its CSV writer, and the row being put together cell by cell in column order.

use std::fmt::Display;
use std::fs::File;
use std::path::{Path, PathBuf};

use lekhotla_domain::{CountryCode, Vocabulary};
use time::{Date, OffsetDateTime};

use super::ExportError;
use crate::cell;

/// A CSV file being written, with its header already out.
#[derive(Debug)]
pub(crate) struct Sink {
    path: PathBuf,
    columns: &'static [&'static str],
    writer: csv::Writer<File>,
    rows: u64,
}

impl Sink {
    pub fn create(dir: &Path, file: &str, columns: &'static [&'static str]) -> Result<Self, ExportError> {
        let path = dir.join(file);
        let handle = File::create(&path).map_err(|source| ExportError::Io { path: path.clone(), source })?;
        let writer = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(handle);
        let mut sink = Self { path, columns, writer, rows: 0 };
        sink.writer.write_record(columns).map_err(|e| sink.csv_error(e))?;
        Ok(sink)
    }

    /// A new, empty row for this file.
    pub fn row(&self) -> Row {
        Row { columns: self.columns, cells: Vec::with_capacity(self.columns.len()), error: None }
    }

    pub fn write(&mut self, row: Row) -> Result<(), ExportError> {
        debug_assert_eq!(row.cells.len(), self.columns.len(), "{}: a row must fill every column", self.path.display());
        if let Some((column, reason)) = row.error {
            return Err(ExportError::Value { path: self.path.clone(), column, reason });
        }
        self.writer.write_record(&row.cells).map_err(|e| self.csv_error(e))?;
        self.rows += 1;
        Ok(())
    }

    /// Rows written, header not counted.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    pub fn finish(mut self) -> Result<(), ExportError> {
        self.writer.flush().map_err(|source| ExportError::Io { path: self.path.clone(), source })
    }

    fn csv_error(&self, source: csv::Error) -> ExportError {
        ExportError::Csv { path: self.path.clone(), source }
    }
}

/// A row being filled in column order; each cell names its column, which is checked in debug builds.
#[derive(Debug)]
pub(crate) struct Row {
    columns: &'static [&'static str],
    cells: Vec<String>,
    error: Option<(&'static str, String)>,
}

impl Row {
    fn put(&mut self, column: &'static str, value: String) -> &mut Self {
        debug_assert_eq!(self.columns.get(self.cells.len()), Some(&column), "cells out of column order");
        self.cells.push(value);
        self
    }

    /// An id, number or other value written with `Display`.
    pub fn value(&mut self, column: &'static str, v: impl Display) -> &mut Self {
        self.put(column, v.to_string())
    }

    pub fn opt_value<T: Display>(&mut self, column: &'static str, v: Option<T>) -> &mut Self {
        self.put(column, v.map(|v| v.to_string()).unwrap_or_default())
    }

    /// Free text, guarded against formula injection.
    pub fn text(&mut self, column: &'static str, t: &str) -> &mut Self {
        self.put(column, cell::guard(t).into_owned())
    }

    pub fn opt_text(&mut self, column: &'static str, t: Option<&String>) -> &mut Self {
        self.put(column, t.map(|t| cell::guard(t).into_owned()).unwrap_or_default())
    }

    pub fn code<V: Vocabulary>(&mut self, column: &'static str, v: V) -> &mut Self {
        self.put(column, v.code().to_owned())
    }

    pub fn opt_code<V: Vocabulary>(&mut self, column: &'static str, v: Option<V>) -> &mut Self {
        self.put(column, v.map(|v| v.code().to_owned()).unwrap_or_default())
    }

    pub fn codes<V: Vocabulary>(&mut self, column: &'static str, v: &[V]) -> &mut Self {
        self.put(column, cell::codes(v))
    }

    pub fn countries(&mut self, column: &'static str, v: &[CountryCode]) -> &mut Self {
        self.put(column, cell::countries(v))
    }

    pub fn date(&mut self, column: &'static str, d: Date) -> &mut Self {
        self.put(column, cell::date(d))
    }

    pub fn opt_date(&mut self, column: &'static str, d: Option<Date>) -> &mut Self {
        self.put(column, d.map(cell::date).unwrap_or_default())
    }

    pub fn flag(&mut self, column: &'static str, b: bool) -> &mut Self {
        self.put(column, cell::flag(b).to_owned())
    }

    /// A flag that may be unknown: `true`, `false` or empty.
    pub fn opt_flag(&mut self, column: &'static str, b: Option<bool>) -> &mut Self {
        self.put(column, b.map(|b| cell::flag(b).to_owned()).unwrap_or_default())
    }

    pub fn timestamp(&mut self, column: &'static str, t: OffsetDateTime) -> &mut Self {
        let text = cell::timestamp(t).unwrap_or_else(|reason| {
            self.error.get_or_insert((column, reason));
            String::new()
        });
        self.put(column, text)
    }

    /// An empty cell (a column this kind of row does not use).
    pub fn empty(&mut self, column: &'static str) -> &mut Self {
        self.put(column, String::new())
    }
}
