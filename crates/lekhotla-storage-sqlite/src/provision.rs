//! Providers' years and shelter stays (`lekhotla_storage::provision`): the shared SQL, bound with SQLite's
//! types (ids and days as text), a write in one `BEGIN IMMEDIATE` transaction with its audit entry.

use async_trait::async_trait;
use lekhotla_audit::NewEntry;
use lekhotla_domain::{OrgId, ProviderYear};
use lekhotla_storage::provision::{StayRow, YearRow, sql, stale};
use lekhotla_storage::statistics::Dialect;
use lekhotla_storage::{DbError, Provision};
use sqlx::sqlite::SqliteRow;
use time::Date;

use crate::rows::Get;
use crate::{SqliteStore, audit, errors, id_text};

const D: Dialect = Dialect::Sqlite;

fn year(r: &SqliteRow) -> Result<ProviderYear, DbError> {
    let y = i32::try_from(r.int("year")?).map_err(DbError::other)?;
    YearRow::record(r.uuid("organisation")?, y, r.int("version")?, &r.text("details")?)
}

#[async_trait]
impl Provision for SqliteStore {
    async fn write_year(&self, row: &YearRow, entry: NewEntry) -> Result<(), DbError> {
        let mut tx = crate::write_gate::begin(&self.pool).await?;
        let statement = if row.version == 1 { sql::insert(D) } else { sql::update(D) };
        let done = sqlx::query(sqlx::AssertSqlSafe(statement))
            .bind(id_text(row.organisation))
            .bind(row.year)
            .bind(row.version)
            .bind(row.beds)
            .bind(row.committed)
            .bind(row.disbursed)
            .bind(row.details.clone())
            .execute(&mut *tx)
            .await
            .map_err(errors::map)?;
        if done.rows_affected() == 0 {
            let now: Option<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql::version(D)))
                .bind(id_text(row.organisation))
                .bind(row.year)
                .fetch_optional(&mut *tx)
                .await
                .map_err(errors::map)?;
            return Err(stale(row.version - 1, now));
        }
        audit::append(&mut tx, entry).await?;
        tx.commit().await.map_err(errors::map)
    }

    async fn read_year(&self, organisation: OrgId, y: i32) -> Result<Option<ProviderYear>, DbError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(sql::get(D)))
            .bind(id_text(organisation.0))
            .bind(y)
            .fetch_optional(&self.pool)
            .await
            .map_err(errors::map)?;
        row.as_ref().map(year).transpose()
    }

    async fn list_years(&self, y: i32) -> Result<Vec<ProviderYear>, DbError> {
        let rows =
            sqlx::query(sqlx::AssertSqlSafe(sql::list(D))).bind(y).fetch_all(&self.pool).await.map_err(errors::map)?;
        rows.iter().map(year).collect()
    }

    async fn shelter_stays(&self, from: Date, to: Date) -> Result<Vec<StayRow>, DbError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql::stays(D, from, to)))
            .fetch_all(&self.pool)
            .await
            .map_err(errors::map)?;
        rows.iter()
            .map(|r| {
                Ok(StayRow {
                    shelter: OrgId(r.uuid("to_org")?),
                    from: r.date("delivered_on")?,
                    until: r.opt_date("closed_on")?,
                })
            })
            .collect()
    }
}
