//! Part B, intake and screening: registering a detection (`/intake`), recording a person with the possible
//! duplicates in scope shown first (`/cases/{number}/record-person`), the screening that leads to the
//! trafficking-status decision (`/cases/{number}/decide-status`) and the case search (`/cases`). Each page
//! reuses the API's handlers' logic (`api::cases::register`, `api::people::record_*`, `change_victim`).

pub mod person;
pub mod register;
pub mod screen;
pub mod search;

use std::collections::BTreeMap;

use lekhotla_domain::{FieldError, Vocabulary};
use time::Date;
use time::macros::format_description;

use super::chrome::Chrome;
use crate::error::ApiError;

/// A choice of a select, radio group or checkbox group.
#[derive(Debug, Clone)]
pub struct Choice {
    pub code: String,
    pub label: String,
    pub selected: bool,
}

/// Every value of vocabulary `V` as a choice in the person's language, those in `chosen` selected.
pub fn choices<V: Vocabulary + PartialEq>(c: &Chrome, chosen: &[V]) -> Vec<Choice> {
    V::ALL
        .iter()
        .map(|v| Choice { code: v.code().to_owned(), label: c.vocab(*v), selected: chosen.contains(v) })
        .collect()
}

/// The problems of a form, by field name: shown beside each field (`aria-invalid`, `.field-error`).
#[derive(Debug, Clone, Default)]
pub struct Errors(BTreeMap<String, String>);

impl Errors {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn has(&self, field: &str) -> bool {
        self.0.contains_key(field)
    }

    /// The problem of `field` (empty when none).
    pub fn of(&self, field: &str) -> String {
        self.0.get(field).cloned().unwrap_or_default()
    }

    pub fn add(&mut self, field: &str, message: String) {
        self.0.entry(field.to_owned()).or_insert(message);
    }

    /// The domain's field errors, under the form's field names (`person.birthdate` is `birthdate`): the
    /// person's language's words for "not accepted", then the rule in English as the domain states it.
    pub fn absorb(&mut self, c: &Chrome, fields: Vec<FieldError>) {
        for f in fields {
            let name = f.field.rsplit('.').next().unwrap_or(&f.field).to_owned();
            self.add(&name, c.t1("intake-not-accepted", "reason", &f.reason));
        }
    }

    /// Takes an error that is about the form's fields; any other error is given back to become a page.
    pub fn take(&mut self, c: &Chrome, e: ApiError) -> Result<(), ApiError> {
        match e {
            ApiError::Invalid(fields) => {
                self.absorb(c, fields);
                Ok(())
            }
            other => Err(other),
        }
    }
}

/// A text field: trimmed, `None` when empty.
/// Whether `act` is on offer to `actor` on `case` only as the national coordinator's correction (the
/// form then asks for its reason).
pub(crate) fn as_correction(
    actor: &crate::actor::Actor,
    case: &lekhotla_domain::Case,
    act: lekhotla_identity::Act,
) -> bool {
    crate::authority::offers(actor, case).into_iter().any(|o| o.act == act && o.referral.is_none() && o.correction)
}

/// The actor, carrying the correction's reason typed in a form (checked when the act is performed).
pub(crate) fn with_correction(mut actor: crate::actor::Actor, reason: &str) -> crate::actor::Actor {
    if let Some(r) = opt(reason) {
        actor.correction = Some(r);
    }
    actor
}

pub fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// A date field (`YYYY-MM-DD`): `None` when empty, an error message when malformed.
pub fn date(c: &Chrome, errors: &mut Errors, field: &str, s: &str) -> Option<Date> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    match Date::parse(t, format_description!("[year]-[month]-[day]")) {
        Ok(d) => Some(d),
        Err(_) => {
            errors.add(field, c.t("intake-bad-date"));
            None
        }
    }
}

/// A required date field.
pub fn required_date(c: &Chrome, errors: &mut Errors, field: &str, s: &str) -> Option<Date> {
    let d = date(c, errors, field, s);
    if d.is_none() && !errors.has(field) {
        errors.add(field, c.t("intake-required"));
    }
    d
}

/// A code of vocabulary `V`: `None` when empty, an error message when unknown.
pub fn code<V: Vocabulary>(c: &Chrome, errors: &mut Errors, field: &str, s: &str) -> Option<V> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    let v = V::from_code(t);
    if v.is_none() {
        errors.add(field, c.t("intake-bad-choice"));
    }
    v
}

/// Codes of vocabulary `V` from a checkbox group; unknown ones are a problem of the group.
pub fn codes<V: Vocabulary>(c: &Chrome, errors: &mut Errors, field: &str, values: &[String]) -> Vec<V> {
    values.iter().filter_map(|s| code::<V>(c, errors, field, s)).collect()
}

/// `YYYY-MM-DD`.
pub fn iso(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}
