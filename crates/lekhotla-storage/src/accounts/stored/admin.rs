//! [`AccountAdmin`] for every [`SqlStore`]: an administrator's changes to an account (access, enabling,
//! clearing the second factor) and a person's first enrolment of their own second factor, each one
//! transaction with its audit entry.

use async_trait::async_trait;
use lekhotla_audit::NewEntry;
use lekhotla_identity::TokenHash;
use time::OffsetDateTime;

use super::{replace_recovery_codes, revoke_all, step, unknown_organisation};
use crate::DbError;
use crate::accounts::{AccountAccess, AccountAdmin, UserId};
use crate::args;
use crate::sql_store::SqlStore;

#[async_trait]
impl<S: SqlStore> AccountAdmin for S {
    async fn change_access(
        &self,
        user: UserId,
        version: i64,
        access: &AccountAccess,
        entry: NewEntry,
    ) -> Result<(), DbError> {
        let mut tx = self.begin_write().await?;
        let sql = "UPDATE users SET roles = $1, organisation_id = $2, district = $3, version = version + 1 \
                   WHERE id = $4 AND version = $5";
        let values = args![
            access.roles.to_string(),
            access.organisation.0,
            access.district.as_ref().map(|d| d.as_str()),
            user.0,
            version,
        ];
        if self.execute_in(&mut tx, sql, values).await.map_err(unknown_organisation)? == 0 {
            let exists = self.fetch_in(&mut tx, "SELECT 1 AS found FROM users WHERE id = $1", args![user.0]).await?;
            return Err(match exists.is_empty() {
                false => DbError::Conflict("the account was changed by someone else".into()),
                true => DbError::NotFound("user"),
            });
        }
        self.audit_in(&mut tx, entry).await?;
        self.commit(tx).await
    }

    async fn enable_user(&self, user: UserId, entry: NewEntry) -> Result<(), DbError> {
        let mut tx = self.begin_write().await?;
        let sql = "UPDATE users SET disabled_at = NULL, version = version + 1 WHERE id = $1";
        if self.execute_in(&mut tx, sql, args![user.0]).await? == 0 {
            return Err(DbError::NotFound("user"));
        }
        self.audit_in(&mut tx, entry).await?;
        self.commit(tx).await
    }

    async fn clear_second_factor(&self, user: UserId, at: OffsetDateTime, entry: NewEntry) -> Result<(), DbError> {
        let mut tx = self.begin_write().await?;
        let sql = "UPDATE users SET totp_secret_sealed = NULL, totp_last_step = NULL, version = version + 1 \
                   WHERE id = $1";
        if self.execute_in(&mut tx, sql, args![user.0]).await? == 0 {
            return Err(DbError::NotFound("user"));
        }
        replace_recovery_codes(self, &mut tx, user, &[]).await?;
        revoke_all(self, &mut tx, user, at, false).await?;
        self.audit_in(&mut tx, entry).await?;
        self.commit(tx).await
    }

    async fn enrol_second_factor(
        &self,
        token_hash: &TokenHash,
        user: UserId,
        totp_secret_sealed: &str,
        totp_step: u64,
        recovery: &[String],
        at: OffsetDateTime,
        entry: NewEntry,
    ) -> Result<(), DbError> {
        let totp_step = step(totp_step)?;
        let mut tx = self.begin_write().await?;
        let sql = "UPDATE users SET totp_secret_sealed = $1, totp_last_step = $2, version = version + 1 \
                   WHERE id = $3 AND totp_secret_sealed IS NULL AND disabled_at IS NULL";
        if self.execute_in(&mut tx, sql, args![totp_secret_sealed, totp_step, user.0]).await? == 0 {
            return Err(DbError::Conflict("a second factor is enrolled already".into()));
        }
        let sql = "UPDATE sessions SET factor_at = $1, last_seen_at = $1 \
                   WHERE token_hash = $2 AND user_id = $3 AND revoked_at IS NULL";
        if self.execute_in(&mut tx, sql, args![at, token_hash.to_hex(), user.0]).await? == 0 {
            return Err(DbError::NotFound("session"));
        }
        replace_recovery_codes(self, &mut tx, user, recovery).await?;
        self.audit_in(&mut tx, entry).await?;
        self.commit(tx).await
    }
}
