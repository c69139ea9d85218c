//! Blind indexes: a keyed hash of a normalised value, stored beside a sealed value for exact-match search.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::aad::length_prefixed;
use crate::keyring::Keyring;
use crate::normalise::normalise_for_index;
use crate::secret::KEY_LEN;

/// Domain-separation label for blind-index input.
const BLIND_INDEX_LABEL: &[u8] = b"lekhotla/blind-index/v1";

impl Keyring {
    /// HMAC-SHA-256, under the keyring's blind-index key (separate from every data key), of
    /// `label ‖ purpose_tag ‖ normalise_for_index(value)` (length-prefixed), as 64 lowercase hex characters.
    ///
    /// `purpose_tag` names what is indexed (e.g. `person.full_name`), so the same value indexed for two
    /// purposes gives unrelated outputs. Equal normalised values give equal indexes under one keyring;
    /// without the key the index reveals nothing but equality.
    #[must_use]
    pub fn blind_index(&self, purpose_tag: &str, value: &str) -> String {
        let normalised = zeroize::Zeroizing::new(normalise_for_index(value));
        let input = zeroize::Zeroizing::new(length_prefixed(&[
            BLIND_INDEX_LABEL,
            purpose_tag.as_bytes(),
            normalised.as_bytes(),
        ]));
        // HMAC pads a short key with zeros to the 64-byte block size (RFC 2104), so this is HMAC under the
        // 32-byte key itself, without a fallible `new_from_slice`.
        let mut block = zeroize::Zeroizing::new([0u8; 64]);
        block[..KEY_LEN].copy_from_slice(self.blind_index.expose());
        let mut mac = <Hmac<Sha256> as KeyInit>::new((&*block).into());
        mac.update(&input);
        let tag = mac.finalize().into_bytes();
        let mut out = String::with_capacity(tag.len() * 2);
        for b in tag.iter() {
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
        out
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::master_key::MasterKey;

    #[test]
    fn zero_padded_key_equals_plain_hmac() {
        let dir = tempfile::tempdir().unwrap();
        let (master, _) = MasterKey::load_or_create(&dir.path().join("k")).unwrap();
        let (ring, _) = Keyring::new_with_fresh_keys(&master).unwrap();
        let input = length_prefixed(&[BLIND_INDEX_LABEL, b"person.full_name", b"palesa mokoena"]);
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(ring.blind_index.expose()).unwrap();
        mac.update(&input);
        let expected: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(ring.blind_index("person.full_name", "Palesa Mokoena"), expected);
    }
}
