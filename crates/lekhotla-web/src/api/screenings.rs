//! `/screenings`: screenings of travellers at ports of entry (immigration, police at the border posts). Anyone
//! who records prevention work reads them all (no traveller is named; the cases opened are named by number
//! only); the organisation that screened and the national coordinator change one.

use axum::Json;
use axum::extract::{Path, Query, State};
use lekhotla_domain::{
    CaseNumber, OrgId, Screening, ScreeningId, ScreeningIndicator, ScreeningInput, TravelDirection, TravellerGroups,
    UnitCode, UnitKind,
};
use lekhotla_storage::{Action, CaseKey, DbError, PreventionFilter, PreventionRecords};
use serde::{Deserialize, Serialize};
use time::Date;
use utoipa::{IntoParams, ToSchema};

use super::campaigns::may_lead;
use super::{require_opt_unit, require_org};
use crate::actor::Actor;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, IfMatch, Tagged};
use crate::merge_patch::{DESCRIPTION, MergePatch};
use crate::mutate::parse_id;
use crate::state::AppState;

/// Screening sessions, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScreeningList {
    pub items: Vec<Screening>,
}

/// Which screenings: by their first day and the port's district.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ScreeningQuery {
    /// Started on or after this day.
    pub from: Option<Date>,
    /// Started on or before this day.
    pub to: Option<Date>,
    /// At the ports of this district only.
    pub district: Option<UnitCode>,
    /// At most this many (1-500, default 500).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
}

/// The fields a change may set, as a merge patch applies to them: `null` clears an optional one.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScreeningUpdate {
    pub port: Option<UnitCode>,
    pub organisation: Option<OrgId>,
    pub started_on: Option<Date>,
    pub ended_on: Option<Date>,
    pub direction: Option<TravelDirection>,
    pub travellers: Option<u32>,
    /// The whole breakdown (a merge patch replaces it; `null` leaves the total alone).
    pub by_group: Option<TravellerGroups>,
    pub indicators: Option<Vec<ScreeningIndicator>>,
    pub referred: Option<u32>,
    /// The whole list of case numbers (a merge patch replaces a list).
    pub cases: Option<Vec<CaseNumber>>,
    pub note: Option<String>,
}

/// The record the input makes, checked as the domain checks it (the port against the geography), with what the
/// domain cannot check: the organisation and every case named exist, and the actor may speak for the
/// organisation that screened.
pub async fn check(state: &AppState, actor: &Actor, input: ScreeningInput) -> Result<Screening, ApiError> {
    let screening = Screening::new(input, state.clock.today(), &state.geography)?;
    let d = &screening.details;
    require_org(state, d.organisation, "organisation").await?;
    for number in &d.cases {
        if state.store.case_scope_facts(&CaseKey::Number(*number)).await?.is_none() {
            return Err(ApiError::field("cases", format!("no case has the number {number}")));
        }
    }
    if !may_lead(actor, d.organisation) {
        return Err(ApiError::Forbidden(
            "a screening is recorded by the organisation that screened, or by the national coordinator".into(),
        ));
    }
    Ok(screening)
}

#[utoipa::path(post, path = "/screenings", tag = "prevention", operation_id = "record_screening",
    request_body = ScreeningInput,
    responses((status = 201, body = Screening, description = "Recorded; ETag is its version"),
              (status = 403, body = ErrorBody, description = "Screened by another organisation"),
              (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    actor: Actor,
    ApiJson(input): ApiJson<ScreeningInput>,
) -> Result<Tagged<Screening>, ApiError> {
    let screening = check(&state, &actor, input).await?;
    let entry = actor.entry(state.clock.now(), Action::PreventionRecord).record(format!("screening/{}", screening.id));
    state.store.record_prevention(&screening, entry).await?;
    tracing::info!(%actor, screening = %screening.id, "screening recorded");
    Ok(Tagged::created(screening.version, format!("/api/v1/screenings/{}", screening.id), screening))
}

#[utoipa::path(get, path = "/screenings", tag = "prevention", operation_id = "list_screenings",
    params(ScreeningQuery),
    responses((status = 200, body = ScreeningList), (status = 400, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    actor: Actor,
    query: Result<Query<ScreeningQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<ScreeningList>, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    require_opt_unit(&state, q.district.as_ref(), UnitKind::District, "district")?;
    let filter = PreventionFilter {
        from: q.from,
        to: q.to,
        districts: q.district.map(|d| vec![d]),
        limit: super::paging::limit(q.limit, 500, super::paging::MAX_LIMIT)?,
    };
    tracing::debug!(%actor, "screenings listed");
    Ok(Json(ScreeningList { items: state.store.list_prevention(&filter).await? }))
}

#[utoipa::path(get, path = "/screenings/{id}", tag = "prevention", operation_id = "get_screening",
    params(("id" = String, Path, description = "The screening's id")),
    responses((status = 200, body = Screening), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<Tagged<Screening>, ApiError> {
    let screening = find(&state, &id).await?;
    tracing::debug!(%actor, screening = %screening.id, "screening read");
    Ok(Tagged::ok(screening.version, screening))
}

#[utoipa::path(patch, path = "/screenings/{id}", tag = "prevention", operation_id = "update_screening",
    request_body(description = DESCRIPTION, content((ScreeningUpdate = "application/merge-patch+json"), (ScreeningUpdate = "application/json"))),
    params(("id" = String, Path, description = "The screening's id"),
           ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, body = Screening), (status = 403, body = ErrorBody), (status = 412, body = ErrorBody),
              (status = 428, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    patch: MergePatch,
) -> Result<Tagged<Screening>, ApiError> {
    let screening = find(&state, &id).await?;
    if screening.version != version {
        return Err(stale(version, screening.version));
    }
    if !may_lead(&actor, screening.details.organisation) {
        return Err(ApiError::Forbidden(
            "only the organisation that screened, or the national coordinator, may change the screening".into(),
        ));
    }
    let d = &screening.details;
    let current = ScreeningUpdate {
        port: Some(d.port.clone()),
        organisation: Some(d.organisation),
        started_on: Some(d.started_on),
        ended_on: d.ended_on,
        direction: Some(d.direction),
        travellers: Some(d.travellers),
        by_group: d.by_group,
        indicators: Some(d.indicators.clone()),
        referred: Some(d.referred),
        cases: Some(d.cases.clone()),
        note: d.note.clone(),
    };
    let Some(change) = patch.apply(&current)? else {
        return Ok(Tagged::ok(screening.version, screening));
    };
    let needed = |field: &str| ApiError::field(field, "cannot be cleared: a screening needs one");
    let details = ScreeningInput {
        port: change.port.ok_or_else(|| needed("port"))?,
        organisation: change.organisation.ok_or_else(|| needed("organisation"))?,
        started_on: change.started_on.ok_or_else(|| needed("started_on"))?,
        ended_on: change.ended_on,
        direction: change.direction.ok_or_else(|| needed("direction"))?,
        travellers: change.travellers.ok_or_else(|| needed("travellers"))?,
        by_group: change.by_group,
        indicators: change.indicators.unwrap_or_default(),
        referred: change.referred.unwrap_or_default(),
        cases: change.cases.unwrap_or_default(),
        note: change.note,
    };
    let checked = check(&state, &actor, details).await?;
    let changed = Screening { id: screening.id, version: screening.version, ..checked };
    let entry = actor.entry(state.clock.now(), Action::PreventionUpdate).record(format!("screening/{}", changed.id));
    match state.store.update_prevention(&changed, entry).await {
        Ok(saved) => {
            tracing::info!(%actor, screening = %saved.id, version = saved.version, "screening changed");
            Ok(Tagged::ok(saved.version, saved))
        }
        Err(DbError::Conflict(_)) => Err(stale(version, find(&state, &id).await?.version)),
        Err(e) => Err(e.into()),
    }
}

fn stale(expected: i64, actual: i64) -> ApiError {
    ApiError::Stale(format!(
        "the screening was changed by someone else (you had version {expected}, it is now at version {actual})"
    ))
}

async fn find(state: &AppState, id: &str) -> Result<Screening, ApiError> {
    let screening_id: ScreeningId = parse_id(id, "screening")?;
    state
        .store
        .get_prevention::<Screening>(screening_id.0)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("screening {id}")))
}
