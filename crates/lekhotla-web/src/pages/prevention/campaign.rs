//! One campaign's form: recording a new one and changing one, through the API's handlers.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use lekhotla_domain::{CampaignAudience, CampaignChannel, CampaignInput, Vocabulary};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{ABROAD, number, opt, refused};
use crate::actor::Actor;
use crate::api::campaigns as api;
use crate::error::ApiError;
use crate::extract::{ApiJson, IfMatch};
use crate::merge_patch::MergePatch;
use crate::pages::admin::{Errs, districts};
use crate::pages::chrome::Chrome;
use crate::pages::csrf::PageForm;
use crate::state::AppState;

/// The rules of the campaign's own whose reasons have their own messages.
const OWN: [(&str, &str); 3] = [
    ("is needed for a campaign in Lesotho", "campaign-error-district-needed"),
    ("is only for a campaign in Lesotho (abroad, give the town)", "campaign-error-district-abroad"),
    ("is needed for a campaign abroad (e.g. Welkom)", "campaign-error-town-needed"),
];

/// The campaign form as posted: everything as typed, numbers and days included, so a refused form comes
/// back as it was.
#[derive(Debug, Default, Deserialize)]
pub struct CampaignForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    district: String,
    #[serde(default)]
    town: String,
    #[serde(default)]
    audience: String,
    #[serde(default)]
    channels: Vec<String>,
    #[serde(default)]
    started_on: String,
    #[serde(default)]
    ended_on: String,
    #[serde(default)]
    reach: String,
    #[serde(default)]
    partners: String,
    #[serde(default)]
    materials: String,
    #[serde(default)]
    cost: String,
    #[serde(default)]
    version: i64,
}

impl CampaignForm {
    fn has_channel(&self, code: &str) -> bool {
        self.channels.iter().any(|s| s == code)
    }

    /// The form as the API's JSON (blank optional fields `null`), or the fields that are not numbers.
    fn json(&self, c: &Chrome) -> Result<Value, Errs> {
        let mut errs = Errs::default();
        let reach = number(c, &mut errs, "reach", &self.reach, true);
        let cost = number(c, &mut errs, "cost", &self.cost, false);
        if !errs.is_empty() {
            return Err(errs);
        }
        let country = if self.country.trim().is_empty() { "LS" } else { self.country.trim() };
        let mut v = Map::new();
        v.insert("title".into(), json!(self.title.trim()));
        v.insert("organisation".into(), json!(self.organisation.trim()));
        v.insert("country".into(), json!(country));
        v.insert("district".into(), if country == "LS" { opt(&self.district) } else { Value::Null });
        v.insert("town".into(), opt(&self.town));
        v.insert("audience".into(), json!(self.audience));
        v.insert("channels".into(), json!(self.channels));
        v.insert("started_on".into(), json!(self.started_on.trim()));
        v.insert("ended_on".into(), opt(&self.ended_on));
        v.insert("reach".into(), reach);
        v.insert("partners".into(), opt(&self.partners));
        v.insert("materials".into(), opt(&self.materials));
        v.insert("cost".into(), cost);
        Ok(Value::Object(v))
    }

    fn of(campaign: &lekhotla_domain::Campaign) -> Self {
        let d = &campaign.details;
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        CampaignForm {
            title: d.title.clone(),
            organisation: d.organisation.to_string(),
            country: d.country.to_string(),
            district: d.district.as_ref().map(ToString::to_string).unwrap_or_default(),
            town: s(&d.town),
            audience: d.audience.code().to_owned(),
            channels: d.channels.iter().map(|ch| ch.code().to_owned()).collect(),
            started_on: d.started_on.to_string(),
            ended_on: d.ended_on.map(|x| x.to_string()).unwrap_or_default(),
            reach: d.reach.to_string(),
            partners: s(&d.partners),
            materials: s(&d.materials),
            cost: d.cost.map(|x| x.to_string()).unwrap_or_default(),
            version: campaign.version,
        }
    }
}

#[derive(Debug, Template)]
#[template(path = "campaign_form.html")]
struct FormPage {
    c: Chrome,
    id: Option<String>,
    f: CampaignForm,
    organisations: Vec<(String, String)>,
    countries: Vec<(&'static str, String)>,
    districts: Vec<(String, String)>,
    audiences: Vec<(&'static str, String)>,
    channels: Vec<(&'static str, String)>,
    errs: Errs,
    /// When the save was refused as stale: what the person had typed (the form shows the campaign as stored).
    stale: Option<String>,
}

async fn render(
    state: &AppState,
    actor: &Actor,
    c: Chrome,
    id: Option<String>,
    f: CampaignForm,
    errs: Errs,
    stale: Option<String>,
) -> Result<Response, ApiError> {
    let organisations = super::choosable(actor, &state.store.list_organisations().await?, &f.organisation);
    let mut countries = vec![("LS", c.t("country-ls"))];
    countries.extend(ABROAD.iter().map(|code| (*code, c.t(&format!("country-{}", code.to_lowercase())))));
    let audiences = CampaignAudience::ALL.iter().map(|a| (a.code(), c.vocab(*a))).collect();
    let channels = CampaignChannel::ALL.iter().map(|a| (a.code(), c.vocab(*a))).collect();
    let status = if stale.is_some() {
        StatusCode::CONFLICT
    } else if errs.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let districts = districts(state);
    let page = FormPage { c, id, f, organisations, countries, districts, audiences, channels, errs, stale };
    Ok((status, Html(page.render().map_err(ApiError::internal)?)).into_response())
}

pub async fn new_form(State(state): State<AppState>, actor: Actor, c: Chrome) -> Result<Response, ApiError> {
    let f = CampaignForm {
        organisation: actor.organisation.to_string(),
        country: "LS".into(),
        district: actor.district.as_ref().map(ToString::to_string).unwrap_or_default(),
        ..CampaignForm::default()
    };
    render(&state, &actor, c, None, f, Errs::default(), None).await
}

pub async fn create(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    PageForm(f): PageForm<CampaignForm>,
) -> Result<Response, ApiError> {
    let body = match f.json(&c) {
        Ok(v) => serde_json::to_vec(&v).map_err(ApiError::internal)?,
        Err(errs) => return render(&state, &actor, c, None, f, errs, None).await,
    };
    let made = match crate::extract::decode::<CampaignInput>(&body) {
        Ok(input) => api::create(State(state.clone()), actor.clone(), ApiJson(input)).await,
        Err(e) => Err(e),
    };
    match made {
        Ok(_) => Ok(Redirect::to("/prevention").into_response()),
        Err(e) => {
            let errs = refused(&c, e, &OWN)?;
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
    render(&state, &actor, c, Some(id), CampaignForm::of(&stored), Errs::default(), None).await
}

/// What a refused form held, in a line.
fn typed(f: &CampaignForm) -> String {
    [f.title.trim(), f.town.trim(), f.district.trim(), f.started_on.trim(), f.reach.trim()]
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
    PageForm(f): PageForm<CampaignForm>,
) -> Result<Response, ApiError> {
    let patch = match f.json(&c) {
        Ok(v) => MergePatch::of(v),
        Err(errs) => return render(&state, &actor, c, Some(id), f, errs, None).await,
    };
    match api::update(State(state.clone()), actor.clone(), Path(id.clone()), IfMatch(f.version), patch).await {
        Ok(_) => Ok(Redirect::to("/prevention").into_response()),
        // Someone saved it since the form was read: nothing is overwritten; the form shows theirs, with what
        // this person typed beside it.
        Err(ApiError::Stale(_)) => {
            let mine = typed(&f);
            let now = api::get(State(state.clone()), actor.clone(), Path(id.clone())).await?.body;
            render(&state, &actor, c, Some(id), CampaignForm::of(&now), Errs::default(), Some(mine)).await
        }
        Err(e) => {
            let errs = refused(&c, e, &OWN)?;
            render(&state, &actor, c, Some(id), f, errs, None).await
        }
    }
}
