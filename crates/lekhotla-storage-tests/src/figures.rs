//! Suite: the dashboard's figures and the work lists, counted by SQL, agree with the cases themselves
//! (so both stores agree with each other).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use lekhotla_domain::*;
use lekhotla_storage::{Assignee, CaseFilter, Figures, FiguresFilter, Milestone, Page, Relation, Scope, Store};
use time::Date;
use time::macros::date;

use crate::fixtures::{self, draft, stored_full_case};

fn month(d: Date) -> String {
    format!("{:04}-{:02}", d.year(), u8::from(d.month()))
}

fn band(age: Option<u8>) -> &'static str {
    match age {
        None => "unknown",
        Some(a) if a < 12 => "0-11",
        Some(a) if a < 18 => "12-17",
        Some(a) if a < 25 => "18-24",
        Some(a) if a < 35 => "25-34",
        Some(a) if a < 50 => "35-49",
        Some(_) => "50+",
    }
}

/// The figures computed from whole cases, as the store must count them.
fn expected(cases: &[Case], districts: Option<&[&str]>, from: Date, to: Date) -> Figures {
    let cases: Vec<&Case> =
        cases.iter().filter(|c| districts.is_none_or(|ds| ds.contains(&c.district.as_str()))).collect();
    let mut out = Figures::default();
    let mut by_district: BTreeMap<String, u64> = BTreeMap::new();
    let mut months: BTreeMap<(Milestone, String), BTreeSet<CaseId>> = BTreeMap::new();
    let mut groups: [BTreeMap<String, i64>; 4] = Default::default();
    let mut mark = |m: Milestone, on: Date, id: CaseId| {
        if on >= from && on <= to {
            months.entry((m, month(on))).or_default().insert(id);
        }
    };
    for c in &cases {
        *by_district.entry(c.district.to_string()).or_default() += 1;
        mark(Milestone::Identified, c.detected_on, c.id);
        for r in &c.referrals {
            mark(Milestone::Referred, r.sent_on, c.id);
        }
        if let Some(i) = &c.investigation {
            mark(Milestone::Investigated, i.opened_on, c.id);
        }
        if let Some(p) = &c.prosecution {
            mark(Milestone::Prosecuted, p.referred_on, c.id);
            for v in p.verdicts.iter().filter(|v| v.details.outcome == VerdictOutcome::Conviction) {
                mark(Milestone::Convicted, v.details.on, c.id);
            }
        }
        for v in &c.victims {
            let p = &v.person;
            *groups[0].entry(p.gender.code().to_owned()).or_default() += 1;
            *groups[1].entry(band(v.context.age_when_trafficked.or(p.estimated_age)).to_owned()).or_default() += 1;
            let nat = p.citizenship.iter().map(|c| c.as_str()).collect::<Vec<_>>().join("|");
            *groups[2].entry(nat).or_default() += 1;
            *groups[3].entry(vocabulary::join_codes(&v.context.exploitation_types)).or_default() += 1;
        }
    }
    out.set_districts(by_district.into_iter().map(|(d, n)| (d, i64::try_from(n).unwrap())).collect()).unwrap();
    for ((m, mo), ids) in months {
        out.add_months(m, vec![(mo, i64::try_from(ids.len()).unwrap())]);
    }
    for (name, rows) in ["sex", "age", "nationality", "exploitation"].into_iter().zip(groups) {
        out.set_victims(name, rows.into_iter().collect());
    }
    out
}

/// The figures agree with the cases, for every district and for some; the work lists (hearings coming up,
/// children's referrals not yet accepted, cases assigned to a person, cases with no recent activity) too.
pub async fn figures_and_work_lists_agree_with_the_cases(store: Arc<dyn Store>) {
    let (full, orgs) = stored_full_case(store.as_ref()).await; // LS-A
    let mut all = vec![full.clone()];
    for (district, on) in
        [("LS-B", date!(2025 - 01 - 10)), ("LS-J", date!(2025 - 02 - 10)), ("LS-C", date!(2025 - 03 - 10))]
    {
        all.push(store.create_case(draft(orgs.shelter.id, district, on), fixtures::note()).await.unwrap());
    }
    let (from, to) = (date!(2024 - 06 - 01), date!(2025 - 06 - 30));
    let national = FiguresFilter { districts: None, from, to };
    let got = store.figures(&national).await.unwrap();
    assert_eq!(got, expected(&all, None, from, to));
    assert_eq!(got.victims, 2);
    assert!(got.over_time.iter().any(|(m, mo, n)| *m == Milestone::Convicted && mo == "2025-05" && *n == 1));
    let hub = FiguresFilter { districts: Some(vec![fixtures::unit("LS-B"), fixtures::unit("LS-J")]), from, to };
    let got = store.figures(&hub).await.unwrap();
    assert_eq!(got, expected(&all, Some(&["LS-B", "LS-J"]), from, to));
    assert_eq!(got.by_district.len(), 2);
    assert_eq!(got.victims, 0);
    let none = FiguresFilter { districts: Some(vec![]), from, to };
    assert_eq!(store.figures(&none).await.unwrap(), Figures::default());

    // Hearings of the window, in scope.
    let hearing = full.prosecution.as_ref().unwrap().hearings[0].details.on;
    let found = store.upcoming_hearings(&Scope::All, hearing, hearing, 10).await.unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(found.items[0].case_number, full.number);
    let later = store.upcoming_hearings(&Scope::All, hearing.next_day().unwrap(), date!(2030 - 01 - 01), 10).await;
    assert_eq!(later.unwrap().total, 0);
    let stranger = Scope::Related(Relation {
        organisation: OrgId(uuid::Uuid::nil()),
        districts: vec![],
        assignee: None,
        user: None,
    });
    assert_eq!(store.upcoming_hearings(&stranger, hearing, hearing, 10).await.unwrap().total, 0);

    // Children's referrals not yet accepted.
    let waiting: Vec<ReferralId> = full
        .referrals
        .iter()
        .filter(|r| r.service == ServiceType::ChildProtection && r.state == ReferralState::Sent)
        .map(|r| r.id)
        .collect();
    let found = store.pending_child_referrals(&Scope::All, Page::new(10, 0)).await.unwrap();
    assert_eq!(found.items.iter().map(|r| r.referral).collect::<Vec<_>>(), waiting);
    assert_eq!(found.total, u64::try_from(waiting.len()).unwrap());
    assert_eq!(store.pending_child_referrals(&Scope::Nothing, Page::new(10, 0)).await.unwrap().total, 0);
    // Counted up to a cap of none: the total stops at one (the cap and one more).
    assert!(!waiting.is_empty(), "the data hold a child's referral waiting");
    let capped = store.pending_child_referrals(&Scope::All, Page::new(1, 0).counting_up_to(0)).await.unwrap();
    assert_eq!((capped.items.len(), capped.total), (1, 1));

    // Assignment: the investigator by username, the owner by account.
    let investigator = full.investigation.as_ref().unwrap().investigator.clone();
    let by_name = CaseFilter {
        assigned: Some(Assignee { user: UserRef(uuid::Uuid::nil()), username: investigator }),
        ..CaseFilter::default()
    };
    let listed = store.list_cases(&by_name, Page::default()).await.unwrap();
    assert_eq!(listed.items.iter().map(|c| c.id).collect::<Vec<_>>(), [full.id]);
    let owner = full.owner_user.unwrap();
    let by_user =
        CaseFilter { assigned: Some(Assignee { user: owner, username: "nobody".into() }), ..Default::default() };
    assert_eq!(store.list_cases(&by_user, Page::default()).await.unwrap().total, 4, "every draft has that owner");

    // No activity since: every case was written just now.
    let idle = CaseFilter { updated_before: Some(full.updated_at - time::Duration::days(30)), ..Default::default() };
    assert_eq!(store.list_cases(&idle, Page::default()).await.unwrap().total, 0);
    let all_idle = CaseFilter {
        updated_before: Some(time::OffsetDateTime::now_utc() + time::Duration::days(1)),
        ..Default::default()
    };
    assert_eq!(store.list_cases(&all_idle, Page::default()).await.unwrap().total, 4);
}
