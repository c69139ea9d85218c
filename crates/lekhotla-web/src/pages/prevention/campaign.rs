//! One campaign's form: recording a new one and changing one, through the API's handlers.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use lekhotla_domain::{Campaign, CampaignAudience, CampaignChannel, Vocabulary};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::form::{RegisterForm, Shown, in_a_line};
use super::{ABROAD, number, opt};
use crate::actor::Actor;
use crate::error::ApiError;
use crate::pages::admin::{Errs, districts};
use crate::pages::chrome::Chrome;
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
#[serde(default)]
pub struct CampaignForm {
    title: String,
    organisation: String,
    country: String,
    district: String,
    town: String,
    audience: String,
    channels: Vec<String>,
    started_on: String,
    ended_on: String,
    reach: String,
    partners: String,
    materials: String,
    cost: String,
    version: i64,
}

impl CampaignForm {
    fn has_channel(&self, code: &str) -> bool {
        self.channels.iter().any(|s| s == code)
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

impl RegisterForm for CampaignForm {
    type Record = Campaign;
    const OWN: &'static [(&'static str, &'static str)] = &OWN;
    const SAVED: &'static str = "/prevention";

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

    fn typed(&self) -> String {
        in_a_line(&[&self.title, &self.town, &self.district, &self.started_on, &self.reach])
    }

    fn version(&self) -> i64 {
        self.version
    }

    async fn render(state: &AppState, actor: &Actor, c: Chrome, f: Self, shown: Shown) -> Result<Response, ApiError> {
        let status = shown.status();
        let Shown { id, errs, stale } = shown;
        let organisations = super::choosable(actor, &state.store.list_organisations().await?, &f.organisation);
        let mut countries = vec![("LS", c.t("country-ls"))];
        countries.extend(ABROAD.iter().map(|code| (*code, c.t(&format!("country-{}", code.to_lowercase())))));
        let audiences = CampaignAudience::ALL.iter().map(|a| (a.code(), c.vocab(*a))).collect();
        let channels = CampaignChannel::ALL.iter().map(|a| (a.code(), c.vocab(*a))).collect();
        let districts = districts(state);
        let page = FormPage { c, id, f, organisations, countries, districts, audiences, channels, errs, stale };
        Ok((status, Html(page.render().map_err(ApiError::internal)?)).into_response())
    }
}

pub async fn new_form(State(state): State<AppState>, actor: Actor, c: Chrome) -> Result<Response, ApiError> {
    let f = CampaignForm {
        organisation: actor.organisation.to_string(),
        country: "LS".into(),
        district: actor.district.as_ref().map(ToString::to_string).unwrap_or_default(),
        ..CampaignForm::default()
    };
    CampaignForm::render(&state, &actor, c, f, Shown::new(None)).await
}
