//! Suite: two writers at once. Run on a multi-thread runtime, so the tasks truly overlap.

use std::sync::Arc;

use lekhotla_storage::{DbError, Store};
use time::macros::date;

use crate::fixtures::{Orgs, draft, stored_full_case};

/// Two tasks load the same case and save different changes at once: exactly one wins, the other
/// gets a conflict, and the winner's change is what is stored (no lost update).
pub async fn concurrent_saves_lose_no_update(store: Arc<dyn Store>) {
    let (saved, _) = stored_full_case(store.as_ref()).await;
    for round in 0..5 {
        let base = store.get_case(saved.id).await.unwrap().unwrap();
        let barrier = Arc::new(tokio::sync::Barrier::new(2));
        let mut tasks = Vec::new();
        for writer in 0..2 {
            let (store, barrier, mut case) = (store.clone(), barrier.clone(), base.clone());
            tasks.push(tokio::spawn(async move {
                case.summary = Some(format!("round {round}, writer {writer}"));
                if writer == 1 {
                    case.comments.clear();
                }
                barrier.wait().await;
                let result = store.save_case(&case, crate::fixtures::note()).await;
                (case, result)
            }));
        }
        let mut wins = Vec::new();
        let mut conflicts = 0;
        for t in tasks {
            let (case, result) = t.await.unwrap();
            match result {
                Ok(stored) => {
                    assert_eq!(stored.version, base.version + 1);
                    assert_eq!(stored.summary, case.summary);
                    wins.push(stored);
                }
                Err(DbError::Conflict(_)) => conflicts += 1,
                Err(e) => panic!("expected a win or a conflict, got {e:?}"),
            }
        }
        assert_eq!((wins.len(), conflicts), (1, 1), "round {round}: exactly one writer wins");
        assert_eq!(store.get_case(saved.id).await.unwrap(), wins.pop());
    }
}

/// Many registrations at once get distinct, consecutive numbers.
pub async fn concurrent_creates_get_distinct_numbers(store: Arc<dyn Store>) {
    const N: u32 = 16;
    let orgs = Orgs::stored(store.as_ref()).await;
    let barrier = Arc::new(tokio::sync::Barrier::new(N as usize));
    let mut tasks = Vec::new();
    for _ in 0..N {
        let (store, barrier) = (store.clone(), barrier.clone());
        let d = draft(orgs.police.id, "LS-A", date!(2025 - 05 - 01));
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            store.create_case(d, crate::fixtures::note()).await
        }));
    }
    let mut sequences = Vec::new();
    for t in tasks {
        sequences.push(t.await.unwrap().unwrap().number.sequence());
    }
    sequences.sort_unstable();
    assert_eq!(sequences, (1..=N).collect::<Vec<_>>());
    assert_eq!(store.count_cases().await.unwrap(), u64::from(N));
}
