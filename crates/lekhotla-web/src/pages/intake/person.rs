//! `/cases/{number}/record-person` (act `record-person`): a victim, suspect or witness with the person's
//! main fields. Before a new person is recorded, the possible duplicates in the actor's scope are shown
//! (same name, a name that sounds alike, same birth date or phone, found by blind index) with the case,
//! role and what matched, their names only where the actor may see sealed fields; recording goes on only
//! once confirmed. A victim goes on to the screening.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use lekhotla_domain::error::normalise_phone;
use lekhotla_domain::{
    BusinessDetails, BusinessKind, Case, Gender, PersonDetails, SuspectIdentity, SuspectInput, TraffickingStatus,
    VictimContext, VictimInput, WitnessInput,
};
use lekhotla_storage::people::{PersonProbe, PossibleDuplicate};
use serde::Deserialize;

use super::{Choice, Errors, choices, code, date, iso, opt};
use crate::actor::Actor;
use crate::error::ApiError;
use crate::pages::chrome::Chrome;
use crate::pages::csrf::PageForm;
use crate::state::AppState;

/// The roles a person is recorded in.
const ROLES: [&str; 4] = ["victim", "suspect", "business", "witness"];

/// The person form as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PersonForm {
    pub role: String,
    pub first_name: String,
    pub middle_name: String,
    pub second_name: String,
    pub gender: String,
    pub birthdate: String,
    pub estimated_age: String,
    pub phone: String,
    pub identified_on: String,
    /// A suspect business (role `business`): its name, kind and registration number.
    pub business_name: String,
    pub business_kind: String,
    pub registration_number: String,
    /// `1` once the person saw the possible duplicates and records a new person all the same.
    pub confirm: String,
    /// The national coordinator's reason, when recording a person is open to them only as a correction.
    pub correction: String,
}

/// A possible duplicate as shown.
#[derive(Debug)]
struct Duplicate {
    number: String,
    role: String,
    matched: String,
    name: String,
}

#[derive(Debug, Template)]
#[template(path = "intake_person.html")]
struct Page {
    c: Chrome,
    number: String,
    form: PersonForm,
    errors: Errors,
    roles: Vec<Choice>,
    genders: Vec<Choice>,
    duplicates: Vec<Duplicate>,
    count: u64,
    business_kinds: Vec<Choice>,
    correction: bool,
    correction_reason: String,
}

fn render(
    actor: &Actor,
    c: Chrome,
    case: &Case,
    form: PersonForm,
    errors: Errors,
    duplicates: Vec<Duplicate>,
) -> Result<Response, ApiError> {
    let roles = ROLES
        .iter()
        .map(|r| Choice {
            code: (*r).to_owned(),
            label: c.t(&format!("person-new-role-{r}")),
            selected: form.role == *r,
        })
        .collect();
    let gender = <Gender as lekhotla_domain::Vocabulary>::from_code(form.gender.trim());
    let kind = <BusinessKind as lekhotla_domain::Vocabulary>::from_code(form.business_kind.trim());
    let page = Page {
        business_kinds: choices(&c, kind.as_slice()),
        correction: super::as_correction(actor, case, lekhotla_identity::Act::RecordPerson),
        correction_reason: form.correction.clone(),
        genders: choices(&c, gender.as_slice()),
        c,
        number: case.number.to_string(),
        form,
        errors,
        roles,
        count: duplicates.len() as u64,
        duplicates,
    };
    Ok(Html(page.render().map_err(ApiError::internal)?).into_response())
}

pub async fn form(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    Path(number): Path<String>,
) -> Result<Response, ApiError> {
    let case = crate::mutate::resolve(&state, &actor, &number).await?;
    let form = PersonForm { role: "victim".into(), identified_on: iso(state.clock.today()), ..PersonForm::default() };
    render(&actor, c, &case, form, Errors::default(), Vec::new())
}

/// What is recorded.
enum Input {
    Victim(VictimInput),
    Suspect(SuspectInput),
    Witness(WitnessInput),
}

pub async fn submit(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    Path(number): Path<String>,
    PageForm(form): PageForm<PersonForm>,
) -> Result<Response, ApiError> {
    let actor = super::with_correction(actor, &form.correction);
    let case = crate::mutate::resolve(&state, &actor, &number).await?;
    let mut errors = Errors::default();
    let input = read(&c, &mut errors, &form).filter(|_| errors.is_empty());
    let Some(input) = input else { return render(&actor, c, &case, form, errors, Vec::new()) };
    let today = state.clock.today();
    let (checked, person) = match &input {
        Input::Victim(v) => (v.validate(today), v.person.clone()),
        Input::Suspect(s) => (s.validate(today), form_person(s)),
        Input::Witness(w) => (w.validate(today), w.person.clone()),
    };
    if let Err(e) = checked {
        errors.take(&c, e.into())?;
        return render(&actor, c, &case, form, errors, Vec::new());
    }
    let business = matches!(&input, Input::Suspect(s) if matches!(s.identity, SuspectIdentity::Business(_)));
    if form.confirm != "1" && !business {
        let duplicates = duplicates(&state, &actor, &c, &person).await?;
        if !duplicates.is_empty() {
            return render(&actor, c, &case, form, errors, duplicates);
        }
    }
    let recorded = match input {
        Input::Victim(v) => crate::api::people::record_victim(&state, &actor, case.id, v).await,
        Input::Suspect(s) => crate::api::people::record_suspect(&state, &actor, case.id, s).await,
        Input::Witness(w) => crate::api::people::record_witness(&state, &actor, case.id, w).await,
    };
    match recorded {
        Ok((saved, pid)) if form.role == "victim" => {
            Ok(Redirect::to(&format!("/cases/{}/decide-status?victim={pid}", saved.number)).into_response())
        }
        Ok((saved, _)) => Ok(Redirect::to(&format!("/cases/{}", saved.number)).into_response()),
        Err(e) => {
            errors.take(&c, e)?;
            render(&actor, c, &case, form, errors, Vec::new())
        }
    }
}

/// A suspect business: its name and kind are required.
fn read_business(c: &Chrome, errors: &mut Errors, f: &PersonForm) -> Option<Input> {
    let name = opt(&f.business_name);
    if name.is_none() {
        errors.add("business_name", c.t("intake-required"));
    }
    let kind = code::<BusinessKind>(c, errors, "business_kind", &f.business_kind);
    if kind.is_none() && !errors.has("business_kind") {
        errors.add("business_kind", c.t("intake-required"));
    }
    let business = BusinessDetails {
        name: name?,
        kind: kind?,
        registration_number: opt(&f.registration_number),
        country: None,
        district: None,
    };
    Some(Input::Suspect(SuspectInput {
        identity: SuspectIdentity::Business(business),
        roles: Vec::new(),
        role_details: None,
        organisation: None,
        official: None,
        arrested_on: None,
    }))
}

/// A suspect's person (a business has none: it is never among the possible duplicates of a person).
fn form_person(s: &SuspectInput) -> PersonDetails {
    match &s.identity {
        SuspectIdentity::Individual(p) => p.clone(),
        SuspectIdentity::Business(_) => details_of(String::new(), Gender::NonSpecifiedUnknown),
    }
}

/// The possible duplicates of `p` in the actor's scope, their names where the actor may see them (an
/// audited reveal of each case they are in) and `[sealed]` elsewhere.
async fn duplicates(
    state: &AppState,
    actor: &Actor,
    c: &Chrome,
    p: &PersonDetails,
) -> Result<Vec<Duplicate>, ApiError> {
    let probe = PersonProbe {
        name: Some(lekhotla_storage::sealing::name_text(p)),
        birthdate: p.birthdate,
        phone: p.phone.clone(),
        scope: crate::scope::of(actor, &state.geography),
    };
    let found: Vec<PossibleDuplicate> = state.store.possible_duplicates(&probe).await?;
    let mut opened: Vec<(lekhotla_domain::CaseId, Option<Case>)> = Vec::new();
    let mut out = Vec::new();
    for d in found {
        if !opened.iter().any(|(id, _)| *id == d.case) {
            let case = match state.store.get_case(d.case).await? {
                Some(case) => match crate::sealed::reveal(state, actor, case, None).await? {
                    (case, crate::sealed::Shown::Revealed) => Some(case),
                    _ => None,
                },
                None => None,
            };
            opened.push((d.case, case));
        }
        let case = opened.iter().find(|(id, _)| *id == d.case).and_then(|(_, c)| c.as_ref());
        let name = case.and_then(|case| name_in(case, d.person)).unwrap_or_else(|| c.t("person-new-sealed"));
        let matched: Vec<String> =
            d.matched.iter().map(|m| c.t(&format!("person-new-matched-{}", m.as_str()))).collect();
        out.push(Duplicate {
            number: d.number.to_string(),
            role: c.t(&format!("person-new-role-{}", d.role)),
            matched: matched.join(", "),
            name,
        });
    }
    Ok(out)
}

/// The full name of person `id` of a revealed case.
fn name_in(case: &Case, id: lekhotla_domain::PersonId) -> Option<String> {
    let victims = case.victims.iter().filter(|v| v.id == id).map(|v| v.person.full_name());
    let witnesses = case.witnesses.iter().filter(|w| w.id == id).map(|w| w.details.person.full_name());
    let suspects = case.suspects.iter().filter(|s| s.id == id).map(|s| s.display_name());
    victims.chain(witnesses).chain(suspects).next()
}

fn details_of(first_name: String, gender: Gender) -> PersonDetails {
    PersonDetails {
        salutation: None,
        first_name,
        middle_name: None,
        second_name: None,
        birthdate: None,
        estimated_age: None,
        gender,
        deceased: false,
        marital_status: None,
        number_of_children: None,
        citizenship: Vec::new(),
        identity_number: None,
        title: None,
        phone: None,
        home_phone: None,
        email: None,
        address: None,
        city: None,
        district: None,
        postal_code: None,
        country: None,
        latitude: None,
        longitude: None,
        primary_language: None,
        secondary_language: None,
        education: None,
    }
}

/// What to record, or the problems of the form.
fn read(c: &Chrome, errors: &mut Errors, f: &PersonForm) -> Option<Input> {
    if !ROLES.contains(&f.role.as_str()) {
        errors.add("role", c.t("intake-required"));
    }
    if f.role == "business" {
        return read_business(c, errors, f);
    }
    let first = opt(&f.first_name);
    if first.is_none() {
        errors.add("first_name", c.t("intake-required"));
    }
    let gender = code::<Gender>(c, errors, "gender", &f.gender);
    if gender.is_none() && !errors.has("gender") {
        errors.add("gender", c.t("intake-required"));
    }
    let estimated_age = opt(&f.estimated_age).and_then(|a| {
        let age = a.parse::<u8>().ok();
        if age.is_none() {
            errors.add("estimated_age", c.t("intake-bad-number"));
        }
        age
    });
    let mut p = details_of(first?, gender?);
    p.middle_name = opt(&f.middle_name);
    p.second_name = opt(&f.second_name);
    p.birthdate = date(c, errors, "birthdate", &f.birthdate);
    p.estimated_age = estimated_age;
    p.phone = opt(&f.phone).map(|v| normalise_phone(&v));
    Some(match f.role.as_str() {
        "victim" => {
            let identified_on = super::required_date(c, errors, "identified_on", &f.identified_on)?;
            Input::Victim(VictimInput { person: p, context: presumed(identified_on) })
        }
        "suspect" => Input::Suspect(SuspectInput {
            identity: SuspectIdentity::Individual(p),
            roles: Vec::new(),
            role_details: None,
            organisation: None,
            official: None,
            arrested_on: None,
        }),
        _ => Input::Witness(WitnessInput {
            person: p,
            victim: None,
            statement_taken_on: None,
            testimony_preserved: false,
        }),
    })
}

/// A possible victim identified on `day`, not yet screened.
fn presumed(day: time::Date) -> VictimContext {
    VictimContext {
        trafficking_status: TraffickingStatus::PossibleVictim,
        status_decided_by: None,
        status_decided_by_org: None,
        status_decided_on: None,
        identified_on: day,
        age_when_trafficked: None,
        exploitation_types: Vec::new(),
        forced_labour_industry: None,
        sex_exploitation_types: Vec::new(),
        methods_of_control: Vec::new(),
        recruitment_methods: Vec::new(),
        recruitment_location: None,
        recruitment_websites: Vec::new(),
        exploitation_location: None,
        exploitation_websites: Vec::new(),
        relationship_to_trafficker: None,
        vulnerabilities: Vec::new(),
        vulnerability_details: None,
    }
}
