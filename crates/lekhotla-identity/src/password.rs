//! New passwords and the password policy: 12 to 128 characters, not only whitespace.

use std::fmt;

use zeroize::Zeroizing;

/// A password that meets the policy, wiped from memory when dropped. `Debug` prints `Password(***)`.
///
/// The policy follows NIST SP 800-63B and ASVS 6.2: a length range and nothing else (no composition
/// rules). Length is counted in Unicode characters, not bytes.
pub struct Password(Zeroizing<String>);

/// Why a new password was refused. Never contains the password.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PasswordPolicyError {
    /// Fewer than [`Password::MIN_CHARS`] characters.
    #[error("a password needs at least 12 characters")]
    TooShort,
    /// More than [`Password::MAX_CHARS`] characters.
    #[error("a password may have at most 128 characters")]
    TooLong,
    /// Nothing but spaces, tabs or line breaks.
    #[error("a password cannot be only whitespace")]
    OnlyWhitespace,
}

impl Password {
    /// Fewest characters allowed.
    pub const MIN_CHARS: usize = 12;
    /// Most characters allowed.
    pub const MAX_CHARS: usize = 128;

    /// Checks `password` against the policy. The string is wiped on drop whether or not it passes.
    pub fn new(password: String) -> Result<Password, PasswordPolicyError> {
        let password = Zeroizing::new(password);
        let count = password.chars().count();
        if count < Self::MIN_CHARS {
            return Err(PasswordPolicyError::TooShort);
        }
        if count > Self::MAX_CHARS {
            return Err(PasswordPolicyError::TooLong);
        }
        if password.chars().all(char::is_whitespace) {
            return Err(PasswordPolicyError::OnlyWhitespace);
        }
        Ok(Password(password))
    }

    /// The password itself, for hashing. Do not log or store it.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn length_is_counted_in_characters() {
        assert_eq!(Password::new("x".repeat(11)).unwrap_err(), PasswordPolicyError::TooShort);
        assert!(Password::new("x".repeat(12)).is_ok());
        assert!(Password::new("x".repeat(128)).is_ok());
        assert_eq!(Password::new("x".repeat(129)).unwrap_err(), PasswordPolicyError::TooLong);
        // Eleven two-byte characters are 22 bytes but still too short.
        assert_eq!(Password::new("é".repeat(11)).unwrap_err(), PasswordPolicyError::TooShort);
        // 128 four-byte characters are 512 bytes and allowed.
        assert!(Password::new("🔑".repeat(128)).is_ok());
    }

    #[test]
    fn only_whitespace_is_refused_but_spaces_inside_are_fine() {
        assert_eq!(Password::new(" \t\n".repeat(5)).unwrap_err(), PasswordPolicyError::OnlyWhitespace);
        assert!(Password::new("correct horse battery".to_owned()).is_ok());
    }

    #[test]
    fn debug_is_redacted() {
        let password = Password::new("synthetic-password-1".to_owned()).unwrap();
        assert_eq!(format!("{password:?}"), "Password(***)");
        assert_eq!(password.expose(), "synthetic-password-1");
    }
}
