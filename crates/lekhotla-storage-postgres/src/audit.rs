//! The audit trail: appending inside the caller's write transaction (the one-row `audit_head` is
//! locked, so concurrent writers get their seq one at a time), reading it back in order, searching it.

use lekhotla_audit::{AuditEntry, Chain, Checkpoint, NewEntry};
use lekhotla_storage::{
    AuditFilter, DbError, action_from_text, fields_from_text, fields_to_text, hash_from_text, seq_from_db, seq_to_db,
    signature_from_text, signature_to_text,
};
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, PgPool, Postgres, QueryBuilder};

use crate::errors;
use crate::rows;

/// Appends `new` after the current head, inside the caller's transaction. Called last in every
/// writing transaction, so the head stays locked only for the commit.
pub async fn append(conn: &mut PgConnection, new: NewEntry) -> Result<AuditEntry, DbError> {
    let (seq, hash): (i64, String) = sqlx::query_as("SELECT seq, hash FROM audit_head FOR UPDATE")
        .fetch_one(&mut *conn)
        .await
        .map_err(errors::map)?;
    let mut chain = Chain { head_seq: seq_from_db(seq)?, head_hash: hash_from_text(&hash)? };
    let entry = chain.append(new);
    sqlx::query(
        "INSERT INTO audit_log (seq, at, actor, action, record, fields, purpose, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(seq_to_db(entry.seq)?)
    .bind(entry.at)
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
    sqlx::query("UPDATE audit_head SET seq = $1, hash = $2")
        .bind(seq_to_db(entry.seq)?)
        .bind(entry.hash.to_hex())
        .execute(&mut *conn)
        .await
        .map_err(errors::map)?;
    Ok(entry)
}

fn from_row(r: &PgRow) -> Result<AuditEntry, DbError> {
    Ok(AuditEntry {
        seq: seq_from_db(rows::get(r, "seq")?)?,
        at: rows::get(r, "at")?,
        actor: rows::get(r, "actor")?,
        action: action_from_text(&rows::get::<String>(r, "action")?)?,
        record: rows::get(r, "record")?,
        fields: fields_from_text(&rows::get::<String>(r, "fields")?)?,
        purpose: rows::get(r, "purpose")?,
        prev_hash: hash_from_text(&rows::get::<String>(r, "prev_hash")?)?,
        hash: hash_from_text(&rows::get::<String>(r, "hash")?)?,
    })
}

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

/// Appends one entry in a transaction of its own.
pub async fn append_alone(pool: &PgPool, new: NewEntry) -> Result<AuditEntry, DbError> {
    let mut tx = pool.begin().await.map_err(errors::map)?;
    let entry = append(&mut tx, new).await?;
    tx.commit().await.map_err(errors::map)?;
    Ok(entry)
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
