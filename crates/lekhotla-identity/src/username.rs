//! Usernames: short lowercase ASCII names that start with a letter.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A valid username: 3 to 64 characters from `a-z`, `0-9`, `.`, `_` and `-`, starting with a letter.
/// [`Username::parse`] trims and lowercases its input first, so `" Palesa.M "` becomes `palesa.m`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Username(String);

/// Why a username was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UsernameError {
    /// Fewer than [`Username::MIN_LEN`] characters.
    #[error("a username needs at least 3 characters")]
    TooShort,
    /// More than [`Username::MAX_LEN`] characters.
    #[error("a username may have at most 64 characters")]
    TooLong,
    /// The first character is not a letter.
    #[error("a username must start with a letter a-z")]
    MustStartWithLetter,
    /// A character outside `a-z`, `0-9`, `.`, `_`, `-`.
    #[error("a username may contain only letters a-z, digits, '.', '_' and '-' (found {found:?})")]
    InvalidCharacter {
        /// The first offending character.
        found: char,
    },
}

impl Username {
    /// Fewest characters allowed.
    pub const MIN_LEN: usize = 3;
    /// Most characters allowed.
    pub const MAX_LEN: usize = 64;

    /// Trims and lowercases `input`, then checks the rules.
    pub fn parse(input: &str) -> Result<Username, UsernameError> {
        let trimmed = input.trim();
        let count = trimmed.chars().count();
        if count < Self::MIN_LEN {
            return Err(UsernameError::TooShort);
        }
        if count > Self::MAX_LEN {
            return Err(UsernameError::TooLong);
        }
        let name = trimmed.to_ascii_lowercase();
        if let Some(found) =
            name.chars().find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-')))
        {
            return Err(UsernameError::InvalidCharacter { found });
        }
        if !name.starts_with(|c: char| c.is_ascii_lowercase()) {
            return Err(UsernameError::MustStartWithLetter);
        }
        Ok(Username(name))
    }

    /// The username as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The username as an owned string.
    #[must_use]
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Username {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl FromStr for Username {
    type Err = UsernameError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Username::parse(s)
    }
}

impl Serialize for Username {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Username {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Username::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn trims_and_lowercases() {
        let name = Username::parse("  Palesa.Mokoena_2-x \n").unwrap();
        assert_eq!(name.as_str(), "palesa.mokoena_2-x");
        assert_eq!(name.to_string(), "palesa.mokoena_2-x");
        assert_eq!(name.as_ref(), "palesa.mokoena_2-x");
    }

    #[test]
    fn length_limits() {
        assert_eq!(Username::parse("ab"), Err(UsernameError::TooShort));
        assert_eq!(Username::parse("   "), Err(UsernameError::TooShort));
        assert!(Username::parse("abc").is_ok());
        assert!(Username::parse(&"a".repeat(64)).is_ok());
        assert_eq!(Username::parse(&"a".repeat(65)), Err(UsernameError::TooLong));
    }

    #[test]
    fn rules_say_why() {
        assert_eq!(Username::parse("1abc"), Err(UsernameError::MustStartWithLetter));
        assert_eq!(Username::parse(".abc"), Err(UsernameError::MustStartWithLetter));
        assert_eq!(Username::parse("thabo mokoena"), Err(UsernameError::InvalidCharacter { found: ' ' }));
        assert_eq!(Username::parse("thabo@example"), Err(UsernameError::InvalidCharacter { found: '@' }));
        assert_eq!(Username::parse("zoë"), Err(UsernameError::InvalidCharacter { found: 'ë' }));
        let message = Username::parse("1abc").unwrap_err().to_string();
        assert!(message.contains("start with a letter"));
    }

    #[test]
    fn serde_parses() {
        let name: Username = serde_json::from_str("\"Thabo.M\"").unwrap();
        assert_eq!(name.as_str(), "thabo.m");
        assert_eq!(serde_json::to_string(&name).unwrap(), "\"thabo.m\"");
        assert!(serde_json::from_str::<Username>("\"x\"").is_err());
    }

    proptest::proptest! {
        #[test]
        fn parsed_names_obey_the_rules(input in "\\PC{0,80}") {
            if let Ok(name) = Username::parse(&input) {
                let s = name.as_str();
                proptest::prop_assert!((3..=64).contains(&s.len()));
                proptest::prop_assert!(s.starts_with(|c: char| c.is_ascii_lowercase()));
                proptest::prop_assert_eq!(Username::parse(s).ok(), Some(name.clone()));
            }
        }
    }
}
