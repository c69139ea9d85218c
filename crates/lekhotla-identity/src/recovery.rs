//! Recovery codes: single-use look-up secrets for when the authenticator is lost.

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::error::IdentityError;
use crate::{hex, random};

/// Crockford's base32 alphabet in lower case: digits and letters without `i`, `l`, `o` and `u`, so no two
/// characters look alike. 32 symbols, 5 bits each.
const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// Characters per group and groups per code: `xxxxx-xxxxx-xxxxx-xxxxx-xxxxx`, 25 symbols, 125 bits.
/// ASVS 5.0 (6.5.2) lets look-up secrets of at least 112 bits be stored as a plain SHA-256, so a code
/// can be found by its hash; shorter ones would need a salted password hash each.
const GROUP_LEN: usize = 5;
const GROUPS: usize = 5;

// At least 112 bits per code, checked at compile time.
const _: () = assert!(GROUP_LEN * GROUPS * 5 >= 112);

/// Generates recovery codes. Store only the hashes; show the plain codes to the user once.
#[derive(Debug, Clone, Copy)]
pub struct RecoveryCodes;

impl RecoveryCodes {
    /// How many codes a user is given by default.
    pub const DEFAULT_COUNT: usize = 10;

    /// `n` fresh codes such as `7kq2m-z9ch4-wd3xa-p0tr8-nb6e5` (125 random bits each) and, in the same order, their
    /// hashes as [`recovery_code_hash`] computes them.
    pub fn generate(n: usize) -> Result<(Vec<String>, Vec<String>), IdentityError> {
        let mut codes = Vec::with_capacity(n);
        let mut hashes = Vec::with_capacity(n);
        for _ in 0..n {
            let code = one_code()?;
            hashes.push(recovery_code_hash(&code));
            codes.push(code);
        }
        Ok((codes, hashes))
    }
}

fn one_code() -> Result<String, IdentityError> {
    let mut bytes = Zeroizing::new([0u8; GROUP_LEN * GROUPS]);
    random::fill(bytes.as_mut_slice())?;
    let mut code = String::with_capacity(GROUP_LEN * GROUPS + GROUPS - 1);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 && i % GROUP_LEN == 0 {
            code.push('-');
        }
        // 32 symbols divide 256 exactly, so the low five bits are uniform.
        code.push(char::from(ALPHABET[usize::from(b & 0x1f)]));
    }
    Ok(code)
}

/// Lowercase hex SHA-256 of the normalised code. Normalising trims, lowercases, drops spaces and dashes,
/// and reads the look-alikes `o` as `0` and `i`/`l` as `1` (Crockford), so `7KQ2 MZ9C H4WD` matches
/// `7kq2-mz9c-h4wd`.
#[must_use]
pub fn recovery_code_hash(input: &str) -> String {
    let normalised: Zeroizing<String> = Zeroizing::new(
        input
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '-'))
            .map(|c| match c.to_ascii_lowercase() {
                'o' => '0',
                'i' | 'l' => '1',
                other => other,
            })
            .collect(),
    );
    hex::encode(&Sha256::digest(normalised.as_bytes()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn format_and_count() {
        let (codes, hashes) = RecoveryCodes::generate(RecoveryCodes::DEFAULT_COUNT).unwrap();
        assert_eq!(codes.len(), 10);
        assert_eq!(hashes.len(), 10);
        for (code, hash) in codes.iter().zip(&hashes) {
            assert_eq!(code.len(), 29, "{code}");
            let groups: Vec<&str> = code.split('-').collect();
            assert_eq!(groups.len(), 5);
            assert!(groups.iter().all(|g| g.len() == 5 && g.bytes().all(|b| ALPHABET.contains(&b))));
            assert_eq!(&recovery_code_hash(code), hash);
            assert_eq!(hash.len(), 64);
        }
    }

    #[test]
    fn loose_typing_matches() {
        let hash = recovery_code_hash("7kq2-mz9c-h4wd");
        assert_eq!(recovery_code_hash("  7KQ2 MZ9C H4WD "), hash);
        assert_eq!(recovery_code_hash("7kq2mz9ch4wd"), hash);
        assert_ne!(recovery_code_hash("7kq2-mz9c-h4we"), hash);
        assert_eq!(recovery_code_hash("o1l0-0000-0000"), recovery_code_hash("0110-0000-0000"));
    }

    #[test]
    fn codes_are_distinct_and_entropy_is_enough() {
        let (codes, _) = RecoveryCodes::generate(500).unwrap();
        let distinct: std::collections::HashSet<_> = codes.iter().collect();
        assert_eq!(distinct.len(), 500);
        assert!(ALPHABET.iter().all(|c| !b"ilou".contains(c)));
        let unique: std::collections::HashSet<_> = ALPHABET.iter().collect();
        assert_eq!(unique.len(), 32);
    }

    #[test]
    fn zero_codes_is_empty() {
        let (codes, hashes) = RecoveryCodes::generate(0).unwrap();
        assert!(codes.is_empty() && hashes.is_empty());
    }
}
