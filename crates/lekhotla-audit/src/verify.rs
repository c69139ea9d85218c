//! The streaming chain verifier: one pass, constant memory, first broken link reported.

use std::borrow::Borrow;

use crate::chain::Chain;
use crate::entry::AuditEntry;
use crate::error::{BreakKind, ChainBreak};
use crate::hash::ChainHash;

/// What a successful walk saw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VerifySummary {
    /// How many entries were checked in this walk.
    pub entries: u64,
    /// Seq of the last entry (the anchor's seq if there were none).
    pub head_seq: u64,
    /// Hash of the last entry: compare it with the newest signed checkpoint.
    pub head_hash: ChainHash,
}

/// Verifies a whole chain, from entry 1, given its entries in storage order (ascending seq).
///
/// For each entry, in this order: its content must hash to its stored `hash` ([`BreakKind::Changed`]), its seq
/// must be the next one ([`BreakKind::Missing`], [`BreakKind::Reordered`], [`BreakKind::Unexpected`]) and its
/// `prev_hash` must be the previous entry's hash ([`BreakKind::BrokenLink`]). It stops at the first failure.
///
/// Memory use does not grow with the chain (one entry of look-ahead, one reused buffer), so a million entries
/// can be streamed straight from a database cursor. Removing entries from the *end* leaves a valid, shorter
/// chain: only a signed checkpoint beyond the new end reveals it ([`verify_with_checkpoints`](crate::verify_with_checkpoints)).
pub fn verify<I>(entries: I) -> Result<VerifySummary, ChainBreak>
where
    I: IntoIterator,
    I::Item: Borrow<AuditEntry>,
{
    verify_from(Chain::genesis(), entries)
}

/// Verifies entries that continue from a trusted `anchor` (e.g. the head of a checked checkpoint), so a nightly
/// run need not re-read the whole history.
pub fn verify_from<I>(anchor: Chain, entries: I) -> Result<VerifySummary, ChainBreak>
where
    I: IntoIterator,
    I::Item: Borrow<AuditEntry>,
{
    walk(anchor, entries, |_| Ok::<(), ChainBreak>(()))
}

/// The walk behind [`verify_from`]; `on_entry` sees each entry once it is verified and may stop the walk.
pub(crate) fn walk<I, E>(
    anchor: Chain,
    entries: I,
    mut on_entry: impl FnMut(&AuditEntry) -> Result<(), E>,
) -> Result<VerifySummary, E>
where
    I: IntoIterator,
    I::Item: Borrow<AuditEntry>,
    E: From<ChainBreak>,
{
    let mut head = anchor;
    let mut count: u64 = 0;
    let mut buf = Vec::with_capacity(256);
    let mut iter = entries.into_iter().peekable();
    while let Some(item) = iter.next() {
        let entry: &AuditEntry = item.borrow();
        let expected = head.head_seq.saturating_add(1);
        let broken = |kind| ChainBreak { seq: expected, kind };

        let computed = entry.compute_hash_with(&mut buf);
        if computed != entry.hash {
            return Err(broken(BreakKind::Changed { found_seq: entry.seq, stored: entry.hash, computed }).into());
        }
        if entry.seq != expected {
            let found = entry.seq;
            let kind = if found < expected {
                BreakKind::Unexpected { found }
            } else if iter.peek().is_some_and(|next| Borrow::<AuditEntry>::borrow(next).seq == expected) {
                BreakKind::Reordered { found }
            } else {
                BreakKind::Missing { found }
            };
            return Err(broken(kind).into());
        }
        if entry.prev_hash != head.head_hash {
            return Err(
                broken(BreakKind::BrokenLink { expected_prev: head.head_hash, found_prev: entry.prev_hash }).into()
            );
        }
        head = Chain::after(entry);
        count += 1;
        on_entry(entry)?;
    }
    Ok(VerifySummary { entries: count, head_seq: head.head_seq, head_hash: head.head_hash })
}
