//! Write transactions wait their turn in the process, not in SQLite: one `BEGIN IMMEDIATE` at a time per
//! database file.
//!
//! SQLite has one writer. A connection that finds the write lock taken sleeps in SQLite's busy handler
//! (1, 2, 5, 10, ... up to 100 ms at a time) and retries, so under a busy mix a write waited for sleeps long
//! after the lock was free, and a burst of writers took turns in no order. Here the writers of this process
//! queue on one fair async lock per file and each starts the moment the one before it ends; the busy
//! timeout is left for other processes (the command line beside a server).

use std::collections::HashMap;
use std::ops::{Deref, DerefMut};
use std::path::PathBuf;
use std::sync::{Arc, LazyLock, Mutex, PoisonError, Weak};

use lekhotla_storage::DbError;
use sqlx::{Sqlite, SqliteConnection, SqlitePool, Transaction};
use tokio::sync::OwnedMutexGuard;

use crate::errors;

/// Opens every write transaction: takes the database's write lock at once (waiting up to the busy timeout).
pub(crate) const BEGIN_WRITE: &str = "BEGIN IMMEDIATE";

/// The turn of each database file open in this process.
static GATES: LazyLock<Mutex<HashMap<PathBuf, Weak<tokio::sync::Mutex<()>>>>> = LazyLock::new(Mutex::default);

/// A write transaction holding its database's turn until it commits or is dropped (rolled back).
pub struct WriteTx {
    tx: Transaction<'static, Sqlite>,
    _turn: OwnedMutexGuard<()>,
}

impl std::fmt::Debug for WriteTx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WriteTx").finish_non_exhaustive()
    }
}

impl WriteTx {
    /// Commits, then gives the turn to the next writer.
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

impl Deref for WriteTx {
    type Target = SqliteConnection;
    fn deref(&self) -> &SqliteConnection {
        &self.tx
    }
}

impl DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        &mut self.tx
    }
}

/// Begins a write transaction on `pool` once this process's earlier writers to the same file are done.
pub async fn begin(pool: &SqlitePool) -> Result<WriteTx, DbError> {
    let turn = turn(pool).await;
    let tx = pool.begin_with(BEGIN_WRITE).await.map_err(errors::map)?;
    Ok(WriteTx { tx, _turn: turn })
}

/// The turn of the file `pool` opens, for a writer on a connection of its own (a bulk import, `ANALYZE`):
/// held until its write is committed.
pub async fn turn(pool: &SqlitePool) -> OwnedMutexGuard<()> {
    turn_of(pool).lock_owned().await
}

fn turn_of(pool: &SqlitePool) -> Arc<tokio::sync::Mutex<()>> {
    let file = pool.connect_options().get_filename().to_path_buf();
    let mut gates = GATES.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(turn) = gates.get(&file).and_then(Weak::upgrade) {
        return turn;
    }
    // The files no pool holds any more (tests open many) go with the new one's entry.
    gates.retain(|_, turn| turn.strong_count() > 0);
    let turn = Arc::new(tokio::sync::Mutex::new(()));
    gates.insert(file, Arc::downgrade(&turn));
    turn
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};

    use super::*;

    /// Twenty writers at once on a database that never waits for its lock (busy timeout 0): each gets its
    /// turn here, none is refused as `database is locked`, and their writes land one after another.
    #[tokio::test]
    async fn writers_take_turns_instead_of_being_refused() {
        let dir = tempfile::tempdir().unwrap();
        let options = SqliteConnectOptions::new()
            .filename(dir.path().join("gate.db"))
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .busy_timeout(Duration::ZERO);
        let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await.unwrap();
        sqlx::query("CREATE TABLE t (n INTEGER NOT NULL)").execute(&pool).await.unwrap();
        let writers = (0..20).map(|n| {
            let pool = pool.clone();
            tokio::spawn(async move {
                let mut tx = begin(&pool).await?;
                sqlx::query("INSERT INTO t (n) VALUES (?)").bind(n).execute(&mut *tx).await.map_err(errors::map)?;
                // Held a while, so that without the turns the others would find the lock taken.
                tokio::time::sleep(Duration::from_millis(5)).await;
                tx.commit().await.map_err(errors::map)
            })
        });
        for writer in writers.collect::<Vec<_>>() {
            writer.await.unwrap().unwrap();
        }
        let count: i64 = sqlx::query_scalar("SELECT count(*) FROM t").fetch_one(&pool).await.unwrap();
        assert_eq!(count, 20);
        // The turn of a file no writer holds is let go.
        assert!(GATES.lock().unwrap().get(&dir.path().join("gate.db")).is_none_or(|t| t.strong_count() == 0));
    }

    /// A transaction dropped without a commit rolls back and passes the turn on.
    #[tokio::test]
    async fn a_dropped_writer_passes_the_turn_on() {
        let dir = tempfile::tempdir().unwrap();
        let options = SqliteConnectOptions::new().filename(dir.path().join("drop.db")).create_if_missing(true);
        let pool = SqlitePoolOptions::new().max_connections(2).connect_with(options).await.unwrap();
        sqlx::query("CREATE TABLE t (n INTEGER NOT NULL)").execute(&pool).await.unwrap();
        let mut first = begin(&pool).await.unwrap();
        sqlx::query("INSERT INTO t (n) VALUES (1)").execute(&mut *first).await.unwrap();
        drop(first);
        let second =
            tokio::time::timeout(Duration::from_secs(5), begin(&pool)).await.expect("the turn was not passed on");
        second.unwrap().commit().await.unwrap();
        let count: i64 = sqlx::query_scalar("SELECT count(*) FROM t").fetch_one(&pool).await.unwrap();
        assert_eq!(count, 0);
    }
}
