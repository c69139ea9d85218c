//! The case's own records: trafficking events, consents, support plans, comments and links to other cases.

use axum::extract::{Path, State};
use axum::response::Response;
use lekhotla_domain::error::check_version;
use lekhotla_domain::{
    Case, CaseLink, CaseLinkKind, Comment, CommentInput, Consent, ConsentId, ConsentInput, EventId, EventInput,
    SupportPlan, SupportPlanId, SupportPlanInput, TraffickingEvent, UnitKind,
};
use lekhotla_storage::Action;
use serde::Deserialize;
use time::Date;
use utoipa::ToSchema;

use super::people::{find, location, pick};
use super::require_opt_unit;
use crate::actor::Actor;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, IfMatch, Tagged, created};
use crate::merge_patch::{DESCRIPTION, MergePatch};
use crate::mutate::{change_case, load, only, parse_id, resolve, resolve_id};
use crate::sealed;
use crate::state::AppState;
use lekhotla_identity::Act;

pub(crate) fn check_places(state: &AppState, input: &EventInput) -> Result<(), ApiError> {
    require_opt_unit(state, input.district.as_ref(), UnitKind::District, "district")?;
    require_opt_unit(state, input.port_of_entry.as_ref(), UnitKind::PortOfEntry, "port_of_entry")
}

#[utoipa::path(post, path = "/cases/{case}/events", tag = "records", request_body = EventInput,
    params(("case" = String, Path, description = "The case's id or number")),
    responses((status = 201, body = TraffickingEvent), (status = 422, body = ErrorBody)))]
pub async fn add_event(
    State(state): State<AppState>,
    actor: Actor,
    Path(key): Path<String>,
    ApiJson(input): ApiJson<EventInput>,
) -> Result<Tagged<TraffickingEvent>, ApiError> {
    check_places(&state, &input)?;
    let id = resolve_id(&state, &actor, &key).await?;
    let (case, eid) =
        change_case(
            &state,
            &actor,
            id,
            only(Act::RecordEvent),
            |case, today| Ok(case.add_event(input.clone(), today)?),
        )
        .await?;
    let e = pick(&case.events, |e| e.id == eid, "event")?;
    Ok(Tagged::created(e.version, location(&case, "events", eid), e))
}

#[utoipa::path(patch, path = "/cases/{case}/events/{event}", tag = "records",
    request_body(description = DESCRIPTION, content((EventInput = "application/merge-patch+json"), (EventInput = "application/json"))),
    params(("case" = String, Path, description = "The case's id or number"),
           ("event" = String, Path, description = "The event's id"),
           ("If-Match" = String, Header, description = "The event's ETag last read")),
    responses((status = 200, body = TraffickingEvent, description = "Changed, or as it was when the patch changes nothing; blanked like a read"),
              (status = 412, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_event(
    State(state): State<AppState>,
    actor: Actor,
    Path((key, event)): Path<(String, String)>,
    IfMatch(version): IfMatch,
    patch: MergePatch,
) -> Result<Response, ApiError> {
    let eid: EventId = parse_id(&event, "event")?;
    let case = resolve(&state, &actor, &key).await?;
    let stored = find(&case.events, |e| e.id == eid, "event", &event)?;
    let answer = |case: &Case| pick(&case.events, |e| e.id == eid, "event").map(|e| (e.version, e));
    let name = format!("event/{eid}");
    let Some(input) = patch.apply(&stored.details)? else {
        crate::authority::require(&actor, &only(Act::RecordEvent)(&case), &case)?;
        check_version("event", version, stored.version)?;
        return sealed::record(&state, &actor, case, &name, answer).await;
    };
    check_places(&state, &input)?;
    let (case, ()) = change_case(&state, &actor, case.id, only(Act::RecordEvent), |case, today| {
        Ok(case.update_event(eid, version, input.clone(), today)?)
    })
    .await?;
    sealed::record(&state, &actor, case, &name, answer).await
}

#[utoipa::path(post, path = "/cases/{case}/consents", tag = "records", request_body = ConsentInput,
    params(("case" = String, Path, description = "The case's id or number")),
    responses((status = 201, body = Consent), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn record_consent(
    State(state): State<AppState>,
    actor: Actor,
    Path(key): Path<String>,
    ApiJson(input): ApiJson<ConsentInput>,
) -> Result<Tagged<Consent>, ApiError> {
    let id = resolve_id(&state, &actor, &key).await?;
    let (case, cid) = change_case(&state, &actor, id, only(Act::RecordConsent), |case, today| {
        Ok(case.record_consent(input.clone(), today)?)
    })
    .await?;
    let c = pick(&case.consents, |c| c.id == cid, "consent")?;
    Ok(Tagged::created(c.version, location(&case, "consents", cid), c))
}

/// When a consent is withdrawn.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Withdrawal {
    pub on: Date,
}

#[utoipa::path(post, path = "/cases/{case}/consents/{consent}/withdraw", tag = "records", request_body = Withdrawal,
    params(("case" = String, Path, description = "The case's id or number"),
           ("consent" = String, Path, description = "The consent's id"),
           ("If-Match" = String, Header, description = "The consent's ETag last read")),
    responses((status = 200, body = Consent), (status = 409, body = ErrorBody), (status = 412, body = ErrorBody)))]
pub async fn withdraw_consent(
    State(state): State<AppState>,
    actor: Actor,
    Path((key, consent)): Path<(String, String)>,
    IfMatch(version): IfMatch,
    ApiJson(input): ApiJson<Withdrawal>,
) -> Result<Tagged<Consent>, ApiError> {
    let id = resolve_id(&state, &actor, &key).await?;
    let cid: ConsentId = parse_id(&consent, "consent")?;
    // Withdrawing consent to services also revokes the victim's referrals that needed it (in the case saved).
    let (case, _ended) = change_case(&state, &actor, id, only(Act::RecordConsent), |case, today| {
        Ok(case.withdraw_consent(cid, version, input.on, today)?)
    })
    .await?;
    let c = pick(&case.consents, |c| c.id == cid, "consent")?;
    Ok(Tagged::ok(c.version, c))
}

#[utoipa::path(post, path = "/cases/{case}/support-plans", tag = "records", request_body = SupportPlanInput,
    params(("case" = String, Path, description = "The case's id or number")),
    responses((status = 201, body = SupportPlan), (status = 422, body = ErrorBody)))]
pub async fn add_support_plan(
    State(state): State<AppState>,
    actor: Actor,
    Path(key): Path<String>,
    ApiJson(input): ApiJson<SupportPlanInput>,
) -> Result<Tagged<SupportPlan>, ApiError> {
    let id = resolve_id(&state, &actor, &key).await?;
    let (case, pid) = change_case(&state, &actor, id, only(Act::RecordSupportPlan), |case, today| {
        Ok(case.add_support_plan(input.clone(), today)?)
    })
    .await?;
    let p = pick(&case.support_plans, |p| p.id == pid, "support plan")?;
    Ok(Tagged::created(p.version, location(&case, "support-plans", pid), p))
}

#[utoipa::path(patch, path = "/cases/{case}/support-plans/{plan}", tag = "records",
    request_body(description = DESCRIPTION, content((SupportPlanInput = "application/merge-patch+json"), (SupportPlanInput = "application/json"))),
    params(("case" = String, Path, description = "The case's id or number"),
           ("plan" = String, Path, description = "The support plan's id"),
           ("If-Match" = String, Header, description = "The plan's ETag last read")),
    responses((status = 200, body = SupportPlan, description = "Changed, or as it was when the patch changes nothing; blanked like a read"),
              (status = 412, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_support_plan(
    State(state): State<AppState>,
    actor: Actor,
    Path((key, plan)): Path<(String, String)>,
    IfMatch(version): IfMatch,
    patch: MergePatch,
) -> Result<Response, ApiError> {
    let pid: SupportPlanId = parse_id(&plan, "support plan")?;
    let case = resolve(&state, &actor, &key).await?;
    let stored = find(&case.support_plans, |p| p.id == pid, "support plan", &plan)?;
    let answer = |case: &Case| pick(&case.support_plans, |p| p.id == pid, "support plan").map(|p| (p.version, p));
    let name = format!("support_plan/{pid}");
    let Some(input) = patch.apply(&stored.details)? else {
        crate::authority::require(&actor, &only(Act::RecordSupportPlan)(&case), &case)?;
        check_version("support plan", version, stored.version)?;
        return sealed::record(&state, &actor, case, &name, answer).await;
    };
    let (case, ()) = change_case(&state, &actor, case.id, only(Act::RecordSupportPlan), |case, today| {
        Ok(case.update_support_plan(pid, version, input.clone(), today)?)
    })
    .await?;
    sealed::record(&state, &actor, case, &name, answer).await
}

#[utoipa::path(post, path = "/cases/{case}/comments", tag = "records", request_body = CommentInput,
    params(("case" = String, Path, description = "The case's id or number")),
    responses((status = 201, body = Comment), (status = 422, body = ErrorBody)))]
pub async fn add_comment(
    State(state): State<AppState>,
    actor: Actor,
    Path(key): Path<String>,
    ApiJson(input): ApiJson<CommentInput>,
) -> Result<Response, ApiError> {
    let id = resolve_id(&state, &actor, &key).await?;
    let now = state.clock.now();
    let (case, cid) =
        change_case(&state, &actor, id, only(Act::Comment), |case, _| Ok(case.add_comment(input.clone(), now)?))
            .await?;
    let c: Comment = pick(&case.comments, |c| c.id == cid, "comment")?;
    Ok(created(location(&case, "comments", cid), c))
}

/// A link from this case to another.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkInput {
    /// The other case's id or national number.
    pub other: String,
    /// The other case as seen from this one (`CriminalCase`: the other is this victim case's criminal case).
    pub kind: CaseLinkKind,
}

#[utoipa::path(post, path = "/cases/{case}/links", tag = "records", request_body = LinkInput,
    params(("case" = String, Path, description = "The case's id or number")),
    responses((status = 201, body = CaseLink, description = "Linked both ways"), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn link_case(
    State(state): State<AppState>,
    actor: Actor,
    Path(key): Path<String>,
    ApiJson(input): ApiJson<LinkInput>,
) -> Result<Response, ApiError> {
    let case = resolve(&state, &actor, &key).await?;
    let (linked, other) = apply_link(&state, &actor, case, &input).await?;
    let link = pick(&linked.links, |l| l.other == other, "link")?;
    Ok(created(format!("/api/v1/cases/{}", other), link))
}

/// Links `case` to the other case of `input`, both ways (the API's and the case file's); the case as
/// saved and the other's id.
pub(crate) async fn apply_link(
    state: &AppState,
    actor: &Actor,
    case: Case,
    input: &LinkInput,
) -> Result<(Case, lekhotla_domain::CaseId), ApiError> {
    let other = match resolve(state, actor, &input.other).await {
        Ok(c) => c.id,
        Err(ApiError::NotFound(_)) => return Err(ApiError::field("other", format!("no case {}", input.other))),
        Err(e) => return Err(e),
    };
    let granted = crate::authority::require(actor, &[crate::authority::Deed::case(Act::LinkCase)], &case)?;
    // The domain decides whether the link may be made; the store writes both sides in one transaction.
    case.clone().link(other, input.kind)?;
    state
        .store
        .link_cases(
            case.id,
            other,
            input.kind,
            actor
                .entry(state.clock.now(), Action::CaseUpdate)
                .record(format!("case/{}", case.id))
                .fields([format!("link:case/{other}")])
                .purpose(granted.purpose(&[Act::LinkCase])),
        )
        .await?;
    let linked = load(state, actor, case.id).await?;
    Ok((linked, other))
}
