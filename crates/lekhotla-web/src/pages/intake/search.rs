//! `/cases` (permission `read-cases`): the case search within the actor's scope, by case number, a
//! person's name (exactly, or by how it sounds: both by blind index, so names stay sealed), district,
//! stage, status and detection dates; paged, newest detection first.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use lekhotla_domain::{CaseStage, CaseStatus, UnitCode, Vocabulary};
use lekhotla_storage::people::{NameMatch, NameQuery};
use lekhotla_storage::{CaseFilter, Page};
use serde::Deserialize;

use super::{Choice, Errors, choices, date, opt};
use crate::actor::Actor;
use crate::error::ApiError;
use crate::pages::chrome::Chrome;
use crate::pages::work::WorkList;
use crate::state::AppState;

/// Cases per page.
const PER_PAGE: u32 = 25;
/// A search counts its cases up to this many (and as far as the page shown); beyond, it says "more than
/// 1000": a hub holds tens of thousands of cases, and counting them all costs more than the page may.
const COUNT_CAP: u64 = 1_000;

/// The search as typed (the query string).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Search {
    pub number: String,
    pub name: String,
    /// `1`: match the name by how it sounds.
    pub phonetic: String,
    pub district: String,
    pub stage: String,
    pub status: String,
    pub from: String,
    pub to: String,
    pub page: Option<u64>,
    /// A list of "my work" this search continues (`owned`, `assigned`, `idle`, `missed`).
    pub list: String,
}

#[derive(Debug)]
struct Row {
    number: String,
    district: String,
    detected_on: String,
    stage: String,
    status: String,
    victims: u32,
    suspects: u32,
}

#[derive(Debug, Template)]
#[template(path = "intake_search.html")]
struct SearchPage {
    c: Chrome,
    form: Search,
    errors: Errors,
    districts: Vec<Choice>,
    stages: Vec<Choice>,
    statuses: Vec<Choice>,
    rows: Vec<Row>,
    /// How many were found, as shown ("more than 1000" beyond the cap).
    results: String,
    searched: bool,
    /// The title of the "my work" list this search continues, if any.
    list_title: Option<String>,
    /// The query strings of the previous and next pages (empty when there is none).
    prev: String,
    next: String,
}

pub async fn page(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    query: Result<Query<Search>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let form = query.map(|Query(q)| q).unwrap_or_default();
    let geo = &state.geography;
    let mut errors = Errors::default();
    let district = UnitCode::parse(form.district.trim()).ok().filter(|d| geo.is_district(d));
    let stage = CaseStage::ALL.iter().copied().find(|s| s.code() == form.stage.trim());
    let status = <CaseStatus as Vocabulary>::from_code(form.status.trim());
    let work_list = WorkList::parse(form.list.trim());
    let mut filter = CaseFilter {
        district: district.clone(),
        status,
        stage,
        detected_from: date(&c, &mut errors, "from", &form.from),
        detected_to: date(&c, &mut errors, "to", &form.to),
        number_prefix: opt(&form.number).map(|n| n.to_uppercase()),
        scope: crate::scope::of(&actor, geo),
        ..CaseFilter::default()
    };
    if let Some(l) = work_list {
        l.narrow(&mut filter, &actor, state.clock.now());
    }
    let number = form.page.unwrap_or(0).min(1_000_000);
    let offset = number * u64::from(PER_PAGE);
    let cap = COUNT_CAP.max(offset + 2 * u64::from(PER_PAGE));
    let page = Page::new(PER_PAGE, offset).counting_up_to(u32::try_from(cap).unwrap_or(u32::MAX));
    let list = match opt(&form.name) {
        _ if !errors.is_empty() => lekhotla_storage::CaseList { items: Vec::new(), total: 0 },
        Some(name) => {
            let how = if form.phonetic == "1" { NameMatch::Phonetic } else { NameMatch::Exact };
            state.reads().search_cases(&filter, &NameQuery { name, how }, page).await?
        }
        None => state.reads().list_cases(&filter, page).await?,
    };
    tracing::debug!(%actor, total = list.total, "cases searched");
    let district_name = |code: &UnitCode| geo.get(code.as_str()).map_or_else(|| code.to_string(), |u| u.name.clone());
    let rows = list
        .items
        .iter()
        .map(|s| Row {
            number: s.number.to_string(),
            district: district_name(&s.district),
            detected_on: super::iso(s.detected_on),
            stage: c.stage(s.stage),
            status: c.vocab(s.status),
            victims: s.victims,
            suspects: s.suspects,
        })
        .collect();
    let link = |p: u64| {
        let mut pairs: Vec<(&str, String)> = [
            ("number", &form.number),
            ("name", &form.name),
            ("phonetic", &form.phonetic),
            ("district", &form.district),
            ("stage", &form.stage),
            ("status", &form.status),
            ("from", &form.from),
            ("to", &form.to),
            ("list", &form.list),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k, v.clone()))
        .collect();
        pairs.push(("page", p.to_string()));
        serde_html_form::to_string(&pairs).unwrap_or_default()
    };
    let shown_to = (number + 1) * u64::from(PER_PAGE);
    let prev = if number > 0 { link(number - 1) } else { String::new() };
    let next = if shown_to < list.total { link(number + 1) } else { String::new() };
    let districts = geo
        .districts()
        .map(|u| Choice {
            code: u.code.to_string(),
            label: u.name.clone(),
            selected: Some(&u.code) == district.as_ref(),
        })
        .collect();
    let stages = CaseStage::ALL
        .iter()
        .map(|s| Choice { code: s.code().to_owned(), label: c.stage(*s), selected: Some(*s) == stage })
        .collect();
    let searched = !form.number.is_empty()
        || !form.name.is_empty()
        || district.is_some()
        || stage.is_some()
        || status.is_some()
        || !form.from.is_empty()
        || !form.to.is_empty()
        || work_list.is_some();
    let list_title = work_list.map(|l| c.t(l.title()));
    let results = if list.total > cap { c.n("search-results-over", cap) } else { c.n("search-results", list.total) };
    let html = SearchPage {
        list_title,
        statuses: choices(&c, status.as_slice()),
        c,
        form,
        errors,
        districts,
        stages,
        rows,
        results,
        searched,
        prev,
        next,
    }
    .render()
    .map_err(ApiError::internal)?;
    Ok(Html(html).into_response())
}
