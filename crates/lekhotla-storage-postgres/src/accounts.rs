//! User accounts, sessions and API tokens: each change one transaction with its audit entry.

use async_trait::async_trait;
use lekhotla_audit::NewEntry;
use lekhotla_domain::OrgId;
use lekhotla_identity::{PasswordHash, Roles, TokenHash, Username};
use lekhotla_storage::{Accounts, ApiTokenRecord, DbError, SecondFactor, SessionRecord, UserAccount, UserId};
use sqlx::PgConnection;
use sqlx::postgres::PgRow;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::rows::{self, bad};
use crate::tokens::{self, TOKEN_COLUMNS};
use crate::{PgStore, audit, errors};

mod admin;

const USER_COLUMNS: &str = "u.id, u.version, u.username, u.organisation_id, u.roles, u.district, u.password_hash, \
     u.totp_secret_sealed, u.totp_last_step, u.disabled_at, u.created_at";

fn user_from_row(r: &PgRow) -> Result<UserAccount, DbError> {
    Ok(UserAccount {
        id: UserId(rows::get(r, "id")?),
        version: rows::get(r, "version")?,
        username: Username::parse(&rows::get::<String>(r, "username")?).map_err(|e| bad("username", e))?,
        organisation: OrgId(rows::get(r, "organisation_id")?),
        roles: Roles::parse_list(&rows::get::<String>(r, "roles")?).map_err(|e| bad("roles", e))?,
        district: rows::opt_unit(r, "district")?,
        password_hash: PasswordHash::from_phc(rows::get(r, "password_hash")?).map_err(|e| bad("password_hash", e))?,
        totp_secret_sealed: rows::get(r, "totp_secret_sealed")?,
        totp_last_step: rows::opt_unsigned(r, "totp_last_step")?,
        disabled_at: rows::get(r, "disabled_at")?,
        created_at: rows::get(r, "created_at")?,
    })
}

fn session_from_row(r: &PgRow) -> Result<SessionRecord, DbError> {
    Ok(SessionRecord {
        token_hash: TokenHash::from_hex(&rows::get::<String>(r, "s_token_hash")?).map_err(|e| bad("token_hash", e))?,
        user: UserId(rows::get(r, "s_user_id")?),
        created_at: rows::get(r, "s_created_at")?,
        last_seen_at: rows::get(r, "s_last_seen_at")?,
        address: rows::get(r, "s_address")?,
        factor_at: rows::get(r, "s_factor_at")?,
    })
}

/// Consumes a second factor of `user` inside the caller's transaction: a TOTP step must be newer than
/// the last one used, a recovery code unused; else [`DbError::Conflict`].
async fn consume(
    conn: &mut PgConnection,
    user: UserId,
    factor: SecondFactor,
    at: OffsetDateTime,
) -> Result<(), DbError> {
    match factor {
        SecondFactor::NotRequired => Ok(()),
        SecondFactor::Totp { step } => {
            let step = opt_step(Some(step))?;
            let done = sqlx::query(
                "UPDATE users SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)",
            )
            .bind(step)
            .bind(user.0)
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
                "UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
            )
            .bind(at)
            .bind(user.0)
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
async fn revoke_all(conn: &mut PgConnection, user: UserId, at: OffsetDateTime, tokens: bool) -> Result<(), DbError> {
    sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
        .bind(at)
        .bind(user.0)
        .execute(&mut *conn)
        .await
        .map_err(errors::map)?;
    if tokens {
        sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
            .bind(at)
            .bind(user.0)
            .execute(&mut *conn)
            .await
            .map_err(errors::map)?;
    }
    Ok(())
}

fn opt_step(step: Option<u64>) -> Result<Option<i64>, DbError> {
    step.map(|s| i64::try_from(s).map_err(|_| bad("totp_last_step", "out of range"))).transpose()
}

/// Stores a user's recovery-code hashes.
async fn insert_recovery_codes(conn: &mut PgConnection, user: UserId, hashes: &[String]) -> Result<(), DbError> {
    for hash in hashes {
        sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
            .bind(user.0)
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
    mut tx: sqlx::Transaction<'_, sqlx::Postgres>,
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
impl Accounts for PgStore {
    async fn create_user(&self, user: &UserAccount, recovery: &[String], audit_entry: NewEntry) -> Result<(), DbError> {
        let mut tx = self.pool.begin().await.map_err(errors::map)?;
        sqlx::query(
            "INSERT INTO users (id, version, username, organisation_id, roles, district, password_hash, \
             totp_secret_sealed, totp_last_step, disabled_at, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(user.id.0)
        .bind(user.version)
        .bind(user.username.as_ref())
        .bind(user.organisation.0)
        .bind(user.roles.to_string())
        .bind(user.district.as_ref().map(|d| d.as_str()))
        .bind(user.password_hash.as_str())
        .bind(user.totp_secret_sealed.as_deref())
        .bind(opt_step(user.totp_last_step)?)
        .bind(user.disabled_at)
        .bind(user.created_at)
        .execute(&mut *tx)
        .await
        .map_err(|e| match errors::map(e) {
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
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {USER_COLUMNS} FROM users u WHERE u.id = $1")))
            .bind(user.0)
            .fetch_optional(&self.pool)
            .await
            .map_err(errors::map)?;
        row.as_ref().map(user_from_row).transpose()
    }

    async fn find_user(&self, username: &Username) -> Result<Option<UserAccount>, DbError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {USER_COLUMNS} FROM users u WHERE u.username = $1")))
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
        let mut tx = self.pool.begin().await.map_err(errors::map)?;
        let done = sqlx::query(
            "UPDATE users SET disabled_at = COALESCE(disabled_at, $1), version = version + 1 WHERE id = $2",
        )
        .bind(at)
        .bind(user.0)
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
        let mut tx = self.pool.begin().await.map_err(errors::map)?;
        let done = sqlx::query("UPDATE users SET password_hash = $1, version = version + 1 WHERE id = $2")
            .bind(hash.as_str())
            .bind(user.0)
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
        let mut tx = self.pool.begin().await.map_err(errors::map)?;
        let done = sqlx::query(
            "UPDATE users SET totp_secret_sealed = $1, totp_last_step = NULL, version = version + 1 WHERE id = $2",
        )
        .bind(totp_secret_sealed)
        .bind(user.0)
        .execute(&mut *tx)
        .await
        .map_err(errors::map)?;
        if done.rows_affected() == 0 {
            return Err(DbError::NotFound("user"));
        }
        sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
            .bind(user.0)
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
        let mut tx = self.pool.begin().await.map_err(errors::map)?;
        let active: Option<i32> =
            sqlx::query_scalar("SELECT 1 FROM users WHERE id = $1 AND disabled_at IS NULL FOR UPDATE")
                .bind(s.user.0)
                .fetch_optional(&mut *tx)
                .await
                .map_err(errors::map)?;
        if active.is_none() {
            return Err(DbError::NotFound("user"));
        }
        consume(&mut tx, s.user, factor, s.created_at).await?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, address, factor_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(s.token_hash.to_hex())
        .bind(s.user.0)
        .bind(s.created_at)
        .bind(s.last_seen_at)
        .bind(s.address.as_deref())
        .bind(s.factor_at)
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
        let mut tx = self.pool.begin().await.map_err(errors::map)?;
        let done = sqlx::query(
            "UPDATE sessions SET factor_at = $1, last_seen_at = $1 WHERE token_hash = $2 AND user_id = $3 AND revoked_at IS NULL",
        )
        .bind(at)
        .bind(token_hash.to_hex())
        .bind(user.0)
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
             FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.revoked_at IS NULL"
        )))
        .bind(token_hash.to_hex())
        .fetch_optional(&self.lookups)
        .await
        .map_err(errors::map)?;
        row.as_ref().map(|r| Ok((session_from_row(r)?, user_from_row(r)?))).transpose()
    }

    async fn touch_session(&self, token_hash: &TokenHash, at: OffsetDateTime) -> Result<(), DbError> {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL")
            .bind(at)
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
        let mut tx = self.pool.begin().await.map_err(errors::map)?;
        sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL")
            .bind(at)
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
             FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 AND t.revoked_at IS NULL"
        )))
        .bind(token_hash.to_hex())
        .fetch_optional(&self.lookups)
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
