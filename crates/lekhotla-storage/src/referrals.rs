//! Referral lists: an organisation's inbox (referrals sent to it) and outbox (referrals it sent),
//! within the reader's need-to-know scope, without opening the cases (no sealed note is read).

use lekhotla_domain::{CaseId, CaseNumber, OrgId, PersonId, ReferralId, ReferralState, ServiceType};
use time::Date;

use crate::scope::Scope;

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
