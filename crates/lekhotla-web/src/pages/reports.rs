//! `/reports`: the country's figures as a page: choose the period (a TIP year, a calendar year, a quarter or
//! two dates), the area and the disclosure level the role allows; every table with its definition, a chart
//! where it helps, suppressed cells as "x"; the same report as CSV, XLSX, PDF or JSON; the frozen reports,
//! each beside the same report computed now (`reports/frozen.rs`); freezing, for the national coordinator.

mod frozen;
mod view;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use lekhotla_identity::Permission;
use lekhotla_report::{Area, Disclosure, DisclosureLevel, Period, compute};
use serde::Deserialize;

use super::chrome::Chrome;
use crate::actor::Actor;
use crate::error::ApiError;
use crate::reports::{self, Format, text};
use crate::state::AppState;
pub use frozen::{freeze, frozen_page};
pub(crate) use view::CellView;
use view::{Choice, SectionView, sections};

/// The form's fields (all optional: the defaults are the last full TIP year, the person's area and level).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReportForm {
    pub period: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub area: Option<String>,
    pub level: Option<String>,
    pub format: Option<String>,
}

#[derive(Debug, Template)]
#[template(path = "reports.html")]
struct ReportPage {
    c: Chrome,
    periods: Vec<Choice>,
    from: String,
    to: String,
    areas: Vec<Choice>,
    levels: Vec<Choice>,
    title: String,
    scope: String,
    period: String,
    rule: String,
    sensitive: bool,
    notes: Vec<String>,
    sections: Vec<SectionView>,
    /// The start of a file's address, to which `format=…` is added.
    file_base: String,
    frozen: Vec<frozen::FrozenItem>,
    may_freeze: bool,
    error: Option<String>,
}

/// The period the form asks for: two dates when both are given, else the chosen preset, else the last
/// full TIP year.
fn chosen_period(f: &ReportForm, today: time::Date) -> Result<Period, ApiError> {
    match (f.from.as_deref().filter(|s| !s.is_empty()), f.to.as_deref().filter(|s| !s.is_empty())) {
        (Some(a), Some(b)) => reports::period(Some(&format!("{a}..{b}"))),
        (Some(_), None) | (None, Some(_)) => Err(ApiError::field("to", "give both dates, or choose a period")),
        (None, None) => match f.period.as_deref().filter(|s| !s.is_empty()) {
            Some(p) => reports::period(Some(p)),
            None => {
                let this = Period::tip_year_of(today);
                Ok(Period::tip_year_of(this.from.previous_day().unwrap_or(this.from)))
            }
        },
    }
}

/// The period presets: the last five TIP years, the last three calendar years, the last four quarters.
pub(super) fn period_choices(c: &Chrome, today: time::Date, chosen: &Period) -> Vec<Choice> {
    let mut out = Vec::new();
    let tip_now = Period::tip_year_of(today).from.year();
    for y in (tip_now - 4..=tip_now).rev() {
        out.push((format!("tip-{y}"), c.t1("report-tip-year", "years", format!("{y}-{:02}", (y + 1) % 100))));
    }
    for y in (today.year() - 2..=today.year()).rev() {
        out.push((y.to_string(), c.t1("report-calendar-year", "year", y)));
    }
    let quarter = (u8::from(today.month()) - 1) / 3 + 1;
    let (mut y, mut q) = (today.year(), quarter);
    for _ in 0..4 {
        out.push((format!("{y}-Q{q}"), c.t1("report-quarter", "quarter", format!("{y} Q{q}"))));
        (y, q) = if q == 1 { (y - 1, 4) } else { (y, q - 1) };
    }
    let chosen_code = chosen.code();
    out.into_iter()
        .map(|(code, label)| {
            let current = Period::parse(&code).is_ok_and(|p| p.code() == chosen_code);
            Choice { code, label, current }
        })
        .collect()
}

fn area_choices(state: &AppState, actor: &Actor, c: &Chrome, chosen: &Area) -> Vec<Choice> {
    let geo = &state.geography;
    let held = reports::held_to(state, actor);
    let mut out = Vec::new();
    if held.is_none() {
        out.push(("national".to_owned(), c.t("dash-national")));
    }
    let mut hubs: Vec<String> = geo.districts().filter_map(|d| d.hub.as_ref().map(|h| h.as_str().to_owned())).collect();
    hubs.sort();
    hubs.dedup();
    for h in hubs {
        let area = format!("hub:{h}");
        if reports::area(state, actor, Some(&area)).is_ok() {
            let name = match geo.get(&h) {
                Some(u) if u.kind == lekhotla_domain::UnitKind::Country => c.t("dash-national-office"),
                Some(u) => u.name.clone(),
                None => h.clone(),
            };
            out.push((area, c.t1("report-hub", "name", name)));
        }
    }
    for d in geo.districts() {
        if reports::area(state, actor, Some(d.code.as_str())).is_ok() {
            out.push((d.code.as_str().to_owned(), d.name.clone()));
        }
    }
    let chosen = chosen.code();
    out.into_iter().map(|(code, label)| Choice { current: code == chosen, code, label }).collect()
}

fn level_choices(actor: &Actor, c: &Chrome, chosen: DisclosureLevel) -> Vec<Choice> {
    reports::levels(actor)
        .into_iter()
        .map(|l| Choice {
            code: reports::level_code(l).to_owned(),
            label: c.t(&format!("report-level-{}", reports::level_code(l))),
            current: l == chosen,
        })
        .collect()
}

/// The scope in words.
pub(super) fn scope_text(c: &Chrome, s: &lekhotla_report::Scope) -> String {
    match s {
        lekhotla_report::Scope::National => c.t("dash-national"),
        lekhotla_report::Scope::Hub { name, .. } => c.t1("report-hub", "name", name),
        lekhotla_report::Scope::District { name, .. } => name.clone(),
    }
}

pub async fn page(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    Query(f): Query<ReportForm>,
) -> Result<Response, ApiError> {
    let today = crate::i18n::today(state.clock.now());
    let (period, area, level) = match (
        chosen_period(&f, today),
        reports::area(&state, &actor, f.area.as_deref()),
        reports::level(&actor, f.level.as_deref()),
    ) {
        (Ok(p), Ok(a), Ok(l)) => (p, a, l),
        (p, a, l) => {
            // A bad choice: the page again with the defaults and the reason.
            let reason = [p.err(), a.err(), l.err()].into_iter().flatten().map(|e| e.message()).collect::<Vec<_>>();
            let fallback = ReportForm::default();
            let period = chosen_period(&fallback, today)?;
            let area = reports::area(&state, &actor, None)?;
            let level = reports::level(&actor, None)?;
            return render(&state, &actor, c, period, area, level, Some(reason.join("; "))).await;
        }
    };
    if let Some(format) = f.format.as_deref().filter(|s| !s.is_empty()) {
        let format = Format::parse(Some(format))?;
        let report =
            compute::tip(state.reads(), period, &area, Disclosure::of(level)).await.map_err(reports::compute_error)?;
        return reports::file_in(&state, &actor, &report, format, c.tr).await;
    }
    render(&state, &actor, c, period, area, level, None).await
}

async fn render(
    state: &AppState,
    actor: &Actor,
    c: Chrome,
    period: Period,
    area: Area,
    level: DisclosureLevel,
    error: Option<String>,
) -> Result<Response, ApiError> {
    let today = crate::i18n::today(state.clock.now());
    let report =
        compute::tip(state.reads(), period, &area, Disclosure::of(level)).await.map_err(reports::compute_error)?;
    let query = format!("period={}&area={}&level={}", period.code(), area.code(), reports::level_code(level));
    let shown = text::translated(&report, c.tr);
    let page = ReportPage {
        periods: period_choices(&c, today, &period),
        from: period.from.to_string(),
        to: period.to.to_string(),
        areas: area_choices(state, actor, &c, &area),
        levels: level_choices(actor, &c, level),
        title: shown.title.clone(),
        scope: scope_text(&c, &report.scope),
        period: c.t1("report-period-is", "period", format!("{} – {}", period.from, period.to)),
        rule: text::rule(c.tr, &report.disclosure),
        sensitive: report.is_sensitive(),
        notes: shown.notes.clone(),
        sections: sections(&shown, &c),
        file_base: format!("/reports?{query}&"),
        frozen: frozen::items(state, actor, &c).await?,
        may_freeze: actor.allows(Permission::ExportData) && state.report_signer.is_some(),
        error,
        c,
    };
    Ok(Html(page.render().map_err(ApiError::internal)?).into_response())
}
