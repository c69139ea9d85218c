//! The forms of part C (referral moves and justice acts): fields described as data, one template
//! (`justice_form.html`) renders them all, with each field's error beside it and what was typed kept.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use lekhotla_domain::{Case, FieldError, Vocabulary};
use time::Date;

use crate::error::ApiError;
use crate::pages::chrome::Chrome;

/// One choice of a select or a group of checkboxes.
#[derive(Debug, Clone)]
pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// One field of a form.
#[derive(Debug, Clone)]
pub struct Field {
    pub name: &'static str,
    pub label: String,
    /// `text`, `date`, `number`, `area`, `select`, `check` or `checks`.
    pub kind: &'static str,
    pub value: String,
    pub options: Vec<Opt>,
    pub required: bool,
    pub hint: String,
    pub error: String,
}

impl Field {
    fn new(name: &'static str, label: String, kind: &'static str) -> Self {
        Self {
            name,
            label,
            kind,
            value: String::new(),
            options: Vec::new(),
            required: false,
            hint: String::new(),
            error: String::new(),
        }
    }
    pub fn text(name: &'static str, label: String) -> Self {
        Self::new(name, label, "text")
    }
    pub fn date(name: &'static str, label: String) -> Self {
        Self::new(name, label, "date")
    }
    pub fn number(name: &'static str, label: String) -> Self {
        Self::new(name, label, "number")
    }
    pub fn area(name: &'static str, label: String) -> Self {
        Self::new(name, label, "area")
    }
    pub fn check(name: &'static str, label: String) -> Self {
        Self::new(name, label, "check")
    }
    pub fn select(name: &'static str, label: String, options: Vec<Opt>) -> Self {
        Self { options, ..Self::new(name, label, "select") }
    }
    pub fn checks(name: &'static str, label: String, options: Vec<Opt>) -> Self {
        Self { options, ..Self::new(name, label, "checks") }
    }
    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }
    pub fn hint(mut self, hint: String) -> Self {
        self.hint = hint;
        self
    }
    pub fn value(mut self, value: impl Into<String>) -> Self {
        self.value = value.into();
        self
    }
    /// The select's choice, or the checkbox's state (`true`).
    pub fn is_chosen(&self, option: &Opt) -> bool {
        option.selected || (!self.value.is_empty() && option.value == self.value)
    }
}

/// A vocabulary's values as choices, labelled in the person's language.
pub fn vocab<V: Vocabulary>(c: &Chrome) -> Vec<Opt> {
    V::ALL.iter().map(|v| Opt { value: v.code().to_owned(), label: c.vocab(*v), selected: false }).collect()
}

/// The pairs a form sent, in order.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(transparent)]
pub struct Values(pub Vec<(String, String)>);

impl Values {
    /// The trimmed value of `name`, if one that is not empty was sent.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim()).filter(|v| !v.is_empty())
    }
    /// Every value of `name` that is not empty.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v.trim()).filter(|v| !v.is_empty()).collect()
    }
    pub fn opt_text(&self, name: &str) -> Option<String> {
        self.get(name).map(str::to_owned)
    }
    pub fn flag(&self, name: &str) -> bool {
        self.get(name).is_some()
    }
    /// The record version the form carried.
    pub fn version(&self) -> Result<i64, ApiError> {
        self.get("version")
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| ApiError::BadRequest("the form carries no version".into()))
    }
}

/// Reads typed values out of a form, collecting every problem (in the person's language).
pub struct Reader<'a> {
    pub values: &'a Values,
    pub c: &'a Chrome,
    pub errors: Vec<FieldError>,
}

impl<'a> Reader<'a> {
    pub fn new(values: &'a Values, c: &'a Chrome) -> Self {
        Self { values, c, errors: Vec::new() }
    }
    fn missing(&mut self, name: &str) {
        self.errors.push(FieldError::new(name, self.c.t("justice-error-required")));
    }
    pub fn text(&mut self, name: &str) -> String {
        let v = self.values.opt_text(name);
        if v.is_none() {
            self.missing(name);
        }
        v.unwrap_or_default()
    }
    pub fn date(&mut self, name: &str) -> Option<Date> {
        let text = self.values.get(name)?;
        let format = time::macros::format_description!("[year]-[month]-[day]");
        match Date::parse(text, &format) {
            Ok(d) => Some(d),
            Err(_) => {
                self.errors.push(FieldError::new(name, self.c.t("justice-error-date")));
                None
            }
        }
    }
    pub fn req_date(&mut self, name: &str) -> Date {
        match self.values.get(name) {
            None => {
                self.missing(name);
                Date::MIN
            }
            Some(_) => self.date(name).unwrap_or(Date::MIN),
        }
    }
    pub fn number<T: std::str::FromStr>(&mut self, name: &str) -> Option<T> {
        let text = self.values.get(name)?;
        match text.parse() {
            Ok(n) => Some(n),
            Err(_) => {
                self.errors.push(FieldError::new(name, self.c.t("justice-error-number")));
                None
            }
        }
    }
    pub fn code<V: Vocabulary>(&mut self, name: &str) -> Option<V> {
        match self.values.get(name) {
            None => {
                self.missing(name);
                None
            }
            Some(text) => {
                let v = V::from_code(text);
                if v.is_none() {
                    self.errors.push(FieldError::new(name, self.c.t("justice-error-choice")));
                }
                v
            }
        }
    }
    pub fn id<T: std::str::FromStr>(&mut self, name: &str) -> Option<T> {
        match self.values.get(name) {
            None => {
                self.missing(name);
                None
            }
            Some(text) => {
                let v = text.parse().ok();
                if v.is_none() {
                    self.errors.push(FieldError::new(name, self.c.t("justice-error-choice")));
                }
                v
            }
        }
    }
    /// The input, or every problem found.
    pub fn finish<T>(self, value: Option<T>) -> Result<T, ApiError> {
        match value {
            Some(v) if self.errors.is_empty() => Ok(v),
            _ => Err(ApiError::Invalid(self.errors)),
        }
    }
}

/// A form page.
#[derive(Debug, Template)]
#[template(path = "justice_form.html")]
pub struct Form {
    pub c: Chrome,
    pub title: String,
    pub intro: String,
    /// The case's number (the link back to its file).
    pub number: String,
    /// Where the form posts.
    pub action: String,
    /// The version of the record the form changes.
    pub version: Option<i64>,
    /// What the record holds now, shown above the form.
    pub facts: Vec<(String, String)>,
    pub fields: Vec<Field>,
    pub problem: String,
    pub notice: String,
    pub submit: String,
    pub danger: bool,
}

impl Form {
    pub fn new(c: Chrome, title: String, case: &Case, action: String) -> Self {
        let submit = c.t("justice-save");
        Self {
            c,
            title,
            intro: String::new(),
            number: case.number.to_string(),
            action,
            version: None,
            facts: Vec::new(),
            fields: Vec::new(),
            problem: String::new(),
            notice: String::new(),
            submit,
            danger: false,
        }
    }

    /// Puts what the person sent back into the fields.
    pub fn keep(&mut self, values: &Values) {
        for f in &mut self.fields {
            match f.kind {
                "checks" => {
                    let chosen = values.all(f.name);
                    for o in &mut f.options {
                        o.selected = chosen.contains(&o.value.as_str());
                    }
                }
                "check" => f.value = if values.flag(f.name) { "true".into() } else { String::new() },
                _ => f.value = values.get(f.name).unwrap_or_default().to_owned(),
            }
        }
    }

    /// Puts each problem beside its field (the others above the form).
    pub fn errors(&mut self, errors: &[FieldError]) {
        let mut rest = Vec::new();
        for e in errors {
            let name = e.field.rsplit('.').next().unwrap_or(&e.field);
            match self.fields.iter_mut().find(|f| f.name == name || f.name == e.field) {
                Some(f) if f.error.is_empty() => f.error = e.reason.clone(),
                Some(_) => {}
                None => rest.push(format!("{}: {}", e.field, e.reason)),
            }
        }
        self.problem = if rest.is_empty() { self.c.t("justice-error-fields") } else { rest.join("; ") };
    }

    pub fn page(self, status: StatusCode) -> Result<Response, ApiError> {
        let html = self.render().map_err(ApiError::internal)?;
        Ok((status, Html(html)).into_response())
    }
}

/// The answer to a form sent: the case file (303), or the form again with what went wrong; errors
/// that are not about the form (not found, forbidden) become error pages.
pub fn answer(result: Result<(), ApiError>, mut form: Form, values: &Values, next: &str) -> Result<Response, ApiError> {
    form.keep(values);
    match result {
        Ok(()) => Ok(Redirect::to(next).into_response()),
        Err(ApiError::Invalid(errors)) => {
            form.errors(&errors);
            form.page(StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(ApiError::Stale(_)) => {
            form.notice = form.c.t("justice-stale");
            form.page(StatusCode::CONFLICT)
        }
        Err(ApiError::Refused(m)) => {
            form.problem = format!("{} {m}", form.c.t("justice-refused"));
            form.page(StatusCode::CONFLICT)
        }
        Err(e) => Err(e),
    }
}

/// A date as the form's inputs write it.
pub fn iso(d: Date) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    d.format(&format).unwrap_or_default()
}
