//! Changing the action plan: the national coordinator opens an activity from `/plan`, marks it done with what was
//! spent, links the case an inspection opened as evidence and types in an indicator's new value; a budget that is
//! not a number and a bad record reference are named at their fields with what was typed kept; a save over a
//! changed plan is refused beside the stored activity, then kept when saved again. The API changes an activity and
//! a recommendation under their versions and carries a year's open recommendations over; an analyst may read the
//! plan but changes nothing. Every change is a `plan.save` of the audit trail.

use axum::http::{Method, StatusCode};
use lekhotla_identity::Role;
use serde_json::json;

use crate::plan::loaded;
use crate::referral_pages::{Browser, prefilled};
use crate::support::App;

/// The activity form's fields as the page filled them, with `fields` typed over the single-valued ones.
async fn typed(b: &Browser<'_>, path: &str, fields: &[(&str, &str)]) -> Vec<(String, String)> {
    let page = b.get(path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    let form = &page.text[page.text.find("<form class=\"stacked\" method=\"post\"").expect("the form")..];
    let mut pairs: Vec<(String, String)> = prefilled(form);
    for (k, v) in fields {
        match pairs.iter_mut().find(|(name, _)| name == k) {
            Some(p) => p.1 = (*v).to_owned(),
            None => pairs.push(((*k).to_owned(), (*v).to_owned())),
        }
    }
    pairs
}

/// Fills the blank evidence row the page offers (its empty inputs are not among the prefilled pairs, its kind is).
fn last_evidence(pairs: &mut Vec<(String, String)>, label: &str, kind: &str, reference: &str) {
    if let Some(p) = pairs.iter_mut().rev().find(|(k, _)| k == "e_kind") {
        p.1 = kind.to_owned();
    }
    pairs.push(("e_label".into(), label.into()));
    pairs.push(("e_reference".into(), reference.into()));
}

#[tokio::test]
async fn the_coordinator_changes_an_activity_in_the_pages() {
    let app = App::new().await;
    loaded(&app).await;
    let police = app.police();
    let coordinator = Browser::sign_in(&app, "edit.coordinator", &[Role::NationalCoordinator], &police).await;
    let plan = coordinator.get("/plan?year=2025").await;
    assert!(plan.text.contains("href=\"/plan/activities/3.1.1\""), "{}", plan.text);

    // A budget that is not a number, and a record that is not one: each named, what was typed kept.
    let path = "/plan/activities/3.1.1";
    let mut pairs = typed(&coordinator, path, &[("budget", "lots"), ("status", "done")]).await;
    last_evidence(&mut pairs, "Case from the Hlotse inspection", "record", "case:not-a-number");
    let bad = coordinator.post(path, &pairs).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    assert!(bad.text.contains("id=\"budget-error\"") && bad.text.contains("value=\"lots\""), "{}", bad.text);
    let mut pairs = typed(&coordinator, path, &[("status", "done"), ("expenditure", "180000")]).await;
    last_evidence(&mut pairs, "Case from the Hlotse inspection", "record", "case:not-a-number");
    let bad = coordinator.post(path, &pairs).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    let group = &bad.text[bad.text.find("id=\"evidence-").unwrap()..];
    assert!(bad.text.contains("case:not-a-number") && group.contains("field-error"), "{}", bad.text);

    // A good change: done, what was spent, the case linked, a typed value.
    let cases = app.call(Method::GET, "/api/v1/cases?limit=5", None, &[]).await;
    let number = cases.json["items"][0]["number"].as_str().expect("a case").to_owned();
    let mut pairs = typed(&coordinator, path, &[("status", "done"), ("expenditure", "180 000")]).await;
    last_evidence(&mut pairs, "Case from the Hlotse inspection", "record", &format!("case:{number}"));
    let ok = coordinator.post(path, &pairs).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text);
    let api = app.call(Method::GET, "/api/v1/plan", None, &[]).await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.text);
    let activity = api.json["plan"]["objectives"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|o| o["outcomes"].as_array().unwrap().iter())
        .flat_map(|u| u["activities"].as_array().unwrap().iter())
        .find(|a| a["code"] == "3.1.1")
        .unwrap()
        .clone();
    assert_eq!(activity["status"], "done");
    assert_eq!(activity["expenditure"], 180000);
    assert!(activity["evidence"].as_array().unwrap().iter().any(|e| e["reference"] == format!("case:{number}")));
    let shown = coordinator.get("/plan?year=2025").await;
    let row = &shown.text[shown.text.find("id=\"activity-3.1.1\"").unwrap()..];
    assert!(row[..row.find("</tr>").unwrap()].contains("badge good"), "done: {row}");

    // Stale: the form read at one version, the plan changed since.
    let mut old = typed(&coordinator, path, &[("status", "delayed")]).await;
    let version = api.json["plan_version"].as_i64().unwrap();
    let mut changed = activity.clone();
    changed["status"] = json!("in_progress");
    let bearer = format!("Bearer {}", app.token);
    let r = app
        .call(
            Method::PUT,
            "/api/v1/plan/activities/3.1.1",
            Some(changed),
            &[("authorization", &bearer), ("if-match", &format!("\"{version}\""))],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let stale = coordinator.post(path, &old).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.text);
    assert!(stale.text.contains("Someone changed the plan") && stale.text.contains("In progress"), "{}", stale.text);
    // Saved again from the refused form (it carries the version now): kept.
    let again = &stale.text[stale.text.find("<form class=\"stacked\" method=\"post\"").unwrap()..];
    old = prefilled(again);
    let kept = coordinator.post(path, &old).await;
    assert_eq!(kept.status, StatusCode::SEE_OTHER, "{}", kept.text);

    // The API: a stale If-Match, a recommendation's status, a year carried over.
    let r = app
        .call(
            Method::PUT,
            "/api/v1/plan/activities/3.1.1",
            Some(activity.clone()),
            &[("authorization", &bearer), ("if-match", &format!("\"{version}\""))],
        )
        .await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED, "{}", r.text);
    let now = app.call(Method::GET, "/api/v1/plan", None, &[]).await;
    let recs_version = now.json["recommendations_version"].as_i64().unwrap();
    let mut rec = now.json["recommendations"].as_array().unwrap().iter().find(|r| r["year"] == 2025).unwrap().clone();
    let key = format!("{}-{}", rec["year"], rec["number"]);
    rec["status"] = json!("met");
    let r = app
        .call(
            Method::PUT,
            &format!("/api/v1/plan/recommendations/{key}"),
            Some(rec.clone()),
            &[("authorization", &bearer), ("if-match", &format!("\"{recs_version}\""))],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    rec["activities"] = json!(["9.9.9"]);
    let r = app
        .call(
            Method::PUT,
            &format!("/api/v1/plan/recommendations/{key}"),
            Some(rec),
            &[("authorization", &bearer), ("if-match", &format!("\"{}\"", recs_version + 1))],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert!(
        r.text.contains("\"activities\"") && r.text.contains("9.9.9"),
        "named within the recommendation: {}",
        r.text
    );
    let r = app
        .call(
            Method::POST,
            "/api/v1/plan/recommendations/2025/carry-over",
            None,
            &[("authorization", &bearer), ("if-match", &format!("\"{}\"", recs_version + 1))],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let carried = r.json["recommendations"].as_array().unwrap().iter().filter(|r| r["year"] == 2026).count();
    assert!(carried > 0, "the open 2025 recommendations are 2026's now: {}", r.text);

    // An analyst reads the plan, changes nothing.
    let analyst = Browser::sign_in(&app, "edit.analyst", &[Role::DataAnalyst], &police).await;
    assert!(!analyst.get("/plan").await.text.contains("href=\"/plan/activities/"));
    assert_eq!(analyst.get(path).await.status, StatusCode::FORBIDDEN);

    let auditor = app.token_for("edit.audit", &[Role::Auditor]).await;
    let trail = app
        .call(Method::GET, "/api/v1/audit?action=plan.save", None, &[("authorization", &format!("Bearer {auditor}"))])
        .await;
    assert!(
        trail.text.contains("plan/activity/3.1.1") && trail.text.contains("plan/recommendations/2025"),
        "{}",
        trail.text
    );
}

#[tokio::test]
async fn the_coordinator_changes_a_recommendation_and_carries_the_year_over_in_the_pages() {
    let app = App::new().await;
    loaded(&app).await;
    let police = app.police();
    let coordinator = Browser::sign_in(&app, "rec.coordinator", &[Role::NationalCoordinator], &police).await;
    let plan = coordinator.get("/plan?year=2025").await;
    assert!(plan.text.contains("href=\"/plan/recommendations/2025-2\""), "{}", plan.text);
    assert!(plan.text.contains("id=\"carry-over\""), "{}", plan.text);

    // An empty text is named, what was ticked kept.
    let path = "/plan/recommendations/2025-2";
    let page = coordinator.get(path).await;
    let form = &page.text[page.text.find("<form class=\"stacked\" method=\"post\"").unwrap()..];
    let base: Vec<(String, String)> = prefilled(form).into_iter().filter(|(k, _)| k != "text").collect();
    assert!(base.iter().any(|(k, v)| k == "activities" && v == "3.1.1"), "{base:?}");
    let mut pairs = base.clone();
    pairs.push(("text".into(), "  ".into()));
    let bad = coordinator.post(path, &pairs).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    assert!(bad.text.contains("id=\"text-error\"") && bad.text.contains("value=\"3.1.1\" checked"), "{}", bad.text);

    // Partly met, answered by one more activity.
    let mut pairs: Vec<(String, String)> = base.iter().filter(|(k, _)| k != "status").cloned().collect();
    pairs.push(("status".into(), "partly_met".into()));
    pairs.push(("text".into(), "Adopt and use standard operating procedures for identifying victims.".into()));
    pairs.push(("activities".into(), "1.3.1".into()));
    let ok = coordinator.post(path, &pairs).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text);
    let shown = coordinator.get("/plan?year=2025").await;
    let rec = &shown.text[shown.text.find("id=\"recommendation-2025-2\"").unwrap()..];
    let rec = &rec[..rec.find("</div>").unwrap()];
    assert!(rec.contains("Partly met") && rec.contains("href=\"#activity-1.3.1\""), "{rec}");

    // The same form sent again is stale now.
    let stale = coordinator.post(path, &pairs).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.text);
    assert!(stale.text.contains("Someone changed the recommendations"), "{}", stale.text);

    // Carried over: the open ones become 2026's.
    let plan = coordinator.get("/plan?year=2025").await;
    let form = &plan.text[plan.text.find("id=\"carry-over\"").unwrap()..];
    let carried = coordinator.post("/plan/recommendations/2025/carry-over", &prefilled(form)).await;
    assert_eq!(carried.status, StatusCode::SEE_OTHER, "{}", carried.text);
    let next = coordinator.get("/plan?year=2026").await;
    assert!(next.text.contains("Carried over from 2025-2"), "{}", next.text);
    let before = coordinator.get("/plan?year=2025").await;
    assert!(!before.text.contains("id=\"carry-over\""), "nothing open is left in 2025");

    let analyst = Browser::sign_in(&app, "rec.analyst", &[Role::DataAnalyst], &police).await;
    assert_eq!(analyst.get(path).await.status, StatusCode::FORBIDDEN);
}
