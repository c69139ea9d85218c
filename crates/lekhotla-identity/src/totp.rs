//! Time-based one-time passwords (RFC 6238): HMAC-SHA1, six digits, 30-second steps, one step of clock
//! skew either way, and each step usable once.

use std::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::error::IdentityError;
use crate::{base32, random};

/// A TOTP shared secret, wiped from memory when dropped. `Debug` is redacted.
pub struct TotpSecret(Zeroizing<Vec<u8>>);

/// Why a one-time code was refused. Show the user one message for all three; log the variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TotpError {
    /// Not six ASCII digits.
    #[error("a one-time code is six digits")]
    Malformed,
    /// No step in the accepted window has this code.
    #[error("the one-time code is wrong or has expired")]
    Wrong,
    /// The code is right, but its step is not later than the last one used (ASVS 6.5.1: single use).
    #[error("this one-time code has already been used")]
    Replayed,
}

impl TotpSecret {
    /// Length in bytes of a generated secret (160 bits, as RFC 4226 recommends).
    pub const LEN: usize = 20;
    /// Seconds per time step.
    pub const STEP_SECONDS: u64 = 30;
    /// Digits per code.
    pub const DIGITS: usize = 6;
    /// Steps of clock skew accepted before and after the current one.
    pub const SKEW_STEPS: u64 = 1;

    /// A fresh secret of [`TotpSecret::LEN`] random bytes.
    pub fn generate() -> Result<TotpSecret, IdentityError> {
        let mut bytes = Zeroizing::new(vec![0u8; Self::LEN]);
        random::fill(&mut bytes)?;
        Ok(TotpSecret(bytes))
    }

    /// Reads a secret written by [`TotpSecret::to_base32`]. Case, spaces and `=` padding are ignored. The
    /// secret must be 16 to 64 bytes (RFC 4226 asks for at least 128 bits).
    pub fn from_base32(text: &str) -> Result<TotpSecret, IdentityError> {
        let bytes = Zeroizing::new(base32::decode(text).ok_or(IdentityError::BadTotpSecret { reason: "not base32" })?);
        if !(16..=64).contains(&bytes.len()) {
            return Err(IdentityError::BadTotpSecret { reason: "a secret must be 16 to 64 bytes" });
        }
        Ok(TotpSecret(bytes))
    }

    /// The secret in RFC 4648 base32 without padding, for storage (sealed) and for authenticator apps.
    #[must_use]
    pub fn to_base32(&self) -> String {
        base32::encode(&self.0)
    }

    /// The time step containing `unix_seconds`.
    #[must_use]
    pub const fn step_at(unix_seconds: u64) -> u64 {
        unix_seconds / Self::STEP_SECONDS
    }

    /// The six-digit code for the step containing `unix_seconds`, zero-padded.
    #[must_use]
    pub fn code_at(&self, unix_seconds: u64) -> String {
        self.code_for_step(Self::step_at(unix_seconds))
    }

    /// Checks `code` (surrounding whitespace ignored) against the current step and one step either side,
    /// comparing in constant time. Returns the matched step, which the caller stores and passes back as
    /// `last_used_step` next time: a code for that step or any earlier one is refused as
    /// [`TotpError::Replayed`].
    pub fn verify(&self, code: &str, unix_seconds: u64, last_used_step: Option<u64>) -> Result<u64, TotpError> {
        let code = code.trim();
        if code.len() != Self::DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(TotpError::Malformed);
        }
        let current = Self::step_at(unix_seconds);
        let mut accepted = None;
        let mut replayed = false;
        for step in current.saturating_sub(Self::SKEW_STEPS)..=current.saturating_add(Self::SKEW_STEPS) {
            let expected = self.code_for_step(step);
            if bool::from(expected.as_bytes().ct_eq(code.as_bytes())) {
                if last_used_step.is_some_and(|last| step <= last) {
                    replayed = true;
                } else {
                    accepted = Some(step);
                }
            }
        }
        match (accepted, replayed) {
            (Some(step), _) => Ok(step),
            (None, true) => Err(TotpError::Replayed),
            (None, false) => Err(TotpError::Wrong),
        }
    }

    fn code_for_step(&self, step: u64) -> String {
        format!("{:06}", self.hotp(step) % 1_000_000)
    }

    /// RFC 4226 HOTP before reduction: the 31-bit dynamically truncated HMAC-SHA1 of `counter`.
    fn hotp(&self, counter: u64) -> u32 {
        // HMAC pads a short key with zeros to the 64-byte SHA-1 block (RFC 2104), so this is HMAC under
        // the secret itself (at most 64 bytes, checked on construction), without a fallible constructor.
        let mut block = Zeroizing::new([0u8; 64]);
        block[..self.0.len()].copy_from_slice(&self.0);
        let mut mac = <Hmac<Sha1> as KeyInit>::new((&*block).into());
        mac.update(&counter.to_be_bytes());
        let tag = mac.finalize().into_bytes();
        let offset = usize::from(tag[19] & 0x0f);
        u32::from_be_bytes([tag[offset] & 0x7f, tag[offset + 1], tag[offset + 2], tag[offset + 3]])
    }
}

impl fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TotpSecret(***)")
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// RFC 6238 appendix B, SHA-1 column: (time, eight-digit code) for the ASCII secret below.
    const RFC_6238: [(u64, &str); 6] = [
        (59, "94287082"),
        (1_111_111_109, "07081804"),
        (1_111_111_111, "14050471"),
        (1_234_567_890, "89005924"),
        (2_000_000_000, "69279037"),
        (20_000_000_000, "65353130"),
    ];

    fn rfc_secret() -> TotpSecret {
        TotpSecret(Zeroizing::new(b"12345678901234567890".to_vec()))
    }

    #[test]
    fn rfc_6238_vectors() {
        let secret = rfc_secret();
        for (time, eight) in RFC_6238 {
            let step = TotpSecret::step_at(time);
            assert_eq!(format!("{:08}", secret.hotp(step) % 100_000_000), eight, "t={time}");
            assert_eq!(secret.code_at(time), eight[2..], "t={time}");
            assert_eq!(secret.verify(&eight[2..], time, None), Ok(step));
        }
    }

    #[test]
    fn a_code_is_usable_once() {
        let secret = rfc_secret();
        let code = secret.code_at(59);
        let step = secret.verify(&code, 59, None).unwrap();
        assert_eq!(secret.verify(&code, 59, Some(step)), Err(TotpError::Replayed));
        assert_eq!(secret.verify(&code, 75, Some(step)), Err(TotpError::Replayed));
        // The next step's code is still fine.
        let next = secret.code_at(60);
        assert_eq!(secret.verify(&next, 60, Some(step)), Ok(step + 1));
        // An older step is refused once a later one was used.
        assert_eq!(secret.verify(&code, 60, Some(step + 1)), Err(TotpError::Replayed));
    }

    #[test]
    fn one_step_of_skew_either_way() {
        let secret = rfc_secret();
        let now = 1_234_567_890;
        let step = TotpSecret::step_at(now);
        let at = |s: u64| secret.code_for_step(s);
        assert_eq!(secret.verify(&at(step - 1), now, None), Ok(step - 1));
        assert_eq!(secret.verify(&at(step + 1), now, None), Ok(step + 1));
        assert_eq!(secret.verify(&at(step - 2), now, None), Err(TotpError::Wrong));
        assert_eq!(secret.verify(&at(step + 2), now, None), Err(TotpError::Wrong));
        assert_eq!(secret.verify(&at(0), 0, None), Ok(0));
    }

    #[test]
    fn malformed_codes() {
        let secret = rfc_secret();
        for code in ["", "12345", "1234567", "12a456", "１２３４５６", "123 456"] {
            assert_eq!(secret.verify(code, 59, None), Err(TotpError::Malformed), "{code:?}");
        }
        assert_eq!(secret.verify(" 287082\n", 59, None), Ok(1));
    }

    #[test]
    fn base32_round_trip_and_limits() {
        let secret = TotpSecret::generate().unwrap();
        let text = secret.to_base32();
        assert_eq!(text.len(), 32);
        let back = TotpSecret::from_base32(&text.to_lowercase()).unwrap();
        assert_eq!(back.code_at(1_000_000), secret.code_at(1_000_000));
        assert_eq!(rfc_secret().to_base32(), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assert!(TotpSecret::from_base32("JBSWY3DPEHPK3PXP").is_err(), "80 bits is too short");
        assert!(TotpSecret::from_base32("not base32!").is_err());
    }

    #[test]
    fn debug_is_redacted_and_secrets_differ() {
        let a = TotpSecret::generate().unwrap();
        let b = TotpSecret::generate().unwrap();
        assert_eq!(format!("{a:?}"), "TotpSecret(***)");
        assert_ne!(a.to_base32(), b.to_base32());
    }
}
