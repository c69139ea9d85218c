//! A bulk load's commit copied from the write-ahead log into the database file beside the next writer, not by it.
//!
//! SQLite copies the log into the file (a checkpoint) at the end of the commit that grew it past a thousand
//! pages, on the committing connection: for each of `demo-data`'s 5,000-case batches its writer stopped for about
//! 0.23 s, a fifth of the batch, while the other core had little to do (BENCHMARKS.md, twenty-sixth pass). An
//! import's connection leaves it (`PRAGMA wal_autocheckpoint = 0`, `import::BULK_PRAGMAS`) and, once committed,
//! hands it to [`behind`], which runs it on a pooled connection while the next batch's statements run. The log
//! still goes back to its beginning: the next batch writes its pages only at its own commit (its page cache holds
//! them until then), by which time the copy has finished, and SQLite starts a log whose every page is in the file
//! over from its first page.

use std::sync::atomic::{AtomicBool, Ordering};

use lekhotla_storage::DbError;
use sqlx::SqlitePool;

use crate::errors;

/// Whether a checkpoint handed to [`behind`] is under way in this process: one at a time (a second would find
/// the first's lock and do nothing); the next commit's copies what this one's left.
static UNDER_WAY: AtomicBool = AtomicBool::new(false);

/// Copies what the log holds into the file on a task of its own ([`now`]); a failure is only logged, since the
/// commit is in the log and the next checkpoint (any connection's, or the next open's) copies it.
pub fn behind(pool: &SqlitePool) {
    if UNDER_WAY.swap(true, Ordering::AcqRel) {
        return;
    }
    let pool = pool.clone();
    tokio::spawn(async move {
        if let Err(e) = now(&pool).await {
            tracing::debug!(reason = %e, "a load's commit is left in the write-ahead log for the next checkpoint");
        }
        UNDER_WAY.store(false, Ordering::Release);
    });
}

/// Copies what the log holds into the file without waiting for a reader or a writer (`PASSIVE`: what a reader
/// still uses stays in the log), as upkeep (its slow-statement warning kept off the terminal: it takes seconds
/// after a large import).
pub async fn now(pool: &SqlitePool) -> Result<(), DbError> {
    let copy = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)").execute(pool);
    lekhotla_storage::upkeep::run("copying a load's commit into the database file", copy).await.map_err(errors::map)?;
    Ok(())
}
