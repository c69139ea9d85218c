//! A case's whole path through the domain, and the moves the domain must refuse.

#![allow(clippy::unwrap_used)] // a test file

use lekhotla_domain::*;
use time::macros::{date, datetime};

fn ls() -> CountryCode {
    CountryCode::parse("LS").unwrap()
}

fn new_case_input() -> NewCase {
    NewCase {
        organisation: OrgId::new(),
        district: UnitCode::parse("LS-A").unwrap(),
        detection_source: DetectionSource::BorderPost,
        detected_on: date!(2025 - 02 - 01),
        port_of_entry: Some(UnitCode::parse("POE-MASERU-BRIDGE").unwrap()),
        owner: None,
        owner_user: None,
        incoming_referral: None,
        summary: Some("Synthetic test case".into()),
    }
}

fn new_case() -> Case {
    Case::open(
        CaseId::new(),
        CaseNumber::new(ls(), 2025, 1).unwrap(),
        new_case_input(),
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
    // A closing reason needs a closing day while the investigation is open.
    let reason_only =
        InvestigationUpdate { closure_reason: Some("Referred to the DPP".into()), ..InvestigationUpdate::default() };
    let refused = case.update_investigation(2, reason_only.clone(), TODAY).unwrap_err();
    assert!(refused.to_string().contains("closed_on"), "{refused}");
    let close = InvestigationUpdate {
        closed_on: Some(date!(2025 - 03 - 05)),
        closure_reason: Some("Docket sent to the DPP".into()),
        ..InvestigationUpdate::default()
    };
    case.update_investigation(2, close, TODAY).unwrap();
    // Once closed, the reason may be corrected alone; the closing day stays.
    case.update_investigation(3, reason_only, TODAY).unwrap();
    let inv = case.investigation.as_ref().unwrap();
    assert_eq!(
        (inv.closed_on, inv.closure_reason.as_deref()),
        (Some(date!(2025 - 03 - 05)), Some("Referred to the DPP"))
    );
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
            withdrawal: None,
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
    assert_eq!(case.stage(), CaseStage::Concluded);
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
    // A summons needs the DPP's decision to prosecute.
    let summons = ProsecutionUpdate {
        summons_issued_on: Some(date!(2025 - 04 - 01)),
        prosecutor: None,
        dpp_decision: None,
        court: None,
        court_case_number: None,
        withdrawal: None,
    };
    assert!(matches!(case.update_prosecution(1, summons, TODAY), Err(DomainError::Refused(_))));
    let decide = ProsecutionUpdate {
        dpp_decision: Some(DppDecision { decision: DppDecisionKind::Prosecute, on: date!(2025 - 03 - 05) }),
        summons_issued_on: None,
        prosecutor: None,
        court: None,
        court_case_number: None,
        withdrawal: None,
    };
    case.update_prosecution(1, decide, TODAY).unwrap();
    // No conviction of a person not charged.
    assert!(matches!(case.record_verdict(2, verdict(s), TODAY), Err(DomainError::Refused(_))));
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
    assert!(matches!(case.record_sentence(3, sentence.clone(), TODAY), Err(DomainError::Refused(_))));
    // An acquittal does not allow a sentence either, and a second verdict is refused.
    case.record_verdict(3, VerdictInput { outcome: VerdictOutcome::Acquittal, ..verdict(s) }, TODAY).unwrap();
    assert!(matches!(case.record_sentence(4, sentence, TODAY), Err(DomainError::Refused(_))));
    assert!(matches!(case.record_verdict(4, verdict(s), TODAY), Err(DomainError::Refused(_))));
    // A stale prosecution version is reported as such.
    assert!(matches!(
        case.add_hearing(
            1,
            HearingInput { on: date!(2025 - 05 - 01), kind: HearingKind::Trial, victim_testified: false, notes: None },
            TODAY
        ),
        Err(DomainError::Stale { record: "prosecution", expected: 1, actual: 4 })
    ));
}

/// A synthetic organisation in Lesotho that offers `services`.
fn org(name: &str, services: &[ServiceType]) -> Organisation {
    Organisation::new(OrganisationInput {
        name: name.into(),
        org_type: OrgType::Ngo,
        district: None,
        services: services.to_vec(),
        phone: None,
        city: None,
        street: None,
        postal_code: None,
        latitude: None,
        longitude: None,
        country: ls(),
    })
    .unwrap()
}

/// Records `purpose` consent given by adult victim `v`.
fn consent(case: &mut Case, v: PersonId, purpose: ConsentPurpose) -> ConsentId {
    let input = ConsentInput {
        victim: v,
        purpose,
        given: true,
        recorded_on: date!(2025 - 02 - 03),
        recorded_by: None,
        given_by: None,
        child_assent: None,
    };
    case.record_consent(input, TODAY).unwrap()
}

#[test]
fn referrals_follow_their_state_machine() {
    let mut case = new_case();
    let v = case.add_victim(victim(Some(date!(1999 - 05 - 05))), TODAY, None).unwrap();
    consent(&mut case, v, ConsentPurpose::Services);
    let shelter = org("Synthetic Shelter One", &[ServiceType::Shelter]);
    let shelter2 = org("Synthetic Shelter Two", &[ServiceType::Shelter]);
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
    let r = case.send_referral(send(shelter.id), &shelter, TODAY).unwrap();
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
    let r2 = case.send_referral(send(shelter2.id), &shelter2, TODAY).unwrap();
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
    let v = case.add_victim(victim(Some(date!(1999 - 05 - 05))), TODAY, None).unwrap();
    let input = ConsentInput {
        victim: v,
        purpose: ConsentPurpose::Prosecution,
        given: true,
        recorded_on: date!(2025 - 02 - 03),
        recorded_by: None,
        given_by: None,
        child_assent: None,
    };
    let c = case.record_consent(input.clone(), TODAY).unwrap();
    assert!(matches!(case.record_consent(input.clone(), TODAY), Err(DomainError::Refused(_))));
    case.withdraw_consent(c, 1, date!(2025 - 06 - 01), TODAY).unwrap();
    assert!(matches!(case.withdraw_consent(c, 2, date!(2025 - 06 - 02), TODAY), Err(DomainError::Refused(_))));
    case.record_consent(input, TODAY).unwrap();

    let close = CaseUpdate { status: Some(CaseStatus::Closed), ..Default::default() };
    assert!(matches!(case.update(close, TODAY), Err(DomainError::Invalid(_))));
    let close = CaseUpdate {
        status: Some(CaseStatus::Closed),
        closure_reason: Some("Victim reintegrated".into()),
        ..Default::default()
    };
    case.update(close, TODAY).unwrap();
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

// ---- Referral life ----

fn adult(case: &mut Case) -> PersonId {
    case.add_victim(victim(Some(date!(1999 - 05 - 05))), TODAY, None).unwrap()
}

fn referral_to(v: Option<PersonId>, to: &Organisation, service: ServiceType) -> NewReferral {
    NewReferral {
        victim: v,
        from_org: case_org(),
        to_org: to.id,
        service,
        reason: ReferralReason::AdditionalServicesRequired,
        details: None,
        sent_on: date!(2025 - 02 - 04),
        referring_case_worker: None,
        referring_case_worker_user: None,
        referred_case_worker: None,
        referred_case_worker_user: None,
    }
}

#[test]
fn a_referral_can_be_revoked_by_its_sender_or_closed_as_not_delivered() {
    let mut case = new_case();
    let v = adult(&mut case);
    consent(&mut case, v, ConsentPurpose::Services);
    let shelter = org("Synthetic Shelter", &[ServiceType::Shelter, ServiceType::Counselling]);
    let on = date!(2025 - 02 - 06);
    let revoke = |reason: &str| ReferralAction::Revoke { on, reason: reason.into() };
    let not_delivered = |reason: &str| ReferralAction::CloseNotDelivered { on, reason: reason.into() };

    // Revoked while sent, with a reason.
    let r1 = case.send_referral(referral_to(Some(v), &shelter, ServiceType::Shelter), &shelter, TODAY).unwrap();
    let err = case.move_referral(r1, 1, revoke("  "), TODAY).unwrap_err();
    assert!(matches!(&err, DomainError::Invalid(f) if f[0].field == "reason"), "{err:?}");
    // A sent referral was never accepted: it cannot be closed as not delivered.
    assert!(matches!(case.move_referral(r1, 1, not_delivered("No bed"), TODAY), Err(DomainError::Refused(_))));
    case.move_referral(r1, 1, revoke("Victim moved to another district"), TODAY).unwrap();
    let r = case.referrals.iter().find(|r| r.id == r1).unwrap();
    assert_eq!(
        (r.state, r.closed_on, r.end_reason.as_deref()),
        (ReferralState::Revoked, Some(on), Some("Victim moved to another district"))
    );
    assert!(!r.is_active());
    // Revoked is final.
    assert!(matches!(case.move_referral(r1, 2, ReferralAction::Close { on }, TODAY), Err(DomainError::Refused(_))));

    // Revoked while accepted.
    let r2 = case.send_referral(referral_to(Some(v), &shelter, ServiceType::Counselling), &shelter, TODAY).unwrap();
    case.move_referral(r2, 1, ReferralAction::Accept { on }, TODAY).unwrap();
    case.move_referral(r2, 2, revoke("Counselling arranged elsewhere"), TODAY).unwrap();
    assert_eq!(case.referrals.iter().find(|r| r.id == r2).unwrap().state, ReferralState::Revoked);

    // Closed as not delivered once accepted; not once delivered.
    let r3 = case.send_referral(referral_to(Some(v), &shelter, ServiceType::Shelter), &shelter, TODAY).unwrap();
    case.move_referral(r3, 1, ReferralAction::Accept { on }, TODAY).unwrap();
    let err = case.move_referral(r3, 2, not_delivered(""), TODAY).unwrap_err();
    assert!(matches!(&err, DomainError::Invalid(f) if f[0].field == "reason"), "{err:?}");
    case.move_referral(r3, 2, not_delivered("The victim did not come"), TODAY).unwrap();
    let r = case.referrals.iter().find(|r| r.id == r3).unwrap();
    assert_eq!((r.state, r.end_reason.as_deref()), (ReferralState::NotDelivered, Some("The victim did not come")));
    assert!(!r.is_active());
    let r4 = case.send_referral(referral_to(Some(v), &shelter, ServiceType::Shelter), &shelter, TODAY).unwrap();
    case.move_referral(r4, 1, ReferralAction::Accept { on }, TODAY).unwrap();
    case.move_referral(r4, 2, ReferralAction::Deliver { on, note: None }, TODAY).unwrap();
    assert!(matches!(case.move_referral(r4, 3, not_delivered("x"), TODAY), Err(DomainError::Refused(_))));
    assert!(matches!(case.move_referral(r4, 3, revoke("x"), TODAY), Err(DomainError::Refused(_))));

    // The JSON action names, and which side performs each move.
    let json = r#"{"action": "close_not_delivered", "on": "2025-02-06", "reason": "No bed"}"#;
    let action: ReferralAction = serde_json::from_str(json).unwrap();
    assert_eq!(action, not_delivered("No bed"));
    assert_eq!(action.side(), ReferralSide::Receiving);
    assert_eq!(revoke("x").side(), ReferralSide::Sending);
    assert_eq!(ReferralAction::Close { on }.side(), ReferralSide::Either);
    for a in [
        ReferralAction::Accept { on },
        ReferralAction::Decline { on, reason: "x".into() },
        ReferralAction::Deliver { on, note: None },
    ] {
        assert_eq!(a.side(), ReferralSide::Receiving);
    }
}

#[test]
fn the_service_asked_for_must_be_one_the_receiver_offers() {
    let mut case = new_case();
    let v = adult(&mut case);
    consent(&mut case, v, ConsentPurpose::Services);
    let clinic = org("Synthetic Clinic", &[ServiceType::Medical, ServiceType::Counselling]);
    let before = case.clone();
    let err = case.send_referral(referral_to(Some(v), &clinic, ServiceType::Shelter), &clinic, TODAY).unwrap_err();
    let DomainError::Invalid(f) = &err else { panic!("{err:?}") };
    assert_eq!(f[0].field, "service");
    assert!(f[0].reason.contains("Shelter") && f[0].reason.contains("Medical, Counselling"), "{}", f[0].reason);
    let none = org("Synthetic Office", &[]);
    let err = case.send_referral(referral_to(None, &none, ServiceType::Other), &none, TODAY).unwrap_err();
    assert!(matches!(&err, DomainError::Invalid(f) if f[0].field == "service" && f[0].reason.contains("no service")));
    // The organisation given must be the one the referral names.
    let err = case.send_referral(referral_to(None, &clinic, ServiceType::Medical), &none, TODAY).unwrap_err();
    assert!(matches!(&err, DomainError::Invalid(f) if f[0].field == "to_org"), "{err:?}");
    assert_eq!(case, before);
    case.send_referral(referral_to(Some(v), &clinic, ServiceType::Medical), &clinic, TODAY).unwrap();
}

// ---- Case transfer ----

#[test]
fn a_case_moves_to_another_organisation_only_by_a_transfer_with_a_reason() {
    let mut case = new_case();
    let first = case.organisation;
    // PATCH cannot move it: `organisation` is no field of a case update.
    let err = serde_json::from_str::<CaseUpdate>(r#"{"organisation": "00000000-0000-0000-0000-000000000000"}"#);
    assert!(err.unwrap_err().to_string().contains("unknown field `organisation`"));
    let to = OrgId::new();
    let err = case.transfer(to, " ").unwrap_err();
    assert!(matches!(&err, DomainError::Invalid(f) if f[0].field == "reason"), "{err:?}");
    let err = case.transfer(to, &"x".repeat(2001)).unwrap_err();
    assert!(matches!(&err, DomainError::Invalid(f) if f[0].field == "reason"), "{err:?}");
    let err = case.transfer(first, "Same place").unwrap_err();
    assert!(matches!(&err, DomainError::Invalid(f) if f[0].field == "to_org"), "{err:?}");
    assert_eq!(case.organisation, first);
    assert_eq!(case.transfer(to, "The ATU takes over cases at the border").unwrap(), first);
    assert_eq!(case.organisation, to);
}

// ---- Consent that takes effect ----

#[test]
fn a_referral_naming_a_victim_needs_consent_to_services() {
    let mut case = new_case();
    let v = adult(&mut case);
    let all = org(
        "Synthetic Multi-Service Centre",
        &[ServiceType::Shelter, ServiceType::ChildProtection, ServiceType::Investigation],
    );
    let err = case.send_referral(referral_to(Some(v), &all, ServiceType::Shelter), &all, TODAY).unwrap_err();
    assert!(matches!(&err, DomainError::Refused(m) if m.contains("consent to services")), "{err:?}");
    // Not naming the victim, or for child protection or investigation, it needs none.
    case.send_referral(referral_to(None, &all, ServiceType::Shelter), &all, TODAY).unwrap();
    case.send_referral(referral_to(Some(v), &all, ServiceType::ChildProtection), &all, TODAY).unwrap();
    case.send_referral(referral_to(Some(v), &all, ServiceType::Investigation), &all, TODAY).unwrap();
    // A refusal is no consent.
    let refusal = ConsentInput {
        victim: v,
        purpose: ConsentPurpose::Services,
        given: false,
        recorded_on: date!(2025 - 02 - 03),
        recorded_by: None,
        given_by: None,
        child_assent: None,
    };
    case.record_consent(refusal, TODAY).unwrap();
    assert!(case.send_referral(referral_to(Some(v), &all, ServiceType::Shelter), &all, TODAY).is_err());
    consent(&mut case, v, ConsentPurpose::Services);
    // Not dated before the consent was recorded (2025-02-03).
    let early = NewReferral { sent_on: date!(2025 - 02 - 02), ..referral_to(Some(v), &all, ServiceType::Shelter) };
    let err = case.send_referral(early, &all, TODAY).unwrap_err();
    assert!(
        matches!(&err, DomainError::Invalid(f) if f[0].field == "sent_on" && f[0].reason.contains("2025-02-03")),
        "{err:?}"
    );
    case.send_referral(referral_to(Some(v), &all, ServiceType::Shelter), &all, TODAY).unwrap();
}

#[test]
fn withdrawing_consent_to_services_revokes_the_victims_active_referrals_but_statutory_ones() {
    let mut case = new_case();
    let v = adult(&mut case);
    let mut child = victim(Some(date!(2010 - 01 - 01)));
    child.person.first_name = "Palesa".into();
    let c = case.add_victim(child, TODAY, None).unwrap();
    let guardian = ConsentInput {
        victim: c,
        purpose: ConsentPurpose::Services,
        given: true,
        recorded_on: date!(2025 - 02 - 03),
        recorded_by: Some("Synthetic Social Worker".into()),
        given_by: Some(ConsentGiver::ParentOrGuardian),
        child_assent: Some(true),
    };
    let child_consent = case.record_consent(guardian, TODAY).unwrap();
    let adult_consent = consent(&mut case, v, ConsentPurpose::Services);
    let all = org(
        "Synthetic Multi-Service Centre",
        &[
            ServiceType::Shelter,
            ServiceType::Medical,
            ServiceType::Counselling,
            ServiceType::ChildProtection,
            ServiceType::Investigation,
        ],
    );
    let on = date!(2025 - 02 - 05);
    let send =
        |case: &mut Case, who, service| case.send_referral(referral_to(Some(who), &all, service), &all, TODAY).unwrap();
    let sent = send(&mut case, v, ServiceType::Shelter);
    let accepted = send(&mut case, v, ServiceType::Medical);
    case.move_referral(accepted, 1, ReferralAction::Accept { on }, TODAY).unwrap();
    let delivered = send(&mut case, v, ServiceType::Counselling);
    case.move_referral(delivered, 1, ReferralAction::Accept { on }, TODAY).unwrap();
    case.move_referral(delivered, 2, ReferralAction::Deliver { on, note: None }, TODAY).unwrap();
    let police = send(&mut case, v, ServiceType::Investigation);
    let adult_protection = send(&mut case, v, ServiceType::ChildProtection);
    let child_protection = send(&mut case, c, ServiceType::ChildProtection);
    let child_shelter = send(&mut case, c, ServiceType::Shelter);
    let state = |case: &Case, id| case.referrals.iter().find(|r| r.id == id).unwrap().clone();

    let ended = case.withdraw_consent(adult_consent, 1, date!(2025 - 03 - 01), TODAY).unwrap();
    assert_eq!(ended, vec![sent, accepted, delivered, adult_protection]);
    for id in [sent, accepted, adult_protection] {
        let r = state(&case, id);
        assert_eq!((r.state, r.end_reason.as_deref()), (ReferralState::Revoked, Some("consent to services withdrawn")));
        assert_eq!(r.closed_on, Some(date!(2025 - 03 - 01)));
    }
    assert_eq!(state(&case, delivered).state, ReferralState::Closed);
    assert_eq!(state(&case, police).state, ReferralState::Sent);
    // The child's referrals are untouched by the adult's withdrawal...
    assert_eq!(state(&case, child_shelter).state, ReferralState::Sent);
    // ... and the child's own withdrawal keeps the statutory child-protection referral.
    let ended = case.withdraw_consent(child_consent, 1, date!(2025 - 03 - 01), TODAY).unwrap();
    assert_eq!(ended, vec![child_shelter]);
    assert_eq!(state(&case, child_protection).state, ReferralState::Sent);
    // Nothing is sent for services without the consent again.
    assert!(matches!(
        case.send_referral(referral_to(Some(v), &all, ServiceType::Shelter), &all, TODAY),
        Err(DomainError::Refused(_))
    ));
}

#[test]
fn a_referral_abroad_that_names_a_victim_needs_consent_to_cross_border_sharing() {
    let mut case = new_case();
    let v = adult(&mut case);
    consent(&mut case, v, ConsentPurpose::Services);
    let mut abroad = org("Synthetic Shelter, Bloemfontein", &[ServiceType::Shelter, ServiceType::Repatriation]);
    abroad.details.country = CountryCode::parse("ZA").unwrap();
    let err = case.send_referral(referral_to(Some(v), &abroad, ServiceType::Shelter), &abroad, TODAY).unwrap_err();
    assert!(
        matches!(&err, DomainError::Refused(m) if m.contains("cross-border sharing") && m.contains("ZA")),
        "{err:?}"
    );
    // Without naming the victim it can go.
    case.send_referral(referral_to(None, &abroad, ServiceType::Repatriation), &abroad, TODAY).unwrap();
    consent(&mut case, v, ConsentPurpose::CrossBorderSharing);
    case.send_referral(referral_to(Some(v), &abroad, ServiceType::Shelter), &abroad, TODAY).unwrap();
}

/// A case with an investigation, a prosecution of `accused` (charged), and the DPP's decision to prosecute.
fn before_court(case: &mut Case, accused: &[PersonId]) {
    case.open_investigation(
        InvestigationInput {
            unit: InvestigationUnit::AntiTraffickingUnit,
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
    let charges = accused
        .iter()
        .map(|a| ChargeInput {
            accused: *a,
            offence: Offence::TraffickingInPersons,
            statute: None,
            counts: 1,
            filed_on: date!(2025 - 03 - 10),
        })
        .collect();
    case.open_prosecution(
        ProsecutionInput {
            prosecutor: "Adv. Synthetic".into(),
            referred_on: date!(2025 - 03 - 01),
            court: None,
            court_case_number: None,
            charges,
        },
        TODAY,
    )
    .unwrap();
    assert_eq!(case.stage(), CaseStage::AtDpp);
    case.update_prosecution(1, decision(DppDecisionKind::Prosecute), TODAY).unwrap();
    assert_eq!(case.stage(), CaseStage::BeforeCourt);
}

fn decision(kind: DppDecisionKind) -> ProsecutionUpdate {
    ProsecutionUpdate {
        dpp_decision: Some(DppDecision { decision: kind, on: date!(2025 - 03 - 05) }),
        summons_issued_on: None,
        prosecutor: None,
        court: None,
        court_case_number: None,
        withdrawal: None,
    }
}

fn pv(case: &Case) -> i64 {
    case.prosecution.as_ref().unwrap().version
}

#[test]
fn a_victim_testifies_only_with_consent_to_prosecution() {
    let mut case = new_case();
    let v = adult(&mut case);
    let s = case.add_suspect(suspect(), TODAY).unwrap();
    before_court(&mut case, &[s]);
    let witness = WitnessInput {
        person: person("Lineo", None),
        victim: Some(v),
        statement_taken_on: Some(date!(2025 - 02 - 10)),
        testimony_preserved: true,
    };
    let err = case.add_witness(witness.clone(), TODAY).unwrap_err();
    assert!(matches!(&err, DomainError::Refused(m) if m.contains("consent to prosecution")), "{err:?}");
    let hearing =
        HearingInput { on: date!(2025 - 05 - 01), kind: HearingKind::Trial, victim_testified: true, notes: None };
    let err = case.add_hearing(pv(&case), hearing.clone(), TODAY).unwrap_err();
    assert!(matches!(&err, DomainError::Refused(m) if m.contains("consent to prosecution")), "{err:?}");
    // A witness who is not the victim needs none; a hearing without the victim's testimony neither.
    let w = case.add_witness(WitnessInput { victim: None, ..witness.clone() }, TODAY).unwrap();
    case.add_hearing(pv(&case), HearingInput { victim_testified: false, ..hearing.clone() }, TODAY).unwrap();
    // Linking the witness to the victim later needs it too.
    assert!(case.update_witness(w, 1, witness.clone(), TODAY).is_err());
    consent(&mut case, v, ConsentPurpose::Prosecution);
    case.update_witness(w, 1, witness.clone(), TODAY).unwrap();
    case.add_witness(witness, TODAY).unwrap();
    case.add_hearing(pv(&case), hearing, TODAY).unwrap();
}

#[test]
fn statistics_count_every_victim_but_those_who_refused_or_withdrew() {
    let mut case = new_case();
    let silent = adult(&mut case);
    let agreed = adult(&mut case);
    let refused = adult(&mut case);
    let withdrew = adult(&mut case);
    let agreed_again = adult(&mut case);
    consent(&mut case, agreed, ConsentPurpose::Statistics);
    case.record_consent(
        ConsentInput {
            victim: refused,
            purpose: ConsentPurpose::Statistics,
            given: false,
            recorded_on: date!(2025 - 02 - 03),
            recorded_by: None,
            given_by: None,
            child_assent: None,
        },
        TODAY,
    )
    .unwrap();
    let c = consent(&mut case, withdrew, ConsentPurpose::Statistics);
    case.withdraw_consent(c, 1, date!(2025 - 04 - 01), TODAY).unwrap();
    let c = consent(&mut case, agreed_again, ConsentPurpose::Statistics);
    case.withdraw_consent(c, 1, date!(2025 - 04 - 01), TODAY).unwrap();
    consent(&mut case, agreed_again, ConsentPurpose::Statistics);
    // Consent to other purposes does not matter.
    consent(&mut case, silent, ConsentPurpose::Services);
    assert_eq!(case.victims_for_statistics(), vec![silent, agreed, agreed_again]);
    assert_eq!(case.consent_status(refused, ConsentPurpose::Statistics), ConsentStatus::Refused);
    assert_eq!(case.consent_status(withdrew, ConsentPurpose::Statistics), ConsentStatus::Withdrawn);
    assert_eq!(case.consent_status(silent, ConsentPurpose::Statistics), ConsentStatus::NotRecorded);
}

#[test]
fn a_childs_consent_is_given_by_a_guardian_or_court_with_the_childs_assent() {
    let mut case = new_case();
    let child = case.add_victim(victim(Some(date!(2010 - 01 - 01))), TODAY, None).unwrap();
    let unknown_age = case.add_victim(victim(None), TODAY, None).unwrap();
    let grown = adult(&mut case);
    let input = |victim, given_by, child_assent| ConsentInput {
        victim,
        purpose: ConsentPurpose::Services,
        given: true,
        recorded_on: date!(2025 - 02 - 03),
        recorded_by: None,
        given_by,
        child_assent,
    };
    for v in [child, unknown_age] {
        let err = case.record_consent(input(v, None, None), TODAY).unwrap_err();
        let DomainError::Invalid(f) = &err else { panic!("{err:?}") };
        let names: Vec<_> = f.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(names, ["given_by", "child_assent"]);
        let err = case.record_consent(input(v, Some(ConsentGiver::ParentOrGuardian), None), TODAY).unwrap_err();
        assert!(matches!(&err, DomainError::Invalid(f) if f[0].field == "child_assent"), "{err:?}");
    }
    // The child may not assent: that is recorded, and the guardian's consent stands.
    let id = case.record_consent(input(child, Some(ConsentGiver::ParentOrGuardian), Some(false)), TODAY).unwrap();
    let x = case.consents.iter().find(|x| x.id == id).unwrap();
    assert_eq!((x.given_by, x.child_assent), (ConsentGiver::ParentOrGuardian, Some(false)));
    case.record_consent(input(unknown_age, Some(ConsentGiver::Court), Some(true)), TODAY).unwrap();
    // A child's refusal may be their own.
    case.record_consent(
        ConsentInput { given: false, purpose: ConsentPurpose::Statistics, ..input(child, None, None) },
        TODAY,
    )
    .unwrap();
    // An adult gives consent themself (or a court does), and no assent is recorded.
    let err = case.record_consent(input(grown, Some(ConsentGiver::ParentOrGuardian), Some(true)), TODAY).unwrap_err();
    let DomainError::Invalid(f) = &err else { panic!("{err:?}") };
    assert_eq!(f.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["given_by", "child_assent"]);
    let id = case.record_consent(input(grown, None, None), TODAY).unwrap();
    assert_eq!(case.consents.iter().find(|x| x.id == id).unwrap().given_by, ConsentGiver::Victim);
}

// ---- Justice ----

#[test]
fn court_steps_need_the_dpps_decision_to_prosecute() {
    let mut case = new_case();
    let v = adult(&mut case);
    let s = case.add_suspect(suspect(), TODAY).unwrap();
    before_court(&mut case, &[s]);
    // Back to no decision: a fresh case at the DPP.
    let mut at_dpp = case.clone();
    at_dpp.prosecution.as_mut().unwrap().dpp_decision = None;
    let verdict = VerdictInput { accused: s, outcome: VerdictOutcome::Conviction, on: date!(2025 - 06 - 01) };
    let hearing = HearingInput {
        on: date!(2025 - 05 - 01),
        kind: HearingKind::FirstAppearance,
        victim_testified: false,
        notes: None,
    };
    let err = at_dpp.record_verdict(pv(&at_dpp), verdict.clone(), TODAY).unwrap_err();
    assert!(matches!(&err, DomainError::Refused(m) if m.contains("decision to prosecute")), "{err:?}");
    assert!(matches!(at_dpp.add_hearing(pv(&at_dpp), hearing.clone(), TODAY), Err(DomainError::Refused(_))));
    // After a decision to decline, no verdict either.
    let mut declined = at_dpp.clone();
    declined.update_prosecution(pv(&declined), decision(DppDecisionKind::Decline), TODAY).unwrap();
    assert_eq!(declined.stage(), CaseStage::Declined);
    let err = declined.record_verdict(pv(&declined), verdict.clone(), TODAY).unwrap_err();
    assert!(matches!(&err, DomainError::Refused(m) if m.contains("Decline to prosecute")), "{err:?}");
    let mut returned = at_dpp.clone();
    returned.update_prosecution(pv(&returned), decision(DppDecisionKind::FurtherInvestigation), TODAY).unwrap();
    assert_eq!(returned.stage(), CaseStage::AtDpp);

    // Once a hearing is recorded (or a summons issued) the DPP cannot decline or send it back.
    case.add_hearing(pv(&case), hearing.clone(), TODAY).unwrap();
    for kind in [DppDecisionKind::Decline, DppDecisionKind::FurtherInvestigation] {
        let err = case.update_prosecution(pv(&case), decision(kind), TODAY).unwrap_err();
        assert!(matches!(&err, DomainError::Refused(m) if m.contains("hearing")), "{err:?}");
    }
    let mut summoned = at_dpp.clone();
    let mut up = decision(DppDecisionKind::Prosecute);
    up.summons_issued_on = Some(date!(2025 - 03 - 20));
    summoned.update_prosecution(pv(&summoned), up, TODAY).unwrap();
    let err = summoned.update_prosecution(pv(&summoned), decision(DppDecisionKind::Decline), TODAY).unwrap_err();
    assert!(matches!(&err, DomainError::Refused(m) if m.contains("summons")), "{err:?}");

    // Sentence and compensation follow a conviction before the court.
    case.record_verdict(pv(&case), verdict, TODAY).unwrap();
    let compensation = CompensationInput { accused: s, victim: v, amount_lsl: 5_000, on: date!(2025 - 07 - 01) };
    case.order_compensation(pv(&case), compensation, TODAY).unwrap();
    assert_eq!(case.stage(), CaseStage::Concluded);
}

#[test]
fn a_prosecution_can_be_withdrawn_before_any_verdict_and_then_takes_no_step() {
    let mut case = new_case();
    let s = case.add_suspect(suspect(), TODAY).unwrap();
    before_court(&mut case, &[s]);
    let withdraw = |on, reason: &str| ProsecutionUpdate {
        withdrawal: Some(ProsecutionWithdrawal { on, reason: reason.into() }),
        dpp_decision: None,
        summons_issued_on: None,
        prosecutor: None,
        court: None,
        court_case_number: None,
    };
    let err = case.update_prosecution(pv(&case), withdraw(date!(2025 - 04 - 01), ""), TODAY).unwrap_err();
    assert!(matches!(&err, DomainError::Invalid(f) if f[0].field == "withdrawal.reason"), "{err:?}");
    let err = case.update_prosecution(pv(&case), withdraw(date!(2025 - 03 - 01), "x"), TODAY).unwrap_err();
    assert!(matches!(&err, DomainError::Invalid(f) if f[0].field == "withdrawal.on"), "{err:?}");
    // Only a prosecution the DPP decided to bring is withdrawn.
    let mut undecided = case.clone();
    undecided.prosecution.as_mut().unwrap().dpp_decision = None;
    assert!(matches!(
        undecided.update_prosecution(pv(&undecided), withdraw(date!(2025 - 04 - 01), "Witness died"), TODAY),
        Err(DomainError::Refused(_))
    ));
    case.update_prosecution(pv(&case), withdraw(date!(2025 - 04 - 01), "Key witness unavailable"), TODAY).unwrap();
    let p = case.prosecution.as_ref().unwrap();
    assert_eq!(
        (p.withdrawn_on, p.withdrawal_reason.as_deref()),
        (Some(date!(2025 - 04 - 01)), Some("Key witness unavailable"))
    );
    assert_eq!(case.stage(), CaseStage::Declined);
    let verdict = VerdictInput { accused: s, outcome: VerdictOutcome::Conviction, on: date!(2025 - 06 - 01) };
    let err = case.record_verdict(pv(&case), verdict, TODAY).unwrap_err();
    assert!(matches!(&err, DomainError::Refused(m) if m.contains("withdrawn")), "{err:?}");
    assert!(case.update_prosecution(pv(&case), decision(DppDecisionKind::Prosecute), TODAY).is_err());
    let charge = ChargeInput {
        accused: s,
        offence: Offence::DocumentOffence,
        statute: None,
        counts: 1,
        filed_on: date!(2025 - 04 - 02),
    };
    assert!(
        matches!(case.add_charge(pv(&case), charge, TODAY), Err(DomainError::Refused(m)) if m.contains("withdrawn"))
    );
}

#[test]
fn a_case_is_concluded_only_when_every_accused_has_a_verdict() {
    let mut case = new_case();
    let a = case.add_suspect(suspect(), TODAY).unwrap();
    let b = case.add_suspect(suspect(), TODAY).unwrap();
    assert_eq!(case.stage(), CaseStage::Reported);
    before_court(&mut case, &[a, b]);
    let verdict = |accused| VerdictInput { accused, outcome: VerdictOutcome::Conviction, on: date!(2025 - 06 - 01) };
    case.record_verdict(pv(&case), verdict(a), TODAY).unwrap();
    assert_eq!(case.stage(), CaseStage::BeforeCourt);
    case.record_verdict(pv(&case), VerdictInput { outcome: VerdictOutcome::Acquittal, ..verdict(b) }, TODAY).unwrap();
    assert_eq!(case.stage(), CaseStage::Concluded);
    for s in CaseStage::ALL {
        assert_eq!(CaseStage::from_code(s.code()), Some(s));
    }
}

// ---- The child rule ----

#[test]
fn a_change_of_age_refers_a_child_and_an_unknown_age_is_presumed_a_child() {
    let mut case = new_case();
    let to = OrgId::new();
    let child = Some(ChildReferral { from: case.organisation, to });
    let protection = |case: &Case, v| {
        case.referrals.iter().filter(|r| r.victim == Some(v) && r.service == ServiceType::ChildProtection).count()
    };
    // Recorded as an adult, then found to be 16: referred on the update, dated today.
    let v = case.add_victim(victim(Some(date!(1999 - 05 - 05))), TODAY, child).unwrap();
    assert_eq!(protection(&case, v), 0);
    case.update_victim(v, 1, victim(Some(date!(2008 - 06 - 01))), TODAY, child).unwrap();
    assert_eq!(protection(&case, v), 1);
    let r = case.referrals.iter().find(|r| r.victim == Some(v)).unwrap();
    assert!(r.automatic);
    assert_eq!(r.sent_on, TODAY);
    // Another change of age does not refer twice.
    case.update_victim(v, 2, victim(Some(date!(2009 - 06 - 01))), TODAY, child).unwrap();
    assert_eq!(protection(&case, v), 1);
    // An estimated age of 15 given later refers too.
    let e = case.add_victim(victim(Some(date!(1990 - 01 - 01))), TODAY, child).unwrap();
    let mut est = victim(None);
    est.person.estimated_age = Some(15);
    case.update_victim(e, 1, est, TODAY, child).unwrap();
    assert_eq!(protection(&case, e), 1);
    // A changed identification date counts as a change of age.
    let late = case.add_victim(victim(Some(date!(2007 - 01 - 01))), TODAY, None).unwrap();
    let mut earlier = victim(Some(date!(2007 - 01 - 01)));
    earlier.context.identified_on = date!(2024 - 12 - 01);
    earlier.context.status_decided_on = None;
    case.update_victim(late, 1, earlier, TODAY, child).unwrap();
    assert_eq!(protection(&case, late), 1);
    // Of unknown age: presumed a child, referred at once.
    let unknown = case.add_victim(victim(None), TODAY, child).unwrap();
    assert!(case.victims.iter().find(|x| x.id == unknown).unwrap().presumed_child());
    assert_eq!(protection(&case, unknown), 1);
    assert!(case.missed_child_referrals().is_empty());
}

#[test]
fn a_child_who_could_not_be_referred_is_recorded_as_missed() {
    let mut case = new_case();
    let child = case.add_victim(victim(Some(date!(2010 - 01 - 01))), TODAY, None).unwrap();
    let unknown = case.add_victim(victim(None), TODAY, None).unwrap();
    adult(&mut case);
    assert_eq!(case.missed_child_referrals(), vec![child, unknown]);
    let json = serde_json::to_value(&case).unwrap();
    assert_eq!(json["missed_child_referrals"], serde_json::json!([child.to_string(), unknown.to_string()]));
    let back: Case = serde_json::from_value(json).unwrap();
    assert_eq!(back, case);
    // A later change of age, once an organisation exists, refers the child; the miss is gone.
    let refer = Some(ChildReferral { from: case.organisation, to: OrgId::new() });
    let mut older = victim(None);
    older.person.estimated_age = Some(12);
    case.update_victim(unknown, 1, older, TODAY, refer).unwrap();
    assert_eq!(case.missed_child_referrals(), vec![child]);
}

// ---- Plausible dates (penetration test, low) ----

/// The fields an `Invalid` error names.
fn named(err: DomainError) -> Vec<String> {
    match err {
        DomainError::Invalid(fields) => fields.into_iter().map(|f| f.field).collect(),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn dates_before_1900_or_after_today_are_refused() {
    let mut case = new_case();
    let mut old = victim(None);
    old.context.identified_on = date!(1899 - 12 - 31);
    old.context.status_decided_on = None;
    assert_eq!(named(case.add_victim(old, TODAY, None).unwrap_err()), ["context.identified_on"]);
    assert!(case.victims.is_empty());

    let v = adult(&mut case);
    let event = EventInput {
        event_type: EventType::Recruitment,
        date: Some(date!(1850 - 01 - 01)),
        country: ls(),
        district: None,
        state: None,
        port_of_entry: None,
        city: None,
        place: None,
        postal_code: None,
        description: None,
        latitude: None,
        longitude: None,
        victim: Some(v),
    };
    assert_eq!(named(case.add_event(event, TODAY).unwrap_err()), ["date"]);

    let consent = ConsentInput {
        victim: v,
        purpose: ConsentPurpose::Services,
        given: true,
        recorded_on: date!(1899 - 01 - 01),
        recorded_by: None,
        given_by: None,
        child_assent: None,
    };
    assert_eq!(named(case.record_consent(consent, TODAY).unwrap_err()), ["recorded_on"]);

    // A planned end may lie ahead, but not absurdly far.
    let plan = |planned_end| SupportPlanInput {
        victim: v,
        plan_type: SupportPlanType::Health,
        provider: None,
        objectives: "Safe housing".into(),
        action_plan: None,
        started_on: date!(2025 - 02 - 05),
        planned_end: Some(planned_end),
        actual_end: None,
    };
    case.add_support_plan(plan(date!(2027 - 06 - 01)), TODAY).unwrap();
    assert_eq!(named(case.add_support_plan(plan(date!(2400 - 01 - 01)), TODAY).unwrap_err()), ["planned_end"]);

    // The incoming referral is received by the day it is recorded.
    let incoming = IncomingReferral {
        from_org: OrgId::new(),
        received_on: Some(date!(2027 - 01 - 01)),
        reason: None,
        details: None,
        case_worker: None,
        case_worker_user: None,
    };
    let change = CaseUpdate { incoming_referral: Some(incoming), ..Default::default() };
    assert_eq!(named(case.update(change, TODAY).unwrap_err()), ["incoming_referral.received_on"]);
    let early = NewCase { detected_on: date!(1899 - 12 - 31), ..new_case_input() };
    assert_eq!(named(early.validate(TODAY).unwrap_err()), ["detected_on"]);
}

#[test]
fn a_referral_is_not_sent_before_the_case_was_detected() {
    let mut case = new_case(); // detected on 2025-02-01
    let shelter = org("Synthetic Shelter", &[ServiceType::Shelter]);
    let early = NewReferral { sent_on: date!(2025 - 01 - 31), ..referral_to(None, &shelter, ServiceType::Shelter) };
    let fields = named(case.send_referral(early, &shelter, TODAY).unwrap_err());
    assert_eq!(fields, ["sent_on"]);
    assert!(case.referrals.is_empty());
    let on_the_day =
        NewReferral { sent_on: date!(2025 - 02 - 01), ..referral_to(None, &shelter, ServiceType::Shelter) };
    case.send_referral(on_the_day, &shelter, TODAY).unwrap();
}

#[test]
fn a_case_holds_at_most_max_people() {
    let mut case = new_case();
    for _ in 0..MAX_PEOPLE - 1 {
        case.add_suspect(suspect(), TODAY).unwrap();
    }
    case.add_victim(victim(Some(date!(1999 - 05 - 05))), TODAY, None).unwrap();
    let refused = case.add_suspect(suspect(), TODAY).unwrap_err();
    assert!(refused.to_string().contains("at most 1000 people"), "{refused}");
    assert!(case.add_victim(victim(None), TODAY, None).is_err());
    assert_eq!(case.suspects.len() + case.victims.len(), MAX_PEOPLE);
}
