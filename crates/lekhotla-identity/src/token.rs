//! Session and API bearer tokens: 256 random bits, stored only as a SHA-256 hash.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::error::IdentityError;
use crate::{hex, random};

/// Random bytes per token.
const TOKEN_BYTES: usize = 32;

/// 32 random bytes as unpadded base64url (43 characters).
fn random_token_text() -> Result<Zeroizing<String>, IdentityError> {
    let mut bytes = Zeroizing::new([0u8; TOKEN_BYTES]);
    random::fill(bytes.as_mut_slice())?;
    Ok(Zeroizing::new(URL_SAFE_NO_PAD.encode(bytes.as_slice())))
}

/// A session token as sent in the session cookie. Wiped on drop; `Debug` is redacted.
pub struct SessionToken(Zeroizing<String>);

impl SessionToken {
    /// Length of a session token in characters.
    pub const LEN: usize = 43;

    /// A fresh token and the hash to store for it.
    pub fn generate() -> Result<(SessionToken, TokenHash), IdentityError> {
        let text = random_token_text()?;
        let hash = TokenHash::of(&text);
        Ok((SessionToken(text), hash))
    }

    /// The token text, for the cookie. Do not log or store it.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionToken(***)")
    }
}

/// An API token for machine clients: `lkt_` followed by 43 base64url characters. Wiped on drop; `Debug` is
/// redacted.
pub struct ApiToken(Zeroizing<String>);

impl ApiToken {
    /// The prefix that marks an API token.
    pub const PREFIX: &'static str = "lkt_";
    /// Length of an API token in characters.
    pub const LEN: usize = 47;

    /// A fresh token and the hash to store for it.
    pub fn generate() -> Result<(ApiToken, TokenHash), IdentityError> {
        let random = random_token_text()?;
        let mut text = Zeroizing::new(String::with_capacity(Self::LEN));
        text.push_str(Self::PREFIX);
        text.push_str(&random);
        let hash = TokenHash::of(&text);
        Ok((ApiToken(text), hash))
    }

    /// Whether a bearer credential is an API token (by its prefix) rather than a session token.
    #[must_use]
    pub fn looks_like(credential: &str) -> bool {
        credential.starts_with(Self::PREFIX)
    }

    /// The token text, to show the user once. Do not log or store it.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiToken(***)")
    }
}

/// SHA-256 of a token's text: what the database stores and looks tokens up by. A plain hash is enough
/// because the token carries 256 random bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TokenHash([u8; 32]);

impl TokenHash {
    /// The hash of a presented token.
    #[must_use]
    pub fn of(token: &str) -> TokenHash {
        TokenHash(Sha256::digest(token.as_bytes()).into())
    }

    /// 64 lowercase hexadecimal characters.
    #[must_use]
    pub fn to_hex(&self) -> String {
        hex::encode(&self.0)
    }

    /// Reads 64 hexadecimal characters back.
    pub fn from_hex(text: &str) -> Result<TokenHash, IdentityError> {
        hex::decode(text)
            .map(TokenHash)
            .ok_or(IdentityError::BadTokenHash { reason: "expected 64 hexadecimal characters" })
    }

    /// The 32 hash bytes.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Display for TokenHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn session_tokens_are_43_url_safe_characters_and_distinct() {
        let mut seen = HashSet::new();
        for _ in 0..1000 {
            let (token, hash) = SessionToken::generate().unwrap();
            assert_eq!(token.as_str().len(), SessionToken::LEN);
            assert!(token.as_str().bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
            assert!(!ApiToken::looks_like(token.as_str()));
            assert_eq!(hash, TokenHash::of(token.as_str()));
            assert!(seen.insert(token.as_str().to_owned()));
        }
    }

    #[test]
    fn api_tokens_have_the_prefix_and_are_distinct() {
        let mut seen = HashSet::new();
        for _ in 0..1000 {
            let (token, hash) = ApiToken::generate().unwrap();
            assert_eq!(token.as_str().len(), ApiToken::LEN);
            assert!(token.as_str().starts_with("lkt_"));
            assert!(ApiToken::looks_like(token.as_str()));
            assert_eq!(hash, TokenHash::of(token.as_str()));
            assert!(seen.insert(hash));
        }
    }

    #[test]
    fn hash_is_deterministic_hex() {
        let hash = TokenHash::of("synthetic-token");
        let hex = hash.to_hex();
        assert_eq!(hex.len(), 64);
        assert!(hex.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
        assert_eq!(TokenHash::of("synthetic-token").to_hex(), hex);
        assert_eq!(TokenHash::from_hex(&hex).unwrap(), hash);
        assert_eq!(hash.to_string(), hex);
        // SHA-256("abc"), FIPS 180-2 appendix B.1.
        assert_eq!(TokenHash::of("abc").to_hex(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert!(TokenHash::from_hex("abc").is_err());
        assert!(TokenHash::from_hex(&"z".repeat(64)).is_err());
    }

    #[test]
    fn debug_is_redacted() {
        let (session, _) = SessionToken::generate().unwrap();
        let (api, _) = ApiToken::generate().unwrap();
        assert_eq!(format!("{session:?}"), "SessionToken(***)");
        assert_eq!(format!("{api:?}"), "ApiToken(***)");
    }
}
