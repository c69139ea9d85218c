//! Shelters and providers' years through the API: a year is recorded once (201, then 428 without `If-Match`
//! and refused as a new record), changed with the version read (412 when stale), kept only by the organisation
//! itself or the national coordinator (403), with every bad field named (422); the year's figures list each
//! shelter with its beds and the funding totals; an analyst reads them, and the page, but keeps no year.

use axum::http::{Method, StatusCode};
use lekhotla_identity::Role;
use serde_json::json;

use crate::support::App;

fn year(beds: u32, committed: u64) -> serde_json::Value {
    json!({ "beds": beds, "funding": [
        { "funder": "Ministry of Home Affairs", "committed": committed, "disbursed": 400_000 },
        { "funder": "Private donors", "committed": 30_000, "disbursed": 30_000 }
    ] })
}

#[tokio::test]
async fn a_providers_year_is_kept_once_and_changed_with_its_version() {
    let app = App::new().await;
    let shelter = app.shelter();
    let at = format!("/api/v1/providers/{shelter}/years/2026");

    let r = app.call(Method::PUT, &at, Some(year(24, 1_000_000)), &[]).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.headers["location"], at.as_str());
    assert_eq!(r.etag(), "\"1\"");
    let back = app.get(&at).await;
    assert_eq!((back.json["beds"].as_u64(), back.etag().as_str()), (Some(24), "\"1\""), "{}", back.text);

    // Recorded already: a write without the version read is not taken for a new record.
    let r = app.call(Method::PUT, &at, Some(year(20, 1)), &[]).await;
    assert_eq!(r.status, StatusCode::PRECONDITION_REQUIRED, "{}", r.text);
    let r = app.call(Method::PUT, &at, Some(year(26, 1_100_000)), &[("if-match", "\"1\"")]).await;
    assert_eq!((r.status, r.etag().as_str()), (StatusCode::OK, "\"2\""), "{}", r.text);
    let r = app.call(Method::PUT, &at, Some(year(30, 1)), &[("if-match", "\"1\"")]).await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED, "{}", r.text);
    assert_eq!(app.get(&at).await.json["beds"], 26, "the stale write changed nothing");
    let none = app.get(&format!("/api/v1/providers/{shelter}/years/2019")).await;
    assert_eq!(none.status, StatusCode::NOT_FOUND, "{}", none.text);

    // Every bad field named, nothing written.
    let bad = json!({ "beds": 9_000, "funding": [
        { "funder": "", "committed": 1, "disbursed": 0 },
        { "funder": "IOM", "committed": 1, "disbursed": 0 },
        { "funder": "iom ", "committed": 1, "disbursed": 0 }
    ] });
    let r = app.call(Method::PUT, &format!("/api/v1/providers/{shelter}/years/2025"), Some(bad), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    let fields: Vec<&str> =
        r.json["error"]["fields"].as_array().unwrap().iter().map(|d| d["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["beds", "funding[0].funder", "funding[2].funder"], "{}", r.text);
    let r = app.call(Method::PUT, &format!("/api/v1/providers/{shelter}/years/2031"), Some(year(1, 1)), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);

    // Another organisation's officer may not keep the shelter's year; its own, yes.
    let (officer, _) = app.user("provider.officer", &[Role::Investigator]).await;
    let bearer = format!("Bearer {}", app.token_of(&officer).await);
    let auth = [("authorization", bearer.as_str())];
    let r = app.call(Method::PUT, &format!("/api/v1/providers/{shelter}/years/2025"), Some(year(1, 1)), &auth).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
    let police = app.police();
    let r = app.call(Method::PUT, &format!("/api/v1/providers/{police}/years/2026"), Some(json!({})), &auth).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);

    // The year's figures: the shelter with the beds of its year, and the funding totals.
    let analyst = app.token_for("provider.analyst", &[Role::DataAnalyst]).await;
    let bearer = format!("Bearer {analyst}");
    let auth = [("authorization", bearer.as_str())];
    let r = app.call(Method::GET, "/api/v1/shelters?year=2026", None, &auth).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let line = r.json["shelters"].as_array().unwrap().iter().find(|s| s["organisation"] == shelter.as_str()).unwrap();
    assert_eq!((line["beds"].as_u64(), line["placements"].as_u64()), (Some(26), Some(0)), "{}", r.text);
    assert_eq!(line["rate"], 0.0, "{}", r.text);
    assert!(line.get("district").is_none() && line.get("town").is_none(), "no location: {}", r.text);
    assert_eq!((r.json["committed"].as_u64(), r.json["disbursed"].as_u64()), (Some(1_130_000), Some(430_000)));
    assert_eq!(r.json["providers"].as_array().unwrap().len(), 2, "{}", r.text);
    assert_eq!(
        app.call(Method::GET, "/api/v1/shelters?year=1990", None, &auth).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let r = app.call(Method::PUT, &format!("/api/v1/providers/{shelter}/years/2024"), Some(year(1, 1)), &auth).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
}
