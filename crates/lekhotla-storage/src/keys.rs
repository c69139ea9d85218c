//! The keys of encryption at rest ([`KeyStore`]): the wrapped keys a store keeps, the keyring it seals
//! and opens person fields and notes with, and the re-encryption walk after a key rotation.
//!
//! Keys are stored only wrapped by the master key, which never enters the database.

pub mod notes;
pub mod sealing;
pub mod stored;
pub mod wrapped;

use std::sync::Arc;

use async_trait::async_trait;
use lekhotla_crypto::{Keyring, WrappedKey};
use lekhotla_domain::{CaseId, PersonId};

use crate::DbError;

/// What one [`KeyStore::reseal_batch`] call did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResealBatch {
    /// Rows examined (`persons`, the tables with notes, then `users`).
    pub scanned: u64,
    /// Sealed values rewritten under the current data key.
    pub resealed: u64,
    /// Where the next call starts (pass it as `after`): an opaque cursor `<table>/<id>` naming the
    /// last row scanned. `None` when the walk is done.
    pub last: Option<String>,
}

/// The keyring's wrapped keys, the keyring in use, and re-encryption under a rotated key.
///
/// Sealed values: the `persons` columns listed in [`sealing::SEALED_PERSON_COLUMNS`] and the free-text
/// notes listed in [`notes::SEALED_NOTES`] (the store seals and opens both itself), and `users.totp_secret_sealed` (sealed by the caller, at
/// `FieldRef::new("users", "totp_secret", <user id>)`).
#[async_trait]
pub trait KeyStore: Send + Sync {
    /// Every stored key, by id.
    async fn wrapped_keys(&self) -> Result<Vec<WrappedKey>, DbError>;
    /// Adds keys; an id that exists already is a [`DbError::Conflict`] and nothing is written.
    async fn add_wrapped_keys(&self, keys: &[WrappedKey]) -> Result<(), DbError>;

    /// The keyring person fields and notes are sealed and opened with from now on (replacing any before).
    /// Until one is set, writing or reading a case with persons or notes is [`DbError::Unavailable`].
    fn use_keyring(&self, keyring: Arc<Keyring>);

    /// Re-encrypts, under the keyring's current data key, the sealed values of at most `limit` rows
    /// after the cursor `after` (`None`: from the start), in one transaction. The walk goes through
    /// `persons`, the tables with sealed notes and `users`, each in key order ([`sealing::ResealPhase`]);
    /// call again with the returned
    /// [`ResealBatch::last`] until it is `None`. Values already under the current key are left as
    /// they are, so the walk is idempotent and can be resumed (or restarted) after an interruption.
    /// Re-encryption changes no value, so it bumps no version and appends no audit entry.
    ///
    /// A value that does not open where it is stored is an error naming table, column and record,
    /// and the batch writes nothing.
    async fn reseal_batch(&self, after: Option<String>, limit: u32) -> Result<ResealBatch, DbError>;

    /// Seals, under the keyring's current data key, every value of the columns sealed from migration 0008 on
    /// ([`notes::SEALED_SINCE_0008`]) that a database migrated from before still holds in the clear, in one
    /// transaction; returns how many. Idempotent: a sealed value (`v1.…`) is left as it is. Whoever opens a
    /// store with its keyring calls it once (`lekhotla`'s `db::open_sealed`), so no plaintext stays behind.
    /// It also fills the blind indexes of migration 0011 (phonetic key, birth date, phone) of persons
    /// written before it ([`sealing::UNINDEXED_PERSONS`]); those are not counted. Once it went through, the
    /// database records it ([`sealing::BACKFILLED`], migration 0027) and later calls return 0 without scanning.
    async fn seal_plaintext(&self) -> Result<u64, DbError>;

    /// How many sealed values (persons, notes and users) are not under the keyring's current data key,
    /// including any stored value that is not sealed at all. Zero means no row uses an older key.
    async fn count_sealed_under_other_keys(&self) -> Result<u64, DbError>;

    /// The persons (natural persons: victims, individual suspects, witnesses) whose first and second
    /// name, normalised, equal `name` normalised (case, accents and spacing do not matter; see
    /// [`lekhotla_crypto::normalise_for_index`]), found by their blind index, by case and position.
    async fn find_persons_by_name(&self, name: &str) -> Result<Vec<(CaseId, PersonId)>, DbError>;
}
