//! Prevention records (`lekhotla_storage::prevention`): the shared SQL, bound with PostgreSQL's types, each
//! write in one transaction with its audit entry.

use async_trait::async_trait;
use lekhotla_audit::NewEntry;
use lekhotla_domain::{Campaign, CampaignId};
use lekhotla_storage::prevention::{CampaignRow, campaign, sql, stale_campaign};
use lekhotla_storage::statistics::Dialect;
use lekhotla_storage::{CampaignFilter, DbError, Prevention};
use sqlx::postgres::PgRow;
use sqlx::{Postgres, Transaction};

use crate::rows::get;
use crate::{PgStore, audit, errors};

const D: Dialect = Dialect::Postgres;

fn from_row(r: &PgRow) -> Result<Campaign, DbError> {
    let details: String = get(r, "details")?;
    campaign(get(r, "id")?, get(r, "version")?, &details)
}

/// The row's values in [`sql::insert`]'s order.
fn bound(q: PgQuery<'_>, row: CampaignRow) -> PgQuery<'_> {
    q.bind(row.id)
        .bind(row.version)
        .bind(row.organisation)
        .bind(row.place)
        .bind(row.district)
        .bind(row.started_on)
        .bind(row.ended_on)
        .bind(row.reach)
        .bind(row.details)
}

type PgQuery<'q> = sqlx::query::Query<'q, Postgres, sqlx::postgres::PgArguments>;

async fn insert(tx: &mut Transaction<'_, Postgres>, c: &Campaign) -> Result<(), DbError> {
    bound(sqlx::query(sqlx::AssertSqlSafe(sql::insert(D))), CampaignRow::of(c)?)
        .execute(&mut **tx)
        .await
        .map_err(errors::map)?;
    Ok(())
}

#[async_trait]
impl Prevention for PgStore {
    async fn record_campaign(&self, c: &Campaign, entry: NewEntry) -> Result<(), DbError> {
        let mut tx = self.pool.begin().await.map_err(errors::map)?;
        insert(&mut tx, c).await?;
        audit::append(&mut tx, entry).await?;
        tx.commit().await.map_err(errors::map)
    }

    async fn update_campaign(&self, c: &Campaign, entry: NewEntry) -> Result<Campaign, DbError> {
        let row = CampaignRow::of(c)?;
        let mut tx = self.pool.begin().await.map_err(errors::map)?;
        let id = row.id;
        let done = bound(sqlx::query(sqlx::AssertSqlSafe(sql::update(D))), row)
            .execute(&mut *tx)
            .await
            .map_err(errors::map)?;
        if done.rows_affected() == 0 {
            let stored: Option<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql::version(D)))
                .bind(id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(errors::map)?;
            return Err(stored.map_or(DbError::NotFound("campaign"), |v| stale_campaign(c.version, v)));
        }
        audit::append(&mut tx, entry).await?;
        tx.commit().await.map_err(errors::map)?;
        Ok(Campaign { version: c.version + 1, ..c.clone() })
    }

    async fn get_campaign(&self, id: CampaignId) -> Result<Option<Campaign>, DbError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(sql::get(D)))
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await
            .map_err(errors::map)?;
        row.as_ref().map(from_row).transpose()
    }

    async fn list_campaigns(&self, filter: &CampaignFilter) -> Result<Vec<Campaign>, DbError> {
        let rows =
            sqlx::query(sqlx::AssertSqlSafe(sql::list(D, filter))).fetch_all(&self.pool).await.map_err(errors::map)?;
        rows.iter().map(from_row).collect()
    }

    async fn import_campaigns(&self, campaigns: &[Campaign], entry: NewEntry) -> Result<(), DbError> {
        let mut tx = self.pool.begin().await.map_err(errors::map)?;
        for c in campaigns {
            insert(&mut tx, c).await?;
        }
        audit::append(&mut tx, entry).await?;
        tx.commit().await.map_err(errors::map)
    }
}
