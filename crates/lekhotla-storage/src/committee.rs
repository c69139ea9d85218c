//! Committee meetings as the stores keep them (migration 0023): one row per meeting with what lists filter on
//! as columns (the committee, its district, the day, how many action items are open and the earliest open
//! deadline) and the whole record as JSON (`details`). A write names the version it read; a stale one changes
//! nothing and says so. The SQL and the implementation for every [`SqlStore`](crate::sql_store::SqlStore)
//! (`stored.rs`) are written here once.

use async_trait::async_trait;
use lekhotla_audit::NewEntry;
use lekhotla_domain::{ActionStatus, Committee, Meeting, MeetingId, MeetingInput};
use time::Date;

use crate::DbError;
use crate::statistics::{Dialect, sql::date_literal};

mod stored;

/// A meeting as a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingRow {
    pub id: uuid::Uuid,
    /// The version written (a new record's is 1); an update replaces `version - 1`.
    pub version: i64,
    /// `MSC` or the district's code.
    pub committee: String,
    /// The district of a district committee.
    pub district: Option<String>,
    pub held_on: Date,
    /// Action items still open.
    pub open_actions: i64,
    /// The earliest deadline of the open items.
    pub next_deadline: Option<Date>,
    pub details: String,
}

impl MeetingRow {
    pub fn of(m: &Meeting) -> Result<Self, DbError> {
        let d = &m.details;
        let open: Vec<Date> = d.actions.iter().filter(|a| a.status == ActionStatus::Open).map(|a| a.deadline).collect();
        Ok(Self {
            id: m.id.0,
            version: m.version,
            committee: d.committee.to_string(),
            district: d.committee.district().map(ToString::to_string),
            held_on: d.held_on,
            open_actions: i64::try_from(open.len()).map_err(DbError::other)?,
            next_deadline: open.iter().min().copied(),
            details: serde_json::to_string(d).map_err(DbError::other)?,
        })
    }

    /// The record a stored row holds.
    pub fn record(id: uuid::Uuid, version: i64, details: &str) -> Result<Meeting, DbError> {
        let details: MeetingInput = serde_json::from_str(details).map_err(DbError::other)?;
        Ok(Meeting { id: MeetingId(id), version, details })
    }
}

/// Which meetings a list holds, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingFilter {
    /// Held on or after this day.
    pub from: Option<Date>,
    /// Held on or before this day.
    pub to: Option<Date>,
    /// Of this committee only.
    pub committee: Option<Committee>,
    /// Only those with an action item still open (whatever the day they were held).
    pub with_open_actions: bool,
    pub limit: u32,
}

impl Default for MeetingFilter {
    fn default() -> Self {
        Self { from: None, to: None, committee: None, with_open_actions: false, limit: 500 }
    }
}

/// Committee meetings. Callers use [`CommitteeMeetings`].
#[async_trait]
pub trait Committees {
    /// Writes `row`: a new record when its version is 1, else in place of version `row.version - 1`
    /// ([`DbError::Conflict`] when someone changed it since, [`DbError::NotFound`] when there is none).
    async fn write_meeting(&self, row: &MeetingRow, audit: NewEntry) -> Result<(), DbError>;
    async fn read_meeting(&self, id: MeetingId) -> Result<Option<Meeting>, DbError>;
    /// The meetings `filter` asks for, newest first.
    async fn list_meetings(&self, filter: &MeetingFilter) -> Result<Vec<Meeting>, DbError>;
}

/// Committee meetings, typed: every store has them through [`Committees`].
#[async_trait]
pub trait CommitteeMeetings: Committees + Sync {
    /// Writes a new meeting (its version is 1).
    async fn record_meeting(&self, meeting: &Meeting, audit: NewEntry) -> Result<(), DbError> {
        self.write_meeting(&MeetingRow::of(meeting)?, audit).await
    }

    /// Replaces the meeting of `meeting`'s version (the one read) and returns it at the next version.
    async fn update_meeting(&self, meeting: &Meeting, audit: NewEntry) -> Result<Meeting, DbError> {
        let mut next = meeting.clone();
        next.version = meeting.version + 1;
        self.write_meeting(&MeetingRow::of(&next)?, audit).await?;
        Ok(next)
    }
}

impl<S: Committees + Sync + ?Sized> CommitteeMeetings for S {}

/// The conflict of a meeting changed since `expected`.
pub fn stale(expected: i64, actual: Option<i64>) -> DbError {
    match actual {
        Some(actual) if expected == 0 => {
            DbError::Conflict(format!("this meeting is recorded already (version {actual})"))
        }
        Some(actual) => DbError::Conflict(format!(
            "the meeting was changed by someone else (you had version {expected}, it is now at version {actual})"
        )),
        None => DbError::NotFound("meeting"),
    }
}

/// The SQL, with each dialect's placeholders.
pub mod sql {
    use super::*;

    /// Binds [`MeetingRow`]'s fields in the order of its declaration.
    pub const INSERT: &str = "INSERT INTO committee_meetings (id, version, committee, district, held_on, open_actions, \
         next_deadline, details) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING";

    /// Binds the same as [`INSERT`]: the row's version replaces the one before it.
    pub const UPDATE: &str = "UPDATE committee_meetings SET version = $2, committee = $3, district = $4, held_on = $5, \
         open_actions = $6, next_deadline = $7, details = $8 WHERE id = $1 AND version = $2 - 1";

    /// Binds the id.
    pub const VERSION: &str = "SELECT version FROM committee_meetings WHERE id = $1";

    /// Binds the id.
    pub const GET: &str = "SELECT id, version, details FROM committee_meetings WHERE id = $1";

    /// Binds the committee when the filter names one (as `$1`); the days and the limit are literals.
    pub fn list(d: Dialect, f: &MeetingFilter) -> String {
        let mut clauses = Vec::new();
        if let Some(from) = f.from {
            clauses.push(format!("held_on >= {}", date_literal(d, from)));
        }
        if let Some(to) = f.to {
            clauses.push(format!("held_on <= {}", date_literal(d, to)));
        }
        if f.committee.is_some() {
            clauses.push("committee = $1".to_owned());
        }
        if f.with_open_actions {
            clauses.push("open_actions > 0".to_owned());
        }
        let filter = if clauses.is_empty() { String::new() } else { format!(" WHERE {}", clauses.join(" AND ")) };
        format!(
            "SELECT id, version, details FROM committee_meetings{filter} ORDER BY held_on DESC, id DESC LIMIT {}",
            f.limit.clamp(1, 5_000)
        )
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn an_update_replaces_the_version_before_its_own() {
        assert!(sql::UPDATE.ends_with("details = $8 WHERE id = $1 AND version = $2 - 1"));
        let f = MeetingFilter {
            from: Some(date!(2026 - 01 - 01)),
            to: Some(date!(2026 - 12 - 31)),
            committee: Some(Committee::National),
            with_open_actions: true,
            limit: 50,
        };
        assert_eq!(
            sql::list(Dialect::Sqlite, &f),
            "SELECT id, version, details FROM committee_meetings WHERE held_on >= '2026-01-01' AND held_on <= \
             '2026-12-31' AND committee = $1 AND open_actions > 0 ORDER BY held_on DESC, id DESC LIMIT 50"
        );
    }
}
