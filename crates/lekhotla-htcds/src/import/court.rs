//! Reading the records of a prosecution: charges, hearings, verdicts, sentences and compensation orders.
//!
//! The domain's rules hold here too: a charge is against a suspect of the case, a verdict needs a charge
//! and comes once per accused, a sentence and a compensation order need a conviction.

use lekhotla_domain::error::Checker;
use lekhotla_domain::limits;
use lekhotla_domain::{
    CaseId, Charge, ChargeId, ChargeInput, CompensationId, CompensationInput, CompensationOrder, Hearing, HearingId,
    HearingInput, HearingKind, Offence, PersonId, Prosecution, Sentence, SentenceId, SentenceInput, Verdict, VerdictId,
    VerdictInput, VerdictOutcome,
};
use time::Duration;

use super::Import;
use super::registry::{Role, Seen};
use super::row::Row;
use super::table::Reader;
use crate::cell;
use crate::schema::{
    ACCUSED_ID, CASE_ID, NOTES, VICTIM_ID, charges as ch, compensation as co, hearings as h, prosecutions,
    sentences as s, verdicts as v,
};

pub(crate) fn read(reader: &mut Reader<'_>, st: &mut Import) {
    let mut ids = Seen::default();
    st.file(reader, ch::FILE, ch::COLUMNS, |st, r| charge(st, &mut ids, r));
    let mut ids = Seen::default();
    st.file(reader, h::FILE, h::COLUMNS, |st, r| hearing(st, &mut ids, r));
    let (mut ids, mut per_accused) = (Seen::default(), Seen::default());
    st.file(reader, v::FILE, v::COLUMNS, |st, r| verdict(st, &mut ids, &mut per_accused, r));
    let (mut ids, mut per_accused) = (Seen::default(), Seen::default());
    st.file(reader, s::FILE, s::COLUMNS, |st, r| sentence(st, &mut ids, &mut per_accused, r));
    let mut ids = Seen::default();
    st.file(reader, co::FILE, co::COLUMNS, |st, r| compensation(st, &mut ids, r));
}

/// The case of a row, and its index when it has a prosecution; reports a case without one.
fn prosecuted(st: &Import, r: &mut Row<'_>) -> (Option<CaseId>, Option<usize>) {
    let case = r.req(CASE_ID, cell::id::<CaseId>);
    let slot = st.reg.case(r, CASE_ID, case);
    let (Some(case_id), Some(slot)) = (case, slot) else { return (case, None) };
    if st.cases.get(slot).is_some_and(|c| c.prosecution.is_some()) {
        return (case, Some(slot));
    }
    if !st.reg.prosecutions.contains(&case_id) && !st.reg.unread.contains(prosecutions::FILE) {
        r.fail(CASE_ID, format!("case {case_id} has no prosecution in {}", prosecutions::FILE));
    }
    (case, None)
}

/// The prosecution of the case at `slot`.
fn prosecution_mut(st: &mut Import, slot: Option<usize>) -> Option<&mut Prosecution> {
    st.cases.get_mut(slot?).and_then(|c| c.prosecution.as_mut())
}

/// Checks that `accused` was convicted in case `case`, for a sentence or a compensation order.
fn convicted(st: &Import, r: &mut Row<'_>, case: Option<CaseId>, accused: Option<PersonId>) {
    let (Some(case), Some(accused)) = (case, accused) else { return };
    if st.reg.unread.contains(v::FILE) {
        return;
    }
    match st.reg.verdicts.get(&(case, accused)) {
        None => r.fail(ACCUSED_ID, format!("{accused} has no verdict in {}; this needs a conviction", v::FILE)),
        Some(Some(outcome)) if *outcome != VerdictOutcome::Conviction => {
            r.fail(ACCUSED_ID, format!("{accused} was not convicted (the verdict is {outcome})"));
        }
        Some(_) => {}
    }
}

/// From 1900 to today (the domain's rule for a day that has happened).
fn not_future(c: &mut Checker, column: &str, d: time::Date, today: time::Date) {
    c.past(column, d, today);
}

fn charge(st: &mut Import, ids: &mut Seen<ChargeId>, r: &mut Row<'_>) {
    let id = r.req(ch::ID, cell::id::<ChargeId>);
    let accused = r.req(ACCUSED_ID, cell::id::<PersonId>);
    let offence = r.req(ch::OFFENCE, cell::code::<Offence>);
    let statute = r.opt_text(ch::STATUTE);
    let counts = r.req(ch::COUNTS, cell::number::<u32>);
    let filed_on = r.req(ch::FILED_ON, cell::parse_date);
    if let Some(id) = id {
        ids.unique(r, ch::ID, id, format_args!("charge {id}"));
    }
    let today = st.today;
    let (case, slot) = prosecuted(st, r);
    st.reg.person(r, ACCUSED_ID, case, accused, Role::Suspect);
    if let (Some(case), Some(accused)) = (case, accused) {
        st.reg.charged.insert((case, accused));
    }
    let (Some(pr), Some(id), Some(accused), Some(offence), Some(counts), Some(filed_on)) =
        (prosecution_mut(st, slot), id, accused, offence, counts, filed_on)
    else {
        return;
    };
    let mut c = Checker::new();
    c.opt_text(ch::STATUTE, &statute, const { limits::of(ChargeInput::TEXT_LIMITS, "statute") });
    if counts == 0 {
        c.fail(ch::COUNTS, "must be at least 1");
    }
    not_future(&mut c, ch::FILED_ON, filed_on, today);
    c.order(ch::FILED_ON, Some(pr.referred_on), Some(filed_on), "the referral to the DPP");
    r.check(c);
    if !r.failed() {
        pr.charges.push(Charge { id, details: ChargeInput { accused, offence, statute, counts, filed_on } });
    }
}

fn hearing(st: &mut Import, ids: &mut Seen<HearingId>, r: &mut Row<'_>) {
    let id = r.req(h::ID, cell::id::<HearingId>);
    let on = r.req(h::ON, cell::parse_date);
    let kind = r.req(h::KIND, cell::code::<HearingKind>);
    let victim_testified = r.req(h::VICTIM_TESTIFIED, cell::parse_flag);
    let notes = r.opt_text(NOTES);
    if let Some(id) = id {
        ids.unique(r, h::ID, id, format_args!("hearing {id}"));
    }
    let today = st.today;
    let (_, slot) = prosecuted(st, r);
    let pr = prosecution_mut(st, slot);
    let (Some(pr), Some(id), Some(on), Some(kind), Some(victim_testified)) = (pr, id, on, kind, victim_testified)
    else {
        return;
    };
    let mut c = Checker::new();
    c.opt_text(NOTES, &notes, const { limits::of(HearingInput::TEXT_LIMITS, "notes") });
    c.order(h::ON, Some(pr.referred_on), Some(on), "the referral to the DPP");
    c.planned(h::ON, on, today, Duration::days(730));
    r.check(c);
    if !r.failed() {
        pr.hearings.push(Hearing { id, details: HearingInput { on, kind, victim_testified, notes } });
    }
}

fn verdict(st: &mut Import, ids: &mut Seen<VerdictId>, per_accused: &mut Seen<(CaseId, PersonId)>, r: &mut Row<'_>) {
    let id = r.req(v::ID, cell::id::<VerdictId>);
    let accused = r.req(ACCUSED_ID, cell::id::<PersonId>);
    let outcome = r.req(v::OUTCOME, cell::code::<VerdictOutcome>);
    let on = r.req(v::ON, cell::parse_date);
    if let Some(id) = id {
        ids.unique(r, v::ID, id, format_args!("verdict {id}"));
    }
    let today = st.today;
    let charges_read = !st.reg.unread.contains(ch::FILE);
    let (case, slot) = prosecuted(st, r);
    if let (Some(case), Some(accused)) = (case, accused) {
        if charges_read && !st.reg.charged.contains(&(case, accused)) {
            r.fail(ACCUSED_ID, format!("{accused} has no charge in {}; a verdict needs one", ch::FILE));
        }
        if per_accused.unique(r, ACCUSED_ID, (case, accused), format_args!("a verdict for {accused}")) {
            st.reg.verdicts.insert((case, accused), outcome);
        }
    }
    let pr = prosecution_mut(st, slot);
    let (Some(pr), Some(id), Some(accused), Some(outcome), Some(on)) = (pr, id, accused, outcome, on) else { return };
    let mut c = Checker::new();
    not_future(&mut c, v::ON, on, today);
    let first_charge = pr.charges.iter().filter(|x| x.details.accused == accused).map(|x| x.details.filed_on).min();
    c.order(v::ON, first_charge, Some(on), "the first charge");
    r.check(c);
    if !r.failed() {
        pr.verdicts.push(Verdict { id, details: VerdictInput { accused, outcome, on } });
    }
}

fn sentence(st: &mut Import, ids: &mut Seen<SentenceId>, per_accused: &mut Seen<(CaseId, PersonId)>, r: &mut Row<'_>) {
    let id = r.req(s::ID, cell::id::<SentenceId>);
    let accused = r.req(ACCUSED_ID, cell::id::<PersonId>);
    let on = r.req(s::ON, cell::parse_date);
    let imprisonment_months = r.opt(s::MONTHS, cell::number::<u32>);
    let fine_lsl = r.opt(s::FINE, cell::number::<u64>);
    let suspended = r.req(s::SUSPENDED, cell::parse_flag);
    let notes = r.opt_text(NOTES);
    if let Some(id) = id {
        ids.unique(r, s::ID, id, format_args!("sentence {id}"));
    }
    let today = st.today;
    let (case, slot) = prosecuted(st, r);
    convicted(st, r, case, accused);
    if let (Some(case), Some(accused)) = (case, accused) {
        per_accused.unique(r, ACCUSED_ID, (case, accused), format_args!("a sentence for {accused}"));
    }
    let (Some(pr), Some(id), Some(accused), Some(on), Some(imprisonment_months), Some(fine_lsl), Some(suspended)) =
        (prosecution_mut(st, slot), id, accused, on, imprisonment_months, fine_lsl, suspended)
    else {
        return;
    };
    let mut c = Checker::new();
    not_future(&mut c, s::ON, on, today);
    let verdict_on = pr.verdict_for(accused).map(|x| x.details.on);
    c.order(s::ON, verdict_on, Some(on), "the conviction");
    c.opt_text(NOTES, &notes, const { limits::of(SentenceInput::TEXT_LIMITS, "notes") });
    if imprisonment_months.is_none() && fine_lsl.is_none() {
        c.fail(s::MONTHS, format!("a sentence has imprisonment, a fine ({}), or both", s::FINE));
    }
    if imprisonment_months.is_some_and(|m| m > 12 * 99) {
        c.fail(s::MONTHS, "must be at most 1188 (99 years)");
    }
    r.check(c);
    if !r.failed() {
        let details = SentenceInput { accused, on, imprisonment_months, fine_lsl, suspended, notes };
        pr.sentences.push(Sentence { id, details });
    }
}

fn compensation(st: &mut Import, ids: &mut Seen<CompensationId>, r: &mut Row<'_>) {
    let id = r.req(co::ID, cell::id::<CompensationId>);
    let accused = r.req(ACCUSED_ID, cell::id::<PersonId>);
    let victim = r.req(VICTIM_ID, cell::id::<PersonId>);
    let amount_lsl = r.req(co::AMOUNT, cell::number::<u64>);
    let on = r.req(co::ON, cell::parse_date);
    if let Some(id) = id {
        ids.unique(r, co::ID, id, format_args!("compensation order {id}"));
    }
    let today = st.today;
    let (case, slot) = prosecuted(st, r);
    st.reg.person(r, VICTIM_ID, case, victim, Role::Victim);
    convicted(st, r, case, accused);
    let (Some(id), Some(accused), Some(victim), Some(amount_lsl), Some(on)) = (id, accused, victim, amount_lsl, on)
    else {
        return;
    };
    let mut c = Checker::new();
    if amount_lsl == 0 {
        c.fail(co::AMOUNT, "must be more than zero");
    }
    not_future(&mut c, co::ON, on, today);
    r.check(c);
    if let Some(pr) = prosecution_mut(st, slot)
        && !r.failed()
    {
        let details = CompensationInput { accused, victim, amount_lsl, on };
        pr.compensation_orders.push(CompensationOrder { id, details });
    }
}
