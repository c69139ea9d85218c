//! Penetration test, medium: break-glass without limits (20 out-of-hub cases opened in 0.1 s with the reason
//! "aaaaaaaaaaaaaaa"; no rate, no alert, no paging, no revocation; a token's grant usable by the browser
//! session). A reason in words, a rate per person with `Retry-After`, unusual grants alerted and flagged,
//! a paged review, revocation, and a grant bound to the credential that asked.

use axum::http::{Method, StatusCode};
use lekhotla_domain::OrgId;
use lekhotla_identity::Role;
use serde_json::json;
use time::OffsetDateTime;
use time::macros::datetime;

use crate::support::{App, PASSWORD, Reply};

/// Friday noon in Maseru: within working hours.
const NOW: OffsetDateTime = datetime!(2026-11-20 10:00 UTC);
const REASON: &str = "victim arrived at our shelter at night, injured";

struct Worker {
    id: lekhotla_storage::UserId,
    bearer: String,
}

async fn shelter_worker(app: &App, name: &str) -> Worker {
    let shelter: OrgId = app.shelter().parse().unwrap();
    let (user, _) = app.user_at(name, &[Role::CaseWorker], shelter, None).await;
    Worker { id: user.id, bearer: format!("Bearer {}", app.token_of(&user).await) }
}

async fn as_(app: &App, bearer: &str, method: Method, path: &str, body: Option<serde_json::Value>) -> Reply {
    app.call(method, path, body, &[("authorization", bearer)]).await
}

async fn break_glass(app: &App, bearer: &str, case: &str, reason: &str) -> Reply {
    as_(app, bearer, Method::POST, &format!("/api/v1/cases/{case}/break-glass"), Some(json!({"reason": reason}))).await
}

#[tokio::test]
async fn a_reason_names_a_case_related_purpose_in_words() {
    let app = App::at(NOW).await;
    let case = app.new_case().await.id();
    let worker = shelter_worker(&app, "words.worker").await;
    for bad in ["aaaaaaaaaaaaaaa", "test test test test test", "urgent: need it"] {
        let r = break_glass(&app, &worker.bearer, &case, bad).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}: {}", r.text);
        assert_eq!(r.json["error"]["fields"][0]["field"], "reason", "{}", r.text);
        assert!(r.text.contains("purpose"), "{}", r.text);
    }
    assert_eq!(break_glass(&app, &worker.bearer, &case, REASON).await.status, StatusCode::CREATED);
}

#[tokio::test]
async fn a_person_is_rated_and_unusual_use_alerts_the_coordinator() {
    let app = App::at(NOW).await;
    let worker = shelter_worker(&app, "burst.worker").await;
    let mut cases = Vec::new();
    for _ in 0..5 {
        cases.push(app.new_case().await.id());
    }
    for (i, case) in cases.iter().take(3).enumerate() {
        let r = break_glass(&app, &worker.bearer, case, REASON).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        assert_eq!(r.json["unusual"].is_null(), i < 2, "the third in a day is unusual: {}", r.text);
    }
    let limited = break_glass(&app, &worker.bearer, &cases[3], REASON).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS, "{}", limited.text);
    assert_eq!(limited.headers["retry-after"], "3600");
    assert_eq!(limited.json["error"]["code"], "rate_limited");
    let read = as_(&app, &worker.bearer, Method::GET, &format!("/api/v1/cases/{}", cases[3]), None).await;
    assert_eq!(read.status, StatusCode::NOT_FOUND, "a refused grant opens nothing");

    // The alert: an audit entry of its own, and the grant flagged in the coordinator's review.
    let auditor = app.token_for("alert.auditor", &[Role::Auditor]).await;
    let alerts =
        as_(&app, &format!("Bearer {auditor}"), Method::GET, "/api/v1/audit?action=break_glass.alert", None).await;
    assert_eq!(alerts.json["items"].as_array().unwrap().len(), 1, "{}", alerts.text);
    assert_eq!(alerts.json["items"][0]["actor"], format!("user/{}", worker.id));
    let flagged = app.get("/api/v1/break-glass?unusual=true").await;
    assert_eq!(flagged.status, StatusCode::OK, "{}", flagged.text);
    assert_eq!(flagged.json["total"], 1);
    assert!(flagged.json["items"][0]["unusual"].as_str().unwrap().contains("24 hours"), "{}", flagged.text);

    // Outside working hours, even the first grant of a day alerts.
    let night = app.router_at(datetime!(2026-11-20 21:30 UTC));
    let other = shelter_worker(&app, "night.worker").await;
    let req = crate::support::request(
        Method::POST,
        &format!("/api/v1/cases/{}/break-glass", cases[4]),
        Some(json!({"reason": REASON})),
        &[("authorization", &other.bearer)],
    );
    let r = crate::support::send(night, req).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.json["unusual"], "outside working hours");
}

#[tokio::test]
async fn the_review_is_paged_with_its_total() {
    let app = App::at(NOW).await;
    for n in 0..3 {
        let worker = shelter_worker(&app, &format!("page.worker{n}")).await;
        let case = app.new_case().await.id();
        assert_eq!(break_glass(&app, &worker.bearer, &case, REASON).await.status, StatusCode::CREATED);
    }
    let first = app.get("/api/v1/break-glass?limit=2").await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    assert_eq!((first.json["total"].as_u64(), first.json["items"].as_array().unwrap().len()), (Some(3), 2));
    let second = app.get("/api/v1/break-glass?limit=2&offset=2").await;
    assert_eq!(second.json["items"].as_array().unwrap().len(), 1);
    assert_ne!(second.json["items"][0]["id"], first.json["items"][0]["id"]);
    assert_eq!(app.get("/api/v1/break-glass?limit=0").await.status, StatusCode::BAD_REQUEST);
    assert_eq!(first.json["items"][0]["credential"].as_str().unwrap().split('/').next(), Some("token"));
}

#[tokio::test]
async fn a_grant_is_revoked_by_its_grantee_or_the_coordinator_only() {
    let app = App::at(NOW).await;
    let case = app.new_case().await.id();
    let c = format!("/api/v1/cases/{case}");
    let worker = shelter_worker(&app, "revoke.worker").await;
    let stranger = shelter_worker(&app, "revoke.stranger").await;
    let grant = break_glass(&app, &worker.bearer, &case, REASON).await;
    let revoke = format!("/api/v1/break-glass/{}/revoke", grant.json["id"].as_str().unwrap());
    assert_eq!(as_(&app, &worker.bearer, Method::GET, &c, None).await.status, StatusCode::OK);
    let refused = as_(&app, &stranger.bearer, Method::POST, &revoke, None).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND, "another person's grant does not exist to them");
    let done = as_(&app, &worker.bearer, Method::POST, &revoke, None).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    assert_eq!(
        (done.json["live"].as_bool(), done.json["revoked_by"].clone()),
        (Some(false), json!(format!("user/{}", worker.id)))
    );
    assert_eq!(as_(&app, &worker.bearer, Method::GET, &c, None).await.status, StatusCode::NOT_FOUND, "revoked");

    // The national coordinator revokes another's grant; the trail records it.
    let again = break_glass(&app, &worker.bearer, &case, REASON).await;
    let by_coordinator =
        app.post(&format!("/api/v1/break-glass/{}/revoke", again.json["id"].as_str().unwrap()), json!(null)).await;
    assert_eq!(by_coordinator.status, StatusCode::OK, "{}", by_coordinator.text);
    assert_eq!(as_(&app, &worker.bearer, Method::GET, &c, None).await.status, StatusCode::NOT_FOUND);
    let auditor = app.token_for("revoke.auditor", &[Role::Auditor]).await;
    let trail =
        as_(&app, &format!("Bearer {auditor}"), Method::GET, "/api/v1/audit?action=break_glass.revoke", None).await;
    assert_eq!(trail.json["items"].as_array().unwrap().len(), 2, "{}", trail.text);
}

#[tokio::test]
async fn a_grant_admits_only_the_credential_that_asked() {
    let app = App::at(NOW).await;
    let case = app.new_case().await.id();
    let c = format!("/api/v1/cases/{case}");
    let shelter: OrgId = app.shelter().parse().unwrap();
    let (user, secret) = app.user_at("bound.worker", &[Role::CaseWorker], shelter, None).await;
    let token = format!("Bearer {}", app.token_of(&user).await);
    let code = secret.unwrap().code_at(u64::try_from(NOW.unix_timestamp()).unwrap());
    let signed = app
        .anonymous(
            Method::POST,
            "/api/v1/session",
            Some(json!({"username": "bound.worker", "password": PASSWORD, "code": code})),
        )
        .await;
    assert_eq!(signed.status, StatusCode::CREATED, "{}", signed.text);
    let cookie = format!("lekhotla_session={}", signed.json["token"].as_str().unwrap());

    assert_eq!(break_glass(&app, &token, &case, REASON).await.status, StatusCode::CREATED);
    assert_eq!(as_(&app, &token, Method::GET, &c, None).await.status, StatusCode::OK, "the token that asked");
    let by_cookie = app.call(Method::GET, &c, None, &[("cookie", &cookie)]).await;
    assert_eq!(by_cookie.status, StatusCode::NOT_FOUND, "the token's grant does not open the browser session");
    let second_token = format!("Bearer {}", app.token_of(&user).await);
    assert_eq!(
        as_(&app, &second_token, Method::GET, &c, None).await.status,
        StatusCode::NOT_FOUND,
        "nor another token"
    );

    // And the reverse: the session's own grant opens the case to the session only.
    let other = app.new_case().await.id();
    let asked = app
        .call(
            Method::POST,
            &format!("/api/v1/cases/{other}/break-glass"),
            Some(json!({"reason": REASON})),
            &[("cookie", &cookie), ("sec-fetch-site", "same-origin")],
        )
        .await;
    assert_eq!(asked.status, StatusCode::CREATED, "{}", asked.text);
    let o = format!("/api/v1/cases/{other}");
    assert_eq!(app.call(Method::GET, &o, None, &[("cookie", &cookie)]).await.status, StatusCode::OK);
    assert_eq!(as_(&app, &token, Method::GET, &o, None).await.status, StatusCode::NOT_FOUND);
}
