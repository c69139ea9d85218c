//! Justice lists: the investigations and prosecutions of the cases in a scope, with the dates each
//! stage began on and where the docket is (by class, never its sealed custodian), and the hearings of a
//! period, read without opening the cases (no sealed note or person is read).

use lekhotla_domain::{Case, CaseId, CaseNumber, DppDecisionKind, HearingId, HearingKind, InvestigationUnit, OrgId};
use time::Date;

use crate::scope::Scope;

/// The SQL both stores run (only the binds' syntax differs). The investigation is read through a
/// subquery that renames its organisation, so the scope's conditions on `cases` stay unambiguous.
pub mod sql {
    /// The rows' source: every case with an investigation, its prosecution if any.
    pub const FROM: &str = " FROM cases JOIN (SELECT case_id, unit, organisation_id AS inv_org, investigator, \
        opened_on, docket_number, docket_custodian, closed_on FROM investigations) inv ON inv.case_id = cases.id \
        LEFT JOIN prosecutions pr ON pr.case_id = cases.id WHERE 1 = 1";
    pub const COUNT: &str = "SELECT count(*)";
    /// The page's columns.
    pub const SELECT: &str = "SELECT cases.id AS case_id, cases.number, inv.unit, inv.inv_org, inv.investigator, \
        inv.opened_on, inv.docket_number, inv.docket_custodian IS NOT NULL AS docket_held, \
        inv.closed_on AS investigation_closed_on, \
        (SELECT max(t.on_date) FROM docket_transfers t WHERE t.case_id = cases.id) AS docket_moved_on, \
        pr.id AS prosecution_id, pr.prosecutor, pr.referred_on, pr.dpp_decision, pr.dpp_decision_on, \
        pr.summons_issued_on, pr.court, pr.court_case_number, pr.withdrawn_on, \
        (SELECT count(DISTINCT ch.accused_id) FROM charges ch WHERE ch.case_id = cases.id) AS accused, \
        (SELECT count(*) FROM verdicts v WHERE v.case_id = cases.id) AS verdicts, \
        (SELECT max(v.on_date) FROM verdicts v WHERE v.case_id = cases.id) AS last_verdict_on, \
        (SELECT max(h.on_date) FROM hearings h WHERE h.case_id = cases.id) AS last_hearing_on";
    /// Before the court: the DPP decided to prosecute, not withdrawn, and not every accused judged.
    pub const BEFORE_COURT: &str = " AND pr.withdrawn_on IS NULL AND pr.dpp_decision = 'Prosecute' AND NOT (\
        EXISTS (SELECT 1 FROM charges ch WHERE ch.case_id = cases.id) AND NOT EXISTS (SELECT 1 FROM charges ch \
        WHERE ch.case_id = cases.id AND NOT EXISTS (SELECT 1 FROM verdicts v WHERE v.case_id = ch.case_id \
        AND v.accused_id = ch.accused_id)))";
    /// Newest investigation first; the `LIMIT` bind follows.
    pub const ORDER: &str = " ORDER BY inv.opened_on DESC, cases.id DESC LIMIT ";
    /// The hearings of a period; `h.on_date >= ` and its bind follow.
    pub const HEARINGS: &str = "SELECT h.id, cases.id AS case_id, cases.number, h.on_date, h.kind, \
        h.victim_testified, pr.court, pr.court_case_number FROM hearings h JOIN cases ON cases.id = h.case_id \
        LEFT JOIN prosecutions pr ON pr.case_id = cases.id WHERE h.on_date >= ";
    /// The hearings' order; the `LIMIT` bind follows.
    pub const HEARINGS_ORDER: &str = " ORDER BY h.on_date, cases.number, h.position LIMIT ";
}

/// Which investigations and prosecutions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JusticeFilter {
    /// Only cases the reader may see.
    pub scope: Scope,
    /// Only the cases before the courts ([`JusticeLine::before_court`]).
    pub before_court: bool,
}

/// A prosecution in a justice list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProsecutionLine {
    pub prosecutor: String,
    pub referred_on: Date,
    pub dpp_decision: Option<DppDecisionKind>,
    pub dpp_decision_on: Option<Date>,
    pub summons_issued_on: Option<Date>,
    pub court: Option<String>,
    pub court_case_number: Option<String>,
    pub withdrawn_on: Option<Date>,
    /// How many people are charged, and how many verdicts there are.
    pub accused: u32,
    pub verdicts: u32,
    pub last_verdict_on: Option<Date>,
    pub last_hearing_on: Option<Date>,
}

/// One case's investigation (and prosecution) in a justice list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JusticeLine {
    pub case: CaseId,
    pub case_number: CaseNumber,
    pub unit: InvestigationUnit,
    /// The investigating organisation.
    pub organisation: OrgId,
    pub investigator: String,
    pub opened_on: Date,
    pub docket_number: Option<String>,
    /// Whether a custodian of the docket is on record (who it is is sealed).
    pub docket_held: bool,
    /// When the docket last moved.
    pub docket_moved_on: Option<Date>,
    pub closed_on: Option<Date>,
    pub prosecution: Option<ProsecutionLine>,
}

impl JusticeLine {
    /// What a list says of `case` (none without an investigation): the rule the stores' SQL follows.
    pub fn of(case: &Case) -> Option<Self> {
        let i = case.investigation.as_ref()?;
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Some(Self {
            case: case.id,
            case_number: case.number,
            unit: i.unit,
            organisation: i.organisation,
            investigator: i.investigator.clone(),
            opened_on: i.opened_on,
            docket_number: i.docket_number.clone(),
            docket_held: i.docket_custodian.is_some(),
            docket_moved_on: i.docket_transfers.iter().map(|t| t.on).max(),
            closed_on: i.closed_on,
            prosecution: case.prosecution.as_ref().map(|p| ProsecutionLine {
                prosecutor: p.prosecutor.clone(),
                referred_on: p.referred_on,
                dpp_decision: p.dpp_decision.map(|d| d.decision),
                dpp_decision_on: p.dpp_decision.map(|d| d.on),
                summons_issued_on: p.summons_issued_on,
                court: p.court.clone(),
                court_case_number: p.court_case_number.clone(),
                withdrawn_on: p.withdrawn_on,
                accused: count(p.accused().len()),
                verdicts: count(p.verdicts.len()),
                last_verdict_on: p.verdicts.iter().map(|v| v.details.on).max(),
                last_hearing_on: p.hearings.iter().map(|h| h.details.on).max(),
            }),
        })
    }

    /// Before the court: prosecuted on the DPP's decision, not withdrawn, some accused not yet judged.
    pub fn before_court(&self) -> bool {
        self.prosecution.as_ref().is_some_and(|p| {
            p.withdrawn_on.is_none()
                && p.dpp_decision == Some(DppDecisionKind::Prosecute)
                && (p.accused == 0 || p.verdicts < p.accused)
        })
    }
}

/// One page of a justice list and how many match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JusticeList {
    pub items: Vec<JusticeLine>,
    pub total: u64,
}

/// The hearings of the cases in a scope, from one day to another (both included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HearingFilter {
    pub scope: Scope,
    pub from: Date,
    pub to: Date,
}

impl HearingFilter {
    /// The most hearings one call gives (a month of a country's courts is far fewer).
    pub const MAX: u32 = 2_000;
}

/// One hearing in a calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HearingLine {
    pub hearing: HearingId,
    pub case: CaseId,
    pub case_number: CaseNumber,
    pub on: Date,
    pub kind: HearingKind,
    pub victim_testified: bool,
    pub court: Option<String>,
    pub court_case_number: Option<String>,
}

impl HearingLine {
    /// The hearings of `case` as a calendar lists them (the rule the stores' SQL follows).
    pub fn of(case: &Case) -> Vec<Self> {
        let Some(p) = &case.prosecution else { return Vec::new() };
        p.hearings
            .iter()
            .map(|h| Self {
                hearing: h.id,
                case: case.id,
                case_number: case.number,
                on: h.details.on,
                kind: h.details.kind,
                victim_testified: h.details.victim_testified,
                court: p.court.clone(),
                court_case_number: p.court_case_number.clone(),
            })
            .collect()
    }
}
