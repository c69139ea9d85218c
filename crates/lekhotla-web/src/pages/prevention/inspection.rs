//! One joint inspection's form: recording a new one and changing one, through the API's handlers. The cases
//! opened from it are typed as case numbers, one or several, separated by commas or spaces.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use lekhotla_domain::{
    ForcedLabourIndustry, Inspection, InspectionAgency, InspectionInput, MethodOfControl, Vocabulary,
};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{number, opt, refused};
use crate::actor::Actor;
use crate::api::inspections as api;
use crate::error::ApiError;
use crate::extract::{ApiJson, IfMatch};
use crate::merge_patch::MergePatch;
use crate::pages::admin::{Errs, districts};
use crate::pages::chrome::Chrome;
use crate::pages::csrf::PageForm;
use crate::state::AppState;

/// The inspection form as posted: everything as typed, so a refused form comes back as it was.
#[derive(Debug, Default, Deserialize)]
pub struct InspectionForm {
    #[serde(default)]
    employer: String,
    #[serde(default)]
    sector: String,
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    district: String,
    #[serde(default)]
    town: String,
    #[serde(default)]
    inspected_on: String,
    #[serde(default)]
    agencies: Vec<String>,
    #[serde(default)]
    workers: String,
    #[serde(default)]
    foreign_workers: String,
    #[serde(default)]
    indicators: Vec<String>,
    #[serde(default)]
    cases: String,
    #[serde(default)]
    findings: String,
    #[serde(default)]
    version: i64,
}

impl InspectionForm {
    fn has_agency(&self, code: &str) -> bool {
        self.agencies.iter().any(|s| s == code)
    }

    fn has_indicator(&self, code: &str) -> bool {
        self.indicators.iter().any(|s| s == code)
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

async fn render(
    state: &AppState,
    actor: &Actor,
    c: Chrome,
    id: Option<String>,
    f: InspectionForm,
    errs: Errs,
    stale: Option<String>,
) -> Result<Response, ApiError> {
    let organisations = super::choosable(actor, &state.store.list_organisations().await?, &f.organisation);
    let sectors = ForcedLabourIndustry::ALL.iter().map(|a| (a.code(), c.vocab(*a))).collect();
    let agencies = InspectionAgency::ALL.iter().map(|a| (a.code(), c.vocab(*a))).collect();
    let indicators = MethodOfControl::ALL.iter().map(|a| (a.code(), c.vocab(*a))).collect();
    let status = if stale.is_some() {
        StatusCode::CONFLICT
    } else if errs.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let districts = districts(state);
    let page = FormPage { c, id, f, organisations, districts, sectors, agencies, indicators, errs, stale };
    Ok((status, Html(page.render().map_err(ApiError::internal)?)).into_response())
}

pub async fn new_form(State(state): State<AppState>, actor: Actor, c: Chrome) -> Result<Response, ApiError> {
    let f = InspectionForm {
        organisation: actor.organisation.to_string(),
        district: actor.district.as_ref().map(ToString::to_string).unwrap_or_default(),
        ..InspectionForm::default()
    };
    render(&state, &actor, c, None, f, Errs::default(), None).await
}

pub async fn create(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    PageForm(f): PageForm<InspectionForm>,
) -> Result<Response, ApiError> {
    let body = match f.json(&c) {
        Ok(v) => serde_json::to_vec(&v).map_err(ApiError::internal)?,
        Err(errs) => return render(&state, &actor, c, None, f, errs, None).await,
    };
    let made = match crate::extract::decode::<InspectionInput>(&body) {
        Ok(input) => api::create(State(state.clone()), actor.clone(), ApiJson(input)).await,
        Err(e) => Err(e),
    };
    match made {
        Ok(_) => Ok(Redirect::to("/prevention#inspections").into_response()),
        Err(e) => {
            let errs = refused(&c, e, &[])?;
            render(&state, &actor, c, None, f, errs, None).await
        }
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let stored = api::get(State(state.clone()), actor.clone(), Path(id.clone())).await?.body;
    render(&state, &actor, c, Some(id), InspectionForm::of(&stored), Errs::default(), None).await
}

/// What a refused form held, in a line.
fn typed(f: &InspectionForm) -> String {
    [f.employer.trim(), f.district.trim(), f.inspected_on.trim(), f.foreign_workers.trim(), f.cases.trim()]
        .into_iter()
        .filter(|v| !v.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

pub async fn update(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    Path(id): Path<String>,
    PageForm(f): PageForm<InspectionForm>,
) -> Result<Response, ApiError> {
    let patch = match f.json(&c) {
        Ok(v) => MergePatch::of(v),
        Err(errs) => return render(&state, &actor, c, Some(id), f, errs, None).await,
    };
    match api::update(State(state.clone()), actor.clone(), Path(id.clone()), IfMatch(f.version), patch).await {
        Ok(_) => Ok(Redirect::to("/prevention#inspections").into_response()),
        // Someone saved it since the form was read: nothing is overwritten; the form shows theirs, with what
        // this person typed beside it.
        Err(ApiError::Stale(_)) => {
            let mine = typed(&f);
            let now = api::get(State(state.clone()), actor.clone(), Path(id.clone())).await?.body;
            render(&state, &actor, c, Some(id), InspectionForm::of(&now), Errs::default(), Some(mine)).await
        }
        Err(e) => {
            let errs = refused(&c, e, &[])?;
            render(&state, &actor, c, Some(id), f, errs, None).await
        }
    }
}
