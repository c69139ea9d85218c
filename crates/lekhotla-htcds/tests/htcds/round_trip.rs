//! Export → import gives back exactly what was exported; exporting that again gives the same bytes.

use std::collections::BTreeMap;
use std::path::Path;

use super::support::{TODAY, demo, export_demo, import, read, write};
use lekhotla_htcds::FILES;

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
        .collect()
}

#[test]
fn ten_thousand_demo_cases_round_trip_exactly_and_export_byte_identically() {
    let (orgs, cases) = demo(10_000, 21);
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut reported = Vec::new();
    let summary = lekhotla_htcds::export(a.path(), &orgs, cases.iter().cloned(), &mut |n| reported.push(n)).unwrap();
    assert_eq!(summary.cases, 10_000);
    assert_eq!(summary.organisations, orgs.len() as u64);
    assert!(summary.to_string().starts_with("10000 cases ("), "{summary}");
    assert_eq!(reported.last(), Some(&10_000));
    assert!(reported.windows(2).all(|w| w[0] <= w[1]));

    // Every file is there, with a header and `\n` line ends.
    let first = files(a.path());
    assert_eq!(first.keys().map(String::as_str).collect::<Vec<_>>(), {
        let mut names = FILES.to_vec();
        names.sort_unstable();
        names
    });
    for (name, bytes) in &first {
        let header_end = bytes.iter().position(|b| *b == b'\n').unwrap();
        assert_ne!(bytes[header_end - 1], b'\r', "{name} has CRLF line ends");
        assert!(bytes.ends_with(b"\n"), "{name}");
    }
    // Every kind of record occurs, so every column is exercised.
    for (name, count) in [
        ("events", summary.events),
        ("referrals", summary.referrals),
        ("consents", summary.consents),
        ("support plans", summary.support_plans),
        ("comments", summary.comments),
        ("links", summary.case_links),
        ("docket transfers", summary.docket_transfers),
        ("charges", summary.charges),
        ("hearings", summary.hearings),
        ("verdicts", summary.verdicts),
        ("sentences", summary.sentences),
        ("compensation orders", summary.compensation_orders),
    ] {
        assert!(count > 0, "no {name} in the demo data");
    }

    let mut rows = 0;
    let data = lekhotla_htcds::import_on(a.path(), TODAY, &mut |n| rows = n)
        .unwrap_or_else(|e| panic!("{:#?}", e.errors().iter().take(20).map(ToString::to_string).collect::<Vec<_>>()));
    assert!(rows > 10_000, "progress reported {rows} rows");
    let mut sorted = orgs.clone();
    sorted.sort_by_key(|o| o.id);
    assert_eq!(data.orgs, sorted);
    assert_eq!(data.cases.len(), cases.len());
    for (got, want) in data.cases.iter().zip(&cases) {
        assert_eq!(got, want, "case {} differs after the round trip", want.number);
    }

    lekhotla_htcds::export(b.path(), &data.orgs, data.cases, &mut |_| {}).unwrap();
    assert!(first == files(b.path()), "exporting the imported cases gave different files");
}

#[test]
fn an_empty_registry_exports_headers_only_and_imports_as_empty() {
    let dir = tempfile::tempdir().unwrap();
    let summary = lekhotla_htcds::export(dir.path(), &[], Vec::new(), &mut |_| {}).unwrap();
    assert_eq!(
        summary.to_string(),
        "0 cases (0 persons, 0 events, 0 referrals, 0 consents, 0 support plans, 0 comments, 0 case links, 0 investigations, 0 docket transfers, 0 prosecutions, 0 charges, 0 hearings, 0 verdicts, 0 sentences, 0 compensation orders)"
    );
    let cases = std::fs::read_to_string(dir.path().join("cases.csv")).unwrap();
    assert_eq!(cases.lines().count(), 1);
    assert!(cases.starts_with("lk_CaseId,lk_CaseNumber,lk_Version,cas_Status,"));
    let data = import(dir.path()).unwrap();
    assert!(data.orgs.is_empty() && data.cases.is_empty());
}

#[test]
fn organisations_in_any_order_import_by_id_so_a_second_round_trip_is_equal() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    export_demo(a.path(), 50, 5);
    // Another system's file lists the organisations in its own order: here, the reverse of ours.
    let mut rows = read(a.path(), "organisations.csv");
    assert!(rows.len() > 3, "the demo data has several organisations");
    rows[1..].reverse();
    write(a.path(), "organisations.csv", &rows);

    let data = import(a.path()).unwrap();
    assert!(data.orgs.windows(2).all(|w| w[0].id < w[1].id), "organisations come back by id");
    lekhotla_htcds::export(b.path(), &data.orgs, data.cases.iter().cloned(), &mut |_| {}).unwrap();
    assert_eq!(import(b.path()).unwrap(), data, "an import exported and imported again differs");
}
