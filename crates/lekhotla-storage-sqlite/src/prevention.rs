//! Prevention records (`lekhotla_storage::prevention`): the shared SQL, bound with SQLite's types (ids and days
//! as text), each write in one `BEGIN IMMEDIATE` transaction with its audit entry.

use async_trait::async_trait;
use lekhotla_audit::NewEntry;
use lekhotla_storage::prevention::{PartRow, RegisterRow, StoredRow, sql, stale};
use lekhotla_storage::statistics::Dialect;
use lekhotla_storage::{DbError, Prevention, PreventionFilter, Register};
use sqlx::SqliteConnection;
use sqlx::sqlite::SqliteRow;

use crate::rows::{Get, SqliteQuery, date_str};
use crate::{SqliteStore, audit, errors, id_text};

const D: Dialect = Dialect::Sqlite;

fn stored(r: &SqliteRow) -> Result<StoredRow, DbError> {
    Ok(StoredRow { id: r.uuid("id")?, version: r.int("version")?, details: r.text("details")? })
}

/// The row's values in [`sql::insert`]'s order, its further counts last (ids and days as text).
fn bound<'q>(q: SqliteQuery<'q>, row: &RegisterRow) -> SqliteQuery<'q> {
    let q = q
        .bind(id_text(row.id))
        .bind(row.version)
        .bind(id_text(row.organisation))
        .bind(row.place.clone())
        .bind(row.district.clone())
        .bind(date_str(row.started_on))
        .bind(row.ended_on.map(date_str))
        .bind(row.people)
        .bind(row.details.clone());
    row.more.iter().fold(q, |q, n| q.bind(*n))
}

/// A group's values in [`sql::insert_part`]'s order.
fn bound_part<'q>(q: SqliteQuery<'q>, owner: uuid::Uuid, position: usize, part: &PartRow) -> SqliteQuery<'q> {
    q.bind(id_text(owner))
        .bind(position as i64)
        .bind(part.organisation.map(id_text))
        .bind(part.role.clone())
        .bind(part.sex.clone())
        .bind(part.district.clone())
        .bind(part.people)
        .bind(part.certified)
}

/// Writes the record's groups and the cases it opened.
async fn write_parts(tx: &mut SqliteConnection, row: &RegisterRow) -> Result<(), DbError> {
    if let Some(insert) = sql::insert_part(D, row.register) {
        for (i, part) in row.parts.iter().enumerate() {
            bound_part(sqlx::query(sqlx::AssertSqlSafe(insert.clone())), row.id, i, part)
                .execute(&mut *tx)
                .await
                .map_err(errors::map)?;
        }
    }
    if let Some(insert) = sql::insert_case(D, row.register) {
        for number in &row.cases {
            sqlx::query(sqlx::AssertSqlSafe(insert.clone()))
                .bind(id_text(row.id))
                .bind(number.clone())
                .execute(&mut *tx)
                .await
                .map_err(errors::map)?;
        }
    }
    Ok(())
}

#[async_trait]
impl Prevention for SqliteStore {
    async fn write_registered(&self, rows: &[RegisterRow], entry: NewEntry) -> Result<(), DbError> {
        let mut tx = crate::write_gate::begin(&self.pool).await?;
        for row in rows {
            bound(sqlx::query(sqlx::AssertSqlSafe(sql::insert(D, row.register))), row)
                .execute(&mut *tx)
                .await
                .map_err(errors::map)?;
            write_parts(&mut tx, row).await?;
        }
        audit::append(&mut tx, entry).await?;
        tx.commit().await.map_err(errors::map)
    }

    async fn rewrite_registered(&self, row: &RegisterRow, entry: NewEntry) -> Result<(), DbError> {
        let r = row.register;
        let mut tx = crate::write_gate::begin(&self.pool).await?;
        let done = bound(sqlx::query(sqlx::AssertSqlSafe(sql::update(D, r))), row)
            .execute(&mut *tx)
            .await
            .map_err(errors::map)?;
        if done.rows_affected() == 0 {
            let now: Option<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql::version(D, r)))
                .bind(id_text(row.id))
                .fetch_optional(&mut *tx)
                .await
                .map_err(errors::map)?;
            return Err(now.map_or(DbError::NotFound(r.noun()), |v| stale(r, row.version, v)));
        }
        for delete in [sql::delete_parts(D, r), sql::delete_cases(D, r)].into_iter().flatten() {
            sqlx::query(sqlx::AssertSqlSafe(delete))
                .bind(id_text(row.id))
                .execute(&mut *tx)
                .await
                .map_err(errors::map)?;
        }
        write_parts(&mut tx, row).await?;
        audit::append(&mut tx, entry).await?;
        tx.commit().await.map_err(errors::map)
    }

    async fn read_registered(&self, register: Register, id: uuid::Uuid) -> Result<Option<StoredRow>, DbError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(sql::get(D, register)))
            .bind(id_text(id))
            .fetch_optional(&self.pool)
            .await
            .map_err(errors::map)?;
        row.as_ref().map(stored).transpose()
    }

    async fn list_registered(&self, register: Register, filter: &PreventionFilter) -> Result<Vec<StoredRow>, DbError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql::list(D, register, filter)))
            .fetch_all(&self.pool)
            .await
            .map_err(errors::map)?;
        rows.iter().map(stored).collect()
    }
}
