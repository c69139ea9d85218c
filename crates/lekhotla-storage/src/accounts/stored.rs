//! [`Accounts`] for every [`SqlStore`]: users and sessions, written once for both databases, each change one
//! transaction with its audit entry (the API tokens' statements are in `tokens.rs`).

use async_trait::async_trait;
use lekhotla_audit::NewEntry;
use lekhotla_domain::OrgId;
use lekhotla_identity::{PasswordHash, Roles, TokenHash, Username};
use std::sync::LazyLock;
use time::OffsetDateTime;
use uuid::Uuid;

mod admin;

use super::tokens;
use super::{Accounts, ApiTokenRecord, SecondFactor, SessionRecord, UserAccount, UserId};
use crate::DbError;
use crate::args;
use crate::sql_store::{Reads, SqlRow, SqlStore, Value, bad};

/// A user's columns, of `users u`.
pub(super) const USER_COLUMNS: &str = "u.id, u.version, u.username, u.organisation_id, u.roles, u.district, \
     u.password_hash, u.totp_secret_sealed, u.totp_last_step, u.disabled_at, u.created_at";

/// A live session by its token's hash, with its user.
static SESSION: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {USER_COLUMNS}, s.token_hash AS s_token_hash, s.user_id AS s_user_id, \
         s.created_at AS s_created_at, s.last_seen_at AS s_last_seen_at, s.address AS s_address, \
         s.factor_at AS s_factor_at \
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.revoked_at IS NULL"
    )
});

/// A live API token by its hash, with its user.
static API_TOKEN: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {USER_COLUMNS}, {} FROM api_tokens t JOIN users u ON u.id = t.user_id \
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL",
        tokens::TOKEN_COLUMNS
    )
});

pub(super) fn user_from_row(r: &impl SqlRow) -> Result<UserAccount, DbError> {
    Ok(UserAccount {
        id: UserId(r.id("id")?),
        version: r.int("version")?,
        username: Username::parse(&r.text("username")?).map_err(|e| bad("username", e))?,
        organisation: OrgId(r.id("organisation_id")?),
        roles: Roles::parse_list(&r.text("roles")?).map_err(|e| bad("roles", e))?,
        district: r.opt_unit("district")?,
        password_hash: PasswordHash::from_phc(r.text("password_hash")?).map_err(|e| bad("password_hash", e))?,
        totp_secret_sealed: r.opt_text("totp_secret_sealed")?,
        totp_last_step: r.opt_unsigned("totp_last_step")?,
        disabled_at: r.opt_at("disabled_at")?,
        created_at: r.at("created_at")?,
    })
}

fn session_from_row(r: &impl SqlRow) -> Result<SessionRecord, DbError> {
    Ok(SessionRecord {
        token_hash: TokenHash::from_hex(&r.text("s_token_hash")?).map_err(|e| bad("token_hash", e))?,
        user: UserId(r.id("s_user_id")?),
        created_at: r.at("s_created_at")?,
        last_seen_at: r.at("s_last_seen_at")?,
        address: r.opt_text("s_address")?,
        factor_at: r.opt_at("s_factor_at")?,
    })
}

/// A TOTP step as stored.
pub(super) fn step(step: u64) -> Result<i64, DbError> {
    i64::try_from(step).map_err(|_| bad("totp_last_step", "out of range"))
}

/// Consumes a second factor of `user` inside the caller's transaction: a TOTP step must be newer than
/// the last one used, a recovery code unused; else [`DbError::Conflict`].
async fn consume<S: SqlStore>(
    s: &S,
    tx: &mut S::Tx,
    user: UserId,
    factor: SecondFactor,
    at: OffsetDateTime,
) -> Result<(), DbError> {
    match factor {
        SecondFactor::NotRequired => Ok(()),
        SecondFactor::Totp { step: n } => {
            let sql = "UPDATE users SET totp_last_step = $1 WHERE id = $2 \
                       AND (totp_last_step IS NULL OR totp_last_step < $1)";
            if s.execute_in(tx, sql, args![step(n)?, user.0]).await? == 0 {
                return Err(DbError::Conflict("this code has been used already".into()));
            }
            Ok(())
        }
        SecondFactor::RecoveryCode { hash } => {
            let sql =
                "UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL";
            if s.execute_in(tx, sql, args![at, user.0, hash]).await? == 0 {
                return Err(DbError::Conflict("this recovery code is unknown or used".into()));
            }
            Ok(())
        }
    }
}

/// Revokes every live session of a user (and, with `tokens`, every API token).
pub(super) async fn revoke_all<S: SqlStore>(
    s: &S,
    tx: &mut S::Tx,
    user: UserId,
    at: OffsetDateTime,
    tokens: bool,
) -> Result<(), DbError> {
    let sql = "UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL";
    s.execute_in(tx, sql, args![at, user.0]).await?;
    if tokens {
        let sql = "UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL";
        s.execute_in(tx, sql, args![at, user.0]).await?;
    }
    Ok(())
}

/// Replaces a user's recovery-code hashes with `hashes`.
pub(super) async fn replace_recovery_codes<S: SqlStore>(
    s: &S,
    tx: &mut S::Tx,
    user: UserId,
    hashes: &[String],
) -> Result<(), DbError> {
    s.execute_in(tx, "DELETE FROM recovery_codes WHERE user_id = $1", args![user.0]).await?;
    insert_recovery_codes(s, tx, user, hashes).await
}

/// Stores a user's recovery-code hashes.
async fn insert_recovery_codes<S: SqlStore>(
    s: &S,
    tx: &mut S::Tx,
    user: UserId,
    hashes: &[String],
) -> Result<(), DbError> {
    for hash in hashes {
        let sql = "INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)";
        s.execute_in(tx, sql, args![user.0, hash.as_str()]).await?;
    }
    Ok(())
}

/// A change to the account `user` alone: `sql` with `args` must change its row (else the user does not
/// exist); then the user's sessions (and with `tokens` their API tokens) are revoked, the audit entry is
/// appended and the transaction commits.
async fn change_account<S: SqlStore>(
    s: &S,
    (sql, args): (&str, Vec<Value>),
    user: UserId,
    at: OffsetDateTime,
    tokens: bool,
    entry: NewEntry,
) -> Result<(), DbError> {
    let mut tx = s.begin_write().await?;
    if s.execute_in(&mut tx, sql, args).await? == 0 {
        return Err(DbError::NotFound("user"));
    }
    revoke_all(s, &mut tx, user, at, tokens).await?;
    s.audit_in(&mut tx, entry).await?;
    s.commit(tx).await
}

/// A write refused for naming an organisation or district that is not there.
pub(super) fn unknown_organisation(e: DbError) -> DbError {
    match e {
        DbError::Reference { .. } => {
            DbError::Reference { field: "organisation".into(), reason: "names no organisation or district".into() }
        }
        other => other,
    }
}

#[async_trait]
impl<S: SqlStore> Accounts for S {
    async fn create_user(&self, user: &UserAccount, recovery: &[String], entry: NewEntry) -> Result<(), DbError> {
        let mut tx = self.begin_write().await?;
        let sql = "INSERT INTO users (id, version, username, organisation_id, roles, district, password_hash, \
                   totp_secret_sealed, totp_last_step, disabled_at, created_at) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
        let values = args![
            user.id.0,
            user.version,
            user.username.as_ref(),
            user.organisation.0,
            user.roles.to_string(),
            user.district.as_ref().map(|d| d.as_str()),
            user.password_hash.as_str(),
            user.totp_secret_sealed.as_deref(),
            user.totp_last_step.map(step).transpose()?,
            user.disabled_at,
            user.created_at,
        ];
        self.execute_in(&mut tx, sql, values).await.map_err(|e| match e {
            DbError::Conflict(_) => DbError::Conflict(format!("the username {} is taken", user.username.as_ref())),
            other => unknown_organisation(other),
        })?;
        insert_recovery_codes(self, &mut tx, user.id, recovery).await?;
        self.audit_in(&mut tx, entry).await?;
        self.commit(tx).await
    }

    async fn get_user(&self, user: UserId) -> Result<Option<UserAccount>, DbError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users u WHERE u.id = $1");
        self.fetch_one(Reads::Pool, &sql, args![user.0]).await?.as_ref().map(user_from_row).transpose()
    }

    async fn find_user(&self, username: &Username) -> Result<Option<UserAccount>, DbError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users u WHERE u.username = $1");
        self.fetch_one(Reads::Pool, &sql, args![username.as_ref()]).await?.as_ref().map(user_from_row).transpose()
    }

    async fn list_users(&self) -> Result<Vec<UserAccount>, DbError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users u ORDER BY u.username");
        self.fetch(Reads::Pool, &sql, Vec::new()).await?.iter().map(user_from_row).collect()
    }

    async fn disable_user(&self, user: UserId, at: OffsetDateTime, entry: NewEntry) -> Result<(), DbError> {
        let sql = "UPDATE users SET disabled_at = COALESCE(disabled_at, $1), version = version + 1 WHERE id = $2";
        change_account(self, (sql, args![at, user.0]), user, at, true, entry).await
    }

    async fn set_password(
        &self,
        user: UserId,
        hash: &PasswordHash,
        at: OffsetDateTime,
        entry: NewEntry,
    ) -> Result<(), DbError> {
        let sql = "UPDATE users SET password_hash = $1, version = version + 1 WHERE id = $2";
        change_account(self, (sql, args![hash.as_str(), user.0]), user, at, false, entry).await
    }

    async fn replace_second_factor(
        &self,
        user: UserId,
        totp_secret_sealed: &str,
        recovery: &[String],
        at: OffsetDateTime,
        entry: NewEntry,
    ) -> Result<(), DbError> {
        let mut tx = self.begin_write().await?;
        let sql =
            "UPDATE users SET totp_secret_sealed = $1, totp_last_step = NULL, version = version + 1 WHERE id = $2";
        if self.execute_in(&mut tx, sql, args![totp_secret_sealed, user.0]).await? == 0 {
            return Err(DbError::NotFound("user"));
        }
        replace_recovery_codes(self, &mut tx, user, recovery).await?;
        revoke_all(self, &mut tx, user, at, false).await?;
        self.audit_in(&mut tx, entry).await?;
        self.commit(tx).await
    }

    async fn start_session(&self, s: &SessionRecord, factor: SecondFactor, entry: NewEntry) -> Result<(), DbError> {
        let mut tx = self.begin_write().await?;
        let sql = format!("SELECT 1 AS active FROM users WHERE id = $1 AND disabled_at IS NULL{}", S::LOCK_ROWS);
        if self.fetch_in(&mut tx, &sql, args![s.user.0]).await?.is_empty() {
            return Err(DbError::NotFound("user"));
        }
        consume(self, &mut tx, s.user, factor, s.created_at).await?;
        let sql = "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, address, factor_at) \
                   VALUES ($1, $2, $3, $4, $5, $6)";
        let values =
            args![s.token_hash.to_hex(), s.user.0, s.created_at, s.last_seen_at, s.address.as_deref(), s.factor_at];
        self.execute_in(&mut tx, sql, values).await?;
        self.audit_in(&mut tx, entry).await?;
        self.commit(tx).await
    }

    async fn step_up(
        &self,
        token_hash: &TokenHash,
        user: UserId,
        factor: SecondFactor,
        at: OffsetDateTime,
        entry: NewEntry,
    ) -> Result<(), DbError> {
        let mut tx = self.begin_write().await?;
        let sql = "UPDATE sessions SET factor_at = $1, last_seen_at = $1 \
                   WHERE token_hash = $2 AND user_id = $3 AND revoked_at IS NULL";
        if self.execute_in(&mut tx, sql, args![at, token_hash.to_hex(), user.0]).await? == 0 {
            return Err(DbError::NotFound("session"));
        }
        consume(self, &mut tx, user, factor, at).await?;
        self.audit_in(&mut tx, entry).await?;
        self.commit(tx).await
    }

    async fn session(&self, token_hash: &TokenHash) -> Result<Option<(SessionRecord, UserAccount)>, DbError> {
        let row = self.fetch_one(Reads::Lookup, &SESSION, args![token_hash.to_hex()]).await?;
        row.as_ref().map(|r| Ok((session_from_row(r)?, user_from_row(r)?))).transpose()
    }

    async fn touch_session(&self, token_hash: &TokenHash, at: OffsetDateTime) -> Result<(), DbError> {
        let sql = "UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL";
        self.execute(sql, args![at, token_hash.to_hex()]).await.map(|_| ())
    }

    async fn end_session(&self, token_hash: &TokenHash, at: OffsetDateTime, entry: NewEntry) -> Result<(), DbError> {
        let mut tx = self.begin_write().await?;
        let sql = "UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL";
        self.execute_in(&mut tx, sql, args![at, token_hash.to_hex()]).await?;
        self.audit_in(&mut tx, entry).await?;
        self.commit(tx).await
    }

    async fn create_api_token(&self, t: &ApiTokenRecord, entry: NewEntry) -> Result<(), DbError> {
        tokens::create(self, t, entry).await
    }

    async fn api_token(&self, token_hash: &TokenHash) -> Result<Option<(ApiTokenRecord, UserAccount)>, DbError> {
        let row = self.fetch_one(Reads::Lookup, &API_TOKEN, args![token_hash.to_hex()]).await?;
        row.as_ref().map(|r| Ok((tokens::token_from_row(r)?, user_from_row(r)?))).transpose()
    }

    async fn api_token_by_id(&self, id: Uuid) -> Result<Option<ApiTokenRecord>, DbError> {
        tokens::by_id(self, id).await
    }

    async fn list_api_tokens(&self, user: Option<UserId>) -> Result<Vec<ApiTokenRecord>, DbError> {
        tokens::list(self, user).await
    }

    async fn touch_api_token(&self, id: Uuid, at: OffsetDateTime) -> Result<(), DbError> {
        tokens::touch(self, id, at).await
    }

    async fn renew_api_token(&self, id: Uuid, expires_at: OffsetDateTime, entry: NewEntry) -> Result<(), DbError> {
        tokens::renew(self, id, expires_at, entry).await
    }

    async fn revoke_api_token(&self, token: Uuid, at: OffsetDateTime, entry: NewEntry) -> Result<(), DbError> {
        tokens::revoke(self, token, at, entry).await
    }
}
