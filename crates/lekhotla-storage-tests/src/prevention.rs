//! Suite: prevention records. A campaign reads back as written; a change needs the version read (a stale one
//! changes nothing); an import writes every campaign or none; lists keep to their days and districts; the
//! figures count campaigns and the people reached by place; each write is audited once.

use std::sync::Arc;

use lekhotla_domain::*;
use lekhotla_storage::statistics::StatsQuery;
use lekhotla_storage::{Action, AuditFilter, CampaignFilter, DbError, Store};
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
        store.record_campaign(c, entry(Action::PreventionRecord, c.id)).await.unwrap();
    }
    assert_eq!(store.get_campaign(welkom.id).await.unwrap().as_ref(), Some(&welkom));
    assert_eq!(store.get_campaign(CampaignId::new()).await.unwrap(), None);

    // A change needs the version read; a stale one is a conflict and changes nothing.
    let mut changed = leribe.clone();
    changed.details.reach = 350;
    let saved = store.update_campaign(&changed, entry(Action::PreventionUpdate, leribe.id)).await.unwrap();
    assert_eq!(saved.version, 2);
    let stale = store.update_campaign(&changed, entry(Action::PreventionUpdate, leribe.id)).await;
    assert!(
        matches!(stale, Err(DbError::Conflict(ref m)) if m.contains("version 1") && m.contains("version 2")),
        "{stale:?}"
    );
    let missing = Campaign { id: CampaignId::new(), ..changed.clone() };
    assert!(matches!(store.update_campaign(&missing, fixtures::note()).await, Err(DbError::NotFound(_))));
    assert_eq!(store.get_campaign(leribe.id).await.unwrap().unwrap(), saved);

    // Lists: newest first, within days and districts (those abroad have none).
    let all = store.list_campaigns(&CampaignFilter::default()).await.unwrap();
    assert_eq!(all.iter().map(|c| c.id).collect::<Vec<_>>(), [leribe.id, welkom.id, old.id]);
    let tip =
        CampaignFilter { from: Some(date!(2025 - 04 - 01)), to: Some(date!(2026 - 03 - 31)), ..Default::default() };
    assert_eq!(store.list_campaigns(&tip).await.unwrap().len(), 2);
    let leribe_only = CampaignFilter { districts: Some(vec![unit("LS-C")]), ..Default::default() };
    assert_eq!(store.list_campaigns(&leribe_only).await.unwrap(), vec![saved.clone()]);
    let nowhere = CampaignFilter { districts: Some(vec![]), ..Default::default() };
    assert!(store.list_campaigns(&nowhere).await.unwrap().is_empty());

    // An import with one campaign already there writes none of them.
    let fresh = campaign(org.id, ("LS", Some("LS-D"), None), date!(2025 - 05 - 20), 40);
    let clash = store.import_campaigns(&[fresh.clone(), welkom.clone()], note()).await;
    assert!(clash.is_err(), "{clash:?}");
    assert_eq!(store.get_campaign(fresh.id).await.unwrap(), None);
    store.import_campaigns(std::slice::from_ref(&fresh), note()).await.unwrap();
    assert_eq!(store.get_campaign(fresh.id).await.unwrap().as_ref(), Some(&fresh));

    // The figures: campaigns and people reached by place, in the period; a district's scope has none abroad.
    let q = StatsQuery { from: date!(2025 - 04 - 01), to: date!(2026 - 03 - 31), districts: None, only: None };
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
