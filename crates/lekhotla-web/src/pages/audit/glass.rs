//! The national coordinator's review of break-glass grants (`/break-glass`): newest first, a page at a
//! time, the unusual ones flagged (or only them), each live one with a button to revoke it; through the
//! API's handlers (`api/break_glass/review.rs`, `api/break_glass.rs::revoke`).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use crate::actor::Actor;
use crate::api::break_glass::{self as api, ReviewQuery};
use crate::error::ApiError;
use crate::pages::chrome::Chrome;
use crate::pages::csrf::PageForm;
use crate::pages::login::Empty;
use crate::state::AppState;

/// Grants on one page.
const PAGE: u32 = 25;

/// The review's filters as sent.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct ReviewForm {
    /// Grants made on or after this day (`YYYY-MM-DD`); default: the last 30 days.
    from: String,
    unusual: bool,
    offset: u64,
}

#[derive(Debug)]
struct Row {
    id: String,
    case: String,
    user: String,
    credential: String,
    reason: String,
    granted: String,
    expires: String,
    unusual: Option<String>,
    revoked: Option<String>,
    live: bool,
}

#[derive(Debug, Template)]
#[template(path = "glass.html")]
struct Review {
    c: Chrome,
    f: ReviewForm,
    rows: Vec<Row>,
    total: u64,
    problem: Option<String>,
    newer: Option<String>,
    older: Option<String>,
}

fn link(f: &ReviewForm, offset: u64) -> String {
    let f = ReviewForm { offset, ..f.clone() };
    format!("/break-glass?{}", serde_html_form::to_string(&f).unwrap_or_default())
}

pub async fn page(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    query: Result<Query<ReviewForm>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let f = query.map(|Query(f)| f).unwrap_or_default();
    let (from, problem) = match super::day_start(&f.from) {
        Ok(from) => (from, None),
        Err(()) => (None, Some(c.t("audit-error-date"))),
    };
    let q = ReviewQuery { from, unusual: f.unusual, limit: Some(PAGE), offset: f.offset };
    let list = api::review(State(state.clone()), actor, Ok(Query(q))).await?.0;
    let names = super::names(&state).await?;
    let rows = list
        .items
        .into_iter()
        .map(|g| Row {
            id: g.id.to_string(),
            case: g.case.to_string(),
            user: names.get(&g.user).cloned().unwrap_or_else(|| g.user.clone()),
            credential: g.credential,
            reason: g.reason,
            granted: c.tr.time(g.granted_at),
            expires: c.tr.time(g.expires_at),
            unusual: g.unusual,
            revoked: g.revoked_at.map(|t| c.tr.time(t)),
            live: g.live,
        })
        .collect();
    let newer = (f.offset > 0).then(|| link(&f, f.offset.saturating_sub(u64::from(PAGE))));
    let older = (f.offset + u64::from(PAGE) < list.total).then(|| link(&f, f.offset + u64::from(PAGE)));
    let page = Review { c, f, rows, total: list.total, problem, newer, older };
    Ok(Html(page.render().map_err(ApiError::internal)?).into_response())
}

pub async fn revoke(
    State(state): State<AppState>,
    actor: Actor,
    Path(grant): Path<String>,
    PageForm(_): PageForm<Empty>,
) -> Result<Response, ApiError> {
    let _grant = api::revoke(State(state), actor, Path(grant)).await?;
    Ok(Redirect::to("/break-glass").into_response())
}
