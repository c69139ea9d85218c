//! What the browser and the wire are told: nothing with personal data is cached, HSTS and a `__Host-`
//! session cookie behind HTTPS, a cookie that dies with the browser, 405 with `Allow` for a wrong
//! method, and a request id that is always the server's own.

use std::sync::{Arc, Mutex};

use axum::http::{Method, StatusCode};
use lekhotla_identity::Role;
use lekhotla_web::{AppState, Clock};
use serde_json::json;
use time::OffsetDateTime;
use time::macros::datetime;

use crate::support::{App, PASSWORD, Reply, request, send};

const NOW: OffsetDateTime = datetime!(2026-11-20 10:00 UTC);

/// The same registry served as `serve --secure-cookies` serves it (behind HTTPS).
fn https(app: &App) -> axum::Router {
    let state = AppState::new(app.store.clone(), app.geography.clone(), Clock::fixed(NOW), app.keyring.clone())
        .with_secure_cookies(true);
    lekhotla_web::router(state)
}

async fn sign_in(router: axum::Router, username: &str) -> Reply {
    let body = json!({"username": username, "password": PASSWORD});
    send(router, request(Method::POST, "/api/v1/session", Some(body), &[])).await
}

#[tokio::test]
async fn nothing_with_personal_data_is_kept_by_a_cache_but_the_static_files_may_be() {
    let app = App::at(NOW).await;
    let kase = app.new_case().await.id();
    app.created(&format!("/api/v1/cases/{kase}/victims"), crate::support::victim("Canary-Cache", "1990-01-01")).await;
    app.user("lineo.analyst", &[Role::DataAnalyst]).await;
    let session = sign_in(app.router.clone(), "lineo.analyst").await;
    assert_eq!(session.status, StatusCode::CREATED);
    let cookie = format!("lekhotla_session={}", session.json["token"].as_str().unwrap());
    let mut replies: Vec<(String, Reply)> = vec![("POST /api/v1/session".into(), session)];
    for path in [
        format!("/api/v1/cases/{kase}"),
        "/api/v1/cases".into(),
        "/api/v1/referrals".into(),
        "/api/v1/organisations".into(),
        "/api/v1/geography".into(),
        "/api/v1/audit".into(),
        "/api/v1/break-glass".into(),
        "/api/v1/session".into(),
        "/api/v1/openapi.json".into(),
        "/api/v1/nowhere".into(),
        "/nowhere".into(),
        "/healthz".into(),
    ] {
        replies.push((format!("GET {path}"), app.get(&path).await));
    }
    for path in ["/", "/login"] {
        replies.push((format!("page {path}"), app.call(Method::GET, path, None, &[("cookie", &cookie)]).await));
    }
    replies.push(("anonymous".into(), app.anonymous(Method::GET, "/api/v1/cases", None).await));
    for (what, r) in &replies {
        assert!(r.status != StatusCode::INTERNAL_SERVER_ERROR, "{what}: {}", r.text);
        assert_eq!(r.headers.get("cache-control").map(|v| v.to_str().unwrap()), Some("no-store"), "{what}");
    }
    for path in ["/static/app.css", "/static/htmx-2.0.11.min.js", "/favicon.ico"] {
        let r = app.anonymous(Method::GET, path, None).await;
        assert_eq!(r.headers["cache-control"], "public, max-age=3600", "{path}");
    }
}

#[tokio::test]
async fn behind_https_the_cookie_is_host_only_and_secure_and_hsts_is_sent() {
    let app = App::at(NOW).await;
    app.user("teboho.analyst", &[Role::DataAnalyst]).await;
    let r = sign_in(https(&app), "teboho.analyst").await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let token = r.json["token"].as_str().unwrap();
    let cookie = r.headers["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with(&format!("__Host-lekhotla_session={token};")), "{cookie}");
    assert!(cookie.contains("; Secure") && cookie.contains("Path=/") && !cookie.contains("Domain"), "{cookie}");
    assert!(!cookie.contains("Max-Age"), "a session cookie, forgotten when the browser closes: {cookie}");
    assert_eq!(r.headers["strict-transport-security"], "max-age=31536000");

    let me = |c: String| send(https(&app), request(Method::GET, "/api/v1/session", None, &[("cookie", &c)]));
    assert_eq!(me(format!("__Host-lekhotla_session={token}")).await.status, StatusCode::OK);
    assert_eq!(
        me(format!("lekhotla_session={token}")).await.status,
        StatusCode::UNAUTHORIZED,
        "behind HTTPS the unprefixed name (which another host could plant) is not read"
    );
    let out = send(
        https(&app),
        request(
            Method::DELETE,
            "/api/v1/session",
            None,
            &[("cookie", &format!("__Host-lekhotla_session={token}")), ("sec-fetch-site", "same-origin")],
        ),
    )
    .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT, "{}", out.text);
    assert!(out.headers["set-cookie"].to_str().unwrap().starts_with("__Host-lekhotla_session=; "));
}

#[tokio::test]
async fn over_plain_http_the_cookie_has_no_prefix_no_max_age_and_there_is_no_hsts() {
    let app = App::at(NOW).await;
    app.user("puleng.analyst", &[Role::DataAnalyst]).await;
    let r = sign_in(app.router.clone(), "puleng.analyst").await;
    let cookie = r.headers["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("lekhotla_session=") && !cookie.contains("Secure"), "{cookie}");
    assert!(!cookie.contains("Max-Age"), "{cookie}");
    assert!(r.headers.get("strict-transport-security").is_none());
}

#[tokio::test]
async fn a_wrong_method_is_405_with_allow_and_logged_below_error() {
    let app = App::at(NOW).await;
    let lines = Arc::new(Mutex::new(Vec::<u8>::new()));
    let sink = lines.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || Writer(sink.clone()))
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let r = app.call(Method::PUT, "/api/v1/cases", Some(json!({})), &[]).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{}", r.text);
    assert_eq!(r.headers["allow"], "GET, POST, HEAD");
    assert_eq!(r.json["error"]["code"], "method_not_allowed");
    let r = app.call(Method::DELETE, "/login", None, &[]).await;
    assert_eq!((r.status, r.headers["allow"].to_str().unwrap()), (StatusCode::METHOD_NOT_ALLOWED, "GET, POST, HEAD"));
    let log = String::from_utf8(lines.lock().unwrap().clone()).unwrap();
    assert!(log.contains("method not allowed"), "{log}");
    assert!(!log.contains("ERROR"), "{log}");
}

#[tokio::test]
async fn the_request_id_is_always_the_servers_own() {
    let app = App::at(NOW).await;
    let chosen = "00000000-0000-4000-8000-000000000000";
    for path in ["/api/v1/cases", "/healthz"] {
        let r = app.call(Method::GET, path, None, &[("x-request-id", chosen)]).await;
        let id = r.headers["x-request-id"].to_str().unwrap();
        assert_eq!(id.len(), 36, "{path}");
        assert_ne!(id, chosen, "{path}: a client cannot choose the id its request is logged under");
    }
}

/// A log sink for the test's subscriber.
struct Writer(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Writer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
