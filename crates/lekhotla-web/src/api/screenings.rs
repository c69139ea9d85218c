//! `/screenings`: screenings of travellers at ports of entry (immigration, police at the border posts). Anyone
//! who records prevention work reads them all (no traveller is named; the cases opened are named by number
//! only); the organisation that screened and the national coordinator change one.

use axum::Json;
use axum::extract::{Path, Query, State};
use lekhotla_domain::{
    CaseNumber, OrgId, Screening, ScreeningIndicator, ScreeningInput, TravelDirection, TravellerGroups, UnitCode,
};
use lekhotla_storage::CaseKey;
use serde::{Deserialize, Serialize};
use time::Date;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::register::{self, Register, may_lead};
use super::require_org;
use crate::actor::Actor;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, IfMatch, Tagged};
use crate::merge_patch::{DESCRIPTION, MergePatch};
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

/// Checks what the domain cannot (it checks the port against the geography): the organisation and every case
/// named exist, and the actor may speak for the organisation that screened.
pub async fn check(state: &AppState, actor: &Actor, screening: &Screening) -> Result<(), ApiError> {
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
    Ok(())
}

impl Register for Screening {
    type Input = ScreeningInput;
    type Update = ScreeningUpdate;
    const NOUN: &'static str = "screening";
    const ONE: &'static str = "a screening";
    const PATH: &'static str = "screenings";
    const NOT_YOURS: &'static str =
        "only the organisation that screened, or the national coordinator, may change the screening";

    fn id(&self) -> Uuid {
        self.id.0
    }

    fn organisation(&self) -> OrgId {
        self.details.organisation
    }

    fn current(&self) -> ScreeningUpdate {
        let d = &self.details;
        ScreeningUpdate {
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
        }
    }

    fn input(change: ScreeningUpdate, needed: &(dyn Fn(&str) -> ApiError + Sync)) -> Result<ScreeningInput, ApiError> {
        Ok(ScreeningInput {
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
        })
    }

    async fn checked(
        state: &AppState,
        actor: &Actor,
        was: Option<&Self>,
        input: ScreeningInput,
    ) -> Result<Self, ApiError> {
        let today = state.clock.today();
        let screening = match was {
            None => Screening::new(input, today, &state.geography)?,
            Some(was) => was.changed(input, today, &state.geography)?,
        };
        check(state, actor, &screening).await?;
        Ok(screening)
    }
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
    register::create(&state, &actor, input).await
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
    let items = register::list(&state, &actor, (q.from, q.to), q.district, q.limit).await?;
    Ok(Json(ScreeningList { items }))
}

#[utoipa::path(get, path = "/screenings/{id}", tag = "prevention", operation_id = "get_screening",
    params(("id" = String, Path, description = "The screening's id")),
    responses((status = 200, body = Screening), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<Tagged<Screening>, ApiError> {
    register::get(&state, &actor, &id).await
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
    register::update(&state, &actor, &id, version, patch).await
}
