//! User accounts, sessions and API tokens: each change one transaction with its audit entry.

use async_trait::async_trait;
use lekhotla_audit::NewEntry;
use lekhotla_identity::{PasswordHash, Roles, TokenHash, Username};
use lekhotla_storage::{Accounts, ApiTokenRecord, DbError, SecondFactor, SessionRecord, UserAccount, UserId};
use sqlx::SqliteConnection;
use sqlx::sqlite::SqliteRow;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::errors::bad;
use crate::rows::{Get, V, id, opt_text, opt_uint, opt_unit, text, timestamp};
use crate::tokens::{self, TOKEN_COLUMNS};
use crate::{SqliteStore, audit, errors, id_text};

mod admin;

const USER_COLUMNS: &str = "u.id, u.version, u.username, u.organisation_id, u.roles, u.district, u.password_hash, \
     u.totp_secret_sealed, u.totp_last_step, u.disabled_at, u.created_at";

fn opt_timestamp(column: &'static str, t: Option<OffsetDateTime>) -> Result<V, DbError> {
    t.map_or(Ok(V::Null), |t| timestamp(column, t))
}

fn user_from_row(r: &SqliteRow) -> Result<UserAccount, DbError> {
    Ok(UserAccount {
        id: UserId(r.uuid("id")?),
        version: r.int("version")?,
        username: Username::parse(&r.text("username")?).map_err(|e| bad("username", e))?,
        organisation: lekhotla_domain::OrgId(r.uuid("organisation_id")?),
        roles: Roles::parse_list(&r.text("roles")?).map_err(|e| bad("roles", e))?,
        district: r.opt_unit("district")?,
        password_hash: PasswordHash::from_phc(r.text("password_hash")?).map_err(|e| bad("password_hash", e))?,
        totp_secret_sealed: r.opt_text("totp_secret_sealed")?,
        totp_last_step: r.opt_num("totp_last_step")?,
        disabled_at: r.opt_text("disabled_at")?.map(|_| r.timestamp("disabled_at")).transpose()?,
        created_at: r.timestamp("created_at")?,
    })
}

fn session_from_row(r: &SqliteRow) -> Result<SessionRecord, DbError> {
    Ok(SessionRecord {
        token_hash: TokenHash::from_hex(&r.text("s_token_hash")?).map_err(|e| bad("token_hash", e))?,
        user: UserId(r.uuid("s_user_id")?),
        created_at: r.timestamp("s_created_at")?,
        last_seen_at: r.timestamp("s_last_seen_at")?,
        address: r.opt_text("s_address")?,
        factor_at: r.opt_text("s_factor_at")?.map(|_| r.timestamp("s_factor_at")).transpose()?,
    })
}

/// Consumes a second factor of `user` inside the caller's transaction: a TOTP step must be newer than
/// the last one used, a recovery code unused; else [`DbError::Conflict`].
async fn consume(
    conn: &mut SqliteConnection,
    user: UserId,
    factor: SecondFactor,
    at: OffsetDateTime,
) -> Result<(), DbError> {
    match factor {
        SecondFactor::NotRequired => Ok(()),
        SecondFactor::Totp { step } => {
            let step = i64::try_from(step).map_err(|_| bad("totp_last_step", "out of range"))?;
            let done = sqlx::query(
                "UPDATE users SET totp_last_step = ? WHERE id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)",
            )
            .bind(step)
            .bind(id_text(user.0))
            .bind(step)
            .execute(&mut *conn)
            .await
            .map_err(errors::map)?;
            if done.rows_affected() == 0 {
                return Err(DbError::Conflict("this code has been used already".into()));
            }
            Ok(())
        }
        SecondFactor::RecoveryCode { hash } => {
            let done = sqlx::query(
                "UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL",
            )
            .bind(ts("used_at", at)?)
            .bind(id_text(user.0))
            .bind(hash)
            .execute(&mut *conn)
            .await
            .map_err(errors::map)?;
            if done.rows_affected() == 0 {
                return Err(DbError::Conflict("this recovery code is unknown or used".into()));
            }
            Ok(())
        }
    }
}

/// Revokes every live session of a user (and, with `tokens`, every API token).
async fn revoke_all(
    conn: &mut SqliteConnection,
    user: UserId,
    at: OffsetDateTime,
    tokens: bool,
) -> Result<(), DbError> {
    let at = ts("revoked_at", at)?;
    sqlx::query("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL")
        .bind(&at)
        .bind(id_text(user.0))
        .execute(&mut *conn)
        .await
        .map_err(errors::map)?;
    if tokens {
        sqlx::query("UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL")
            .bind(&at)
            .bind(id_text(user.0))
            .execute(&mut *conn)
            .await
            .map_err(errors::map)?;
    }
    Ok(())
}

fn ts(column: &'static str, t: OffsetDateTime) -> Result<String, DbError> {
    match timestamp(column, t)? {
        V::Text(s) => Ok(s),
        _ => Err(bad(column, "is not text")),
    }
}

/// Stores a user's recovery-code hashes.
async fn insert_recovery_codes(conn: &mut SqliteConnection, user: UserId, hashes: &[String]) -> Result<(), DbError> {
    for hash in hashes {
        sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)")
            .bind(id_text(user.0))
            .bind(hash)
            .execute(&mut *conn)
            .await
            .map_err(errors::map)?;
    }
    Ok(())
}

/// The end of every change to an account: `changed` rows of `users` must be 1 (else the user does not
/// exist); the user's sessions (and with `tokens` their API tokens) are revoked; the audit entry is
/// appended; the transaction commits.
async fn finish_account_change(
    mut tx: crate::write_gate::WriteTx,
    changed: u64,
    user: UserId,
    at: OffsetDateTime,
    tokens: bool,
    audit_entry: NewEntry,
) -> Result<(), DbError> {
    if changed == 0 {
        return Err(DbError::NotFound("user"));
    }
    revoke_all(&mut tx, user, at, tokens).await?;
    audit::append(&mut tx, audit_entry).await?;
    tx.commit().await.map_err(errors::map)
}

#[async_trait]
impl Accounts for SqliteStore {
    async fn create_user(&self, user: &UserAccount, recovery: &[String], audit_entry: NewEntry) -> Result<(), DbError> {
        let mut tx = crate::write_gate::begin(&self.pool).await?;
        let cols = vec![
            ("id", id(user.id.0)),
            ("version", V::Int(user.version)),
            ("username", text(user.username.as_ref())),
            ("organisation_id", id(user.organisation.0)),
            ("roles", text(user.roles.to_string())),
            ("district", opt_unit(user.district.as_ref())),
            ("password_hash", text(user.password_hash.as_str())),
            ("totp_secret_sealed", opt_text(user.totp_secret_sealed.as_deref())),
            ("totp_last_step", opt_uint("totp_last_step", user.totp_last_step)?),
            ("disabled_at", opt_timestamp("disabled_at", user.disabled_at)?),
            ("created_at", timestamp("created_at", user.created_at)?),
        ];
        crate::rows::insert(&mut tx, "users", cols).await.map_err(|e| match e {
            DbError::Conflict(_) => DbError::Conflict(format!("the username {} is taken", user.username.as_ref())),
            DbError::Reference { .. } => {
                DbError::Reference { field: "organisation".into(), reason: "names no organisation or district".into() }
            }
            other => other,
        })?;
        insert_recovery_codes(&mut tx, user.id, recovery).await?;
        audit::append(&mut tx, audit_entry).await?;
        tx.commit().await.map_err(errors::map)
    }

    async fn get_user(&self, user: UserId) -> Result<Option<UserAccount>, DbError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {USER_COLUMNS} FROM users u WHERE u.id = ?")))
            .bind(id_text(user.0))
            .fetch_optional(&self.pool)
            .await
            .map_err(errors::map)?;
        row.as_ref().map(user_from_row).transpose()
    }

    async fn find_user(&self, username: &Username) -> Result<Option<UserAccount>, DbError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {USER_COLUMNS} FROM users u WHERE u.username = ?")))
            .bind(username.as_ref())
            .fetch_optional(&self.pool)
            .await
            .map_err(errors::map)?;
        row.as_ref().map(user_from_row).transpose()
    }

    async fn list_users(&self) -> Result<Vec<UserAccount>, DbError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {USER_COLUMNS} FROM users u ORDER BY u.username")))
            .fetch_all(&self.pool)
            .await
            .map_err(errors::map)?;
        rows.iter().map(user_from_row).collect()
    }

    async fn disable_user(&self, user: UserId, at: OffsetDateTime, audit_entry: NewEntry) -> Result<(), DbError> {
        let mut tx = crate::write_gate::begin(&self.pool).await?;
        let done =
            sqlx::query("UPDATE users SET disabled_at = COALESCE(disabled_at, ?), version = version + 1 WHERE id = ?")
                .bind(ts("disabled_at", at)?)
                .bind(id_text(user.0))
                .execute(&mut *tx)
                .await
                .map_err(errors::map)?;
        finish_account_change(tx, done.rows_affected(), user, at, true, audit_entry).await
    }

    async fn set_password(
        &self,
        user: UserId,
        hash: &PasswordHash,
        at: OffsetDateTime,
        audit_entry: NewEntry,
    ) -> Result<(), DbError> {
        let mut tx = crate::write_gate::begin(&self.pool).await?;
        let done = sqlx::query("UPDATE users SET password_hash = ?, version = version + 1 WHERE id = ?")
            .bind(hash.as_str())
            .bind(id_text(user.0))
            .execute(&mut *tx)
            .await
            .map_err(errors::map)?;
        finish_account_change(tx, done.rows_affected(), user, at, false, audit_entry).await
    }

    async fn replace_second_factor(
        &self,
        user: UserId,
        totp_secret_sealed: &str,
        recovery: &[String],
        at: OffsetDateTime,
        audit_entry: NewEntry,
    ) -> Result<(), DbError> {
        let mut tx = crate::write_gate::begin(&self.pool).await?;
        let done = sqlx::query(
            "UPDATE users SET totp_secret_sealed = ?, totp_last_step = NULL, version = version + 1 WHERE id = ?",
        )
        .bind(totp_secret_sealed)
        .bind(id_text(user.0))
        .execute(&mut *tx)
        .await
        .map_err(errors::map)?;
        if done.rows_affected() == 0 {
            return Err(DbError::NotFound("user"));
        }
        sqlx::query("DELETE FROM recovery_codes WHERE user_id = ?")
            .bind(id_text(user.0))
            .execute(&mut *tx)
            .await
            .map_err(errors::map)?;
        insert_recovery_codes(&mut tx, user, recovery).await?;
        revoke_all(&mut tx, user, at, false).await?;
        audit::append(&mut tx, audit_entry).await?;
        tx.commit().await.map_err(errors::map)
    }

    async fn start_session(
        &self,
        s: &SessionRecord,
        factor: SecondFactor,
        audit_entry: NewEntry,
    ) -> Result<(), DbError> {
        let mut tx = crate::write_gate::begin(&self.pool).await?;
        let active: Option<i64> = sqlx::query_scalar("SELECT 1 FROM users WHERE id = ? AND disabled_at IS NULL")
            .bind(id_text(s.user.0))
            .fetch_optional(&mut *tx)
            .await
            .map_err(errors::map)?;
        if active.is_none() {
            return Err(DbError::NotFound("user"));
        }
        consume(&mut tx, s.user, factor, s.created_at).await?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, address, factor_at) \
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(s.token_hash.to_hex())
        .bind(id_text(s.user.0))
        .bind(ts("created_at", s.created_at)?)
        .bind(ts("last_seen_at", s.last_seen_at)?)
        .bind(s.address.as_deref())
        .bind(s.factor_at.map(|t| ts("factor_at", t)).transpose()?)
        .execute(&mut *tx)
        .await
        .map_err(errors::map)?;
        audit::append(&mut tx, audit_entry).await?;
        tx.commit().await.map_err(errors::map)
    }

    async fn step_up(
        &self,
        token_hash: &TokenHash,
        user: UserId,
        factor: SecondFactor,
        at: OffsetDateTime,
        audit_entry: NewEntry,
    ) -> Result<(), DbError> {
        let mut tx = crate::write_gate::begin(&self.pool).await?;
        let done = sqlx::query(
            "UPDATE sessions SET factor_at = ?, last_seen_at = ? WHERE token_hash = ? AND user_id = ? AND revoked_at IS NULL",
        )
        .bind(ts("factor_at", at)?)
        .bind(ts("last_seen_at", at)?)
        .bind(token_hash.to_hex())
        .bind(id_text(user.0))
        .execute(&mut *tx)
        .await
        .map_err(errors::map)?;
        if done.rows_affected() == 0 {
            return Err(DbError::NotFound("session"));
        }
        consume(&mut tx, user, factor, at).await?;
        audit::append(&mut tx, audit_entry).await?;
        tx.commit().await.map_err(errors::map)
    }

    async fn session(&self, token_hash: &TokenHash) -> Result<Option<(SessionRecord, UserAccount)>, DbError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS}, s.token_hash AS s_token_hash, s.user_id AS s_user_id, \
             s.created_at AS s_created_at, s.last_seen_at AS s_last_seen_at, s.address AS s_address, \
             s.factor_at AS s_factor_at \
             FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.revoked_at IS NULL"
        )))
        .bind(token_hash.to_hex())
        .fetch_optional(&self.pool)
        .await
        .map_err(errors::map)?;
        row.as_ref().map(|r| Ok((session_from_row(r)?, user_from_row(r)?))).transpose()
    }

    async fn touch_session(&self, token_hash: &TokenHash, at: OffsetDateTime) -> Result<(), DbError> {
        sqlx::query("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ? AND revoked_at IS NULL")
            .bind(ts("last_seen_at", at)?)
            .bind(token_hash.to_hex())
            .execute(&self.pool)
            .await
            .map_err(errors::map)?;
        Ok(())
    }

    async fn end_session(
        &self,
        token_hash: &TokenHash,
        at: OffsetDateTime,
        audit_entry: NewEntry,
    ) -> Result<(), DbError> {
        let mut tx = crate::write_gate::begin(&self.pool).await?;
        sqlx::query("UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL")
            .bind(ts("revoked_at", at)?)
            .bind(token_hash.to_hex())
            .execute(&mut *tx)
            .await
            .map_err(errors::map)?;
        audit::append(&mut tx, audit_entry).await?;
        tx.commit().await.map_err(errors::map)
    }

    async fn create_api_token(&self, t: &ApiTokenRecord, audit_entry: NewEntry) -> Result<(), DbError> {
        tokens::create(&self.pool, t, audit_entry).await
    }

    async fn api_token(&self, token_hash: &TokenHash) -> Result<Option<(ApiTokenRecord, UserAccount)>, DbError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS}, {TOKEN_COLUMNS} \
             FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND t.revoked_at IS NULL"
        )))
        .bind(token_hash.to_hex())
        .fetch_optional(&self.pool)
        .await
        .map_err(errors::map)?;
        row.as_ref().map(|r| Ok((tokens::token_from_row(r)?, user_from_row(r)?))).transpose()
    }

    async fn api_token_by_id(&self, id: Uuid) -> Result<Option<ApiTokenRecord>, DbError> {
        tokens::by_id(&self.pool, id).await
    }

    async fn list_api_tokens(&self, user: Option<UserId>) -> Result<Vec<ApiTokenRecord>, DbError> {
        tokens::list(&self.pool, user).await
    }

    async fn touch_api_token(&self, id: Uuid, at: OffsetDateTime) -> Result<(), DbError> {
        tokens::touch(&self.pool, id, at).await
    }

    async fn renew_api_token(
        &self,
        id: Uuid,
        expires_at: OffsetDateTime,
        audit_entry: NewEntry,
    ) -> Result<(), DbError> {
        tokens::renew(&self.pool, id, expires_at, audit_entry).await
    }

    async fn revoke_api_token(&self, token: Uuid, at: OffsetDateTime, audit_entry: NewEntry) -> Result<(), DbError> {
        tokens::revoke(&self.pool, token, at, audit_entry).await
    }
}
