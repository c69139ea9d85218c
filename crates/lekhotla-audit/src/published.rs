//! A signed checkpoint as published off the server: one self-describing text line, and a file of them.
//!
//! A *heads file* is what the auditor keeps (exported by `lekhotla audit heads`, pasted from the printout of
//! `audit checkpoint`, or cut from an e-mail digest). Each head is one line:
//!
//! ```text
//! lekhotla-audit-head v1 seq=SEQ hash=HEX64 at=RFC3339 signature=HEX128 key=HEX64
//! ```
//!
//! `seq` and `hash` are the entry vouched for, `at` the signing time (UTC, microseconds), `signature` the
//! Ed25519 signature over [`Checkpoint::message`], `key` the public key that made it. Blank lines and lines
//! starting with `#` are ignored; any other line is an error naming its number, so a damaged file is never
//! half-read. A head line is valid only when its signature verifies with its key.

use std::fmt;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::checkpoint::Checkpoint;
use crate::hash::ChainHash;
use crate::signer::CheckpointVerifier;

/// The first word of every head line.
pub const HEAD_LINE_TAG: &str = "lekhotla-audit-head";

/// The version of the line layout.
pub const HEAD_LINE_VERSION: &str = "v1";

/// A checkpoint and the public key that signed it, as published.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PublishedHead {
    /// The signed checkpoint.
    pub checkpoint: Checkpoint,
    /// The key whose signature it carries (checked when parsed).
    pub key: CheckpointVerifier,
}

/// A head line that cannot be read, or whose signature does not verify with its own key.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {problem}")]
pub struct HeadLineError {
    /// The line's number in its file, from 1.
    pub line: usize,
    /// What is wrong with it.
    pub problem: String,
}

impl PublishedHead {
    /// A head whose checkpoint `key` signed; `None` if the signature does not verify with `key`.
    pub fn new(checkpoint: Checkpoint, key: CheckpointVerifier) -> Option<Self> {
        key.verify(&checkpoint).ok().map(|()| PublishedHead { checkpoint, key })
    }

    /// Parses one head line (without its line break); `line` is its number, for the error.
    pub fn parse_line(text: &str, line: usize) -> Result<Self, HeadLineError> {
        let bad = |problem: String| HeadLineError { line, problem };
        let mut words = text.split_whitespace();
        if words.next() != Some(HEAD_LINE_TAG) {
            return Err(bad(format!("not a head line (expected `{HEAD_LINE_TAG} {HEAD_LINE_VERSION} seq=...`)")));
        }
        match words.next() {
            Some(HEAD_LINE_VERSION) => {}
            other => return Err(bad(format!("unknown head line version {:?}", other.unwrap_or("")))),
        }
        let mut value = |name: &str| -> Result<&str, HeadLineError> {
            let word = words.next().unwrap_or("");
            word.strip_prefix(name)
                .and_then(|rest| rest.strip_prefix('='))
                .ok_or_else(|| HeadLineError { line, problem: format!("expected `{name}=...`, found {word:?}") })
        };
        let seq = value("seq")?.parse::<u64>().map_err(|_| bad("seq is not a whole number".into()))?;
        let head_hash = ChainHash::from_hex(value("hash")?).map_err(|_| bad("hash is not 64 hex digits".into()))?;
        let at = OffsetDateTime::parse(value("at")?, &Rfc3339).map_err(|_| bad("at is not an RFC 3339 time".into()))?;
        let mut signature = [0u8; 64];
        hex::decode_to_slice(value("signature")?, &mut signature)
            .map_err(|_| bad("signature is not 128 hex digits".into()))?;
        let key = CheckpointVerifier::from_hex(value("key")?).map_err(|e| bad(format!("key: {e}")))?;
        if let Some(extra) = words.next() {
            return Err(bad(format!("unexpected {extra:?} after the key")));
        }
        let checkpoint = Checkpoint { seq, head_hash, at, signature };
        PublishedHead::new(checkpoint, key)
            .ok_or_else(|| bad(format!("the head at seq {seq} is not signed by the key {}", key.to_hex())))
    }

    /// Every head in the text of a heads file, with its line number; comments and blank lines skipped.
    pub fn parse_file(text: &str) -> Result<Vec<(usize, PublishedHead)>, HeadLineError> {
        text.lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.trim()))
            .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
            .map(|(line, l)| PublishedHead::parse_line(l, line).map(|head| (line, head)))
            .collect()
    }
}

impl fmt::Display for PublishedHead {
    /// The head line (no line break).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.checkpoint;
        let at = c.at.format(&Rfc3339).map_err(|_| fmt::Error)?;
        write!(
            f,
            "{HEAD_LINE_TAG} {HEAD_LINE_VERSION} seq={} hash={} at={at} signature={} key={}",
            c.seq,
            c.head_hash,
            c.signature_hex(),
            self.key.to_hex()
        )
    }
}
