//! Suite: referral deadlines. The deadlines read as the defaults until set, change only from the version
//! read, and are audited once a write; an unanswered referral is overdue the day after its deadline and
//! escalated the day after twice it, by its service and the victim's age, within the districts and the
//! organisation asked; an answered one leaves the queue and shows its answer's day in the response times; a
//! person's digest address is set, listed and removed. The report's `responses` count tells answered on time,
//! answered late and waiting past the deadline apart, by the deadlines it is given.

use std::sync::Arc;

use lekhotla_domain::*;
use lekhotla_identity::Role;
use lekhotla_storage::deadlines::{Contact, OverdueQuery};
use lekhotla_storage::statistics::StatsQuery;
use lekhotla_storage::{Action, AuditFilter, DbError, Store};
use time::Date;
use time::macros::date;

use crate::fixtures::{self, note};
use crate::security::user;

fn entry(action: Action) -> lekhotla_storage::NewEntry {
    let mut e = note().record("settings/referral_deadlines");
    e.action = action;
    e
}

fn query(today: Date, level: Escalation) -> OverdueQuery {
    OverdueQuery { today, level, districts: None, to_org: None, limit: 100 }
}

pub async fn referral_deadlines_escalate_and_reach_the_digest(store: Arc<dyn Store>) {
    // Defaults until set; a write from version 0 creates them, a second one from 0 is stale.
    let defaults = store.read_deadlines().await.unwrap();
    assert_eq!(defaults, ResponseDeadlines::default());
    assert_eq!(defaults.version, 0);
    let v1 = store.write_deadlines(&defaults, entry(Action::SettingsUpdate)).await.unwrap();
    assert_eq!(v1.version, 1);
    let again = store.write_deadlines(&defaults, entry(Action::SettingsUpdate)).await;
    assert!(matches!(again, Err(DbError::Conflict(ref m)) if m.contains("version 0")), "{again:?}");
    assert_eq!(store.read_deadlines().await.unwrap(), v1);

    // The full case's child victim was referred to child protection when identified, and the shelter
    // referral was accepted on 22 May.
    let (case, orgs) = fixtures::stored_full_case(&*store).await;
    let auto: Vec<_> = case
        .referrals
        .iter()
        .filter(|r| r.service == ServiceType::ChildProtection && r.state == ReferralState::Sent)
        .map(|r| r.id)
        .collect();
    assert!(!auto.is_empty(), "the full case refers its child victims");
    let sent = case.referrals.iter().find(|r| r.id == auto[0]).unwrap().sent_on;
    let day = |n: i64| sent + time::Duration::days(n);
    let ids = |rows: &[lekhotla_storage::deadlines::OverdueRow]| {
        let mut v: Vec<_> = rows.iter().map(|r| r.referral).collect();
        v.sort();
        v
    };
    let mut want = auto.clone();
    want.sort();

    // A child's child protection: one day. Due the next day, overdue the day after, escalated the third.
    let on = |d: Date, level| {
        let store = store.clone();
        let v1 = v1.clone();
        async move { store.overdue_referrals(&v1, &query(d, level)).await.unwrap() }
    };
    assert!(on(day(1), Escalation::Overdue).await.is_empty());
    let late = on(day(2), Escalation::Overdue).await;
    assert_eq!(ids(&late), want);
    let row = &late[0];
    assert_eq!(
        (row.case_number, row.service, row.from_org, row.to_org, row.district.as_str(), row.sent_on, row.child),
        (case.number, ServiceType::ChildProtection, orgs.police.id, orgs.social.id, "LS-A", sent, true)
    );
    assert!(on(day(2), Escalation::Escalated).await.is_empty());
    assert_eq!(ids(&on(day(3), Escalation::Escalated).await), want);

    // Only the districts and the organisation asked.
    let mut q = query(day(3), Escalation::Overdue);
    q.districts = Some(vec![fixtures::unit("LS-B")]);
    assert!(store.overdue_referrals(&v1, &q).await.unwrap().is_empty());
    q.districts = Some(vec![]);
    assert!(store.overdue_referrals(&v1, &q).await.unwrap().is_empty());
    q.districts = Some(vec![fixtures::unit("LS-B"), fixtures::unit("LS-A")]);
    assert_eq!(ids(&store.overdue_referrals(&v1, &q).await.unwrap()), want);
    q.to_org = Some(orgs.shelter.id);
    assert!(store.overdue_referrals(&v1, &q).await.unwrap().is_empty());
    q.to_org = Some(orgs.social.id);
    assert_eq!(ids(&store.overdue_referrals(&v1, &q).await.unwrap()), want);

    // Longer deadlines, from the version read: no longer overdue two days after.
    let mut longer = v1.clone();
    for s in &mut longer.services {
        if s.service == ServiceType::ChildProtection {
            s.child_days = 5;
        }
    }
    let v2 = store.write_deadlines(&longer, entry(Action::SettingsUpdate)).await.unwrap();
    assert_eq!(v2.version, 2);
    assert_eq!(v2.days(ServiceType::ChildProtection, true), 5);
    let stale = store.write_deadlines(&longer, entry(Action::SettingsUpdate)).await;
    assert!(matches!(stale, Err(DbError::Conflict(_))), "{stale:?}");
    assert_eq!(store.read_deadlines().await.unwrap(), v2);
    assert!(store.overdue_referrals(&v2, &query(day(2), Escalation::Overdue)).await.unwrap().is_empty());
    let audited = store
        .search_audit(&AuditFilter { action: Some(Action::SettingsUpdate), ..AuditFilter::default() }, 10, 0)
        .await
        .unwrap();
    assert_eq!(audited.len(), 2, "one entry per write, none for the refused ones");

    // The report's response count, by the case's district and the service: sent, answered by the period's end,
    // answered by the deadline, unanswered past it then.
    let counted = |to: Date, deadlines: ResponseDeadlines| {
        let store = store.clone();
        async move {
            let q = StatsQuery {
                from: date!(2025 - 05 - 01),
                to,
                districts: Some(vec![fixtures::unit("LS-A")]),
                only: Some(vec!["responses".into()]),
                deadlines,
            };
            let mut rows = store.statistics(&q).await.unwrap().get("responses").rows.clone();
            rows.sort();
            rows
        }
    };
    let n = i64::try_from(auto.len()).unwrap();
    let cp = ServiceType::ChildProtection.code().to_owned();
    let sh = ServiceType::Shelter.code().to_owned();
    assert_eq!(
        counted(date!(2025 - 05 - 31), v2.clone()).await,
        [
            (vec!["LS-A".to_owned(), cp.clone()], vec![n, 0, 0, n]),
            (vec!["LS-A".to_owned(), sh.clone()], vec![1, 1, 1, 0])
        ]
    );
    // Within five days of being sent (the 20th), nothing is late yet.
    assert_eq!(counted(date!(2025 - 05 - 25), v2.clone()).await[0].1, vec![n, 0, 0, 0]);

    // Answered: out of the queue, with its day in the response times.
    let mut case = store.get_case(case.id).await.unwrap().unwrap();
    for id in &auto {
        let r = case.referrals.iter().find(|r| r.id == *id).unwrap().clone();
        case.move_referral(r.id, r.version, ReferralAction::Accept { on: date!(2025 - 06 - 01) }, fixtures::TODAY)
            .unwrap();
    }
    store.save_case(&case, note()).await.unwrap();
    assert!(store.overdue_referrals(&v1, &query(day(20), Escalation::Overdue)).await.unwrap().is_empty());
    let responses = store.referral_responses(date!(2025 - 05 - 01), date!(2025 - 06 - 30)).await.unwrap();
    assert_eq!(responses.len(), auto.len() + 1, "{responses:?}");
    let shelter = responses.iter().find(|r| r.service == ServiceType::Shelter).unwrap();
    assert_eq!(
        (shelter.to_org, shelter.sent_on, shelter.responded_on, shelter.district.as_str()),
        (orgs.shelter.id, date!(2025 - 05 - 21), Some(date!(2025 - 05 - 22)), "LS-A")
    );
    assert!(
        responses
            .iter()
            .filter(|r| r.service == ServiceType::ChildProtection)
            .all(|r| r.child && r.responded_on == Some(date!(2025 - 06 - 01)))
    );
    assert!(store.referral_responses(date!(2025 - 05 - 22), date!(2025 - 05 - 31)).await.unwrap().is_empty());
    // Answered on 1 June, twelve days after being sent: answered, but not by the deadline.
    assert_eq!(
        counted(date!(2025 - 06 - 30), v2.clone()).await,
        [(vec!["LS-A".to_owned(), cp], vec![n, n, 0, 0]), (vec!["LS-A".to_owned(), sh], vec![1, 1, 1, 0])]
    );
    assert!(counted(date!(2025 - 06 - 30), v2).await.iter().all(|(k, _)| k[0] == "LS-A"));

    // Digest addresses: set, changed, listed, removed.
    let u = user(orgs.social.id, "neo.digest", &[Role::FocalPoint]);
    store.create_user(&u, &[], entry(Action::UserCreate)).await.unwrap();
    assert!(store.contacts().await.unwrap().is_empty());
    let contact = Contact { user: u.id.0, email: "neo.digest@example.org".into(), language: "st".into() };
    store.set_contact(u.id.0, Some(contact.clone()), entry(Action::UserUpdate)).await.unwrap();
    assert_eq!(store.contacts().await.unwrap(), std::slice::from_ref(&contact));
    let changed = Contact { language: "en".into(), ..contact };
    store.set_contact(u.id.0, Some(changed.clone()), entry(Action::UserUpdate)).await.unwrap();
    assert_eq!(store.contacts().await.unwrap(), [changed]);
    store.set_contact(u.id.0, None, entry(Action::UserUpdate)).await.unwrap();
    assert!(store.contacts().await.unwrap().is_empty());
}
