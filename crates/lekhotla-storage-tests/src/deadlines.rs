//! Suite: referral deadlines. The deadlines read as the defaults until set, change only from the version
//! read, and are audited once a write; an unanswered referral is overdue the day after its deadline and
//! escalated the day after twice it, by its service and the victim's age, within the districts and the
//! organisation asked; an answered one leaves the queue and shows its answer's day in the response times; a
//! person's digest address is set, listed and removed.

use std::sync::Arc;

use lekhotla_domain::*;
use lekhotla_identity::Role;
use lekhotla_storage::deadlines::{Contact, OverdueQuery};
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

    // The full case's child victims were referred to child protection on its day (1 June 2025), and the
    // shelter referral was accepted on 22 May.
    let (case, orgs) = fixtures::stored_full_case(&*store).await;
    let sent = fixtures::TODAY;
    let auto: Vec<_> = case
        .referrals
        .iter()
        .filter(|r| r.service == ServiceType::ChildProtection && r.state == ReferralState::Sent)
        .map(|r| r.id)
        .collect();
    assert!(!auto.is_empty(), "the full case refers its child victims");
    let ids = |rows: &[lekhotla_storage::deadlines::OverdueRow]| {
        let mut v: Vec<_> = rows.iter().map(|r| r.referral).collect();
        v.sort();
        v
    };
    let mut want = auto.clone();
    want.sort();

    // A child's child protection: one day. Due on 2 June, overdue on the 3rd, escalated on the 4th.
    let on = |d: Date, level| {
        let store = store.clone();
        let v1 = v1.clone();
        async move { store.overdue_referrals(&v1, &query(d, level)).await.unwrap() }
    };
    assert!(on(date!(2025 - 06 - 02), Escalation::Overdue).await.is_empty());
    let late = on(date!(2025 - 06 - 03), Escalation::Overdue).await;
    assert_eq!(ids(&late), want);
    let row = &late[0];
    assert_eq!(
        (row.case_number, row.service, row.from_org, row.to_org, row.district.as_str(), row.sent_on, row.child),
        (case.number, ServiceType::ChildProtection, orgs.police.id, orgs.social.id, "LS-A", sent, true)
    );
    assert!(on(date!(2025 - 06 - 03), Escalation::Escalated).await.is_empty());
    assert_eq!(ids(&on(date!(2025 - 06 - 04), Escalation::Escalated).await), want);

    // Only the districts and the organisation asked.
    let mut q = query(date!(2025 - 06 - 04), Escalation::Overdue);
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

    // Longer deadlines, from the version read: no longer overdue on the 3rd.
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
    assert!(store.overdue_referrals(&v2, &query(date!(2025 - 06 - 03), Escalation::Overdue)).await.unwrap().is_empty());
    let audited = store
        .search_audit(&AuditFilter { action: Some(Action::SettingsUpdate), ..AuditFilter::default() }, 10, 0)
        .await
        .unwrap();
    assert_eq!(audited.len(), 2, "one entry per write, none for the refused ones");

    // Answered: out of the queue, with its day in the response times.
    let mut case = store.get_case(case.id).await.unwrap().unwrap();
    for id in &auto {
        let r = case.referrals.iter().find(|r| r.id == *id).unwrap().clone();
        case.move_referral(r.id, r.version, ReferralAction::Accept { on: date!(2025 - 06 - 01) }, fixtures::TODAY)
            .unwrap();
    }
    store.save_case(&case, note()).await.unwrap();
    assert!(store.overdue_referrals(&v1, &query(date!(2025 - 06 - 10), Escalation::Overdue)).await.unwrap().is_empty());
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
