//! `/committees`: the committees' work as pages. The open action items first (owner, deadline, overdue ones
//! flagged), then the meetings of a year, of every committee or one; `/committees/new` and `/committees/{id}`
//! record and change a meeting through the API's handlers (`api/committees.rs`: its checks of who may, audit
//! entries and version checks) or show it to those who only read; `/committees/{id}/minutes.pdf` prints its
//! minutes.

mod form;
mod minutes;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use lekhotla_domain::{ActionStatus, Committee, Organisation};
use serde::Deserialize;

use crate::actor::Actor;
use crate::api::committees::{self as api, may_record_any};
use crate::error::ApiError;
use crate::pages::chrome::Chrome;
use crate::state::AppState;

pub use form::{create, edit_form, new_form, update};
pub use minutes::pdf;

/// Which meetings: a calendar year and a committee (`MSC`, a district's code; all when blank).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListForm {
    year: Option<i32>,
    committee: Option<String>,
}

/// An open action item as a row.
#[derive(Debug)]
struct ActionRow {
    meeting: String,
    committee: String,
    held_on: String,
    text: String,
    owner: String,
    deadline: String,
    overdue: bool,
    activities: String,
    cases: Vec<String>,
}

/// A meeting as a row.
#[derive(Debug)]
struct MeetingRow {
    id: String,
    held_on: String,
    committee: String,
    place: String,
    people: u64,
    decisions: usize,
    open: usize,
}

#[derive(Debug, Template)]
#[template(path = "committees.html")]
struct CommitteesPage {
    c: Chrome,
    year: i32,
    years: Vec<i32>,
    committee: String,
    committees: Vec<(String, String)>,
    actions: Vec<ActionRow>,
    overdue: usize,
    meetings: Vec<MeetingRow>,
    may_record: bool,
}

/// A committee's name in the person's language: the MSC, or "<district> district committee".
pub fn committee_name(state: &AppState, c: &Chrome, committee: &Committee) -> String {
    match committee.district() {
        None => c.t("committee-msc"),
        Some(code) => {
            let name = state.geography.get(code.as_str()).map_or_else(|| code.to_string(), |u| u.name.clone());
            c.t1("committee-district", "district", name)
        }
    }
}

/// The committees a list or a form offers: the MSC, then each district's.
pub fn committees(state: &AppState, c: &Chrome) -> Vec<(String, String)> {
    let mut all = vec![("MSC".to_owned(), c.t("committee-msc"))];
    all.extend(
        state
            .geography
            .districts()
            .map(|d| (d.code.to_string(), c.t1("committee-district", "district", d.name.clone()))),
    );
    all
}

/// An organisation's name, from the registry's list.
pub fn org_name(orgs: &[Organisation], id: lekhotla_domain::OrgId) -> String {
    orgs.iter().find(|o| o.id == id).map_or_else(|| id.to_string(), |o| o.details.name.clone())
}

pub async fn page(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    Query(q): Query<ListForm>,
) -> Result<Response, ApiError> {
    let this_year = crate::i18n::today(state.clock.now()).year();
    let year = q.year.unwrap_or(this_year).clamp(2000, this_year + 1);
    let chosen = q.committee.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let committee = match chosen {
        Some(s) => Some(Committee::parse(s).map_err(|_| ApiError::field("committee", "is not a committee"))?),
        None => None,
    };
    let orgs = state.store.list_organisations().await?;
    let actions: Vec<ActionRow> = api::open_actions(&state, committee.clone(), None)
        .await?
        .into_iter()
        .map(|a| ActionRow {
            meeting: a.meeting.to_string(),
            committee: committee_name(&state, &c, &a.committee),
            held_on: a.held_on.to_string(),
            text: a.item.text.clone(),
            owner: org_name(&orgs, a.item.owner),
            deadline: a.item.deadline.to_string(),
            overdue: a.overdue,
            activities: a.item.activities.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
            cases: a.item.cases.iter().map(ToString::to_string).collect(),
        })
        .collect();
    let overdue = actions.iter().filter(|a| a.overdue).count();
    let meetings = api::meetings(&state, Some(year), committee.clone())
        .await?
        .iter()
        .map(|m| MeetingRow {
            id: m.id.to_string(),
            held_on: m.details.held_on.to_string(),
            committee: committee_name(&state, &c, &m.details.committee),
            place: m.details.place.clone(),
            people: m.details.people(),
            decisions: m.details.decisions.len(),
            open: m.details.actions.iter().filter(|a| a.status == ActionStatus::Open).count(),
        })
        .collect();
    let committees = committees(&state, &c);
    let page = CommitteesPage {
        year,
        years: (2015..=this_year).rev().collect(),
        committee: committee.map(|x| x.to_string()).unwrap_or_default(),
        committees,
        actions,
        overdue,
        meetings,
        may_record: may_record_any(&actor),
        c,
    };
    Ok(Html(page.render().map_err(ApiError::internal)?).into_response())
}
