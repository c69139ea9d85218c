//! `/cases/{case}/referrals`: referrals between organisations and their moves, each under the
//! referral's own `If-Match`: the receiving organisation accepts, declines, records delivery or closes
//! it as not delivered; the sender revokes it; either closes it. A move answers with the referral, its
//! notes (written by others along the way) revealed or blanked like a read of the case.
//! `/referrals`: an organisation's inbox and outbox.

use axum::extract::{Path, State};
use axum::response::IntoResponse;
use lekhotla_domain::{Case, NewReferral, OrgId, Referral, ReferralAction, ReferralId, ReferralState, ServiceType};
use lekhotla_identity::Act;

use super::people::{location, pick};
use crate::actor::Actor;
use crate::authority::Deed;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, IfMatch, Tagged};
use crate::mutate::{change_case, only, parse_id, resolve_id};
use crate::state::AppState;
use axum::Json;
use axum::extract::Query;
use lekhotla_storage::{Direction, Page, ReferralFilter, ReferralLine};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

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
    if input.from_org != actor.organisation && !crate::authority::is_correction(&actor) {
        return Err(ApiError::field("from_org", "a referral is sent from your own organisation"));
    }
    super::require_user(&state, input.referring_case_worker_user, "referring_case_worker_user").await?;
    super::require_user(&state, input.referred_case_worker_user, "referred_case_worker_user").await?;
    let to = state
        .store
        .get_organisation(input.to_org)
        .await?
        .ok_or_else(|| ApiError::field("to_org", format!("no organisation has the id {}", input.to_org)))?;
    let id = resolve_id(&state, &actor, &key).await?;
    let (case, rid) = change_case(&state, &actor, id, only(Act::SendReferral), |case, today| {
        Ok(case.send_referral(input.clone(), &to, today)?)
    })
    .await?;
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
    let deeds = |_: &Case| vec![Deed::referral(act_of(&action), rid)];
    let (case, ()) = change_case(&state, &actor, id, deeds, |case, today| {
        Ok(case.move_referral(rid, version, action.clone(), today)?)
    })
    .await?;
    let r = pick(&case.referrals, |r| r.id == rid, "referral")?;
    let (r, shown) = crate::sealed::referral(&state, &actor, case.id, r).await?;
    Ok(([(crate::sealed::HEADER, shown.header_value())], Tagged::ok(r.version, r)).into_response())
}

/// The act a move performs.
pub(crate) fn act_of(action: &ReferralAction) -> Act {
    match action {
        ReferralAction::Accept { .. } => Act::AcceptReferral,
        ReferralAction::Decline { .. } => Act::DeclineReferral,
        ReferralAction::Deliver { .. } => Act::DeliverReferral,
        ReferralAction::Close { .. } => Act::CloseReferral,
        ReferralAction::Revoke { .. } => Act::RevokeReferral,
        ReferralAction::CloseNotDelivered { .. } => Act::CloseReferralNotDelivered,
    }
}

/// Which referrals of an organisation: incoming (its inbox) or outgoing (its outbox).
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Incoming,
    Outgoing,
}

/// Filters and paging of an organisation's referrals.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReferralQuery {
    /// `incoming`: sent to the organisation; `outgoing`: sent by it.
    #[param(inline)]
    pub direction: Side,
    pub state: Option<ReferralState>,
    pub service: Option<ServiceType>,
    /// Whose referrals: one's own organisation by default; only the national coordinator may name another.
    pub organisation: Option<OrgId>,
    /// At most this many items (1-500, default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    #[param(maximum = 9_223_372_036_854_775_807_u64)]
    pub offset: Option<u64>,
}

/// One referral in an inbox or outbox (no notes: open the case for those).
#[derive(Debug, Serialize, ToSchema)]
pub struct ReferralItem {
    #[schema(value_type = String, format = Uuid)]
    pub case: lekhotla_domain::CaseId,
    #[schema(value_type = String)]
    pub case_number: lekhotla_domain::CaseNumber,
    #[schema(value_type = String, format = Uuid)]
    pub referral: ReferralId,
    /// The referral's version: its ETag for the next move.
    pub version: i64,
    #[schema(value_type = Option<String>, format = Uuid)]
    pub victim: Option<lekhotla_domain::PersonId>,
    pub from_org: OrgId,
    pub to_org: OrgId,
    pub service: ServiceType,
    pub state: ReferralState,
    pub automatic: bool,
    pub sent_on: time::Date,
    pub responded_on: Option<time::Date>,
    pub delivered_on: Option<time::Date>,
    pub closed_on: Option<time::Date>,
}

impl From<ReferralLine> for ReferralItem {
    fn from(l: ReferralLine) -> Self {
        Self {
            case: l.case,
            case_number: l.case_number,
            referral: l.referral,
            version: l.version,
            victim: l.victim,
            from_org: l.from_org,
            to_org: l.to_org,
            service: l.service,
            state: l.state,
            automatic: l.automatic,
            sent_on: l.sent_on,
            responded_on: l.responded_on,
            delivered_on: l.delivered_on,
            closed_on: l.closed_on,
        }
    }
}

/// One page of an organisation's referrals, newest sent first.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReferralPage {
    pub items: Vec<ReferralItem>,
    /// How many referrals match.
    pub total: u64,
    pub limit: u32,
    pub offset: u64,
}

#[utoipa::path(get, path = "/referrals", tag = "referrals", params(ReferralQuery),
    responses((status = 200, body = ReferralPage, description = "Referrals of cases the reader may see"),
              (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    actor: Actor,
    query: Result<Query<ReferralQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<ReferralPage>, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let scope = crate::scope::of(&actor, &state.geography);
    let organisation = match q.organisation {
        Some(org) if org != actor.organisation && scope != lekhotla_storage::Scope::All => {
            return Err(ApiError::Forbidden(
                "only the national coordinator sees another organisation's referrals".into(),
            ));
        }
        Some(org) => org,
        None => actor.organisation,
    };
    let offset = super::paging::offset(q.offset)?;
    let direction = match q.direction {
        Side::Incoming => Direction::Incoming,
        Side::Outgoing => Direction::Outgoing,
    };
    let filter = ReferralFilter { organisation, direction, state: q.state, service: q.service, scope };
    let page = Page::new(super::paging::limit(q.limit, Page::default().limit, super::paging::MAX_LIMIT)?, offset);
    let list = state.reads().list_referrals(&filter, page).await?;
    Ok(Json(ReferralPage {
        items: list.items.into_iter().map(ReferralItem::from).collect(),
        total: list.total,
        limit: page.limit,
        offset: page.offset,
    }))
}
