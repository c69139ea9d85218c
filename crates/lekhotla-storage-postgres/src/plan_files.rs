//! The plan's evidence documents (`lekhotla_storage::plan_files`): the shared SQL, bound with PostgreSQL's
//! types, the name and bytes sealed with the store's keyring.

use async_trait::async_trait;
use lekhotla_audit::NewEntry;
use lekhotla_storage::plan_files::{PlanFileInfo, open_content, open_name, seal, sql};
use lekhotla_storage::statistics::Dialect;
use lekhotla_storage::{DbError, PlanFiles};
use sqlx::postgres::PgRow;
use uuid::Uuid;

use crate::rows::get;
use crate::{PgStore, audit, errors};

const D: Dialect = Dialect::Postgres;

fn info(r: &PgRow, keyring: &lekhotla_crypto::Keyring) -> Result<PlanFileInfo, DbError> {
    let id: Uuid = get(r, "id")?;
    let size: i64 = get(r, "size")?;
    Ok(PlanFileInfo {
        id,
        activity: get(r, "activity")?,
        name: open_name(keyring, id, get(r, "name")?)?,
        content_type: get(r, "content_type")?,
        size: u64::try_from(size).map_err(DbError::other)?,
        sha256: get(r, "sha256")?,
        uploaded_at: get(r, "uploaded_at")?,
    })
}

#[async_trait]
impl PlanFiles for PgStore {
    async fn add_plan_file(&self, file: &PlanFileInfo, content: &[u8], entry: NewEntry) -> Result<(), DbError> {
        let keyring = self.keyring.get()?;
        let (name, sealed) = seal(&keyring, file, content)?;
        let size = i64::try_from(file.size).map_err(DbError::other)?;
        let mut tx = self.pool.begin().await.map_err(errors::map)?;
        sqlx::query(sqlx::AssertSqlSafe(sql::insert(D)))
            .bind(file.id)
            .bind(&file.activity)
            .bind(name)
            .bind(&file.content_type)
            .bind(size)
            .bind(&file.sha256)
            .bind(sealed)
            .bind(file.uploaded_at)
            .execute(&mut *tx)
            .await
            .map_err(errors::map)?;
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
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(errors::map)?;
        let Some(r) = row else { return Ok(None) };
        let file = info(&r, &keyring)?;
        let content = open_content(&keyring, &file, get(&r, "content")?)?;
        Ok(Some((file, content)))
    }
}
