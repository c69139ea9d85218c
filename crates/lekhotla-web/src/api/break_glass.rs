//! Break-glass: reading a case outside one's scope in an emergency. The actor states a case-related
//! purpose (at least five words, not all the same); the grant lasts [`GRANT`], admits only the credential
//! that asked for it (a token's grant does not open the case to the user's browser session, nor the
//! reverse), opens the case for reading only and never stands in for `read-sealed`. A person may receive
//! a few grants an hour and a day (`BreakGlassPolicy`; over it: 429 with `Retry-After`); an unusual grant
//! (the third in a day, or outside working hours) is an audit entry of its own (`break_glass.alert`),
//! logged at WARN and flagged in the national coordinator's review (`review.rs`). The grantee or the
//! national coordinator may end a grant early.

mod review;

pub use review::{__path_review, GrantView, ReviewQuery, review};

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use lekhotla_domain::CaseId;
use lekhotla_identity::{BreakGlassReason, GrantVerdict, Permission};
use lekhotla_storage::{Action, GrantRecord};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::actor::Actor;
use crate::error::{ApiError, ErrorBody};
use crate::extract::ApiJson;
use crate::state::AppState;

/// How long a break-glass grant lasts.
pub const GRANT: Duration = Duration::hours(1);

/// Why the actor needs a case outside their scope.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BreakGlassRequest {
    /// The case-related purpose that cannot wait, in words: at least 5 words, at least 4 of them different
    /// (e.g. "victim arrived at our shelter at night, injured"); at most 500 characters. Recorded in the
    /// audit trail and shown to the national coordinator.
    pub reason: String,
}

/// A grant: the case can be read, by the credential that asked, until `expires_at`.
#[derive(Debug, Serialize, ToSchema)]
pub struct BreakGlassGrant {
    /// The grant's id, to revoke it (`POST /break-glass/{id}/revoke`).
    pub id: Uuid,
    pub case: CaseId,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub expires_at: OffsetDateTime,
    /// Why this grant alerted the national coordinator, if it did.
    pub unusual: Option<String>,
}

#[utoipa::path(post, path = "/cases/{case}/break-glass", tag = "cases", request_body = BreakGlassRequest,
    params(("case" = String, Path, description = "The case's id or number")),
    responses((status = 201, body = BreakGlassGrant, description = "Granted; read the case within the hour"),
              (status = 409, body = ErrorBody, description = "The case is within your scope already"),
              (status = 422, body = ErrorBody, description = "The reason names no case-related purpose"),
              (status = 429, body = ErrorBody, description = "Too many grants for this person; see Retry-After")))]
pub async fn grant(
    State(state): State<AppState>,
    actor: Actor,
    Path(key): Path<String>,
    ApiJson(input): ApiJson<BreakGlassRequest>,
) -> Result<(StatusCode, Json<BreakGlassGrant>), ApiError> {
    let body = grant_for(&state, &actor, &key, &input.reason).await?;
    Ok((StatusCode::CREATED, Json(body)))
}

/// Grants `actor` emergency access to the case named `key` for `reason` (the API's and the case file's).
pub(crate) async fn grant_for(
    state: &AppState,
    actor: &Actor,
    key: &str,
    reason: &str,
) -> Result<BreakGlassGrant, ApiError> {
    let reason = BreakGlassReason::parse(reason).map_err(|why| ApiError::field("reason", why))?;
    let case = crate::mutate::facts(state, key).await?;
    if crate::scope::of(actor, &state.geography).admits_facts(&case) {
        return Err(ApiError::Refused("the case is within your scope; no break-glass is needed".into()));
    }
    let now = state.clock.now();
    let record = GrantRecord {
        id: Uuid::now_v7(),
        case: case.id,
        user: actor.user,
        credential: actor.credential_ref(),
        reason: reason.as_str().to_owned(),
        granted_at: now,
        expires_at: now + GRANT,
        unusual: None,
        revoked_at: None,
        revoked_by: None,
    };
    let grant_field = format!("grant/{}", record.id);
    let note = actor
        .entry(now, Action::BreakGlass)
        .record(format!("case/{}", case.id))
        .fields([grant_field.clone()])
        .purpose(reason.as_str());
    let alert = actor.entry(now, Action::BreakGlassAlert).record(format!("case/{}", case.id)).fields([grant_field]);
    match state.store.grant_break_glass(&record, &state.security.break_glass, note, alert).await? {
        GrantVerdict::Granted { unusual } => {
            match &unusual {
                Some(why) => tracing::warn!(%actor, case = %case.id, grant = %record.id, %why,
                    "unusual break-glass: the national coordinator is alerted"),
                None => tracing::warn!(%actor, case = %case.id, grant = %record.id, "break-glass granted"),
            }
            Ok(BreakGlassGrant { id: record.id, case: case.id, expires_at: record.expires_at, unusual })
        }
        GrantVerdict::Limited { retry_after } => {
            let seconds = u64::try_from(retry_after.whole_seconds()).unwrap_or(1).max(1);
            tracing::warn!(%actor, case = %case.id, retry_after = seconds, "break-glass refused: over the rate");
            let policy = &state.security.break_glass;
            Err(ApiError::RateLimited {
                retry_after: seconds,
                message: format!(
                    "at most {} break-glass grants an hour and {} a day; try again in {seconds} seconds",
                    policy.per_hour, policy.per_day
                ),
            })
        }
    }
}

/// The reason of the actor's live grant for `case` through the credential of this request, if there is one.
pub async fn active_grant(state: &AppState, actor: &Actor, case: CaseId) -> Result<Option<String>, ApiError> {
    if !actor.allows(Permission::BreakGlass) {
        return Ok(None);
    }
    let now = state.clock.now();
    let found = state.store.live_break_glass_grant(actor.user, case, &actor.credential_ref(), now).await?;
    Ok(found.map(|g| g.reason))
}

#[utoipa::path(post, path = "/break-glass/{grant}/revoke", tag = "audit",
    params(("grant" = Uuid, Path, description = "The grant's id")),
    responses((status = 200, body = GrantView, description = "Revoked: the grant no longer admits anyone"),
              (status = 404, body = ErrorBody, description = "No such grant of yours")))]
pub async fn revoke(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<Json<GrantView>, ApiError> {
    let id: Uuid = crate::mutate::parse_id(&id, "break-glass grant")?;
    let missing = || ApiError::not_found(format!("break-glass grant {id}"));
    let grant = state.store.break_glass_grant(id).await?.ok_or_else(missing)?;
    // The grantee, or the national coordinator who reviews grants; to anyone else it does not exist.
    if grant.user != actor.user && !actor.allows(Permission::ReviewBreakGlass) {
        return Err(missing());
    }
    let now = state.clock.now();
    let note = actor
        .entry(now, Action::BreakGlassRevoke)
        .record(format!("case/{}", grant.case))
        .fields([format!("grant/{id}"), format!("user/{}", grant.user)]);
    state.store.revoke_break_glass_grant(id, now, &actor.audit_name(), note).await?;
    tracing::info!(%actor, grant = %id, "break-glass grant revoked");
    let grant = state.store.break_glass_grant(id).await?.ok_or_else(missing)?;
    Ok(Json(GrantView::of(grant, now)))
}
