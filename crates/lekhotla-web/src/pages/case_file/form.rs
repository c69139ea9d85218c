//! The case file's forms, field by field: each field names a member of the API's input type by its
//! dotted path (`person.first_name`), so a form reads the stored record's JSON and writes the input the
//! API handler takes. An edit form carries the version it was read at and, for each field, the value it
//! showed (`orig.<name>`): when the record was saved by someone else meanwhile and a field the person saw
//! has changed, nothing is saved and the form comes back with the other person's values beside these.

use std::collections::HashMap;

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde_json::{Map, Value};

use crate::error::ApiError;
use crate::pages::chrome::Chrome;

/// What kind of input a field is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Area,
    Date,
    Select,
    Check,
}

/// A field of a form: the member it writes, its label's message id, its kind and choices.
#[derive(Debug, Clone)]
pub struct Def {
    pub name: &'static str,
    pub label: &'static str,
    pub kind: Kind,
    /// (value, label) for a choice; an empty value first for an optional one.
    pub options: Vec<(String, String)>,
    pub required: bool,
}

impl Def {
    pub fn new(name: &'static str, label: &'static str, kind: Kind) -> Self {
        Self { name, label, kind, options: Vec::new(), required: false }
    }
    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }
    pub fn choices(mut self, options: Vec<(String, String)>) -> Self {
        self.options = options;
        self
    }
}

/// A field as the template shows it.
#[derive(Debug, Clone)]
pub struct Field {
    pub name: &'static str,
    pub label: String,
    pub kind: &'static str,
    pub options: Vec<(String, String)>,
    pub required: bool,
    pub value: String,
    /// What the form showed when it was read (edit forms).
    pub orig: String,
    pub error: Option<String>,
}

/// One field of the versions view: the other person's saved value beside this person's.
#[derive(Debug, Clone)]
pub struct Compare {
    pub label: String,
    pub theirs: String,
    pub mine: String,
    pub changed: bool,
}

#[derive(Debug, Template)]
#[template(path = "case_file_form.html")]
pub struct FormPage {
    pub c: Chrome,
    pub number: String,
    pub title: String,
    /// What the form is about, when its title does not say (which consent is withdrawn).
    pub intro: Option<String>,
    pub action: String,
    pub version: Option<i64>,
    pub fields: Vec<Field>,
    /// Errors that belong to no field of the form.
    pub problems: Vec<String>,
    /// The act is offered only as the national coordinator's correction: ask for its reason.
    pub correction: bool,
    /// The correction's reason as typed (kept when the form comes back).
    pub correction_reason: String,
    /// The other person's version beside this one, after a stale save.
    pub versions: Vec<Compare>,
}

impl FormPage {
    pub fn respond(self, status: StatusCode) -> Result<Response, ApiError> {
        Ok((status, Html(self.render().map_err(ApiError::internal)?)).into_response())
    }
}

/// The member of `json` at the dotted `path`.
fn at<'a>(json: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(json, |v, key| v.get(key))
}

/// A member's value as a form shows it.
pub fn text_at(json: &Value, path: &str) -> String {
    match at(json, path) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(true)) => "true".into(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// Sets the member at `path` from a form's text (an empty text clears it; a box is true or false).
pub fn set(json: &mut Value, def: &Def, text: &str) {
    let value = match def.kind {
        Kind::Check => Value::Bool(matches!(text, "true" | "on")),
        _ if text.trim().is_empty() => Value::Null,
        _ => Value::String(text.trim().to_owned()),
    };
    let mut keys = def.name.split('.').peekable();
    let mut here = json;
    while let Some(key) = keys.next() {
        if !here.is_object() {
            *here = Value::Object(Map::new());
        }
        let Value::Object(map) = here else { return };
        if keys.peek().is_none() {
            map.insert(key.to_owned(), value);
            return;
        }
        here = map.entry(key.to_owned()).or_insert_with(|| Value::Object(Map::new()));
    }
}

/// The fields of `defs` in the person's language, with values from `json` (a stored record) or none.
pub fn fields(c: &Chrome, defs: &[Def], json: Option<&Value>) -> Vec<Field> {
    defs.iter()
        .map(|d| {
            let value = json.map(|j| text_at(j, d.name)).unwrap_or_default();
            Field {
                name: d.name,
                label: c.t(d.label),
                kind: match d.kind {
                    Kind::Text => "text",
                    Kind::Area => "textarea",
                    Kind::Date => "date",
                    Kind::Select => "select",
                    Kind::Check => "checkbox",
                },
                options: d.options.clone(),
                required: d.required,
                orig: value.clone(),
                value,
                error: None,
            }
        })
        .collect()
}

/// What a form sent: its fields, what they showed when read, its version and a correction's reason.
#[derive(Debug, Default)]
pub struct Sent {
    pub values: HashMap<String, String>,
    pub orig: HashMap<String, String>,
    pub version: Option<i64>,
    pub correction: Option<String>,
}

impl Sent {
    pub fn of(pairs: Vec<(String, String)>) -> Self {
        let mut out = Sent::default();
        for (k, v) in pairs {
            if let Some(name) = k.strip_prefix("orig.") {
                out.orig.insert(name.to_owned(), v);
            } else if k == "version" {
                out.version = v.trim().parse().ok();
            } else if k == "correction" {
                out.correction = Some(v).filter(|r| !r.trim().is_empty());
            } else if k != "csrf" {
                out.values.insert(k, v);
            }
        }
        out
    }

    /// The value typed in field `def` (a box not ticked sends nothing: empty).
    pub fn value(&self, def: &Def) -> String {
        self.values.get(def.name).cloned().unwrap_or_default()
    }

    /// Whether this person changed field `def` from what the form showed.
    pub fn changed(&self, def: &Def) -> bool {
        norm(&self.value(def), def) != norm(self.orig.get(def.name).map_or("", String::as_str), def)
    }
}

/// A value as compared: trimmed; a box as true or false.
fn norm(text: &str, def: &Def) -> String {
    match def.kind {
        Kind::Check => matches!(text, "true" | "on").to_string(),
        _ => text.trim().to_owned(),
    }
}

/// The fields of a stale save whose stored value is no longer the one the form showed (someone else
/// changed them): empty when the other change touched nothing on this form.
pub fn clashes(defs: &[Def], sent: &Sent, theirs: &Value) -> bool {
    defs.iter().any(|d| norm(&text_at(theirs, d.name), d) != norm(sent.orig.get(d.name).map_or("", String::as_str), d))
}

/// What an option's value reads as (its label), for the versions view.
fn shown(def: &Def, text: &str, c: &Chrome) -> String {
    match def.kind {
        Kind::Select => def.options.iter().find(|(v, _)| v == text).map_or_else(|| text.to_owned(), |(_, l)| l.clone()),
        Kind::Check => c.t(if matches!(text, "true" | "on") { "yes" } else { "no" }),
        _ => text.to_owned(),
    }
}

/// The versions view: each field with the other person's saved value and this person's, changed ones marked.
pub fn versions(c: &Chrome, defs: &[Def], sent: &Sent, theirs: &Value) -> Vec<Compare> {
    defs.iter()
        .map(|d| {
            let (t, m) = (text_at(theirs, d.name), sent.value(d));
            Compare {
                label: c.t(d.label),
                changed: norm(&t, d) != norm(&m, d),
                // Shown, not sent back: the sealed placeholder in the reader's language.
                theirs: super::timeline::local_sealed(c.tr, &shown(d, &t, c)),
                mine: super::timeline::local_sealed(c.tr, &shown(d, &m, c)),
            }
        })
        .collect()
}

/// The form again with what was typed: values as sent; `orig` as given (the stored values, for "keep mine").
pub fn refill(c: &Chrome, defs: &[Def], sent: &Sent, orig: Option<&Value>) -> Vec<Field> {
    let mut out = fields(c, defs, orig);
    for (f, d) in out.iter_mut().zip(defs) {
        f.value = sent.value(d);
        if orig.is_none() {
            f.orig = sent.orig.get(d.name).cloned().unwrap_or_default();
        }
    }
    out
}

/// Puts an error answer's field reasons next to their fields; the others are returned as problems.
pub fn place_errors(fields: &mut [Field], error: &ApiError) -> Vec<String> {
    let mut loose = Vec::new();
    let list = match error {
        ApiError::Invalid(list) => list.iter().map(|f| (f.field.clone(), f.reason.clone())).collect(),
        other => vec![(String::new(), other.message())],
    };
    for (name, reason) in list {
        let tail = name.rsplit('.').next().unwrap_or_default().to_owned();
        // `person.first_name` in the form, `first_name` in a domain error (or the reverse).
        let exact = fields.iter().position(|f| f.name == name);
        let by_tail = || fields.iter().position(|f| !tail.is_empty() && f.name.rsplit('.').next() == Some(&tail));
        let field = exact.or_else(by_tail).map(|i| &mut fields[i]);
        match field {
            Some(f) => f.error = Some(reason),
            None => loose.push(reason),
        }
    }
    loose
}
