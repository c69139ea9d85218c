//! Suite: committee meetings. A meeting reads back as written; a change needs the version read (a stale one
//! changes nothing and says which versions clash); lists go by year, committee and open action items, newest
//! first; each write is audited once.

use std::sync::Arc;

use lekhotla_domain::*;
use lekhotla_storage::{Action, AuditFilter, CommitteeMeetings, DbError, MeetingFilter, Store};
use time::macros::date;

use crate::fixtures::{self, note};

fn entry(id: MeetingId) -> lekhotla_storage::NewEntry {
    let mut e = note().record(format!("meeting/{id}"));
    e.action = Action::CommitteeSave;
    e
}

fn meeting(committee: Committee, held_on: time::Date, owner: OrgId, case: CaseNumber) -> Meeting {
    let input = MeetingInput {
        committee,
        held_on,
        place: "Ministry of Home Affairs, Maseru".into(),
        chair: "Principal Secretary, Home Affairs".into(),
        agenda: vec!["Quarterly figures".into()],
        attendance: vec![
            Attendance { organisation: Some(owner), guest: None, people: 2 },
            Attendance { organisation: None, guest: Some("Christian Council of Lesotho".into()), people: 1 },
        ],
        decisions: vec!["Adopt the referral SOP".into()],
        actions: vec![ActionItem {
            text: "Circulate the SOP".into(),
            owner,
            deadline: date!(2025 - 06 - 30),
            status: ActionStatus::Open,
            activities: vec![PlanCode::parse("1.3.2").unwrap()],
            cases: vec![case],
        }],
    };
    Meeting::new(input, fixtures::TODAY, &References::default()).unwrap()
}

pub async fn committee_meetings_are_versioned_and_listed(store: Arc<dyn Store>) {
    let (case, orgs) = fixtures::stored_full_case(&*store).await;
    let owner = orgs.police.id;
    let leribe = Committee::District(UnitCode::parse("LS-C").unwrap());
    let msc = meeting(Committee::National, date!(2025 - 05 - 10), owner, case.number);
    store.record_meeting(&msc, entry(msc.id)).await.unwrap();
    assert_eq!(store.read_meeting(msc.id).await.unwrap().as_ref(), Some(&msc));
    assert_eq!(store.read_meeting(MeetingId::new()).await.unwrap(), None);
    let mut district = meeting(leribe.clone(), date!(2024 - 11 - 20), owner, case.number);
    district.details.actions[0].status = ActionStatus::Done;
    store.record_meeting(&district, entry(district.id)).await.unwrap();

    // A change needs the version read; a stale one changes nothing.
    let mut changed = msc.clone();
    changed.details.actions[0].status = ActionStatus::Done;
    changed.details.decisions.push("Meet again in August".into());
    let saved = store.update_meeting(&changed, entry(msc.id)).await.unwrap();
    assert_eq!(saved.version, 2);
    let stale = store.update_meeting(&changed, entry(msc.id)).await;
    assert!(
        matches!(stale, Err(DbError::Conflict(ref m)) if m.contains("version 1") && m.contains("version 2")),
        "{stale:?}"
    );
    assert_eq!(store.read_meeting(msc.id).await.unwrap(), Some(saved.clone()));
    let mut ghost = msc.clone();
    ghost.id = MeetingId::new();
    ghost.version = 3;
    assert!(matches!(store.update_meeting(&ghost, entry(ghost.id)).await, Err(DbError::NotFound(_))));

    // Lists: newest first, by year and by committee; open action items whatever the year.
    let all = store.list_meetings(&MeetingFilter::default()).await.unwrap();
    assert_eq!(all, [saved.clone(), district.clone()]);
    let year = MeetingFilter {
        from: Some(date!(2025 - 01 - 01)),
        to: Some(date!(2025 - 12 - 31)),
        ..MeetingFilter::default()
    };
    assert_eq!(store.list_meetings(&year).await.unwrap(), std::slice::from_ref(&saved));
    let of_leribe = MeetingFilter { committee: Some(leribe.clone()), ..MeetingFilter::default() };
    assert_eq!(store.list_meetings(&of_leribe).await.unwrap(), [district.clone()]);
    let open = MeetingFilter { with_open_actions: true, ..MeetingFilter::default() };
    assert!(store.list_meetings(&open).await.unwrap().is_empty(), "both items are done");
    let mut reopened = district.clone();
    reopened.details.actions[0].status = ActionStatus::Open;
    let reopened = store.update_meeting(&reopened, entry(district.id)).await.unwrap();
    assert_eq!(store.list_meetings(&open).await.unwrap(), [reopened]);

    let audited = store
        .search_audit(&AuditFilter { action: Some(Action::CommitteeSave), ..AuditFilter::default() }, 10, 0)
        .await
        .unwrap();
    assert_eq!(audited.len(), 4, "one entry per write, none for the refused ones");
    assert!(audited.iter().any(|e| e.record.as_deref() == Some(format!("meeting/{}", msc.id).as_str())));
}
