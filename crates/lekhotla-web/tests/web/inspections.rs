//! Joint inspections through the API: recorded by the agency that led it, naming the case it opened by number
//! (201, its Location reads it back); a case number that no case has is refused (422), as is another agency's
//! inspection (403); a change needs the version read (412 when stale); the TIP report counts the inspections
//! that opened a case.

use axum::http::{Method, StatusCode};
use lekhotla_identity::Role;
use serde_json::json;

use crate::support::App;

#[tokio::test]
async fn an_inspection_names_the_case_it_opened_and_is_counted() {
    let app = App::new().await;
    let police = app.police();
    let (officer, _) = app.user("inspection.officer", &[Role::Investigator]).await;
    let token = app.token_of(&officer).await;
    let bearer = format!("Bearer {token}");
    let auth = [("authorization", bearer.as_str())];
    let r = app
        .call(
            Method::POST,
            "/api/v1/cases",
            Some(json!({"organisation": police, "district": "LS-C", "detection_source": "LabourInspection",
                        "detected_on": "2025-11-04"})),
            &auth,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let number = r.json["number"].as_str().unwrap().to_owned();
    let farm = |org: &str, cases: serde_json::Value| {
        json!({
            "employer": "Hlotse vegetable farm", "sector": "A_AgricultureForestryAndFishing", "organisation": org,
            "district": "LS-C", "inspected_on": "2025-11-04", "agencies": ["Labour", "Immigration", "Police"],
            "workers": 40, "foreign_workers": 12, "indicators": ["WithholdsDocuments"], "cases": cases
        })
    };

    let r = app.call(Method::POST, "/api/v1/inspections", Some(farm(&police, json!(["LS-2025-999999"]))), &auth).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert_eq!(r.json["error"]["fields"][0]["field"], "cases", "{}", r.text);
    let r = app.call(Method::POST, "/api/v1/inspections", Some(farm(&app.shelter(), json!([number]))), &auth).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);

    let r = app.call(Method::POST, "/api/v1/inspections", Some(farm(&police, json!([number]))), &auth).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let location = r.headers["location"].to_str().unwrap().to_owned();
    let back = app.call(Method::GET, &location, None, &auth).await;
    assert_eq!(back.json["cases"], json!([number]), "{}", back.text);

    let r = app
        .call(Method::PATCH, &location, Some(json!({"foreign_workers": 14})), &[auth[0], ("if-match", "\"1\"")])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let r = app
        .call(Method::PATCH, &location, Some(json!({"foreign_workers": 15})), &[auth[0], ("if-match", "\"1\"")])
        .await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED, "{}", r.text);

    let r = app.get("/api/v1/reports/tip?period=2025-04-01..2026-03-31&level=unsuppressed").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let table = r.json["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["tables"].as_array().unwrap())
        .find(|t| t["id"] == "prevention.inspections_with_case")
        .expect("the table of inspections that opened a case")
        .clone();
    let i = table["rows"].as_array().unwrap().iter().position(|l| l["code"] == "LS-C").unwrap();
    assert_eq!(table["cells"][i][0]["value"], 1, "{table}");
    let r = app.get("/api/v1/inspections?district=LS-C").await;
    assert_eq!(r.json["items"][0]["foreign_workers"], 14, "{}", r.text);
}
