//! Errors as pages. Handlers and the guard answer errors as `ApiError` (JSON); for any address outside
//! `/api/` this layer turns such an answer into a page in the person's language, with the same status:
//! a friendly title and sentence per kind of error, the fields to correct, and for a 500 only the
//! request's reference. The API keeps its JSON.

use askama::Template;
use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::chrome::Chrome;
use crate::actor::Actor;
use crate::i18n::{Lang, Tr};

#[derive(Debug, Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub c: Chrome,
    pub title: String,
    pub message: String,
    pub detail: String,
    pub fields: Vec<(String, String)>,
}

#[derive(Debug, Deserialize)]
struct Body_ {
    error: Detail,
}

#[derive(Debug, Deserialize)]
struct Detail {
    code: String,
    message: String,
    #[serde(default)]
    fields: Vec<Field>,
}

#[derive(Debug, Deserialize)]
struct Field {
    field: String,
    reason: String,
}

/// Whether `path` is a page's (not the API's, a probe's or a static file's).
pub fn is_page(path: &str) -> bool {
    !(path.starts_with("/api/") || matches!(path, "/healthz" | "/livez" | "/readyz") || path.starts_with("/static/"))
}

/// The layer (outermost of the routes, inside the security headers).
pub async fn html_errors(req: Request, next: Next) -> Response {
    if !is_page(req.uri().path()) {
        return next.run(req).await;
    }
    let lang = Lang::of_request(req.headers());
    let path = req.uri().path().to_owned();
    let reference =
        req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_owned).unwrap_or_default();
    let response = next.run(req).await;
    let status = response.status();
    let json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || !json {
        return response;
    }
    let actor = response.extensions().get::<Actor>().cloned();
    let (parts, body) = response.into_parts();
    let detail = match to_bytes(body, 64 * 1024).await {
        Ok(bytes) => serde_json::from_slice::<Body_>(&bytes).ok().map(|b| b.error),
        Err(_) => None,
    };
    let c = Chrome::new(actor.as_ref(), lang, &path);
    let page = page_for(c, status, detail.as_ref(), &reference);
    let mut out = match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "error page failed to render");
            (status, Body::from("error")).into_response()
        }
    };
    // Keep what the answer said beyond its body (Allow, Retry-After, cache rules).
    for name in [header::ALLOW, header::RETRY_AFTER, header::CACHE_CONTROL] {
        if let Some(v) = parts.headers.get(&name) {
            out.headers_mut().insert(name, v.clone());
        }
    }
    out.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    out
}

/// The page for an error answer (`code` from the JSON body).
fn page_for(c: Chrome, status: StatusCode, detail: Option<&Detail>, reference: &str) -> ErrorPage {
    let tr: Tr = c.tr;
    let code = detail.map(|d| d.code.as_str()).unwrap_or("");
    let english = detail.map(|d| d.message.clone()).unwrap_or_default();
    let (title, message, extra) = match (status, code) {
        (StatusCode::NOT_FOUND, _) => (tr.t("error-not-found-title"), tr.t("error-not-found"), String::new()),
        (_, "forbidden") if english == super::csrf::CSRF_MESSAGE => {
            (tr.t("error-csrf-title"), tr.t("error-csrf"), String::new())
        }
        (_, "forbidden") => (tr.t("error-forbidden-title"), tr.t("error-forbidden"), english),
        (_, "invalid") => (tr.t("error-invalid-title"), tr.t("error-invalid"), String::new()),
        // A malformed address (`?year=abc`) has no fields to list: what the server said names the parameter.
        (_, "bad_request") => (tr.t("error-invalid-title"), tr.t("error-invalid"), english),
        (_, "stale") => (tr.t("error-stale-title"), tr.t("error-stale"), String::new()),
        (_, "refused") => (tr.t("error-refused-title"), english, String::new()),
        (_, "busy") => (tr.t("error-refused-title"), tr.t("error-busy"), String::new()),
        (_, "throttled" | "rate_limited") => (tr.t("error-throttled-title"), english, String::new()),
        (_, "unavailable") => (tr.t("error-title"), tr.t("error-unavailable"), String::new()),
        (_, "method_not_allowed") => (tr.t("error-title"), tr.t("error-method"), String::new()),
        (_, "unauthenticated") => (tr.t("error-title"), tr.t("error-unauthenticated"), String::new()),
        (_, "audit_entry_unreadable") => (tr.t("error-title"), tr.t("error-audit-unreadable"), english),
        (_, "payload_too_large") => (tr.t("error-too-large-title"), tr.t("error-too-large"), String::new()),
        _ if status.is_server_error() => {
            (tr.t("error-title"), tr.t1("error-internal", "reference", reference), String::new())
        }
        _ => (tr.t("error-title"), english, String::new()),
    };
    let fields =
        detail.map(|d| d.fields.iter().map(|f| (f.field.clone(), f.reason.clone())).collect()).unwrap_or_default();
    ErrorPage { c, title, message, detail: extra, fields }
}

/// A page's own 404 (the fallback of unknown addresses).
pub fn not_found(c: Chrome) -> Response {
    let page = page_for(c, StatusCode::NOT_FOUND, None, "");
    match page.render() {
        Ok(html) => (StatusCode::NOT_FOUND, Html(html)).into_response(),
        Err(e) => crate::error::ApiError::internal(e).into_response(),
    }
}
