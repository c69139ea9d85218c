//! A large import's records, sealed two chunks ahead of the writing: while a chunk's rows are written, the next
//! two are sealed on blocking threads, so sealing (most of the CPU work) and writing use both cores and only
//! three chunks' sealed rows are held at once. The sealing thread also numbers the chunk's victims and puts its
//! statements together with their values bound (`ChildRows::ready`), so that SQLite's worker thread, the one
//! that cannot be shared, runs them back to back instead of waiting on the runtime's thread between them.

use std::collections::HashMap;
use std::sync::Arc;

use lekhotla_crypto::Keyring;
use lekhotla_domain::Case;
use lekhotla_storage::{DbError, ImportProgress};
use sqlx::SqliteConnection;
use tokio::task::JoinHandle;

use crate::cases::{ChildRows, ReadyRows, insert_ready};

/// Cases per chunk: large enough that a chunk's statements carry many rows (500 cases, about 750 persons: two
/// statements), small enough that sealing the first chunk (the one wait that nothing overlaps) is short. With
/// 2,000 the writer waited about 0.2 s of each 5,000-case batch of `demo-data` for its first chunk: at 100,000
/// cases 19.3-20.5 s against 18.1-18.3 s with 500, at a million 204.1 against 193.7 s (BENCHMARKS.md,
/// "Twenty-eighth pass").
pub const CHUNK: usize = 500;

/// How many chunks are being sealed while one is written.
const AHEAD: usize = 2;

/// Writes the records of `cases` on `conn` (inside the caller's transaction, after the cases' own rows), in
/// chunks, each sealed with `keyring` while the ones before it are written.
/// `numbers` are the victims' statistics keys (`victim_keys::by_victim`). Each chunk's cases are counted in
/// `progress` once written.
pub async fn write(
    conn: &mut SqliteConnection,
    cases: &[Case],
    (keyring, numbers): (Option<Arc<Keyring>>, Arc<HashMap<String, i64>>),
    progress: &ImportProgress,
) -> Result<(), DbError> {
    let mut chunks = cases.chunks(CHUNK);
    let mut sealing: std::collections::VecDeque<_> =
        chunks.by_ref().take(AHEAD).map(|c| (seal(c, keyring.clone(), numbers.clone()), c.len())).collect();
    while let Some((next, size)) = sealing.pop_front() {
        let ready = next.await.map_err(|_| DbError::Other("a sealing thread stopped".into()))??;
        if let Some(c) = chunks.next() {
            sealing.push_back((seal(c, keyring.clone(), numbers.clone()), c.len()));
        }
        insert_ready(conn, ready).await?;
        progress.written(size);
    }
    Ok(())
}

/// The statements of `chunk`'s rows, sealed and made ready on a blocking thread (the chunk is copied: the
/// thread outlives no borrow).
fn seal(
    chunk: &[Case],
    keyring: Option<Arc<Keyring>>,
    numbers: Arc<HashMap<String, i64>>,
) -> JoinHandle<Result<ReadyRows, DbError>> {
    let chunk = chunk.to_vec();
    tokio::task::spawn_blocking(move || {
        let mut rows = ChildRows::of(&chunk, keyring.as_deref())?;
        rows.number_victims(&numbers)?;
        rows.ready()
    })
}
