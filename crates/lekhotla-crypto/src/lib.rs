//! Encryption at rest for Lekhotla: sealed fields and blind indexes.
//!
//! Sensitive fields (a victim's identity and contact details, a shelter's location) are *sealed*:
//! encrypted with XChaCha20-Poly1305 under a data key (DEK) that is itself wrapped by the master key
//! (KEK) read from the file named by [`MASTER_KEY_FILE_ENV`]. Every sealed value is bound to the table,
//! column and record it belongs to, so it cannot be copied elsewhere and still open. Exact-match search
//! over sealed values goes through a keyed [blind index](Keyring::blind_index).
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use lekhotla_crypto::{FieldRef, Keyring, MasterKey};
//! let dir = tempfile::tempdir()?;
//! let (master, _created) = MasterKey::load_or_create(&dir.path().join("master.key"))?;
//! let (keyring, wrapped) = Keyring::new_with_fresh_keys(&master)?;
//! // `wrapped` is what a store persists; later: Keyring::unwrap(&master, &wrapped)
//! let at = FieldRef::new("person", "full_name", "0192f0c4-0000-7000-8000-000000000001");
//! let sealed = keyring.seal(at, "Synthetic Person")?;
//! assert_eq!(keyring.open(at, &sealed)?, "Synthetic Person");
//! # let _ = wrapped; Ok(()) }
//! ```

mod aad;
mod blind_index;
mod cipher;
mod error;
mod key_id;
mod keyring;
mod master_key;
mod nonce;
mod normalise;
mod phonetic;
mod seal;
mod secret;
mod wrapped_key;

pub use aad::FieldRef;
pub use error::{CryptoError, KeyError};
pub use key_id::{KeyId, KeyPurpose, UnknownPurpose};
pub use keyring::Keyring;
pub use master_key::{MASTER_KEY_FILE_ENV, MasterKey};
pub use normalise::normalise_for_index;
pub use phonetic::phonetic_key;
pub use seal::SEALED_PREFIX;
pub use wrapped_key::WrappedKey;
