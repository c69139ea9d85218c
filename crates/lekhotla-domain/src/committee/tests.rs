//! The committee records' rules: every bad field named by its path, the plan's activities checked against the
//! stored plan, overdue action items.

use time::macros::date;

use super::*;
use crate::case_number::CaseNumber;
use crate::error::{DomainError, FieldError};
use crate::geography::UnitCode;
use crate::ids::OrgId;
use crate::plan::PlanCode;

fn item(owner: OrgId) -> ActionItem {
    ActionItem {
        text: "Circulate the referral SOP to district focal points".into(),
        owner,
        deadline: date!(2026 - 03 - 31),
        status: ActionStatus::Open,
        activities: vec![PlanCode::parse("1.3.2").unwrap()],
        cases: vec![CaseNumber::parse("LS-2025-000123").unwrap()],
    }
}

fn msc(home_affairs: OrgId) -> MeetingInput {
    MeetingInput {
        committee: Committee::National,
        held_on: date!(2026 - 02 - 10),
        place: "Ministry of Home Affairs, Maseru".into(),
        chair: "Principal Secretary, Home Affairs".into(),
        agenda: vec!["Opening".into(), "Quarterly figures".into()],
        attendance: vec![
            Attendance { organisation: Some(home_affairs), guest: None, people: 3 },
            Attendance { organisation: None, guest: Some("Christian Council of Lesotho".into()), people: 1 },
        ],
        decisions: vec!["Adopt the revised referral SOP".into()],
        actions: vec![item(home_affairs)],
    }
}

fn fields(e: DomainError) -> Vec<String> {
    match e {
        DomainError::Invalid(v) => v.into_iter().map(|FieldError { field, .. }| field).collect(),
        other => panic!("{other}"),
    }
}

#[test]
fn a_committee_is_msc_or_a_district() {
    assert_eq!(Committee::parse("msc").unwrap(), Committee::National);
    assert_eq!(Committee::parse("LS-C").unwrap().district(), Some(&UnitCode::parse("LS-C").unwrap()));
    assert!(Committee::parse("Leribe").is_err());
    let json = serde_json::to_string(&Committee::District(UnitCode::parse("LS-C").unwrap())).unwrap();
    assert_eq!(json, "\"LS-C\"");
    assert_eq!(serde_json::from_str::<Committee>("\"MSC\"").unwrap(), Committee::National);
}

#[test]
fn a_meeting_counts_who_came_and_its_open_items() {
    let org = OrgId::new();
    let m = Meeting::new(msc(org), date!(2026 - 03 - 01), &References::default()).unwrap();
    assert_eq!(m.version, 1);
    assert_eq!(m.details.people(), 4);
    assert_eq!(m.details.open_actions().count(), 1);
    assert!(!m.details.actions[0].is_overdue(date!(2026 - 03 - 31)));
    assert!(m.details.actions[0].is_overdue(date!(2026 - 04 - 01)));
    let mut done = m.details.actions[0].clone();
    done.status = ActionStatus::Done;
    assert!(!done.is_overdue(date!(2027 - 01 - 01)), "only an open item is overdue");
}

#[test]
fn every_bad_field_is_named_by_its_path() {
    let org = OrgId::new();
    let mut x = msc(org);
    x.place = " ".into();
    x.agenda.push(String::new());
    x.attendance[1].people = 0;
    x.attendance.push(Attendance { organisation: Some(org), guest: None, people: 1 });
    x.attendance.push(Attendance { organisation: None, guest: None, people: 1 });
    x.actions[0].deadline = date!(2026 - 01 - 01);
    x.actions.push(item(org));
    x.actions[1].activities.push(PlanCode::parse("1.3").unwrap());
    let first = x.actions[1].cases[0];
    x.actions[1].cases.push(first);
    assert_eq!(
        fields(x.validate(date!(2026 - 03 - 01), &References::default()).unwrap_err()),
        [
            "place",
            "agenda[2]",
            "attendance[1].people",
            "attendance[2].organisation",
            "attendance[3].organisation",
            "actions[0].deadline",
            "actions[1].activities",
            "actions[1].cases",
        ]
    );
    let mut y = msc(org);
    y.agenda.clear();
    y.attendance.clear();
    y.held_on = date!(2026 - 04 - 01);
    assert_eq!(
        fields(y.validate(date!(2026 - 03 - 01), &References::default()).unwrap_err()),
        ["held_on", "agenda", "attendance", "actions[0].deadline"],
        "the item's deadline is now before the meeting"
    );
}

#[test]
fn owners_and_attendance_are_organisations_of_the_registry() {
    let (known, unknown) = (OrgId::new(), OrgId::new());
    let mut x = msc(known);
    x.actions[0].owner = unknown;
    let orgs = [known];
    let refs = References { plan: None, organisations: Some(&orgs) };
    assert_eq!(fields(x.validate(date!(2026 - 03 - 01), &refs).unwrap_err()), ["actions[0].owner"]);
}

#[test]
fn activities_are_checked_against_the_stored_plan() {
    let plan = crate::plan::ActionPlan::from_csv(include_str!("../../../../data/plan/illustrative-action-plan.csv"))
        .expect("the shipped plan reads");
    let first = plan.activities().next().unwrap().code;
    let org = OrgId::new();
    let mut x = msc(org);
    x.actions[0].activities = vec![first];
    let refs = References { plan: Some(&plan), organisations: None };
    x.validate(date!(2026 - 03 - 01), &refs).unwrap();
    x.actions[0].activities = vec![first, PlanCode::parse("99.9.9").unwrap()];
    let e = x.validate(date!(2026 - 03 - 01), &refs).unwrap_err();
    assert_eq!(e.to_string(), "1 invalid field(s): actions[0].activities: the action plan has no activity 99.9.9");
}
