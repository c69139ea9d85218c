//! XChaCha20-Poly1305 with a fresh random 192-bit nonce per encryption; used for sealing and key wrapping.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

use crate::secret::SecretKey;

/// Nonce length in bytes (192 bits: random nonces never realistically collide).
pub(crate) const NONCE_LEN: usize = 24;
/// Authentication tag length in bytes.
pub(crate) const TAG_LEN: usize = 16;

/// Encryption failed: the random number generator failed (the AEAD itself cannot fail here).
#[derive(Debug)]
pub(crate) struct EncryptFailed;

/// Decryption failed: wrong key, wrong AAD or altered bytes. Deliberately carries no detail.
#[derive(Debug)]
pub(crate) struct DecryptFailed;

/// Returns `nonce ‖ ciphertext ‖ tag`.
pub(crate) fn encrypt(key: &SecretKey, aad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>, EncryptFailed> {
    let nonce = crate::nonce::fresh().map_err(|_| EncryptFailed)?;
    let cipher = XChaCha20Poly1305::new(key.expose().into());
    let ct = cipher.encrypt(&XNonce::from(nonce), Payload { msg: plaintext, aad }).map_err(|_| EncryptFailed)?;
    let mut out = Vec::with_capacity(NONCE_LEN + ct.len());
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&ct);
    Ok(out)
}

/// Opens `nonce ‖ ciphertext ‖ tag` as produced by [`encrypt`].
pub(crate) fn decrypt(key: &SecretKey, aad: &[u8], sealed: &[u8]) -> Result<Vec<u8>, DecryptFailed> {
    let Some((nonce, ct)) = sealed.split_first_chunk::<NONCE_LEN>() else {
        return Err(DecryptFailed);
    };
    if ct.len() < TAG_LEN {
        return Err(DecryptFailed);
    }
    let cipher = XChaCha20Poly1305::new(key.expose().into());
    cipher.decrypt(&XNonce::from(*nonce), Payload { msg: ct, aad }).map_err(|_| DecryptFailed)
}

#[cfg(test)]
mod tests {
    /// `.cargo/config.toml` builds Poly1305 on its portable backend: on x86-64 its AVX2 one made opening a
    /// sealed field of a few dozen bytes three to four times slower. A `RUSTFLAGS` variable replaces that
    /// file's flags, and then this fails.
    #[test]
    fn poly1305_is_built_on_its_portable_backend() {
        let backend = if cfg!(poly1305_backend = "soft") { "soft" } else { "chosen at run time" };
        assert_eq!(
            backend, "soft",
            "build without a RUSTFLAGS variable, or add --cfg poly1305_backend=\"soft\" to it (.cargo/config.toml)"
        );
    }

    #[test]
    fn what_is_sealed_opens_with_its_aad_only() {
        let key = crate::secret::SecretKey::from_bytes([9; 32]);
        let sealed = super::encrypt(&key, b"persons.given_name", b"Synthetic").expect("random");
        assert_eq!(super::decrypt(&key, b"persons.given_name", &sealed).expect("opens"), b"Synthetic");
        assert!(super::decrypt(&key, b"persons.family_name", &sealed).is_err());
    }
}
