//! The form token every page form carries (`<input type="hidden" name="csrf" value="{{ c.csrf }}">`),
//! checked by the [`PageForm`] extractor. It is derived from the session (a hash of the session's hash
//! under its own label), so it changes with each sign-in, needs no storage and cannot be known to another
//! site. It stands beside the same-origin check of `origin.rs`: either alone stops a forged post.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use lekhotla_identity::TokenHash;
use serde::de::DeserializeOwned;

use crate::actor::{Actor, Credential};
use crate::error::ApiError;

/// The hidden field's name.
pub const FIELD: &str = "csrf";

/// The largest form body a page takes (64 KiB: a case's longest form is a few kilobytes).
pub const MAX_FORM: usize = 64 * 1024;

/// The form token of the actor's session (empty for an API token, which no browser sends on its own).
pub fn token_for(actor: &Actor) -> String {
    match &actor.credential {
        Credential::Session { hash, .. } => TokenHash::of(&format!("lekhotla-form-v1:{}", hash.to_hex())).to_hex(),
        Credential::ApiToken { .. } => String::new(),
    }
}

/// Compares in time independent of where the texts first differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A page form, checked for its token, then read into `T` (`application/x-www-form-urlencoded`; a field
/// repeated is a list, so `T` may take `Vec<String>` for a group of checkboxes). `T` must not deny
/// unknown fields: the token is one.
#[derive(Debug)]
pub struct PageForm<T>(pub T);

/// The pairs of a form body in order (for forms whose fields are not known in advance).
pub fn pairs(body: &[u8]) -> Vec<(String, String)> {
    serde_html_form::from_bytes::<Vec<(String, String)>>(body).unwrap_or_default()
}

/// Checks a form body's token against the actor's session.
pub fn check(actor: &Actor, body: &[u8]) -> Result<(), ApiError> {
    let sent = pairs(body).into_iter().find(|(k, _)| k == FIELD).map(|(_, v)| v).unwrap_or_default();
    check_token(actor, &sent)
}

/// Checks a token sent (by a form of another encoding, an upload) against the actor's session.
pub fn check_token(actor: &Actor, sent: &str) -> Result<(), ApiError> {
    let expected = token_for(actor);
    if expected.is_empty() || same(sent, &expected) {
        Ok(())
    } else {
        Err(ApiError::Forbidden(CSRF_MESSAGE.to_owned()))
    }
}

/// The 403's message when a form's token is missing or wrong (the page error shows `error-csrf`).
pub const CSRF_MESSAGE: &str = "the form's token is missing or belongs to another session";

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for PageForm<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let actor = req.extensions().get::<Actor>().cloned().ok_or(ApiError::Unauthenticated)?;
        let (parts, body) = req.into_parts();
        let req = Request::from_parts(parts, body);
        let bytes = Bytes::from_request(req, state).await.map_err(crate::extract::unreadable)?;
        if bytes.len() > MAX_FORM {
            return Err(ApiError::PayloadTooLarge);
        }
        check(&actor, &bytes)?;
        crate::form_text::require_text(&bytes, "the form")?;
        serde_html_form::from_bytes::<T>(&bytes).map(PageForm).map_err(|e| ApiError::field("form", e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparison_is_exact() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "ab"));
    }
}
