//! The auditor's pages: the audit trail search (`/audit`: by actor, record, action and dates, a page at a
//! time) and a data subject's access history (`/audit/subject`, a form post with a stated purpose); both answer
//! through the API's handlers (`api/audit.rs`). The national coordinator's review of break-glass grants is
//! `audit/glass.rs`.

mod glass;

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use lekhotla_storage::Action;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime, UtcOffset};

use super::chrome::Chrome;
use crate::actor::Actor;
use crate::api::audit::{self as api, AuditItem, AuditQuery, SubjectQuery};
use crate::error::ApiError;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/audit", get(search))
        .route("/audit/subject", get(subject_form).post(subject))
        .route("/break-glass", get(glass::page))
        .route("/break-glass/{grant}/revoke", post(glass::revoke))
}

/// Entries on one page.
const PAGE: u32 = 50;

/// The search form as sent (a GET: the address can be kept and shared between auditors).
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct SearchForm {
    pub actor: String,
    pub record: String,
    pub action: String,
    pub from: String,
    pub to: String,
    pub offset: u64,
}

/// One entry as the pages show it.
#[derive(Debug)]
pub struct Line {
    pub seq: u64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub record: String,
    pub fields: String,
    pub purpose: String,
}

#[derive(Debug, Template)]
#[template(path = "audit.html")]
struct Search {
    c: Chrome,
    f: SearchForm,
    actions: Vec<&'static str>,
    lines: Vec<Line>,
    problem: Option<String>,
    newer: Option<String>,
    older: Option<String>,
}

/// The start of a day in Maseru (UTC+2), from `YYYY-MM-DD`; `Err` for anything else.
pub fn day_start(text: &str) -> Result<Option<OffsetDateTime>, ()> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let date = Date::parse(text, &format).map_err(|_| ())?;
    let maseru = UtcOffset::from_hms(2, 0, 0).map_err(|_| ())?;
    Ok(Some(date.midnight().assume_offset(maseru)))
}

/// Who `user/<id>` is, by username (other actors as they are written).
pub async fn names(state: &AppState) -> Result<HashMap<String, String>, ApiError> {
    let users = state.store.list_users().await?;
    Ok(users.into_iter().map(|u| (format!("user/{}", u.id), u.username.to_string())).collect())
}

pub fn lines(c: &Chrome, names: &HashMap<String, String>, items: Vec<AuditItem>) -> Vec<Line> {
    items
        .into_iter()
        .map(|i| Line {
            seq: i.seq,
            at: c.tr.time(i.at),
            actor: names.get(&i.actor).map_or_else(|| i.actor.clone(), |n| format!("{n} ({})", i.actor)),
            action: i.action,
            record: i.record.unwrap_or_default(),
            fields: i.fields.join(", "),
            purpose: i.purpose.unwrap_or_default(),
        })
        .collect()
}

fn link(f: &SearchForm, offset: u64) -> String {
    let f = SearchForm { offset, ..f.clone() };
    format!("/audit?{}", serde_html_form::to_string(&f).unwrap_or_default())
}

pub async fn search(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    query: Result<Query<SearchForm>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let f = query.map(|Query(f)| f).unwrap_or_default();
    let blank = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    let mut problem = None;
    let (from, to) = match (day_start(&f.from), day_start(&f.to)) {
        (Ok(from), Ok(to)) => (from, to.map(|t| t + time::Duration::days(1))),
        _ => {
            problem = Some(c.t("audit-error-date"));
            (None, None)
        }
    };
    let mut lines = Vec::new();
    let mut more = false;
    if problem.is_none() {
        let q = AuditQuery {
            actor: blank(&f.actor),
            record: blank(&f.record),
            action: blank(&f.action),
            from,
            to,
            limit: Some(PAGE + 1),
            offset: Some(f.offset),
        };
        match api::search(State(state.clone()), actor, Ok(Query(q))).await {
            Ok(page) => {
                let mut items = page.0.items;
                more = items.len() > PAGE as usize;
                items.truncate(PAGE as usize);
                lines = self::lines(&c, &names(&state).await?, items);
            }
            Err(ApiError::Invalid(_) | ApiError::BadRequest(_)) => problem = Some(c.t("audit-error-filter")),
            // The search stays on the page, so the auditor can look around the entry (the API answers 500).
            Err(ApiError::UnreadableAuditEntry { seq, detail }) => {
                tracing::error!(seq, %detail, "an audit entry cannot be read as stored");
                problem = Some(format!("{} (#{seq})", c.t("error-audit-unreadable")));
            }
            Err(e) => return Err(e),
        }
    }
    let newer = (f.offset > 0).then(|| link(&f, f.offset.saturating_sub(u64::from(PAGE))));
    let older = more.then(|| link(&f, f.offset + u64::from(PAGE)));
    let actions = Action::ALL.iter().map(|a| a.code()).collect();
    let page = Search { c, f, actions, lines, problem, newer, older };
    Ok(Html(page.render().map_err(ApiError::internal)?).into_response())
}

/// The subject access form as sent.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SubjectForm {
    name: String,
    purpose: String,
}

#[derive(Debug, Template)]
#[template(path = "audit_subject.html")]
struct Subject {
    c: Chrome,
    name: String,
    purpose: String,
    /// Whether a search was made (the form was sent and accepted).
    searched: bool,
    records: Vec<(String, String)>,
    lines: Vec<Line>,
    errs: super::admin::Errs,
}

impl Subject {
    fn found(&self) -> u64 {
        self.records.len() as u64
    }
}

/// The empty form. The search itself is a form post, so the person's name stays out of addresses, the
/// browser's history and any log of them.
pub async fn subject_form(c: Chrome) -> Result<Response, ApiError> {
    let page = Subject {
        c,
        name: String::new(),
        purpose: String::new(),
        searched: false,
        records: Vec::new(),
        lines: Vec::new(),
        errs: super::admin::Errs::default(),
    };
    Ok(Html(page.render().map_err(ApiError::internal)?).into_response())
}

pub async fn subject(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    super::csrf::PageForm(f): super::csrf::PageForm<SubjectForm>,
) -> Result<Response, ApiError> {
    let mut page = Subject {
        c,
        name: f.name.clone(),
        purpose: f.purpose.clone(),
        searched: false,
        records: Vec::new(),
        lines: Vec::new(),
        errs: super::admin::Errs::default(),
    };
    let asked = !f.name.trim().is_empty() || !f.purpose.trim().is_empty();
    if asked {
        let q = SubjectQuery { name: f.name, purpose: f.purpose };
        match api::subject(State(state.clone()), actor, Ok(Query(q))).await {
            Ok(found) => {
                let found = found.0;
                page.searched = true;
                page.records = found.subjects.into_iter().map(|s| (s.case, s.person)).collect();
                page.lines = lines(&page.c, &names(&state).await?, found.items);
            }
            Err(ApiError::Invalid(fields)) => {
                for e in fields {
                    let id = if e.field == "name" { "audit-error-name" } else { "audit-error-purpose" };
                    page.errs.add(&e.field, page.c.t(id));
                }
            }
            Err(e) => return Err(e),
        }
    }
    Ok(Html(page.render().map_err(ApiError::internal)?).into_response())
}
