//! The HTML pages (askama templates in `templates/`) and their static files (compiled in).

pub mod account;
mod admin;
mod audit;
mod case_file;
pub mod chrome;
mod committees;
pub mod csrf;
pub(crate) mod dashboard;
mod deadlines;
pub mod errors;
mod intake;
pub mod justice;
mod lang;
pub mod login;
mod plan;
mod prevention;
pub mod referrals;
mod reports;
mod shelters;
mod tokens;
mod work;

use axum::Router;
use axum::http::{Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;

use crate::error::ApiError;
use crate::pages::prevention::{CampaignForm, InspectionForm, ScreeningForm, TrainingForm};
use crate::state::AppState;

const APP_CSS: &str = include_str!("../static/app.css");
const HTMX_JS: &str = include_str!("../static/htmx-2.0.11.min.js");
const FAVICON: &str = include_str!("../static/favicon.svg");

pub fn router() -> Router<AppState> {
    let router = Router::new()
        .route("/", get(|| async { Redirect::to("/work") }))
        .route("/lang", axum::routing::post(lang::choose))
        .route("/login", get(login::form).post(login::submit))
        .route("/logout", axum::routing::post(login::logout))
        .route("/admin/tokens", get(tokens::page))
        .route("/admin/tokens/{id}/revoke", axum::routing::post(tokens::revoke))
        // E: my work and the figures.
        .route("/work", get(work::page))
        .route("/dashboard", get(dashboard::page))
        .route("/reports", get(reports::page))
        .route("/reports/freeze", axum::routing::post(reports::freeze))
        .route("/reports/frozen/{id}", get(reports::frozen_page))
        // Prevention work (issue 12): awareness campaigns, trainings, joint inspections, screenings at ports.
        .route("/prevention", get(prevention::page))
        .route("/prevention/campaigns/new", get(prevention::new_campaign).post(prevention::create::<CampaignForm>))
        .route(
            "/prevention/campaigns/{id}",
            get(prevention::edit_form::<CampaignForm>).post(prevention::update::<CampaignForm>),
        )
        .route("/prevention/trainings/new", get(prevention::new_training).post(prevention::create::<TrainingForm>))
        .route(
            "/prevention/trainings/{id}",
            get(prevention::edit_form::<TrainingForm>).post(prevention::update::<TrainingForm>),
        )
        .route(
            "/prevention/inspections/new",
            get(prevention::new_inspection).post(prevention::create::<InspectionForm>),
        )
        .route(
            "/prevention/inspections/{id}",
            get(prevention::edit_form::<InspectionForm>).post(prevention::update::<InspectionForm>),
        )
        .route("/prevention/screenings/new", get(prevention::new_screening).post(prevention::create::<ScreeningForm>))
        .route(
            "/prevention/screenings/{id}",
            get(prevention::edit_form::<ScreeningForm>).post(prevention::update::<ScreeningForm>),
        )
        // Shelters' occupancy and providers' years (issue 12).
        .route("/referrals/deadlines", get(deadlines::page).post(deadlines::save))
        .route("/shelters", get(shelters::page))
        .route("/plan", get(plan::page))
        .route("/plan/progress", get(plan::progress::page))
        .route("/plan/activities/{code}", get(plan::edit::form).post(plan::edit::save))
        .route(
            "/plan/activities/{code}/files",
            axum::routing::post(plan::files::upload)
                .layer(axum::extract::DefaultBodyLimit::max(crate::security::UPLOAD_LIMIT)),
        )
        .route("/plan/files/{id}", get(plan::files::download))
        .route("/plan/recommendations/{key}", get(plan::recommend::form).post(plan::recommend::save))
        .route("/plan/recommendations/{year}/carry-over", axum::routing::post(plan::recommend::carry_over))
        .route("/shelters/years/new", get(shelters::new_form).post(shelters::create))
        .route("/shelters/{org}/{year}", get(shelters::edit_form).post(shelters::update))
        // Committee meetings and their action items (issue 12).
        .route("/committees", get(committees::page))
        .route("/committees/new", get(committees::new_form).post(committees::create))
        .route("/committees/{id}", get(committees::edit_form).post(committees::update))
        .route("/committees/{id}/minutes.pdf", get(committees::pdf))
        // Part B: intake and screening, people, search.
        .route("/intake", get(intake::register::form).post(intake::register::submit))
        .route("/cases", get(intake::search::page))
        .route("/cases/{number}/record-person", get(intake::person::form).post(intake::person::submit))
        .route("/cases/{number}/decide-status", get(intake::screen::form).post(intake::screen::submit))
        // Accounts and administration (part D).
        .route("/account", get(account::page))
        .route("/account/password", axum::routing::post(account::change_password))
        .route("/account/digest", axum::routing::post(account::set_digest))
        .route("/account/enrol", get(account::enrol::form).post(account::enrol::confirm))
        .merge(admin::router())
        .merge(audit::router())
        .route("/static/app.css", get(|| async { asset("text/css; charset=utf-8", APP_CSS) }))
        .route("/static/htmx-2.0.11.min.js", get(|| async { asset("text/javascript; charset=utf-8", HTMX_JS) }))
        .route("/static/favicon.svg", get(|| async { asset("image/svg+xml", FAVICON) }))
        // Browsers ask for /favicon.ico whatever the page says.
        .route("/favicon.ico", get(|| async { asset("image/svg+xml", FAVICON) }))
        // The case file (part A): the story, sealed reveal, break-glass, the acts' forms, people's edits.
        .merge(case_file::router());
    // Part C: referrals and criminal justice.
    let router = justice::routes(router.route("/referrals", get(referrals::page)));
    let router = referrals::forms::routes(router);
    router.fallback(not_found)
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    // The htmx file name carries its version, and app.css changes only with a release.
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "public, max-age=3600")], body).into_response()
}

async fn not_found(uri: Uri, c: chrome::Chrome) -> Response {
    if uri.path().starts_with("/api/") {
        return ApiError::not_found(format!("route {}", uri.path())).into_response();
    }
    errors::not_found(c)
}
