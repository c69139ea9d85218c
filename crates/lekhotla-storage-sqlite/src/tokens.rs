//! API tokens: issued, looked up by hash or id, listed, renewed, revoked, their last use recorded; each
//! change one transaction with its audit entry.

use lekhotla_audit::NewEntry;
use lekhotla_identity::TokenHash;
use lekhotla_storage::{ApiTokenRecord, DbError, UserId, scopes_from_text, scopes_to_text};
use sqlx::SqlitePool;
use sqlx::sqlite::SqliteRow;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::errors::bad;
use crate::rows::{Get, V, timestamp};
use crate::{audit, errors, id_text};

/// A token's columns, prefixed `t_` so they can sit beside a user's.
pub const TOKEN_COLUMNS: &str = "t.id AS t_id, t.token_hash AS t_token_hash, t.user_id AS t_user_id, \
     t.name AS t_name, t.scopes AS t_scopes, t.created_at AS t_created_at, t.expires_at AS t_expires_at, \
     t.revoked_at AS t_revoked_at, t.last_used_at AS t_last_used_at";

fn ts(column: &'static str, t: OffsetDateTime) -> Result<String, DbError> {
    match timestamp(column, t)? {
        V::Text(s) => Ok(s),
        _ => Err(bad(column, "is not text")),
    }
}

fn opt_ts(r: &SqliteRow, c: &'static str) -> Result<Option<OffsetDateTime>, DbError> {
    r.opt_text(c)?.map(|_| r.timestamp(c)).transpose()
}

pub fn token_from_row(r: &SqliteRow) -> Result<ApiTokenRecord, DbError> {
    Ok(ApiTokenRecord {
        id: r.uuid("t_id")?,
        token_hash: TokenHash::from_hex(&r.text("t_token_hash")?).map_err(|e| bad("token_hash", e))?,
        user: UserId(r.uuid("t_user_id")?),
        name: r.text("t_name")?,
        scopes: scopes_from_text(&r.text("t_scopes")?)?,
        created_at: r.timestamp("t_created_at")?,
        expires_at: r.timestamp("t_expires_at")?,
        revoked_at: opt_ts(r, "t_revoked_at")?,
        last_used_at: opt_ts(r, "t_last_used_at")?,
    })
}

pub async fn create(pool: &SqlitePool, t: &ApiTokenRecord, audit_entry: NewEntry) -> Result<(), DbError> {
    let mut tx = crate::write_gate::begin(pool).await?;
    sqlx::query(
        "INSERT INTO api_tokens (id, token_hash, user_id, name, scopes, created_at, expires_at, revoked_at, \
         last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id_text(t.id))
    .bind(t.token_hash.to_hex())
    .bind(id_text(t.user.0))
    .bind(&t.name)
    .bind(scopes_to_text(&t.scopes))
    .bind(ts("created_at", t.created_at)?)
    .bind(ts("expires_at", t.expires_at)?)
    .bind(t.revoked_at.map(|r| ts("revoked_at", r)).transpose()?)
    .bind(t.last_used_at.map(|r| ts("last_used_at", r)).transpose()?)
    .execute(&mut *tx)
    .await
    .map_err(errors::map)?;
    audit::append(&mut tx, audit_entry).await?;
    tx.commit().await.map_err(errors::map)
}

pub async fn by_id(pool: &SqlitePool, id: Uuid) -> Result<Option<ApiTokenRecord>, DbError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {TOKEN_COLUMNS} FROM api_tokens t WHERE t.id = ?")))
        .bind(id_text(id))
        .fetch_optional(pool)
        .await
        .map_err(errors::map)?;
    row.as_ref().map(token_from_row).transpose()
}

pub async fn list(pool: &SqlitePool, user: Option<UserId>) -> Result<Vec<ApiTokenRecord>, DbError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {TOKEN_COLUMNS} FROM api_tokens t WHERE (? IS NULL OR t.user_id = ?) ORDER BY t.id DESC"
    )))
    .bind(user.map(|u| id_text(u.0)))
    .bind(user.map(|u| id_text(u.0)))
    .fetch_all(pool)
    .await
    .map_err(errors::map)?;
    rows.iter().map(token_from_row).collect()
}

pub async fn touch(pool: &SqlitePool, id: Uuid, at: OffsetDateTime) -> Result<(), DbError> {
    sqlx::query("UPDATE api_tokens SET last_used_at = ? WHERE id = ?")
        .bind(ts("last_used_at", at)?)
        .bind(id_text(id))
        .execute(pool)
        .await
        .map_err(errors::map)?;
    Ok(())
}

pub async fn renew(
    pool: &SqlitePool,
    id: Uuid,
    expires_at: OffsetDateTime,
    audit_entry: NewEntry,
) -> Result<(), DbError> {
    let mut tx = crate::write_gate::begin(pool).await?;
    let done = sqlx::query("UPDATE api_tokens SET expires_at = ? WHERE id = ? AND revoked_at IS NULL")
        .bind(ts("expires_at", expires_at)?)
        .bind(id_text(id))
        .execute(&mut *tx)
        .await
        .map_err(errors::map)?;
    if done.rows_affected() == 0 {
        return Err(DbError::NotFound("API token"));
    }
    audit::append(&mut tx, audit_entry).await?;
    tx.commit().await.map_err(errors::map)
}

pub async fn revoke(pool: &SqlitePool, id: Uuid, at: OffsetDateTime, audit_entry: NewEntry) -> Result<(), DbError> {
    let mut tx = crate::write_gate::begin(pool).await?;
    let done = sqlx::query("UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?")
        .bind(ts("revoked_at", at)?)
        .bind(id_text(id))
        .execute(&mut *tx)
        .await
        .map_err(errors::map)?;
    if done.rows_affected() == 0 {
        return Err(DbError::NotFound("API token"));
    }
    audit::append(&mut tx, audit_entry).await?;
    tx.commit().await.map_err(errors::map)
}
