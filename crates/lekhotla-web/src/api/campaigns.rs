//! `/campaigns`: awareness campaigns (prevention work). Anyone who records prevention work reads them all (they
//! name no person); the leading organisation and the national coordinator change one.

use axum::Json;
use axum::extract::{Path, Query, State};
use lekhotla_domain::{
    Campaign, CampaignAudience, CampaignChannel, CampaignInput, CountryCode, OrgId, UnitCode, UnitKind,
};
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

/// Campaigns, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignList {
    pub items: Vec<Campaign>,
}

/// Which campaigns: by the day they started and the district.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CampaignQuery {
    /// Started on or after this day.
    pub from: Option<Date>,
    /// Started on or before this day.
    pub to: Option<Date>,
    /// In this district only (campaigns abroad have none).
    pub district: Option<UnitCode>,
    /// At most this many (1-500, default 500).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
}

/// The fields a change may set, as a merge patch applies to them: `null` clears an optional one.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CampaignUpdate {
    pub title: Option<String>,
    pub organisation: Option<OrgId>,
    pub country: Option<CountryCode>,
    pub district: Option<UnitCode>,
    pub town: Option<String>,
    pub audience: Option<CampaignAudience>,
    pub channels: Option<Vec<CampaignChannel>>,
    pub started_on: Option<Date>,
    pub ended_on: Option<Date>,
    pub reach: Option<u32>,
    pub partners: Option<String>,
    pub materials: Option<String>,
    pub cost: Option<u64>,
}

/// Checks what the domain cannot: the organisation and district exist, and the actor may speak for the
/// organisation.
pub async fn check(state: &AppState, actor: &Actor, input: &CampaignInput) -> Result<(), ApiError> {
    input.validate(state.clock.today())?;
    require_org(state, input.organisation, "organisation").await?;
    require_opt_unit(state, input.district.as_ref(), UnitKind::District, "district")?;
    if !may_lead(actor, input.organisation) {
        return Err(ApiError::Forbidden(
            "a campaign is recorded by the organisation that led it, or by the national coordinator".into(),
        ));
    }
    Ok(())
}

impl Register for Campaign {
    type Input = CampaignInput;
    type Update = CampaignUpdate;
    const NOUN: &'static str = "campaign";
    const ONE: &'static str = "a campaign";
    const PATH: &'static str = "campaigns";
    const NOT_YOURS: &'static str =
        "only the organisation that led the campaign, or the national coordinator, may change it";

    fn id(&self) -> Uuid {
        self.id.0
    }

    fn organisation(&self) -> OrgId {
        self.details.organisation
    }

    fn current(&self) -> CampaignUpdate {
        let d = &self.details;
        CampaignUpdate {
            title: Some(d.title.clone()),
            organisation: Some(d.organisation),
            country: Some(d.country),
            district: d.district.clone(),
            town: d.town.clone(),
            audience: Some(d.audience),
            channels: Some(d.channels.clone()),
            started_on: Some(d.started_on),
            ended_on: d.ended_on,
            reach: Some(d.reach),
            partners: d.partners.clone(),
            materials: d.materials.clone(),
            cost: d.cost,
        }
    }

    fn input(change: CampaignUpdate, needed: &(dyn Fn(&str) -> ApiError + Sync)) -> Result<CampaignInput, ApiError> {
        Ok(CampaignInput {
            title: change.title.ok_or_else(|| needed("title"))?,
            organisation: change.organisation.ok_or_else(|| needed("organisation"))?,
            country: change.country.ok_or_else(|| needed("country"))?,
            district: change.district,
            town: change.town,
            audience: change.audience.ok_or_else(|| needed("audience"))?,
            channels: change.channels.ok_or_else(|| needed("channels"))?,
            started_on: change.started_on.ok_or_else(|| needed("started_on"))?,
            ended_on: change.ended_on,
            reach: change.reach.ok_or_else(|| needed("reach"))?,
            partners: change.partners,
            materials: change.materials,
            cost: change.cost,
        })
    }

    async fn checked(
        state: &AppState,
        actor: &Actor,
        was: Option<&Self>,
        input: CampaignInput,
    ) -> Result<Self, ApiError> {
        check(state, actor, &input).await?;
        Ok(match was {
            None => Campaign::new(input, state.clock.today())?,
            Some(was) => Campaign { details: input, ..was.clone() },
        })
    }
}

#[utoipa::path(post, path = "/campaigns", tag = "prevention", operation_id = "record_campaign",
    request_body = CampaignInput,
    responses((status = 201, body = Campaign, description = "Recorded; ETag is its version"),
              (status = 403, body = ErrorBody, description = "Led by another organisation"),
              (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    actor: Actor,
    ApiJson(input): ApiJson<CampaignInput>,
) -> Result<Tagged<Campaign>, ApiError> {
    register::create(&state, &actor, input).await
}

#[utoipa::path(get, path = "/campaigns", tag = "prevention", operation_id = "list_campaigns",
    params(CampaignQuery),
    responses((status = 200, body = CampaignList), (status = 400, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    actor: Actor,
    query: Result<Query<CampaignQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<CampaignList>, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let items = register::list(&state, &actor, (q.from, q.to), q.district, q.limit).await?;
    Ok(Json(CampaignList { items }))
}

#[utoipa::path(get, path = "/campaigns/{id}", tag = "prevention", operation_id = "get_campaign",
    params(("id" = String, Path, description = "The campaign's id")),
    responses((status = 200, body = Campaign), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<Tagged<Campaign>, ApiError> {
    register::get(&state, &actor, &id).await
}

#[utoipa::path(patch, path = "/campaigns/{id}", tag = "prevention", operation_id = "update_campaign",
    request_body(description = DESCRIPTION, content((CampaignUpdate = "application/merge-patch+json"), (CampaignUpdate = "application/json"))),
    params(("id" = String, Path, description = "The campaign's id"),
           ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, body = Campaign), (status = 403, body = ErrorBody), (status = 412, body = ErrorBody),
              (status = 428, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    patch: MergePatch,
) -> Result<Tagged<Campaign>, ApiError> {
    register::update(&state, &actor, &id, version, patch).await
}
