//! Sealed fields: round trip, binding to table/column/record, tamper detection, random nonces.
#![allow(clippy::unwrap_used)]

#[path = "support/common.rs"]
mod common;

use lekhotla_crypto::{CryptoError, FieldRef, Keyring, SEALED_PREFIX};

const RECORD: &str = "0192f0c4-0000-7000-8000-000000000001";
const OTHER_RECORD: &str = "0192f0c4-0000-7000-8000-000000000002";
const NAME: &str = "Synthetic Palesa Mokoena";

fn at(record: &str) -> FieldRef<'_> {
    FieldRef::new("person", "full_name", record)
}

#[test]
fn round_trip() {
    let f = common::fixture();
    let sealed = f.keyring.seal(at(RECORD), NAME).unwrap();
    assert!(sealed.starts_with(SEALED_PREFIX));
    assert!(!sealed.contains("Palesa"));
    assert_eq!(f.keyring.open(at(RECORD), &sealed).unwrap(), NAME);
    assert_eq!(f.keyring.open(at(RECORD), &f.keyring.seal(at(RECORD), "").unwrap()).unwrap(), "");
    let unicode = "Thabó Ñandú — 12 Synthetic Rd, Maseru";
    assert_eq!(f.keyring.open(at(RECORD), &f.keyring.seal(at(RECORD), unicode).unwrap()).unwrap(), unicode);
}

#[test]
fn opens_after_reloading_the_keyring_from_wrapped_keys() {
    let f = common::fixture();
    let sealed = f.keyring.seal(at(RECORD), NAME).unwrap();
    let reloaded = Keyring::unwrap(&f.master, &f.wrapped).unwrap();
    assert_eq!(reloaded.open(at(RECORD), &sealed).unwrap(), NAME);
}

#[test]
fn moved_to_another_record_column_or_table_fails() {
    let f = common::fixture();
    let sealed = f.keyring.seal(at(RECORD), NAME).unwrap();
    let elsewhere = [
        FieldRef::new("person", "full_name", OTHER_RECORD),
        FieldRef::new("person", "phone", RECORD),
        FieldRef::new("shelter", "full_name", RECORD),
        // Same bytes, different split between the parts.
        FieldRef::new("personfull_name", "", RECORD),
        FieldRef::new("person", "full_name", ""),
    ];
    for place in elsewhere {
        let err = f.keyring.open(place, &sealed).unwrap_err();
        assert!(matches!(err, CryptoError::Mismatch), "{place:?}: {err:?}");
        assert_eq!(err.to_string(), "the sealed value does not belong here or was altered");
    }
}

#[test]
fn changing_any_byte_fails() {
    let f = common::fixture();
    let sealed = f.keyring.seal(at(RECORD), NAME).unwrap();
    let (head, payload) = sealed.rsplit_once('.').unwrap();
    use base64::Engine;
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let bytes = engine.decode(payload).unwrap();
    for i in 0..bytes.len() {
        let mut tampered = bytes.clone();
        tampered[i] ^= 0x01;
        let text = format!("{head}.{}", engine.encode(&tampered));
        assert!(matches!(f.keyring.open(at(RECORD), &text), Err(CryptoError::Mismatch)), "byte {i}");
    }
    // Truncation and extension fail too.
    let short = format!("{head}.{}", engine.encode(&bytes[..bytes.len() - 1]));
    assert!(f.keyring.open(at(RECORD), &short).is_err());
    let long = format!("{head}.{}", engine.encode([bytes.as_slice(), &[0]].concat()));
    assert!(f.keyring.open(at(RECORD), &long).is_err());
}

#[test]
fn relabelling_the_key_id_fails() {
    let mut f = common::fixture();
    let old = f.keyring.seal(at(RECORD), NAME).unwrap();
    f.keyring.rotate(&f.master).unwrap();
    let relabelled = old.replacen("v1.1.", &format!("v1.{}.", f.keyring.current()), 1);
    assert_ne!(relabelled, old);
    assert!(matches!(f.keyring.open(at(RECORD), &relabelled), Err(CryptoError::Mismatch)));
}

#[test]
fn malformed_text_is_reported_without_its_content() {
    let f = common::fixture();
    for text in ["", "Synthetic plaintext", "v2.1.AAAA", "v1..AAAA", "v1.x.AAAA", "v1.1.!!!!", "v1.1.AAAA", "v1.1"] {
        let err = f.keyring.open(at(RECORD), text).unwrap_err();
        assert!(matches!(err, CryptoError::Malformed { .. }), "{text:?}: {err:?}");
        if !text.is_empty() {
            assert!(!err.to_string().contains(text), "{err}");
        }
    }
}

#[test]
fn a_value_from_another_keyring_does_not_open() {
    let f = common::fixture();
    let g = common::fixture();
    let sealed = f.keyring.seal(at(RECORD), NAME).unwrap();
    assert!(matches!(g.keyring.open(at(RECORD), &sealed), Err(CryptoError::Mismatch)));
}

#[test]
fn sealing_twice_gives_different_text() {
    let f = common::fixture();
    let a = f.keyring.seal(at(RECORD), NAME).unwrap();
    let b = f.keyring.seal(at(RECORD), NAME).unwrap();
    assert_ne!(a, b);
    // The 24-byte nonce (the first 32 base64 characters of the payload) differs, not just the ciphertext.
    let nonce = |s: &str| s.rsplit_once('.').unwrap().1[..32].to_owned();
    assert_ne!(nonce(&a), nonce(&b));
}
