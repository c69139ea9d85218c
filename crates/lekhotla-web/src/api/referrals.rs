//! `/cases/{case}/referrals`: referrals between organisations and their moves
//! (accept, decline, deliver, close, revoke, close_not_delivered), each under the referral's own `If-Match`. A move answers with the
//! referral, its notes (written by others along the way) revealed or blanked like a read of the case.

use axum::extract::{Path, State};
use axum::response::IntoResponse;
use lekhotla_domain::{NewReferral, Referral, ReferralAction, ReferralId};

use super::people::{location, pick};
use super::require_org;
use crate::actor::Actor;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, IfMatch, Tagged};
use crate::mutate::{change_case, parse_id, resolve_id};
use crate::state::AppState;

#[utoipa::path(post, path = "/cases/{case}/referrals", tag = "referrals", request_body = NewReferral,
    params(("case" = String, Path, description = "The case's id or number")),
    responses((status = 201, body = Referral, description = "Sent; ETag is the referral's version"),
              (status = 422, body = ErrorBody)))]
pub async fn send(
    State(state): State<AppState>,
    actor: Actor,
    Path(key): Path<String>,
    ApiJson(input): ApiJson<NewReferral>,
) -> Result<Tagged<Referral>, ApiError> {
    require_org(&state, input.from_org, "from_org").await?;
    let to = state
        .store
        .get_organisation(input.to_org)
        .await?
        .ok_or_else(|| ApiError::field("to_org", format!("no organisation has the id {}", input.to_org)))?;
    let id = resolve_id(&state, &actor, &key).await?;
    let (case, rid) =
        change_case(&state, &actor, id, |case, today| Ok(case.send_referral(input.clone(), &to, today)?)).await?;
    let r = pick(&case.referrals, |r| r.id == rid, "referral")?;
    Ok(Tagged::created(r.version, location(&case, "referrals", rid), r))
}

#[utoipa::path(post, path = "/cases/{case}/referrals/{referral}/actions", tag = "referrals", request_body = ReferralAction,
    params(("case" = String, Path, description = "The case's id or number"),
           ("referral" = String, Path, description = "The referral's id"),
           ("If-Match" = String, Header, description = "The referral's ETag last read")),
    responses((status = 200, body = Referral), (status = 409, body = ErrorBody, description = "No such move from its state"),
              (status = 412, body = ErrorBody), (status = 428, body = ErrorBody)))]
pub async fn act(
    State(state): State<AppState>,
    actor: Actor,
    Path((key, referral)): Path<(String, String)>,
    IfMatch(version): IfMatch,
    ApiJson(action): ApiJson<ReferralAction>,
) -> Result<axum::response::Response, ApiError> {
    let id = resolve_id(&state, &actor, &key).await?;
    let rid: ReferralId = parse_id(&referral, "referral")?;
    let (case, ()) =
        change_case(&state, &actor, id, |case, today| Ok(case.move_referral(rid, version, action.clone(), today)?))
            .await?;
    let r = pick(&case.referrals, |r| r.id == rid, "referral")?;
    let (r, shown) = crate::sealed::referral(&state, &actor, case.id, r).await?;
    Ok(([(crate::sealed::HEADER, shown.header_value())], Tagged::ok(r.version, r)).into_response())
}
