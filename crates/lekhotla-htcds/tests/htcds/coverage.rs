//! Coverage of HTCDS 2.0: each of its 84 fields is a column of the export, filled by the demo data, read
//! back exactly (user references and the deprecated consent agreement included), and refused with its
//! file, line and column when bad.

use lekhotla_domain::{ConsentPurpose, IncomingReferral, IncomingReferralReason, UserRef};

use super::support::{any, assert_problems, column, demo, export, export_demo, import, problems, read, set};

/// Every field of HTCDS 2.0 (`fields.csv` of the standard, `field_name_with_prefix`), in its order.
const HTCDS_FIELDS: [&str; 84] = [
    "org_Name",
    "org_ShippingCity",
    "org_ShippingCountry",
    "org_ShippingState",
    "org_ShippingStreet",
    "org_ShippingPostalCode",
    "org_ShippingLongitude",
    "org_ShippingLatitude",
    "org_Phone",
    "org_Type",
    "prs_Salutation",
    "prs_FirstName",
    "prs_MiddleName",
    "prs_SecondName",
    "prs_Birthdate",
    "prs_Gender",
    "prs_Deceased",
    "prs_MaritalStatus",
    "prs_NumberOfChildren",
    "prs_PrimaryLanguage",
    "prs_SecondaryLanguage",
    "prs_HighestLevelOfEducation",
    "prs_Citizenship",
    "prs_IdentityNumber",
    "prs_Title",
    "prs_Email",
    "prs_HomePhone",
    "prs_MobilePhone",
    "prs_MailingCity",
    "prs_MailingCountry",
    "prs_MailingState",
    "prs_MailingStreet",
    "prs_MailingPostalCode",
    "prs_MailingLongitude",
    "prs_MailingLatitude",
    "vic_AgreementToManagePersonalData",
    "vic_TraffickingStatus",
    "vic_TraffickingStatusDecisionMakingOrg",
    "vic_RelationshipToTrafficker",
    "vic_AgeWhenTrafficked",
    "vic_RecruitmentWebsitesAndApps",
    "vic_MethodOfRecruitment",
    "vic_LocationOfRecruitment",
    "vic_MethodsOfControl",
    "vic_TypeOfExploitation",
    "vic_ForcedLabourIndustry",
    "vic_TypeOfSexExploitation",
    "vic_LocationOfExploitation",
    "vic_ExploitationWebsitesAndApps",
    "vic_Vulnerabilities",
    "vic_DetailsOfVulnerabilities",
    "per_RoleInProcess",
    "per_RoleDetails",
    "per_Organisation",
    "cas_Status",
    "cas_ReasonForCaseClosure",
    "cas_CaseOwner",
    "cas_ReferringOrganisation",
    "cas_IncomingReferralDate",
    "cas_ReferringPrimaryCaseWorker",
    "cas_ReasonForIncomingReferral",
    "cas_IncomingReferralDetails",
    "cas_ReferredOrganisation",
    "cas_ReferredPrimaryCaseWorker",
    "cas_ReasonForOutgoingReferral",
    "cas_OutgoingReferralDate",
    "cas_OutgoingReferralDetails",
    "cco_CaseComment",
    "hte_Longitude",
    "hte_Latitude",
    "hte_City",
    "hte_Country",
    "hte_State",
    "hte_Street",
    "hte_PostalCode",
    "hte_Date",
    "hte_Type",
    "hte_Description",
    "spl_Objectives",
    "spl_ActionPlan",
    "spl_PlannedEndDate",
    "spl_ActualEndDate",
    "spl_Type",
    "con_Consent",
];

/// Every column of every file, from an export of nothing.
fn headers() -> Vec<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    export(dir.path(), &[], &[]);
    let mut out = Vec::new();
    for file in lekhotla_htcds::FILES {
        for c in &read(dir.path(), file)[0] {
            out.push(((*file).to_owned(), c.clone()));
        }
    }
    out
}

#[test]
fn every_htcds_field_is_a_column_of_the_export() {
    let columns = headers();
    let missing: Vec<&str> = HTCDS_FIELDS.iter().copied().filter(|f| !columns.iter().any(|(_, c)| c == f)).collect();
    assert!(missing.is_empty(), "HTCDS fields with no column: {missing:?}");
    // Columns are HTCDS fields or Lekhotla's own `lk_` ones, nothing else.
    let strays: Vec<&(String, String)> =
        columns.iter().filter(|(_, c)| !c.starts_with("lk_") && !HTCDS_FIELDS.contains(&c.as_str())).collect();
    assert!(strays.is_empty(), "{strays:?}");
}

#[test]
fn the_demo_data_fills_every_htcds_column() {
    let dir = tempfile::tempdir().unwrap();
    export_demo(dir.path(), 3000, 31);
    let mut empty = Vec::new();
    for file in lekhotla_htcds::FILES {
        let rows = read(dir.path(), file);
        for (i, c) in rows[0].iter().enumerate() {
            if HTCDS_FIELDS.contains(&c.as_str()) && rows.iter().skip(1).all(|r| r[i].is_empty()) {
                empty.push(format!("{file}: {c}"));
            }
        }
    }
    assert!(empty.is_empty(), "never filled by the demo: {empty:?}");
}

#[test]
fn user_references_and_incoming_referrals_round_trip_byte_identically() {
    let (orgs, mut cases) = demo(60, 32);
    let user = |n: u128| Some(UserRef(uuid::Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0000 + n)));
    for (i, case) in cases.iter_mut().enumerate().take(20) {
        case.owner_user = user(i as u128);
        case.incoming_referral = Some(IncomingReferral {
            from_org: orgs[i % orgs.len()].id,
            received_on: None,
            reason: Some(IncomingReferralReason::Other),
            details: (i % 2 == 0).then(|| "=Synthetic note".to_owned()),
            case_worker: (i % 3 == 0).then(|| "Synthetic Worker".to_owned()),
            case_worker_user: user(100 + i as u128),
        });
        for r in &mut case.referrals {
            r.referring_case_worker_user = user(200 + i as u128);
            r.referred_case_worker_user = user(300 + i as u128);
        }
    }
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    export(a.path(), &orgs, &cases);
    let data = import(a.path()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(data.cases, cases);
    export(b.path(), &data.orgs, &data.cases);
    for file in lekhotla_htcds::FILES {
        let (x, y) = (std::fs::read(a.path().join(file)).unwrap(), std::fs::read(b.path().join(file)).unwrap());
        assert!(x == y, "{file} differs after the round trip");
    }
    let rows = read(a.path(), "cases.csv");
    let owner = column(&rows, "lk_CaseOwnerUserId");
    assert_eq!(rows[1][owner], "01900000-0000-7000-8000-000000000000");
}

#[test]
fn the_deprecated_agreement_is_written_from_the_consents_and_not_read() {
    let (orgs, cases) = demo(200, 33);
    let dir = tempfile::tempdir().unwrap();
    export(dir.path(), &orgs, &cases);
    let rows = read(dir.path(), "persons.csv");
    let (id, agreement) = (column(&rows, "lk_PersonId"), column(&rows, "vic_AgreementToManagePersonalData"));
    for case in &cases {
        for v in &case.victims {
            let services: Vec<_> =
                case.consents.iter().filter(|c| c.victim == v.id && c.purpose == ConsentPurpose::Services).collect();
            let want = match services.is_empty() {
                true => "",
                false if services.iter().any(|c| c.in_force()) => "true",
                false => "false",
            };
            let row = rows.iter().find(|r| r[id] == v.id.to_string()).unwrap();
            assert_eq!(row[agreement], want, "victim {}", v.id);
        }
    }
    assert!(rows.iter().any(|r| r[agreement] == "true"));
    // Read back, the column changes nothing: the consents are the record.
    set(dir.path(), "persons.csv", "vic_AgreementToManagePersonalData", "false", |r| r[2] == "victim");
    assert_eq!(import(dir.path()).unwrap_or_else(|e| panic!("{e}")).cases, cases);
    set(dir.path(), "persons.csv", "vic_AgreementToManagePersonalData", "yes", |r| r[2] == "victim");
    assert_eq!(problems(dir.path()).len(), 1);
}

#[test]
fn bad_values_of_the_new_fields_name_their_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    export_demo(dir.path(), 150, 34);
    let p = dir.path();
    // Three victims: a cell that does not parse keeps the domain's checks of its row from running.
    let persons = read(p, "persons.csv");
    let id = column(&persons, "lk_PersonId");
    let victims: Vec<String> = persons.iter().filter(|r| r[2] == "victim").map(|r| r[id].clone()).take(3).collect();
    let nth = |n: usize| {
        let want = victims[n].clone();
        move |r: &[String]| r[id] == want
    };
    let (phone, _) = set(p, "persons.csv", "prs_HomePhone", "022 312 345", nth(0));
    let (children, _) = set(p, "persons.csv", "prs_NumberOfChildren", "31", nth(0));
    let (place, _) = set(p, "persons.csv", "vic_LocationOfRecruitment", "ZA-XX", nth(1));
    let (education, _) = set(p, "persons.csv", "prs_HighestLevelOfEducation", "Primary", nth(2));
    let events = read(p, "events.csv");
    let country = column(&events, "hte_Country");
    let (state, _) = set(p, "events.csv", "hte_State", "LS-A", |r| r[country] == "ZA");
    let referring = column(&read(p, "cases.csv"), "cas_ReferringOrganisation");
    let (orphan, _) = set(p, "cases.csv", "cas_IncomingReferralDate", "2026-01-01", |r| r[referring].is_empty());
    let (org_phone, _) = set(p, "organisations.csv", "org_Phone", "+266 2231 0000", any);
    let found = problems(p);
    assert_problems(
        &found,
        &[
            format!("persons.csv:{phone}: prs_HomePhone: must be an E.164 phone number"),
            format!("persons.csv:{place}: vic_LocationOfRecruitment: \"ZA-XX\""),
            format!("persons.csv:{children}: prs_NumberOfChildren: must be between 0 and 30"),
            format!("persons.csv:{education}: prs_HighestLevelOfEducation: unknown prs_HighestLevelOfEducation value"),
            format!("events.csv:{state}: hte_State: LS-A is not in the event's country ZA"),
            format!(
                "cases.csv:{orphan}: cas_IncomingReferralDate: must be empty when cas_ReferringOrganisation is empty"
            ),
            format!("organisations.csv:{org_phone}: org_Phone: must be an E.164 phone number"),
        ],
    );
}

#[test]
fn the_readme_lists_every_htcds_field_with_its_file_and_column() {
    let readme = include_str!("../../README.md");
    let rows: Vec<&str> = readme.lines().filter(|l| l.starts_with("| ") && l.contains(" | `")).collect();
    let columns = headers();
    for (i, field) in HTCDS_FIELDS.iter().enumerate() {
        let row = rows
            .iter()
            .find(|r| r.starts_with(&format!("| {} | `{field}` |", i + 1)))
            .unwrap_or_else(|| panic!("{field} is not row {} of the coverage table", i + 1));
        let files: Vec<&String> = columns.iter().filter(|(_, c)| c == field).map(|(f, _)| f).collect();
        assert!(files.iter().all(|f| row.contains(&format!("`{f}`"))), "{field}: {row} (in {files:?})");
    }
}
