//! A data subject's access history cut to what a subject access request needs (Data Protection Act
//! 2011, s. 24: whether data about the person are kept, by whom they were seen or changed, when, and
//! for what stated purpose), and no more: the person's records are named `person/<id>` (never as victim,
//! suspect or witness), an entry's fields are only the person's own, other people's and the case's
//! details are left out, and a purpose is given only where someone stated one (a break-glass reason, a
//! transfer, an export, a search); the act list of an ordinary change would say what the person is.

use lekhotla_domain::PersonId;
use lekhotla_storage::{Action, AuditEntry};

use super::AuditItem;

/// Actions that reach everyone in the case, whatever their fields name.
const CASE_WIDE: [Action; 6] = [
    Action::CaseCreate,
    Action::CaseRead,
    Action::CaseTransfer,
    Action::BreakGlass,
    Action::Export,
    Action::CaseDelete,
];

/// Actions whose purpose is a reason someone stated (kept); others carry an act list (left out).
const STATED: [Action; 5] =
    [Action::BreakGlass, Action::CaseTransfer, Action::Export, Action::SealedRead, Action::SubjectSearch];

/// Entry `e` of the person's case, as the person's history gives it; `None` when it did not touch them.
pub fn about(e: AuditEntry, person: PersonId) -> Option<AuditItem> {
    let marker = format!("/{person}");
    let own: Vec<String> = e
        .fields
        .iter()
        .filter_map(|f| {
            let at = f.find(&marker)?;
            let rest = &f[at + marker.len()..];
            (rest.is_empty() || rest.starts_with('.')).then(|| format!("person{}", &f[at..]))
        })
        .collect();
    // An entry with no field list (older changes) may have touched anyone in the case.
    let touched =
        !own.is_empty() || CASE_WIDE.contains(&e.action) || (e.fields.is_empty() && e.action == Action::CaseUpdate);
    touched.then(|| minimal(e, own))
}

/// An earlier search for the same name (another auditor's, or one's own), as the history gives it.
pub fn search(e: AuditEntry) -> AuditItem {
    let fields = e.fields.clone();
    minimal(e, fields)
}

fn minimal(e: AuditEntry, fields: Vec<String>) -> AuditItem {
    let purpose = if STATED.contains(&e.action) { e.purpose } else { None };
    AuditItem {
        seq: e.seq,
        at: e.at,
        actor: e.actor,
        action: e.action.code().to_owned(),
        record: e.record,
        fields,
        purpose,
        hash: e.hash.to_hex(),
    }
}
