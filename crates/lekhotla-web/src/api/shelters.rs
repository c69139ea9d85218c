//! `/shelters` and `/providers/{org}/years/{year}`: shelters' occupancy and length of stay, computed from the
//! placements (the `Shelter` referrals delivered to them), and each service provider's year, its beds and its
//! funding committed and disbursed by funder. Figures only: no person, and no shelter's location, is shown.
//! Anyone who reads figures reads them; an organisation (or the national coordinator) keeps its own year.

use axum::Json;
use axum::extract::{Path, Query, State};
use lekhotla_domain::{Occupancy, OrgId, Organisation, ProviderYear, ProviderYearInput, ServiceType};
use lekhotla_storage::{Action, DbError, ProviderYears};
use serde::{Deserialize, Serialize};
use time::{Date, Month};
use utoipa::{IntoParams, ToSchema};

use super::register::may_lead;
use super::require_org;
use crate::actor::Actor;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, MaybeIfMatch, Tagged};
use crate::mutate::parse_id;
use crate::state::AppState;

/// Which year (default: this one).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// The calendar year, from 2000 to the current one.
    #[param(minimum = 2000, maximum = 9999)]
    pub year: Option<i32>,
}

/// Shelters and providers over a year, as far as it has gone.
#[derive(Debug, Serialize, ToSchema)]
pub struct ShelterYear {
    pub year: i32,
    /// The period the figures cover: the year, or this year up to today.
    pub from: Date,
    pub to: Date,
    pub shelters: Vec<ShelterLine>,
    /// Every provider's recorded year (beds and funding), by name.
    pub providers: Vec<ProviderLine>,
    /// Maloti committed and disbursed to every provider in the year.
    pub committed: u64,
    pub disbursed: u64,
}

/// One shelter's year.
#[derive(Debug, Serialize, ToSchema)]
pub struct ShelterLine {
    pub organisation: OrgId,
    pub name: String,
    /// The beds its year records (none when not recorded).
    pub beds: Option<u32>,
    #[serde(flatten)]
    pub occupancy: Occupancy,
    /// Beds occupied on an average night, in percent of the beds (none without beds).
    pub rate: Option<f64>,
}

/// One provider's recorded year.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProviderLine {
    pub name: String,
    pub shelter: bool,
    #[serde(flatten)]
    pub record: ProviderYear,
}

/// The first and last day of `year`'s figures: up to `today` for the current year.
pub fn period(year: i32, today: Date) -> Result<(Date, Date), ApiError> {
    let day = |m, d| Date::from_calendar_date(year, m, d).map_err(|_| ApiError::field("year", "is not a year"));
    let (from, end) = (day(Month::January, 1)?, day(Month::December, 31)?);
    if !(lekhotla_domain::provision::FIRST_YEAR..=today.year()).contains(&year) {
        return Err(ApiError::field(
            "year",
            format!("must be from {} to {}", lekhotla_domain::provision::FIRST_YEAR, today.year()),
        ));
    }
    Ok((from, end.min(today)))
}

/// Whether `org` is a shelter (it takes referrals for the `Shelter` service).
fn shelters(o: &Organisation) -> bool {
    o.details.services.contains(&ServiceType::Shelter)
}

/// The year's figures.
pub async fn year_of(state: &AppState, year: i32) -> Result<ShelterYear, ApiError> {
    let (from, to) = period(year, state.clock.today())?;
    let orgs = state.store.list_organisations().await?;
    let records = state.store.list_years(year).await?;
    let stays = state.store.shelter_stays(from, to).await?;
    let name = |id: OrgId| orgs.iter().find(|o| o.id == id).map(|o| o.details.name.clone()).unwrap_or_default();
    let mut ids: Vec<OrgId> = orgs.iter().filter(|o| shelters(o)).map(|o| o.id).collect();
    ids.extend(stays.iter().map(|s| s.shelter).filter(|id| !orgs.iter().any(|o| o.id == *id && shelters(o))));
    ids.sort_by_key(|id| name(*id));
    ids.dedup();
    let shelters_out = ids
        .into_iter()
        .map(|id| {
            let beds = records.iter().find(|r| r.organisation == id).and_then(|r| r.details.beds);
            let own = stays.iter().filter(|s| s.shelter == id).map(|s| (s.from, s.until));
            let occupancy = Occupancy::of(own, from, to);
            ShelterLine { organisation: id, name: name(id), beds, rate: occupancy.rate(beds), occupancy }
        })
        .collect();
    let mut providers: Vec<ProviderLine> = records
        .into_iter()
        .map(|record| ProviderLine {
            name: name(record.organisation),
            shelter: orgs.iter().any(|o| o.id == record.organisation && shelters(o)),
            record,
        })
        .collect();
    providers.sort_by(|a, b| a.name.cmp(&b.name));
    let committed = providers.iter().map(|p| p.record.details.committed()).sum();
    let disbursed = providers.iter().map(|p| p.record.details.disbursed()).sum();
    Ok(ShelterYear { year, from, to, shelters: shelters_out, providers, committed, disbursed })
}

#[utoipa::path(get, path = "/shelters", tag = "coordination", operation_id = "shelter_year",
    params(YearQuery),
    responses((status = 200, body = ShelterYear), (status = 400, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    actor: Actor,
    query: Result<Query<YearQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<ShelterYear>, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let year = q.year.unwrap_or(state.clock.now().year());
    tracing::debug!(%actor, year, "shelter figures read");
    Ok(Json(year_of(&state, year).await?))
}

fn parse_year(s: &str) -> Result<i32, ApiError> {
    s.parse().map_err(|_| ApiError::not_found("provider year"))
}

#[utoipa::path(get, path = "/providers/{org}/years/{year}", tag = "coordination", operation_id = "get_provider_year",
    params(("org" = String, Path, description = "The organisation's id"), ("year" = i32, Path, description = "The calendar year")),
    responses((status = 200, body = ProviderYear), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    actor: Actor,
    Path((org, year)): Path<(String, String)>,
) -> Result<Tagged<ProviderYear>, ApiError> {
    let org: OrgId = parse_id(&org, "provider year")?;
    let year = parse_year(&year)?;
    let record = state.store.read_year(org, year).await?.ok_or_else(|| ApiError::not_found("provider year"))?;
    tracing::debug!(%actor, %org, year, "provider year read");
    Ok(Tagged::ok(record.version, record))
}

#[utoipa::path(put, path = "/providers/{org}/years/{year}", tag = "coordination", operation_id = "save_provider_year",
    request_body = ProviderYearInput,
    params(("org" = String, Path, description = "The organisation's id"), ("year" = i32, Path, description = "The calendar year"),
           ("If-Match" = Option<String>, Header, description = "The ETag last read; none to record the year the first time")),
    responses((status = 200, body = ProviderYear, description = "Changed"),
              (status = 201, body = ProviderYear, description = "Recorded; ETag is its version"),
              (status = 403, body = ErrorBody, description = "Another organisation's year"),
              (status = 412, body = ErrorBody), (status = 428, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn save(
    State(state): State<AppState>,
    actor: Actor,
    Path((org, year)): Path<(String, String)>,
    MaybeIfMatch(version): MaybeIfMatch,
    ApiJson(input): ApiJson<ProviderYearInput>,
) -> Result<Tagged<ProviderYear>, ApiError> {
    let org: OrgId = parse_id(&org, "provider year")?;
    let year = parse_year(&year)?;
    require_org(&state, org, "organisation").await.map_err(|_| ApiError::not_found("organisation"))?;
    if !may_lead(&actor, org) {
        return Err(ApiError::Forbidden(
            "a provider's year is kept by the organisation itself, or by the national coordinator".into(),
        ));
    }
    let today = state.clock.today();
    input.validate(year, today)?;
    let stored = state.store.read_year(org, year).await?;
    let entry = actor.entry(state.clock.now(), Action::ProvisionSave).record(format!("provider-year/{org}/{year}"));
    let saved = match (stored, version) {
        (None, None) => {
            let record = ProviderYear::new(org, year, input, today)?;
            state.store.record_year(&record, entry).await.map_err(|e| conflict(e, None))?;
            let location = format!("/api/v1/providers/{org}/years/{year}");
            tracing::info!(%actor, %org, year, "provider year recorded");
            return Ok(Tagged::created(record.version, location, record));
        }
        (None, Some(_)) => return Err(ApiError::not_found("provider year")),
        (Some(_), None) => return Err(ApiError::PreconditionRequired),
        (Some(now), Some(v)) if now.version != v => return Err(stale(v, now.version)),
        (Some(mut record), Some(v)) => {
            record.details = input;
            state.store.update_year(&record, entry).await.map_err(|e| conflict(e, Some(v)))?
        }
    };
    tracing::info!(%actor, %org, year, version = saved.version, "provider year changed");
    Ok(Tagged::ok(saved.version, saved))
}

/// A write that lost a race: stale when it changed a version read, refused when the year was recorded since.
fn conflict(e: DbError, read: Option<i64>) -> ApiError {
    match (e, read) {
        (DbError::Conflict(m), Some(_)) => ApiError::Stale(m),
        (e, _) => e.into(),
    }
}

fn stale(expected: i64, actual: i64) -> ApiError {
    ApiError::Stale(format!(
        "the year was changed by someone else (you had version {expected}, it is now at version {actual}); read it \
         again"
    ))
}
