//! An audit entry's field list as the stores keep it: JSON, with each run of fields of one record written once.
//!
//! A revealed case view names every sealed field of every person in it (`victim/<id>.first_name`, thirteen per
//! person) and every sealed note that holds a value: written out, 3.3 KB on average over a demo load (1.5 KB so,
//! BENCHMARKS.md "Sixteenth pass"). Stored, a run of consecutive fields that share a record (`victim/<id>.`) is
//! one array, the record then the fields (`["victim/<id>.", "first_name", "last_name", …]`); every other field
//! stays a string. Reading gives back the very list that was written, in its order, so the chain's hashes (which
//! cover the list, not its text) and `audit verify` are the same whichever way an entry was kept: the lists
//! written before this form (strings only) read as they always did.

use serde::de::{Deserializer, Error as _, SeqAccess, Visitor};
use serde::ser::{SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};

use crate::DbError;

/// A field list as stored (see the module's notes).
pub fn fields_to_text(fields: &[String]) -> String {
    serde_json::to_string(&Runs(fields)).unwrap_or_else(|_| "[]".into())
}

/// A stored field list back, in either form.
pub fn fields_from_text(text: &str) -> Result<Vec<String>, DbError> {
    serde_json::from_str::<StoredFields>(text)
        .map(|f| f.0)
        .map_err(|e| DbError::Other(format!("audit fields are not a JSON list of fields: {e}").into()))
}

/// The record a field belongs to, with its dot (`victim/<id>.` of `victim/<id>.first_name`): a name with a
/// `/` before its first dot; `None` for other fields (`password`, `address:192.0.2.7`).
fn record_of(field: &str) -> Option<&str> {
    let dot = field.find('.')?;
    field[..dot].contains('/').then(|| &field[..=dot])
}

/// The fields as [`fields_to_text`] writes them.
struct Runs<'a>(&'a [String]);

impl Serialize for Runs<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        let mut rest = self.0;
        while let Some(first) = rest.first() {
            let run =
                record_of(first).map_or(1, |record| rest.iter().take_while(|f| record_of(f) == Some(record)).count());
            if run > 1 {
                let record = record_of(first).unwrap_or_default();
                seq.serialize_element(&Run { record, fields: &rest[..run] })?;
            } else {
                seq.serialize_element(first)?;
            }
            rest = &rest[run..];
        }
        seq.end()
    }
}

/// Fields of one record: the record, then each field's name after it.
struct Run<'a> {
    record: &'a str,
    fields: &'a [String],
}

impl Serialize for Run<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.fields.len() + 1))?;
        seq.serialize_element(self.record)?;
        for f in self.fields {
            seq.serialize_element(&f[self.record.len()..])?;
        }
        seq.end()
    }
}

/// A stored field list, read back into the list that was written (either form).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct StoredFields(pub Vec<String>);

impl<'de> Deserialize<'de> for StoredFields {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(ListVisitor)
    }
}

struct ListVisitor;

impl<'de> Visitor<'de> for ListVisitor {
    type Value = StoredFields;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a list of field names and runs of one record's fields")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<StoredFields, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(8));
        while let Some(item) = seq.next_element::<Item>()? {
            match item {
                Item::One(field) => out.push(field),
                Item::Run(run) => {
                    let (record, fields) = run.split_first().ok_or_else(|| A::Error::custom("an empty run"))?;
                    if fields.is_empty() {
                        return Err(A::Error::custom(format!("a run of {record} without fields")));
                    }
                    out.extend(fields.iter().map(|f| {
                        let mut name = String::with_capacity(record.len() + f.len());
                        name.push_str(record);
                        name.push_str(f);
                        name
                    }));
                }
            }
        }
        Ok(StoredFields(out))
    }
}

/// One element of a stored list: a field, or a run of one record's fields (read without buffering, as an
/// untagged enum would: `audit verify` reads every entry's list).
enum Item {
    One(String),
    Run(Vec<String>),
}

impl<'de> Deserialize<'de> for Item {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ItemVisitor)
    }
}

struct ItemVisitor;

impl<'de> Visitor<'de> for ItemVisitor {
    type Value = Item;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a field name or a list of a record and its fields")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Item, E> {
        Ok(Item::One(v.to_owned()))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Item, E> {
        Ok(Item::One(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Item, A::Error> {
        let mut run = Vec::with_capacity(seq.size_hint().unwrap_or(14));
        while let Some(name) = seq.next_element::<String>()? {
            run.push(name);
        }
        Ok(Item::Run(run))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn list(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn a_record_s_fields_are_kept_once_and_read_back_in_their_order() {
        let fields = list(&[
            "victim/v1.first_name",
            "victim/v1.last_name",
            "victim/v1.phone",
            "suspect/s1.first_name",
            "case/c1.summary",
            "victim/v1.vulnerability_details",
            "victim/v1.city",
            "password",
            "address:192.0.2.7",
            "address:192.0.2.8",
        ]);
        let text = fields_to_text(&fields);
        assert_eq!(
            text,
            r#"[["victim/v1.","first_name","last_name","phone"],"suspect/s1.first_name","case/c1.summary",["victim/v1.","vulnerability_details","city"],"password","address:192.0.2.7","address:192.0.2.8"]"#
        );
        assert_eq!(fields_from_text(&text).unwrap(), fields);
    }

    #[test]
    fn a_list_kept_before_runs_reads_as_it_always_did() {
        let old = r#"["victim/v1.first_name","victim/v1.last_name","status"]"#;
        assert_eq!(fields_from_text(old).unwrap(), list(&["victim/v1.first_name", "victim/v1.last_name", "status"]));
        assert_eq!(fields_from_text("[]").unwrap(), Vec::<String>::new());
        assert_eq!(fields_to_text(&[]), "[]");
    }

    #[test]
    fn what_is_not_a_field_list_is_refused_with_its_reason() {
        for bad in [r#"{"a":1}"#, r#"[1]"#, r#"[[]]"#, r#"[["victim/v1."]]"#, r#"[["victim/v1.",2]]"#, "[", ""] {
            let e = fields_from_text(bad).unwrap_err().to_string();
            assert!(e.contains("audit fields"), "{bad}: {e}");
        }
        assert!(fields_from_text(r#"[["victim/v1."]]"#).unwrap_err().to_string().contains("without fields"));
    }

    #[test]
    fn a_revealed_case_s_list_is_a_fraction_of_its_plain_json() {
        let mut fields = Vec::new();
        for p in 0..6 {
            let id = format!("0197c3a4-5b6d-7e8f-9a0b-1c2d3e4f5a{p:02}");
            fields.extend(crate::sealing::SEALED_PERSON_COLUMNS.iter().map(|f| format!("victim/{id}.{f}")));
        }
        let plain = serde_json::to_string(&fields).unwrap();
        let runs = fields_to_text(&fields);
        assert!(runs.len() * 3 < plain.len(), "{} against {}", runs.len(), plain.len());
        assert_eq!(fields_from_text(&runs).unwrap(), fields);
    }
}
