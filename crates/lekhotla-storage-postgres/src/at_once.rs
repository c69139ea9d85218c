//! Independent pieces of upkeep (a table to vacuum, an index to build) run a few at a time, each on a pooled
//! connection of its own, inside the span of the work that started them (`lekhotla_storage::upkeep`).

use std::collections::VecDeque;
use std::future::Future;
use std::sync::{Arc, Mutex};

use lekhotla_storage::DbError;

/// Runs `work` on every item, `workers` at a time, the items taken in their order; the sum of what each gave.
/// The first failure is returned once the others have stopped; items not yet taken are left.
pub(crate) async fn each<T, F, Fut>(items: Vec<T>, workers: usize, work: F) -> Result<u64, DbError>
where
    T: Send + 'static,
    F: Fn(T) -> Fut + Clone + Send + 'static,
    Fut: Future<Output = Result<u64, DbError>> + Send,
{
    let stopped = || DbError::Other("a piece of upkeep stopped".into());
    let queue = Arc::new(Mutex::new(VecDeque::from(items)));
    let mut running = tokio::task::JoinSet::new();
    for _ in 0..workers.max(1) {
        let (queue, work) = (queue.clone(), work.clone());
        running.spawn(lekhotla_storage::upkeep::carried(async move {
            let mut done = 0;
            loop {
                let next = queue.lock().map_err(|_| stopped())?.pop_front();
                let Some(item) = next else { return Ok::<_, DbError>(done) };
                match work(item).await {
                    Ok(n) => done += n,
                    Err(e) => {
                        // The other workers take nothing more.
                        queue.lock().map_err(|_| stopped())?.clear();
                        return Err(e);
                    }
                }
            }
        }));
    }
    let (mut total, mut failed) = (0, None);
    while let Some(done) = running.join_next().await {
        match done.map_err(|_| stopped()).and_then(|r| r) {
            Ok(n) => total += n,
            Err(e) => failed = failed.or(Some(e)),
        }
    }
    failed.map_or(Ok(total), Err)
}

/// How many at once: the cores of this machine (the database's, as a rule, after a load run beside it), at most
/// `most`.
pub(crate) fn cores(most: usize) -> usize {
    std::thread::available_parallelism().map_or(1, usize::from).clamp(1, most.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn every_item_is_worked_once_and_a_failure_stops_the_rest() {
        let all = each((1..=50u64).collect(), 3, |n| async move { Ok(n) }).await.unwrap();
        assert_eq!(all, (1..=50).sum::<u64>());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        let failed = each((1..=50u64).collect(), 1, move |n| {
            let log = log.clone();
            async move {
                log.lock().unwrap().push(n);
                if n == 3 { Err(DbError::Other("no".into())) } else { Ok(1) }
            }
        })
        .await;
        assert!(matches!(failed, Err(DbError::Other(m)) if m.to_string() == "no"));
        assert_eq!(*seen.lock().unwrap(), [1, 2, 3], "nothing is taken after a failure");
        assert_eq!(cores(1), 1);
        assert!(cores(4) >= 1 && cores(4) <= 4);
    }
}
