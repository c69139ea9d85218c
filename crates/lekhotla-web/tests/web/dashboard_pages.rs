//! The dashboard: levels (a focal point sees only its hub's districts), the figures through the report's
//! disclosure step at the role's level (public for the analyst, internal for the others, unsuppressed on
//! request for the national coordinator), charts as labelled SVG with their tables, the map of the districts.

use crate::support::{App, victim};
use axum::http::{Method, StatusCode};
use lekhotla_identity::Role;
use lekhotla_report::dashboard;
use lekhotla_report::disclose;
use lekhotla_report::{CellState, Disclosure, DisclosureLevel};
use lekhotla_storage::FiguresFilter;
use serde_json::json;
use time::macros::date;

const X: &str = "<abbr title=\"suppressed to protect the people counted\">x</abbr>";

/// A case in `district` detected on `day`, with `victims` victims (`(first name, gender)`).
async fn case_on(app: &App, district: &str, day: &str, victims: &[&str]) {
    let kase = app
        .created(
            "/api/v1/cases",
            json!({"organisation": app.police(), "district": district, "detection_source": "Hotline",
                   "detected_on": day}),
        )
        .await;
    for gender in victims {
        let mut v = victim("Dash-Name-Test", "1990-02-02");
        v["person"]["gender"] = json!(gender);
        v["context"]["identified_on"] = json!(day);
        app.created(&format!("/api/v1/cases/{}/victims", kase.id()), v).await;
    }
}

async fn case_in(app: &App, district: &str, with_victim: bool) {
    case_on(app, district, "2026-09-01", if with_victim { &["Feminine"] } else { &[] }).await;
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

fn hidden(district: &str) -> String {
    format!("{district}</th><td class=\"num suppressed\" data-label=\"Cases\">{X}</td>")
}

/// Every number the page publishes: in the tables, the heading's cards and the charts' labels.
fn published(html: &str) -> Vec<u64> {
    let mut out = Vec::new();
    for (open, close) in
        [("<td class=\"num\" data-label=\"", "</td>"), ("<span class=\"n\">", "</span>"), (": ", "</title>")]
    {
        for piece in html.split(open).skip(1) {
            let Some(body) = piece.split(close).next() else { continue };
            let text = if open.starts_with("<td") { body.split_once("\">").map_or("", |(_, t)| t) } else { body };
            if let Ok(n) = text.parse() {
                out.push(n);
            }
        }
    }
    out
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
async fn the_national_coordinator_sees_every_district_exactly_when_unsuppressed() {
    let app = registry().await;
    let html = dashboard_as(&app, &app.token, "?level=unsuppressed").await;
    assert!(html.contains("<h1>The registry in figures</h1>"));
    assert!(html.contains("Showing: National"), "{html}");
    assert!(html.contains("OFFICIAL - SENSITIVE · nothing is suppressed"), "marked as such: {html}");
    assert!(html.contains("Unsuppressed: every cell is shown."), "{html}");
    assert!(html.contains(&cell("Maseru", "6")), "{html}");
    assert!(html.contains(&cell("Botha-Bothe", "3")));
    assert!(html.contains(&cell("Mokhotlong", "1")));
    assert!(html.contains(&cell("Total", "10")));
    assert!(!html.contains(X), "exact counts for the national coordinator");
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
    // The level rides along every link.
    assert!(
        html.contains("<a href=\"/dashboard?district=LS-B&amp;level=unsuppressed\"><title>Botha-Bothe: 3</title><path"),
        "the map links each district: {html}"
    );
    // Victims: three women, by sex.
    assert!(html.contains(">Female: 3</title>"), "{html}");
    let quarters = dashboard_as(&app, &app.token, "?by=quarter&level=unsuppressed").await;
    assert!(
        quarters.contains("data-label=\"Quarter\">2026 Q3</th><td class=\"num\" data-label=\"Identified\">10</td>")
    );
    let district = dashboard_as(&app, &app.token, "?district=LS-A&level=unsuppressed").await;
    assert!(district.contains("Showing: Maseru"));
    assert!(district.contains(&cell("Maseru", "6")));
    assert!(!district.contains(&cell("Botha-Bothe", "3")));

    // By default the national coordinator gets the internal rule, as on the report page, and may choose.
    let html = dashboard_as(&app, &app.token, "").await;
    assert!(html.contains("Internal rule: counts from 1 to 4 are suppressed"), "{html}");
    assert!(!html.contains("banner sensitive"));
    assert!(html.contains(&hidden("Botha-Bothe")) && html.contains(&hidden("Mokhotlong")), "{html}");
    assert!(html.contains("<a href=\"/dashboard?level=unsuppressed\">Unsuppressed (OFFICIAL - SENSITIVE)</a>"));
    assert!(html.contains("<title>Botha-Bothe: x</title>") && html.contains(">x: suppressed</text>"), "{html}");
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
        assert!(html.contains(&hidden("Botha-Bothe")), "{query}: {html}");
        assert!(html.contains(&hidden("Mokhotlong")), "{query}");
        assert!(
            !html.contains(&cell("Maseru", "6")) && !html.contains("Maseru: "),
            "{query}: Maseru's count is not the hub's"
        );
        assert!(!html.contains("Showing: National") && !html.contains("href=\"/dashboard?hub=LS\""), "{query}");
        assert!(html.contains("Internal rule: counts from 1 to 4 are suppressed"), "{query}");
        assert!(html.contains("<title>Botha-Bothe: x</title>"), "the map hides it too: {query}");
        assert!(html.contains(&format!("<span class=\"n\">{X}</span>")), "4 cases in the hub: {query}");
        assert!(published(&html).iter().all(|n| *n == 0 || *n >= 5), "{query}: {:?}", published(&html));
    }
    let mokhotlong = dashboard_as(&app, &token, "?district=LS-J").await;
    assert!(mokhotlong.contains("Showing: Mokhotlong"), "a district of its hub");
    let bearer = format!("Bearer {token}");
    let r = app.call(Method::GET, "/dashboard?level=unsuppressed", None, &[("authorization", &bearer)]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "only the national coordinator sees every cell");

    // An analyst sees the country under the public rule: Maseru's 6 is under 10.
    let analyst = app.token_for("analyst.dash", &[Role::DataAnalyst]).await;
    let html = dashboard_as(&app, &analyst, "").await;
    assert!(html.contains("Showing: National"));
    assert!(html.contains("Public rule: counts from 1 to 9 are suppressed"), "{html}");
    assert!(html.contains(&hidden("Maseru")) && html.contains(&hidden("Botha-Bothe")), "{html}");
    assert!(!html.contains("level=internal"), "the analyst has one level only");
    let bearer = format!("Bearer {analyst}");
    let r = app.call(Method::GET, "/dashboard?level=internal", None, &[("authorization", &bearer)]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "the analyst gets the public rule only");
    // Someone without the statistics permission is refused.
    let auditor = app.token_for("auditor.dash", &[Role::Auditor]).await;
    let bearer = format!("Bearer {auditor}");
    let r = app.call(Method::GET, "/dashboard", None, &[("authorization", &bearer)]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

/// A registry of varied counts: districts, months and victims' sexes with cells below 5 and below 10.
async fn varied() -> App {
    let app = App::new().await;
    for (district, day, n, victims) in [
        ("LS-A", "2026-08-10", 25, &["Feminine"][..]),
        ("LS-C", "2026-09-10", 12, &["Feminine"][..]),
        ("LS-D", "2026-10-10", 7, &[][..]),
        ("LS-B", "2026-10-11", 3, &["Masculine"][..]),
        ("LS-J", "2026-07-15", 1, &[][..]),
    ] {
        for _ in 0..n {
            case_on(&app, district, day, victims).await;
        }
    }
    app
}

/// The dashboard's grid for the national level as the page builds it (the clock stands at 2026-11-20).
async fn national_grid(app: &App) -> (lekhotla_storage::Figures, Vec<String>, Vec<String>) {
    let filter = FiguresFilter { districts: None, from: date!(2025 - 12 - 01), to: date!(2026 - 11 - 20) };
    let figures = app.store.figures(&filter).await.unwrap();
    let districts = app.geography.districts().map(|d| d.code.to_string()).collect();
    let mut months = vec!["2025-12".to_owned()];
    months.extend((1..=11).map(|m| format!("2026-{m:02}")));
    (figures, districts, months)
}

#[tokio::test]
async fn no_small_figure_is_published_and_no_suppressed_one_can_be_worked_out() {
    let app = varied().await;
    let analyst = app.token_for("analyst.varied", &[Role::DataAnalyst]).await;
    let (figures, districts, months) = national_grid(&app).await;
    assert_eq!(figures.by_district.iter().map(|(_, n)| n).sum::<u64>(), 48);
    for (token, level, query) in [
        (analyst.as_str(), DisclosureLevel::Public, ""),
        (app.token.as_str(), DisclosureLevel::Internal, ""),
        (analyst.as_str(), DisclosureLevel::Public, "?by=quarter"),
        (app.token.as_str(), DisclosureLevel::Internal, "?by=quarter"),
    ] {
        let rule = Disclosure::of(level);
        let html = dashboard_as(&app, token, query).await;
        let shown = published(&html);
        assert!(shown.len() > 20, "{level:?}: {shown:?}");
        assert!(shown.iter().all(|n| *n == 0 || *n >= rule.threshold), "{level:?} {query}: {shown:?}");
        // The grid the dashboard built: every small cell's range, from the published cells and the totals
        // (the heading's among them), is at least the protection wide.
        let (draft, _) = dashboard::draft(&figures, &districts, &months).unwrap();
        let states = disclose::states(&draft, rule).unwrap();
        assert!(states.contains(&CellState::Primary) && states.contains(&CellState::Secondary), "{states:?}");
        let weak = disclose::weaknesses(&draft, rule, &states).unwrap();
        assert!(weak.is_empty(), "{level:?}: narrowed below the protection: {weak:?}");
        // And that grid is what the page shows.
        let p = dashboard::protect(&figures, &districts, &months, rule).unwrap();
        for (row, line) in p.tables.cases.rows.iter().zip(&p.tables.cases.cells) {
            let name = app.geography.get(&row.code).map_or("Total".to_owned(), |u| u.name.replace('\'', "&#39;"));
            let expected = match line[0].value {
                Some(v) => cell(&name, &v.to_string()),
                None => hidden(&name),
            };
            assert!(html.contains(&expected), "{level:?}: {expected}");
        }
    }
    // The heading cannot give a hidden district away: with Mokhotlong's 1 hidden, another district or the
    // total is hidden too.
    let html = dashboard_as(&app, &app.token, "").await;
    assert!(html.contains(&hidden("Mokhotlong")) && html.contains(&hidden("Botha-Bothe")), "{html}");
    let hidden_cases = ["Maseru", "Berea", "Leribe", "Mafeteng", "Total"].iter().filter(|d| html.contains(&hidden(d)));
    assert!(hidden_cases.count() >= 1, "{html}");
    // The national coordinator sees every figure, exactly.
    let open = dashboard_as(&app, &app.token, "?level=unsuppressed").await;
    for (district, n) in [("Maseru", 25), ("Leribe", 12), ("Berea", 7), ("Botha-Bothe", 3), ("Mokhotlong", 1)] {
        assert!(open.contains(&cell(district, &n.to_string())), "{district}: {open}");
    }
    assert!(open.contains("<span class=\"n\">48</span>") && open.contains(">Male: 3</title>"), "{open}");
    assert!(!open.contains(X));
}
