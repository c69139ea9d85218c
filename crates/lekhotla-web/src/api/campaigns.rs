//! `/campaigns`: awareness campaigns (prevention work). Anyone who records prevention work reads them all (they
//! name no person); the leading organisation and the national coordinator change one.

use axum::Json;
use axum::extract::{Path, Query, State};
use lekhotla_domain::{
    Campaign, CampaignAudience, CampaignChannel, CampaignId, CampaignInput, CountryCode, OrgId, UnitCode, UnitKind,
};
use lekhotla_identity::Role;
use lekhotla_storage::{Action, DbError, PreventionFilter, PreventionRecords};
use serde::{Deserialize, Serialize};
use time::Date;
use utoipa::{IntoParams, ToSchema};

use super::{require_opt_unit, require_org};
use crate::actor::Actor;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, IfMatch, Tagged};
use crate::merge_patch::{DESCRIPTION, MergePatch};
use crate::mutate::parse_id;
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

/// Whether the actor may record or change a campaign led by `org`: its own organisation's, or any for the
/// national coordinator.
pub fn may_lead(actor: &Actor, org: OrgId) -> bool {
    actor.organisation == org || actor.roles.contains(Role::NationalCoordinator)
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
    check(&state, &actor, &input).await?;
    let campaign = Campaign::new(input, state.clock.today())?;
    let entry = actor.entry(state.clock.now(), Action::PreventionRecord).record(format!("campaign/{}", campaign.id));
    state.store.record_prevention(&campaign, entry).await?;
    tracing::info!(%actor, campaign = %campaign.id, "campaign recorded");
    Ok(Tagged::created(campaign.version, format!("/api/v1/campaigns/{}", campaign.id), campaign))
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
    require_opt_unit(&state, q.district.as_ref(), UnitKind::District, "district")?;
    let filter = PreventionFilter {
        from: q.from,
        to: q.to,
        districts: q.district.map(|d| vec![d]),
        limit: super::paging::limit(q.limit, 500, super::paging::MAX_LIMIT)?,
    };
    tracing::debug!(%actor, "campaigns listed");
    Ok(Json(CampaignList { items: state.store.list_prevention(&filter).await? }))
}

#[utoipa::path(get, path = "/campaigns/{id}", tag = "prevention", operation_id = "get_campaign",
    params(("id" = String, Path, description = "The campaign's id")),
    responses((status = 200, body = Campaign), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<Tagged<Campaign>, ApiError> {
    let campaign = find(&state, &id).await?;
    tracing::debug!(%actor, campaign = %campaign.id, "campaign read");
    Ok(Tagged::ok(campaign.version, campaign))
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
    let mut campaign = find(&state, &id).await?;
    if campaign.version != version {
        return Err(stale(version, campaign.version));
    }
    if !may_lead(&actor, campaign.details.organisation) {
        return Err(ApiError::Forbidden(
            "only the organisation that led the campaign, or the national coordinator, may change it".into(),
        ));
    }
    let d = &campaign.details;
    let current = CampaignUpdate {
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
    };
    let Some(change) = patch.apply(&current)? else {
        return Ok(Tagged::ok(campaign.version, campaign));
    };
    let needed = |field: &str| ApiError::field(field, "cannot be cleared: a campaign needs one");
    campaign.details = CampaignInput {
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
    };
    check(&state, &actor, &campaign.details).await?;
    let entry = actor.entry(state.clock.now(), Action::PreventionUpdate).record(format!("campaign/{}", campaign.id));
    match state.store.update_prevention(&campaign, entry).await {
        Ok(saved) => {
            tracing::info!(%actor, campaign = %saved.id, version = saved.version, "campaign changed");
            Ok(Tagged::ok(saved.version, saved))
        }
        Err(DbError::Conflict(_)) => Err(stale(version, find(&state, &id).await?.version)),
        Err(e) => Err(e.into()),
    }
}

fn stale(expected: i64, actual: i64) -> ApiError {
    ApiError::Stale(format!(
        "the campaign was changed by someone else (you had version {expected}, it is now at version {actual})"
    ))
}

async fn find(state: &AppState, id: &str) -> Result<Campaign, ApiError> {
    let campaign_id: CampaignId = parse_id(id, "campaign")?;
    state
        .store
        .get_prevention::<Campaign>(campaign_id.0)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("campaign {id}")))
}
