//! The audit trail: appending inside the caller's write transaction (the one-row `audit_head` is
//! locked, so concurrent writers get their seq one at a time), reading it back in order, searching it.

use lekhotla_audit::{AuditEntry, Chain, Checkpoint, NewEntry};
use lekhotla_storage::{
    AuditFilter, DbError, UnreadableEntry, action_from_text, fields_from_text, fields_to_text, hash_from_text,
    seq_from_db, seq_to_db, signature_from_text, signature_to_text,
};
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, PgPool, Postgres, QueryBuilder, Row};

use crate::errors;
use crate::rows;

/// Appends `new` after the current head, inside the caller's transaction. Called last in every
/// writing transaction, so the head stays locked only for the commit.
pub async fn append(conn: &mut PgConnection, new: NewEntry) -> Result<AuditEntry, DbError> {
    let mut written = append_all(conn, vec![new]).await?;
    written.pop().ok_or_else(|| DbError::Unavailable("no audit entry was written".into()))
}

/// Rows per `INSERT` (nine values each, well under PostgreSQL's 65,535 parameters).
const ROWS_PER_INSERT: usize = 1000;

/// Appends `batch` in order after the current head, inside the caller's transaction: the head locked and
/// read once, multi-row inserts, the head moved once.
pub async fn append_all(conn: &mut PgConnection, batch: Vec<NewEntry>) -> Result<Vec<AuditEntry>, DbError> {
    let (seq, hash): (i64, String) = sqlx::query_as("SELECT seq, hash FROM audit_head FOR UPDATE")
        .fetch_one(&mut *conn)
        .await
        .map_err(errors::map)?;
    let mut chain = Chain { head_seq: seq_from_db(seq)?, head_hash: hash_from_text(&hash)? };
    let written: Vec<AuditEntry> = batch.into_iter().map(|new| chain.append(new)).collect();
    let Some(last) = written.last() else {
        return Ok(written);
    };
    let seqs = written.iter().map(|e| seq_to_db(e.seq)).collect::<Result<Vec<i64>, DbError>>()?;
    for (rows, seqs) in written.chunks(ROWS_PER_INSERT).zip(seqs.chunks(ROWS_PER_INSERT)) {
        let mut q: QueryBuilder<Postgres> = QueryBuilder::new(
            "INSERT INTO audit_log (seq, at, actor, action, record, fields, purpose, prev_hash, hash) ",
        );
        q.push_values(rows.iter().zip(seqs), |mut b, (entry, seq)| {
            b.push_bind(*seq)
                .push_bind(entry.at)
                .push_bind(entry.actor.clone())
                .push_bind(entry.action.code())
                .push_bind(entry.record.clone())
                .push_bind(fields_to_text(&entry.fields))
                .push_bind(entry.purpose.clone())
                .push_bind(entry.prev_hash.to_hex())
                .push_bind(entry.hash.to_hex());
        });
        q.build().execute(&mut *conn).await.map_err(errors::map)?;
    }
    sqlx::query("UPDATE audit_head SET seq = $1, hash = $2")
        .bind(seq_to_db(last.seq)?)
        .bind(last.hash.to_hex())
        .execute(&mut *conn)
        .await
        .map_err(errors::map)?;
    Ok(written)
}

/// An entry from a row of [`COLUMNS`], read by position, the texts borrowed where they are parsed; a row that
/// does not read back as an entry is an [`UnreadableEntry`] naming its seq.
fn from_row(r: &PgRow) -> Result<AuditEntry, DbError> {
    let seq: i64 = at(r, 0, "seq")?;
    entry_of(r, seq).map_err(|e| UnreadableEntry::of(seq, &e))
}

/// The column `i` of `r`, named `column` in an error.
fn at<'r, T: sqlx::Decode<'r, Postgres> + sqlx::Type<Postgres>>(
    r: &'r PgRow,
    i: usize,
    column: &'static str,
) -> Result<T, DbError> {
    r.try_get(i).map_err(|e| rows::bad(column, e))
}

/// The entry of the row at `seq`.
fn entry_of(r: &PgRow, seq: i64) -> Result<AuditEntry, DbError> {
    Ok(AuditEntry {
        seq: seq_from_db(seq)?,
        at: at(r, 1, "at")?,
        actor: at(r, 2, "actor")?,
        action: action_from_text(at(r, 3, "action")?)?,
        record: at(r, 4, "record")?,
        fields: fields_from_text(at(r, 5, "fields")?)?,
        purpose: at(r, 6, "purpose")?,
        prev_hash: hash_from_text(at(r, 7, "prev_hash")?)?,
        hash: hash_from_text(at(r, 8, "hash")?)?,
    })
}

/// The columns of an entry, in the order [`from_row`] reads them.
const COLUMNS: &str = "seq, at, actor, action, record, fields, purpose, prev_hash, hash";

pub async fn entries_after(pool: &PgPool, after: u64, limit: u32) -> Result<Vec<AuditEntry>, DbError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2"
    )))
    .bind(seq_to_db(after)?)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await
    .map_err(errors::map)?;
    rows.iter().map(from_row).collect()
}

pub async fn search(pool: &PgPool, f: &AuditFilter, limit: u32, offset: u64) -> Result<Vec<AuditEntry>, DbError> {
    let mut q: QueryBuilder<Postgres> = QueryBuilder::new(format!("SELECT {COLUMNS} FROM audit_log WHERE true"));
    if let Some(actor) = &f.actor {
        q.push(" AND actor = ").push_bind(actor.clone());
    }
    if let Some(record) = &f.record {
        q.push(" AND record = ").push_bind(record.clone());
    }
    if let Some(action) = f.action {
        q.push(" AND action = ").push_bind(action.code());
    }
    if let Some(from) = f.from {
        q.push(" AND at >= ").push_bind(from);
    }
    if let Some(to) = f.to {
        q.push(" AND at < ").push_bind(to);
    }
    q.push(" ORDER BY seq DESC LIMIT ").push_bind(i64::from(limit));
    q.push(" OFFSET ").push_bind(i64::try_from(offset).unwrap_or(i64::MAX));
    let rows = q.build().fetch_all(pool).await.map_err(errors::map)?;
    rows.iter().map(from_row).collect()
}

/// Appends a batch of entries in a transaction of its own (the group commit's write).
pub async fn append_batch(pool: PgPool, batch: Vec<NewEntry>) -> Result<Vec<AuditEntry>, DbError> {
    let mut tx = pool.begin().await.map_err(errors::map)?;
    let written = append_all(&mut tx, batch).await?;
    tx.commit().await.map_err(errors::map)?;
    Ok(written)
}

/// Stores a checkpoint and appends its entry, in one transaction.
pub async fn save_checkpoint(pool: &PgPool, c: &Checkpoint, note: NewEntry) -> Result<AuditEntry, DbError> {
    let mut tx = pool.begin().await.map_err(errors::map)?;
    sqlx::query("INSERT INTO audit_checkpoints (seq, head_hash, at, signature) VALUES ($1, $2, $3, $4)")
        .bind(seq_to_db(c.seq)?)
        .bind(c.head_hash.to_hex())
        .bind(c.at)
        .bind(signature_to_text(&c.signature))
        .execute(&mut *tx)
        .await
        .map_err(errors::map)?;
    let entry = append(&mut tx, note).await?;
    tx.commit().await.map_err(errors::map)?;
    Ok(entry)
}

pub async fn checkpoints(pool: &PgPool) -> Result<Vec<Checkpoint>, DbError> {
    let rows = sqlx::query("SELECT seq, head_hash, at, signature FROM audit_checkpoints ORDER BY seq")
        .fetch_all(pool)
        .await
        .map_err(errors::map)?;
    rows.iter()
        .map(|r| {
            Ok(Checkpoint {
                seq: seq_from_db(rows::get(r, "seq")?)?,
                head_hash: hash_from_text(&rows::get::<String>(r, "head_hash")?)?,
                at: rows::get(r, "at")?,
                signature: signature_from_text(&rows::get::<String>(r, "signature")?)?,
            })
        })
        .collect()
}
