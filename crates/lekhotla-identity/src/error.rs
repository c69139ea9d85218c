//! The crate's error type. Messages never contain passwords, codes, secrets or tokens.

use crate::password::PasswordPolicyError;
use crate::role::UnknownRole;
use crate::username::UsernameError;

/// Something in this crate failed or was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdentityError {
    /// The operating system's random number generator failed.
    #[error("the system random number generator failed")]
    Random,
    /// A user must hold at least one role.
    #[error("a user must have at least one role")]
    NoRoles,
    /// A role identifier was not recognised.
    #[error(transparent)]
    UnknownRole(#[from] UnknownRole),
    /// A username broke the username rules.
    #[error(transparent)]
    Username(#[from] UsernameError),
    /// A new password broke the password policy.
    #[error(transparent)]
    PasswordPolicy(#[from] PasswordPolicyError),
    /// Hashing a password failed (bad parameters or out of memory).
    #[error("password hashing failed: {reason}")]
    Hashing {
        /// What the hashing library reported.
        reason: String,
    },
    /// A stored password hash is not an argon2id PHC string this crate can verify.
    #[error("not a usable password hash: {reason}")]
    BadPasswordHash {
        /// What is wrong with it (never its content).
        reason: &'static str,
    },
    /// A TOTP secret could not be decoded.
    #[error("not a valid TOTP secret: {reason}")]
    BadTotpSecret {
        /// What is wrong with it (never its content).
        reason: &'static str,
    },
    /// A token hash was not 64 hexadecimal characters.
    #[error("not a valid token hash: {reason}")]
    BadTokenHash {
        /// What is wrong with it.
        reason: &'static str,
    },
}
