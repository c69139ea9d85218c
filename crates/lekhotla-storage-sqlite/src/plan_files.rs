//! The plan's evidence documents (`lekhotla_storage::plan_files`): the shared SQL, bound with SQLite's types
//! (ids as text, times as RFC 3339 text), the name and bytes sealed with the store's keyring.

use async_trait::async_trait;
use lekhotla_audit::NewEntry;
use lekhotla_storage::plan_files::{PlanFileInfo, open_content, open_name, seal, sql};
use lekhotla_storage::statistics::Dialect;
use lekhotla_storage::{DbError, PlanFiles};
use sqlx::sqlite::SqliteRow;
use uuid::Uuid;

use crate::rows::{Get, bind, text, timestamp, uint};
use crate::{SqliteStore, audit, errors};

const D: Dialect = Dialect::Sqlite;

fn info(r: &SqliteRow, keyring: &lekhotla_crypto::Keyring) -> Result<PlanFileInfo, DbError> {
    let id = r.uuid("id")?;
    Ok(PlanFileInfo {
        id,
        activity: r.text("activity")?,
        name: open_name(keyring, id, r.text("name")?)?,
        content_type: r.text("content_type")?,
        size: u64::try_from(r.int("size")?).map_err(DbError::other)?,
        sha256: r.text("sha256")?,
        uploaded_at: r.timestamp("uploaded_at")?,
    })
}

#[async_trait]
impl PlanFiles for SqliteStore {
    async fn add_plan_file(&self, file: &PlanFileInfo, content: &[u8], entry: NewEntry) -> Result<(), DbError> {
        let keyring = self.keyring.get()?;
        let (name, sealed) = seal(&keyring, file, content)?;
        let mut tx = crate::write_gate::begin(&self.pool).await?;
        let statement = sql::insert(D);
        let mut q = sqlx::query(sqlx::AssertSqlSafe(statement));
        for v in [
            text(file.id.hyphenated().to_string()),
            text(file.activity.clone()),
            text(name),
            text(file.content_type.clone()),
            uint("size", file.size)?,
            text(file.sha256.clone()),
            text(sealed),
            timestamp("uploaded_at", file.uploaded_at)?,
        ] {
            q = bind(q, v);
        }
        q.execute(&mut *tx).await.map_err(errors::map)?;
        audit::append(&mut tx, entry).await?;
        tx.commit().await.map_err(errors::map)
    }

    async fn plan_files(&self) -> Result<Vec<PlanFileInfo>, DbError> {
        let keyring = self.keyring.get()?;
        let rows = sqlx::query(sql::list()).fetch_all(&self.pool).await.map_err(errors::map)?;
        rows.iter().map(|r| info(r, &keyring)).collect()
    }

    async fn plan_file(&self, id: Uuid) -> Result<Option<(PlanFileInfo, Vec<u8>)>, DbError> {
        let keyring = self.keyring.get()?;
        let row = sqlx::query(sqlx::AssertSqlSafe(sql::one(D)))
            .bind(id.hyphenated().to_string())
            .fetch_optional(&self.pool)
            .await
            .map_err(errors::map)?;
        let Some(r) = row else { return Ok(None) };
        let file = info(&r, &keyring)?;
        let content = open_content(&keyring, &file, r.text("content")?)?;
        Ok(Some((file, content)))
    }
}
