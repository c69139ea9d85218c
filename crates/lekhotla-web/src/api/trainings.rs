//! `/trainings`: trainings of police, prosecutors, border and labour officials and others (prevention and
//! capacity). Anyone who records prevention work reads them all (participants are counted, never named); the
//! organisation that gave one and the national coordinator change it.

use axum::Json;
use axum::extract::{Path, Query, State};
use lekhotla_domain::{CountryCode, OrgId, ParticipantGroup, Training, TrainingId, TrainingInput, UnitCode, UnitKind};
use lekhotla_storage::PreventionRecords;
use serde::{Deserialize, Serialize};
use time::Date;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::register::{self, Register, may_lead};
use super::{require_opt_unit, require_org};
use crate::actor::Actor;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, IfMatch, Tagged};
use crate::merge_patch::{DESCRIPTION, MergePatch};
use crate::state::AppState;

/// Trainings, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrainingList {
    pub items: Vec<Training>,
}

/// Which trainings: by the day they started and the district.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TrainingQuery {
    /// Started on or after this day.
    pub from: Option<Date>,
    /// Started on or before this day.
    pub to: Option<Date>,
    /// In this district only (trainings abroad have none).
    pub district: Option<UnitCode>,
    /// At most this many (1-500, default 500).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
}

/// The fields a change may set, as a merge patch applies to them: `null` clears an optional one.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TrainingUpdate {
    pub title: Option<String>,
    pub organisation: Option<OrgId>,
    pub country: Option<CountryCode>,
    pub district: Option<UnitCode>,
    pub town: Option<String>,
    pub started_on: Option<Date>,
    pub ended_on: Option<Date>,
    pub curriculum: Option<String>,
    pub trainers: Option<String>,
    pub of_trainers: Option<bool>,
    pub trained_by: Option<TrainingId>,
    /// The whole list of groups (a merge patch replaces a list).
    pub participants: Option<Vec<ParticipantGroup>>,
    pub cost: Option<u64>,
}

/// Checks what the domain cannot: the organisations and districts exist, the training of trainers named is one,
/// and the actor may speak for the organisation that gave it.
pub async fn check(
    state: &AppState,
    actor: &Actor,
    id: Option<TrainingId>,
    input: &TrainingInput,
) -> Result<(), ApiError> {
    input.validate(state.clock.today())?;
    require_org(state, input.organisation, "organisation").await?;
    require_opt_unit(state, input.district.as_ref(), UnitKind::District, "district")?;
    for (i, g) in input.participants.iter().enumerate() {
        if let Some(org) = g.organisation {
            require_org(state, org, &format!("participants[{i}].organisation")).await?;
        }
        require_opt_unit(state, g.district.as_ref(), UnitKind::District, &format!("participants[{i}].district"))?;
    }
    if let Some(by) = input.trained_by {
        if Some(by) == id {
            return Err(ApiError::field("trained_by", "cannot be the training itself"));
        }
        match state.store.get_prevention::<Training>(by.0).await? {
            Some(t) if t.details.of_trainers => {}
            Some(_) => {
                return Err(ApiError::field("trained_by", format!("training {by} is not a training of trainers")));
            }
            None => return Err(ApiError::field("trained_by", format!("no training has the id {by}"))),
        }
    }
    if !may_lead(actor, input.organisation) {
        return Err(ApiError::Forbidden(
            "a training is recorded by the organisation that gave it, or by the national coordinator".into(),
        ));
    }
    Ok(())
}

impl Register for Training {
    type Input = TrainingInput;
    type Update = TrainingUpdate;
    const NOUN: &'static str = "training";
    const ONE: &'static str = "a training";
    const PATH: &'static str = "trainings";
    const NOT_YOURS: &'static str =
        "only the organisation that gave the training, or the national coordinator, may change it";

    fn id(&self) -> Uuid {
        self.id.0
    }

    fn organisation(&self) -> OrgId {
        self.details.organisation
    }

    fn current(&self) -> TrainingUpdate {
        let d = &self.details;
        TrainingUpdate {
            title: Some(d.title.clone()),
            organisation: Some(d.organisation),
            country: Some(d.country),
            district: d.district.clone(),
            town: d.town.clone(),
            started_on: Some(d.started_on),
            ended_on: d.ended_on,
            curriculum: d.curriculum.clone(),
            trainers: d.trainers.clone(),
            of_trainers: Some(d.of_trainers),
            trained_by: d.trained_by,
            participants: Some(d.participants.clone()),
            cost: d.cost,
        }
    }

    fn input(change: TrainingUpdate, needed: &(dyn Fn(&str) -> ApiError + Sync)) -> Result<TrainingInput, ApiError> {
        Ok(TrainingInput {
            title: change.title.ok_or_else(|| needed("title"))?,
            organisation: change.organisation.ok_or_else(|| needed("organisation"))?,
            country: change.country.ok_or_else(|| needed("country"))?,
            district: change.district,
            town: change.town,
            started_on: change.started_on.ok_or_else(|| needed("started_on"))?,
            ended_on: change.ended_on,
            curriculum: change.curriculum,
            trainers: change.trainers,
            of_trainers: change.of_trainers.unwrap_or(false),
            trained_by: change.trained_by,
            participants: change.participants.ok_or_else(|| needed("participants"))?,
            cost: change.cost,
        })
    }

    async fn checked(
        state: &AppState,
        actor: &Actor,
        was: Option<&Self>,
        input: TrainingInput,
    ) -> Result<Self, ApiError> {
        check(state, actor, was.map(|w| w.id), &input).await?;
        Ok(match was {
            None => Training::new(input, state.clock.today())?,
            Some(was) => Training { details: input, ..was.clone() },
        })
    }
}

#[utoipa::path(post, path = "/trainings", tag = "prevention", operation_id = "record_training",
    request_body = TrainingInput,
    responses((status = 201, body = Training, description = "Recorded; ETag is its version"),
              (status = 403, body = ErrorBody, description = "Given by another organisation"),
              (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    actor: Actor,
    ApiJson(input): ApiJson<TrainingInput>,
) -> Result<Tagged<Training>, ApiError> {
    register::create(&state, &actor, input).await
}

#[utoipa::path(get, path = "/trainings", tag = "prevention", operation_id = "list_trainings",
    params(TrainingQuery),
    responses((status = 200, body = TrainingList), (status = 400, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    actor: Actor,
    query: Result<Query<TrainingQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<TrainingList>, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let items = register::list(&state, &actor, (q.from, q.to), q.district, q.limit).await?;
    Ok(Json(TrainingList { items }))
}

#[utoipa::path(get, path = "/trainings/{id}", tag = "prevention", operation_id = "get_training",
    params(("id" = String, Path, description = "The training's id")),
    responses((status = 200, body = Training), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<Tagged<Training>, ApiError> {
    register::get(&state, &actor, &id).await
}

#[utoipa::path(patch, path = "/trainings/{id}", tag = "prevention", operation_id = "update_training",
    request_body(description = DESCRIPTION, content((TrainingUpdate = "application/merge-patch+json"), (TrainingUpdate = "application/json"))),
    params(("id" = String, Path, description = "The training's id"),
           ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, body = Training), (status = 403, body = ErrorBody), (status = 412, body = ErrorBody),
              (status = 428, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    patch: MergePatch,
) -> Result<Tagged<Training>, ApiError> {
    register::update(&state, &actor, &id, version, patch).await
}
