//! Synthetic test data, built through the domain's own methods: organisations, case drafts and a
//! case with every kind of record in it. Names are invented Sesotho-style names, never real people.

use std::sync::Arc;

use lekhotla_crypto::{Keyring, MasterKey, WrappedKey};
use lekhotla_domain::*;
use lekhotla_storage::{Action, CaseDraft, NewEntry, Store};
use time::macros::{date, datetime};
use time::{Date, OffsetDateTime};

mod people;

pub use people::*;

/// The audit entry a suite write hands in (every writing store method takes one).
pub fn note() -> NewEntry {
    NewEntry::new(OffsetDateTime::now_utc(), "conformance-suite", Action::CaseUpdate)
}

/// Lesotho's geography, as shipped with the binary.
pub const LS_GEOGRAPHY_CSV: &str = include_str!("../../../data/geography/LS.csv");

/// The day the fixtures take as today.
pub const TODAY: Date = date!(2025 - 06 - 01);

/// Lesotho's geography (every store of the suite is handed one with it loaded).
pub fn geography() -> Geography {
    Geography::from_csv(LS_GEOGRAPHY_CSV).expect("the shipped geography is valid")
}

/// The clock of the fixtures: sub-microsecond digits included, which the domain drops.
pub fn now() -> OffsetDateTime {
    datetime!(2025-06-01 09:30:15.123456789 UTC)
}

pub fn ls() -> CountryCode {
    country("LS")
}

pub fn country(code: &str) -> CountryCode {
    CountryCode::parse(code).expect("a country code")
}

pub fn place(code: &str) -> PlaceCode {
    PlaceCode::parse(code).expect("a place code")
}

pub fn unit(code: &str) -> UnitCode {
    UnitCode::parse(code).expect("a unit code")
}

/// An organisation (not yet stored) of Maseru district.
pub fn organisation(name: &str, org_type: OrgType, services: Vec<ServiceType>) -> Organisation {
    Organisation::new(OrganisationInput {
        name: name.into(),
        org_type,
        district: Some(unit("LS-A")),
        services,
        phone: Some("+26622310000".into()),
        street: Some("Kingsway, Synthetic House 3".into()),
        city: Some("Maseru".into()),
        postal_code: Some("100".into()),
        latitude: Some(-29.3151),
        longitude: Some(27.4869),
        country: ls(),
    })
    .expect("a valid organisation")
}

/// Creates an organisation in `store` and returns it.
pub async fn stored_organisation(store: &dyn Store, name: &str, org_type: OrgType) -> Organisation {
    let org = organisation(name, org_type, vec![ServiceType::Investigation, ServiceType::Shelter]);
    store.create_organisation(&org, note()).await.expect("create organisation");
    org
}

/// The organisations a full case refers to.
#[derive(Debug, Clone)]
pub struct Orgs {
    pub police: Organisation,
    pub shelter: Organisation,
    pub social: Organisation,
}

impl Orgs {
    /// The three organisations, not yet stored.
    pub fn new() -> Self {
        Self {
            police: organisation(
                "Lesotho Mounted Police Service, Maseru Anti-Trafficking Unit",
                OrgType::LawEnforcement,
                vec![ServiceType::Investigation],
            ),
            shelter: organisation(
                "Lehae la Tšireletso Shelter",
                OrgType::Ngo,
                vec![ServiceType::Shelter, ServiceType::Counselling],
            ),
            social: organisation(
                "Ministry of Social Development, Maseru",
                OrgType::CentralGovernmentOrganisation,
                vec![ServiceType::ChildProtection],
            ),
        }
    }

    pub fn all(&self) -> Vec<Organisation> {
        vec![self.police.clone(), self.shelter.clone(), self.social.clone()]
    }

    /// The three organisations, stored in `store`.
    pub async fn stored(store: &dyn Store) -> Self {
        let orgs = Self::new();
        for o in orgs.all() {
            store.create_organisation(&o, note()).await.expect("create organisation");
        }
        orgs
    }
}

impl Default for Orgs {
    fn default() -> Self {
        Self::new()
    }
}

/// A case to register, detected on `detected_on` in `district`, registered at [`now`].
pub fn draft(organisation: OrgId, district: &str, detected_on: Date) -> CaseDraft {
    draft_at(organisation, district, detected_on, now())
}

/// A case to register at `now` (whose year decides the number).
pub fn draft_at(organisation: OrgId, district: &str, detected_on: Date, now: OffsetDateTime) -> CaseDraft {
    CaseDraft {
        id: CaseId::new(),
        country: ls(),
        input: NewCase {
            organisation,
            district: unit(district),
            detection_source: DetectionSource::BorderPost,
            detected_on,
            port_of_entry: Some(unit("POE-MASERU-BRIDGE")),
            owner: Some("officer.mokoena".into()),
            owner_user: Some(UserRef(uuid::Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0001))),
            incoming_referral: None,
            summary: Some("Two young women stopped at the bridge with a recruiter".into()),
        },
        now,
        today: now.date(),
    }
}

fn event(event_type: EventType, on: Date, victim: PersonId) -> EventInput {
    EventInput {
        event_type,
        date: Some(on),
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
        victim: Some(victim),
    }
}

/// A case with every kind of record: a child victim (referred automatically), an adult victim, two
/// suspects (one a business), a witness, three events, an accepted referral, two consents (one given by
/// a guardian with the child's assent), a support plan, a comment, an investigation with a docket
/// transfer, and a prosecution with charges against both suspects, a hearing, a conviction of one (so the
/// case is still before the court), a sentence and a compensation order. `case` is as registered; the result
/// is not saved.
pub fn fill(mut case: Case, orgs: &Orgs) -> Case {
    let police = orgs.police.id;
    let incoming = IncomingReferral {
        from_org: orgs.social.id,
        received_on: Some(date!(2025 - 05 - 20)),
        reason: Some(IncomingReferralReason::AdditionalServicesRequired),
        details: Some("Brought to the unit by a social worker".into()),
        case_worker: Some("Synthetic Social Worker".into()),
        case_worker_user: Some(UserRef(uuid::Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0003))),
    };
    case.update(CaseUpdate { incoming_referral: Some(incoming), ..Default::default() }, TODAY)
        .expect("incoming referral");
    let child_referral = ChildReferral { from: police, to: orgs.social.id };
    let v1 = case.add_victim(victim("Palesa", true, police), TODAY, Some(child_referral)).expect("victim");
    let v2 = case.add_victim(victim("Mpho", false, police), TODAY, Some(child_referral)).expect("victim");
    let s1 = case.add_suspect(individual_suspect("Thabo"), TODAY).expect("suspect");
    let s2 = case.add_suspect(business_suspect("Khotso Recruitment (Pty) Ltd"), TODAY).expect("suspect");
    // Consents first: the referral names the child, and the adult victim testifies.
    case.record_consent(
        ConsentInput {
            victim: v1,
            purpose: ConsentPurpose::Services,
            given: true,
            recorded_on: date!(2025 - 05 - 21),
            recorded_by: Some("social.worker".into()),
            given_by: Some(ConsentGiver::ParentOrGuardian),
            child_assent: Some(true),
        },
        TODAY,
    )
    .expect("consent");
    case.record_consent(
        ConsentInput {
            victim: v2,
            purpose: ConsentPurpose::Prosecution,
            given: true,
            recorded_on: date!(2025 - 05 - 21),
            recorded_by: None,
            given_by: None,
            child_assent: None,
        },
        TODAY,
    )
    .expect("consent");
    case.add_witness(
        WitnessInput {
            person: person("Lerato", "Nthane", Gender::Feminine, date!(1990 - 07 - 14)),
            victim: Some(v2),
            statement_taken_on: Some(date!(2025 - 05 - 23)),
            testimony_preserved: true,
        },
        TODAY,
    )
    .expect("witness");
    let mut recruitment = event(EventType::Recruitment, date!(2025 - 04 - 02), v1);
    recruitment.district = Some(unit("LS-E"));
    recruitment.city = Some("Mafeteng".into());
    recruitment.place = Some("Taxi rank".into());
    case.add_event(recruitment, TODAY).expect("event");
    let mut transit = event(EventType::Transit, date!(2025 - 04 - 05), v1);
    transit.port_of_entry = Some(unit("POE-MASERU-BRIDGE"));
    transit.description = Some("Crossed on foot with a recruiter".into());
    case.add_event(transit, TODAY).expect("event");
    let mut exploitation = event(EventType::Exploitation, date!(2025 - 04 - 10), v1);
    exploitation.country = country("ZA");
    exploitation.state = Some(place("ZA-FS"));
    exploitation.city = Some("Bloemfontein".into());
    exploitation.postal_code = Some("9301".into());
    exploitation.latitude = Some(-29.1183);
    exploitation.longitude = Some(26.2229);
    exploitation.victim = None;
    case.add_event(exploitation, TODAY).expect("event");
    let referral = case
        .send_referral(
            NewReferral {
                victim: Some(v1),
                from_org: police,
                to_org: orgs.shelter.id,
                referring_case_worker: Some("officer.mokoena".into()),
                referring_case_worker_user: Some(UserRef(uuid::Uuid::from_u128(
                    0x0190_0000_0000_7000_8000_0000_0000_0002,
                ))),
                referred_case_worker: Some("Synthetic Shelter Worker".into()),
                referred_case_worker_user: None,
                service: ServiceType::Shelter,
                reason: ReferralReason::AdditionalServicesRequired,
                details: Some("Needs a safe place tonight".into()),
                sent_on: date!(2025 - 05 - 21),
            },
            &orgs.shelter,
            TODAY,
        )
        .expect("referral");
    case.move_referral(referral, 1, ReferralAction::Accept { on: date!(2025 - 05 - 22) }, TODAY).expect("accept");
    case.add_support_plan(
        SupportPlanInput {
            victim: v1,
            plan_type: SupportPlanType::SocialCare,
            provider: Some(orgs.shelter.id),
            objectives: "Safety, schooling and family tracing".into(),
            action_plan: Some("Shelter for three months; school enrolment".into()),
            started_on: date!(2025 - 05 - 23),
            planned_end: Some(date!(2025 - 08 - 23)),
            actual_end: None,
        },
        TODAY,
    )
    .expect("support plan");
    case.add_comment(CommentInput { author: "officer.mokoena".into(), text: "Docket opened.".into() }, now())
        .expect("comment");
    case.open_investigation(
        InvestigationInput {
            unit: InvestigationUnit::AntiTraffickingUnit,
            organisation: police,
            investigator: "D/Sgt Nthabiseng Lebona".into(),
            opened_on: date!(2025 - 05 - 21),
            docket_number: Some("CR 123/05/2025".into()),
            docket_custodian: Some("Maseru Central".into()),
            cooperating_countries: vec![country("ZA")],
        },
        TODAY,
    )
    .expect("investigation");
    case.transfer_docket(
        1,
        DocketTransferInput {
            to_custodian: "DPP Maseru".into(),
            on: date!(2025 - 05 - 25),
            reason: Some("For a decision".into()),
        },
        TODAY,
    )
    .expect("docket transfer");
    case.open_prosecution(
        ProsecutionInput {
            prosecutor: "Adv. Refiloe Sekhesa".into(),
            referred_on: date!(2025 - 05 - 25),
            court: Some("Maseru Magistrate's Court".into()),
            court_case_number: Some("CRI/T/0042/2025".into()),
            charges: vec![
                ChargeInput {
                    accused: s1,
                    offence: Offence::TraffickingInChildren,
                    statute: Some("s. 5(2)".into()),
                    counts: 2,
                    filed_on: date!(2025 - 05 - 26),
                },
                ChargeInput {
                    accused: s2,
                    offence: Offence::FacilitatingTrafficking,
                    statute: None,
                    counts: 1,
                    filed_on: date!(2025 - 05 - 26),
                },
            ],
        },
        TODAY,
    )
    .expect("prosecution");
    case.update_prosecution(
        1,
        ProsecutionUpdate {
            prosecutor: None,
            dpp_decision: Some(DppDecision { decision: DppDecisionKind::Prosecute, on: date!(2025 - 05 - 26) }),
            summons_issued_on: Some(date!(2025 - 05 - 27)),
            court: None,
            court_case_number: None,
            withdrawal: None,
        },
        TODAY,
    )
    .expect("dpp decision");
    case.add_hearing(
        2,
        HearingInput {
            on: date!(2025 - 05 - 28),
            kind: HearingKind::Trial,
            victim_testified: true,
            notes: Some("In camera".into()),
        },
        TODAY,
    )
    .expect("hearing");
    case.record_verdict(
        3,
        VerdictInput { accused: s1, outcome: VerdictOutcome::Conviction, on: date!(2025 - 05 - 30) },
        TODAY,
    )
    .expect("verdict");
    case.record_sentence(
        4,
        SentenceInput {
            accused: s1,
            on: date!(2025 - 05 - 31),
            imprisonment_months: Some(180),
            fine_lsl: Some(50_000),
            suspended: false,
            notes: None,
        },
        TODAY,
    )
    .expect("sentence");
    case.order_compensation(
        5,
        CompensationInput { accused: s1, victim: v1, amount_lsl: 20_000, on: date!(2025 - 05 - 31) },
        TODAY,
    )
    .expect("compensation");
    case.touch(now());
    case
}

/// Registers a case in `store` (organisations stored first) and saves it full; returns the stored case.
pub async fn stored_full_case(store: &dyn Store) -> (Case, Orgs) {
    let orgs = Orgs::stored(store).await;
    let created =
        store.create_case(draft(orgs.police.id, "LS-A", date!(2025 - 05 - 20)), note()).await.expect("create");
    let full = fill(created, &orgs);
    let saved = store.save_case(&full, note()).await.expect("save the full case");
    (saved, orgs)
}

/// A full case built in memory with the given number, as an import would bring it.
pub fn imported_case(orgs: &Orgs, number: CaseNumber, detected_on: Date) -> Case {
    let case = Case::open(CaseId::new(), number, draft(orgs.police.id, "LS-A", detected_on).input, now(), TODAY)
        .expect("open");
    let mut case = fill(case, orgs);
    case.version = 3;
    case
}

/// A fresh keyring (new master key, data key and blind-index key) for a store of the suite.
pub fn keyring() -> Arc<Keyring> {
    KeyMaterial::new().keyring()
}

/// A master key and the wrapped keys of one keyring, for the tests that store and rotate keys.
#[derive(Debug)]
pub struct KeyMaterial {
    pub master: MasterKey,
    /// Every key made so far, wrapped (what a store keeps).
    pub wrapped: Vec<WrappedKey>,
}

impl KeyMaterial {
    /// A new master key (created in a temporary directory, then only held in memory) and fresh keys.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let (master, _) = MasterKey::load_or_create(&dir.path().join("master.key")).expect("a master key");
        let (_, wrapped) = Keyring::new_with_fresh_keys(&master).expect("fresh keys");
        Self { master, wrapped }
    }

    /// The keyring of the wrapped keys, as a store unwraps it at start-up (the newest data key current).
    pub fn keyring(&self) -> Arc<Keyring> {
        Arc::new(Keyring::unwrap(&self.master, &self.wrapped).expect("the keys unwrap"))
    }

    /// Rotates: a new data key, current from now on. Returns the new keyring and the key to store.
    pub fn rotate(&mut self) -> (Arc<Keyring>, WrappedKey) {
        let mut keyring = Keyring::unwrap(&self.master, &self.wrapped).expect("the keys unwrap");
        let key = keyring.rotate(&self.master).expect("a new data key");
        self.wrapped.push(key.clone());
        (Arc::new(keyring), key)
    }
}

impl Default for KeyMaterial {
    fn default() -> Self {
        Self::new()
    }
}
