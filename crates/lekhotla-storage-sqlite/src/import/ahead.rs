//! A large import's records, sealed one chunk ahead of the writing: while a chunk's rows are written, the next
//! chunk is sealed on a blocking thread, so sealing (most of the CPU work) and writing use both cores and only
//! two chunks' sealed rows are held at once.

use std::collections::HashMap;
use std::sync::Arc;

use lekhotla_crypto::Keyring;
use lekhotla_domain::Case;
use lekhotla_storage::DbError;
use sqlx::SqliteConnection;
use tokio::task::JoinHandle;

use crate::cases::{ChildRows, insert_children};

/// Cases per chunk: large enough that a chunk's statements carry many rows, small enough that sealing the
/// first chunk (the one wait that nothing overlaps) is short.
pub const CHUNK: usize = 2_000;

/// Writes the records of `cases` on `conn` (inside the caller's transaction, after the cases' own rows), in
/// chunks, each sealed with `keyring` while the one before it is written.
/// `numbers` are the victims' statistics keys (`victim_keys::by_victim`).
pub async fn write(
    conn: &mut SqliteConnection,
    cases: &[Case],
    keyring: Option<Arc<Keyring>>,
    numbers: &HashMap<String, i64>,
) -> Result<(), DbError> {
    let mut chunks = cases.chunks(CHUNK);
    let mut next = chunks.next().map(|c| seal(c, keyring.clone()));
    while let Some(sealing) = next.take() {
        let mut rows = sealing.await.map_err(|_| DbError::Other("a sealing thread stopped".into()))??;
        next = chunks.next().map(|c| seal(c, keyring.clone()));
        rows.number_victims(numbers)?;
        insert_children(conn, rows).await?;
    }
    Ok(())
}

/// The rows of `chunk`, sealed on a blocking thread (the chunk is copied: the thread outlives no borrow).
fn seal(chunk: &[Case], keyring: Option<Arc<Keyring>>) -> JoinHandle<Result<ChildRows, DbError>> {
    let chunk = chunk.to_vec();
    tokio::task::spawn_blocking(move || ChildRows::of(&chunk, keyring.as_deref()))
}
