//! Opens the store a database URL names: the scheme picks the backend; an unknown scheme is an error.

use std::sync::{Arc, Mutex};

use anyhow::{Context, bail};
use lekhotla_domain::Geography;
use lekhotla_storage::Store;
use lekhotla_storage_postgres::PgStore;
use lekhotla_storage_sqlite::{OpenMode, SqliteStore};

/// Lesotho's geography, built into the binary (`data/geography/LS.csv`).
pub const DEFAULT_GEOGRAPHY: &str = include_str!("../../../data/geography/LS.csv");

/// Whether a missing embedded database file may be created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Create {
    /// Only `migrate` and `serve --demo` create a database.
    Allowed,
    Forbidden,
}

/// Which backend a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub fn backend_of(url: &str) -> anyhow::Result<Backend> {
    let scheme = url.split_once(':').map(|(s, _)| s).unwrap_or("");
    match scheme {
        "sqlite" => Ok(Backend::Sqlite),
        "postgres" | "postgresql" => Ok(Backend::Postgres),
        // Only the scheme is echoed: the rest of a URL may hold a password.
        _ => bail!(
            "unknown database URL scheme {scheme:?}: use sqlite://FILE (embedded) or \
             postgres://USER@HOST:PORT/DATABASE"
        ),
    }
}

/// The stores this process opened, closed in reverse order when its command ends ([`close_all`]): SQLite's
/// last connection then checkpoints the write-ahead log into the file and removes it, so a database left by
/// `migrate`, `demo-data` or `import` is one file that a plain copy takes whole. (Dropped at exit instead, the
/// pool's connections would be cut off with the runtime, leaving the `-wal` beside the file.)
static OPENED: Mutex<Vec<Arc<dyn Store>>> = Mutex::new(Vec::new());

fn opened(store: Arc<dyn Store>) -> Arc<dyn Store> {
    OPENED.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(store.clone());
    store
}

/// Closes every store this process opened, the last opened first (a SQLite reader pool before the writer,
/// whose connection can checkpoint). A close waits for the connections in use; a task still holding one
/// after `serve`'s grace (a report counting) gets ten seconds, then the process ends as before.
pub async fn close_all() {
    let stores = std::mem::take(&mut *OPENED.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
    let closing = async {
        for store in stores.into_iter().rev() {
            store.close().await;
        }
    };
    if tokio::time::timeout(std::time::Duration::from_secs(10), closing).await.is_err() {
        tracing::warn!("a connection was still in use after 10 s: the database was not closed cleanly");
    }
}

pub async fn open(url: &str, create: Create) -> anyhow::Result<Arc<dyn Store>> {
    Ok(opened(match backend_of(url)? {
        Backend::Sqlite => {
            let mode = match create {
                Create::Allowed => OpenMode::CreateIfMissing,
                Create::Forbidden => OpenMode::MustExist,
            };
            Arc::new(SqliteStore::open(url, mode).await?)
        }
        Backend::Postgres => Arc::new(PgStore::connect(url).await?),
    }))
}

/// Opens the store and its keyring (the master key file, see `crate::keys`), which the store uses to seal
/// and open protected fields: for every command that reads or writes people. With [`Create::Allowed`] a
/// missing master key file is created for a database that has no keys yet. Values a database migrated from
/// before migration 0008 holds in the clear, in columns sealed since, are sealed now.
pub async fn open_sealed(url: &str, create: Create) -> anyhow::Result<(Arc<dyn Store>, Arc<lekhotla_crypto::Keyring>)> {
    let store = open(url, create).await?;
    let keyring = Arc::new(crate::keys::open_keyring(&*store, create == Create::Allowed).await?);
    store.use_keyring(keyring.clone());
    store.seal_plaintext().await.context("sealing values written before they were sealed")?;
    Ok((store, keyring))
}

/// Opens a read replica (a PostgreSQL hot standby of the database) for reports and lists, reading sealed
/// fields with the primary's keyring. Nothing is migrated or written there.
pub async fn open_replica(url: &str, keyring: Arc<lekhotla_crypto::Keyring>) -> anyhow::Result<Arc<dyn Store>> {
    if backend_of(url)? != Backend::Postgres {
        bail!("a read replica is a PostgreSQL server: --read-replica-url takes postgres://USER@HOST:PORT/DB");
    }
    let replica = opened(Arc::new(PgStore::connect_replica(url).await.context("connecting to the read replica")?));
    replica.use_keyring(keyring);
    let schema = replica.schema_status().await.context("reading the read replica's migrations")?;
    if !schema.is_current() {
        // Replication may still be bringing the newest migrations over: readiness says so until it has.
        tracing::warn!(applied = ?schema.applied, known = schema.known, "the read replica's schema is behind");
    }
    Ok(replica)
}

/// Opens the SQLite database's pool of read-only connections for lists, searches and reports
/// ([`SqliteStore::open_reader`]), reading sealed fields with the store's keyring.
pub async fn open_readers(url: &str, keyring: Arc<lekhotla_crypto::Keyring>) -> anyhow::Result<Arc<dyn Store>> {
    let readers = opened(Arc::new(SqliteStore::open_reader(url).await?));
    readers.use_keyring(keyring);
    Ok(readers)
}

/// The loaded geography, or a clear error when the database was never initialised.
pub async fn geography(store: &dyn Store) -> anyhow::Result<Geography> {
    store
        .geography()
        .await
        .context("reading the geography")?
        .context("the database has no geography yet: run `lekhotla migrate` first")
}

/// The district codes of a geography, comma-separated, for error messages.
pub fn district_codes(geography: &Geography) -> String {
    geography.districts().map(|d| d.code.as_str()).collect::<Vec<_>>().join(", ")
}

/// Loads the built-in geography (or the given file) when none is loaded yet, or when a file is given.
pub async fn ensure_geography(store: &dyn Store, file: Option<&std::path::Path>) -> anyhow::Result<Geography> {
    let text = match file {
        Some(path) => std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?,
        None => {
            if let Some(g) = store.geography().await? {
                return Ok(g);
            }
            DEFAULT_GEOGRAPHY.to_owned()
        }
    };
    let geography = Geography::from_csv(&text).context("the geography file is not valid")?;
    let note =
        cli_entry(lekhotla_storage::Action::ReferenceLoad).record(format!("geography/{}", geography.country_code()));
    store.load_geography(&geography, note).await.context("loading the geography")?;
    Ok(geography)
}

/// An audit entry for something the command line does. The CLI acts with the rights of whoever
/// can read the database URL and the key file, so its entries name it `cli`, not a user.
pub fn cli_entry(action: lekhotla_storage::Action) -> lekhotla_storage::NewEntry {
    lekhotla_storage::NewEntry::new(time::OffsetDateTime::now_utc(), "cli", action)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scheme_picks_the_backend() {
        assert_eq!(backend_of("sqlite://lekhotla.db").unwrap(), Backend::Sqlite);
        assert_eq!(backend_of("postgres://u@h/db").unwrap(), Backend::Postgres);
        assert_eq!(backend_of("postgresql://u@h/db").unwrap(), Backend::Postgres);
        let err = backend_of("mysql://u@h/db").unwrap_err().to_string();
        assert!(err.contains("unknown database URL scheme \"mysql\""), "{err}");
        assert!(backend_of("lekhotla.db").is_err());
    }

    #[test]
    fn the_built_in_geography_is_valid() {
        let g = Geography::from_csv(DEFAULT_GEOGRAPHY).unwrap();
        assert_eq!(g.districts().count(), 10);
        assert_eq!(g.country_code().as_str(), "LS");
    }
}
