//! Refusals made outside the handlers' own error type (axum's extractors of paths, queries and forms, a
//! route's method) come as plain text or with no body; this layer answers them in the project's error shape,
//! `{"error": {code, message, fields}}`, with the same status, so a client always reads one shape and the page
//! layer (`pages::errors`) can make its error page of them. A 5xx keeps nothing of what it said.

use axum::body::to_bytes;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::{ErrorBody, ErrorDetail};

/// The most of a refusal's own text that is kept as its message.
const MESSAGE_LIMIT: usize = 1024;

/// The layer (inside the page layer, outside the routes).
pub async fn in_shape(req: Request, next: Next) -> Response {
    if req.uri().path().starts_with("/static/") {
        return next.run(req).await;
    }
    let response = next.run(req).await;
    let status = response.status();
    let shaped = response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| {
        let v = v.trim_start();
        v.starts_with("application/json") || v.starts_with("text/html")
    });
    if !(status.is_client_error() || status.is_server_error()) || shaped {
        return response;
    }
    let (parts, body) = response.into_parts();
    let said = match to_bytes(body, MESSAGE_LIMIT).await {
        Ok(bytes) => String::from_utf8_lossy(&bytes).trim().to_owned(),
        Err(_) => String::new(),
    };
    let (code, message) = words(status, said);
    let body = ErrorBody { error: ErrorDetail { code: code.into(), message, fields: Vec::new() } };
    let mut out = (status, axum::Json(body)).into_response();
    for name in [header::ALLOW, header::RETRY_AFTER, header::WWW_AUTHENTICATE] {
        if let Some(v) = parts.headers.get(&name) {
            out.headers_mut().insert(name, v.clone());
        }
    }
    out.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    out
}

/// The code and message of a refusal with `status` that said `said`.
fn words(status: StatusCode, said: String) -> (&'static str, String) {
    if status.is_server_error() {
        tracing::error!(%status, detail = %said, "request failed outside a handler");
        return ("internal", "internal error; quote the x-request-id header when reporting it".into());
    }
    let code = match status {
        StatusCode::BAD_REQUEST => "bad_request",
        StatusCode::UNAUTHORIZED => "unauthenticated",
        StatusCode::FORBIDDEN => "forbidden",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::REQUEST_TIMEOUT => "timeout",
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        StatusCode::URI_TOO_LONG => "uri_too_long",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::UNPROCESSABLE_ENTITY => "invalid",
        _ => "bad_request",
    };
    let message = if said.is_empty() {
        status.canonical_reason().unwrap_or("the request was refused").to_lowercase()
    } else {
        said
    };
    (code, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_error_keeps_nothing_of_what_it_said() {
        let (code, message) = words(StatusCode::INTERNAL_SERVER_ERROR, "Missing request extension: Foo".into());
        assert_eq!(code, "internal");
        assert!(!message.contains("Foo"), "{message}");
    }

    #[test]
    fn a_refusal_keeps_its_reason_or_names_its_status() {
        assert_eq!(words(StatusCode::BAD_REQUEST, "Invalid URL".into()), ("bad_request", "Invalid URL".into()));
        let (code, message) = words(StatusCode::PAYLOAD_TOO_LARGE, String::new());
        assert_eq!(code, "payload_too_large");
        assert!(message.contains("large"), "{message}");
    }
}
