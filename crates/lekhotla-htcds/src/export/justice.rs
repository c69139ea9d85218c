//! Rows of the criminal-justice files: investigations, docket transfers, prosecutions and the court's records.

use lekhotla_domain::{Case, Investigation, Prosecution};

use super::ExportError;
use super::sink::Sink;
use crate::schema::{
    ACCUSED_ID, CASE_ID, NOTES, VERSION, VICTIM_ID, charges as ch, compensation as co, hearings as h,
    investigations as i, prosecutions as p, sentences as s, transfers as t, verdicts as v,
};

pub(crate) fn investigation(sink: &mut Sink, case: &Case, inv: &Investigation) -> Result<(), ExportError> {
    let mut r = sink.row();
    r.value(CASE_ID, case.id)
        .value(i::ID, inv.id)
        .value(VERSION, inv.version)
        .code(i::UNIT, inv.unit)
        .value(i::ORG_ID, inv.organisation)
        .text(i::INVESTIGATOR, &inv.investigator)
        .date(i::OPENED_ON, inv.opened_on)
        .opt_text(i::DOCKET_NUMBER, inv.docket_number.as_ref())
        .opt_text(i::CUSTODIAN, inv.docket_custodian.as_ref())
        .countries(i::COOPERATING, &inv.cooperating_countries)
        .opt_date(i::CLOSED_ON, inv.closed_on)
        .opt_text(i::CLOSURE_REASON, inv.closure_reason.as_ref());
    sink.write(r)
}

pub(crate) fn transfers(sink: &mut Sink, case: &Case, inv: &Investigation) -> Result<(), ExportError> {
    for x in &inv.docket_transfers {
        let mut r = sink.row();
        r.value(CASE_ID, case.id)
            .value(t::ID, x.id)
            .opt_text(t::FROM, x.from_custodian.as_ref())
            .text(t::TO, &x.to_custodian)
            .date(t::ON, x.on)
            .opt_text(t::REASON, x.reason.as_ref());
        sink.write(r)?;
    }
    Ok(())
}

pub(crate) fn prosecution(sink: &mut Sink, case: &Case, pr: &Prosecution) -> Result<(), ExportError> {
    let mut r = sink.row();
    r.value(CASE_ID, case.id)
        .value(p::ID, pr.id)
        .value(VERSION, pr.version)
        .text(p::PROSECUTOR, &pr.prosecutor)
        .date(p::REFERRED_ON, pr.referred_on)
        .opt_code(p::DPP_DECISION, pr.dpp_decision.map(|d| d.decision))
        .opt_date(p::DPP_DECISION_ON, pr.dpp_decision.map(|d| d.on))
        .opt_date(p::SUMMONS_ON, pr.summons_issued_on)
        .opt_text(p::COURT, pr.court.as_ref())
        .opt_text(p::COURT_CASE_NUMBER, pr.court_case_number.as_ref())
        .opt_date(p::WITHDRAWN_ON, pr.withdrawn_on)
        .opt_text(p::WITHDRAWAL_REASON, pr.withdrawal_reason.as_ref());
    sink.write(r)
}

pub(crate) fn charges(sink: &mut Sink, case: &Case, pr: &Prosecution) -> Result<(), ExportError> {
    for x in &pr.charges {
        let d = &x.details;
        let mut r = sink.row();
        r.value(CASE_ID, case.id)
            .value(ch::ID, x.id)
            .value(ACCUSED_ID, d.accused)
            .code(ch::OFFENCE, d.offence)
            .opt_text(ch::STATUTE, d.statute.as_ref())
            .value(ch::COUNTS, d.counts)
            .date(ch::FILED_ON, d.filed_on);
        sink.write(r)?;
    }
    Ok(())
}

pub(crate) fn hearings(sink: &mut Sink, case: &Case, pr: &Prosecution) -> Result<(), ExportError> {
    for x in &pr.hearings {
        let d = &x.details;
        let mut r = sink.row();
        r.value(CASE_ID, case.id)
            .value(h::ID, x.id)
            .date(h::ON, d.on)
            .code(h::KIND, d.kind)
            .flag(h::VICTIM_TESTIFIED, d.victim_testified)
            .opt_text(NOTES, d.notes.as_ref());
        sink.write(r)?;
    }
    Ok(())
}

pub(crate) fn verdicts(sink: &mut Sink, case: &Case, pr: &Prosecution) -> Result<(), ExportError> {
    for x in &pr.verdicts {
        let d = &x.details;
        let mut r = sink.row();
        r.value(CASE_ID, case.id)
            .value(v::ID, x.id)
            .value(ACCUSED_ID, d.accused)
            .code(v::OUTCOME, d.outcome)
            .date(v::ON, d.on);
        sink.write(r)?;
    }
    Ok(())
}

pub(crate) fn sentences(sink: &mut Sink, case: &Case, pr: &Prosecution) -> Result<(), ExportError> {
    for x in &pr.sentences {
        let d = &x.details;
        let mut r = sink.row();
        r.value(CASE_ID, case.id)
            .value(s::ID, x.id)
            .value(ACCUSED_ID, d.accused)
            .date(s::ON, d.on)
            .opt_value(s::MONTHS, d.imprisonment_months)
            .opt_value(s::FINE, d.fine_lsl)
            .flag(s::SUSPENDED, d.suspended)
            .opt_text(NOTES, d.notes.as_ref());
        sink.write(r)?;
    }
    Ok(())
}

pub(crate) fn compensation(sink: &mut Sink, case: &Case, pr: &Prosecution) -> Result<(), ExportError> {
    for x in &pr.compensation_orders {
        let d = &x.details;
        let mut r = sink.row();
        r.value(CASE_ID, case.id)
            .value(co::ID, x.id)
            .value(ACCUSED_ID, d.accused)
            .value(VICTIM_ID, d.victim)
            .value(co::AMOUNT, d.amount_lsl)
            .date(co::ON, d.on);
        sink.write(r)?;
    }
    Ok(())
}
