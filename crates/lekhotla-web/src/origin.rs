//! Where an unsafe request comes from, for the guard: a cookie is sent by browsers on their own, so a
//! request that changes something with one must show it comes from this site's own pages; a sign-in
//! (no credential yet) must not come from another site (login CSRF: it would sign the victim's browser
//! into the attacker's account). A bearer token is never sent by a browser on its own and is not checked.

use axum::http::{HeaderMap, Method, header};

use crate::error::ApiError;

/// What the browser says of the request's origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Site {
    /// This site's own pages, or the person typed the address (`Sec-Fetch-Site: none`).
    Same,
    /// Another site, or a sandboxed or privacy-hidden one (`Origin: null`).
    Other,
    /// Neither `Sec-Fetch-Site` nor `Origin`: not a current browser led by a page (a script, curl).
    Unsaid,
}

/// The credential an unsafe request carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Carried {
    Cookie,
    Bearer,
    Nothing,
}

/// Refuses an unsafe request that another site could have made the browser send.
pub fn check(method: &Method, headers: &HeaderMap, carried: Carried) -> Result<(), ApiError> {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(());
    }
    match (carried, site(headers)) {
        (Carried::Bearer, _) | (_, Site::Same) | (Carried::Nothing, Site::Unsaid) => Ok(()),
        (Carried::Cookie, Site::Unsaid) => Err(ApiError::Forbidden(
            "a request that uses the session cookie must say where it comes from (Origin or Sec-Fetch-Site)".into(),
        )),
        (Carried::Cookie, Site::Other) => {
            Err(ApiError::Forbidden("a request from another site cannot use this session".into()))
        }
        (Carried::Nothing, Site::Other) => Err(ApiError::Forbidden("another site cannot sign you in".into())),
    }
}

/// By the browser's `Sec-Fetch-Site` when it sends one (it does even where `Referrer-Policy: no-referrer`
/// makes `Origin` read `null`), else by `Origin` naming this host.
fn site(headers: &HeaderMap) -> Site {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return if site == "same-origin" || site == "none" { Site::Same } else { Site::Other };
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return Site::Unsaid;
    };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let origin_host = origin.split_once("://").map_or(origin, |(_, rest)| rest);
    if !host.is_empty() && origin_host == host { Site::Same } else { Site::Other }
}
