//! Key rotation: old values still open, are flagged for re-encryption, and re-seal under the new key.
#![allow(clippy::unwrap_used)]

#[path = "support/common.rs"]
mod common;

use lekhotla_crypto::{CryptoError, FieldRef, KeyId, KeyPurpose, Keyring};

const NAME: &str = "Synthetic Lerato Example";

#[test]
fn rotate_then_open_flag_and_reseal() {
    let mut f = common::fixture();
    let at = FieldRef::new("person", "full_name", "rec-1");
    let old = f.keyring.seal(at, NAME).unwrap();
    assert_eq!(Keyring::key_id_of(&old).unwrap(), KeyId(1));
    assert!(!f.keyring.needs_reencryption(&old));

    let new_key = f.keyring.rotate(&f.master).unwrap();
    assert_eq!(new_key.purpose, KeyPurpose::Data);
    assert_eq!(f.keyring.current(), new_key.id);
    assert_ne!(new_key.id, KeyId(1));

    assert_eq!(f.keyring.open(at, &old).unwrap(), NAME);
    assert!(f.keyring.needs_reencryption(&old));

    let resealed = f.keyring.reseal(at, &old).unwrap();
    assert_ne!(resealed, old);
    assert_eq!(Keyring::key_id_of(&resealed).unwrap(), new_key.id);
    assert!(!f.keyring.needs_reencryption(&resealed));
    assert_eq!(f.keyring.open(at, &resealed).unwrap(), NAME);
    // Resealing a current value is a no-op.
    assert_eq!(f.keyring.reseal(at, &resealed).unwrap(), resealed);
    // New seals use the new key.
    assert!(!f.keyring.needs_reencryption(&f.keyring.seal(at, NAME).unwrap()));

    // The store persists the new key; a restart sees both and picks the newest as current.
    f.wrapped.push(new_key);
    let reloaded = Keyring::unwrap(&f.master, &f.wrapped).unwrap();
    assert_eq!(reloaded.current(), f.keyring.current());
    assert_eq!(reloaded.open(at, &old).unwrap(), NAME);
    assert!(reloaded.needs_reencryption(&old));

    // Once everything is re-sealed the old key can go; values still under it then fail clearly.
    f.keyring.retire(KeyId(1)).unwrap();
    assert!(matches!(f.keyring.open(at, &old), Err(CryptoError::UnknownKey { id: KeyId(1) })));
    assert_eq!(f.keyring.open(at, &resealed).unwrap(), NAME);
}

#[test]
fn reseal_still_checks_where_the_value_belongs() {
    let mut f = common::fixture();
    let old = f.keyring.seal(FieldRef::new("person", "full_name", "rec-1"), NAME).unwrap();
    f.keyring.rotate(&f.master).unwrap();
    let err = f.keyring.reseal(FieldRef::new("person", "full_name", "rec-2"), &old).unwrap_err();
    assert!(matches!(err, CryptoError::Mismatch));
}

#[test]
fn blind_index_survives_rotation() {
    let mut f = common::fixture();
    let before = f.keyring.blind_index("person.full_name", NAME);
    f.keyring.rotate(&f.master).unwrap();
    assert_eq!(f.keyring.blind_index("person.full_name", NAME), before);
}
