//! Where a sealed value lives, and the associated data (AAD) that binds a ciphertext to that place.

use crate::key_id::KeyId;

/// The table, column and record a sealed value belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldRef<'a> {
    /// Table name, e.g. `person`.
    pub table: &'a str,
    /// Column name, e.g. `full_name`.
    pub column: &'a str,
    /// The record's id as text (e.g. its UUID).
    pub record: &'a str,
}

impl<'a> FieldRef<'a> {
    /// A field reference.
    #[must_use]
    pub fn new(table: &'a str, column: &'a str, record: &'a str) -> Self {
        Self { table, column, record }
    }
}

/// Domain-separation label at the start of every field AAD.
const FIELD_AAD_LABEL: &[u8] = b"lekhotla/sealed-field/v1";

/// AAD = label ‖ table ‖ column ‖ record ‖ key_id, each part prefixed with its length as a big-endian
/// `u64`, so no two different (table, column, record, key) tuples give the same bytes.
pub(crate) fn field_aad(at: FieldRef<'_>, key: KeyId) -> Vec<u8> {
    let key = key.0.to_be_bytes();
    length_prefixed(&[FIELD_AAD_LABEL, at.table.as_bytes(), at.column.as_bytes(), at.record.as_bytes(), &key])
}

/// Concatenates the parts, each preceded by its length as a big-endian `u64`.
pub(crate) fn length_prefixed(parts: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::with_capacity(parts.iter().map(|p| p.len() + 8).sum());
    for part in parts {
        out.extend_from_slice(&(part.len() as u64).to_be_bytes());
        out.extend_from_slice(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shifting_bytes_between_parts_changes_the_aad() {
        let a = field_aad(FieldRef::new("ab", "c", "1"), KeyId(1));
        let b = field_aad(FieldRef::new("a", "bc", "1"), KeyId(1));
        assert_ne!(a, b);
    }

    #[test]
    fn key_id_is_part_of_the_aad() {
        let at = FieldRef::new("person", "full_name", "1");
        assert_ne!(field_aad(at, KeyId(1)), field_aad(at, KeyId(2)));
    }
}
