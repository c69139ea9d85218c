//! Sealed fields on the way out. A case's people carry identity and contact fields (names, birth
//! date, identity number, phone, email, address) that are encrypted at rest. Whoever may see them
//! (the `read-sealed` permission within their scope, or a break-glass grant) gets them after an
//! audit entry naming the fields is written: no entry, no data. Anyone else gets the case with those
//! fields blanked (`first_name` reads `[sealed]`).

use lekhotla_domain::{Case, PersonDetails, SuspectIdentity};
use lekhotla_identity::Permission;
use lekhotla_storage::Action;

use crate::actor::Actor;
use crate::error::ApiError;
use crate::state::AppState;

/// What a blanked first name reads.
pub const SEALED: &str = "[sealed]";

/// How long a proved second factor allows revealing sealed fields in a session (ASVS 7.5.3 step-up);
/// after it, `POST /api/v1/session/step-up` with a fresh code.
pub const STEP_UP: time::Duration = time::Duration::minutes(5);

/// Whether the case went out with its sealed fields, or blanked and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Revealed,
    /// The actor may not see sealed fields (an API token without `read-sealed`).
    NotAllowed,
    /// The session's second factor is older than [`STEP_UP`]: step up and read again.
    StepUpRequired,
}

/// The sealed fields of one person, as the audit trail names them.
const FIELDS: [&str; 8] =
    ["first_name", "middle_name", "second_name", "birthdate", "identity_number", "phone", "email", "address"];

/// The people of a case whose details are sealed: (record kind, id, details).
fn people(case: &mut Case) -> Vec<(&'static str, String, &mut PersonDetails)> {
    let mut out = Vec::new();
    for v in &mut case.victims {
        out.push(("victim", v.id.to_string(), &mut v.person));
    }
    for s in &mut case.suspects {
        if let SuspectIdentity::Individual(p) = &mut s.details.identity {
            out.push(("suspect", s.id.to_string(), p));
        }
    }
    for w in &mut case.witnesses {
        out.push(("witness", w.id.to_string(), &mut w.details.person));
    }
    out
}

/// Blanks every sealed field of the case's people.
pub fn blank(case: &mut Case) {
    for (_, _, p) in people(case) {
        p.first_name = SEALED.to_owned();
        p.middle_name = None;
        p.second_name = None;
        p.birthdate = None;
        p.identity_number = None;
        p.phone = None;
        p.email = None;
        p.address = None;
    }
}

/// The case as `actor` may read it: with its sealed fields after an audit entry (`purpose` is the
/// break-glass reason when there is one), or blanked. A person's session must have proved its second
/// factor within [`STEP_UP`]; an API token's scope is its grant.
pub async fn reveal(
    state: &AppState,
    actor: &Actor,
    mut case: Case,
    purpose: Option<String>,
) -> Result<(Case, Shown), ApiError> {
    if !actor.allows(Permission::ReadSealed) && purpose.is_none() {
        blank(&mut case);
        return Ok((case, Shown::NotAllowed));
    }
    if let crate::actor::Credential::Session { factor_at, .. } = &actor.credential {
        let fresh = factor_at.is_some_and(|at| state.clock.now() - at <= STEP_UP);
        if !fresh {
            blank(&mut case);
            return Ok((case, Shown::StepUpRequired));
        }
    }
    let fields: Vec<String> = people(&mut case)
        .into_iter()
        .flat_map(|(kind, id, _)| FIELDS.iter().map(move |f| format!("{kind}/{id}.{f}")))
        .collect();
    if fields.is_empty() {
        return Ok((case, Shown::Revealed));
    }
    let mut note =
        actor.entry(state.clock.now(), Action::SealedRead).record(format!("case/{}", case.id)).fields(fields);
    if let Some(p) = purpose {
        note = note.purpose(p);
    }
    state.store.append_audit(note).await?;
    Ok((case, Shown::Revealed))
}
