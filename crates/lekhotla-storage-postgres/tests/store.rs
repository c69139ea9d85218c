//! The PostgreSQL store against a live server (`LEKHOTLA_TEST_PG_URL`); skipped when it is unset.
#![allow(clippy::unwrap_used)] // a test file: helpers outside #[test] functions unwrap too

use std::sync::Arc;

use lekhotla_domain::*;
use lekhotla_storage::{CaseDraft, CaseFilter, DbError, Page, Store};
use lekhotla_storage_postgres::PgStore;
use time::macros::{date, datetime};

const GEOGRAPHY: &str = include_str!("../../../data/geography/LS.csv");

async fn store() -> Option<Arc<PgStore>> {
    let Ok(url) = std::env::var("LEKHOTLA_TEST_PG_URL") else {
        eprintln!("skipped: LEKHOTLA_TEST_PG_URL is not set");
        return None;
    };
    let schema = format!("t_{:016x}", rand::random::<u64>());
    let s = PgStore::connect_in_schema(&url, &schema).await.expect("connect");
    s.load_geography(&Geography::from_csv(GEOGRAPHY).unwrap()).await.unwrap();
    Some(Arc::new(s))
}

fn ls() -> CountryCode {
    CountryCode::parse("LS").unwrap()
}

fn unit(s: &str) -> UnitCode {
    UnitCode::parse(s).unwrap()
}

async fn org(s: &PgStore, name: &str) -> Organisation {
    let o = Organisation::new(OrganisationInput {
        name: name.into(),
        org_type: OrgType::LawEnforcement,
        district: Some(unit("LS-A")),
        services: vec![ServiceType::Investigation, ServiceType::Shelter],
        phone: Some("+266 2231 2345".into()),
        city: Some("Maseru".into()),
        country: ls(),
    })
    .unwrap();
    s.create_organisation(&o).await.unwrap();
    o
}

fn draft(org: OrgId, detected_on: time::Date) -> CaseDraft {
    CaseDraft {
        id: CaseId::new(),
        country: ls(),
        input: NewCase {
            organisation: org,
            district: unit("LS-A"),
            detection_source: DetectionSource::BorderPost,
            detected_on,
            port_of_entry: Some(unit("POE-MASERU-BRIDGE")),
            owner: Some("officer1".into()),
            summary: Some("Three women at the bridge".into()),
        },
        now: datetime!(2025-03-04 10:11:12.123456789 UTC),
    }
}

fn person(name: &str) -> PersonDetails {
    PersonDetails {
        first_name: name.into(),
        middle_name: None,
        second_name: Some("Mokoena".into()),
        birthdate: Some(date!(2010 - 05 - 06)),
        estimated_age: None,
        gender: Gender::Feminine,
        citizenship: vec![ls(), CountryCode::parse("ZA").unwrap()],
        identity_number: Some("RA123".into()),
        phone: Some("+266 5800 0000".into()),
        email: None,
        address: None,
        city: Some("Maseru".into()),
        district: Some(unit("LS-A")),
        country: Some(ls()),
        primary_language: Some("st".into()),
    }
}

/// A case with a record of every kind.
fn fill(c: &mut Case, org: OrgId, other_org: OrgId) {
    let today = date!(2025 - 03 - 04);
    let v = c
        .add_victim(
            VictimInput {
                person: person("Lerato"),
                context: VictimContext {
                    trafficking_status: TraffickingStatus::ALL[0],
                    status_decided_by: None,
                    status_decided_by_org: Some(org),
                    status_decided_on: Some(date!(2025 - 03 - 02)),
                    identified_on: date!(2025 - 03 - 01),
                    age_when_trafficked: Some(14),
                    exploitation_types: vec![ExploitationType::ForcedLabour, ExploitationType::SexualExploitation],
                    forced_labour_industry: Some(ForcedLabourIndustry::MiningAndQuarrying),
                    sex_exploitation_types: vec![],
                    methods_of_control: vec![MethodOfControl::DebtBondage, MethodOfControl::WithholdsDocuments],
                    recruitment_methods: vec![],
                    relationship_to_trafficker: None,
                    vulnerabilities: vec![],
                    vulnerability_details: Some("none".into()),
                },
            },
            today,
            Some(ChildReferral { from: org, to: other_org }),
        )
        .unwrap();
    let s1 = c
        .add_suspect(
            SuspectInput {
                identity: SuspectIdentity::Individual(person("Thabo")),
                roles: vec![],
                role_details: None,
                official: Some(PublicOfficial { public_body: "Immigration".into(), position: None }),
                arrested_on: Some(date!(2025 - 03 - 03)),
            },
            today,
        )
        .unwrap();
    c.add_suspect(
        SuspectInput {
            identity: SuspectIdentity::Business(BusinessDetails {
                name: "Quick Jobs (Pty) Ltd".into(),
                kind: BusinessKind::RecruitmentAgency,
                registration_number: Some("B-1".into()),
                country: Some(CountryCode::parse("ZA").unwrap()),
                district: None,
            }),
            roles: vec![],
            role_details: Some("recruited".into()),
            official: None,
            arrested_on: None,
        },
        today,
    )
    .unwrap();
    c.add_witness(
        WitnessInput {
            person: person("Palesa"),
            victim: Some(v),
            statement_taken_on: Some(today),
            testimony_preserved: true,
        },
        today,
    )
    .unwrap();
    c.add_event(
        EventInput {
            event_type: EventType::ALL[0],
            date: Some(date!(2025 - 02 - 01)),
            country: CountryCode::parse("ZA").unwrap(),
            district: None,
            port_of_entry: Some(unit("POE-MASERU-BRIDGE")),
            city: Some("Bloemfontein".into()),
            place: None,
            description: None,
            latitude: Some(-29.118_7),
            longitude: Some(26.214_1),
            victim: Some(v),
        },
        today,
    )
    .unwrap();
    c.record_consent(
        ConsentInput {
            victim: v,
            purpose: ConsentPurpose::Services,
            given: true,
            recorded_on: today,
            recorded_by: None,
        },
        today,
    )
    .unwrap();
    c.add_support_plan(
        SupportPlanInput {
            victim: v,
            plan_type: SupportPlanType::Health,
            provider: Some(other_org),
            objectives: "Recover".into(),
            action_plan: None,
            started_on: today,
            planned_end: None,
            actual_end: None,
        },
        today,
    )
    .unwrap();
    c.add_comment(
        CommentInput { author: "officer1".into(), text: "Opened".into() },
        datetime!(2025-03-04 11:00:00.5 UTC),
    )
    .unwrap();
    c.open_investigation(
        InvestigationInput {
            unit: InvestigationUnit::ALL[0],
            organisation: org,
            investigator: "Sgt Mohapi".into(),
            opened_on: date!(2025 - 03 - 02),
            docket_number: Some("CR 12/03/2025".into()),
            docket_custodian: Some("Sgt Mohapi".into()),
            cooperating_countries: vec![CountryCode::parse("ZA").unwrap()],
        },
        today,
    )
    .unwrap();
    c.transfer_docket(1, DocketTransferInput { to_custodian: "DPP".into(), on: today, reason: None }, today).unwrap();
    c.open_prosecution(
        ProsecutionInput {
            prosecutor: "Adv. Lebona".into(),
            referred_on: today,
            court: None,
            court_case_number: None,
            charges: vec![ChargeInput {
                accused: s1,
                offence: Offence::ALL[0],
                statute: Some("s.5".into()),
                counts: 2,
                filed_on: today,
            }],
        },
        today,
    )
    .unwrap();
    c.add_hearing(1, HearingInput { on: today, kind: HearingKind::ALL[0], victim_testified: true, notes: None }, today)
        .unwrap();
    c.record_verdict(2, VerdictInput { accused: s1, outcome: VerdictOutcome::Conviction, on: today }, today).unwrap();
    c.record_sentence(
        3,
        SentenceInput {
            accused: s1,
            on: today,
            imprisonment_months: Some(120),
            fine_lsl: Some(5000),
            suspended: false,
            notes: None,
        },
        today,
    )
    .unwrap();
    c.order_compensation(4, CompensationInput { accused: s1, victim: v, amount_lsl: 10_000, on: today }, today)
        .unwrap();
}

#[tokio::test]
async fn a_full_case_round_trips_and_saves_are_versioned() {
    let Some(s) = store().await else { return };
    let police = org(&s, "Police").await;
    let ngo = org(&s, "Shelter NGO").await;
    let mut c = s.create_case(draft(police.id, date!(2025 - 03 - 01))).await.unwrap();
    assert_eq!(c.number.to_string(), "LS-2025-000001");
    assert_eq!(s.get_case(c.id).await.unwrap().as_ref(), Some(&c));
    fill(&mut c, police.id, ngo.id);
    let saved = s.save_case(&c).await.unwrap();
    assert_eq!(saved.version, c.version + 1);
    let back = s.get_case(c.id).await.unwrap().unwrap();
    assert_eq!(back, saved);
    assert_eq!(s.find_case_by_number(&c.number).await.unwrap().unwrap(), saved);
    // The stale copy is refused.
    assert!(matches!(s.save_case(&c).await, Err(DbError::Conflict(_))));
    let mut ghost = c.clone();
    ghost.id = CaseId::new();
    assert!(matches!(s.save_case(&ghost).await, Err(DbError::NotFound("case"))));
    let verdicts = CaseFilter { stage: Some(CaseStage::Verdict), ..Default::default() };
    let list = s.list_cases(&verdicts, Page::default()).await.unwrap();
    assert_eq!((list.total, list.items[0].victims, list.items[0].suspects), (1, 1, 2));
}

#[tokio::test]
async fn numbers_are_distinct_under_concurrency_and_references_are_checked() {
    let Some(s) = store().await else { return };
    let police = org(&s, "Police").await;
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let s = s.clone();
        let d = draft(police.id, date!(2025 - 03 - 01));
        tasks.push(tokio::spawn(async move { s.create_case(d).await.unwrap().number.sequence() }));
    }
    let mut seqs = Vec::new();
    for t in tasks {
        seqs.push(t.await.unwrap());
    }
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=20).collect::<Vec<_>>());
    let mut bad = draft(OrgId::new(), date!(2025 - 03 - 01));
    bad.input.port_of_entry = None;
    match s.create_case(bad).await {
        Err(DbError::Reference { field, .. }) => assert_eq!(field, "organisation"),
        other => panic!("{other:?}"),
    }
    // The failed insert gave its number back.
    assert_eq!(s.create_case(draft(police.id, date!(2025 - 03 - 01))).await.unwrap().number.sequence(), 21);
    let page = s.list_cases(&CaseFilter::default(), Page::new(5, 0)).await.unwrap();
    assert_eq!((page.total, page.items.len()), (21, 5));
    assert_eq!(page.items[0].number.sequence(), 21);
    let prefix = CaseFilter { number_prefix: Some("LS-2025-00001".into()), ..Default::default() };
    assert_eq!(s.list_cases(&prefix, Page::default()).await.unwrap().total, 10);
    let ids = s.case_ids_after(None, 100).await.unwrap();
    assert_eq!(ids.len(), 21);
    assert!(ids.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(s.case_ids_after(Some(ids[9]), 100).await.unwrap(), ids[10..]);
}

#[tokio::test]
async fn links_go_both_ways_once() {
    let Some(s) = store().await else { return };
    let police = org(&s, "Police").await;
    let a = s.create_case(draft(police.id, date!(2025 - 03 - 01))).await.unwrap();
    let b = s.create_case(draft(police.id, date!(2025 - 03 - 02))).await.unwrap();
    s.link_cases(a.id, b.id, CaseLinkKind::CriminalCase).await.unwrap();
    let (a2, b2) = (s.get_case(a.id).await.unwrap().unwrap(), s.get_case(b.id).await.unwrap().unwrap());
    assert_eq!(a2.links, vec![CaseLink { other: b.id, kind: CaseLinkKind::CriminalCase }]);
    assert_eq!(b2.links, vec![CaseLink { other: a.id, kind: CaseLinkKind::VictimCase }]);
    assert_eq!((a2.version, b2.version), (2, 2));
    assert!(matches!(s.link_cases(b.id, a.id, CaseLinkKind::Related).await, Err(DbError::Conflict(_))));
    assert!(matches!(s.link_cases(a.id, CaseId::new(), CaseLinkKind::Related).await, Err(DbError::NotFound(_))));
}

#[tokio::test]
async fn import_replaces_by_id_and_guards_numbers() {
    let Some(s) = store().await else { return };
    let police = org(&s, "Police").await;
    let ngo = Organisation::new(OrganisationInput {
        name: "NGO".into(),
        org_type: OrgType::Ngo,
        district: None,
        services: vec![],
        phone: None,
        city: None,
        country: ls(),
    })
    .unwrap();
    let mut cases = Vec::new();
    for i in 1..=300u32 {
        let d = draft(police.id, date!(2024 - 01 - 01));
        let mut c = d.into_case(CaseNumber::new(ls(), 2024, i * 2).unwrap()).unwrap();
        fill(&mut c, police.id, ngo.id);
        cases.push(c);
    }
    let out = s.import(std::slice::from_ref(&ngo), &cases).await.unwrap();
    assert_eq!((out.organisations, out.cases_inserted, out.cases_replaced), (1, 300, 0));
    let out = s.import(&[], &cases).await.unwrap();
    assert_eq!((out.cases_inserted, out.cases_replaced), (0, 300));
    assert_eq!(s.count_cases().await.unwrap(), 300);
    let ids: Vec<CaseId> = cases.iter().map(|c| c.id).collect();
    assert_eq!(s.get_cases(&ids).await.unwrap(), cases);
    let mut thief = cases[0].clone();
    thief.id = CaseId::new();
    match s.import(&[], &[thief]).await {
        Err(DbError::Conflict(m)) => assert!(m.contains("LS-2024-000002"), "{m}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(s.count_cases().await.unwrap(), 300);
    let mut d = draft(police.id, date!(2024 - 01 - 01));
    d.now = datetime!(2024-06-01 0:00 UTC);
    assert_eq!(s.create_case(d).await.unwrap().number.sequence(), 601);
}

#[tokio::test]
async fn an_absent_server_is_unavailable_and_named() {
    match PgStore::connect("postgres://someone:secret@127.0.0.1:1/x").await {
        Err(DbError::Unavailable(m)) => {
            assert!(m.contains("127.0.0.1:1"), "{m}");
            assert!(!m.contains("secret"), "{m}");
        }
        other => panic!("{other:?}"),
    }
}

/// `cargo test -p lekhotla-storage-postgres --test store -- --ignored` (with the URL set).
#[tokio::test]
#[ignore = "a timing check of 10,000 full cases; run on demand"]
async fn ten_thousand_cases_import_in_well_under_a_minute() {
    let Some(s) = store().await else { return };
    let police = org(&s, "Police").await;
    let ngo = org(&s, "NGO").await;
    let cases: Vec<Case> = (1..=10_000u32)
        .map(|i| {
            let mut c =
                draft(police.id, date!(2024 - 01 - 01)).into_case(CaseNumber::new(ls(), 2024, i).unwrap()).unwrap();
            fill(&mut c, police.id, ngo.id);
            c
        })
        .collect();
    let started = std::time::Instant::now();
    let out = s.import(&[], &cases).await.unwrap();
    let took = started.elapsed();
    eprintln!("imported {} cases in {took:?}", out.cases_inserted);
    assert_eq!(out.cases_inserted, 10_000);
    assert!(took < std::time::Duration::from_secs(30), "{took:?}");
    let started = std::time::Instant::now();
    let ids: Vec<CaseId> = cases.iter().take(1000).map(|c| c.id).collect();
    assert_eq!(s.get_cases(&ids).await.unwrap().len(), 1000);
    eprintln!("read 1000 cases in {:?}", started.elapsed());
}
