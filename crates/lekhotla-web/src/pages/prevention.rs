//! `/prevention`: prevention work as pages. The awareness campaigns, trainings, joint inspections and screenings
//! at ports of entry of a TIP year (1 April to 31 March), with their totals; recording one and changing one go
//! through the forms' shared handlers (`prevention/form.rs`) to the API's (`api/register.rs`, with each register's
//! checks in `api/campaigns.rs`, `api/trainings.rs`, `api/inspections.rs`, `api/screenings.rs`): the same checks,
//! audit entries and version checks.

mod campaign;
mod form;
mod inspection;
mod screening;
mod training;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use lekhotla_domain::{Campaign, CountryCode, Inspection, Screening, Training, UnitCode};
use lekhotla_storage::{PreventionFilter, PreventionRecords};
use serde::Deserialize;
use serde_json::{Value, json};
use time::{Date, Month};

use crate::actor::Actor;
use crate::api::register::may_lead;
use crate::error::ApiError;
use crate::i18n::grouped;
use crate::pages::admin::Errs;
use crate::pages::chrome::Chrome;
use crate::state::AppState;

pub use campaign::{CampaignForm, new_form as new_campaign};
pub use form::{create, edit_form, update};
pub use inspection::{InspectionForm, new_form as new_inspection};
pub use screening::{ScreeningForm, new_form as new_screening};
pub use training::{TrainingForm, new_form as new_training};

/// The countries abroad a campaign is most often in, as the form offers them (any other by the API).
pub const ABROAD: [&str; 6] = ["ZA", "BW", "SZ", "NA", "MZ", "ZW"];

/// The TIP year asked for, by its first calendar year (`2025` is 1 April 2025 to 31 March 2026).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct YearForm {
    year: Option<i32>,
}

/// One campaign as a row of the list.
#[derive(Debug)]
struct Row {
    id: String,
    started_on: String,
    place: String,
    title: String,
    audience: String,
    reach: u32,
    organisation: String,
    editable: bool,
}

/// One training as a row of the list.
#[derive(Debug)]
struct TrainingRow {
    id: String,
    started_on: String,
    place: String,
    title: String,
    people: u64,
    certified: u64,
    /// A training of trainers, with the number of trainings its graduates gave next (any year).
    of_trainers: Option<usize>,
    organisation: String,
    editable: bool,
}

/// One joint inspection as a row of the list.
#[derive(Debug)]
struct InspectionRow {
    id: String,
    inspected_on: String,
    place: String,
    employer: String,
    foreign_workers: u32,
    /// The numbers of the cases opened from it.
    cases: Vec<String>,
    organisation: String,
    editable: bool,
}

/// One screening session at a port of entry as a row of the list.
#[derive(Debug)]
struct ScreeningRow {
    id: String,
    started_on: String,
    /// The port and its district.
    port: String,
    direction: String,
    travellers: u32,
    referred: u32,
    /// The numbers of the cases opened from it.
    cases: Vec<String>,
    organisation: String,
    editable: bool,
}

#[derive(Debug, Template)]
#[template(path = "prevention.html")]
struct PreventionPage {
    c: Chrome,
    year: i32,
    years: Vec<(i32, String)>,
    rows: Vec<Row>,
    reach: u64,
    abroad: usize,
    trainings: Vec<TrainingRow>,
    trained: u64,
    certified: u64,
    of_trainers: usize,
    inspections: Vec<InspectionRow>,
    foreign_workers: u64,
    with_case: usize,
    screenings: Vec<ScreeningRow>,
    screened: u64,
    referred: u64,
    screening_cases: usize,
}

/// The first TIP year the page offers (2015-16): an older year asked for shows this one, as the choice says.
const FIRST_YEAR: i32 = 2015;

/// The TIP year `today` falls in, by its first calendar year.
fn tip_year_of(today: Date) -> i32 {
    if today.month() >= Month::April { today.year() } else { today.year() - 1 }
}

/// The TIP year's days.
fn tip_year(year: i32) -> Result<(Date, Date), ApiError> {
    let from = Date::from_calendar_date(year, Month::April, 1).map_err(|_| ApiError::field("year", "is not a year"))?;
    let to =
        Date::from_calendar_date(year + 1, Month::March, 31).map_err(|_| ApiError::field("year", "is not a year"))?;
    Ok((from, to))
}

/// A place as a reader reads it: the district's name, or the country and town abroad.
pub fn place_name(
    state: &AppState,
    c: &Chrome,
    country: &CountryCode,
    district: Option<&UnitCode>,
    town: Option<&str>,
) -> String {
    let town = town.map(str::trim).filter(|t| !t.is_empty());
    match district {
        Some(code) => {
            let district = state.geography.get(code.as_str()).map_or_else(|| code.to_string(), |u| u.name.clone());
            town.map_or_else(|| district.clone(), |t| format!("{t}, {district}"))
        }
        None => {
            let id = format!("country-{}", country.as_str().to_lowercase());
            let country = if c.tr.has(&id) { c.t(&id) } else { country.to_string() };
            town.map_or_else(|| country.clone(), |t| format!("{t}, {country}"))
        }
    }
}

pub async fn page(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    Query(q): Query<YearForm>,
) -> Result<Response, ApiError> {
    let current = tip_year_of(crate::i18n::today(state.clock.now()));
    let year = q.year.unwrap_or(current).clamp(FIRST_YEAR, current);
    let (from, to) = tip_year(year)?;
    let filter = PreventionFilter { from: Some(from), to: Some(to), districts: None, limit: 5_000 };
    let campaigns = state.store.list_prevention::<Campaign>(&filter).await?;
    let orgs = state.store.list_organisations().await?;
    let org_name = |id| orgs.iter().find(|o| o.id == id).map_or_else(String::new, |o| o.details.name.clone());
    let reach = campaigns.iter().map(|x| u64::from(x.details.reach)).sum();
    let abroad = campaigns.iter().filter(|x| x.details.district.is_none()).count();
    let rows = campaigns
        .iter()
        .map(|x| Row {
            id: x.id.to_string(),
            started_on: x.details.started_on.to_string(),
            place: place_name(&state, &c, &x.details.country, x.details.district.as_ref(), x.details.town.as_deref()),
            title: x.details.title.clone(),
            audience: c.vocab(x.details.audience),
            reach: x.details.reach,
            organisation: org_name(x.details.organisation),
            editable: may_lead(&actor, x.details.organisation),
        })
        .collect();
    let every = state
        .store
        .list_prevention::<Training>(&PreventionFilter { limit: 5_000, ..PreventionFilter::default() })
        .await?;
    let trainings: Vec<TrainingRow> = every
        .iter()
        .filter(|t| (from..=to).contains(&t.details.started_on))
        .map(|t| {
            let d = &t.details;
            TrainingRow {
                id: t.id.to_string(),
                started_on: d.started_on.to_string(),
                place: place_name(&state, &c, &d.country, d.district.as_ref(), d.town.as_deref()),
                title: d.title.clone(),
                people: d.people(),
                certified: d.certified(),
                of_trainers: d
                    .of_trainers
                    .then(|| every.iter().filter(|next| next.details.trained_by == Some(t.id)).count()),
                organisation: org_name(d.organisation),
                editable: may_lead(&actor, d.organisation),
            }
        })
        .collect();
    let trained = trainings.iter().map(|t| t.people).sum();
    let certified = trainings.iter().map(|t| t.certified).sum();
    let of_trainers = trainings.iter().filter(|t| t.of_trainers.is_some()).count();
    let inspected = state.store.list_prevention::<Inspection>(&filter).await?;
    let lesotho = CountryCode::parse("LS").map_err(ApiError::internal)?;
    let inspections = inspected
        .iter()
        .map(|x| {
            let d = &x.details;
            InspectionRow {
                id: x.id.to_string(),
                inspected_on: d.inspected_on.to_string(),
                place: place_name(&state, &c, &lesotho, Some(&d.district), d.town.as_deref()),
                employer: d.employer.clone(),
                foreign_workers: d.foreign_workers,
                cases: d.cases.iter().map(ToString::to_string).collect(),
                organisation: org_name(d.organisation),
                editable: may_lead(&actor, d.organisation),
            }
        })
        .collect();
    let foreign_workers = inspected.iter().map(|x| u64::from(x.details.foreign_workers)).sum();
    let with_case = inspected.iter().filter(|x| !x.details.cases.is_empty()).count();
    let screened_here = state.store.list_prevention::<Screening>(&filter).await?;
    let port_names = screening::ports(&state);
    let screenings = screened_here
        .iter()
        .map(|x| {
            let d = &x.details;
            let port = port_names
                .iter()
                .find(|(code, _)| code == d.port.as_str())
                .map_or_else(|| d.port.to_string(), |(_, n)| n.clone());
            ScreeningRow {
                id: x.id.to_string(),
                started_on: match d.ended_on {
                    Some(end) if end != d.started_on => format!("{} – {end}", d.started_on),
                    _ => d.started_on.to_string(),
                },
                port,
                direction: c.vocab(d.direction),
                travellers: d.travellers,
                referred: d.referred,
                cases: d.cases.iter().map(ToString::to_string).collect(),
                organisation: org_name(d.organisation),
                editable: may_lead(&actor, d.organisation),
            }
        })
        .collect();
    let screened = screened_here.iter().map(|x| u64::from(x.details.travellers)).sum();
    let referred = screened_here.iter().map(|x| u64::from(x.details.referred)).sum();
    let screening_cases = screened_here.iter().map(|x| x.details.cases.len()).sum();
    let years = (FIRST_YEAR..=current).rev().map(|y| (y, format!("{y}-{:02}", (y + 1) % 100))).collect();
    let page = PreventionPage {
        c,
        year,
        years,
        rows,
        reach,
        abroad,
        trainings,
        trained,
        certified,
        of_trainers,
        inspections,
        foreign_workers,
        with_case,
        screenings,
        screened,
        referred,
        screening_cases,
    };
    let html = page.render().map_err(ApiError::internal)?;
    Ok(Html(html).into_response())
}

/// Optional text as the API's JSON: `null` when blank.
/// The organisations a form's "organisation" select offers `actor`, as (id, name): every one to the national
/// coordinator, else one's own and the one `chosen` (a stored record's, so that the form shows it).
pub(crate) fn choosable(actor: &Actor, orgs: &[lekhotla_domain::Organisation], chosen: &str) -> Vec<(String, String)> {
    let coordinator = actor.roles.contains(lekhotla_identity::Role::NationalCoordinator);
    orgs.iter()
        .filter(|o| coordinator || o.id == actor.organisation || o.id.to_string() == chosen)
        .map(|o| (o.id.to_string(), o.details.name.clone()))
        .collect()
}

pub(crate) fn opt(s: &str) -> Value {
    let t = s.trim();
    if t.is_empty() { Value::Null } else { json!(t) }
}

/// A whole number as typed (spaces and thousands' commas allowed) as the API's JSON, or its problem added to
/// `errs` (`null` then, as for a blank one that is not `needed`).
pub(crate) fn number(c: &Chrome, errs: &mut Errs, field: &str, s: &str, needed: bool) -> Value {
    let t: String = s.trim().chars().filter(|ch| !matches!(ch, ' ' | ',')).collect();
    if t.is_empty() {
        if needed {
            errs.add(field, c.t("campaign-error-number"));
        }
        return Value::Null;
    }
    match t.parse::<u64>() {
        Ok(n) => json!(n),
        Err(_) => {
            errs.add(field, c.t("campaign-error-number"));
            Value::Null
        }
    }
}

/// The API's field errors in the person's language: the record's own rules (`own`: the English reason and its
/// message) by their messages, any other as "not accepted" in the person's language with the rule in English
/// as the domain states it (as the intake forms do).
pub(crate) fn refused(c: &Chrome, e: ApiError, own: &[(&str, &str)]) -> Result<Errs, ApiError> {
    let errs = Errs::from_api(e)?;
    let mut out = Errs::default();
    for (field, reason) in errs.0 {
        match own.iter().find(|(english, _)| *english == reason) {
            Some((_, id)) => out.add(&field, c.t(id)),
            None => out.add(&field, c.t1("intake-not-accepted", "reason", &reason)),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn the_tip_year_starts_in_april() {
        assert_eq!(tip_year_of(date!(2026 - 03 - 31)), 2025);
        assert_eq!(tip_year_of(date!(2026 - 04 - 01)), 2026);
        assert_eq!(tip_year(2025).unwrap(), (date!(2025 - 04 - 01), date!(2026 - 03 - 31)));
    }
}
