//! The sign-in page (`GET`/`POST /login`) and signing out (`POST /logout`), for the browser.
//! The work is `signin`'s, shared with the JSON API; here only the form and the redirects.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::{Extensions, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::actor::Actor;
use crate::error::ApiError;
use crate::signin::{self, Attempt};
use crate::state::AppState;

#[derive(Debug, Template)]
#[template(path = "login.html")]
struct Login {
    problem: Option<String>,
    username: String,
}

/// The form as posted.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    #[serde(default)]
    code: String,
}

fn render(status: StatusCode, problem: Option<String>, username: String) -> Response {
    match (Login { problem, username }).render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => ApiError::internal(e).into_response(),
    }
}

pub async fn form() -> Response {
    render(StatusCode::OK, None, String::new())
}

pub async fn submit(State(state): State<AppState>, extensions: Extensions, Form(f): Form<LoginForm>) -> Response {
    let address = crate::auth::client_address(&extensions);
    let code = Some(f.code.as_str()).filter(|c| !c.trim().is_empty());
    let attempt = Attempt { username: &f.username, password: &f.password, code, address: &address };
    match signin::sign_in(&state, attempt).await {
        Ok((token, _)) => match signin::session_cookie(&state, &token) {
            Ok(cookie) => ([(header::SET_COOKIE, cookie)], Redirect::to("/")).into_response(),
            Err(e) => e.into_response(),
        },
        Err(e @ (ApiError::SignInFailed | ApiError::Throttled(_))) => {
            // The form again, with the problem: a page like any other (200), unless the sign-in is throttled.
            let status =
                if matches!(e, ApiError::Throttled(_)) { StatusCode::TOO_MANY_REQUESTS } else { StatusCode::OK };
            render(status, Some(e.message()), f.username)
        }
        Err(e) => e.into_response(),
    }
}

pub async fn logout(State(state): State<AppState>, actor: Actor) -> Response {
    match signin::sign_out(&state, &actor).await {
        Ok(()) => ([signin::clear_cookie(&state)], Redirect::to("/login")).into_response(),
        Err(e) => e.into_response(),
    }
}
