//! Error types. Messages never contain plaintext, key bytes or ciphertext.

use std::path::PathBuf;

use crate::key_id::KeyId;

/// Loading, creating, wrapping or unwrapping keys failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// The master key file could not be read or written.
    #[error("master key file {path}: {source}")]
    Io {
        /// The key file.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The master key file exists but does not hold a key in the expected format.
    #[error("master key file {path} is not a valid key: {reason}")]
    BadKeyFile {
        /// The key file.
        path: PathBuf,
        /// What is wrong with it (never its content).
        reason: &'static str,
    },
    /// The master key file can be read by group or others.
    #[error("master key file {path} has mode {mode:o}; it must not be readable by group or others (use chmod 600)")]
    InsecurePermissions {
        /// The key file.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// A wrapped key did not open under this master key.
    #[error("key {id} could not be unwrapped: wrong master key, or the wrapped key was altered")]
    UnwrapFailed {
        /// The key that failed.
        id: KeyId,
    },
    /// The stored keys include no data key.
    #[error("no data-encryption key among the stored keys")]
    NoDataKey,
    /// The stored keys include no blind-index key, or more than one.
    #[error("expected exactly one blind-index key among the stored keys, found {found}")]
    BlindIndexKeyCount {
        /// How many were found.
        found: usize,
    },
    /// Two stored keys share one id.
    #[error("key id {id} appears more than once among the stored keys")]
    DuplicateKeyId {
        /// The repeated id.
        id: KeyId,
    },
    /// The key asked for is not in the keyring.
    #[error("key {id} is not in the keyring")]
    UnknownKey {
        /// The missing id.
        id: KeyId,
    },
    /// The current data key cannot be retired.
    #[error("key {id} is the current data key and cannot be retired")]
    RetireCurrent {
        /// The current key.
        id: KeyId,
    },
    /// No more key ids are available.
    #[error("key ids are exhausted")]
    KeyIdsExhausted,
    /// The operating system's random number generator failed.
    #[error("the system random number generator failed")]
    Random,
}

/// Sealing or opening a field failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CryptoError {
    /// The text is not a sealed value in a format this crate knows.
    #[error("not a sealed value: {reason}")]
    Malformed {
        /// What is wrong with it (never its content).
        reason: &'static str,
    },
    /// The value was sealed under a key this keyring does not hold (retired or from another keyring).
    #[error("the sealed value uses key {id}, which is not in the keyring")]
    UnknownKey {
        /// The key id written in the sealed value.
        id: KeyId,
    },
    /// Authentication failed: wrong table/column/record, or the bytes were changed.
    #[error("the sealed value does not belong here or was altered")]
    Mismatch,
    /// The operating system's random number generator failed.
    #[error("the system random number generator failed")]
    Random,
}
