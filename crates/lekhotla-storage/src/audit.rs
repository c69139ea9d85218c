//! The audit trail as the stores keep it: the [`AuditTrail`] trait, its search filter, and the text
//! forms both backends store (hashes as hex, field lists as JSON with each record's run of fields kept once:
//! [`fields`]).
//!
//! Entries are appended only inside the transaction of the action they record (every writing store
//! method takes its [`NewEntry`]); the table refuses `UPDATE` and `DELETE` by trigger on both databases.

use async_trait::async_trait;
use lekhotla_audit::{Action, AuditEntry, ChainHash, Checkpoint, NewEntry};
use time::OffsetDateTime;

use crate::DbError;

mod fields;

pub use fields::{StoredFields, fields_from_text, fields_to_text};

/// Which entries an auditor wants; all given filters must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Entries of this actor (`user/<id>`, `cli`, ...).
    pub actor: Option<String>,
    /// Entries about this record (`case/<id>`, `user/<id>`, ...).
    pub record: Option<String>,
    pub action: Option<Action>,
    /// At or after this instant.
    pub from: Option<OffsetDateTime>,
    /// Before this instant.
    pub to: Option<OffsetDateTime>,
}

/// The append-only audit trail.
#[async_trait]
pub trait AuditTrail: Send + Sync {
    /// Appends one entry on its own (a refused sign-in, an export, a sealed read), in its own transaction.
    /// Concurrent calls share one transaction (a group commit, [`crate::GroupCommit`]); each returns once
    /// the transaction holding its entry committed.
    async fn append_audit(&self, entry: NewEntry) -> Result<AuditEntry, DbError>;
    /// Entries given to [`AuditTrail::append_audit`] and not yet answered (queued or being committed), for
    /// the metrics (`lekhotla_audit_queue_depth`).
    fn audit_queue_depth(&self) -> usize {
        0
    }
    /// Entries with seq greater than `after`, in seq order, at most `limit`: a verifier walks the whole
    /// trail with this.
    async fn audit_entries_after(&self, after: u64, limit: u32) -> Result<Vec<AuditEntry>, DbError>;
    /// Matching entries, newest first.
    async fn search_audit(&self, filter: &AuditFilter, limit: u32, offset: u64) -> Result<Vec<AuditEntry>, DbError>;
    /// Stores a signed checkpoint and appends `note`, the `audit.checkpoint` entry that records it (its record
    /// `checkpoint/<seq>`), in one transaction, so a checkpoint row never exists without its entry. A second
    /// checkpoint of the same seq is a `Conflict`.
    async fn save_checkpoint(&self, checkpoint: &Checkpoint, note: NewEntry) -> Result<AuditEntry, DbError>;
    /// Every stored checkpoint, by seq.
    async fn checkpoints(&self) -> Result<Vec<Checkpoint>, DbError>;
    /// The safeguards the migrations install around the audit tables (append-only triggers, and what they
    /// call) that are no longer there as installed: empty when all are in place.
    async fn audit_protection_gaps(&self) -> Result<Vec<ProtectionGap>, DbError>;
}

/// A safeguard of the audit tables that is not as the migrations installed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtectionGap {
    /// The trigger (or function, or setting) by its name in the database.
    pub name: String,
    /// What is wrong with it.
    pub problem: GapProblem,
}

/// How a safeguard differs from the one installed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GapProblem {
    /// It is not there (dropped).
    Missing,
    /// It is there but does something else (re-created with another body or on other events).
    Altered,
    /// It is there but does not fire (disabled, or triggers are bypassed for every session).
    Disabled,
}

impl std::fmt::Display for ProtectionGap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let problem = match self.problem {
            GapProblem::Missing => "is missing (dropped)",
            GapProblem::Altered => "was altered (it no longer refuses the change)",
            GapProblem::Disabled => "is disabled",
        };
        write!(f, "audit safeguard {} {problem}", self.name)
    }
}

/// Whitespace collapsed to single spaces, to compare SQL as a database keeps it with SQL as written.
pub fn collapse_whitespace(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A stored hash back: 64 hex digits (as the stores write them, lower case, read here without a library call for
/// each of the two hashes of every entry a verification reads; anything else the slow way, which names the fault).
pub fn hash_from_text(text: &str) -> Result<ChainHash, DbError> {
    fn digit(d: u8) -> Option<u8> {
        match d {
            b'0'..=b'9' => Some(d - b'0'),
            b'a'..=b'f' => Some(d - b'a' + 10),
            _ => None,
        }
    }
    let mut bytes = [0_u8; 32];
    let fast = text.len() == 64
        && text.as_bytes().chunks_exact(2).zip(&mut bytes).all(|(pair, byte)| {
            let (Some(high), Some(low)) = (digit(pair[0]), digit(pair[1])) else { return false };
            *byte = (high << 4) | low;
            true
        });
    if fast {
        return Ok(ChainHash(bytes));
    }
    ChainHash::from_hex(text).map_err(|e| DbError::Other(format!("audit hash: {e}").into()))
}

/// A stored action code back.
pub fn action_from_text(text: &str) -> Result<Action, DbError> {
    text.parse().map_err(|e: lekhotla_audit::UnknownAction| DbError::Other(e.to_string().into()))
}

/// A stored seq back (the databases keep it as a signed 64-bit integer).
pub fn seq_from_db(seq: i64) -> Result<u64, DbError> {
    u64::try_from(seq).map_err(|_| DbError::Other(format!("negative audit seq {seq}").into()))
}

/// A stored entry that does not read back as an entry (a value altered into another form behind the
/// table's safeguards, or damaged): its seq and why. The stores give it inside [`DbError::Other`], so that
/// `audit verify` can name the entry among its findings instead of stopping at a read error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("audit entry #{seq} cannot be read as stored: {reason}")]
pub struct UnreadableEntry {
    /// The seq as stored (it may be the value that is wrong).
    pub seq: i64,
    pub reason: String,
}

impl UnreadableEntry {
    /// `e`, met while reading the stored entry `seq`, as this error.
    pub fn of(seq: i64, e: &DbError) -> DbError {
        DbError::other(Self { seq, reason: e.to_string() })
    }

    /// The unreadable entry `e` reports, if that is what it is.
    pub fn in_error(e: &DbError) -> Option<&Self> {
        match e {
            DbError::Other(inner) => inner.downcast_ref(),
            _ => None,
        }
    }
}

/// A seq for the database.
pub fn seq_to_db(seq: u64) -> Result<i64, DbError> {
    i64::try_from(seq).map_err(|_| DbError::Other(format!("audit seq {seq} out of range").into()))
}

/// A checkpoint signature as stored: 128 hex digits.
pub fn signature_to_text(signature: &[u8; 64]) -> String {
    signature.iter().map(|b| format!("{b:02x}")).collect()
}

/// A stored checkpoint signature back.
pub fn signature_from_text(text: &str) -> Result<[u8; 64], DbError> {
    let bad = || DbError::Other(format!("checkpoint signature is not 128 hex digits: {text:?}").into());
    if text.len() != 128 || !text.is_ascii() {
        return Err(bad());
    }
    let mut out = [0u8; 64];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).map_err(|_| bad())?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn hashes_read_back_in_either_case_and_nothing_else_does() {
        let hash = ChainHash(core::array::from_fn(|i| u8::try_from(i * 7 % 256).unwrap()));
        assert_eq!(hash_from_text(&hash.to_hex()).unwrap(), hash);
        assert_eq!(hash_from_text(&hash.to_hex().to_uppercase()).unwrap(), hash);
        for wrong in ["", "0", &"g".repeat(64), &"0".repeat(63), &"0".repeat(66)] {
            assert!(hash_from_text(wrong).is_err(), "{wrong}");
        }
    }
}
