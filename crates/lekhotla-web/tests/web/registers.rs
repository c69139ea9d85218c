//! What the four prevention registers share (`api/register.rs`), on each of them: a change that changes nothing
//! keeps the version, a member a record needs cannot be cleared (422 naming it), a version not read is refused
//! (412 saying which versions), only the organisation that did the work or the national coordinator changes
//! it (403), and an id that is not one is a 404 naming the record.

use axum::http::{Method, StatusCode};
use lekhotla_identity::Role;
use serde_json::{Value, json};

use crate::support::App;

/// One register: its path, a record of it done by `org`, a member it needs, and how its messages name one.
struct Case {
    path: &'static str,
    body: fn(&str) -> Value,
    needed: &'static str,
    noun: &'static str,
    one: &'static str,
}

const REGISTERS: [Case; 4] = [
    Case {
        path: "campaigns",
        body: |org| {
            json!({"title": "Know before you go", "organisation": org, "country": "ZA", "town": "Welkom",
                   "audience": "MigrantWorkers", "channels": ["Gathering"], "started_on": "2025-09-12", "reach": 420})
        },
        needed: "title",
        noun: "campaign",
        one: "a campaign",
    },
    Case {
        path: "trainings",
        body: |org| {
            json!({"title": "Identifying victims at the border", "organisation": org, "country": "LS",
                   "district": "LS-C", "started_on": "2025-10-06",
                   "participants": [{"role": "Police", "sex": "Feminine", "people": 9, "certified": 9}]})
        },
        needed: "participants",
        noun: "training",
        one: "a training",
    },
    Case {
        path: "inspections",
        body: |org| {
            json!({"employer": "Hlotse vegetable farm", "sector": "A_AgricultureForestryAndFishing",
                   "organisation": org, "district": "LS-C", "inspected_on": "2025-11-04",
                   "agencies": ["Labour", "Police"], "workers": 40, "foreign_workers": 12})
        },
        needed: "employer",
        noun: "inspection",
        one: "an inspection",
    },
    Case {
        path: "screenings",
        body: |org| {
            json!({"port": "POE-MASERU-BRIDGE", "organisation": org, "started_on": "2025-12-15",
                   "direction": "Leaving", "travellers": 120})
        },
        needed: "port",
        noun: "screening",
        one: "a screening",
    },
];

#[tokio::test]
async fn every_register_keeps_its_versions_members_and_organisation_alike() {
    let app = App::new().await;
    let shelter = app.shelter();
    // An investigator of the police: records prevention work, but not for the shelter.
    let officer = app.token_for("register.officer", &[Role::Investigator]).await;
    let bearer = format!("Bearer {officer}");
    let officer = [("authorization", bearer.as_str())];
    for r in &REGISTERS {
        // The national coordinator records the shelter's work.
        let made = app.call(Method::POST, &format!("/api/v1/{}", r.path), Some((r.body)(&shelter)), &[]).await;
        assert_eq!(made.status, StatusCode::CREATED, "{}: {}", r.path, made.text);
        let location = made.headers["location"].to_str().unwrap().to_owned();
        let read = [("if-match", "\"1\"")];

        let same = app.call(Method::PATCH, &location, Some(json!({})), &read).await;
        assert_eq!((same.status, same.etag()), (StatusCode::OK, "\"1\"".to_owned()), "{}: {}", r.path, same.text);

        let cleared = app.call(Method::PATCH, &location, Some(json!({r.needed: null})), &read).await;
        assert_eq!(cleared.status, StatusCode::UNPROCESSABLE_ENTITY, "{}: {}", r.path, cleared.text);
        let field = &cleared.json["error"]["fields"][0];
        assert_eq!(field["field"], r.needed, "{}", cleared.text);
        assert_eq!(field["reason"], format!("cannot be cleared: {} needs one", r.one), "{}", cleared.text);

        let stale = app.call(Method::PATCH, &location, Some(json!({})), &[("if-match", "\"7\"")]).await;
        assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED, "{}: {}", r.path, stale.text);
        let said = format!("the {} was changed by someone else (you had version 7, it is now at version 1)", r.noun);
        assert_eq!(stale.json["error"]["message"], said.as_str(), "{}", stale.text);

        let theirs = app.call(Method::PATCH, &location, Some(json!({})), &[officer[0], read[0]]).await;
        assert_eq!(theirs.status, StatusCode::FORBIDDEN, "{}: {}", r.path, theirs.text);
        assert!(theirs.json["error"]["message"].as_str().unwrap().contains("national coordinator"), "{}", theirs.text);
        // Still at the version first recorded: nothing above wrote.
        assert_eq!(app.get(&location).await.etag(), "\"1\"", "{}", r.path);

        let none = app.get(&format!("/api/v1/{}/nonsense", r.path)).await;
        assert_eq!(none.status, StatusCode::NOT_FOUND, "{}: {}", r.path, none.text);
        assert!(none.json["error"]["message"].as_str().unwrap().contains(&format!("{} nonsense", r.noun)));
    }
}
