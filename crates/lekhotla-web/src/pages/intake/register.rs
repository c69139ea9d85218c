//! `/intake` (act `register-case`): the detection form (how it came to light, when, where, the port of
//! entry when at a border, the organisation); the case is registered by the API's own logic and the
//! person is recorded next.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use lekhotla_domain::{DetectionSource, NewCase, OrgId, UnitCode};
use serde::Deserialize;

use super::{Choice, Errors, choices, code, iso, opt, required_date};
use crate::actor::Actor;
use crate::error::ApiError;
use crate::pages::chrome::Chrome;
use crate::pages::csrf::PageForm;
use crate::state::AppState;

/// The detection form as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Detection {
    pub organisation: String,
    pub detection_source: String,
    pub detected_on: String,
    pub district: String,
    pub port_of_entry: String,
    pub summary: String,
}

#[derive(Debug, Template)]
#[template(path = "intake_register.html")]
struct Page {
    c: Chrome,
    form: Detection,
    errors: Errors,
    orgs: Vec<Choice>,
    sources: Vec<Choice>,
    districts: Vec<Choice>,
    ports: Vec<Choice>,
}

fn render(
    state: &AppState,
    actor: &Actor,
    c: Chrome,
    form: Detection,
    errors: Errors,
    orgs: Vec<(OrgId, String)>,
) -> Result<Response, ApiError> {
    let geo = &state.geography;
    let units = |items: Vec<(&UnitCode, &str)>, chosen: &str| {
        items
            .into_iter()
            .map(|(code, name)| Choice {
                code: code.to_string(),
                label: name.to_owned(),
                selected: code.as_str() == chosen,
            })
            .collect()
    };
    let districts = units(geo.districts().map(|u| (&u.code, u.name.as_str())).collect(), &form.district);
    let ports = units(geo.ports_of_entry().map(|u| (&u.code, u.name.as_str())).collect(), &form.port_of_entry);
    let source = <DetectionSource as lekhotla_domain::Vocabulary>::from_code(form.detection_source.trim());
    let orgs = orgs
        .into_iter()
        .filter(|(id, _)| crate::authority::may_register(actor, *id).is_ok())
        .map(|(id, name)| Choice { selected: id.to_string() == form.organisation, code: id.to_string(), label: name })
        .collect();
    let page = Page { sources: choices(&c, source.as_slice()), c, form, errors, orgs, districts, ports };
    Ok(Html(page.render().map_err(ApiError::internal)?).into_response())
}

async fn organisations(state: &AppState) -> Result<Vec<(OrgId, String)>, ApiError> {
    Ok(state.store.list_organisations().await?.into_iter().map(|o| (o.id, o.details.name)).collect())
}

pub async fn form(State(state): State<AppState>, actor: Actor, c: Chrome) -> Result<Response, ApiError> {
    let form = Detection {
        organisation: actor.organisation.to_string(),
        district: actor.district.as_ref().map(ToString::to_string).unwrap_or_default(),
        detected_on: iso(state.clock.today()),
        ..Detection::default()
    };
    let orgs = organisations(&state).await?;
    render(&state, &actor, c, form, Errors::default(), orgs)
}

pub async fn submit(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    PageForm(form): PageForm<Detection>,
) -> Result<Response, ApiError> {
    let mut errors = Errors::default();
    let input = read(&c, &actor, &mut errors, &form);
    if let Some(input) = input.filter(|_| errors.is_empty()) {
        match crate::api::cases::register(&state, &actor, input).await {
            Ok(case) => return Ok(Redirect::to(&format!("/cases/{}/record-person", case.number)).into_response()),
            Err(e) => errors.take(&c, e)?,
        }
    }
    let orgs = organisations(&state).await?;
    render(&state, &actor, c, form, errors, orgs)
}

/// The case to register (its owner the person registering it), or the problems of the form.
fn read(c: &Chrome, actor: &Actor, errors: &mut Errors, f: &Detection) -> Option<NewCase> {
    let organisation = f.organisation.trim().parse::<OrgId>().ok();
    if organisation.is_none() {
        errors.add("organisation", c.t("intake-required"));
    }
    let source = code::<DetectionSource>(c, errors, "detection_source", &f.detection_source);
    if source.is_none() && !errors.has("detection_source") {
        errors.add("detection_source", c.t("intake-required"));
    }
    let detected_on = required_date(c, errors, "detected_on", &f.detected_on);
    let district = UnitCode::parse(f.district.trim()).ok();
    if district.is_none() {
        errors.add("district", c.t("intake-required"));
    }
    let port = opt(&f.port_of_entry).and_then(|p| UnitCode::parse(&p).ok());
    if port.is_some() && source != Some(DetectionSource::BorderPost) {
        errors.add("port_of_entry", c.t("intake-port-only-border"));
    }
    Some(NewCase {
        organisation: organisation?,
        district: district?,
        detection_source: source?,
        detected_on: detected_on?,
        port_of_entry: port,
        owner: None,
        owner_user: Some(lekhotla_domain::UserRef(actor.user.0)),
        incoming_referral: None,
        summary: opt(&f.summary),
    })
}
