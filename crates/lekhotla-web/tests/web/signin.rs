//! Signing in and out through the API and the sign-in page: passwords, TOTP (single use), recovery
//! codes, one answer for every failure, throttling, session expiry, the cookie and the audit trail.

use axum::http::{Method, StatusCode};
use lekhotla_identity::Role;
use serde_json::{Value, json};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use crate::support::{App, PASSWORD, Reply, request, send};

/// The registry's fixed clock in these tests.
const NOW: OffsetDateTime = datetime!(2026-11-20 10:00 UTC);

fn code_at(secret: &lekhotla_identity::TotpSecret, at: OffsetDateTime) -> String {
    secret.code_at(u64::try_from(at.unix_timestamp()).unwrap())
}

async fn sign_in(app: &App, body: Value) -> Reply {
    app.anonymous(Method::POST, "/api/v1/session", Some(body)).await
}

#[tokio::test]
async fn password_and_a_fresh_code_open_a_session_that_signing_out_ends() {
    let app = App::at(NOW).await;
    let (_, secret) = app.user("mpho.investigator", &[Role::Investigator]).await;
    let code = code_at(secret.as_ref().unwrap(), NOW);
    let r = sign_in(&app, json!({"username": "mpho.investigator", "password": PASSWORD, "code": code})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let token = r.json["token"].as_str().unwrap().to_owned();
    assert_eq!(token.len(), 43, "256 random bits, base64url");
    assert_eq!(r.json["actor"]["roles"], json!(["investigator"]));
    let cookie = r.headers["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with(&format!("lekhotla_session={token};")), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");

    let bearer = format!("Bearer {token}");
    let me = app.call(Method::GET, "/api/v1/session", None, &[("authorization", &bearer)]).await;
    assert_eq!(me.json["username"], "mpho.investigator");
    let by_cookie = format!("lekhotla_session={token}");
    let cases = app.call(Method::GET, "/api/v1/cases", None, &[("cookie", &by_cookie)]).await;
    assert_eq!(cases.status, StatusCode::OK);

    // The same code again: refused (a TOTP is usable once), with the one answer for every failure.
    let again = sign_in(&app, json!({"username": "mpho.investigator", "password": PASSWORD, "code": code})).await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);
    assert_eq!(again.json["error"]["code"], "sign_in_failed");

    let out = app.call(Method::DELETE, "/api/v1/session", None, &[("authorization", &bearer)]).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let dead = app.call(Method::GET, "/api/v1/session", None, &[("authorization", &bearer)]).await;
    assert_eq!(dead.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn every_failure_gets_the_same_answer_and_is_audited() {
    let app = App::at(NOW).await;
    let (_, secret) = app.user("palesa.prosecutor", &[Role::Prosecutor]).await;
    let good_code = code_at(secret.as_ref().unwrap(), NOW);
    let attempts = [
        json!({"username": "nobody.here", "password": PASSWORD, "code": good_code}),
        json!({"username": "palesa.prosecutor", "password": "not the password", "code": good_code}),
        json!({"username": "palesa.prosecutor", "password": PASSWORD}),
        json!({"username": "palesa.prosecutor", "password": PASSWORD, "code": "000000"}),
        json!({"username": "palesa.prosecutor", "password": PASSWORD, "code": "not-a-recovery-code"}),
    ];
    let mut bodies = Vec::new();
    for a in attempts {
        let r = sign_in(&app, a).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.text);
        bodies.push(r.json["error"].clone());
    }
    assert!(bodies.windows(2).all(|w| w[0] == w[1]), "one answer for all: {bodies:?}");
    let auditor = app.token_for("audit.officer", &[Role::Auditor]).await;
    let trail = app
        .call(
            Method::GET,
            "/api/v1/audit?action=login.failure",
            None,
            &[("authorization", &format!("Bearer {auditor}"))],
        )
        .await;
    assert_eq!(trail.status, StatusCode::OK, "{}", trail.text);
    let reasons: Vec<&str> =
        trail.json["items"].as_array().unwrap().iter().map(|e| e["fields"][0].as_str().unwrap()).collect();
    assert_eq!(reasons, ["code-used-or-unknown", "code", "code-missing", "password", "unknown-user"]);
    assert!(!trail.text.contains(PASSWORD), "no password reaches the trail");
}

#[tokio::test]
async fn roles_without_case_content_sign_in_without_a_code_and_a_recovery_code_works_once() {
    let app = App::at(NOW).await;
    app.user("thandi.analyst", &[Role::DataAnalyst]).await;
    let r = sign_in(&app, json!({"username": "Thandi.Analyst ", "password": PASSWORD})).await;
    assert_eq!(r.status, StatusCode::CREATED, "usernames are matched case-insensitively: {}", r.text);
    assert_eq!(r.json["actor"]["permissions"], json!(["read-statistics", "read-reference", "session"]));

    let (user, _) = app.user("lineo.worker", &[Role::CaseWorker]).await;
    let (codes, hashes) = lekhotla_identity::RecoveryCodes::generate(2).unwrap();
    // Recovery codes are stored with the account; this test adds them through a second account row.
    let mut twin = user.clone();
    twin.id = lekhotla_storage::UserId(uuid::Uuid::now_v7());
    twin.username = lekhotla_identity::Username::parse("lineo.worker2").unwrap();
    app.store.create_user(&twin, &hashes, crate::support::note()).await.unwrap();
    let spaced = codes[0].to_uppercase().replace('-', " ");
    let first = sign_in(&app, json!({"username": "lineo.worker2", "password": PASSWORD, "code": spaced})).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    let second = sign_in(&app, json!({"username": "lineo.worker2", "password": PASSWORD, "code": codes[0]})).await;
    assert_eq!(second.status, StatusCode::UNAUTHORIZED, "a recovery code works once");
}

#[tokio::test]
async fn repeated_failures_lock_the_account_for_a_while() {
    let app = App::at(NOW).await;
    app.user("rethabile.officer", &[Role::DataAnalyst]).await;
    for _ in 0..6 {
        let r = sign_in(&app, json!({"username": "rethabile.officer", "password": "wrong guess number"})).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let locked = sign_in(&app, json!({"username": "rethabile.officer", "password": PASSWORD})).await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS, "{}", locked.text);
    let wait: u64 = locked.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(wait > 60, "{wait}");
}

#[tokio::test]
async fn sessions_end_when_idle_too_long_and_when_the_user_is_disabled() {
    let app = App::at(NOW).await;
    let (user, _) = app.user("nthabiseng.analyst", &[Role::DataAnalyst]).await;
    let r = sign_in(&app, json!({"username": "nthabiseng.analyst", "password": PASSWORD})).await;
    let bearer = format!("Bearer {}", r.json["token"].as_str().unwrap());
    let me = |router: axum::Router| {
        let bearer = bearer.clone();
        async move {
            send(router, request(Method::GET, "/api/v1/session", None, &[("authorization", &bearer)])).await.status
        }
    };
    assert_eq!(me(app.router_at(NOW + Duration::minutes(29))).await, StatusCode::OK);
    assert_eq!(me(app.router_at(NOW + Duration::minutes(58))).await, StatusCode::OK, "activity keeps it alive");
    assert_eq!(me(app.router_at(NOW + Duration::minutes(89))).await, StatusCode::UNAUTHORIZED, "31 idle minutes");

    let again = sign_in(&app, json!({"username": "nthabiseng.analyst", "password": PASSWORD})).await;
    let bearer = format!("Bearer {}", again.json["token"].as_str().unwrap());
    app.store.disable_user(user.id, NOW, crate::support::note()).await.unwrap();
    let r = app.call(Method::GET, "/api/v1/session", None, &[("authorization", &bearer)]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let back = sign_in(&app, json!({"username": "nthabiseng.analyst", "password": PASSWORD})).await;
    assert_eq!(back.status, StatusCode::UNAUTHORIZED, "a disabled user cannot sign in");
}

#[tokio::test]
async fn the_sign_in_page_sets_the_cookie_and_pages_refuse_other_sites() {
    let app = App::at(NOW).await;
    app.user("ntate.analyst", &[Role::DataAnalyst]).await;
    let home = app.anonymous(Method::GET, "/dashboard", None).await;
    assert_eq!((home.status, home.headers["location"].to_str().unwrap()), (StatusCode::SEE_OTHER, "/login"));
    let form = app.anonymous(Method::GET, "/login", None).await;
    assert!(form.text.contains("name=\"password\""));
    let post = |body: &str| {
        let req = axum::http::Request::post("/login")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(axum::body::Body::from(body.to_owned()))
            .unwrap();
        send(app.router.clone(), req)
    };
    let wrong = post("username=ntate.analyst&password=wrong+pass+phrase&code=").await;
    assert_eq!(wrong.status, StatusCode::OK, "the form again, with the problem");
    assert!(wrong.text.contains("not right") && wrong.text.contains("value=\"ntate.analyst\""));
    let ok = post(&format!("username=ntate.analyst&password={}&code=", PASSWORD.replace(' ', "+"))).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text);
    assert_eq!(ok.headers["location"], "/work");
    let cookie = ok.headers["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    let page = app.call(Method::GET, "/dashboard", None, &[("cookie", &cookie)]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.text.contains("ntate.analyst") && page.text.contains("<h1>The registry in figures</h1>"),
        "{}",
        page.text
    );

    let forged = axum::http::Request::post("/logout")
        .header("cookie", &cookie)
        .header("host", "registry.example")
        .header("origin", "https://elsewhere.example")
        .body(axum::body::Body::empty())
        .unwrap();
    assert_eq!(send(app.router.clone(), forged).await.status, StatusCode::FORBIDDEN, "cross-site POST refused");
    let fetched = axum::http::Request::post("/logout")
        .header("cookie", &cookie)
        .header("sec-fetch-site", "cross-site")
        .body(axum::body::Body::empty())
        .unwrap();
    assert_eq!(send(app.router.clone(), fetched).await.status, StatusCode::FORBIDDEN, "by Sec-Fetch-Site too");
    let tokenless = axum::http::Request::post("/logout")
        .header("cookie", &cookie)
        .header("sec-fetch-site", "same-origin")
        .body(axum::body::Body::empty())
        .unwrap();
    assert_eq!(send(app.router.clone(), tokenless).await.status, StatusCode::FORBIDDEN, "no form token");
    let out = axum::http::Request::post("/logout")
        .header("cookie", &cookie)
        .header("sec-fetch-site", "same-origin")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from(format!("csrf={}", crate::support::csrf_of(&page.text))))
        .unwrap();
    let out = send(app.router.clone(), out).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(app.call(Method::GET, "/dashboard", None, &[("cookie", &cookie)]).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn revealing_sealed_fields_needs_a_second_factor_proved_in_the_last_five_minutes() {
    let app = App::at(NOW).await;
    let kase = app.new_case().await.id();
    let c = format!("/api/v1/cases/{kase}");
    app.created(&format!("{c}/victims"), crate::support::victim("Canary-Mosa", "1994-02-02")).await;
    let (_, secret) = app.user("mosa.coordinator", &[Role::NationalCoordinator]).await;
    let secret = secret.unwrap();
    let r = sign_in(&app, json!({"username": "mosa.coordinator", "password": PASSWORD, "code": code_at(&secret, NOW)}))
        .await;
    let bearer = format!("Bearer {}", r.json["token"].as_str().unwrap());
    let at = |minutes: i64, method: Method, path: &str, body: Option<Value>| {
        let router = app.router_at(NOW + Duration::minutes(minutes));
        let req = request(method, path, body, &[("authorization", &bearer)]);
        send(router, req)
    };
    let fresh = at(1, Method::GET, &c, None).await;
    assert_eq!(fresh.headers["x-lekhotla-sealed"], "revealed");
    assert_eq!(fresh.json["victims"][0]["person"]["first_name"], "Canary-Mosa");
    let stale = at(10, Method::GET, &c, None).await;
    assert_eq!(stale.status, StatusCode::OK);
    assert_eq!(stale.headers["x-lekhotla-sealed"], "step-up-required");
    assert!(!stale.text.contains("Canary-Mosa"), "{}", stale.text);

    let code = code_at(&secret, NOW + Duration::minutes(10));
    let up = at(10, Method::POST, "/api/v1/session/step-up", Some(json!({"code": code}))).await;
    assert_eq!(up.status, StatusCode::NO_CONTENT, "{}", up.text);
    let again = at(11, Method::GET, &c, None).await;
    assert_eq!(again.json["victims"][0]["person"]["first_name"], "Canary-Mosa");
    let replay = at(11, Method::POST, "/api/v1/session/step-up", Some(json!({"code": code}))).await;
    assert_eq!(replay.status, StatusCode::UNAUTHORIZED, "a code steps up once");
    let token = at(11, Method::POST, "/api/v1/session/step-up", Some(json!({"code": "123456"}))).await;
    assert_eq!(token.status, StatusCode::UNAUTHORIZED);
}
