//! Organisations through the API: a second one of the same name in the same district is a 409 that says
//! so, and a country must be an assigned ISO 3166-1 code (422 naming the field).

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::support::App;

#[tokio::test]
async fn a_second_organisation_of_one_name_in_one_district_is_refused() {
    let app = App::new().await;
    let haven = json!({"name": "Synthetic Haven", "org_type": "NGO", "district": "LS-C", "country": "LS"});
    let first = app.created("/api/v1/organisations", haven.clone()).await;
    let twin = json!({"name": " synthetic   HAVEN", "org_type": "NGO", "district": "LS-C", "country": "LS"});
    let r = app.post("/api/v1/organisations", twin).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    assert!(r.json["error"]["message"].as_str().unwrap().contains("already an organisation named"), "{}", r.text);
    app.created(
        "/api/v1/organisations",
        json!({"name": "Synthetic Haven", "org_type": "NGO", "district": "LS-D", "country": "LS"}),
    )
    .await;

    // Renaming another onto the name is refused the same way, and changes nothing.
    let other = app
        .created(
            "/api/v1/organisations",
            json!({"name": "Synthetic Refuge", "org_type": "NGO", "district": "LS-C", "country": "LS"}),
        )
        .await;
    let path = format!("/api/v1/organisations/{}", other.id());
    let r = app.call(Method::PATCH, &path, Some(json!({"name": "SYNTHETIC HAVEN"})), &[("if-match", "\"1\"")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    assert_eq!(app.get(&path).await.json["name"], "Synthetic Refuge");
    assert_eq!(app.get(&format!("/api/v1/organisations/{}", first.id())).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_country_must_be_an_assigned_iso_3166_code() {
    let app = App::new().await;
    for country in ["XX", "ZZ", "UK"] {
        let body = json!({"name": format!("Synthetic Office {country}"), "org_type": "NGO", "country": country});
        let r = app.post("/api/v1/organisations", body).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{country}: {}", r.text);
        assert_eq!(r.json["error"]["fields"][0]["field"], "country", "{}", r.text);
    }
    app.created("/api/v1/organisations", json!({"name": "Synthetic Office", "org_type": "NGO", "country": "ZA"})).await;
}
