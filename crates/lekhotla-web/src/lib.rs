//! Lekhotla's web surface: the JSON API under `/api/v1` (with its OpenAPI document), the pages, and
//! the layers every response passes through (security headers, request ids, body limit, panics).
//!
//! Start at [`router`]: it lists every route. Handlers live in `api/` (one file per part of a case)
//! and `pages/`; they change a case only through [`mutate::change_case`], which applies a domain
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
pub mod i18n;
mod limits;
mod merge_patch;
mod mutate;
mod openapi;
mod origin;
pub mod overdue;
mod pages;
mod plan_figures;
mod probes;
mod reports;
mod scope;
mod sealed;
mod security;
mod shelters;
mod signin;
mod state;

use std::future::Future;

use axum::Router;

pub use access::{Need, ROUTES};
pub use actor::{Actor, Credential};
pub use auth::{SECURE_SESSION_COOKIE, SESSION_COOKIE};
pub use authority::{CORRECTION_HEADER, Deed, Offer, On};
pub use error::ApiError;
pub use openapi::openapi;
pub use pages::chrome::Chrome;
pub use state::{AppState, Clock, STEP_UP_FAILURES, Security};

/// Every route of the system, with its layers.
pub fn router(state: AppState) -> Router {
    let (api, _doc) = api::router().split_for_parts();
    let https = state.security.secure_cookies;
    let app = Router::new()
        .nest("/api/v1", api)
        .merge(api::health::router())
        .merge(pages::router())
        .route_layer(axum::middleware::from_fn_with_state(state.clone(), auth::guard))
        .layer(axum::middleware::from_fn_with_state(state.clone(), figures_cache::forget_on_change))
        .layer(axum::middleware::from_fn(pages::errors::html_errors))
        .with_state(state);
    security::apply(app, https)
}

/// Serves `router(state)` on `listener` until `shutdown` resolves, then lets open requests finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app).with_graceful_shutdown(shutdown).await
}
