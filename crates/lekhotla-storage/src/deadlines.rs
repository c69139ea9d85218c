//! Referral deadlines as the stores keep them (migration 0021): the deadlines of every service as one JSON
//! setting under optimistic concurrency, the referrals still unanswered past their deadline (read from the
//! referrals' own columns: service, the victim's age group, the day sent, the case's district), and the
//! answered ones of a period for response times. The SQL and the trait's implementation (`stored.rs`, for
//! every [`SqlStore`](crate::sql_store::SqlStore)) are written here once.

use async_trait::async_trait;
use lekhotla_audit::NewEntry;
use lekhotla_domain::{
    CaseNumber, Escalation, OrgId, ReferralId, ResponseDeadlines, ServiceType, UnitCode, Vocabulary,
};
use time::Date;

use crate::DbError;
use crate::statistics::{Dialect, sql::date_literal};

mod stored;

/// The setting's name in `settings`.
pub const SETTING: &str = "referral_deadlines";

/// Which unanswered referrals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverdueQuery {
    pub today: Date,
    /// At least this far past the deadline (`Overdue` or `Escalated`).
    pub level: Escalation,
    /// Of cases in these districts only (`None`: all).
    pub districts: Option<Vec<UnitCode>>,
    /// Sent to this organisation only.
    pub to_org: Option<OrgId>,
    pub limit: u32,
}

/// An unanswered referral past its deadline. No person is named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverdueRow {
    pub referral: ReferralId,
    pub case_number: CaseNumber,
    pub service: ServiceType,
    pub from_org: OrgId,
    pub to_org: OrgId,
    /// The case's district (empty when it has none).
    pub district: String,
    pub sent_on: Date,
    /// A child's (or a victim of unknown age): the shorter deadline.
    pub child: bool,
}

/// A referral of a period, with when it was answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseRow {
    pub service: ServiceType,
    pub to_org: OrgId,
    pub district: String,
    pub child: bool,
    pub sent_on: Date,
    pub responded_on: Option<Date>,
}

/// Where a person's daily digest goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub user: uuid::Uuid,
    pub email: String,
    /// `en` or `st`.
    pub language: String,
}

/// Deadlines, their referrals and the digest's addresses. Callers use these directly.
#[async_trait]
pub trait Deadlines {
    /// The stored deadlines, or the defaults (at version 0) when none were ever set.
    async fn read_deadlines(&self) -> Result<ResponseDeadlines, DbError>;
    /// Stores `deadlines` in place of their version (0: none stored yet) and returns them at the next one;
    /// [`DbError::Conflict`] when someone changed them since.
    async fn write_deadlines(
        &self,
        deadlines: &ResponseDeadlines,
        audit: NewEntry,
    ) -> Result<ResponseDeadlines, DbError>;
    /// Unanswered referrals past their deadline, longest waiting first.
    async fn overdue_referrals(
        &self,
        deadlines: &ResponseDeadlines,
        q: &OverdueQuery,
    ) -> Result<Vec<OverdueRow>, DbError>;
    /// The referrals sent in `from..=to`, with their answers.
    async fn referral_responses(&self, from: Date, to: Date) -> Result<Vec<ResponseRow>, DbError>;
    /// Every person's digest address.
    async fn contacts(&self) -> Result<Vec<Contact>, DbError>;
    /// Sets (or, with `None`, removes) `user`'s digest address, with its audit entry.
    async fn set_contact(&self, user: uuid::Uuid, contact: Option<Contact>, audit: NewEntry) -> Result<(), DbError>;
}

/// The deadlines a stored setting holds, at its version.
pub fn parse(version: i64, value: &str) -> Result<ResponseDeadlines, DbError> {
    #[derive(serde::Deserialize)]
    struct Stored {
        services: Vec<lekhotla_domain::ServiceDeadline>,
    }
    let stored: Stored = serde_json::from_str(value).map_err(DbError::other)?;
    Ok(ResponseDeadlines { version, services: stored.services })
}

/// The deadlines at their next version, and the value to store.
pub fn next(d: &ResponseDeadlines) -> Result<(ResponseDeadlines, String), DbError> {
    let next = ResponseDeadlines { version: d.version + 1, services: d.services.clone() };
    let value = serde_json::to_string(&serde_json::json!({ "services": next.services })).map_err(DbError::other)?;
    Ok((next, value))
}

/// The conflict of deadlines changed since `read`.
pub fn stale(read: i64) -> DbError {
    DbError::Conflict(format!(
        "the deadlines were changed by someone else since you read them (version {read}); read them again"
    ))
}

/// Whether a referral's age group takes the child's deadline (a child, or age not known).
pub fn is_child(age_group: &str) -> bool {
    age_group != "adult"
}

/// A service code as stored.
pub fn service(code: &str) -> Result<ServiceType, DbError> {
    ServiceType::from_code(code).ok_or_else(|| DbError::Other(format!("unknown service {code:?}").into()))
}

/// The SQL: statements with `$N` parameters for both databases, queries with each dialect's date literals.
pub mod sql {
    use super::*;

    /// Binds the name.
    pub const GET: &str = "SELECT version, value FROM settings WHERE name = $1";

    /// Binds the name, the new version and the value; writes nothing when the setting exists.
    pub const INSERT: &str =
        "INSERT INTO settings (name, version, value) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING";

    /// Binds the same as [`INSERT`]: replaces the version before the new one.
    pub const UPDATE: &str = "UPDATE settings SET version = $2, value = $3 WHERE name = $1 AND version = $2 - 1";

    /// Binds nothing: days, districts, codes and the organisation are literals of typed values.
    pub fn overdue(d: Dialect, deadlines: &ResponseDeadlines, q: &OverdueQuery) -> String {
        let mut late = Vec::new();
        for s in ServiceType::ALL {
            for child in [false, true] {
                let by = date_literal(d, deadlines.sent_by(*s, child, q.level, q.today));
                let age = if child { "r.age_group <> 'adult'" } else { "r.age_group = 'adult'" };
                late.push(format!("(r.service = '{}' AND {age} AND r.sent_on <= {by})", s.code()));
            }
        }
        let mut w = vec!["r.state = 'Sent'".to_owned(), format!("({})", late.join(" OR "))];
        if let Some(ds) = &q.districts {
            let list: Vec<String> = ds.iter().map(|u| format!("'{u}'")).collect();
            w.push(if list.is_empty() { "1 = 0".into() } else { format!("r.district IN ({})", list.join(", ")) });
        }
        if let Some(org) = q.to_org {
            w.push(format!("r.to_org = '{}'", org.0.hyphenated()));
        }
        format!(
            "SELECT r.id, c.number, r.service, r.from_org, r.to_org, r.district, r.sent_on, r.age_group \
             FROM referrals r JOIN cases c ON c.id = r.case_id WHERE {} ORDER BY r.sent_on, c.number LIMIT {}",
            w.join(" AND "),
            q.limit.clamp(1, 5_000)
        )
    }

    pub const CONTACTS: &str = "SELECT user_id, email, language FROM user_contacts ORDER BY email";

    /// Binds the user.
    pub const DELETE_CONTACT: &str = "DELETE FROM user_contacts WHERE user_id = $1";

    /// Binds the user, the address and the language.
    pub const INSERT_CONTACT: &str = "INSERT INTO user_contacts (user_id, email, language) VALUES ($1, $2, $3)";

    /// Binds nothing: the days are literals.
    pub fn responses(d: Dialect, from: Date, to: Date) -> String {
        format!(
            "SELECT r.service, r.to_org, r.district, r.age_group, r.sent_on, r.responded_on FROM referrals r \
             WHERE r.sent_on >= {} AND r.sent_on <= {} AND r.state <> 'Revoked'",
            date_literal(d, from),
            date_literal(d, to)
        )
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn overdue_asks_each_service_by_its_own_day() {
        let q = OverdueQuery {
            today: date!(2026 - 12 - 01),
            level: Escalation::Overdue,
            districts: Some(vec![UnitCode::parse("LS-B").unwrap()]),
            to_org: None,
            limit: 10,
        };
        let s = sql::overdue(Dialect::Postgres, &ResponseDeadlines::default(), &q);
        // Shelter: two days for an adult, one for a child.
        assert!(
            s.contains("(r.service = 'Shelter' AND r.age_group = 'adult' AND r.sent_on <= DATE '2026-11-28')"),
            "{s}"
        );
        assert!(
            s.contains("(r.service = 'Shelter' AND r.age_group <> 'adult' AND r.sent_on <= DATE '2026-11-29')"),
            "{s}"
        );
        assert!(s.contains("AND r.district IN ('LS-B') ORDER BY r.sent_on, c.number LIMIT 10"), "{s}");
    }
}
