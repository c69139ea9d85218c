//! Operations: the probes (`/livez`, `/readyz`, `/healthz`), the metrics (counted by route template, served
//! only by the metrics router), the read store that lists and reports use, and the drain at shutdown (a slow
//! request in flight when the signal comes still gets its 200; one slower than the grace period is cut off).

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::{Method, StatusCode};
use axum::routing::get;
use lekhotla_storage::{AuditTrail, KeyStore, Store};
use lekhotla_storage_sqlite::{OpenMode, SqliteStore};
use lekhotla_web::lifecycle::Lifecycle;
use lekhotla_web::{AppState, Clock};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, oneshot};

use crate::support::{App, note, request, send};

/// The state the test's app serves, to reach its metrics and phase.
fn state_of(app: &App) -> AppState {
    AppState::new(app.store.clone(), app.geography.clone(), Clock::system(), app.keyring.clone())
}

#[tokio::test]
async fn liveness_asks_nothing_readiness_checks_the_database_and_says_no_while_draining() {
    let app = App::new().await;
    let state = state_of(&app);
    let router = lekhotla_web::router(state.clone());
    let live = send(router.clone(), request(Method::GET, "/livez", None, &[])).await;
    assert_eq!((live.status, live.json["status"].as_str()), (StatusCode::OK, Some("ok")));
    let ready = send(router.clone(), request(Method::GET, "/readyz", None, &[])).await;
    assert_eq!(ready.status, StatusCode::OK, "{}", ready.text);
    assert_eq!(ready.json["checks"]["database"], "ok");
    let health = send(router.clone(), request(Method::GET, "/healthz", None, &[])).await;
    assert_eq!(health.status, StatusCode::OK, "the old probe keeps working");

    state.lifecycle.drain();
    let draining = send(router.clone(), request(Method::GET, "/readyz", None, &[])).await;
    assert_eq!(draining.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(draining.json["status"], "draining");
    assert_eq!(draining.headers["retry-after"], "5");
    let live = send(router, request(Method::GET, "/livez", None, &[])).await;
    assert_eq!(live.status, StatusCode::OK, "a draining process is still alive");
}

#[tokio::test]
async fn while_starting_the_server_is_alive_but_not_ready() {
    let starting = lekhotla_web::starting_router();
    assert_eq!(send(starting.clone(), request(Method::GET, "/livez", None, &[])).await.status, StatusCode::OK);
    let ready = send(starting.clone(), request(Method::GET, "/readyz", None, &[])).await;
    assert_eq!((ready.status, ready.json["status"].as_str()), (StatusCode::SERVICE_UNAVAILABLE, Some("starting")));
    let page = send(starting, request(Method::GET, "/api/v1/cases", None, &[])).await;
    assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn the_metrics_count_requests_by_route_template_and_show_the_pool_and_audit_queue() {
    let app = App::new().await;
    let state = state_of(&app);
    let router = lekhotla_web::router(state.clone());
    let case = app.new_case().await.id();
    let bearer = format!("Bearer {}", app.token);
    for _ in 0..2 {
        let r = send(
            router.clone(),
            request(Method::GET, &format!("/api/v1/cases/{case}"), None, &[("authorization", &bearer)]),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    }
    send(router.clone(), request(Method::GET, "/nowhere/at/all", None, &[])).await;

    let scrape = send(lekhotla_web::metrics::router(state), request(Method::GET, "/metrics", None, &[])).await;
    assert_eq!(scrape.status, StatusCode::OK);
    let text = scrape.text;
    assert!(
        text.contains(r#"lekhotla_http_requests_total{method="GET",route="/api/v1/cases/{case}",status="2xx"} 2"#),
        "{text}"
    );
    assert!(
        text.contains(
            r#"lekhotla_http_request_duration_seconds_count{method="GET",route="/api/v1/cases/{case}",status="2xx"} 2"#
        ),
        "{text}"
    );
    assert!(text.contains(r#"lekhotla_http_requests_total{method="GET",route="unmatched",status="4xx"} 1"#), "{text}");
    assert!(!text.contains(&case), "an id became a label: {text}");
    assert!(!text.contains("/nowhere"), "a raw path became a label: {text}");
    assert!(text.contains(r#"lekhotla_db_pool_max_connections{database="primary"} 4"#), "{text}");
    assert!(text.contains(r#"lekhotla_db_pool_connections{database="primary"}"#), "{text}");
    assert!(text.contains("lekhotla_audit_queue_depth 0"), "{text}");
    assert!(text.trim_end().ends_with("# EOF"), "{text}");
}

#[tokio::test]
async fn the_public_router_has_no_metrics() {
    let app = App::new().await;
    app.get("/api/v1/cases").await;
    for r in [app.get("/metrics").await, app.anonymous(Method::GET, "/metrics", None).await] {
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert!(!r.text.contains("lekhotla_http_requests"), "{}", r.text);
    }
}

#[tokio::test]
async fn lists_and_reports_read_the_read_store_and_audit_on_the_primary() {
    let app = App::new().await;
    let case = app.new_case().await.id();
    // A second registry standing in for a replica that has not caught up: empty of cases.
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("replica.db").display());
    let replica = Arc::new(SqliteStore::open(&url, OpenMode::CreateIfMissing).await.unwrap());
    replica.load_geography(&app.geography, note()).await.unwrap();
    replica.use_keyring(app.keyring.clone());
    let replica_entries = replica.audit_entries_after(0, 1000).await.unwrap().len();
    let primary_entries = app.store.audit_entries_after(0, 100_000).await.unwrap().len();
    let router = lekhotla_web::router(state_of(&app).with_read_store(replica.clone(), "replica"));
    let bearer = format!("Bearer {}", app.token);
    let get = |path: String| send(router.clone(), request(Method::GET, &path, None, &[("authorization", &bearer)]));

    let list = get("/api/v1/cases".into()).await;
    assert_eq!((list.status, list.json["total"].as_u64()), (StatusCode::OK, Some(0)), "{}", list.text);
    let one = get(format!("/api/v1/cases/{case}")).await;
    assert_eq!(one.status, StatusCode::OK, "a single case is read from the primary: {}", one.text);
    let report = get("/api/v1/reports/tip?period=tip-2025".into()).await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.text);
    assert_eq!(replica.audit_entries_after(0, 1000).await.unwrap().len(), replica_entries, "nothing written there");
    assert!(app.store.audit_entries_after(0, 100_000).await.unwrap().len() > primary_entries, "audited on the primary");
}

/// A server on a loopback port with one more route, `/slow`, that tells the test when it has started and
/// answers 200 after `delay`.
async fn slow_server(
    app: &App,
    delay: Duration,
    grace: Duration,
) -> (String, mpsc::Receiver<()>, oneshot::Sender<()>, Lifecycle, tokio::task::JoinHandle<std::io::Result<()>>) {
    let (entered, entered_rx) = mpsc::channel::<()>(4);
    let slow = Router::new().route(
        "/slow",
        get(move || {
            let entered = entered.clone();
            async move {
                let _ = entered.send(()).await;
                tokio::time::sleep(delay).await;
                "finished"
            }
        }),
    );
    let state = state_of(app);
    let lifecycle = state.lifecycle.clone();
    let router = lekhotla_web::router(state).merge(slow);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(lekhotla_web::serve_app(
        listener,
        router,
        lifecycle.clone(),
        async move {
            let _ = stopped.await;
        },
        grace,
    ));
    (addr, entered_rx, stop, lifecycle, server)
}

/// Sends `GET path` over a fresh connection and reads the whole answer (the server closes it).
async fn http_get(addr: &str, path: &str) -> std::io::Result<String> {
    let mut stream = TcpStream::connect(addr).await?;
    stream.write_all(format!("GET {path} HTTP/1.1\r\nHost: lekhotla.test\r\n\r\n").as_bytes()).await?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await?;
    Ok(String::from_utf8_lossy(&answer).into_owned())
}

#[tokio::test]
async fn a_request_in_flight_when_the_signal_comes_finishes_with_200() {
    let app = App::new().await;
    let (addr, mut entered, stop, lifecycle, server) =
        slow_server(&app, Duration::from_millis(800), Duration::from_secs(10)).await;
    let client = tokio::spawn({
        let addr = addr.clone();
        async move { http_get(&addr, "/slow").await }
    });
    entered.recv().await.unwrap();
    stop.send(()).unwrap();
    let answer = tokio::time::timeout(Duration::from_secs(10), client).await.unwrap().unwrap().unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.ends_with("finished"), "{answer}");
    assert!(lifecycle.is_draining(), "readiness says no once the signal came");
    tokio::time::timeout(Duration::from_secs(5), server).await.unwrap().unwrap().unwrap();
    assert!(TcpStream::connect(&addr).await.is_err(), "no new connection once drained");
}

#[tokio::test]
async fn a_request_slower_than_the_grace_period_is_cut_off() {
    let app = App::new().await;
    let (addr, mut entered, stop, _lifecycle, server) =
        slow_server(&app, Duration::from_secs(60), Duration::from_millis(300)).await;
    let client = tokio::spawn(async move { http_get(&addr, "/slow").await });
    entered.recv().await.unwrap();
    let signalled = std::time::Instant::now();
    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(5), server)
        .await
        .expect("the grace period bounds the drain")
        .unwrap()
        .unwrap();
    assert!(signalled.elapsed() >= Duration::from_millis(300), "the grace period was not given");
    drop(client);
}
