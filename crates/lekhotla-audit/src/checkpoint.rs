//! A signed checkpoint: `(seq, head_hash, time)` and its Ed25519 signature, and the exact bytes signed.

use time::OffsetDateTime;

use crate::canonical::unix_micros;
use crate::hash::ChainHash;

/// Prefix of every signed checkpoint message, so the key's signatures cannot be replayed as anything else.
pub const CHECKPOINT_DOMAIN: &[u8] = b"lekhotla-audit-checkpoint\0";

/// Version byte of the signed message layout.
pub const CHECKPOINT_VERSION: u8 = 1;

/// A statement, signed with the audit key, that entry `seq` had hash `head_hash` at time `at`.
///
/// Copies kept off the server (mailed to the data-protection officer, printed in the weekly report) make a
/// rewrite of history detectable even by someone who controls the database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    /// The seq of the entry vouched for (0 = the empty chain).
    pub seq: u64,
    /// That entry's hash.
    pub head_hash: ChainHash,
    /// When the checkpoint was made (UTC, whole microseconds).
    pub at: OffsetDateTime,
    /// Ed25519 signature over [`Checkpoint::message`].
    pub signature: [u8; 64],
}

impl Checkpoint {
    /// The bytes signed: `"lekhotla-audit-checkpoint\0"` ‖ `0x01` ‖ seq (`u64` BE) ‖ head_hash (32 bytes) ‖
    /// at (`i64` BE, microseconds since the Unix epoch). 67 bytes; a storage format like the entry encoding.
    pub fn message_for(seq: u64, head_hash: &ChainHash, at: OffsetDateTime) -> Vec<u8> {
        let mut msg = Vec::with_capacity(CHECKPOINT_DOMAIN.len() + 1 + 8 + 32 + 8);
        msg.extend_from_slice(CHECKPOINT_DOMAIN);
        msg.push(CHECKPOINT_VERSION);
        msg.extend_from_slice(&seq.to_be_bytes());
        msg.extend_from_slice(head_hash.as_bytes());
        msg.extend_from_slice(&unix_micros(at).to_be_bytes());
        msg
    }

    /// The bytes this checkpoint's signature covers.
    pub fn message(&self) -> Vec<u8> {
        Checkpoint::message_for(self.seq, &self.head_hash, self.at)
    }

    /// The signature as lower-case hex (128 characters).
    pub fn signature_hex(&self) -> String {
        hex::encode(self.signature)
    }
}
