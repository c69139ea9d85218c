//! The country's figures in Sesotho: the page's tables, definitions and rule, and the XLSX and PDF it
//! offers, in Sesotho when the page is; its CSV and JSON stay in English (they are for exchanging data).

use std::io::Cursor;
use std::process::Command;

use axum::http::{Method, StatusCode};
use calamine::{Reader, Xlsx, open_workbook_from_rs};

use crate::report_pages::registry;

/// The English report's table titles (the API's JSON is always in English).
fn titles(report: &serde_json::Value) -> Vec<String> {
    let sections = report["sections"].as_array().unwrap();
    sections
        .iter()
        .flat_map(|s| s["tables"].as_array().unwrap().iter().map(|t| t["title"].as_str().unwrap().to_owned()))
        .collect()
}

/// The text of a PDF, by pdftotext (poppler-utils), its whitespace collapsed.
fn pdf_text(bytes: &[u8]) -> String {
    let path = std::env::temp_dir().join(format!("lekhotla-web-report-st-{}.pdf", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new("pdftotext").arg(&path).arg("-").output();
    let _ = std::fs::remove_file(&path);
    let out = out.expect("pdftotext (apt-get install poppler-utils) reads the PDF");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().split_whitespace().collect::<Vec<_>>().join(" ")
}

#[tokio::test]
async fn the_page_and_its_files_in_sesotho() {
    let app = registry().await;
    let bearer = format!("Bearer {}", app.token);
    let english =
        app.call(Method::GET, "/api/v1/reports/tip?period=tip-2025", None, &[("authorization", &bearer)]).await;
    let english_titles = titles(&english.json);
    assert!(english_titles.iter().any(|t| t == "Victims identified by age group"), "{english_titles:?}");
    let sesotho = [("authorization", bearer.as_str()), ("accept-language", "st")];

    // The page.
    let page = app.call(Method::GET, "/reports?period=tip-2025", None, &sesotho).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    let html = &page.text;
    assert!(html.contains("<h3>Bahlaseluoa ba fumanoeng ka sehlopha sa lilemo</h3>"), "a table's title in Sesotho");
    assert!(
        html.contains("Molao oa ka hare: lipalo ho tloha ho 1 ho isa ho 4 lia patoa"),
        "the coordinator's internal rule in Sesotho"
    );
    assert!(html.contains("Khoebo ka batho: lipalo tsa selemo"), "the report's title");
    assert!(html.contains("Ngoana (ka tlase ho lilemo tse 18)") && html.contains("Kakaretso"), "labels");
    assert!(html.contains("Bahlaseluoa ba fumanoeng: batho ba ngotsoeng e le bahlaseluoa"), "a definition");
    for title in &english_titles {
        assert!(!html.contains(&format!("<h3>{title}</h3>")), "an English title left on the page: {title}");
    }
    assert!(!html.contains("Internal rule"), "the rule in English");

    // The XLSX.
    let xlsx = app.call(Method::GET, "/reports?period=tip-2025&format=xlsx", None, &sesotho).await;
    assert_eq!(xlsx.status, StatusCode::OK, "{}", xlsx.text);
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(xlsx.bytes.clone())).expect("an XLSX workbook");
    let names = book.sheet_names();
    assert_eq!(names[0], "Lintlha", "{names:?}");
    let mut all = String::new();
    for name in &names {
        for (_, _, cell) in book.worksheet_range(name).unwrap().cells() {
            all.push_str(&cell.to_string());
            all.push('\n');
        }
    }
    assert!(all.contains("Bahlaseluoa ba fumanoeng ka sehlopha sa lilemo"), "a table's title");
    assert!(all.contains("Molao oa ho senola: ka hare (bakeng sa tšebeliso ea mmuso feela)."), "the rule");
    assert!(all.contains("Ba batšehali") && all.contains("Ngoana (ka tlase ho lilemo tse 18)"), "labels");
    assert!(all.contains("Bahlaseluoa ba fumanoeng: batho ba ngotsoeng"), "a definition");
    for title in &english_titles {
        assert!(!all.lines().any(|l| l == title), "an English title left in the workbook: {title}");
    }

    // The PDF.
    let pdf = app.call(Method::GET, "/reports?period=tip-2025&format=pdf", None, &sesotho).await;
    assert_eq!(pdf.status, StatusCode::OK, "{}", pdf.text);
    let text = pdf_text(&pdf.bytes);
    assert!(text.contains("Khoebo ka batho: lipalo tsa selemo"), "the title");
    assert!(text.contains("Bahlaseluoa ba fumanoeng ka sehlopha sa lilemo"), "a table's title");
    assert!(text.contains("Molao oa ho senola"), "the rule's heading");
    assert!(text.contains("Leqephe 1 ho "), "the page numbers");
    assert!(text.contains("Tšireletso"), "š is drawn (not a ?)");
    assert!(!text.contains("Victims identified by age group"), "an English title left in the PDF");

    // A frozen report's page.
    let frozen = app.post("/api/v1/reports/frozen", serde_json::json!({"period": "tip-2025"})).await;
    assert_eq!(frozen.status, StatusCode::CREATED, "{}", frozen.text);
    let page = app.call(Method::GET, &format!("/reports/frozen/{}", frozen.id()), None, &sesotho).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.text.contains("<h3>Bahlaseluoa ba fumanoeng ka sehlopha sa lilemo</h3>"), "a frozen table's title");
    assert!(page.text.contains("Molao oa ka hare: lipalo ho tloha ho 1 ho isa ho 4"), "the frozen report's rule");

    // The CSV and the JSON stay in English.
    let csv = app.call(Method::GET, "/reports?period=tip-2025&format=csv", None, &sesotho).await;
    assert!(csv.text.contains("Victims identified by age group"), "the CSV in English");
    let json = app.call(Method::GET, "/reports?period=tip-2025&format=json", None, &sesotho).await;
    assert_eq!(titles(&json.json), english_titles, "the JSON in English");
}
