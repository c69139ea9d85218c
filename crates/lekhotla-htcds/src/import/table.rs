//! Reading one file: opening it, checking its header against the expected columns, and handing each
//! well-formed row on, with the line it starts on.

use foldhash::{HashMap, HashMapExt};
use std::fs::File;
use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender};

use csv::StringRecord;

use super::row::Row;
use crate::problem::{Problem, Problems};

/// How often (in rows) progress is reported.
const PROGRESS_EVERY: u64 = 1_000;

/// Rows handed from the splitting thread to the reading one at a time.
const BATCH: usize = 512;
/// Batches the splitting thread may have split ahead of the reading.
const AHEAD: usize = 4;

/// What the splitting thread found next: a row, or where a row was not text or the file could be read no further.
enum Item {
    Record(StringRecord),
    NotUtf8(u64),
    Stopped(u64, String),
}

/// Splits the rows of `csv` into batches sent to `rows`, reading into the records of the batches `used` gives
/// back, until the file ends, it can be read no further, or the reader stops listening.
fn split(mut csv: csv::Reader<File>, rows: &SyncSender<Vec<Item>>, used: &Receiver<Vec<Item>>) {
    let mut spare: Vec<StringRecord> = Vec::new();
    loop {
        spare.extend(used.try_iter().flatten().filter_map(|item| match item {
            Item::Record(r) => Some(r),
            _ => None,
        }));
        let mut batch = Vec::with_capacity(BATCH);
        let mut ended = false;
        while batch.len() < BATCH {
            let mut record = spare.pop().unwrap_or_default();
            match csv.read_record(&mut record) {
                Ok(false) => {
                    ended = true;
                    break;
                }
                Ok(true) => batch.push(Item::Record(record)),
                Err(e) => {
                    let line = e.position().map_or(0, csv::Position::line);
                    if let csv::ErrorKind::Utf8 { .. } = e.kind() {
                        batch.push(Item::NotUtf8(line));
                    } else {
                        batch.push(Item::Stopped(line, e.to_string()));
                        ended = true;
                        break;
                    }
                }
            }
        }
        if (!batch.is_empty() && rows.send(batch).is_err()) || ended {
            return;
        }
    }
}

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
        // The rows are split into cells (and their text checked) on a thread of their own while this one checks
        // and puts together the records: the splitting was a fifth of the reading.
        std::thread::scope(|scope| {
            let (rows, rx) = std::sync::mpsc::sync_channel::<Vec<Item>>(AHEAD);
            let (back, used) = std::sync::mpsc::channel::<Vec<Item>>();
            scope.spawn(move || split(csv, &rows, &used));
            for mut batch in rx {
                for item in batch.iter_mut() {
                    if self.problems.full() {
                        return false;
                    }
                    let record = match item {
                        Item::Record(record) => record,
                        Item::NotUtf8(line) => {
                            self.problems.add(file, *line, None, "the row is not valid UTF-8 text");
                            continue;
                        }
                        Item::Stopped(line, reason) => {
                            self.problems.add(file, *line, None, format!("reading stopped: {reason}"));
                            return false;
                        }
                    };
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
                    let mut row = Row::new(file, line, record, &index, &mut self.problems);
                    each(&mut row);
                }
                // The records go back to be read into again; a splitter that has stopped no longer wants them.
                let _ = back.send(batch);
            }
            true
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: &[&str] = &["a", "b"];

    /// Reads `t.csv` (written as `bytes`), giving each good row's line and first cell, and the problems.
    fn read(bytes: &[u8]) -> (bool, Vec<(u64, String)>, Vec<Problem>) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("t.csv"), bytes).unwrap();
        let mut progress = |_| {};
        let mut reader = Reader::new(dir.path(), &mut progress);
        let mut seen = Vec::new();
        let whole = reader.read("t.csv", COLUMNS, |row| seen.push((row.line, row.raw("a").to_owned())));
        (whole, seen, reader.finish())
    }

    #[test]
    fn rows_come_in_file_order_with_their_lines_across_batches() {
        let mut file = b"a,b\n".to_vec();
        let rows = BATCH * 3 + 7;
        for i in 0..rows {
            file.extend_from_slice(format!("{i},x\n").as_bytes());
        }
        let (whole, seen, problems) = read(&file);
        assert!(whole);
        assert!(problems.is_empty());
        assert_eq!(seen.len(), rows);
        for (i, (line, a)) in seen.iter().enumerate() {
            assert_eq!((*line, a.as_str()), (i as u64 + 2, i.to_string().as_str()));
        }
    }

    #[test]
    fn a_row_that_is_not_text_is_named_and_the_rows_after_it_are_read() {
        let (whole, seen, problems) = read(b"a,b\n1,x\n2,\xff\xfe\n3,y\n4\n");
        assert!(whole);
        assert_eq!(seen, vec![(2, "1".to_owned()), (4, "3".to_owned())]);
        let reasons: Vec<(u64, &str)> = problems.iter().map(|p| (p.line, p.reason.as_str())).collect();
        assert_eq!(
            reasons,
            vec![(3, "the row is not valid UTF-8 text"), (5, "the row has 1 cells but the header has 2")]
        );
    }

    #[test]
    fn reading_stops_at_the_problems_limit_without_waiting_for_the_rest() {
        let mut file = b"a,b\n".to_vec();
        for _ in 0..crate::problem::MAX_PROBLEMS + BATCH * (AHEAD + 2) {
            file.extend_from_slice(b"1\n");
        }
        let (whole, seen, problems) = read(&file);
        assert!(!whole);
        assert!(seen.is_empty());
        assert_eq!(problems.len(), crate::problem::MAX_PROBLEMS + 1);
        assert!(problems.last().unwrap().reason.contains("stopped reading"));
    }
}
