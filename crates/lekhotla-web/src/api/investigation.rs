//! `/cases/{case}/investigation`: the police investigation, its docket and where the docket is.
//! Changes carry the investigation's own `If-Match`.

use axum::extract::{Path, State};
use axum::response::Response;
use lekhotla_domain::Case;
use lekhotla_domain::error::check_version;
use lekhotla_domain::{DocketTransfer, DocketTransferInput, Investigation, InvestigationInput, InvestigationUpdate};

use super::people::pick;
use super::require_org;
use crate::actor::Actor;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, IfMatch, Tagged};
use crate::merge_patch::{DESCRIPTION, MergePatch};
use crate::mutate::{change_case, only, resolve, resolve_id};
use crate::sealed;
use crate::state::AppState;
use lekhotla_identity::Act;

fn investigation(case: &lekhotla_domain::Case) -> Result<Investigation, ApiError> {
    case.investigation.clone().ok_or_else(|| ApiError::internal("investigation missing after save"))
}

#[utoipa::path(post, path = "/cases/{case}/investigation", tag = "justice", request_body = InvestigationInput,
    params(("case" = String, Path, description = "The case's id or number")),
    responses((status = 201, body = Investigation, description = "Opened; ETag is the investigation's version"),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn open(
    State(state): State<AppState>,
    actor: Actor,
    Path(key): Path<String>,
    ApiJson(input): ApiJson<InvestigationInput>,
) -> Result<Tagged<Investigation>, ApiError> {
    require_org(&state, input.organisation, "organisation").await?;
    if input.organisation != actor.organisation && !crate::authority::is_correction(&actor) {
        return Err(ApiError::field("organisation", "an investigation is opened by your own unit"));
    }
    let id = resolve_id(&state, &actor, &key).await?;
    let (case, _) = change_case(&state, &actor, id, only(Act::OpenInvestigation), |case, today| {
        Ok(case.open_investigation(input.clone(), today)?)
    })
    .await?;
    let inv = investigation(&case)?;
    Ok(Tagged::created(inv.version, format!("/api/v1/cases/{}/investigation", case.id), inv))
}

#[utoipa::path(patch, path = "/cases/{case}/investigation", tag = "justice",
    request_body(description = DESCRIPTION, content((InvestigationUpdate = "application/merge-patch+json"), (InvestigationUpdate = "application/json"))),
    params(("case" = String, Path, description = "The case's id or number"),
           ("If-Match" = String, Header, description = "The investigation's ETag last read")),
    responses((status = 200, body = Investigation, description = "Changed, or as it was when the patch changes nothing; blanked like a read"),
              (status = 409, body = ErrorBody), (status = 412, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    actor: Actor,
    Path(key): Path<String>,
    IfMatch(version): IfMatch,
    patch: MergePatch,
) -> Result<Response, ApiError> {
    let case = resolve(&state, &actor, &key).await?;
    let stored =
        case.investigation.as_ref().ok_or_else(|| ApiError::Refused("this case has no investigation".into()))?;
    let name = format!("investigation/{}", stored.id);
    let answer = |case: &Case| investigation(case).map(|i| (i.version, i));
    let current = InvestigationUpdate {
        investigator: Some(stored.investigator.clone()),
        docket_number: stored.docket_number.clone(),
        cooperating_countries: Some(stored.cooperating_countries.clone()),
        closed_on: stored.closed_on,
        closure_reason: stored.closure_reason.clone(),
    };
    let Some(input) = patch.changes(&current)? else {
        crate::authority::require(&actor, &only(Act::UpdateInvestigation)(&case), &case)?;
        check_version("investigation", version, stored.version)?;
        return sealed::record(&state, &actor, case, &name, answer).await;
    };
    let (case, ()) = change_case(&state, &actor, case.id, only(Act::UpdateInvestigation), |case, today| {
        Ok(case.update_investigation(version, input.clone(), today)?)
    })
    .await?;
    sealed::record(&state, &actor, case, &name, answer).await
}

#[utoipa::path(post, path = "/cases/{case}/investigation/docket-transfers", tag = "justice",
    request_body = DocketTransferInput,
    params(("case" = String, Path, description = "The case's id or number"),
           ("If-Match" = String, Header, description = "The investigation's ETag last read")),
    responses((status = 201, body = DocketTransfer, description = "Moved; ETag is the investigation's new version"),
              (status = 409, body = ErrorBody), (status = 412, body = ErrorBody)))]
pub async fn transfer_docket(
    State(state): State<AppState>,
    actor: Actor,
    Path(key): Path<String>,
    IfMatch(version): IfMatch,
    ApiJson(input): ApiJson<DocketTransferInput>,
) -> Result<Tagged<DocketTransfer>, ApiError> {
    let id = resolve_id(&state, &actor, &key).await?;
    let (case, tid) = change_case(&state, &actor, id, only(Act::MoveDocket), |case, today| {
        Ok(case.transfer_docket(version, input.clone(), today)?)
    })
    .await?;
    let inv = investigation(&case)?;
    let t = pick(&inv.docket_transfers, |t| t.id == tid, "docket transfer")?;
    Ok(Tagged::created(inv.version, format!("/api/v1/cases/{}/investigation", case.id), t))
}
