//! Free-text notes and places finer than a district, sealed at rest. A case's summary, closure reason and
//! incoming-referral details, a victim's vulnerability details, a suspect's role details, organisation and
//! public office, an event's city, place, postal code, description and map position, referral notes
//! (details, decline, delivery and end reasons), who recorded a consent, support plans, comments, the
//! investigation's docket custodians and reasons, a prosecution's withdrawal reason and the notes of hearings
//! and sentences are written by people, and people write names, phone numbers and the whereabouts of
//! victims and shelters into them. They are sealed like the persons' identity fields, each bound to its
//! place (`FieldRef::new(<table>, <column>, <row key>)`), and opened when a case is read. Nothing in the
//! registry filters or counts by them. A map position is sealed as decimal text (Rust's shortest exact form).

use lekhotla_crypto::{FieldRef, Keyring};
use lekhotla_domain::Case;
use uuid::Uuid;

use super::sealing::{field_error, no_keyring};
use crate::DbError;

/// A table with sealed notes: its name, the column that keys a row (the record of the sealed values'
/// associated data) and the sealed columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoteTable {
    pub table: &'static str,
    pub key: &'static str,
    pub columns: &'static [&'static str],
}

/// Every sealed note column, table by table.
pub const SEALED_NOTES: [NoteTable; 14] = [
    NoteTable { table: "cases", key: "id", columns: &["summary", "incoming_referral_details", "closure_reason"] },
    NoteTable { table: "victims", key: "person_id", columns: &["vulnerability_details"] },
    NoteTable {
        table: "suspects",
        key: "person_id",
        columns: &["role_details", "organisation", "official_public_body", "official_position"],
    },
    NoteTable {
        table: "events",
        key: "id",
        columns: &["place", "description", "city", "postal_code", "latitude", "longitude"],
    },
    NoteTable { table: "referrals", key: "id", columns: &["details", "decline_reason", "delivery_note", "end_reason"] },
    NoteTable { table: "consents", key: "id", columns: &["recorded_by"] },
    NoteTable { table: "support_plans", key: "id", columns: &["objectives", "action_plan"] },
    NoteTable { table: "comments", key: "id", columns: &["text"] },
    NoteTable { table: "investigations", key: "id", columns: &["docket_custodian", "closure_reason"] },
    NoteTable { table: "docket_transfers", key: "id", columns: &["from_custodian", "to_custodian", "reason"] },
    NoteTable { table: "prosecutions", key: "id", columns: &["withdrawal_reason"] },
    NoteTable { table: "hearings", key: "id", columns: &["notes"] },
    NoteTable { table: "sentences", key: "id", columns: &["notes"] },
    // The action plan's evidence documents (migration 0024): their names and their bytes (as base64 text).
    NoteTable { table: "plan_files", key: "id", columns: &["name", "content"] },
];

/// The columns sealed from migration 0008 on, as (table, key, column): a database migrated from before holds
/// them in the clear until the store, given its keyring, seals them ([`crate::KeyStore::seal_plaintext`]).
/// `persons.city` is a person column ([`super::sealing::SEALED_PERSON_COLUMNS`]).
pub const SEALED_SINCE_0008: [(&str, &str, &str); 18] = [
    ("cases", "id", "closure_reason"),
    ("persons", "id", "city"),
    ("suspects", "person_id", "organisation"),
    ("suspects", "person_id", "official_public_body"),
    ("suspects", "person_id", "official_position"),
    ("events", "id", "city"),
    ("events", "id", "postal_code"),
    ("events", "id", "latitude"),
    ("events", "id", "longitude"),
    ("consents", "id", "recorded_by"),
    ("investigations", "id", "docket_custodian"),
    ("investigations", "id", "closure_reason"),
    ("docket_transfers", "id", "from_custodian"),
    ("docket_transfers", "id", "to_custodian"),
    ("docket_transfers", "id", "reason"),
    ("prosecutions", "id", "withdrawal_reason"),
    ("hearings", "id", "notes"),
    ("sentences", "id", "notes"),
];

/// `value` sealed for `table.column` of the row keyed `record`; `None` stays `None` and needs no keyring.
pub fn seal_note(
    keyring: Option<&Keyring>,
    table: &'static str,
    column: &'static str,
    record: Uuid,
    value: Option<&str>,
) -> Result<Option<String>, DbError> {
    let Some(value) = value else { return Ok(None) };
    let keyring = keyring.ok_or_else(no_keyring)?;
    let record = record.hyphenated().to_string();
    keyring
        .seal(FieldRef::new(table, column, &record), value)
        .map(Some)
        .map_err(|e| field_error(table, column, &record, e))
}

/// A required note: like [`seal_note`], never empty.
pub fn seal_required(
    keyring: Option<&Keyring>,
    table: &'static str,
    column: &'static str,
    record: Uuid,
    value: &str,
) -> Result<String, DbError> {
    seal_note(keyring, table, column, record, Some(value))?.ok_or_else(no_keyring)
}

/// The stored text of `table.column` of the row keyed `record`, opened.
pub fn open_note(
    keyring: Option<&Keyring>,
    table: &'static str,
    column: &'static str,
    record: Uuid,
    stored: Option<String>,
) -> Result<Option<String>, DbError> {
    let Some(stored) = stored else { return Ok(None) };
    let keyring = keyring.ok_or_else(no_keyring)?;
    let record = record.hyphenated().to_string();
    keyring
        .open(FieldRef::new(table, column, &record), &stored)
        .map(Some)
        .map_err(|e| field_error(table, column, &record, e))
}

/// A required note, opened; a missing one is a damaged row.
pub fn open_required(
    keyring: Option<&Keyring>,
    table: &'static str,
    column: &'static str,
    record: Uuid,
    stored: String,
) -> Result<String, DbError> {
    open_note(keyring, table, column, record, Some(stored))?
        .ok_or_else(|| DbError::Other(format!("sealed field {table}.{column} of record {record} is missing").into()))
}

/// A map position's column: the degrees sealed as decimal text.
pub fn seal_degrees(
    keyring: Option<&Keyring>,
    table: &'static str,
    column: &'static str,
    record: Uuid,
    value: Option<f64>,
) -> Result<Option<String>, DbError> {
    seal_note(keyring, table, column, record, value.map(|v| v.to_string()).as_deref())
}

/// A map position's column, opened: a sealed text that is not a finite number is a damaged row.
pub fn open_degrees(
    keyring: Option<&Keyring>,
    table: &'static str,
    column: &'static str,
    record: Uuid,
    stored: Option<String>,
) -> Result<Option<f64>, DbError> {
    let Some(text) = open_note(keyring, table, column, record, stored)? else { return Ok(None) };
    let degrees = text.parse::<f64>().ok().filter(|v| v.is_finite());
    degrees.map(Some).ok_or_else(|| {
        DbError::Other(format!("sealed field {table}.{column} of record {record} is not a number").into())
    })
}

/// A value of a [`SEALED_SINCE_0008`] column still in the clear, sealed where it is stored. A map position
/// stored as a number before is sealed in the form [`seal_degrees`] writes.
pub fn seal_plaintext(
    keyring: &Keyring,
    table: &'static str,
    column: &'static str,
    record: Uuid,
    plain: &str,
) -> Result<String, DbError> {
    let degrees = matches!(column, "latitude" | "longitude").then(|| plain.trim().parse::<f64>().ok()).flatten();
    let text = degrees.map_or_else(|| plain.to_owned(), |v| v.to_string());
    seal_required(Some(keyring), table, column, record, &text)
}

/// Whether writing `case` seals anything (a person or a note), and so needs the keyring.
pub fn has_sealed(case: &Case) -> bool {
    let people = !(case.victims.is_empty() && case.suspects.is_empty() && case.witnesses.is_empty());
    people
        || case.summary.is_some()
        || case.closure_reason.is_some()
        || case.investigation.is_some()
        || case.prosecution.is_some()
        || case.incoming_referral.as_ref().is_some_and(|r| r.details.is_some())
        || !case.events.is_empty()
        || !case.referrals.is_empty()
        || !case.support_plans.is_empty()
        || !case.comments.is_empty()
}

/// The rows of `table` whose `column` holds a value in the clear (not `v1.…`), as (`k`, `v`): the same SQL
/// in every store.
pub fn plaintext_query(table: &str, key: &str, column: &str) -> String {
    format!(
        "SELECT {key} AS k, {column} AS v FROM {table} WHERE {column} IS NOT NULL AND {column} NOT LIKE '{}%'",
        lekhotla_crypto::SEALED_PREFIX
    )
}
