//! `/plan/progress`: the progress report of a period, in the shape of an interim assessment. For a report year's
//! recommendations, what the plan's activities that answer them did, with their indicators' figures for the
//! period; the activities that fall in the period and what needs attention; the country's figures of the period
//! from the TIP report. Every figure of people or cases passes the reader's disclosure rule, as on `/reports`.
//! One [`Document`] is the page, the PDF (`format=pdf`) and the XLSX (`format=xlsx`), in the page's language;
//! a file that leaves is in the audit trail.

mod document;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use lekhotla_report::{Disclosure, DisclosureLevel, Period, compute};
use lekhotla_report_files::{Block, Document};
use lekhotla_storage::{Action, ActionPlans};
use serde::Deserialize;

use crate::actor::Actor;
use crate::error::ApiError;
use crate::pages::chrome::Chrome;
use crate::reports::{self, text};
use crate::state::AppState;
use document::PERIOD_TABLES;

/// The form's fields, all optional: the period (a preset, or two dates), the report year, the level.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Ask {
    period: Option<String>,
    from: Option<String>,
    to: Option<String>,
    year: Option<String>,
    level: Option<String>,
    format: Option<String>,
}

/// A choice of the form.
#[derive(Debug)]
struct Choice {
    code: String,
    label: String,
    current: bool,
}

/// A block as the page shows it: a grid of text or of counts as one kind of table.
#[derive(Debug)]
enum BlockView {
    Heading(String),
    Paragraph(String),
    Note(String),
    Table {
        title: Option<String>,
        definition: Option<String>,
        /// Label, and whether the column holds numbers.
        columns: Vec<(String, bool)>,
        /// Whether the row is a total; its cells with their column's label.
        rows: Vec<(bool, Vec<(String, String)>)>,
    },
}

#[derive(Debug)]
struct PartView {
    id: String,
    title: String,
    blocks: Vec<BlockView>,
}

#[derive(Debug, Template)]
#[template(path = "plan_progress.html")]
struct ProgressPage {
    c: Chrome,
    loaded: bool,
    title: String,
    facts: Vec<(String, String)>,
    sensitive: bool,
    parts: Vec<PartView>,
    periods: Vec<Choice>,
    years: Vec<Choice>,
    levels: Vec<Choice>,
    /// The period's days, filled in the form when it was asked for by two dates.
    dates: Option<(String, String)>,
    /// The query of this report, to which `&format=` is added.
    query: String,
    error: Option<String>,
}

fn view(doc: &Document) -> Vec<PartView> {
    let total = |s: &str| s == "total";
    doc.parts
        .iter()
        .enumerate()
        .map(|(n, p)| PartView {
            id: format!("part-{}", n + 1),
            title: p.title.clone(),
            blocks: p
                .blocks
                .iter()
                .map(|b| match b {
                    Block::Heading(t) => BlockView::Heading(t.clone()),
                    Block::Paragraph(t) => BlockView::Paragraph(t.clone()),
                    Block::Note(t) => BlockView::Note(t.clone()),
                    Block::Grid(g) => BlockView::Table {
                        title: None,
                        definition: None,
                        columns: g.columns.iter().map(|c| (c.label.clone(), c.numeric)).collect(),
                        rows: g
                            .rows
                            .iter()
                            .map(|r| {
                                (false, g.columns.iter().map(|c| c.label.clone()).zip(r.iter().cloned()).collect())
                            })
                            .collect(),
                    },
                    Block::Figures(t) => {
                        let mut columns = vec![(t.row_heading.clone(), false)];
                        columns.extend(t.columns.iter().map(|c| (c.label.clone(), true)));
                        let rows = t
                            .rows
                            .iter()
                            .zip(&t.cells)
                            .map(|(label, cells)| {
                                let mut out = vec![(t.row_heading.clone(), label.label.clone())];
                                out.extend(
                                    t.columns
                                        .iter()
                                        .zip(cells)
                                        .map(|(c, cell)| (c.label.clone(), cell.text(c.decimals))),
                                );
                                (total(&label.code), out)
                            })
                            .collect();
                        BlockView::Table {
                            title: Some(t.title.clone()),
                            definition: Some(t.definition.clone()),
                            columns,
                            rows,
                        }
                    }
                })
                .collect(),
        })
        .collect()
}

/// The period asked for: two dates, else a preset, else this TIP year from its start to today.
fn chosen_period(q: &Ask, today: time::Date) -> Result<Period, ApiError> {
    match (q.from.as_deref().filter(|s| !s.is_empty()), q.to.as_deref().filter(|s| !s.is_empty())) {
        (Some(a), Some(b)) => reports::period(Some(&format!("{a}..{b}"))),
        (Some(_), None) | (None, Some(_)) => Err(ApiError::field("to", "give both dates, or choose a period")),
        (None, None) => match q.period.as_deref().filter(|s| !s.is_empty()) {
            Some(p) => reports::period(Some(p)),
            None => Ok(Period { from: Period::tip_year_of(today).from, to: today }),
        },
    }
}

/// The report year asked for, else the latest with recommendations, else this year.
fn chosen_year(q: &Ask, years: &[i32], today: time::Date) -> Result<i32, ApiError> {
    match q.year.as_deref().filter(|s| !s.is_empty()) {
        Some(y) => y
            .parse::<i32>()
            .ok()
            .filter(|y| (2000..=2100).contains(y))
            .ok_or_else(|| ApiError::field("year", "must be a year from 2000 to 2100")),
        None => Ok(years.first().copied().unwrap_or(today.year())),
    }
}

/// The document for the period, year and level, or none when no plan is loaded.
async fn build(
    state: &AppState,
    actor: &Actor,
    c: &Chrome,
    period: Period,
    year: i32,
    level: DisclosureLevel,
) -> Result<Option<Document>, ApiError> {
    let Some(stored) = state.store.read_plan().await? else { return Ok(None) };
    let disclosure = Disclosure::of(level);
    let threshold = if level == DisclosureLevel::Unsuppressed { 0 } else { disclosure.threshold };
    let values = crate::plan_figures::values(state, &stored.plan, period.from, period.to, threshold).await?;
    let area = reports::area(state, actor, None)?;
    let report = compute::tip(state.reads(), period, &area, disclosure).await.map_err(reports::compute_error)?;
    let report = text::translated(&report, c.tr);
    let figures = PERIOD_TABLES
        .iter()
        .filter_map(|id| report.tables().find(|(_, t)| t.id == *id).map(|(_, t)| t.clone()))
        .collect();
    let at = report.computed_at.to_offset(crate::i18n::MASERU);
    let cx = document::Context {
        year,
        period,
        rule: text::rule(c.tr, &disclosure),
        scope: crate::pages::reports::scope_text(c, &report.scope),
        computed_at: format!("{} {:02}:{:02}", at.date(), at.hour(), at.minute()),
        sensitive: level == DisclosureLevel::Unsuppressed,
        files: super::files(state).await?,
    };
    Ok(Some(document::document(c, &stored.plan, &stored.recommendations, &values, figures, &cx)))
}

/// The report as a file, recorded in the audit trail as an export.
async fn file(
    state: &AppState,
    actor: &Actor,
    doc: &Document,
    (period, year, level): (Period, i32, DisclosureLevel),
    format: reports::Format,
    tr: crate::i18n::Tr,
) -> Result<Response, ApiError> {
    let words = reports::words::words(tr);
    let (bytes, content_type) = match format {
        reports::Format::Pdf => {
            (lekhotla_report_files::document_pdf(doc, &words).map_err(ApiError::internal)?, "application/pdf")
        }
        reports::Format::Xlsx => (
            lekhotla_report_files::document_xlsx(doc, &words).map_err(ApiError::internal)?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        _ => return Err(ApiError::field("format", "must be pdf or xlsx")),
    };
    let entry = actor
        .entry(state.clock.now(), Action::Export)
        .record("report/plan-progress")
        .fields([
            format!("period:{}", period.code()),
            format!("year:{year}"),
            format!("level:{}", level.code()),
            format!("format:{}", format.code()),
        ])
        .purpose("report");
    state.store.append_audit(entry).await?;
    let name = format!(
        "lekhotla-plan-progress-{year}-{}-{}.{}",
        period.code().replace("..", "-to-"),
        level.code(),
        format.code()
    );
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
}

pub async fn page(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    Query(q): Query<Ask>,
) -> Result<Response, ApiError> {
    let today = crate::i18n::today(state.clock.now());
    let mut years: Vec<i32> = match state.store.read_plan().await? {
        Some(s) => s.recommendations.items().iter().map(|r| r.year).collect(),
        None => Vec::new(),
    };
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let chosen = (chosen_period(&q, today), chosen_year(&q, &years, today), reports::level(&actor, q.level.as_deref()));
    let ((period, year, level), error) = match chosen {
        (Ok(p), Ok(y), Ok(l)) => ((p, y, l), None),
        (p, y, l) => {
            if q.format.as_deref().is_some_and(|f| !f.is_empty()) {
                // A file is not made from a bad choice: the first reason, as the API says it.
                return Err([p.err(), y.err(), l.err()]
                    .into_iter()
                    .flatten()
                    .next()
                    .unwrap_or_else(|| ApiError::field("period", "is required")));
            }
            let reason: Vec<String> = [p.err(), y.err(), l.err()].into_iter().flatten().map(|e| e.message()).collect();
            let fallback = Ask::default();
            let chosen = (
                chosen_period(&fallback, today)?,
                chosen_year(&fallback, &years, today)?,
                reports::level(&actor, None)?,
            );
            (chosen, Some(reason.join("; ")))
        }
    };
    let doc = build(&state, &actor, &c, period, year, level).await?;
    if let Some(format) = q.format.as_deref().filter(|s| !s.is_empty()) {
        let format = reports::Format::parse(Some(format))?;
        let doc = doc.ok_or_else(|| ApiError::not_found("action plan"))?;
        return file(&state, &actor, &doc, (period, year, level), format, c.tr).await;
    }
    if !years.contains(&year) {
        years.push(year);
        years.sort_unstable_by(|a, b| b.cmp(a));
    }
    // The default (this TIP year to date) first: it is no preset, and a form sent unchanged keeps it.
    let by_dates = q.from.as_deref().is_some_and(|s| !s.is_empty()) && error.is_none();
    let dates = by_dates.then(|| (period.from.to_string(), period.to.to_string()));
    let asked = [&q.period, &q.from, &q.to].iter().any(|f| f.as_deref().is_some_and(|s| !s.is_empty()));
    let mut periods = vec![Choice { code: String::new(), label: c.t("progress-to-date"), current: !asked }];
    periods.extend(crate::pages::reports::period_choices(&c, today, &period).into_iter().map(|p| Choice {
        code: p.code,
        label: p.label,
        current: asked && !by_dates && p.current,
    }));
    let query = format!("from={}&to={}&year={year}&level={}", period.from, period.to, level.code());
    let levels = reports::levels(&actor)
        .into_iter()
        .map(|l| Choice {
            code: l.code().to_owned(),
            label: c.t(&format!("report-level-{}", l.code())),
            current: l == level,
        })
        .collect();
    let years =
        years.into_iter().map(|y| Choice { code: y.to_string(), label: y.to_string(), current: y == year }).collect();
    let (loaded, title, facts, sensitive, parts) = match &doc {
        Some(d) => (true, d.title.clone(), d.facts.clone(), d.sensitive, view(d)),
        None => (false, c.t("progress-page-title"), Vec::new(), false, Vec::new()),
    };
    let page = ProgressPage { c, loaded, title, facts, sensitive, parts, periods, years, levels, dates, query, error };
    Ok(Html(page.render().map_err(ApiError::internal)?).into_response())
}
