//! Suite: service providers' years and shelter stays. A year reads back as written; a second record of the
//! same year is refused; a change needs the version read (a stale one changes nothing); each write is
//! audited once. A shelter's stays are read from its delivered `Shelter` referrals, within the period asked.

use std::sync::Arc;

use lekhotla_domain::*;
use lekhotla_storage::{Action, AuditFilter, DbError, ProviderYears, Store};
use time::macros::date;

use crate::fixtures::{self, note};

fn entry(org: OrgId, year: i32) -> lekhotla_storage::NewEntry {
    let mut e = note().record(format!("provider-year/{org}/{year}"));
    e.action = Action::ProvisionSave;
    e
}

pub async fn provider_years_are_versioned_and_stays_read(store: Arc<dyn Store>) {
    let (case, orgs) = fixtures::stored_full_case(&*store).await;
    let shelter = orgs.shelter.id;
    let input = ProviderYearInput {
        beds: Some(24),
        funding: vec![Funding { funder: "Ministry of Home Affairs".into(), committed: 1_200_000, disbursed: 900_000 }],
        note: None,
    };
    let year = ProviderYear::new(shelter, 2025, input, fixtures::TODAY).unwrap();
    store.record_year(&year, entry(shelter, 2025)).await.unwrap();
    assert_eq!(store.read_year(shelter, 2025).await.unwrap().as_ref(), Some(&year));
    assert_eq!(store.read_year(shelter, 2024).await.unwrap(), None);

    // The same year twice is a conflict that names the stored version.
    let again = store.record_year(&year, entry(shelter, 2025)).await;
    assert!(matches!(again, Err(DbError::Conflict(ref m)) if m.contains("recorded already")), "{again:?}");

    // A change needs the version read.
    let mut changed = year.clone();
    changed.details.funding[0].disbursed = 1_200_000;
    let saved = store.update_year(&changed, entry(shelter, 2025)).await.unwrap();
    assert_eq!(saved.version, 2);
    let stale = store.update_year(&changed, entry(shelter, 2025)).await;
    assert!(
        matches!(stale, Err(DbError::Conflict(ref m)) if m.contains("version 1") && m.contains("version 2")),
        "{stale:?}"
    );
    assert_eq!(store.read_year(shelter, 2025).await.unwrap(), Some(saved.clone()));
    let police = ProviderYear::new(orgs.police.id, 2025, ProviderYearInput::default(), fixtures::TODAY).unwrap();
    store.record_year(&police, entry(orgs.police.id, 2025)).await.unwrap();
    let listed = store.list_years(2025).await.unwrap();
    assert_eq!(listed.len(), 2);
    assert!(listed.contains(&saved) && listed.contains(&police));
    assert!(store.list_years(2026).await.unwrap().is_empty());
    let audited = store
        .search_audit(&AuditFilter { action: Some(Action::ProvisionSave), ..AuditFilter::default() }, 10, 0)
        .await
        .unwrap();
    assert_eq!(audited.len(), 3, "one entry per write, none for the refused ones");

    // The full case's shelter referral was accepted on 22 May 2025: no stay until it is delivered.
    assert!(store.shelter_stays(date!(2025 - 01 - 01), date!(2025 - 12 - 31)).await.unwrap().is_empty());
    let mut case = store.get_case(case.id).await.unwrap().unwrap();
    let r = case.referrals.iter().find(|r| r.service == ServiceType::Shelter).unwrap().clone();
    case.move_referral(
        r.id,
        r.version,
        ReferralAction::Deliver { on: date!(2025 - 05 - 23), note: None },
        fixtures::TODAY,
    )
    .unwrap();
    let case = store.save_case(&case, note()).await.unwrap();
    let stays = store.shelter_stays(date!(2025 - 01 - 01), date!(2025 - 12 - 31)).await.unwrap();
    assert_eq!(stays, [lekhotla_storage::StayRow { shelter, from: date!(2025 - 05 - 23), until: None }]);
    assert!(store.shelter_stays(date!(2024 - 01 - 01), date!(2024 - 12 - 31)).await.unwrap().is_empty());
    let mut case = case;
    let r = case.referrals.iter().find(|r| r.service == ServiceType::Shelter).unwrap().clone();
    case.move_referral(r.id, r.version, ReferralAction::Close { on: date!(2025 - 05 - 30) }, fixtures::TODAY).unwrap();
    store.save_case(&case, note()).await.unwrap();
    let stays = store.shelter_stays(date!(2025 - 05 - 30), date!(2025 - 12 - 31)).await.unwrap();
    assert_eq!(stays[0].until, Some(date!(2025 - 05 - 30)));
    assert!(store.shelter_stays(date!(2025 - 05 - 31), date!(2025 - 12 - 31)).await.unwrap().is_empty());
}
