//! Frozen reports as the stores keep them: a signed document (the report's figures at every level, its
//! definitions version and the data's state) that never changes, and the cases changed since, by number.

pub mod stored;

use lekhotla_domain::CaseNumber;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// One frozen report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrozenRecord {
    pub id: Uuid,
    /// `tip`.
    pub kind: String,
    /// `national`, `hub:LS-B` or a district's code.
    pub area: String,
    pub period_from: Date,
    pub period_to: Date,
    pub frozen_at: OffsetDateTime,
    pub frozen_by: String,
    pub definitions_version: i64,
    /// The signed JSON text, kept byte for byte.
    pub document: String,
    /// Ed25519 signature of the document (hex), and the public key that made it (hex).
    pub signature: String,
    pub public_key: String,
}

/// A case added or changed after a moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedCase {
    pub number: CaseNumber,
    /// Created after the moment (else only changed).
    pub added: bool,
}
