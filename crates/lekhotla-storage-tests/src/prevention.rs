//! Suite: prevention records. A campaign reads back as written; a change needs the version read (a stale one
//! changes nothing); an import writes every campaign or none; lists keep to their days and districts; the
//! figures count campaigns and the people reached by place; each write is audited once. A training keeps its
//! groups of participants through a change, and the figures count them by place, role and sex. An inspection
//! names the cases it opened only if they are on record, and the figures count those that opened one. A
//! screening at a port of entry keeps its port's district, changes under the version read, links its cases and
//! is counted by port and district with the travellers screened, the people referred and the cases opened.

use std::sync::Arc;

use lekhotla_domain::*;
use lekhotla_storage::statistics::StatsQuery;
use lekhotla_storage::{Action, AuditFilter, DbError, PreventionFilter, PreventionRecords, Store};
use time::macros::date;

use crate::fixtures::{self, country, note, unit};

fn campaign(org: OrgId, place: (&str, Option<&str>, Option<&str>), started_on: time::Date, reach: u32) -> Campaign {
    let (c, district, town) = place;
    let input = CampaignInput {
        title: format!("Know your rights before you travel ({started_on})"),
        organisation: org,
        country: country(c),
        district: district.map(unit),
        town: town.map(str::to_owned),
        audience: CampaignAudience::JobSeekers,
        channels: vec![CampaignChannel::Gathering, CampaignChannel::Radio],
        started_on,
        ended_on: None,
        reach,
        partners: Some("Local chiefs".into()),
        materials: None,
        cost: Some(2_000),
    };
    Campaign::new(input, fixtures::TODAY).expect("a valid campaign")
}

fn entry(action: Action, id: CampaignId) -> lekhotla_storage::NewEntry {
    let mut e = note().record(format!("campaign/{id}"));
    e.action = action;
    e
}

pub async fn campaigns_are_versioned_listed_and_counted(store: Arc<dyn Store>) {
    let org = fixtures::stored_organisation(&*store, "Campaign NGO", OrgType::Ngo).await;
    let leribe = campaign(org.id, ("LS", Some("LS-C"), None), date!(2025 - 05 - 02), 300);
    let welkom = campaign(org.id, ("ZA", None, Some("Welkom")), date!(2025 - 04 - 20), 1_200);
    let old = campaign(org.id, ("LS", Some("LS-A"), Some("Ha Sechele")), date!(2024 - 11 - 05), 80);
    for c in [&leribe, &welkom, &old] {
        store.record_prevention(c, entry(Action::PreventionRecord, c.id)).await.unwrap();
    }
    assert_eq!(store.get_prevention::<Campaign>(welkom.id.0).await.unwrap().as_ref(), Some(&welkom));
    assert_eq!(store.get_prevention::<Campaign>(CampaignId::new().0).await.unwrap(), None);

    // A change needs the version read; a stale one is a conflict and changes nothing.
    let mut changed = leribe.clone();
    changed.details.reach = 350;
    let saved = store.update_prevention(&changed, entry(Action::PreventionUpdate, leribe.id)).await.unwrap();
    assert_eq!(saved.version, 2);
    let stale = store.update_prevention(&changed, entry(Action::PreventionUpdate, leribe.id)).await;
    assert!(
        matches!(stale, Err(DbError::Conflict(ref m)) if m.contains("version 1") && m.contains("version 2")),
        "{stale:?}"
    );
    let missing = Campaign { id: CampaignId::new(), ..changed.clone() };
    assert!(matches!(store.update_prevention(&missing, fixtures::note()).await, Err(DbError::NotFound(_))));
    assert_eq!(store.get_prevention::<Campaign>(leribe.id.0).await.unwrap().unwrap(), saved);

    // Lists: newest first, within days and districts (those abroad have none).
    let all = store.list_prevention::<Campaign>(&PreventionFilter::default()).await.unwrap();
    assert_eq!(all.iter().map(|c| c.id).collect::<Vec<_>>(), [leribe.id, welkom.id, old.id]);
    let tip =
        PreventionFilter { from: Some(date!(2025 - 04 - 01)), to: Some(date!(2026 - 03 - 31)), ..Default::default() };
    assert_eq!(store.list_prevention::<Campaign>(&tip).await.unwrap().len(), 2);
    let leribe_only = PreventionFilter { districts: Some(vec![unit("LS-C")]), ..Default::default() };
    assert_eq!(store.list_prevention::<Campaign>(&leribe_only).await.unwrap(), vec![saved.clone()]);
    let nowhere = PreventionFilter { districts: Some(vec![]), ..Default::default() };
    assert!(store.list_prevention::<Campaign>(&nowhere).await.unwrap().is_empty());

    // An import with one campaign already there writes none of them.
    let fresh = campaign(org.id, ("LS", Some("LS-D"), None), date!(2025 - 05 - 20), 40);
    let clash = store.import_prevention(&[fresh.clone(), welkom.clone()], note()).await;
    assert!(clash.is_err(), "{clash:?}");
    assert_eq!(store.get_prevention::<Campaign>(fresh.id.0).await.unwrap(), None);
    store.import_prevention(std::slice::from_ref(&fresh), note()).await.unwrap();
    assert_eq!(store.get_prevention::<Campaign>(fresh.id.0).await.unwrap().as_ref(), Some(&fresh));

    // The figures: campaigns and people reached by place, in the period; a district's scope has none abroad.
    let q = StatsQuery::between(date!(2025 - 04 - 01), date!(2026 - 03 - 31));
    let got = store.statistics(&q).await.unwrap();
    let mut rows = got.get("campaigns").rows.clone();
    rows.sort();
    assert_eq!(
        rows,
        vec![
            (vec!["LS-C".to_owned()], vec![1, 350]),
            (vec!["LS-D".to_owned()], vec![1, 40]),
            (vec!["ZA".to_owned()], vec![1, 1_200]),
        ]
    );
    let q = StatsQuery { districts: Some(vec![unit("LS-C"), unit("LS-A")]), ..q };
    assert_eq!(
        store.statistics(&q).await.unwrap().get("campaigns").rows,
        vec![(vec!["LS-C".to_owned()], vec![1, 350])]
    );

    // Each write, once.
    for (action, n) in [(Action::PreventionRecord, 3), (Action::PreventionUpdate, 1)] {
        let f = AuditFilter { action: Some(action), ..Default::default() };
        assert_eq!(store.search_audit(&f, 100, 0).await.unwrap().len(), n, "{action}");
    }
}

fn training(org: OrgId, district: &str, started_on: time::Date, groups: &[(TrainingRole, Gender, u32)]) -> Training {
    let input = TrainingInput {
        title: format!("Identifying victims at the border ({started_on})"),
        organisation: org,
        country: country("LS"),
        district: Some(unit(district)),
        town: None,
        started_on,
        ended_on: None,
        curriculum: Some("Referral SOP".into()),
        trainers: None,
        of_trainers: false,
        trained_by: None,
        participants: groups
            .iter()
            .map(|&(role, sex, people)| ParticipantGroup {
                organisation: Some(org),
                role,
                sex,
                district: Some(unit(district)),
                people,
                certified: people / 2,
            })
            .collect(),
        cost: None,
    };
    Training::new(input, fixtures::TODAY).expect("a valid training")
}

pub async fn trainings_keep_their_participants_and_are_counted(store: Arc<dyn Store>) {
    use Gender::{Feminine, Masculine};
    use TrainingRole::{Immigration, Police};
    let org = fixtures::stored_organisation(&*store, "Training Police", OrgType::LawEnforcement).await;
    let leribe = training(org.id, "LS-C", date!(2025 - 04 - 10), &[(Police, Feminine, 8), (Police, Masculine, 12)]);
    let mafeteng = training(org.id, "LS-E", date!(2025 - 05 - 01), &[(Immigration, Feminine, 5)]);
    store.import_prevention(&[leribe.clone(), mafeteng.clone()], note()).await.unwrap();
    assert_eq!(store.get_prevention::<Training>(leribe.id.0).await.unwrap().as_ref(), Some(&leribe));
    // Another registry's id is not a training.
    assert_eq!(store.get_prevention::<Campaign>(leribe.id.0).await.unwrap(), None);

    // A change rewrites the groups: one fewer, another added.
    let mut changed = leribe.clone();
    changed.details.participants.remove(0);
    changed.details.participants[0].people = 10;
    changed.details.participants[0].certified = 10;
    changed.details.participants.push(ParticipantGroup {
        organisation: None,
        role: Immigration,
        sex: Masculine,
        district: None,
        people: 3,
        certified: 0,
    });
    let saved = store.update_prevention(&changed, note()).await.unwrap();
    assert_eq!(saved.version, 2);
    assert!(matches!(store.update_prevention(&changed, note()).await, Err(DbError::Conflict(_))));
    assert_eq!(store.get_prevention::<Training>(leribe.id.0).await.unwrap().unwrap(), saved);
    let listed = store.list_prevention::<Training>(&PreventionFilter::default()).await.unwrap();
    assert_eq!(listed.iter().map(|t| t.id).collect::<Vec<_>>(), [mafeteng.id, leribe.id]);

    // The figures: trainings and people trained by place; the people by role and sex, and those certified.
    let q = StatsQuery::between(date!(2025 - 04 - 01), date!(2026 - 03 - 31));
    let got = store.statistics(&q).await.unwrap();
    let mut places = got.get("trainings").rows.clone();
    places.sort();
    assert_eq!(places, vec![(vec!["LS-C".to_owned()], vec![1, 13]), (vec!["LS-E".to_owned()], vec![1, 5])]);
    let mut trained = got.get("trained").rows.clone();
    trained.sort();
    let key = |r: TrainingRole, s: Gender| vec![r.code().to_owned(), s.code().to_owned()];
    assert_eq!(
        trained,
        vec![
            (key(Immigration, Feminine), vec![5, 2]),
            (key(Immigration, Masculine), vec![3, 0]),
            (key(Police, Masculine), vec![10, 10]),
        ]
    );
    let q = StatsQuery { districts: Some(vec![unit("LS-E")]), ..q };
    assert_eq!(store.statistics(&q).await.unwrap().get("trained").rows, vec![(key(Immigration, Feminine), vec![5, 2])]);
}

pub async fn inspections_link_the_cases_they_opened(store: Arc<dyn Store>) {
    let org = fixtures::stored_organisation(&*store, "Inspection Labour", OrgType::CentralGovernmentOrganisation).await;
    let case = store.create_case(fixtures::draft(org.id, "LS-C", date!(2025 - 05 - 02)), note()).await.unwrap();
    let input = InspectionInput {
        employer: "Maputsoe textile factory".into(),
        sector: ForcedLabourIndustry::Manufacturing,
        organisation: org.id,
        district: unit("LS-C"),
        town: Some("Maputsoe".into()),
        inspected_on: date!(2025 - 05 - 02),
        agencies: vec![InspectionAgency::Labour, InspectionAgency::Immigration],
        workers: 120,
        foreign_workers: 35,
        indicators: vec![MethodOfControl::WithholdsDocuments],
        cases: vec![case.number],
        findings: None,
    };
    let with_case = Inspection::new(input.clone(), fixtures::TODAY).unwrap();
    let without = Inspection::new(
        InspectionInput { cases: vec![], foreign_workers: 5, district: unit("LS-E"), ..input.clone() },
        fixtures::TODAY,
    )
    .unwrap();
    // A case number no case has: the whole import is refused.
    let stray = Inspection::new(
        InspectionInput { cases: vec![CaseNumber::parse("LS-2025-999999").unwrap()], ..input.clone() },
        fixtures::TODAY,
    )
    .unwrap();
    assert!(store.import_prevention(&[without.clone(), stray], note()).await.is_err());
    assert_eq!(store.get_prevention::<Inspection>(without.id.0).await.unwrap(), None);
    store.import_prevention(&[with_case.clone(), without.clone()], note()).await.unwrap();
    assert_eq!(store.get_prevention::<Inspection>(with_case.id.0).await.unwrap().as_ref(), Some(&with_case));

    let q = StatsQuery::between(date!(2025 - 04 - 01), date!(2026 - 03 - 31));
    let mut rows = store.statistics(&q).await.unwrap().get("inspections").rows.clone();
    rows.sort();
    assert_eq!(rows, vec![(vec!["LS-C".to_owned()], vec![1, 35, 1, 1]), (vec!["LS-E".to_owned()], vec![1, 5, 0, 0])]);
    // A change that drops the case: the link goes with it.
    let mut changed = with_case.clone();
    changed.details.cases.clear();
    store.update_prevention(&changed, note()).await.unwrap();
    let mut rows = store.statistics(&q).await.unwrap().get("inspections").rows.clone();
    rows.sort();
    assert_eq!(rows[0], (vec!["LS-C".to_owned()], vec![1, 35, 0, 0]));
}

fn screening(org: OrgId, port: &str, started_on: time::Date, travellers: u32, referred: u32) -> ScreeningInput {
    ScreeningInput {
        port: unit(port),
        organisation: org,
        started_on,
        ended_on: None,
        direction: TravelDirection::Leaving,
        travellers,
        by_group: None,
        indicators: vec![ScreeningIndicator::TooGoodJobOffer],
        referred,
        cases: vec![],
        note: Some("Buses to Gauteng at month's end".into()),
    }
}

pub async fn screenings_at_ports_are_versioned_linked_and_counted(store: Arc<dyn Store>) {
    let geo = fixtures::geography();
    let org =
        fixtures::stored_organisation(&*store, "Screening Immigration", OrgType::CentralGovernmentOrganisation).await;
    let case = store.create_case(fixtures::draft(org.id, "LS-A", date!(2025 - 05 - 03)), note()).await.unwrap();
    let mut input = screening(org.id, "POE-MASERU-BRIDGE", date!(2025 - 05 - 02), 120, 2);
    input.ended_on = Some(date!(2025 - 05 - 03));
    input.by_group = Some(TravellerGroups { women: 50, men: 40, girls: 18, boys: 12 });
    input.cases = vec![case.number];
    let bridge = Screening::new(input, fixtures::TODAY, &geo).unwrap();
    let maputsoe =
        Screening::new(screening(org.id, "POE-MAPUTSOE-BRIDGE", date!(2025 - 04 - 10), 60, 1), fixtures::TODAY, &geo)
            .unwrap();
    let unplaced =
        Screening::new(screening(org.id, "POE-SEPHAPHOS-GATE", date!(2025 - 05 - 20), 15, 0), fixtures::TODAY, &geo)
            .unwrap();
    let old =
        Screening::new(screening(org.id, "POE-MASERU-BRIDGE", date!(2025 - 03 - 31), 40, 0), fixtures::TODAY, &geo)
            .unwrap();
    // A case number no case has: the whole import is refused.
    let mut stray = screening(org.id, "POE-CALEDONSPOORT", date!(2025 - 05 - 02), 10, 1);
    stray.cases = vec![CaseNumber::parse("LS-2025-999999").unwrap()];
    let stray = Screening::new(stray, fixtures::TODAY, &geo).unwrap();
    assert!(store.import_prevention(&[maputsoe.clone(), stray], note()).await.is_err());
    assert_eq!(store.get_prevention::<Screening>(maputsoe.id.0).await.unwrap(), None);
    store.import_prevention(&[maputsoe.clone(), unplaced.clone(), old.clone()], note()).await.unwrap();
    let mut e = note().record(format!("screening/{}", bridge.id));
    e.action = Action::PreventionRecord;
    store.record_prevention(&bridge, e).await.unwrap();
    let read = store.get_prevention::<Screening>(bridge.id.0).await.unwrap().unwrap();
    assert_eq!(read, bridge);
    assert_eq!(read.district, Some(unit("LS-A")));
    assert_eq!(store.get_prevention::<Screening>(unplaced.id.0).await.unwrap().unwrap().district, None);

    // Lists: newest first, by the ports' districts (a port with none only in the national list).
    let all = store.list_prevention::<Screening>(&PreventionFilter::default()).await.unwrap();
    assert_eq!(all.iter().map(|s| s.id).collect::<Vec<_>>(), [unplaced.id, bridge.id, maputsoe.id, old.id]);
    let leribe = PreventionFilter { districts: Some(vec![unit("LS-C")]), ..Default::default() };
    assert_eq!(store.list_prevention::<Screening>(&leribe).await.unwrap(), vec![maputsoe.clone()]);

    let q = StatsQuery::between(date!(2025 - 04 - 01), date!(2026 - 03 - 31));
    let key = |port: &str, district: &str| vec![port.to_owned(), district.to_owned()];
    let mut rows = store.statistics(&q).await.unwrap().get("screenings").rows.clone();
    rows.sort();
    assert_eq!(
        rows,
        vec![
            (key("POE-MAPUTSOE-BRIDGE", "LS-C"), vec![1, 60, 1, 0, 0]),
            (key("POE-MASERU-BRIDGE", "LS-A"), vec![1, 120, 2, 1, 1]),
            (key("POE-SEPHAPHOS-GATE", ""), vec![1, 15, 0, 0, 0]),
        ]
    );

    // A change under the version read: to another port (its district follows), the case dropped; a stale one
    // is a conflict and changes nothing.
    let mut details = bridge.details.clone();
    details.port = unit("POE-VAN-ROOYENS-GATE");
    details.cases.clear();
    let changed = bridge.changed(details, fixtures::TODAY, &geo).unwrap();
    let mut e = note().record(format!("screening/{}", bridge.id));
    e.action = Action::PreventionUpdate;
    let saved = store.update_prevention(&changed, e).await.unwrap();
    assert_eq!((saved.version, saved.district.clone()), (2, Some(unit("LS-E"))));
    let stale = store.update_prevention(&changed, note()).await;
    assert!(matches!(stale, Err(DbError::Conflict(ref m)) if m.contains("screening")), "{stale:?}");
    assert_eq!(store.get_prevention::<Screening>(bridge.id.0).await.unwrap().unwrap(), saved);
    let q = StatsQuery { districts: Some(vec![unit("LS-E"), unit("LS-A")]), ..q };
    assert_eq!(
        store.statistics(&q).await.unwrap().get("screenings").rows,
        vec![(key("POE-VAN-ROOYENS-GATE", "LS-E"), vec![1, 120, 2, 0, 0])]
    );

    // Each write, once.
    for (action, n) in [(Action::PreventionRecord, 1), (Action::PreventionUpdate, 1)] {
        let f = AuditFilter { action: Some(action), ..Default::default() };
        assert_eq!(store.search_audit(&f, 100, 0).await.unwrap().len(), n, "{action}");
    }
}
