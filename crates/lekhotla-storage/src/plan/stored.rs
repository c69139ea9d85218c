//! [`Plans`] for every [`SqlStore`], written once: both documents read, a write of them in one transaction
//! with its audit entry, each in place of the version its writer read.

use async_trait::async_trait;
use lekhotla_audit::NewEntry;

use super::{DocumentRow, PLAN, Plans, RECOMMENDATIONS, sql, stale};
use crate::DbError;
use crate::args;
use crate::sql_store::{Reads, SqlRow, SqlStore};

/// The document a stored name stands for.
fn name(stored: &str) -> Result<&'static str, DbError> {
    [PLAN, RECOMMENDATIONS]
        .into_iter()
        .find(|n| *n == stored)
        .ok_or_else(|| DbError::Other(format!("unknown plan document {stored:?}").into()))
}

#[async_trait]
impl<S: SqlStore> Plans for S {
    async fn read_plan_documents(&self) -> Result<Vec<DocumentRow>, DbError> {
        let rows = self.fetch(Reads::Pool, sql::LIST, Vec::new()).await?;
        rows.iter()
            .map(|r| {
                Ok(DocumentRow {
                    name: name(&r.text("name")?)?,
                    version: r.int("version")?,
                    value: r.text("value")?,
                    loaded_at: r.at("loaded_at")?,
                })
            })
            .collect()
    }

    async fn write_plan_documents(&self, rows: &[DocumentRow], entry: NewEntry) -> Result<(), DbError> {
        let mut tx = self.begin_write().await?;
        for row in rows {
            let statement = if row.version == 1 { sql::INSERT } else { sql::UPDATE };
            let values = args![row.name, row.version, row.value.as_str(), row.loaded_at];
            if self.execute_in(&mut tx, statement, values).await? == 0 {
                let now = self.fetch_in(&mut tx, sql::VERSION, args![row.name]).await?;
                let now = now.first().map(|r| r.int("version")).transpose()?;
                return Err(stale(row.name, row.version - 1, now));
            }
        }
        self.audit_in(&mut tx, entry).await?;
        self.commit(tx).await
    }
}
