//! The layers every response passes through: a request id of the server's own (`x-request-id`, also in
//! the log span; one the client sent is replaced), security headers (CSP without inline script, nosniff,
//! no referrer, no framing, HSTS behind HTTPS), `Cache-Control: no-store` unless a handler said otherwise
//! (only the static files do), and a panic turned into a plain 500 that says nothing internal. The
//! body limit (larger for the one upload, an evidence document of the action plan) and the time limit are
//! here too; `router` puts them inside the page layer so that their 413 and 408 become the error page on pages.

use std::time::Duration;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::error::ApiError;

/// The largest request body accepted (bulk data goes through the CLI import, not the API).
pub const BODY_LIMIT: usize = 1024 * 1024;
/// The largest document uploaded as evidence of the plan's activities.
pub const UPLOAD_FILE_LIMIT: usize = 10 * 1024 * 1024;
/// The largest upload's body: the document and its form's other fields.
pub const UPLOAD_LIMIT: usize = UPLOAD_FILE_LIMIT + 64 * 1024;

/// Whether a request to `path` uploads a document (and so may carry [`UPLOAD_LIMIT`]).
pub fn is_upload(path: &str) -> bool {
    path.strip_prefix("/plan/activities/")
        .is_some_and(|rest| rest.ends_with("/files") && !rest[..rest.len() - 6].contains('/'))
}

/// Refuses a body declared longer than the route takes (413, in the error shape: JSON on the API, the error
/// page on pages, as it runs inside the page layer), and cuts one that turns out longer (the extractors then
/// answer 413 the same way).
pub async fn limit_body(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let limit =
        if req.method() == axum::http::Method::POST && is_upload(req.uri().path()) { UPLOAD_LIMIT } else { BODY_LIMIT };
    let declared = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return ApiError::PayloadTooLarge.into_response();
    }
    next.run(req.map(|b| axum::body::Body::new(http_body_util::Limited::new(b, limit)))).await
}
/// How long a request may take before it is stopped (a report at a million cases under a heavy load may).
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// What a request stopped by [`time_limit`] is told.
pub const TIMEOUT_MESSAGE: &str =
    "the request took longer than 30 s and was stopped; try again in a moment (the server may be busy with reports)";

/// Stops a request still running after [`TIMEOUT`] with a 408 that says so. `router` puts it inside the
/// error-shape and page layers, so the API answers in its JSON error shape and a page with the error page
/// (tower-http's timeout, outside them, answered with an empty body that a browser showed as a blank page).
pub async fn time_limit(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    limited(TIMEOUT, req, next).await
}

async fn limited(limit: Duration, req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!("a request was stopped after {} ms", limit.as_millis());
            (StatusCode::REQUEST_TIMEOUT, TIMEOUT_MESSAGE).into_response()
        }
    }
}

pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// Behind HTTPS (`--secure-cookies`): browsers keep to HTTPS for a year.
pub const HSTS: &str = "max-age=31536000";

/// Personal data, tokens and pages are never kept by the browser or a proxy; the static files set their
/// own `Cache-Control` and keep it.
pub const NO_STORE: &str = "no-store";

static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Wraps `router` in every layer (the last added runs first); `https` adds HSTS.
pub fn apply(router: Router, https: bool) -> Router {
    let mut headers: Vec<(HeaderName, &'static str)> = vec![
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (HeaderName::from_static("cross-origin-opener-policy"), "same-origin"),
        (HeaderName::from_static("permissions-policy"), "camera=(), microphone=(), geolocation=()"),
        (header::CACHE_CONTROL, NO_STORE),
    ];
    if https {
        headers.push((header::STRICT_TRANSPORT_SECURITY, HSTS));
    }
    let mut router = router
        .layer(CatchPanicLayer::custom(|_: Box<dyn std::any::Any + Send>| panic_response()))
        // Pages, CSS and htmx travel gzipped (a case file on a slow line). No secret a third site could probe
        // by size (BREACH) rides in them: the session cookie is SameSite=Strict, so no other site's request
        // carries it.
        .layer(tower_http::compression::CompressionLayer::new().gzip(true));
    for (name, value) in headers {
        router = router.layer(SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value)));
    }
    router
        .layer(PropagateRequestIdLayer::new(X_REQUEST_ID.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
            let id = req.headers().get(&X_REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
            // The path only: query strings may carry search terms.
            tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
        }))
        .layer(SetRequestIdLayer::new(X_REQUEST_ID.clone(), MakeRequestUuid))
        // A client-chosen id would let it forge or collide log lines: the server always makes its own.
        .layer(axum::middleware::map_request(drop_client_request_id))
}

async fn drop_client_request_id(mut req: axum::extract::Request) -> axum::extract::Request {
    req.headers_mut().remove(&X_REQUEST_ID);
    req
}

fn panic_response() -> Response {
    tracing::error!("a handler panicked");
    ApiError::internal("panic").into_response()
}

#[cfg(test)]
mod tests {
    use axum::routing::get;
    use tower::ServiceExt;

    use super::*;

    /// A route slower than the limit (here 50 ms) gets a 408 in the API's error shape, saying what happened; a
    /// quick one passes untouched.
    #[tokio::test]
    async fn a_request_over_the_time_limit_is_stopped_with_a_clear_error() {
        let app = Router::new()
            .route("/slow", get(|| async { tokio::time::sleep(Duration::from_secs(5)).await }))
            .route("/quick", get(|| async { "done" }))
            .layer(axum::middleware::from_fn(|req, next| limited(Duration::from_millis(50), req, next)))
            .layer(axum::middleware::from_fn(crate::rejections::in_shape));
        let ask = |path: &str| Request::get(path).body(axum::body::Body::empty()).unwrap();
        let slow = app.clone().oneshot(ask("/slow")).await.unwrap();
        assert_eq!(slow.status(), StatusCode::REQUEST_TIMEOUT);
        assert_eq!(slow.headers()[header::CONTENT_TYPE], "application/json");
        let body = axum::body::to_bytes(slow.into_body(), 4096).await.unwrap();
        let said: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(said["error"]["code"], "timeout");
        assert_eq!(said["error"]["message"], TIMEOUT_MESSAGE);
        let quick = app.oneshot(ask("/quick")).await.unwrap();
        assert_eq!(quick.status(), StatusCode::OK);
    }
}
