//! The criminal-justice rows of a case read back: the investigation and its docket transfers, the
//! prosecution and its charges, hearings, verdicts, sentences and compensation orders.

use lekhotla_crypto::Keyring;
use lekhotla_domain::*;
use lekhotla_storage::DbError;

use super::shape::Child;
use super::{note, required_note};
use crate::errors::bad;
use crate::rows::Get;

pub(super) fn investigation(r: &Child<'_>, keyring: Option<&Keyring>) -> Result<Investigation, DbError> {
    Ok(Investigation {
        id: InvestigationId(r.uuid("id")?),
        version: r.int("version")?,
        unit: r.code("unit")?,
        organisation: OrgId(r.uuid("organisation_id")?),
        investigator: r.text("investigator")?,
        opened_on: r.date("opened_on")?,
        docket_number: r.opt_text("docket_number")?,
        docket_custodian: note(r, keyring, "investigations", "id", "docket_custodian")?,
        docket_transfers: Vec::new(),
        cooperating_countries: r.countries("cooperating_countries")?,
        closed_on: r.opt_date("closed_on")?,
        closure_reason: note(r, keyring, "investigations", "id", "closure_reason")?,
    })
}

pub(super) fn transfer(r: &Child<'_>, keyring: Option<&Keyring>) -> Result<DocketTransfer, DbError> {
    Ok(DocketTransfer {
        id: DocketTransferId(r.uuid("id")?),
        from_custodian: note(r, keyring, "docket_transfers", "id", "from_custodian")?,
        to_custodian: required_note(r, keyring, "docket_transfers", "to_custodian")?,
        on: r.date("on_date")?,
        reason: note(r, keyring, "docket_transfers", "id", "reason")?,
    })
}

pub(super) fn prosecution(r: &Child<'_>, keyring: Option<&Keyring>) -> Result<Prosecution, DbError> {
    let dpp_decision = match (r.opt_code("dpp_decision")?, r.opt_date("dpp_decision_on")?) {
        (Some(decision), Some(on)) => Some(DppDecision { decision, on }),
        (None, None) => None,
        _ => return Err(bad("dpp_decision", "decision and its date go together")),
    };
    Ok(Prosecution {
        id: ProsecutionId(r.uuid("id")?),
        version: r.int("version")?,
        prosecutor: r.text("prosecutor")?,
        referred_on: r.date("referred_on")?,
        dpp_decision,
        summons_issued_on: r.opt_date("summons_issued_on")?,
        court: r.opt_text("court")?,
        court_case_number: r.opt_text("court_case_number")?,
        withdrawn_on: r.opt_date("withdrawn_on")?,
        withdrawal_reason: note(r, keyring, "prosecutions", "id", "withdrawal_reason")?,
        charges: Vec::new(),
        hearings: Vec::new(),
        verdicts: Vec::new(),
        sentences: Vec::new(),
        compensation_orders: Vec::new(),
    })
}

pub(super) fn charge(r: &Child<'_>) -> Result<Charge, DbError> {
    Ok(Charge {
        id: ChargeId(r.uuid("id")?),
        details: ChargeInput {
            accused: PersonId(r.uuid("accused_id")?),
            offence: r.code("offence")?,
            statute: r.opt_text("statute")?,
            counts: r.num("counts")?,
            filed_on: r.date("filed_on")?,
        },
    })
}

pub(super) fn hearing(r: &Child<'_>, keyring: Option<&Keyring>) -> Result<Hearing, DbError> {
    Ok(Hearing {
        id: HearingId(r.uuid("id")?),
        details: HearingInput {
            on: r.date("on_date")?,
            kind: r.code("kind")?,
            victim_testified: r.boolean("victim_testified")?,
            notes: note(r, keyring, "hearings", "id", "notes")?,
        },
    })
}

pub(super) fn verdict(r: &Child<'_>) -> Result<Verdict, DbError> {
    Ok(Verdict {
        id: VerdictId(r.uuid("id")?),
        details: VerdictInput {
            accused: PersonId(r.uuid("accused_id")?),
            outcome: r.code("outcome")?,
            on: r.date("on_date")?,
        },
    })
}

pub(super) fn sentence(r: &Child<'_>, keyring: Option<&Keyring>) -> Result<Sentence, DbError> {
    Ok(Sentence {
        id: SentenceId(r.uuid("id")?),
        details: SentenceInput {
            accused: PersonId(r.uuid("accused_id")?),
            on: r.date("on_date")?,
            imprisonment_months: r.opt_num("imprisonment_months")?,
            fine_lsl: r.opt_num("fine_lsl")?,
            suspended: r.boolean("suspended")?,
            notes: note(r, keyring, "sentences", "id", "notes")?,
        },
    })
}

pub(super) fn compensation_order(r: &Child<'_>) -> Result<CompensationOrder, DbError> {
    Ok(CompensationOrder {
        id: CompensationId(r.uuid("id")?),
        details: CompensationInput {
            accused: PersonId(r.uuid("accused_id")?),
            victim: PersonId(r.uuid("victim_id")?),
            amount_lsl: r.num("amount_lsl")?,
            on: r.date("on_date")?,
        },
    })
}
