//! The JSON API under `/api/v1`: every route with its OpenAPI description, and the reference checks
//! the handlers share (organisations exist, districts are districts, ports are ports).

pub mod audit;
pub mod break_glass;
pub mod campaigns;
pub mod case_records;
pub mod cases;
pub mod committees;
pub mod deadlines;
pub mod geography;
pub mod health;
pub mod inspections;
pub mod investigation;
pub mod organisations;
pub mod paging;
pub mod people;
pub mod plan;
pub mod prosecution;
pub mod records;
pub mod referrals;
pub mod register;
pub mod reports;
pub mod screenings;
pub mod session;
pub mod shelters;
pub mod tokens;
pub mod trainings;

use axum::Json;
use axum::routing::get;
use lekhotla_domain::{OrgId, UnitCode, UnitKind};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ApiError;
use crate::openapi::ApiDoc;
use crate::state::AppState;

/// Every documented route; `lib.rs` nests it under `/api/v1`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(session::create, session::get, session::delete))
        .routes(routes!(session::step_up))
        .routes(routes!(tokens::list))
        .routes(routes!(tokens::revoke))
        .routes(routes!(tokens::renew))
        .routes(routes!(audit::search))
        .routes(routes!(audit::subject))
        .routes(routes!(break_glass::review))
        .routes(routes!(break_glass::grant))
        .routes(routes!(break_glass::revoke))
        .routes(routes!(organisations::create, organisations::list))
        .routes(routes!(organisations::get, organisations::update))
        .routes(routes!(campaigns::create, campaigns::list))
        .routes(routes!(campaigns::get, campaigns::update))
        .routes(routes!(trainings::create, trainings::list))
        .routes(routes!(trainings::get, trainings::update))
        .routes(routes!(inspections::create, inspections::list))
        .routes(routes!(inspections::get, inspections::update))
        .routes(routes!(screenings::create, screenings::list))
        .routes(routes!(screenings::get, screenings::update))
        .routes(routes!(shelters::list))
        .routes(routes!(shelters::get, shelters::save))
        .routes(routes!(committees::create, committees::list))
        .routes(routes!(committees::get, committees::update))
        .routes(routes!(committees::actions))
        .routes(routes!(geography::list))
        .routes(routes!(reports::tip))
        .routes(routes!(reports::list_frozen, reports::freeze))
        .routes(routes!(reports::get_frozen))
        .routes(routes!(cases::create, cases::list))
        .routes(routes!(cases::get, cases::update))
        .routes(routes!(people::add_victim))
        .routes(routes!(case_records::get_victim, people::update_victim))
        .routes(routes!(people::add_suspect))
        .routes(routes!(case_records::get_suspect, people::update_suspect))
        .routes(routes!(people::add_witness))
        .routes(routes!(case_records::get_witness, people::update_witness))
        .routes(routes!(records::add_event))
        .routes(routes!(case_records::get_event, records::update_event))
        .routes(routes!(records::record_consent))
        .routes(routes!(records::withdraw_consent))
        .routes(routes!(case_records::get_consent))
        .routes(routes!(records::add_support_plan))
        .routes(routes!(case_records::get_support_plan, records::update_support_plan))
        .routes(routes!(records::add_comment))
        .routes(routes!(case_records::get_comment))
        .routes(routes!(records::link_case))
        .routes(routes!(referrals::send))
        .routes(routes!(referrals::act))
        .routes(routes!(case_records::get_referral))
        .routes(routes!(referrals::list))
        .routes(routes!(deadlines::get, deadlines::set))
        .routes(routes!(deadlines::overdue))
        .routes(routes!(deadlines::times))
        .routes(routes!(plan::get))
        .routes(routes!(plan::set_activity))
        .routes(routes!(plan::set_recommendation))
        .routes(routes!(plan::carry_over))
        .routes(routes!(cases::transfer))
        .routes(routes!(case_records::get_investigation, investigation::open, investigation::update))
        .routes(routes!(investigation::transfer_docket))
        .routes(routes!(case_records::get_prosecution, prosecution::open, prosecution::update))
        .routes(routes!(prosecution::add_charge))
        .routes(routes!(prosecution::add_hearing))
        .routes(routes!(prosecution::record_verdict))
        .routes(routes!(prosecution::record_sentence))
        .routes(routes!(prosecution::order_compensation))
        .route("/openapi.json", get(openapi_json))
}

async fn openapi_json() -> Json<serde_json::Value> {
    Json(crate::openapi::openapi())
}

/// The organisation must exist.
pub async fn require_org(state: &AppState, id: OrgId, field: &str) -> Result<(), ApiError> {
    match state.store.get_organisation(id).await? {
        Some(_) => Ok(()),
        None => Err(ApiError::field(field, format!("no organisation has the id {id}"))),
    }
}

/// A user account named in a record (an owner, a case worker) must exist and be active: assignment is to
/// an account, never to a typed name.
pub async fn require_user(
    state: &AppState,
    user: Option<lekhotla_domain::UserRef>,
    field: &str,
) -> Result<(), ApiError> {
    let Some(user) = user else { return Ok(()) };
    match state.store.get_user(lekhotla_storage::UserId(user.0)).await? {
        Some(account) if account.is_active() => Ok(()),
        Some(_) => Err(ApiError::field(field, format!("the user account {} is disabled", user.0))),
        None => Err(ApiError::field(field, format!("no user account has the id {}", user.0))),
    }
}

/// The unit must be in the loaded geography and of the given kind.
pub fn require_unit(state: &AppState, code: &UnitCode, kind: UnitKind, field: &str) -> Result<(), ApiError> {
    let what = kind.code().replace('_', " ");
    match state.geography.get(code.as_str()) {
        Some(u) if u.kind == kind => Ok(()),
        _ => {
            let known: Vec<&str> =
                state.geography.units().iter().filter(|u| u.kind == kind).map(|u| u.code.as_str()).take(12).collect();
            Err(ApiError::field(field, format!("{code} is not a {what}; known: {}", known.join(", "))))
        }
    }
}

/// Optional unit: checked when present.
pub fn require_opt_unit(
    state: &AppState,
    code: Option<&UnitCode>,
    kind: UnitKind,
    field: &str,
) -> Result<(), ApiError> {
    code.map_or(Ok(()), |c| require_unit(state, c, kind, field))
}
