//! The long pages' contents: the report (on /reports and a frozen one), prevention, the plan's progress,
//! administration and committees each list their parts at the top, every link lands on a part of the page, every
//! part is listed, and each part ends with a link back to the contents (a phone user scrolls a report of some
//! fifty tables otherwise). Prevention's counts are grouped by threes.

use axum::http::{Method, StatusCode};
use lekhotla_identity::Role;
use serde_json::json;

use crate::report_pages::registry;
use crate::support::App;

/// The `#fragment` links inside the `<nav>` whose id is `nav`.
fn contents<'a>(html: &'a str, nav: &str) -> Vec<&'a str> {
    let start = html.find(&format!("<nav id=\"{nav}\"")).unwrap_or_else(|| panic!("no contents #{nav}"));
    let end = start + html[start..].find("</nav>").expect("the contents end");
    html[start..end].split("href=\"#").skip(1).map(|rest| &rest[..rest.find('"').unwrap()]).collect()
}

/// The ids that follow `marker` (`<h2 id="` ...), in the page's order.
fn ids<'a>(html: &'a str, marker: &str) -> Vec<&'a str> {
    html.split(marker).skip(1).map(|rest| &rest[..rest.find('"').unwrap()]).collect()
}

fn has_id(html: &str, id: &str) -> bool {
    html.contains(&format!("id=\"{id}\""))
}

async fn page(app: &App, token: &str, path: &str, lang: &str) -> String {
    let bearer = format!("Bearer {token}");
    let cookie = format!("lekhotla_lang={lang}");
    let r = app.call(Method::GET, path, None, &[("authorization", &bearer), ("cookie", &cookie)]).await;
    assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.text);
    r.text
}

/// A report's contents name each section and each table, in order, and each section links back to them.
fn check_report(html: &str) {
    let listed = contents(html, "report-contents");
    let sections = ids(html, "<h2 id=\"sec-");
    let tables = ids(html, "<figure class=\"report-table\" id=\"");
    assert!(sections.len() >= 4 && tables.len() > sections.len(), "{sections:?} {tables:?}");
    let mut expected = Vec::new();
    for (i, section) in sections.iter().enumerate() {
        expected.push(format!("sec-{section}"));
        let from = html.find(&format!("<h2 id=\"sec-{section}\"")).unwrap();
        let to = sections.get(i + 1).map_or(html.len(), |next| html.find(&format!("<h2 id=\"sec-{next}\"")).unwrap());
        expected.extend(ids(&html[from..to], "<figure class=\"report-table\" id=\"").iter().map(|t| (*t).to_owned()));
    }
    assert_eq!(listed, expected, "the contents list every section, then its tables, in the page's order");
    assert!(listed.iter().all(|id| has_id(html, id)), "every link lands on the page");
    assert_eq!(html.matches("href=\"#report-contents\"").count(), sections.len(), "one way back per section");
}

#[tokio::test]
async fn the_report_lists_its_sections_and_tables_and_each_leads_back() {
    let app = registry().await;
    let html = page(&app, &app.token, "/reports?period=tip-2025", "en").await;
    check_report(&html);
    assert!(html.contains("aria-label=\"Contents\"") && html.contains(">Back to the contents</a>"));
    let st = page(&app, &app.token, "/reports?period=tip-2025", "st").await;
    check_report(&st);
    assert!(st.contains("aria-label=\"Litaba\"") && st.contains(">Khutlela litabeng</a>"));

    // A frozen report shows the same article.
    let frozen = app.post("/api/v1/reports/frozen", json!({"period": "tip-2025"})).await;
    assert_eq!(frozen.status, StatusCode::CREATED, "{}", frozen.text);
    check_report(&page(&app, &app.token, &format!("/reports/frozen/{}", frozen.id()), "en").await);
}

#[tokio::test]
async fn prevention_lists_its_four_registers_with_their_counts_under_one_year() {
    let app = App::new().await;
    let police = app.police();
    let (officer, _) = app.user("contents.officer", &[Role::Investigator]).await;
    let token = app.token_of(&officer).await;
    let campaign = json!({
        "title": "Know before you go", "organisation": police, "country": "ZA", "town": "Welkom",
        "audience": "MigrantWorkers", "channels": ["Gathering"], "started_on": "2025-09-12", "reach": 12045
    });
    let bearer = format!("Bearer {token}");
    let r = app.call(Method::POST, "/api/v1/campaigns", Some(campaign), &[("authorization", &bearer)]).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);

    let html = page(&app, &token, "/prevention?year=2025", "en").await;
    assert_eq!(contents(&html, "contents"), ["campaigns", "trainings", "inspections", "screenings"]);
    assert!(["campaigns", "trainings", "inspections", "screenings"].iter().all(|id| has_id(&html, id)));
    assert!(html.contains(">Awareness campaigns (1)</a>") && html.contains(">Trainings (0)</a>"), "{html}");
    // Counts grouped by threes, in the year's line and in the campaign's row.
    assert!(html.contains("12\u{a0}045 people reached") && html.contains("class=\"num\">12\u{a0}045<"), "{html}");
    assert_eq!(html.matches("href=\"#contents\"").count(), 4, "one way back per register");
    // One choice of year, before the registers it filters, not inside the first of them.
    assert_eq!(html.matches("<select id=\"year\"").count(), 1);
    assert!(html.find("<select id=\"year\"").unwrap() < html.find("<nav id=\"contents\"").unwrap());
    let st = page(&app, &token, "/prevention?year=2025", "st").await;
    assert!(st.contains(">Matšolo a tlhokomeliso (1)</a>") && st.contains(">Khutlela litabeng</a>"), "{st}");
}

#[tokio::test]
async fn the_plan_progress_leads_back_to_its_contents_from_each_part() {
    let app = App::new().await;
    crate::plan::loaded(&app).await;
    let html = page(&app, &app.token, "/plan/progress?period=tip-2025&year=2025", "en").await;
    let listed = contents(&html, "progress-contents");
    assert!(listed.len() >= 3 && listed.iter().all(|id| has_id(&html, id)), "{listed:?}");
    assert_eq!(html.matches("href=\"#progress-contents\"").count(), listed.len(), "one way back per part");
}

/// Every link of the page's `#contents` lands on a part of it, and each part leads back.
fn check_parts(html: &str, parts: &[&str]) {
    assert_eq!(contents(html, "contents"), parts);
    assert!(parts.iter().all(|id| has_id(html, id)), "every link lands on the page");
    assert_eq!(html.matches("href=\"#contents\"").count(), parts.len(), "one way back per part");
}

#[tokio::test]
async fn administration_and_committees_list_their_parts_with_counts() {
    let app = App::new().await;
    let admin = app.token_for("contents.admin", &[Role::Admin]).await;
    let html = page(&app, &admin, "/admin", "en").await;
    check_parts(&html, &["users", "orgs"]);
    assert!(html.contains(">Users (") && html.contains(">Organisations ("), "{html}");
    let html = page(&app, &app.token, "/committees", "st").await;
    check_parts(&html, &["actions", "meetings"]);
}
