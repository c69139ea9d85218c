//! The HTCDS 2.0 fields added for full coverage: each bad value is refused with its field's path.

#![allow(clippy::unwrap_used)] // a test file

use lekhotla_domain::error::Checker;
use lekhotla_domain::*;
use time::macros::{date, datetime};

const TODAY: time::Date = date!(2026 - 11 - 01);

fn cc(s: &str) -> CountryCode {
    CountryCode::parse(s).unwrap()
}

fn place(s: &str) -> PlaceCode {
    PlaceCode::parse(s).unwrap()
}

/// A synthetic person with every field filled.
fn full_person() -> PersonDetails {
    PersonDetails {
        salutation: Some("'M'e".into()),
        first_name: "Palesa".into(),
        middle_name: Some("Synthetic".into()),
        second_name: Some("Testeng".into()),
        birthdate: Some(date!(1998 - 04 - 09)),
        estimated_age: None,
        gender: Gender::Feminine,
        deceased: false,
        marital_status: Some(MaritalStatus::Single),
        number_of_children: Some(2),
        citizenship: vec![cc("LS")],
        identity_number: Some("LS-SYN-0001".into()),
        title: Some("Shop assistant".into()),
        phone: Some("+26658123456".into()),
        home_phone: Some("26622312345".into()),
        email: Some("palesa@example.org".into()),
        address: Some("Synthetic Street 1".into()),
        city: Some("Maseru".into()),
        district: Some(UnitCode::parse("LS-A").unwrap()),
        postal_code: Some("100".into()),
        country: Some(cc("LS")),
        latitude: Some(-29.31),
        longitude: Some(27.48),
        primary_language: Some("st".into()),
        secondary_language: Some("en".into()),
        education: Some(EducationLevel::UpperSecondary),
    }
}

fn errors_of(p: &PersonDetails) -> Vec<FieldError> {
    let mut c = Checker::new();
    p.check(&mut c, "person", TODAY);
    c.into_errors()
}

fn fields(errors: &[FieldError]) -> Vec<&str> {
    errors.iter().map(|e| e.field.as_str()).collect()
}

#[test]
fn a_full_person_is_valid_and_every_bad_new_field_is_named() {
    assert!(errors_of(&full_person()).is_empty(), "{:?}", errors_of(&full_person()));
    let mut p = full_person();
    p.phone = Some("058 123 456".into());
    p.home_phone = Some("+0266".into());
    p.number_of_children = Some(31);
    p.latitude = Some(-91.0);
    p.longitude = Some(181.0);
    p.secondary_language = Some("Sesotho".into());
    p.salutation = Some(" ".into());
    p.title = Some("x".repeat(101));
    p.postal_code = Some(SEALED_PLACEHOLDER.into());
    let errors = errors_of(&p);
    assert_eq!(
        fields(&errors),
        [
            "person.salutation",
            "person.title",
            "person.postal_code",
            "person.number_of_children",
            "person.phone",
            "person.home_phone",
            "person.latitude",
            "person.longitude",
            "person.secondary_language",
        ]
    );
    let phone = errors.iter().find(|e| e.field == "person.phone").unwrap();
    assert!(phone.reason.contains("E.164") && phone.reason.contains("+26658123456"), "{}", phone.reason);
    p = full_person();
    p.longitude = None;
    assert_eq!(fields(&errors_of(&p)), ["person.longitude"]);
}

#[test]
fn new_fields_travel_through_json_and_vocabularies_keep_htcds_codes() {
    let json = serde_json::to_value(full_person()).unwrap();
    assert_eq!(json["education"], "UpperSecondaryEducation");
    assert_eq!(json["marital_status"], "Single");
    let back: PersonDetails = serde_json::from_value(json).unwrap();
    assert_eq!(back, full_person());
    assert_eq!(RecruitmentWebsite::FourSale.code(), "4Sale");
    assert_eq!(ExploitationWebsite::NAME, "vic_ExploitationWebsitesAndApps");
    assert_eq!(IncomingReferralReason::NAME, "cas_ReasonForIncomingReferral");
    assert!(serde_json::from_str::<PlaceCode>("\"ZA-XX\"").is_err());
}

fn event() -> EventInput {
    EventInput {
        event_type: EventType::Exploitation,
        date: Some(date!(2025 - 03 - 01)),
        country: cc("ZA"),
        district: None,
        state: Some(place("ZA-GP")),
        port_of_entry: None,
        city: Some("Johannesburg".into()),
        place: Some("A synthetic farm".into()),
        postal_code: Some("2001".into()),
        description: None,
        latitude: None,
        longitude: None,
        victim: None,
    }
}

fn event_errors(e: &EventInput) -> Vec<String> {
    match e.validate(TODAY) {
        Ok(()) => vec![],
        Err(DomainError::Invalid(errors)) => errors.into_iter().map(|e| e.field).collect(),
        Err(other) => panic!("{other}"),
    }
}

#[test]
fn an_event_abroad_names_a_state_of_its_own_country() {
    assert!(event_errors(&event()).is_empty());
    let mut e = event();
    e.state = Some(place("LS-A"));
    assert_eq!(event_errors(&e), ["state"]);
    e.state = Some(place("ZA"));
    assert_eq!(event_errors(&e), ["state"]);
    e.state = Some(place("ZA-KZN"));
    e.district = Some(UnitCode::parse("LS-A").unwrap());
    assert_eq!(event_errors(&e), ["state"]);
    e = event();
    e.postal_code = Some("\u{7}".into());
    assert_eq!(event_errors(&e), ["postal_code"]);
}

#[test]
fn organisations_have_e164_phones_and_a_full_shipping_address() {
    let mut input = OrganisationInput {
        name: "Synthetic Shelter".into(),
        org_type: OrgType::Ngo,
        district: None,
        services: vec![],
        phone: Some("+26622312345".into()),
        street: Some("Synthetic Road 2".into()),
        city: Some("Maseru".into()),
        postal_code: Some("100".into()),
        latitude: Some(-29.3),
        longitude: Some(27.5),
        country: cc("LS"),
    };
    assert!(input.validate().is_ok());
    input.phone = Some("2231 2345".into());
    input.latitude = Some(100.0);
    let Err(DomainError::Invalid(errors)) = input.validate() else { panic!("accepted") };
    assert_eq!(fields(&errors), ["phone", "latitude"]);
}

fn new_case(incoming: Option<IncomingReferral>) -> Result<Case, DomainError> {
    let input = NewCase {
        organisation: OrgId::new(),
        district: UnitCode::parse("LS-A").unwrap(),
        detection_source: DetectionSource::Ngo,
        detected_on: date!(2025 - 02 - 01),
        port_of_entry: None,
        owner: Some("Synthetic Owner".into()),
        owner_user: Some(UserRef::new()),
        incoming_referral: incoming,
        summary: None,
    };
    let number = CaseNumber::new(cc("LS"), 2025, 7).unwrap();
    Case::open(CaseId::new(), number, input, datetime!(2025-02-01 10:00 UTC), TODAY)
}

#[test]
fn the_incoming_referral_is_checked_and_kept() {
    let incoming = IncomingReferral {
        from_org: OrgId::new(),
        received_on: Some(date!(2025 - 01 - 30)),
        reason: Some(IncomingReferralReason::MigrationOrChangeOfLocation),
        details: Some("Synthetic: arrives by taxi".into()),
        case_worker: Some("Synthetic Worker".into()),
        case_worker_user: Some(UserRef::new()),
    };
    let case = new_case(Some(incoming.clone())).unwrap();
    assert_eq!(case.incoming_referral.as_ref(), Some(&incoming));
    assert!(case.owner_user.is_some());
    let bad = IncomingReferral { received_on: Some(date!(2027 - 01 - 01)), case_worker: Some(" ".into()), ..incoming };
    let Err(DomainError::Invalid(errors)) = new_case(Some(bad.clone())) else { panic!("accepted") };
    assert_eq!(fields(&errors), ["incoming_referral.received_on", "incoming_referral.case_worker"]);
    let mut case = new_case(None).unwrap();
    let change = CaseUpdate { incoming_referral: Some(bad), ..Default::default() };
    let Err(DomainError::Invalid(errors)) = case.update(change, TODAY) else { panic!("accepted") };
    assert_eq!(fields(&errors), ["incoming_referral.received_on", "incoming_referral.case_worker"]);
    assert!(case.incoming_referral.is_none());
}

#[test]
fn a_zero_padded_seventh_digit_is_not_a_case_number() {
    assert_eq!(CaseNumber::parse("LS-2025-0000123"), Err(CaseNumberError::Sequence));
    assert_eq!(CaseNumber::parse("LS-2025-000123").unwrap().to_string(), "LS-2025-000123");
    assert_eq!(CaseNumber::parse("LS-2025-1000000").unwrap().to_string(), "LS-2025-1000000");
}
