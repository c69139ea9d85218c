//! `/referral-deadlines`, `/referrals/overdue` and `/referrals/response-times`: how soon each service must
//! answer a referral (read by every case reader, set by the national coordinator), the unanswered referrals
//! past their deadline that the reader is told of (`overdue.rs`: their organisation's, their hub's, or
//! escalated to the coordinator), and how fast referrals were answered, by organisation and by district.

use axum::Json;
use axum::extract::{Query, State};
use lekhotla_domain::{CaseNumber, Escalation, OrgId, ResponseDeadlines, ServiceDeadline, ServiceType};
use lekhotla_identity::Role;
use lekhotla_storage::{Action, DbError, ResponseRow};
use serde::{Deserialize, Serialize};
use time::{Date, Duration};
use utoipa::{IntoParams, ToSchema};

use crate::actor::Actor;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, IfMatch, Tagged};
use crate::overdue::{Reader, for_reader};
use crate::state::AppState;

/// The deadlines to set: one per service (a service left out keeps the default).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeadlinesInput {
    pub services: Vec<ServiceDeadline>,
}

#[utoipa::path(get, path = "/referral-deadlines", tag = "coordination", operation_id = "get_referral_deadlines",
    responses((status = 200, body = ResponseDeadlines, description = "ETag is their version (\"0\": the defaults)")))]
pub async fn get(State(state): State<AppState>, actor: Actor) -> Result<Tagged<ResponseDeadlines>, ApiError> {
    let d = state.store.read_deadlines().await?;
    tracing::debug!(%actor, "referral deadlines read");
    Ok(Tagged::ok(d.version, d))
}

#[utoipa::path(put, path = "/referral-deadlines", tag = "coordination", operation_id = "set_referral_deadlines",
    request_body = DeadlinesInput,
    params(("If-Match" = String, Header, description = "The ETag last read (\"0\" for the defaults)")),
    responses((status = 200, body = ResponseDeadlines), (status = 403, body = ErrorBody, description = "Not the national coordinator"),
              (status = 412, body = ErrorBody), (status = 428, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set(
    State(state): State<AppState>,
    actor: Actor,
    IfMatch(version): IfMatch,
    ApiJson(input): ApiJson<DeadlinesInput>,
) -> Result<Tagged<ResponseDeadlines>, ApiError> {
    if !actor.roles.contains(Role::NationalCoordinator) {
        return Err(ApiError::Forbidden("the referral deadlines are set by the national coordinator".into()));
    }
    let stored = state.store.read_deadlines().await?;
    if stored.version != version {
        return Err(stale(version, stored.version));
    }
    // Defaults, then what was stored, then what was sent: a service left out keeps its deadline.
    let mut services = ResponseDeadlines::default().services;
    for d in stored.services.iter().chain(&input.services) {
        if let Some(s) = services.iter_mut().find(|s| s.service == d.service) {
            *s = *d;
        }
    }
    let wanted = ResponseDeadlines { version, services: input.services.clone() };
    wanted.validate()?;
    let next = ResponseDeadlines { version, services };
    let entry = actor.entry(state.clock.now(), Action::SettingsUpdate).record("settings/referral_deadlines");
    match state.store.write_deadlines(&next, entry).await {
        Ok(saved) => {
            tracing::info!(%actor, version = saved.version, "referral deadlines set");
            Ok(Tagged::ok(saved.version, saved))
        }
        Err(DbError::Conflict(_)) => Err(stale(version, state.store.read_deadlines().await?.version)),
        Err(e) => Err(e.into()),
    }
}

fn stale(expected: i64, actual: i64) -> ApiError {
    ApiError::Stale(format!(
        "the deadlines were changed by someone else (you had version {expected}, they are now at version {actual})"
    ))
}

/// An unanswered referral past its deadline. No person is named.
#[derive(Debug, Serialize, ToSchema)]
pub struct OverdueItem {
    #[schema(value_type = String)]
    pub case_number: CaseNumber,
    pub service: ServiceType,
    pub from_org: OrgId,
    pub to_org: OrgId,
    pub sent_on: Date,
    pub due: Date,
    pub days_late: i64,
    pub level: Escalation,
    /// Why the reader is told: `ours` (sent to their organisation), `hub` (a district their hub office
    /// serves), `escalated` (past twice its deadline, for the national coordinator).
    pub reason: String,
}

/// The overdue referrals the reader is told of.
#[derive(Debug, Serialize, ToSchema)]
pub struct OverdueList {
    pub items: Vec<OverdueItem>,
}

#[utoipa::path(get, path = "/referrals/overdue", tag = "coordination", operation_id = "overdue_referrals",
    responses((status = 200, body = OverdueList)))]
pub async fn overdue(State(state): State<AppState>, actor: Actor) -> Result<Json<OverdueList>, ApiError> {
    let deadlines = state.store.read_deadlines().await?;
    let today = crate::i18n::today(state.clock.now());
    let reader = Reader { roles: &actor.roles, organisation: actor.organisation, district: actor.district.as_ref() };
    let late = for_reader(&*state.store, &state.geography, &deadlines, reader, today, 500).await?;
    let items = late
        .into_iter()
        .map(|l| OverdueItem {
            case_number: l.row.case_number,
            service: l.row.service,
            from_org: l.row.from_org,
            to_org: l.row.to_org,
            sent_on: l.row.sent_on,
            due: l.due,
            days_late: l.days_late,
            level: l.level,
            reason: l.reason.message().trim_start_matches("overdue-why-").to_owned(),
        })
        .collect();
    tracing::debug!(%actor, "overdue referrals listed");
    Ok(Json(OverdueList { items }))
}

/// Which referrals: those sent in a period (default: the last 365 days).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    pub from: Option<Date>,
    pub to: Option<Date>,
}

/// How fast one organisation or district answered.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ResponseLine {
    /// The organisation's id or the district's code.
    pub key: String,
    pub name: String,
    /// Referrals sent in the period.
    pub sent: u32,
    /// Of them, answered (accepted or declined).
    pub answered: u32,
    /// Of them, answered by their deadline.
    pub on_time: u32,
    /// The median number of days to the answer (the upper of the two middle ones for an even count).
    pub median_days: Option<i64>,
    /// Not answered and past their deadline today.
    pub overdue: u32,
}

/// Response times of a period.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResponseTimes {
    pub from: Date,
    pub to: Date,
    pub total: ResponseLine,
    pub by_organisation: Vec<ResponseLine>,
    pub by_district: Vec<ResponseLine>,
}

/// Response times of `from..=to` as of `today`.
pub async fn response_times(state: &AppState, from: Date, to: Date) -> Result<ResponseTimes, ApiError> {
    let today = crate::i18n::today(state.clock.now());
    let deadlines = state.store.read_deadlines().await?;
    let rows = state.store.referral_responses(from, to).await?;
    let orgs = state.store.list_organisations().await?;
    let org_name = |key: &str| orgs.iter().find(|o| o.id.to_string() == key).map(|o| o.details.name.clone());
    let district_name = |key: &str| state.geography.get(key).map(|u| u.name.clone());
    let by_org = lines(&rows, &deadlines, today, |r| r.to_org.to_string(), |k| org_name(k).unwrap_or_default());
    let by_district =
        lines(&rows, &deadlines, today, |r| r.district.clone(), |k| district_name(k).unwrap_or_else(|| "—".into()));
    let total = line("all".into(), String::new(), rows.iter(), &deadlines, today);
    Ok(ResponseTimes { from, to, total, by_organisation: by_org, by_district })
}

fn lines(
    rows: &[ResponseRow],
    deadlines: &ResponseDeadlines,
    today: Date,
    key: impl Fn(&ResponseRow) -> String,
    name: impl Fn(&str) -> String,
) -> Vec<ResponseLine> {
    let mut keys: Vec<String> = rows.iter().map(&key).collect();
    keys.sort();
    keys.dedup();
    let mut out: Vec<ResponseLine> = keys
        .into_iter()
        .map(|k| {
            let n = name(&k);
            line(k.clone(), n, rows.iter().filter(|r| key(r) == k), deadlines, today)
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

fn line<'a>(
    key: String,
    name: String,
    rows: impl Iterator<Item = &'a ResponseRow>,
    deadlines: &ResponseDeadlines,
    today: Date,
) -> ResponseLine {
    let (mut sent, mut answered, mut on_time, mut overdue) = (0u32, 0u32, 0u32, 0u32);
    let mut days = Vec::new();
    for r in rows {
        sent += 1;
        let due = deadlines.due(r.service, r.child, r.sent_on);
        match r.responded_on {
            Some(on) => {
                answered += 1;
                on_time += u32::from(on <= due);
                days.push((on - r.sent_on).whole_days());
            }
            None => overdue += u32::from(today > due),
        }
    }
    days.sort_unstable();
    let median_days = days.get(days.len() / 2).copied();
    ResponseLine { key, name, sent, answered, on_time, median_days, overdue }
}

#[utoipa::path(get, path = "/referrals/response-times", tag = "coordination", operation_id = "referral_response_times",
    params(PeriodQuery),
    responses((status = 200, body = ResponseTimes), (status = 400, body = ErrorBody)))]
pub async fn times(
    State(state): State<AppState>,
    actor: Actor,
    query: Result<Query<PeriodQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<ResponseTimes>, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let today = crate::i18n::today(state.clock.now());
    let to = q.to.unwrap_or(today);
    let from = q.from.unwrap_or(to - Duration::days(364));
    if from > to {
        return Err(ApiError::field("from", "must not be after `to`"));
    }
    tracing::debug!(%actor, "referral response times read");
    Ok(Json(response_times(&state, from, to).await?))
}
