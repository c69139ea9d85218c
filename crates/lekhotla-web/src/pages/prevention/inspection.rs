//! One joint inspection's form: recording a new one and changing one, through the API's handlers. The cases
//! opened from it are typed as case numbers, one or several, separated by commas or spaces.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use lekhotla_domain::{ForcedLabourIndustry, Inspection, InspectionAgency, MethodOfControl, Vocabulary};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::form::{RegisterForm, Shown, in_a_line};
use super::{number, opt};
use crate::actor::Actor;
use crate::error::ApiError;
use crate::pages::admin::{Errs, districts};
use crate::pages::chrome::Chrome;
use crate::state::AppState;

/// The inspection form as posted: everything as typed, so a refused form comes back as it was.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct InspectionForm {
    employer: String,
    sector: String,
    organisation: String,
    district: String,
    town: String,
    inspected_on: String,
    agencies: Vec<String>,
    workers: String,
    foreign_workers: String,
    indicators: Vec<String>,
    cases: String,
    findings: String,
    version: i64,
}

impl InspectionForm {
    fn has_agency(&self, code: &str) -> bool {
        self.agencies.iter().any(|s| s == code)
    }

    fn has_indicator(&self, code: &str) -> bool {
        self.indicators.iter().any(|s| s == code)
    }
}

#[derive(Debug, Template)]
#[template(path = "inspection_form.html")]
struct FormPage {
    c: Chrome,
    id: Option<String>,
    f: InspectionForm,
    organisations: Vec<(String, String)>,
    districts: Vec<(String, String)>,
    sectors: Vec<(&'static str, String)>,
    agencies: Vec<(&'static str, String)>,
    indicators: Vec<(&'static str, String)>,
    errs: Errs,
    stale: Option<String>,
}

impl RegisterForm for InspectionForm {
    type Record = Inspection;
    const OWN: &'static [(&'static str, &'static str)] = &[];
    const SAVED: &'static str = "/prevention#inspections";

    fn of(inspection: &Inspection) -> Self {
        let d = &inspection.details;
        InspectionForm {
            employer: d.employer.clone(),
            sector: d.sector.code().to_owned(),
            organisation: d.organisation.to_string(),
            district: d.district.to_string(),
            town: d.town.clone().unwrap_or_default(),
            inspected_on: d.inspected_on.to_string(),
            agencies: d.agencies.iter().map(|a| a.code().to_owned()).collect(),
            workers: d.workers.to_string(),
            foreign_workers: d.foreign_workers.to_string(),
            indicators: d.indicators.iter().map(|a| a.code().to_owned()).collect(),
            cases: d.cases.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
            findings: d.findings.clone().unwrap_or_default(),
            version: inspection.version,
        }
    }

    /// The form as the API's JSON (blank optional fields `null`), or the fields that are not numbers.
    fn json(&self, c: &Chrome) -> Result<Value, Errs> {
        let mut errs = Errs::default();
        let workers = number(c, &mut errs, "workers", &self.workers, true);
        let foreign = number(c, &mut errs, "foreign_workers", &self.foreign_workers, true);
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
        v.insert("employer".into(), json!(self.employer.trim()));
        v.insert("sector".into(), json!(self.sector));
        v.insert("organisation".into(), json!(self.organisation.trim()));
        v.insert("district".into(), json!(self.district.trim()));
        v.insert("town".into(), opt(&self.town));
        v.insert("inspected_on".into(), json!(self.inspected_on.trim()));
        v.insert("agencies".into(), json!(self.agencies));
        v.insert("workers".into(), workers);
        v.insert("foreign_workers".into(), foreign);
        v.insert("indicators".into(), json!(self.indicators));
        v.insert("cases".into(), json!(cases));
        v.insert("findings".into(), opt(&self.findings));
        Ok(Value::Object(v))
    }

    fn typed(&self) -> String {
        in_a_line(&[&self.employer, &self.district, &self.inspected_on, &self.foreign_workers, &self.cases])
    }

    fn version(&self) -> i64 {
        self.version
    }

    async fn render(state: &AppState, actor: &Actor, c: Chrome, f: Self, shown: Shown) -> Result<Response, ApiError> {
        let status = shown.status();
        let Shown { id, errs, stale } = shown;
        let organisations = super::choosable(actor, &state.store.list_organisations().await?, &f.organisation);
        let sectors = ForcedLabourIndustry::ALL.iter().map(|a| (a.code(), c.vocab(*a))).collect();
        let agencies = InspectionAgency::ALL.iter().map(|a| (a.code(), c.vocab(*a))).collect();
        let indicators = MethodOfControl::ALL.iter().map(|a| (a.code(), c.vocab(*a))).collect();
        let districts = districts(state);
        let page = FormPage { c, id, f, organisations, districts, sectors, agencies, indicators, errs, stale };
        Ok((status, Html(page.render().map_err(ApiError::internal)?)).into_response())
    }
}

pub async fn new_form(State(state): State<AppState>, actor: Actor, c: Chrome) -> Result<Response, ApiError> {
    let f = InspectionForm {
        organisation: actor.organisation.to_string(),
        district: actor.district.as_ref().map(ToString::to_string).unwrap_or_default(),
        ..InspectionForm::default()
    };
    InspectionForm::render(&state, &actor, c, f, Shown::new(None)).await
}
