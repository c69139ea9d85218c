//! The re-encryption walk after a key rotation in SQLite, a batch in one transaction (the backfills, the
//! count of values under other keys and the search by name are `lekhotla_storage::stored_sealing`).

use lekhotla_crypto::Keyring;
use lekhotla_storage::sealing::{self, KeyringSlot, ResealCursor, ResealPhase};
use lekhotla_storage::{DbError, ResealBatch};
use sqlx::{SqliteConnection, SqlitePool};
use uuid::Uuid;

use crate::rows::Get;
use crate::{errors, id_text};

/// What one table's part of a batch did: rows scanned, values rewritten, the last id scanned.
type Scan = (u64, u64, Option<Uuid>);

/// One batch of the walk (see `KeyStore::reseal_batch`), in one write transaction.
pub async fn reseal_batch(
    pool: &SqlitePool,
    keys: &KeyringSlot,
    after: Option<String>,
    limit: u32,
) -> Result<ResealBatch, DbError> {
    let keyring = keys.get()?;
    let mut cursor = ResealCursor::parse(after.as_deref())?;
    let limit = i64::from(limit.max(1));
    let mut tx = crate::write_gate::begin(pool).await?;
    loop {
        let after = cursor.after.map(id_text).unwrap_or_default();
        let (scanned, resealed, last) = walk(&mut tx, &keyring, cursor.phase, &after, limit).await?;
        if let Some(last) = last {
            tx.commit().await.map_err(errors::map)?;
            let last = Some(ResealCursor::text(cursor.phase, last));
            return Ok(ResealBatch { scanned, resealed, last });
        }
        match cursor.phase.next() {
            Some(phase) => cursor = ResealCursor { phase, after: None },
            None => {
                tx.commit().await.map_err(errors::map)?;
                return Ok(ResealBatch::default());
            }
        }
    }
}

/// One table's part of a batch: the rows after `after` in key order, each sealed value not under the
/// current data key re-sealed in place.
async fn walk(
    conn: &mut SqliteConnection,
    keyring: &Keyring,
    phase: ResealPhase,
    after: &str,
    limit: i64,
) -> Result<Scan, DbError> {
    let (table, key, columns) = (phase.table(), phase.key(), phase.columns());
    let stored: Vec<&str> = columns.iter().map(|(c, _)| *c).collect();
    let sql = format!("SELECT {key}, {} FROM {table} WHERE {key} > ? ORDER BY {key} LIMIT ?", stored.join(", "));
    let found = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(after)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await
        .map_err(errors::map)?;
    let (mut resealed, mut last) = (0, None);
    for r in &found {
        let id = r.uuid(key)?;
        let mut changed = Vec::new();
        for &(column, field) in &columns {
            if let Some(value) = r.opt_text(column)?
                && let Some(new) = sealing::reseal(keyring, table, field, id, &value)?
            {
                changed.push((column, new));
            }
        }
        if !changed.is_empty() {
            let set: Vec<String> = changed.iter().map(|(c, _)| format!("{c} = ?")).collect();
            let sql = format!("UPDATE {table} SET {} WHERE {key} = ?", set.join(", "));
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (_, v) in &changed {
                q = q.bind(v.as_str());
            }
            q.bind(id_text(id)).execute(&mut *conn).await.map_err(errors::map)?;
            resealed += changed.len() as u64;
        }
        last = Some(id);
    }
    Ok((found.len() as u64, resealed, last))
}
