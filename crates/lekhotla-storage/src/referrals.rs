//! Referral lists: an organisation's inbox (referrals sent to it) and outbox (referrals it sent),
//! within the reader's need-to-know scope, without opening the cases (no sealed note is read).

use lekhotla_domain::{CaseId, CaseNumber, OrgId, PersonId, ReferralId, ReferralState, ServiceType};
use time::Date;

use crate::scope::Scope;

/// The SQL both stores run for a referral list (only the binds' types differ): the count, the page's
/// columns, and its order (a `LIMIT` bind follows).
pub mod sql {
    /// Counts the matching referrals of cases in a scope; the filter's `WHERE` follows.
    pub const COUNT: &str = "SELECT count(*) FROM referrals rf JOIN cases ON cases.id = rf.case_id";
    /// Counts the matching referrals when every case is in scope (no case needs looking at).
    pub const COUNT_ALL: &str = "SELECT count(*) FROM referrals rf";
    /// The page's rows; the filter's `WHERE` follows.
    pub const SELECT: &str = "SELECT rf.id, rf.case_id, cases.number, rf.version, rf.victim_id, rf.from_org, \
        rf.to_org, rf.service, rf.state, rf.automatic, rf.sent_on, rf.responded_on, rf.delivered_on, rf.closed_on \
        FROM referrals rf JOIN cases ON cases.id = rf.case_id";
    /// Newest sent first; the `LIMIT` bind follows.
    pub const ORDER: &str = " ORDER BY rf.sent_on DESC, rf.id DESC LIMIT ";
    /// The incoming side's condition; the organisation bind follows.
    pub const INCOMING: &str = " WHERE rf.to_org = ";
    /// The outgoing side's condition; the organisation bind follows.
    pub const OUTGOING: &str = " WHERE rf.from_org = ";
}

/// Which side of the referral the organisation is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Sent to the organisation.
    Incoming,
    /// Sent by the organisation.
    Outgoing,
}

/// Filters of a referral list. All given filters must hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralFilter {
    pub organisation: OrgId,
    pub direction: Direction,
    pub state: Option<ReferralState>,
    pub service: Option<ServiceType>,
    /// Only referrals of cases the reader may see.
    pub scope: Scope,
}

/// One line of a referral list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralLine {
    pub case: CaseId,
    pub case_number: CaseNumber,
    pub referral: ReferralId,
    /// The referral's version (its ETag, for the next move).
    pub version: i64,
    pub victim: Option<PersonId>,
    pub from_org: OrgId,
    pub to_org: OrgId,
    pub service: ServiceType,
    pub state: ReferralState,
    pub automatic: bool,
    pub sent_on: Date,
    pub responded_on: Option<Date>,
    pub delivered_on: Option<Date>,
    pub closed_on: Option<Date>,
}

/// One page of referrals and how many match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralList {
    pub items: Vec<ReferralLine>,
    pub total: u64,
}
