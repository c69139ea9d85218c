//! What the audit trail keeps of sign-ins and changes: a refused sign-in names the account by id, or a
//! typed name that is no account only as a keyed hash, with the client's address; throttled sign-ins
//! are recorded (up to a limit per address); a change names the fields and records it touched, never
//! their values.

use std::net::SocketAddr;

use axum::extract::ConnectInfo;
use axum::http::{Method, StatusCode};
use lekhotla_identity::Role;
use serde_json::{Value, json};

use crate::support::{App, PASSWORD, Reply, request, send, victim};

/// A sign-in from the client at 192.0.2.7 (a documentation address).
async fn sign_in_from(app: &App, body: Value) -> Reply {
    let mut req = request(Method::POST, "/api/v1/session", Some(body), &[]);
    req.extensions_mut().insert(ConnectInfo(SocketAddr::from(([192, 0, 2, 7], 40_000))));
    send(app.router.clone(), req).await
}

/// The trail's entries of `action`, newest first, as an auditor reads them.
async fn trail(app: &App, action: &str) -> Reply {
    let auditor = app.token_for(&format!("auditor.{}", uuid::Uuid::now_v7().simple()), &[Role::Auditor]).await;
    let path = format!("/api/v1/audit?action={action}&limit=500");
    let r = app.call(Method::GET, &path, None, &[("authorization", &format!("Bearer {auditor}"))]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r
}

fn items(r: &Reply) -> Vec<Value> {
    r.json["items"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_refused_sign_in_names_the_account_or_a_keyed_hash_and_the_address() {
    let app = App::new().await;
    let (user, _) = app.user("palesa.analyst", &[Role::DataAnalyst]).await;
    // A pass phrase typed into the username field, twice, and a wrong password for a real account.
    let typed = "lesedi2026winter";
    for _ in 0..2 {
        let r = sign_in_from(&app, json!({"username": typed, "password": PASSWORD})).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let r = sign_in_from(&app, json!({"username": "palesa.analyst", "password": "not the password"})).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);

    let t = trail(&app, "login.failure").await;
    assert!(!t.text.contains(typed), "the typed name is not kept: {}", t.text);
    let e = items(&t);
    assert_eq!(e[0]["record"], format!("user/{}", user.id), "a known account by its id");
    assert_eq!(e[0]["fields"], json!(["password", "address:192.0.2.7"]));
    let hashed = e[1]["record"].as_str().unwrap();
    assert!(hashed.starts_with("login-name/") && hashed.len() == "login-name/".len() + 64, "{hashed}");
    assert_eq!(e[2]["record"], hashed, "the same typed name gives the same hash, so attempts can be grouped");
    assert_eq!(e[1]["fields"], json!(["unknown-user", "address:192.0.2.7"]));
}

#[tokio::test]
async fn throttled_sign_ins_are_recorded_with_the_address_up_to_a_limit() {
    let app = App::new().await;
    app.user("rethabile.officer", &[Role::DataAnalyst]).await;
    let wrong = json!({"username": "rethabile.officer", "password": "wrong guess number"});
    for _ in 0..6 {
        assert_eq!(sign_in_from(&app, wrong.clone()).await.status, StatusCode::UNAUTHORIZED);
    }
    for _ in 0..8 {
        let r = sign_in_from(&app, json!({"username": "rethabile.officer", "password": PASSWORD})).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    }
    let e = items(&trail(&app, "login.failure").await);
    let throttled: Vec<&Value> = e.iter().filter(|e| e["fields"][0] == "throttled").collect();
    assert_eq!(throttled.len(), 5, "five per address and window, not one per attempt");
    assert_eq!(
        throttled[0]["fields"],
        json!(["throttled", "address:192.0.2.7", "further-throttled-in-window-not-recorded"])
    );
    assert_eq!(throttled[4]["fields"], json!(["throttled", "address:192.0.2.7"]));
    assert!(throttled[4]["record"].as_str().unwrap().starts_with("login-name/"));
    assert!(!e.iter().any(|e| e.to_string().contains("rethabile")), "no typed name in the trail");
}

#[tokio::test]
async fn a_change_names_the_fields_and_records_it_touched_never_their_values() {
    let app = App::new().await;
    let id = app.new_case().await.id();
    let c = format!("/api/v1/cases/{id}");
    let headers = [("if-match", "\"1\"")];
    let r = app
        .call(Method::PATCH, &c, Some(json!({"summary": "CANARY-SUMMARY-7", "detection_source": "Police"})), &headers)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let v = app.created(&format!("{c}/victims"), victim("Lineo-Fields", "1999-01-01")).await;
    let pid = v.id();
    let mut changed = victim("Lineo-Fields", "1999-01-01");
    changed["person"]["phone"] = json!("+26658000777");
    let tag = v.etag();
    let r = app.call(Method::PATCH, &format!("{c}/victims/{pid}"), Some(changed), &[("if-match", tag.as_str())]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);

    let t = trail(&app, "case.update").await;
    assert!(!t.text.contains("CANARY-SUMMARY-7") && !t.text.contains("58000777"), "no value in the trail");
    let fields: Vec<Value> = items(&t).iter().map(|e| e["fields"].clone()).collect();
    assert_eq!(fields[0], json!([format!("victim/{pid}.person.phone")]));
    assert_eq!(fields[1], json!([format!("victim/{pid}")]), "a record added is named alone");
    assert_eq!(fields[2], json!([format!("case/{id}.detection_source"), format!("case/{id}.summary")]));
}
