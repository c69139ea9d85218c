//! Screenings at ports of entry. Through the API: a border official records a session at Maseru Bridge for the
//! immigration service (201, its district taken from the port; its Location reads it back); a port that is not
//! one, a breakdown that does not add up and a case number no case has are each named at their field (422);
//! another organisation's session is refused (403); a change needs the version read (412 when stale). In the
//! pages: the official records one on the form (a bad number named at its field with what was typed kept), sees
//! it on /prevention, and the TIP report counts the screenings, travellers, people referred and cases opened by
//! port and district; a focal point reads the section and the form in Sesotho.

use axum::http::{Method, StatusCode};
use lekhotla_identity::Role;
use serde_json::json;

use crate::referral_pages::{Browser, prefilled};
use crate::support::App;

/// The first cell of the row `code` of the TIP table `id`.
fn cell(report: &serde_json::Value, id: &str, code: &str) -> serde_json::Value {
    let table = report["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["tables"].as_array().unwrap())
        .find(|t| t["id"] == id)
        .unwrap_or_else(|| panic!("the table {id}"))
        .clone();
    let i = table["rows"].as_array().unwrap().iter().position(|l| l["code"] == code).expect("the row");
    table["cells"][i][0]["value"].clone()
}

#[tokio::test]
async fn a_screening_at_maseru_bridge_opens_a_case_and_is_counted() {
    let app = App::new().await;
    let immigration = app.org(|o| o.details.name.starts_with("Department of Immigration"));
    let police = app.police();
    let (official, _) =
        app.user_at("border.official", &[Role::ImmigrationOfficer], immigration.parse().unwrap(), None).await;
    let token = app.token_of(&official).await;
    let bearer = format!("Bearer {token}");
    let auth = [("authorization", bearer.as_str())];
    let r = app
        .call(
            Method::POST,
            "/api/v1/cases",
            Some(json!({"organisation": police, "district": "LS-A", "detection_source": "BorderPost",
                        "detected_on": "2025-12-16"})),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let number = r.json["number"].as_str().unwrap().to_owned();
    let bridge = |org: &str, port: &str, cases: serde_json::Value| {
        json!({
            "port": port, "organisation": org, "started_on": "2025-12-15", "ended_on": "2025-12-16",
            "direction": "Leaving", "travellers": 120,
            "by_group": {"women": 50, "men": 40, "girls": 18, "boys": 12},
            "indicators": ["ChildWithNonRelative", "TooGoodJobOffer"], "referred": 2, "cases": cases
        })
    };

    let r = app.call(Method::POST, "/api/v1/screenings", Some(bridge(&immigration, "LS-A", json!([]))), &auth).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert_eq!(r.json["error"]["fields"][0]["field"], "port", "{}", r.text);
    let mut uneven = bridge(&immigration, "POE-MASERU-BRIDGE", json!([]));
    uneven["travellers"] = json!(100);
    let r = app.call(Method::POST, "/api/v1/screenings", Some(uneven), &auth).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert_eq!(r.json["error"]["fields"][0]["field"], "by_group", "{}", r.text);
    let stray = bridge(&immigration, "POE-MASERU-BRIDGE", json!(["LS-2025-999999"]));
    let r = app.call(Method::POST, "/api/v1/screenings", Some(stray), &auth).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert_eq!(r.json["error"]["fields"][0]["field"], "cases", "{}", r.text);
    let r = app
        .call(Method::POST, "/api/v1/screenings", Some(bridge(&police, "POE-MASERU-BRIDGE", json!([]))), &auth)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);

    let r = app
        .call(
            Method::POST,
            "/api/v1/screenings",
            Some(bridge(&immigration, "POE-MASERU-BRIDGE", json!([number]))),
            &auth,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.json["district"], "LS-A", "{}", r.text);
    let location = r.headers["location"].to_str().unwrap().to_owned();
    let back = app.call(Method::GET, &location, None, &auth).await;
    assert_eq!(
        (back.json["cases"].clone(), back.json["referred"].clone()),
        (json!([number]), json!(2)),
        "{}",
        back.text
    );

    let r = app
        .call(
            Method::PATCH,
            &location,
            Some(json!({"note": "Two girls sent to the CGPU"})),
            &[auth[0], ("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let r = app.call(Method::PATCH, &location, Some(json!({"referred": 3})), &[auth[0], ("if-match", "\"1\"")]).await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED, "{}", r.text);

    // On the page: a bad number is named with what was typed kept; a good one is listed.
    let browser = Browser::sign_in(&app, "border.page", &[Role::ImmigrationOfficer], &immigration).await;
    let form = browser.get("/prevention/screenings/new").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    assert!(form.text.contains("Maseru Bridge (Maseru)") && form.text.contains("Van Rooyen"), "{}", form.text);
    let mut pairs = prefilled(&form.text[form.text.find("<form class=\"stacked\" method=\"post\"").unwrap()..]);
    for (k, v) in [
        ("port", "POE-MAPUTSOE-BRIDGE"),
        ("started_on", "2025-12-20"),
        ("direction", "Entering"),
        ("travellers", "many"),
        ("referred", "1"),
        ("indicators", "NoOwnDocuments"),
    ] {
        pairs.retain(|(name, _)| name != k);
        pairs.push((k.into(), v.into()));
    }
    let bad = browser.post("/prevention/screenings/new", &pairs).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    assert!(bad.text.contains("id=\"travellers-error\"") && bad.text.contains("value=\"many\""), "{}", bad.text);
    for p in pairs.iter_mut().filter(|(k, _)| k == "travellers") {
        p.1 = "60".into();
    }
    let ok = browser.post("/prevention/screenings/new", &pairs).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text);
    let page = browser.get("/prevention?year=2025").await;
    assert!(page.text.contains("id=\"screenings\"") && page.text.contains("Maputsoe Bridge (Leribe)"), "{}", page.text);
    assert!(page.text.contains("180 travellers screened") && page.text.contains(&number), "{}", page.text);

    let r = app.get("/api/v1/reports/tip?period=2025-04-01..2026-03-31&level=unsuppressed").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(cell(&r.json, "prevention.screenings", "POE-MASERU-BRIDGE"), json!(1));
    assert_eq!(cell(&r.json, "prevention.screened", "POE-MASERU-BRIDGE"), json!(120));
    assert_eq!(cell(&r.json, "prevention.screened_districts", "LS-C"), json!(60));
    assert_eq!(cell(&r.json, "prevention.screening_referred", "POE-MASERU-BRIDGE"), json!(2));
    assert_eq!(cell(&r.json, "prevention.screening_cases", "POE-MASERU-BRIDGE"), json!(1));
    let r = app.get("/api/v1/screenings?district=LS-C").await;
    assert_eq!(r.json["items"].as_array().unwrap().len(), 1, "{}", r.text);

    // A focal point reads it in Sesotho.
    let focal = Browser::sign_in(&app, "focal.sesotho", &[Role::FocalPoint], &police).await;
    let r = app
        .call(Method::GET, "/prevention?year=2025", None, &[("cookie", &focal.cookie), ("accept-language", "st")])
        .await;
    assert!(
        r.text.contains("Lihlahlobo tsa baeti liheking tsa moeli") && r.text.contains("Ba tsoang Lesotho"),
        "{}",
        r.text
    );
}
