//! Victims, suspects and witnesses read back: a `persons` row joined with its role table.

use std::collections::HashMap;

use lekhotla_crypto::Keyring;
use lekhotla_domain::{
    BusinessDetails, Case, OrgId, PersonDetails, PersonId, PublicOfficial, Suspect, SuspectIdentity, SuspectInput,
    Victim, VictimContext, Witness, WitnessInput,
};
use lekhotla_storage::sealing::{self, KeyringSlot};
use lekhotla_storage::{DbError, notes};
use sqlx::PgConnection;
use sqlx::postgres::PgRow;
use uuid::Uuid;

use super::read::{child_rows, note, owner};
use crate::rows::{self, get};

const VICTIMS: &str = "SELECT p.*, v.trafficking_status, v.status_decided_by, v.status_decided_by_org, \
    v.status_decided_on, v.identified_on, v.age_when_trafficked, v.exploitation_types, v.forced_labour_industry, \
    v.sex_exploitation_types, v.methods_of_control, v.recruitment_methods, v.relationship_to_trafficker, \
    v.vulnerabilities, v.vulnerability_details, v.recruitment_location, v.recruitment_websites, \
    v.exploitation_location, v.exploitation_websites \
    FROM persons p JOIN victims v ON v.person_id = p.id \
    WHERE p.case_id = ANY($1) ORDER BY p.case_id, p.position";

const SUSPECTS: &str = "SELECT p.*, s.roles, s.role_details, s.official_public_body, s.official_position, \
    s.arrested_on, s.organisation AS suspect_organisation FROM persons p JOIN suspects s ON s.person_id = p.id \
    WHERE p.case_id = ANY($1) ORDER BY p.case_id, p.position";

const WITNESSES: &str = "SELECT p.*, w.victim_id, w.statement_taken_on, w.testimony_preserved \
    FROM persons p JOIN witnesses w ON w.person_id = p.id \
    WHERE p.case_id = ANY($1) ORDER BY p.case_id, p.position";

/// The victims, suspects and witnesses of the cases `keys`, the protected fields opened with the keyring
/// of `slot` (needed only when there are persons).
pub async fn load(
    conn: &mut PgConnection,
    slot: &KeyringSlot,
    keys: &[Uuid],
    cases: &mut HashMap<Uuid, Case>,
) -> Result<(), DbError> {
    let victims = child_rows(conn, VICTIMS, keys).await?;
    let suspects = child_rows(conn, SUSPECTS, keys).await?;
    let witnesses = child_rows(conn, WITNESSES, keys).await?;
    if victims.is_empty() && suspects.is_empty() && witnesses.is_empty() {
        return Ok(());
    }
    let keyring = slot.get()?;
    for r in victims {
        let v = Victim {
            id: PersonId(get(&r, "id")?),
            version: get(&r, "version")?,
            person: details(&r, &keyring)?,
            context: VictimContext {
                trafficking_status: rows::code(&r, "trafficking_status")?,
                status_decided_by: rows::opt_code(&r, "status_decided_by")?,
                status_decided_by_org: get::<Option<Uuid>>(&r, "status_decided_by_org")?.map(OrgId),
                status_decided_on: get(&r, "status_decided_on")?,
                identified_on: get(&r, "identified_on")?,
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
                vulnerability_details: note(&r, Some(&*keyring), "victims", "vulnerability_details", get(&r, "id")?)?,
            },
        };
        if let Some(c) = owner(cases, &r)? {
            c.victims.push(v);
        }
    }
    for r in suspects {
        let kind: String = get(&r, "kind")?;
        let identity = if kind == "business" {
            SuspectIdentity::Business(BusinessDetails {
                name: get::<Option<String>>(&r, "business_name")?.unwrap_or_default(),
                kind: rows::code(&r, "business_kind")?,
                registration_number: get(&r, "registration_number")?,
                country: rows::opt_country(&r, "country")?,
                district: rows::opt_unit(&r, "district")?,
            })
        } else {
            SuspectIdentity::Individual(details(&r, &keyring)?)
        };
        let id: Uuid = get(&r, "id")?;
        let ring = Some(&*keyring);
        let public_body = note(&r, ring, "suspects", "official_public_body", id)?;
        let s = Suspect {
            id: PersonId(get(&r, "id")?),
            version: get(&r, "version")?,
            details: SuspectInput {
                identity,
                roles: rows::codes(&r, "roles")?,
                role_details: note(&r, Some(&*keyring), "suspects", "role_details", get(&r, "id")?)?,
                organisation: notes::open_note(ring, "suspects", "organisation", id, get(&r, "suspect_organisation")?)?,
                official: match public_body {
                    Some(public_body) => Some(PublicOfficial {
                        public_body,
                        position: note(&r, ring, "suspects", "official_position", id)?,
                    }),
                    None => None,
                },
                arrested_on: get(&r, "arrested_on")?,
            },
        };
        if let Some(c) = owner(cases, &r)? {
            c.suspects.push(s);
        }
    }
    for r in witnesses {
        let w = Witness {
            id: PersonId(get(&r, "id")?),
            version: get(&r, "version")?,
            details: WitnessInput {
                person: details(&r, &keyring)?,
                victim: get::<Option<Uuid>>(&r, "victim_id")?.map(PersonId),
                statement_taken_on: get(&r, "statement_taken_on")?,
                testimony_preserved: get(&r, "testimony_preserved")?,
            },
        };
        if let Some(c) = owner(cases, &r)? {
            c.witnesses.push(w);
        }
    }
    Ok(())
}

/// A natural person, the protected fields opened where they are stored (`persons`, column, person id).
fn details(r: &PgRow, keyring: &Keyring) -> Result<PersonDetails, DbError> {
    let opened = sealing::open_person(keyring, get(r, "id")?, |column| get::<Option<String>>(r, column))?;
    Ok(PersonDetails {
        salutation: get(r, "salutation")?,
        first_name: opened.first_name.unwrap_or_default(),
        middle_name: opened.middle_name,
        second_name: opened.second_name,
        birthdate: opened.birthdate,
        estimated_age: rows::opt_unsigned(r, "estimated_age")?,
        gender: rows::code(r, "gender")?,
        deceased: get(r, "deceased")?,
        marital_status: rows::opt_code(r, "marital_status")?,
        number_of_children: rows::opt_unsigned(r, "number_of_children")?,
        citizenship: rows::countries(r, "citizenship")?,
        identity_number: opened.identity_number,
        title: get(r, "title")?,
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
        primary_language: get(r, "primary_language")?,
        secondary_language: get(r, "secondary_language")?,
        education: rows::opt_code(r, "education")?,
    })
}
