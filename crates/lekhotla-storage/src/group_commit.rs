//! Group commit of the audit entries appended on their own (a sealed read, an export): concurrent appends
//! share one transaction, and each caller is answered only after the transaction holding its entry committed.
//!
//! Every caller puts its entry in the queue, then waits for the writer's turn. Whoever gets the turn takes
//! the whole queue (its own entry and every entry that arrived while the last transaction committed), hands
//! it to the store's batch append in a task of its own (so a caller that goes away cannot cancel a commit
//! others wait on) and waits for its answer like everyone else. A caller that gets the turn and finds its
//! answer already there was carried by an earlier batch. So at fifty concurrent reads a commit carries the
//! entries of all who waited for it, instead of fifty commits queueing one behind another.

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use lekhotla_audit::{AuditEntry, NewEntry};
use tokio::sync::oneshot;

use crate::DbError;

/// The environment variable that holds every answer this long (milliseconds) after its batch committed: the
/// crash tests use it to kill the server between the commit and the answers. Unset in production.
pub const HOLD_ENV: &str = "LEKHOTLA_TEST_AUDIT_HOLD_MS";

type Answer = oneshot::Sender<Result<AuditEntry, DbError>>;

/// The queue of entries waiting for a commit, and the writer's turn.
pub struct GroupCommit {
    queue: Mutex<Vec<(NewEntry, Answer)>>,
    turn: Arc<tokio::sync::Mutex<()>>,
    waiting: Arc<AtomicUsize>,
    hold: Option<Duration>,
}

impl std::fmt::Debug for GroupCommit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GroupCommit").field("depth", &self.depth()).field("hold", &self.hold).finish_non_exhaustive()
    }
}

impl Default for GroupCommit {
    fn default() -> Self {
        Self::new()
    }
}

impl GroupCommit {
    pub fn new() -> Self {
        let hold = std::env::var(HOLD_ENV).ok().and_then(|v| v.parse().ok()).map(Duration::from_millis);
        Self { queue: Mutex::new(Vec::new()), turn: Arc::default(), waiting: Arc::default(), hold }
    }

    /// Entries appended and not yet answered: queued, or in a transaction not yet committed.
    pub fn depth(&self) -> usize {
        self.waiting.load(Ordering::Relaxed)
    }

    /// Appends `entry` in the next batch; `commit` appends a batch in order, in one transaction, and gives the
    /// entries as chained (one per entry, in the same order). Returns once that transaction committed.
    pub async fn append<F, Fut>(&self, entry: NewEntry, commit: F) -> Result<AuditEntry, DbError>
    where
        F: FnOnce(Vec<NewEntry>) -> Fut,
        Fut: Future<Output = Result<Vec<AuditEntry>, DbError>> + Send + 'static,
    {
        let (answer, mut answered) = oneshot::channel();
        self.waiting.fetch_add(1, Ordering::Relaxed);
        self.lock_queue().push((entry, answer));
        let turn = Arc::clone(&self.turn).lock_owned().await;
        // An entry an earlier batch carried may be answered by now; if not, it is no longer in the queue (the
        // batch below is then empty) and its answer follows.
        if let Ok(result) = answered.try_recv() {
            return result;
        }
        let batch = std::mem::take(&mut *self.lock_queue());
        if batch.is_empty() {
            // A batch still being answered carried this entry; its answer is on the way.
            drop(turn);
            return answered.await.unwrap_or_else(|_| Err(DbError::Unavailable("the audit writer stopped".into())));
        }
        let (entries, answers): (Vec<NewEntry>, Vec<Answer>) = batch.into_iter().unzip();
        let expected = entries.len();
        let writing = commit(entries);
        let waiting = Arc::clone(&self.waiting);
        let hold = self.hold;
        tokio::spawn(async move {
            let result = writing.await;
            // The next batch may begin as soon as this one is committed.
            drop(turn);
            if let (Some(hold), Ok(_)) = (hold, &result) {
                tokio::time::sleep(hold).await;
            }
            waiting.fetch_sub(answers.len(), Ordering::Relaxed);
            match result {
                Ok(written) if written.len() == expected => {
                    for (answer, entry) in answers.into_iter().zip(written) {
                        let _ = answer.send(Ok(entry));
                    }
                }
                Ok(_) => {
                    for answer in answers {
                        let _ = answer.send(Err(DbError::Unavailable("the audit batch was not written whole".into())));
                    }
                }
                Err(e) => {
                    let e = Arc::new(e);
                    for answer in answers {
                        let _ = answer.send(Err(share(&e)));
                    }
                }
            }
        });
        answered.await.unwrap_or_else(|_| Err(DbError::Unavailable("the audit writer stopped".into())))
    }

    fn lock_queue(&self) -> std::sync::MutexGuard<'_, Vec<(NewEntry, Answer)>> {
        // A panic while the lock is held cannot leave the queue half-changed (push and take are whole).
        self.queue.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// One failed batch's error, given to each of its callers.
pub(crate) fn share(e: &Arc<DbError>) -> DbError {
    match &**e {
        DbError::NotFound(what) => DbError::NotFound(what),
        DbError::Conflict(m) => DbError::Conflict(m.clone()),
        DbError::Reference { field, reason } => DbError::Reference { field: field.clone(), reason: reason.clone() },
        DbError::Unavailable(m) => DbError::Unavailable(m.clone()),
        DbError::Other(_) => DbError::Other(Box::new(Shared(Arc::clone(e)))),
    }
}

#[derive(Debug)]
struct Shared(Arc<DbError>);

impl std::fmt::Display for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Shared {}

#[cfg(test)]
mod tests {
    use super::*;
    use lekhotla_audit::{Action, Chain};
    use std::sync::atomic::AtomicU32;

    fn entry(n: u32) -> NewEntry {
        NewEntry::new(time::OffsetDateTime::UNIX_EPOCH, format!("user/{n}"), Action::SealedRead)
    }

    /// A chain kept in memory, counting its transactions.
    #[derive(Clone, Default)]
    struct Memory {
        chain: Arc<Mutex<(Chain, Vec<AuditEntry>)>>,
        commits: Arc<AtomicU32>,
    }

    impl Memory {
        fn commit(&self, batch: Vec<NewEntry>) -> impl Future<Output = Result<Vec<AuditEntry>, DbError>> + use<> {
            let me = self.clone();
            async move {
                tokio::time::sleep(Duration::from_millis(5)).await;
                me.commits.fetch_add(1, Ordering::SeqCst);
                let mut guard = me.chain.lock().unwrap();
                let (chain, all) = &mut *guard;
                let written: Vec<AuditEntry> = batch.into_iter().map(|e| chain.append(e)).collect();
                all.extend(written.iter().cloned());
                Ok(written)
            }
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_appends_share_commits_and_each_gets_its_own_entry() {
        let group = Arc::new(GroupCommit::new());
        let memory = Memory { chain: Arc::new(Mutex::new((Chain::genesis(), Vec::new()))), ..Memory::default() };
        let calls: Vec<_> = (0..200)
            .map(|n| {
                let (group, memory) = (Arc::clone(&group), memory.clone());
                tokio::spawn(async move { group.append(entry(n), |b| memory.commit(b)).await })
            })
            .collect();
        let mut seqs = Vec::new();
        for (n, call) in calls.into_iter().enumerate() {
            let written = call.await.unwrap().unwrap();
            assert_eq!(written.actor, format!("user/{n}"), "each caller is answered with its own entry");
            seqs.push(written.seq);
        }
        seqs.sort_unstable();
        assert_eq!(seqs, (1..=200).collect::<Vec<u64>>(), "every entry once, in one unbroken chain");
        let commits = memory.commits.load(Ordering::SeqCst);
        assert!(commits < 100, "200 concurrent appends took {commits} commits");
        assert_eq!(group.depth(), 0);
    }

    #[tokio::test]
    async fn a_failed_batch_fails_each_of_its_callers_and_the_next_batch_goes_on() {
        let group = GroupCommit::new();
        let failed = group
            .append(entry(1), |_| async { Err::<Vec<AuditEntry>, _>(DbError::Unavailable("disk full".into())) })
            .await;
        assert!(matches!(failed, Err(DbError::Unavailable(m)) if m == "disk full"));
        let mut chain = Chain::genesis();
        let written =
            group.append(entry(2), move |b| async move { Ok(b.into_iter().map(|e| chain.append(e)).collect()) });
        assert_eq!(written.await.unwrap().seq, 1);
        assert_eq!(group.depth(), 0);
    }

    #[tokio::test]
    async fn a_caller_that_goes_away_does_not_cancel_the_commit() {
        let group = Arc::new(GroupCommit::new());
        let memory = Memory { chain: Arc::new(Mutex::new((Chain::genesis(), Vec::new()))), ..Memory::default() };
        let first = {
            let (group, memory) = (Arc::clone(&group), memory.clone());
            tokio::spawn(async move { group.append(entry(1), |b| memory.commit(b)).await })
        };
        tokio::task::yield_now().await;
        first.abort();
        let second = group.append(entry(2), |b| memory.commit(b)).await.unwrap();
        assert_eq!(second.actor, "user/2");
        let all = memory.chain.lock().unwrap().1.iter().map(|e| e.actor.clone()).collect::<Vec<_>>();
        assert!(all.contains(&"user/2".to_owned()));
        let _ = AtomicU32::new(0);
    }
}
