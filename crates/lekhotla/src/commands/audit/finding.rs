//! What `audit verify` can find wrong, each naming where: a chain break, an entry that cannot be read as stored,
//! a checkpoint or published head that does not hold, a checkpoint row and its trail entry that do not match, a
//! safeguard removed.

use std::fmt;

use lekhotla_audit::{ChainBreak, CheckpointFailure};
use lekhotla_storage::{ProtectionGap, UnreadableEntry};

/// Where a signed head came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The database's checkpoint table.
    Stored,
    /// Line `n` of the heads file given with `--against`.
    Published(usize),
}

/// One thing wrong with the trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// The chain itself is broken.
    Chain(ChainBreak),
    /// A stored entry does not read back as an entry (a value altered into another form, or damaged).
    Unreadable(UnreadableEntry),
    /// A signed head does not hold against the chain (or its signature does not verify).
    Head { origin: Origin, failure: CheckpointFailure },
    /// A published head is not among the database's checkpoints (or differs from the one stored).
    NotStored { line: usize, seq: u64, differs: bool },
    /// A published head was signed by another key (hex) than the one the trail is checked with.
    ForeignHead { line: usize, seq: u64, key: String },
    /// The audit key file holds another key than the one the published heads were signed with (both hex).
    KeyFileReplaced { file_key: String, trusted: String },
    /// An `audit.checkpoint` entry whose checkpoint is not in the checkpoint table.
    EntryWithoutCheckpoint { entry: u64, checkpoint: u64 },
    /// A checkpoint row without its `audit.checkpoint` entry in the trail.
    CheckpointWithoutEntry { checkpoint: u64 },
    /// An `audit.checkpoint` entry that does not name a checkpoint before it, or names one named already.
    StrayCheckpointEntry { entry: u64, record: String },
    /// A safeguard of the audit tables removed or altered.
    Safeguard(ProtectionGap),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Stored => f.write_str("stored checkpoint"),
            Origin::Published(line) => write!(f, "published head (line {line} of the heads file)"),
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Finding::Chain(broken) => write!(f, "{broken}"),
            Finding::Unreadable(entry) => write!(f, "{entry} (altered or damaged)"),
            Finding::Head { origin: Origin::Stored, failure } => write!(f, "{failure}"),
            Finding::Head { origin, failure } => {
                write!(f, "{origin} at seq {} failed: {}", failure.seq, failure.problem)
            }
            Finding::NotStored { line, seq, differs: false } => write!(
                f,
                "published head at seq {seq} (line {line} of the heads file) is missing from the database's \
                 checkpoints (deleted)"
            ),
            Finding::NotStored { line, seq, differs: true } => write!(
                f,
                "published head at seq {seq} (line {line} of the heads file) differs from the database's checkpoint \
                 at that seq (replaced)"
            ),
            Finding::ForeignHead { line, seq, key } => {
                write!(f, "published head at seq {seq} (line {line} of the heads file) is signed by another key, {key}")
            }
            Finding::KeyFileReplaced { file_key, trusted } => write!(
                f,
                "the audit key file holds the key {file_key}, not {trusted} that signed the published heads (the key \
                 file was replaced)"
            ),
            Finding::EntryWithoutCheckpoint { entry, checkpoint } => write!(
                f,
                "audit entry #{entry} records the checkpoint at seq {checkpoint}, which is not in the checkpoint \
                 table (deleted)"
            ),
            Finding::CheckpointWithoutEntry { checkpoint } => write!(
                f,
                "the checkpoint at seq {checkpoint} has no audit.checkpoint entry in the trail (the entry was removed)"
            ),
            Finding::StrayCheckpointEntry { entry, record } => write!(
                f,
                "audit entry #{entry} is an audit.checkpoint entry naming {record:?}, not a checkpoint before it \
                 named once"
            ),
            Finding::Safeguard(gap) => write!(f, "{gap}"),
        }
    }
}
