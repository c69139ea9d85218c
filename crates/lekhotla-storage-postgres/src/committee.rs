//! Committee meetings (`lekhotla_storage::committee`): the shared SQL, bound with PostgreSQL's types, a write in
//! one transaction with its audit entry.

use async_trait::async_trait;
use lekhotla_audit::NewEntry;
use lekhotla_domain::{Meeting, MeetingId};
use lekhotla_storage::committee::{MeetingFilter, MeetingRow, sql, stale};
use lekhotla_storage::statistics::Dialect;
use lekhotla_storage::{Committees, DbError};
use sqlx::postgres::PgRow;

use crate::rows::get;
use crate::{PgStore, audit, errors};

const D: Dialect = Dialect::Postgres;

fn meeting(r: &PgRow) -> Result<Meeting, DbError> {
    let details: String = get(r, "details")?;
    MeetingRow::record(get(r, "id")?, get(r, "version")?, &details)
}

#[async_trait]
impl Committees for PgStore {
    async fn write_meeting(&self, row: &MeetingRow, entry: NewEntry) -> Result<(), DbError> {
        let mut tx = self.pool.begin().await.map_err(errors::map)?;
        let statement = if row.version == 1 { sql::insert(D) } else { sql::update(D) };
        let done = sqlx::query(sqlx::AssertSqlSafe(statement))
            .bind(row.id)
            .bind(row.version)
            .bind(row.committee.clone())
            .bind(row.district.clone())
            .bind(row.held_on)
            .bind(row.open_actions)
            .bind(row.next_deadline)
            .bind(row.details.clone())
            .execute(&mut *tx)
            .await
            .map_err(errors::map)?;
        if done.rows_affected() == 0 {
            let now: Option<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql::version(D)))
                .bind(row.id)
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
            .bind(id.0)
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
