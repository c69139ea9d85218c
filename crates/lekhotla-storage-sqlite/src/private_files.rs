//! The database file, its WAL and its shared-memory file hold the registry (sealed fields aside): only
//! their owner reads them (0600), whatever the umask and whatever mode an older version created them with.

use std::path::Path;

/// The suffixes of the files SQLite keeps beside the database in WAL mode.
const COMPANIONS: [&str; 3] = ["", "-wal", "-shm"];

/// Makes the database at `path` and its companions that exist owner-only. A file whose mode cannot be
/// changed (not its owner) is left as it is, with a warning.
pub fn make_private(path: &str) {
    for suffix in COMPANIONS {
        let file = format!("{path}{suffix}");
        if Path::new(&file).exists() {
            restrict(&file);
        }
    }
}

/// Makes one file beside the database owner-only (the load lock's, `load_lock`).
pub fn make_private_file(file: &Path) {
    if let Some(file) = file.to_str() {
        restrict(file);
    }
}

#[cfg(unix)]
fn restrict(file: &str) {
    use std::os::unix::fs::PermissionsExt;
    let private = std::fs::Permissions::from_mode(0o600);
    let loose = std::fs::metadata(file).map(|m| m.permissions().mode() & 0o077 != 0).unwrap_or(true);
    if loose && let Err(e) = std::fs::set_permissions(file, private) {
        tracing::warn!(file, error = %e, "cannot make the database file readable by its owner only");
    }
}

#[cfg(not(unix))]
fn restrict(_file: &str) {}

#[cfg(all(test, unix))]
mod tests {
    #![allow(clippy::unwrap_used)]
    use std::os::unix::fs::PermissionsExt;

    use crate::{OpenMode, SqliteStore};

    fn mode(path: &std::path::Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[tokio::test]
    async fn the_database_its_wal_and_shm_are_its_owners_alone_new_or_old() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("private.db");
        let url = format!("sqlite://{}", db.display());
        let store = SqliteStore::open(&url, OpenMode::CreateIfMissing).await.unwrap();
        for suffix in ["", "-wal", "-shm"] {
            let file = dir.path().join(format!("private.db{suffix}"));
            assert_eq!(mode(&file), 0o600, "new {}", file.display());
        }
        store.pool().close().await;
        // A database an older version left readable by all.
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
        let store = SqliteStore::open(&url, OpenMode::MustExist).await.unwrap();
        for suffix in ["", "-wal", "-shm"] {
            let file = dir.path().join(format!("private.db{suffix}"));
            assert_eq!(mode(&file), 0o600, "reopened {}", file.display());
        }
        store.pool().close().await;
    }
}
