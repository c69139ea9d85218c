//! Sealed person fields and notes in PostgreSQL beyond reads and writes: re-encryption after a key rotation, the
//! count of values under older keys, and search by the name's blind index.

use lekhotla_crypto::Keyring;
use lekhotla_domain::{CaseId, PersonId};
use lekhotla_storage::sealing::{
    self, KeyringSlot, NAME_INDEX_COLUMN, PERSON_NAME_INDEX, PERSONS, ResealCursor, ResealPhase,
};
use lekhotla_storage::{DbError, ResealBatch, notes};
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

/// Seals every value of the columns sealed from 0008 on that is still in the clear (`KeyStore::seal_plaintext`).
/// A database that records the backfills done ([`sealing::BACKFILLED`]) is not scanned.
pub async fn seal_plaintext(pool: &PgPool, keys: &KeyringSlot) -> Result<u64, DbError> {
    let keyring = keys.get()?;
    let done: bool = sqlx::query_scalar(sealing::BACKFILLED).fetch_one(pool).await.map_err(errors::map)?;
    if done {
        return Ok(0);
    }
    let mut tx = pool.begin().await.map_err(errors::map)?;
    let mut sealed = 0;
    for (table, key, column) in notes::SEALED_SINCE_0008 {
        let found = sqlx::query(sqlx::AssertSqlSafe(notes::plaintext_query(table, key, column)))
            .fetch_all(&mut *tx)
            .await
            .map_err(errors::map)?;
        let sql = format!("UPDATE {table} SET {column} = $1 WHERE {key} = $2");
        for r in &found {
            let id: Uuid = get(r, "k")?;
            let plain: String = get(r, "v")?;
            let value = notes::seal_plaintext(&keyring, table, column, id, &plain)?;
            sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                .bind(value)
                .bind(id)
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
    Ok(sealed)
}

/// Fills the blind indexes of migration 0011 of the persons written before it.
async fn index_persons(conn: &mut PgConnection, keyring: &Keyring) -> Result<(), DbError> {
    let found = sqlx::query(sealing::UNINDEXED_PERSONS).fetch_all(&mut *conn).await.map_err(errors::map)?;
    for r in &found {
        let id: Uuid = get(r, "id")?;
        let opened = sealing::open_person(keyring, id, |c| {
            if sealing::read_for_indexes(c) { get::<Option<String>>(r, c) } else { Ok(None) }
        })?;
        let indexes = sealing::indexes_of_opened(keyring, &opened);
        let [(a, av), (b, bv), (c, cv)] = indexes.columns();
        let sql = format!("UPDATE {PERSONS} SET {a} = $1, {b} = $2, {c} = $3 WHERE id = $4");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(av)
            .bind(bv)
            .bind(cv)
            .bind(id)
            .execute(&mut *conn)
            .await
            .map_err(errors::map)?;
    }
    Ok(())
}

/// Fills the age band at identification (migration 0013) of the victims written before it.
async fn band_victims(conn: &mut PgConnection, keyring: &Keyring) -> Result<(), DbError> {
    let found = sqlx::query(sealing::UNBANDED_VICTIMS).fetch_all(&mut *conn).await.map_err(errors::map)?;
    for r in &found {
        let id: Uuid = get(r, "id")?;
        let estimated: Option<i32> = get(r, "estimated_age")?;
        let band = sealing::age_band_of_stored(
            keyring,
            id,
            get(r, "birthdate")?,
            estimated.map(i64::from),
            get(r, "identified_on")?,
        )?;
        sqlx::query("UPDATE victims SET age_band = $1 WHERE person_id = $2")
            .bind(band.code())
            .bind(id)
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
pub async fn count_under_other_keys(pool: &PgPool, keys: &KeyringSlot) -> Result<u64, DbError> {
    let keyring = keys.get()?;
    let tables: Vec<String> = ResealPhase::all()
        .map(|phase| {
            let terms: Vec<String> =
                phase.columns().iter().map(|(c, _)| format!("CASE WHEN {c} NOT LIKE $1 THEN 1 ELSE 0 END")).collect();
            format!("(SELECT coalesce(sum({}), 0) FROM {})", terms.join(" + "), phase.table())
        })
        .collect();
    let sql = format!("SELECT ({})::bigint", tables.join(" + "));
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
