//! The verifier accepts an intact chain and reports the first tampered link precisely.
#![allow(clippy::unwrap_used)]

#[path = "support/fixtures.rs"]
mod fixtures;

use fixtures::{build_chain, new_entry, rehash_from};
use lekhotla_audit::{Action, AuditEntry, BreakKind, Chain, ChainBreak, ChainHash, verify, verify_from};
use time::Duration;

const N: u64 = 1_000;

fn idx(seq: u64) -> usize {
    (seq - 1) as usize
}

#[test]
fn a_chain_of_1000_entries_verifies() {
    let entries = build_chain(N);
    assert_eq!(entries[0].seq, 1);
    assert_eq!(entries[0].prev_hash, ChainHash::GENESIS);
    let summary = verify(&entries).unwrap();
    assert_eq!(summary.entries, N);
    assert_eq!(summary.head_seq, N);
    assert_eq!(summary.head_hash, entries[idx(N)].hash);
    // Owned entries (as from a database cursor) work too.
    assert_eq!(verify(entries.clone()).unwrap(), summary);
}

#[test]
fn an_empty_chain_verifies_to_genesis() {
    let summary = verify(Vec::<AuditEntry>::new()).unwrap();
    assert_eq!((summary.entries, summary.head_seq, summary.head_hash), (0, 0, ChainHash::GENESIS));
}

#[test]
fn changing_any_part_of_entry_k_is_reported_at_k_as_changed() {
    type Tamper = (&'static str, fn(&mut AuditEntry));
    let tampers: [Tamper; 15] = [
        ("actor", |e| e.actor.push('x')),
        ("action", |e| e.action = if e.action == Action::Export { Action::CaseRead } else { Action::Export }),
        ("record set", |e| e.record = Some("case/999999".into())),
        ("record removed", |e| e.record = None),
        ("record emptied", |e| e.record = Some(String::new())),
        ("field added", |e| e.fields.push("victim.phone".into())),
        ("fields cleared", |e| e.fields.clear()),
        ("fields reordered", |e| e.fields = vec!["b".into(), "a".into()]),
        ("purpose set", |e| e.purpose = Some("curiosity".into())),
        ("purpose removed", |e| e.purpose = None),
        ("time +1 µs", |e| e.at += Duration::microseconds(1)),
        ("time -1 day", |e| e.at -= Duration::days(1)),
        ("seq", |e| e.seq += 7),
        ("prev_hash", |e| e.prev_hash.0[31] ^= 1),
        ("stored hash", |e| e.hash.0[0] ^= 0x80),
    ];
    let entries = build_chain(N);
    for k in [1, 2, 3, 10, 500, 999, N] {
        for (what, tamper) in &tampers {
            let mut copy = entries.clone();
            let original = copy[idx(k)].clone();
            tamper(&mut copy[idx(k)]);
            if copy[idx(k)] == original {
                // e.g. "purpose removed" on an entry without one; entry 10 (a break-glass) has every part.
                assert_ne!(k, 10, "{what} did not change entry 10");
                continue;
            }
            let err = verify(&copy).unwrap_err();
            assert_eq!(err.seq, k, "{what} at {k}: {err}");
            assert!(matches!(err.kind, BreakKind::Changed { .. }), "{what} at {k}: {err}");
        }
    }
}

#[test]
fn a_deleted_entry_is_reported_missing_at_its_seq() {
    let entries = build_chain(N);
    for k in [1, 2, 500, N - 1] {
        let mut copy = entries.clone();
        copy.remove(idx(k));
        let err = verify(&copy).unwrap_err();
        assert_eq!(err, ChainBreak { seq: k, kind: BreakKind::Missing { found: k + 1 } }, "{err}");
    }
}

#[test]
fn several_deleted_entries_are_reported_at_the_first() {
    let mut entries = build_chain(N);
    entries.drain(idx(300)..idx(304));
    let err = verify(&entries).unwrap_err();
    assert_eq!(err, ChainBreak { seq: 300, kind: BreakKind::Missing { found: 304 } });
}

#[test]
fn an_inserted_entry_with_a_wrong_prev_hash_is_reported() {
    let entries = build_chain(N);
    let k = 400;
    // A forgery with a correctly computed own hash, but it cannot know what to link to.
    let mut forged = Chain { head_seq: k - 1, head_hash: ChainHash([7; 32]) }.append(new_entry(12345));
    assert_eq!(forged.hash, forged.compute_hash());
    let mut copy = entries.clone();
    copy.insert(idx(k), forged.clone());
    let err = verify(&copy).unwrap_err();
    assert_eq!(err.seq, k);
    assert_eq!(
        err.kind,
        BreakKind::BrokenLink { expected_prev: entries[idx(k - 1)].hash, found_prev: ChainHash([7; 32]) }
    );

    // Replacing entry k by the forgery: same verdict.
    copy.remove(idx(k + 1));
    assert_eq!(verify(&copy).unwrap_err().kind, err.kind);

    // Even when linked correctly to k-1, the original k that follows gives it away.
    forged = Chain::after(&entries[idx(k - 1)]).append(new_entry(12345));
    let mut copy = entries.clone();
    copy.insert(idx(k), forged);
    let err = verify(&copy).unwrap_err();
    assert_eq!(err, ChainBreak { seq: k + 1, kind: BreakKind::Unexpected { found: k } });
}

#[test]
fn a_rewritten_entry_with_recomputed_hash_breaks_the_next_link() {
    let entries = build_chain(N);
    let k = 250;
    let mut copy = entries.clone();
    copy[idx(k)].purpose = Some("rewritten".into());
    copy[idx(k)].hash = copy[idx(k)].compute_hash();
    let err = verify(&copy).unwrap_err();
    assert_eq!(
        err,
        ChainBreak {
            seq: k + 1,
            kind: BreakKind::BrokenLink { expected_prev: copy[idx(k)].hash, found_prev: entries[idx(k)].hash },
        }
    );
}

#[test]
fn swapped_entries_are_reported_as_reordered() {
    let entries = build_chain(N);
    for k in [1, 600, N - 1] {
        let mut copy = entries.clone();
        copy.swap(idx(k), idx(k + 1));
        let err = verify(&copy).unwrap_err();
        assert_eq!(err, ChainBreak { seq: k, kind: BreakKind::Reordered { found: k + 1 } }, "{err}");
    }
}

#[test]
fn a_duplicated_entry_is_unexpected() {
    let mut entries = build_chain(50);
    entries.insert(20, entries[19].clone());
    let err = verify(&entries).unwrap_err();
    assert_eq!(err, ChainBreak { seq: 21, kind: BreakKind::Unexpected { found: 20 } });
}

#[test]
fn truncating_the_tail_is_invisible_to_the_chain_alone() {
    let mut entries = build_chain(N);
    entries.truncate(900);
    let summary = verify(&entries).unwrap();
    assert_eq!(summary.head_seq, 900);
    // Rewriting a whole suffix is invisible too: that is what signed checkpoints are for.
    let mut entries = build_chain(N);
    entries[idx(700)].actor = "someone-else".into();
    rehash_from(&mut entries, idx(700));
    assert!(verify(&entries).is_ok());
}

#[test]
fn verification_can_resume_from_a_trusted_head() {
    let entries = build_chain(N);
    let anchor = Chain::after(&entries[idx(600)]);
    let summary = verify_from(anchor, &entries[idx(601)..]).unwrap();
    assert_eq!((summary.entries, summary.head_seq), (N - 600, N));
    let mut tampered = entries.clone();
    tampered[idx(601)].actor.clear();
    assert_eq!(verify_from(anchor, &tampered[idx(601)..]).unwrap_err().seq, 601);
    // A resumed walk that starts at the wrong place is a gap.
    assert_eq!(verify_from(anchor, &entries[idx(603)..]).unwrap_err().kind, BreakKind::Missing { found: 603 });
}

#[test]
fn break_messages_name_the_seq() {
    let mut entries = build_chain(10);
    entries.remove(4);
    let text = verify(&entries).unwrap_err().to_string();
    assert!(text.contains("seq 5") && text.contains("missing"), "{text}");
}
