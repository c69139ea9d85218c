//! Reading persons.csv: victims, suspects (people or businesses) and witnesses, told apart by `lk_Role`.
//!
//! A row uses only its role's columns; a value in another role's column is reported rather than dropped.

mod fields;

use lekhotla_domain::{
    BusinessDetails, BusinessKind, CaseId, PerpetratorRole, PersonId, PublicOfficial, Suspect, SuspectIdentity,
    SuspectInput, Victim, VictimInput, Witness, WitnessInput,
};

use super::Import;
use super::registry::{Role, Seen};
use super::row::Row;
use super::table::Reader;
use crate::cell;
use crate::schema::{CASE_ID, VERSION, persons as p};

/// A witness's reference to a victim, checked once the whole file is read (the victim may come later).
#[derive(Debug)]
struct VictimRef {
    line: u64,
    case: CaseId,
    victim: PersonId,
}

pub(crate) fn read(reader: &mut Reader<'_>, st: &mut Import) {
    let mut seen = Seen::default();
    let mut refs = Vec::new();
    st.file(reader, p::FILE, p::COLUMNS, |st, r| row(st, &mut seen, &mut refs, r));
    if st.reg.unread.contains(p::FILE) {
        return;
    }
    for x in refs {
        match st.reg.persons.get(&x.victim) {
            Some((case, Role::Victim)) if *case == x.case => {}
            _ => reader.report(
                p::FILE,
                x.line,
                p::WITNESS_VICTIM_ID,
                format!("no victim with id {} in case {} in {}", x.victim, x.case, p::FILE),
            ),
        }
    }
}

/// What every person row has.
struct Head {
    case: Option<CaseId>,
    id: Option<PersonId>,
    version: Option<i64>,
    slot: Option<usize>,
}

fn row(st: &mut Import, seen: &mut Seen<PersonId>, refs: &mut Vec<VictimRef>, r: &mut Row<'_>) {
    let case = r.req(CASE_ID, cell::id::<CaseId>);
    let id = r.req(p::ID, cell::id::<PersonId>);
    let role = r.req(p::ROLE, Role::parse);
    let version = r.req(VERSION, cell::version);
    let slot = st.reg.case(r, CASE_ID, case);
    if let Some(id) = id
        && seen.unique(r, p::ID, id, format_args!("person {id}"))
        && let (Some(case), Some(role)) = (case, role)
    {
        st.reg.persons.insert(id, (case, role));
    }
    let head = Head { case, id, version, slot };
    match role {
        Some(Role::Victim) => victim(st, head, r),
        Some(Role::Suspect) => suspect(st, head, r),
        Some(Role::Witness) => witness(st, head, refs, r),
        None => {}
    }
}

fn victim(st: &mut Import, head: Head, r: &mut Row<'_>) {
    let why = "for a victim";
    r.unused(p::SUSPECT, why);
    r.unused(p::BUSINESS, why);
    r.unused(p::WITNESS, why);
    let person = fields::person(r);
    let context = fields::victim_context(st, r);
    let (Some(id), Some(version), Some(person), Some(context)) = (head.id, head.version, person, context) else {
        return;
    };
    let input = VictimInput { person, context };
    r.domain(input.validate(st.today), fields::column);
    if let Some(case) = st.case_mut(r, head.slot) {
        case.victims.push(Victim { id, version, person: input.person, context: input.context });
    }
}

/// `lk_SuspectIdentity`: a natural person or a business.
fn business_identity(s: &str) -> Result<bool, String> {
    match s {
        p::INDIVIDUAL => Ok(false),
        p::BUSINESS_IDENTITY => Ok(true),
        _ => Err(format!("unknown suspect identity {s:?}; expected one of individual|business")),
    }
}

fn suspect(st: &mut Import, head: Head, r: &mut Row<'_>) {
    let why = "for a suspect";
    r.unused(p::VICTIM, why);
    r.unused(p::WITNESS, why);
    let is_business = r.req(p::SUSPECT_IDENTITY, business_identity);
    let identity = match is_business {
        Some(false) => {
            r.unused(p::BUSINESS, "for a suspect who is a person");
            fields::person(r).map(SuspectIdentity::Individual)
        }
        Some(true) => {
            r.unused(p::PERSON, "for a suspect that is a business");
            business(r).map(SuspectIdentity::Business)
        }
        None => None,
    };
    let roles = r.list(p::ROLES, cell::parse_codes::<PerpetratorRole>);
    let role_details = r.opt_text(p::ROLE_DETAILS);
    let organisation = r.opt_text(p::ORGANISATION);
    let public_body = r.opt_text(p::PUBLIC_BODY);
    let position = r.opt_text(p::POSITION);
    let arrested_on = r.opt(p::ARRESTED_ON, cell::parse_date);
    if public_body.is_none() && position.is_some() {
        r.fail(p::POSITION, format!("is only for a public official: {} is empty", p::PUBLIC_BODY));
    }
    let official = public_body.map(|public_body| PublicOfficial { public_body, position });
    let (Some(id), Some(version), Some(identity), Some(roles), Some(arrested_on)) =
        (head.id, head.version, identity, roles, arrested_on)
    else {
        return;
    };
    let details = SuspectInput { identity, roles, role_details, organisation, official, arrested_on };
    r.domain(details.validate(st.today), fields::column);
    if let Some(case) = st.case_mut(r, head.slot) {
        case.suspects.push(Suspect { id, version, details });
    }
}

fn business(r: &mut Row<'_>) -> Option<BusinessDetails> {
    let name = r.text(p::BUSINESS_NAME);
    let kind = r.req(p::BUSINESS_KIND, cell::code::<BusinessKind>);
    let registration_number = r.opt_text(p::BUSINESS_REGISTRATION);
    let country = r.opt(p::BUSINESS_COUNTRY, cell::country);
    let district = r.opt(p::BUSINESS_DISTRICT, cell::unit);
    Some(BusinessDetails { name: name?, kind: kind?, registration_number, country: country?, district: district? })
}

fn witness(st: &mut Import, head: Head, refs: &mut Vec<VictimRef>, r: &mut Row<'_>) {
    let why = "for a witness";
    r.unused(p::VICTIM, why);
    r.unused(p::SUSPECT, why);
    r.unused(p::BUSINESS, why);
    let person = fields::person(r);
    let victim = r.opt(p::WITNESS_VICTIM_ID, cell::id::<PersonId>);
    let statement_taken_on = r.opt(p::STATEMENT_TAKEN_ON, cell::parse_date);
    let testimony_preserved = r.req(p::TESTIMONY_PRESERVED, cell::parse_flag);
    if let (Some(case), Some(Some(victim))) = (head.case, victim) {
        refs.push(VictimRef { line: r.line, case, victim });
    }
    let (Some(id), Some(version), Some(person), Some(victim), Some(statement_taken_on), Some(testimony_preserved)) =
        (head.id, head.version, person, victim, statement_taken_on, testimony_preserved)
    else {
        return;
    };
    let details = WitnessInput { person, victim, statement_taken_on, testimony_preserved };
    r.domain(details.validate(st.today), fields::column);
    if let Some(case) = st.case_mut(r, head.slot) {
        case.witnesses.push(Witness { id, version, details });
    }
}
