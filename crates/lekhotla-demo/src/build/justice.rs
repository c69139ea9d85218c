//! The criminal-justice path of a demo case: investigation, docket movements, prosecution, hearings,
//! verdicts, sentences and compensation.
//!
//! Most cases are investigated (about 60%), fewer prosecuted (about 20%) and few reach a verdict (about
//! 6%); convictions outnumber acquittals, some charges are withdrawn. Steps whose date would fall after
//! the generator's day do not happen yet, so recent cases are earlier on the path.

use lekhotla_domain::{
    Case, ChargeInput, CompensationInput, ConsentPurpose, DocketTransferInput, DppDecision, DppDecisionKind,
    HearingInput, HearingKind, InvestigationInput, InvestigationUnit, InvestigationUpdate, Offence, ProsecutionInput,
    ProsecutionUpdate, ProsecutionWithdrawal, SentenceInput, VerdictInput, VerdictOutcome,
};
use time::{Date, Duration};

use super::people::{SuspectInfo, VictimInfo};
use super::{Ctx, Scenario};
use crate::DemoError;
use crate::names;

/// What the case's path is meant to reach (decided before its people are recorded).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Plan {
    pub opened: Option<Date>,
    pub prosecute: bool,
    pub verdict: bool,
}

/// How the path ended up.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Outcome {
    pub concluded: bool,
    pub investigation_closed: bool,
}

pub(crate) fn plan(cx: &mut Ctx<'_>, sc: &Scenario) -> Plan {
    let investigate = cx.chance(0.63);
    let d = cx.after(sc.detected_on, 0, 21);
    let opened = if investigate { cx.happened(d) } else { None };
    let prosecute = opened.is_some() && cx.chance(0.36);
    let verdict = prosecute && cx.chance(0.36);
    Plan { opened, prosecute, verdict }
}

fn inv_version(case: &Case) -> i64 {
    case.investigation.as_ref().map_or(1, |i| i.version)
}

fn pros_version(case: &Case) -> i64 {
    case.prosecution.as_ref().map_or(1, |p| p.version)
}

fn org_name(cx: &Ctx<'_>, id: lekhotla_domain::OrgId) -> String {
    cx.g.orgs.iter().find(|o| o.id == id).map(|o| o.details.name.clone()).unwrap_or_default()
}

fn transfer(cx: &mut Ctx<'_>, case: &mut Case, to: String, on: Date, reason: &str) -> Result<(), DemoError> {
    let input = DocketTransferInput { to_custodian: to, on, reason: Some(reason.to_owned()) };
    let v = inv_version(case);
    cx.step("transfer_docket", case.transfer_docket(v, input, cx.today)).map(|_| ())
}

fn hearing(
    cx: &mut Ctx<'_>,
    case: &mut Case,
    on: Date,
    kind: HearingKind,
    note: Option<&str>,
) -> Result<(), DemoError> {
    // A victim testifies only when one has consent to prosecution in force.
    let consented = case.victims.iter().any(|v| case.consent_in_force(v.id, ConsentPurpose::Prosecution));
    let input = HearingInput {
        on,
        kind,
        victim_testified: kind == HearingKind::Trial && consented && cx.chance(0.6),
        notes: note.map(str::to_owned),
    };
    let v = pros_version(case);
    cx.step("add_hearing", case.add_hearing(v, input, cx.today)).map(|_| ())
}

/// Walks the case along its planned path as far as the calendar allows.
pub(crate) fn apply(
    cx: &mut Ctx<'_>,
    case: &mut Case,
    sc: &Scenario,
    plan: &Plan,
    suspects: &[SuspectInfo],
    victims: &[VictimInfo],
) -> Result<Outcome, DemoError> {
    let mut out = Outcome::default();
    let Some(opened) = plan.opened else { return Ok(out) };
    let dir = cx.g.dir.clone();
    let any_child = victims.iter().any(|v| v.child);
    let any_official = suspects.iter().any(|s| s.official);
    let (unit, org) = if any_child {
        (InvestigationUnit::Cgpu, dir.cgpu[sc.district])
    } else if any_official {
        (InvestigationUnit::AntiCorruption, dir.atu)
    } else {
        cx.rng.choose(&[
            (65, (InvestigationUnit::AntiTraffickingUnit, dir.atu)),
            (30, (InvestigationUnit::Cgpu, dir.cgpu[sc.district])),
            (5, (InvestigationUnit::CriminalInvestigation, dir.cgpu[sc.district])),
        ])
    };
    let title = *cx.rng.pick(&["D/Sgt", "Insp.", "D/Tpr", "D/Cpl"]);
    let investigator = names::official_name(&mut cx.rng, title);
    let station = org_name(cx, org);
    let custodian = format!("{investigator}, {station}");
    let input = InvestigationInput {
        unit,
        organisation: org,
        investigator: investigator.clone(),
        opened_on: opened,
        docket_number: Some(format!("CR {}/{:02}/{}", cx.rng.range(1, 400), opened.month() as u8, opened.year() % 100)),
        docket_custodian: Some(custodian.clone()),
        cooperating_countries: if sc.abroad && cx.chance(0.6) {
            vec![lekhotla_domain::CountryCode::parse("ZA").unwrap_or(cx.g.country)]
        } else {
            vec![]
        },
    };
    cx.step("open_investigation", case.open_investigation(input, cx.today))?;
    let mut last = opened;
    if cx.chance(0.25) {
        let d = cx.after(last, 5, 90);
        if let Some(on) = cx.happened(d) {
            transfer(
                cx,
                case,
                format!("Officer in charge, {station}"),
                on,
                "Investigating officer transferred to another station",
            )?;
            last = on;
        }
    }
    if cx.chance(0.04) {
        let d = cx.after(last, 5, 120);
        if let Some(on) = cx.happened(d) {
            transfer(
                cx,
                case,
                "Unknown (docket missing)".into(),
                on,
                "Docket reported missing at the station; a search was opened",
            )?;
            last = on;
            let d = cx.after(on, 10, 60);
            if let Some(on) = cx.happened(d) {
                transfer(cx, case, custodian.clone(), on, "Docket reconstructed from copies held by the investigator")?;
                last = on;
            }
        }
    }
    if !plan.prosecute {
        if cx.chance(0.35) {
            let d = cx.after(last, 60, 500);
            if let Some(on) = cx.happened(d) {
                let reason = *cx.rng.pick(&[
                    "Insufficient evidence to refer the docket to the DPP.",
                    "Suspect not traced; the victim declined to give a further statement.",
                    "No trafficking offence disclosed; referred to the labour inspectorate.",
                ]);
                let input = InvestigationUpdate {
                    investigator: None,
                    docket_number: None,
                    cooperating_countries: None,
                    closed_on: Some(on),
                    closure_reason: Some(reason.to_owned()),
                };
                let v = inv_version(case);
                cx.step("update_investigation", case.update_investigation(v, input, cx.today))?;
                out.investigation_closed = true;
            }
        }
        return Ok(out);
    }
    let d = cx.after(last, 30, 300);
    let Some(referred_on) = cx.happened(d) else { return Ok(out) };
    transfer(cx, case, "Office of the DPP, Maseru".into(), referred_on, "Sent to the DPP for a decision")?;
    let child = any_child;
    let counts = victims.len().max(1) as u32;
    let mut charges = Vec::new();
    for s in suspects {
        let filed_on = cx.after(referred_on, 0, 20).min(cx.today);
        let offence = if child { Offence::TraffickingInChildren } else { Offence::TraffickingInPersons };
        let statute = Some("Anti-Trafficking in Persons Act 2011 (as amended 2021)".to_owned());
        charges.push(ChargeInput { accused: s.id, offence, statute: statute.clone(), counts, filed_on });
        if s.official {
            charges.push(ChargeInput {
                accused: s.id,
                offence: Offence::OfficialComplicity,
                statute,
                counts: 1,
                filed_on,
            });
        }
    }
    let court = if plan.verdict && cx.chance(0.3) {
        "High Court of Lesotho".to_owned()
    } else {
        format!("{} Magistrate's Court", cx.g.districts[sc.district].name)
    };
    let input = ProsecutionInput {
        prosecutor: names::official_name(&mut cx.rng, "Adv."),
        referred_on,
        court: Some(court.clone()),
        court_case_number: Some(format!("CR {}/{}", cx.rng.range(1, 900), referred_on.year())),
        charges,
    };
    cx.step("open_prosecution", case.open_prosecution(input, cx.today))?;

    let d = cx.after(referred_on, 7, 90);
    let Some(decided_on) = cx.happened(d) else { return Ok(out) };
    let decision = if plan.verdict {
        DppDecisionKind::Prosecute
    } else {
        cx.rng.choose(&[
            (85, DppDecisionKind::Prosecute),
            (10, DppDecisionKind::FurtherInvestigation),
            (5, DppDecisionKind::Decline),
        ])
    };
    let update = |dpp_decision, summons_issued_on| ProsecutionUpdate {
        prosecutor: None,
        dpp_decision,
        summons_issued_on,
        court: None,
        court_case_number: None,
        withdrawal: None,
    };
    let v = pros_version(case);
    let decided = update(Some(DppDecision { decision, on: decided_on }), None);
    cx.step("update_prosecution", case.update_prosecution(v, decided, cx.today))?;
    match decision {
        DppDecisionKind::FurtherInvestigation => {
            transfer(cx, case, custodian, decided_on, "Returned by the DPP for further investigation")?;
            return Ok(out);
        }
        DppDecisionKind::Decline => {
            let input = InvestigationUpdate {
                investigator: None,
                docket_number: None,
                cooperating_countries: None,
                closed_on: Some(decided_on),
                closure_reason: Some("The DPP declined to prosecute.".to_owned()),
            };
            let v = inv_version(case);
            cx.step("update_investigation", case.update_investigation(v, input, cx.today))?;
            out.investigation_closed = true;
            return Ok(out);
        }
        DppDecisionKind::Prosecute => {}
    }
    let d = cx.after(decided_on, 7, 45);
    let Some(summons) = cx.happened(d) else { return Ok(out) };
    let v = pros_version(case);
    cx.step("update_prosecution", case.update_prosecution(v, update(None, Some(summons)), cx.today))?;
    transfer(cx, case, format!("Clerk of the court, {court}"), summons, "Docket filed with the court for trial")?;
    // A few prosecutions without a verdict in view are withdrawn (nolle prosequi) after the summons.
    if !plan.verdict && cx.chance(0.12) {
        let d = cx.after(summons, 14, 200);
        if let Some(on) = cx.happened(d) {
            let reason = *cx.rng.pick(&[
                "The key witness went back to South Africa and cannot be traced.",
                "The victim withdrew her statement; no other evidence of the offence.",
            ]);
            let withdrawal = Some(ProsecutionWithdrawal { on, reason: reason.to_owned() });
            let v = pros_version(case);
            cx.step(
                "update_prosecution",
                case.update_prosecution(v, ProsecutionUpdate { withdrawal, ..update(None, None) }, cx.today),
            )?;
            return Ok(out);
        }
    }

    // Hearings: first appearance, maybe bail, postponements, trial. The next one may be scheduled ahead.
    let mut steps: Vec<(When, HearingKind, Option<&str>)> =
        vec![(cx.after(summons, 7, 30).into(), HearingKind::FirstAppearance, None)];
    if cx.chance(0.5) {
        steps.push((Duration::days(cx.rng.range(0, 14)).into(), HearingKind::Bail, None));
    }
    for _ in 0..cx.rng.range(0, 3) {
        steps.push((
            Duration::days(cx.rng.range(30, 120)).into(),
            HearingKind::Postponement,
            Some("Postponed: the defence asked for time; the victim's travel from South Africa to be arranged."),
        ));
    }
    steps.push((Duration::days(cx.rng.range(30, 120)).into(), HearingKind::Trial, None));
    let mut on = summons;
    let mut trial = None;
    for (when, kind, note) in steps {
        on = when.resolve(on);
        if on > cx.today {
            if cx.chance(0.5) && on <= cx.today + Duration::days(700) {
                hearing(cx, case, on, kind, note)?;
            }
            break;
        }
        cx.seen(on);
        hearing(cx, case, on, kind, note)?;
        if kind == HearingKind::Trial {
            trial = Some(on);
        }
    }
    let (true, Some(trial)) = (plan.verdict, trial) else { return Ok(out) };
    let d = cx.after(trial, 0, 30);
    let Some(verdict_on) = cx.happened(d) else { return Ok(out) };
    let accused = case.prosecution.as_ref().map(|p| p.accused()).unwrap_or_default();
    let mut convicted = Vec::new();
    for a in &accused {
        let outcome = cx.rng.choose(&[
            (60, VerdictOutcome::Conviction),
            (25, VerdictOutcome::Acquittal),
            (15, VerdictOutcome::Withdrawal),
        ]);
        let v = pros_version(case);
        cx.step(
            "record_verdict",
            case.record_verdict(v, VerdictInput { accused: *a, outcome, on: verdict_on }, cx.today),
        )?;
        if outcome == VerdictOutcome::Conviction {
            convicted.push(*a);
        }
    }
    out.concluded = true;
    if !convicted.is_empty() {
        let d = cx.after(verdict_on, 7, 45);
        if let Some(sentenced_on) = cx.happened(d) {
            hearing(cx, case, sentenced_on, HearingKind::Sentencing, None)?;
            for a in &convicted {
                let years = cx.rng.range(5, 25) as u32;
                let fine_lsl = cx.chance(0.3).then(|| cx.rng.range(10, 500) as u64 * 1000);
                let input = SentenceInput {
                    accused: *a,
                    on: sentenced_on,
                    imprisonment_months: Some(years * 12),
                    fine_lsl,
                    suspended: fine_lsl.is_some() && cx.chance(0.1),
                    notes: cx.chance(0.1).then(|| "Sentences on all counts to run concurrently.".to_owned()),
                };
                let v = pros_version(case);
                cx.step("record_sentence", case.record_sentence(v, input, cx.today))?;
                if cx.chance(0.25)
                    && let Some(victim) = victims.iter().find(|v| !v.not_a_victim).or(victims.first())
                {
                    let amount_lsl = cx.rng.range(10, 160) as u64 * 500;
                    let input = CompensationInput { accused: *a, victim: victim.id, amount_lsl, on: sentenced_on };
                    let v = pros_version(case);
                    cx.step("order_compensation", case.order_compensation(v, input, cx.today))?;
                }
            }
        }
    }
    if cx.chance(0.5) {
        let input = InvestigationUpdate {
            investigator: None,
            docket_number: None,
            cooperating_countries: None,
            closed_on: Some(verdict_on),
            closure_reason: Some("Concluded: verdict delivered.".to_owned()),
        };
        let v = inv_version(case);
        cx.step("update_investigation", case.update_investigation(v, input, cx.today))?;
        out.investigation_closed = true;
    }
    Ok(out)
}

/// A hearing date: a fixed day, or a number of days after the previous hearing.
enum When {
    On(Date),
    After(Duration),
}

impl From<Date> for When {
    fn from(d: Date) -> Self {
        Self::On(d)
    }
}

impl From<Duration> for When {
    fn from(d: Duration) -> Self {
        Self::After(d)
    }
}

impl When {
    fn resolve(self, previous: Date) -> Date {
        match self {
            Self::On(d) => d,
            Self::After(d) => previous.saturating_add(d),
        }
    }
}
