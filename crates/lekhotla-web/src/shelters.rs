//! Where a shelter is. An organisation that takes referrals for the `Shelter` service is a shelter: its
//! district, town, street, postal code and map position are shown only to those who need them to place a victim there safely (the
//! shelter's own staff, organisations with an active shelter referral to it, the national coordinator)
//! and to administrators, who keep the record. Everyone else reads the organisation with its location
//! withheld.

use std::collections::BTreeSet;

use lekhotla_domain::{OrgId, Organisation, ServiceType};
use lekhotla_identity::{Permission, Role};
use lekhotla_storage::{Direction, Page, ReferralFilter, Scope};
use serde::Serialize;
use utoipa::ToSchema;

use crate::actor::Actor;
use crate::error::ApiError;
use crate::state::AppState;

/// An organisation as a reader sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrganisationView {
    #[serde(flatten)]
    pub organisation: Organisation,
    /// True when this is a shelter whose location the reader may not see (district, town, address and
    /// position are empty).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub location_withheld: bool,
}

/// Whether `org` is a shelter.
pub fn is_shelter(org: &Organisation) -> bool {
    org.details.services.contains(&ServiceType::Shelter)
}

/// The shelters the actor's organisation has placed a victim in and still works with (an active
/// referral for the `Shelter` service).
async fn placed_in(state: &AppState, actor: &Actor) -> Result<BTreeSet<OrgId>, ApiError> {
    let mut out = BTreeSet::new();
    for referral_state in lekhotla_storage::ACTIVE_REFERRAL_STATES {
        let filter = ReferralFilter {
            organisation: actor.organisation,
            direction: Direction::Outgoing,
            state: Some(referral_state),
            service: Some(ServiceType::Shelter),
            scope: Scope::All,
        };
        let mut offset = 0;
        loop {
            let page = state.store.list_referrals(&filter, Page::new(Page::MAX_LIMIT, offset)).await?;
            let n = page.items.len() as u64;
            out.extend(page.items.into_iter().map(|l| l.to_org));
            offset += n;
            if n == 0 || offset >= page.total {
                break;
            }
        }
    }
    Ok(out)
}

/// The organisations as `actor` may see them.
pub async fn views(
    state: &AppState,
    actor: &Actor,
    orgs: Vec<Organisation>,
) -> Result<Vec<OrganisationView>, ApiError> {
    let sees_all = actor.roles.contains(Role::NationalCoordinator) || actor.allows(Permission::ManageOrganisations);
    let placed =
        if sees_all || !orgs.iter().any(is_shelter) { BTreeSet::new() } else { placed_in(state, actor).await? };
    Ok(orgs
        .into_iter()
        .map(|mut organisation| {
            let withheld = is_shelter(&organisation)
                && !sees_all
                && organisation.id != actor.organisation
                && !placed.contains(&organisation.id);
            if withheld {
                let d = &mut organisation.details;
                (d.district, d.city, d.street, d.postal_code, d.latitude, d.longitude) =
                    (None, None, None, None, None, None);
            }
            OrganisationView { organisation, location_withheld: withheld }
        })
        .collect())
}
