//! Everything `audit verify` checks, beyond the walk: the safeguards of the audit tables, the published heads
//! against the database's checkpoints, and the trail's `audit.checkpoint` entries against the checkpoint rows.

use std::collections::BTreeMap;

use anyhow::Context;
use lekhotla_audit::{Checkpoint, CheckpointVerifier, PublishedHead};
use lekhotla_storage::Store;

use super::finding::Finding;
use super::walk::{Intact, walk};

/// Checks the whole trail: the safeguards, each published head (signed by `key`, present and identical among
/// the stored checkpoints), the chain with every signed head, then each checkpoint row against its entry.
/// Returns the intact trail, or every finding (the walk stops at its first break).
pub async fn check(
    store: &dyn Store,
    key: Option<&CheckpointVerifier>,
    published: &[(usize, PublishedHead)],
) -> anyhow::Result<Result<Intact, Vec<Finding>>> {
    let gaps = store.audit_protection_gaps().await.context("reading the audit tables' safeguards")?;
    let mut findings: Vec<Finding> = gaps.into_iter().map(Finding::Safeguard).collect();
    let stored = store.checkpoints().await.context("reading the audit checkpoints")?;
    findings.extend(published_against_stored(published, &stored, key));
    let heads: Vec<(usize, Checkpoint)> = published.iter().map(|(line, head)| (*line, head.checkpoint)).collect();
    let intact = match walk(store, key, &heads).await? {
        Ok(intact) => {
            findings.extend(cross_check(&intact));
            Some(intact)
        }
        Err(finding) => {
            findings.push(finding);
            None
        }
    };
    Ok(match intact {
        Some(intact) if findings.is_empty() => Ok(intact),
        _ => Err(findings),
    })
}

/// Each published head must be signed by `key` and stored, identical, among the database's checkpoints.
fn published_against_stored(
    published: &[(usize, PublishedHead)],
    stored: &[Checkpoint],
    key: Option<&CheckpointVerifier>,
) -> Vec<Finding> {
    let by_seq: BTreeMap<u64, &Checkpoint> = stored.iter().map(|c| (c.seq, c)).collect();
    let mut findings = Vec::new();
    for (line, head) in published {
        let (line, seq) = (*line, head.checkpoint.seq);
        if key.is_some_and(|key| *key != head.key) {
            findings.push(Finding::ForeignHead { line, seq, key: head.key.to_hex() });
        }
        match by_seq.get(&seq) {
            None => findings.push(Finding::NotStored { line, seq, differs: false }),
            Some(stored) if **stored != head.checkpoint => {
                findings.push(Finding::NotStored { line, seq, differs: true })
            }
            Some(_) => {}
        }
    }
    findings
}

/// Every checkpoint row has exactly one `audit.checkpoint` entry naming it (`checkpoint/<seq>`) after its seq,
/// and every such entry names a stored checkpoint.
fn cross_check(intact: &Intact) -> Vec<Finding> {
    let mut named: BTreeMap<u64, u64> = BTreeMap::new();
    let mut findings = Vec::new();
    for (entry, record) in &intact.checkpoint_entries {
        let seq = record.as_deref().and_then(|r| r.strip_prefix("checkpoint/")).and_then(|s| s.parse::<u64>().ok());
        match seq {
            Some(seq) if seq < *entry && !named.contains_key(&seq) => {
                named.insert(seq, *entry);
            }
            _ => findings
                .push(Finding::StrayCheckpointEntry { entry: *entry, record: record.clone().unwrap_or_default() }),
        }
    }
    for (seq, entry) in &named {
        if !intact.checkpoints.iter().any(|c| c.seq == *seq) {
            findings.push(Finding::EntryWithoutCheckpoint { entry: *entry, checkpoint: *seq });
        }
    }
    for checkpoint in &intact.checkpoints {
        if !named.contains_key(&checkpoint.seq) {
            findings.push(Finding::CheckpointWithoutEntry { checkpoint: checkpoint.seq });
        }
    }
    findings
}
