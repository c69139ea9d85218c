//! Prevention records (`lekhotla_storage::prevention`): the shared SQL, bound with SQLite's types (ids and days
//! as text), each write in one `BEGIN IMMEDIATE` transaction with its audit entry.

use async_trait::async_trait;
use lekhotla_audit::NewEntry;
use lekhotla_domain::{Campaign, CampaignId};
use lekhotla_storage::prevention::{CampaignRow, campaign, sql, stale_campaign};
use lekhotla_storage::statistics::Dialect;
use lekhotla_storage::{CampaignFilter, DbError, Prevention};
use sqlx::sqlite::SqliteRow;
use sqlx::{Sqlite, Transaction};

use crate::rows::{Get, SqliteQuery, date_str};
use crate::{BEGIN_WRITE, SqliteStore, audit, errors, id_text};

const D: Dialect = Dialect::Sqlite;

fn from_row(r: &SqliteRow) -> Result<Campaign, DbError> {
    campaign(r.uuid("id")?, r.int("version")?, &r.text("details")?)
}

/// The row's values in [`sql::insert`]'s order (ids and days as text).
fn bound(q: SqliteQuery<'_>, row: CampaignRow) -> SqliteQuery<'_> {
    q.bind(id_text(row.id))
        .bind(row.version)
        .bind(id_text(row.organisation))
        .bind(row.place)
        .bind(row.district)
        .bind(date_str(row.started_on))
        .bind(row.ended_on.map(date_str))
        .bind(row.reach)
        .bind(row.details)
}

async fn insert(tx: &mut Transaction<'_, Sqlite>, c: &Campaign) -> Result<(), DbError> {
    bound(sqlx::query(sqlx::AssertSqlSafe(sql::insert(D))), CampaignRow::of(c)?)
        .execute(&mut **tx)
        .await
        .map_err(errors::map)?;
    Ok(())
}

#[async_trait]
impl Prevention for SqliteStore {
    async fn record_campaign(&self, c: &Campaign, entry: NewEntry) -> Result<(), DbError> {
        let mut tx = self.pool.begin_with(BEGIN_WRITE).await.map_err(errors::map)?;
        insert(&mut tx, c).await?;
        audit::append(&mut tx, entry).await?;
        tx.commit().await.map_err(errors::map)
    }

    async fn update_campaign(&self, c: &Campaign, entry: NewEntry) -> Result<Campaign, DbError> {
        let row = CampaignRow::of(c)?;
        let mut tx = self.pool.begin_with(BEGIN_WRITE).await.map_err(errors::map)?;
        let id = id_text(row.id);
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
            .bind(id_text(id.0))
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
        let mut tx = self.pool.begin_with(BEGIN_WRITE).await.map_err(errors::map)?;
        for c in campaigns {
            insert(&mut tx, c).await?;
        }
        audit::append(&mut tx, entry).await?;
        tx.commit().await.map_err(errors::map)
    }
}
