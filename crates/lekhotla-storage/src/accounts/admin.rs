//! What an administrator (and a person enrolling their own second factor) changes on an account beyond
//! creating, disabling and setting a password: the [`AccountAdmin`] trait.

use async_trait::async_trait;
use lekhotla_audit::NewEntry;
use lekhotla_domain::{OrgId, UnitCode};
use lekhotla_identity::{Roles, TokenHash};
use time::OffsetDateTime;

use super::UserId;
use crate::DbError;

/// An account's roles, organisation and district, as an administrator sets them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountAccess {
    pub roles: Roles,
    pub organisation: OrgId,
    pub district: Option<UnitCode>,
}

/// Changes to accounts; each one transaction with its audit entry.
#[async_trait]
pub trait AccountAdmin: Send + Sync {
    /// Sets the roles, organisation and district of the user if their version is still `version`
    /// ([`DbError::Conflict`] otherwise, [`DbError::NotFound`] for no such user). Sessions are kept: every
    /// request reads the roles afresh.
    async fn change_access(
        &self,
        id: UserId,
        version: i64,
        access: &AccountAccess,
        audit: NewEntry,
    ) -> Result<(), DbError>;
    /// Enables a disabled account (its sessions and tokens stay revoked).
    async fn enable_user(&self, id: UserId, audit: NewEntry) -> Result<(), DbError>;
    /// Removes the second factor (TOTP secret and recovery codes) and ends every session of the user:
    /// they enrol a new one at their next sign-in.
    async fn clear_second_factor(&self, id: UserId, at: OffsetDateTime, audit: NewEntry) -> Result<(), DbError>;
    /// A first enrolment from the live session `token_hash` of `id`: stores the sealed TOTP secret (only
    /// if the user has none: [`DbError::Conflict`] otherwise), the confirming code's time `step` as used,
    /// the recovery-code hashes, and the session's `factor_at` = `at`.
    #[allow(clippy::too_many_arguments)]
    async fn enrol_second_factor(
        &self,
        token_hash: &TokenHash,
        id: UserId,
        totp_secret_sealed: &str,
        step: u64,
        recovery_hashes: &[String],
        at: OffsetDateTime,
        audit: NewEntry,
    ) -> Result<(), DbError>;
}
