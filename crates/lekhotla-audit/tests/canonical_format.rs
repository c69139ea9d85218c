//! The canonical encoding: documented layout, unambiguous, stable (golden hash), and the chain's basics.
#![allow(clippy::unwrap_used)]

use lekhotla_audit::{Action, AuditEntry, Chain, ChainHash, FORMAT_VERSION, NewEntry, canonical_bytes};
use time::macros::datetime;

/// One fixed, synthetic entry. Its bytes and hash are pinned below: if this test fails, the storage format
/// changed and every stored chain would stop verifying.
fn fixed_entry() -> AuditEntry {
    let mut chain = Chain::genesis();
    chain.append(
        NewEntry::new(datetime!(2026-03-02 08:00:00.123456 UTC), "user-007", Action::SealedRead)
            .record("case/000042")
            .fields(["victim.name", "victim.location"])
            .purpose("court order 12/2026"),
    )
}

fn string(bytes: &mut Vec<u8>, text: &str) {
    bytes.extend_from_slice(&(text.len() as u64).to_be_bytes());
    bytes.extend_from_slice(text.as_bytes());
}

#[test]
fn the_bytes_follow_the_documented_layout() {
    let mut expected = vec![1u8];
    expected.extend_from_slice(&1u64.to_be_bytes());
    expected.extend_from_slice(&1_772_438_400_123_456i64.to_be_bytes());
    string(&mut expected, "user-007");
    string(&mut expected, "sealed.read");
    expected.push(1);
    string(&mut expected, "case/000042");
    expected.extend_from_slice(&2u64.to_be_bytes());
    string(&mut expected, "victim.name");
    string(&mut expected, "victim.location");
    expected.push(1);
    string(&mut expected, "court order 12/2026");
    assert_eq!(canonical_bytes(&fixed_entry()), expected);
    assert_eq!(FORMAT_VERSION, 1);
}

#[test]
fn golden_hash_of_a_fixed_entry() {
    let entry = fixed_entry();
    assert_eq!(entry.seq, 1);
    assert_eq!(entry.prev_hash, ChainHash::GENESIS);
    assert_eq!(hex::encode(canonical_bytes(&entry)), GOLDEN_BYTES);
    assert_eq!(entry.hash.to_hex(), GOLDEN_HASH);
    assert_eq!(entry.hash, entry.compute_hash());
}

/// The canonical bytes of [`fixed_entry`], as hex.
const GOLDEN_BYTES: &str = concat!(
    "01000000000000000100064c05f939c2400000000000000008757365722d303037000000000000000b7365616c65642e7265",
    "616401000000000000000b636173652f3030303034320000000000000002000000000000000b76696374696d2e6e616d6500",
    "0000000000000f76696374696d2e6c6f636174696f6e010000000000000013636f757274206f726465722031322f32303236",
);
/// SHA-256(32 zero bytes ‖ GOLDEN_BYTES), computed independently (Python hashlib) when the format was fixed.
const GOLDEN_HASH: &str = "e9efda756acacbc082afd5257361ce305dde288d497abb725dcfce84a1e1086e";

#[test]
fn absent_parts_are_encoded_as_absent() {
    let mut chain = Chain::genesis();
    let entry = chain.append(NewEntry::new(datetime!(1970-01-01 00:00:00 UTC), "", Action::LoginFailure));
    let mut expected = vec![1u8];
    expected.extend_from_slice(&1u64.to_be_bytes());
    expected.extend_from_slice(&0i64.to_be_bytes());
    string(&mut expected, "");
    string(&mut expected, "login.failure");
    expected.push(0);
    expected.extend_from_slice(&0u64.to_be_bytes());
    expected.push(0);
    assert_eq!(canonical_bytes(&entry), expected);
}

#[test]
fn the_bytes_differ_whenever_any_part_differs() {
    let base = fixed_entry();
    let variants: Vec<(&str, AuditEntry)> = vec![
        ("base", base.clone()),
        ("seq", AuditEntry { seq: 2, ..base.clone() }),
        ("time", AuditEntry { at: base.at + time::Duration::microseconds(1), ..base.clone() }),
        ("actor", AuditEntry { actor: "user-008".into(), ..base.clone() }),
        ("action", AuditEntry { action: Action::Export, ..base.clone() }),
        ("record none", AuditEntry { record: None, ..base.clone() }),
        ("record empty", AuditEntry { record: Some(String::new()), ..base.clone() }),
        ("fields none", AuditEntry { fields: vec![], ..base.clone() }),
        ("fields one empty", AuditEntry { fields: vec![String::new()], ..base.clone() }),
        (
            "fields reordered",
            AuditEntry { fields: vec!["victim.location".into(), "victim.name".into()], ..base.clone() },
        ),
        ("fields joined", AuditEntry { fields: vec!["victim.namevictim.location".into()], ..base.clone() }),
        ("purpose none", AuditEntry { purpose: None, ..base.clone() }),
        ("purpose empty", AuditEntry { purpose: Some(String::new()), ..base.clone() }),
        // Moving text across a boundary must change the bytes.
        (
            "actor+record shift",
            AuditEntry { actor: "user-007c".into(), record: Some("ase/000042".into()), ..base.clone() },
        ),
        (
            "record+field shift",
            AuditEntry {
                record: Some("case/000042victim.name".into()),
                fields: vec!["victim.location".into()],
                ..base.clone()
            },
        ),
        ("record into purpose", AuditEntry { record: None, purpose: Some("case/000042".into()), ..base.clone() }),
    ];
    for (i, (a_name, a)) in variants.iter().enumerate() {
        for (b_name, b) in &variants[i + 1..] {
            assert_ne!(canonical_bytes(a), canonical_bytes(b), "{a_name} vs {b_name}");
        }
    }
    // prev_hash and hash are not part of the canonical bytes, but prev_hash is part of the chain hash.
    let relinked = AuditEntry { prev_hash: ChainHash([1; 32]), ..base.clone() };
    assert_eq!(canonical_bytes(&relinked), canonical_bytes(&base));
    assert_ne!(relinked.compute_hash(), base.compute_hash());
}

#[test]
fn the_bytes_are_stable_and_independent_of_the_offset() {
    let base = fixed_entry();
    assert_eq!(canonical_bytes(&base), canonical_bytes(&base.clone()));
    let elsewhere = AuditEntry { at: base.at.to_offset(time::macros::offset!(+2)), ..base.clone() };
    assert_eq!(canonical_bytes(&elsewhere), canonical_bytes(&base));
}

#[test]
fn append_numbers_from_one_links_and_normalises_time() {
    let mut chain = Chain::genesis();
    let first =
        chain.append(NewEntry::new(datetime!(2026-03-02 10:00:00.999999999 +02:00), "svc-import", Action::CaseCreate));
    assert_eq!((first.seq, first.prev_hash), (1, ChainHash::GENESIS));
    assert_eq!(first.at, datetime!(2026-03-02 08:00:00.999999 UTC));
    assert!(first.at.offset().is_utc());
    let second = chain.append(NewEntry::new(first.at, "svc-import", Action::CaseUpdate).record("case/1"));
    assert_eq!((second.seq, second.prev_hash), (2, first.hash));
    assert_eq!(chain, Chain { head_seq: 2, head_hash: second.hash });
    assert_ne!(first.hash, second.hash);
}

#[test]
fn action_codes_are_unique_and_round_trip() {
    let mut codes: Vec<&str> = Action::ALL.iter().map(|a| a.code()).collect();
    for action in Action::ALL {
        assert_eq!(Action::from_code(action.code()), Some(action));
        assert_eq!(action.code().parse::<Action>().unwrap(), action);
        assert_eq!(action.to_string(), action.code());
    }
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), Action::ALL.len());
    assert_eq!(Action::from_code("case.purge"), None);
    assert!("CASE.CREATE".parse::<Action>().is_err());
    // Pinned: these strings are hashed into stored entries.
    assert_eq!(Action::SealedRead.code(), "sealed.read");
    assert_eq!(Action::BreakGlass.code(), "break_glass");
}

#[test]
fn hashes_round_trip_through_hex() {
    let hash = fixed_entry().hash;
    assert_eq!(ChainHash::from_hex(&hash.to_hex()).unwrap(), hash);
    assert_eq!(hash.to_hex().to_uppercase().parse::<ChainHash>().unwrap(), hash);
    assert_eq!(format!("{hash}"), hash.to_hex());
    assert!(ChainHash::from_hex("00").is_err());
    assert!(ChainHash::from_hex(&"g".repeat(64)).is_err());
    assert_eq!(ChainHash::GENESIS.to_hex(), "0".repeat(64));
}
