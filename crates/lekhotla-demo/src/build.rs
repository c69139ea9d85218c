//! Builds one demo case, step by step through the domain's methods, from a per-case random stream.

mod journey;
mod justice;
mod people;
mod services;

use lekhotla_domain::{
    Case, CaseId, CaseLinkKind, CaseNumber, CaseStatus, CaseUpdate, CommentInput, DetectionSource, DomainError,
    IncomingReferral, IncomingReferralReason, NewCase, OrgId,
};
use time::{Date, Duration, OffsetDateTime, PrimitiveDateTime, Time};

use crate::names;
use crate::places::{self, Industry, Place};
use crate::rng::Rng;
use crate::{DemoError, DemoGenerator, YearPlan};

/// What one case build carries along.
pub(crate) struct Ctx<'g> {
    pub g: &'g DemoGenerator,
    pub rng: Rng,
    pub index: u64,
    pub today: Date,
    /// The latest moment anything happened in the case (its `updated_at`).
    pub last: OffsetDateTime,
}

impl Ctx<'_> {
    /// Turns a domain refusal into a [`DemoError`] naming the step.
    pub fn step<T>(&self, step: &'static str, r: Result<T, DomainError>) -> Result<T, DemoError> {
        r.map_err(|error| DemoError::Domain { index: self.index, step, error })
    }

    /// `d` plus a number of days in `lo..=hi`.
    pub fn after(&mut self, d: Date, lo: i64, hi: i64) -> Date {
        d.saturating_add(Duration::days(self.rng.range(lo, hi)))
    }

    /// `d` when it is not after today (the step happened), otherwise nothing (the step is still to come).
    pub fn happened(&mut self, d: Date) -> Option<Date> {
        (d <= self.today).then(|| {
            self.seen(d);
            d
        })
    }

    /// Notes that something happened on `d`.
    pub fn seen(&mut self, d: Date) {
        let t = (midnight(d) + Duration::hours(17)).min(self.g.until);
        if t > self.last {
            self.last = t;
        }
    }

    /// A working-hours timestamp on `d`, to the microsecond.
    pub fn at(&mut self, d: Date) -> OffsetDateTime {
        let micros = self.rng.range(7 * 3_600_000_000, 17 * 3_600_000_000 - 1);
        (midnight(d) + Duration::microseconds(micros)).min(self.g.until)
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.rng.chance(p)
    }
}

fn midnight(d: Date) -> OffsetDateTime {
    PrimitiveDateTime::new(d, Time::MIDNIGHT).assume_utc()
}

/// The form of exploitation of a case. Shares (CTDC global data, MISSION.md): sexual 33%, forced labour
/// 20%; the rest split between domestic servitude, forced marriage, child labour, sexual exploitation
/// combined with forced labour, and cases where the form is not yet known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Sexual,
    Labour,
    Domestic,
    Marriage,
    ChildLabour,
    Mixed,
    Unknown,
}

const KINDS: &[(u32, Kind)] = &[
    (330, Kind::Sexual),
    (200, Kind::Labour),
    (140, Kind::Domestic),
    (80, Kind::Marriage),
    (70, Kind::ChildLabour),
    (100, Kind::Mixed),
    (80, Kind::Unknown),
];

/// Detection sources: police, border posts and NGOs most common.
const SOURCES: &[(u32, DetectionSource)] = &[
    (30, DetectionSource::Police),
    (22, DetectionSource::BorderPost),
    (16, DetectionSource::Ngo),
    (8, DetectionSource::LabourInspection),
    (8, DetectionSource::Hotline),
    (10, DetectionSource::Community),
    (4, DetectionSource::OtherCountry),
    (2, DetectionSource::Other),
];

/// Where and how the victims of a case were exploited.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scenario {
    pub kind: Kind,
    pub place: Place,
    pub industry: Option<Industry>,
    /// Exploitation outside the country (a border crossing).
    pub abroad: bool,
    /// The case's district (index into the generator's districts).
    pub district: usize,
    /// The port of entry crossed (index into the generator's ports).
    pub port: Option<usize>,
    /// Intercepted at the border before any exploitation.
    pub intercepted: bool,
    pub detected_on: Date,
    pub owner: OrgId,
}

fn pick_place(rng: &mut Rng, table: &[(u32, Place)], abroad_only: bool) -> Place {
    let fits: Vec<(u32, Place)> = table.iter().copied().filter(|(_, p)| !abroad_only || p.country != "LS").collect();
    if fits.is_empty() { table[0].1 } else { rng.choose(&fits) }
}

fn scenario(cx: &mut Ctx<'_>, detected_on: Date, source: DetectionSource) -> Scenario {
    let g = cx.g;
    let rng = &mut cx.rng;
    let border = source == DetectionSource::BorderPost;
    let mut kind = rng.choose(KINDS);
    if border && matches!(kind, Kind::ChildLabour | Kind::Marriage) && rng.chance(0.5) {
        kind = Kind::Domestic;
    }
    let (place, industry) = match kind {
        Kind::Sexual | Kind::Mixed => (pick_place(rng, places::SEX, border), None),
        Kind::Labour => {
            let fits: Vec<(u32, (Place, Industry))> = places::LABOUR
                .iter()
                .filter(|(_, p, _)| !border || p.country != "LS")
                .map(|(w, p, i)| (*w, (*p, *i)))
                .collect();
            let (p, i) = rng.choose(&fits);
            (p, Some(i))
        }
        Kind::Domestic => (pick_place(rng, places::DOMESTIC, border), None),
        Kind::ChildLabour | Kind::Marriage | Kind::Unknown => (pick_place(rng, places::HOME, border), None),
    };
    let abroad = place.country != "LS";
    let mut district = rng.weighted(&g.district_weights);
    let port = if abroad && !g.ports.is_empty() { Some(rng.weighted(&g.port_weights)) } else { None };
    if border && let Some(d) = port.and_then(|p| g.ports[p].district) {
        district = d;
    }
    let intercepted = border && rng.chance(0.6);
    let dir = &g.dir;
    let owner = match source {
        DetectionSource::Police | DetectionSource::OtherCountry if rng.chance(0.6) => dir.atu,
        DetectionSource::BorderPost => port.map(|p| dir.immigration_ports[p]).unwrap_or(dir.immigration),
        DetectionSource::LabourInspection => dir.labour,
        DetectionSource::Ngo => dir.shelter,
        DetectionSource::Hotline if rng.chance(0.3) => dir.cgpu_national,
        DetectionSource::Other => dir.secretariat,
        _ => dir.cgpu[district],
    };
    Scenario { kind, place, industry, abroad, district, port, intercepted, detected_on, owner }
}

fn kind_words(kind: Kind) -> &'static str {
    match kind {
        Kind::Sexual => "sexual exploitation",
        Kind::Labour => "forced labour",
        Kind::Domestic => "domestic servitude",
        Kind::Marriage => "a forced marriage",
        Kind::ChildLabour => "child labour",
        Kind::Mixed => "sexual exploitation and forced labour",
        Kind::Unknown => "exploitation (form not yet established)",
    }
}

/// Builds case `index` (inside `ids::deterministic`, so ids are reproducible).
pub(crate) fn case(
    g: &DemoGenerator,
    index: u64,
    number: CaseNumber,
    plan: YearPlan,
    rng: Rng,
) -> Result<Case, DemoError> {
    // The case id must be the first id drawn: `DemoGenerator::case_id` relies on it.
    let id = CaseId::new();
    let mut cx = Ctx { g, rng, index, today: g.today, last: midnight(g.today) };
    let year_days = time::util::days_in_year(plan.year);
    let last_ordinal = if plan.year == g.today.year() { g.today.ordinal() } else { year_days };
    let ordinal = 1 + cx.rng.below(u64::from(last_ordinal)) as u16;
    let registered = Date::from_ordinal_date(plan.year, ordinal).unwrap_or(g.today).min(g.today);
    let created_at = cx.at(registered);
    cx.last = created_at;
    let detected_on = registered.saturating_sub(Duration::days(cx.rng.range(0, 6)));
    let source = cx.rng.choose(SOURCES);
    let sc = scenario(&mut cx, detected_on, source);
    let district = &g.districts[sc.district];
    let victims = 1 + cx.rng.choose(&[(75, 0), (15, 1), (6, 2), (3, 3), (1, 5)]);
    let summary = format!(
        "{victims} {} from {}, {} for {} in {}{}.",
        if victims == 1 { "person" } else { "people" },
        district.name,
        if sc.intercepted { "intercepted on the way" } else { "recruited" },
        kind_words(sc.kind),
        sc.place.city,
        if sc.abroad { format!(" ({})", sc.place.country) } else { String::new() },
    );
    let owner_user = {
        let first = names::FEMALE[cx.rng.below(names::FEMALE.len() as u64) as usize];
        let family = *cx.rng.pick(names::FAMILY);
        let ascii = |s: &str| s.chars().filter(char::is_ascii_alphabetic).collect::<String>().to_lowercase();
        format!("{}{}", ascii(first).chars().next().unwrap_or('x'), ascii(family))
    };
    let input = NewCase {
        organisation: sc.owner,
        district: district.code.clone(),
        detection_source: source,
        detected_on,
        port_of_entry: if source == DetectionSource::BorderPost {
            sc.port.map(|p| g.ports[p].code.clone())
        } else {
            None
        },
        owner: Some(owner_user),
        // Demo cases name their owner as text only: demo accounts are made apart, by the CLI.
        owner_user: None,
        incoming_referral: incoming_referral(&mut cx, source, sc.owner, detected_on),
        summary: Some(summary),
    };
    // Checked against the day it was registered in Lesotho, not `created_at`'s UTC date: generated between
    // 22:00 and midnight UTC, `created_at` is capped at now, whose UTC date is still Lesotho's yesterday.
    let mut case = cx.step("open", Case::open(id, number, input, created_at, registered))?;

    let justice = justice::plan(&mut cx, &sc);
    let victims = people::victims(&mut cx, &mut case, &sc, victims)?;
    let suspects = people::suspects(&mut cx, &mut case, &sc, &justice)?;
    journey::events(&mut cx, &mut case, &sc, &victims)?;
    // Consents come first: referrals naming a victim and a victim's testimony need them.
    services::consents(&mut cx, &mut case, &sc, &victims, justice.opened.is_some())?;
    people::witnesses(&mut cx, &mut case, &victims, &justice)?;
    services::referrals(&mut cx, &mut case, &sc, &victims)?;
    services::withdrawals(&mut cx, &mut case, &victims)?;
    services::support_plans(&mut cx, &mut case, &sc, &victims)?;
    let outcome = justice::apply(&mut cx, &mut case, &sc, &justice, &suspects, &victims)?;
    comments(&mut cx, &mut case, &sc, created_at)?;
    status(&mut cx, &mut case, &victims, &outcome)?;
    if let Some(other) = g.linked_partner(index) {
        let other_id = g.case_id(other);
        cx.step("link", case.link(other_id, CaseLinkKind::Related))?;
    }
    let last = cx.last.min(g.until);
    case.touch(last.max(created_at));
    Ok(case)
}

fn comments(cx: &mut Ctx<'_>, case: &mut Case, sc: &Scenario, created_at: OffsetDateTime) -> Result<(), DemoError> {
    let n = cx.rng.choose(&[(20, 0), (35, 1), (25, 2), (15, 3), (5, 4)]);
    let mut day = created_at.date();
    for _ in 0..n {
        day = cx.after(day, 1, 60);
        let Some(on) = cx.happened(day) else { break };
        let at = cx.at(on);
        let city = sc.place.city;
        let district = &cx.g.districts[sc.district].name;
        let first = *cx.rng.pick(names::FEMALE);
        let text = match cx.rng.below(8) {
            0 => format!(
                "Interviewed in Sesotho with a social worker present. She says the recruiter promised \"good money\" in {city}, and paid for the taxi."
            ),
            1 => format!("Family in {district} traced; they ask for news every week."),
            2 => {
                format!("{}: the victim's mother called, asking when her child comes home.", names::phone(&mut cx.rng))
            }
            3 => "- Statement taken.\n- Medical report requested.\n- Next visit in two weeks.".to_owned(),
            4 => format!("Ho lokile: {first} is settled and thanks the social worker (\"ke a leboha\")."),
            5 => "Docket checked at the station, all exhibits present; copies kept by the investigator.".to_owned(),
            6 => {
                format!("Tšepo from the district office visited; school fees for {first}'s younger brother discussed.")
            }
            _ => format!("Follow-up call, 10:30.\r\nNo answer; try again on {}.", cx.after(on, 2, 5)),
        };
        let author = names::official_name(&mut cx.rng, "Ms");
        cx.step("comment", case.add_comment(CommentInput { author, text }, at))?;
        if at > cx.last {
            cx.last = at;
        }
    }
    Ok(())
}

fn status(
    cx: &mut Ctx<'_>,
    case: &mut Case,
    victims: &[people::VictimInfo],
    outcome: &justice::Outcome,
) -> Result<(), DemoError> {
    let none_victims = !victims.is_empty() && victims.iter().all(|v| v.not_a_victim);
    let update = if none_victims && cx.chance(0.7) {
        Some((CaseStatus::ClosedReferred, "Screening found no indicators of trafficking; referred to social services."))
    } else if outcome.concluded && cx.chance(0.6) {
        Some((CaseStatus::Closed, "Criminal proceedings concluded, services completed."))
    } else if outcome.investigation_closed && cx.chance(0.4) {
        Some((CaseStatus::Closed, "Investigation closed without prosecution; the victims were assisted."))
    } else if cx.chance(0.15) {
        Some((CaseStatus::FollowUp, ""))
    } else {
        None
    };
    if let Some((status, reason)) = update {
        let input = CaseUpdate {
            status: Some(status),
            closure_reason: (!reason.is_empty()).then(|| reason.to_owned()),
            ..CaseUpdate::default()
        };
        cx.step("close", case.update(input, cx.today))?;
    }
    Ok(())
}

/// Cases found by an NGO or another country's authorities often reach the owning office as a referral.
fn incoming_referral(
    cx: &mut Ctx<'_>,
    source: DetectionSource,
    owner: OrgId,
    detected_on: Date,
) -> Option<IncomingReferral> {
    let from_org = match source {
        DetectionSource::OtherCountry => cx.g.dir.iom,
        DetectionSource::Ngo => cx.g.dir.shelter,
        _ => return None,
    };
    if from_org == owner || !cx.chance(0.7) {
        return None;
    }
    let reason = if source == DetectionSource::OtherCountry {
        IncomingReferralReason::MigrationOrChangeOfLocation
    } else {
        IncomingReferralReason::AdditionalServicesRequired
    };
    let details = cx.chance(0.5).then(|| {
        (*cx.rng.pick(&[
            "Escorted to the office by the referring case worker; no documents.",
            "Handed over at the border post after repatriation from South Africa.",
            "Referred after a hotline call; the family is waiting for news.",
        ]))
        .to_owned()
    });
    Some(IncomingReferral {
        from_org,
        received_on: Some(detected_on),
        reason: Some(reason),
        details,
        case_worker: Some(names::official_name(&mut cx.rng, "Ms")),
        case_worker_user: None,
    })
}
