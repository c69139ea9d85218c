//! `/organisations`: the police units, prosecutors, shelters and ministries that take part, and what they offer.

use axum::Json;
use axum::extract::{Path, State};
use lekhotla_domain::{CountryCode, OrgId, OrgType, Organisation, OrganisationInput, ServiceType, UnitCode, UnitKind};
use lekhotla_storage::{Action, DbError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::require_opt_unit;
use crate::actor::Actor;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, IfMatch, Tagged};
use crate::merge_patch::{DESCRIPTION, MergePatch};
use crate::mutate::parse_id;
use crate::shelters::{OrganisationView, views};
use crate::state::AppState;

/// All organisations, by name; a shelter's location only for those who may see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationList {
    pub items: Vec<OrganisationView>,
}

/// The fields of an organisation a change may set, as a merge patch applies to them: absent fields stay
/// as they are, `null` clears `district`, `phone` or `city` (the others are needed).
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganisationUpdate {
    pub name: Option<String>,
    pub org_type: Option<OrgType>,
    pub district: Option<UnitCode>,
    pub services: Option<Vec<ServiceType>>,
    pub phone: Option<String>,
    pub city: Option<String>,
    pub country: Option<CountryCode>,
}

#[utoipa::path(post, path = "/organisations", tag = "organisations", request_body = OrganisationInput,
    responses((status = 201, body = Organisation, description = "Created; ETag is its version"),
              (status = 409, body = ErrorBody, description = "Another organisation has this name in this district"),
              (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    actor: Actor,
    ApiJson(input): ApiJson<OrganisationInput>,
) -> Result<Tagged<Organisation>, ApiError> {
    require_opt_unit(&state, input.district.as_ref(), UnitKind::District, "district")?;
    let org = Organisation::new(input)?;
    state
        .store
        .create_organisation(
            &org,
            actor.entry(state.clock.now(), Action::OrgCreate).record(format!("organisation/{}", org.id)),
        )
        .await?;
    tracing::info!(%actor, organisation = %org.id, "organisation created");
    Ok(Tagged::created(org.version, format!("/api/v1/organisations/{}", org.id), org))
}

#[utoipa::path(get, path = "/organisations", tag = "organisations",
    responses((status = 200, body = OrganisationList)))]
pub async fn list(State(state): State<AppState>, actor: Actor) -> Result<Json<OrganisationList>, ApiError> {
    tracing::debug!(%actor, "organisations listed");
    let orgs = state.store.list_organisations().await?;
    Ok(Json(OrganisationList { items: views(&state, &actor, orgs).await? }))
}

#[utoipa::path(get, path = "/organisations/{id}", tag = "organisations",
    params(("id" = String, Path, description = "The organisation's id")),
    responses((status = 200, body = OrganisationView), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<Tagged<OrganisationView>, ApiError> {
    let org = find(&state, &id).await?;
    tracing::debug!(%actor, organisation = %org.id, "organisation read");
    let version = org.version;
    let view = views(&state, &actor, vec![org]).await?.pop().ok_or_else(|| ApiError::internal("organisation view"))?;
    Ok(Tagged::ok(version, view))
}

#[utoipa::path(patch, path = "/organisations/{id}", tag = "organisations",
    request_body(description = DESCRIPTION, content((OrganisationUpdate = "application/merge-patch+json"), (OrganisationUpdate = "application/json"))),
    params(("id" = String, Path, description = "The organisation's id"),
           ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, body = Organisation), (status = 412, body = ErrorBody), (status = 428, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "Another organisation has this name in this district"),
              (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    patch: MergePatch,
) -> Result<Tagged<Organisation>, ApiError> {
    let mut org = find(&state, &id).await?;
    if org.version != version {
        return Err(stale(version, org.version));
    }
    let d = &mut org.details;
    let current = OrganisationUpdate {
        name: Some(d.name.clone()),
        org_type: Some(d.org_type),
        district: d.district.clone(),
        services: Some(d.services.clone()),
        phone: d.phone.clone(),
        city: d.city.clone(),
        country: Some(d.country),
    };
    let Some(change) = patch.apply(&current)? else {
        return Ok(Tagged::ok(org.version, org));
    };
    let needed = |field: &str| ApiError::field(field, "cannot be cleared: an organisation needs one");
    d.name = change.name.ok_or_else(|| needed("name"))?;
    d.org_type = change.org_type.ok_or_else(|| needed("org_type"))?;
    d.services = change.services.ok_or_else(|| needed("services"))?;
    d.country = change.country.ok_or_else(|| needed("country"))?;
    d.district = change.district;
    d.phone = change.phone;
    d.city = change.city;
    org.details.validate()?;
    require_opt_unit(&state, org.details.district.as_ref(), UnitKind::District, "district")?;
    match state
        .store
        .update_organisation(
            &org,
            actor.entry(state.clock.now(), Action::OrgUpdate).record(format!("organisation/{}", org.id)),
        )
        .await
    {
        Ok(saved) => {
            tracing::info!(%actor, organisation = %saved.id, version = saved.version, "organisation changed");
            Ok(Tagged::ok(saved.version, saved))
        }
        Err(DbError::Conflict(m)) => match find(&state, &id).await?.version {
            // Not a newer version: the name is taken in the district (409).
            stored if stored == version => Err(ApiError::Refused(m)),
            stored => Err(stale(version, stored)),
        },
        Err(e) => Err(e.into()),
    }
}

fn stale(expected: i64, actual: i64) -> ApiError {
    ApiError::Stale(format!(
        "the organisation was changed by someone else (you had version {expected}, it is now at version {actual})"
    ))
}

async fn find(state: &AppState, id: &str) -> Result<Organisation, ApiError> {
    let org_id: OrgId = parse_id(id, "organisation")?;
    state.store.get_organisation(org_id).await?.ok_or_else(|| ApiError::not_found(format!("organisation {id}")))
}
