//! The action plan's documents (`lekhotla_storage::plan`): the shared SQL, bound with SQLite's types (times as
//! RFC 3339 text), every write in one `BEGIN IMMEDIATE` transaction with its audit entry.

use async_trait::async_trait;
use lekhotla_audit::NewEntry;
use lekhotla_storage::plan::{DocumentRow, PLAN, RECOMMENDATIONS, sql, stale};
use lekhotla_storage::statistics::Dialect;
use lekhotla_storage::{DbError, Plans};

use crate::rows::{Get, bind, timestamp};
use crate::{SqliteStore, audit, errors};

const D: Dialect = Dialect::Sqlite;

fn name(stored: &str) -> Result<&'static str, DbError> {
    [PLAN, RECOMMENDATIONS]
        .into_iter()
        .find(|n| *n == stored)
        .ok_or_else(|| DbError::Other(format!("unknown plan document {stored:?}").into()))
}

#[async_trait]
impl Plans for SqliteStore {
    async fn read_plan_documents(&self) -> Result<Vec<DocumentRow>, DbError> {
        let rows = sqlx::query(sql::list()).fetch_all(&self.pool).await.map_err(errors::map)?;
        rows.iter()
            .map(|r| {
                Ok(DocumentRow {
                    name: name(&r.text("name")?)?,
                    version: r.int("version")?,
                    value: r.text("value")?,
                    loaded_at: r.timestamp("loaded_at")?,
                })
            })
            .collect()
    }

    async fn write_plan_documents(&self, rows: &[DocumentRow], entry: NewEntry) -> Result<(), DbError> {
        let mut tx = crate::write_gate::begin(&self.pool).await?;
        for row in rows {
            let statement = if row.version == 1 { sql::insert(D) } else { sql::update(D) };
            let q =
                sqlx::query(sqlx::AssertSqlSafe(statement)).bind(row.name).bind(row.version).bind(row.value.clone());
            let done = bind(q, timestamp("loaded_at", row.loaded_at)?).execute(&mut *tx).await.map_err(errors::map)?;
            if done.rows_affected() == 0 {
                let now: Option<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql::version(D)))
                    .bind(row.name)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(errors::map)?;
                return Err(stale(row.name, row.version - 1, now));
            }
        }
        audit::append(&mut tx, entry).await?;
        tx.commit().await.map_err(errors::map)
    }
}
