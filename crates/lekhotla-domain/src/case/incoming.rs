//! A case that came from another organisation (HTCDS referral details, incoming side): who referred it,
//! when, why, and their primary case worker.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::error::Checker;
use crate::ids::{OrgId, UserRef};
use crate::limits::{TextLimits, max};
use crate::vocabulary::IncomingReferralReason;

/// The incoming referral of a case: recorded once, on the case itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IncomingReferral {
    /// `cas_ReferringOrganisation`.
    pub from_org: OrgId,
    /// `cas_IncomingReferralDate`: when this organisation accepted the referral.
    #[serde(default)]
    pub received_on: Option<Date>,
    /// `cas_ReasonForIncomingReferral`.
    #[serde(default)]
    pub reason: Option<IncomingReferralReason>,
    /// `cas_IncomingReferralDetails`: arrangements and logistics (sealed).
    #[serde(default)]
    pub details: Option<String>,
    /// `cas_ReferringPrimaryCaseWorker`, as written (the form imported data carries).
    #[serde(default)]
    pub case_worker: Option<String>,
    /// The referring primary case worker's user account, when known.
    #[serde(default)]
    pub case_worker_user: Option<UserRef>,
}

impl IncomingReferral {
    /// The most characters of each free-text member.
    pub const TEXT_LIMITS: TextLimits = &[("details", 4000), ("case_worker", 100)];

    /// Checks the fields; `today` is the latest date `received_on` may have.
    pub fn check(&self, c: &mut Checker, prefix: &str, today: Date) {
        let f = |n: &str| format!("{prefix}.{n}");
        c.opt_past(&f("received_on"), self.received_on, today);
        c.opt_text(&f("details"), &self.details, max!("details"));
        c.opt_text(&f("case_worker"), &self.case_worker, max!("case_worker"));
    }
}
