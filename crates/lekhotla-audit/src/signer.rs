//! The Ed25519 checkpoint key: signing ([`CheckpointSigner`]) and checking ([`CheckpointVerifier`]).

use std::fmt;

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use time::{OffsetDateTime, UtcOffset};
use zeroize::Zeroizing;

use crate::chain::Chain;
use crate::checkpoint::Checkpoint;
use crate::error::{CheckpointFailure, CheckpointProblem, HexError, KeyError};
use crate::hash::ChainHash;

/// The private checkpoint key. Keep it outside the database; its `Debug` never shows the seed, and the key is
/// wiped from memory when dropped.
pub struct CheckpointSigner {
    key: SigningKey,
}

impl CheckpointSigner {
    /// The key for a 32-byte Ed25519 seed (as kept in the key file).
    pub fn from_seed(seed: &[u8; 32]) -> Self {
        CheckpointSigner { key: SigningKey::from_bytes(seed) }
    }

    /// A new random key from the operating system's random source.
    pub fn generate() -> Result<Self, KeyError> {
        let mut seed = Zeroizing::new([0u8; 32]);
        getrandom::fill(seed.as_mut_slice()).map_err(|err| KeyError::Random(err.to_string()))?;
        Ok(CheckpointSigner::from_seed(&seed))
    }

    /// The seed, to write to the key file; wiped when the returned value is dropped.
    pub fn to_seed(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.key.to_bytes())
    }

    /// The public half, to hand to whoever verifies.
    pub fn verifier(&self) -> CheckpointVerifier {
        CheckpointVerifier { key: self.key.verifying_key() }
    }

    /// Signs `(seq, head_hash, at)`; `at` is stored in UTC, truncated to whole microseconds.
    pub fn sign(&self, seq: u64, head_hash: ChainHash, at: OffsetDateTime) -> Checkpoint {
        let at = at.to_offset(UtcOffset::UTC);
        let at = at.replace_nanosecond(at.nanosecond() / 1_000 * 1_000).unwrap_or(at);
        let signature = self.key.sign(&Checkpoint::message_for(seq, &head_hash, at));
        Checkpoint { seq, head_hash, at, signature: signature.to_bytes() }
    }

    /// Signs a document of the installation (a frozen report): Ed25519 over `purpose`, a newline and the
    /// bytes, so a document's signature can never pass for a checkpoint's or another purpose's. Hex.
    pub fn sign_document(&self, purpose: &str, bytes: &[u8]) -> String {
        hex::encode(self.key.sign(&document_message(purpose, bytes)).to_bytes())
    }

    /// Signs the current head of `chain`.
    pub fn sign_head(&self, chain: &Chain, at: OffsetDateTime) -> Checkpoint {
        self.sign(chain.head_seq, chain.head_hash, at)
    }
}

/// What [`CheckpointSigner::sign_document`] signs.
fn document_message(purpose: &str, bytes: &[u8]) -> Vec<u8> {
    let mut m = format!("lekhotla-document v1 {purpose}\n").into_bytes();
    m.extend_from_slice(bytes);
    m
}

impl fmt::Debug for CheckpointSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CheckpointSigner")
            .field("public_key", &self.verifier().to_hex())
            .field("seed", &"<redacted>")
            .finish()
    }
}

/// The public checkpoint key: checks checkpoint signatures.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct CheckpointVerifier {
    key: VerifyingKey,
}

impl CheckpointVerifier {
    /// The key for 32 public-key bytes.
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self, KeyError> {
        VerifyingKey::from_bytes(bytes).map(|key| CheckpointVerifier { key }).map_err(|_| KeyError::InvalidPublicKey)
    }

    /// The key for 64 hex characters.
    pub fn from_hex(text: &str) -> Result<Self, KeyError> {
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(text, &mut bytes).map_err(|_| HexError { expected_bytes: 32 })?;
        CheckpointVerifier::from_bytes(&bytes)
    }

    /// The 32 public-key bytes.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.key.to_bytes()
    }

    /// The public key as lower-case hex.
    pub fn to_hex(&self) -> String {
        hex::encode(self.key.to_bytes())
    }

    /// Checks that `checkpoint` was signed by this key and not altered since (strict Ed25519 verification).
    pub fn verify(&self, checkpoint: &Checkpoint) -> Result<(), CheckpointFailure> {
        let signature = Signature::from_bytes(&checkpoint.signature);
        self.key
            .verify_strict(&checkpoint.message(), &signature)
            .map_err(|_| CheckpointFailure { seq: checkpoint.seq, problem: CheckpointProblem::BadSignature })
    }
}

impl CheckpointVerifier {
    /// Whether `signature_hex` is this key's signature of the document (see
    /// [`CheckpointSigner::sign_document`]).
    pub fn verify_document(&self, purpose: &str, bytes: &[u8], signature_hex: &str) -> bool {
        let mut sig = [0u8; 64];
        if hex::decode_to_slice(signature_hex, &mut sig).is_err() {
            return false;
        }
        self.key.verify_strict(&document_message(purpose, bytes), &Signature::from_bytes(&sig)).is_ok()
    }
}

impl fmt::Debug for CheckpointVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CheckpointVerifier({})", self.to_hex())
    }
}
