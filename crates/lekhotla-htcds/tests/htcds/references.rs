//! References that lead nowhere: a record of an unknown case, a case of an unknown organisation, a charge
//! against someone who is not a suspect of the case, a sentence without a conviction.

use super::support::{any, assert_problems, column, export_demo, problems, read, read_lines, set};

const NOBODY: &str = "00000000-0000-4000-8000-000000000001";

#[test]
fn unknown_cases_organisations_and_people_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    export_demo(dir.path(), 300, 8);
    let p = dir.path();
    let (comment, _) = set(p, "comments.csv", "lk_CaseId", NOBODY, any);
    let (case, _) = set(p, "cases.csv", "lk_OrgId", NOBODY, any);
    let (referral, _) = set(p, "referrals.csv", "cas_ReferredOrganisation", NOBODY, any);
    let (charge, _) = set(p, "charges.csv", "lk_AccusedId", NOBODY, any);
    let (link, _) = set(p, "case_links.csv", "lk_OtherCaseId", NOBODY, any);
    let found = problems(p);
    let expected = [
        format!("comments.csv:{comment}: lk_CaseId: no case with id {NOBODY} in cases.csv"),
        format!("cases.csv:{case}: lk_OrgId: no organisation with id {NOBODY} in organisations.csv"),
        format!("referrals.csv:{referral}: cas_ReferredOrganisation: no organisation with id {NOBODY}"),
        format!("charges.csv:{charge}: lk_AccusedId: no suspect with id {NOBODY} in persons.csv"),
        format!("case_links.csv:{link}: lk_OtherCaseId: no case with id {NOBODY} in cases.csv"),
    ];
    // The charge's accused may also have had the case's only verdict, sentence or compensation order.
    for e in &expected {
        assert!(found.iter().any(|f| f.starts_with(e.as_str())), "missing {e:?} in {found:#?}");
    }
    let others: Vec<&String> = found.iter().filter(|f| !expected.iter().any(|e| f.starts_with(e.as_str()))).collect();
    assert!(
        others.iter().all(|f| f.starts_with("verdicts.csv:")
            || f.starts_with("sentences.csv:")
            || f.starts_with("compensation_orders.csv:")),
        "{others:#?}"
    );
}

#[test]
fn a_victim_of_another_case_and_a_sentence_without_conviction_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    export_demo(dir.path(), 400, 9);
    let p = dir.path();
    // A consent naming the victim of another case.
    let consents = read(p, "consents.csv");
    let (case_col, victim_col) = (column(&consents, "lk_CaseId"), column(&consents, "lk_VictimId"));
    let purpose_col = column(&consents, "lk_Purpose");
    let first = consents[1].clone();
    // A victim of another case without a consent for the same purpose (so only the case is wrong).
    let has_purpose =
        |victim: &str| consents.iter().skip(1).any(|r| r[victim_col] == victim && r[purpose_col] == first[purpose_col]);
    let persons = read(p, "persons.csv");
    let (person_case, person_id) = (column(&persons, "lk_CaseId"), column(&persons, "lk_PersonId"));
    let other = persons
        .iter()
        .skip(1)
        .find(|r| r[2] == "victim" && r[person_case] != first[case_col] && !has_purpose(&r[person_id]))
        .unwrap()[person_id]
        .clone();
    let (line, _) = set(p, "consents.csv", "lk_VictimId", &other, |r| r[case_col] == first[case_col]);
    // A sentence whose verdict becomes an acquittal.
    let sentences = read(p, "sentences.csv");
    let accused = sentences[1][column(&sentences, "lk_AccusedId")].clone();
    let (verdict, _) = set(p, "verdicts.csv", "lk_Outcome", "Acquittal", |r| r.contains(&accused));
    let found = problems(p);
    let mut expected = vec![
        format!("consents.csv:{line}: lk_VictimId: {other} is a person of case "),
        format!("sentences.csv:2: lk_AccusedId: {accused} was not convicted (the verdict is Acquittal)"),
    ];
    // Compensation orders against the same accused lose their conviction too.
    let orders = read_lines(p, "compensation_orders.csv");
    let accused_col = column(&[orders[0].1.clone()], "lk_AccusedId");
    for (line, row) in orders.iter().skip(1) {
        if row[accused_col] == accused {
            expected.push(format!("compensation_orders.csv:{line}: lk_AccusedId: {accused} was not convicted"));
        }
    }
    assert!(verdict > 1);
    assert_problems(&found, &expected);
}
