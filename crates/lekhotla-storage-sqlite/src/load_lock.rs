//! The lock a bulk load holds, from setting the case tables' indexes aside until it has built them again, on a
//! file beside the database (`<file>-load`): another process that opens the database meanwhile (a server, a
//! report from the command line) leaves the indexes to the load instead of building them under it, which made
//! the rest of the load keep every index row by row (a 100,000-case `demo-data` 28 → 51 s).
//!
//! An `flock` of its own file, not a lock on the database: SQLite's locks are POSIX record locks, which a process
//! loses for every descriptor of the file when it closes any one of them. The kernel lets go of the lock when
//! the loading process ends, however it ends, so a load that died leaves its indexes to the next open. The file
//! stays (like SQLite's `-shm`); removing it would let two processes lock two different files of one name.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

use lekhotla_storage::DbError;

/// The load lock of one database file, held (or not) by this store.
#[derive(Debug)]
pub(crate) struct LoadLock {
    path: PathBuf,
    /// The lock file while this store holds the lock; its descriptor is the lock.
    held: Mutex<Option<File>>,
}

impl LoadLock {
    /// The lock of the database at `database` (not taken).
    pub(crate) fn of(database: &str) -> Self {
        Self { path: PathBuf::from(format!("{database}-load")), held: Mutex::new(None) }
    }

    /// Whether this store holds the lock (it set indexes aside and has not built them yet).
    pub(crate) fn held_here(&self) -> bool {
        self.held.lock().unwrap_or_else(PoisonError::into_inner).is_some()
    }

    /// Takes the lock for this store unless another store (of this process or another) holds it: whether this
    /// store holds it now.
    pub(crate) fn take(&self) -> Result<bool, DbError> {
        let mut held = self.held.lock().unwrap_or_else(PoisonError::into_inner);
        if held.is_some() {
            return Ok(true);
        }
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&self.path)
            .map_err(|e| self.unavailable(&e))?;
        crate::private_files::make_private_file(&self.path);
        match file.try_lock() {
            Ok(()) => {
                *held = Some(file);
                Ok(true)
            }
            Err(TryLockError::WouldBlock) => Ok(false),
            Err(TryLockError::Error(e)) => Err(self.unavailable(&e)),
        }
    }

    /// Lets go of the lock, if this store holds it.
    pub(crate) fn release(&self) {
        // Closing the descriptor unlocks.
        drop(self.held.lock().unwrap_or_else(PoisonError::into_inner).take());
    }

    fn unavailable(&self, e: &std::io::Error) -> DbError {
        DbError::Unavailable(format!("the load lock {} cannot be taken: {e}", self.path.display()))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::LoadLock;

    /// Two stores of one file (as two processes) never hold the lock at once; letting go gives it to the other.
    #[test]
    fn one_holder_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("x.db").display().to_string();
        let (a, b) = (LoadLock::of(&db), LoadLock::of(&db));
        assert!(a.take().unwrap());
        assert!(a.take().unwrap(), "taking it again keeps it");
        assert!(a.held_here());
        assert!(!b.take().unwrap());
        assert!(!b.held_here());
        a.release();
        assert!(!a.held_here());
        assert!(b.take().unwrap());
        assert!(!a.take().unwrap());
        drop(b);
        assert!(a.take().unwrap(), "a store that goes away lets go");
    }
}
