//! The action plan's page: before a plan is loaded it says how to load one; with the illustrative plan of
//! `data/plan` loaded it shows the pillars, the activities with overspending flagged, an indicator computed live
//! from the registry (a training recorded through the API is counted, by district, and says when it was
//! computed), typed indicators as of their day, and the 2025 recommendations with their answering activities;
//! in Sesotho too. A count of cases under the reader's threshold is withheld (an analyst's public level), shown
//! to the coordinator unsuppressed. A role that does not read statistics does not reach it.

use axum::http::{Method, StatusCode};
use lekhotla_domain::{ActionPlan, Recommendations};
use lekhotla_identity::Role;
use lekhotla_storage::{Action, ActionPlans, PlanVersions};
use serde_json::json;

use crate::referral_pages::Browser;
use crate::support::{App, note};

const PLAN: &str = include_str!("../../../../data/plan/illustrative-action-plan.csv");
const RECS: &str = include_str!("../../../../data/plan/illustrative-recommendations-2025.csv");

/// Loads the illustrative plan and its 2025 recommendations, and records through the API a training in Leribe
/// in 2025 and a joint inspection there that opened a case.
pub async fn loaded(app: &App) {
    let plan = ActionPlan::from_csv(PLAN).unwrap();
    let recs = Recommendations::from_csv(RECS, &plan).unwrap();
    let mut entry = note().record("plan/action_plan");
    entry.action = Action::PlanSave;
    app.store.write_plan(&plan, &recs, PlanVersions::default(), time::OffsetDateTime::now_utc(), entry).await.unwrap();

    // A training in Leribe in 2025, recorded by the police.
    let police = app.police();
    let training = json!({
        "title": "Identifying victims at the border", "organisation": police, "country": "LS", "district": "LS-C",
        "started_on": "2025-10-06", "ended_on": "2025-10-08",
        "participants": [{"role": "Police", "sex": "Feminine", "people": 9}]
    });
    let r = app.call(Method::POST, "/api/v1/trainings", Some(training), &[]).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);

    // A joint inspection in 2025 that opened a case.
    let case = json!({"organisation": police, "district": "LS-C", "detection_source": "LabourInspection",
                      "detected_on": "2025-11-04"});
    let r = app.call(Method::POST, "/api/v1/cases", Some(case), &[]).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let inspection = json!({
        "employer": "Hlotse vegetable farm", "sector": "A_AgricultureForestryAndFishing", "organisation": police,
        "district": "LS-C", "inspected_on": "2025-11-04", "agencies": ["Labour", "Police"],
        "workers": 40, "foreign_workers": 12, "cases": [r.json["number"]]
    });
    let r = app.call(Method::POST, "/api/v1/inspections", Some(inspection), &[]).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
}

#[tokio::test]
async fn the_plan_page_shows_pillars_live_figures_and_recommendations() {
    let app = App::new().await;
    let analyst = Browser::sign_in(&app, "plan.analyst", &[Role::DataAnalyst], &app.police()).await;
    let empty = analyst.get("/plan").await;
    assert_eq!(empty.status, StatusCode::OK, "{}", empty.text);
    assert!(empty.text.contains("id=\"plan-none\"") && empty.text.contains("href=\"/plan\""), "{}", empty.text);

    loaded(&app).await;
    let police = app.police();

    let page = analyst.get("/plan?year=2025").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    let t = &page.text;
    let cell = |t: &str, code: &str| {
        let row = &t[t.find(&format!("id=\"indicator-{code}\"")).unwrap()..];
        row[..row.find("</tr>").unwrap()].to_owned()
    };
    for pillar in ["prevention", "protection", "prosecution", "partnership", "coordination"] {
        assert!(t.contains(&format!("id=\"pillar-{pillar}\"")), "pillar {pillar}: {t}");
    }
    assert!(t.contains(">Partnership</h2>") && t.contains("ILLUSTRATIVE action plan"), "{t}");
    // Activity 1.3.1 spent more than its budget.
    let row = &t[t.find("id=\"activity-1.3.1\"").unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains("badge bad") && row.contains("over budget"), "{row}");
    // The trainings indicator is live: the one training, in Leribe, computed at the server's time (Maseru).
    let ind = &t[t.find("id=\"indicator-3.1.2-a\"").unwrap()..];
    let ind = &ind[..ind.find("</tr>").unwrap()];
    assert!(ind.contains("<strong class=\"plan-value\">1</strong>") && ind.contains("LS-C 1"), "{ind}");
    assert!(ind.contains(">Live<") && ind.contains("computed at 2026-11-20 12:00"), "{ind}");
    // A typed indicator says as of when.
    assert!(t.contains(">Typed in<") && t.contains("as of "), "{t}");
    // The 2025 recommendations, each with the activities that answer it.
    let rec = &t[t.find("id=\"recommendation-2025-2\"").unwrap()..];
    let rec = &rec[..rec.find("</div>").unwrap()];
    assert!(rec.contains("standard operating procedures") && rec.contains("href=\"#activity-3.1.1\""), "{rec}");
    assert!(rec.contains("Carried over from 2024-2") && rec.contains("id=\"indicator-3.1.2-a\""), "{rec}");
    // Counts of people or cases under the reader's threshold are withheld: the analyst reads public figures
    // (under 10 withheld), the coordinator may ask for them unsuppressed. No victim yet: 0 is shown.
    assert!(t.contains("id=\"plan-rule\"") && t.contains("Public rule"), "{t}");
    assert!(cell(t, "1.3-a").contains("<strong class=\"plan-value\">0</strong>"), "no victim counted: {t}");
    assert_eq!(analyst.get("/plan?level=unsuppressed").await.status, StatusCode::FORBIDDEN);
    assert!(cell(t, "2.2-a").contains(">withheld<"), "one inspection with a case, under 10: {t}");
    let coordinator = Browser::sign_in(&app, "plan.coordinator", &[Role::NationalCoordinator], &police).await;
    let open = coordinator.get("/plan?year=2025&level=unsuppressed").await;
    assert_eq!(open.status, StatusCode::OK, "{}", open.text);
    assert!(cell(&open.text, "2.2-a").contains("<strong class=\"plan-value\">1</strong>"), "{}", open.text);
    assert!(open.text.contains("name=\"level\" value=\"unsuppressed\""), "{}", open.text);
    let other = analyst.get("/plan?year=2024").await;
    assert!(other.text.contains("No recommendation is loaded for this year."), "{}", other.text);

    // In Sesotho.
    let cookie = format!("{}; lekhotla_lang=st", analyst.cookie);
    let st = app.call(Method::GET, "/plan?year=2025", None, &[("cookie", &cookie)]).await;
    assert_eq!(st.status, StatusCode::OK, "{}", st.text);
    assert!(st.text.contains("Likhothaletso tsa 2025") && st.text.contains(">Tšebelisano</h2>"), "{}", st.text);

    // An auditor reads no statistics: no plan.
    let auditor = Browser::sign_in(&app, "plan.auditor", &[Role::Auditor], &app.police()).await;
    assert_eq!(auditor.get("/plan").await.status, StatusCode::FORBIDDEN);
}
