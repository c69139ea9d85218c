//! Sealed person fields and notes in SQLite beyond reads and writes: re-encryption after a key rotation, the
//! count of values under older keys, and search by the name's blind index.

use lekhotla_crypto::Keyring;
use lekhotla_domain::{CaseId, PersonId};
use lekhotla_storage::sealing::{
    self, KeyringSlot, NAME_INDEX_COLUMN, PERSON_NAME_INDEX, PERSONS, ResealCursor, ResealPhase,
};
use lekhotla_storage::{DbError, ResealBatch, notes};
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

/// Seals every value of the columns sealed from 0008 on that is still in the clear (`KeyStore::seal_plaintext`).
/// When it sealed any, the file is rebuilt (`VACUUM`) and the WAL emptied, so that the plaintext does not stay
/// behind in free pages. A database that records the backfills done ([`sealing::BACKFILLED`]) is not scanned.
pub async fn seal_plaintext(pool: &SqlitePool, keys: &KeyringSlot) -> Result<u64, DbError> {
    let keyring = keys.get()?;
    if backfilled(pool).await? {
        return Ok(0);
    }
    let mut tx = crate::write_gate::begin(pool).await?;
    let mut sealed = 0;
    for (table, key, column) in notes::SEALED_SINCE_0008 {
        let found = sqlx::query(sqlx::AssertSqlSafe(notes::plaintext_query(table, key, column)))
            .fetch_all(&mut *tx)
            .await
            .map_err(errors::map)?;
        let sql = format!("UPDATE {table} SET {column} = ? WHERE {key} = ?");
        for r in &found {
            let id = r.uuid("k")?;
            let value = notes::seal_plaintext(&keyring, table, column, id, &r.text("v")?)?;
            sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                .bind(value)
                .bind(id_text(id))
                .execute(&mut *tx)
                .await
                .map_err(errors::map)?;
            sealed += 1;
        }
    }
    index_persons(&mut tx, &keyring).await?;
    band_victims(&mut tx, &keyring).await?;
    sqlx::query(sealing::MARK_BACKFILLED).execute(&mut *tx).await.map_err(errors::map)?;
    tx.commit().await.map_err(errors::map)?;
    if sealed > 0 {
        sqlx::query("VACUUM").execute(pool).await.map_err(errors::map)?;
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(pool).await.map_err(errors::map)?;
    }
    Ok(sealed)
}

/// Whether the backfills went through here before ([`sealing::BACKFILLED`]).
async fn backfilled(pool: &SqlitePool) -> Result<bool, DbError> {
    sqlx::query_scalar(sealing::BACKFILLED).fetch_one(pool).await.map_err(errors::map)
}

/// Fills the blind indexes of migration 0011 of the persons written before it.
async fn index_persons(conn: &mut SqliteConnection, keyring: &Keyring) -> Result<(), DbError> {
    let found = sqlx::query(sealing::UNINDEXED_PERSONS).fetch_all(&mut *conn).await.map_err(errors::map)?;
    for r in &found {
        let id = r.uuid("id")?;
        let opened =
            sealing::open_person(keyring, id, |c| if sealing::read_for_indexes(c) { r.opt_text(c) } else { Ok(None) })?;
        let indexes = sealing::indexes_of_opened(keyring, &opened);
        let [(a, av), (b, bv), (c, cv)] = indexes.columns();
        let sql = format!("UPDATE {PERSONS} SET {a} = ?, {b} = ?, {c} = ? WHERE id = ?");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(av)
            .bind(bv)
            .bind(cv)
            .bind(id_text(id))
            .execute(&mut *conn)
            .await
            .map_err(errors::map)?;
    }
    Ok(())
}

/// Fills the age band at identification (migration 0013) of the victims written before it.
async fn band_victims(conn: &mut SqliteConnection, keyring: &Keyring) -> Result<(), DbError> {
    let found = sqlx::query(sealing::UNBANDED_VICTIMS).fetch_all(&mut *conn).await.map_err(errors::map)?;
    for r in &found {
        let id = r.uuid("id")?;
        let identified_on = r.date("identified_on")?;
        let band = sealing::age_band_of_stored(
            keyring,
            id,
            r.opt_text("birthdate")?,
            r.opt_num("estimated_age")?,
            identified_on,
        )?;
        sqlx::query("UPDATE victims SET age_band = ? WHERE person_id = ?")
            .bind(band.code())
            .bind(id_text(id))
            .execute(&mut *conn)
            .await
            .map_err(errors::map)?;
    }
    if !found.is_empty() {
        for sql in lekhotla_storage::statistics::derive::after_banding() {
            sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut *conn).await.map_err(errors::map)?;
        }
    }
    Ok(())
}

/// Sealed values (persons, notes and users) whose text does not start `v1.<current key id>.`.
pub async fn count_under_other_keys(pool: &SqlitePool, keys: &KeyringSlot) -> Result<u64, DbError> {
    let keyring = keys.get()?;
    let tables: Vec<String> = ResealPhase::all()
        .map(|phase| {
            let terms: Vec<String> =
                phase.columns().iter().map(|(c, _)| format!("CASE WHEN {c} NOT LIKE ?1 THEN 1 ELSE 0 END")).collect();
            format!("(SELECT coalesce(sum({}), 0) FROM {})", terms.join(" + "), phase.table())
        })
        .collect();
    let sql = format!("SELECT {}", tables.join(" + "));
    let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(sealing::current_key_pattern(&keyring))
        .fetch_one(pool)
        .await
        .map_err(errors::map)?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Persons whose name's blind index is the one of `name`, by case and position.
pub async fn find_by_name(
    pool: &SqlitePool,
    keys: &KeyringSlot,
    name: &str,
) -> Result<Vec<(CaseId, PersonId)>, DbError> {
    let index = keys.get()?.blind_index(PERSON_NAME_INDEX, name);
    let sql = format!("SELECT case_id, id FROM {PERSONS} WHERE {NAME_INDEX_COLUMN} = ? ORDER BY case_id, position");
    let found = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(index).fetch_all(pool).await.map_err(errors::map)?;
    found.iter().map(|r| Ok((CaseId(r.uuid("case_id")?), PersonId(r.uuid("id")?)))).collect()
}
