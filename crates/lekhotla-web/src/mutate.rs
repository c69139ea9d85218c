//! Changing a stored case: load it, apply a domain method, save it at the version it was read at.
//!
//! When another writer saved the case in between, the save is refused (optimistic concurrency) and
//! the change is applied again to the fresh case. The domain method re-checks any version the client
//! sent (`If-Match`), so a stale client gets 412 while unrelated concurrent changes (two people adding
//! victims to one case) both land: no update is lost and none is refused for nothing.

use lekhotla_domain::{Case, CaseId};
use lekhotla_identity::Act;
use lekhotla_storage::{Action, CaseKey, DbError, Scope, ScopeFacts};
use time::Date;

use crate::actor::Actor;
use crate::authority::{self, Deed};
use crate::error::ApiError;
use crate::probes::{self, Denied};
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
        let before = case.clone();
        let value = change(&mut case, state.clock.today())?;
        let fields = crate::changed::fields(&before, &case);
        case.touch(state.clock.now());
        let acts: Vec<Act> = deeds.iter().map(|d| d.act).collect();
        let mut purpose = granted.purpose(&acts);
        if let Some(reason) = reason {
            purpose = format!("{purpose}; {reason}");
        }
        let note = actor.entry(state.clock.now(), action).record(format!("case/{id}")).fields(fields).purpose(purpose);
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
/// same answer, so a case's existence is not revealed to those who may not see it). Scope is decided on
/// the case's [`ScopeFacts`] before the case is loaded: an out-of-scope case is never read (a national
/// scope has none, and its case is read at once).
pub async fn load(state: &AppState, actor: &Actor, id: CaseId) -> Result<Case, ApiError> {
    if let Some(case) = read_at_once(state, actor, &CaseKey::Id(id)).await? {
        return Ok(case);
    }
    let facts = locate(state, actor, &CaseKey::Id(id), &id.to_string()).await?;
    load_admitted(state, actor, &facts, &id.to_string()).await
}

/// The facts of the case named `key` (as typed: `text`) if the actor may see it; else the one 404 for
/// a case out of scope and a missing one, recorded as a probe ([`probes::deny`]).
async fn locate(state: &AppState, actor: &Actor, key: &CaseKey, text: &str) -> Result<ScopeFacts, ApiError> {
    let scope = crate::scope::of(actor, &state.geography);
    match state.store.case_scope_facts(key).await? {
        Some(facts) if scope.admits_facts(&facts) => Ok(facts),
        Some(_) => Err(probes::deny(state, actor, key, Denied::OutOfScope, text).await),
        None => Err(probes::deny(state, actor, key, Denied::Missing, text).await),
    }
}

/// The case of `key` read at once when the actor's scope admits every case (the national coordinator):
/// its facts could not change the answer, so their query is spared. `None` for any other scope, and when
/// there is no such case (the caller then takes the path that records the probe, as for anyone).
async fn read_at_once(state: &AppState, actor: &Actor, key: &CaseKey) -> Result<Option<Case>, ApiError> {
    if !matches!(crate::scope::of(actor, &state.geography), Scope::All) {
        return Ok(None);
    }
    let case = match key {
        CaseKey::Id(id) => state.store.get_case(*id).await?,
        CaseKey::Number(number) => state.store.find_case_by_number(number).await?,
    };
    if let Some(case) = &case {
        tracing::debug!(%actor, case = %case.id, "case read");
    }
    Ok(case)
}

/// The whole case of admitted `facts`. The rule is checked again on the case as loaded, for a case
/// that moved out of scope between the two reads.
async fn load_admitted(state: &AppState, actor: &Actor, facts: &ScopeFacts, text: &str) -> Result<Case, ApiError> {
    let missing = || ApiError::not_found(format!("case {text}"));
    let case = state.store.get_case(facts.id).await?.ok_or_else(missing)?;
    if !crate::scope::of(actor, &state.geography).admits(&case) {
        return Err(missing());
    }
    tracing::debug!(%actor, case = %case.id, "case read");
    Ok(case)
}

/// A path's case key, or 404 for text that is neither an id nor a national number.
fn key_of(text: &str) -> Result<CaseKey, ApiError> {
    CaseKey::parse(text).ok_or_else(|| ApiError::not_found(format!("case {text}")))
}

/// A case named in a path by its id or its national number (`LS-2026-000123`), if the actor may see it.
pub async fn resolve(state: &AppState, actor: &Actor, key: &str) -> Result<Case, ApiError> {
    let parsed = key_of(key)?;
    if let Some(case) = read_at_once(state, actor, &parsed).await? {
        return Ok(case);
    }
    let facts = locate(state, actor, &parsed, key).await?;
    load_admitted(state, actor, &facts, key).await
}

/// Like [`resolve`], for reading only: a case outside the actor's scope is also given while the actor
/// holds a break-glass grant for it, with the grant's reason (for the audit entry of the sealed read).
/// A missing case costs the same grant lookup as an out-of-scope one, so their answers take alike.
pub async fn resolve_for_reading(
    state: &AppState,
    actor: &Actor,
    text: &str,
) -> Result<(Case, Option<String>), ApiError> {
    let key = key_of(text)?;
    if let Some(case) = read_at_once(state, actor, &key).await? {
        return Ok((case, None));
    }
    let scope = crate::scope::of(actor, &state.geography);
    let (facts, why) = match state.store.case_scope_facts(&key).await? {
        Some(facts) if scope.admits_facts(&facts) => {
            return Ok((load_admitted(state, actor, &facts, text).await?, None));
        }
        Some(facts) => (Some(facts), Denied::OutOfScope),
        None => (None, Denied::Missing),
    };
    let probed = match (&facts, &key) {
        (Some(f), _) => f.id,
        (None, CaseKey::Id(id)) => *id,
        // No case has this number, so no grant can name it: look one up for a fresh id all the same.
        (None, CaseKey::Number(_)) => CaseId::new(),
    };
    match (crate::api::break_glass::active_grant(state, actor, probed).await?, facts) {
        (Some(reason), Some(facts)) => {
            let case =
                state.store.get_case(facts.id).await?.ok_or_else(|| ApiError::not_found(format!("case {text}")))?;
            Ok((case, Some(format!("break-glass: {reason}"))))
        }
        _ => Err(probes::deny(state, actor, &key, why, text).await),
    }
}

/// The need-to-know facts of the case named by id or number, whoever asks (callers check the scope).
pub async fn facts(state: &AppState, text: &str) -> Result<ScopeFacts, ApiError> {
    state.store.case_scope_facts(&key_of(text)?).await?.ok_or_else(|| ApiError::not_found(format!("case {text}")))
}

/// The id of a case named by id or number, if the actor may see it.
pub async fn resolve_id(state: &AppState, actor: &Actor, key: &str) -> Result<CaseId, ApiError> {
    Ok(locate(state, actor, &key_of(key)?, key).await?.id)
}

/// A record id from a path; a malformed one is simply not found.
pub fn parse_id<T: std::str::FromStr>(text: &str, record: &str) -> Result<T, ApiError> {
    text.parse().map_err(|_| ApiError::not_found(format!("{record} {text}")))
}
