//! The re-encryption walk after a key rotation in PostgreSQL, a batch in one transaction (the backfills, the
//! count of values under other keys and the search by name are `lekhotla_storage::stored_sealing`).

use lekhotla_crypto::Keyring;
use lekhotla_storage::sealing::{self, KeyringSlot, ResealCursor, ResealPhase};
use lekhotla_storage::{DbError, ResealBatch};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::errors;
use crate::rows::get;

/// What one table's part of a batch did: rows scanned, values rewritten, the last id scanned.
type Scan = (u64, u64, Option<Uuid>);

/// One batch of the walk (see `KeyStore::reseal_batch`), in one transaction that locks the rows it scans.
pub async fn reseal_batch(
    pool: &PgPool,
    keys: &KeyringSlot,
    after: Option<String>,
    limit: u32,
) -> Result<ResealBatch, DbError> {
    let keyring = keys.get()?;
    let mut cursor = ResealCursor::parse(after.as_deref())?;
    let limit = i64::from(limit.max(1));
    let mut tx = pool.begin().await.map_err(errors::map)?;
    loop {
        let (scanned, resealed, last) = walk(&mut tx, &keyring, cursor.phase, cursor.after, limit).await?;
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

/// One table's part of a batch: the rows after `after` in key order, locked, each sealed value not under
/// the current data key re-sealed in place by one `UPDATE ... FROM unnest(...)` for the whole batch.
async fn walk(
    conn: &mut PgConnection,
    keyring: &Keyring,
    phase: ResealPhase,
    after: Option<Uuid>,
    limit: i64,
) -> Result<Scan, DbError> {
    let (table, key, columns) = (phase.table(), phase.key(), phase.columns());
    let stored: Vec<&str> = columns.iter().map(|(c, _)| *c).collect();
    let sql =
        format!("SELECT {key}, {} FROM {table} WHERE {key} > $1 ORDER BY {key} LIMIT $2 FOR UPDATE", stored.join(", "));
    let found = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(after.unwrap_or_default())
        .bind(limit)
        .fetch_all(&mut *conn)
        .await
        .map_err(errors::map)?;
    // The new values, column by column (NULL: unchanged), for the rows that have any: one UPDATE for the batch.
    let (mut resealed, mut last) = (0, None);
    let mut rows: Vec<Uuid> = Vec::new();
    let mut values: Vec<Vec<Option<String>>> = vec![Vec::new(); columns.len()];
    for r in &found {
        let id: Uuid = get(r, key)?;
        let mut row = Vec::with_capacity(columns.len());
        for &(column, field) in &columns {
            let new = match get::<Option<String>>(r, column)? {
                Some(value) => sealing::reseal(keyring, table, field, id, &value)?,
                None => None,
            };
            row.push(new);
        }
        let changed = row.iter().flatten().count() as u64;
        if changed > 0 {
            rows.push(id);
            for (column, new) in values.iter_mut().zip(row) {
                column.push(new);
            }
            resealed += changed;
        }
        last = Some(id);
    }
    if !rows.is_empty() {
        let set: Vec<String> = columns.iter().map(|(c, _)| format!("{c} = coalesce(v.{c}, t.{c})")).collect();
        let arrays: Vec<String> = (0..columns.len()).map(|i| format!("${}::text[]", i + 2)).collect();
        let names: Vec<&str> = columns.iter().map(|(c, _)| *c).collect();
        let sql = format!(
            "UPDATE {table} AS t SET {} FROM unnest($1::uuid[], {}) AS v(k, {}) WHERE t.{key} = v.k",
            set.join(", "),
            arrays.join(", "),
            names.join(", ")
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(&rows);
        for column in &values {
            q = q.bind(column);
        }
        q.execute(&mut *conn).await.map_err(errors::map)?;
    }
    Ok((found.len() as u64, resealed, last))
}
