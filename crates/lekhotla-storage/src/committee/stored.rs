//! [`Committees`] for every [`SqlStore`], written once: a meeting written in place of the version its writer
//! read (one transaction with its audit entry), read by id, listed by filter.

use async_trait::async_trait;
use lekhotla_audit::NewEntry;
use lekhotla_domain::{Meeting, MeetingId};

use super::{Committees, MeetingFilter, MeetingRow, sql, stale};
use crate::DbError;
use crate::args;
use crate::sql_store::{Reads, SqlRow, SqlStore};

fn meeting(r: &impl SqlRow) -> Result<Meeting, DbError> {
    MeetingRow::record(r.id("id")?, r.int("version")?, &r.text("details")?)
}

#[async_trait]
impl<S: SqlStore> Committees for S {
    async fn write_meeting(&self, row: &MeetingRow, entry: NewEntry) -> Result<(), DbError> {
        let statement = if row.version == 1 { sql::INSERT } else { sql::UPDATE };
        let values = args![
            row.id,
            row.version,
            row.committee.as_str(),
            row.district.as_deref(),
            row.held_on,
            row.open_actions,
            row.next_deadline,
            row.details.as_str(),
        ];
        let mut tx = self.begin_write().await?;
        if self.execute_in(&mut tx, statement, values).await? == 0 {
            let now = self.fetch_in(&mut tx, sql::VERSION, args![row.id]).await?;
            return Err(stale(row.version - 1, now.first().map(|r| r.int("version")).transpose()?));
        }
        self.audit_in(&mut tx, entry).await?;
        self.commit(tx).await
    }

    async fn read_meeting(&self, id: MeetingId) -> Result<Option<Meeting>, DbError> {
        self.fetch_one(Reads::Pool, sql::GET, args![id.0]).await?.as_ref().map(meeting).transpose()
    }

    async fn list_meetings(&self, filter: &MeetingFilter) -> Result<Vec<Meeting>, DbError> {
        let values = match &filter.committee {
            Some(c) => args![c.to_string()],
            None => Vec::new(),
        };
        self.fetch(Reads::Pool, &sql::list(S::DIALECT, filter), values).await?.iter().map(meeting).collect()
    }
}
