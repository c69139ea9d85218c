//! An audit entry as stored ([`AuditEntry`]) and as handed in by the application ([`NewEntry`]).

use time::OffsetDateTime;

use crate::action::Action;
use crate::canonical;
use crate::hash::ChainHash;

/// What the application reports: who did what to which record and fields, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewEntry {
    /// When it happened. [`Chain::append`](crate::Chain::append) converts it to UTC and truncates it to
    /// whole microseconds, the precision the hash covers.
    pub at: OffsetDateTime,
    /// Who: a user id or a service name, never a person's real name.
    pub actor: String,
    /// What was done.
    pub action: Action,
    /// Which record, as an opaque id (e.g. `case/0197…`); `None` for logins and the like.
    pub record: Option<String>,
    /// Which fields were written or revealed, in the order given (the order is hashed).
    pub fields: Vec<String>,
    /// The purpose the actor stated, if one was asked for (sealed reads, exports, break-glass).
    pub purpose: Option<String>,
}

impl NewEntry {
    /// An entry with no record, fields or purpose.
    pub fn new(at: OffsetDateTime, actor: impl Into<String>, action: Action) -> Self {
        NewEntry { at, actor: actor.into(), action, record: None, fields: Vec::new(), purpose: None }
    }

    /// Names the record acted on.
    pub fn record(mut self, record: impl Into<String>) -> Self {
        self.record = Some(record.into());
        self
    }

    /// Names the fields written or revealed.
    pub fn fields<S: Into<String>>(mut self, fields: impl IntoIterator<Item = S>) -> Self {
        self.fields = fields.into_iter().map(Into::into).collect();
        self
    }

    /// Records the stated purpose.
    pub fn purpose(mut self, purpose: impl Into<String>) -> Self {
        self.purpose = Some(purpose.into());
        self
    }
}

/// One link of the audit chain, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    /// Position in the chain, from 1, without gaps.
    pub seq: u64,
    /// When it happened, UTC, whole microseconds.
    pub at: OffsetDateTime,
    /// Who did it.
    pub actor: String,
    /// What was done.
    pub action: Action,
    /// Which record.
    pub record: Option<String>,
    /// Which fields.
    pub fields: Vec<String>,
    /// The stated purpose.
    pub purpose: Option<String>,
    /// The hash of entry `seq - 1` ([`ChainHash::GENESIS`] for entry 1).
    pub prev_hash: ChainHash,
    /// `SHA-256(prev_hash ‖ canonical_bytes(self))`.
    pub hash: ChainHash,
}

impl AuditEntry {
    /// Recomputes this entry's hash from its `prev_hash` and content (ignores the stored `hash`).
    pub fn compute_hash(&self) -> ChainHash {
        ChainHash::link(&self.prev_hash, &canonical::canonical_bytes(self))
    }

    /// Recomputes the hash using `buf` as scratch space, to avoid one allocation per entry in a long walk.
    pub fn compute_hash_with(&self, buf: &mut Vec<u8>) -> ChainHash {
        buf.clear();
        canonical::write_canonical(self, buf);
        ChainHash::link(&self.prev_hash, buf)
    }
}
