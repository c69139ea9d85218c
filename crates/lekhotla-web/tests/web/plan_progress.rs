//! The period's progress report (`/plan/progress`): before a plan is loaded it says how to load one; with the
//! illustrative plan, a training in Leribe and an inspection that opened a case, the coordinator's report of the
//! 2025 TIP year shows the summary by pillar, each 2025 recommendation with what its activities did and their
//! indicators' figures, the activities of the period and what needs attention, and the country's figures of the
//! period; the analyst's withholds the count under the public threshold. The PDF and the XLSX hold the same and
//! are in the audit trail; in Sesotho the page and the files are in Sesotho. A bad period is named.

use std::io::Cursor;
use std::process::Command;

use axum::http::{Method, StatusCode};
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use lekhotla_identity::Role;

use crate::plan::loaded;
use crate::referral_pages::Browser;
use crate::support::App;

/// The text of a PDF, by pdftotext (poppler-utils), its whitespace collapsed.
fn pdf_text(bytes: &[u8]) -> String {
    let path = std::env::temp_dir().join(format!("lekhotla-web-progress-{}.pdf", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new("pdftotext").arg(&path).arg("-").output();
    let _ = std::fs::remove_file(&path);
    let out = out.expect("pdftotext (apt-get install poppler-utils) reads the PDF");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().split_whitespace().collect::<Vec<_>>().join(" ")
}

#[tokio::test]
async fn the_progress_report_of_a_period_as_page_pdf_and_xlsx() {
    let app = App::new().await;
    let police = app.police();
    let coordinator = Browser::sign_in(&app, "progress.coordinator", &[Role::NationalCoordinator], &police).await;
    let empty = coordinator.get("/plan/progress").await;
    assert_eq!(empty.status, StatusCode::OK, "{}", empty.text);
    assert!(empty.text.contains("No action plan is loaded"), "{}", empty.text);
    assert_eq!(coordinator.get("/plan/progress?format=pdf").await.status, StatusCode::NOT_FOUND);

    loaded(&app).await;
    // The default: this TIP year to date (the tests' clock is 2026-11-20).
    let page = coordinator.get("/plan/progress").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.text.contains("2026-04-01 to 2026-11-20"), "{}", page.text);

    let page = coordinator.get("/plan/progress?period=tip-2025&year=2025&level=unsuppressed").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    let t = &page.text;
    assert!(t.contains("Progress on the action plan and the 2025 recommendations, 2025-04-01 to 2026-03-31"), "{t}");
    assert!(t.contains("ILLUSTRATIVE action plan") && t.contains("OFFICIAL - SENSITIVE"), "{t}");
    // The summary by pillar, the recommendations with their activities and live figures.
    assert!(t.contains("Activities by pillar and status") && t.contains(">Partnership<"), "{t}");
    let rec = &t[t.find("2025-2 · ").expect("recommendation 2025-2")..];
    let rec = &rec[..rec.find("<h3>").unwrap_or(rec.len())];
    assert!(rec.contains("standard operating procedures") && rec.contains("3.1.1 "), "{rec}");
    assert!(rec.contains("Carried over from 2024-2") && rec.contains("3.1.2-a"), "{rec}");
    assert!(rec.contains("LS-C 1") && rec.contains("Live: computed at 2026-11-20 12:00"), "the Leribe training: {rec}");
    // Needs attention, and the country's figures of the period.
    assert!(t.contains("Needs attention") && t.contains("over budget"), "{t}");
    assert!(t.contains("The period&#39;s figures") && t.contains("Trainings"), "{t}");
    let choose = &t[t.find("id=\"period\"").unwrap()..];
    assert!(choose.contains("value=\"tip-2025\" selected"), "the preset stays chosen: {choose}");

    // The analyst's public rule withholds the one inspection with a case.
    let analyst = Browser::sign_in(&app, "progress.analyst", &[Role::DataAnalyst], &police).await;
    let public = analyst.get("/plan/progress?period=tip-2025&year=2025").await;
    assert_eq!(public.status, StatusCode::OK, "{}", public.text);
    let ind = &public.text[public.text.find("2.2-a ").expect("indicator 2.2-a")..];
    assert!(ind[..ind.find("</tr>").unwrap()].contains(">withheld<"), "{ind}");
    assert!(!public.text.contains("OFFICIAL - SENSITIVE"));
    assert_eq!(analyst.get("/plan/progress?level=unsuppressed").await.status, StatusCode::OK, "the page says why");
    assert_eq!(analyst.get("/plan/progress?level=unsuppressed&format=pdf").await.status, StatusCode::FORBIDDEN);

    // The PDF and the XLSX.
    let pdf = coordinator.get("/plan/progress?period=tip-2025&year=2025&level=unsuppressed&format=pdf").await;
    assert_eq!(pdf.status, StatusCode::OK, "{}", pdf.text);
    assert_eq!(pdf.headers.get("content-type").unwrap(), "application/pdf");
    let disposition = pdf.headers.get("content-disposition").unwrap().to_str().unwrap();
    assert!(disposition.contains("lekhotla-plan-progress-2025-2025-04-01-to-2026-03-31-unsuppressed.pdf"));
    let text = pdf_text(&pdf.bytes);
    for words in
        ["Progress on the action plan", "standard operating procedures", "LS-C 1", "Needs attention", "Page 1 of"]
    {
        assert!(text.contains(words), "{words:?} not in the PDF: {text}");
    }
    let xlsx = coordinator.get("/plan/progress?period=tip-2025&year=2025&format=xlsx").await;
    assert_eq!(xlsx.status, StatusCode::OK, "{}", xlsx.text);
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(xlsx.bytes)).unwrap();
    let names = book.sheet_names();
    assert!(names.iter().any(|n| n == "Recommendations of 2025"), "{names:?}");
    let recs = book.worksheet_range("Recommendations of 2025").unwrap();
    assert!(
        recs.used_cells().any(|(_, _, d)| matches!(d, Data::String(s) if s.contains("standard operating procedures"))),
        "the recommendation's text"
    );
    let auditor = app.token_for("progress.audit", &[Role::Auditor]).await;
    let trail = app
        .call(Method::GET, "/api/v1/audit?action=export", None, &[("authorization", &format!("Bearer {auditor}"))])
        .await;
    assert_eq!(trail.status, StatusCode::OK, "{}", trail.text);
    assert_eq!(trail.text.matches("report/plan-progress").count(), 2, "each file that left: {}", trail.text);
    assert!(trail.text.contains("format:xlsx") && trail.text.contains("year:2025"), "{}", trail.text);

    // A bad period is named; the page shows the default instead.
    let bad = coordinator.get("/plan/progress?from=2025-05-01").await;
    assert_eq!(bad.status, StatusCode::OK);
    assert!(bad.text.contains("role=\"alert\"") && bad.text.contains("give both dates"), "{}", bad.text);
    assert_eq!(
        coordinator.get("/plan/progress?from=2025-05-01&format=pdf").await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // In Sesotho: the page and the PDF.
    let cookie = format!("{}; lekhotla_lang=st", coordinator.cookie);
    let st = app.call(Method::GET, "/plan/progress?period=tip-2025&year=2025", None, &[("cookie", &cookie)]).await;
    assert!(
        st.text.contains("Tsoelopele ea moralo oa ts&#39;ebetso") && st.text.contains("Likhothaletso tsa 2025"),
        "{}",
        st.text
    );
    let st_pdf = app
        .call(Method::GET, "/plan/progress?period=tip-2025&year=2025&format=pdf", None, &[("cookie", &cookie)])
        .await;
    assert!(pdf_text(&st_pdf.bytes).contains("E hloka tlhokomelo"), "the PDF in Sesotho");

    // An auditor reads no statistics.
    let auditor = Browser::sign_in(&app, "progress.auditor", &[Role::Auditor], &police).await;
    assert_eq!(auditor.get("/plan/progress").await.status, StatusCode::FORBIDDEN);
}
