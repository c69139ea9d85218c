//! A case's whole path through the domain, and the moves the domain must refuse.

#![allow(clippy::unwrap_used)] // a test file

use lekhotla_domain::*;
use time::macros::{date, datetime};

fn ls() -> CountryCode {
    CountryCode::parse("LS").unwrap()
}

fn new_case() -> Case {
    let input = NewCase {
        organisation: OrgId::new(),
        district: UnitCode::parse("LS-A").unwrap(),
        detection_source: DetectionSource::BorderPost,
        detected_on: date!(2025 - 02 - 01),
        port_of_entry: Some(UnitCode::parse("POE-MASERU-BRIDGE").unwrap()),
        owner: None,
        owner_user: None,
        incoming_referral: None,
        summary: Some("Synthetic test case".into()),
    };
    Case::open(
        CaseId::new(),
        CaseNumber::new(ls(), 2025, 1).unwrap(),
        input,
        datetime!(2025-02-01 10:00 UTC),
        date!(2025 - 02 - 01),
    )
    .unwrap()
}

fn person(first: &str, birthdate: Option<time::Date>) -> PersonDetails {
    PersonDetails {
        salutation: None,
        first_name: first.into(),
        middle_name: None,
        second_name: Some("Testeng".into()),
        birthdate,
        estimated_age: None,
        gender: Gender::Feminine,
        deceased: false,
        marital_status: None,
        number_of_children: None,
        citizenship: vec![ls()],
        identity_number: None,
        title: None,
        phone: None,
        home_phone: None,
        email: None,
        address: None,
        city: None,
        district: None,
        postal_code: None,
        country: Some(ls()),
        latitude: None,
        longitude: None,
        primary_language: Some("st".into()),
        secondary_language: None,
        education: None,
    }
}

fn victim(birthdate: Option<time::Date>) -> VictimInput {
    VictimInput {
        person: person("Lineo", birthdate),
        context: VictimContext {
            trafficking_status: TraffickingStatus::ActualVictim,
            status_decided_by: Some(DecisionMakingOrg::Police),
            status_decided_by_org: None,
            status_decided_on: Some(date!(2025 - 02 - 03)),
            identified_on: date!(2025 - 02 - 02),
            age_when_trafficked: Some(19),
            exploitation_types: vec![ExploitationType::ForcedLabour],
            forced_labour_industry: Some(ForcedLabourIndustry::HouseholdsAsEmployers),
            sex_exploitation_types: vec![],
            methods_of_control: vec![MethodOfControl::WithholdsDocuments],
            recruitment_methods: vec![MethodOfRecruitment::ThroughFriendsOrSocialEvents],
            recruitment_location: None,
            recruitment_websites: vec![],
            exploitation_location: None,
            exploitation_websites: vec![],
            relationship_to_trafficker: None,
            vulnerabilities: vec![Vulnerability::Poverty],
            vulnerability_details: None,
        },
    }
}

fn suspect() -> SuspectInput {
    SuspectInput {
        identity: SuspectIdentity::Individual(person("Thabo", None)),
        roles: vec![PerpetratorRole::RecruiterOrIntermediary],
        role_details: None,
        organisation: None,
        official: None,
        arrested_on: None,
    }
}

const TODAY: time::Date = date!(2026 - 11 - 01);

#[test]
fn a_case_goes_from_report_to_sentence() {
    let mut case = new_case();
    let v = case.add_victim(victim(Some(date!(1999 - 05 - 05))), TODAY, None).unwrap();
    let s = case.add_suspect(suspect(), TODAY).unwrap();
    assert_eq!(case.stage(), CaseStage::Reported);
    let inv = InvestigationInput {
        unit: InvestigationUnit::AntiTraffickingUnit,
        organisation: OrgId::new(),
        investigator: "Sgt. Synthetic".into(),
        opened_on: date!(2025 - 02 - 05),
        docket_number: Some("MB/CR/12/2025".into()),
        docket_custodian: Some("Maseru Bridge charge office".into()),
        cooperating_countries: vec![CountryCode::parse("ZA").unwrap()],
    };
    case.open_investigation(inv, TODAY).unwrap();
    case.transfer_docket(
        1,
        DocketTransferInput { to_custodian: "DPP registry".into(), on: date!(2025 - 03 - 01), reason: None },
        TODAY,
    )
    .unwrap();
    assert_eq!(case.investigation.as_ref().unwrap().docket_custodian.as_deref(), Some("DPP registry"));
    let charge = ChargeInput {
        accused: s,
        offence: Offence::TraffickingInPersons,
        statute: None,
        counts: 1,
        filed_on: date!(2025 - 03 - 10),
    };
    case.open_prosecution(
        ProsecutionInput {
            prosecutor: "Adv. Synthetic".into(),
            referred_on: date!(2025 - 03 - 01),
            court: Some("Maseru Magistrate's Court".into()),
            court_case_number: None,
            charges: vec![charge],
        },
        TODAY,
    )
    .unwrap();
    let decision = DppDecision { decision: DppDecisionKind::Prosecute, on: date!(2025 - 03 - 05) };
    case.update_prosecution(
        1,
        ProsecutionUpdate {
            dpp_decision: Some(decision),
            summons_issued_on: Some(date!(2025 - 03 - 12)),
            prosecutor: None,
            court: None,
            court_case_number: None,
        },
        TODAY,
    )
    .unwrap();
    case.record_verdict(
        2,
        VerdictInput { accused: s, outcome: VerdictOutcome::Conviction, on: date!(2026 - 01 - 20) },
        TODAY,
    )
    .unwrap();
    case.record_sentence(
        3,
        SentenceInput {
            accused: s,
            on: date!(2026 - 02 - 01),
            imprisonment_months: Some(120),
            fine_lsl: None,
            suspended: false,
            notes: None,
        },
        TODAY,
    )
    .unwrap();
    case.order_compensation(
        4,
        CompensationInput { accused: s, victim: v, amount_lsl: 20_000, on: date!(2026 - 02 - 01) },
        TODAY,
    )
    .unwrap();
    let p = case.prosecution.as_ref().unwrap();
    assert_eq!(p.version, 5);
    assert!(p.is_convicted(s));
    assert_eq!(p.concluded_on(), Some(date!(2026 - 01 - 20)));
    assert_eq!(case.stage(), CaseStage::Verdict);
}

#[test]
fn impossible_justice_moves_are_refused_and_change_nothing() {
    let mut case = new_case();
    let s = case.add_suspect(suspect(), TODAY).unwrap();
    let charge = |accused| ChargeInput {
        accused,
        offence: Offence::TraffickingInPersons,
        statute: None,
        counts: 1,
        filed_on: date!(2025 - 03 - 10),
    };
    let prosecution = |charges| ProsecutionInput {
        prosecutor: "Adv. Synthetic".into(),
        referred_on: date!(2025 - 03 - 01),
        court: None,
        court_case_number: None,
        charges,
    };
    // No prosecution without an investigation.
    let before = case.clone();
    assert!(matches!(case.open_prosecution(prosecution(vec![charge(s)]), TODAY), Err(DomainError::Refused(_))));
    // No verdict without a prosecution.
    let verdict = |accused| VerdictInput { accused, outcome: VerdictOutcome::Conviction, on: date!(2025 - 06 - 01) };
    assert!(matches!(case.record_verdict(1, verdict(s), TODAY), Err(DomainError::Refused(_))));
    assert_eq!(case, before);

    case.open_investigation(
        InvestigationInput {
            unit: InvestigationUnit::Cgpu,
            organisation: OrgId::new(),
            investigator: "Sgt. Synthetic".into(),
            opened_on: date!(2025 - 02 - 05),
            docket_number: None,
            docket_custodian: None,
            cooperating_countries: vec![],
        },
        TODAY,
    )
    .unwrap();
    // A charge against someone who is not a suspect of the case is a field error.
    let stranger = PersonId::new();
    let err = case.open_prosecution(prosecution(vec![charge(stranger)]), TODAY).unwrap_err();
    assert!(matches!(&err, DomainError::Invalid(f) if f[0].field == "charges[0].accused"), "{err:?}");
    case.open_prosecution(prosecution(vec![]), TODAY).unwrap();
    // No conviction of a person not charged.
    assert!(matches!(case.record_verdict(1, verdict(s), TODAY), Err(DomainError::Refused(_))));
    let v = case.prosecution.as_ref().unwrap().version;
    case.add_charge(v, charge(s), TODAY).unwrap();
    // No sentence without a conviction.
    let sentence = SentenceInput {
        accused: s,
        on: date!(2025 - 07 - 01),
        imprisonment_months: Some(12),
        fine_lsl: None,
        suspended: false,
        notes: None,
    };
    assert!(matches!(case.record_sentence(2, sentence.clone(), TODAY), Err(DomainError::Refused(_))));
    // An acquittal does not allow a sentence either, and a second verdict is refused.
    case.record_verdict(2, VerdictInput { outcome: VerdictOutcome::Acquittal, ..verdict(s) }, TODAY).unwrap();
    assert!(matches!(case.record_sentence(3, sentence, TODAY), Err(DomainError::Refused(_))));
    assert!(matches!(case.record_verdict(3, verdict(s), TODAY), Err(DomainError::Refused(_))));
    // A stale prosecution version is reported as such.
    assert!(matches!(
        case.add_hearing(
            1,
            HearingInput { on: date!(2025 - 05 - 01), kind: HearingKind::Trial, victim_testified: true, notes: None },
            TODAY
        ),
        Err(DomainError::Stale { record: "prosecution", expected: 1, actual: 3 })
    ));
    // A summons needs the DPP's decision to prosecute.
    let summons = ProsecutionUpdate {
        summons_issued_on: Some(date!(2025 - 04 - 01)),
        prosecutor: None,
        dpp_decision: None,
        court: None,
        court_case_number: None,
    };
    assert!(matches!(case.update_prosecution(3, summons, TODAY), Err(DomainError::Refused(_))));
}

#[test]
fn referrals_follow_their_state_machine() {
    let mut case = new_case();
    let v = case.add_victim(victim(None), TODAY, None).unwrap();
    let send = |to| NewReferral {
        victim: Some(v),
        from_org: case_org(),
        to_org: to,
        referring_case_worker: None,
        referring_case_worker_user: None,
        referred_case_worker: None,
        referred_case_worker_user: None,
        service: ServiceType::Shelter,
        reason: ReferralReason::AdditionalServicesRequired,
        details: None,
        sent_on: date!(2025 - 02 - 04),
    };
    let r = case.send_referral(send(OrgId::new()), TODAY).unwrap();
    let on = date!(2025 - 02 - 05);
    // Delivered before accepted: refused.
    assert!(matches!(
        case.move_referral(r, 1, ReferralAction::Deliver { on, note: None }, TODAY),
        Err(DomainError::Refused(_))
    ));
    case.move_referral(r, 1, ReferralAction::Accept { on }, TODAY).unwrap();
    // The same version again is stale: the record moved on.
    assert!(matches!(case.move_referral(r, 1, ReferralAction::Accept { on }, TODAY), Err(DomainError::Stale { .. })));
    case.move_referral(r, 2, ReferralAction::Deliver { on, note: Some("Placed".into()) }, TODAY).unwrap();
    case.move_referral(r, 3, ReferralAction::Close { on }, TODAY).unwrap();
    assert_eq!(case.referrals[0].state, ReferralState::Closed);
    assert!(!case.referrals[0].is_active());

    // Declined needs a reason, and can then only be closed.
    let r2 = case.send_referral(send(OrgId::new()), TODAY).unwrap();
    let declined = ReferralAction::Decline { on, reason: " ".into() };
    assert!(matches!(case.move_referral(r2, 1, declined, TODAY), Err(DomainError::Invalid(_))));
    let declined = ReferralAction::Decline { on, reason: "Shelter takes female victims only".into() };
    case.move_referral(r2, 1, declined, TODAY).unwrap();
    assert!(matches!(case.move_referral(r2, 2, ReferralAction::Accept { on }, TODAY), Err(DomainError::Refused(_))));
    // A step dated before the previous one is refused.
    let early = ReferralAction::Close { on: date!(2025 - 01 - 01) };
    assert!(matches!(case.move_referral(r2, 2, early, TODAY), Err(DomainError::Invalid(_))));
}

fn case_org() -> OrgId {
    OrgId(uuid::Uuid::nil())
}

#[test]
fn children_are_referred_automatically() {
    let mut case = new_case();
    let to = OrgId::new();
    let child = ChildReferral { from: case.organisation, to };
    // 16 when identified on 2025-02-02.
    let v = case.add_victim(victim(Some(date!(2008 - 06 - 01))), TODAY, Some(child)).unwrap();
    assert_eq!(case.referrals.len(), 1);
    let r = &case.referrals[0];
    assert!(r.automatic);
    assert_eq!((r.victim, r.to_org, r.service), (Some(v), to, ServiceType::ChildProtection));
    // An adult is not.
    case.add_victim(victim(Some(date!(1990 - 01 - 01))), TODAY, Some(child)).unwrap();
    assert_eq!(case.referrals.len(), 1);
    // Without a birth date, the estimated age decides.
    let mut est = victim(None);
    est.person.estimated_age = Some(15);
    case.add_victim(est, TODAY, Some(child)).unwrap();
    assert_eq!(case.referrals.len(), 2);
}

#[test]
fn invalid_input_names_every_bad_field() {
    let mut case = new_case();
    let mut bad = victim(Some(date!(2030 - 01 - 01)));
    bad.person.first_name = "  ".into();
    bad.person.phone = Some("call me".into());
    bad.context.sex_exploitation_types = vec![SexExploitationType::Prostitution];
    let Err(DomainError::Invalid(fields)) = case.add_victim(bad, TODAY, None) else { panic!("expected Invalid") };
    let names: Vec<_> = fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(names, ["person.first_name", "person.birthdate", "person.phone", "context.sex_exploitation_types"]);
    assert!(case.victims.is_empty());
}

#[test]
fn consent_can_be_withdrawn_once_and_a_case_closes_with_a_reason() {
    let mut case = new_case();
    let v = case.add_victim(victim(None), TODAY, None).unwrap();
    let input = ConsentInput {
        victim: v,
        purpose: ConsentPurpose::Prosecution,
        given: true,
        recorded_on: date!(2025 - 02 - 03),
        recorded_by: None,
    };
    let c = case.record_consent(input.clone(), TODAY).unwrap();
    assert!(matches!(case.record_consent(input.clone(), TODAY), Err(DomainError::Refused(_))));
    case.withdraw_consent(c, 1, date!(2025 - 06 - 01), TODAY).unwrap();
    assert!(matches!(case.withdraw_consent(c, 2, date!(2025 - 06 - 02), TODAY), Err(DomainError::Refused(_))));
    case.record_consent(input, TODAY).unwrap();

    let close = CaseUpdate { status: Some(CaseStatus::Closed), ..Default::default() };
    assert!(matches!(case.update(close), Err(DomainError::Invalid(_))));
    let close = CaseUpdate {
        status: Some(CaseStatus::Closed),
        closure_reason: Some("Victim reintegrated".into()),
        ..Default::default()
    };
    case.update(close).unwrap();
    assert_eq!(case.status, CaseStatus::Closed);
}

#[test]
fn case_json_round_trips() {
    let mut case = new_case();
    case.add_victim(victim(Some(date!(1999 - 05 - 05))), TODAY, None).unwrap();
    case.add_suspect(
        SuspectInput {
            identity: SuspectIdentity::Business(BusinessDetails {
                name: "Synthetic Recruitment (Pty) Ltd".into(),
                kind: BusinessKind::RecruitmentAgency,
                registration_number: None,
                country: Some(CountryCode::parse("ZA").unwrap()),
                district: None,
            }),
            roles: vec![PerpetratorRole::RecruiterOrIntermediary],
            role_details: None,
            organisation: None,
            official: None,
            arrested_on: None,
        },
        TODAY,
    )
    .unwrap();
    let json = serde_json::to_string(&case).unwrap();
    assert!(json.contains("\"number\":\"LS-2025-000001\""));
    assert!(json.contains("\"trafficking_status\":\"ActualVictimOfTrafficking\""));
    let back: Case = serde_json::from_str(&json).unwrap();
    assert_eq!(back, case);
}
