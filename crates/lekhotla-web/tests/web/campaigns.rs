//! Awareness campaigns through the API: recorded by the organisation that led it (201, its Location reads it
//! back), refused for another organisation (403) and with every bad field named (422); a change needs the
//! version read (412 when stale); an analyst has no access; the TIP report counts them by place.

use axum::http::{Method, StatusCode};
use lekhotla_identity::Role;
use serde_json::json;

use crate::support::App;

fn welkom(org: &str) -> serde_json::Value {
    json!({
        "title": "Know before you go", "organisation": org, "country": "ZA", "town": "Welkom",
        "audience": "MigrantWorkers", "channels": ["Gathering"], "started_on": "2025-09-12", "reach": 420
    })
}

#[tokio::test]
async fn a_campaign_is_recorded_changed_and_counted() {
    let app = App::new().await;
    let police = app.police();
    let (officer, _) = app.user("campaign.officer", &[Role::Investigator]).await;
    let token = app.token_of(&officer).await;
    let bearer = format!("Bearer {token}");
    let auth = [("authorization", bearer.as_str())];

    // The officer's own organisation: recorded; its Location reads it back.
    let r = app.call(Method::POST, "/api/v1/campaigns", Some(welkom(&police)), &auth).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let location = r.headers["location"].to_str().unwrap().to_owned();
    let back = app.call(Method::GET, &location, None, &auth).await;
    assert_eq!(back.status, StatusCode::OK, "{}", back.text);
    assert_eq!(back.json["town"], "Welkom");
    assert_eq!(back.etag(), "\"1\"");

    // Another organisation's: refused, and nothing written.
    let shelter = app.shelter();
    let r = app.call(Method::POST, "/api/v1/campaigns", Some(welkom(&shelter)), &auth).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);

    // Every bad field named.
    let mut bad = welkom(&police);
    bad["town"] = json!(null);
    bad["district"] = json!("LS-C");
    bad["started_on"] = json!("2031-01-01");
    let r = app.call(Method::POST, "/api/v1/campaigns", Some(bad), &auth).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    let fields: Vec<&str> =
        r.json["error"]["fields"].as_array().unwrap().iter().map(|d| d["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["district", "town", "started_on"], "{}", r.text);

    // A change needs the version read.
    let r = app.call(Method::PATCH, &location, Some(json!({"reach": 450})), &[auth[0], ("if-match", "\"1\"")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json["reach"], 450);
    let r = app.call(Method::PATCH, &location, Some(json!({"reach": 460})), &[auth[0], ("if-match", "\"1\"")]).await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED, "{}", r.text);
    assert_eq!(app.call(Method::GET, &location, None, &auth).await.json["reach"], 450);

    // The analyst sees numbers only: no campaign list, but the report's count.
    let analyst = app.token_for("campaign.analyst", &[Role::DataAnalyst]).await;
    let bearer = format!("Bearer {analyst}");
    let r = app.call(Method::GET, "/api/v1/campaigns", None, &[("authorization", bearer.as_str())]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
    let r = app.get("/api/v1/reports/tip?period=2025-04-01..2026-03-31&level=unsuppressed").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let text = r.text;
    assert!(text.contains("prevention.campaigns") && text.contains("Abroad: South Africa"), "{text}");

    // The list, by year and district.
    let r = app.get("/api/v1/campaigns?from=2025-04-01&to=2026-03-31").await;
    assert_eq!(r.json["items"].as_array().unwrap().len(), 1, "{}", r.text);
    let r = app.get("/api/v1/campaigns?district=LS-C").await;
    assert_eq!(r.json["items"].as_array().unwrap().len(), 0, "{}", r.text);
    assert_eq!(app.get("/api/v1/campaigns?colour=red").await.status, StatusCode::BAD_REQUEST);
}
