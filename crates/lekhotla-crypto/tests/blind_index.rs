//! Blind indexes: equal for trivially different spellings, keyed, and separated by purpose.
#![allow(clippy::unwrap_used)]

#[path = "support/common.rs"]
mod common;

use lekhotla_crypto::Keyring;

const TAG: &str = "person.full_name";

#[test]
fn equal_for_whitespace_and_case_variants() {
    let f = common::fixture();
    let a = f.keyring.blind_index(TAG, "  Palesa   MOKOENA ");
    assert_eq!(a, f.keyring.blind_index(TAG, "palesa mokoena"));
    assert_eq!(a, f.keyring.blind_index(TAG, "Palesa\tMokoena"));
    assert_eq!(a.len(), 64);
    assert!(a.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
}

#[test]
fn equal_for_diacritic_variants() {
    let f = common::fixture();
    let plain = f.keyring.blind_index(TAG, "thabo");
    assert_eq!(f.keyring.blind_index(TAG, "Thabó"), plain);
    assert_eq!(f.keyring.blind_index(TAG, "Thabo\u{0301}"), plain);
}

#[test]
fn different_values_differ() {
    let f = common::fixture();
    assert_ne!(f.keyring.blind_index(TAG, "Palesa Mokoena"), f.keyring.blind_index(TAG, "Palesa Mokoene"));
    assert_ne!(f.keyring.blind_index(TAG, "Palesa Mokoena"), f.keyring.blind_index(TAG, "Mokoena Palesa"));
}

#[test]
fn purpose_tags_separate_indexes() {
    let f = common::fixture();
    assert_ne!(f.keyring.blind_index(TAG, "12345"), f.keyring.blind_index("person.phone", "12345"));
}

#[test]
fn different_keyring_gives_different_index() {
    let f = common::fixture();
    let g = common::fixture();
    assert_ne!(f.keyring.blind_index(TAG, "palesa mokoena"), g.keyring.blind_index(TAG, "palesa mokoena"));
}

#[test]
fn same_keys_reloaded_give_the_same_index() {
    let f = common::fixture();
    let reloaded = Keyring::unwrap(&f.master, &f.wrapped).unwrap();
    assert_eq!(f.keyring.blind_index(TAG, "Thabó"), reloaded.blind_index(TAG, "thabo"));
}

#[test]
fn index_does_not_contain_the_value() {
    let f = common::fixture();
    let index = f.keyring.blind_index(TAG, "abcdef");
    assert!(!index.contains("abcdef"));
}
