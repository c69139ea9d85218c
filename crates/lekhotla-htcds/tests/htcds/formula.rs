//! Text a spreadsheet would run as a formula is written with a leading `'` and reads back unchanged;
//! codes, dates and numbers (negative coordinates too) are written as they are.

use lekhotla_domain::{Comment, CommentId};
use time::macros::datetime;

use super::support::{column, demo, export, import, read};

const RISKY: &[&str] = &["=HYPERLINK(\"http://example.org\",\"x\")", "+1", "-2", "@x", "'=x", "\tx", "\rx", "'tis"];

#[test]
fn formula_text_is_guarded_in_the_file_and_read_back_identical() {
    let (orgs, mut cases) = demo(40, 15);
    for (case, text) in cases.iter_mut().zip(RISKY) {
        case.summary = Some((*text).to_owned());
        case.comments.push(Comment {
            id: CommentId::new(),
            author: "-officer".into(),
            at: datetime!(2026-01-02 03:04:05.678901 UTC),
            text: format!("{text} in a comment"),
        });
    }
    cases[0].victims[0].person.first_name = "@SUM(A1)".into();
    let dir = tempfile::tempdir().unwrap();
    export(dir.path(), &orgs, &cases);

    let raw = String::from_utf8(std::fs::read(dir.path().join("cases.csv")).unwrap()).unwrap();
    for guarded in ["'=HYPERLINK(", ",'+1,", ",'-2,", ",'@x,", ",''=x,", "'\tx", "\"'\rx\"", ",''tis,"] {
        assert!(raw.contains(guarded), "{guarded:?} not in cases.csv");
    }
    let comments = std::fs::read_to_string(dir.path().join("comments.csv")).unwrap();
    assert!(comments.contains(",'-officer,") && comments.contains(",'+1 in a comment"), "{comments}");
    let persons = std::fs::read_to_string(dir.path().join("persons.csv")).unwrap();
    assert!(persons.contains(",'@SUM(A1),"));
    // A negative coordinate is a number, not text: no guard.
    let events = read(dir.path(), "events.csv");
    let latitude = column(&events, "hte_Latitude");
    assert!(events.iter().skip(1).any(|r| r[latitude].starts_with('-')), "no negative latitude in the demo events");
    assert!(events.iter().all(|r| !r[latitude].starts_with('\'')));

    let data = import(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(data.cases, cases);
}

#[test]
fn a_foreign_apostrophe_before_ordinary_text_is_kept() {
    let (orgs, mut cases) = demo(1, 16);
    let dir = tempfile::tempdir().unwrap();
    cases[0].summary = Some("plain".into());
    export(dir.path(), &orgs, &cases);
    // Another tool wrote `'tis` without doubling the apostrophe: it stays as written.
    let path = dir.path().join("cases.csv");
    let text = std::fs::read_to_string(&path).unwrap().replace(",plain,", ",'tis,");
    std::fs::write(&path, text).unwrap();
    let data = import(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(data.cases[0].summary.as_deref(), Some("'tis"));
}
