//! The minutes PDF read back with pdftotext: the meeting's facts, the attendance table with its total, the
//! agenda, the decisions and every action item with its owner, deadline, status, plan activities and case
//! numbers, and "Page n of N" on each page of a long one.

use std::path::PathBuf;
use std::process::Command;

use lekhotla_report_files::{Minutes, MinutesBlock, MinutesColumn, minutes_pdf};

fn minutes(actions: usize) -> Minutes {
    let action = |i: usize| {
        vec![
            (i + 1).to_string(),
            format!("Circulate the revised referral SOP to the focal points of every district, item {}", i + 1),
            "Ministry of Home Affairs".to_owned(),
            "2026-03-31".to_owned(),
            "Open".to_owned(),
            "1.3.2".to_owned(),
            "LS-2025-000123, LS-2026-000007".to_owned(),
        ]
    };
    Minutes {
        title: "Minutes of the Multi-Sectoral Committee, 2026-02-10".into(),
        facts: vec![
            ("Committee".into(), "Multi-Sectoral Committee".into()),
            ("Date of the meeting".into(), "2026-02-10".into()),
            ("Place".into(), "Ministry of Home Affairs, Maseru".into()),
            ("Chair".into(), "Principal Secretary, Home Affairs".into()),
        ],
        blocks: vec![
            MinutesBlock::Table {
                heading: "Attendance".into(),
                columns: vec![MinutesColumn::new("Organisation", 4.0), MinutesColumn::number("People", 1.0)],
                rows: vec![
                    vec!["Lesotho Mounted Police Service".into(), "3".into()],
                    vec!["Christian Council of Lesotho (guest)".into(), "1".into()],
                ],
                total: Some(vec!["Total".into(), "4".into()]),
                empty: "None.".into(),
            },
            MinutesBlock::List {
                heading: "Agenda".into(),
                items: vec!["Opening and prayer".into(), "Quarterly figures".into()],
                empty: "None.".into(),
            },
            MinutesBlock::List { heading: "Decisions".into(), items: Vec::new(), empty: "None.".into() },
            MinutesBlock::Table {
                heading: "Action items".into(),
                columns: vec![
                    MinutesColumn::number("#", 0.5),
                    MinutesColumn::new("Action", 2.6),
                    MinutesColumn::new("Owner", 1.6),
                    MinutesColumn::new("Deadline", 1.35),
                    MinutesColumn::new("Status", 0.9),
                    MinutesColumn::new("Plan activities", 1.0),
                    MinutesColumn::new("Cases", 2.0),
                ],
                rows: (0..actions).map(action).collect(),
                total: None,
                empty: "None.".into(),
            },
        ],
        page_of: "Page {page} of {pages}".into(),
        closing: Some("Recorded in Lekhotla (version 2).".into()),
    }
}

/// The PDF's text, page by page, whitespace collapsed.
fn pages(m: &Minutes, name: &str) -> Vec<String> {
    let bytes = minutes_pdf(m).expect("the PDF is written");
    assert!(bytes.starts_with(b"%PDF-"));
    let dir = std::env::var_os("LEKHOTLA_REPORT_FILES_OUT").map_or_else(std::env::temp_dir, PathBuf::from);
    let path = dir.join(format!("lekhotla-minutes-{}-{name}.pdf", std::process::id()));
    std::fs::write(&path, &bytes).expect("saved");
    let output = Command::new("pdftotext").arg("-layout").arg(&path).arg("-").output().expect("pdftotext runs");
    if std::env::var_os("LEKHOTLA_REPORT_FILES_OUT").is_none() {
        let _ = std::fs::remove_file(&path);
    }
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).expect("UTF-8");
    let mut pages: Vec<String> =
        text.split('\u{c}').map(|p| p.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
    if pages.last().is_some_and(String::is_empty) {
        pages.pop();
    }
    pages
}

#[test]
fn the_minutes_hold_the_meeting_its_attendance_and_its_action_items() {
    let pages = pages(&minutes(2), "short");
    assert_eq!(pages.len(), 1, "{pages:?}");
    let all = &pages[0];
    for expected in [
        "Minutes of the Multi-Sectoral Committee, 2026-02-10",
        "Chair Principal Secretary, Home Affairs",
        "Place Ministry of Home Affairs, Maseru",
        "Lesotho Mounted Police Service 3",
        "Christian Council of Lesotho (guest) 1",
        "Total 4",
        "1. Opening and prayer",
        "2. Quarterly figures",
        "Decisions None.",
        "LS-2025-000123",
        "1.3.2",
        "Page 1 of 1",
        "Recorded in Lekhotla (version 2).",
    ] {
        assert!(all.contains(expected), "{expected:?} not in {all}");
    }
    assert_eq!(all.matches("Home Affairs").count(), 4, "the place, the chair and each action item's owner: {all}");
}

#[test]
fn a_long_list_of_action_items_goes_over_pages_under_its_heading_again() {
    let pages = pages(&minutes(40), "long");
    assert!(pages.len() > 1, "{pages:?}");
    let n = pages.len();
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains(&format!("Page {} of {n}", i + 1)), "page {i}: {page}");
        assert!(page.contains("Deadline"), "the heading row on every page of the table: {page}");
    }
    let all = pages.join(" ");
    for i in 1..=40 {
        assert!(all.contains(&format!("item {i}")), "item {i} is printed");
    }
}
