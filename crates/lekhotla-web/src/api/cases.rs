//! `/cases`: register a case (the registry gives its national number), list and filter, read one whole
//! case by id or number, and change its own fields under `If-Match`.

use axum::Json;
use axum::extract::{Path, Query, State};
use lekhotla_domain::{
    Case, CaseId, CaseStage, CaseStatus, CaseSummary, CaseUpdate, DetectionSource, NewCase, OrgId, UnitCode, UnitKind,
};
use lekhotla_identity::Act;
use lekhotla_storage::{Action, CaseDraft, CaseFilter, Page};
use serde::{Deserialize, Serialize};
use time::Date;
use utoipa::{IntoParams, ToSchema};

use super::{require_opt_unit, require_org, require_unit};
use crate::actor::Actor;
use crate::authority::Deed;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, IfMatch};
use crate::merge_patch::{DESCRIPTION, MergePatch};
use crate::mutate::{change_case, change_case_as, resolve};
use crate::state::AppState;

/// Filters and paging of the case list; every given filter must hold.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CaseQuery {
    pub district: Option<UnitCode>,
    pub status: Option<CaseStatus>,
    pub organisation: Option<OrgId>,
    pub detection_source: Option<DetectionSource>,
    pub stage: Option<CaseStage>,
    /// Only cases with (true) or without (false) a victim presumed a child and not referred to child
    /// protection.
    pub child_referral_missed: Option<bool>,
    /// Detected on or after (YYYY-MM-DD).
    pub detected_from: Option<Date>,
    /// Detected on or before (YYYY-MM-DD).
    pub detected_to: Option<Date>,
    /// The case number starts with this text.
    pub number: Option<String>,
    /// At most this many items (1-500, default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    #[param(maximum = 9_223_372_036_854_775_807_u64)]
    pub offset: Option<u64>,
}

/// One page of the case list, newest detection first.
#[derive(Debug, Serialize, ToSchema)]
pub struct CasePage {
    pub items: Vec<CaseSummary>,
    /// How many cases match the filters.
    pub total: u64,
    pub limit: u32,
    pub offset: u64,
}

#[utoipa::path(post, path = "/cases", tag = "cases", request_body = NewCase,
    responses((status = 201, body = crate::sealed::CaseView, description = "Registered; ETag is its version"),
              (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    actor: Actor,
    ApiJson(input): ApiJson<NewCase>,
) -> Result<axum::response::Response, ApiError> {
    let case = register(&state, &actor, input).await?;
    let location = format!("/api/v1/cases/{}", case.id);
    crate::sealed::respond(&state, &actor, case, None, Some(location)).await
}

/// Registers a case for `actor` (the API's `POST /cases` and the intake page): checks the input and its
/// references, then the store assigns the national number.
pub(crate) async fn register(state: &AppState, actor: &Actor, input: NewCase) -> Result<Case, ApiError> {
    input.validate(state.clock.today())?;
    require_org(state, input.organisation, "organisation").await?;
    crate::authority::may_register(actor, input.organisation)?;
    super::require_user(state, input.owner_user, "owner_user").await?;
    require_unit(state, &input.district, UnitKind::District, "district")?;
    require_opt_unit(state, input.port_of_entry.as_ref(), UnitKind::PortOfEntry, "port_of_entry")?;
    let draft = CaseDraft {
        id: CaseId::new(),
        country: state.geography.country_code(),
        input,
        now: state.clock.now(),
        today: state.clock.today(),
    };
    let note = actor
        .entry(state.clock.now(), Action::CaseCreate)
        .record(format!("case/{}", draft.id))
        .purpose(crate::authority::Granted::Ordinary.purpose(&[Act::RegisterCase]));
    let case = state.store.create_case(draft, note).await?;
    tracing::info!(%actor, case = %case.id, number = %case.number, "case registered");
    Ok(case)
}

#[utoipa::path(get, path = "/cases", tag = "cases", params(CaseQuery),
    responses((status = 200, body = CasePage), (status = 400, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    actor: Actor,
    query: Result<Query<CaseQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<CasePage>, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let filter = CaseFilter {
        district: q.district,
        status: q.status,
        organisation: q.organisation,
        detection_source: q.detection_source,
        stage: q.stage,
        child_referral_missed: q.child_referral_missed,
        detected_from: q.detected_from,
        detected_to: q.detected_to,
        number_prefix: q.number,
        scope: crate::scope::of(&actor, &state.geography),
        ..CaseFilter::default()
    };
    let offset = super::paging::offset(q.offset)?;
    let page = Page::new(super::paging::limit(q.limit, Page::default().limit, super::paging::MAX_LIMIT)?, offset);
    let list = state.reads().list_cases(&filter, page).await?;
    tracing::debug!(%actor, total = list.total, "cases listed");
    Ok(Json(CasePage { items: list.items, total: list.total, limit: page.limit, offset: page.offset }))
}

#[utoipa::path(get, path = "/cases/{case}", tag = "cases",
    params(("case" = String, Path, description = "The case's id or national number (LS-2026-000123)")),
    responses((status = 200, body = crate::sealed::CaseView, description = "The whole case and the acts the reader may perform on it; ETag is its version"),
              (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    actor: Actor,
    Path(key): Path<String>,
) -> Result<axum::response::Response, ApiError> {
    let (case, grant) = crate::mutate::resolve_for_reading(&state, &actor, &key).await?;
    crate::sealed::respond(&state, &actor, case, grant, None).await
}

#[utoipa::path(patch, path = "/cases/{case}", tag = "cases",
    request_body(description = DESCRIPTION, content((CaseUpdate = "application/merge-patch+json"), (CaseUpdate = "application/json"))),
    params(("case" = String, Path, description = "The case's id or number"),
           ("If-Match" = String, Header, description = "The case's ETag last read")),
    responses((status = 200, body = crate::sealed::CaseView, description = "Changed, or as it was when the patch changes nothing"),
              (status = 412, body = ErrorBody), (status = 428, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    actor: Actor,
    Path(key): Path<String>,
    IfMatch(version): IfMatch,
    patch: MergePatch,
) -> Result<axum::response::Response, ApiError> {
    let case = resolve(&state, &actor, &key).await?;
    let Some(change) = patch.changes(&as_update(&case))? else {
        crate::authority::require(&actor, &update_deeds(&CaseUpdate::default(), &case), &case)?;
        case.check_version(version)?;
        return crate::sealed::respond(&state, &actor, case, None, None).await;
    };
    let case = apply_update(&state, &actor, case.id, version, change).await?;
    crate::sealed::respond(&state, &actor, case, None, None).await
}

/// Changes the case's own fields at `version` (the API's PATCH and the case file's forms).
pub(crate) async fn apply_update(
    state: &AppState,
    actor: &Actor,
    id: CaseId,
    version: i64,
    change: CaseUpdate,
) -> Result<Case, ApiError> {
    require_opt_unit(state, change.district.as_ref(), UnitKind::District, "district")?;
    super::require_user(state, change.owner_user, "owner_user").await?;
    let deeds = |case: &Case| update_deeds(&change, case);
    let (case, ()) = change_case(state, actor, id, deeds, |case, today| {
        case.check_version(version)?;
        Ok(case.update(change.clone(), today)?)
    })
    .await?;
    Ok(case)
}

/// The case's own fields as the update that would set them all: what a merge patch applies to.
pub(crate) fn as_update(case: &Case) -> CaseUpdate {
    CaseUpdate {
        status: Some(case.status),
        closure_reason: case.closure_reason.clone(),
        owner: case.owner.clone(),
        owner_user: case.owner_user,
        incoming_referral: case.incoming_referral.clone(),
        district: Some(case.district.clone()),
        detection_source: Some(case.detection_source),
        summary: case.summary.clone(),
    }
}

/// The acts a change to the case's own fields performs: closing it, reopening it, editing the rest.
fn update_deeds(change: &CaseUpdate, case: &Case) -> Vec<Deed> {
    let closed = |s: CaseStatus| matches!(s, CaseStatus::Closed | CaseStatus::ClosedReferred);
    let mut acts = Vec::new();
    match change.status {
        Some(s) if closed(s) && !closed(case.status) => acts.push(Act::CloseCase),
        Some(s) if !closed(s) && closed(case.status) => acts.push(Act::ReopenCase),
        _ => {}
    }
    let edits = change.owner.is_some()
        || change.owner_user.is_some()
        || change.incoming_referral.is_some()
        || change.district.is_some()
        || change.detection_source.is_some()
        || change.summary.is_some()
        || (change.status.is_some() && acts.is_empty())
        || (change.closure_reason.is_some() && !acts.contains(&Act::CloseCase));
    if edits || acts.is_empty() {
        acts.push(Act::EditCase);
    }
    acts.into_iter().map(Deed::case).collect()
}

/// A case handed over to another organisation.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    /// The organisation that takes the case over.
    pub to_org: OrgId,
    /// Why (kept in the audit entry of the transfer).
    pub reason: String,
}

#[utoipa::path(post, path = "/cases/{case}/transfer", tag = "cases", request_body = Transfer,
    params(("case" = String, Path, description = "The case's id or number"),
           ("If-Match" = String, Header, description = "The case's ETag last read")),
    responses((status = 200, body = crate::sealed::CaseView, description = "Transferred; audited as case.transfer with the reason"),
              (status = 403, body = ErrorBody), (status = 412, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn transfer(
    State(state): State<AppState>,
    actor: Actor,
    Path(key): Path<String>,
    IfMatch(version): IfMatch,
    ApiJson(input): ApiJson<Transfer>,
) -> Result<axum::response::Response, ApiError> {
    let id = resolve(&state, &actor, &key).await?.id;
    let case = apply_transfer(&state, &actor, id, version, &input).await?;
    crate::sealed::respond(&state, &actor, case, None, None).await
}

/// Hands case `id` (at `version`) over to another organisation (the API's and the case file's).
pub(crate) async fn apply_transfer(
    state: &AppState,
    actor: &Actor,
    id: CaseId,
    version: i64,
    input: &Transfer,
) -> Result<Case, ApiError> {
    require_org(state, input.to_org, "to_org").await?;
    let reason = input.reason.trim().to_owned();
    let audited = format!("to org/{}: {reason}", input.to_org);
    let deeds = crate::mutate::only(Act::TransferCase);
    let (case, from) = change_case_as(state, actor, id, (Action::CaseTransfer, Some(&audited)), deeds, |case, _| {
        case.check_version(version)?;
        Ok(case.transfer(input.to_org, &reason)?)
    })
    .await?;
    tracing::info!(%actor, case = %case.id, %from, to = %case.organisation, "case transferred");
    Ok(case)
}
