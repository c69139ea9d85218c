//! Break-glass: reading a case outside one's scope in an emergency. The actor states a reason; the
//! grant is an audit entry (`break_glass`, the case, the reason) and lasts [`GRANT`]; every read under
//! it is audited with the reason; the national coordinator reviews them all at `GET /break-glass`.
//! Grants open a case for reading only, never for changing it.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use lekhotla_domain::CaseId;
use lekhotla_storage::{Action, AuditFilter};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};
use utoipa::{IntoParams, ToSchema};

use super::audit::{AuditItem, AuditPage};
use crate::actor::Actor;
use crate::error::{ApiError, ErrorBody};
use crate::extract::ApiJson;
use crate::state::AppState;

/// How long a break-glass grant lasts.
pub const GRANT: Duration = Duration::hours(1);

/// The shortest reason accepted: a few words, not a letter.
const MIN_REASON: usize = 15;

/// Why the actor needs a case outside their scope.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BreakGlassRequest {
    /// What the emergency is (at least 15 characters); recorded in the audit trail and shown to the
    /// national coordinator.
    pub reason: String,
}

/// A grant: the case can be read until `expires_at`.
#[derive(Debug, Serialize, ToSchema)]
pub struct BreakGlassGrant {
    pub case: CaseId,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String)]
    pub expires_at: OffsetDateTime,
}

/// Reviewing grants since a date.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ReviewQuery {
    /// Grants made at or after this instant (RFC 3339); default: the last 30 days.
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[param(value_type = Option<String>)]
    pub from: Option<OffsetDateTime>,
}

#[utoipa::path(post, path = "/cases/{case}/break-glass", tag = "cases", request_body = BreakGlassRequest,
    params(("case" = String, Path, description = "The case's id or number")),
    responses((status = 201, body = BreakGlassGrant, description = "Granted; read the case within the hour"),
              (status = 409, body = ErrorBody, description = "The case is within your scope already")))]
pub async fn grant(
    State(state): State<AppState>,
    actor: Actor,
    Path(key): Path<String>,
    ApiJson(input): ApiJson<BreakGlassRequest>,
) -> Result<(StatusCode, Json<BreakGlassGrant>), ApiError> {
    let reason = input.reason.trim();
    if reason.chars().count() < MIN_REASON {
        return Err(ApiError::field("reason", format!("say why, in at least {MIN_REASON} characters")));
    }
    let case = crate::mutate::facts(&state, &key).await?;
    if crate::scope::of(&actor, &state.geography).admits_facts(&case) {
        return Err(ApiError::Refused("the case is within your scope; no break-glass is needed".into()));
    }
    let now = state.clock.now();
    let note = actor.entry(now, Action::BreakGlass).record(format!("case/{}", case.id)).purpose(reason);
    state.store.append_audit(note).await?;
    tracing::warn!(%actor, case = %case.id, "break-glass granted");
    Ok((StatusCode::CREATED, Json(BreakGlassGrant { case: case.id, expires_at: now + GRANT })))
}

/// The reason of the actor's live grant for `case`, if there is one.
pub async fn active_grant(state: &AppState, actor: &Actor, case: CaseId) -> Result<Option<String>, ApiError> {
    if !actor.allows(lekhotla_identity::Permission::BreakGlass) {
        return Ok(None);
    }
    let filter = AuditFilter {
        actor: Some(actor.audit_name()),
        record: Some(format!("case/{case}")),
        action: Some(Action::BreakGlass),
        from: Some(state.clock.now() - GRANT),
        to: None,
    };
    let found = state.store.search_audit(&filter, 1, 0).await?;
    Ok(found.into_iter().next().map(|e| e.purpose.unwrap_or_default()))
}

#[utoipa::path(get, path = "/break-glass", tag = "audit", params(ReviewQuery),
    responses((status = 200, body = AuditPage, description = "Break-glass grants, newest first")))]
pub async fn review(
    State(state): State<AppState>,
    actor: Actor,
    query: Result<Query<ReviewQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<AuditPage>, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let from = q.from.unwrap_or_else(|| state.clock.now() - Duration::days(30));
    let filter = AuditFilter { action: Some(Action::BreakGlass), from: Some(from), ..AuditFilter::default() };
    let entries = state.store.search_audit(&filter, 500, 0).await?;
    tracing::info!(%actor, found = entries.len(), "break-glass grants reviewed");
    Ok(Json(AuditPage { items: entries.into_iter().map(AuditItem::from).collect() }))
}
