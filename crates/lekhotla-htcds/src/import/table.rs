//! Reading one file: opening it, checking its header against the expected columns, and handing each
//! well-formed row on, with the line it starts on.

use foldhash::{HashMap, HashMapExt};
use std::fs::File;
use std::path::Path;

use csv::StringRecord;

use super::row::Row;
use crate::problem::{Problem, Problems};

/// How often (in rows) progress is reported.
const PROGRESS_EVERY: u64 = 1_000;

/// Reads the files of one directory, collecting every problem.
pub(crate) struct Reader<'a> {
    dir: &'a Path,
    problems: Problems,
    progress: &'a mut dyn FnMut(u64),
    rows: u64,
}

impl std::fmt::Debug for Reader<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reader").field("dir", &self.dir).field("rows", &self.rows).finish_non_exhaustive()
    }
}

impl<'a> Reader<'a> {
    pub fn new(dir: &'a Path, progress: &'a mut dyn FnMut(u64)) -> Self {
        Self { dir, problems: Problems::default(), progress, rows: 0 }
    }

    /// Reads `file`, calling `each` for every row that has one cell per column. Returns false when the file
    /// could not be read as a whole (missing, unreadable, or a column missing or repeated), so that the
    /// records of other files are not blamed for referring to what it holds.
    pub fn read(
        &mut self,
        file: &'static str,
        columns: &'static [&'static str],
        mut each: impl FnMut(&mut Row<'_>),
    ) -> bool {
        if self.problems.full() {
            return false;
        }
        let path = self.dir.join(file);
        let handle = match File::open(&path) {
            Ok(h) => h,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                self.problems.add(file, 0, None, "file is missing");
                return false;
            }
            Err(e) => {
                self.problems.add(file, 0, None, format!("cannot be opened: {e}"));
                return false;
            }
        };
        let mut csv = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(handle);
        let header = match csv.headers() {
            Ok(h) => h.clone(),
            Err(e) => {
                self.problems.add(file, 1, None, format!("the header row cannot be read: {e}"));
                return false;
            }
        };
        let Some(index) = self.header(file, columns, &header) else { return false };
        let mut record = StringRecord::new();
        loop {
            if self.problems.full() {
                return false;
            }
            match csv.read_record(&mut record) {
                Ok(false) => return true,
                Ok(true) => {}
                Err(e) => {
                    let line = e.position().map_or(0, csv::Position::line);
                    match e.kind() {
                        csv::ErrorKind::Utf8 { .. } => {
                            self.problems.add(file, line, None, "the row is not valid UTF-8 text");
                            continue;
                        }
                        _ => {
                            self.problems.add(file, line, None, format!("reading stopped: {e}"));
                            return false;
                        }
                    }
                }
            }
            let line = record.position().map_or(0, csv::Position::line);
            self.rows += 1;
            if self.rows.is_multiple_of(PROGRESS_EVERY) {
                (self.progress)(self.rows);
            }
            if record.len() != header.len() {
                let reason = format!("the row has {} cells but the header has {}", record.len(), header.len());
                self.problems.add(file, line, None, reason);
                continue;
            }
            let mut row = Row::new(file, line, &record, &index, &mut self.problems);
            each(&mut row);
        }
    }

    /// Maps each expected column to its position in the header; reports missing, repeated and unknown columns.
    fn header(
        &mut self,
        file: &'static str,
        columns: &'static [&'static str],
        header: &StringRecord,
    ) -> Option<HashMap<&'static str, usize>> {
        let mut index = HashMap::with_capacity(columns.len());
        let mut whole = true;
        for (i, name) in header.iter().enumerate() {
            let name = if i == 0 { name.trim_start_matches('\u{feff}') } else { name };
            match columns.iter().find(|c| **c == name) {
                Some(c) if index.contains_key(c) => {
                    self.problems.add(file, 1, Some(name), "the column appears more than once");
                    whole = false;
                }
                Some(c) => {
                    index.insert(*c, i);
                }
                None => self.problems.add(file, 1, Some(name), format!("{file} has no such column")),
            }
        }
        for c in columns {
            if !index.contains_key(c) {
                self.problems.add(file, 1, Some(c), "column is missing");
                whole = false;
            }
        }
        whole.then_some(index)
    }

    /// Records a problem found after a file was read.
    pub fn report(&mut self, file: &str, line: u64, column: &str, reason: impl Into<String>) {
        self.problems.add(file, line, Some(column), reason);
    }

    /// Reports the final count and hands over every problem found.
    pub fn finish(self) -> Vec<Problem> {
        (self.progress)(self.rows);
        self.problems.into_vec()
    }
}
