//! How fast services answer referrals (issue 12): the referrals sent in the period, those answered by their
//! deadline, and those still waiting past it at the period's end, by the case's district and by service. Each
//! is one table of the `responses` count (`statistics::sql`), shown in the protection section.

use lekhotla_domain::vocabulary::ServiceType;

use super::grid::DraftTable;
use super::prevention::{Extension, districts, extension_tables, labels};
use super::{Context, Draft, ReportError};
use crate::definitions as def;
use crate::model::Label;
use lekhotla_storage::statistics::StatsCounts;

fn services(_: &Context) -> Vec<Label> {
    labels::<ServiceType>()
}

/// The response tables, in order.
pub const RESPONSES: &[Extension] = &[
    Extension {
        count: "responses",
        key: 0,
        measure: 0,
        counts: "referrals_sent",
        id: "protection.referrals_sent",
        title: "Referrals sent, by district",
        definition: def::REFERRALS_SENT,
        row_heading: "District",
        column: "Referrals sent",
        rows: districts,
    },
    Extension {
        count: "responses",
        key: 0,
        measure: 2,
        counts: "answered_on_time",
        id: "protection.answered_on_time",
        title: "Referrals answered by their deadline, by district",
        definition: def::ANSWERED_ON_TIME,
        row_heading: "District",
        column: "Answered by the deadline",
        rows: districts,
    },
    Extension {
        count: "responses",
        key: 0,
        measure: 3,
        counts: "waiting_late",
        id: "protection.waiting_late",
        title: "Referrals unanswered past their deadline at the period's end, by district",
        definition: def::WAITING_LATE,
        row_heading: "District",
        column: "Unanswered past the deadline",
        rows: districts,
    },
    Extension {
        count: "responses",
        key: 1,
        measure: 2,
        counts: "answered_on_time",
        id: "protection.answered_on_time_by_service",
        title: "Referrals answered by their deadline, by service",
        definition: def::ANSWERED_ON_TIME,
        row_heading: "Service",
        column: "Answered by the deadline",
        rows: services,
    },
];

pub fn tables(d: &mut Draft, counts: &StatsCounts, cx: &Context) -> Result<Vec<DraftTable>, ReportError> {
    extension_tables(d, counts, cx, RESPONSES)
}
