//! The country's figures on the web: the level and area each role may ask for, the report as JSON and as
//! files (with their audit entries), the page with its tables, charts and downloads, and frozen reports
//! (freezing by the national coordinator only, shown again as frozen beside what changed since).

use crate::support::{App, report_signer, request, send};
use axum::http::{Method, StatusCode};
use lekhotla_demo::DemoGenerator;
use lekhotla_identity::Role;
use serde_json::{Value, json};
use time::macros::date;

/// A registry with generated cases (the same organisations as the app's).
pub async fn registry() -> App {
    let app = App::new().await;
    let generator = DemoGenerator::new(&app.geography, 5, date!(2026 - 11 - 20));
    let cases: Vec<_> = generator.cases(400).collect();
    app.store.import(&app.orgs, &cases, crate::support::note()).await.unwrap();
    app
}

async fn get_as(app: &App, token: &str, path: &str) -> crate::support::Reply {
    let bearer = format!("Bearer {token}");
    app.call(Method::GET, path, None, &[("authorization", &bearer)]).await
}

fn cells(report: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    for s in report["sections"].as_array().unwrap() {
        for t in s["tables"].as_array().unwrap() {
            for line in t["cells"].as_array().unwrap() {
                out.extend(line.as_array().unwrap().iter().cloned());
            }
        }
    }
    out
}

#[tokio::test]
async fn each_role_gets_its_level_and_area() {
    let app = registry().await;
    // The national coordinator: internal by default, unsuppressed on asking, marked sensitive.
    let r = get_as(&app, &app.token, "/api/v1/reports/tip?period=tip-2025").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json["disclosure"]["level"], "internal");
    assert_eq!(r.json["disclosure"]["threshold"], 5);
    assert_eq!(r.json["period"]["from"], "2025-04-01");
    assert_eq!(r.json["scope"]["level"], "national");
    let all = cells(&r.json);
    assert!(all.iter().any(|c| c["value"].is_null()), "some cells are suppressed");
    assert!(all.iter().all(|c| c["value"].as_u64().is_none_or(|v| v == 0 || v >= 5)), "no published count under 5");
    let open = get_as(&app, &app.token, "/api/v1/reports/tip?period=tip-2025&level=unsuppressed").await;
    assert!(cells(&open.json).iter().all(|c| c["state"] == "published"));
    // The analyst: public only.
    let analyst = app.token_for("analyst", &[Role::DataAnalyst]).await;
    let r = get_as(&app, &analyst, "/api/v1/reports/tip?period=tip-2025").await;
    assert_eq!(r.json["disclosure"]["level"], "public");
    assert!(cells(&r.json).iter().all(|c| c["value"].as_u64().is_none_or(|v| v == 0 || v >= 10)));
    let r = get_as(&app, &analyst, "/api/v1/reports/tip?period=tip-2025&level=unsuppressed").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
    let r = get_as(&app, &analyst, "/api/v1/reports/tip?period=tip-2025&level=internal").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // A focal point of Botha-Bothe: its hub by default, not the nation, not another hub.
    let org = lekhotla_domain::OrgId(app.police().parse().unwrap());
    let (focal, _) = app.user_at("focal-b", &[Role::FocalPoint], org, Some("LS-B")).await;
    let focal = app.token_of(&focal).await;
    let r = get_as(&app, &focal, "/api/v1/reports/tip?period=tip-2025").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json["scope"]["level"], "hub", "{}", r.json["scope"]);
    assert_eq!(r.json["scope"]["code"], "LS-B");
    assert_eq!(
        get_as(&app, &focal, "/api/v1/reports/tip?period=tip-2025&area=national").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        get_as(&app, &focal, "/api/v1/reports/tip?period=tip-2025&area=LS-A").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(get_as(&app, &focal, "/api/v1/reports/tip?period=tip-2025&area=LS-J").await.status, StatusCode::OK);
    // Bad input: named, with the field.
    let r = get_as(&app, &app.token, "/api/v1/reports/tip?period=2025-13").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text.contains("period"), "{}", r.text);
    let r = get_as(&app, &app.token, "/api/v1/reports/tip?period=2025&format=doc").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = get_as(&app, &app.token, "/api/v1/reports/tip?period=2025&area=LS-Z").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    // Without statistics: refused.
    let auditor = app.token_for("auditor", &[Role::Auditor]).await;
    assert_eq!(get_as(&app, &auditor, "/api/v1/reports/tip?period=2025").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn files_leave_with_an_audit_entry() {
    let app = registry().await;
    let r = get_as(&app, &app.token, "/api/v1/reports/tip?period=tip-2025&format=csv").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers["content-type"], "text/csv; charset=utf-8");
    let disposition = r.headers["content-disposition"].to_str().unwrap();
    assert!(disposition.contains("lekhotla-tip-2025-04-01-to-2026-03-31-national-internal.csv"), "{disposition}");
    assert!(r.text.starts_with("period_from,period_to,scope,rule,threshold,table,"));
    assert!(r.text.contains(",protection.victims_by_sex") || r.text.contains(",protection.victims_by_status,"));
    let trail = get_as(&app, &app.token, "/api/v1/audit?action=export").await;
    let auditor = app.token_for("auditor", &[Role::Auditor]).await;
    let trail = if trail.status == StatusCode::OK {
        trail
    } else {
        get_as(&app, &auditor, "/api/v1/audit?action=export").await
    };
    assert!(trail.text.contains("report/tip") && trail.text.contains("format:csv"), "{}", trail.text);
}

#[tokio::test]
async fn the_page_shows_the_tables_and_freezes() {
    let app = registry().await;
    let bearer = format!("Bearer {}", app.token);
    let r = app.call(Method::GET, "/reports?period=tip-2025", None, &[("authorization", &bearer)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let html = &r.text;
    assert!(html.contains("<h1>The country&#39;s figures</h1>"), "{}", &html[..600]);
    assert!(html.contains("Investigations") && html.contains("Victims identified by age group"));
    assert!(html.contains("<abbr title=\"suppressed to protect the people counted\">x</abbr>"), "suppressed cells");
    assert!(html.contains("role=\"img\""), "charts");
    assert!(html.contains("format=pdf") && html.contains("format=xlsx"));
    assert!(!html.contains("style="), "no inline style (CSP)");
    // Sesotho chrome.
    let st = app
        .call(
            Method::GET,
            "/reports?period=tip-2025",
            None,
            &[("authorization", &bearer), ("cookie", "lekhotla_lang=st")],
        )
        .await;
    assert!(st.text.contains("<h1>Lipalo tsa naha</h1>"), "{}", &st.text[..400]);
    // Freezing through the API: the coordinator only.
    let analyst = app.token_for("analyst", &[Role::DataAnalyst]).await;
    let refused = app
        .call(
            Method::POST,
            "/api/v1/reports/frozen",
            Some(json!({"period": "tip-2025"})),
            &[("authorization", &format!("Bearer {analyst}"))],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let frozen = app.post("/api/v1/reports/frozen", json!({"period": "tip-2025"})).await;
    assert_eq!(frozen.status, StatusCode::CREATED, "{}", frozen.text);
    let id = frozen.id();
    let before = get_as(&app, &app.token, &format!("/api/v1/reports/frozen/{id}?level=unsuppressed")).await;
    assert_eq!(before.status, StatusCode::OK, "{}", before.text);
    // Late data entry, the next day: a victim identified in the period, recorded after freezing.
    let later = app.router_at(time::macros::datetime!(2026-11-21 09:00 UTC));
    let bearer_h = [("authorization", bearer.as_str())];
    let kase = send(
        later.clone(),
        request(
            Method::POST,
            "/api/v1/cases",
            Some(json!({"organisation": app.police(), "district": "LS-C", "detection_source": "Hotline", "detected_on": "2025-06-01"})),
            &bearer_h,
        ),
    )
    .await;
    assert_eq!(kase.status, StatusCode::CREATED, "{}", kase.text);
    let mut v = crate::support::victim("Late-Entry", "1990-02-02");
    v["context"]["identified_on"] = json!("2025-06-02");
    let corrected = [("authorization", bearer.as_str()), ("lekhotla-correction", "a victim recorded late")];
    let added =
        send(later, request(Method::POST, &format!("/api/v1/cases/{}/victims", kase.id()), Some(v), &corrected)).await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text);
    let after = get_as(&app, &app.token, &format!("/api/v1/reports/frozen/{id}?level=unsuppressed")).await;
    assert_eq!(after.json, before.json, "the frozen report is as it was");
    let cmp = get_as(&app, &app.token, &format!("/api/v1/reports/frozen/{id}?level=unsuppressed&format=compare")).await;
    assert_eq!(cmp.status, StatusCode::OK, "{}", cmp.text);
    let number = kase.json["number"].as_str().unwrap();
    assert!(
        cmp.json["cases"].as_array().unwrap().iter().any(|c| c["number"] == number && c["added"] == true),
        "{}",
        cmp.json["cases"]
    );
    assert!(!cmp.json["changes"].as_array().unwrap().is_empty(), "the late victim changes some figures");
    assert!(!cmp.text.contains("Late-Entry"), "numbers only");
    // The page of the frozen report.
    let page = app.call(Method::GET, &format!("/reports/frozen/{id}"), None, &[("authorization", &bearer)]).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.text.contains(number), "the case added since, by number");
    assert!(page.text.contains("Its signature holds"), "signed with this installation's key");
    // Tampering with the stored text breaks the signature (the key is the test installation's).
    assert_eq!(report_signer().verifier().to_hex().len(), 64);
}
