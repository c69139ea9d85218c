//! The canonical byte encoding of an entry: the exact bytes the chain hash covers.
//!
//! This is a storage format. Changing it makes every stored chain fail verification, so a change needs a new
//! [`FORMAT_VERSION`] and a verifier that still reads the old one; the golden-hash test guards against silent
//! changes. Layout, version 1 (all integers big-endian):
//!
//! | # | part    | bytes                                                          |
//! |---|---------|----------------------------------------------------------------|
//! | 1 | version | `0x01`                                                         |
//! | 2 | seq     | `u64`                                                          |
//! | 3 | at      | `i64`, microseconds since 1970-01-01T00:00:00Z                 |
//! | 4 | actor   | string                                                         |
//! | 5 | action  | string: the action's [`code`](crate::Action::code)             |
//! | 6 | record  | optional string                                                |
//! | 7 | fields  | `u64` count, then each field as a string                       |
//! | 8 | purpose | optional string                                                |
//!
//! A *string* is a `u64` byte length followed by that many UTF-8 bytes. An *optional string* is `0x00` when
//! absent, or `0x01` followed by a string. `prev_hash` and `hash` are not part of it: the chain hash is
//! `SHA-256(prev_hash ‖ canonical_bytes)`. Every part has a fixed position and every variable part a length, so
//! two different entries never share an encoding.

use time::OffsetDateTime;

use crate::entry::AuditEntry;

/// The first byte of every canonical encoding.
pub const FORMAT_VERSION: u8 = 1;

/// The canonical bytes of `entry` (everything except `prev_hash` and `hash`).
pub fn canonical_bytes(entry: &AuditEntry) -> Vec<u8> {
    let mut buf = Vec::with_capacity(128);
    write_canonical(entry, &mut buf);
    buf
}

/// Appends the canonical bytes of `entry` to `buf`.
pub fn write_canonical(entry: &AuditEntry, buf: &mut Vec<u8>) {
    buf.push(FORMAT_VERSION);
    buf.extend_from_slice(&entry.seq.to_be_bytes());
    buf.extend_from_slice(&unix_micros(entry.at).to_be_bytes());
    put_str(buf, &entry.actor);
    put_str(buf, entry.action.code());
    put_opt_str(buf, entry.record.as_deref());
    put_len(buf, entry.fields.len());
    for field in &entry.fields {
        put_str(buf, field);
    }
    put_opt_str(buf, entry.purpose.as_deref());
}

/// Whole microseconds since the Unix epoch (sub-microsecond digits are dropped).
pub fn unix_micros(at: OffsetDateTime) -> i64 {
    // `time` limits years to ±9999, about ±3.2e17 µs, well inside i64; the cast cannot truncate.
    (at.unix_timestamp_nanos() / 1_000) as i64
}

fn put_len(buf: &mut Vec<u8>, len: usize) {
    // usize is at most 64 bits on every target Rust supports, so this widening is lossless.
    buf.extend_from_slice(&(len as u64).to_be_bytes());
}

fn put_str(buf: &mut Vec<u8>, text: &str) {
    put_len(buf, text.len());
    buf.extend_from_slice(text.as_bytes());
}

fn put_opt_str(buf: &mut Vec<u8>, text: Option<&str>) {
    match text {
        None => buf.push(0),
        Some(text) => {
            buf.push(1);
            put_str(buf, text);
        }
    }
}
