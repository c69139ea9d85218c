//! An import may replace a stored case only with the state its file was made from or a later one. A file whose
//! case is at an older version than the database's would put back what was there before the changes made since
//! it was written (an officer's edit, a referral moved): a lost update, which an edit through the API cannot
//! make (`If-Match`). Every change to a case or its records raises the case's version, so the case's alone
//! tells. Equal versions replace (importing the same files again changes nothing).

use lekhotla_domain::Case;
use uuid::Uuid;

use crate::DbError;

/// At most this many cases are named in the refusal, then how many more.
const NAMED: usize = 10;

/// [`DbError::Conflict`] naming every case of `cases` at an older version than `stored` gives for its id (none for
/// a case not stored), with the versions; the import is then refused whole.
pub fn refuse_older(cases: &[Case], stored: impl Fn(Uuid) -> Option<i64>) -> Result<(), DbError> {
    let older: Vec<String> = cases
        .iter()
        .filter_map(|c| {
            let now = stored(c.id.0)?;
            (c.version < now)
                .then(|| format!("{} (version {} in the file, {now} in the database)", c.number, c.version))
        })
        .collect();
    if older.is_empty() {
        return Ok(());
    }
    let mut named = older.iter().take(NAMED).cloned().collect::<Vec<_>>().join(", ");
    if older.len() > NAMED {
        named.push_str(&format!(" and {} more", older.len() - NAMED));
    }
    let (n, were) = match older.len() {
        1 => ("1 case".to_owned(), "was"),
        n => (format!("{n} cases"), "were"),
    };
    Err(DbError::Conflict(format!(
        "the import would undo changes made since its files were written: {n} {were} changed in the database \
         after that: {named}; export those cases again and make the changes in the new files"
    )))
}
