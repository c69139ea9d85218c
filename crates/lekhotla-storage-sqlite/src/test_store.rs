//! A store for this crate's tests: a new database file, a fresh keyring, Lesotho's geography.

#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::sync::Arc;

use lekhotla_crypto::{Keyring, MasterKey};
use lekhotla_domain::Geography;
use lekhotla_storage::{Action, KeyStore, NewEntry, Store};

use crate::{OpenMode, SqliteStore};

/// The audit entry of a test's write.
pub(crate) fn note() -> NewEntry {
    NewEntry::new(time::OffsetDateTime::now_utc(), "test", Action::Import)
}

/// A store of the new file `file` in `dir`, with a fresh keyring (its master key beside it) and the geography
/// loaded: the store, its URL and the geography.
pub(crate) async fn with_geography(dir: &Path, file: &str) -> (SqliteStore, String, Geography) {
    let url = format!("sqlite://{}", dir.join(file).display());
    let store = SqliteStore::open(&url, OpenMode::CreateIfMissing).await.unwrap();
    let (master, _) = MasterKey::load_or_create(&dir.join("master.key")).unwrap();
    let (keyring, _) = Keyring::new_with_fresh_keys(&master).unwrap();
    store.use_keyring(Arc::new(keyring));
    let geography = Geography::from_csv(include_str!("../../../data/geography/LS.csv")).unwrap();
    store.load_geography(&geography, note()).await.unwrap();
    (store, url, geography)
}
