//! Rows of events.csv, referrals.csv, consents.csv and support_plans.csv.

use lekhotla_domain::Case;

use super::ExportError;
use super::sink::Sink;
use crate::schema::{CASE_ID, VERSION, VICTIM_ID, consents as cn, events as e, referrals as rf, support_plans as sp};

pub(crate) fn events(sink: &mut Sink, case: &Case) -> Result<(), ExportError> {
    for ev in &case.events {
        let d = &ev.details;
        let mut r = sink.row();
        r.value(CASE_ID, case.id)
            .value(e::ID, ev.id)
            .value(VERSION, ev.version)
            .code(e::TYPE, d.event_type)
            .opt_date(e::DATE, d.date)
            .value(e::COUNTRY, d.country)
            .opt_value(e::DISTRICT, d.district.as_ref())
            .opt_value(e::STATE, d.state)
            .opt_value(e::PORT_OF_ENTRY, d.port_of_entry.as_ref())
            .opt_text(e::CITY, d.city.as_ref())
            .opt_text(e::PLACE, d.place.as_ref())
            .opt_text(e::POSTAL_CODE, d.postal_code.as_ref())
            .opt_text(e::DESCRIPTION, d.description.as_ref())
            .opt_value(e::LATITUDE, d.latitude)
            .opt_value(e::LONGITUDE, d.longitude)
            .opt_value(VICTIM_ID, d.victim);
        sink.write(r)?;
    }
    Ok(())
}

pub(crate) fn referrals(sink: &mut Sink, case: &Case) -> Result<(), ExportError> {
    for x in &case.referrals {
        let mut r = sink.row();
        r.value(CASE_ID, case.id)
            .value(rf::ID, x.id)
            .value(VERSION, x.version)
            .opt_value(VICTIM_ID, x.victim)
            .value(rf::FROM_ORG, x.from_org)
            .value(rf::TO_ORG, x.to_org)
            .opt_text(rf::REFERRING_WORKER, x.referring_case_worker.as_ref())
            .opt_value(rf::REFERRING_WORKER_USER, x.referring_case_worker_user)
            .opt_text(rf::REFERRED_WORKER, x.referred_case_worker.as_ref())
            .opt_value(rf::REFERRED_WORKER_USER, x.referred_case_worker_user)
            .code(rf::SERVICE, x.service)
            .code(rf::REASON, x.reason)
            .opt_text(rf::DETAILS, x.details.as_ref())
            .flag(rf::AUTOMATIC, x.automatic)
            .code(rf::STATE, x.state)
            .date(rf::SENT_ON, x.sent_on)
            .opt_date(rf::RESPONDED_ON, x.responded_on)
            .opt_text(rf::DECLINE_REASON, x.decline_reason.as_ref())
            .opt_date(rf::DELIVERED_ON, x.delivered_on)
            .opt_text(rf::DELIVERY_NOTE, x.delivery_note.as_ref())
            .opt_date(rf::CLOSED_ON, x.closed_on)
            .opt_text(rf::END_REASON, x.end_reason.as_ref());
        sink.write(r)?;
    }
    Ok(())
}

pub(crate) fn consents(sink: &mut Sink, case: &Case) -> Result<(), ExportError> {
    for x in &case.consents {
        let mut r = sink.row();
        r.value(CASE_ID, case.id)
            .value(cn::ID, x.id)
            .value(VERSION, x.version)
            .value(VICTIM_ID, x.victim)
            .code(cn::PURPOSE, x.purpose)
            .flag(cn::GIVEN, x.given)
            .date(cn::RECORDED_ON, x.recorded_on)
            .opt_date(cn::WITHDRAWN_ON, x.withdrawn_on)
            .opt_text(cn::RECORDED_BY, x.recorded_by.as_ref())
            .code(cn::GIVEN_BY, x.given_by)
            .opt_flag(cn::CHILD_ASSENT, x.child_assent);
        sink.write(r)?;
    }
    Ok(())
}

pub(crate) fn support_plans(sink: &mut Sink, case: &Case) -> Result<(), ExportError> {
    for plan in &case.support_plans {
        let d = &plan.details;
        let mut r = sink.row();
        r.value(CASE_ID, case.id)
            .value(sp::ID, plan.id)
            .value(VERSION, plan.version)
            .value(VICTIM_ID, d.victim)
            .code(sp::TYPE, d.plan_type)
            .opt_value(sp::PROVIDER, d.provider)
            .text(sp::OBJECTIVES, &d.objectives)
            .opt_text(sp::ACTION_PLAN, d.action_plan.as_ref())
            .date(sp::STARTED_ON, d.started_on)
            .opt_date(sp::PLANNED_END, d.planned_end)
            .opt_date(sp::ACTUAL_END, d.actual_end);
        sink.write(r)?;
    }
    Ok(())
}
