//! Suite: case lists with filters, paging and totals; the keyset walk; links between cases.

use std::collections::BTreeSet;
use std::sync::Arc;

use lekhotla_domain::*;
use lekhotla_storage::{CaseFilter, DbError, Page, Store};
use time::macros::date;

use crate::RawSql;
use crate::fixtures::{self, Orgs, draft, stored_full_case};

/// The grouped counts agree with the filtered list totals, stage by stage and district by district.
pub async fn case_counts_agree_with_the_list(store: Arc<dyn Store>) {
    assert_eq!(store.case_counts().await.unwrap(), lekhotla_storage::CaseCounts::default());
    let (_, orgs) = stored_full_case(store.as_ref()).await; // LS-A, before the court
    for (district, on) in
        [("LS-A", date!(2025 - 01 - 10)), ("LS-B", date!(2025 - 02 - 10)), ("LS-B", date!(2025 - 03 - 10))]
    {
        store.create_case(draft(orgs.police.id, district, on), crate::fixtures::note()).await.unwrap();
    }
    let counts = store.case_counts().await.unwrap();
    assert_eq!(counts.total, 4);
    assert_eq!(counts.stage(CaseStage::BeforeCourt), 1);
    assert_eq!(counts.stage(CaseStage::Reported), 3);
    assert_eq!(counts.stage(CaseStage::Concluded), 0);
    let codes: Vec<&str> = counts.by_district.iter().map(|(d, _)| d.as_str()).collect();
    assert_eq!(codes, ["LS-A", "LS-B"]);
    for (district, n) in &counts.by_district {
        let filter = CaseFilter { district: Some(district.clone()), ..CaseFilter::default() };
        assert_eq!(store.list_cases(&filter, Page::new(1, 0)).await.unwrap().total, *n);
    }
    assert_eq!(counts.district(&fixtures::unit("LS-B")), 2);
    // A count capped at 2 stops at 3 (the cap and one more: "more than 2"); at 4 or more it is exact.
    let all = CaseFilter::default();
    assert_eq!(store.list_cases(&all, Page::new(1, 0).counting_up_to(2)).await.unwrap().total, 3);
    assert_eq!(store.list_cases(&all, Page::new(1, 0).counting_up_to(4)).await.unwrap().total, 4);
    let inbox = lekhotla_storage::ReferralFilter {
        organisation: orgs.police.id,
        direction: lekhotla_storage::Direction::Outgoing,
        state: None,
        service: None,
        scope: lekhotla_storage::Scope::All,
    };
    let exact = store.list_referrals(&inbox, Page::new(1, 0)).await.unwrap().total;
    let capped = store.list_referrals(&inbox, Page::new(1, 0).counting_up_to(0)).await.unwrap().total;
    assert_eq!(capped, exact.min(1), "a referral count capped at none says whether there is one");
}

/// Every filter of [`CaseFilter`] and the paging, newest detection first then number descending.
pub async fn list_cases_filters_and_pages(store: Arc<dyn Store>) {
    let (full, orgs) = stored_full_case(store.as_ref()).await; // LS-A, 2025-05-20, before the court, police
    let mut made = vec![full.clone()];
    for (org, district, on) in [
        (orgs.police.id, "LS-A", date!(2025 - 01 - 10)),
        (orgs.shelter.id, "LS-B", date!(2025 - 02 - 10)),
        (orgs.shelter.id, "LS-B", date!(2025 - 02 - 10)),
        (orgs.police.id, "LS-C", date!(2025 - 03 - 10)),
        (orgs.social.id, "LS-A", date!(2024 - 12 - 31)),
    ] {
        made.push(store.create_case(draft(org, district, on), crate::fixtures::note()).await.unwrap());
    }
    // One closed, one under investigation.
    let mut closed = made[2].clone();
    closed
        .update(
            CaseUpdate {
                status: Some(CaseStatus::Closed),
                closure_reason: Some("Victim repatriated; no offence".into()),
                ..Default::default()
            },
            time::OffsetDateTime::now_utc().date(),
        )
        .unwrap();
    made[2] = store.save_case(&closed, crate::fixtures::note()).await.unwrap();
    let mut investigated = made[4].clone();
    let police = orgs.police.id;
    investigated
        .open_investigation(
            InvestigationInput {
                unit: InvestigationUnit::Cgpu,
                organisation: police,
                investigator: "D/Sgt Tlali".into(),
                opened_on: date!(2025 - 03 - 11),
                docket_number: None,
                docket_custodian: None,
                cooperating_countries: vec![],
            },
            fixtures::TODAY,
        )
        .unwrap();
    investigated.detection_source = DetectionSource::Hotline;
    made[4] = store.save_case(&investigated, crate::fixtures::note()).await.unwrap();

    let mut expected: Vec<CaseSummary> = made.iter().map(Case::summary_line).collect();
    expected.sort_by_key(|s| std::cmp::Reverse((s.detected_on, s.number)));

    let all = store.list_cases(&CaseFilter::default(), Page::new(100, 0)).await.unwrap();
    assert_eq!(all.total, 6);
    assert_eq!(all.items, expected);

    let pick = |f: &dyn Fn(&CaseSummary) -> bool| expected.iter().filter(|s| f(s)).cloned().collect::<Vec<_>>();
    check(
        store.as_ref(),
        CaseFilter { district: Some(fixtures::unit("LS-B")), ..Default::default() },
        pick(&|s| s.district.as_str() == "LS-B"),
    )
    .await;
    check(
        store.as_ref(),
        CaseFilter { status: Some(CaseStatus::Closed), ..Default::default() },
        pick(&|s| s.status == CaseStatus::Closed),
    )
    .await;
    check(
        store.as_ref(),
        CaseFilter { status: Some(CaseStatus::Active), ..Default::default() },
        pick(&|s| s.status == CaseStatus::Active),
    )
    .await;
    check(
        store.as_ref(),
        CaseFilter { stage: Some(CaseStage::BeforeCourt), ..Default::default() },
        pick(&|s| s.stage == CaseStage::BeforeCourt),
    )
    .await;
    check(
        store.as_ref(),
        CaseFilter { stage: Some(CaseStage::UnderInvestigation), ..Default::default() },
        pick(&|s| s.stage == CaseStage::UnderInvestigation),
    )
    .await;
    check(
        store.as_ref(),
        CaseFilter { organisation: Some(orgs.shelter.id), ..Default::default() },
        pick(&|s| s.organisation == orgs.shelter.id),
    )
    .await;
    check(
        store.as_ref(),
        CaseFilter { detection_source: Some(DetectionSource::Hotline), ..Default::default() },
        pick(&|s| s.detection_source == DetectionSource::Hotline),
    )
    .await;
    let (from, to) = (date!(2025 - 01 - 10), date!(2025 - 02 - 10));
    check(
        store.as_ref(),
        CaseFilter { detected_from: Some(from), detected_to: Some(to), ..Default::default() },
        pick(&|s| s.detected_on >= from && s.detected_on <= to),
    )
    .await;
    check(store.as_ref(), CaseFilter { detected_from: Some(date!(2025 - 05 - 21)), ..Default::default() }, vec![])
        .await;
    check(
        store.as_ref(),
        CaseFilter { district: Some(fixtures::unit("LS-A")), organisation: Some(police), ..Default::default() },
        pick(&|s| s.district.as_str() == "LS-A" && s.organisation == police),
    )
    .await;
    let prefix = full.number.to_string()[..13].to_owned(); // LS-2025-00000
    check(
        store.as_ref(),
        CaseFilter { number_prefix: Some(prefix.clone()), ..Default::default() },
        pick(&|s| s.number.to_string().starts_with(&prefix)),
    )
    .await;
    check(
        store.as_ref(),
        CaseFilter { number_prefix: Some("LS-2025-000002".into()), ..Default::default() },
        pick(&|s| s.number.sequence() == 2),
    )
    .await;
    check(store.as_ref(), CaseFilter { number_prefix: Some("LS-2024".into()), ..Default::default() }, vec![]).await;
    check(store.as_ref(), CaseFilter { number_prefix: Some("LS-2025-00000_".into()), ..Default::default() }, vec![])
        .await;

    // Pages: the same order, cut; the total is the whole count.
    let mut paged = Vec::new();
    for offset in [0, 4] {
        let page = store.list_cases(&CaseFilter::default(), Page::new(4, offset)).await.unwrap();
        assert_eq!(page.total, 6);
        paged.extend(page.items);
    }
    assert_eq!(paged, expected);
    let past = store.list_cases(&CaseFilter::default(), Page::new(4, 10)).await.unwrap();
    assert_eq!((past.total, past.items.len()), (6, 0));
}

/// `case_ids_after` walks every id exactly once, in id order.
pub async fn case_ids_after_walks_every_id_once(store: Arc<dyn Store>) {
    assert!(store.case_ids_after(None, 10).await.unwrap().is_empty());
    let orgs = Orgs::stored(store.as_ref()).await;
    let mut ids = BTreeSet::new();
    for i in 0..11 {
        let district = if i % 2 == 0 { "LS-A" } else { "LS-D" };
        ids.insert(
            store
                .create_case(draft(orgs.police.id, district, date!(2025 - 05 - 01)), crate::fixtures::note())
                .await
                .unwrap()
                .id,
        );
    }
    let mut walked = Vec::new();
    let mut after = None;
    loop {
        let batch = store.case_ids_after(after, 3).await.unwrap();
        assert!(batch.len() <= 3);
        let Some(last) = batch.last().copied() else { break };
        walked.extend(batch);
        after = Some(last);
    }
    assert_eq!(walked, ids.into_iter().collect::<Vec<_>>());
    assert_eq!(store.case_ids_after(Some(walked[4]), 100).await.unwrap(), walked[5..]);
}

/// A link is recorded on both cases (the inverse on the other), bumps both versions, and only once.
pub async fn links_go_both_ways_once(store: Arc<dyn Store>) {
    let orgs = Orgs::stored(store.as_ref()).await;
    let a =
        store.create_case(draft(orgs.police.id, "LS-A", date!(2025 - 05 - 01)), crate::fixtures::note()).await.unwrap();
    let b =
        store.create_case(draft(orgs.police.id, "LS-E", date!(2025 - 05 - 02)), crate::fixtures::note()).await.unwrap();
    let c =
        store.create_case(draft(orgs.police.id, "LS-F", date!(2025 - 05 - 03)), crate::fixtures::note()).await.unwrap();
    store.link_cases(a.id, b.id, CaseLinkKind::CriminalCase, crate::fixtures::note()).await.unwrap();
    store.link_cases(c.id, a.id, CaseLinkKind::Related, crate::fixtures::note()).await.unwrap();
    let a2 = store.get_case(a.id).await.unwrap().unwrap();
    let b2 = store.get_case(b.id).await.unwrap().unwrap();
    assert_eq!(
        a2.links,
        vec![
            CaseLink { other: b.id, kind: CaseLinkKind::CriminalCase },
            CaseLink { other: c.id, kind: CaseLinkKind::Related },
        ]
    );
    assert_eq!(b2.links, vec![CaseLink { other: a.id, kind: CaseLinkKind::VictimCase }]);
    assert_eq!((a2.version, b2.version), (3, 2));

    assert!(matches!(
        store.link_cases(b.id, a.id, CaseLinkKind::Related, crate::fixtures::note()).await,
        Err(DbError::Conflict(_))
    ));
    assert!(matches!(
        store.link_cases(a.id, b.id, CaseLinkKind::Related, crate::fixtures::note()).await,
        Err(DbError::Conflict(_))
    ));
    assert!(matches!(
        store.link_cases(a.id, CaseId::new(), CaseLinkKind::Related, crate::fixtures::note()).await,
        Err(DbError::NotFound(_))
    ));
    assert!(store.link_cases(a.id, a.id, CaseLinkKind::Related, crate::fixtures::note()).await.is_err());
    assert_eq!(store.get_case(a.id).await.unwrap(), Some(a2.clone()));

    // A case saved from before the link is stale; one saved after keeps both ends of its links.
    assert!(matches!(store.save_case(&a, crate::fixtures::note()).await, Err(DbError::Conflict(_))));
    let mut a3 = a2.clone();
    a3.summary = Some("Linked".into());
    let a3 = store.save_case(&a3, crate::fixtures::note()).await.unwrap();
    assert_eq!(store.get_case(a.id).await.unwrap(), Some(a3));
    assert_eq!(store.get_case(b.id).await.unwrap(), Some(b2));
}

async fn check(store: &dyn Store, filter: CaseFilter, want: Vec<CaseSummary>) {
    let got = store.list_cases(&filter, Page::new(100, 0)).await.unwrap();
    assert_eq!(got.total, want.len() as u64, "{filter:?}");
    assert_eq!(got.items, want, "{filter:?}");
}

/// A victim presumed a child with no child-protection referral (none could be made) is stored with the
/// case (`child_referral_missed`) and lists with the filter; once referred, the case leaves the list.
pub async fn cases_that_missed_a_child_referral_are_listed(store: Arc<dyn Store>) {
    let orgs = Orgs::stored(store.as_ref()).await;
    let police = orgs.police.id;
    let mut made = Vec::new();
    for _ in 0..3 {
        made.push(store.create_case(draft(police, "LS-A", date!(2025 - 05 - 20)), fixtures::note()).await.unwrap());
    }
    // A child with no organisation to refer to; a victim of unknown age, likewise; an adult.
    let mut missed = made[0].clone();
    let child = missed.add_victim(fixtures::victim("Palesa", true, police), fixtures::TODAY, None).unwrap();
    let mut unknown = made[1].clone();
    let mut input = fixtures::victim("Mpho", false, police);
    input.person.birthdate = None;
    input.person.estimated_age = None;
    let unknown_age = unknown.add_victim(input, fixtures::TODAY, None).unwrap();
    let mut adult = made[2].clone();
    adult.add_victim(fixtures::victim("Lerato", false, police), fixtures::TODAY, None).unwrap();
    assert_eq!(missed.missed_child_referrals(), vec![child]);
    assert_eq!(unknown.missed_child_referrals(), vec![unknown_age]);
    let missed = store.save_case(&missed, fixtures::note()).await.unwrap();
    let unknown = store.save_case(&unknown, fixtures::note()).await.unwrap();
    store.save_case(&adult, fixtures::note()).await.unwrap();
    let only = |m| CaseFilter { child_referral_missed: Some(m), ..Default::default() };
    let ids = |list: lekhotla_storage::CaseList| list.items.into_iter().map(|s| s.id).collect::<BTreeSet<_>>();
    let listed = ids(store.list_cases(&only(true), Page::new(100, 0)).await.unwrap());
    assert_eq!(listed, BTreeSet::from([missed.id, unknown.id]));
    assert_eq!(store.list_cases(&only(false), Page::new(100, 0)).await.unwrap().total, 1);
    // The age is established later and the child referred: the miss is gone from the list.
    let mut later = unknown.clone();
    let mut input = fixtures::victim("Mpho", false, police);
    input.person.birthdate = None;
    input.person.estimated_age = Some(12);
    let refer = ChildReferral { from: police, to: orgs.social.id };
    later.update_victim(unknown_age, 1, input, fixtures::TODAY, Some(refer)).unwrap();
    assert!(later.missed_child_referrals().is_empty());
    store.save_case(&later, fixtures::note()).await.unwrap();
    let listed = ids(store.list_cases(&only(true), Page::new(100, 0)).await.unwrap());
    assert_eq!(listed, BTreeSet::from([missed.id]));
}

/// The statements of migration `0006_case_rules.sql` that recompute the stored stage and the
/// child-referral flag: on generated cases, with the stored values reset first, the stage recomputed in
/// SQL is the domain's `Case::stage` for every case, and no case is flagged that the domain does not flag.
pub async fn stages_recomputed_in_sql_agree_with_the_domain(store: Arc<dyn Store>, sql: RawSql, migration: &str) {
    let cases = crate::generated_cases(&*store, 1_500).await;
    let stages: BTreeSet<CaseStage> = cases.iter().map(Case::stage).collect();
    assert_eq!(stages.len(), CaseStage::ALL.len(), "the generated cases reach every stage: {stages:?}");
    sql("UPDATE cases SET stage = 'reported'".into()).await.unwrap();
    for marker in ["-- The stage of every case", "-- Victims presumed a child"] {
        let start = migration.find(marker).unwrap_or_else(|| panic!("{marker} is in the migration"));
        let rest = &migration[start..];
        let end = rest.find(");\n").map(|e| e + 2).unwrap_or_else(|| panic!("the statement after {marker} ends"));
        sql(rest[..end].to_owned()).await.unwrap();
    }
    for stage in CaseStage::ALL {
        let filter = CaseFilter { stage: Some(stage), ..Default::default() };
        let want: BTreeSet<CaseId> = cases.iter().filter(|c| c.stage() == stage).map(|c| c.id).collect();
        let mut got = BTreeSet::new();
        let mut offset = 0;
        loop {
            let page = store.list_cases(&filter, Page::new(Page::MAX_LIMIT, offset)).await.unwrap();
            let n = page.items.len() as u64;
            got.extend(page.items.into_iter().map(|s| s.id));
            if n < u64::from(Page::MAX_LIMIT) {
                break;
            }
            offset += n;
        }
        assert_eq!(got, want, "cases at stage {}", stage.code());
    }
    let flagged = CaseFilter { child_referral_missed: Some(true), ..Default::default() };
    let want = cases.iter().filter(|c| !c.missed_child_referrals().is_empty()).count() as u64;
    assert_eq!(store.list_cases(&flagged, Page::new(1, 0)).await.unwrap().total, want);
}
