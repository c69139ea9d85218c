//! Shared helpers for the integration tests: a temporary master key and keyring.
#![allow(dead_code, clippy::unwrap_used)]

use lekhotla_crypto::{Keyring, MasterKey, WrappedKey};
use tempfile::TempDir;

#[derive(Debug)]
pub struct Fixture {
    pub dir: TempDir,
    pub master: MasterKey,
    pub keyring: Keyring,
    pub wrapped: Vec<WrappedKey>,
}

pub fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let (master, created) = MasterKey::load_or_create(&dir.path().join("master.key")).unwrap();
    assert!(created);
    let (keyring, wrapped) = Keyring::new_with_fresh_keys(&master).unwrap();
    Fixture { dir, master, keyring, wrapped }
}
