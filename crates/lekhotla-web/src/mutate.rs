//! Changing a stored case: load it, apply a domain method, save it at the version it was read at.
//!
//! When another writer saved the case in between, the save is refused (optimistic concurrency) and
//! the change is applied again to the fresh case. The domain method re-checks any version the client
//! sent (`If-Match`), so a stale client gets 412 while unrelated concurrent changes (two people adding
//! victims to one case) both land: no update is lost and none is refused for nothing.

use lekhotla_domain::{Case, CaseId, CaseNumber};
use lekhotla_identity::Act;
use lekhotla_storage::{Action, DbError};
use time::Date;

use crate::actor::Actor;
use crate::authority::{self, Deed};
use crate::error::ApiError;
use crate::state::AppState;

/// How often a change is re-applied when others keep saving the same case.
const ATTEMPTS: usize = 8;

/// Applies `change` to case `id` and saves it; returns the saved case and what `change` returned.
/// `deeds` names the acts the change performs, judged against the loaded case before it is changed
/// (`authority::require`): an act the actor may not perform on this case changes nothing (403).
pub async fn change_case<T>(
    state: &AppState,
    actor: &Actor,
    id: CaseId,
    deeds: impl Fn(&Case) -> Vec<Deed>,
    change: impl FnMut(&mut Case, Date) -> Result<T, ApiError>,
) -> Result<(Case, T), ApiError> {
    change_case_as(state, actor, id, (Action::CaseUpdate, None), deeds, change).await
}

/// [`change_case`], audited as `action` with a reason added to the entry's purpose (a transfer is
/// `case.transfer` with the receiving organisation and why).
pub async fn change_case_as<T>(
    state: &AppState,
    actor: &Actor,
    id: CaseId,
    (action, reason): (Action, Option<&str>),
    deeds: impl Fn(&Case) -> Vec<Deed>,
    mut change: impl FnMut(&mut Case, Date) -> Result<T, ApiError>,
) -> Result<(Case, T), ApiError> {
    for _ in 0..ATTEMPTS {
        let mut case = load(state, actor, id).await?;
        let deeds = deeds(&case);
        let granted = authority::require(actor, &deeds, &case)?;
        let value = change(&mut case, state.clock.today())?;
        case.touch(state.clock.now());
        let acts: Vec<Act> = deeds.iter().map(|d| d.act).collect();
        let mut purpose = granted.purpose(&acts);
        if let Some(reason) = reason {
            purpose = format!("{purpose}; {reason}");
        }
        let note = actor.entry(state.clock.now(), action).record(format!("case/{id}")).purpose(purpose);
        match state.store.save_case(&case, note).await {
            Ok(saved) => {
                tracing::info!(%actor, case = %saved.id, version = saved.version, "case changed");
                return Ok((saved, value));
            }
            Err(DbError::Conflict(detail)) => {
                tracing::debug!(%id, %detail, "case saved by another writer meanwhile; applying the change again");
                tokio::task::yield_now().await;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(ApiError::Busy)
}

/// The deeds of a change that performs one act on the case itself.
pub fn only(act: Act) -> impl Fn(&Case) -> Vec<Deed> {
    move |_| vec![Deed::case(act)]
}

/// The stored case, or 404 when there is none or it is outside the actor's need-to-know scope (the
/// same answer, so a case's existence is not revealed to those who may not see it).
pub async fn load(state: &AppState, actor: &Actor, id: CaseId) -> Result<Case, ApiError> {
    let case = state.store.get_case(id).await?.ok_or_else(|| ApiError::not_found(format!("case {id}")))?;
    admit(state, actor, case)
}

/// The case if `actor` may see it, else 404.
fn admit(state: &AppState, actor: &Actor, case: Case) -> Result<Case, ApiError> {
    if crate::scope::of(actor, &state.geography).admits(&case) {
        tracing::debug!(%actor, case = %case.id, "case read");
        Ok(case)
    } else {
        tracing::info!(%actor, case = %case.id, "case outside the actor's scope");
        Err(ApiError::not_found(format!("case {}", case.id)))
    }
}

/// A case named in a path by its id or its national number (`LS-2026-000123`), if the actor may see it.
pub async fn resolve(state: &AppState, actor: &Actor, key: &str) -> Result<Case, ApiError> {
    let case = find(state, key).await?;
    admit(state, actor, case).map_err(|_| ApiError::not_found(format!("case {key}")))
}

/// Like [`resolve`], for reading only: a case outside the actor's scope is also given while the actor
/// holds a break-glass grant for it, with the grant's reason (for the audit entry of the sealed read).
pub async fn resolve_for_reading(
    state: &AppState,
    actor: &Actor,
    key: &str,
) -> Result<(Case, Option<String>), ApiError> {
    let case = find(state, key).await?;
    if crate::scope::of(actor, &state.geography).admits(&case) {
        return Ok((case, None));
    }
    match crate::api::break_glass::active_grant(state, actor, case.id).await? {
        Some(reason) => Ok((case, Some(format!("break-glass: {reason}")))),
        None => Err(ApiError::not_found(format!("case {key}"))),
    }
}

/// The case named by id or number, whoever asks (callers check the scope).
pub async fn find(state: &AppState, key: &str) -> Result<Case, ApiError> {
    let missing = || ApiError::not_found(format!("case {key}"));
    let found = match key.parse::<CaseId>() {
        Ok(id) => state.store.get_case(id).await?,
        Err(_) => {
            let number = CaseNumber::parse(key).map_err(|_| missing())?;
            state.store.find_case_by_number(&number).await?
        }
    };
    found.ok_or_else(missing)
}

/// The id of a case named by id or number.
pub async fn resolve_id(state: &AppState, actor: &Actor, key: &str) -> Result<CaseId, ApiError> {
    match key.parse::<CaseId>() {
        Ok(id) => Ok(id),
        Err(_) => resolve(state, actor, key).await.map(|c| c.id),
    }
}

/// A record id from a path; a malformed one is simply not found.
pub fn parse_id<T: std::str::FromStr>(text: &str, record: &str) -> Result<T, ApiError> {
    text.parse().map_err(|_| ApiError::not_found(format!("{record} {text}")))
}
