//! Probes for load balancers, orchestrators and monitors, all public and saying nothing internal:
//! `/livez` (the process answers; no database asked, so a slow database never gets a live process killed),
//! `/readyz` (the database and any read replica answer and have every migration this program carries; 503
//! while starting or draining) and `/healthz` (the database answers; kept for the monitors that use it).

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use lekhotla_storage::Store;
use serde_json::{Value, json};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz)).route("/livez", get(livez)).route("/readyz", get(readyz))
}

/// What the public listener answers while the server is still starting (opening and migrating the database,
/// generating demo data): alive, not ready, and 503 to everything else.
pub fn starting_router() -> Router {
    let not_yet = || async { unavailable(json!({ "status": "starting" })) };
    Router::new().route("/livez", get(livez)).route("/readyz", get(not_yet)).fallback(not_yet)
}

async fn livez() -> Response {
    axum::Json(json!({ "status": "ok" })).into_response()
}

async fn healthz(State(state): State<AppState>) -> Response {
    let database = state.store.backend();
    match state.store.health().await {
        Ok(()) => axum::Json(json!({ "status": "ok", "database": database })).into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "health check failed");
            unavailable(json!({ "status": "unavailable", "database": database }))
        }
    }
}

async fn readyz(State(state): State<AppState>) -> Response {
    if state.lifecycle.is_draining() {
        return unavailable(json!({ "status": "draining" }));
    }
    let mut checks = serde_json::Map::new();
    let mut ready = check(&*state.store, "database", &mut checks).await;
    if let Some(replica) = &state.read_store {
        ready &= check(&**replica, state.read_store_name, &mut checks).await;
    }
    let body = json!({ "status": if ready { "ready" } else { "unavailable" }, "checks": checks });
    if ready { axum::Json(body).into_response() } else { unavailable(body) }
}

/// Whether `store` answers with its schema current: `ok`, `unavailable` or `schema-behind` under `name`.
async fn check(store: &dyn Store, name: &str, checks: &mut serde_json::Map<String, Value>) -> bool {
    let outcome = match store.schema_status().await {
        Ok(s) if s.is_current() => "ok",
        Ok(s) => {
            tracing::warn!(store = name, applied = ?s.applied, known = s.known, "not ready: migrations missing");
            "schema-behind"
        }
        Err(e) => {
            tracing::warn!(store = name, error = %e, "not ready: the database does not answer");
            "unavailable"
        }
    };
    checks.insert(name.to_owned(), Value::from(outcome));
    outcome == "ok"
}

fn unavailable(body: Value) -> Response {
    (StatusCode::SERVICE_UNAVAILABLE, [(axum::http::header::RETRY_AFTER, "5")], axum::Json(body)).into_response()
}
