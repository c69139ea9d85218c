//! Prometheus metrics: requests and their latencies by method, route template (axum's `MatchedPath`, never
//! the path itself, so no id becomes a label) and status class; the database pools (primary and read
//! replica); the audit queue's depth. Served by [`router`] on a listener of its own (`serve
//! --metrics-listen`, loopback by default), never beside the public routes.

use std::time::Instant;

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use lekhotla_storage::Store;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::error::ApiError;
use crate::state::AppState;

/// The label of a request matching no route.
pub const UNMATCHED: &str = "unmatched";

/// One request's labels.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: &'static str,
    route: String,
    status: &'static str,
}

/// Which pool: `primary` or `replica`.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolLabels {
    database: &'static str,
}

/// The registry and the handles the layer and the scrape update.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<RouteLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    pool_size: Family<PoolLabels, Gauge>,
    pool_idle: Family<PoolLabels, Gauge>,
    pool_max: Family<PoolLabels, Gauge>,
    audit_queue: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("lekhotla");
        let requests = Family::<RouteLabels, Counter>::default();
        // 1 ms to about 16 s, doubling.
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.001, 2.0, 15))
        });
        let (pool_size, pool_idle, pool_max) = (Family::default(), Family::default(), Family::default());
        let audit_queue = Gauge::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by method, route and status class",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer an HTTP request (to the response's head), by method, route and status class",
            latency.clone(),
        );
        registry.register("db_pool_connections", "Open database connections, busy or idle", pool_size.clone());
        registry.register("db_pool_idle_connections", "Open database connections waiting for work", pool_idle.clone());
        registry.register("db_pool_max_connections", "The most connections the pool opens", pool_max.clone());
        registry.register(
            "audit_queue_depth",
            "Audit entries accepted but not yet committed to the trail",
            audit_queue.clone(),
        );
        Self { registry, requests, latency, pool_size, pool_idle, pool_max, audit_queue }
    }

    fn observe(&self, labels: RouteLabels, seconds: f64) {
        self.latency.get_or_create(&labels).observe(seconds);
        self.requests.get_or_create(&labels).inc();
    }

    fn set_pool(&self, database: &'static str, store: &dyn Store) {
        let status = store.pool_status();
        let labels = PoolLabels { database };
        self.pool_size.get_or_create(&labels).set(i64::from(status.size));
        self.pool_idle.get_or_create(&labels).set(i64::from(status.idle));
        self.pool_max.get_or_create(&labels).set(i64::from(status.max));
    }

    /// The text exposition, with the gauges read from the stores now.
    pub fn render(&self, state: &AppState) -> Result<String, std::fmt::Error> {
        self.set_pool("primary", &*state.store);
        if let Some(replica) = &state.read_store {
            self.set_pool(state.read_store_name, &**replica);
        }
        self.audit_queue.set(i64::try_from(state.store.audit_queue_depth()).unwrap_or(i64::MAX));
        let mut text = String::new();
        encode(&mut text, &self.registry)?;
        Ok(text)
    }
}

/// The method as a label: the standard ones by name, anything else `OTHER` (a client cannot mint labels).
fn method_label(method: &Method) -> &'static str {
    const KNOWN: [(Method, &str); 7] = [
        (Method::GET, "GET"),
        (Method::POST, "POST"),
        (Method::PUT, "PUT"),
        (Method::PATCH, "PATCH"),
        (Method::DELETE, "DELETE"),
        (Method::HEAD, "HEAD"),
        (Method::OPTIONS, "OPTIONS"),
    ];
    KNOWN.iter().find(|(m, _)| m == method).map_or("OTHER", |(_, name)| *name)
}

fn status_class(status: u16) -> &'static str {
    match status / 100 {
        1 => "1xx",
        2 => "2xx",
        3 => "3xx",
        4 => "4xx",
        _ => "5xx",
    }
}

/// The layer (added with `Router::layer`, so it runs after routing and sees the matched route): counts and
/// times every request.
pub async fn record(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = method_label(req.method());
    let route = req.extensions().get::<MatchedPath>().map_or_else(|| UNMATCHED.to_owned(), |p| p.as_str().to_owned());
    let response = next.run(req).await;
    let labels = RouteLabels { method, route, status: status_class(response.status().as_u16()) };
    state.metrics.observe(labels, started.elapsed().as_secs_f64());
    response
}

/// The metrics listener's only route: `GET /metrics`.
pub fn router(state: AppState) -> Router {
    Router::new().route("/metrics", get(scrape)).with_state(state)
}

async fn scrape(State(state): State<AppState>) -> Response {
    match state.metrics.render(&state) {
        Ok(text) => ([(header::CONTENT_TYPE, "application/openmetrics-text; version=1.0.0; charset=utf-8")], text)
            .into_response(),
        Err(_) => ApiError::internal("metrics encoding").into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_method_outside_the_standard_ones_is_other_and_statuses_are_classes() {
        assert_eq!(method_label(&Method::GET), "GET");
        assert_eq!(method_label(&Method::from_bytes(b"BREW").unwrap()), "OTHER");
        assert_eq!(status_class(200), "2xx");
        assert_eq!(status_class(404), "4xx");
        assert_eq!(status_class(503), "5xx");
    }
}
