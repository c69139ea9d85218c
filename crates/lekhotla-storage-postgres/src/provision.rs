//! Providers' years and shelter stays (`lekhotla_storage::provision`): the shared SQL, bound with PostgreSQL's
//! types, a write in one transaction with its audit entry.

use async_trait::async_trait;
use lekhotla_audit::NewEntry;
use lekhotla_domain::{OrgId, ProviderYear};
use lekhotla_storage::provision::{StayRow, YearRow, sql, stale};
use lekhotla_storage::statistics::Dialect;
use lekhotla_storage::{DbError, Provision};
use sqlx::postgres::PgRow;
use time::Date;

use crate::rows::get;
use crate::{PgStore, audit, errors};

const D: Dialect = Dialect::Postgres;

fn year(r: &PgRow) -> Result<ProviderYear, DbError> {
    let details: String = get(r, "details")?;
    YearRow::record(get(r, "organisation")?, get(r, "year")?, get(r, "version")?, &details)
}

#[async_trait]
impl Provision for PgStore {
    async fn write_year(&self, row: &YearRow, entry: NewEntry) -> Result<(), DbError> {
        let mut tx = self.pool.begin().await.map_err(errors::map)?;
        let statement = if row.version == 1 { sql::insert(D) } else { sql::update(D) };
        let done = sqlx::query(sqlx::AssertSqlSafe(statement))
            .bind(row.organisation)
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
                .bind(row.organisation)
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
            .bind(organisation.0)
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
                    shelter: OrgId(get(r, "to_org")?),
                    from: get(r, "delivered_on")?,
                    until: get(r, "closed_on")?,
                })
            })
            .collect()
    }
}
