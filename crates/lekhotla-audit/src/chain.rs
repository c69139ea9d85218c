//! The head of the chain and appending to it.

use time::UtcOffset;

use crate::entry::{AuditEntry, NewEntry};
use crate::hash::ChainHash;

/// The head of an audit chain: the last entry's seq and hash (`0` and [`ChainHash::GENESIS`] when empty).
///
/// A store loads it from its last row (inside the writing transaction), appends, and inserts the result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chain {
    /// Seq of the last entry; 0 for an empty chain.
    pub head_seq: u64,
    /// Hash of the last entry; [`ChainHash::GENESIS`] for an empty chain.
    pub head_hash: ChainHash,
}

impl Chain {
    /// An empty chain.
    pub const fn genesis() -> Self {
        Chain { head_seq: 0, head_hash: ChainHash::GENESIS }
    }

    /// A chain whose last entry is `entry` (e.g. the last stored row).
    pub const fn after(entry: &AuditEntry) -> Self {
        Chain { head_seq: entry.seq, head_hash: entry.hash }
    }

    /// Turns `new` into the next entry and moves the head to it.
    ///
    /// The time is converted to UTC and truncated to whole microseconds, the precision the hash covers.
    pub fn append(&mut self, new: NewEntry) -> AuditEntry {
        let NewEntry { at, actor, action, record, fields, purpose } = new;
        let at = at.to_offset(UtcOffset::UTC);
        let at = at.replace_nanosecond(at.nanosecond() / 1_000 * 1_000).unwrap_or(at);
        let mut entry = AuditEntry {
            seq: self.head_seq.saturating_add(1),
            at,
            actor,
            action,
            record,
            fields,
            purpose,
            prev_hash: self.head_hash,
            hash: ChainHash::GENESIS,
        };
        entry.hash = entry.compute_hash();
        *self = Chain::after(&entry);
        entry
    }
}

impl Default for Chain {
    fn default() -> Self {
        Chain::genesis()
    }
}
