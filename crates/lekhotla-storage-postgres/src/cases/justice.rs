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
use sqlx::PgConnection;
use uuid::Uuid;

use super::read::{child_rows, note, owner, required_note};
use crate::rows::{self, get};

pub async fn load(
    conn: &mut PgConnection,
    keys: &[Uuid],
    cases: &mut HashMap<Uuid, Case>,
    keyring: Option<&Keyring>,
) -> Result<(), DbError> {
    for r in child_rows(conn, "SELECT * FROM investigations WHERE case_id = ANY($1)", keys).await? {
        let id: Uuid = get(&r, "id")?;
        let inv = Investigation {
            id: InvestigationId(id),
            version: get(&r, "version")?,
            unit: rows::code(&r, "unit")?,
            organisation: OrgId(get(&r, "organisation_id")?),
            investigator: get(&r, "investigator")?,
            opened_on: get(&r, "opened_on")?,
            docket_number: get(&r, "docket_number")?,
            docket_custodian: note(&r, keyring, "investigations", "docket_custodian", id)?,
            docket_transfers: Vec::new(),
            cooperating_countries: rows::countries(&r, "cooperating_countries")?,
            closed_on: get(&r, "closed_on")?,
            closure_reason: note(&r, keyring, "investigations", "closure_reason", id)?,
        };
        if let Some(c) = owner(cases, &r)? {
            c.investigation = Some(inv);
        }
    }
    let sql = "SELECT * FROM docket_transfers WHERE case_id = ANY($1) ORDER BY case_id, position";
    for r in child_rows(conn, sql, keys).await? {
        let id: Uuid = get(&r, "id")?;
        let t = DocketTransfer {
            id: DocketTransferId(id),
            from_custodian: note(&r, keyring, "docket_transfers", "from_custodian", id)?,
            to_custodian: required_note(&r, keyring, "docket_transfers", "to_custodian", id)?,
            on: get(&r, "on_date")?,
            reason: note(&r, keyring, "docket_transfers", "reason", id)?,
        };
        if let Some(inv) = owner(cases, &r)?.and_then(|c| c.investigation.as_mut()) {
            inv.docket_transfers.push(t);
        }
    }
    for r in child_rows(conn, "SELECT * FROM prosecutions WHERE case_id = ANY($1)", keys).await? {
        let decision = match (rows::opt_code(&r, "dpp_decision")?, get(&r, "dpp_decision_on")?) {
            (Some(decision), Some(on)) => Some(DppDecision { decision, on }),
            _ => None,
        };
        let id: Uuid = get(&r, "id")?;
        let p = Prosecution {
            id: ProsecutionId(id),
            version: get(&r, "version")?,
            prosecutor: get(&r, "prosecutor")?,
            referred_on: get(&r, "referred_on")?,
            dpp_decision: decision,
            summons_issued_on: get(&r, "summons_issued_on")?,
            court: get(&r, "court")?,
            court_case_number: get(&r, "court_case_number")?,
            withdrawn_on: get(&r, "withdrawn_on")?,
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
    let sql = "SELECT * FROM charges WHERE case_id = ANY($1) ORDER BY case_id, position";
    for r in child_rows(conn, sql, keys).await? {
        let x = Charge {
            id: ChargeId(get(&r, "id")?),
            details: ChargeInput {
                accused: PersonId(get(&r, "accused_id")?),
                offence: rows::code(&r, "offence")?,
                statute: get(&r, "statute")?,
                counts: rows::unsigned(&r, "counts")?,
                filed_on: get(&r, "filed_on")?,
            },
        };
        if let Some(p) = owner(cases, &r)?.and_then(|c| c.prosecution.as_mut()) {
            p.charges.push(x);
        }
    }
    let sql = "SELECT * FROM hearings WHERE case_id = ANY($1) ORDER BY case_id, position";
    for r in child_rows(conn, sql, keys).await? {
        let id: Uuid = get(&r, "id")?;
        let x = Hearing {
            id: HearingId(id),
            details: HearingInput {
                on: get(&r, "on_date")?,
                kind: rows::code(&r, "kind")?,
                victim_testified: get(&r, "victim_testified")?,
                notes: note(&r, keyring, "hearings", "notes", id)?,
            },
        };
        if let Some(p) = owner(cases, &r)?.and_then(|c| c.prosecution.as_mut()) {
            p.hearings.push(x);
        }
    }
    let sql = "SELECT * FROM verdicts WHERE case_id = ANY($1) ORDER BY case_id, position";
    for r in child_rows(conn, sql, keys).await? {
        let x = Verdict {
            id: VerdictId(get(&r, "id")?),
            details: VerdictInput {
                accused: PersonId(get(&r, "accused_id")?),
                outcome: rows::code(&r, "outcome")?,
                on: get(&r, "on_date")?,
            },
        };
        if let Some(p) = owner(cases, &r)?.and_then(|c| c.prosecution.as_mut()) {
            p.verdicts.push(x);
        }
    }
    let sql = "SELECT * FROM sentences WHERE case_id = ANY($1) ORDER BY case_id, position";
    for r in child_rows(conn, sql, keys).await? {
        let id: Uuid = get(&r, "id")?;
        let x = Sentence {
            id: SentenceId(id),
            details: SentenceInput {
                accused: PersonId(get(&r, "accused_id")?),
                on: get(&r, "on_date")?,
                imprisonment_months: rows::opt_unsigned(&r, "imprisonment_months")?,
                fine_lsl: rows::opt_unsigned(&r, "fine_lsl")?,
                suspended: get(&r, "suspended")?,
                notes: note(&r, keyring, "sentences", "notes", id)?,
            },
        };
        if let Some(p) = owner(cases, &r)?.and_then(|c| c.prosecution.as_mut()) {
            p.sentences.push(x);
        }
    }
    let sql = "SELECT * FROM compensation_orders WHERE case_id = ANY($1) ORDER BY case_id, position";
    for r in child_rows(conn, sql, keys).await? {
        let x = CompensationOrder {
            id: CompensationId(get(&r, "id")?),
            details: CompensationInput {
                accused: PersonId(get(&r, "accused_id")?),
                victim: PersonId(get(&r, "victim_id")?),
                amount_lsl: rows::unsigned(&r, "amount_lsl")?,
                on: get(&r, "on_date")?,
            },
        };
        if let Some(p) = owner(cases, &r)?.and_then(|c| c.prosecution.as_mut()) {
            p.compensation_orders.push(x);
        }
    }
    Ok(())
}
