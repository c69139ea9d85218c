//! Rows of persons.csv: every victim, then every suspect, then every witness of a case, one row each.
//!
//! All roles share one header; the columns a role does not use are left empty.

use lekhotla_domain::{
    BusinessDetails, Case, ConsentPurpose, PersonDetails, PersonId, SuspectIdentity, SuspectInput, VictimContext,
    WitnessInput,
};

use super::ExportError;
use super::sink::{Row, Sink};
use crate::schema::persons as p;
use crate::schema::{CASE_ID, VERSION};

pub(crate) fn persons(sink: &mut Sink, case: &Case) -> Result<(), ExportError> {
    for v in &case.victims {
        let mut r = sink.row();
        r.value(CASE_ID, case.id).value(p::ID, v.id).value(p::ROLE, p::ROLE_VICTIM).value(VERSION, v.version);
        r.empty(p::SUSPECT_IDENTITY);
        person(&mut r, Some(&v.person));
        victim(&mut r, Some((&v.context, agreement(case, v.id))));
        suspect(&mut r, None);
        business(&mut r, None);
        witness(&mut r, None);
        sink.write(r)?;
    }
    for s in &case.suspects {
        let mut r = sink.row();
        r.value(CASE_ID, case.id).value(p::ID, s.id).value(p::ROLE, p::ROLE_SUSPECT).value(VERSION, s.version);
        let (individual, company) = match &s.details.identity {
            SuspectIdentity::Individual(d) => (Some(d), None),
            SuspectIdentity::Business(b) => (None, Some(b)),
        };
        r.value(p::SUSPECT_IDENTITY, if company.is_some() { p::BUSINESS_IDENTITY } else { p::INDIVIDUAL });
        person(&mut r, individual);
        victim(&mut r, None);
        suspect(&mut r, Some(&s.details));
        business(&mut r, company);
        witness(&mut r, None);
        sink.write(r)?;
    }
    for w in &case.witnesses {
        let mut r = sink.row();
        r.value(CASE_ID, case.id).value(p::ID, w.id).value(p::ROLE, p::ROLE_WITNESS).value(VERSION, w.version);
        r.empty(p::SUSPECT_IDENTITY);
        person(&mut r, Some(&w.details.person));
        victim(&mut r, None);
        suspect(&mut r, None);
        business(&mut r, None);
        witness(&mut r, Some(&w.details));
        sink.write(r)?;
    }
    Ok(())
}

fn empty(r: &mut Row, columns: &[&'static str]) {
    for c in columns {
        r.empty(c);
    }
}

/// `vic_AgreementToManagePersonalData`, deprecated in HTCDS 2.0 for the consent records, derived from them:
/// `true` when the victim has a consent to `Services` in force, `false` when one was recorded but none is
/// in force (refused or withdrawn), empty when none was ever recorded.
fn agreement(case: &Case, victim: PersonId) -> Option<bool> {
    let mut services = case.consents.iter().filter(|c| c.victim == victim && c.purpose == ConsentPurpose::Services);
    let first = services.next()?;
    Some(first.in_force() || services.any(|c| c.in_force()))
}

fn person(r: &mut Row, d: Option<&PersonDetails>) {
    let Some(d) = d else { return empty(r, p::PERSON) };
    r.opt_text(p::SALUTATION, d.salutation.as_ref())
        .code(p::GENDER, d.gender)
        .text(p::FIRST_NAME, &d.first_name)
        .opt_text(p::MIDDLE_NAME, d.middle_name.as_ref())
        .opt_text(p::SECOND_NAME, d.second_name.as_ref())
        .opt_date(p::BIRTHDATE, d.birthdate)
        .opt_value(p::ESTIMATED_AGE, d.estimated_age)
        .flag(p::DECEASED, d.deceased)
        .opt_code(p::MARITAL_STATUS, d.marital_status)
        .opt_value(p::CHILDREN, d.number_of_children)
        .countries(p::CITIZENSHIP, &d.citizenship)
        .opt_text(p::IDENTITY_NUMBER, d.identity_number.as_ref())
        .opt_text(p::TITLE, d.title.as_ref())
        .opt_text(p::PHONE, d.phone.as_ref())
        .opt_text(p::HOME_PHONE, d.home_phone.as_ref())
        .opt_text(p::EMAIL, d.email.as_ref())
        .opt_text(p::STREET, d.address.as_ref())
        .opt_text(p::CITY, d.city.as_ref())
        .opt_value(p::DISTRICT, d.district.as_ref())
        .opt_text(p::POSTAL_CODE, d.postal_code.as_ref())
        .opt_value(p::COUNTRY, d.country)
        .opt_value(p::LATITUDE, d.latitude)
        .opt_value(p::LONGITUDE, d.longitude)
        .opt_text(p::LANGUAGE, d.primary_language.as_ref())
        .opt_text(p::SECONDARY_LANGUAGE, d.secondary_language.as_ref())
        .opt_code(p::EDUCATION, d.education);
}

fn victim(r: &mut Row, c: Option<(&VictimContext, Option<bool>)>) {
    let Some((c, agreement)) = c else { return empty(r, p::VICTIM) };
    r.code(p::TRAFFICKING_STATUS, c.trafficking_status)
        .opt_code(p::DECIDED_BY, c.status_decided_by)
        .opt_value(p::DECIDED_BY_ORG, c.status_decided_by_org)
        .opt_date(p::DECIDED_ON, c.status_decided_on)
        .date(p::IDENTIFIED_ON, c.identified_on)
        .opt_value(p::AGE_WHEN_TRAFFICKED, c.age_when_trafficked)
        .codes(p::EXPLOITATION, &c.exploitation_types)
        .opt_code(p::INDUSTRY, c.forced_labour_industry)
        .codes(p::SEX_EXPLOITATION, &c.sex_exploitation_types)
        .codes(p::CONTROL, &c.methods_of_control)
        .codes(p::RECRUITMENT, &c.recruitment_methods)
        .opt_value(p::RECRUITMENT_LOCATION, c.recruitment_location)
        .codes(p::RECRUITMENT_WEBSITES, &c.recruitment_websites)
        .opt_value(p::EXPLOITATION_LOCATION, c.exploitation_location)
        .codes(p::EXPLOITATION_WEBSITES, &c.exploitation_websites)
        .opt_code(p::RELATIONSHIP, c.relationship_to_trafficker)
        .codes(p::VULNERABILITIES, &c.vulnerabilities)
        .opt_text(p::VULNERABILITY_DETAILS, c.vulnerability_details.as_ref())
        .opt_value(p::AGREEMENT, agreement.map(crate::cell::flag));
}

/// The suspect columns after `lk_SuspectIdentity`.
fn suspect(r: &mut Row, s: Option<&SuspectInput>) {
    let Some(s) = s else { return empty(r, &p::SUSPECT[1..]) };
    r.codes(p::ROLES, &s.roles)
        .opt_text(p::ROLE_DETAILS, s.role_details.as_ref())
        .opt_text(p::ORGANISATION, s.organisation.as_ref())
        .opt_text(p::PUBLIC_BODY, s.official.as_ref().map(|o| &o.public_body))
        .opt_text(p::POSITION, s.official.as_ref().and_then(|o| o.position.as_ref()))
        .opt_date(p::ARRESTED_ON, s.arrested_on);
}

fn business(r: &mut Row, b: Option<&BusinessDetails>) {
    let Some(b) = b else { return empty(r, p::BUSINESS) };
    r.text(p::BUSINESS_NAME, &b.name)
        .code(p::BUSINESS_KIND, b.kind)
        .opt_text(p::BUSINESS_REGISTRATION, b.registration_number.as_ref())
        .opt_value(p::BUSINESS_COUNTRY, b.country)
        .opt_value(p::BUSINESS_DISTRICT, b.district.as_ref());
}

fn witness(r: &mut Row, w: Option<&WitnessInput>) {
    let Some(w) = w else { return empty(r, p::WITNESS) };
    r.opt_value(p::WITNESS_VICTIM_ID, w.victim)
        .opt_date(p::STATEMENT_TAKEN_ON, w.statement_taken_on)
        .flag(p::TESTIMONY_PRESERVED, w.testimony_preserved);
}
