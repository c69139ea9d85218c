//! `/reports`: the country's figures (the TIP report) for a period and area, at the caller's disclosure
//! level, as JSON or a file (CSV, XLSX, PDF); frozen reports: list, read (with what changed since), freeze.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use lekhotla_report::frozen::{self, FrozenError};
use lekhotla_report::{Disclosure, compute};
use lekhotla_storage::Action;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::actor::Actor;
use crate::error::ApiError;
use crate::reports::{self, Format};
use crate::state::AppState;

/// Which report.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ReportQuery {
    /// `2025-04-01..2026-03-31`, `tip-2025` (1 April to 31 March), `2025` or `2025-Q2`.
    #[param(required = true)]
    pub period: Option<String>,
    /// `national`, `hub:LS-B`, or a district's code (`LS-B`). Default: the caller's hub for a focal point,
    /// else national.
    pub area: Option<String>,
    /// `public`, `internal` or `unsuppressed` (the national coordinator only). Default: the role's.
    #[param(value_type = Option<LevelName>)]
    pub level: Option<String>,
    /// `json` (the default), `csv`, `xlsx` or `pdf`.
    #[param(value_type = Option<FileFormat>)]
    pub format: Option<String>,
}

/// The TIP report: prosecution, protection, prevention and the standard forms, after disclosure control.
#[utoipa::path(get, path = "/reports/tip", tag = "reports", params(ReportQuery),
    responses(
        (status = 200, description = "The report (JSON), or the file asked for (CSV, XLSX, PDF)"),
        (status = 403, description = "The level or area is not open to the caller"),
        (status = 422, description = "A bad period, area, level or format")))]
pub async fn tip(
    State(state): State<AppState>,
    actor: Actor,
    query: Result<Query<ReportQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let period = reports::period(q.period.as_deref())?;
    let area = reports::area(&state, &actor, q.area.as_deref())?;
    let level = reports::level(&actor, q.level.as_deref())?;
    let format = Format::parse(q.format.as_deref())?;
    let report =
        compute::tip(state.reads(), period, &area, Disclosure::of(level)).await.map_err(reports::compute_error)?;
    reports::file(&state, &actor, &report, format).await
}

/// A frozen report in the list.
#[derive(Debug, Serialize, ToSchema)]
pub struct FrozenLine {
    pub id: Uuid,
    pub kind: String,
    pub area: String,
    #[schema(value_type = String, format = Date)]
    pub period_from: time::Date,
    #[schema(value_type = String, format = Date)]
    pub period_to: time::Date,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub frozen_at: OffsetDateTime,
    pub frozen_by: String,
    pub definitions_version: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FrozenList {
    pub items: Vec<FrozenLine>,
}

/// Every frozen report, newest first.
#[utoipa::path(get, path = "/reports/frozen", tag = "reports",
    responses((status = 200, body = FrozenList, description = "The frozen reports")))]
pub async fn list_frozen(State(state): State<AppState>, _actor: Actor) -> Result<Json<FrozenList>, ApiError> {
    let items = state
        .store
        .frozen_reports()
        .await?
        .into_iter()
        .map(|r| FrozenLine {
            id: r.id,
            kind: r.kind,
            area: r.area,
            period_from: r.period_from,
            period_to: r.period_to,
            frozen_at: r.frozen_at,
            frozen_by: r.frozen_by,
            definitions_version: r.definitions_version,
        })
        .collect();
    Ok(Json(FrozenList { items }))
}

/// How a frozen report is read.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct FrozenQuery {
    /// `public`, `internal` or `unsuppressed`; default: the role's.
    #[param(value_type = Option<LevelName>)]
    pub level: Option<String>,
    /// `json` (the default), `csv`, `xlsx`, `pdf`, or `compare`: the changes since it was frozen.
    #[param(value_type = Option<FrozenFormat>)]
    pub format: Option<String>,
}

/// A disclosure level by name, as a query gives it.
#[derive(Debug, ToSchema)]
#[schema(rename_all = "lowercase")]
#[allow(dead_code)] // the API description's names, read as text by `reports::level`
pub enum LevelName {
    Public,
    Internal,
    Unsuppressed,
}

/// A report's format by name, as a query gives it.
#[derive(Debug, ToSchema)]
#[schema(rename_all = "lowercase")]
#[allow(dead_code)] // the API description's names, read as text by `reports::Format::parse`
pub enum FileFormat {
    Json,
    Csv,
    Xlsx,
    Pdf,
}

/// A frozen report's format by name: a file, or `compare` (the changes since it was frozen).
#[derive(Debug, ToSchema)]
#[schema(rename_all = "lowercase")]
#[allow(dead_code)] // the API description's names, read as text by the handler
pub enum FrozenFormat {
    Json,
    Csv,
    Xlsx,
    Pdf,
    Compare,
}

pub(crate) fn frozen_error(e: FrozenError) -> ApiError {
    match e {
        FrozenError::NotFound(_) => ApiError::not_found("frozen report"),
        FrozenError::Compute(c) => reports::compute_error(c),
        FrozenError::Broken(..) => ApiError::internal(e),
    }
}

/// A frozen report as it was frozen, at the caller's level; or (`format=compare`) beside the same report
/// computed now: the figures that changed and the cases added or changed since, by number.
#[utoipa::path(get, path = "/reports/frozen/{id}", tag = "reports", params(("id" = Uuid, Path), FrozenQuery),
    responses(
        (status = 200, description = "The frozen report (JSON or a file), or the comparison"),
        (status = 404, description = "No such frozen report")))]
pub async fn get_frozen(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
    query: Result<Query<FrozenQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let id: Uuid = crate::mutate::parse_id(&id, "frozen report")?;
    let Query(q) = query.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let level = reports::level(&actor, q.level.as_deref())?;
    let (doc, _) = frozen::load(&*state.store, id, state.report_key().as_ref()).await.map_err(frozen_error)?;
    reports::area(&state, &actor, Some(&doc.area))?;
    if q.format.as_deref() == Some("compare") {
        let cmp = frozen::compare(&*state.store, &doc, level).await.map_err(frozen_error)?;
        return Ok(Json(serde_json::json!({
            "frozen": doc.at(level),
            "now": cmp.now,
            "changes": cmp.changes,
            "cases": cmp.cases,
            "cases_total": cmp.cases_total,
        }))
        .into_response());
    }
    let format = Format::parse(q.format.as_deref())?;
    reports::file(&state, &actor, doc.at(level), format).await
}

/// What to freeze.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FreezeInput {
    /// As for `/reports/tip`.
    pub period: String,
    pub area: Option<String>,
}

/// Freezes the TIP report of a period and area now: its figures at every level, signed with the
/// installation's key. The national coordinator only.
#[utoipa::path(post, path = "/reports/frozen", tag = "reports", request_body = FreezeInput,
    responses(
        (status = 201, body = FrozenLine, description = "Frozen; Location is where it is read"),
        (status = 409, description = "The server holds no signing key")))]
pub async fn freeze(
    State(state): State<AppState>,
    actor: Actor,
    crate::extract::ApiJson(input): crate::extract::ApiJson<FreezeInput>,
) -> Result<Response, ApiError> {
    let period = reports::period(Some(&input.period))?;
    let area = reports::area(&state, &actor, input.area.as_deref())?;
    let signer = state.report_signer.clone().ok_or_else(|| {
        ApiError::Refused("this server holds no signing key; freeze with `lekhotla report freeze`".into())
    })?;
    let entry = actor.entry(state.clock.now(), Action::Export).purpose("freeze-report");
    let doc = frozen::freeze(&*state.store, period, &area, actor.username.as_str(), &signer, entry, state.clock.now())
        .await
        .map_err(frozen_error)?;
    let line = FrozenLine {
        id: doc.id,
        kind: doc.kind.clone(),
        area: doc.area.clone(),
        period_from: doc.period.from,
        period_to: doc.period.to,
        frozen_at: doc.frozen_at,
        frozen_by: doc.frozen_by.clone(),
        definitions_version: i64::from(doc.definitions_version),
    };
    let location = format!("/api/v1/reports/frozen/{}", line.id);
    Ok((StatusCode::CREATED, [(axum::http::header::LOCATION, location)], Json(line)).into_response())
}
