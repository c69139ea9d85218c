//! Committee meetings (`lekhotla_storage::committee`): the shared SQL, bound with SQLite's types (ids and days
//! as text), a write in one `BEGIN IMMEDIATE` transaction with its audit entry.

use async_trait::async_trait;
use lekhotla_audit::NewEntry;
use lekhotla_domain::{Meeting, MeetingId};
use lekhotla_storage::committee::{MeetingFilter, MeetingRow, sql, stale};
use lekhotla_storage::statistics::Dialect;
use lekhotla_storage::{Committees, DbError};
use sqlx::sqlite::SqliteRow;

use crate::rows::{Get, date_str};
use crate::{SqliteStore, audit, errors, id_text};

const D: Dialect = Dialect::Sqlite;

fn meeting(r: &SqliteRow) -> Result<Meeting, DbError> {
    MeetingRow::record(r.uuid("id")?, r.int("version")?, &r.text("details")?)
}

#[async_trait]
impl Committees for SqliteStore {
    async fn write_meeting(&self, row: &MeetingRow, entry: NewEntry) -> Result<(), DbError> {
        let mut tx = crate::write_gate::begin(&self.pool).await?;
        let statement = if row.version == 1 { sql::insert(D) } else { sql::update(D) };
        let done = sqlx::query(sqlx::AssertSqlSafe(statement))
            .bind(id_text(row.id))
            .bind(row.version)
            .bind(row.committee.clone())
            .bind(row.district.clone())
            .bind(date_str(row.held_on))
            .bind(row.open_actions)
            .bind(row.next_deadline.map(date_str))
            .bind(row.details.clone())
            .execute(&mut *tx)
            .await
            .map_err(errors::map)?;
        if done.rows_affected() == 0 {
            let now: Option<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql::version(D)))
                .bind(id_text(row.id))
                .fetch_optional(&mut *tx)
                .await
                .map_err(errors::map)?;
            return Err(stale(row.version - 1, now));
        }
        audit::append(&mut tx, entry).await?;
        tx.commit().await.map_err(errors::map)
    }

    async fn read_meeting(&self, id: MeetingId) -> Result<Option<Meeting>, DbError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(sql::get(D)))
            .bind(id_text(id.0))
            .fetch_optional(&self.pool)
            .await
            .map_err(errors::map)?;
        row.as_ref().map(meeting).transpose()
    }

    async fn list_meetings(&self, filter: &MeetingFilter) -> Result<Vec<Meeting>, DbError> {
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql::list(D, filter)));
        if let Some(c) = &filter.committee {
            query = query.bind(c.to_string());
        }
        let rows = query.fetch_all(&self.pool).await.map_err(errors::map)?;
        rows.iter().map(meeting).collect()
    }
}
