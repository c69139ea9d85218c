//! An administrator's changes to an account (access, enabling, clearing the second factor) and a person's
//! first enrolment of their own second factor: each one transaction with its audit entry.

use async_trait::async_trait;
use lekhotla_audit::NewEntry;
use lekhotla_identity::TokenHash;
use lekhotla_storage::{AccountAccess, AccountAdmin, DbError, UserId};
use time::OffsetDateTime;

use super::{insert_recovery_codes, revoke_all, ts};
use crate::errors::bad;
use crate::{SqliteStore, audit, errors, id_text};

#[async_trait]
impl AccountAdmin for SqliteStore {
    async fn change_access(
        &self,
        user: UserId,
        version: i64,
        access: &AccountAccess,
        audit_entry: NewEntry,
    ) -> Result<(), DbError> {
        let mut tx = crate::write_gate::begin(&self.pool).await?;
        let done = sqlx::query(
            "UPDATE users SET roles = ?, organisation_id = ?, district = ?, version = version + 1 \
             WHERE id = ? AND version = ?",
        )
        .bind(access.roles.to_string())
        .bind(id_text(access.organisation.0))
        .bind(access.district.as_ref().map(|d| d.as_str().to_owned()))
        .bind(id_text(user.0))
        .bind(version)
        .execute(&mut *tx)
        .await
        .map_err(|e| match errors::map(e) {
            DbError::Reference { .. } => {
                DbError::Reference { field: "organisation".into(), reason: "names no organisation or district".into() }
            }
            other => other,
        })?;
        if done.rows_affected() == 0 {
            let exists: Option<i64> = sqlx::query_scalar("SELECT 1 FROM users WHERE id = ?")
                .bind(id_text(user.0))
                .fetch_optional(&mut *tx)
                .await
                .map_err(errors::map)?;
            return Err(match exists {
                Some(_) => DbError::Conflict("the account was changed by someone else".into()),
                None => DbError::NotFound("user"),
            });
        }
        audit::append(&mut tx, audit_entry).await?;
        tx.commit().await.map_err(errors::map)
    }

    async fn enable_user(&self, user: UserId, audit_entry: NewEntry) -> Result<(), DbError> {
        let mut tx = crate::write_gate::begin(&self.pool).await?;
        let done = sqlx::query("UPDATE users SET disabled_at = NULL, version = version + 1 WHERE id = ?")
            .bind(id_text(user.0))
            .execute(&mut *tx)
            .await
            .map_err(errors::map)?;
        if done.rows_affected() == 0 {
            return Err(DbError::NotFound("user"));
        }
        audit::append(&mut tx, audit_entry).await?;
        tx.commit().await.map_err(errors::map)
    }

    async fn clear_second_factor(
        &self,
        user: UserId,
        at: OffsetDateTime,
        audit_entry: NewEntry,
    ) -> Result<(), DbError> {
        let mut tx = crate::write_gate::begin(&self.pool).await?;
        let done = sqlx::query(
            "UPDATE users SET totp_secret_sealed = NULL, totp_last_step = NULL, version = version + 1 WHERE id = ?",
        )
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
        revoke_all(&mut tx, user, at, false).await?;
        audit::append(&mut tx, audit_entry).await?;
        tx.commit().await.map_err(errors::map)
    }

    async fn enrol_second_factor(
        &self,
        token_hash: &TokenHash,
        user: UserId,
        totp_secret_sealed: &str,
        step: u64,
        recovery: &[String],
        at: OffsetDateTime,
        audit_entry: NewEntry,
    ) -> Result<(), DbError> {
        let step = i64::try_from(step).map_err(|_| bad("totp_last_step", "out of range"))?;
        let mut tx = crate::write_gate::begin(&self.pool).await?;
        let done = sqlx::query(
            "UPDATE users SET totp_secret_sealed = ?, totp_last_step = ?, version = version + 1 \
             WHERE id = ? AND totp_secret_sealed IS NULL AND disabled_at IS NULL",
        )
        .bind(totp_secret_sealed)
        .bind(step)
        .bind(id_text(user.0))
        .execute(&mut *tx)
        .await
        .map_err(errors::map)?;
        if done.rows_affected() == 0 {
            return Err(DbError::Conflict("a second factor is enrolled already".into()));
        }
        let session = sqlx::query(
            "UPDATE sessions SET factor_at = ?, last_seen_at = ? WHERE token_hash = ? AND user_id = ? AND revoked_at IS NULL",
        )
        .bind(ts("factor_at", at)?)
        .bind(ts("last_seen_at", at)?)
        .bind(token_hash.to_hex())
        .bind(id_text(user.0))
        .execute(&mut *tx)
        .await
        .map_err(errors::map)?;
        if session.rows_affected() == 0 {
            return Err(DbError::NotFound("session"));
        }
        sqlx::query("DELETE FROM recovery_codes WHERE user_id = ?")
            .bind(id_text(user.0))
            .execute(&mut *tx)
            .await
            .map_err(errors::map)?;
        insert_recovery_codes(&mut tx, user, recovery).await?;
        audit::append(&mut tx, audit_entry).await?;
        tx.commit().await.map_err(errors::map)
    }
}
