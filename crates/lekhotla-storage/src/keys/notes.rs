//! Free-text notes sealed at rest. A case's summary and incoming-referral details, a victim's vulnerability
//! details, an event's place and description, referral notes (details, decline, delivery and end reasons),
//! support plans and comments are written by people, and people write names, phone numbers and the
//! whereabouts of victims and shelters into them. They are sealed like the
//! persons' identity fields, each bound to its place (`FieldRef::new(<table>, <column>, <row key>)`), and
//! opened when a case is read. Nothing in the registry filters or counts by them.

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
pub const SEALED_NOTES: [NoteTable; 7] = [
    NoteTable { table: "cases", key: "id", columns: &["summary", "incoming_referral_details"] },
    NoteTable { table: "victims", key: "person_id", columns: &["vulnerability_details"] },
    NoteTable { table: "suspects", key: "person_id", columns: &["role_details"] },
    NoteTable { table: "events", key: "id", columns: &["place", "description"] },
    NoteTable { table: "referrals", key: "id", columns: &["details", "decline_reason", "delivery_note", "end_reason"] },
    NoteTable { table: "support_plans", key: "id", columns: &["objectives", "action_plan"] },
    NoteTable { table: "comments", key: "id", columns: &["text"] },
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

/// Whether writing `case` seals anything (a person or a note), and so needs the keyring.
pub fn has_sealed(case: &Case) -> bool {
    let people = !(case.victims.is_empty() && case.suspects.is_empty() && case.witnesses.is_empty());
    people
        || case.summary.is_some()
        || case.incoming_referral.as_ref().is_some_and(|r| r.details.is_some())
        || !case.events.is_empty()
        || !case.referrals.is_empty()
        || !case.support_plans.is_empty()
        || !case.comments.is_empty()
}
