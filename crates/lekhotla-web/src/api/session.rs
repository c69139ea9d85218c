//! `/session`: sign in (a session token, also set as an HttpOnly cookie), who am I, sign out.

use axum::Json;
use axum::extract::State;
use axum::http::{Extensions, StatusCode, header};
use axum::response::{IntoResponse, Response};
use lekhotla_domain::{OrgId, UnitCode};
use lekhotla_identity::{Permission, Role};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::actor::Actor;
use crate::error::{ApiError, ErrorBody};
use crate::extract::ApiJson;
use crate::signin::{self, Attempt};
use crate::state::AppState;

/// A sign-in.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    pub username: String,
    pub password: String,
    /// The 6-digit code of the authenticator app, or one recovery code. Required for every role that
    /// sees case content.
    pub code: Option<String>,
}

/// Who is signed in and what they may do.
#[derive(Debug, Serialize, ToSchema)]
pub struct WhoAmI {
    pub user: String,
    pub username: String,
    pub organisation: OrgId,
    #[schema(value_type = Vec<String>)]
    pub roles: Vec<Role>,
    pub district: Option<UnitCode>,
    /// Permission identifiers (`read-cases`, `write-cases`, ...).
    pub permissions: Vec<String>,
    /// The acts on cases the roles hold, each with the cases it applies to (`receiver`: referrals sent
    /// to one's organisation). The case read lists the acts open on that case.
    pub acts: Vec<crate::authority::Holding>,
}

/// A new session. The token is shown only here; it is also set as the `lekhotla_session` cookie.
#[derive(Debug, Serialize, ToSchema)]
pub struct NewSession {
    pub token: String,
    /// The session ends after this many seconds without a request.
    pub idle_timeout_seconds: i64,
    /// ... and in any case after this many seconds.
    pub absolute_timeout_seconds: i64,
    pub actor: WhoAmI,
}

fn who(actor: &Actor) -> WhoAmI {
    WhoAmI {
        user: actor.user.to_string(),
        username: actor.username.to_string(),
        organisation: actor.organisation,
        roles: actor.roles.iter().collect(),
        district: actor.district.clone(),
        permissions: Permission::ALL.iter().filter(|p| actor.allows(**p)).map(|p| p.as_str().to_owned()).collect(),
        acts: crate::authority::holdings(actor),
    }
}

#[utoipa::path(post, path = "/session", tag = "session", request_body = SignIn, security(()),
    responses((status = 201, body = NewSession, description = "Signed in; the token is also set as a cookie"),
              (status = 401, body = ErrorBody, description = "The username, password or code is not right"),
              (status = 429, body = ErrorBody, description = "Too many failed sign-ins; see Retry-After")))]
pub async fn create(
    State(state): State<AppState>,
    extensions: Extensions,
    ApiJson(input): ApiJson<SignIn>,
) -> Result<Response, ApiError> {
    let address = crate::auth::client_address(&extensions);
    let attempt = Attempt {
        username: &input.username,
        password: &input.password,
        code: input.code.as_deref(),
        address: &address,
    };
    let (token, user) = signin::sign_in(&state, attempt).await?;
    let factor_at = user.roles.requires_second_factor() && !signin::enrolment_pending(&user);
    let cookie = signin::session_cookie(&state, &token)?;
    let actor = Actor {
        user: user.id,
        username: user.username,
        organisation: user.organisation,
        roles: user.roles,
        district: user.district,
        credential: crate::actor::Credential::Session {
            hash: lekhotla_identity::TokenHash::of(token.as_str()),
            factor_at: factor_at.then(|| state.clock.now()),
        },
        correction: None,
    };
    let body = NewSession {
        token: token.as_str().to_owned(),
        idle_timeout_seconds: state.security.sessions.idle.whole_seconds(),
        absolute_timeout_seconds: state.security.sessions.absolute.whole_seconds(),
        actor: who(&actor),
    };
    Ok((StatusCode::CREATED, [(header::SET_COOKIE, cookie)], Json(body)).into_response())
}

#[utoipa::path(get, path = "/session", tag = "session", responses((status = 200, body = WhoAmI)))]
pub async fn get(actor: Actor) -> Json<WhoAmI> {
    Json(who(&actor))
}

#[utoipa::path(delete, path = "/session", tag = "session",
    responses((status = 204, description = "Signed out; the session token no longer works"),
              (status = 409, body = ErrorBody, description = "The credential is an API token, not a session: it keeps working; its owner revokes it with POST /tokens/{id}/revoke from a signed-in session")))]
pub async fn delete(State(state): State<AppState>, actor: Actor) -> Result<Response, ApiError> {
    if let crate::actor::Credential::ApiToken { id, .. } = &actor.credential {
        return Err(ApiError::Refused(format!(
            "an API token is not a session and signing out does not end it: revoke it with POST /api/v1/tokens/{id}/revoke \
             from a signed-in session"
        )));
    }
    signin::sign_out(&state, &actor).await?;
    Ok((StatusCode::NO_CONTENT, [signin::clear_cookie(&state)]).into_response())
}

/// A fresh second factor, for revealing sealed fields.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepUp {
    /// The 6-digit code of the authenticator app, or one recovery code.
    pub code: String,
}

#[utoipa::path(post, path = "/session/step-up", tag = "session", request_body = StepUp,
    responses((status = 204, description = "Sealed fields can be revealed for the next five minutes"),
              (status = 401, body = ErrorBody, description = "The code is not right"),
              (status = 429, body = ErrorBody, description = "Too many failed attempts; see Retry-After")))]
pub async fn step_up(
    State(state): State<AppState>,
    actor: Actor,
    extensions: Extensions,
    ApiJson(input): ApiJson<StepUp>,
) -> Result<StatusCode, ApiError> {
    let address = crate::auth::client_address(&extensions);
    signin::step_up(&state, &actor, &input.code, &address).await?;
    Ok(StatusCode::NO_CONTENT)
}
