//! Key identifiers and what a key is for.

use std::fmt;
use std::str::FromStr;

/// Identifies one key in a keyring. Written in every sealed value and bound into its AAD.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeyId(pub u32);

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// What a stored key is used for. Data keys rotate; the blind-index key does not (rotating it would
/// require recomputing every index from plaintext).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyPurpose {
    /// A data-encryption key (DEK) for sealed fields.
    Data,
    /// The HMAC key for blind indexes.
    BlindIndex,
}

impl KeyPurpose {
    /// Stable text form for storage: `data` or `blind_index`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Data => "data",
            Self::BlindIndex => "blind_index",
        }
    }
}

impl fmt::Display for KeyPurpose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text was not `data` or `blind_index`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown key purpose (expected `data` or `blind_index`)")]
pub struct UnknownPurpose;

impl FromStr for KeyPurpose {
    type Err = UnknownPurpose;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "data" => Ok(Self::Data),
            "blind_index" => Ok(Self::BlindIndex),
            _ => Err(UnknownPurpose),
        }
    }
}
