//! Whole files wrong: missing, a column missing or unknown, not CSV at all.

use super::support::{assert_problems, column, export_demo, problems, read, write};

#[test]
fn a_missing_file_and_a_missing_column_are_reported_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    export_demo(dir.path(), 200, 10);
    let p = dir.path();
    std::fs::remove_file(p.join("verdicts.csv")).unwrap();
    let mut rows = read(p, "events.csv");
    let date = column(&rows, "hte_Date");
    for row in &mut rows {
        row.remove(date);
    }
    write(p, "events.csv", &rows);
    let found = problems(p);
    assert_problems(
        &found,
        &["verdicts.csv: file is missing".to_owned(), "events.csv:1: hte_Date: column is missing".to_owned()],
    );
    assert_eq!(found[0], "events.csv:1: hte_Date: column is missing");
    assert_eq!(found[1], "verdicts.csv: file is missing");
}

#[test]
fn an_unknown_or_repeated_column_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    export_demo(dir.path(), 20, 11);
    let p = dir.path();
    let mut rows = read(p, "organisations.csv");
    for row in &mut rows {
        let name = row[2].clone();
        row.push(name);
    }
    let last = rows[0].len() - 1;
    rows[0][last] = "org_Nmae".into();
    write(p, "organisations.csv", &rows);
    let mut rows = read(p, "hearings.csv");
    rows[0][1] = "lk_CaseId".into();
    write(p, "hearings.csv", &rows);
    let found = problems(p);
    assert_problems(
        &found,
        &[
            "organisations.csv:1: org_Nmae: organisations.csv has no such column".to_owned(),
            "hearings.csv:1: lk_CaseId: the column appears more than once".to_owned(),
            "hearings.csv:1: lk_HearingId: column is missing".to_owned(),
        ],
    );
}

#[test]
fn garbage_is_reported_without_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    export_demo(dir.path(), 20, 12);
    let p = dir.path();
    std::fs::write(p.join("cases.csv"), b"\xff\xfe\x00garbage\n\"unclosed,\n").unwrap();
    std::fs::write(p.join("persons.csv"), b"").unwrap();
    let found = problems(p);
    assert!(found.iter().any(|f| f.starts_with("cases.csv:1: ")), "{found:#?}");
    assert!(found.iter().any(|f| f == "persons.csv:1: lk_PersonId: column is missing"), "{found:#?}");
    // The cases and persons could not be read, so the records naming them are not blamed.
    assert!(!found.iter().any(|f| f.contains("no case with id")), "{found:#?}");
}
