//! Getting at a case file's sealed fields and at a case outside one's scope: the step-up form (a fresh
//! TOTP code, `signin::step_up`), then back to the revealed page; emergency access (break-glass, the API's
//! `grant_for`) with its reason; and the one 404 page for a case missing or out of scope.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{Extensions, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use lekhotla_identity::Permission;
use serde::Deserialize;

use crate::actor::Actor;
use crate::error::ApiError;
use crate::pages::chrome::Chrome;
use crate::pages::csrf::PageForm;
use crate::state::AppState;

#[derive(Debug, Template)]
#[template(path = "case_file_missing.html")]
struct Missing {
    c: Chrome,
    number: String,
    break_glass: bool,
}

/// The 404 page of a case the actor cannot open (missing or out of scope: the same page), offering
/// emergency access to those who hold it.
pub fn not_found(_state: &AppState, actor: &Actor, c: Chrome, number: &str) -> Response {
    let page = Missing { c, number: number.to_owned(), break_glass: actor.allows(Permission::BreakGlass) };
    match page.render() {
        Ok(html) => (StatusCode::NOT_FOUND, Html(html)).into_response(),
        Err(e) => ApiError::internal(e).into_response(),
    }
}

#[derive(Debug, Deserialize)]
pub struct StepUpForm {
    #[serde(default)]
    code: String,
}

/// `POST /cases/{number}/step-up`: a fresh second factor, then the case file with its sealed fields.
pub async fn step_up(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    extensions: Extensions,
    Path(number): Path<String>,
    PageForm(form): PageForm<StepUpForm>,
) -> Result<Response, ApiError> {
    // The case must be one the actor may read, before any code is checked.
    crate::mutate::resolve_for_reading(&state, &actor, &number).await?;
    let address = crate::auth::client_address(&extensions);
    match crate::signin::step_up(&state, &actor, &form.code, &address).await {
        Ok(()) => Ok(Redirect::to(&format!("/cases/{number}?reveal=1")).into_response()),
        Err(ApiError::SignInFailed) => super::render(&state, &actor, c, &number, true, true).await,
        Err(e) => Err(e),
    }
}

#[derive(Debug, Template)]
#[template(path = "case_file_break_glass.html")]
struct BreakGlass {
    c: Chrome,
    number: String,
    reason: String,
    problem: Option<String>,
}

fn break_glass_page(page: BreakGlass, status: StatusCode) -> Result<Response, ApiError> {
    Ok((status, Html(page.render().map_err(ApiError::internal)?)).into_response())
}

/// `GET /cases/{number}/break-glass`: the form asking for the reason.
pub async fn break_glass_form(c: Chrome, Path(number): Path<String>) -> Result<Response, ApiError> {
    break_glass_page(BreakGlass { c, number, reason: String::new(), problem: None }, StatusCode::OK)
}

#[derive(Debug, Deserialize)]
pub struct ReasonForm {
    #[serde(default)]
    reason: String,
}

/// `POST /cases/{number}/break-glass`: the grant, audited with its reason; then the case file.
pub async fn break_glass(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    Path(number): Path<String>,
    PageForm(form): PageForm<ReasonForm>,
) -> Result<Response, ApiError> {
    match crate::api::break_glass::grant_for(&state, &actor, &number, &form.reason).await {
        Ok(_) => Ok(Redirect::to(&format!("/cases/{number}")).into_response()),
        // Within scope already: the case file opens as it is.
        Err(ApiError::Refused(_)) => Ok(Redirect::to(&format!("/cases/{number}")).into_response()),
        Err(ApiError::Invalid(fields)) => {
            let problem = fields.first().map(|f| f.reason.clone()).unwrap_or_default();
            let page = BreakGlass { problem: Some(problem), c, number, reason: form.reason };
            break_glass_page(page, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => Err(e),
    }
}
