//! Reading a case's people: a natural person's details with the protected fields opened, a victim's
//! context and a suspect.

use lekhotla_crypto::Keyring;
use lekhotla_domain::*;
use lekhotla_storage::DbError;
use lekhotla_storage::sealing;

use super::note;
use super::shape::Child;
use crate::errors::bad;
use crate::rows::Get;

/// A natural person, the protected fields opened where they are stored (`persons`, column, person id).
pub(super) fn person(r: &Child<'_>, keyring: Option<&Keyring>) -> Result<PersonDetails, DbError> {
    let keyring = keyring.ok_or_else(sealing::no_keyring)?;
    let opened = sealing::open_person(keyring, r.uuid("id")?, |column| r.opt_text(column))?;
    Ok(PersonDetails {
        salutation: r.opt_text("salutation")?,
        first_name: opened.first_name.ok_or_else(|| bad("first_name", "is empty"))?,
        middle_name: opened.middle_name,
        second_name: opened.second_name,
        birthdate: opened.birthdate,
        estimated_age: r.opt_num("estimated_age")?,
        gender: r.code("gender")?,
        deceased: r.boolean("deceased")?,
        marital_status: r.opt_code("marital_status")?,
        number_of_children: r.opt_num("number_of_children")?,
        citizenship: r.countries("citizenship")?,
        identity_number: opened.identity_number,
        title: r.opt_text("title")?,
        phone: opened.phone,
        home_phone: opened.home_phone,
        email: opened.email,
        address: opened.address,
        city: opened.city,
        district: r.opt_unit("district")?,
        postal_code: opened.postal_code,
        country: r.opt_country("country")?,
        latitude: opened.latitude,
        longitude: opened.longitude,
        primary_language: r.opt_text("primary_language")?,
        secondary_language: r.opt_text("secondary_language")?,
        education: r.opt_code("education")?,
    })
}

pub(super) fn context(r: &Child<'_>, keyring: Option<&Keyring>) -> Result<VictimContext, DbError> {
    Ok(VictimContext {
        trafficking_status: r.code("trafficking_status")?,
        status_decided_by: r.opt_code("status_decided_by")?,
        status_decided_by_org: r.opt_uuid("status_decided_by_org")?.map(OrgId),
        status_decided_on: r.opt_date("status_decided_on")?,
        identified_on: r.date("identified_on")?,
        age_when_trafficked: r.opt_num("age_when_trafficked")?,
        exploitation_types: r.codes("exploitation_types")?,
        forced_labour_industry: r.opt_code("forced_labour_industry")?,
        sex_exploitation_types: r.codes("sex_exploitation_types")?,
        methods_of_control: r.codes("methods_of_control")?,
        recruitment_methods: r.codes("recruitment_methods")?,
        recruitment_location: r.opt_place("recruitment_location")?,
        recruitment_websites: r.codes("recruitment_websites")?,
        exploitation_location: r.opt_place("exploitation_location")?,
        exploitation_websites: r.codes("exploitation_websites")?,
        relationship_to_trafficker: r.opt_code("relationship_to_trafficker")?,
        vulnerabilities: r.codes("vulnerabilities")?,
        vulnerability_details: note(r, keyring, "victims", "person_id", "vulnerability_details")?,
    })
}

pub(super) fn suspect(p: &Child<'_>, s: &Child<'_>, keyring: Option<&Keyring>) -> Result<SuspectInput, DbError> {
    let identity = match p.text("kind")?.as_str() {
        "individual" => SuspectIdentity::Individual(person(p, keyring)?),
        "business" => SuspectIdentity::Business(BusinessDetails {
            name: p.text("business_name")?,
            kind: p.code("business_kind")?,
            registration_number: p.opt_text("registration_number")?,
            country: p.opt_country("country")?,
            district: p.opt_unit("district")?,
        }),
        other => return Err(bad("kind", format!("unknown person kind {other:?}"))),
    };
    let official = match note(s, keyring, "suspects", "person_id", "official_public_body")? {
        Some(public_body) => Some(PublicOfficial {
            public_body,
            position: note(s, keyring, "suspects", "person_id", "official_position")?,
        }),
        None => None,
    };
    Ok(SuspectInput {
        identity,
        roles: s.codes("roles")?,
        role_details: note(s, keyring, "suspects", "person_id", "role_details")?,
        organisation: note(s, keyring, "suspects", "person_id", "organisation")?,
        official,
        arrested_on: s.opt_date("arrested_on")?,
    })
}
