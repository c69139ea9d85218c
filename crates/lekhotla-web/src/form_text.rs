//! Query strings and form bodies are UTF-8 text once percent-decoded; anything else is refused with a 400
//! instead of being read with replacement characters (which would let `%FF` and `%FE` name the same thing).
//! [`utf8_query`] checks every request's query string; [`TextForm`] is axum's `Form` with that check (the
//! page forms' `PageForm` makes it too).

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// Whether `encoded` (a query string or an `application/x-www-form-urlencoded` body) is UTF-8 once
/// percent-decoded.
pub fn is_text(encoded: &[u8]) -> bool {
    let mut decoded = Vec::with_capacity(encoded.len());
    let mut i = 0;
    while let Some(&b) = encoded.get(i) {
        let escaped = (b == b'%')
            .then(|| encoded.get(i + 1..i + 3))
            .flatten()
            .filter(|hex| hex.iter().all(u8::is_ascii_hexdigit))
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                decoded.push(byte);
                i += 3;
            }
            None => {
                decoded.push(b);
                i += 1;
            }
        }
    }
    std::str::from_utf8(&decoded).is_ok()
}

/// Refuses `what` (the form, the query string) unless it is text.
pub fn require_text(encoded: &[u8], what: &str) -> Result<(), ApiError> {
    if is_text(encoded) { Ok(()) } else { Err(ApiError::BadRequest(format!("{what} is not UTF-8 text"))) }
}

/// The layer: a request whose query string is not text is answered 400 before any route sees it.
pub async fn utf8_query(req: Request, next: Next) -> Response {
    match req.uri().query().map(|q| require_text(q.as_bytes(), "the query string")) {
        Some(Err(e)) => e.into_response(),
        _ => next.run(req).await,
    }
}

/// An `application/x-www-form-urlencoded` body that is text, read into `T` (415 for another media type, 413
/// over the body limit, 400 when not text, 422 when it does not fit `T`).
#[derive(Debug)]
pub struct TextForm<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for TextForm<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_form = req.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| {
            v.split(';').next().is_some_and(|m| m.trim().eq_ignore_ascii_case("application/x-www-form-urlencoded"))
        });
        if !is_form {
            return Err(ApiError::BadRequest("the body must be a form (application/x-www-form-urlencoded)".into()));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(crate::extract::unreadable)?;
        require_text(&bytes, "the form")?;
        serde_html_form::from_bytes::<T>(&bytes).map(TextForm).map_err(|e| ApiError::field("form", e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::is_text;

    #[test]
    fn text_is_text_once_decoded() {
        assert!(is_text(b"name=Synthetic+Person&city=Maseru"));
        assert!(is_text(b"name=%C3%A9&x=100%"), "a stray % is kept as it is");
        assert!(is_text(b"a=%+F%-1"), "signs are not hex digits");
        assert!(is_text(b"q=%e2%82%ac"), "lower-case escapes decode too");
        assert!(!is_text(b"name=%FF"));
        assert!(!is_text(b"name=%C3"), "a cut-off sequence is not text");
        assert!(!is_text(b"name=\xff"));
        assert!(!is_text(b"a=%ED%A0%80"), "a surrogate is not UTF-8");
    }
}
