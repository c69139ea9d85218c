//! Streams a million-entry chain through the verifier (ignored by default; run with `--release -- --ignored`).
//!
//! No timing assert: the throughput target belongs in BENCHMARKS.md. The entries are generated lazily and never
//! held together, so this also shows the verifier needs no memory proportional to the chain.
#![allow(clippy::unwrap_used)]

#[path = "support/fixtures.rs"]
mod fixtures;

use fixtures::new_entry;
use lekhotla_audit::{BreakKind, Chain, verify};

const MILLION: u64 = 1_000_000;

#[test]
#[ignore = "large: run with `cargo test --release -p lekhotla-audit --test million -- --ignored`"]
fn a_million_entries_stream_through_the_verifier() {
    let mut chain = Chain::genesis();
    let started = std::time::Instant::now();
    let summary = verify((0..MILLION).map(|i| chain.append(new_entry(i)))).unwrap();
    assert_eq!((summary.entries, summary.head_seq), (MILLION, MILLION));
    eprintln!("built and verified {MILLION} entries in {:?}", started.elapsed());

    let mut chain = Chain::genesis();
    let tampered = (0..MILLION).map(|i| {
        let mut entry = chain.append(new_entry(i));
        if entry.seq == 765_432 {
            entry.actor.push('!');
        }
        entry
    });
    let err = verify(tampered).unwrap_err();
    assert_eq!(err.seq, 765_432);
    assert!(matches!(err.kind, BreakKind::Changed { .. }));
}
