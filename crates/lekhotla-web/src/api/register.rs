//! What the four prevention registers' routes share (campaigns, trainings, inspections, screenings): recording,
//! listing, reading and changing one, checked, audited and versioned alike. Each register's module keeps its
//! documented handlers (thin calls of these), its query and change schemas and the checks of its own.

use std::future::Future;

use lekhotla_domain::{OrgId, UnitCode, UnitKind};
use lekhotla_identity::Role;
use lekhotla_storage::prevention::Registered;
use lekhotla_storage::{Action, DbError, PreventionFilter, PreventionRecords};
use serde::Serialize;
use serde::de::DeserializeOwned;
use time::Date;
use uuid::Uuid;

use super::require_opt_unit;
use crate::actor::Actor;
use crate::error::ApiError;
use crate::extract::Tagged;
use crate::merge_patch::MergePatch;
use crate::mutate::parse_id;
use crate::state::AppState;

/// A register of prevention work as its routes see it.
pub trait Register: Registered + Serialize {
    /// What a user supplies to record or change one.
    type Input: DeserializeOwned + Send;
    /// The members a change may set, as a merge patch applies to them: `null` clears an optional one.
    type Update: Serialize + DeserializeOwned + PartialEq + Send;
    /// Its name in messages and in the audit trail: `campaign`.
    const NOUN: &'static str;
    /// One of them, in a message: `a campaign`, `an inspection`.
    const ONE: &'static str;
    /// Its collection under `/api/v1`: `campaigns`.
    const PATH: &'static str;
    /// Why a change by someone who may not speak for its organisation is refused.
    const NOT_YOURS: &'static str;

    fn id(&self) -> Uuid;
    /// The organisation that did the work, which changes it with the national coordinator.
    fn organisation(&self) -> OrgId;
    /// Its members as a change sees them.
    fn current(&self) -> Self::Update;
    /// The input a change makes, refusing to clear what a record needs (`needed(member)` says so).
    fn input(change: Self::Update, needed: &(dyn Fn(&str) -> ApiError + Sync)) -> Result<Self::Input, ApiError>;
    /// The record the input makes, checked as the domain checks it and with what the domain cannot check (the
    /// organisations, districts and cases it names exist, the actor may speak for its organisation): a new one,
    /// or `was` changed (its id and the version read kept).
    fn checked(
        state: &AppState,
        actor: &Actor,
        was: Option<&Self>,
        input: Self::Input,
    ) -> impl Future<Output = Result<Self, ApiError>> + Send;
}

/// Whether the actor may record or change work done by `org`: its own organisation's, or any for the national
/// coordinator.
pub fn may_lead(actor: &Actor, org: OrgId) -> bool {
    actor.organisation == org || actor.roles.contains(Role::NationalCoordinator)
}

/// Records a new one: checked, then written with its audit entry; answers 201 with where to read it.
pub async fn create<R: Register>(state: &AppState, actor: &Actor, input: R::Input) -> Result<Tagged<R>, ApiError> {
    let record = R::checked(state, actor, None, input).await?;
    let entry = actor.entry(state.clock.now(), Action::PreventionRecord).record(format!("{}/{}", R::NOUN, record.id()));
    state.store.record_prevention(&record, entry).await?;
    tracing::info!(%actor, record = R::NOUN, id = %record.id(), "prevention work recorded");
    Ok(Tagged::created(record.version(), format!("/api/v1/{}/{}", R::PATH, record.id()), record))
}

/// The records that started from `from` to `to` (in `district` only, if given), newest first, at most `limit`.
pub async fn list<R: Register>(
    state: &AppState,
    actor: &Actor,
    (from, to): (Option<Date>, Option<Date>),
    district: Option<UnitCode>,
    limit: Option<u32>,
) -> Result<Vec<R>, ApiError> {
    require_opt_unit(state, district.as_ref(), UnitKind::District, "district")?;
    let filter = PreventionFilter {
        from,
        to,
        districts: district.map(|d| vec![d]),
        limit: super::paging::limit(limit, 500, super::paging::MAX_LIMIT)?,
    };
    tracing::debug!(%actor, records = R::PATH, "prevention work listed");
    Ok(state.store.list_prevention(&filter).await?)
}

/// One record, with its version as the ETag.
pub async fn get<R: Register>(state: &AppState, actor: &Actor, id: &str) -> Result<Tagged<R>, ApiError> {
    let record = find::<R>(state, id).await?;
    tracing::debug!(%actor, record = R::NOUN, id = %record.id(), "prevention work read");
    Ok(Tagged::ok(record.version(), record))
}

/// Applies a merge patch to the version read: nothing is written if it changes nothing, and a change made since
/// that version is refused (412) rather than overwritten.
pub async fn update<R: Register>(
    state: &AppState,
    actor: &Actor,
    id: &str,
    version: i64,
    patch: MergePatch,
) -> Result<Tagged<R>, ApiError> {
    let record = find::<R>(state, id).await?;
    if record.version() != version {
        return Err(stale::<R>(version, record.version()));
    }
    if !may_lead(actor, record.organisation()) {
        return Err(ApiError::Forbidden(R::NOT_YOURS.into()));
    }
    let Some(change) = patch.apply(&record.current())? else {
        return Ok(Tagged::ok(record.version(), record));
    };
    let needed = |member: &str| ApiError::field(member, format!("cannot be cleared: {} needs one", R::ONE));
    let input = R::input(change, &needed)?;
    let changed = R::checked(state, actor, Some(&record), input).await?;
    let entry =
        actor.entry(state.clock.now(), Action::PreventionUpdate).record(format!("{}/{}", R::NOUN, changed.id()));
    match state.store.update_prevention(&changed, entry).await {
        Ok(saved) => {
            tracing::info!(%actor, record = R::NOUN, id = %saved.id(), version = saved.version(), "prevention work changed");
            Ok(Tagged::ok(saved.version(), saved))
        }
        Err(DbError::Conflict(_)) => Err(stale::<R>(version, find::<R>(state, id).await?.version())),
        Err(e) => Err(e.into()),
    }
}

fn stale<R: Register>(expected: i64, actual: i64) -> ApiError {
    ApiError::Stale(format!(
        "the {} was changed by someone else (you had version {expected}, it is now at version {actual})",
        R::NOUN
    ))
}

async fn find<R: Register>(state: &AppState, id: &str) -> Result<R, ApiError> {
    let key: Uuid = parse_id(id, R::NOUN)?;
    state.store.get_prevention::<R>(key).await?.ok_or_else(|| ApiError::not_found(format!("{} {id}", R::NOUN)))
}
