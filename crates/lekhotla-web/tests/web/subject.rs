//! `/audit/subject`, a person's access history for a data-protection request: it needs a stated
//! purpose, is itself recorded (the name only as a keyed hash, findable by another auditor searching
//! the same name), is limited per auditor, and says which records hold the person and who touched
//! them, not what the person is in the case.

use axum::http::{Method, StatusCode};
use lekhotla_identity::Role;
use serde_json::json;

use crate::support::{App, Reply, victim};

const PURPOSE: &str = "DPA request 2026-014 from the person";

async fn search(app: &App, auditor: &str, name: &str, purpose: Option<&str>) -> Reply {
    let mut path = format!("/api/v1/audit/subject?name={}", name.replace(' ', "%20"));
    if let Some(p) = purpose {
        path.push_str(&format!("&purpose={}", p.replace(' ', "%20")));
    }
    app.call(Method::GET, &path, None, &[("authorization", &format!("Bearer {auditor}"))]).await
}

#[tokio::test]
async fn a_subject_search_states_its_purpose_is_recorded_and_answers_only_what_the_request_needs() {
    let app = App::new().await;
    let id = app.new_case().await.id();
    let c = format!("/api/v1/cases/{id}");
    let pid = app.created(&format!("{c}/victims"), victim("Palesa", "1999-01-01")).await.id();
    let other = app.created(&format!("{c}/victims"), victim("Mpho", "1998-01-01")).await.id();
    assert_eq!(app.get(&c).await.status, StatusCode::OK); // a sealed read of both victims
    let first = app.token_for("first.auditor", &[Role::Auditor]).await;

    let r = search(&app, &first, "Palesa Synthetic", None).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "no purpose, no search: {}", r.text);
    let r = search(&app, &first, "Palesa Synthetic", Some("curious")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert_eq!(r.json["error"]["fields"][0]["field"], "purpose");

    let r = search(&app, &first, "palesa  SYNTHETIC", Some(PURPOSE)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json["subjects"], json!([{"case": format!("case/{id}"), "person": format!("person/{pid}")}]));
    assert!(!r.text.contains("victim"), "nothing says what the person is: {}", r.text);
    assert!(!r.text.contains(&other), "nobody else's fields");
    assert!(!r.text.contains("act: "), "no act list, which would name the role");
    let read = r.json["items"].as_array().unwrap().iter().find(|i| i["action"] == "sealed.read").unwrap();
    assert!(read["fields"].as_array().unwrap().contains(&json!(format!("person/{pid}.first_name"))), "{read}");

    // The search is in the trail: who, why, which persons it disclosed, and the name only as a hash.
    let entry = search_entries(&app).await;
    assert_eq!(entry.len(), 1);
    assert_eq!(entry[0]["purpose"], PURPOSE);
    assert_eq!(entry[0]["fields"], json!([format!("person/{pid}")]));
    assert!(entry[0]["record"].as_str().unwrap().starts_with("subject/"));
    assert!(!entry[0].to_string().to_lowercase().contains("palesa"));

    // Another auditor answering a request of the same person finds the first auditor's search.
    let second = app.token_for("second.auditor", &[Role::Auditor]).await;
    let r = search(&app, &second, "Palesa Synthetic", Some(PURPOSE)).await;
    let searches: Vec<_> =
        r.json["items"].as_array().unwrap().iter().filter(|i| i["action"] == "audit.subject").cloned().collect();
    assert_eq!(searches.len(), 2, "both searches for this name: {}", r.text);
    assert_eq!(searches[1]["seq"], entry[0]["seq"]);
}

#[tokio::test]
async fn subject_searches_are_limited_per_auditor() {
    let app = App::new().await;
    let auditor = app.token_for("busy.auditor", &[Role::Auditor]).await;
    for i in 0..10 {
        let r = search(&app, &auditor, &format!("Nobody Synthetic{i}"), Some(PURPOSE)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    }
    let r = search(&app, &auditor, "Nobody Synthetic", Some(PURPOSE)).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.text);
    assert!(r.headers.contains_key("retry-after"));
    let other = app.token_for("other.auditor", &[Role::Auditor]).await;
    assert_eq!(search(&app, &other, "Nobody Synthetic", Some(PURPOSE)).await.status, StatusCode::OK);
}

async fn search_entries(app: &App) -> Vec<serde_json::Value> {
    let reviewer = app.token_for(&format!("reviewer.{}", uuid::Uuid::now_v7().simple()), &[Role::Auditor]).await;
    let r = app
        .call(
            Method::GET,
            "/api/v1/audit?action=audit.subject",
            None,
            &[("authorization", &format!("Bearer {reviewer}"))],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json["items"].as_array().unwrap().clone()
}
