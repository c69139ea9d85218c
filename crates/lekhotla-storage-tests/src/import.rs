//! Suite: bulk import, replacing by id, keeping numbers, and refusing a number held by another case.

use std::sync::Arc;

use lekhotla_domain::*;
use lekhotla_storage::{DbError, ImportOutcome, ImportProgress, Store};
use time::macros::date;

use crate::fixtures::{self, Orgs, draft_at, imported_case};

fn number(year: u16, sequence: u32) -> CaseNumber {
    CaseNumber::new(fixtures::ls(), year, sequence).unwrap()
}

/// Cases imported once are inserted; imported again they are replaced, nothing is duplicated, and
/// new registrations number after the imported ones.
pub async fn import_inserts_and_reimport_duplicates_nothing(store: Arc<dyn Store>) {
    let orgs = Orgs::new();
    let mut cases: Vec<Case> =
        (1..=12).map(|i| imported_case(&orgs, number(2024, i * 3), date!(2024 - 06 - 01))).collect();
    let (one, two) = (cases[1].id, cases[2].id);
    cases[1].links.push(CaseLink { other: two, kind: CaseLinkKind::CriminalCase });
    cases[2].links.push(CaseLink { other: one, kind: CaseLinkKind::VictimCase });
    let counted = ImportProgress::default();
    let out = store.import_counted(&orgs.all(), &cases, crate::fixtures::note(), &counted).await.unwrap();
    assert_eq!(out, ImportOutcome { organisations: 3, cases_inserted: 12, cases_replaced: 0 });
    assert_eq!(counted.cases(), 12, "the cases written are counted");
    let ids: Vec<CaseId> = cases.iter().map(|c| c.id).collect();
    assert_eq!(store.get_cases(&ids).await.unwrap(), cases);
    assert_eq!(store.list_organisations().await.unwrap().len(), 3);

    let out = store.import(&orgs.all(), &cases, crate::fixtures::note()).await.unwrap();
    assert_eq!(out, ImportOutcome { organisations: 3, cases_inserted: 0, cases_replaced: 12 });
    assert_eq!(store.count_cases().await.unwrap(), 12);
    assert_eq!(store.list_organisations().await.unwrap().len(), 3);
    assert_eq!(store.get_cases(&ids).await.unwrap(), cases);

    // A changed case replaces the stored one whole.
    let mut changed = cases[0].clone();
    changed.victims.truncate(1);
    changed.summary = Some("Corrected in the source system".into());
    changed.version += 1;
    let out = store.import(&[], std::slice::from_ref(&changed), crate::fixtures::note()).await.unwrap();
    assert_eq!((out.cases_inserted, out.cases_replaced), (0, 1));
    assert_eq!(store.get_case(changed.id).await.unwrap(), Some(changed));
    assert_eq!(store.count_cases().await.unwrap(), 12);

    // Registrations of 2024 go on after the highest imported number.
    let at = time::macros::datetime!(2024-12-01 10:00 UTC);
    let next = store
        .create_case(draft_at(orgs.police.id, "LS-A", date!(2024 - 11 - 30), at), crate::fixtures::note())
        .await
        .unwrap();
    assert_eq!(next.number, number(2024, 37));
}

/// An import whose case number is held by another case id is a conflict naming the number, and
/// nothing of it is written.
pub async fn import_number_clash_writes_nothing(store: Arc<dyn Store>) {
    let orgs = Orgs::new();
    let first = imported_case(&orgs, number(2024, 2), date!(2024 - 06 - 01));
    store.import(&orgs.all(), std::slice::from_ref(&first), crate::fixtures::note()).await.unwrap();

    let newcomer = fixtures::organisation("Khanya Legal Aid", OrgType::LegalService, vec![ServiceType::LegalAid]);
    let fresh = imported_case(&orgs, number(2024, 3), date!(2024 - 06 - 02));
    let clash = imported_case(&orgs, number(2024, 2), date!(2024 - 06 - 03));
    match store.import(std::slice::from_ref(&newcomer), &[fresh.clone(), clash], crate::fixtures::note()).await {
        Err(DbError::Conflict(m)) => assert!(m.contains("LS-2024-000002"), "{m}"),
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(store.count_cases().await.unwrap(), 1);
    assert_eq!(store.get_case(fresh.id).await.unwrap(), None);
    assert_eq!(store.get_organisation(newcomer.id).await.unwrap(), None);
    assert_eq!(store.get_case(first.id).await.unwrap(), Some(first));

    // Two cases of one import with the same number.
    let a = imported_case(&orgs, number(2024, 9), date!(2024 - 06 - 02));
    let b = imported_case(&orgs, number(2024, 9), date!(2024 - 06 - 02));
    assert!(matches!(store.import(&[], &[a, b], crate::fixtures::note()).await, Err(DbError::Conflict(_))));
    assert_eq!(store.count_cases().await.unwrap(), 1);
}

/// An import whose case is at an older version than the stored one (the file was written before an edit) is
/// refused whole, naming the case and both versions: importing it would undo the edit. The same version or a
/// later one replaces the case.
pub async fn an_import_older_than_the_stored_case_is_refused(store: Arc<dyn Store>) {
    let orgs = Orgs::new();
    let a = imported_case(&orgs, number(2024, 4), date!(2024 - 06 - 01));
    let b = imported_case(&orgs, number(2024, 5), date!(2024 - 06 - 02));
    let file = vec![a.clone(), b.clone()];
    store.import(&orgs.all(), &file, crate::fixtures::note()).await.unwrap();

    // An officer edits a after the file was written.
    let mut edited = store.get_case(a.id).await.unwrap().unwrap();
    edited.summary = Some("Synthetic summary, edited after the export".into());
    let edited = store.save_case(&edited, crate::fixtures::note()).await.unwrap();
    assert_eq!(edited.version, a.version + 1);

    let fresh = imported_case(&orgs, number(2024, 6), date!(2024 - 06 - 03));
    let mut with_fresh = file.clone();
    with_fresh.push(fresh.clone());
    match store.import(&[], &with_fresh, crate::fixtures::note()).await {
        Err(DbError::Conflict(m)) => {
            let expected =
                format!("LS-2024-000004 (version {} in the file, {} in the database)", a.version, edited.version);
            assert!(m.contains(&expected) && m.contains("1 case was changed"), "{m}");
            assert!(!m.contains("LS-2024-000005"), "{m}");
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    // Nothing of it was written: the edit stands, the new case is not there.
    assert_eq!(store.get_case(a.id).await.unwrap(), Some(edited.clone()));
    assert_eq!(store.get_case(fresh.id).await.unwrap(), None);
    assert_eq!(store.count_cases().await.unwrap(), 2);

    // At the stored version (written after the edit) or a later one, the file replaces the case.
    let mut current = edited.clone();
    current.summary = Some("Synthetic summary, corrected in the source system".into());
    let out = store.import(&[], &[current.clone(), b.clone()], crate::fixtures::note()).await.unwrap();
    assert_eq!((out.cases_inserted, out.cases_replaced), (0, 2));
    assert_eq!(store.get_case(a.id).await.unwrap().unwrap().summary, current.summary);
    current.version += 3;
    store.import(&[], std::slice::from_ref(&current), crate::fixtures::note()).await.unwrap();
    assert_eq!(store.get_case(a.id).await.unwrap().unwrap().version, current.version);
}

/// A load of many imports into empty case tables sets their secondary indexes aside once (on PostgreSQL with the
/// foreign keys between them) and builds them once at its end; nothing is set aside while a case is stored, and
/// the cases read back the same either way. An
/// import into empty tables does the same inside its one transaction: one that fails leaves every index.
pub async fn a_bulk_load_sets_indexes_aside_and_builds_them_again(store: Arc<dyn Store>) {
    let orgs = Orgs::new();
    // Fails on its case's organisation, after the indexes were set aside: they are all there after it.
    let stranger = fixtures::organisation("Unregistered NGO", OrgType::Ngo, vec![]);
    let mut orphan = imported_case(&orgs, number(2023, 40), date!(2023 - 03 - 01));
    orphan.organisation = stranger.id;
    assert!(store.import(&orgs.all(), &[orphan], crate::fixtures::note()).await.is_err());
    assert_eq!(store.count_cases().await.unwrap(), 0);

    let set_aside = store.defer_indexes().await.unwrap();
    assert!(set_aside >= 20, "the case tables' secondary indexes are set aside ({set_aside})");
    assert_eq!(store.defer_indexes().await.unwrap(), 0, "none is left to set aside twice");

    let cases: Vec<Case> = (1..=6).map(|i| imported_case(&orgs, number(2023, i), date!(2023 - 03 - 01))).collect();
    for pair in cases.chunks(2) {
        store.import(&orgs.all(), pair, crate::fixtures::note()).await.unwrap();
    }
    // A case saved again meanwhile (its records deleted and written anew, as any save does) keeps every key whole.
    store.import(&orgs.all(), &cases[..2], crate::fixtures::note()).await.unwrap();
    assert_eq!(store.build_deferred_indexes().await.unwrap(), set_aside);
    assert_eq!(store.build_deferred_indexes().await.unwrap(), 0, "each is built once");
    assert_eq!(store.defer_indexes().await.unwrap(), 0, "a database with cases keeps its indexes");

    let ids: Vec<CaseId> = cases.iter().map(|c| c.id).collect();
    assert_eq!(store.get_cases(&ids).await.unwrap(), cases);
    let filter = lekhotla_storage::CaseFilter {
        district: Some(cases[0].district.clone()),
        ..lekhotla_storage::CaseFilter::default()
    };
    let page = lekhotla_storage::Page { limit: 50, offset: 0, count_cap: None };
    assert_eq!(store.list_cases(&filter, page).await.unwrap().total, 6);
}

/// An import of more cases than a store seals and writes at once (in chunks, the next sealed while one is
/// written) is written whole, links across chunks included, and read back exactly; imported again it replaces
/// every case; one whose last case links to a case that exists nowhere fails and leaves nothing.
pub async fn a_large_import_is_written_whole_or_not_at_all(store: Arc<dyn Store>) {
    // Both stores seal and write 500 cases a chunk, two chunks ahead of the one written: four chunks, the last
    // one short, take every turn of that loop (4,100 cases did no more, in twice the time).
    const CASES: usize = 1_600;
    let orgs = Orgs::new();
    let mut cases: Vec<Case> =
        (1..=CASES as u32).map(|i| imported_case(&orgs, number(2022, i), date!(2022 - 05 - 01))).collect();
    let (first, last) = (cases[0].id, cases[CASES - 1].id);
    cases[0].links.push(CaseLink { other: last, kind: CaseLinkKind::CriminalCase });
    cases[CASES - 1].links.push(CaseLink { other: first, kind: CaseLinkKind::VictimCase });

    let mut broken = cases.clone();
    broken[CASES - 1].links.push(CaseLink { other: CaseId::new(), kind: CaseLinkKind::Related });
    assert!(store.import(&orgs.all(), &broken, crate::fixtures::note()).await.is_err());
    assert_eq!(store.count_cases().await.unwrap(), 0, "a failed import leaves nothing");
    assert!(store.list_organisations().await.unwrap().is_empty());

    let ids: Vec<CaseId> = cases.iter().map(|c| c.id).collect();
    let counted = ImportProgress::default();
    let out = store.import_counted(&orgs.all(), &cases, crate::fixtures::note(), &counted).await.unwrap();
    assert_eq!(out, ImportOutcome { organisations: 3, cases_inserted: CASES as u64, cases_replaced: 0 });
    assert_eq!(counted.cases(), CASES as u64, "every chunk's cases are counted once written");
    assert!(store.get_cases(&ids).await.unwrap() == cases, "every case reads back as imported");
    // Into empty case tables, whose indexes it set aside: it built every one before it answered.
    assert_eq!(store.build_deferred_indexes().await.unwrap(), 0, "no index is left to build");

    for c in &mut cases {
        c.summary = Some("Imported again from the source system".into());
    }
    let counted = ImportProgress::default();
    let out = store.import_counted(&orgs.all(), &cases, crate::fixtures::note(), &counted).await.unwrap();
    assert_eq!(out, ImportOutcome { organisations: 3, cases_inserted: 0, cases_replaced: CASES as u64 });
    assert_eq!(counted.cases(), CASES as u64);
    assert_eq!(store.count_cases().await.unwrap(), CASES as u64);
    assert!(store.get_cases(&ids).await.unwrap() == cases, "every case reads back as imported again");
}
