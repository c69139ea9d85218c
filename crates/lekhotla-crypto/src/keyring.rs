//! The unwrapped keys in memory: the current data key, older data keys still in use, and the blind-index key.

use std::collections::BTreeMap;
use std::fmt;

use crate::error::KeyError;
use crate::key_id::{KeyId, KeyPurpose};
use crate::master_key::MasterKey;
use crate::secret::SecretKey;
use crate::wrapped_key::{self, WrappedKey};

/// Data keys by id (the highest id is current) plus one blind-index key. `Debug` shows ids only.
pub struct Keyring {
    pub(crate) data: BTreeMap<KeyId, SecretKey>,
    pub(crate) current: KeyId,
    pub(crate) blind_index_id: KeyId,
    pub(crate) blind_index: SecretKey,
}

impl Keyring {
    /// A new keyring with a fresh data key (id 1) and blind-index key (id 2), plus their wrapped forms
    /// for the store to persist.
    ///
    /// # Errors
    /// The random number generator failed.
    pub fn new_with_fresh_keys(master: &MasterKey) -> Result<(Self, Vec<WrappedKey>), KeyError> {
        let (data_id, blind_id) = (KeyId(1), KeyId(2));
        let data_key = SecretKey::random().map_err(|_| KeyError::Random)?;
        let blind_key = SecretKey::random().map_err(|_| KeyError::Random)?;
        let wrapped = vec![
            wrapped_key::wrap(master, data_id, KeyPurpose::Data, &data_key)?,
            wrapped_key::wrap(master, blind_id, KeyPurpose::BlindIndex, &blind_key)?,
        ];
        let keyring = Self {
            data: BTreeMap::from([(data_id, data_key)]),
            current: data_id,
            blind_index_id: blind_id,
            blind_index: blind_key,
        };
        Ok((keyring, wrapped))
    }

    /// Unwraps stored keys. The data key with the highest id becomes current.
    ///
    /// # Errors
    /// A key does not unwrap under `master` (wrong master key or altered row), ids repeat, there is no
    /// data key, or there is not exactly one blind-index key.
    pub fn unwrap(master: &MasterKey, keys: &[WrappedKey]) -> Result<Self, KeyError> {
        let mut data = BTreeMap::new();
        let mut blind = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for stored in keys {
            if !seen.insert(stored.id) {
                return Err(KeyError::DuplicateKeyId { id: stored.id });
            }
            let key = wrapped_key::unwrap(master, stored)?;
            match stored.purpose {
                KeyPurpose::Data => {
                    data.insert(stored.id, key);
                }
                KeyPurpose::BlindIndex => blind.push((stored.id, key)),
            }
        }
        let current = *data.keys().next_back().ok_or(KeyError::NoDataKey)?;
        let found = blind.len();
        let (blind_index_id, blind_index) = match blind.pop() {
            Some(only) if found == 1 => only,
            _ => return Err(KeyError::BlindIndexKeyCount { found }),
        };
        Ok(Self { data, current, blind_index_id, blind_index })
    }

    /// Adds a fresh data key with the next free id and makes it current. Older data keys stay so existing
    /// values still open; re-seal them (see [`Keyring::reseal`]) and then [`Keyring::retire`] the old key.
    /// Returns the wrapped new key for the store to persist.
    ///
    /// # Errors
    /// The random number generator failed, or ids are exhausted.
    pub fn rotate(&mut self, master: &MasterKey) -> Result<WrappedKey, KeyError> {
        let highest = self.data.keys().next_back().copied().unwrap_or(self.current).max(self.blind_index_id);
        let id = KeyId(highest.0.checked_add(1).ok_or(KeyError::KeyIdsExhausted)?);
        let key = SecretKey::random().map_err(|_| KeyError::Random)?;
        let wrapped = wrapped_key::wrap(master, id, KeyPurpose::Data, &key)?;
        self.data.insert(id, key);
        self.current = id;
        Ok(wrapped)
    }

    /// Drops an old data key from memory (the store should delete its row once no value uses it).
    ///
    /// # Errors
    /// The key is current or not in the keyring.
    pub fn retire(&mut self, id: KeyId) -> Result<(), KeyError> {
        if id == self.current {
            return Err(KeyError::RetireCurrent { id });
        }
        self.data.remove(&id).map(drop).ok_or(KeyError::UnknownKey { id })
    }

    /// The id of the data key new values are sealed with.
    #[must_use]
    pub fn current(&self) -> KeyId {
        self.current
    }

    /// Ids of all data keys held, oldest first.
    #[must_use]
    pub fn data_key_ids(&self) -> Vec<KeyId> {
        self.data.keys().copied().collect()
    }

    /// Id of the blind-index key.
    #[must_use]
    pub fn blind_index_key_id(&self) -> KeyId {
        self.blind_index_id
    }
}

impl fmt::Debug for Keyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keyring")
            .field("current", &self.current)
            .field("data_keys", &self.data.keys().collect::<Vec<_>>())
            .field("blind_index_key", &self.blind_index_id)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn debug_shows_no_key_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let (master, _) = MasterKey::load_or_create(&dir.path().join("k")).unwrap();
        let (mut ring, _) = Keyring::new_with_fresh_keys(&master).unwrap();
        ring.rotate(&master).unwrap();
        let debug = format!("{ring:?} {ring:#?}");
        let mut secrets: Vec<&SecretKey> = ring.data.values().collect();
        secrets.push(&ring.blind_index);
        for key in secrets {
            let bytes = key.expose();
            assert!(!debug.contains(&hex(bytes)), "{debug}");
            assert!(!debug.contains(&hex(bytes).to_uppercase()), "{debug}");
            assert!(!debug.contains(&format!("{bytes:?}")), "{debug}");
            // No run of four key bytes in any of those encodings either.
            assert!(!debug.contains(&hex(&bytes[..4])), "{debug}");
        }
        assert!(debug.contains("current"));
    }

    #[test]
    fn rotate_skips_the_blind_index_id() {
        let dir = tempfile::tempdir().unwrap();
        let (master, _) = MasterKey::load_or_create(&dir.path().join("k")).unwrap();
        let (mut ring, _) = Keyring::new_with_fresh_keys(&master).unwrap();
        assert_eq!(ring.rotate(&master).unwrap().id, KeyId(3));
        assert_eq!(ring.current(), KeyId(3));
        assert_eq!(ring.data_key_ids(), vec![KeyId(1), KeyId(3)]);
    }

    #[test]
    fn current_key_cannot_be_retired() {
        let dir = tempfile::tempdir().unwrap();
        let (master, _) = MasterKey::load_or_create(&dir.path().join("k")).unwrap();
        let (mut ring, _) = Keyring::new_with_fresh_keys(&master).unwrap();
        assert!(matches!(ring.retire(KeyId(1)), Err(KeyError::RetireCurrent { .. })));
        ring.rotate(&master).unwrap();
        ring.retire(KeyId(1)).unwrap();
        assert_eq!(ring.data_key_ids(), vec![KeyId(3)]);
    }
}
