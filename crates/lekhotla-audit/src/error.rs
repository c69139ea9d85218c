//! What can go wrong: a broken chain, a failed checkpoint, bad hex, a bad key.

use std::fmt;

use crate::hash::ChainHash;

/// The first place where the stored entries stop forming a valid chain.
///
/// Everything before [`seq`](ChainBreak::seq) was verified; the entry expected at `seq` is missing, altered or
/// not the one that belongs there.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("audit chain broken at seq {seq}: {kind}")]
pub struct ChainBreak {
    /// The seq the verifier expected next when it stopped (entries before it are intact).
    pub seq: u64,
    /// What was found there.
    pub kind: BreakKind,
}

/// How the chain broke.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BreakKind {
    /// The entry's content no longer matches its stored hash: a field (or its seq, time, prev_hash) was
    /// edited after it was written. `found_seq` is the seq the entry now claims.
    Changed {
        /// The seq stored in the altered entry.
        found_seq: u64,
        /// The hash stored with the entry.
        stored: ChainHash,
        /// The hash its current content gives.
        computed: ChainHash,
    },
    /// Entry `seq` is absent: the next entry in storage is `found` (a deletion, or several).
    Missing {
        /// The seq of the entry found instead.
        found: u64,
    },
    /// Entries are out of order: `found` came where `seq` was expected, and `seq` follows it.
    Reordered {
        /// The seq of the entry found instead.
        found: u64,
    },
    /// An entry whose seq was already passed (a duplicate or inserted entry, or seq 0).
    Unexpected {
        /// The seq the entry claims.
        found: u64,
    },
    /// The entry is internally consistent but does not link to its predecessor: its `prev_hash` is not the
    /// previous entry's hash (a forged or inserted entry, or a predecessor rewritten with a recomputed hash).
    BrokenLink {
        /// The previous entry's hash.
        expected_prev: ChainHash,
        /// The `prev_hash` stored in this entry.
        found_prev: ChainHash,
    },
}

impl fmt::Display for BreakKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BreakKind::Changed { found_seq, stored, computed } => write!(
                f,
                "entry (claiming seq {found_seq}) was changed: stored hash {stored}, content hashes to {computed}"
            ),
            BreakKind::Missing { found } => write!(f, "entry missing; the next stored entry is seq {found}"),
            BreakKind::Reordered { found } => write!(f, "entries out of order; seq {found} stored before it"),
            BreakKind::Unexpected { found } => {
                write!(f, "unexpected entry claiming seq {found} (duplicate or inserted)")
            }
            BreakKind::BrokenLink { expected_prev, found_prev } => write!(
                f,
                "entry does not link to its predecessor: prev_hash {found_prev}, predecessor hash {expected_prev}"
            ),
        }
    }
}

/// A checkpoint that does not hold.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("audit checkpoint at seq {seq} failed: {problem}")]
pub struct CheckpointFailure {
    /// The checkpoint's seq.
    pub seq: u64,
    /// Why it failed.
    pub problem: CheckpointProblem,
}

/// Why a checkpoint failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CheckpointProblem {
    /// The signature is not valid for this key and content (forged or altered checkpoint, or another key).
    BadSignature,
    /// The entry at the checkpoint's seq has a different hash than the one signed: history was rewritten.
    HashMismatch {
        /// The signed hash.
        signed: ChainHash,
        /// The hash stored at that seq now.
        stored: ChainHash,
    },
    /// The chain ends before the checkpoint's seq: entries were removed from the tail.
    BeyondHead {
        /// The last seq present.
        head_seq: u64,
    },
}

impl fmt::Display for CheckpointProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CheckpointProblem::BadSignature => f.write_str("signature does not verify"),
            CheckpointProblem::HashMismatch { signed, stored } => {
                write!(f, "signed hash {signed} but the chain has {stored}")
            }
            CheckpointProblem::BeyondHead { head_seq } => {
                write!(f, "the chain ends at seq {head_seq}, before the checkpoint (tail truncated)")
            }
        }
    }
}

/// The result of checking a chain together with its checkpoints.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// The chain itself is broken.
    #[error(transparent)]
    Chain(#[from] ChainBreak),
    /// The chain is intact but disagrees with a signed checkpoint (or a checkpoint is invalid).
    #[error(transparent)]
    Checkpoint(#[from] CheckpointFailure),
}

/// Text that is not the expected number of hex-encoded bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("expected {expected_bytes} bytes as hex")]
pub struct HexError {
    /// How many bytes were expected.
    pub expected_bytes: usize,
}

/// A key that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// The operating system's random source failed.
    #[error("no randomness available to generate a key: {0}")]
    Random(String),
    /// The bytes are not a valid Ed25519 public key.
    #[error("not a valid Ed25519 public key")]
    InvalidPublicKey,
    /// The text is not hex of the right length.
    #[error(transparent)]
    Hex(#[from] HexError),
}
