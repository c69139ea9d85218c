//! API tokens for every [`SqlStore`]: issued, looked up by id, listed, renewed, revoked, their last use
//! recorded; each change one transaction with its audit entry.

use lekhotla_audit::NewEntry;
use lekhotla_identity::TokenHash;
use time::OffsetDateTime;
use uuid::Uuid;

use super::{ApiTokenRecord, UserId, scopes_from_text, scopes_to_text};
use crate::DbError;
use crate::args;
use crate::sql_store::{Reads, SqlRow, SqlStore, Value, bad};

/// A token's columns, prefixed `t_` so they can sit beside a user's.
pub(super) const TOKEN_COLUMNS: &str = "t.id AS t_id, t.token_hash AS t_token_hash, t.user_id AS t_user_id, \
     t.name AS t_name, t.scopes AS t_scopes, t.created_at AS t_created_at, t.expires_at AS t_expires_at, \
     t.revoked_at AS t_revoked_at, t.last_used_at AS t_last_used_at";

pub(super) fn token_from_row(r: &impl SqlRow) -> Result<ApiTokenRecord, DbError> {
    Ok(ApiTokenRecord {
        id: r.id("t_id")?,
        token_hash: TokenHash::from_hex(&r.text("t_token_hash")?).map_err(|e| bad("token_hash", e))?,
        user: UserId(r.id("t_user_id")?),
        name: r.text("t_name")?,
        scopes: scopes_from_text(&r.text("t_scopes")?)?,
        created_at: r.at("t_created_at")?,
        expires_at: r.at("t_expires_at")?,
        revoked_at: r.opt_at("t_revoked_at")?,
        last_used_at: r.opt_at("t_last_used_at")?,
    })
}

pub(super) async fn create<S: SqlStore>(s: &S, t: &ApiTokenRecord, entry: NewEntry) -> Result<(), DbError> {
    let sql = "INSERT INTO api_tokens (id, token_hash, user_id, name, scopes, created_at, expires_at, revoked_at, \
               last_used_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
    let values = args![
        t.id,
        t.token_hash.to_hex(),
        t.user.0,
        t.name.as_str(),
        scopes_to_text(&t.scopes),
        t.created_at,
        t.expires_at,
        t.revoked_at,
        t.last_used_at,
    ];
    let mut tx = s.begin_write().await?;
    s.execute_in(&mut tx, sql, values).await?;
    s.audit_in(&mut tx, entry).await?;
    s.commit(tx).await
}

pub(super) async fn by_id<S: SqlStore>(s: &S, id: Uuid) -> Result<Option<ApiTokenRecord>, DbError> {
    let sql = format!("SELECT {TOKEN_COLUMNS} FROM api_tokens t WHERE t.id = $1");
    s.fetch_one(Reads::Pool, &sql, args![id]).await?.as_ref().map(token_from_row).transpose()
}

pub(super) async fn list<S: SqlStore>(s: &S, user: Option<UserId>) -> Result<Vec<ApiTokenRecord>, DbError> {
    let (sql, values) = match user {
        Some(u) => {
            (format!("SELECT {TOKEN_COLUMNS} FROM api_tokens t WHERE t.user_id = $1 ORDER BY t.id DESC"), args![u.0])
        }
        None => (format!("SELECT {TOKEN_COLUMNS} FROM api_tokens t ORDER BY t.id DESC"), Vec::new()),
    };
    s.fetch(Reads::Pool, &sql, values).await?.iter().map(token_from_row).collect()
}

pub(super) async fn touch<S: SqlStore>(s: &S, id: Uuid, at: OffsetDateTime) -> Result<(), DbError> {
    s.execute("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2", args![at, id]).await.map(|_| ())
}

pub(super) async fn renew<S: SqlStore>(
    s: &S,
    id: Uuid,
    expires_at: OffsetDateTime,
    entry: NewEntry,
) -> Result<(), DbError> {
    let sql = "UPDATE api_tokens SET expires_at = $1 WHERE id = $2 AND revoked_at IS NULL";
    change(s, sql, args![expires_at, id], entry).await
}

pub(super) async fn revoke<S: SqlStore>(s: &S, id: Uuid, at: OffsetDateTime, entry: NewEntry) -> Result<(), DbError> {
    let sql = "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2";
    change(s, sql, args![at, id], entry).await
}

/// A change to one token, which must be there: `sql` with `values`, then the audit entry, in one transaction.
async fn change<S: SqlStore>(s: &S, sql: &str, values: Vec<Value>, entry: NewEntry) -> Result<(), DbError> {
    let mut tx = s.begin_write().await?;
    if s.execute_in(&mut tx, sql, values).await? == 0 {
        return Err(DbError::NotFound("API token"));
    }
    s.audit_in(&mut tx, entry).await?;
    s.commit(tx).await
}
