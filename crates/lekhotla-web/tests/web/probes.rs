//! A case the actor may not see and a case that does not exist: one answer, the same work, no load of
//! the case (scope is decided on its facts first), and a `case.denied` entry for the auditor, limited
//! per actor so probing cannot flood the trail.

use std::sync::Arc;

use axum::http::{Method, StatusCode};
use lekhotla_crypto::{Keyring, MasterKey};
use lekhotla_identity::Role;
use serde_json::json;

use crate::support::{App, Reply, victim};

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

/// A shelter's case in Leribe with one victim, outside a police investigator's scope.
async fn shelter_case(app: &App) -> String {
    let body = json!({"organisation": app.shelter(), "district": "LS-J", "detection_source": "NGO", "detected_on": "2026-09-01"});
    let id = app.created("/api/v1/cases", body).await.id();
    app.created(&format!("/api/v1/cases/{id}/victims"), victim("Lineo-Probe", "1999-01-01")).await;
    id
}

/// The answer with the case as named blotted out, so two answers about two cases compare.
fn shape(r: &Reply, named: &str) -> (StatusCode, String) {
    (r.status, r.text.replace(named, "<case>"))
}

async fn denied_entries(app: &App, actor: &str) -> Vec<serde_json::Value> {
    let auditor = app.token_for(&format!("auditor.{}", uuid::Uuid::now_v7().simple()), &[Role::Auditor]).await;
    let path = format!("/api/v1/audit?action=case.denied&actor={actor}&limit=500");
    let r = app.call(Method::GET, &path, None, &[("authorization", &bearer(&auditor))]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json["items"].as_array().unwrap().clone()
}

#[tokio::test]
async fn an_out_of_scope_case_and_a_missing_one_answer_alike_and_the_case_is_never_loaded() {
    let app = App::new().await;
    let foreign = shelter_case(&app).await;
    let (investigator, _) = app.user("mpho.investigator", &[Role::Investigator]).await;
    let token = bearer(&app.token_of(&investigator).await);
    // From here the case's people cannot be opened: loading the whole case fails (500), so any route that
    // loads it before deciding scope gives itself away. The light query reads no person.
    let dir = tempfile::tempdir().unwrap();
    let (other_master, _) = MasterKey::load_or_create(&dir.path().join("k")).unwrap();
    app.store.use_keyring(Arc::new(Keyring::new_with_fresh_keys(&other_master).unwrap().0));
    let whole = app.get(&format!("/api/v1/cases/{foreign}")).await;
    assert_eq!(whole.status, StatusCode::INTERNAL_SERVER_ERROR, "the whole case cannot be loaded now");

    let missing = lekhotla_domain::CaseId::new().to_string();
    let requests = |case: &str| {
        let c = format!("/api/v1/cases/{case}");
        vec![
            (Method::GET, c.clone(), None),
            (Method::PATCH, c.clone(), Some(json!({"summary": "A probe"}))),
            (Method::POST, format!("{c}/victims"), Some(victim("Mpho-Probe", "2000-01-01"))),
            (Method::POST, format!("{c}/comments"), Some(json!({"author": "probe", "text": "A probe"}))),
        ]
    };
    for ((method, path, body), (_, missing_path, missing_body)) in
        requests(&foreign).into_iter().zip(requests(&missing))
    {
        let headers = [("authorization", token.as_str()), ("if-match", "\"1\"")];
        let out = app.call(method.clone(), &path, body, &headers).await;
        let gone = app.call(method.clone(), &missing_path, missing_body, &headers).await;
        assert_eq!(out.status, StatusCode::NOT_FOUND, "{method} {path}: {}", out.text);
        assert_eq!(shape(&out, &foreign), shape(&gone, &missing), "{method} {path}");
    }
}

#[tokio::test]
async fn probes_are_audited_as_case_denied_up_to_a_limit_per_actor() {
    let app = App::new().await;
    let foreign = shelter_case(&app).await;
    let (investigator, _) = app.user("mpho.investigator", &[Role::Investigator]).await;
    let token = bearer(&app.token_of(&investigator).await);
    let get = |path: String| {
        let token = token.clone();
        let app = &app;
        async move { app.call(Method::GET, &path, None, &[("authorization", &token)]).await }
    };
    let missing = lekhotla_domain::CaseId::new();
    assert_eq!(get(format!("/api/v1/cases/{foreign}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(get(format!("/api/v1/cases/{missing}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(get("/api/v1/cases/LS-2026-999999".into()).await.status, StatusCode::NOT_FOUND);
    let actor = format!("user/{}", investigator.id);
    let entries = denied_entries(&app, &actor).await;
    let seen: Vec<(&str, &str)> =
        entries.iter().map(|e| (e["record"].as_str().unwrap(), e["fields"][0].as_str().unwrap())).collect();
    assert_eq!(
        seen,
        [
            ("case-number/LS-2026-999999", "no-such-case"),
            (format!("case/{missing}").as_str(), "no-such-case"),
            (format!("case/{foreign}").as_str(), "out-of-scope"),
        ]
    );

    // The window holds 30 entries per actor; the 30th says so, and later probes are not written.
    for _ in 0..30 {
        assert_eq!(get(format!("/api/v1/cases/{foreign}")).await.status, StatusCode::NOT_FOUND);
    }
    let entries = denied_entries(&app, &actor).await;
    assert_eq!(entries.len(), 30, "no more than the window's entries");
    assert_eq!(entries[0]["fields"], json!(["out-of-scope", "further-probes-in-window-not-recorded"]));
}

/// A national coordinator's scope admits every case, so their case is read at once, without its facts first
/// (`mutate::read_at_once`), by id and by number, for reading and for a change; a case that does not exist is
/// still the one 404 and a `case.denied` probe in the trail.
#[tokio::test]
async fn a_national_reader_reads_any_case_at_once_and_a_missing_one_is_still_a_probe() {
    let app = App::new().await;
    let case = shelter_case(&app).await;
    let (coordinator, _) = app.user("palesa.coordinator", &[Role::NationalCoordinator]).await;
    let token = bearer(&app.token_of(&coordinator).await);
    let by_id = app.call(Method::GET, &format!("/api/v1/cases/{case}"), None, &[("authorization", &token)]).await;
    assert_eq!(by_id.status, StatusCode::OK, "{}", by_id.text);
    let number = by_id.json["number"].as_str().unwrap().to_owned();
    let by_number = app.call(Method::GET, &format!("/api/v1/cases/{number}"), None, &[("authorization", &token)]).await;
    assert_eq!((by_number.status, &by_number.json["id"]), (StatusCode::OK, &by_id.json["id"]));
    let version = format!("\"{}\"", by_id.json["version"]);
    let headers = [("authorization", token.as_str()), ("if-match", version.as_str())];
    let patch = json!({"summary": "Seen by the national coordinator"});
    let changed = app.call(Method::PATCH, &format!("/api/v1/cases/{number}"), Some(patch), &headers).await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text);
    assert_eq!(changed.json["summary"], "Seen by the national coordinator");

    let missing = lekhotla_domain::CaseId::new();
    for path in [format!("/api/v1/cases/{missing}"), "/api/v1/cases/LS-2026-999999".to_owned()] {
        let r = app.call(Method::GET, &path, None, &[("authorization", &token)]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
    }
    let entries = denied_entries(&app, &format!("user/{}", coordinator.id)).await;
    let seen: Vec<(&str, &str)> =
        entries.iter().map(|e| (e["record"].as_str().unwrap(), e["fields"][0].as_str().unwrap())).collect();
    assert_eq!(
        seen,
        [("case-number/LS-2026-999999", "no-such-case"), (format!("case/{missing}").as_str(), "no-such-case")]
    );
}
