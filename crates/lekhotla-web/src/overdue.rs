//! Who is told of which unanswered referral past its deadline: the receiving organisation's officers of
//! their own; the hub's focal point of every one in the districts its hub office serves; the national
//! coordinator of those past twice their deadline anywhere. The same rule feeds "My work", the API and the
//! daily digest. Only case numbers, services, organisations and days: no person is named.

use lekhotla_domain::{Escalation, Geography, OrgId, ResponseDeadlines, UnitCode};
use lekhotla_identity::{Permission, Role, Roles};
use lekhotla_storage::{DbError, OverdueQuery, OverdueRow, Store};
use time::Date;

use crate::scope::served_with;

/// A person as the rule reads them.
#[derive(Debug, Clone, Copy)]
pub struct Reader<'a> {
    pub roles: &'a Roles,
    pub organisation: OrgId,
    pub district: Option<&'a UnitCode>,
}

/// An overdue referral as a person is told of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Late {
    pub row: OverdueRow,
    pub level: Escalation,
    /// The day it should have been answered by.
    pub due: Date,
    /// Days past that day.
    pub days_late: i64,
    /// Why this person is told: their organisation's, their hub's, or escalated to the coordinator.
    pub reason: Why,
}

/// Why a person is told of an overdue referral.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Why {
    /// Sent to their organisation.
    Ours,
    /// In a district their hub office serves.
    Hub,
    /// Past twice its deadline (the national coordinator).
    Escalated,
}

impl Why {
    /// The id of its words in the locale files.
    pub fn message(self) -> &'static str {
        match self {
            Why::Ours => "overdue-why-ours",
            Why::Hub => "overdue-why-hub",
            Why::Escalated => "overdue-why-escalated",
        }
    }
}

/// The overdue referrals `reader` is told of on `today`, longest waiting first, at most `limit`.
pub async fn for_reader(
    store: &dyn Store,
    geography: &Geography,
    deadlines: &ResponseDeadlines,
    reader: Reader<'_>,
    today: Date,
    limit: u32,
) -> Result<Vec<Late>, DbError> {
    let mut asks: Vec<(Why, OverdueQuery)> = Vec::new();
    let base = OverdueQuery { today, level: Escalation::Overdue, districts: None, to_org: None, limit };
    if reader.roles.contains(Role::NationalCoordinator) {
        asks.push((Why::Escalated, OverdueQuery { level: Escalation::Escalated, ..base.clone() }));
    }
    if let (true, Some(own)) = (reader.roles.contains(Role::FocalPoint), reader.district) {
        asks.push((Why::Hub, OverdueQuery { districts: Some(served_with(own, geography)), ..base.clone() }));
    }
    if reader.roles.iter().any(|r| r.allows(Permission::WriteCases)) {
        asks.push((Why::Ours, OverdueQuery { to_org: Some(reader.organisation), ..base.clone() }));
    }
    let mut out: Vec<Late> = Vec::new();
    for (why, q) in asks {
        for row in store.overdue_referrals(deadlines, &q).await? {
            if let Some(seen) = out.iter_mut().find(|l| l.row.referral == row.referral) {
                seen.reason = seen.reason.min(why);
                continue;
            }
            let level = deadlines.escalation(row.service, row.child, row.sent_on, today);
            let due = deadlines.due(row.service, row.child, row.sent_on);
            out.push(Late { days_late: (today - due).whole_days(), level, due, reason: why, row });
        }
    }
    out.sort_by(|a, b| (a.row.sent_on, &a.row.case_number).cmp(&(b.row.sent_on, &b.row.case_number)));
    out.truncate(limit as usize);
    Ok(out)
}
