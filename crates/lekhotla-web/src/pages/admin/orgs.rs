//! Organisations in the administration pages: create one and change one, through the API's own handlers
//! (`api/organisations.rs`: its checks, its audit entries, its version check on a change).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use lekhotla_domain::{OrgType, OrganisationInput, ServiceType, Vocabulary};
use serde::Deserialize;
use serde_json::{Value, json};

use super::Errs;
use crate::actor::Actor;
use crate::api::organisations as api;
use crate::error::ApiError;
use crate::extract::{ApiJson, IfMatch};
use crate::merge_patch::MergePatch;
use crate::pages::chrome::Chrome;
use crate::pages::csrf::PageForm;
use crate::state::AppState;

/// The organisation form as posted.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct OrgForm {
    name: String,
    org_type: String,
    district: String,
    services: Vec<String>,
    phone: String,
    city: String,
    country: String,
    version: i64,
    /// A shelter whose location this reader may not see: its district and town are left as they are.
    withheld: bool,
}

impl OrgForm {
    fn has_service(&self, code: &str) -> bool {
        self.services.iter().any(|s| s == code)
    }

    /// The form as the API's JSON: blank optional fields are `null`.
    fn json(&self) -> Value {
        let opt = |s: &str| {
            let t = s.trim();
            if t.is_empty() { Value::Null } else { json!(t) }
        };
        let country = if self.country.trim().is_empty() { "LS" } else { self.country.trim() };
        let mut v = json!({
            "name": self.name.trim(), "org_type": self.org_type, "district": opt(&self.district),
            "services": self.services, "phone": opt(&self.phone), "city": opt(&self.city), "country": country,
        });
        if self.withheld
            && let Some(o) = v.as_object_mut()
        {
            o.remove("district");
            o.remove("city");
        }
        v
    }
}

#[derive(Debug, Template)]
#[template(path = "admin_org.html")]
struct OrgPage {
    c: Chrome,
    /// The organisation's id when changing one.
    id: Option<String>,
    f: OrgForm,
    types: Vec<(&'static str, String)>,
    services: Vec<(&'static str, String)>,
    districts: Vec<(String, String)>,
    errs: Errs,
    /// When the save was refused as stale: what the person had typed (the form shows the organisation as
    /// stored now).
    stale: Option<String>,
}

fn render(state: &AppState, c: Chrome, id: Option<String>, f: OrgForm, errs: Errs) -> Result<Response, ApiError> {
    page(state, c, id, f, errs, None)
}

fn page(
    state: &AppState,
    c: Chrome,
    id: Option<String>,
    f: OrgForm,
    errs: Errs,
    stale: Option<String>,
) -> Result<Response, ApiError> {
    let types = OrgType::ALL.iter().map(|t| (t.code(), c.vocab(*t))).collect();
    let services = ServiceType::ALL.iter().map(|s| (s.code(), c.vocab(*s))).collect();
    let districts = super::districts(state);
    let status = if stale.is_some() { StatusCode::CONFLICT } else { StatusCode::OK };
    let page = OrgPage { c, id, f, types, services, districts, errs, stale };
    Ok((status, Html(page.render().map_err(ApiError::internal)?)).into_response())
}

pub async fn new_form(State(state): State<AppState>, c: Chrome) -> Result<Response, ApiError> {
    let f = OrgForm { country: "LS".into(), ..OrgForm::default() };
    render(&state, c, None, f, Errs::default())
}

pub async fn create(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    PageForm(f): PageForm<OrgForm>,
) -> Result<Response, ApiError> {
    let body = serde_json::to_vec(&f.json()).map_err(ApiError::internal)?;
    let made = match crate::extract::decode::<OrganisationInput>(&body) {
        Ok(input) => api::create(State(state.clone()), actor, ApiJson(input)).await,
        Err(e) => Err(e),
    };
    match made {
        Ok(_) => Ok(Redirect::to("/admin").into_response()),
        Err(ApiError::Refused(_)) => {
            let mut errs = Errs::default();
            errs.add("name", c.t("admin-error-org-name-taken"));
            render(&state, c, None, f, errs)
        }
        Err(e) => render(&state, c, None, f, Errs::from_api(e)?),
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let f = stored(&state, actor, &id).await?;
    render(&state, c, Some(id), f, Errs::default())
}

/// The organisation as stored, as its form.
async fn stored(state: &AppState, actor: Actor, id: &str) -> Result<OrgForm, ApiError> {
    let view = api::get(State(state.clone()), actor, Path(id.to_owned())).await?.body;
    let org = view.organisation;
    let d = &org.details;
    Ok(OrgForm {
        name: d.name.clone(),
        org_type: d.org_type.code().to_owned(),
        district: d.district.as_ref().map(|u| u.as_str().to_owned()).unwrap_or_default(),
        services: d.services.iter().map(|s| s.code().to_owned()).collect(),
        phone: d.phone.clone().unwrap_or_default(),
        city: d.city.clone().unwrap_or_default(),
        country: d.country.as_str().to_owned(),
        version: org.version,
        withheld: view.location_withheld,
    })
}

/// What a refused form held, in a line: the values typed, by what they are.
fn typed(c: &Chrome, f: &OrgForm) -> String {
    let mut parts = vec![f.name.trim().to_owned()];
    if let Some(t) = <OrgType as Vocabulary>::from_code(&f.org_type) {
        parts.push(c.vocab(t));
    }
    parts.extend(f.services.iter().filter_map(|s| <ServiceType as Vocabulary>::from_code(s)).map(|s| c.vocab(s)));
    parts.extend(
        [f.district.trim(), f.city.trim(), f.phone.trim()].into_iter().filter(|v| !v.is_empty()).map(str::to_owned),
    );
    parts.join(", ")
}

pub async fn update(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    Path(id): Path<String>,
    PageForm(f): PageForm<OrgForm>,
) -> Result<Response, ApiError> {
    let patch = MergePatch::of(f.json());
    match api::update(State(state.clone()), actor.clone(), Path(id.clone()), IfMatch(f.version), patch).await {
        Ok(_) => Ok(Redirect::to("/admin").into_response()),
        // Someone saved it since the form was read: nothing is overwritten; the form shows theirs, with
        // what this person typed beside it to carry over.
        Err(ApiError::Stale(_)) => {
            let mine = typed(&c, &f);
            let now = stored(&state, actor, &id).await?;
            page(&state, c, Some(id), now, Errs::default(), Some(mine))
        }
        Err(ApiError::Refused(_)) => {
            let mut errs = Errs::default();
            errs.add("name", c.t("admin-error-org-name-taken"));
            render(&state, c, Some(id), f, errs)
        }
        Err(e) => render(&state, c, Some(id), f, Errs::from_api(e)?),
    }
}
