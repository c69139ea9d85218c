//! Helpers for the backend tests that look at the database itself: a case whose protected fields hold
//! canary values and the scan for them in raw bytes, sealed values moved to another row or column
//! with plain SQL, and a store that has no keyring.

mod justice;

use std::sync::Arc;

use lekhotla_domain::*;
use lekhotla_storage::sealing::SEALED_PERSON_COLUMNS;
use lekhotla_storage::{DbError, Store};
use time::Date;
use time::macros::date;

pub use self::justice::JUSTICE_CANARIES;
use crate::RawSql;
use crate::fixtures::{self, Orgs, draft, note};

/// A value in an unsealed column (`title`) of every canary person: a scan must find it, which shows it
/// reads the right data.
pub const UNSEALED_CANARY: &str = "CANARY-CITY-UNSEALED-9Z";

/// The protected values of the canary persons: none may appear in the database in the clear.
pub const SEALED_CANARIES: &[&str] = &[
    "CANARY-FIRST-7Q",
    "CANARY-MIDDLE-7Q",
    "CANARY-SECOND-7Q",
    "1999-12-31",
    "CANARY-IDNUM-7Q",
    "+26675318642",
    "canary.7q@example.org",
    "CANARY-ADDRESS-7Q",
    "+26617531864",
    "CANARY-POSTAL-7Q",
    "-12.3456717",
    "98.7654317",
    "CANARY-FIRST-8R",
    "CANARY-MIDDLE-8R",
    "CANARY-SECOND-8R",
    "1988-02-29",
    "CANARY-IDNUM-8R",
    "+26686420975",
    "canary.8r@example.org",
    "CANARY-ADDRESS-8R",
    "+26618642097",
    "CANARY-POSTAL-8R",
    "-12.3456718",
    "98.7654318",
    "CANARY-FIRST-9S",
    "CANARY-MIDDLE-9S",
    "CANARY-SECOND-9S",
    "1977-07-07",
    "CANARY-IDNUM-9S",
    "+26697531086",
    "canary.9s@example.org",
    "CANARY-ADDRESS-9S",
    "+26619753108",
    "CANARY-POSTAL-9S",
    "-12.3456719",
    "98.7654319",
    // Places finer than a district: the persons' cities, an event's city, postal code and map position.
    "CANARY-CITY-7Q",
    "CANARY-CITY-8R",
    "CANARY-CITY-9S",
    "CANARY-EVENT-CITY-6P",
    "CANARY-EVPOST-6P",
    "-23.4567896",
    "45.6789016",
    // Who recorded a consent; a suspect's organisation and public office.
    "CANARY-RECORDER-6P",
    "CANARY-SUSPECT-ORG-6P",
    "CANARY-PUBLIC-BODY-6P",
    "CANARY-POSITION-6P",
    // The notes: summary, incoming-referral details, vulnerability and role details, an event's place and description, referral
    // notes, a support plan and a comment.
    "CANARY-SUMMARY-5N",
    "CANARY-INCOMING-5N",
    "CANARY-VULNERABILITY-5N",
    "CANARY-ROLE-5N",
    "CANARY-PLACE-5N",
    "CANARY-DESCRIPTION-5N",
    "CANARY-REFERRAL-5N",
    "CANARY-DECLINED-5N",
    "CANARY-DELIVERED-5N",
    "CANARY-REVOKED-5N",
    "CANARY-OBJECTIVES-5N",
    "CANARY-ACTION-5N",
    "CANARY-COMMENT-5N",
];

/// A person whose every sealed field holds a canary: `phones` are the mobile and home numbers, `n` the
/// last digit of the canary coordinates.
fn canary_person(tag: &str, birthdate: Date, phones: (&str, &str), n: u8) -> PersonDetails {
    PersonDetails {
        salutation: Some("Ntate".into()),
        first_name: format!("CANARY-FIRST-{tag}"),
        middle_name: Some(format!("CANARY-MIDDLE-{tag}")),
        second_name: Some(format!("CANARY-SECOND-{tag}")),
        birthdate: Some(birthdate),
        estimated_age: None,
        gender: Gender::Feminine,
        deceased: false,
        marital_status: None,
        number_of_children: None,
        citizenship: vec![fixtures::ls()],
        identity_number: Some(format!("CANARY-IDNUM-{tag}")),
        title: Some(UNSEALED_CANARY.into()),
        phone: Some(phones.0.into()),
        home_phone: Some(phones.1.into()),
        email: Some(format!("canary.{}@example.org", tag.to_lowercase())),
        address: Some(format!("CANARY-ADDRESS-{tag}")),
        city: Some(format!("CANARY-CITY-{tag}")),
        district: Some(fixtures::unit("LS-A")),
        postal_code: Some(format!("CANARY-POSTAL-{tag}")),
        country: Some(fixtures::ls()),
        latitude: Some(format!("-12.345671{n}").parse().expect("a number")),
        longitude: Some(format!("98.765431{n}").parse().expect("a number")),
        primary_language: Some("st".into()),
        secondary_language: None,
        education: None,
    }
}

/// Stores a case with a victim, a witness and a suspect whose every protected field holds a canary, and
/// a canary in every kind of sealed note and place (the justice records' in [`JUSTICE_CANARIES`]).
pub async fn store_canary_case(store: &dyn Store) -> Case {
    let orgs = Orgs::stored(store).await;
    let mut draft = draft(orgs.police.id, "LS-A", date!(2025 - 05 - 20));
    draft.input.summary = Some("CANARY-SUMMARY-5N".into());
    draft.input.incoming_referral = Some(IncomingReferral {
        from_org: orgs.social.id,
        received_on: None,
        reason: None,
        details: Some("CANARY-INCOMING-5N".into()),
        case_worker: None,
        case_worker_user: None,
    });
    let mut case = store.create_case(draft, note()).await.unwrap();
    let mut victim = fixtures::victim("x", false, orgs.police.id);
    victim.person = canary_person("7Q", date!(1999 - 12 - 31), ("+26675318642", "+26617531864"), 7);
    victim.context.vulnerability_details = Some("CANARY-VULNERABILITY-5N".into());
    let v = case.add_victim(victim, fixtures::TODAY, None).unwrap();
    for purpose in [ConsentPurpose::Services, ConsentPurpose::Prosecution] {
        let consent = ConsentInput {
            victim: v,
            purpose,
            given: true,
            recorded_on: date!(2025 - 05 - 20),
            recorded_by: Some("CANARY-RECORDER-6P".into()),
            given_by: None,
            child_assent: None,
        };
        case.record_consent(consent, fixtures::TODAY).unwrap();
    }
    add_canary_notes(&mut case, &orgs, v);
    let witness = WitnessInput {
        person: canary_person("8R", date!(1988 - 02 - 29), ("+26686420975", "+26618642097"), 8),
        victim: Some(v),
        statement_taken_on: None,
        testimony_preserved: false,
    };
    case.add_witness(witness, fixtures::TODAY).unwrap();
    let mut suspect = fixtures::individual_suspect("x");
    suspect.identity =
        SuspectIdentity::Individual(canary_person("9S", date!(1977 - 07 - 07), ("+26697531086", "+26619753108"), 9));
    suspect.role_details = Some("CANARY-ROLE-5N".into());
    suspect.organisation = Some("CANARY-SUSPECT-ORG-6P".into());
    suspect.official = Some(PublicOfficial {
        public_body: "CANARY-PUBLIC-BODY-6P".into(),
        position: Some("CANARY-POSITION-6P".into()),
    });
    let accused = case.add_suspect(suspect, fixtures::TODAY).unwrap();
    justice::add_canary_justice(&mut case, &orgs, accused);
    let saved = store.save_case(&case, note()).await.unwrap();
    assert_eq!(store.get_case(case.id).await.unwrap().as_ref(), Some(&saved), "the canaries read back");
    saved
}

/// An event, three referrals (one declined, one delivered, one revoked), a support plan and a comment,
/// each free-text field a canary.
fn add_canary_notes(case: &mut Case, orgs: &Orgs, victim: PersonId) {
    let today = fixtures::TODAY;
    let event = EventInput {
        event_type: EventType::Exploitation,
        date: Some(date!(2025 - 04 - 10)),
        country: fixtures::country("ZA"),
        district: None,
        state: None,
        port_of_entry: None,
        city: Some("CANARY-EVENT-CITY-6P".into()),
        place: Some("CANARY-PLACE-5N".into()),
        postal_code: Some("CANARY-EVPOST-6P".into()),
        description: Some("CANARY-DESCRIPTION-5N".into()),
        latitude: Some(-23.4567896),
        longitude: Some(45.6789016),
        victim: Some(victim),
    };
    case.add_event(event, today).unwrap();
    let referral = |details: Option<&str>| NewReferral {
        victim: Some(victim),
        from_org: orgs.police.id,
        to_org: orgs.shelter.id,
        referring_case_worker: None,
        referring_case_worker_user: None,
        referred_case_worker: None,
        referred_case_worker_user: None,
        service: ServiceType::Shelter,
        reason: ReferralReason::AdditionalServicesRequired,
        details: details.map(Into::into),
        sent_on: date!(2025 - 05 - 21),
    };
    let shelter = &orgs.shelter;
    let declined = case.send_referral(referral(Some("CANARY-REFERRAL-5N")), shelter, today).unwrap();
    let decline = ReferralAction::Decline { on: date!(2025 - 05 - 22), reason: "CANARY-DECLINED-5N".into() };
    case.move_referral(declined, 1, decline, today).unwrap();
    let delivered = case.send_referral(referral(None), shelter, today).unwrap();
    case.move_referral(delivered, 1, ReferralAction::Accept { on: date!(2025 - 05 - 22) }, today).unwrap();
    let deliver = ReferralAction::Deliver { on: date!(2025 - 05 - 23), note: Some("CANARY-DELIVERED-5N".into()) };
    case.move_referral(delivered, 2, deliver, today).unwrap();
    let revoked = case.send_referral(referral(None), shelter, today).unwrap();
    let revoke = ReferralAction::Revoke { on: date!(2025 - 05 - 22), reason: "CANARY-REVOKED-5N".into() };
    case.move_referral(revoked, 1, revoke, today).unwrap();
    let plan = SupportPlanInput {
        victim,
        plan_type: SupportPlanType::SocialCare,
        provider: Some(orgs.shelter.id),
        objectives: "CANARY-OBJECTIVES-5N".into(),
        action_plan: Some("CANARY-ACTION-5N".into()),
        started_on: date!(2025 - 05 - 23),
        planned_end: None,
        actual_end: None,
    };
    case.add_support_plan(plan, today).unwrap();
    case.add_comment(
        CommentInput { author: "officer.canary".into(), text: "CANARY-COMMENT-5N".into() },
        fixtures::now(),
    )
    .unwrap();
}

/// Whether `needle` occurs in `raw`.
pub fn contains(raw: &[u8], needle: &str) -> bool {
    raw.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// Fails if any sealed canary occurs in `raw` (the bytes or text of `what`).
pub fn assert_no_sealed_plaintext(raw: &[u8], what: &str) {
    let all = SEALED_CANARIES.iter().chain(JUSTICE_CANARIES);
    let hits: Vec<&str> = all.copied().filter(|c| contains(raw, c)).collect();
    assert!(hits.is_empty(), "{what} holds protected values in the clear: {hits:?}");
}

/// A sealed value swapped between two persons' rows, or moved to another column of its row, with
/// plain SQL: reading the case fails naming table, column and record, never the value; saving the
/// case again repairs it. Every sealed column is tried.
pub async fn moved_sealed_values_do_not_open(store: Arc<dyn Store>, sql: RawSql) {
    let mut case = store_canary_case(&*store).await;
    let (a, b) = (case.victims[0].id, case.witnesses[0].id);
    let mut moves: Vec<(String, String)> = SEALED_PERSON_COLUMNS
        .iter()
        .map(|column| {
            let swap = format!(
                "UPDATE persons SET {column} = o.{column} FROM persons AS o \
                 WHERE (persons.id = '{a}' AND o.id = '{b}') OR (persons.id = '{b}' AND o.id = '{a}')"
            );
            (swap, format!("persons.{column}"))
        })
        .collect();
    moves.push((format!("UPDATE persons SET email = phone WHERE id = '{a}'"), "persons.email".into()));
    // A note moved to another table, and to another row of its own table.
    let (kase, first, second) = (case.id, case.referrals[0].id, case.referrals[1].id);
    moves.push((
        format!("UPDATE comments SET text = (SELECT summary FROM cases WHERE id = '{kase}')"),
        "comments.text".into(),
    ));
    moves.push((
        format!(
            "UPDATE referrals SET details = (SELECT details FROM referrals WHERE id = '{first}') WHERE id = '{second}'"
        ),
        "referrals.details".into(),
    ));
    for (statement, column) in moves {
        sql(statement).await.unwrap();
        let message = match store.get_case(case.id).await {
            Err(DbError::Other(e)) => e.to_string(),
            other => panic!("a moved {column} must not open, got {other:?}"),
        };
        assert!(message.contains(&column), "{message}");
        assert!(!message.contains("v1."), "no sealed text in the error: {message}");
        assert_no_sealed_plaintext(message.as_bytes(), "the error message");
        let mut repaired = store.save_case(&case, note()).await.unwrap();
        assert_eq!(store.get_case(case.id).await.unwrap().as_ref(), Some(&repaired));
        std::mem::swap(&mut case, &mut repaired);
    }
}

/// Two stores on one database, `with` a keyring and `without` none: a case with persons or notes can be
/// neither written nor read without one (a case with nothing sealed can), and nor can the key operations run.
pub async fn without_a_keyring_persons_are_unavailable(without: Arc<dyn Store>, with: Arc<dyn Store>) {
    let unavailable = |r: Result<(), DbError>| match r {
        Err(DbError::Unavailable(m)) => assert_eq!(m, "no keyring: the store cannot seal or open protected fields"),
        other => panic!("expected unavailable, got {other:?}"),
    };
    let orgs = Orgs::stored(&*without).await;
    let with_summary = draft(orgs.police.id, "LS-A", date!(2025 - 05 - 20));
    assert!(with_summary.input.summary.is_some());
    unavailable(without.create_case(with_summary, note()).await.map(drop));
    let mut bare = draft(orgs.police.id, "LS-A", date!(2025 - 05 - 20));
    bare.input.summary = None;
    let created = without.create_case(bare, note()).await.unwrap();
    assert_eq!(
        without.get_case(created.id).await.unwrap().as_ref(),
        Some(&created),
        "nothing sealed, no keyring needed"
    );
    let full = fixtures::fill(created.clone(), &orgs);
    unavailable(without.save_case(&full, note()).await.map(drop));
    let number = CaseNumber::new(fixtures::ls(), 2024, 1).unwrap();
    let imported = fixtures::imported_case(&orgs, number, date!(2024 - 06 - 01));
    unavailable(without.import(&[], std::slice::from_ref(&imported), note()).await.map(drop));
    assert_eq!(without.get_case(created.id).await.unwrap().as_ref(), Some(&created), "nothing was written");
    assert_eq!(without.get_case(imported.id).await.unwrap(), None, "nothing was imported");

    let saved = with.save_case(&full, note()).await.unwrap();
    assert_eq!(with.get_case(saved.id).await.unwrap().as_ref(), Some(&saved));
    unavailable(without.get_case(saved.id).await.map(drop));
    unavailable(without.get_cases(&[saved.id]).await.map(drop));
    unavailable(without.find_case_by_number(&saved.number).await.map(drop));
    unavailable(without.reseal_batch(None, 10).await.map(drop));
    unavailable(without.count_sealed_under_other_keys().await.map(drop));
    unavailable(without.find_persons_by_name("Palesa Mokoena").await.map(drop));
    without.use_keyring(fixtures::keyring());
    match without.get_case(saved.id).await {
        Err(DbError::Other(e)) => assert!(e.to_string().contains("sealed field"), "{e}"),
        other => panic!("another keyring must not open the values, got {other:?}"),
    }
}
