//! Victims, suspects and witnesses read back: a `persons` row joined with its role table.

use std::collections::HashMap;

use lekhotla_crypto::Keyring;
use lekhotla_domain::{
    BusinessDetails, Case, OrgId, PersonDetails, PersonId, PublicOfficial, Suspect, SuspectIdentity, SuspectInput,
    Victim, VictimContext, Witness, WitnessInput,
};
use lekhotla_storage::sealing::{self, KeyringSlot};
use lekhotla_storage::{DbError, notes};
use uuid::Uuid;

use super::children::Child;
use super::read::{note, owner};
use crate::rows::{self, Cells, val};

/// The victims, suspects and witnesses of the cases `keys`, the protected fields opened with the keyring
/// of `slot` (needed only when there are persons).
pub fn load(slot: &KeyringSlot, people: Vec<Child>, cases: &mut HashMap<Uuid, Case>) -> Result<(), DbError> {
    let (mut victims, mut suspects, mut witnesses) = (Vec::new(), Vec::new(), Vec::new());
    for r in people {
        match val::<String>(&r, "role")?.as_str() {
            "victim" => victims.push(r),
            "suspect" => suspects.push(r),
            "witness" => witnesses.push(r),
            other => return Err(rows::bad("role", format!("unknown person role {other:?}"))),
        }
    }
    if victims.is_empty() && suspects.is_empty() && witnesses.is_empty() {
        return Ok(());
    }
    let keyring = slot.get()?;
    for r in victims {
        let v = Victim {
            id: PersonId(val(&r, "id")?),
            version: val(&r, "version")?,
            person: details(&r, &keyring)?,
            context: VictimContext {
                trafficking_status: rows::code(&r, "trafficking_status")?,
                status_decided_by: rows::opt_code(&r, "status_decided_by")?,
                status_decided_by_org: val::<Option<Uuid>>(&r, "status_decided_by_org")?.map(OrgId),
                status_decided_on: val(&r, "status_decided_on")?,
                identified_on: val(&r, "identified_on")?,
                age_when_trafficked: rows::opt_unsigned(&r, "age_when_trafficked")?,
                exploitation_types: rows::codes(&r, "exploitation_types")?,
                forced_labour_industry: rows::opt_code(&r, "forced_labour_industry")?,
                sex_exploitation_types: rows::codes(&r, "sex_exploitation_types")?,
                methods_of_control: rows::codes(&r, "methods_of_control")?,
                recruitment_methods: rows::codes(&r, "recruitment_methods")?,
                recruitment_location: rows::opt_place(&r, "recruitment_location")?,
                recruitment_websites: rows::codes(&r, "recruitment_websites")?,
                exploitation_location: rows::opt_place(&r, "exploitation_location")?,
                exploitation_websites: rows::codes(&r, "exploitation_websites")?,
                relationship_to_trafficker: rows::opt_code(&r, "relationship_to_trafficker")?,
                vulnerabilities: rows::codes(&r, "vulnerabilities")?,
                vulnerability_details: note(&r, Some(&*keyring), "victims", "vulnerability_details", val(&r, "id")?)?,
            },
        };
        if let Some(c) = owner(cases, &r)? {
            c.victims.push(v);
        }
    }
    for r in suspects {
        let kind: String = val(&r, "kind")?;
        let identity = if kind == "business" {
            SuspectIdentity::Business(BusinessDetails {
                name: val::<Option<String>>(&r, "business_name")?.unwrap_or_default(),
                kind: rows::code(&r, "business_kind")?,
                registration_number: val(&r, "registration_number")?,
                country: rows::opt_country(&r, "country")?,
                district: rows::opt_unit(&r, "district")?,
            })
        } else {
            SuspectIdentity::Individual(details(&r, &keyring)?)
        };
        let id: Uuid = val(&r, "id")?;
        let ring = Some(&*keyring);
        let public_body = note(&r, ring, "suspects", "official_public_body", id)?;
        let s = Suspect {
            id: PersonId(val(&r, "id")?),
            version: val(&r, "version")?,
            details: SuspectInput {
                identity,
                roles: rows::codes(&r, "roles")?,
                role_details: note(&r, Some(&*keyring), "suspects", "role_details", val(&r, "id")?)?,
                organisation: notes::open_note(ring, "suspects", "organisation", id, val(&r, "suspect_organisation")?)?,
                official: match public_body {
                    Some(public_body) => Some(PublicOfficial {
                        public_body,
                        position: note(&r, ring, "suspects", "official_position", id)?,
                    }),
                    None => None,
                },
                arrested_on: val(&r, "arrested_on")?,
            },
        };
        if let Some(c) = owner(cases, &r)? {
            c.suspects.push(s);
        }
    }
    for r in witnesses {
        let w = Witness {
            id: PersonId(val(&r, "id")?),
            version: val(&r, "version")?,
            details: WitnessInput {
                person: details(&r, &keyring)?,
                victim: val::<Option<Uuid>>(&r, "victim_id")?.map(PersonId),
                statement_taken_on: val(&r, "statement_taken_on")?,
                testimony_preserved: val(&r, "testimony_preserved")?,
            },
        };
        if let Some(c) = owner(cases, &r)? {
            c.witnesses.push(w);
        }
    }
    Ok(())
}

/// A natural person, the protected fields opened where they are stored (`persons`, column, person id).
fn details(r: &impl Cells, keyring: &Keyring) -> Result<PersonDetails, DbError> {
    let opened = sealing::open_person(keyring, val(r, "id")?, |column| val::<Option<String>>(r, column))?;
    Ok(PersonDetails {
        salutation: val(r, "salutation")?,
        first_name: opened.first_name.unwrap_or_default(),
        middle_name: opened.middle_name,
        second_name: opened.second_name,
        birthdate: opened.birthdate,
        estimated_age: rows::opt_unsigned(r, "estimated_age")?,
        gender: rows::code(r, "gender")?,
        deceased: val(r, "deceased")?,
        marital_status: rows::opt_code(r, "marital_status")?,
        number_of_children: rows::opt_unsigned(r, "number_of_children")?,
        citizenship: rows::countries(r, "citizenship")?,
        identity_number: opened.identity_number,
        title: val(r, "title")?,
        phone: opened.phone,
        home_phone: opened.home_phone,
        email: opened.email,
        address: opened.address,
        city: opened.city,
        district: rows::opt_unit(r, "district")?,
        postal_code: opened.postal_code,
        country: rows::opt_country(r, "country")?,
        latitude: opened.latitude,
        longitude: opened.longitude,
        primary_language: val(r, "primary_language")?,
        secondary_language: val(r, "secondary_language")?,
        education: rows::opt_code(r, "education")?,
    })
}
