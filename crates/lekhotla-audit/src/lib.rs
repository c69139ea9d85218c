//! Lekhotla's tamper-evident audit trail: hash-chained entries, a streaming verifier and signed checkpoints.
//!
//! Every write, sealed-field read, login, export and break-glass becomes an [`AuditEntry`]: who
//! ([`AuditEntry::actor`]), when ([`AuditEntry::at`], UTC, microseconds), what ([`Action`]), which record, which
//! fields and the stated purpose. Entries are numbered from 1 and chained:
//! `hash = SHA-256(prev_hash ‖ canonical_bytes(entry))`, the first entry's `prev_hash` being 32 zero bytes
//! ([`ChainHash::GENESIS`]). The byte layout is fixed by [`canonical`] and must never change silently.
//!
//! - [`Chain`] appends: it holds only the head (last seq and hash) and turns a [`NewEntry`] into an [`AuditEntry`].
//! - [`verify()`] walks stored entries once, in constant memory, and reports the first broken link as a
//!   [`ChainBreak`].
//! - [`CheckpointSigner`] signs `(seq, head_hash, time)` with Ed25519; [`verify_with_checkpoints`] checks the
//!   chain and that each checkpoint's entry is still there with the signed hash, which also catches a truncated
//!   tail that the chain alone cannot see.
//! - [`PublishedHead`] is a checkpoint as published off the server (one text line with its public key), so the
//!   auditor can check the trail against heads that whoever holds the database cannot change.
//!
//! ```
//! use lekhotla_audit::{Action, Chain, CheckpointSigner, NewEntry, verify, verify_with_checkpoints};
//! use time::macros::datetime;
//!
//! let mut chain = Chain::genesis();
//! let at = datetime!(2026-03-02 08:00 UTC);
//! let entries = vec![
//!     chain.append(NewEntry::new(at, "user-007", Action::LoginSuccess)),
//!     chain.append(
//!         NewEntry::new(at, "user-007", Action::SealedRead)
//!             .record("case/000042")
//!             .fields(["victim.name"])
//!             .purpose("synthetic example"),
//!     ),
//! ];
//! assert_eq!(verify(&entries)?.head_hash, chain.head_hash);
//!
//! let signer = CheckpointSigner::from_seed(&[7; 32]); // a real key comes from a file, never from code
//! let checkpoint = signer.sign_head(&chain, at);
//! verify_with_checkpoints(&entries, &[checkpoint], &signer.verifier())?;
//! # Ok::<(), lekhotla_audit::VerifyError>(())
//! ```
//!
//! Pure library: no database, web or async crates. Storage (the audit table and its append-only triggers) lives
//! in the store crates.

pub mod action;
pub mod canonical;
pub mod chain;
pub mod checkpoint;
pub mod entry;
pub mod error;
pub mod hash;
pub mod published;
pub mod signer;
pub mod verify;
pub mod verify_checkpoints;

pub use action::{Action, UnknownAction};
pub use canonical::{FORMAT_VERSION, canonical_bytes, write_canonical};
pub use chain::Chain;
pub use checkpoint::Checkpoint;
pub use entry::{AuditEntry, NewEntry};
pub use error::{BreakKind, ChainBreak, CheckpointFailure, CheckpointProblem, HexError, KeyError, VerifyError};
pub use hash::ChainHash;
pub use published::{HeadLineError, PublishedHead};
pub use signer::{CheckpointSigner, CheckpointVerifier};
pub use verify::{VerifySummary, verify, verify_from};
pub use verify_checkpoints::verify_with_checkpoints;
