//! The guard every matched route passes: resolves the session cookie or bearer token to an
//! [`Actor`], then lets the request through only if the route's need (`access::ROUTES`) is met.
//! A route missing from the table is denied to everyone.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use lekhotla_identity::{ApiToken, TokenHash};
use lekhotla_storage::Action;
use time::Duration;

use crate::access::{self, Need};
use crate::actor::{Actor, Credential};
use crate::error::ApiError;
use crate::origin::Carried;
use crate::state::AppState;

/// The session cookie's name over plain HTTP (a workstation's `localhost`, a demonstration): browsers
/// refuse a `__Host-` cookie that is not `Secure`, and a `Secure` cookie is not sent over plain HTTP.
pub const SESSION_COOKIE: &str = "lekhotla_session";
/// The session cookie's name behind HTTPS (`--secure-cookies`): the `__Host-` prefix makes the browser
/// accept it only `Secure`, for `Path=/` and without `Domain`, so no other host can plant one.
pub const SECURE_SESSION_COOKIE: &str = "__Host-lekhotla_session";

/// The name the session cookie has on this server; the other name is ignored.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure { SECURE_SESSION_COOKIE } else { SESSION_COOKIE }
}

/// A session's last activity, and an API token's last use, is written at most this often (not on every
/// request).
const TOUCH_EVERY: Duration = Duration::minutes(1);

/// Where a credential came from: a cookie is sent by browsers on their own, so unsafe requests
/// carrying one must come from this site's own pages (`origin`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Carrier {
    Cookie,
    Bearer,
}

/// What a session that must enrol its second factor may reach besides public routes.
const ENROLMENT_ROUTES: [&str; 2] = ["/account/enrol", "/logout"];

/// The middleware: authenticate, then authorise against the route table.
pub async fn guard(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.extensions().get::<MatchedPath>().map(|m| m.as_str().to_owned()).unwrap_or_default();
    let page = !path.starts_with("/api/");
    let Some(need) = access::need(req.method(), &path) else {
        return access::no_such_method(req.method(), &path);
    };
    let credential = credential(req.headers(), cookie_name(state.security.secure_cookies));
    let carried = match &credential {
        Some((_, Carrier::Cookie)) => Carried::Cookie,
        Some((_, Carrier::Bearer)) => Carried::Bearer,
        None => Carried::Nothing,
    };
    if let Err(e) = crate::origin::check(req.method(), req.headers(), carried) {
        return e.into_response();
    }
    let actor = match credential {
        Some((token, _)) => match resolve(&state, &token).await {
            Ok(actor) => actor,
            Err(e) => return e.into_response(),
        },
        None => None,
    };
    if need != Need::Public
        && let Some(a) = &actor
        && a.must_enrol()
        && !ENROLMENT_ROUTES.contains(&path.as_str())
    {
        // A session opened with the password only, to enrol the second factor: nothing else until then.
        if page {
            return Redirect::to(crate::pages::account::ENROL_PATH).into_response();
        }
        return ApiError::Forbidden("enrol your second factor first (at /account/enrol)".into()).into_response();
    }
    if need != Need::Public {
        let Some(a) = &actor else {
            if !page {
                return ApiError::Unauthenticated.into_response();
            }
            if req.method() == axum::http::Method::POST && path != "/logout" {
                // A form sent after its session ended: keep what was written, sign in, send it again.
                let lang = crate::i18n::Lang::of_request(req.headers());
                let to = req.uri().path().to_owned();
                let body =
                    axum::body::to_bytes(req.into_body(), crate::pages::csrf::MAX_FORM).await.unwrap_or_default();
                return crate::pages::login::kept(lang, &to, &body);
            }
            return Redirect::to("/login").into_response();
        };
        let verdict = match need {
            Need::Allowed(permission) => a.require(permission),
            Need::Acts(acts) if crate::authority::holds_any(a, acts) => Ok(()),
            Need::Acts(acts) => Err(crate::authority::refused_route(a, acts)),
            Need::Public => Ok(()),
        };
        if let Err(e) = verdict {
            let mut response = e.into_response();
            response.extensions_mut().insert(a.clone());
            return response;
        }
    }
    let Some(mut actor) = actor else { return next.run(req).await };
    actor.correction = correction(req.headers());
    req.extensions_mut().insert(actor.clone());
    // The error pages (`pages::errors`) draw the person's menu from the answer.
    let mut response = next.run(req).await;
    response.extensions_mut().insert(actor);
    response
}

/// The reason the national coordinator gives for a correction, if the request carries one (UTF-8, so a
/// reason can be written in Sesotho).
fn correction(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(crate::authority::CORRECTION_HEADER)?;
    let text = std::str::from_utf8(value.as_bytes()).ok()?.trim();
    (!text.is_empty()).then(|| text.chars().take(500).collect())
}

/// The bearer token, else the session cookie.
fn credential(headers: &HeaderMap, cookie: &str) -> Option<(String, Carrier)> {
    if let Some(value) = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok())
        && let Some(token) = value.strip_prefix("Bearer ").map(str::trim)
        && !token.is_empty()
    {
        return Some((token.to_owned(), Carrier::Bearer));
    }
    session_cookie(headers, cookie).map(|t| (t, Carrier::Cookie))
}

/// The value of the session cookie `name`, if the request carries one.
pub fn session_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.to_owned())
        .filter(|v| !v.is_empty())
}

/// The actor a token stands for; `None` for an unknown, revoked or expired one (sessions and API tokens).
async fn resolve(state: &AppState, token: &str) -> Result<Option<Actor>, ApiError> {
    let hash = TokenHash::of(token);
    if ApiToken::looks_like(token) {
        let Some((record, user)) = state.store.api_token(&hash).await? else { return Ok(None) };
        let now = state.clock.now();
        if !user.is_active() || !record.is_live(now) {
            return Ok(None);
        }
        if record.last_used_at.is_none_or(|last| now - last >= TOUCH_EVERY) {
            state.store.touch_api_token(record.id, now).await?;
        }
        let credential = Credential::ApiToken { id: record.id, scopes: record.scopes };
        return Ok(Some(actor_of(user, credential)));
    }
    let Some((session, user)) = state.store.session(&hash).await? else { return Ok(None) };
    let now = state.clock.now();
    if let Err(end) = state.security.sessions.check(session.created_at, session.last_seen_at, now) {
        let note = crate::actor::Actor::system_entry(now, Action::Logout, &user.id).purpose(format!("expired: {end}"));
        state.store.end_session(&hash, now, note).await?;
        return Ok(None);
    }
    if !user.is_active() {
        return Ok(None);
    }
    if now - session.last_seen_at >= TOUCH_EVERY {
        state.store.touch_session(&hash, now).await?;
    }
    Ok(Some(actor_of(user, Credential::Session { hash, factor_at: session.factor_at })))
}

fn actor_of(user: lekhotla_storage::UserAccount, credential: Credential) -> Actor {
    Actor {
        user: user.id,
        username: user.username,
        organisation: user.organisation,
        roles: user.roles,
        district: user.district,
        credential,
        correction: None,
    }
}

/// The client's address, when the server knows it (for throttling and the audit trail).
pub fn client_address(req_extensions: &axum::http::Extensions) -> String {
    req_extensions.get::<ConnectInfo<SocketAddr>>().map_or_else(|| "unknown".to_owned(), |c| c.0.ip().to_string())
}
