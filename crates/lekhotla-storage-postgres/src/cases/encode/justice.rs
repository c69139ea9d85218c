//! The rows of a case's criminal-justice records: the investigation and its docket transfers, the prosecution
//! and its charges, hearings, verdicts, sentences and compensation orders.

use lekhotla_crypto::Keyring;
use lekhotla_domain::Case;
use lekhotla_storage::DbError;
use lekhotla_storage::statistics::derive::{JusticeColumns, accused};

use super::note;
use crate::row::{Field, Row};
use crate::rows::{j_code, j_countries, j_date, j_opt_code, j_opt_date, j_opt_str, j_pos, j_uuid};

/// Pushes the rows of `c`'s investigation and prosecution by table, with the columns the counts read
/// (`statistics::derive`); `case_id` is the case's id value.
pub(super) fn rows(
    c: &Case,
    keyring: Option<&Keyring>,
    case_id: uuid::Uuid,
    push: &mut dyn FnMut(&str, Row),
) -> Result<(), DbError> {
    let j = JusticeColumns::of(c);
    if let Some(inv) = &c.investigation {
        push(
            "investigations",
            crate::row!({
                "id": j_uuid(inv.id.0), "case_id": case_id, "version": inv.version,
                "unit": j_code(inv.unit),
                "organisation_id": j_uuid(inv.organisation.0),
                "investigator": &inv.investigator,
                "opened_on": j_date(inv.opened_on),
                "docket_number": j_opt_str(inv.docket_number.as_deref()),
                "docket_custodian": note(keyring, "investigations", "docket_custodian", inv.id.0, inv.docket_custodian.as_deref())?,
                "cooperating_countries": j_countries(&inv.cooperating_countries),
                "closed_on": j_opt_date(inv.closed_on),
                "closure_reason": note(keyring, "investigations", "closure_reason", inv.id.0, inv.closure_reason.as_deref())?,
                "district": &j.district,
                "exploitation_form": Field::Code(j.exploitation_form),
                "docket_unlocated": inv.docket_custodian.is_none(),
            }),
        );
        for (i, t) in inv.docket_transfers.iter().enumerate() {
            push(
                "docket_transfers",
                crate::row!({
                    "id": j_uuid(t.id.0), "case_id": case_id, "position": j_pos(i),
                    "from_custodian": note(keyring, "docket_transfers", "from_custodian", t.id.0, t.from_custodian.as_deref())?,
                    "to_custodian": note(keyring, "docket_transfers", "to_custodian", t.id.0, Some(&t.to_custodian))?,
                    "on_date": j_date(t.on),
                    "reason": note(keyring, "docket_transfers", "reason", t.id.0, t.reason.as_deref())?,
                }),
            );
        }
    }
    if let Some(p) = &c.prosecution {
        push(
            "prosecutions",
            crate::row!({
                "id": j_uuid(p.id.0), "case_id": case_id, "version": p.version,
                "prosecutor": &p.prosecutor,
                "referred_on": j_date(p.referred_on),
                "dpp_decision": j_opt_code(p.dpp_decision.map(|d| d.decision)),
                "dpp_decision_on": j_opt_date(p.dpp_decision.map(|d| d.on)),
                "summons_issued_on": j_opt_date(p.summons_issued_on),
                "court": j_opt_str(p.court.as_deref()),
                "court_case_number": j_opt_str(p.court_case_number.as_deref()),
                "withdrawn_on": j_opt_date(p.withdrawn_on),
                "withdrawal_reason": note(keyring, "prosecutions", "withdrawal_reason", p.id.0, p.withdrawal_reason.as_deref())?,
                "district": &j.district,
                "exploitation_form": Field::Code(j.exploitation_form),
                "concluded_on": j_opt_date(j.concluded_on),
            }),
        );
        for (i, x) in p.charges.iter().enumerate() {
            let d = &x.details;
            let (gender, official) = accused(c, d.accused);
            push(
                "charges",
                crate::row!({
                    "id": j_uuid(x.id.0), "case_id": case_id, "position": j_pos(i),
                    "accused_id": j_uuid(d.accused.0),
                    "offence": j_code(d.offence),
                    "statute": j_opt_str(d.statute.as_deref()),
                    "counts": d.counts,
                    "filed_on": j_date(d.filed_on),
                    "district": &j.district, "gender": gender, "official": official,
                }),
            );
        }
        for (i, x) in p.hearings.iter().enumerate() {
            let d = &x.details;
            push(
                "hearings",
                crate::row!({
                    "id": j_uuid(x.id.0), "case_id": case_id, "position": j_pos(i),
                    "on_date": j_date(d.on),
                    "kind": j_code(d.kind),
                    "victim_testified": d.victim_testified,
                    "notes": note(keyring, "hearings", "notes", x.id.0, d.notes.as_deref())?,
                    "district": &j.district,
                }),
            );
        }
        for (i, x) in p.verdicts.iter().enumerate() {
            let d = &x.details;
            let (gender, official) = accused(c, d.accused);
            push(
                "verdicts",
                crate::row!({
                    "id": j_uuid(x.id.0), "case_id": case_id, "position": j_pos(i),
                    "accused_id": j_uuid(d.accused.0),
                    "outcome": j_code(d.outcome),
                    "on_date": j_date(d.on),
                    "district": &j.district, "exploitation_form": Field::Code(j.exploitation_form),
                    "gender": gender, "official": official,
                }),
            );
        }
        for (i, x) in p.sentences.iter().enumerate() {
            let d = &x.details;
            push(
                "sentences",
                crate::row!({
                    "id": j_uuid(x.id.0), "case_id": case_id, "position": j_pos(i),
                    "accused_id": j_uuid(d.accused.0),
                    "on_date": j_date(d.on),
                    "imprisonment_months": d.imprisonment_months,
                    "fine_lsl": d.fine_lsl,
                    "suspended": d.suspended,
                    "notes": note(keyring, "sentences", "notes", x.id.0, d.notes.as_deref())?,
                    "district": &j.district,
                }),
            );
        }
        for (i, x) in p.compensation_orders.iter().enumerate() {
            let d = &x.details;
            push(
                "compensation_orders",
                crate::row!({
                    "id": j_uuid(x.id.0), "case_id": case_id, "position": j_pos(i),
                    "accused_id": j_uuid(d.accused.0),
                    "victim_id": j_uuid(d.victim.0),
                    "amount_lsl": d.amount_lsl,
                    "on_date": j_date(d.on),
                    "district": &j.district,
                }),
            );
        }
    }
    Ok(())
}
