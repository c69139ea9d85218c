//! User accounts, sessions and API tokens as the stores keep them, and the [`Accounts`] trait.
//!
//! Secrets never reach a store in the clear: passwords as argon2id PHC strings, session and API
//! tokens as SHA-256 hashes, recovery codes as hashes, the TOTP secret sealed by the caller.

use async_trait::async_trait;
use lekhotla_audit::NewEntry;
use lekhotla_domain::{OrgId, UnitCode};
use lekhotla_identity::{PasswordHash, Permission, Roles, TokenHash, Username};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::DbError;

mod admin;
mod stored;
mod tokens;
pub use admin::{AccountAccess, AccountAdmin};

/// A user account's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UserId(pub Uuid);

impl std::fmt::Display for UserId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A user: one organisation, one or more roles, optionally a district (focal points).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserAccount {
    pub id: UserId,
    pub version: i64,
    pub username: Username,
    pub organisation: OrgId,
    pub roles: Roles,
    pub district: Option<UnitCode>,
    pub password_hash: PasswordHash,
    /// The TOTP secret, sealed (`users.totp_secret` of this user) by the caller; `None` until enrolled.
    pub totp_secret_sealed: Option<String>,
    /// The last TOTP time step accepted, so a code is never accepted twice.
    pub totp_last_step: Option<u64>,
    pub disabled_at: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
}

impl UserAccount {
    pub fn is_active(&self) -> bool {
        self.disabled_at.is_none()
    }
}

/// A server-side session: only the hash of its token is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub token_hash: TokenHash,
    pub user: UserId,
    pub created_at: OffsetDateTime,
    pub last_seen_at: OffsetDateTime,
    /// The client address at sign-in, for the audit trail and the user's session list.
    pub address: Option<String>,
    /// When the user last proved their second factor in this session (at sign-in, or a later step-up);
    /// `None` for roles that sign in without one. Revealing sealed fields needs a recent one.
    pub factor_at: Option<OffsetDateTime>,
}

/// An API token for an integration: scoped to some of its user's permissions, expiring, revocable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiTokenRecord {
    pub id: Uuid,
    pub token_hash: TokenHash,
    pub user: UserId,
    pub name: String,
    pub scopes: Vec<Permission>,
    pub created_at: OffsetDateTime,
    /// The token admits no request from this instant on (renewable).
    pub expires_at: OffsetDateTime,
    pub revoked_at: Option<OffsetDateTime>,
    /// When it last admitted a request (written at most once a minute).
    pub last_used_at: Option<OffsetDateTime>,
}

impl ApiTokenRecord {
    /// How long a token lasts unless asked otherwise.
    pub const DEFAULT_LIFETIME: time::Duration = time::Duration::days(90);
    /// The longest lifetime a token may be given (or renewed for) at once.
    pub const MAX_LIFETIME: time::Duration = time::Duration::days(366);

    /// Whether the token admits requests at `now`.
    #[must_use]
    pub fn is_live(&self, now: OffsetDateTime) -> bool {
        self.revoked_at.is_none() && now < self.expires_at
    }
}

/// How a second factor was presented at sign-in; the store consumes it in the session's transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecondFactor {
    /// None was needed (a role that sees no case content).
    NotRequired,
    /// A TOTP code of this time step: refused if not newer than the last step used.
    Totp { step: u64 },
    /// A recovery code with this hash: refused if unknown or already used.
    RecoveryCode { hash: String },
}

/// Accounts, sessions and tokens. Every change is one transaction with its audit entry.
#[async_trait]
pub trait Accounts: Send + Sync {
    /// Creates a user and their recovery-code hashes. A taken username is a [`DbError::Conflict`].
    async fn create_user(&self, user: &UserAccount, recovery_hashes: &[String], audit: NewEntry)
    -> Result<(), DbError>;
    async fn get_user(&self, id: UserId) -> Result<Option<UserAccount>, DbError>;
    async fn find_user(&self, username: &Username) -> Result<Option<UserAccount>, DbError>;
    /// All users, by username.
    async fn list_users(&self) -> Result<Vec<UserAccount>, DbError>;
    /// Disables the account and revokes every session and API token of it, in one transaction.
    async fn disable_user(&self, id: UserId, at: OffsetDateTime, audit: NewEntry) -> Result<(), DbError>;
    /// Replaces the password hash and revokes every session of the user, in one transaction.
    async fn set_password(
        &self,
        id: UserId,
        hash: &PasswordHash,
        at: OffsetDateTime,
        audit: NewEntry,
    ) -> Result<(), DbError>;

    /// Replaces the user's second factor (a lost phone): the new sealed TOTP secret and recovery-code
    /// hashes take the place of the old ones, which stop working, and every session of the user ends,
    /// in one transaction.
    async fn replace_second_factor(
        &self,
        id: UserId,
        totp_secret_sealed: &str,
        recovery_hashes: &[String],
        at: OffsetDateTime,
        audit: NewEntry,
    ) -> Result<(), DbError>;

    /// Opens a session for an active user after a successful sign-in: consumes the second factor
    /// (a replayed TOTP step or a used recovery code is a [`DbError::Conflict`] and opens nothing),
    /// stores the session and writes the audit entry, all in one transaction.
    async fn start_session(
        &self,
        session: &SessionRecord,
        second_factor: SecondFactor,
        audit: NewEntry,
    ) -> Result<(), DbError>;
    /// Step-up: the user of the live session `token_hash` proves their second factor again (consumed
    /// as at sign-in: a replayed TOTP step or a used recovery code is a [`DbError::Conflict`]); the
    /// session's `factor_at` becomes `at`. A session that is not live (or not the user's) is
    /// [`DbError::NotFound`].
    async fn step_up(
        &self,
        token_hash: &TokenHash,
        user: UserId,
        second_factor: SecondFactor,
        at: OffsetDateTime,
        audit: NewEntry,
    ) -> Result<(), DbError>;
    /// The live (not revoked) session with this token hash and its user.
    async fn session(&self, token_hash: &TokenHash) -> Result<Option<(SessionRecord, UserAccount)>, DbError>;
    /// Moves the session's last activity to `at`.
    async fn touch_session(&self, token_hash: &TokenHash, at: OffsetDateTime) -> Result<(), DbError>;
    /// Revokes a session (sign-out, expiry), with its audit entry.
    async fn end_session(&self, token_hash: &TokenHash, at: OffsetDateTime, audit: NewEntry) -> Result<(), DbError>;

    /// Stores a new API token (its hash) with its audit entry.
    async fn create_api_token(&self, token: &ApiTokenRecord, audit: NewEntry) -> Result<(), DbError>;
    /// The not revoked API token with this hash and its user (the caller checks its expiry).
    async fn api_token(&self, token_hash: &TokenHash) -> Result<Option<(ApiTokenRecord, UserAccount)>, DbError>;
    /// One API token by id, revoked or not.
    async fn api_token_by_id(&self, id: Uuid) -> Result<Option<ApiTokenRecord>, DbError>;
    /// The API tokens of `user` (of everyone when `None`), revoked ones included, newest first.
    async fn list_api_tokens(&self, user: Option<UserId>) -> Result<Vec<ApiTokenRecord>, DbError>;
    /// Records that the token admitted a request at `at`.
    async fn touch_api_token(&self, id: Uuid, at: OffsetDateTime) -> Result<(), DbError>;
    /// Moves a live token's expiry to `expires_at`, with its audit entry; [`DbError::NotFound`] for an unknown
    /// or revoked token.
    async fn renew_api_token(&self, id: Uuid, expires_at: OffsetDateTime, audit: NewEntry) -> Result<(), DbError>;
    /// Revokes an API token, with its audit entry.
    async fn revoke_api_token(&self, id: Uuid, at: OffsetDateTime, audit: NewEntry) -> Result<(), DbError>;
}

/// An API token's scopes as stored: permission identifiers, comma-separated.
pub fn scopes_to_text(scopes: &[Permission]) -> String {
    scopes.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(",")
}

/// Stored scopes back.
pub fn scopes_from_text(text: &str) -> Result<Vec<Permission>, DbError> {
    text.split(',')
        .filter(|x| !x.is_empty())
        .map(|x| {
            Permission::ALL
                .iter()
                .copied()
                .find(|p| p.as_str() == x)
                .ok_or_else(|| DbError::Other(format!("unknown API token scope {x:?}").into()))
        })
        .collect()
}
