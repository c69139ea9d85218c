//! Reading investigations.csv, docket_transfers.csv and prosecutions.csv: at most one investigation and
//! one prosecution per case, a prosecution only after an investigation.

use lekhotla_domain::error::Checker;
use lekhotla_domain::justice::{
    DocketTransferInput, InvestigationInput, InvestigationUpdate, ProsecutionInput, ProsecutionWithdrawal,
};
use lekhotla_domain::limits;
use lekhotla_domain::{
    CaseId, DocketTransfer, DocketTransferId, DppDecision, DppDecisionKind, Investigation, InvestigationId,
    InvestigationUnit, OrgId, Prosecution, ProsecutionId,
};

use super::Import;
use super::registry::Seen;
use super::row::Row;
use super::table::Reader;
use crate::cell;
use crate::schema::{CASE_ID, VERSION, investigations as i, prosecutions as p, transfers as t};

pub(crate) fn read(reader: &mut Reader<'_>, st: &mut Import) {
    let (mut ids, mut per_case) = (Seen::default(), Seen::default());
    st.file(reader, i::FILE, i::COLUMNS, |st, r| investigation(st, &mut ids, &mut per_case, r));
    let mut ids = Seen::default();
    st.file(reader, t::FILE, t::COLUMNS, |st, r| transfer(st, &mut ids, r));
    let (mut ids, mut per_case) = (Seen::default(), Seen::default());
    st.file(reader, p::FILE, p::COLUMNS, |st, r| prosecution(st, &mut ids, &mut per_case, r));
}

/// The case of a row, and its index when the row can be attached to it.
fn case_of(st: &Import, r: &mut Row<'_>) -> (Option<CaseId>, Option<usize>) {
    let case = r.req(CASE_ID, cell::id::<CaseId>);
    (case, st.reg.case(r, CASE_ID, case))
}

/// From 1900 to today, when there is a day (the domain's rule for a day that has happened).
fn not_future(c: &mut Checker, column: &str, d: Option<time::Date>, today: time::Date) {
    c.opt_past(column, d, today);
}

/// The investigation of a case, for a record that needs one; reports a case with none in investigations.csv.
fn investigation_of<'s>(
    st: &'s mut Import,
    r: &mut Row<'_>,
    case: Option<CaseId>,
    slot: Option<usize>,
) -> Option<&'s mut Investigation> {
    let case_id = case?;
    let has = st.cases.get(slot?).is_some_and(|c| c.investigation.is_some());
    if !has {
        if !st.reg.investigations.contains(&case_id) && !st.reg.unread.contains(i::FILE) {
            r.fail(CASE_ID, format!("case {case_id} has no investigation in {}", i::FILE));
        }
        return None;
    }
    st.cases.get_mut(slot?).and_then(|c| c.investigation.as_mut())
}

fn investigation(st: &mut Import, ids: &mut Seen<InvestigationId>, per_case: &mut Seen<CaseId>, r: &mut Row<'_>) {
    let (case, slot) = case_of(st, r);
    let id = r.req(i::ID, cell::id::<InvestigationId>);
    let version = r.req(VERSION, cell::version);
    let unit = r.req(i::UNIT, cell::code::<InvestigationUnit>);
    let organisation = r.req(i::ORG_ID, cell::id::<OrgId>);
    let investigator = r.text(i::INVESTIGATOR);
    let opened_on = r.req(i::OPENED_ON, cell::parse_date);
    let docket_number = r.opt_text(i::DOCKET_NUMBER);
    let docket_custodian = r.opt_text(i::CUSTODIAN);
    let cooperating_countries = r.list(i::COOPERATING, cell::parse_countries);
    let closed_on = r.opt(i::CLOSED_ON, cell::parse_date);
    let closure_reason = r.opt_text(i::CLOSURE_REASON);
    st.reg.org(r, i::ORG_ID, organisation);
    if let Some(id) = id {
        ids.unique(r, i::ID, id, format_args!("investigation {id}"));
    }
    if let Some(case) = case {
        per_case.unique(r, CASE_ID, case, format_args!("an investigation of case {case}"));
        st.reg.investigations.insert(case);
    }
    let (
        Some(id),
        Some(version),
        Some(unit),
        Some(organisation),
        Some(investigator),
        Some(opened_on),
        Some(cooperating_countries),
        Some(closed_on),
    ) = (id, version, unit, organisation, investigator, opened_on, cooperating_countries, closed_on)
    else {
        return;
    };
    let mut c = Checker::new();
    c.text(i::INVESTIGATOR, &investigator, const { limits::of(InvestigationInput::TEXT_LIMITS, "investigator") });
    c.opt_text(
        i::DOCKET_NUMBER,
        &docket_number,
        const { limits::of(InvestigationInput::TEXT_LIMITS, "docket_number") },
    );
    c.opt_text(
        i::CUSTODIAN,
        &docket_custodian,
        const { limits::of(InvestigationInput::TEXT_LIMITS, "docket_custodian") },
    );
    c.opt_text(
        i::CLOSURE_REASON,
        &closure_reason,
        const { limits::of(InvestigationUpdate::TEXT_LIMITS, "closure_reason") },
    );
    not_future(&mut c, i::OPENED_ON, Some(opened_on), st.today);
    not_future(&mut c, i::CLOSED_ON, closed_on, st.today);
    c.order(i::CLOSED_ON, Some(opened_on), closed_on, i::OPENED_ON);
    if closed_on.is_some() != closure_reason.is_some() {
        c.fail(i::CLOSURE_REASON, format!("goes with {}: both or neither", i::CLOSED_ON));
    }
    r.check(c);
    if let Some(case) = st.case_mut(r, slot) {
        case.investigation = Some(Investigation {
            id,
            version,
            unit,
            organisation,
            investigator,
            opened_on,
            docket_number,
            docket_custodian,
            docket_transfers: Vec::new(),
            cooperating_countries,
            closed_on,
            closure_reason,
        });
    }
}

fn transfer(st: &mut Import, ids: &mut Seen<DocketTransferId>, r: &mut Row<'_>) {
    let (case, slot) = case_of(st, r);
    let id = r.req(t::ID, cell::id::<DocketTransferId>);
    let from_custodian = r.opt_text(t::FROM);
    let to_custodian = r.text(t::TO);
    let on = r.req(t::ON, cell::parse_date);
    let reason = r.opt_text(t::REASON);
    if let Some(id) = id {
        ids.unique(r, t::ID, id, format_args!("docket transfer {id}"));
    }
    let today = st.today;
    let Some(inv) = investigation_of(st, r, case, slot) else { return };
    let (Some(id), Some(to_custodian), Some(on)) = (id, to_custodian, on) else { return };
    let mut c = Checker::new();
    c.opt_text(t::FROM, &from_custodian, const { limits::of(DocketTransferInput::TEXT_LIMITS, "to_custodian") });
    c.text(t::TO, &to_custodian, const { limits::of(DocketTransferInput::TEXT_LIMITS, "to_custodian") });
    c.opt_text(t::REASON, &reason, const { limits::of(DocketTransferInput::TEXT_LIMITS, "reason") });
    not_future(&mut c, t::ON, Some(on), today);
    let last = inv.docket_transfers.last().map_or(inv.opened_on, |x| x.on);
    c.order(t::ON, Some(last), Some(on), "the docket's last movement or the investigation's opening");
    r.check(c);
    if !r.failed() {
        inv.docket_transfers.push(DocketTransfer { id, from_custodian, to_custodian, on, reason });
    }
}

fn prosecution(st: &mut Import, ids: &mut Seen<ProsecutionId>, per_case: &mut Seen<CaseId>, r: &mut Row<'_>) {
    let (case, slot) = case_of(st, r);
    let id = r.req(p::ID, cell::id::<ProsecutionId>);
    let version = r.req(VERSION, cell::version);
    let prosecutor = r.text(p::PROSECUTOR);
    let referred_on = r.req(p::REFERRED_ON, cell::parse_date);
    let decision = r.opt(p::DPP_DECISION, cell::code::<DppDecisionKind>);
    let decision_on = r.opt(p::DPP_DECISION_ON, cell::parse_date);
    let summons_issued_on = r.opt(p::SUMMONS_ON, cell::parse_date);
    let court = r.opt_text(p::COURT);
    let court_case_number = r.opt_text(p::COURT_CASE_NUMBER);
    let withdrawn_on = r.opt(p::WITHDRAWN_ON, cell::parse_date);
    let withdrawal_reason = r.opt_text(p::WITHDRAWAL_REASON);
    if let Some(id) = id {
        ids.unique(r, p::ID, id, format_args!("prosecution {id}"));
    }
    if let Some(case) = case {
        per_case.unique(r, CASE_ID, case, format_args!("a prosecution of case {case}"));
        st.reg.prosecutions.insert(case);
    }
    let today = st.today;
    let opened_on = investigation_of(st, r, case, slot).map(|inv| inv.opened_on);
    let (
        Some(id),
        Some(version),
        Some(prosecutor),
        Some(referred_on),
        Some(decision),
        Some(decision_on),
        Some(summons),
        Some(withdrawn_on),
    ) = (id, version, prosecutor, referred_on, decision, decision_on, summons_issued_on, withdrawn_on)
    else {
        return;
    };
    let mut c = Checker::new();
    c.text(p::PROSECUTOR, &prosecutor, const { limits::of(ProsecutionInput::TEXT_LIMITS, "prosecutor") });
    c.opt_text(p::COURT, &court, const { limits::of(ProsecutionInput::TEXT_LIMITS, "court") });
    c.opt_text(
        p::COURT_CASE_NUMBER,
        &court_case_number,
        const { limits::of(ProsecutionInput::TEXT_LIMITS, "court_case_number") },
    );
    not_future(&mut c, p::REFERRED_ON, Some(referred_on), today);
    c.order(p::REFERRED_ON, opened_on, Some(referred_on), "the investigation's opening");
    let dpp_decision = match (decision, decision_on) {
        (Some(decision), Some(on)) => Some(DppDecision { decision, on }),
        (None, None) => None,
        (Some(_), None) => {
            c.fail(p::DPP_DECISION_ON, format!("is needed with {}", p::DPP_DECISION));
            None
        }
        (None, Some(_)) => {
            c.fail(p::DPP_DECISION, format!("is needed with {}", p::DPP_DECISION_ON));
            None
        }
    };
    if let Some(d) = dpp_decision {
        not_future(&mut c, p::DPP_DECISION_ON, Some(d.on), today);
        c.order(p::DPP_DECISION_ON, Some(referred_on), Some(d.on), p::REFERRED_ON);
    }
    // The domain lets the DPP's decision change after a summons, so the two are not compared.
    not_future(&mut c, p::SUMMONS_ON, summons, today);
    // A withdrawal, with its reason, follows a decision to prosecute.
    c.opt_text(
        p::WITHDRAWAL_REASON,
        &withdrawal_reason,
        const { limits::of(ProsecutionWithdrawal::TEXT_LIMITS, "reason") },
    );
    match (withdrawn_on, &withdrawal_reason) {
        (Some(_), None) => c.fail(p::WITHDRAWAL_REASON, format!("is needed with {}", p::WITHDRAWN_ON)),
        (None, Some(_)) => c.fail(p::WITHDRAWN_ON, format!("is needed with {}", p::WITHDRAWAL_REASON)),
        _ => {}
    }
    if let Some(w) = withdrawn_on {
        not_future(&mut c, p::WITHDRAWN_ON, Some(w), today);
        match dpp_decision {
            Some(d) if d.decision == DppDecisionKind::Prosecute => {
                c.order(p::WITHDRAWN_ON, Some(d.on), Some(w), p::DPP_DECISION_ON);
            }
            _ => c.fail(p::WITHDRAWN_ON, "only a prosecution the DPP decided to bring (Prosecute) can be withdrawn"),
        }
    }
    r.check(c);
    if let Some(case) = st.case_mut(r, slot) {
        case.prosecution = Some(Prosecution {
            id,
            version,
            prosecutor,
            referred_on,
            dpp_decision,
            summons_issued_on: summons,
            court,
            court_case_number,
            withdrawn_on,
            withdrawal_reason,
            charges: Vec::new(),
            hearings: Vec::new(),
            verdicts: Vec::new(),
            sentences: Vec::new(),
            compensation_orders: Vec::new(),
        });
    }
}
