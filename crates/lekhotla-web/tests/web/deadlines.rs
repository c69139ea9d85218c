//! Referral deadlines through the API and the pages: a Shelter referral left unanswered is told to the
//! shelter (its organisation's), to the Leribe focal point (its hub's) and, past twice its deadline, to the
//! national coordinator, in the API, "My work" and `/referrals/deadlines`; the coordinator alone sets the
//! deadlines, with the version read (428 without it, 412 when stale, 422 naming a child's deadline longer than
//! an adult's), and a longer deadline makes it no longer overdue; the response times count it as unanswered.

use axum::http::{Method, StatusCode};
use lekhotla_identity::Role;
use serde_json::json;

use crate::referral_pages::{Browser, police_case};
use crate::support::App;

#[tokio::test]
async fn an_unanswered_referral_escalates_and_the_coordinator_sets_the_deadlines() {
    let app = App::new().await; // 20 November 2026
    let (_, number) = police_case(&app).await;
    let police = Browser::sign_in(&app, "deadline.police", &[Role::Investigator], &app.police()).await;
    let shelter = Browser::sign_in(&app, "deadline.shelter", &[Role::CaseWorker], &app.shelter()).await;
    let focal = Browser::sign_in(&app, "deadline.focal", &[Role::FocalPoint], &app.police()).await;
    let fields = [
        ("to_org", app.shelter()),
        ("reason", "AdditionalServicesRequired".to_owned()),
        ("sent_on", "2026-11-15".to_owned()),
        ("service", "Shelter".to_owned()),
    ];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let sent = police.submit(&format!("/cases/{number}/send-referral"), &fields).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text);

    // Five days unanswered: past twice the Shelter's deadline (a case with no victim takes a child's: one day).
    for (who, reason) in [(&shelter, "ours"), (&focal, "hub")] {
        let r = who.get("/api/v1/referrals/overdue").await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let item = &r.json["items"][0];
        assert_eq!((item["case_number"].as_str(), item["reason"].as_str()), (Some(number.as_str()), Some(reason)));
        assert_eq!((item["level"].as_str(), item["days_late"].as_i64()), (Some("escalated"), Some(4)), "{}", r.text);
        let work = who.get("/work").await;
        assert!(work.text.contains("id=\"work-overdue\"") && work.text.contains(&format!("/cases/{number}")));
    }
    let r = app.get("/api/v1/referrals/overdue").await;
    assert!(r.json["items"].as_array().unwrap().iter().any(|i| i["case_number"] == number.as_str()), "{}", r.text);
    let page = shelter.get("/referrals/deadlines").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.text.contains(&format!("href=\"/cases/{number}\"")) && !page.text.contains("name=\"a_Shelter\""));

    // The deadlines: read by everyone, set by the coordinator with the version read.
    let d = app.get("/api/v1/referral-deadlines").await;
    assert_eq!((d.status, d.etag().as_str()), (StatusCode::OK, "\"0\""), "{}", d.text);
    let longer = json!({ "services": [{ "service": "Shelter", "adult_days": 7, "child_days": 5 }] });
    let r = app.call(Method::PUT, "/api/v1/referral-deadlines", Some(longer.clone()), &[]).await;
    assert_eq!(r.status, StatusCode::PRECONDITION_REQUIRED, "{}", r.text);
    let bad = json!({ "services": [{ "service": "Shelter", "adult_days": 2, "child_days": 3 }] });
    let r = app.call(Method::PUT, "/api/v1/referral-deadlines", Some(bad), &[("if-match", "\"0\"")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert_eq!(r.json["error"]["fields"][0]["field"], "services[0].child_days", "{}", r.text);
    let officer = app.token_for("deadline.officer", &[Role::Investigator]).await;
    let bearer = format!("Bearer {officer}");
    let r = app
        .call(
            Method::PUT,
            "/api/v1/referral-deadlines",
            Some(longer.clone()),
            &[("authorization", &bearer), ("if-match", "\"0\"")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
    let r = app.call(Method::PUT, "/api/v1/referral-deadlines", Some(longer.clone()), &[("if-match", "\"0\"")]).await;
    assert_eq!((r.status, r.etag().as_str()), (StatusCode::OK, "\"1\""), "{}", r.text);
    let shelter_days = r.json["services"].as_array().unwrap().iter().find(|s| s["service"] == "Shelter").cloned();
    assert_eq!(shelter_days, Some(json!({ "service": "Shelter", "adult_days": 7, "child_days": 5 })));
    let medical = r.json["services"].as_array().unwrap().iter().find(|s| s["service"] == "Medical").cloned();
    assert_eq!(medical, Some(json!({ "service": "Medical", "adult_days": 2, "child_days": 1 })), "the rest kept");
    let r = app.call(Method::PUT, "/api/v1/referral-deadlines", Some(longer), &[("if-match", "\"0\"")]).await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED, "{}", r.text);
    // Five days for a child's shelter: due today, not yet late.
    let r = shelter.get("/api/v1/referrals/overdue").await;
    assert_eq!(r.json["items"].as_array().unwrap().len(), 0, "{}", r.text);

    // The response times count it, unanswered and (now) not past its deadline.
    let t = app.get("/api/v1/referrals/response-times?from=2026-11-01&to=2026-11-20").await;
    assert_eq!(t.status, StatusCode::OK, "{}", t.text);
    assert_eq!(
        (t.json["total"]["sent"].as_u64(), t.json["total"]["answered"].as_u64()),
        (Some(1), Some(0)),
        "{}",
        t.text
    );
    assert_eq!(t.json["by_organisation"][0]["key"], app.shelter().as_str());
    assert_eq!(
        app.get("/api/v1/referrals/response-times?from=2026-12-01&to=2026-11-01").await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
}
