//! Sealing and opening field values, and the sealed text format.
//!
//! Format (ASCII text, fits a `TEXT` column): `v1.<key_id>.<payload>` where `key_id` is the data key's
//! decimal id and `payload` is unpadded URL-safe base64 of `nonce (24 bytes) ‖ ciphertext ‖ tag (16 bytes)`.
//! The AAD is built from the field's table, column and record and the key id (see [`FieldRef`]).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::aad::{FieldRef, field_aad};
use crate::cipher::{self, NONCE_LEN, TAG_LEN};
use crate::error::CryptoError;
use crate::key_id::KeyId;
use crate::keyring::Keyring;

/// Every sealed value starts with this (format version 1).
pub const SEALED_PREFIX: &str = "v1.";

/// A parsed sealed value.
struct Sealed {
    key: KeyId,
    bytes: Vec<u8>,
}

fn parse(sealed: &str) -> Result<Sealed, CryptoError> {
    let malformed = |reason| CryptoError::Malformed { reason };
    let rest = sealed.strip_prefix(SEALED_PREFIX).ok_or(malformed("unknown version prefix"))?;
    let (key, payload) = rest.split_once('.').ok_or(malformed("missing key id"))?;
    if key.is_empty() || !key.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed("key id is not a number"));
    }
    let key = KeyId(key.parse().map_err(|_| malformed("key id is out of range"))?);
    let bytes = URL_SAFE_NO_PAD.decode(payload).map_err(|_| malformed("payload is not base64"))?;
    if bytes.len() < NONCE_LEN + TAG_LEN {
        return Err(malformed("payload is too short"));
    }
    Ok(Sealed { key, bytes })
}

impl Keyring {
    /// Encrypts `plaintext` with the current data key, bound to `at`. Sealing the same value twice gives
    /// different text (random nonce).
    ///
    /// # Errors
    /// The random number generator failed.
    pub fn seal(&self, at: FieldRef<'_>, plaintext: &str) -> Result<String, CryptoError> {
        let key_id = self.current;
        let key = self.data.get(&key_id).ok_or(CryptoError::UnknownKey { id: key_id })?;
        let bytes =
            cipher::encrypt(key, &field_aad(at, key_id), plaintext.as_bytes()).map_err(|_| CryptoError::Random)?;
        Ok(format!("{SEALED_PREFIX}{key_id}.{}", URL_SAFE_NO_PAD.encode(bytes)))
    }

    /// Decrypts a sealed value that belongs at `at`.
    ///
    /// # Errors
    /// [`CryptoError::Mismatch`] if the value was sealed for another table, column or record or was
    /// altered; [`CryptoError::UnknownKey`] if its key is not held; [`CryptoError::Malformed`] if it is
    /// not a sealed value.
    pub fn open(&self, at: FieldRef<'_>, sealed: &str) -> Result<String, CryptoError> {
        let parsed = parse(sealed)?;
        let key = self.data.get(&parsed.key).ok_or(CryptoError::UnknownKey { id: parsed.key })?;
        let plain =
            cipher::decrypt(key, &field_aad(at, parsed.key), &parsed.bytes).map_err(|_| CryptoError::Mismatch)?;
        // Only reachable with a valid tag, i.e. bytes this crate sealed from a `&str`.
        String::from_utf8(plain).map_err(|_| CryptoError::Mismatch)
    }

    /// True when the value was sealed under a data key other than the current one (so a re-encryption
    /// job should [`reseal`](Keyring::reseal) it). Also true for text that is not a sealed value at all.
    #[must_use]
    pub fn needs_reencryption(&self, sealed: &str) -> bool {
        parse(sealed).map_or(true, |parsed| parsed.key != self.current)
    }

    /// The key id a sealed value names, without decrypting it.
    ///
    /// # Errors
    /// The text is not a sealed value.
    pub fn key_id_of(sealed: &str) -> Result<KeyId, CryptoError> {
        parse(sealed).map(|parsed| parsed.key)
    }

    /// Opens a value and seals it again under the current key (for the re-encryption job). Returns the
    /// new sealed text; if the value is already under the current key it is returned unchanged.
    ///
    /// # Errors
    /// As [`Keyring::open`] and [`Keyring::seal`].
    pub fn reseal(&self, at: FieldRef<'_>, sealed: &str) -> Result<String, CryptoError> {
        let plain = zeroize::Zeroizing::new(self.open(at, sealed)?);
        if !self.needs_reencryption(sealed) {
            return Ok(sealed.to_owned());
        }
        self.seal(at, &plain)
    }
}
