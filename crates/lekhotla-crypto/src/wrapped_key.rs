//! A data or blind-index key wrapped (encrypted) under the master key: what a store persists.

use crate::aad::length_prefixed;
use crate::cipher;
use crate::error::KeyError;
use crate::key_id::{KeyId, KeyPurpose};
use crate::master_key::MasterKey;
use crate::secret::{KEY_LEN, SecretKey};

/// Domain-separation label for wrapping AAD.
const WRAP_AAD_LABEL: &[u8] = b"lekhotla/wrapped-key/v1";

/// A key as stored: its id, purpose and `nonce ‖ ciphertext ‖ tag` under the master key. The id and
/// purpose are bound into the wrapping AAD, so relabelling a stored key makes it fail to unwrap.
/// Contains no secret in the clear, so `Debug` is safe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrappedKey {
    /// The key's id.
    pub id: KeyId,
    /// What the key is for.
    pub purpose: KeyPurpose,
    /// The wrapped key bytes (24-byte nonce, 32-byte encrypted key, 16-byte tag).
    pub wrapped: Vec<u8>,
}

fn wrap_aad(id: KeyId, purpose: KeyPurpose) -> Vec<u8> {
    length_prefixed(&[WRAP_AAD_LABEL, purpose.as_str().as_bytes(), &id.0.to_be_bytes()])
}

/// Encrypts `key` under the master key.
pub(crate) fn wrap(
    master: &MasterKey,
    id: KeyId,
    purpose: KeyPurpose,
    key: &SecretKey,
) -> Result<WrappedKey, KeyError> {
    let wrapped =
        cipher::encrypt(master.secret(), &wrap_aad(id, purpose), key.expose()).map_err(|_| KeyError::Random)?;
    Ok(WrappedKey { id, purpose, wrapped })
}

/// Decrypts a stored key with the master key.
pub(crate) fn unwrap(master: &MasterKey, stored: &WrappedKey) -> Result<SecretKey, KeyError> {
    let failed = || KeyError::UnwrapFailed { id: stored.id };
    let plain = zeroize::Zeroizing::new(
        cipher::decrypt(master.secret(), &wrap_aad(stored.id, stored.purpose), &stored.wrapped)
            .map_err(|_| failed())?,
    );
    let bytes: [u8; KEY_LEN] = plain.as_slice().try_into().map_err(|_| failed())?;
    Ok(SecretKey::from_bytes(bytes))
}
