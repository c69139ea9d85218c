//! The rows of a case's criminal-justice records: the investigation and its docket transfers, the prosecution
//! and its charges, hearings, verdicts, sentences and compensation orders.

use lekhotla_crypto::Keyring;
use lekhotla_domain::Case;
use lekhotla_storage::DbError;
use lekhotla_storage::statistics::derive::{JusticeColumns, accused};

use super::note;
use crate::rows::{
    Cols, V, boolean, code, countries, date, id, int, opt_code, opt_date, opt_int, opt_text, opt_uint, position, text,
    uint,
};

/// Appends the rows of `case`'s investigation and prosecution to `out`, with the columns the counts read
/// (`statistics::derive`); `cid` is the case's id column.
pub(super) fn rows(
    case: &Case,
    keyring: Option<&Keyring>,
    cid: &dyn Fn() -> V,
    out: &mut Vec<(&'static str, Cols)>,
) -> Result<(), DbError> {
    let j = JusticeColumns::of(case);
    let district = || text(j.district.clone());
    let form = || text(j.exploitation_form);
    let of_accused = |person| {
        let (gender, official) = accused(case, person);
        [("gender", opt_text(gender)), ("official", boolean(official))]
    };
    if let Some(inv) = &case.investigation {
        out.push((
            "investigations",
            vec![
                ("id", id(inv.id.0)),
                ("case_id", cid()),
                ("version", int(inv.version)),
                ("unit", code(inv.unit)),
                ("organisation_id", id(inv.organisation.0)),
                ("investigator", text(inv.investigator.clone())),
                ("opened_on", date(inv.opened_on)),
                ("docket_number", opt_text(inv.docket_number.as_deref())),
                (
                    "docket_custodian",
                    note(keyring, "investigations", "docket_custodian", inv.id.0, inv.docket_custodian.as_deref())?,
                ),
                ("cooperating_countries", countries(&inv.cooperating_countries)),
                ("closed_on", opt_date(inv.closed_on)),
                (
                    "closure_reason",
                    note(keyring, "investigations", "closure_reason", inv.id.0, inv.closure_reason.as_deref())?,
                ),
                ("district", district()),
                ("exploitation_form", form()),
                ("docket_unlocated", boolean(inv.docket_custodian.is_none())),
            ],
        ));
        for (i, t) in inv.docket_transfers.iter().enumerate() {
            out.push((
                "docket_transfers",
                vec![
                    ("id", id(t.id.0)),
                    ("case_id", cid()),
                    ("position", position(i)),
                    (
                        "from_custodian",
                        note(keyring, "docket_transfers", "from_custodian", t.id.0, t.from_custodian.as_deref())?,
                    ),
                    ("to_custodian", note(keyring, "docket_transfers", "to_custodian", t.id.0, Some(&t.to_custodian))?),
                    ("on_date", date(t.on)),
                    ("reason", note(keyring, "docket_transfers", "reason", t.id.0, t.reason.as_deref())?),
                ],
            ));
        }
    }
    if let Some(p) = &case.prosecution {
        out.push((
            "prosecutions",
            vec![
                ("id", id(p.id.0)),
                ("case_id", cid()),
                ("version", int(p.version)),
                ("prosecutor", text(p.prosecutor.clone())),
                ("referred_on", date(p.referred_on)),
                ("dpp_decision", opt_code(p.dpp_decision.map(|d| d.decision))),
                ("dpp_decision_on", opt_date(p.dpp_decision.map(|d| d.on))),
                ("summons_issued_on", opt_date(p.summons_issued_on)),
                ("court", opt_text(p.court.as_deref())),
                ("court_case_number", opt_text(p.court_case_number.as_deref())),
                ("withdrawn_on", opt_date(p.withdrawn_on)),
                (
                    "withdrawal_reason",
                    note(keyring, "prosecutions", "withdrawal_reason", p.id.0, p.withdrawal_reason.as_deref())?,
                ),
                ("district", district()),
                ("exploitation_form", form()),
                ("concluded_on", opt_date(j.concluded_on)),
            ],
        ));
        for (i, c) in p.charges.iter().enumerate() {
            let d = &c.details;
            out.push((
                "charges",
                vec![
                    ("id", id(c.id.0)),
                    ("case_id", cid()),
                    ("position", position(i)),
                    ("accused_id", id(d.accused.0)),
                    ("offence", code(d.offence)),
                    ("statute", opt_text(d.statute.as_deref())),
                    ("counts", int(d.counts)),
                    ("filed_on", date(d.filed_on)),
                    ("district", district()),
                ]
                .into_iter()
                .chain(of_accused(d.accused))
                .collect(),
            ));
        }
        for (i, h) in p.hearings.iter().enumerate() {
            let d = &h.details;
            out.push((
                "hearings",
                vec![
                    ("id", id(h.id.0)),
                    ("case_id", cid()),
                    ("position", position(i)),
                    ("on_date", date(d.on)),
                    ("kind", code(d.kind)),
                    ("victim_testified", boolean(d.victim_testified)),
                    ("notes", note(keyring, "hearings", "notes", h.id.0, d.notes.as_deref())?),
                    ("district", district()),
                ],
            ));
        }
        for (i, v) in p.verdicts.iter().enumerate() {
            let d = &v.details;
            out.push((
                "verdicts",
                vec![
                    ("id", id(v.id.0)),
                    ("case_id", cid()),
                    ("position", position(i)),
                    ("accused_id", id(d.accused.0)),
                    ("outcome", code(d.outcome)),
                    ("on_date", date(d.on)),
                    ("district", district()),
                    ("exploitation_form", form()),
                ]
                .into_iter()
                .chain(of_accused(d.accused))
                .collect(),
            ));
        }
        for (i, s) in p.sentences.iter().enumerate() {
            let d = &s.details;
            out.push((
                "sentences",
                vec![
                    ("id", id(s.id.0)),
                    ("case_id", cid()),
                    ("position", position(i)),
                    ("accused_id", id(d.accused.0)),
                    ("on_date", date(d.on)),
                    ("imprisonment_months", opt_int(d.imprisonment_months)),
                    ("fine_lsl", opt_uint("fine_lsl", d.fine_lsl)?),
                    ("suspended", boolean(d.suspended)),
                    ("notes", note(keyring, "sentences", "notes", s.id.0, d.notes.as_deref())?),
                    ("district", district()),
                ],
            ));
        }
        for (i, o) in p.compensation_orders.iter().enumerate() {
            let d = &o.details;
            out.push((
                "compensation_orders",
                vec![
                    ("id", id(o.id.0)),
                    ("case_id", cid()),
                    ("position", position(i)),
                    ("accused_id", id(d.accused.0)),
                    ("victim_id", id(d.victim.0)),
                    ("amount_lsl", uint("amount_lsl", d.amount_lsl)?),
                    ("on_date", date(d.on)),
                    ("district", district()),
                ],
            ));
        }
    }
    Ok(())
}
