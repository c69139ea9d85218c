//! New passwords and the password policy: 12 to 128 characters, not only whitespace, not a common or
//! breached password, not built from the username or the system's name.

mod guessable;

use std::fmt;

use zeroize::Zeroizing;

/// A password that meets the policy, wiped from memory when dropped. `Debug` prints `Password(***)`.
///
/// The policy follows NIST SP 800-63B and ASVS 6.2: a length range, a list of common and breached
/// passwords (6.2.12) and context words (6.2.11), and nothing else (no composition rules). Length is
/// counted in Unicode characters, not bytes.
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
    /// On the list of common and breached passwords (case ignored).
    #[error("this password is on a list of common or breached passwords: choose another")]
    Common,
    /// Little more than the username or the system's name.
    #[error("a password cannot be built from the username or the name Lekhotla")]
    LikeAName,
}

impl Password {
    /// Fewest characters allowed.
    pub const MIN_CHARS: usize = 12;
    /// Most characters allowed.
    pub const MAX_CHARS: usize = 128;

    /// Checks `password` against the policy. The string is wiped on drop whether or not it passes.
    pub fn new(password: String) -> Result<Password, PasswordPolicyError> {
        Self::check(password, None)
    }

    /// [`Password::new`], and not built from `username` either: for a password set for a known account.
    pub fn for_user(password: String, username: &str) -> Result<Password, PasswordPolicyError> {
        Self::check(password, Some(username))
    }

    fn check(password: String, username: Option<&str>) -> Result<Password, PasswordPolicyError> {
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
        if guessable::is_common(&password) {
            return Err(PasswordPolicyError::Common);
        }
        if guessable::is_like_a_name(&password, username) {
            return Err(PasswordPolicyError::LikeAName);
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
    fn common_and_breached_passwords_and_names_are_refused_whatever_their_case() {
        for p in ["qwerty123456", "QWERTY123456", "1q2w3e4r5t6y", "Password1234", "iloveyou2024!"] {
            assert_eq!(Password::new(p.to_owned()).unwrap_err(), PasswordPolicyError::Common, "{p}");
        }
        assert_eq!(Password::new("Lekhotla2026!".to_owned()).unwrap_err(), PasswordPolicyError::LikeAName);
        assert!(Password::new("thabo.mokoena-2026".to_owned()).is_ok(), "not this user's name");
        let err = Password::for_user("thabo.mokoena-2026".to_owned(), "thabo.mokoena").unwrap_err();
        assert_eq!(err, PasswordPolicyError::LikeAName);
        assert!(Password::for_user("a synthetic pass phrase".to_owned(), "thabo.mokoena").is_ok());
    }

    #[test]
    fn debug_is_redacted() {
        let password = Password::new("synthetic-password-1".to_owned()).unwrap();
        assert_eq!(format!("{password:?}"), "Password(***)");
        assert_eq!(password.expose(), "synthetic-password-1");
    }
}
