//! The PDF read back with pdftotext (Debian's poppler-utils): the title block, the rule, every table and
//! chart, counts and "x"s, "Page n of N" on each page, and the OFFICIAL - SENSITIVE marking exactly when
//! nothing was suppressed.

use std::io::ErrorKind;
use std::path::PathBuf;
use std::process::Command;

use lekhotla_report::Report;
use lekhotla_report_files::{Words, pdf};

use super::sample;

/// The PDF's text, page by page, each page's whitespace collapsed to single spaces. Set
/// `LEKHOTLA_REPORT_FILES_OUT` to a folder to keep the PDFs there (to look at them).
fn pages(report: &Report, name: &str) -> Vec<String> {
    text_pages(&pdf(report).expect("the PDF is written"), name)
}

/// A PDF's text, page by page, as [`pages`] reads it.
pub(super) fn text_pages(bytes: &[u8], name: &str) -> Vec<String> {
    assert!(bytes.starts_with(b"%PDF-"), "a PDF file starts with %PDF-");
    assert!(bytes.ends_with(b"%%EOF") || bytes.ends_with(b"%%EOF\n"), "and ends with %%EOF");
    let dir = std::env::var_os("LEKHOTLA_REPORT_FILES_OUT").map_or_else(std::env::temp_dir, PathBuf::from);
    let path = dir.join(format!("lekhotla-report-files-{}-{name}.pdf", std::process::id()));
    std::fs::write(&path, bytes).expect("the PDF is saved to read it back");
    let output = Command::new("pdftotext").arg(&path).arg("-").output();
    if std::env::var_os("LEKHOTLA_REPORT_FILES_OUT").is_none() {
        let _ = std::fs::remove_file(&path);
    }
    let output = match output {
        Ok(output) => output,
        Err(e) if e.kind() == ErrorKind::NotFound => {
            panic!("pdftotext is missing: install poppler-utils (apt-get install poppler-utils) to test the PDF")
        }
        Err(e) => panic!("pdftotext could not run: {e}"),
    };
    assert!(output.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).expect("pdftotext writes UTF-8");
    let mut pages: Vec<String> =
        text.split('\u{c}').map(|page| page.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
    if pages.last().is_some_and(String::is_empty) {
        pages.pop();
    }
    pages
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_pdf_states_the_title_period_rule_and_every_table_and_chart() {
    let report = sample::report(false);
    let pages = pages(&report, "public");
    let all = pages.join(" ");
    assert!(all.contains(sample::TITLE), "{all}");
    assert!(all.contains("2025-01-01 to 2025-03-31"), "{all}");
    assert!(all.contains("2025-04-02 07:30 UTC"), "{all}");
    for sentence in Words::english().rule_sentences(&report.disclosure) {
        assert!(all.contains(&squash(&sentence)), "the rule: {sentence}");
    }
    assert!(all.contains("x = suppressed to protect the people counted"));
    for note in &report.notes {
        assert!(all.contains(&squash(note)), "{note}");
    }
    for (_, table) in report.tables() {
        assert!(all.contains(&table.title), "{}", table.title);
        assert!(all.contains(&squash(&table.definition)), "{}", table.definition);
        assert_eq!(all.contains(&format!("Chart: {}", table.title)), table.chart, "{}", table.title);
    }
    // Counts, and the suppressed cells as a lone "x".
    assert!(all.contains("Maseru 412"), "a count beside its row's label: {all}");
    assert!(all.split(' ').any(|w| w == "x"));
    assert!(!all.contains("OFFICIAL - SENSITIVE"), "a suppressed report is not marked");
}

#[test]
fn every_page_is_numbered_and_a_long_table_goes_on_under_its_heading() {
    let report = sample::report(false);
    let pages = pages(&report, "numbers");
    assert!(pages.len() >= 4, "front matter, two sections, the long table over a page: {}", pages.len());
    for (i, page) in pages.iter().enumerate() {
        let number = format!("Page {} of {}", i + 1, pages.len());
        assert!(page.contains(&number), "page {}: {page}", i + 1);
    }
    let long = "Referrals received, by week and source";
    let continued: Vec<usize> =
        (0..pages.len()).filter(|&i| pages[i].contains(&format!("{long} (continued)"))).collect();
    assert!(!continued.is_empty(), "the long table goes over a page");
    for i in continued {
        assert!(pages[i].contains("Week of the referral"), "the heading is repeated on page {}", i + 1);
        assert!(pages[i].contains("Civil society"), "the column labels are repeated on page {}", i + 1);
    }
    assert!(pages.iter().any(|p| p.contains("Week 40")), "every row is there");
    let wide = "Cases opened, by district and month";
    assert!(pages.iter().any(|p| p.contains(&format!("{wide} (continued)"))), "a wide table goes on in a block");
    let all = pages.join(" ");
    for month in ["January", "June", "December"] {
        assert!(all.contains(month), "every column is there: {month}");
    }
}

#[test]
fn an_unsuppressed_report_is_marked_on_every_page() {
    let report = sample::report(true);
    let pages = pages(&report, "sensitive");
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains("OFFICIAL - SENSITIVE"), "page {}: {page}", i + 1);
    }
    let all = pages.join(" ");
    assert!(all.contains("OFFICIAL - SENSITIVE: nothing suppressed"));
    assert!(all.contains("Nothing is suppressed"));
    assert!(all.contains("1,250"), "every count is shown, grouped by threes: {all}");
    assert!(!all.split(' ').any(|w| w == "x"), "nothing is shown as suppressed");
}
