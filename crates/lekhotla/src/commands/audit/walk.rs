//! Walks the whole audit trail in batches, in constant memory: every link of the chain, and every signed head
//! (the stored checkpoints, and the heads published off the server) against the entry at its seq. Reports the
//! first break in chain order, and collects the trail's `audit.checkpoint` entries for the cross-check.

use anyhow::{Context, bail};
use lekhotla_audit::{
    Action, Chain, ChainHash, Checkpoint, CheckpointFailure, CheckpointProblem, CheckpointVerifier, verify_from,
};
use lekhotla_storage::{AuditEntry, AuditFilter, Store, UnreadableEntry};

use super::finding::{Finding, Origin};
use crate::progress;

/// Entries read per query.
const BATCH: u32 = 10_000;

/// What an intact trail looks like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intact {
    /// Entries checked.
    pub entries: u64,
    /// The last entry's seq and hash (seq 0 for an empty trail).
    pub head: Chain,
    /// The stored checkpoints, by seq (each checked).
    pub checkpoints: Vec<Checkpoint>,
    /// The trail's `audit.checkpoint` entries: their seq and record.
    pub checkpoint_entries: Vec<(u64, Option<String>)>,
}

impl Intact {
    /// The seq the newest stored checkpoint vouches for.
    pub fn newest_checkpoint(&self) -> Option<u64> {
        self.checkpoints.last().map(|c| c.seq)
    }
}

/// A signed head to compare with the chain.
#[derive(Debug, Clone, Copy)]
struct Expected {
    seq: u64,
    hash: ChainHash,
    origin: Origin,
}

/// Verifies the chain, its stored checkpoints and the `published` heads (line number, checkpoint). The outer
/// error is a failure to read (or no key to check the checkpoints that exist); the inner one is the first break.
///
/// Every stored checkpoint's signature is checked with `key` first (published heads were checked when read);
/// then, while the chain is walked, each head is compared with the entry at its seq; a head beyond the last
/// entry means the tail was cut off.
pub async fn walk(
    store: &dyn Store,
    key: Option<&CheckpointVerifier>,
    published: &[(usize, Checkpoint)],
) -> anyhow::Result<Result<Intact, Finding>> {
    walk_in_batches(store, key, published, BATCH).await
}

/// [`walk`], reading `batch` entries per query.
async fn walk_in_batches(
    store: &dyn Store,
    key: Option<&CheckpointVerifier>,
    published: &[(usize, Checkpoint)],
    batch: u32,
) -> anyhow::Result<Result<Intact, Finding>> {
    let mut checkpoints = store.checkpoints().await.context("reading the audit checkpoints")?;
    checkpoints.sort_by_key(|c| c.seq);
    if !checkpoints.is_empty() {
        let Some(key) = key else {
            bail!(
                "{} signed checkpoint(s) exist but there is no audit key to check them: pass --key PUBLIC_KEY_HEX \
                 or --against HEADS_FILE, or set {} to the audit key file",
                checkpoints.len(),
                crate::keys::AUDIT_KEY_FILE_ENV
            );
        };
        for checkpoint in &checkpoints {
            if let Err(failure) = key.verify(checkpoint) {
                return Ok(Err(Finding::Head { origin: Origin::Stored, failure }));
            }
        }
    }
    let stored = checkpoints.iter().map(|c| Expected { seq: c.seq, hash: c.head_hash, origin: Origin::Stored });
    let from_file =
        published.iter().map(|(line, c)| Expected { seq: c.seq, hash: c.head_hash, origin: Origin::Published(*line) });
    let mut expected: Vec<Expected> = stored.chain(from_file).collect();
    expected.sort_by_key(|e| (e.seq, e.origin == Origin::Stored));
    let mut pending = expected.iter().peekable();
    while let Some(head) = pending.next_if(|e| e.seq == 0) {
        if let Err(finding) = compare(head, &ChainHash::GENESIS) {
            return Ok(Err(finding));
        }
    }

    let newest = match store.search_audit(&AuditFilter::default(), 1, 0).await {
        Ok(found) => found.first().map_or(0, |e| e.seq),
        // The newest entry cannot be read: the walk comes to it and names it; the bar only needs a length.
        Err(e) => UnreadableEntry::in_error(&e)
            .map(|u| u64::try_from(u.seq).unwrap_or_default())
            .ok_or(e)
            .context("reading the audit trail")?,
    };
    let bar = ClearOnDrop(progress::bar(newest, "verifying the audit trail"));
    let mut chain = Chain::genesis();
    let mut entries = 0;
    let mut checkpoint_entries = Vec::new();
    let mut next = match read_after(store, chain.head_seq, batch).await? {
        Ok(read) => read,
        Err(finding) => return Ok(Err(finding)),
    };
    loop {
        let current = std::mem::take(&mut next);
        let Some(last) = current.last().map(|e| e.seq) else { break };
        // The chain of these entries is hashed on a thread of its own while the next are read (and decoded)
        // here: the two overlap. The read starts after their last entry, which is where the next ones begin
        // if these are intact; what was read is dropped if they are not.
        let hashing = tokio::task::spawn_blocking(move || {
            let result = verify_from(chain, &current);
            (current, result)
        });
        // Two batches are read at once, on two connections: the one after `last`, and the one after that if the
        // first is whole and contiguous (as an intact trail is), which is checked before it is used.
        let ahead = last + u64::from(batch);
        let (read, read_ahead, hashed) =
            tokio::join!(read_after(store, last, batch), store.audit_entries_after(ahead, batch), hashing);
        let (current, result) = hashed.context("the audit chain's hashing stopped")?;
        // Entries up to here are verified and contiguous from `chain.head_seq + 1`.
        let verified_to = match &result {
            Ok(summary) => summary.head_seq,
            Err(broken) => broken.seq.saturating_sub(1),
        };
        while let Some(head) = pending.next_if(|e| e.seq <= verified_to) {
            let entry = entry_at(&current, chain.head_seq, head.seq)?;
            if let Err(finding) = compare(head, &entry.hash) {
                return Ok(Err(finding));
            }
        }
        match result {
            Ok(summary) => {
                entries += summary.entries;
                let marks = current.iter().filter(|e| e.action == Action::Checkpoint);
                checkpoint_entries.extend(marks.map(|e| (e.seq, e.record.clone())));
                chain = Chain { head_seq: summary.head_seq, head_hash: summary.head_hash };
                bar.0.set_position(chain.head_seq);
            }
            Err(broken) => return Ok(Err(Finding::Chain(broken))),
        }
        next = match read? {
            Ok(read) => read,
            Err(finding) => return Ok(Err(finding)),
        };
        if next.len() == usize::try_from(batch)? && next.last().is_some_and(|e| e.seq == ahead) {
            // A batch ahead holding an entry that cannot be read is read again in its turn (`read_after`).
            match read_ahead {
                Ok(ahead) => next.extend(ahead),
                Err(e) if UnreadableEntry::in_error(&e).is_some() => {}
                Err(e) => return Err(e).context("reading the audit trail"),
            }
        }
    }
    drop(bar);
    if let Some(head) = pending.next() {
        let problem = CheckpointProblem::BeyondHead { head_seq: chain.head_seq };
        return Ok(Err(Finding::Head { origin: head.origin, failure: CheckpointFailure { seq: head.seq, problem } }));
    }
    Ok(Ok(Intact { entries, head: chain, checkpoints, checkpoint_entries }))
}

/// A progress bar that disappears however the walk ends.
struct ClearOnDrop(indicatif::ProgressBar);

impl Drop for ClearOnDrop {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}

/// The verified entry with `seq` in a batch that continues the chain after `after`.
fn entry_at(batch: &[AuditEntry], after: u64, seq: u64) -> anyhow::Result<&AuditEntry> {
    seq.checked_sub(after + 1)
        .and_then(|i| usize::try_from(i).ok())
        .and_then(|i| batch.get(i))
        .filter(|e| e.seq == seq)
        .with_context(|| format!("internal error: verified entry #{seq} not found in its batch"))
}

fn compare(head: &Expected, stored: &ChainHash) -> Result<(), Finding> {
    if head.hash == *stored {
        return Ok(());
    }
    let problem = CheckpointProblem::HashMismatch { signed: head.hash, stored: *stored };
    Err(Finding::Head { origin: head.origin, failure: CheckpointFailure { seq: head.seq, problem } })
}

/// At most `limit` entries after `after`. When one of them cannot be read as stored, the entries before it
/// (they are verified first, so that a break among them is found first), or, when it is the first, the finding
/// that names it. Any other failure to read is the error.
async fn read_after(store: &dyn Store, after: u64, limit: u32) -> anyhow::Result<Result<Vec<AuditEntry>, Finding>> {
    let unreadable = match store.audit_entries_after(after, limit).await {
        Ok(entries) => return Ok(Ok(entries)),
        Err(e) => match UnreadableEntry::in_error(&e) {
            Some(unreadable) => unreadable.clone(),
            None => return Err(e).context("reading the audit trail"),
        },
    };
    let before = u64::try_from(unreadable.seq).ok().and_then(|seq| seq.checked_sub(after + 1)).unwrap_or_default();
    if before == 0 {
        return Ok(Err(Finding::Unreadable(unreadable)));
    }
    let limit = u32::try_from(before).unwrap_or(limit).min(limit);
    match store.audit_entries_after(after, limit).await {
        Ok(entries) if !entries.is_empty() => Ok(Ok(entries)),
        Ok(_) => Ok(Err(Finding::Unreadable(unreadable))),
        Err(e) => match UnreadableEntry::in_error(&e) {
            Some(other) => Ok(Err(Finding::Unreadable(other.clone()))),
            None => Err(e).context("reading the audit trail"),
        },
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use lekhotla_audit::{Action, BreakKind, CheckpointSigner};
    use lekhotla_storage::{AuditTrail, NewEntry};
    use lekhotla_storage_sqlite::{OpenMode, SqliteStore};

    use super::*;

    /// A store with `n` audit entries (seq 1..=n, no geography or anything else).
    async fn trail(dir: &std::path::Path, n: u64) -> SqliteStore {
        let url = format!("sqlite://{}", dir.join("audit.db").display());
        let store = SqliteStore::open(&url, OpenMode::CreateIfMissing).await.unwrap();
        for i in 0..n {
            let entry =
                NewEntry::new(time::OffsetDateTime::now_utc(), "cli", Action::Import).record(format!("test/{i}"));
            store.append_audit(entry).await.unwrap();
        }
        store
    }

    async fn checkpoint_at(store: &SqliteStore, signer: &CheckpointSigner, seq: u64) {
        let entry = store.audit_entries_after(seq - 1, 1).await.unwrap().remove(0);
        store.save_checkpoint(&signer.sign(seq, entry.hash, time::OffsetDateTime::now_utc()), note(seq)).await.unwrap();
    }

    fn note(seq: u64) -> NewEntry {
        NewEntry::new(time::OffsetDateTime::now_utc(), "cli", Action::Checkpoint).record(format!("checkpoint/{seq}"))
    }

    async fn sql(store: &SqliteStore, statement: &str) {
        sqlx::raw_sql(sqlx::AssertSqlSafe(statement.to_owned())).execute(store.pool()).await.unwrap();
    }

    #[tokio::test]
    async fn an_intact_trail_across_batches_with_checkpoints() {
        let dir = tempfile::tempdir().unwrap();
        let store = trail(dir.path(), 10).await;
        let signer = CheckpointSigner::from_seed(&[7; 32]);
        assert!(walk_in_batches(&store, None, &[], 3).await.unwrap().is_ok(), "no checkpoints: no key needed");
        for seq in [3, 4, 10] {
            checkpoint_at(&store, &signer, seq).await;
        }
        let intact = walk_in_batches(&store, Some(&signer.verifier()), &[], 3).await.unwrap().unwrap();
        assert_eq!((intact.entries, intact.head.head_seq, intact.checkpoints.len()), (13, 13, 3));
        assert_eq!(intact.newest_checkpoint(), Some(10));
        let marks: Vec<_> = intact.checkpoint_entries.iter().map(|(_, r)| r.clone().unwrap()).collect();
        assert_eq!(marks, ["checkpoint/3", "checkpoint/4", "checkpoint/10"]);
        let err = walk_in_batches(&store, None, &[], 3).await.unwrap_err().to_string();
        assert!(err.contains("no audit key"), "{err}");
        let other = CheckpointSigner::from_seed(&[8; 32]).verifier();
        let broken = walk_in_batches(&store, Some(&other), &[], 3).await.unwrap().unwrap_err();
        assert!(matches!(
            broken,
            Finding::Head { failure: CheckpointFailure { problem: CheckpointProblem::BadSignature, .. }, .. }
        ));
    }

    #[tokio::test]
    async fn the_first_break_in_chain_order_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let store = trail(dir.path(), 10).await;
        let signer = CheckpointSigner::from_seed(&[7; 32]);
        checkpoint_at(&store, &signer, 8).await;
        sql(&store, "DROP TRIGGER audit_log_refuses_update").await;
        sql(&store, "UPDATE audit_log SET actor = 'someone else' WHERE seq = 9").await;
        let broken = walk_in_batches(&store, Some(&signer.verifier()), &[], 4).await.unwrap().unwrap_err();
        assert!(
            matches!(broken, Finding::Chain(ref b) if b.seq == 9 && matches!(b.kind, BreakKind::Changed { .. })),
            "{broken}"
        );

        // A checkpoint signed over a different hash at seq 5 comes first in the chain, in the same batch.
        store
            .save_checkpoint(&signer.sign(5, ChainHash([1; 32]), time::OffsetDateTime::now_utc()), note(5))
            .await
            .unwrap();
        let broken = walk_in_batches(&store, Some(&signer.verifier()), &[], 4).await.unwrap().unwrap_err();
        assert!(matches!(broken, Finding::Head { failure: CheckpointFailure { seq: 5, .. }, .. }), "{broken}");
    }

    #[tokio::test]
    async fn an_entry_that_cannot_be_read_is_named_after_the_entries_before_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = trail(dir.path(), 10).await;
        sql(&store, "DROP TRIGGER audit_log_refuses_update").await;
        // A run of fields with no field in it: no writer stores that, so the list does not read back.
        sql(&store, r#"UPDATE audit_log SET fields = '[["victim/1."]]' WHERE seq = 6"#).await;
        for batch in [1, 4, 5, 6, 100] {
            let found = walk_in_batches(&store, None, &[], batch).await.unwrap().unwrap_err();
            let Finding::Unreadable(ref entry) = found else { panic!("batch {batch}: {found}") };
            assert_eq!(entry.seq, 6, "batch {batch}: {found}");
            let said = found.to_string();
            assert!(said.contains("audit entry #6 cannot be read") && said.contains("victim/1."), "{said}");
        }

        // A break before it in the chain is the first finding, in the batch of the unreadable entry or before.
        sql(&store, "UPDATE audit_log SET actor = 'someone else' WHERE seq = 5").await;
        for batch in [1, 4, 5, 100] {
            let found = walk_in_batches(&store, None, &[], batch).await.unwrap().unwrap_err();
            assert!(matches!(found, Finding::Chain(ref b) if b.seq == 5), "batch {batch}: {found}");
        }

        // The newest entry unreadable: the walk still starts (it gives the progress bar its length) and names it.
        let dir = tempfile::tempdir().unwrap();
        let store = trail(dir.path(), 3).await;
        sql(&store, "DROP TRIGGER audit_log_refuses_update").await;
        sql(&store, "UPDATE audit_log SET hash = 'not a hash' WHERE seq = 3").await;
        let found = walk_in_batches(&store, None, &[], 2).await.unwrap().unwrap_err();
        assert!(matches!(found, Finding::Unreadable(ref e) if e.seq == 3), "{found}");
    }

    #[tokio::test]
    async fn a_cut_tail_is_caught_by_a_checkpoint() {
        let dir = tempfile::tempdir().unwrap();
        let store = trail(dir.path(), 10).await;
        let signer = CheckpointSigner::from_seed(&[7; 32]);
        checkpoint_at(&store, &signer, 9).await;
        sql(&store, "DROP TRIGGER audit_log_refuses_delete").await;
        sql(&store, "DELETE FROM audit_log WHERE seq >= 9").await;
        assert!(walk_in_batches(&store, None, &[], 4).await.is_err(), "a checkpoint exists: a key is needed");
        let broken = walk_in_batches(&store, Some(&signer.verifier()), &[], 4).await.unwrap().unwrap_err();
        let Finding::Head { failure, .. } = broken else { panic!("expected a checkpoint failure") };
        assert_eq!(failure.seq, 9);
        assert_eq!(failure.problem, CheckpointProblem::BeyondHead { head_seq: 8 });

        sql(&store, "DELETE FROM audit_log WHERE seq = 4").await;
        let broken = walk_in_batches(&store, Some(&signer.verifier()), &[], 4).await.unwrap().unwrap_err();
        assert!(
            matches!(broken, Finding::Chain(ref b) if b.seq == 4 && b.kind == BreakKind::Missing { found: 5 }),
            "{broken}"
        );
    }

    #[tokio::test]
    async fn published_heads_are_held_against_the_chain_and_named_by_line() {
        let dir = tempfile::tempdir().unwrap();
        let store = trail(dir.path(), 10).await;
        let signer = CheckpointSigner::from_seed(&[7; 32]);
        let at = time::OffsetDateTime::now_utc();
        let sixth = store.audit_entries_after(5, 1).await.unwrap().remove(0);
        let good = signer.sign(6, sixth.hash, at);
        let intact = walk_in_batches(&store, None, &[(3, good)], 4).await.unwrap().unwrap();
        assert_eq!(intact.head.head_seq, 10, "published heads need no stored checkpoint");

        let rewritten = signer.sign(7, ChainHash([2; 32]), at);
        let broken = walk_in_batches(&store, None, &[(3, good), (5, rewritten)], 4).await.unwrap().unwrap_err();
        assert!(matches!(
            broken,
            Finding::Head { origin: Origin::Published(5), failure: CheckpointFailure { seq: 7, .. } }
        ));
        assert!(broken.to_string().contains("line 5 of the heads file"), "{broken}");

        let beyond = signer.sign(12, ChainHash([2; 32]), at);
        let broken = walk_in_batches(&store, None, &[(9, beyond)], 4).await.unwrap().unwrap_err();
        let Finding::Head { origin: Origin::Published(9), failure } = broken else { panic!("{broken}") };
        assert_eq!(failure.problem, CheckpointProblem::BeyondHead { head_seq: 10 });
    }
}
