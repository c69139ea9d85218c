//! The 32-byte SHA-256 link of the chain, its hex form and the link function.

use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha256};

use crate::error::HexError;

/// A SHA-256 value in the chain: an entry's hash, or the `prev_hash` it links to.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct ChainHash(pub [u8; 32]);

impl ChainHash {
    /// The `prev_hash` of entry 1: 32 zero bytes.
    pub const GENESIS: ChainHash = ChainHash([0; 32]);

    /// `SHA-256(prev ‖ canonical)`: the hash of the entry whose canonical bytes are `canonical`.
    pub fn link(prev: &ChainHash, canonical: &[u8]) -> ChainHash {
        let mut hasher = Sha256::new();
        hasher.update(prev.0);
        hasher.update(canonical);
        ChainHash(hasher.finalize().into())
    }

    /// The raw bytes.
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Lower-case hex, 64 characters.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// Parses 64 hex characters (either case).
    pub fn from_hex(text: &str) -> Result<ChainHash, HexError> {
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(text, &mut bytes).map_err(|_| HexError { expected_bytes: 32 })?;
        Ok(ChainHash(bytes))
    }
}

impl fmt::Display for ChainHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for ChainHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ChainHash({})", self.to_hex())
    }
}

impl FromStr for ChainHash {
    type Err = HexError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        ChainHash::from_hex(text)
    }
}
