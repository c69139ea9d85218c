//! The figures page: district names and counts, no case number, no name; the 404 page and static files.

use crate::support::{App, victim};
use axum::http::StatusCode;

#[tokio::test]
async fn the_home_page_shows_figures_and_numbers_but_no_names() {
    let app = App::new().await;
    let kase = app.new_case().await;
    app.created(&format!("/api/v1/cases/{}/victims", kase.id()), victim("Canary-Name-Test", "1997-07-07")).await;
    let home = app.get("/dashboard").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.headers["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = &home.text;
    assert!(html.contains("<title>The registry in figures - Lekhotla"), "{html}");
    assert!(html.contains("<html lang=\"en\">"));
    for district in ["Maseru", "Botha-Bothe", "Leribe", "Qacha&#39;s Nek", "Thaba-Tseka"] {
        assert!(html.contains(district) || html.contains(&district.replace("&#39;", "'")), "{district} missing");
    }
    assert!(!html.contains(kase.json["number"].as_str().unwrap()), "figures only: no case number");
    assert!(!html.contains("Canary-Name-Test"), "a victim's name reached the home page");
    assert!(!html.contains("<script>"), "no inline script (the CSP forbids it)");

    let missing = app.get("/no-such-page").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.text.contains("Not found"));
    assert!(missing.headers["content-type"].to_str().unwrap().starts_with("text/html"));
    let htmx = app.get("/static/htmx-2.0.11.min.js").await;
    assert_eq!(htmx.status, StatusCode::OK);
}
