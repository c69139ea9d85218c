//! `/plan`: the action plan and its recommendations, read with their versions (ETag: the plan's), and changed
//! one piece at a time by the national coordinator, in place of the version read: an activity (status, budget and
//! expenditure, evidence, typed indicator values, any of its fields) under the plan's version, a recommendation
//! (status, text, the activities that answer it) under the recommendations' version, and a year's open
//! recommendations carried over to the next. The whole plan is checked again with the change and the
//! recommendations against it; a bad field is named within what was sent (`budget`, `evidence[1].reference`).
//! Each change is one `plan.save` entry of the audit trail.

use axum::extract::{Path, State};
use lekhotla_domain::{
    ActionPlan, Activity, DomainError, FieldError, PlanCode, Recommendation, RecommendationKey, Recommendations,
};
use lekhotla_identity::Role;
use lekhotla_storage::{Action, ActionPlans, DbError, NewEntry, PlanVersions, StoredPlan};
use serde::Serialize;
use utoipa::ToSchema;

use crate::actor::Actor;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, IfMatch, Tagged};
use crate::state::AppState;

/// The plan, every year's recommendations, and the version of each.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlanBody {
    pub plan: ActionPlan,
    pub recommendations: Vec<Recommendation>,
    /// The plan's version (the If-Match of an activity's change) and the recommendations' (of a recommendation's).
    pub plan_version: i64,
    pub recommendations_version: i64,
}

fn body(s: StoredPlan) -> PlanBody {
    PlanBody {
        plan: s.plan,
        recommendations: s.recommendations.items().to_vec(),
        plan_version: s.versions.plan,
        recommendations_version: s.versions.recommendations,
    }
}

async fn stored(state: &AppState) -> Result<StoredPlan, ApiError> {
    state.store.read_plan().await?.ok_or_else(|| ApiError::not_found("action plan (load it with lekhotla plan import)"))
}

fn coordinator(actor: &Actor) -> Result<(), ApiError> {
    if actor.roles.contains(Role::NationalCoordinator) {
        Ok(())
    } else {
        Err(ApiError::Forbidden("the action plan is changed by the national coordinator".into()))
    }
}

fn stale(what: &str, expected: i64, actual: i64) -> ApiError {
    ApiError::Stale(format!(
        "the {what} was changed by someone else (you had version {expected}, it is now at version {actual})"
    ))
}

/// The field errors of `e` under `prefix`, named within what was sent (others keep their whole path).
fn within(e: DomainError, prefix: &str) -> ApiError {
    match e {
        DomainError::Invalid(fields) => ApiError::from(DomainError::Invalid(
            fields
                .into_iter()
                .map(|f| match f.field.strip_prefix(prefix) {
                    Some(rest) => FieldError::new(rest.trim_start_matches('.'), f.reason),
                    None => f,
                })
                .collect(),
        )),
        other => other.into(),
    }
}

/// Writes the changed plan and recommendations in place of the versions read, or says which was changed since.
async fn write(
    state: &AppState,
    plan: &ActionPlan,
    recs: &Recommendations,
    read: PlanVersions,
    entry: NewEntry,
) -> Result<PlanBody, ApiError> {
    match state.store.write_plan(plan, recs, read, state.clock.now(), entry).await {
        Ok(_) => Ok(body(stored(state).await?)),
        Err(DbError::Conflict(_)) => {
            let now = stored(state).await?.versions;
            Err(if now.plan != read.plan {
                stale("plan", read.plan, now.plan)
            } else {
                stale("recommendations", read.recommendations, now.recommendations)
            })
        }
        Err(e) => Err(e.into()),
    }
}

#[utoipa::path(get, path = "/plan", tag = "coordination", operation_id = "get_plan",
    responses((status = 200, body = PlanBody, description = "ETag is the plan's version"), (status = 404, body = ErrorBody)))]
pub async fn get(State(state): State<AppState>, actor: Actor) -> Result<Tagged<PlanBody>, ApiError> {
    let s = stored(&state).await?;
    tracing::debug!(%actor, "action plan read");
    Ok(Tagged::ok(s.versions.plan, body(s)))
}

/// Replaces the activity of `code` with `activity` in the stored plan (not saved), or names what is wrong.
pub fn with_activity(
    s: &StoredPlan,
    code: PlanCode,
    activity: Activity,
) -> Result<(ActionPlan, Recommendations), ApiError> {
    if activity.code != code {
        return Err(ApiError::field("code", format!("must be {code}, the activity changed")));
    }
    let mut input = s.plan.to_input();
    let mut prefix = None;
    for (i, o) in input.objectives.iter_mut().enumerate() {
        for (j, u) in o.outcomes.iter_mut().enumerate() {
            if let Some(k) = u.activities.iter().position(|a| a.code == code) {
                u.activities[k] = activity.clone();
                prefix = Some(format!("objectives[{i}].outcomes[{j}].activities[{k}]"));
            }
        }
    }
    let prefix = prefix.ok_or_else(|| ApiError::not_found(format!("activity {code}")))?;
    let plan = ActionPlan::new(input).map_err(|e| within(e, &prefix))?;
    let recs = Recommendations::new(s.recommendations.items().to_vec(), &plan).map_err(ApiError::from)?;
    Ok((plan, recs))
}

#[utoipa::path(put, path = "/plan/activities/{code}", tag = "coordination", operation_id = "set_plan_activity",
    request_body = Activity,
    params(("code" = String, Path, description = "The activity's code, e.g. 3.1.1"),
           ("If-Match" = String, Header, description = "The plan's ETag last read")),
    responses((status = 200, body = PlanBody), (status = 403, body = ErrorBody, description = "Not the national coordinator"),
              (status = 404, body = ErrorBody), (status = 412, body = ErrorBody), (status = 428, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn set_activity(
    State(state): State<AppState>,
    actor: Actor,
    Path(code): Path<String>,
    IfMatch(version): IfMatch,
    ApiJson(activity): ApiJson<Activity>,
) -> Result<Tagged<PlanBody>, ApiError> {
    coordinator(&actor)?;
    let code = PlanCode::parse(&code).map_err(|e| ApiError::field("code", e.to_string()))?;
    let s = stored(&state).await?;
    if s.versions.plan != version {
        return Err(stale("plan", version, s.versions.plan));
    }
    let (plan, recs) = with_activity(&s, code, activity)?;
    let mut entry = actor.entry(state.clock.now(), Action::PlanSave).record(format!("plan/activity/{code}"));
    entry.fields = vec!["activity".into()];
    let read = PlanVersions { plan: version, recommendations: s.versions.recommendations };
    let saved = write(&state, &plan, &recs, read, entry).await?;
    tracing::info!(%actor, %code, version = saved.plan_version, "plan activity changed");
    Ok(Tagged::ok(saved.plan_version, saved))
}

/// Replaces the recommendation of `key` with `rec` in the stored list (not saved), or names what is wrong.
pub fn with_recommendation(
    s: &StoredPlan,
    key: RecommendationKey,
    rec: Recommendation,
) -> Result<Recommendations, ApiError> {
    if rec.key() != key {
        return Err(ApiError::field("number", format!("must be {key}, the recommendation changed")));
    }
    let mut list = s.recommendations.items().to_vec();
    let i =
        list.iter().position(|r| r.key() == key).ok_or_else(|| ApiError::not_found(format!("recommendation {key}")))?;
    list[i] = rec;
    Recommendations::new(list, &s.plan).map_err(|e| within(e, &format!("recommendations[{i}]")))
}

#[utoipa::path(put, path = "/plan/recommendations/{key}", tag = "coordination", operation_id = "set_plan_recommendation",
    request_body = Recommendation,
    params(("key" = String, Path, description = "The recommendation's year and number, e.g. 2025-3"),
           ("If-Match" = String, Header, description = "The recommendations' version last read")),
    responses((status = 200, body = PlanBody), (status = 403, body = ErrorBody, description = "Not the national coordinator"),
              (status = 404, body = ErrorBody), (status = 412, body = ErrorBody), (status = 428, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn set_recommendation(
    State(state): State<AppState>,
    actor: Actor,
    Path(key): Path<String>,
    IfMatch(version): IfMatch,
    ApiJson(rec): ApiJson<Recommendation>,
) -> Result<Tagged<PlanBody>, ApiError> {
    coordinator(&actor)?;
    let key = RecommendationKey::parse(&key).map_err(|e| ApiError::field("key", e.to_string()))?;
    let s = stored(&state).await?;
    if s.versions.recommendations != version {
        return Err(stale("recommendations", version, s.versions.recommendations));
    }
    let recs = with_recommendation(&s, key, rec)?;
    let mut entry = actor.entry(state.clock.now(), Action::PlanSave).record(format!("plan/recommendation/{key}"));
    entry.fields = vec!["recommendation".into()];
    let read = PlanVersions { plan: s.versions.plan, recommendations: version };
    let saved = write(&state, &s.plan, &recs, read, entry).await?;
    tracing::info!(%actor, %key, "plan recommendation changed");
    Ok(Tagged::ok(saved.plan_version, saved))
}

#[utoipa::path(post, path = "/plan/recommendations/{year}/carry-over", tag = "coordination",
    operation_id = "carry_over_plan_recommendations",
    params(("year" = i32, Path, description = "The report year whose open and partly met recommendations carry over"),
           ("If-Match" = String, Header, description = "The recommendations' version last read")),
    responses((status = 200, body = PlanBody), (status = 403, body = ErrorBody), (status = 412, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn carry_over(
    State(state): State<AppState>,
    actor: Actor,
    Path(year): Path<String>,
    IfMatch(version): IfMatch,
) -> Result<Tagged<PlanBody>, ApiError> {
    let year: i32 = crate::mutate::parse_id(&year, "report year")?;
    coordinator(&actor)?;
    let s = stored(&state).await?;
    if s.versions.recommendations != version {
        return Err(stale("recommendations", version, s.versions.recommendations));
    }
    let mut recs = s.recommendations.clone();
    let keys = recs.carry_over(year, year + 1)?;
    if keys.is_empty() {
        return Err(ApiError::field("year", format!("{year} has no open or partly met recommendation to carry over")));
    }
    let mut entry = actor.entry(state.clock.now(), Action::PlanSave).record(format!("plan/recommendations/{year}"));
    entry.fields = vec![format!("carried_over:{}", keys.len())];
    let read = PlanVersions { plan: s.versions.plan, recommendations: version };
    let saved = write(&state, &s.plan, &recs, read, entry).await?;
    tracing::info!(%actor, year, carried = keys.len(), "recommendations carried over");
    Ok(Tagged::ok(saved.plan_version, saved))
}
