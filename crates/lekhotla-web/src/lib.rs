//! Lekhotla's web surface: the JSON API under `/api/v1` (with its OpenAPI document), the pages, and
//! the layers every response passes through (security headers, request ids, body limit, panics).
//!
//! Start at [`router`]: it lists every route. Handlers live in `api/` (one file per part of a case)
//! and `pages/`; they change a case only through `mutate::change_case`, which applies a domain
//! method to the stored case and saves it with optimistic concurrency.

mod access;
mod actor;
mod api;
mod auth;
mod authority;
mod changed;
pub mod digest;
mod error;
mod extract;
mod figures_cache;
mod form_text;
#[doc(hidden)]
pub mod fuzz;
pub mod i18n;
pub mod lifecycle;
mod limits;
mod merge_patch;
pub mod metrics;
mod mutate;
mod openapi;
mod origin;
pub mod overdue;
mod pages;
mod plan_figures;
mod probes;
mod query_names;
mod rejections;
mod reports;
mod scope;
mod sealed;
mod security;
mod serve;
mod shelters;
mod signin;
mod state;

use axum::Router;

pub use access::{Need, ROUTES};
pub use actor::{Actor, Credential};
pub use api::health::starting_router;
pub use auth::{SECURE_SESSION_COOKIE, SESSION_COOKIE};
pub use authority::{CORRECTION_HEADER, Deed, Offer, On};
pub use error::ApiError;
pub use openapi::openapi;
pub use pages::chrome::Chrome;
pub use serve::{DEFAULT_GRACE, serve, serve_app, serve_metrics, serve_starting};
pub use state::{AppState, Clock, STEP_UP_FAILURES, Security};

/// Every route of the system, with its layers.
pub fn router(state: AppState) -> Router {
    let (api, _doc) = api::router().split_for_parts();
    let api = api.route_layer(axum::middleware::from_fn(query_names::refuse_unknown));
    let https = state.security.secure_cookies;
    let app = Router::new()
        .nest("/api/v1", api)
        .merge(api::health::router())
        .merge(pages::router())
        .route_layer(axum::middleware::from_fn_with_state(state.clone(), auth::guard))
        .layer(axum::middleware::from_fn_with_state(state.clone(), figures_cache::forget_on_change))
        .layer(axum::middleware::from_fn(security::time_limit))
        .layer(axum::middleware::from_fn(security::limit_body))
        .layer(axum::middleware::from_fn(form_text::utf8_query))
        .layer(axum::middleware::from_fn(rejections::in_shape))
        .layer(axum::middleware::from_fn(pages::errors::html_errors))
        .with_state(state.clone());
    // Outermost, after routing (`Router::layer` wraps each route): it sees the matched route's template.
    security::apply(app, https).layer(axum::middleware::from_fn_with_state(state, metrics::record))
}
