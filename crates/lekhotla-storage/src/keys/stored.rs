//! Sealed values beyond reads and writes, for every [`SqlStore`], written once: the backfills of values still
//! in the clear, the count of values under other keys than the current one, and persons found by their
//! name's blind index. (The re-encryption walk stays each store's: PostgreSQL rewrites a batch in one
//! `UPDATE ... FROM unnest(...)`, SQLite row by row; and SQLite rebuilds its file after a backfill.)

use lekhotla_crypto::Keyring;
use lekhotla_domain::{CaseId, PersonId};

use super::notes;
use super::sealing::{
    self, BACKFILLED, MARK_BACKFILLED, NAME_INDEX_COLUMN, PERSON_NAME_INDEX, PERSONS, ResealPhase, UNBANDED_VICTIMS,
    UNINDEXED_PERSONS,
};
use crate::sql_store::{Reads, SqlRow, SqlStore};
use crate::{DbError, args};

/// Seals every value of the columns sealed from 0008 on that is still in the clear, fills the blind indexes
/// and age bands of the rows written before them (`KeyStore::seal_plaintext`), all in one write transaction:
/// how many values it sealed. A database that records the backfills done ([`BACKFILLED`]) is not scanned.
pub async fn seal_plaintext<S: SqlStore>(s: &S) -> Result<u64, DbError> {
    let keyring = s.keyring().get()?;
    let done = s.fetch_one(Reads::Pool, BACKFILLED, Vec::new()).await?;
    if done.map(|r| r.int("done")).transpose()?.unwrap_or(0) != 0 {
        return Ok(0);
    }
    let mut tx = s.begin_write().await?;
    let mut sealed = 0;
    for (table, key, column) in notes::SEALED_SINCE_0008 {
        let found = s.fetch_in(&mut tx, &notes::plaintext_query(table, key, column), Vec::new()).await?;
        let sql = format!("UPDATE {table} SET {column} = $1 WHERE {key} = $2");
        for r in &found {
            let id = r.id("k")?;
            let value = notes::seal_plaintext(&keyring, table, column, id, &r.text("v")?)?;
            s.execute_in(&mut tx, &sql, args![value, id]).await?;
            sealed += 1;
        }
    }
    index_persons(s, &mut tx, &keyring).await?;
    band_victims(s, &mut tx, &keyring).await?;
    s.execute_in(&mut tx, MARK_BACKFILLED, Vec::new()).await?;
    s.commit(tx).await?;
    Ok(sealed)
}

/// Fills the blind indexes of migration 0011 of the persons written before it.
async fn index_persons<S: SqlStore>(s: &S, tx: &mut S::Tx, keyring: &Keyring) -> Result<(), DbError> {
    for r in &s.fetch_in(tx, UNINDEXED_PERSONS, Vec::new()).await? {
        let id = r.id("id")?;
        let opened =
            sealing::open_person(keyring, id, |c| if sealing::read_for_indexes(c) { r.opt_text(c) } else { Ok(None) })?;
        let indexes = sealing::indexes_of_opened(keyring, &opened);
        let [(a, av), (b, bv), (c, cv)] = indexes.columns();
        let sql = format!("UPDATE {PERSONS} SET {a} = $1, {b} = $2, {c} = $3 WHERE id = $4");
        s.execute_in(tx, &sql, args![av, bv, cv, id]).await?;
    }
    Ok(())
}

/// Fills the age band at identification (migration 0013) of the victims written before it, then the figures
/// derived from it.
async fn band_victims<S: SqlStore>(s: &S, tx: &mut S::Tx, keyring: &Keyring) -> Result<(), DbError> {
    let found = s.fetch_in(tx, UNBANDED_VICTIMS, Vec::new()).await?;
    for r in &found {
        let id = r.id("id")?;
        let band = sealing::age_band_of_stored(
            keyring,
            id,
            r.opt_text("birthdate")?,
            r.opt_int("estimated_age")?,
            r.date("identified_on")?,
        )?;
        s.execute_in(tx, "UPDATE victims SET age_band = $1 WHERE person_id = $2", args![band.code(), id]).await?;
    }
    if !found.is_empty() {
        for sql in crate::statistics::derive::after_banding() {
            s.execute_in(tx, &sql, Vec::new()).await?;
        }
    }
    Ok(())
}

/// Sealed values (persons, notes and users) whose text does not start `v1.<current key id>.`.
pub async fn count_under_other_keys<S: SqlStore>(s: &S) -> Result<u64, DbError> {
    let keyring = s.keyring().get()?;
    let tables: Vec<String> = ResealPhase::all()
        .map(|phase| {
            let terms: Vec<String> =
                phase.columns().iter().map(|(c, _)| format!("CASE WHEN {c} NOT LIKE $1 THEN 1 ELSE 0 END")).collect();
            format!("(SELECT coalesce(sum({}), 0) FROM {})", terms.join(" + "), phase.table())
        })
        .collect();
    let sql = format!("SELECT CAST({} AS BIGINT) AS n", tables.join(" + "));
    let row = s.fetch_one(Reads::Pool, &sql, args![sealing::current_key_pattern(&keyring)]).await?;
    Ok(row.map(|r| r.opt_unsigned("n")).transpose()?.flatten().unwrap_or(0))
}

/// Persons whose name's blind index is the one of `name`, by case and position.
pub async fn find_by_name<S: SqlStore>(s: &S, name: &str) -> Result<Vec<(CaseId, PersonId)>, DbError> {
    let index = s.keyring().get()?.blind_index(PERSON_NAME_INDEX, name);
    let sql = format!("SELECT case_id, id FROM {PERSONS} WHERE {NAME_INDEX_COLUMN} = $1 ORDER BY case_id, position");
    let found = s.fetch(Reads::Pool, &sql, args![index]).await?;
    found.iter().map(|r| Ok((CaseId(r.id("case_id")?), PersonId(r.id("id")?)))).collect()
}
