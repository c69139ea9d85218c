//! `/inspections`: joint inspections of employers of foreign workers (labour, immigration, police). Anyone who
//! records prevention work reads them all (no worker is named; the cases opened are named by number only); the
//! agency that led one and the national coordinator change it.

use axum::Json;
use axum::extract::{Path, Query, State};
use lekhotla_domain::{
    CaseNumber, ForcedLabourIndustry, Inspection, InspectionAgency, InspectionInput, MethodOfControl, OrgId, UnitCode,
    UnitKind,
};
use lekhotla_storage::CaseKey;
use serde::{Deserialize, Serialize};
use time::Date;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::register::{self, Register, may_lead};
use super::{require_org, require_unit};
use crate::actor::Actor;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, IfMatch, Tagged};
use crate::merge_patch::{DESCRIPTION, MergePatch};
use crate::state::AppState;

/// Inspections, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct InspectionList {
    pub items: Vec<Inspection>,
}

/// Which inspections: by their day and district.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct InspectionQuery {
    /// On or after this day.
    pub from: Option<Date>,
    /// On or before this day.
    pub to: Option<Date>,
    /// In this district only.
    pub district: Option<UnitCode>,
    /// At most this many (1-500, default 500).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
}

/// The fields a change may set, as a merge patch applies to them: `null` clears an optional one.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InspectionUpdate {
    pub employer: Option<String>,
    pub sector: Option<ForcedLabourIndustry>,
    pub organisation: Option<OrgId>,
    pub district: Option<UnitCode>,
    pub town: Option<String>,
    pub inspected_on: Option<Date>,
    pub agencies: Option<Vec<InspectionAgency>>,
    pub workers: Option<u32>,
    pub foreign_workers: Option<u32>,
    pub indicators: Option<Vec<MethodOfControl>>,
    /// The whole list of case numbers (a merge patch replaces a list).
    pub cases: Option<Vec<CaseNumber>>,
    pub findings: Option<String>,
}

/// Checks what the domain cannot: the organisation, the district and every case named exist, and the actor may
/// speak for the agency that led it.
pub async fn check(state: &AppState, actor: &Actor, input: &InspectionInput) -> Result<(), ApiError> {
    input.validate(state.clock.today())?;
    require_org(state, input.organisation, "organisation").await?;
    require_unit(state, &input.district, UnitKind::District, "district")?;
    for number in &input.cases {
        if state.store.case_scope_facts(&CaseKey::Number(*number)).await?.is_none() {
            return Err(ApiError::field("cases", format!("no case has the number {number}")));
        }
    }
    if !may_lead(actor, input.organisation) {
        return Err(ApiError::Forbidden(
            "an inspection is recorded by the agency that led it, or by the national coordinator".into(),
        ));
    }
    Ok(())
}

impl Register for Inspection {
    type Input = InspectionInput;
    type Update = InspectionUpdate;
    const NOUN: &'static str = "inspection";
    const ONE: &'static str = "an inspection";
    const PATH: &'static str = "inspections";
    const NOT_YOURS: &'static str =
        "only the agency that led the inspection, or the national coordinator, may change it";

    fn id(&self) -> Uuid {
        self.id.0
    }

    fn organisation(&self) -> OrgId {
        self.details.organisation
    }

    fn current(&self) -> InspectionUpdate {
        let d = &self.details;
        InspectionUpdate {
            employer: Some(d.employer.clone()),
            sector: Some(d.sector),
            organisation: Some(d.organisation),
            district: Some(d.district.clone()),
            town: d.town.clone(),
            inspected_on: Some(d.inspected_on),
            agencies: Some(d.agencies.clone()),
            workers: Some(d.workers),
            foreign_workers: Some(d.foreign_workers),
            indicators: Some(d.indicators.clone()),
            cases: Some(d.cases.clone()),
            findings: d.findings.clone(),
        }
    }

    fn input(
        change: InspectionUpdate,
        needed: &(dyn Fn(&str) -> ApiError + Sync),
    ) -> Result<InspectionInput, ApiError> {
        Ok(InspectionInput {
            employer: change.employer.ok_or_else(|| needed("employer"))?,
            sector: change.sector.ok_or_else(|| needed("sector"))?,
            organisation: change.organisation.ok_or_else(|| needed("organisation"))?,
            district: change.district.ok_or_else(|| needed("district"))?,
            town: change.town,
            inspected_on: change.inspected_on.ok_or_else(|| needed("inspected_on"))?,
            agencies: change.agencies.ok_or_else(|| needed("agencies"))?,
            workers: change.workers.ok_or_else(|| needed("workers"))?,
            foreign_workers: change.foreign_workers.ok_or_else(|| needed("foreign_workers"))?,
            indicators: change.indicators.unwrap_or_default(),
            cases: change.cases.unwrap_or_default(),
            findings: change.findings,
        })
    }

    async fn checked(
        state: &AppState,
        actor: &Actor,
        was: Option<&Self>,
        input: InspectionInput,
    ) -> Result<Self, ApiError> {
        check(state, actor, &input).await?;
        Ok(match was {
            None => Inspection::new(input, state.clock.today())?,
            Some(was) => Inspection { details: input, ..was.clone() },
        })
    }
}

#[utoipa::path(post, path = "/inspections", tag = "prevention", operation_id = "record_inspection",
    request_body = InspectionInput,
    responses((status = 201, body = Inspection, description = "Recorded; ETag is its version"),
              (status = 403, body = ErrorBody, description = "Led by another agency"),
              (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    actor: Actor,
    ApiJson(input): ApiJson<InspectionInput>,
) -> Result<Tagged<Inspection>, ApiError> {
    register::create(&state, &actor, input).await
}

#[utoipa::path(get, path = "/inspections", tag = "prevention", operation_id = "list_inspections",
    params(InspectionQuery),
    responses((status = 200, body = InspectionList), (status = 400, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    actor: Actor,
    query: Result<Query<InspectionQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<InspectionList>, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let items = register::list(&state, &actor, (q.from, q.to), q.district, q.limit).await?;
    Ok(Json(InspectionList { items }))
}

#[utoipa::path(get, path = "/inspections/{id}", tag = "prevention", operation_id = "get_inspection",
    params(("id" = String, Path, description = "The inspection's id")),
    responses((status = 200, body = Inspection), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<Tagged<Inspection>, ApiError> {
    register::get(&state, &actor, &id).await
}

#[utoipa::path(patch, path = "/inspections/{id}", tag = "prevention", operation_id = "update_inspection",
    request_body(description = DESCRIPTION, content((InspectionUpdate = "application/merge-patch+json"), (InspectionUpdate = "application/json"))),
    params(("id" = String, Path, description = "The inspection's id"),
           ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, body = Inspection), (status = 403, body = ErrorBody), (status = 412, body = ErrorBody),
              (status = 428, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    patch: MergePatch,
) -> Result<Tagged<Inspection>, ApiError> {
    register::update(&state, &actor, &id, version, patch).await
}
