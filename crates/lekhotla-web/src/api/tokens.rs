//! API tokens over the API: a signed-in person lists their own tokens, renews or revokes one; an
//! administrator (`manage-users`) may renew or revoke anyone's. Tokens are managed from a session, never
//! by a token (a stolen token must not be able to renew itself). They are issued by `lekhotla token
//! create`, shown once.

use axum::Json;
use axum::extract::{Path, Query, State};
use lekhotla_identity::Permission;
use lekhotla_storage::{Action, ApiTokenRecord};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::actor::{Actor, Credential};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// An API token as its owner or an administrator sees it (never the token itself).
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenView {
    pub id: Uuid,
    /// Who it acts as (`user/<id>`).
    pub user: String,
    pub name: String,
    /// The permissions it carries.
    pub scopes: Vec<String>,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub expires_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub last_used_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub revoked_at: Option<OffsetDateTime>,
    /// Whether it admits requests now (not revoked, not expired).
    pub live: bool,
}

impl TokenView {
    pub fn of(t: &ApiTokenRecord, now: OffsetDateTime) -> Self {
        Self {
            id: t.id,
            user: format!("user/{}", t.user),
            name: t.name.clone(),
            scopes: t.scopes.iter().map(|p| p.as_str().to_owned()).collect(),
            created_at: t.created_at,
            expires_at: t.expires_at,
            last_used_at: t.last_used_at,
            revoked_at: t.revoked_at,
            live: t.is_live(now),
        }
    }
}

/// One's tokens.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenList {
    pub items: Vec<TokenView>,
}

/// How long a renewed token lasts.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct RenewQuery {
    /// Days from now, 1 to 366 (default 90).
    #[param(minimum = 1, maximum = 366)]
    pub days: Option<i64>,
}

/// Tokens are managed from a signed-in session only.
fn require_session(actor: &Actor) -> Result<(), ApiError> {
    match actor.credential {
        Credential::Session { .. } => Ok(()),
        Credential::ApiToken { .. } => {
            Err(ApiError::Forbidden("API tokens are managed from a signed-in session, not with a token".into()))
        }
    }
}

/// The token `id` if the actor may manage it (its owner, or an administrator); to others it does not exist.
async fn managed(state: &AppState, actor: &Actor, id: &str) -> Result<ApiTokenRecord, ApiError> {
    require_session(actor)?;
    let id: Uuid = crate::mutate::parse_id(id, "API token")?;
    let missing = || ApiError::not_found(format!("API token {id}"));
    let token = state.store.api_token_by_id(id).await?.ok_or_else(missing)?;
    if token.user != actor.user && !actor.allows(Permission::ManageUsers) {
        return Err(missing());
    }
    Ok(token)
}

#[utoipa::path(get, path = "/tokens", tag = "session",
    responses((status = 200, body = TokenList, description = "Your API tokens, newest first, revoked ones included")))]
pub async fn list(State(state): State<AppState>, actor: Actor) -> Result<Json<TokenList>, ApiError> {
    require_session(&actor)?;
    let now = state.clock.now();
    let tokens = state.store.list_api_tokens(Some(actor.user)).await?;
    Ok(Json(TokenList { items: tokens.iter().map(|t| TokenView::of(t, now)).collect() }))
}

#[utoipa::path(post, path = "/tokens/{id}/revoke", tag = "session",
    params(("id" = Uuid, Path, description = "The token's id")),
    responses((status = 200, body = TokenView, description = "Revoked: it admits no request from now on"),
              (status = 404, body = ErrorBody, description = "No such token of yours")))]
pub async fn revoke(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<Json<TokenView>, ApiError> {
    let token = managed(&state, &actor, &id).await?;
    let now = state.clock.now();
    revoke_as(&state, &actor, &token, now).await?;
    let token = state.store.api_token_by_id(token.id).await?.ok_or_else(|| ApiError::not_found("API token"))?;
    Ok(Json(TokenView::of(&token, now)))
}

/// Revokes `token` as `actor`, audited (shared with the administrator's page).
pub async fn revoke_as(
    state: &AppState,
    actor: &Actor,
    token: &ApiTokenRecord,
    now: OffsetDateTime,
) -> Result<(), ApiError> {
    let note = actor
        .entry(now, Action::TokenRevoke)
        .record(format!("token/{}", token.id))
        .fields([format!("user/{}", token.user)]);
    state.store.revoke_api_token(token.id, now, note).await?;
    tracing::info!(%actor, token = %token.id, "API token revoked");
    Ok(())
}

#[utoipa::path(post, path = "/tokens/{id}/renew", tag = "session", params(("id" = Uuid, Path), RenewQuery),
    responses((status = 200, body = TokenView, description = "Renewed: it expires `days` from now"),
              (status = 404, body = ErrorBody, description = "No such live token of yours")))]
pub async fn renew(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
    query: Result<Query<RenewQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<TokenView>, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let lifetime = match q.days {
        None => ApiTokenRecord::DEFAULT_LIFETIME,
        Some(d) if (1..=ApiTokenRecord::MAX_LIFETIME.whole_days()).contains(&d) => Duration::days(d),
        Some(_) => return Err(ApiError::field("days", "between 1 and 366")),
    };
    let token = managed(&state, &actor, &id).await?;
    if token.revoked_at.is_some() {
        return Err(ApiError::Refused("a revoked token cannot be renewed; issue a new one".into()));
    }
    let now = state.clock.now();
    let note = actor
        .entry(now, Action::TokenRenew)
        .record(format!("token/{}", token.id))
        .fields([format!("user/{}", token.user)]);
    state.store.renew_api_token(token.id, now + lifetime, note).await?;
    let token = state.store.api_token_by_id(token.id).await?.ok_or_else(|| ApiError::not_found("API token"))?;
    Ok(Json(TokenView::of(&token, now)))
}
