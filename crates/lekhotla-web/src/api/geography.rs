//! `/geography`: the country's districts (with the hub office serving each) and ports of entry, for clients
//! that need the codes a case, event or organisation takes.

use axum::Json;
use axum::extract::State;
use lekhotla_domain::OrgUnit;
use serde::Serialize;
use utoipa::ToSchema;

use crate::actor::Actor;
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct GeographyList {
    pub items: Vec<OrgUnit>,
}

#[utoipa::path(get, path = "/geography", tag = "organisations",
    responses((status = 200, body = GeographyList, description = "The country, its districts and ports of entry")))]
pub async fn list(State(state): State<AppState>, _actor: Actor) -> Json<GeographyList> {
    // Reference data: any actor may read it; the extractor still runs, so once authentication exists an
    // anonymous caller is refused here too.
    Json(GeographyList { items: state.geography.units().to_vec() })
}
