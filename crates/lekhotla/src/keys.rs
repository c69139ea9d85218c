//! The keys the binary reads from files: the master key that opens the keyring of sealed fields, and the
//! Ed25519 audit key that signs checkpoints (`keys/audit_key.rs`).

mod apart;
mod audit_key;

use std::path::{Path, PathBuf};

use anyhow::Context;
use lekhotla_crypto::{KeyError, Keyring, MASTER_KEY_FILE_ENV, MasterKey, WrappedKey};
use lekhotla_storage::{DbError, Store};

pub use apart::ensure_key_apart;
pub use audit_key::{
    AUDIT_KEY_FILE_ENV, LEGACY_AUDIT_KEY_FILE, audit_key_path, load_audit_signer, load_or_create_audit_signer,
};

/// The master key file used when `LEKHOTLA_MASTER_KEY_FILE` is not set: `lekhotla.key` in the current directory.
pub const DEFAULT_MASTER_KEY_FILE: &str = "lekhotla.key";

/// The master key file: `LEKHOTLA_MASTER_KEY_FILE`, or `lekhotla.key` in the current directory.
pub fn master_key_path() -> PathBuf {
    path_from_env(MASTER_KEY_FILE_ENV, DEFAULT_MASTER_KEY_FILE)
}

/// The file an environment variable names, or `default` when it is unset or empty.
fn path_from_env(var: &str, default: &str) -> PathBuf {
    std::env::var_os(var).filter(|v| !v.is_empty()).map_or_else(|| PathBuf::from(default), PathBuf::from)
}

/// Opens the keyring of sealed fields with the master key file ([`master_key_path`]).
///
/// With `create` (`migrate`, `serve --demo`) a missing key file is created (mode 0600) when the database holds no
/// keys yet; without it the file must exist. A database without keys gets a fresh data key and blind-index key,
/// wrapped by the master key. A master key that does not open the stored keys is a clear error naming the file.
pub async fn open_keyring(store: &dyn Store, create: bool) -> anyhow::Result<Keyring> {
    open_keyring_at(store, &master_key_path(), create).await
}

/// [`open_keyring`] with the key file given.
pub async fn open_keyring_at(store: &dyn Store, path: &Path, create: bool) -> anyhow::Result<Keyring> {
    let stored = store.wrapped_keys().await.context("reading the wrapped keys")?;
    // Once the database holds keys only the key file that wrapped them can open them: a new one is never made then.
    let master = if create && stored.is_empty() {
        let (master, created) = MasterKey::load_or_create(path).map_err(|e| key_file_error(e, path, false))?;
        if created {
            eprintln!(
                "created the master key file {} (mode 0600): back it up; without it sealed data cannot be read",
                path.display()
            );
        }
        master
    } else {
        MasterKey::load(path).map_err(|e| key_file_error(e, path, !stored.is_empty()))?
    };
    if !stored.is_empty() {
        return unwrap(&master, &stored, path);
    }
    let (keyring, wrapped) = Keyring::new_with_fresh_keys(&master).context("generating the data keys")?;
    match store.add_wrapped_keys(&wrapped).await {
        Ok(()) => Ok(keyring),
        // Another process stored its keys first: use those.
        Err(DbError::Conflict(_)) => {
            let stored = store.wrapped_keys().await.context("reading the wrapped keys")?;
            unwrap(&master, &stored, path)
        }
        Err(e) => Err(e).context("storing the wrapped data keys"),
    }
}

fn unwrap(master: &MasterKey, stored: &[WrappedKey], path: &Path) -> anyhow::Result<Keyring> {
    Keyring::unwrap(master, stored).map_err(|e| match e {
        KeyError::UnwrapFailed { .. } => anyhow::anyhow!(
            "the master key file {} does not open this database's keys (a different key file, or the stored keys \
             were altered): set {MASTER_KEY_FILE_ENV} to the key file created with this database",
            path.display()
        ),
        other => anyhow::Error::new(other).context("the database's wrapped keys cannot be used"),
    })
}

/// A key-file error with what to do about it; `keys_stored` when the database already holds keys.
fn key_file_error(e: KeyError, path: &Path, keys_stored: bool) -> anyhow::Error {
    match &e {
        KeyError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound && keys_stored => anyhow::anyhow!(
            "there is no master key file at {}, and this database's keys open only with the key file made with it: \
             restore that file from its backup, or set {MASTER_KEY_FILE_ENV} to it",
            path.display()
        ),
        KeyError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => anyhow::anyhow!(
            "there is no master key file at {}: run `lekhotla migrate` to create one, or set {MASTER_KEY_FILE_ENV} \
             to the key file of this database",
            path.display()
        ),
        _ => anyhow::Error::new(e),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use lekhotla_crypto::FieldRef;
    use lekhotla_storage::KeyStore;
    use lekhotla_storage_sqlite::{OpenMode, SqliteStore};

    use super::*;

    async fn store(dir: &Path) -> SqliteStore {
        let url = format!("sqlite://{}", dir.join("keys.db").display());
        SqliteStore::open(&url, OpenMode::CreateIfMissing).await.unwrap()
    }

    #[tokio::test]
    async fn the_first_open_creates_the_file_and_keys_and_later_opens_read_them() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(dir.path()).await;
        let path = dir.path().join("master.key");
        let err = open_keyring_at(&store, &path, false).await.unwrap_err().to_string();
        assert!(err.contains("no master key file") && err.contains("lekhotla migrate"), "{err}");

        let first = open_keyring_at(&store, &path, true).await.unwrap();
        assert!(path.exists());
        assert_eq!(store.wrapped_keys().await.unwrap().len(), 2);
        let at = FieldRef::new("users", "totp_secret", "synthetic");
        let sealed = first.seal(at, "synthetic value").unwrap();

        let again = open_keyring_at(&store, &path, false).await.unwrap();
        assert_eq!(again.open(at, &sealed).unwrap(), "synthetic value");
        assert_eq!(store.wrapped_keys().await.unwrap().len(), 2, "no second set of keys");
    }

    #[tokio::test]
    async fn a_wrong_or_missing_master_key_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(dir.path()).await;
        open_keyring_at(&store, &dir.path().join("right.key"), true).await.unwrap();

        let wrong = dir.path().join("wrong.key");
        MasterKey::load_or_create(&wrong).unwrap();
        let err = open_keyring_at(&store, &wrong, false).await.unwrap_err().to_string();
        assert!(err.contains("does not open this database's keys") && err.contains("wrong.key"), "{err}");

        // With keys stored, even `create` never makes a new (useless) master key.
        let missing = dir.path().join("missing.key");
        let err = open_keyring_at(&store, &missing, true).await.unwrap_err().to_string();
        assert!(err.contains("no master key file") && err.contains("backup"), "{err}");
        assert!(!missing.exists());
    }
}
