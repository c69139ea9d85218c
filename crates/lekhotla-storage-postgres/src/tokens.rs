//! API tokens: issued, looked up by id, listed, renewed, revoked, their last use recorded; each change one
//! transaction with its audit entry.

use lekhotla_audit::NewEntry;
use lekhotla_identity::TokenHash;
use lekhotla_storage::{ApiTokenRecord, DbError, UserId, scopes_from_text, scopes_to_text};
use sqlx::PgPool;
use sqlx::postgres::PgRow;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::rows::{self, bad};
use crate::{audit, errors};

/// A token's columns, prefixed `t_` so they can sit beside a user's.
pub const TOKEN_COLUMNS: &str = "t.id AS t_id, t.token_hash AS t_token_hash, t.user_id AS t_user_id, \
     t.name AS t_name, t.scopes AS t_scopes, t.created_at AS t_created_at, t.expires_at AS t_expires_at, \
     t.revoked_at AS t_revoked_at, t.last_used_at AS t_last_used_at";

pub fn token_from_row(r: &PgRow) -> Result<ApiTokenRecord, DbError> {
    Ok(ApiTokenRecord {
        id: rows::get(r, "t_id")?,
        token_hash: TokenHash::from_hex(&rows::get::<String>(r, "t_token_hash")?).map_err(|e| bad("token_hash", e))?,
        user: UserId(rows::get(r, "t_user_id")?),
        name: rows::get(r, "t_name")?,
        scopes: scopes_from_text(&rows::get::<String>(r, "t_scopes")?)?,
        created_at: rows::get(r, "t_created_at")?,
        expires_at: rows::get(r, "t_expires_at")?,
        revoked_at: rows::get(r, "t_revoked_at")?,
        last_used_at: rows::get(r, "t_last_used_at")?,
    })
}

pub async fn create(pool: &PgPool, t: &ApiTokenRecord, audit_entry: NewEntry) -> Result<(), DbError> {
    let mut tx = pool.begin().await.map_err(errors::map)?;
    sqlx::query(
        "INSERT INTO api_tokens (id, token_hash, user_id, name, scopes, created_at, expires_at, revoked_at, \
         last_used_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(t.id)
    .bind(t.token_hash.to_hex())
    .bind(t.user.0)
    .bind(&t.name)
    .bind(scopes_to_text(&t.scopes))
    .bind(t.created_at)
    .bind(t.expires_at)
    .bind(t.revoked_at)
    .bind(t.last_used_at)
    .execute(&mut *tx)
    .await
    .map_err(errors::map)?;
    audit::append(&mut tx, audit_entry).await?;
    tx.commit().await.map_err(errors::map)
}

pub async fn by_id(pool: &PgPool, id: Uuid) -> Result<Option<ApiTokenRecord>, DbError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {TOKEN_COLUMNS} FROM api_tokens t WHERE t.id = $1")))
        .bind(id)
        .fetch_optional(pool)
        .await
        .map_err(errors::map)?;
    row.as_ref().map(token_from_row).transpose()
}

pub async fn list(pool: &PgPool, user: Option<UserId>) -> Result<Vec<ApiTokenRecord>, DbError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {TOKEN_COLUMNS} FROM api_tokens t WHERE ($1::uuid IS NULL OR t.user_id = $1) ORDER BY t.id DESC"
    )))
    .bind(user.map(|u| u.0))
    .fetch_all(pool)
    .await
    .map_err(errors::map)?;
    rows.iter().map(token_from_row).collect()
}

pub async fn touch(pool: &PgPool, id: Uuid, at: OffsetDateTime) -> Result<(), DbError> {
    sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
        .bind(at)
        .bind(id)
        .execute(pool)
        .await
        .map_err(errors::map)?;
    Ok(())
}

pub async fn renew(pool: &PgPool, id: Uuid, expires_at: OffsetDateTime, audit_entry: NewEntry) -> Result<(), DbError> {
    let mut tx = pool.begin().await.map_err(errors::map)?;
    let done = sqlx::query("UPDATE api_tokens SET expires_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(expires_at)
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(errors::map)?;
    if done.rows_affected() == 0 {
        return Err(DbError::NotFound("API token"));
    }
    audit::append(&mut tx, audit_entry).await?;
    tx.commit().await.map_err(errors::map)
}

pub async fn revoke(pool: &PgPool, id: Uuid, at: OffsetDateTime, audit_entry: NewEntry) -> Result<(), DbError> {
    let mut tx = pool.begin().await.map_err(errors::map)?;
    let done = sqlx::query("UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2")
        .bind(at)
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(errors::map)?;
    if done.rows_affected() == 0 {
        return Err(DbError::NotFound("API token"));
    }
    audit::append(&mut tx, audit_entry).await?;
    tx.commit().await.map_err(errors::map)
}
