//! The dashboard: levels (a focal point sees only its hub's districts), small counts as "<5" for all but
//! the national coordinator, charts as labelled SVG with their tables, the map of the districts.

use crate::support::{App, victim};
use axum::http::{Method, StatusCode};
use lekhotla_identity::Role;
use serde_json::json;

async fn case_in(app: &App, district: &str, with_victim: bool) {
    let kase = app
        .created(
            "/api/v1/cases",
            json!({"organisation": app.police(), "district": district, "detection_source": "Hotline",
                   "detected_on": "2026-09-01"}),
        )
        .await;
    if with_victim {
        app.created(&format!("/api/v1/cases/{}/victims", kase.id()), victim("Dash-Name-Test", "1990-02-02")).await;
    }
}

async fn dashboard_as(app: &App, token: &str, query: &str) -> String {
    let bearer = format!("Bearer {token}");
    let r = app.call(Method::GET, &format!("/dashboard{query}"), None, &[("authorization", &bearer)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(!r.text.contains("style="), "no inline style (CSP)");
    assert!(!r.text.contains("Dash-Name-Test"), "no name on the dashboard");
    r.text
}

fn cell(district: &str, shown: &str) -> String {
    format!("{district}</th><td class=\"num\" data-label=\"Cases\">{shown}</td>")
}

async fn registry() -> App {
    let app = App::new().await;
    for _ in 0..6 {
        case_in(&app, "LS-A", false).await;
    }
    for _ in 0..3 {
        case_in(&app, "LS-B", true).await;
    }
    case_in(&app, "LS-J", false).await;
    app
}

#[tokio::test]
async fn the_national_coordinator_sees_every_district_exactly() {
    let app = registry().await;
    let html = dashboard_as(&app, &app.token, "").await;
    assert!(html.contains("<h1>The registry in figures</h1>"));
    assert!(html.contains("Showing: National"), "{html}");
    assert!(html.contains(&cell("Maseru", "6")), "{html}");
    assert!(html.contains(&cell("Botha-Bothe", "3")));
    assert!(html.contains(&cell("Mokhotlong", "1")));
    assert!(!html.contains("&lt;5") && !html.contains("&#60;5"), "exact counts for the national coordinator");
    // Over time: ten cases identified in September 2026, as a line chart with its table.
    assert!(
        html.contains(
            "<th scope=\"row\" data-label=\"Month\">2026-09</th><td class=\"num\" data-label=\"Identified\">10</td>"
        ),
        "{html}"
    );
    // Every chart: an image with a title and a description, and the table behind it.
    for id in ["map", "over-time", "victims-sex", "victims-age", "victims-nationality", "victims-exploitation"] {
        assert!(html.contains(&format!("aria-labelledby=\"{id}-t {id}-d\"")), "{id}");
        assert!(html.contains(&format!("<title id=\"{id}-t\">")), "{id}");
        assert!(html.contains(&format!("<desc id=\"{id}-d\">")), "{id}");
    }
    // The map holds links, so it is a group (an image may not hold them); the five charts are images.
    assert_eq!(html.matches("role=\"img\"").count(), 5);
    assert!(html.contains("role=\"group\" aria-labelledby=\"map-t map-d\""), "{html}");
    assert_eq!(html.matches("<details>").count(), 6);
    assert!(
        html.contains("<a href=\"/dashboard?district=LS-B\"><title>Botha-Bothe: 3</title><path"),
        "the map links each district"
    );
    // Victims: three women, by sex.
    assert!(html.contains(">Female: 3</title>"), "{html}");
    let quarters = dashboard_as(&app, &app.token, "?by=quarter").await;
    assert!(
        quarters.contains("data-label=\"Quarter\">2026 Q3</th><td class=\"num\" data-label=\"Identified\">10</td>")
    );
    let district = dashboard_as(&app, &app.token, "?district=LS-A").await;
    assert!(district.contains("Showing: Maseru"));
    assert!(district.contains(&cell("Maseru", "6")));
    assert!(!district.contains(&cell("Botha-Bothe", "3")));
}

#[tokio::test]
async fn a_botha_bothe_focal_point_sees_only_its_hub_with_small_counts_hidden() {
    let app = registry().await;
    let (fp, _) = app
        .user_at(
            "fp.bothabothe",
            &[Role::FocalPoint],
            app.police().parse().map(lekhotla_domain::OrgId).unwrap(),
            Some("LS-B"),
        )
        .await;
    let token = app.token_of(&fp).await;
    for query in ["", "?hub=LS", "?district=LS-A", "?hub=LS-C"] {
        let html = dashboard_as(&app, &token, query).await;
        assert!(html.contains("Showing: Botha-Bothe"), "{query}: {html}");
        assert!(html.contains(&cell("Botha-Bothe", "&#60;5")), "{query}: {html}");
        assert!(html.contains(&cell("Mokhotlong", "&#60;5")), "{query}");
        assert!(
            !html.contains(&cell("Maseru", "6")) && !html.contains("Maseru: "),
            "{query}: Maseru's count is not the hub's"
        );
        assert!(!html.contains("Showing: National") && !html.contains("href=\"/dashboard?hub=LS\""), "{query}");
        assert!(html.contains("Counts from 1 to 4 are shown as"), "{query}");
        assert!(html.contains("<title>Botha-Bothe: &lt;5</title>"), "the map hides it too: {query}");
        assert!(html.contains("<span class=\"n\">&#60;5</span>"), "4 cases in the hub: {query}");
    }
    let mokhotlong = dashboard_as(&app, &token, "?district=LS-J").await;
    assert!(mokhotlong.contains("Showing: Mokhotlong"), "a district of its hub");

    // An analyst sees the country, small counts hidden.
    let analyst = app.token_for("analyst.dash", &[Role::DataAnalyst]).await;
    let html = dashboard_as(&app, &analyst, "").await;
    assert!(html.contains("Showing: National"));
    assert!(html.contains(&cell("Maseru", "6")));
    assert!(html.contains(&cell("Botha-Bothe", "&#60;5")));
    // Someone without the statistics permission is refused.
    let auditor = app.token_for("auditor.dash", &[Role::Auditor]).await;
    let bearer = format!("Bearer {auditor}");
    let r = app.call(Method::GET, "/dashboard", None, &[("authorization", &bearer)]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}
