//! The audit trail: appending inside the caller's write transaction (which holds SQLite's write
//! lock, so entries get their seq one at a time), reading it back in order, searching it.

use lekhotla_audit::{AuditEntry, Chain, Checkpoint, NewEntry};
use lekhotla_storage::{
    AuditFilter, DbError, action_from_text, fields_from_text, fields_to_text, hash_from_text, seq_from_db, seq_to_db,
};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection, SqlitePool};
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

use crate::errors::{self, bad};
use crate::rows::Get;

/// Audit times are stored fixed-width (microseconds, UTC) so that text order is time order.
const AT: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");

fn at_text(t: OffsetDateTime) -> Result<String, DbError> {
    t.to_offset(UtcOffset::UTC).format(AT).map_err(|e| bad("at", e))
}

fn at_parse(s: &str) -> Result<OffsetDateTime, DbError> {
    PrimitiveDateTime::parse(s, AT).map(PrimitiveDateTime::assume_utc).map_err(|e| bad("at", e))
}

/// Appends `new` after the current head, on a connection inside a `BEGIN IMMEDIATE` transaction.
pub async fn append(conn: &mut SqliteConnection, new: NewEntry) -> Result<AuditEntry, DbError> {
    let head: Option<(i64, String)> = sqlx::query_as("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
        .fetch_optional(&mut *conn)
        .await
        .map_err(errors::map)?;
    let mut chain = match head {
        Some((seq, hash)) => Chain { head_seq: seq_from_db(seq)?, head_hash: hash_from_text(&hash)? },
        None => Chain::genesis(),
    };
    let entry = chain.append(new);
    sqlx::query(
        "INSERT INTO audit_log (seq, at, actor, action, record, fields, purpose, prev_hash, hash) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(seq_to_db(entry.seq)?)
    .bind(at_text(entry.at)?)
    .bind(&entry.actor)
    .bind(entry.action.code())
    .bind(entry.record.as_deref())
    .bind(fields_to_text(&entry.fields))
    .bind(entry.purpose.as_deref())
    .bind(entry.prev_hash.to_hex())
    .bind(entry.hash.to_hex())
    .execute(&mut *conn)
    .await
    .map_err(errors::map)?;
    Ok(entry)
}

fn from_row(r: &SqliteRow) -> Result<AuditEntry, DbError> {
    Ok(AuditEntry {
        seq: seq_from_db(r.int("seq")?)?,
        at: at_parse(&r.text("at")?)?,
        actor: r.text("actor")?,
        action: action_from_text(&r.text("action")?)?,
        record: r.opt_text("record")?,
        fields: fields_from_text(&r.text("fields")?)?,
        purpose: r.opt_text("purpose")?,
        prev_hash: hash_from_text(&r.text("prev_hash")?)?,
        hash: hash_from_text(&r.text("hash")?)?,
    })
}

const COLUMNS: &str = "seq, at, actor, action, record, fields, purpose, prev_hash, hash";

pub async fn entries_after(pool: &SqlitePool, after: u64, limit: u32) -> Result<Vec<AuditEntry>, DbError> {
    let rows =
        sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?")))
            .bind(seq_to_db(after)?)
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await
            .map_err(errors::map)?;
    rows.iter().map(from_row).collect()
}

pub async fn search(pool: &SqlitePool, f: &AuditFilter, limit: u32, offset: u64) -> Result<Vec<AuditEntry>, DbError> {
    let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(format!("SELECT {COLUMNS} FROM audit_log WHERE 1 = 1"));
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
        q.push(" AND at >= ").push_bind(at_text(from)?);
    }
    if let Some(to) = f.to {
        q.push(" AND at < ").push_bind(at_text(to)?);
    }
    q.push(" ORDER BY seq DESC LIMIT ").push_bind(i64::from(limit));
    q.push(" OFFSET ").push_bind(i64::try_from(offset).unwrap_or(i64::MAX));
    let rows = q.build().fetch_all(pool).await.map_err(errors::map)?;
    rows.iter().map(from_row).collect()
}

/// Appends one entry in a transaction of its own.
pub async fn append_alone(pool: &SqlitePool, new: NewEntry) -> Result<AuditEntry, DbError> {
    let mut tx = pool.begin_with(crate::BEGIN_WRITE).await.map_err(errors::map)?;
    let entry = append(&mut tx, new).await?;
    tx.commit().await.map_err(errors::map)?;
    Ok(entry)
}

/// Stores a checkpoint and appends its entry, in one transaction.
pub async fn save_checkpoint(pool: &SqlitePool, c: &Checkpoint, note: NewEntry) -> Result<AuditEntry, DbError> {
    let mut tx = pool.begin_with(crate::BEGIN_WRITE).await.map_err(errors::map)?;
    sqlx::query("INSERT INTO audit_checkpoints (seq, head_hash, at, signature) VALUES (?, ?, ?, ?)")
        .bind(seq_to_db(c.seq)?)
        .bind(c.head_hash.to_hex())
        .bind(at_text(c.at)?)
        .bind(lekhotla_storage::signature_to_text(&c.signature))
        .execute(&mut *tx)
        .await
        .map_err(errors::map)?;
    let entry = append(&mut tx, note).await?;
    tx.commit().await.map_err(errors::map)?;
    Ok(entry)
}

pub async fn checkpoints(pool: &SqlitePool) -> Result<Vec<Checkpoint>, DbError> {
    let rows = sqlx::query("SELECT seq, head_hash, at, signature FROM audit_checkpoints ORDER BY seq")
        .fetch_all(pool)
        .await
        .map_err(errors::map)?;
    rows.iter()
        .map(|r| {
            Ok(Checkpoint {
                seq: seq_from_db(r.int("seq")?)?,
                head_hash: hash_from_text(&r.text("head_hash")?)?,
                at: at_parse(&r.text("at")?)?,
                signature: lekhotla_storage::signature_from_text(&r.text("signature")?)?,
            })
        })
        .collect()
}
