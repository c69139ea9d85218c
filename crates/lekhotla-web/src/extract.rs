//! Request and response pieces shared by the handlers: a JSON body that names the bad field,
//! `If-Match` versions, and ETag'd responses.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header::{CONTENT_TYPE, ETAG, IF_MATCH, LOCATION};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// A JSON body. A body that does not fit the route's type is refused with the path of the field that
/// is wrong (`context.exploitation_types[1]`) and why, as a 422.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json =
            req.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| {
                v.split(';').next().is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
            });
        if !is_json {
            return Err(ApiError::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::BadRequest("the body is too large".into())
            } else {
                ApiError::BadRequest("the body could not be read".into())
            }
        })?;
        decode(&bytes).map(ApiJson)
    }
}

/// Decodes JSON, turning serde's error into a field and a reason.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    // Broken JSON is told apart first, so it is not reported as the first field that happened to be read.
    if let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(bytes) {
        return Err(ApiError::BadRequest(format!("the body is not valid JSON: {e}")));
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Ok(v) => Ok(v),
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner();
            let reason = strip_position(&inner.to_string());
            Err(ApiError::Invalid(vec![lekhotla_domain::FieldError::new(field_of(&path, &reason), reason)]))
        }
    }
}

/// serde names a missing or unknown field only in its message; put it in the path.
fn field_of(path: &str, reason: &str) -> String {
    let named = ["missing field `", "unknown field `"]
        .iter()
        .find_map(|p| reason.strip_prefix(p))
        .and_then(|rest| rest.split('`').next());
    let base = if path == "." { "" } else { path };
    match named {
        Some(name) if base.is_empty() || base.ends_with(name) => {
            if base.is_empty() {
                name.to_owned()
            } else {
                base.to_owned()
            }
        }
        Some(name) => format!("{base}.{name}"),
        None if base.is_empty() => "body".to_owned(),
        None => base.to_owned(),
    }
}

fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// The version a client last saw, from `If-Match: "7"`. Changing an existing record requires it.
///
/// The API gives only strong ETags, and `If-Match` compares strongly (RFC 9110, 13.1.1): a weak validator
/// (`W/"7"`) never matches, so it is answered 412 and changes nothing.
#[derive(Debug, Clone, Copy)]
pub struct IfMatch(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let value = parts.headers.get(IF_MATCH).ok_or(ApiError::PreconditionRequired)?;
        let text = value.to_str().unwrap_or_default().trim();
        if text.starts_with("W/") {
            return Err(ApiError::Stale(format!(
                "If-Match compares strongly: the weak ETag {text} never matches; send the ETag as this API gave it \
                 (like \"3\")"
            )));
        }
        text.trim_matches('"').parse::<i64>().map(IfMatch).map_err(|_| {
            ApiError::BadRequest(format!("If-Match must be an ETag this API gave (like \"3\"), not {text:?}"))
        })
    }
}

/// `If-Match` where a request may also make a new record: none when the header is absent (a record is made),
/// else as [`IfMatch`] (the version read).
#[derive(Debug, Clone, Copy)]
pub struct MaybeIfMatch(pub Option<i64>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeIfMatch {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if parts.headers.get(IF_MATCH).is_none() {
            return Ok(MaybeIfMatch(None));
        }
        IfMatch::from_request_parts(parts, state).await.map(|IfMatch(v)| MaybeIfMatch(Some(v)))
    }
}

/// A JSON response with the version of the record it shows as its ETag.
#[derive(Debug)]
pub struct Tagged<T> {
    pub status: StatusCode,
    pub version: i64,
    pub location: Option<String>,
    pub body: T,
}

impl<T> Tagged<T> {
    pub fn ok(version: i64, body: T) -> Self {
        Self { status: StatusCode::OK, version, location: None, body }
    }
    pub fn created(version: i64, location: String, body: T) -> Self {
        Self { status: StatusCode::CREATED, version, location: Some(location), body }
    }
}

pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

impl<T: Serialize> IntoResponse for Tagged<T> {
    fn into_response(self) -> Response {
        let mut res = (self.status, axum::Json(self.body)).into_response();
        if let Ok(v) = HeaderValue::from_str(&etag(self.version)) {
            res.headers_mut().insert(ETAG, v);
        }
        if let Some(v) = self.location.and_then(|l| HeaderValue::from_str(&l).ok()) {
            res.headers_mut().insert(LOCATION, v);
        }
        res
    }
}

/// A created record that has no version of its own (a comment, a link).
pub fn created<T: Serialize>(location: String, body: T) -> Response {
    let mut res = (StatusCode::CREATED, axum::Json(body)).into_response();
    if let Ok(v) = HeaderValue::from_str(&location) {
        res.headers_mut().insert(LOCATION, v);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        kind: lekhotla_domain::DetectionSource,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        name: String,
        inner: Vec<Inner>,
    }

    fn fields(body: &str) -> Vec<String> {
        match decode::<Outer>(body.as_bytes()) {
            Err(ApiError::Invalid(f)) => f.into_iter().map(|f| f.field).collect(),
            other => panic!("expected a field error, got {other:?}"),
        }
    }

    #[test]
    fn bad_fields_are_named_by_their_path() {
        assert_eq!(fields(r#"{"name":"x","inner":[{"kind":"Police"},{"kind":"Rumour"}]}"#), ["inner[1].kind"]);
        assert_eq!(fields(r#"{"inner":[]}"#), ["name"]);
        assert_eq!(fields(r#"{"name":"x","inner":[{"kind":"Police","extra":1}]}"#), ["inner[0].extra"]);
        assert_eq!(fields(r#"{"name":7,"inner":[]}"#), ["name"]);
    }

    #[test]
    fn broken_json_is_a_bad_request() {
        assert!(matches!(decode::<Outer>(b"{\"name\":"), Err(ApiError::BadRequest(_))));
    }
}
