//! The national coordinator's review of break-glass grants: newest first, a page at a time, with the
//! unusual ones flagged (`?unusual=true` lists only them, for the alert a digest can mail).

use axum::Json;
use axum::extract::{Query, State};
use lekhotla_domain::CaseId;
use lekhotla_storage::{GrantFilter, GrantRecord};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::actor::Actor;
use crate::error::ApiError;
use crate::state::AppState;

/// Most grants on one page.
const MAX_LIMIT: u32 = 200;

/// Which grants to review.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ReviewQuery {
    /// Grants made at or after this instant (RFC 3339); default: the last 30 days.
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[param(value_type = Option<String>, format = DateTime)]
    pub from: Option<OffsetDateTime>,
    /// Only the unusual grants (those that alerted the national coordinator).
    #[serde(default)]
    pub unusual: bool,
    /// Grants per page, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// Grants to skip (default 0).
    #[serde(default)]
    #[param(maximum = 9_223_372_036_854_775_807_u64)]
    pub offset: u64,
}

/// One grant as the national coordinator reviews it.
#[derive(Debug, Serialize, ToSchema)]
pub struct GrantView {
    pub id: Uuid,
    pub case: CaseId,
    /// Who asked (`user/<id>`).
    pub user: String,
    /// How they asked: `session`, or `token/<id>` for an API token.
    pub credential: String,
    pub reason: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub granted_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub expires_at: OffsetDateTime,
    /// Why the grant alerted the national coordinator (too many, outside working hours); `null` if it did not.
    pub unusual: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub revoked_at: Option<OffsetDateTime>,
    pub revoked_by: Option<String>,
    /// Whether it still admits its credential.
    pub live: bool,
}

impl GrantView {
    pub fn of(g: GrantRecord, now: OffsetDateTime) -> Self {
        let live = g.is_live(now);
        // A session is named by kind only: its token hash stays in the database.
        let credential = if g.credential.starts_with("token/") { g.credential } else { "session".to_owned() };
        Self {
            id: g.id,
            case: g.case,
            user: format!("user/{}", g.user),
            credential,
            reason: g.reason,
            granted_at: g.granted_at,
            expires_at: g.expires_at,
            unusual: g.unusual,
            revoked_at: g.revoked_at,
            revoked_by: g.revoked_by,
            live,
        }
    }
}

/// A page of grants.
#[derive(Debug, Serialize, ToSchema)]
pub struct GrantList {
    pub items: Vec<GrantView>,
    /// How many grants match in all.
    pub total: u64,
    pub limit: u32,
    pub offset: u64,
}

#[utoipa::path(get, path = "/break-glass", tag = "audit", params(ReviewQuery),
    responses((status = 200, body = GrantList, description = "Break-glass grants, newest first, unusual ones flagged")))]
pub async fn review(
    State(state): State<AppState>,
    actor: Actor,
    query: Result<Query<ReviewQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<GrantList>, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let limit = crate::api::paging::limit(q.limit, 50, MAX_LIMIT)?;
    let offset = crate::api::paging::offset(Some(q.offset))?;
    let now = state.clock.now();
    let filter = GrantFilter { from: q.from.unwrap_or(now - Duration::days(30)), unusual_only: q.unusual };
    let page = state.store.list_break_glass_grants(&filter, limit, offset).await?;
    tracing::info!(%actor, found = page.items.len(), total = page.total, "break-glass grants reviewed");
    let items = page.items.into_iter().map(|g| GrantView::of(g, now)).collect();
    Ok(Json(GrantList { items, total: page.total, limit, offset }))
}
