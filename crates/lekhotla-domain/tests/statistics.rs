//! `Case::for_statistics`: who is left out for want of consent, what goes with them, and what is emptied.

#![allow(clippy::unwrap_used)] // a test file

use lekhotla_domain::*;
use time::macros::{date, datetime};

const TODAY: time::Date = date!(2026 - 11 - 01);

fn ls() -> CountryCode {
    CountryCode::parse("LS").unwrap()
}

fn new_case() -> Case {
    let input = NewCase {
        organisation: OrgId::new(),
        district: UnitCode::parse("LS-A").unwrap(),
        detection_source: DetectionSource::BorderPost,
        detected_on: date!(2025 - 02 - 01),
        port_of_entry: None,
        owner: None,
        owner_user: None,
        incoming_referral: None,
        summary: Some("Synthetic summary naming Palesa Synthetic".into()),
    };
    let number = CaseNumber::new(ls(), 2025, 7).unwrap();
    Case::open(CaseId::new(), number, input, datetime!(2025-02-01 10:00 UTC), date!(2025 - 02 - 01)).unwrap()
}

fn person(first: &str) -> PersonDetails {
    PersonDetails {
        salutation: None,
        first_name: first.into(),
        middle_name: Some("Middle".into()),
        second_name: Some("Synthetic".into()),
        birthdate: Some(date!(2009 - 06 - 15)),
        estimated_age: None,
        gender: Gender::Feminine,
        deceased: false,
        marital_status: None,
        number_of_children: None,
        citizenship: vec![ls()],
        identity_number: Some("SYN000123".into()),
        title: None,
        phone: Some("+26650000001".into()),
        home_phone: Some("+26622000001".into()),
        email: Some("synthetic@example.org".into()),
        address: Some("1 Synthetic Road".into()),
        city: Some("Maseru".into()),
        district: Some(UnitCode::parse("LS-A").unwrap()),
        postal_code: Some("100".into()),
        country: Some(ls()),
        latitude: Some(-29.31),
        longitude: Some(27.48),
        primary_language: Some("st".into()),
        secondary_language: None,
        education: None,
    }
}

/// An adult victim: born in 1999, identified in 2025.
fn add_victim(case: &mut Case, first: &str) -> PersonId {
    let person = PersonDetails { birthdate: Some(date!(1999 - 05 - 05)), ..person(first) };
    let context = VictimContext {
        trafficking_status: TraffickingStatus::ActualVictim,
        status_decided_by: None,
        status_decided_by_org: None,
        status_decided_on: None,
        identified_on: date!(2025 - 02 - 02),
        age_when_trafficked: Some(24),
        exploitation_types: vec![ExploitationType::ForcedLabour],
        forced_labour_industry: None,
        sex_exploitation_types: vec![],
        methods_of_control: vec![],
        recruitment_methods: vec![],
        recruitment_location: None,
        recruitment_websites: vec![],
        exploitation_location: None,
        exploitation_websites: vec![],
        relationship_to_trafficker: None,
        vulnerabilities: vec![],
        vulnerability_details: Some("Synthetic note naming her sister".into()),
    };
    case.add_victim(VictimInput { person, context }, TODAY, None).unwrap()
}

fn consent(case: &mut Case, victim: PersonId, purpose: ConsentPurpose, given: bool) -> ConsentId {
    let input = ConsentInput {
        victim,
        purpose,
        given,
        recorded_on: date!(2025 - 02 - 03),
        recorded_by: None,
        given_by: None,
        child_assent: None,
    };
    case.record_consent(input, TODAY).unwrap()
}

fn ids(case: &Case) -> Vec<PersonId> {
    case.victims.iter().map(|v| v.id).collect()
}

#[test]
fn refused_and_withdrawn_statistics_consent_leave_the_victim_out() {
    let mut case = new_case();
    let silent = add_victim(&mut case, "Silent");
    let refused = add_victim(&mut case, "Refused");
    let withdrew = add_victim(&mut case, "Withdrew");
    let again = add_victim(&mut case, "Again");
    let agreed = add_victim(&mut case, "Agreed");
    consent(&mut case, refused, ConsentPurpose::Statistics, false);
    let c = consent(&mut case, withdrew, ConsentPurpose::Statistics, true);
    case.withdraw_consent(c, 1, date!(2025 - 04 - 01), TODAY).unwrap();
    let c = consent(&mut case, again, ConsentPurpose::Statistics, true);
    case.withdraw_consent(c, 1, date!(2025 - 04 - 01), TODAY).unwrap();
    consent(&mut case, again, ConsentPurpose::Statistics, true);
    consent(&mut case, agreed, ConsentPurpose::Statistics, true);
    // Refusing another purpose does not matter.
    consent(&mut case, silent, ConsentPurpose::Services, false);

    let stats = case.for_statistics();
    assert_eq!(ids(&stats), vec![silent, again, agreed]);
    assert!(stats.consents.iter().all(|c| c.victim != refused && c.victim != withdrew));
    assert_eq!(stats.consents.len(), 4, "silent's Services refusal, again's two, agreed's one");
    // The case itself is untouched.
    assert_eq!(case.victims.len(), 5);
}

#[test]
fn records_naming_a_victim_left_out_go_or_lose_the_link() {
    let mut case = new_case();
    let kept = add_victim(&mut case, "Kept");
    let out = add_victim(&mut case, "Out");
    let s = case.add_suspect(
        SuspectInput {
            identity: SuspectIdentity::Individual(person("Suspect")),
            roles: vec![],
            role_details: Some("Synthetic role note".into()),
            organisation: None,
            official: None,
            arrested_on: None,
        },
        TODAY,
    );
    let s = s.unwrap();
    for v in [kept, out] {
        consent(&mut case, v, ConsentPurpose::Services, true);
        consent(&mut case, v, ConsentPurpose::Prosecution, true);
    }
    let withdrawal = consent(&mut case, out, ConsentPurpose::Statistics, true);
    let shelter = Organisation::new(OrganisationInput {
        name: "Synthetic Shelter".into(),
        org_type: OrgType::Ngo,
        district: None,
        services: vec![ServiceType::Shelter],
        phone: None,
        city: None,
        street: None,
        postal_code: None,
        latitude: None,
        longitude: None,
        country: ls(),
    })
    .unwrap();
    for v in [Some(kept), Some(out), None] {
        let referral = NewReferral {
            victim: v,
            from_org: case.organisation,
            to_org: shelter.id,
            service: ServiceType::Shelter,
            reason: ReferralReason::AdditionalServicesRequired,
            details: Some("Synthetic referral note".into()),
            sent_on: date!(2025 - 02 - 04),
            referring_case_worker: None,
            referring_case_worker_user: None,
            referred_case_worker: None,
            referred_case_worker_user: None,
        };
        case.send_referral(referral, &shelter, TODAY).unwrap();
        let Some(v) = v else { continue };
        let plan = SupportPlanInput {
            victim: v,
            plan_type: SupportPlanType::Health,
            provider: None,
            objectives: "Synthetic objectives".into(),
            action_plan: Some("Synthetic action plan".into()),
            started_on: date!(2025 - 02 - 05),
            planned_end: None,
            actual_end: None,
        };
        case.add_support_plan(plan, TODAY).unwrap();
        let event = EventInput {
            event_type: EventType::Exploitation,
            date: Some(date!(2024 - 12 - 01)),
            country: ls(),
            district: None,
            state: None,
            port_of_entry: None,
            city: None,
            place: Some("Synthetic farm".into()),
            postal_code: None,
            description: Some("Synthetic description".into()),
            latitude: None,
            longitude: None,
            victim: Some(v),
        };
        case.add_event(event, TODAY).unwrap();
        let witness = WitnessInput {
            person: person("Witness"),
            victim: Some(v),
            statement_taken_on: None,
            testimony_preserved: false,
        };
        case.add_witness(witness, TODAY).unwrap();
    }
    convict_and_compensate(&mut case, s, &[kept, out]);
    // Given, then withdrawn: left out.
    case.withdraw_consent(withdrawal, 1, date!(2026 - 03 - 01), TODAY).unwrap();

    let stats = case.for_statistics();
    assert_eq!(ids(&stats), vec![kept]);
    assert_eq!(stats.referrals.iter().map(|r| r.victim).collect::<Vec<_>>(), vec![Some(kept), None]);
    assert!(stats.support_plans.iter().all(|p| p.details.victim == kept));
    assert_eq!(stats.support_plans.len(), 1);
    assert_eq!(stats.events.len(), 2, "events stay");
    assert_eq!(stats.events.iter().map(|e| e.details.victim).collect::<Vec<_>>(), vec![Some(kept), None]);
    assert_eq!(stats.witnesses.iter().map(|w| w.details.victim).collect::<Vec<_>>(), vec![Some(kept), None]);
    let orders = &stats.prosecution.as_ref().unwrap().compensation_orders;
    assert_eq!(orders.iter().map(|o| o.details.victim).collect::<Vec<_>>(), vec![kept]);
    assert!(stats.consents.iter().all(|c| c.victim == kept));
    // Their notes are emptied with the rest.
    assert!(stats.events.iter().all(|e| e.details.place.is_none() && e.details.description.is_none()));
    assert!(stats.referrals.iter().all(|r| r.details.is_none()));
    assert!(stats.support_plans.iter().all(|p| p.details.objectives.is_empty() && p.details.action_plan.is_none()));
    let SuspectIdentity::Individual(p) = &stats.suspects[0].details.identity else { panic!("an individual") };
    assert_eq!((p.first_name.as_str(), stats.suspects[0].details.role_details.as_ref()), ("", None));
}

/// Charges `accused`, convicts and orders compensation to each of `victims`.
fn convict_and_compensate(case: &mut Case, accused: PersonId, victims: &[PersonId]) {
    let investigation = InvestigationInput {
        unit: InvestigationUnit::AntiTraffickingUnit,
        organisation: OrgId::new(),
        investigator: "Sgt. Synthetic".into(),
        opened_on: date!(2025 - 02 - 05),
        docket_number: None,
        docket_custodian: None,
        cooperating_countries: vec![],
    };
    case.open_investigation(investigation, TODAY).unwrap();
    let charge = ChargeInput {
        accused,
        offence: Offence::TraffickingInPersons,
        statute: None,
        counts: 1,
        filed_on: date!(2025 - 03 - 10),
    };
    let prosecution = ProsecutionInput {
        prosecutor: "Adv. Synthetic".into(),
        referred_on: date!(2025 - 03 - 01),
        court: None,
        court_case_number: None,
        charges: vec![charge],
    };
    case.open_prosecution(prosecution, TODAY).unwrap();
    let decision = ProsecutionUpdate {
        dpp_decision: Some(DppDecision { decision: DppDecisionKind::Prosecute, on: date!(2025 - 03 - 05) }),
        summons_issued_on: None,
        prosecutor: None,
        court: None,
        court_case_number: None,
        withdrawal: None,
    };
    case.update_prosecution(1, decision, TODAY).unwrap();
    let verdict = VerdictInput { accused, outcome: VerdictOutcome::Conviction, on: date!(2026 - 01 - 20) };
    case.record_verdict(2, verdict, TODAY).unwrap();
    for (i, v) in victims.iter().enumerate() {
        let order = CompensationInput { accused, victim: *v, amount_lsl: 1_000, on: date!(2026 - 02 - 01) };
        case.order_compensation(3 + i as i64, order, TODAY).unwrap();
    }
}

#[test]
fn no_sealed_value_is_left_and_the_age_stays() {
    let mut case = new_case();
    let v = add_victim(&mut case, "Palesa");
    case.add_witness(
        WitnessInput { person: person("Witness"), victim: None, statement_taken_on: None, testimony_preserved: false },
        TODAY,
    )
    .unwrap();
    case.add_comment(
        CommentInput { author: "clerk".into(), text: "Synthetic comment".into() },
        datetime!(2025-02-02 9:00 UTC),
    )
    .unwrap();

    let stats = case.for_statistics();
    assert_eq!(stats.summary, None);
    assert_eq!(stats.comments[0].text, "");
    assert_eq!(stats.comments[0].author, "", "officials are not named either");
    assert_eq!(stats.owner, None);
    let victim = &stats.victims[0];
    assert_eq!(victim.id, v);
    assert_eq!(victim.context.vulnerability_details, None);
    // Born 1999-05-05, identified 2025-02-02: 25 when identified.
    assert_eq!(victim.person.estimated_age, Some(25));
    assert!(!victim.is_child());
    // Born 2009-06-15, case detected 2025-02-01: 15.
    assert_eq!(stats.witnesses[0].details.person.estimated_age, Some(15));
    for p in [&victim.person, &stats.witnesses[0].details.person] {
        assert_eq!(p.first_name, "");
        assert_eq!((&p.middle_name, &p.second_name, p.birthdate, &p.identity_number), (&None, &None, None, &None));
        assert_eq!((&p.phone, &p.home_phone, &p.email), (&None, &None, &None));
        assert_eq!((&p.address, &p.postal_code, p.latitude, p.longitude), (&None, &None, None, None));
        assert_eq!(p.city, None, "no place finer than a district");
        // What statistics need stays.
        assert_eq!((p.gender, &p.citizenship), (Gender::Feminine, &vec![ls()]));
        assert_eq!(p.district, Some(UnitCode::parse("LS-A").unwrap()));
    }
    assert_eq!(victim.context.exploitation_types, vec![ExploitationType::ForcedLabour]);
}
