//! A request for a case the actor may not see, or for one that does not exist: both are answered 404
//! alike and both are recorded as `case.denied` (the actor, the case as named, and which of the two it
//! was, for the auditor only), with the same work, so neither the answer nor its time tells them apart.
//! An actor's probes are recorded up to [`crate::limits::PROBES`] per window; the last entry of a
//! window says so, and later ones are only logged, so a script cannot flood the trail.

use lekhotla_storage::{Action, CaseKey};

use crate::actor::Actor;
use crate::error::ApiError;
use crate::limits::Pass;
use crate::state::AppState;

/// Why a named case was not given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    /// It exists, outside the actor's need-to-know scope.
    OutOfScope,
    /// There is no such case.
    Missing,
}

impl Denied {
    fn code(self) -> &'static str {
        match self {
            Self::OutOfScope => "out-of-scope",
            Self::Missing => "no-such-case",
        }
    }
}

/// Records the probe (within the actor's window) and gives the one 404 for `text`, the case as named.
pub async fn deny(state: &AppState, actor: &Actor, key: &CaseKey, why: Denied, text: &str) -> ApiError {
    let now = state.clock.now();
    let record = match key {
        CaseKey::Id(id) => format!("case/{id}"),
        CaseKey::Number(number) => format!("case-number/{number}"),
    };
    match state.limits.probes.take(&actor.audit_name(), now) {
        Ok(pass) => {
            let mut fields = vec![why.code()];
            if pass == Pass::Last {
                fields.push("further-probes-in-window-not-recorded");
            }
            let note = actor.entry(now, Action::CaseDenied).record(record).fields(fields);
            if let Err(e) = state.store.append_audit(note).await {
                return e.into();
            }
        }
        Err(_) => tracing::warn!(%actor, "case probe not recorded: the actor's window is used up"),
    }
    tracing::info!(%actor, why = why.code(), "case not given");
    ApiError::not_found(format!("case {text}"))
}
