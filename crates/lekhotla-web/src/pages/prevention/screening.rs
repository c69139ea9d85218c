//! One screening session's form: recording a new one and changing one, through the API's handlers. The port is
//! chosen from the geography's ports of entry (each shown with its district); the travellers are a total, and by
//! sex and age group when they were counted so; the cases opened are typed as case numbers.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use lekhotla_domain::{Screening, ScreeningIndicator, TravelDirection, Vocabulary};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::form::{RegisterForm, Shown, in_a_line};
use super::{number, opt};
use crate::actor::Actor;
use crate::error::ApiError;
use crate::pages::admin::Errs;
use crate::pages::chrome::Chrome;
use crate::state::AppState;

/// The screening form as posted: everything as typed, so a refused form comes back as it was.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ScreeningForm {
    port: String,
    organisation: String,
    started_on: String,
    ended_on: String,
    direction: String,
    travellers: String,
    women: String,
    men: String,
    girls: String,
    boys: String,
    indicators: Vec<String>,
    referred: String,
    cases: String,
    note: String,
    version: i64,
}

/// The breakdown's fields, in the form's order.
const GROUPS: [&str; 4] = ["women", "men", "girls", "boys"];

impl ScreeningForm {
    fn has_indicator(&self, code: &str) -> bool {
        self.indicators.iter().any(|s| s == code)
    }

    fn group(&self, name: &str) -> &str {
        match name {
            "women" => &self.women,
            "men" => &self.men,
            "girls" => &self.girls,
            _ => &self.boys,
        }
    }
}

#[derive(Debug, Template)]
#[template(path = "screening_form.html")]
struct FormPage {
    c: Chrome,
    id: Option<String>,
    f: ScreeningForm,
    organisations: Vec<(String, String)>,
    ports: Vec<(String, String)>,
    directions: Vec<(&'static str, String)>,
    indicators: Vec<(&'static str, String)>,
    groups: Vec<(&'static str, String)>,
    errs: Errs,
    stale: Option<String>,
}

/// The ports of entry as a select offers them: "Maseru Bridge (Maseru)", in the geography's order.
pub fn ports(state: &AppState) -> Vec<(String, String)> {
    state
        .geography
        .ports_of_entry()
        .map(|p| {
            let district = p.parent.as_ref().filter(|d| state.geography.is_district(d));
            let name = match district.and_then(|d| state.geography.get(d.as_str())) {
                Some(d) => format!("{} ({})", p.name, d.name),
                None => p.name.clone(),
            };
            (p.code.as_str().to_owned(), name)
        })
        .collect()
}

impl RegisterForm for ScreeningForm {
    type Record = Screening;
    const OWN: &'static [(&'static str, &'static str)] = OWN;
    const SAVED: &'static str = "/prevention#screenings";

    fn of(s: &Screening) -> Self {
        let d = &s.details;
        let g = d.by_group;
        let n =
            |f: fn(&lekhotla_domain::TravellerGroups) -> u32| g.as_ref().map(|g| f(g).to_string()).unwrap_or_default();
        ScreeningForm {
            port: d.port.to_string(),
            organisation: d.organisation.to_string(),
            started_on: d.started_on.to_string(),
            ended_on: d.ended_on.map(|e| e.to_string()).unwrap_or_default(),
            direction: d.direction.code().to_owned(),
            travellers: d.travellers.to_string(),
            women: n(|g| g.women),
            men: n(|g| g.men),
            girls: n(|g| g.girls),
            boys: n(|g| g.boys),
            indicators: d.indicators.iter().map(|a| a.code().to_owned()).collect(),
            referred: d.referred.to_string(),
            cases: d.cases.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
            note: d.note.clone().unwrap_or_default(),
            version: s.version,
        }
    }

    /// The form as the API's JSON (blank optional fields `null`; the breakdown only when any of it is typed, and
    /// then a blank one is 0), or the fields that are not numbers.
    fn json(&self, c: &Chrome) -> Result<Value, Errs> {
        let mut errs = Errs::default();
        let travellers = number(c, &mut errs, "travellers", &self.travellers, true);
        let referred = number(c, &mut errs, "referred", &self.referred, false);
        let broken_down = GROUPS.iter().any(|g| !self.group(g).trim().is_empty());
        let mut groups = Map::new();
        for g in GROUPS {
            let n = number(c, &mut errs, g, self.group(g), false);
            groups.insert(g.into(), if n.is_null() { json!(0) } else { n });
        }
        if !errs.is_empty() {
            return Err(errs);
        }
        let cases: Vec<String> = self
            .cases
            .split([',', ' ', ';', '\n'])
            .map(|s| s.trim().to_uppercase())
            .filter(|s| !s.is_empty())
            .collect();
        let mut v = Map::new();
        v.insert("port".into(), json!(self.port.trim()));
        v.insert("organisation".into(), json!(self.organisation.trim()));
        v.insert("started_on".into(), json!(self.started_on.trim()));
        v.insert("ended_on".into(), opt(&self.ended_on));
        v.insert("direction".into(), json!(self.direction));
        v.insert("travellers".into(), travellers);
        v.insert("by_group".into(), if broken_down { Value::Object(groups) } else { Value::Null });
        v.insert("indicators".into(), json!(self.indicators));
        v.insert("referred".into(), if referred.is_null() { json!(0) } else { referred });
        v.insert("cases".into(), json!(cases));
        v.insert("note".into(), opt(&self.note));
        Ok(Value::Object(v))
    }

    fn typed(&self) -> String {
        in_a_line(&[&self.port, &self.started_on, &self.travellers, &self.referred, &self.cases])
    }

    fn version(&self) -> i64 {
        self.version
    }

    async fn render(state: &AppState, actor: &Actor, c: Chrome, f: Self, shown: Shown) -> Result<Response, ApiError> {
        let status = shown.status();
        let Shown { id, errs, stale } = shown;
        let organisations = super::choosable(actor, &state.store.list_organisations().await?, &f.organisation);
        let directions = TravelDirection::ALL.iter().map(|a| (a.code(), c.vocab(*a))).collect();
        let indicators = ScreeningIndicator::ALL.iter().map(|a| (a.code(), c.vocab(*a))).collect();
        let groups = GROUPS.iter().map(|g| (*g, c.t(&format!("screening-{g}")))).collect();
        let ports = ports(state);
        let page = FormPage { c, id, f, organisations, ports, directions, indicators, groups, errs, stale };
        Ok((status, Html(page.render().map_err(ApiError::internal)?)).into_response())
    }
}

pub async fn new_form(State(state): State<AppState>, actor: Actor, c: Chrome) -> Result<Response, ApiError> {
    let f = ScreeningForm { organisation: actor.organisation.to_string(), ..ScreeningForm::default() };
    ScreeningForm::render(&state, &actor, c, f, Shown::new(None)).await
}

/// The domain's own reasons the form names in the person's language.
const OWN: &[(&str, &str)] = &[("must be at least 1 (a session screens someone)", "screening-error-travellers")];
