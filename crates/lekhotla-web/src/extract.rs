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
        let bytes = Bytes::from_request(req, state).await.map_err(unreadable)?;
        decode(&bytes).map(ApiJson)
    }
}

/// Why a body could not be read: over the size limit (413), or cut off (400).
pub fn unreadable(e: axum::extract::rejection::BytesRejection) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::PayloadTooLarge
    } else {
        ApiError::BadRequest("the body could not be read".into())
    }
}

/// Decodes JSON, turning serde's error into a field and a reason. A number with no fractional part is
/// an integer, whichever way it is written (`2.0` is `2`), as JSON Schema and the API description say.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    // JSON is UTF-8 (RFC 8259); serde_json checks it only in the strings it reads into a value.
    if std::str::from_utf8(bytes).is_err() {
        return Err(ApiError::BadRequest("the body is not UTF-8 text".into()));
    }
    // Broken JSON is told apart first, so it is not reported as the first field that happened to be read.
    let mut value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| ApiError::BadRequest(format!("the body is not valid JSON: {e}")))?;
    whole_numbers(&mut value);
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(v) => Ok(v),
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner();
            let reason = strip_position(&inner.to_string());
            Err(ApiError::Invalid(vec![lekhotla_domain::FieldError::new(field_of(&path, &reason), reason)]))
        }
    }
}

/// Every number with no fractional part (`2.0`, `1e3`) made an integer, so that an integer field takes it
/// (a floating-point field takes an integer all the same).
fn whole_numbers(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Number(n) if !n.is_i64() && !n.is_u64() => {
            let Some(f) = n.as_f64() else { return };
            // 2^63: beyond it an integer field could not take the value anyway, so it is left as it is.
            const LIMIT: f64 = 9_223_372_036_854_775_808.0;
            if f.fract() == 0.0 && f.abs() < LIMIT {
                let whole = f as i64;
                *value = serde_json::Value::from(whole);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(whole_numbers),
        serde_json::Value::Object(members) => members.values_mut().for_each(whole_numbers),
        _ => {}
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
/// (`W/"7"`) never matches, so it is answered 412 and changes nothing. A change is made against one
/// version: `*` (any version) is answered 428, like no `If-Match`, and anything but one ETag as this API
/// gives it (a list, a bare `7`) is malformed, 400. [`IF_MATCH_RULES`] says so in the API description.
#[derive(Debug, Clone, Copy)]
pub struct IfMatch(pub i64);

/// How `If-Match` is read, for the API description.
pub const IF_MATCH_RULES: &str = "Exactly one strong ETag as this API gave it (`\"3\"`). A weak one (`W/\"3\"`) never \
matches (412); `*` is not accepted, as a change names the version it was made against (428, as without If-Match); \
a list of ETags or a value without quotes is malformed (400).";

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        match given(parts) {
            Some(text) => if_match(&text),
            None => Err(ApiError::PreconditionRequired),
        }
    }
}

/// The `If-Match` value sent, trimmed; none when the header is absent or empty (an empty list of ETags,
/// which RFC 9110, 5.6.1, asks a recipient to take as no element at all).
fn given(parts: &Parts) -> Option<String> {
    let value = parts.headers.get(IF_MATCH)?;
    let text = String::from_utf8_lossy(value.as_bytes()).trim().to_owned();
    (!text.is_empty()).then_some(text)
}

/// One `If-Match` value read by the rules of [`IfMatch`].
fn if_match(text: &str) -> Result<IfMatch, ApiError> {
    if text == "*" {
        return Err(ApiError::PreconditionRequired);
    }
    if let Some(weak) = text.strip_prefix("W/")
        && strong_tag(weak)
    {
        return Err(ApiError::Stale(format!(
            "If-Match compares strongly: the weak ETag {text} never matches; send the ETag as this API gave it \
             (like \"3\")"
        )));
    }
    if let Some(version) = strong_version(text) {
        return Ok(IfMatch(version));
    }
    if strong_tag(text) {
        // Well formed, but more digits than any version: it matches no record (412), as the document's
        // pattern allows it.
        return Err(ApiError::Stale(format!(
            "If-Match {text} names a version no record has: read the record again and send its ETag"
        )));
    }
    Err(ApiError::BadRequest(format!("If-Match must be one ETag as this API gave it (like \"3\"), not {text:?}")))
}

/// A strong ETag of this API's form: digits in double quotes.
fn strong_tag(tag: &str) -> bool {
    tag.strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
}

/// The version a strong ETag names, if it fits one.
fn strong_version(tag: &str) -> Option<i64> {
    if strong_tag(tag) { tag[1..tag.len() - 1].parse().ok() } else { None }
}

/// `If-Match` where a request may also make a new record: none when the header is absent (a record is made),
/// else as [`IfMatch`] (the version read).
#[derive(Debug, Clone, Copy)]
pub struct MaybeIfMatch(pub Option<i64>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeIfMatch {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if given(parts).is_none() {
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

    /// Found by the `json_bodies` fuzz target: serde_json's fast float parsing read some numbers one unit in
    /// the last place off, so a coordinate written back as JSON (as every merge patch does) read differently.
    #[test]
    fn a_number_reads_back_as_it_was_written() {
        #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        struct Place {
            latitude: f64,
        }
        let long = format!("-{}9.3111111", "5".repeat(77));
        for text in [long.as_str(), "-29.311111111111113", "27.481111111111112", "0.30000000000000004"] {
            let place: Place = decode(format!("{{\"latitude\":{text}}}").as_bytes()).unwrap();
            let again: Place = decode(&serde_json::to_vec(&place).unwrap()).unwrap();
            assert_eq!(place, again, "{text}");
        }
    }

    #[test]
    fn if_match_takes_one_strong_etag() {
        assert!(matches!(if_match("\"7\""), Ok(IfMatch(7))));
        assert!(matches!(if_match("W/\"7\""), Err(ApiError::Stale(_))));
        assert!(matches!(if_match("*"), Err(ApiError::PreconditionRequired)));
        // Well formed (the document's pattern allows it) but more than any version: it matches nothing.
        assert!(matches!(if_match("\"148302963993627009767060074\""), Err(ApiError::Stale(_))));
        assert!(matches!(if_match("W/\"148302963993627009767060074\""), Err(ApiError::Stale(_))));
        for bad in ["7", "\"7\", \"8\"", "\"\"", "\"-1\"", "\"7", "W/7", "\"1e3\""] {
            assert!(matches!(if_match(bad), Err(ApiError::BadRequest(_))), "{bad} must be malformed");
        }
    }

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Counts {
        people: u32,
        share: f64,
    }

    #[test]
    fn a_whole_number_written_with_a_fraction_is_an_integer() {
        let read: Counts = decode(br#"{"people": 2.0, "share": 3}"#).expect("2.0 is the integer 2");
        assert_eq!(read, Counts { people: 2, share: 3.0 });
        assert!(matches!(decode::<Counts>(br#"{"people": 2.5, "share": 1}"#), Err(ApiError::Invalid(_))));
        assert!(matches!(decode::<Counts>(br#"{"people": -1.0, "share": 1}"#), Err(ApiError::Invalid(_))));
    }

    #[test]
    fn broken_json_is_a_bad_request() {
        assert!(matches!(decode::<Outer>(b"{\"name\":"), Err(ApiError::BadRequest(_))));
    }
}
