//! Penetration test, medium: free text and places finer than a district (a case's closure reason, a person's
//! and an event's city, an event's postal code and map position, who recorded a consent, the docket's
//! custodians and the reason it moved, hearing notes) went out in blanked reads and were read unaudited. A
//! blanked read now carries none of them; a revealed read does, after an audit entry that names each.

use axum::http::{Method, StatusCode};
use lekhotla_domain::*;
use lekhotla_identity::{Permission, Role};
use time::macros::date;

use crate::scope::{limited_token, sealed_reads};
use crate::support::App;

/// The canary values of the case, each in one sealed note or place.
const CANARIES: [&str; 10] = [
    "CANARY-CLOSURE-W",
    "CANARY-PERSON-CITY-W",
    "CANARY-EVENT-CITY-W",
    "CANARY-EVPOST-W",
    "CANARY-RECORDER-W",
    "CANARY-CUSTODIAN-W",
    "CANARY-TO-CUSTODIAN-W",
    "CANARY-TRANSFER-W",
    "CANARY-HEARING-W",
    "-29.1234567",
];

/// Fills case `id` (with one victim) with a canary in each sealed note and place, through the store.
async fn fill_canaries(app: &App, id: CaseId) -> Case {
    let mut case = app.store.get_case(id).await.unwrap().unwrap();
    let today = date!(2026 - 11 - 20);
    let victim = case.victims[0].id;
    case.victims[0].person.city = Some(CANARIES[1].into());
    let event = EventInput {
        event_type: EventType::Exploitation,
        date: Some(date!(2026 - 08 - 10)),
        country: CountryCode::parse("LS").unwrap(),
        district: Some(UnitCode::parse("LS-C").unwrap()),
        state: None,
        port_of_entry: None,
        city: Some(CANARIES[2].into()),
        place: None,
        postal_code: Some(CANARIES[3].into()),
        description: None,
        latitude: Some(-29.1234567),
        longitude: Some(27.7654321),
        victim: Some(victim),
    };
    case.add_event(event, today).unwrap();
    let consent = ConsentInput {
        victim,
        purpose: ConsentPurpose::Prosecution,
        given: true,
        recorded_on: date!(2026 - 09 - 02),
        recorded_by: Some(CANARIES[4].into()),
        given_by: None,
        child_assent: None,
    };
    case.record_consent(consent, today).unwrap();
    let investigation = InvestigationInput {
        unit: InvestigationUnit::AntiTraffickingUnit,
        organisation: case.organisation,
        investigator: "D/Sgt Synthetic".into(),
        opened_on: date!(2026 - 09 - 03),
        docket_number: None,
        docket_custodian: Some(CANARIES[5].into()),
        cooperating_countries: Vec::new(),
    };
    case.open_investigation(investigation, today).unwrap();
    let transfer = DocketTransferInput {
        to_custodian: CANARIES[6].into(),
        on: date!(2026 - 09 - 04),
        reason: Some(CANARIES[7].into()),
    };
    case.transfer_docket(1, transfer, today).unwrap();
    let prosecution = ProsecutionInput {
        prosecutor: "Adv. Synthetic".into(),
        referred_on: date!(2026 - 09 - 05),
        court: None,
        court_case_number: None,
        charges: Vec::new(),
    };
    case.open_prosecution(prosecution, today).unwrap();
    let decision = DppDecision { decision: DppDecisionKind::Prosecute, on: date!(2026 - 09 - 05) };
    let update = ProsecutionUpdate {
        prosecutor: None,
        dpp_decision: Some(decision),
        summons_issued_on: None,
        court: None,
        court_case_number: None,
        withdrawal: None,
    };
    case.update_prosecution(1, update, today).unwrap();
    let hearing = HearingInput {
        on: date!(2026 - 09 - 06),
        kind: HearingKind::Trial,
        victim_testified: false,
        notes: Some(CANARIES[8].into()),
    };
    case.add_hearing(2, hearing, today).unwrap();
    case.closure_reason = Some(CANARIES[0].into());
    app.store.save_case(&case, crate::support::note()).await.unwrap()
}

#[tokio::test]
async fn notes_and_places_are_blanked_or_revealed_with_an_audit_entry_naming_them() {
    let app = App::new().await;
    let kase = app.new_case().await.id();
    let c = format!("/api/v1/cases/{kase}");
    app.created(&format!("{c}/victims"), crate::support::victim("Canary-Palesa", "1995-03-03")).await;
    let case = fill_canaries(&app, CaseId(kase.parse().unwrap())).await;
    let (investigator, _) = app.user("mpho.investigator", &[Role::Investigator]).await;

    // A token without `read-sealed`: none of them; a text that holds a value reads `[sealed]`, a position null.
    let bearer = limited_token(&app, investigator.id, "statistics bridge", vec![Permission::ReadCases]).await;
    let blank = app.call(Method::GET, &c, None, &[("authorization", &bearer)]).await;
    assert_eq!(blank.status, StatusCode::OK, "{}", blank.text);
    assert_eq!(blank.headers["x-lekhotla-sealed"], "not-allowed");
    for canary in CANARIES {
        assert!(!blank.text.contains(canary), "{canary} must be blanked: {}", blank.text);
    }
    let event = &blank.json["events"][0];
    assert_eq!((&event["city"], &event["postal_code"]), (&"[sealed]".into(), &"[sealed]".into()), "{event}");
    assert_eq!((&event["latitude"], &event["longitude"]), (&"[sealed]".into(), &"[sealed]".into()), "{event}");
    assert_eq!(blank.json["closure_reason"], "[sealed]");
    assert_eq!(blank.json["victims"][0]["person"]["city"], "[sealed]");
    assert_eq!(blank.json["investigation"]["docket_transfers"][0]["to_custodian"], "[sealed]");
    assert_eq!(blank.json["prosecution"]["hearings"][0]["notes"], "[sealed]");
    assert_eq!(blank.json["events"][0]["district"], "LS-C", "the district is not sealed");

    // With `read-sealed`: every one, after an entry naming each field.
    let bearer = format!("Bearer {}", app.token_of(&investigator).await);
    let read = app.call(Method::GET, &c, None, &[("authorization", &bearer)]).await;
    assert_eq!(read.headers["x-lekhotla-sealed"], "revealed");
    for canary in CANARIES {
        assert!(read.text.contains(canary), "{canary} is revealed: {}", read.text);
    }
    let trail = sealed_reads(&app, &kase, investigator.id).await;
    let fields: Vec<&str> =
        trail.json["items"][0]["fields"].as_array().unwrap().iter().map(|f| f.as_str().unwrap()).collect();
    let (event, inv) = (case.events[0].id, case.investigation.as_ref().unwrap());
    let p = case.prosecution.as_ref().unwrap();
    let named = [
        format!("case/{kase}.closure_reason"),
        format!("victim/{}.city", case.victims[0].id),
        format!("event/{event}.city"),
        format!("event/{event}.postal_code"),
        format!("event/{event}.latitude"),
        format!("event/{event}.longitude"),
        format!("consent/{}.recorded_by", case.consents[0].id),
        format!("investigation/{}.docket_custodian", inv.id),
        format!("docket_transfer/{}.from_custodian", inv.docket_transfers[0].id),
        format!("docket_transfer/{}.to_custodian", inv.docket_transfers[0].id),
        format!("docket_transfer/{}.reason", inv.docket_transfers[0].id),
        format!("hearing/{}.notes", p.hearings[0].id),
    ];
    for name in &named {
        assert!(fields.contains(&name.as_str()), "{name} is not named: {fields:?}");
    }
}
