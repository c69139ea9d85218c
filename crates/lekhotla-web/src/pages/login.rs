//! The sign-in page (`GET`/`POST /login`) and signing out (`POST /logout`), for the browser.
//! The work is `signin`'s, shared with the JSON API; here only the form, the redirects, and the form a
//! person was sending when their session ended: the guard answers such a post with this page, the form's
//! fields kept in it (`resume`), and after signing in they get their form back to send (`resume.html`).

use crate::form_text::TextForm;
use askama::Template;
use axum::extract::State;
use axum::http::{Extensions, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use lekhotla_identity::TokenHash;
use serde::Deserialize;

use super::chrome::Chrome;
use super::csrf::PageForm;
use crate::actor::{Actor, Credential};
use crate::error::ApiError;
use crate::i18n::Lang;
use crate::signin::{self, Attempt};
use crate::state::AppState;

#[derive(Debug, Template)]
#[template(path = "login.html")]
struct Login {
    c: Chrome,
    problem: Option<String>,
    username: String,
    /// A kept form's body (URL-encoded) and where it was going; empty when none.
    resume: String,
    resume_to: String,
}

#[derive(Debug, Template)]
#[template(path = "resume.html")]
struct Resume {
    c: Chrome,
    to: String,
    fields: Vec<(String, String)>,
}

/// The form as posted.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    resume: String,
    #[serde(default)]
    resume_to: String,
}

/// A field never kept across a sign-in (nor shown back in a page): passwords, codes, sealed secrets.
fn secret(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    ["password", "code", "secret", "current", "token"].iter().any(|s| name.contains(s))
}

/// Only a path of this site may be returned to (never `//host` or `https://...`).
fn local_path(to: &str) -> bool {
    to.starts_with('/') && !to.starts_with("//") && !to.contains('\\') && to.len() < 300
}

fn render(page: Login, status: StatusCode) -> Response {
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => ApiError::internal(e).into_response(),
    }
}

pub async fn form(lang: Lang) -> Response {
    let c = Chrome::new(None, lang, "/login");
    render(
        Login { c, problem: None, username: String::new(), resume: String::new(), resume_to: String::new() },
        StatusCode::OK,
    )
}

/// The sign-in page for a form posted to `to` after its session ended, keeping the form's `body`
/// (without its stale token). Answered 401 so no client takes it for the form's success.
pub fn kept(lang: Lang, to: &str, body: &[u8]) -> Response {
    let kept: Vec<(String, String)> =
        super::csrf::pairs(body).into_iter().filter(|(k, _)| k != super::csrf::FIELD && !secret(k)).collect();
    let resume = serde_html_form::to_string(&kept).unwrap_or_default();
    let c = Chrome::new(None, lang, "/login");
    let page = Login { c, problem: None, username: String::new(), resume, resume_to: to.to_owned() };
    render(page, StatusCode::UNAUTHORIZED)
}

pub async fn submit(
    State(state): State<AppState>,
    lang: Lang,
    extensions: Extensions,
    TextForm(f): TextForm<LoginForm>,
) -> Response {
    let address = crate::auth::client_address(&extensions);
    let code = Some(f.code.as_str()).filter(|c| !c.trim().is_empty());
    let attempt = Attempt { username: &f.username, password: &f.password, code, address: &address };
    match signin::sign_in(&state, attempt).await {
        Ok((token, user)) => {
            let cookie = match signin::session_cookie(&state, &token) {
                Ok(cookie) => cookie,
                Err(e) => return e.into_response(),
            };
            if signin::enrolment_pending(&user) {
                return ([(header::SET_COOKIE, cookie)], Redirect::to(super::account::ENROL_PATH)).into_response();
            }
            if f.resume.is_empty() || !local_path(&f.resume_to) {
                return ([(header::SET_COOKIE, cookie)], Redirect::to("/work")).into_response();
            }
            // The kept form, to be sent again under the new session (with its token).
            let actor = Actor {
                user: user.id,
                username: user.username,
                organisation: user.organisation,
                roles: user.roles,
                district: user.district,
                credential: Credential::Session {
                    hash: TokenHash::of(token.as_str()),
                    factor_at: user.roles.requires_second_factor().then(|| state.clock.now()),
                },
                correction: None,
            };
            let fields = super::csrf::pairs(f.resume.as_bytes());
            let c = Chrome::new(Some(&actor), lang, &f.resume_to);
            match (Resume { c, to: f.resume_to, fields }).render() {
                Ok(html) => ([(header::SET_COOKIE, cookie)], Html(html)).into_response(),
                Err(e) => ApiError::internal(e).into_response(),
            }
        }
        Err(e @ (ApiError::SignInFailed | ApiError::Throttled(_))) => {
            // The form again, with the problem: a page like any other (200), unless the sign-in is throttled.
            let c = Chrome::new(None, lang, "/login");
            let (status, problem) = match e {
                ApiError::Throttled(seconds) => {
                    (StatusCode::TOO_MANY_REQUESTS, c.t1("login-throttled", "seconds", seconds))
                }
                _ => (StatusCode::OK, c.t("login-failed")),
            };
            let page =
                Login { c, problem: Some(problem), username: f.username, resume: f.resume, resume_to: f.resume_to };
            render(page, status)
        }
        Err(e) => e.into_response(),
    }
}

/// The form of the sign-out button: only its token.
#[derive(Debug, Deserialize)]
pub struct Empty {}

pub async fn logout(State(state): State<AppState>, actor: Actor, PageForm(_): PageForm<Empty>) -> Response {
    match signin::sign_out(&state, &actor).await {
        Ok(()) => ([signin::clear_cookie(&state)], Redirect::to("/login")).into_response(),
        Err(e) => e.into_response(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn secrets_are_not_kept() {
        assert!(super::secret("new_password") && super::secret("code") && super::secret("current"));
        assert!(!super::secret("name") && !super::secret("summary"));
    }

    #[test]
    fn only_local_paths_are_returned_to() {
        assert!(super::local_path("/cases/LS-2026-00001"));
        assert!(!super::local_path("//evil.example/x"));
        assert!(!super::local_path("https://evil.example/"));
        assert!(!super::local_path("/\\evil.example"));
    }
}
