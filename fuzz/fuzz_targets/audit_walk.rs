//! The audit walk over any entries: a chain built by `Chain::append` verifies, alone and against a checkpoint
//! of its head; the same chain changed in any way (an entry's content, seq or hashes, an entry removed,
//! swapped or repeated) is refused by `verify`, except a cut-off tail or a consistent rewrite, which the
//! checkpoint catches. Also `PublishedHead::parse_file` on any text: never a panic, and a head read is written
//! back as a line that reads the same.
#![no_main]

use arbitrary::Arbitrary;
use lekhotla_audit::{
    Action, AuditEntry, Chain, ChainHash, CheckpointSigner, NewEntry, PublishedHead, verify, verify_with_checkpoints,
};
use libfuzzer_sys::fuzz_target;
use time::OffsetDateTime;

#[derive(Debug, Arbitrary)]
struct Entry {
    /// Microseconds after 2026-01-01 (any sign).
    micros: i64,
    actor: String,
    action: u8,
    record: Option<String>,
    fields: Vec<String>,
    purpose: Option<String>,
}

#[derive(Debug, Arbitrary)]
enum Tamper {
    Actor(u8, String),
    Action(u8, u8),
    Record(u8, Option<String>),
    Fields(u8, Vec<String>),
    Purpose(u8, Option<String>),
    At(u8, i64),
    Seq(u8, u64),
    PrevHash(u8, [u8; 32]),
    Hash(u8, [u8; 32]),
    Remove(u8),
    Swap(u8, u8),
    Repeat(u8),
    Truncate(u8),
    /// Changes the actor of an entry and recomputes every hash from there: a consistent rewrite.
    Rewrite(u8, String),
}

#[derive(Debug, Arbitrary)]
struct Input {
    entries: Vec<Entry>,
    tamper: Tamper,
    heads: String,
}

const BASE_MICROS: i64 = 1_767_225_600_000_000; // 2026-01-01T00:00:00Z

fn at(micros: i64) -> OffsetDateTime {
    // Kept within a century of the base, well inside what `time` can hold.
    let offset = micros % 3_155_760_000_000_000;
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(BASE_MICROS + offset) * 1_000).expect("a time near 2026")
}

fn action(n: u8) -> Action {
    Action::ALL[usize::from(n) % Action::ALL.len()]
}

/// Recomputes every hash from entry `from` on, as someone rewriting the trail would.
fn rehash(entries: &mut [AuditEntry], from: usize) {
    for i in from..entries.len() {
        if i > 0 {
            entries[i].prev_hash = entries[i - 1].hash;
        }
        entries[i].hash = entries[i].compute_hash();
    }
}

/// `entries` (at least one) tampered, and whether `verify` alone may still accept them (a cut-off tail, a
/// consistent rewrite).
fn tampered(entries: &[AuditEntry], tamper: Tamper) -> (Vec<AuditEntry>, bool) {
    let n = entries.len();
    let mut t = entries.to_vec();
    let pick = |i: u8| usize::from(i) % n;
    let mut chain_may_hold = false;
    match tamper {
        Tamper::Actor(i, v) => t[pick(i)].actor = v,
        Tamper::Action(i, v) => t[pick(i)].action = action(v),
        Tamper::Record(i, v) => t[pick(i)].record = v,
        Tamper::Fields(i, v) => t[pick(i)].fields = v,
        Tamper::Purpose(i, v) => t[pick(i)].purpose = v,
        Tamper::At(i, micros) => t[pick(i)].at = at(micros),
        Tamper::Seq(i, v) => t[pick(i)].seq = v,
        Tamper::PrevHash(i, v) => t[pick(i)].prev_hash = ChainHash(v),
        Tamper::Hash(i, v) => t[pick(i)].hash = ChainHash(v),
        Tamper::Remove(i) => {
            let i = pick(i);
            chain_may_hold = i == n - 1;
            t.remove(i);
        }
        Tamper::Swap(i, j) => t.swap(pick(i), pick(j)),
        Tamper::Repeat(i) => {
            let i = pick(i);
            t.insert(i, t[i].clone());
        }
        Tamper::Truncate(keep) => {
            t.truncate(usize::from(keep) % n);
            chain_may_hold = true;
        }
        Tamper::Rewrite(i, v) => {
            let i = pick(i);
            t[i].actor = v;
            rehash(&mut t, i);
            chain_may_hold = true;
        }
    }
    (t, chain_may_hold)
}

fuzz_target!(|input: Input| {
    for (_, head) in PublishedHead::parse_file(&input.heads).unwrap_or_default() {
        let line = head.to_string();
        let again = PublishedHead::parse_line(&line, 1).unwrap_or_else(|e| panic!("{line:?} does not read back: {e}"));
        assert_eq!(again, head, "a head line written back reads differently");
    }

    let mut chain = Chain::genesis();
    let entries: Vec<AuditEntry> = input
        .entries
        .into_iter()
        .map(|e| {
            let mut new = NewEntry::new(at(e.micros), e.actor, action(e.action)).fields(e.fields);
            new.record = e.record;
            new.purpose = e.purpose;
            chain.append(new)
        })
        .collect();
    let summary = verify(&entries).expect("a chain as appended verifies");
    assert_eq!(
        (summary.entries, summary.head_seq, summary.head_hash),
        (entries.len() as u64, chain.head_seq, chain.head_hash)
    );
    let signer = CheckpointSigner::from_seed(&[7; 32]);
    let checkpoint = signer.sign_head(&chain, at(0));
    verify_with_checkpoints(&entries, &[checkpoint], &signer.verifier()).expect("and against its own checkpoint");
    if entries.is_empty() {
        return;
    }

    let (t, chain_may_hold) = tampered(&entries, input.tamper);
    if t == entries {
        return;
    }
    if !chain_may_hold {
        assert!(verify(&t).is_err(), "a tampered chain verified: {t:?}");
    }
    assert!(
        verify_with_checkpoints(&t, &[checkpoint], &signer.verifier()).is_err(),
        "a tampered chain verified against the checkpoint of the true head"
    );
});
