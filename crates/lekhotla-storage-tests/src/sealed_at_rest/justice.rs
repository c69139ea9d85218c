//! The canaries of a case's criminal-justice records and closure: an investigation with its docket custodian,
//! a docket transfer and a closure reason, a prosecution with a hearing, a sentence and a withdrawal reason.

use lekhotla_domain::*;
use time::macros::date;

use crate::fixtures::{self, Orgs};

/// The values written by `add_canary_justice`: none may appear in the database in the clear.
pub const JUSTICE_CANARIES: &[&str] = &[
    "CANARY-CASE-CLOSURE-6P",
    "CANARY-CUSTODIAN-6P",
    "CANARY-TRANSFER-TO-6P",
    "CANARY-TRANSFER-REASON-6P",
    "CANARY-INVESTIGATION-CLOSURE-6P",
    "CANARY-HEARING-6P",
    "CANARY-SENTENCE-6P",
    "CANARY-WITHDRAWAL-6P",
];

/// Opens an investigation and a prosecution of `accused` on `case`, every free-text field a canary, and
/// closes the case with a canary reason.
pub(super) fn add_canary_justice(case: &mut Case, orgs: &Orgs, accused: PersonId) {
    let today = fixtures::TODAY;
    let investigation = InvestigationInput {
        unit: InvestigationUnit::AntiTraffickingUnit,
        organisation: orgs.police.id,
        investigator: "D/Sgt Synthetic Investigator".into(),
        opened_on: date!(2025 - 05 - 21),
        docket_number: Some("CR 1/05/2025".into()),
        docket_custodian: Some("CANARY-CUSTODIAN-6P".into()),
        cooperating_countries: Vec::new(),
    };
    case.open_investigation(investigation, today).unwrap();
    let transfer = DocketTransferInput {
        to_custodian: "CANARY-TRANSFER-TO-6P".into(),
        on: date!(2025 - 05 - 24),
        reason: Some("CANARY-TRANSFER-REASON-6P".into()),
    };
    case.transfer_docket(1, transfer, today).unwrap();
    let charge = ChargeInput {
        accused,
        offence: Offence::TraffickingInPersons,
        statute: None,
        counts: 1,
        filed_on: date!(2025 - 05 - 26),
    };
    let prosecution = ProsecutionInput {
        prosecutor: "Adv. Synthetic Prosecutor".into(),
        referred_on: date!(2025 - 05 - 25),
        court: None,
        court_case_number: None,
        charges: vec![charge],
    };
    case.open_prosecution(prosecution, today).unwrap();
    let decision = DppDecision { decision: DppDecisionKind::Prosecute, on: date!(2025 - 05 - 26) };
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
        on: date!(2025 - 05 - 28),
        kind: HearingKind::Trial,
        victim_testified: false,
        notes: Some("CANARY-HEARING-6P".into()),
    };
    case.add_hearing(2, hearing, today).unwrap();
    let verdict = VerdictInput { accused, outcome: VerdictOutcome::Conviction, on: date!(2025 - 05 - 30) };
    case.record_verdict(3, verdict, today).unwrap();
    let sentence = SentenceInput {
        accused,
        on: date!(2025 - 05 - 31),
        imprisonment_months: Some(12),
        fine_lsl: None,
        suspended: true,
        notes: Some("CANARY-SENTENCE-6P".into()),
    };
    case.record_sentence(4, sentence, today).unwrap();
    // Written as stored records, past the rules of closing: what is under test is where they are kept.
    if let Some(p) = case.prosecution.as_mut() {
        p.withdrawal_reason = Some("CANARY-WITHDRAWAL-6P".into());
    }
    if let Some(i) = case.investigation.as_mut() {
        i.closed_on = Some(date!(2025 - 06 - 01));
        i.closure_reason = Some("CANARY-INVESTIGATION-CLOSURE-6P".into());
    }
    case.closure_reason = Some("CANARY-CASE-CLOSURE-6P".into());
}
