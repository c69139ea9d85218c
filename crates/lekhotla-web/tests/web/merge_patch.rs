//! Changes are JSON merge patches (RFC 7396): what a change leaves out keeps its value, `null` clears,
//! and a sealed field sent back as read (`[sealed]`) keeps the stored value. Penetration test, medium: a
//! blanked read written back with the first name retyped wiped every other identity field.

use axum::http::{Method, StatusCode};
use lekhotla_identity::{Permission, Role};
use lekhotla_storage::{Action, AuditFilter};
use serde_json::{Value, json};

use crate::support::App;

/// Every identity field of a person, filled (synthetic).
fn full_victim() -> Value {
    let mut v = crate::support::victim("Canary-Mamello", "1994-02-02");
    let p = &mut v["person"];
    p["middle_name"] = json!("Canary-Middle");
    p["identity_number"] = json!("IDCANARY0077");
    p["email"] = json!("canary.mamello@example.org");
    p["address"] = json!("Canary-Street 7, Ha Abia");
    p["city"] = json!("Canary-Town");
    v
}

/// The identity fields of the stored victim as a reader with `read-sealed` gets them.
async fn revealed(app: &App, case: &str) -> Value {
    let read = app.get(&format!("/api/v1/cases/{case}")).await;
    assert_eq!(read.headers["x-lekhotla-sealed"], "revealed");
    read.json["victims"][0].clone()
}

/// A token of an investigator of the case's organisation that may read and write cases, not sealed fields.
async fn narrow_token(app: &App) -> String {
    let (user, _) = app.user("khotso.integration", &[Role::Investigator]).await;
    let (token, hash) = lekhotla_identity::ApiToken::generate().unwrap();
    let record = lekhotla_storage::ApiTokenRecord {
        id: uuid::Uuid::now_v7(),
        token_hash: hash,
        user: user.id,
        name: "write-back".into(),
        scopes: vec![Permission::ReadCases, Permission::WriteCases],
        created_at: time::macros::datetime!(2026-11-01 08:00 UTC),
        expires_at: time::macros::datetime!(2027-01-30 08:00 UTC),
        last_used_at: None,
        revoked_at: None,
    };
    app.store.create_api_token(&record, crate::support::note()).await.unwrap();
    format!("Bearer {}", token.as_str())
}

const IDENTITY: [&str; 13] = lekhotla_storage::sealing::SEALED_PERSON_COLUMNS;

#[tokio::test]
async fn a_blanked_read_written_back_keeps_every_sealed_field() {
    let app = App::new().await;
    let kase = app.new_case().await.id();
    let victim = app.created(&format!("/api/v1/cases/{kase}/victims"), full_victim()).await;
    let before = revealed(&app, &kase).await;
    let bearer = narrow_token(&app).await;

    let read = app.call(Method::GET, &format!("/api/v1/cases/{kase}"), None, &[("authorization", &bearer)]).await;
    assert_eq!(read.headers["x-lekhotla-sealed"], "not-allowed");
    let blanked = &read.json["victims"][0];
    for field in IDENTITY {
        assert_eq!(blanked["person"][field], "[sealed]", "{field} must read as the placeholder: {}", read.text);
    }
    assert!(!read.text.contains("Canary-") && !read.text.contains("IDCANARY"), "{}", read.text);

    // The whole victim sent back as read, the first name retyped.
    let mut back = json!({"person": blanked["person"].clone(), "context": blanked["context"].clone()});
    back["person"]["first_name"] = json!("Canary-Retyped");
    let path = format!("/api/v1/cases/{kase}/victims/{}", victim.id());
    let written =
        app.call(Method::PATCH, &path, Some(back), &[("authorization", &bearer), ("if-match", &victim.etag())]).await;
    assert_eq!(written.status, StatusCode::OK, "{}", written.text);
    assert_eq!(written.headers["x-lekhotla-sealed"], "not-allowed", "the answer is blanked like the read");
    assert!(!written.text.contains("Canary-") && !written.text.contains("IDCANARY"), "{}", written.text);

    let after = revealed(&app, &kase).await;
    assert_eq!(after["person"]["first_name"], "Canary-Retyped");
    for field in IDENTITY.iter().filter(|f| **f != "first_name") {
        assert_eq!(after["person"][field], before["person"][field], "{field} was lost");
        assert!(!after["person"][field].is_null(), "{field}");
    }
    assert_eq!(after["context"], before["context"]);
}

#[tokio::test]
async fn a_merge_patch_changes_only_what_it_names() {
    let app = App::new().await;
    let kase = app.new_case().await.id();
    let victim = app.created(&format!("/api/v1/cases/{kase}/victims"), full_victim()).await;
    let before = revealed(&app, &kase).await;
    let path = format!("/api/v1/cases/{kase}/victims/{}", victim.id());

    let patch = json!({"person": {"phone": "+26658000002", "middle_name": null}});
    let (bearer, etag) = (format!("Bearer {}", app.token), victim.etag());
    let headers = [
        ("authorization", bearer.as_str()),
        ("if-match", &etag),
        (lekhotla_web::CORRECTION_HEADER, "patching in a test"),
    ];
    let mut req = crate::support::request(Method::PATCH, &path, Some(patch), &headers);
    req.headers_mut().insert("content-type", "application/merge-patch+json".parse().unwrap());
    let changed = app.send_raw(req).await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text);

    let after = revealed(&app, &kase).await;
    assert_eq!(after["person"]["phone"], "+26658000002");
    assert!(after["person"]["middle_name"].is_null(), "null clears");
    for field in IDENTITY.iter().filter(|f| !["phone", "middle_name"].contains(*f)) {
        assert_eq!(after["person"][field], before["person"][field], "{field}");
    }
    assert_eq!(after["context"], before["context"]);
    assert_eq!(after["version"], before["version"].as_i64().unwrap() + 1);

    // An object member merges into the stored one: the case's incoming referral keeps what is not named.
    let c = format!("/api/v1/cases/{kase}");
    let case = app.get(&c).await;
    let from = app.shelter();
    let incoming =
        json!({"incoming_referral": {"from_org": from, "case_worker": "Canary-Worker", "details": "Canary-In"}});
    let set = app.call(Method::PATCH, &c, Some(incoming), &[("if-match", &case.etag())]).await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.text);
    let merged = app
        .call(
            Method::PATCH,
            &c,
            Some(json!({"incoming_referral": {"details": "Canary-In 2"}})),
            &[("if-match", &set.etag())],
        )
        .await;
    assert_eq!(merged.status, StatusCode::OK, "{}", merged.text);
    assert_eq!(merged.json["incoming_referral"]["from_org"], from.as_str());
    assert_eq!(merged.json["incoming_referral"]["case_worker"], "Canary-Worker");
    assert_eq!(merged.json["incoming_referral"]["details"], "Canary-In 2");
}

#[tokio::test]
async fn an_empty_patch_changes_nothing() {
    let app = App::new().await;
    let created = app.new_case().await;
    let c = format!("/api/v1/cases/{}", created.id());
    let victim = app.created(&format!("{c}/victims"), full_victim()).await;
    let case = app.get(&c).await;
    let updates = || async {
        let filter = AuditFilter {
            record: Some(format!("case/{}", created.id())),
            action: Some(Action::CaseUpdate),
            ..Default::default()
        };
        app.store.search_audit(&filter, 500, 0).await.unwrap().len()
    };
    let audited = updates().await;

    let same = app.call(Method::PATCH, &c, Some(json!({})), &[("if-match", &case.etag())]).await;
    assert_eq!(same.status, StatusCode::OK, "{}", same.text);
    assert_eq!(same.etag(), case.etag(), "no new version");
    assert_eq!(same.json["version"], case.json["version"]);
    let path = format!("{c}/victims/{}", victim.id());
    let same = app.call(Method::PATCH, &path, Some(json!({})), &[("if-match", &victim.etag())]).await;
    assert_eq!(same.status, StatusCode::OK, "{}", same.text);
    assert_eq!(same.etag(), victim.etag());
    // Sending back what is stored is no change either.
    let as_read = json!({"person": {"first_name": "Canary-Mamello"}, "context": {"identified_on": "2026-09-02"}});
    let same = app.call(Method::PATCH, &path, Some(as_read), &[("if-match", &victim.etag())]).await;
    assert_eq!(same.status, StatusCode::OK, "{}", same.text);
    assert_eq!(same.etag(), victim.etag());
    assert_eq!(updates().await, audited, "no case.update entry for nothing");
    assert_eq!(app.get(&c).await.etag(), case.etag());

    // A stale If-Match is still refused.
    let stale = app.call(Method::PATCH, &c, Some(json!({})), &[("if-match", "\"99\"")]).await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED, "{}", stale.text);
}

#[tokio::test]
async fn a_weak_etag_never_matches() {
    let app = App::new().await;
    let case = app.new_case().await;
    let c = format!("/api/v1/cases/{}", case.id());
    assert!(!case.etag().starts_with("W/"), "ETags are strong: {}", case.etag());
    let weak = format!("W/{}", case.etag());
    let r = app.call(Method::PATCH, &c, Some(json!({"summary": "x"})), &[("if-match", &weak)]).await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED, "{}", r.text);
    assert!(r.text.contains("weak"), "{}", r.text);
    assert_eq!(app.get(&c).await.etag(), case.etag(), "nothing changed");
}

#[tokio::test]
async fn a_patch_that_is_not_an_object_is_refused() {
    let app = App::new().await;
    let case = app.new_case().await;
    let c = format!("/api/v1/cases/{}", case.id());
    let r = app.call(Method::PATCH, &c, Some(json!(["summary"])), &[("if-match", &case.etag())]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert!(r.text.contains("merge patch"), "{}", r.text);
}
