//! `/healthz`: answers 200 when the database can be reached, 503 when not (for load balancers and monitors).

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz))
}

async fn healthz(State(state): State<AppState>) -> Response {
    let database = state.store.backend();
    match state.store.health().await {
        Ok(()) => axum::Json(json!({ "status": "ok", "database": database })).into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, axum::Json(json!({ "status": "unavailable", "database": database })))
                .into_response()
        }
    }
}
