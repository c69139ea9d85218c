//! Import: reads every file, checks every row and cell, and rebuilds the organisations and whole cases,
//! or returns every problem found and nothing else.
//!
//! Files are read in an order where each refers only to files read before it (organisations, cases,
//! persons, then the records that name them). Records are put together field by field, exactly as they
//! were exported; the domain's own validators and the rules its methods enforce (a verdict needs a charge,
//! a sentence a conviction, ...) are checked on the way, so no record gets in that the domain would refuse.

mod cases;
mod court;
mod justice;
mod orgs;
mod people;
mod records;
mod registry;
mod row;
mod table;

use std::path::Path;

use lekhotla_domain::{Case, Organisation};
use time::{Date, Duration, OffsetDateTime};

use crate::problem::ImportErrors;
use registry::Registry;
use row::Row;
use table::Reader;

/// Everything the files hold: organisations by id (the order an export writes them in, whatever order the
/// file had), cases in file order with their records.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportData {
    pub orgs: Vec<Organisation>,
    pub cases: Vec<Case>,
}

/// Reads the HTCDS files in `dir`. Dates may be up to one day after today (UTC), for the time zones ahead.
/// `progress` is told how many rows have been read, every 1,000 rows and at the end.
pub fn import(dir: &Path, progress: &mut dyn FnMut(u64)) -> Result<ImportData, ImportErrors> {
    let today = OffsetDateTime::now_utc().date();
    import_on(dir, today.saturating_add(Duration::days(1)), progress)
}

/// [`import()`] with `today` given: the latest day a date that must not be in the future may have.
///
/// A directory whose [`PURPOSE_FILE`](crate::PURPOSE_FILE) names anything but a transfer (a statistics
/// export) is refused with that one problem, before any file is read.
pub fn import_on(dir: &Path, today: Date, progress: &mut dyn FnMut(u64)) -> Result<ImportData, ImportErrors> {
    if let Some(problem) = crate::purpose::refusal(dir) {
        return Err(ImportErrors::new(vec![problem]));
    }
    let mut reader = Reader::new(dir, progress);
    let mut st = Import { today, reg: Registry::default(), orgs: Vec::new(), cases: Vec::new() };
    orgs::read(&mut reader, &mut st);
    cases::read(&mut reader, &mut st);
    people::read(&mut reader, &mut st);
    records::read(&mut reader, &mut st);
    cases::read_comments_and_links(&mut reader, &mut st);
    justice::read(&mut reader, &mut st);
    court::read(&mut reader, &mut st);
    let problems = reader.finish();
    if problems.is_empty() {
        let mut orgs = st.orgs;
        orgs.sort_by_key(|o| o.id);
        Ok(ImportData { orgs, cases: st.cases })
    } else {
        Err(ImportErrors::new(problems))
    }
}

/// The import under way: what is built so far and what has been seen.
#[derive(Debug)]
pub(crate) struct Import {
    pub today: Date,
    pub reg: Registry,
    pub orgs: Vec<Organisation>,
    pub cases: Vec<Case>,
}

impl Import {
    /// Reads one file with `each`, noting it as unread when it could not be read whole.
    pub fn file(
        &mut self,
        reader: &mut Reader<'_>,
        file: &'static str,
        columns: &'static [&'static str],
        mut each: impl FnMut(&mut Self, &mut Row<'_>),
    ) {
        if !reader.read(file, columns, |r| each(self, r)) {
            self.reg.unread.insert(file);
        }
    }

    /// The case at `slot`, when the row is good enough to be attached to it.
    pub fn case_mut(&mut self, r: &Row<'_>, slot: Option<usize>) -> Option<&mut Case> {
        if r.failed() { None } else { slot.and_then(|i| self.cases.get_mut(i)) }
    }
}
