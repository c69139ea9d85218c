//! Bad cells: each reported as `file:line: column: reason`, all of them at once, and nothing imported.

use super::support::{any, assert_problems, column, export_demo, problems, read, set, write};

#[test]
fn bad_gender_date_code_uuid_and_number_are_all_reported_with_their_place() {
    let dir = tempfile::tempdir().unwrap();
    export_demo(dir.path(), 200, 5);
    let p = dir.path();
    let (gender, _) = set(p, "persons.csv", "prs_Gender", "Female", |r| r.iter().any(|c| c == "Feminine"));
    let (date, _) = set(p, "events.csv", "hte_Date", "2025-02-30", |r| r[4].len() == 10);
    let (status, _) = set(p, "cases.csv", "cas_Status", "Open", any);
    let (uuid, _) = set(p, "referrals.csv", "lk_ReferralId", "not-a-uuid", any);
    let (version, _) = set(p, "events.csv", "lk_Version", "-3", any);
    let (age, _) = set(p, "persons.csv", "vic_AgeWhenTrafficked", "300", |r| r[2] == "victim");
    let found = problems(p);
    assert_problems(
        &found,
        &[
            format!("persons.csv:{gender}: prs_Gender: unknown prs_Gender value \"Female\"; expected one of Feminine|"),
            format!("events.csv:{date}: hte_Date: \"2025-02-30\" is not a date"),
            format!("cases.csv:{status}: cas_Status: unknown cas_Status value \"Open\"; expected one of Active|"),
            format!("referrals.csv:{uuid}: lk_ReferralId: \"not-a-uuid\" is not a UUID"),
            format!("events.csv:{version}: lk_Version: "),
            format!("persons.csv:{age}: vic_AgeWhenTrafficked: 300 is out of range"),
        ],
    );
}

#[test]
fn empty_required_cells_and_values_the_domain_refuses_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    export_demo(dir.path(), 100, 6);
    let p = dir.path();
    let (name, _) = set(p, "persons.csv", "prs_FirstName", "", |r| r[2] == "victim");
    let (detected, _) = set(p, "cases.csv", "lk_DetectedOn", "2099-01-01", any);
    let latitude = column(&read(p, "events.csv"), "hte_Latitude");
    let (lat, _) = set(p, "events.csv", "hte_Latitude", "123.5", |r| !r[latitude].is_empty());
    let (flag, _) = set(p, "referrals.csv", "lk_Automatic", "yes", any);
    let found = problems(p);
    assert_problems(
        &found,
        &[
            format!("persons.csv:{name}: prs_FirstName: is required but empty"),
            format!("cases.csv:{detected}: lk_DetectedOn: must not be in the future"),
            format!("events.csv:{lat}: hte_Latitude: must be between -90 and 90"),
            format!("referrals.csv:{flag}: lk_Automatic: \"yes\" is not true or false"),
        ],
    );
}

#[test]
fn a_value_in_another_roles_column_and_a_short_row_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    export_demo(dir.path(), 100, 7);
    let p = dir.path();
    let (witness, _) =
        set(p, "persons.csv", "vic_TraffickingStatus", "ActualVictimOfTrafficking", |r| r[2] == "witness");
    let mut rows = read(p, "comments.csv");
    rows[1].pop();
    write(p, "comments.csv", &rows);
    let found = problems(p);
    assert_problems(
        &found,
        &[
            format!("persons.csv:{witness}: vic_TraffickingStatus: must be empty for a witness"),
            "comments.csv:2: the row has 4 cells but the header has 5".to_owned(),
        ],
    );
}

#[test]
fn the_cli_style_edit_of_a_raw_line_is_found_on_that_line() {
    // The binary's own test edits lines as text, splitting on commas; the columns it touches come before any
    // free text, so that works.
    let dir = tempfile::tempdir().unwrap();
    export_demo(dir.path(), 50, 3);
    let persons = dir.path().join("persons.csv");
    let text = std::fs::read_to_string(&persons).unwrap();
    let broken = text.replacen(",Feminine,", ",Female,", 1);
    let line = broken.lines().position(|l| l.contains(",Female,")).unwrap() + 1;
    std::fs::write(&persons, broken).unwrap();
    let rows = read(dir.path(), "events.csv");
    assert_eq!(column(&rows, "hte_Date"), 4);
    let found = problems(dir.path());
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].starts_with(&format!("persons.csv:{line}: prs_Gender: ")), "{found:#?}");
}

#[test]
fn a_referral_whose_state_contradicts_its_dates_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    export_demo(dir.path(), 100, 17);
    let p = dir.path();
    let state = column(&read(p, "referrals.csv"), "lk_State");
    let (line, _) = set(p, "referrals.csv", "lk_State", "Accepted", |r| r[state] == "Sent");
    let found = problems(p);
    assert_problems(
        &found,
        &[format!("referrals.csv:{line}: lk_RespondedOn: is needed for a referral that is Accepted")],
    );
}

/// Penetration test, low: implausible dates. Nothing before 1900, and no referral sent before its case was
/// detected: the same rules as the domain's.
#[test]
fn dates_before_1900_and_referrals_before_the_detection_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    export_demo(dir.path(), 100, 18);
    let p = dir.path();
    let (event, _) = set(p, "events.csv", "hte_Date", "1850-01-01", |r| r[4].len() == 10);
    let state = column(&read(p, "referrals.csv"), "lk_State");
    let (referral, _) = set(p, "referrals.csv", "cas_OutgoingReferralDate", "1999-01-01", |r| r[state] == "Sent");
    let found = problems(p);
    assert_problems(
        &found,
        &[
            format!("events.csv:{event}: hte_Date: must not be before 1900-01-01"),
            format!("referrals.csv:{referral}: cas_OutgoingReferralDate: must not be before the case's detection"),
        ],
    );
}

#[test]
fn referral_ends_consent_givers_and_withdrawals_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    export_demo(dir.path(), 800, 12);
    let p = dir.path();
    let referrals = read(p, "referrals.csv");
    let state = column(&referrals, "lk_State");
    let (revoked, _) = set(p, "referrals.csv", "lk_EndReason", "", |r| r[state] == "Revoked");
    let (delivered, _) = set(p, "referrals.csv", "lk_EndReason", "Why not", |r| r[state] == "ServiceDelivered");
    let (giver, _) = set(p, "consents.csv", "lk_GivenBy", "Mother", any);
    let (assent, _) = set(p, "consents.csv", "lk_ChildAssent", "maybe", any);
    let prosecutions = read(p, "prosecutions.csv");
    let withdrawn = column(&prosecutions, "lk_WithdrawnOn");
    let (decline, _) = set(p, "prosecutions.csv", "lk_DppDecision", "Decline", |r| !r[withdrawn].is_empty());
    // The same row: its withdrawal also loses its reason.
    let (reason, _) = set(p, "prosecutions.csv", "lk_WithdrawalReason", "", |r| !r[withdrawn].is_empty());
    assert_eq!(reason, decline);
    let found = problems(p);
    let expected = [
        format!("referrals.csv:{revoked}: lk_EndReason: is needed for a referral that is Revoked"),
        format!("referrals.csv:{delivered}: lk_EndReason: must be empty for a referral that is ServiceDelivered"),
        format!("consents.csv:{giver}: lk_GivenBy: unknown lk_ConsentGivenBy value \"Mother\""),
        format!("consents.csv:{assent}: lk_ChildAssent: \"maybe\" is not true or false"),
        format!("prosecutions.csv:{decline}: lk_WithdrawnOn: only a prosecution the DPP decided to bring"),
        format!("prosecutions.csv:{reason}: lk_WithdrawalReason: is needed with lk_WithdrawnOn"),
    ];
    assert_problems(&found, &expected);
}
