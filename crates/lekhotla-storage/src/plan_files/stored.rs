//! [`PlanFiles`] for every [`SqlStore`], written once: a file written sealed with its audit entry, listed,
//! read back opened and checked against its digest.

use async_trait::async_trait;
use lekhotla_audit::NewEntry;
use lekhotla_crypto::Keyring;
use uuid::Uuid;

use super::{PlanFileInfo, PlanFiles, open_content, open_name, seal, sql};
use crate::DbError;
use crate::args;
use crate::sql_store::{Reads, SqlRow, SqlStore};

fn info(r: &impl SqlRow, keyring: &Keyring) -> Result<PlanFileInfo, DbError> {
    let id = r.id("id")?;
    Ok(PlanFileInfo {
        id,
        activity: r.text("activity")?,
        name: open_name(keyring, id, r.text("name")?)?,
        content_type: r.text("content_type")?,
        size: u64::try_from(r.int("size")?).map_err(DbError::other)?,
        sha256: r.text("sha256")?,
        uploaded_at: r.at("uploaded_at")?,
    })
}

#[async_trait]
impl<S: SqlStore> PlanFiles for S {
    async fn add_plan_file(&self, file: &PlanFileInfo, content: &[u8], entry: NewEntry) -> Result<(), DbError> {
        let keyring = self.keyring().get()?;
        let (name, sealed) = seal(&keyring, file, content)?;
        let size = i64::try_from(file.size).map_err(DbError::other)?;
        let values = args![
            file.id,
            file.activity.as_str(),
            name,
            file.content_type.as_str(),
            size,
            file.sha256.as_str(),
            sealed,
            file.uploaded_at,
        ];
        let mut tx = self.begin_write().await?;
        self.execute_in(&mut tx, sql::INSERT, values).await?;
        self.audit_in(&mut tx, entry).await?;
        self.commit(tx).await
    }

    async fn plan_files(&self) -> Result<Vec<PlanFileInfo>, DbError> {
        let keyring = self.keyring().get()?;
        self.fetch(Reads::Pool, sql::LIST, Vec::new()).await?.iter().map(|r| info(r, &keyring)).collect()
    }

    async fn plan_file(&self, id: Uuid) -> Result<Option<(PlanFileInfo, Vec<u8>)>, DbError> {
        let keyring = self.keyring().get()?;
        let Some(r) = self.fetch_one(Reads::Pool, sql::ONE, args![id]).await? else { return Ok(None) };
        let file = info(&r, &keyring)?;
        let content = open_content(&keyring, &file, r.text("content")?)?;
        Ok(Some((file, content)))
    }
}
