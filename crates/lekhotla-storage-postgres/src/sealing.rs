//! Sealed person fields in PostgreSQL beyond reads and writes: re-encryption after a key rotation, the
//! count of values under older keys, and search by the name's blind index.

use lekhotla_crypto::Keyring;
use lekhotla_domain::{CaseId, PersonId};
use lekhotla_storage::sealing::{
    self, KeyringSlot, NAME_INDEX_COLUMN, PERSON_NAME_INDEX, PERSONS, ResealCursor, ResealPhase, SEALED_PERSON_COLUMNS,
    TOTP_COLUMN, TOTP_FIELD, USERS,
};
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
        let (scanned, resealed, last) = match cursor.phase {
            ResealPhase::Persons => persons(&mut tx, &keyring, cursor.after, limit).await?,
            ResealPhase::Users => users(&mut tx, &keyring, cursor.after, limit).await?,
        };
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

async fn persons(conn: &mut PgConnection, keyring: &Keyring, after: Option<Uuid>, limit: i64) -> Result<Scan, DbError> {
    let sql = format!(
        "SELECT id, {} FROM {PERSONS} WHERE id > $1 ORDER BY id LIMIT $2 FOR UPDATE",
        SEALED_PERSON_COLUMNS.join(", ")
    );
    let found = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(after.unwrap_or(Uuid::nil()))
        .bind(limit)
        .fetch_all(&mut *conn)
        .await
        .map_err(errors::map)?;
    let (mut resealed, mut last) = (0, None);
    for r in &found {
        let id: Uuid = get(r, "id")?;
        let mut changed = Vec::new();
        for column in SEALED_PERSON_COLUMNS {
            if let Some(stored) = get::<Option<String>>(r, column)?
                && let Some(new) = sealing::reseal(keyring, PERSONS, column, id, &stored)?
            {
                changed.push((column, new));
            }
        }
        if !changed.is_empty() {
            let set: Vec<String> = changed.iter().enumerate().map(|(i, (c, _))| format!("{c} = ${}", i + 2)).collect();
            let sql = format!("UPDATE {PERSONS} SET {} WHERE id = $1", set.join(", "));
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id);
            for (_, v) in &changed {
                q = q.bind(v.as_str());
            }
            q.execute(&mut *conn).await.map_err(errors::map)?;
            resealed += changed.len() as u64;
        }
        last = Some(id);
    }
    Ok((found.len() as u64, resealed, last))
}

async fn users(conn: &mut PgConnection, keyring: &Keyring, after: Option<Uuid>, limit: i64) -> Result<Scan, DbError> {
    let sql = format!("SELECT id, {TOTP_COLUMN} FROM {USERS} WHERE id > $1 ORDER BY id LIMIT $2 FOR UPDATE");
    let found = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(after.unwrap_or(Uuid::nil()))
        .bind(limit)
        .fetch_all(&mut *conn)
        .await
        .map_err(errors::map)?;
    let (mut resealed, mut last) = (0, None);
    for r in &found {
        let id: Uuid = get(r, "id")?;
        if let Some(stored) = get::<Option<String>>(r, TOTP_COLUMN)?
            && let Some(new) = sealing::reseal(keyring, USERS, TOTP_FIELD, id, &stored)?
        {
            sqlx::query(sqlx::AssertSqlSafe(format!("UPDATE {USERS} SET {TOTP_COLUMN} = $2 WHERE id = $1")))
                .bind(id)
                .bind(new)
                .execute(&mut *conn)
                .await
                .map_err(errors::map)?;
            resealed += 1;
        }
        last = Some(id);
    }
    Ok((found.len() as u64, resealed, last))
}

/// Sealed values (persons and users) whose text does not start `v1.<current key id>.`.
pub async fn count_under_other_keys(pool: &PgPool, keys: &KeyringSlot) -> Result<u64, DbError> {
    let keyring = keys.get()?;
    let terms: Vec<String> =
        SEALED_PERSON_COLUMNS.iter().map(|c| format!("CASE WHEN {c} NOT LIKE $1 THEN 1 ELSE 0 END")).collect();
    let sql = format!(
        "SELECT (SELECT coalesce(sum({}), 0) FROM {PERSONS}) \
         + (SELECT count(*) FROM {USERS} WHERE {TOTP_COLUMN} NOT LIKE $1)",
        terms.join(" + ")
    );
    let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(sealing::current_key_pattern(&keyring))
        .fetch_one(pool)
        .await
        .map_err(errors::map)?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Persons whose name's blind index is the one of `name`, by case and position.
pub async fn find_by_name(pool: &PgPool, keys: &KeyringSlot, name: &str) -> Result<Vec<(CaseId, PersonId)>, DbError> {
    let index = keys.get()?.blind_index(PERSON_NAME_INDEX, name);
    let sql = format!("SELECT case_id, id FROM {PERSONS} WHERE {NAME_INDEX_COLUMN} = $1 ORDER BY case_id, position");
    let found = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(index).fetch_all(pool).await.map_err(errors::map)?;
    found.iter().map(|r| Ok((CaseId(get(r, "case_id")?), PersonId(get(r, "id")?)))).collect()
}
