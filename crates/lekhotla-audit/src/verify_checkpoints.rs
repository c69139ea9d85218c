//! Verifying the chain together with signed checkpoints, which also catches a truncated tail.

use std::borrow::Borrow;

use crate::chain::Chain;
use crate::checkpoint::Checkpoint;
use crate::entry::AuditEntry;
use crate::error::{CheckpointFailure, CheckpointProblem, VerifyError};
use crate::hash::ChainHash;
use crate::signer::CheckpointVerifier;
use crate::verify::{VerifySummary, walk};

/// Verifies the whole chain (as [`verify`](crate::verify())) and every checkpoint against it.
///
/// First every checkpoint's signature is checked with `key`. Then, in one streaming pass, each checkpoint is
/// compared with the entry at its seq, which must carry exactly the signed hash; a checkpoint beyond the last
/// entry means the tail was cut off ([`CheckpointProblem::BeyondHead`]). Failures are reported in seq order:
/// whichever of a chain break or a checkpoint mismatch comes first in the chain.
pub fn verify_with_checkpoints<I>(
    entries: I,
    checkpoints: &[Checkpoint],
    key: &CheckpointVerifier,
) -> Result<VerifySummary, VerifyError>
where
    I: IntoIterator,
    I::Item: Borrow<AuditEntry>,
{
    for checkpoint in checkpoints {
        key.verify(checkpoint)?;
    }
    let mut pending: Vec<&Checkpoint> = checkpoints.iter().collect();
    pending.sort_by_key(|checkpoint| checkpoint.seq);
    let mut next = 0;
    while let Some(checkpoint) = pending.get(next).filter(|checkpoint| checkpoint.seq == 0) {
        compare(checkpoint, &ChainHash::GENESIS)?;
        next += 1;
    }

    let summary = walk(Chain::genesis(), entries, |entry| {
        while let Some(checkpoint) = pending.get(next).filter(|checkpoint| checkpoint.seq <= entry.seq) {
            compare(checkpoint, &entry.hash)?;
            next += 1;
        }
        Ok::<(), VerifyError>(())
    })?;

    match pending.get(next) {
        Some(checkpoint) => Err(CheckpointFailure {
            seq: checkpoint.seq,
            problem: CheckpointProblem::BeyondHead { head_seq: summary.head_seq },
        }
        .into()),
        None => Ok(summary),
    }
}

fn compare(checkpoint: &Checkpoint, stored: &ChainHash) -> Result<(), CheckpointFailure> {
    if checkpoint.head_hash == *stored {
        Ok(())
    } else {
        Err(CheckpointFailure {
            seq: checkpoint.seq,
            problem: CheckpointProblem::HashMismatch { signed: checkpoint.head_hash, stored: *stored },
        })
    }
}
