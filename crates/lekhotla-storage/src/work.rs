//! What needs a person's attention (the `/work` page): hearings coming up and children's referrals not yet
//! accepted, of the cases in the reader's scope, read without opening the cases (no note, no person).

use lekhotla_domain::{CaseId, CaseNumber, HearingKind};
use time::Date;

/// The SQL both stores run for the work lists (only the binds' types differ).
pub mod sql {
    /// Counts hearings of cases; the date range and scope follow.
    pub const HEARINGS_COUNT: &str = "SELECT count(*) FROM hearings h JOIN cases ON cases.id = h.case_id";
    /// The hearings' rows; the date range and scope follow.
    pub const HEARINGS_SELECT: &str =
        "SELECT h.case_id, cases.number, h.on_date, h.kind FROM hearings h JOIN cases ON cases.id = h.case_id";
    /// The first hearing first; the `LIMIT` bind follows.
    pub const HEARINGS_ORDER: &str = " ORDER BY h.on_date, cases.number LIMIT ";
    /// A child's referral to child protection, not yet answered (the referral list's `WHERE`); its binds
    /// are the service and the state.
    pub const CHILD_REFERRALS_WHERE: &str = " WHERE rf.service = ";
}

/// One hearing of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpcomingHearing {
    pub case: CaseId,
    pub case_number: CaseNumber,
    pub on: Date,
    pub kind: HearingKind,
}

/// Hearings, soonest first, and how many there are in all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HearingList {
    pub items: Vec<UpcomingHearing>,
    pub total: u64,
}
