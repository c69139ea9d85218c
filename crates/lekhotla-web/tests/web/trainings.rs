//! Trainings through the API: recorded by the organisation that gave it, with its groups of participants (201,
//! its Location reads it back); refused for another organisation (403) and with every bad field named, a
//! group's by its place in the list (422); a follow-up names a training of trainers and nothing else; a change
//! needs the version read (412 when stale); the TIP report counts the people trained by role and sex.

use axum::http::{Method, StatusCode};
use lekhotla_identity::Role;
use serde_json::json;

use crate::support::App;

fn leribe(org: &str) -> serde_json::Value {
    json!({
        "title": "Identifying victims at the border", "organisation": org, "country": "LS", "district": "LS-C",
        "started_on": "2025-10-06", "ended_on": "2025-10-08", "of_trainers": true,
        "participants": [
            {"organisation": org, "role": "Police", "sex": "Feminine", "district": "LS-C", "people": 9, "certified": 9},
            {"role": "Immigration", "sex": "Masculine", "people": 4}
        ]
    })
}

#[tokio::test]
async fn a_training_is_recorded_changed_and_counted() {
    let app = App::new().await;
    let police = app.police();
    let (officer, _) = app.user("training.officer", &[Role::Investigator]).await;
    let token = app.token_of(&officer).await;
    let bearer = format!("Bearer {token}");
    let auth = [("authorization", bearer.as_str())];

    let r = app.call(Method::POST, "/api/v1/trainings", Some(leribe(&police)), &auth).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let tot = r.json["id"].as_str().unwrap().to_owned();
    let location = r.headers["location"].to_str().unwrap().to_owned();
    let back = app.call(Method::GET, &location, None, &auth).await;
    assert_eq!(back.status, StatusCode::OK, "{}", back.text);
    assert_eq!(back.json["participants"][1]["people"], 4);
    assert_eq!(back.etag(), "\"1\"");

    // Another organisation's: refused.
    let shelter = app.shelter();
    let r = app.call(Method::POST, "/api/v1/trainings", Some(leribe(&shelter)), &auth).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);

    // Every bad field named, a group's by its place.
    let mut bad = leribe(&police);
    bad["participants"][1]["certified"] = json!(5);
    bad["participants"][0]["district"] = json!("LS-Z");
    bad["district"] = json!(null);
    let r = app.call(Method::POST, "/api/v1/trainings", Some(bad), &auth).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    let fields: Vec<&str> =
        r.json["error"]["fields"].as_array().unwrap().iter().map(|d| d["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["district", "participants[1].certified"], "{}", r.text);
    let mut bad = leribe(&police);
    bad["participants"][0]["district"] = json!("LS-Z");
    let r = app.call(Method::POST, "/api/v1/trainings", Some(bad), &auth).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert_eq!(r.json["error"]["fields"][0]["field"], "participants[0].district", "{}", r.text);

    // A follow-up given by its graduates names it; a training that trained no trainers cannot be named.
    let mut next = leribe(&police);
    next["of_trainers"] = json!(false);
    next["trained_by"] = json!(tot);
    let r = app.call(Method::POST, "/api/v1/trainings", Some(next.clone()), &auth).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let follow_up = r.json["id"].as_str().unwrap().to_owned();
    next["trained_by"] = json!(follow_up);
    let r = app.call(Method::POST, "/api/v1/trainings", Some(next), &auth).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert!(r.text.contains("is not a training of trainers"), "{}", r.text);

    // A change needs the version read; the groups are replaced as a whole.
    let groups = json!([{"role": "Labour", "sex": "Feminine", "people": 7, "certified": 7}]);
    let r = app
        .call(Method::PATCH, &location, Some(json!({"participants": groups})), &[auth[0], ("if-match", "\"1\"")])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json["participants"].as_array().unwrap().len(), 1);
    let r =
        app.call(Method::PATCH, &location, Some(json!({"town": "Hlotse"})), &[auth[0], ("if-match", "\"1\"")]).await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED, "{}", r.text);

    // The report: people trained by role and by sex (7 labour inspectors, women; 13 in the follow-up).
    let r = app.get("/api/v1/reports/tip?period=2025-04-01..2026-03-31&level=unsuppressed").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let cell = |table: &str, row: &str| {
        let t = r.json["sections"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["tables"].as_array().unwrap())
            .find(|t| t["id"] == table)
            .unwrap_or_else(|| panic!("no table {table}"));
        let i = t["rows"].as_array().unwrap().iter().position(|l| l["code"] == row).unwrap();
        t["cells"][i][0]["value"].clone()
    };
    assert_eq!(cell("prevention.trained_roles", "Labour"), json!(7));
    assert_eq!(cell("prevention.trained_roles", "Police"), json!(9));
    assert_eq!(cell("prevention.trained_sexes", "Feminine"), json!(16));
    assert_eq!(cell("prevention.trained", "LS-C"), json!(20));
    assert_eq!(cell("prevention.trainings", "LS-C"), json!(2));

    // The list, by year and district.
    let r = app.get("/api/v1/trainings?from=2025-04-01&to=2026-03-31&district=LS-C").await;
    assert_eq!(r.json["items"].as_array().unwrap().len(), 2, "{}", r.text);
    assert_eq!(app.get("/api/v1/trainings?colour=red").await.status, StatusCode::BAD_REQUEST);
}
