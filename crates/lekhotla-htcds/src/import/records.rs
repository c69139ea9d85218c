//! Reading events.csv, referrals.csv, consents.csv and support_plans.csv: the records of a case that
//! concern its victims.

mod referrals;

use lekhotla_domain::error::Checker;
use lekhotla_domain::{
    CaseId, Consent, ConsentGiver, ConsentId, ConsentPurpose, EventId, EventInput, EventType, OrgId, PersonId,
    SupportPlan, SupportPlanId, SupportPlanInput, SupportPlanType, TraffickingEvent,
};

use super::Import;
use super::registry::{Role, Seen};
use super::row::Row;
use super::table::Reader;
use crate::cell;
use crate::schema::{CASE_ID, VERSION, VICTIM_ID, consents as cn, events as e, support_plans as sp};

pub(crate) fn read(reader: &mut Reader<'_>, st: &mut Import) {
    let mut ids = Seen::default();
    st.file(reader, e::FILE, e::COLUMNS, |st, r| event(st, &mut ids, r));
    referrals::read(reader, st);
    let (mut ids, mut in_force) = (Seen::default(), Seen::default());
    st.file(reader, cn::FILE, cn::COLUMNS, |st, r| consent(st, &mut ids, &mut in_force, r));
    let mut ids = Seen::default();
    st.file(reader, sp::FILE, sp::COLUMNS, |st, r| support_plan(st, &mut ids, r));
}

/// The case and victim of a record about a victim, checked against cases.csv and persons.csv.
pub(crate) fn victim_of(
    st: &Import,
    r: &mut Row<'_>,
    victim: Option<Option<PersonId>>,
) -> (Option<CaseId>, Option<usize>) {
    let case = r.req(CASE_ID, cell::id::<CaseId>);
    let slot = st.reg.case(r, CASE_ID, case);
    if let Some(Some(v)) = victim {
        st.reg.person(r, VICTIM_ID, case, Some(v), Role::Victim);
    }
    (case, slot)
}

fn event(st: &mut Import, ids: &mut Seen<EventId>, r: &mut Row<'_>) {
    let id = r.req(e::ID, cell::id::<EventId>);
    let version = r.req(VERSION, cell::version);
    let event_type = r.req(e::TYPE, cell::code::<EventType>);
    let date = r.opt(e::DATE, cell::parse_date);
    let country = r.req(e::COUNTRY, cell::country);
    let district = r.opt(e::DISTRICT, cell::unit);
    let state = r.opt(e::STATE, cell::place);
    let port_of_entry = r.opt(e::PORT_OF_ENTRY, cell::unit);
    let city = r.opt_text(e::CITY);
    let place = r.opt_text(e::PLACE);
    let postal_code = r.opt_text(e::POSTAL_CODE);
    let description = r.opt_text(e::DESCRIPTION);
    let latitude = r.opt(e::LATITUDE, cell::decimal);
    let longitude = r.opt(e::LONGITUDE, cell::decimal);
    let victim = r.opt(VICTIM_ID, cell::id::<PersonId>);
    let (_, slot) = victim_of(st, r, victim);
    if let Some(id) = id {
        ids.unique(r, e::ID, id, format_args!("event {id}"));
    }
    let (
        Some(id),
        Some(version),
        Some(event_type),
        Some(date),
        Some(country),
        Some(district),
        Some(state),
        Some(port_of_entry),
        Some(latitude),
        Some(longitude),
        Some(victim),
    ) = (id, version, event_type, date, country, district, state, port_of_entry, latitude, longitude, victim)
    else {
        return;
    };
    let details = EventInput {
        event_type,
        date,
        country,
        district,
        state,
        port_of_entry,
        city,
        place,
        postal_code,
        description,
        latitude,
        longitude,
        victim,
    };
    r.domain(details.validate(st.today), |field| {
        Some(match field {
            "date" => e::DATE,
            "city" => e::CITY,
            "place" => e::PLACE,
            "state" => e::STATE,
            "postal_code" => e::POSTAL_CODE,
            "description" => e::DESCRIPTION,
            "latitude" => e::LATITUDE,
            "longitude" => e::LONGITUDE,
            _ => return None,
        })
    });
    if let Some(case) = st.case_mut(r, slot) {
        case.events.push(TraffickingEvent { id, version, details });
    }
}

fn consent(
    st: &mut Import,
    ids: &mut Seen<ConsentId>,
    in_force: &mut Seen<(PersonId, ConsentPurpose)>,
    r: &mut Row<'_>,
) {
    let id = r.req(cn::ID, cell::id::<ConsentId>);
    let version = r.req(VERSION, cell::version);
    let victim = r.req(VICTIM_ID, cell::id::<PersonId>);
    let purpose = r.req(cn::PURPOSE, cell::code::<ConsentPurpose>);
    let given = r.req(cn::GIVEN, cell::parse_flag);
    let recorded_on = r.req(cn::RECORDED_ON, cell::parse_date);
    let withdrawn_on = r.opt(cn::WITHDRAWN_ON, cell::parse_date);
    let recorded_by = r.opt_text(cn::RECORDED_BY);
    let given_by = r.req(cn::GIVEN_BY, cell::code::<ConsentGiver>);
    let child_assent = r.opt(cn::CHILD_ASSENT, cell::parse_flag);
    let (_, slot) = victim_of(st, r, victim.map(Some));
    if let Some(id) = id {
        ids.unique(r, cn::ID, id, format_args!("consent {id}"));
    }
    let (
        Some(id),
        Some(version),
        Some(victim),
        Some(purpose),
        Some(given),
        Some(recorded_on),
        Some(withdrawn_on),
        Some(given_by),
        Some(child_assent),
    ) = (id, version, victim, purpose, given, recorded_on, withdrawn_on, given_by, child_assent)
    else {
        return;
    };
    // Who gave it is not checked against the victim's age here: the age may have been established after
    // the consent was taken (the domain checks it when a consent is recorded).
    let consent =
        Consent { id, version, victim, purpose, given, recorded_on, withdrawn_on, recorded_by, given_by, child_assent };
    let mut check = Checker::new();
    check.opt_text(cn::RECORDED_BY, &consent.recorded_by, 100);
    check.past(cn::RECORDED_ON, recorded_on, st.today);
    if let Some(w) = withdrawn_on {
        if !given {
            check.fail(cn::WITHDRAWN_ON, "only a consent that was given can be withdrawn");
        }
        check.past(cn::WITHDRAWN_ON, w, st.today);
        check.order(cn::WITHDRAWN_ON, Some(recorded_on), Some(w), cn::RECORDED_ON);
    }
    r.check(check);
    if consent.in_force() {
        in_force.unique(r, cn::PURPOSE, (victim, purpose), format_args!("a consent in force for {purpose}"));
    }
    if let Some(case) = st.case_mut(r, slot) {
        case.consents.push(consent);
    }
}

fn support_plan(st: &mut Import, ids: &mut Seen<SupportPlanId>, r: &mut Row<'_>) {
    let id = r.req(sp::ID, cell::id::<SupportPlanId>);
    let version = r.req(VERSION, cell::version);
    let victim = r.req(VICTIM_ID, cell::id::<PersonId>);
    let plan_type = r.req(sp::TYPE, cell::code::<SupportPlanType>);
    let provider = r.opt(sp::PROVIDER, cell::id::<OrgId>);
    let objectives = r.text(sp::OBJECTIVES);
    let action_plan = r.opt_text(sp::ACTION_PLAN);
    let started_on = r.req(sp::STARTED_ON, cell::parse_date);
    let planned_end = r.opt(sp::PLANNED_END, cell::parse_date);
    let actual_end = r.opt(sp::ACTUAL_END, cell::parse_date);
    let (_, slot) = victim_of(st, r, victim.map(Some));
    if let Some(p) = provider {
        st.reg.org(r, sp::PROVIDER, p);
    }
    if let Some(id) = id {
        ids.unique(r, sp::ID, id, format_args!("support plan {id}"));
    }
    let (
        Some(id),
        Some(version),
        Some(victim),
        Some(plan_type),
        Some(provider),
        Some(objectives),
        Some(started_on),
        Some(planned_end),
        Some(actual_end),
    ) = (id, version, victim, plan_type, provider, objectives, started_on, planned_end, actual_end)
    else {
        return;
    };
    let mut check = Checker::new();
    check.text(sp::OBJECTIVES, &objectives, 4000);
    check.opt_text(sp::ACTION_PLAN, &action_plan, 8000);
    if started_on > st.today {
        check.fail(sp::STARTED_ON, "must not be in the future");
    }
    if actual_end.is_some_and(|d| d > st.today) {
        check.fail(sp::ACTUAL_END, "must not be in the future");
    }
    check.order(sp::PLANNED_END, Some(started_on), planned_end, sp::STARTED_ON);
    check.order(sp::ACTUAL_END, Some(started_on), actual_end, sp::STARTED_ON);
    r.check(check);
    let details =
        SupportPlanInput { victim, plan_type, provider, objectives, action_plan, started_on, planned_end, actual_end };
    if let Some(case) = st.case_mut(r, slot) {
        case.support_plans.push(SupportPlan { id, version, details });
    }
}
