//! Frozen reports as every [`SqlStore`] keeps them, written once: kept once with their audit entry, read back
//! byte for byte. (The cases changed since a report compare times each in its database's own way, so each
//! store keeps that query.)

use lekhotla_audit::NewEntry;
use uuid::Uuid;

use super::FrozenRecord;
use crate::DbError;
use crate::args;
use crate::sql_store::{Reads, SqlRow, SqlStore};

const COLUMNS: &str = "id, kind, area, period_from, period_to, frozen_at, frozen_by, definitions_version, document, \
     signature, public_key";

/// Keeps `r`; its id taken already is a [`DbError::Conflict`].
pub async fn freeze<S: SqlStore>(s: &S, r: &FrozenRecord, audit: NewEntry) -> Result<(), DbError> {
    let sql = format!("INSERT INTO frozen_reports ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)");
    let values = args![
        r.id,
        r.kind.as_str(),
        r.area.as_str(),
        r.period_from,
        r.period_to,
        r.frozen_at,
        r.frozen_by.as_str(),
        r.definitions_version,
        r.document.as_str(),
        r.signature.as_str(),
        r.public_key.as_str(),
    ];
    let mut tx = s.begin_write().await?;
    s.execute_in(&mut tx, &sql, values).await?;
    s.audit_in(&mut tx, audit).await?;
    s.commit(tx).await
}

fn record(r: &impl SqlRow) -> Result<FrozenRecord, DbError> {
    Ok(FrozenRecord {
        id: r.id("id")?,
        kind: r.text("kind")?,
        area: r.text("area")?,
        period_from: r.date("period_from")?,
        period_to: r.date("period_to")?,
        frozen_at: r.at("frozen_at")?,
        frozen_by: r.text("frozen_by")?,
        definitions_version: r.int("definitions_version")?,
        document: r.opt_text("document")?.unwrap_or_default(),
        signature: r.text("signature")?,
        public_key: r.text("public_key")?,
    })
}

/// Every frozen report without its document, the newest first.
pub async fn list<S: SqlStore>(s: &S) -> Result<Vec<FrozenRecord>, DbError> {
    let sql = format!(
        "SELECT {} FROM frozen_reports ORDER BY frozen_at DESC, id",
        COLUMNS.replace("document", "'' AS document")
    );
    s.fetch(Reads::Pool, &sql, Vec::new()).await?.iter().map(record).collect()
}

/// One frozen report with its document.
pub async fn get<S: SqlStore>(s: &S, id: Uuid) -> Result<Option<FrozenRecord>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM frozen_reports WHERE id = $1");
    s.fetch_one(Reads::Pool, &sql, args![id]).await?.as_ref().map(record).transpose()
}
