//! The country's figures on the web: who may see which area at which disclosure level, making the report,
//! and its files. The analyst gets the public rule only; the national coordinator the internal rule, or
//! every cell (marked OFFICIAL - SENSITIVE); everyone else with statistics the internal or public rule. A
//! focal point sees its hub's districts, as on the dashboard. Every file that leaves is in the audit trail.
//! The page's XLSX and PDF are in the page's language ([`text`], [`words`]); the CSV and the JSON, and every
//! file of the API, are in English (they are for exchanging data).

pub mod text;
pub mod words;

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use lekhotla_domain::UnitCode;
use lekhotla_identity::Role;
use lekhotla_report::{Area, ComputeError, DisclosureLevel, Period, Report};
use lekhotla_storage::Action;

use crate::actor::Actor;
use crate::error::ApiError;
use crate::i18n::{Lang, Tr};
use crate::state::AppState;

/// The levels an actor may ask for, the default first.
pub fn levels(actor: &Actor) -> Vec<DisclosureLevel> {
    if actor.roles.contains(Role::NationalCoordinator) {
        vec![DisclosureLevel::Internal, DisclosureLevel::Unsuppressed, DisclosureLevel::Public]
    } else if actor.roles.iter().all(|r| r == Role::DataAnalyst) {
        vec![DisclosureLevel::Public]
    } else {
        vec![DisclosureLevel::Internal, DisclosureLevel::Public]
    }
}

/// The level's code in queries and files.
pub fn level_code(l: DisclosureLevel) -> &'static str {
    l.code()
}

/// The level asked for (the actor's default when not given), refused when not the actor's to see.
pub fn level(actor: &Actor, asked: Option<&str>) -> Result<DisclosureLevel, ApiError> {
    let allowed = levels(actor);
    let Some(asked) = asked.filter(|s| !s.is_empty()) else { return Ok(allowed[0]) };
    let level = [DisclosureLevel::Public, DisclosureLevel::Internal, DisclosureLevel::Unsuppressed]
        .into_iter()
        .find(|l| level_code(*l) == asked)
        .ok_or_else(|| ApiError::field("level", "must be public, internal or unsuppressed"))?;
    if !allowed.contains(&level) {
        return Err(ApiError::Forbidden(format!("the {asked} level is not open to your role")));
    }
    Ok(level)
}

/// The districts an actor is held to (a focal point: its hub's), or `None` for the whole country.
pub fn held_to(state: &AppState, actor: &Actor) -> Option<Vec<UnitCode>> {
    let focal = actor.roles.contains(Role::FocalPoint) && !actor.roles.contains(Role::NationalCoordinator);
    match (&actor.district, focal) {
        (Some(own), true) => Some(crate::scope::served_with(own, &state.geography)),
        _ => None,
    }
}

/// The area asked for (`national`, `hub:CODE` or a district's code), within what the actor is held to; the
/// actor's own hub when not given.
pub fn area(state: &AppState, actor: &Actor, asked: Option<&str>) -> Result<Area, ApiError> {
    let held = held_to(state, actor);
    let geo = &state.geography;
    let area = match asked.filter(|s| !s.is_empty()) {
        Some(a) => Area::parse(a).map_err(|e| ApiError::field("area", e.to_string()))?,
        None => match (&held, &actor.district) {
            (Some(_), Some(own)) => {
                let hub = geo.get(own.as_str()).and_then(|u| u.hub.clone()).unwrap_or_else(|| own.clone());
                Area::Hub(hub)
            }
            _ => Area::National,
        },
    };
    let (_, districts) = area.resolve(geo).map_err(|e| ApiError::field("area", e.to_string()))?;
    if let Some(held) = held
        && !districts.iter().all(|(d, _, _)| held.iter().any(|h| h.as_str() == d))
    {
        return Err(ApiError::Forbidden("that area is outside your hub's districts".into()));
    }
    Ok(area)
}

/// The period asked for.
pub fn period(asked: Option<&str>) -> Result<Period, ApiError> {
    let asked = asked.filter(|s| !s.is_empty()).ok_or_else(|| ApiError::field("period", "is required"))?;
    Period::parse(asked).map_err(|e| ApiError::field("period", e.to_string()))
}

pub fn compute_error(e: ComputeError) -> ApiError {
    match e {
        ComputeError::Db(db) => ApiError::from(db),
        ComputeError::UnknownDistrict(_) | ComputeError::UnknownHub(_) => ApiError::field("area", e.to_string()),
        other => ApiError::internal(other),
    }
}

/// A file's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
    Xlsx,
    Pdf,
}

impl Format {
    pub fn parse(s: Option<&str>) -> Result<Format, ApiError> {
        match s.unwrap_or("json") {
            "json" => Ok(Format::Json),
            "csv" => Ok(Format::Csv),
            "xlsx" => Ok(Format::Xlsx),
            "pdf" => Ok(Format::Pdf),
            _ => Err(ApiError::field("format", "must be json, csv, xlsx or pdf")),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Pdf => "pdf",
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Csv => "text/csv; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Pdf => "application/pdf",
        }
    }
}

/// The report as a file answer (an attachment, except JSON), recorded in the audit trail as an export.
pub async fn file(state: &AppState, actor: &Actor, report: &Report, format: Format) -> Result<Response, ApiError> {
    file_in(state, actor, report, format, Lang::En.tr()).await
}

/// As [`file`], the XLSX and the PDF in `tr`'s language (the CSV and the JSON stay in English).
pub async fn file_in(
    state: &AppState,
    actor: &Actor,
    report: &Report,
    format: Format,
    tr: Tr,
) -> Result<Response, ApiError> {
    let bytes = match format {
        Format::Json => serde_json::to_vec(report).map_err(ApiError::internal)?,
        Format::Csv => lekhotla_report::csv::csv(report).into_bytes(),
        Format::Xlsx => lekhotla_report_files::xlsx_in(&text::translated(report, tr), &words::words(tr))
            .map_err(ApiError::internal)?,
        Format::Pdf => lekhotla_report_files::pdf_in(&text::translated(report, tr), &words::words(tr))
            .map_err(ApiError::internal)?,
    };
    let scope = lekhotla_report::csv::scope_code(&report.scope);
    let entry = actor
        .entry(state.clock.now(), Action::Export)
        .record(format!("report/{}", report.kind))
        .fields([
            format!("period:{}", report.period.code()),
            format!("scope:{scope}"),
            format!("level:{}", level_code(report.disclosure.level)),
            format!("format:{}", format.code()),
        ])
        .purpose("report");
    state.store.append_audit(entry).await?;
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(format.content_type()));
    if format != Format::Json {
        let name = format!(
            "lekhotla-{}-{}-{}-{}.{}",
            report.kind,
            report.period.code().replace("..", "-to-"),
            scope.replace(':', "-"),
            level_code(report.disclosure.level),
            format.code()
        );
        if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
            h.insert(header::CONTENT_DISPOSITION, v);
        }
    }
    Ok(res)
}
