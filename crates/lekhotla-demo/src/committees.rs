//! The demo's committee meetings: the Multi-Sectoral Committee each quarter and the hub districts' committees
//! twice a year, over the last three years up to today. Each gives out a few action items owned by the
//! demo organisations, linked to activities of the illustrative action plan (`data/plan`) and, some, to demo
//! cases by number. Past deadlines are mostly done, a few dropped and some left open (overdue); no person is
//! named.

use lekhotla_domain::{
    ActionItem, ActionStatus, Attendance, CaseNumber, Committee, Meeting, MeetingInput, OrgId, PlanCode, References,
    UnitCode, ids,
};
use time::{Date, Duration, Month};

use crate::DemoGenerator;
use crate::rng::{Rng, mix};

const COMMITTEE_STREAM: u64 = 0x636F_6D6D;

/// Activities of the illustrative plan the demo's action items serve.
pub const ACTIVITIES: [&str; 8] = ["1.1.1", "1.1.2", "1.3.1", "1.3.2", "2.1.1", "3.1.2", "4.1.1", "5.1.1"];

/// The districts whose committees meet in the demo: the regional hubs.
const HUBS: [&str; 4] = ["LS-B", "LS-C", "LS-E", "LS-F"];

const AGENDA: [&str; 6] = [
    "Opening and adoption of the agenda",
    "Matters arising from the last minutes",
    "Quarterly figures: victims identified, referrals, prosecutions",
    "Referrals past their response deadline",
    "Progress on the action plan's activities",
    "Any other business",
];

const DECISIONS: [&str; 5] = [
    "The revised referral standard operating procedure is adopted.",
    "Districts report overdue referrals to the hub each month.",
    "The shelter's funding request goes to the Ministry of Finance with the committee's support.",
    "A joint inspection plan for the textile factories is agreed for the next quarter.",
    "The awareness campaign for Basotho in South Africa is extended to the Free State.",
];

const ACTIONS: [&str; 6] = [
    "Circulate the referral SOP to every district focal point",
    "Follow up the case with the DPP and report at the next meeting",
    "Prepare the quarterly figures for the TIP report's interim assessment",
    "Confirm the shelter's budget line for the coming year",
    "Schedule a training of border officials on screening",
    "Ask the labour office for the factory inspection schedule",
];

impl DemoGenerator {
    /// The meetings of the last three years: the MSC in February, May, August and November, each hub's
    /// committee in March and September; none after today. `cases` are demo case numbers an item may follow up.
    pub fn meetings(&self, cases: &[CaseNumber]) -> Vec<Meeting> {
        let mut rng = Rng::new(mix(self.seed, COMMITTEE_STREAM));
        let d = &self.dir;
        let members = [d.secretariat, d.atu, d.dpp, d.immigration, d.labour, d.shelter, d.iom, d.legal_aid];
        let owners = [d.secretariat, d.atu, d.dpp, d.immigration, d.labour, d.shelter];
        let activities: Vec<PlanCode> = ACTIVITIES.iter().filter_map(|c| PlanCode::parse(c).ok()).collect();
        let mut plan: Vec<(Committee, Date, Vec<OrgId>)> = Vec::new();
        for year in self.today.year() - 2..=self.today.year() {
            for month in [Month::February, Month::May, Month::August, Month::November] {
                if let Ok(day) = Date::from_calendar_date(year, month, 10 + rng.range(0, 10) as u8) {
                    plan.push((Committee::National, day, members.to_vec()));
                }
            }
            for hub in HUBS {
                let Ok(code) = UnitCode::parse(hub) else { continue };
                for month in [Month::March, Month::September] {
                    if let Ok(day) = Date::from_calendar_date(year, month, 5 + rng.range(0, 15) as u8) {
                        let local = vec![d.atu, *rng.pick(&d.social), d.labour, d.immigration];
                        plan.push((Committee::District(code.clone()), day, local));
                    }
                }
            }
        }
        plan.retain(|(_, day, _)| *day <= self.today);
        plan.sort_by_key(|(_, day, _)| *day);
        ids::deterministic(mix(self.seed, COMMITTEE_STREAM), || {
            plan.into_iter()
                .filter_map(|(committee, held_on, orgs)| {
                    let national = committee == Committee::National;
                    let mut attendance: Vec<Attendance> = Vec::new();
                    for org in orgs {
                        if !attendance.iter().any(|a| a.organisation == Some(org)) {
                            let people = rng.range(1, 3) as u32;
                            attendance.push(Attendance { organisation: Some(org), guest: None, people });
                        }
                    }
                    if !national && rng.chance(0.5) {
                        attendance.push(Attendance {
                            organisation: None,
                            guest: Some("Office of the principal chief".into()),
                            people: 1,
                        });
                    }
                    let agenda = AGENDA.iter().take(if national { 6 } else { 4 }).map(|s| (*s).to_owned()).collect();
                    let decisions =
                        (0..rng.range(1, 3)).map(|_| (*rng.pick(&DECISIONS)).to_owned()).collect::<Vec<_>>();
                    let mut decisions_unique: Vec<String> = Vec::new();
                    for x in decisions {
                        if !decisions_unique.contains(&x) {
                            decisions_unique.push(x);
                        }
                    }
                    let actions = (0..rng.range(1, 3))
                        .map(|_| {
                            let deadline = held_on + Duration::days(rng.range(30, 100));
                            let status = if deadline >= self.today {
                                ActionStatus::Open
                            } else if rng.chance(0.7) {
                                ActionStatus::Done
                            } else if rng.chance(0.3) {
                                ActionStatus::Dropped
                            } else {
                                ActionStatus::Open
                            };
                            let linked =
                                if cases.is_empty() || !rng.chance(0.3) { Vec::new() } else { vec![*rng.pick(cases)] };
                            ActionItem {
                                text: (*rng.pick(&ACTIONS)).to_owned(),
                                owner: *rng.pick(&owners),
                                deadline,
                                status,
                                activities: vec![*rng.pick(&activities)],
                                cases: linked,
                            }
                        })
                        .collect();
                    let place = match committee.district() {
                        None => "Ministry of Home Affairs, Maseru".to_owned(),
                        Some(code) => {
                            let name = self
                                .districts
                                .iter()
                                .find(|x| &x.code == code)
                                .map_or("the district", |x| x.name.as_str());
                            format!("District Administrator's office, {name}")
                        }
                    };
                    let chair = if national {
                        "Principal Secretary, Ministry of Home Affairs".to_owned()
                    } else {
                        "District Administrator".to_owned()
                    };
                    let input = MeetingInput {
                        committee,
                        held_on,
                        place,
                        chair,
                        agenda,
                        attendance,
                        decisions: decisions_unique,
                        actions,
                    };
                    Meeting::new(input, self.today, &References::default()).ok()
                })
                .collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use lekhotla_domain::{ActionPlan, Geography};
    use time::macros::date;

    use super::*;

    #[test]
    fn meetings_are_quarterly_valid_and_linked_to_the_plan() {
        let geo = Geography::from_csv(include_str!("../../../data/geography/LS.csv")).unwrap();
        let today = date!(2026 - 06 - 30);
        let generator = DemoGenerator::new(&geo, 7, today);
        let cases = [CaseNumber::parse("LS-2025-000123").unwrap()];
        let meetings = generator.meetings(&cases);
        assert_eq!(meetings, generator.meetings(&cases), "the same seed gives the same meetings");
        let msc = meetings.iter().filter(|m| m.details.committee == Committee::National).count();
        assert_eq!(msc, 4 + 4 + 2, "four a year, two so far this year");
        assert!(meetings.iter().any(|m| m.details.committee.district().is_some()));
        let plan = ActionPlan::from_csv(include_str!("../../../data/plan/illustrative-action-plan.csv")).unwrap();
        let refs = References { plan: Some(&plan), organisations: None };
        for m in &meetings {
            m.details.validate(today, &refs).unwrap();
        }
        let items: Vec<&ActionItem> = meetings.iter().flat_map(|m| &m.details.actions).collect();
        assert!(items.iter().any(|a| a.is_overdue(today)), "some past deadlines are left open");
        assert!(items.iter().any(|a| a.status == ActionStatus::Done));
        assert!(items.iter().any(|a| !a.cases.is_empty()), "some follow a case");
    }
}
