//! A 256-bit secret key that wipes itself on drop and never prints its bytes.

use std::fmt;

use zeroize::Zeroize;

/// Length in bytes of every key in this crate (master, data and blind-index keys).
pub(crate) const KEY_LEN: usize = 32;

/// 32 secret bytes, zeroed when dropped. `Debug` is redacted.
#[derive(Clone)]
pub(crate) struct SecretKey([u8; KEY_LEN]);

impl SecretKey {
    /// A fresh key from the operating system's random number generator.
    pub(crate) fn random() -> Result<Self, getrandom::Error> {
        let mut key = Self([0; KEY_LEN]);
        getrandom::fill(&mut key.0)?;
        Ok(key)
    }

    /// Takes ownership of the bytes; the caller should not keep a copy.
    pub(crate) fn from_bytes(bytes: [u8; KEY_LEN]) -> Self {
        Self(bytes)
    }

    pub(crate) fn expose(&self) -> &[u8; KEY_LEN] {
        &self.0
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey([redacted])")
    }
}

impl Drop for SecretKey {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}
