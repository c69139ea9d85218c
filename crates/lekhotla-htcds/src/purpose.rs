//! Why the files are written: a lossless transfer between installations, or de-identified statistics.
//!
//! A statistics export says so in a small file, [`PURPOSE_FILE`], beside the CSV files; [`import()`]
//! refuses a directory whose purpose file names anything but a transfer.
//!
//! [`import()`]: crate::import()

use std::path::Path;

use crate::problem::Problem;

/// The file that names an export's purpose. A transfer export writes none (its files are what they always
/// were); a statistics export writes `statistics` on its first line.
pub const PURPOSE_FILE: &str = "EXPORT-PURPOSE";

/// What an export is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Purpose {
    /// The whole registry, every value, for another installation (backup, migration): `import` reads it
    /// back into equal cases, and exporting those again gives byte-identical files.
    #[default]
    Transfer,
    /// Victim-level but de-identified, for statistics: the victims whose latest Statistics consent was
    /// refused or withdrawn are left out with what names them, and every sealed field is empty
    /// (`Case::for_statistics`). Not for `import`.
    Statistics,
}

impl Purpose {
    /// The purpose as written in [`PURPOSE_FILE`] and in the export's audit entry.
    pub fn code(self) -> &'static str {
        match self {
            Self::Transfer => "transfer",
            Self::Statistics => "statistics",
        }
    }
}

/// What a statistics export writes in [`PURPOSE_FILE`].
pub(crate) const STATISTICS_NOTE: &str = "statistics\n\
    De-identified for statistics: victims who refused or withdrew their consent to statistics are left out, \
    with the records that name them, and names, birth dates, contact details, addresses and notes are empty.\n\
    These files are not for `lekhotla import htcds`: import a transfer export (`export htcds --for transfer`).\n";

/// The problem with importing `dir` when its purpose file names anything but a transfer.
pub(crate) fn refusal(dir: &Path) -> Option<Problem> {
    let text = std::fs::read_to_string(dir.join(PURPOSE_FILE)).ok()?;
    let purpose = text.lines().next().unwrap_or("").trim();
    if purpose == Purpose::Transfer.code() {
        return None;
    }
    let reason = if purpose == Purpose::Statistics.code() {
        "this is a statistics export (de-identified, victims left out for want of consent): it cannot be imported; \
         import a transfer export (`lekhotla export htcds --out DIR`)"
            .to_owned()
    } else {
        format!("names the purpose {purpose:?}: only a transfer export can be imported")
    };
    Some(Problem { file: PURPOSE_FILE.to_owned(), line: 0, column: None, reason })
}
