//! Justice lists: the investigations and prosecutions of the cases in a scope, with the dates each
//! stage began on and where the docket is (by class, never its sealed custodian), and the hearings of a
//! period, read without opening the cases (no sealed note or person is read).

use lekhotla_domain::{Case, CaseId, CaseNumber, DppDecisionKind, HearingId, HearingKind, InvestigationUnit, OrgId};
use time::Date;

use crate::scope::Scope;

/// The SQL both stores run (only the binds' syntax differs). A page is chosen first (the inner query, in
/// the order of the investigations' opening index, so it stops at the page's end), and the per-case figures
/// (docket moves, accused, verdicts, hearings) are computed for that page's rows only.
pub mod sql {
    /// The rows' source: every investigation with its case and its prosecution if any. `CROSS JOIN` keeps
    /// the investigations as SQLite's outer loop (PostgreSQL plans it as any join), so a page is read in
    /// the order of the opening index and stops at its end, instead of gathering every case of a stage
    /// (ten thousand before the courts at 100,000 cases) and sorting them.
    pub const FROM: &str = " FROM investigations inv CROSS JOIN cases \
        LEFT JOIN prosecutions pr ON pr.case_id = inv.case_id WHERE cases.id = inv.case_id";
    /// The page's columns, then the inner query's; [`FROM`], the filter, [`ORDER`] with its `LIMIT` bind,
    /// ` OFFSET ` with its bind, and [`PAGE_END`] follow.
    pub const SELECT: &str = "SELECT page.*, \
        (SELECT max(t.on_date) FROM docket_transfers t WHERE t.case_id = page.case_id) AS docket_moved_on, \
        (SELECT count(DISTINCT ch.accused_id) FROM charges ch WHERE ch.case_id = page.case_id) AS accused, \
        (SELECT count(*) FROM verdicts v WHERE v.case_id = page.case_id) AS verdicts, \
        (SELECT max(v.on_date) FROM verdicts v WHERE v.case_id = page.case_id) AS last_verdict_on, \
        (SELECT max(h.on_date) FROM hearings h WHERE h.case_id = page.case_id) AS last_hearing_on \
        FROM (SELECT inv.case_id, cases.number, cases.detected_on, inv.unit, inv.organisation_id AS inv_org, inv.investigator, \
        inv.opened_on, inv.docket_number, inv.docket_custodian IS NOT NULL AS docket_held, \
        inv.closed_on AS investigation_closed_on, \
        pr.id AS prosecution_id, pr.prosecutor, pr.referred_on, pr.dpp_decision, pr.dpp_decision_on, \
        pr.summons_issued_on, pr.court, pr.court_case_number, pr.withdrawn_on";
    /// Before the court: the stage stored with the case at every save (`Case::stage`): the DPP decided to
    /// prosecute, the prosecution was not withdrawn, and not every accused has a verdict.
    pub const BEFORE_COURT: &str = " AND cases.stage = 'before_court'";
    /// The count's source when every case is in scope and every investigation counts: no join needed.
    /// The source of the cases before the courts: the cases outer (SQLite's outer loop), read in the order
    /// of the index `cases (stage, detected_on DESC, number DESC)`.
    pub const FROM_COURT: &str = " FROM cases CROSS JOIN investigations inv \
        LEFT JOIN prosecutions pr ON pr.case_id = inv.case_id WHERE inv.case_id = cases.id";
    /// The source of `filter`'s rows: [`FROM_COURT`] or [`FROM`].
    pub fn from(filter: &super::JusticeFilter) -> &'static str {
        if filter.before_court { FROM_COURT } else { FROM }
    }
    /// The order of `filter`'s page and the `LIMIT ` its bind follows; `number` is the case number as the
    /// database orders it byte by byte (`cases.number` in SQLite, `cases.number COLLATE "C"` in PostgreSQL).
    /// Cases before the courts come newest detection first (the registry's order), the investigations
    /// newest opened first.
    pub fn order(filter: &super::JusticeFilter, number: &str) -> String {
        if filter.before_court {
            format!(" ORDER BY cases.detected_on DESC, {number} DESC LIMIT ")
        } else {
            ORDER.to_owned()
        }
    }
    /// Closes the page's inner query in `filter`'s order (see [`order`] for `number`, here on `page`).
    pub fn page_end(filter: &super::JusticeFilter, number: &str) -> String {
        if filter.before_court {
            format!(") page ORDER BY page.detected_on DESC, {} DESC", number.replace("cases.", "page."))
        } else {
            PAGE_END.to_owned()
        }
    }
    pub const COUNT_ALL: &str = "SELECT count(*) FROM investigations inv WHERE 1 = 1";
    /// The count's source otherwise (the filter reads the case's columns only).
    pub const COUNT_FROM: &str =
        "SELECT count(*) FROM investigations inv JOIN cases ON cases.id = inv.case_id WHERE 1 = 1";

    /// The count's head for `filter`; its conditions follow.
    pub fn count(filter: &super::JusticeFilter) -> &'static str {
        if filter.scope == crate::Scope::All && !filter.before_court { COUNT_ALL } else { COUNT_FROM }
    }
    /// Newest investigation first (the index `investigations (opened_on, case_id)`); the `LIMIT` bind follows.
    pub const ORDER: &str = " ORDER BY inv.opened_on DESC, inv.case_id DESC LIMIT ";
    /// Closes the page's inner query, keeping its order.
    pub const PAGE_END: &str = ") page ORDER BY page.opened_on DESC, page.case_id DESC";
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
