//! Frozen reports on the page: the list on `/reports`, freezing (`POST /reports/freeze`, the national
//! coordinator), and `/reports/frozen/{id}`: the report as frozen beside what changed since (figures, and
//! the cases added or changed, by number only).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use lekhotla_report::frozen::{self, ChangedCaseLine, Signed};
use lekhotla_report::{Report, Table};
use lekhotla_storage::Action;
use serde::Deserialize;
use uuid::Uuid;

use super::view::{Choice, SectionView, sections};
use super::{ReportForm, chosen_period, scope_text};
use crate::actor::Actor;
use crate::api::reports::frozen_error;
use crate::error::ApiError;
use crate::pages::chrome::Chrome;
use crate::pages::csrf::PageForm;
use crate::reports::{self, Format, text};
use crate::state::AppState;

/// A frozen report in the list.
#[derive(Debug)]
pub struct FrozenItem {
    pub id: String,
    pub period: String,
    pub area: String,
    pub at: String,
    pub by: String,
}

/// The frozen reports the person may open (those of areas in their reach), newest first.
pub async fn items(state: &AppState, actor: &Actor, c: &Chrome) -> Result<Vec<FrozenItem>, ApiError> {
    Ok(state
        .store
        .frozen_reports()
        .await?
        .into_iter()
        .filter(|r| reports::area(state, actor, Some(&r.area)).is_ok())
        .map(|r| FrozenItem {
            id: r.id.to_string(),
            period: format!("{} – {}", r.period_from, r.period_to),
            area: r.area,
            at: c.tr.time(r.frozen_at),
            by: r.frozen_by,
        })
        .collect())
}

/// Freezes the report the form names, and shows it.
pub async fn freeze(
    State(state): State<AppState>,
    actor: Actor,
    PageForm(f): PageForm<ReportForm>,
) -> Result<Response, ApiError> {
    let today = crate::i18n::today(state.clock.now());
    let period = chosen_period(&f, today)?;
    let area = reports::area(&state, &actor, f.area.as_deref())?;
    let signer = state.report_signer.clone().ok_or_else(|| {
        ApiError::Refused("this server holds no signing key; freeze with `lekhotla report freeze`".into())
    })?;
    let entry = actor.entry(state.clock.now(), Action::Export).purpose("freeze-report");
    let doc = frozen::freeze(&*state.store, period, &area, actor.username.as_str(), &signer, entry, state.clock.now())
        .await
        .map_err(frozen_error)?;
    Ok(Redirect::to(&format!("/reports/frozen/{}", doc.id)).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FrozenQuery {
    level: Option<String>,
    format: Option<String>,
}

#[derive(Debug)]
pub struct ChangeView {
    pub table: String,
    pub row: String,
    pub column: String,
    pub frozen: String,
    pub now: String,
}

#[derive(Debug, Template)]
#[template(path = "reports_frozen.html")]
struct FrozenPage {
    c: Chrome,
    id: String,
    title: String,
    scope: String,
    period: String,
    frozen_at: String,
    frozen_by: String,
    definitions_version: u32,
    signed_here: bool,
    rule: String,
    sensitive: bool,
    levels: Vec<Choice>,
    file_base: String,
    notes: Vec<String>,
    sections: Vec<SectionView>,
    changes: Vec<ChangeView>,
    cases: Vec<ChangedCaseLine>,
    cases_text: String,
    changes_text: String,
}

pub async fn frozen_page(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    Path(id): Path<String>,
    Query(q): Query<FrozenQuery>,
) -> Result<Response, ApiError> {
    let id: Uuid = crate::mutate::parse_id(&id, "frozen report")?;
    let level = reports::level(&actor, q.level.as_deref())?;
    let (doc, signed) = frozen::load(&*state.store, id, state.report_key().as_ref()).await.map_err(frozen_error)?;
    reports::area(&state, &actor, Some(&doc.area))?;
    let report = doc.at(level);
    if let Some(format) = q.format.as_deref().filter(|s| !s.is_empty()) {
        return reports::file_in(&state, &actor, report, Format::parse(Some(format))?, c.tr).await;
    }
    let cmp = frozen::compare(&*state.store, &doc, level).await.map_err(frozen_error)?;
    let levels = reports::levels(&actor)
        .into_iter()
        .map(|l| Choice {
            code: reports::level_code(l).to_owned(),
            label: c.t(&format!("report-level-{}", reports::level_code(l))),
            current: l == level,
        })
        .collect();
    let shown = text::translated(report, c.tr);
    let page = FrozenPage {
        id: doc.id.to_string(),
        title: shown.title.clone(),
        scope: scope_text(&c, &report.scope),
        period: c.t1("report-period-is", "period", format!("{} – {}", doc.period.from, doc.period.to)),
        frozen_at: c.tr.time(doc.frozen_at),
        frozen_by: doc.frozen_by.clone(),
        definitions_version: doc.definitions_version,
        signed_here: signed == Signed::ByThisInstallation,
        rule: text::rule(c.tr, &report.disclosure),
        sensitive: report.is_sensitive(),
        levels,
        file_base: format!("/reports/frozen/{}?level={}&", doc.id, reports::level_code(level)),
        notes: shown.notes.clone(),
        sections: sections(&shown, &c),
        cases_text: c.n("report-cases-changed", cmp.cases_total),
        changes_text: c.n("report-figures-changed", cmp.changes.len() as u64),
        changes: cmp
            .changes
            .into_iter()
            .map(|x| ChangeView {
                table: text::table_title(c.tr, &x.table, &x.table_title),
                row: as_shown(report, &shown, &x.table, &x.row, true),
                column: as_shown(report, &shown, &x.table, &x.column, false),
                frozen: x.frozen,
                now: x.now,
            })
            .collect(),
        cases: cmp.cases,
        c,
    };
    Ok(Html(page.render().map_err(ApiError::internal)?).into_response())
}

/// A row's (or a column's) label of a table as the page shows it, from its label in the report's English.
fn as_shown(report: &Report, shown: &Report, table: &str, english: &str, row: bool) -> String {
    let labels = |t: &Table| if row { t.rows.as_slice() } else { t.columns.as_slice() }.to_vec();
    report
        .tables()
        .zip(shown.tables())
        .find(|((_, a), _)| a.id == table)
        .and_then(|((_, a), (_, b))| {
            let at = labels(a).iter().position(|l| l.label == english)?;
            labels(b).get(at).map(|l| l.label.clone())
        })
        .unwrap_or_else(|| english.to_owned())
}
