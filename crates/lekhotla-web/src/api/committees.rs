//! `/committees`: meetings of the Multi-Sectoral Committee and of the district committees, with their agenda,
//! attendance by organisation, decisions and action items (owner, deadline, status; linked to the plan's
//! activities and to cases by number only). Whoever reads the figures reads them; the national coordinator
//! records and changes any meeting, a district's focal point those of their own district's committee
//! ([`may_record`], judged here on the stored meeting and on the one sent).

use axum::Json;
use axum::extract::{Path, Query, State};
use lekhotla_domain::{
    ActionItem, Attendance, Committee, Meeting, MeetingId, MeetingInput, OrgId, References, UnitKind,
};
use lekhotla_identity::Role;
use lekhotla_storage::{Action, ActionPlans, CaseKey, CommitteeMeetings, DbError, MeetingFilter};
use serde::{Deserialize, Serialize};
use time::{Date, Month};
use utoipa::{IntoParams, ToSchema};

use super::require_unit;
use crate::actor::Actor;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, IfMatch, Tagged};
use crate::merge_patch::{DESCRIPTION, MergePatch};
use crate::mutate::parse_id;
use crate::state::AppState;

/// Meetings, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingList {
    pub items: Vec<Meeting>,
}

/// Which meetings: a calendar year, a committee.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MeetingQuery {
    /// Held in this calendar year.
    #[param(minimum = -9999, maximum = 9999)]
    pub year: Option<i32>,
    /// `MSC` or a district's code.
    #[param(value_type = Option<String>, pattern = "^([Mm][Ss][Cc]|[A-Z0-9-]{2,40})$")]
    pub committee: Option<Committee>,
}

/// An action item still open, with the meeting that gave it out.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OpenAction {
    pub meeting: MeetingId,
    #[schema(value_type = String)]
    pub committee: Committee,
    pub held_on: Date,
    /// Its place in the meeting's `actions`.
    pub index: usize,
    #[serde(flatten)]
    pub item: ActionItem,
    /// Past its deadline (in Maseru's today).
    pub overdue: bool,
}

/// Open action items, the earliest deadline first.
#[derive(Debug, Serialize, ToSchema)]
pub struct OpenActionList {
    pub items: Vec<OpenAction>,
    /// How many of them are overdue.
    pub overdue: usize,
}

/// Which open action items: of a committee, of an owner.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ActionQuery {
    #[param(value_type = Option<String>, pattern = "^([Mm][Ss][Cc]|[A-Z0-9-]{2,40})$")]
    pub committee: Option<Committee>,
    pub owner: Option<OrgId>,
}

/// The fields a change may set, as a merge patch applies to them: lists are replaced whole.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingUpdate {
    pub committee: Option<Committee>,
    pub held_on: Option<Date>,
    pub place: Option<String>,
    pub chair: Option<String>,
    pub agenda: Option<Vec<String>>,
    pub attendance: Option<Vec<Attendance>>,
    pub decisions: Option<Vec<String>>,
    pub actions: Option<Vec<ActionItem>>,
}

/// Whether `actor` may record or change a meeting of `committee`: the national coordinator any, a focal point
/// their own district's committee.
pub fn may_record(actor: &Actor, committee: &Committee) -> bool {
    if actor.roles.contains(Role::NationalCoordinator) {
        return true;
    }
    actor.roles.contains(Role::FocalPoint) && committee.district().is_some_and(|d| actor.district.as_ref() == Some(d))
}

/// Whether `actor` may record any meeting at all (the pages offer "Record a meeting" to them only).
pub fn may_record_any(actor: &Actor) -> bool {
    actor.roles.contains(Role::NationalCoordinator)
        || (actor.roles.contains(Role::FocalPoint) && actor.district.is_some())
}

fn refuse() -> ApiError {
    ApiError::Forbidden(
        "a committee's meeting is recorded by the national coordinator, or by the focal point of the district whose \
         committee it is"
            .into(),
    )
}

/// Checks what the domain cannot alone: the organisations named exist, the activities are the stored plan's,
/// the committee's district is a district, the cases exist; and that the actor may record for the committee.
pub async fn check(state: &AppState, actor: &Actor, input: &MeetingInput) -> Result<(), ApiError> {
    if !may_record(actor, &input.committee) {
        return Err(refuse());
    }
    let orgs: Vec<OrgId> = state.store.list_organisations().await?.iter().map(|o| o.id).collect();
    let plan = state.store.read_plan().await?;
    let refs = References { plan: plan.as_ref().map(|p| &p.plan), organisations: Some(&orgs) };
    input.validate(crate::i18n::today(state.clock.now()), &refs)?;
    if let Some(d) = input.committee.district() {
        require_unit(state, d, UnitKind::District, "committee")?;
    }
    let mut unknown = Vec::new();
    for (i, item) in input.actions.iter().enumerate() {
        for number in &item.cases {
            if state.store.case_scope_facts(&CaseKey::Number(*number)).await?.is_none() {
                unknown.push(lekhotla_domain::FieldError::new(
                    format!("actions[{i}].cases"),
                    format!("no case has the number {number}"),
                ));
            }
        }
    }
    if unknown.is_empty() { Ok(()) } else { Err(ApiError::Invalid(unknown)) }
}

#[utoipa::path(post, path = "/committees/meetings", tag = "committees", operation_id = "record_meeting",
    request_body = MeetingInput,
    responses((status = 201, body = Meeting, description = "Recorded; ETag is its version"),
              (status = 403, body = ErrorBody, description = "Another district's committee"),
              (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    actor: Actor,
    ApiJson(input): ApiJson<MeetingInput>,
) -> Result<Tagged<Meeting>, ApiError> {
    check(&state, &actor, &input).await?;
    let meeting = Meeting::new(input, crate::i18n::today(state.clock.now()), &References::default())?;
    let entry = actor.entry(state.clock.now(), Action::CommitteeSave).record(format!("meeting/{}", meeting.id));
    state.store.record_meeting(&meeting, entry).await?;
    tracing::info!(%actor, meeting = %meeting.id, "meeting recorded");
    Ok(Tagged::created(meeting.version, format!("/api/v1/committees/meetings/{}", meeting.id), meeting))
}

/// The meetings of a year (or every year) and committee, newest first.
pub async fn meetings(
    state: &AppState,
    year: Option<i32>,
    committee: Option<Committee>,
) -> Result<Vec<Meeting>, ApiError> {
    let day = |y: i32, m: Month, d: u8| {
        Date::from_calendar_date(y, m, d).map_err(|_| ApiError::field("year", "is not a year"))
    };
    let (from, to) = match year {
        Some(y) => (Some(day(y, Month::January, 1)?), Some(day(y, Month::December, 31)?)),
        None => (None, None),
    };
    let filter = MeetingFilter { from, to, committee, limit: 2_000, ..MeetingFilter::default() };
    Ok(state.store.list_meetings(&filter).await?)
}

/// Every open action item (of `committee`, of `owner`), the earliest deadline first, overdue ones flagged.
pub async fn open_actions(
    state: &AppState,
    committee: Option<Committee>,
    owner: Option<OrgId>,
) -> Result<Vec<OpenAction>, ApiError> {
    let today = crate::i18n::today(state.clock.now());
    let filter = MeetingFilter { committee, with_open_actions: true, limit: 5_000, ..MeetingFilter::default() };
    let mut items: Vec<OpenAction> = state
        .store
        .list_meetings(&filter)
        .await?
        .into_iter()
        .flat_map(|m| {
            let (id, committee, held_on) = (m.id, m.details.committee.clone(), m.details.held_on);
            m.details.actions.into_iter().enumerate().map(move |(index, item)| OpenAction {
                meeting: id,
                committee: committee.clone(),
                held_on,
                index,
                overdue: item.is_overdue(today),
                item,
            })
        })
        .filter(|a| a.item.status == lekhotla_domain::ActionStatus::Open)
        .filter(|a| owner.is_none_or(|o| a.item.owner == o))
        .collect();
    items.sort_by_key(|a| (a.item.deadline, a.held_on, a.index));
    Ok(items)
}

#[utoipa::path(get, path = "/committees/meetings", tag = "committees", operation_id = "list_meetings",
    params(MeetingQuery),
    responses((status = 200, body = MeetingList), (status = 400, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    actor: Actor,
    query: Result<Query<MeetingQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<MeetingList>, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    tracing::debug!(%actor, "meetings listed");
    Ok(Json(MeetingList { items: meetings(&state, q.year, q.committee).await? }))
}

#[utoipa::path(get, path = "/committees/actions", tag = "committees", operation_id = "list_open_actions",
    params(ActionQuery),
    responses((status = 200, body = OpenActionList), (status = 400, body = ErrorBody)))]
pub async fn actions(
    State(state): State<AppState>,
    actor: Actor,
    query: Result<Query<ActionQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<OpenActionList>, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let items = open_actions(&state, q.committee, q.owner).await?;
    let overdue = items.iter().filter(|a| a.overdue).count();
    tracing::debug!(%actor, "open action items listed");
    Ok(Json(OpenActionList { items, overdue }))
}

#[utoipa::path(get, path = "/committees/meetings/{id}", tag = "committees", operation_id = "get_meeting",
    params(("id" = String, Path, description = "The meeting's id")),
    responses((status = 200, body = Meeting), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<Tagged<Meeting>, ApiError> {
    let meeting = find(&state, &id).await?;
    tracing::debug!(%actor, meeting = %meeting.id, "meeting read");
    Ok(Tagged::ok(meeting.version, meeting))
}

#[utoipa::path(patch, path = "/committees/meetings/{id}", tag = "committees", operation_id = "update_meeting",
    request_body(description = DESCRIPTION, content((MeetingUpdate = "application/merge-patch+json"), (MeetingUpdate = "application/json"))),
    params(("id" = String, Path, description = "The meeting's id"),
           ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, body = Meeting), (status = 403, body = ErrorBody),
              (status = 412, body = ErrorBody, description = "Changed by someone else since it was read"),
              (status = 428, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    patch: MergePatch,
) -> Result<Tagged<Meeting>, ApiError> {
    let mut meeting = find(&state, &id).await?;
    if !may_record(&actor, &meeting.details.committee) {
        return Err(refuse());
    }
    if meeting.version != version {
        return Err(stale(version, meeting.version));
    }
    let d = &meeting.details;
    let current = MeetingUpdate {
        committee: Some(d.committee.clone()),
        held_on: Some(d.held_on),
        place: Some(d.place.clone()),
        chair: Some(d.chair.clone()),
        agenda: Some(d.agenda.clone()),
        attendance: Some(d.attendance.clone()),
        decisions: Some(d.decisions.clone()),
        actions: Some(d.actions.clone()),
    };
    let Some(change) = patch.apply(&current)? else {
        return Ok(Tagged::ok(meeting.version, meeting));
    };
    let needed = |field: &str| ApiError::field(field, "cannot be cleared: a meeting needs one");
    meeting.details = MeetingInput {
        committee: change.committee.ok_or_else(|| needed("committee"))?,
        held_on: change.held_on.ok_or_else(|| needed("held_on"))?,
        place: change.place.ok_or_else(|| needed("place"))?,
        chair: change.chair.ok_or_else(|| needed("chair"))?,
        agenda: change.agenda.unwrap_or_default(),
        attendance: change.attendance.unwrap_or_default(),
        decisions: change.decisions.unwrap_or_default(),
        actions: change.actions.unwrap_or_default(),
    };
    check(&state, &actor, &meeting.details).await?;
    let entry = actor.entry(state.clock.now(), Action::CommitteeSave).record(format!("meeting/{}", meeting.id));
    match state.store.update_meeting(&meeting, entry).await {
        Ok(saved) => {
            tracing::info!(%actor, meeting = %saved.id, version = saved.version, "meeting changed");
            Ok(Tagged::ok(saved.version, saved))
        }
        Err(DbError::Conflict(_)) => Err(stale(version, find(&state, &id).await?.version)),
        Err(e) => Err(e.into()),
    }
}

fn stale(expected: i64, actual: i64) -> ApiError {
    ApiError::Stale(format!(
        "the meeting was changed by someone else (you had version {expected}, it is now at version {actual})"
    ))
}

/// The stored meeting `id`, or 404.
pub async fn find(state: &AppState, id: &str) -> Result<Meeting, ApiError> {
    let meeting_id: MeetingId = parse_id(id, "meeting")?;
    state.store.read_meeting(meeting_id).await?.ok_or_else(|| ApiError::not_found(format!("meeting {id}")))
}

/// A case number or plan code as typed, for the pages' lists (kept here beside the API's types they feed).
pub fn parse_list<T, E>(text: &str, parse: impl Fn(&str) -> Result<T, E>) -> Result<Vec<T>, String> {
    text.split([',', ';', ' ', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| parse(s).map_err(|_| s.to_owned()))
        .collect()
}
