//! Bad input is refused with the field and the reason, nothing is written, and errors say nothing internal.

use crate::support::App;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::json;

#[tokio::test]
async fn a_bad_case_names_its_field_and_writes_nothing() {
    let app = App::new().await;
    let before = app.get("/api/v1/cases?limit=1").await.json["total"].clone();
    let r = app
        .post("/api/v1/cases", json!({"organisation": app.police(), "district": "LS-A", "detection_source": "Rumour", "detected_on": "2026-01-01"}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json["error"]["code"], "invalid");
    assert_eq!(r.json["error"]["fields"][0]["field"], "detection_source");
    assert!(r.json["error"]["fields"][0]["reason"].as_str().unwrap().contains("Rumour"));

    let unknown_org = app
        .post(
            "/api/v1/cases",
            json!({"organisation": "00000000-0000-0000-0000-000000000000", "district": "LS-A",
            "detection_source": "Police", "detected_on": "2026-01-01"}),
        )
        .await;
    assert_eq!(unknown_org.json["error"]["fields"][0]["field"], "organisation", "{}", unknown_org.text);
    let port_as_district = app
        .post(
            "/api/v1/cases",
            json!({"organisation": app.police(), "district": "POE-MAPUTSOE-BRIDGE",
            "detection_source": "Police", "detected_on": "2026-01-01"}),
        )
        .await;
    assert_eq!(port_as_district.json["error"]["fields"][0]["field"], "district");
    let future = app
        .post("/api/v1/cases", json!({"organisation": app.police(), "district": "LS-A", "detection_source": "Police", "detected_on": "2027-01-01"}))
        .await;
    assert_eq!(future.json["error"]["fields"][0]["field"], "detected_on");
    let missing = app
        .post("/api/v1/cases", json!({"organisation": app.police(), "district": "LS-A", "detected_on": "2026-01-01"}))
        .await;
    assert_eq!(missing.json["error"]["fields"][0]["field"], "detection_source");
    let extra = app
        .post("/api/v1/cases", json!({"organisation": app.police(), "district": "LS-A", "detection_source": "Police", "detected_on": "2026-01-01", "victim_name": "x"}))
        .await;
    assert_eq!(extra.json["error"]["fields"][0]["field"], "victim_name");

    assert_eq!(app.get("/api/v1/cases?limit=1").await.json["total"], before);
}

#[tokio::test]
async fn phones_and_places_follow_htcds_and_bad_ones_name_their_path() {
    let app = App::new().await;
    let kase = app.new_case().await;
    let mut v = crate::support::victim("Palesa-Test", "1998-04-12");
    v["person"]["phone"] = json!("+266 5800 1234");
    v["person"]["number_of_children"] = json!(31);
    let r = app.post(&format!("/api/v1/cases/{}/victims", kase.id()), v).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert_eq!(r.json["error"]["fields"][0]["field"], "person.number_of_children", "{}", r.text);
    assert_eq!(r.json["error"]["fields"][1]["field"], "person.phone", "{}", r.text);
    assert!(r.json["error"]["fields"][1]["reason"].as_str().unwrap().contains("+26658123456"));
    let mut v = crate::support::victim("Palesa-Test", "1998-04-12");
    v["context"]["exploitation_location"] = json!("ZA-XX");
    let r = app.post(&format!("/api/v1/cases/{}/victims", kase.id()), v).await;
    assert_eq!(r.json["error"]["fields"][0]["field"], "context.exploitation_location", "{}", r.text);
    let mut v = crate::support::victim("Palesa-Test", "1998-04-12");
    v["context"]["exploitation_location"] = json!("ZA-GP");
    v["context"]["recruitment_websites"] = json!(["Facebook", "WhatsApp"]);
    let r = app.post(&format!("/api/v1/cases/{}/victims", kase.id()), v).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
}

#[tokio::test]
async fn nested_fields_are_named_by_their_path() {
    let app = App::new().await;
    let kase = app.new_case().await;
    let mut v = crate::support::victim("Palesa-Test", "1998-04-12");
    v["context"]["exploitation_types"] = json!(["ForcedLabour", "Juggling"]);
    let r = app.post(&format!("/api/v1/cases/{}/victims", kase.id()), v).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json["error"]["fields"][0]["field"], "context.exploitation_types[1]");
    let mut v = crate::support::victim("Palesa-Test", "1998-04-12");
    v["person"]["birthdate"] = json!("2030-01-01");
    let r = app.post(&format!("/api/v1/cases/{}/victims", kase.id()), v).await;
    assert_eq!(r.json["error"]["fields"][0]["field"], "person.birthdate", "{}", r.text);
    assert_eq!(app.get(&format!("/api/v1/cases/{}", kase.id())).await.json["victims"], json!([]));
}

#[tokio::test]
async fn malformed_requests_get_clear_statuses() {
    let app = App::new().await;
    let kase = app.new_case().await;
    let c = format!("/api/v1/cases/{}", kase.id());
    let no_type = app.send_raw(Request::post("/api/v1/cases").body(Body::from("{}")).unwrap()).await;
    assert_eq!(no_type.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let broken = app
        .send_raw(
            Request::post("/api/v1/cases")
                .header("content-type", "application/json")
                .body(Body::from("{\"a\":"))
                .unwrap(),
        )
        .await;
    assert_eq!(broken.status, StatusCode::BAD_REQUEST);
    let huge = app
        .send_raw(
            Request::post(format!("{c}/comments"))
                .header("content-type", "application/json")
                .body(Body::from(format!("{{\"author\":\"a\",\"text\":\"{}\"}}", "x".repeat(2 * 1024 * 1024))))
                .unwrap(),
        )
        .await;
    assert!(huge.status == StatusCode::PAYLOAD_TOO_LARGE || huge.status == StatusCode::BAD_REQUEST, "{}", huge.status);
    assert_eq!(app.get("/api/v1/cases/LS-1999-000001").await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/api/v1/cases/not-a-case").await.status, StatusCode::NOT_FOUND);
    let no_route = app.get("/api/v1/nothing-here").await;
    assert_eq!(no_route.status, StatusCode::NOT_FOUND);
    assert_eq!(no_route.json["error"]["code"], "not_found");
    let bad_query = app.get("/api/v1/cases?stage=finished").await;
    assert_eq!(bad_query.status, StatusCode::BAD_REQUEST);
    let far = app.get("/api/v1/cases?offset=9223372036854775808").await;
    assert_eq!(far.status, StatusCode::BAD_REQUEST, "{}", far.text);
    assert_eq!(
        app.call(Method::PATCH, &c, Some(json!({"summary": "x"})), &[]).await.status,
        StatusCode::PRECONDITION_REQUIRED
    );
    assert_eq!(
        app.call(Method::PATCH, &c, Some(json!({"summary": "x"})), &[("if-match", "\"9\"")]).await.status,
        StatusCode::PRECONDITION_FAILED
    );
    let garbage = app.call(Method::PATCH, &c, Some(json!({"summary": "x"})), &[("if-match", "yesterday")]).await;
    assert_eq!(garbage.status, StatusCode::BAD_REQUEST);
    let close = app.call(Method::PATCH, &c, Some(json!({"status": "Closed"})), &[("if-match", "\"1\"")]).await;
    assert_eq!(close.json["error"]["fields"][0]["field"], "closure_reason", "{}", close.text);
}

#[tokio::test]
async fn every_response_carries_the_security_headers_and_a_request_id() {
    let app = App::new().await;
    for path in ["/", "/api/v1/cases", "/healthz", "/nowhere", "/static/app.css"] {
        let r = app.get(path).await;
        let h = &r.headers;
        assert!(h["content-security-policy"].to_str().unwrap().starts_with("default-src 'self'"), "{path}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert_eq!(h["x-request-id"].to_str().unwrap().len(), 36, "{path}");
    }
    let health = app.get("/healthz").await;
    assert_eq!(health.json, json!({"status": "ok", "database": "sqlite"}));
}

#[tokio::test]
async fn today_is_lesothos_today_even_when_utc_is_still_yesterday() {
    // 23:30 UTC on the 20th is 01:30 on the 21st in Lesotho (UTC+2): a case detected on the 21st is not in the future.
    let app = App::at(time::macros::datetime!(2026-11-20 23:30 UTC)).await;
    let ok = app
        .post("/api/v1/cases", json!({"organisation": app.police(), "district": "LS-A", "detection_source": "Police", "detected_on": "2026-11-21"}))
        .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.text);
    let tomorrow = app
        .post("/api/v1/cases", json!({"organisation": app.police(), "district": "LS-A", "detection_source": "Police", "detected_on": "2026-11-22"}))
        .await;
    assert_eq!(tomorrow.status, StatusCode::UNPROCESSABLE_ENTITY);

    // The prevention records are judged by Lesotho's day as well (they once took the UTC date): a campaign
    // that started on the 21st is recorded, one starting on the 22nd is in the future.
    let (officer, _) = app.user("late.officer", &[lekhotla_identity::Role::Investigator]).await;
    let bearer = format!("Bearer {}", app.token_of(&officer).await);
    let campaign = |on: &str| {
        json!({"title": "Know before you go", "organisation": app.police(), "country": "LS", "district": "LS-A",
            "audience": "MigrantWorkers", "channels": ["Gathering"], "started_on": on, "reach": 40})
    };
    let auth = [("authorization", bearer.as_str())];
    let r = app.call(axum::http::Method::POST, "/api/v1/campaigns", Some(campaign("2026-11-21")), &auth).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let r = app.call(axum::http::Method::POST, "/api/v1/campaigns", Some(campaign("2026-11-22")), &auth).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);

    // And the year of the case number is Lesotho's year too.
    let new_year = App::at(time::macros::datetime!(2026-12-31 22:30 UTC)).await;
    let first = new_year.new_case().await;
    assert!(first.json["number"].as_str().unwrap().starts_with("LS-2027-"), "{}", first.text);
}

#[tokio::test]
async fn a_page_address_out_of_shape_names_its_parameter_and_an_old_year_shows_the_first_offered() {
    let app = App::new().await;
    let (officer, _) = app.user("errors.officer", &[lekhotla_identity::Role::Investigator]).await;
    let bearer = format!("Bearer {}", app.token_of(&officer).await);
    let auth = [("authorization", bearer.as_str())];
    let bad = app.call(Method::GET, "/prevention?year=abc", None, &auth).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.text);
    assert!(bad.text.contains("Please correct the form") && bad.text.contains("year: invalid digit"), "{}", bad.text);
    // Before the first TIP year the choice offers: that year, selected, not a year the choice cannot show.
    let old = app.call(Method::GET, "/prevention?year=1900", None, &auth).await;
    assert_eq!(old.status, StatusCode::OK, "{}", old.text);
    assert!(old.text.contains("<option value=\"2015\" selected>2015-16</option>"), "{}", old.text);
}
