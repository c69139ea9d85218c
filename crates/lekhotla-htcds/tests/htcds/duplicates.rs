//! The same id or case number twice.

use super::support::{assert_problems, column, export_demo, last_line, problems, read, write};

const NEW_ID: &str = "00000000-0000-4000-8000-0000000000aa";

#[test]
fn duplicate_ids_and_case_numbers_are_reported_with_the_first_line() {
    let dir = tempfile::tempdir().unwrap();
    export_demo(dir.path(), 100, 13);
    let p = dir.path();
    // A case with a new id but the number of the first case.
    let mut cases = read(p, "cases.csv");
    let mut copy = cases[1].clone();
    copy[column(&cases, "lk_CaseId")] = NEW_ID.into();
    let number = copy[column(&cases, "lk_CaseNumber")].clone();
    cases.push(copy);
    write(p, "cases.csv", &cases);
    let case_line = last_line(p, "cases.csv");
    // An event twice.
    let mut events = read(p, "events.csv");
    let event = events[1].clone();
    let event_id = event[column(&events, "lk_EventId")].clone();
    events.push(event);
    write(p, "events.csv", &events);
    // An organisation twice.
    let mut orgs = read(p, "organisations.csv");
    let org = orgs[3].clone();
    orgs.push(org.clone());
    write(p, "organisations.csv", &orgs);
    let found = problems(p);
    assert_problems(
        &found,
        &[
            format!(
                "organisations.csv:{}: lk_OrgId: organisation {} is already on line 4",
                last_line(p, "organisations.csv"),
                org[0]
            ),
            format!("cases.csv:{case_line}: lk_CaseNumber: case number {number} is already on line 2"),
            format!("events.csv:{}: lk_EventId: event {event_id} is already on line 2", last_line(p, "events.csv")),
        ],
    );
}

#[test]
fn a_second_investigation_of_a_case_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    export_demo(dir.path(), 100, 14);
    let p = dir.path();
    let mut rows = read(p, "investigations.csv");
    let mut copy = rows[1].clone();
    copy[column(&rows, "lk_InvestigationId")] = NEW_ID.into();
    let case = copy[0].clone();
    rows.push(copy);
    write(p, "investigations.csv", &rows);
    let found = problems(p);
    assert_problems(
        &found,
        &[format!(
            "investigations.csv:{}: lk_CaseId: an investigation of case {case} is already on line 2",
            rows.len()
        )],
    );
}
