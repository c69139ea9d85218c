//! `/prevention`: prevention work as pages. The awareness campaigns of a TIP year (1 April to 31 March), with
//! their totals; recording one and changing one go through the API's own handlers (`api/campaigns.rs`: its
//! checks, its audit entries, its version check).

mod campaign;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use lekhotla_domain::Campaign;
use lekhotla_storage::CampaignFilter;
use serde::Deserialize;
use time::{Date, Month};

use crate::actor::Actor;
use crate::api::campaigns::may_lead;
use crate::error::ApiError;
use crate::pages::chrome::Chrome;
use crate::state::AppState;

pub use campaign::{create, edit_form, new_form, update};

/// The countries abroad a campaign is most often in, as the form offers them (any other by the API).
pub const ABROAD: [&str; 6] = ["ZA", "BW", "SZ", "NA", "MZ", "ZW"];

/// The TIP year asked for, by its first calendar year (`2025` is 1 April 2025 to 31 March 2026).
#[derive(Debug, Default, Deserialize)]
pub struct YearForm {
    #[serde(default)]
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

#[derive(Debug, Template)]
#[template(path = "prevention.html")]
struct PreventionPage {
    c: Chrome,
    year: i32,
    years: Vec<(i32, String)>,
    rows: Vec<Row>,
    reach: u64,
    abroad: usize,
}

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
pub fn place_name(state: &AppState, c: &Chrome, campaign: &Campaign) -> String {
    let d = &campaign.details;
    let town = d.town.as_deref().map(str::trim).filter(|t| !t.is_empty());
    match &d.district {
        Some(code) => {
            let district = state.geography.get(code.as_str()).map_or_else(|| code.to_string(), |u| u.name.clone());
            town.map_or_else(|| district.clone(), |t| format!("{t}, {district}"))
        }
        None => {
            let id = format!("country-{}", d.country.as_str().to_lowercase());
            let country = if c.tr.has(&id) { c.t(&id) } else { d.country.to_string() };
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
    let year = q.year.unwrap_or(current).clamp(2000, current);
    let (from, to) = tip_year(year)?;
    let filter = CampaignFilter { from: Some(from), to: Some(to), districts: None, limit: 5_000 };
    let campaigns = state.store.list_campaigns(&filter).await?;
    let orgs = state.store.list_organisations().await?;
    let org_name = |id| orgs.iter().find(|o| o.id == id).map_or_else(String::new, |o| o.details.name.clone());
    let reach = campaigns.iter().map(|x| u64::from(x.details.reach)).sum();
    let abroad = campaigns.iter().filter(|x| x.details.district.is_none()).count();
    let rows = campaigns
        .iter()
        .map(|x| Row {
            id: x.id.to_string(),
            started_on: x.details.started_on.to_string(),
            place: place_name(&state, &c, x),
            title: x.details.title.clone(),
            audience: c.vocab(x.details.audience),
            reach: x.details.reach,
            organisation: org_name(x.details.organisation),
            editable: may_lead(&actor, x.details.organisation),
        })
        .collect();
    let years = (2015..=current).rev().map(|y| (y, format!("{y}-{:02}", (y + 1) % 100))).collect();
    let html = PreventionPage { c, year, years, rows, reach, abroad }.render().map_err(ApiError::internal)?;
    Ok(Html(html).into_response())
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
