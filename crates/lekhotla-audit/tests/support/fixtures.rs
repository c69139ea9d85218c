//! Synthetic audit chains for the integration tests (no real people, records or users).
//! Each test file uses only some of these helpers.
#![allow(dead_code)]

use lekhotla_audit::{Action, AuditEntry, Chain, NewEntry};
use time::{Duration, OffsetDateTime, macros::datetime};

/// A fixed start time so every run builds the same chain.
pub fn base_time() -> OffsetDateTime {
    datetime!(2026-03-02 08:00:00.123456 UTC)
}

/// The `i`-th synthetic event (0-based), cycling through all kinds of action.
pub fn new_entry(i: u64) -> NewEntry {
    let action = Action::ALL[(i % Action::ALL.len() as u64) as usize];
    let at = base_time() + Duration::milliseconds(1_337 * i as i64);
    let entry = NewEntry::new(at, format!("user-{:03}", i % 17), action);
    match action {
        Action::LoginSuccess | Action::LoginFailure | Action::Logout | Action::Checkpoint => entry,
        Action::SealedRead | Action::BreakGlass | Action::Export => entry
            .record(format!("case/{:06}", i % 101))
            .fields(["victim.name", "victim.location"])
            .purpose(format!("synthetic purpose {i}")),
        _ => entry.record(format!("case/{:06}", i % 101)).fields([format!("field_{}", i % 5)]),
    }
}

/// A valid chain of `n` entries, seq 1..=n.
pub fn build_chain(n: u64) -> Vec<AuditEntry> {
    let mut chain = Chain::genesis();
    (0..n).map(|i| chain.append(new_entry(i))).collect()
}

/// Rewrites `entries` from index `from` on with recomputed hashes, as an attacker with database access but no
/// checkpoint key would: the result is again a valid chain.
pub fn rehash_from(entries: &mut [AuditEntry], from: usize) {
    let mut chain = if from == 0 { Chain::genesis() } else { Chain::after(&entries[from - 1]) };
    for entry in &mut entries[from..] {
        entry.prev_hash = chain.head_hash;
        entry.hash = entry.compute_hash();
        chain = Chain::after(entry);
    }
}
