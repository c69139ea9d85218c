//! The home page: the registry in figures (by stage, by district) and the latest cases by number.
//! It shows no names: case numbers, places, dates and stages only.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use lekhotla_domain::{CaseStage, CaseSummary, UnitCode, UnitKind};
use lekhotla_identity::Permission;
use lekhotla_storage::{CaseFilter, Page};
use serde::Deserialize;

use super::chrome::Chrome;
use crate::actor::Actor;
use crate::error::ApiError;
use crate::state::AppState;

const RECENT: u32 = 20;

#[derive(Debug, Deserialize)]
pub struct HomeQuery {
    /// Show the latest cases of this district only.
    district: Option<String>,
}

#[derive(Debug)]
struct StageCount {
    label: String,
    count: u64,
}

#[derive(Debug)]
struct DistrictRow {
    code: String,
    name: String,
    hub: String,
    count: u64,
    selected: bool,
}

#[derive(Debug)]
struct RecentRow {
    number: String,
    district: String,
    source: String,
    detected_on: String,
    status: String,
    stage: String,
    victims: u32,
    suspects: u32,
}

#[derive(Debug, Template)]
#[template(path = "home.html")]
struct Home {
    backend: &'static str,
    total: u64,
    max_district: u64,
    stages: Vec<StageCount>,
    districts: Vec<DistrictRow>,
    recent: Vec<RecentRow>,
    recent_title: String,
    filtered: bool,
    /// Whether the actor may see case rows (aggregate-only roles get numbers, never rows).
    show_cases: bool,
    /// Whether case numbers link to the case file.
    show_links: bool,
    c: Chrome,
}

pub fn stage_label(stage: CaseStage) -> &'static str {
    match stage {
        CaseStage::Reported => "Reported",
        CaseStage::UnderInvestigation => "Under investigation",
        CaseStage::AtDpp => "With the DPP",
        CaseStage::Declined => "Declined or withdrawn",
        CaseStage::BeforeCourt => "Before the courts",
        CaseStage::Concluded => "Concluded",
    }
}

pub async fn page(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    Query(q): Query<HomeQuery>,
) -> Result<Response, ApiError> {
    let show_cases = actor.allows(Permission::ReadCases);
    let geo = &state.geography;
    let chosen = q.district.as_deref().and_then(|d| UnitCode::parse(d).ok()).filter(|d| geo.is_district(d));
    let counts = state.store.case_counts().await?;
    let stages = CaseStage::ALL
        .into_iter()
        .map(|stage| StageCount {
            label: c.label("stage", stage.code(), stage_label(stage)),
            count: counts.stage(stage),
        })
        .collect();
    let mut districts = Vec::new();
    for d in geo.districts() {
        let n = counts.district(&d.code);
        let hub = match d.hub.as_ref().and_then(|h| geo.get(h.as_str())) {
            Some(h) if h.kind == UnitKind::Country => c.t("dash-national-office"),
            Some(h) => h.name.clone(),
            None => String::new(),
        };
        districts.push(DistrictRow {
            code: d.code.to_string(),
            name: d.name.clone(),
            hub,
            count: n,
            selected: chosen.as_ref() == Some(&d.code),
        });
    }
    let filter = CaseFilter { district: chosen.clone(), scope: crate::scope::of(&actor, geo), ..CaseFilter::default() };
    let latest =
        if show_cases { state.store.list_cases(&filter, Page::new(RECENT, 0)).await?.items } else { Vec::new() };
    let recent = latest.iter().map(|s| recent_row(&state, &c, s)).collect();
    let recent_title = match chosen.as_ref().and_then(|c| geo.get(c.as_str())) {
        Some(d) => c.t1("dash-latest-in", "district", &d.name),
        None => c.t("dash-latest"),
    };
    let page = Home {
        backend: state.store.backend(),
        total: counts.total,
        max_district: districts.iter().map(|d| d.count).max().unwrap_or(0).max(1),
        stages,
        districts,
        recent,
        recent_title,
        filtered: chosen.is_some(),
        show_cases,
        show_links: show_cases,
        c,
    };
    Ok(Html(page.render().map_err(ApiError::internal)?).into_response())
}

fn recent_row(state: &AppState, tr: &Chrome, c: &CaseSummary) -> RecentRow {
    RecentRow {
        number: c.number.to_string(),
        district: state
            .geography
            .get(c.district.as_str())
            .map(|u| u.name.clone())
            .unwrap_or_else(|| c.district.to_string()),
        source: tr.vocab(c.detection_source),
        detected_on: c.detected_on.to_string(),
        status: tr.vocab(c.status),
        stage: tr.label("stage", c.stage.code(), stage_label(c.stage)),
        victims: c.victims,
        suspects: c.suspects,
    }
}
