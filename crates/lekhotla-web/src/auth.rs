//! The guard every matched route passes: resolves the session cookie or bearer token to an
//! [`Actor`], then lets the request through only if the route's need (`access::ROUTES`) is met.
//! A route missing from the table is denied to everyone.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use lekhotla_identity::{ApiToken, TokenHash};
use lekhotla_storage::Action;
use time::Duration;

use crate::access::{self, Need};
use crate::actor::{Actor, Credential};
use crate::error::ApiError;
use crate::state::AppState;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "lekhotla_session";

/// A session's last activity, and an API token's last use, is written at most this often (not on every
/// request).
const TOUCH_EVERY: Duration = Duration::minutes(1);

/// Where a credential came from: a cookie is sent by browsers on their own, so unsafe requests
/// carrying one must come from this site's own pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Carrier {
    Cookie,
    Bearer,
}

/// The middleware: authenticate, then authorise against the route table.
pub async fn guard(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.extensions().get::<MatchedPath>().map(|m| m.as_str().to_owned()).unwrap_or_default();
    let page = !path.starts_with("/api/");
    let Some(need) = access::need(req.method(), &path) else {
        tracing::error!(%path, method = %req.method(), "route has no declared permission; denied");
        return ApiError::Forbidden("this route is not open to anyone".into()).into_response();
    };
    let actor = match credential(req.headers()) {
        Some((token, carrier)) => {
            if carrier == Carrier::Cookie && !is_safe(req.method()) && !same_origin(req.headers()) {
                return ApiError::Forbidden("a request from another site cannot use this session".into())
                    .into_response();
            }
            match resolve(&state, &token).await {
                Ok(actor) => actor,
                Err(e) => return e.into_response(),
            }
        }
        None => None,
    };
    if need != Need::Public {
        let Some(a) = &actor else {
            return if page {
                Redirect::to("/login").into_response()
            } else {
                ApiError::Unauthenticated.into_response()
            };
        };
        let verdict = match need {
            Need::Allowed(permission) => a.require(permission),
            Need::Acts(acts) if crate::authority::holds_any(a, acts) => Ok(()),
            Need::Acts(acts) => Err(crate::authority::refused_route(acts)),
            Need::Public => Ok(()),
        };
        if let Err(e) = verdict {
            return e.into_response();
        }
    }
    if let Some(mut actor) = actor {
        actor.correction = correction(req.headers());
        req.extensions_mut().insert(actor);
    }
    next.run(req).await
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Whether the request comes from this site's own pages: by the browser's `Sec-Fetch-Site` when it sends
/// one (it does even where `Referrer-Policy: no-referrer` makes `Origin` read `null`), else by `Origin`
/// naming this host; a client that sends neither (a script, curl) is not a browser led by another site.
fn same_origin(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return site == "same-origin" || site == "none";
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let origin_host = origin.split_once("://").map_or(origin, |(_, rest)| rest);
    !host.is_empty() && origin_host == host
}

/// The reason the national coordinator gives for a correction, if the request carries one (UTF-8, so a
/// reason can be written in Sesotho).
fn correction(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(crate::authority::CORRECTION_HEADER)?;
    let text = std::str::from_utf8(value.as_bytes()).ok()?.trim();
    (!text.is_empty()).then(|| text.chars().take(500).collect())
}

/// The bearer token, else the session cookie.
fn credential(headers: &HeaderMap) -> Option<(String, Carrier)> {
    if let Some(value) = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok())
        && let Some(token) = value.strip_prefix("Bearer ").map(str::trim)
        && !token.is_empty()
    {
        return Some((token.to_owned(), Carrier::Bearer));
    }
    session_cookie(headers).map(|t| (t, Carrier::Cookie))
}

/// The session cookie's value, if the request carries one.
pub fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
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
