//! The statistics export: victims left out for want of consent, sealed columns empty, refused by import.

use std::collections::HashSet;

use super::support::{column, demo, problems, read};
use lekhotla_domain::ConsentPurpose;
use lekhotla_htcds::{FILES, PURPOSE_FILE, Purpose};

/// The columns a statistics export leaves empty, file by file.
const SEALED: &[(&str, &[&str])] = &[
    ("cases.csv", &["lk_Summary", "cas_IncomingReferralDetails", "cas_ReasonForCaseClosure"]),
    (
        "persons.csv",
        &[
            "prs_FirstName",
            "prs_MiddleName",
            "prs_SecondName",
            "prs_Birthdate",
            "prs_IdentityNumber",
            "prs_MobilePhone",
            "prs_HomePhone",
            "prs_Email",
            "prs_MailingStreet",
            "prs_MailingPostalCode",
            "prs_MailingLatitude",
            "prs_MailingLongitude",
            "prs_MailingCity",
            "per_Organisation",
            "lk_OfficialPosition",
            "vic_DetailsOfVulnerabilities",
            "per_RoleDetails",
        ],
    ),
    ("events.csv", &["hte_Street", "hte_Description", "hte_City", "hte_PostalCode", "hte_Latitude", "hte_Longitude"]),
    ("referrals.csv", &["cas_OutgoingReferralDetails", "lk_DeclineReason", "lk_DeliveryNote", "lk_EndReason"]),
    ("support_plans.csv", &["spl_Objectives", "spl_ActionPlan"]),
    ("comments.csv", &["cco_CaseComment"]),
    ("investigations.csv", &["lk_ClosureReason"]),
    ("docket_transfers.csv", &["lk_Reason"]),
    ("hearings.csv", &["lk_Notes"]),
    ("prosecutions.csv", &["lk_WithdrawalReason"]),
];

#[test]
fn a_statistics_export_leaves_out_who_refused_and_every_sealed_value_and_cannot_be_imported() {
    let (orgs, cases) = demo(300, 8);
    let out: HashSet<String> = cases
        .iter()
        .flat_map(|c| {
            let kept = c.victims_for_statistics();
            c.victims.iter().map(|v| v.id).filter(move |v| !kept.contains(v)).collect::<Vec<_>>()
        })
        .map(|v| v.to_string())
        .collect();
    assert!(!out.is_empty(), "the demo data has refusals of statistics");
    assert!(cases.iter().any(|c| c.consents.iter().any(|x| x.purpose == ConsentPurpose::Statistics)));

    let (transfer, stats) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    lekhotla_htcds::export(transfer.path(), &orgs, cases.iter().cloned(), &mut |_| {}).unwrap();
    let summary =
        lekhotla_htcds::export_for(Purpose::Statistics, stats.path(), &orgs, cases.iter().cloned(), &mut |_| {})
            .unwrap();
    assert_eq!(summary.victims_left_out, out.len() as u64);
    assert!(!transfer.path().join(PURPOSE_FILE).exists(), "a transfer writes no purpose file");
    let note = std::fs::read_to_string(stats.path().join(PURPOSE_FILE)).unwrap();
    assert_eq!(note.lines().next(), Some("statistics"));

    // No id of a victim left out, anywhere.
    for file in FILES {
        for row in read(stats.path(), file) {
            assert!(row.iter().all(|cell| !out.contains(cell)), "{file} names a victim left out");
        }
    }
    // Every sealed column is empty, where the transfer export has values.
    for (file, columns) in SEALED {
        let (t, s) = (read(transfer.path(), file), read(stats.path(), file));
        for name in *columns {
            let (ct, cs) = (column(&t, name), column(&s, name));
            assert!(t[1..].iter().any(|r| !r[ct].is_empty()), "the demo data fills {file} {name}");
            assert!(s[1..].iter().all(|r| r[cs].is_empty()), "{file} {name} has a value");
        }
    }
    // An age stays where a birth date was known.
    let (t, s) = (read(transfer.path(), "persons.csv"), read(stats.path(), "persons.csv"));
    let (id, born, age) = (column(&t, "lk_PersonId"), column(&t, "prs_Birthdate"), column(&s, "lk_EstimatedAge"));
    let born: HashSet<&str> = t[1..].iter().filter(|r| !r[born].is_empty()).map(|r| r[id].as_str()).collect();
    let aged: Vec<&Vec<String>> = s[1..].iter().filter(|r| born.contains(r[id].as_str())).collect();
    assert!(aged.len() > 100 && aged.iter().all(|r| !r[age].is_empty()));

    let refused = problems(stats.path());
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert!(refused[0].starts_with(PURPOSE_FILE) && refused[0].contains("statistics export"), "{refused:?}");

    // A transfer written over it takes the purpose file away, and imports.
    lekhotla_htcds::export(stats.path(), &orgs, cases.iter().cloned(), &mut |_| {}).unwrap();
    assert!(!stats.path().join(PURPOSE_FILE).exists());
    assert_eq!(super::support::import(stats.path()).unwrap().cases.len(), 300);
}
