//! The criminal-justice records of cases read back: investigation and docket movements, prosecution
//! with its charges, hearings, verdicts, sentences and compensation orders.

use std::collections::HashMap;

use lekhotla_crypto::Keyring;
use lekhotla_domain::{
    Case, Charge, ChargeId, ChargeInput, CompensationId, CompensationInput, CompensationOrder, DocketTransfer,
    DocketTransferId, DppDecision, Hearing, HearingId, HearingInput, Investigation, InvestigationId, OrgId, PersonId,
    Prosecution, ProsecutionId, Sentence, SentenceId, SentenceInput, Verdict, VerdictId, VerdictInput,
};
use lekhotla_storage::DbError;
use uuid::Uuid;

use super::children::Children;
use super::read::{note, owner, required_note};
use crate::rows::{self, val};

/// The investigations and prosecutions of `rows`, with what hangs under them.
pub fn load(rows: Children, cases: &mut HashMap<Uuid, Case>, keyring: Option<&Keyring>) -> Result<(), DbError> {
    for r in rows.investigations {
        let id: Uuid = val(&r, "id")?;
        let inv = Investigation {
            id: InvestigationId(id),
            version: val(&r, "version")?,
            unit: rows::code(&r, "unit")?,
            organisation: OrgId(val(&r, "organisation_id")?),
            investigator: val(&r, "investigator")?,
            opened_on: val(&r, "opened_on")?,
            docket_number: val(&r, "docket_number")?,
            docket_custodian: note(&r, keyring, "investigations", "docket_custodian", id)?,
            docket_transfers: Vec::new(),
            cooperating_countries: rows::countries(&r, "cooperating_countries")?,
            closed_on: val(&r, "closed_on")?,
            closure_reason: note(&r, keyring, "investigations", "closure_reason", id)?,
        };
        if let Some(c) = owner(cases, &r)? {
            c.investigation = Some(inv);
        }
    }
    for r in rows.transfers {
        let id: Uuid = val(&r, "id")?;
        let t = DocketTransfer {
            id: DocketTransferId(id),
            from_custodian: note(&r, keyring, "docket_transfers", "from_custodian", id)?,
            to_custodian: required_note(&r, keyring, "docket_transfers", "to_custodian", id)?,
            on: val(&r, "on_date")?,
            reason: note(&r, keyring, "docket_transfers", "reason", id)?,
        };
        if let Some(inv) = owner(cases, &r)?.and_then(|c| c.investigation.as_mut()) {
            inv.docket_transfers.push(t);
        }
    }
    for r in rows.prosecutions {
        let decision = match (rows::opt_code(&r, "dpp_decision")?, val(&r, "dpp_decision_on")?) {
            (Some(decision), Some(on)) => Some(DppDecision { decision, on }),
            _ => None,
        };
        let id: Uuid = val(&r, "id")?;
        let p = Prosecution {
            id: ProsecutionId(id),
            version: val(&r, "version")?,
            prosecutor: val(&r, "prosecutor")?,
            referred_on: val(&r, "referred_on")?,
            dpp_decision: decision,
            summons_issued_on: val(&r, "summons_issued_on")?,
            court: val(&r, "court")?,
            court_case_number: val(&r, "court_case_number")?,
            withdrawn_on: val(&r, "withdrawn_on")?,
            withdrawal_reason: note(&r, keyring, "prosecutions", "withdrawal_reason", id)?,
            charges: Vec::new(),
            hearings: Vec::new(),
            verdicts: Vec::new(),
            sentences: Vec::new(),
            compensation_orders: Vec::new(),
        };
        if let Some(c) = owner(cases, &r)? {
            c.prosecution = Some(p);
        }
    }
    for r in rows.charges {
        let x = Charge {
            id: ChargeId(val(&r, "id")?),
            details: ChargeInput {
                accused: PersonId(val(&r, "accused_id")?),
                offence: rows::code(&r, "offence")?,
                statute: val(&r, "statute")?,
                counts: rows::unsigned(&r, "counts")?,
                filed_on: val(&r, "filed_on")?,
            },
        };
        if let Some(p) = owner(cases, &r)?.and_then(|c| c.prosecution.as_mut()) {
            p.charges.push(x);
        }
    }
    for r in rows.hearings {
        let id: Uuid = val(&r, "id")?;
        let x = Hearing {
            id: HearingId(id),
            details: HearingInput {
                on: val(&r, "on_date")?,
                kind: rows::code(&r, "kind")?,
                victim_testified: val(&r, "victim_testified")?,
                notes: note(&r, keyring, "hearings", "notes", id)?,
            },
        };
        if let Some(p) = owner(cases, &r)?.and_then(|c| c.prosecution.as_mut()) {
            p.hearings.push(x);
        }
    }
    for r in rows.verdicts {
        let x = Verdict {
            id: VerdictId(val(&r, "id")?),
            details: VerdictInput {
                accused: PersonId(val(&r, "accused_id")?),
                outcome: rows::code(&r, "outcome")?,
                on: val(&r, "on_date")?,
            },
        };
        if let Some(p) = owner(cases, &r)?.and_then(|c| c.prosecution.as_mut()) {
            p.verdicts.push(x);
        }
    }
    for r in rows.sentences {
        let id: Uuid = val(&r, "id")?;
        let x = Sentence {
            id: SentenceId(id),
            details: SentenceInput {
                accused: PersonId(val(&r, "accused_id")?),
                on: val(&r, "on_date")?,
                imprisonment_months: rows::opt_unsigned(&r, "imprisonment_months")?,
                fine_lsl: rows::opt_unsigned(&r, "fine_lsl")?,
                suspended: val(&r, "suspended")?,
                notes: note(&r, keyring, "sentences", "notes", id)?,
            },
        };
        if let Some(p) = owner(cases, &r)?.and_then(|c| c.prosecution.as_mut()) {
            p.sentences.push(x);
        }
    }
    for r in rows.compensation {
        let x = CompensationOrder {
            id: CompensationId(val(&r, "id")?),
            details: CompensationInput {
                accused: PersonId(val(&r, "accused_id")?),
                victim: PersonId(val(&r, "victim_id")?),
                amount_lsl: rows::unsigned(&r, "amount_lsl")?,
                on: val(&r, "on_date")?,
            },
        };
        if let Some(p) = owner(cases, &r)?.and_then(|c| c.prosecution.as_mut()) {
            p.compensation_orders.push(x);
        }
    }
    Ok(())
}
