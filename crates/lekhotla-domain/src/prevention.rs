//! Prevention work recorded beside the cases: awareness campaigns, trainings, joint inspections of employers
//! and screenings of travellers at ports of entry. These records name no person; they are counted in the
//! figures' prevention table.

mod campaign;
mod inspection;
mod screening;
mod training;

pub use campaign::{Campaign, CampaignInput, MAX_COST, MAX_REACH};
pub use inspection::{Inspection, InspectionInput, MAX_WORKERS};
pub use screening::{MAX_SESSION_DAYS, MAX_TRAVELLERS, Screening, ScreeningInput, TravellerGroups};
pub use training::{MAX_GROUPS, MAX_PEOPLE, ParticipantGroup, Training, TrainingInput};

use crate::error::Checker;
use crate::geography::{CountryCode, UnitCode};

/// Lesotho's country code: work done here names its district.
pub const LESOTHO: &str = "LS";

/// Checks where a piece of work took place: a district in Lesotho, or a town abroad (Welkom, Durban...).
/// `what` names the work in the reasons ("campaign", "training").
pub(crate) fn check_place(
    c: &mut Checker,
    what: &str,
    country: &CountryCode,
    district: Option<&UnitCode>,
    town: &Option<String>,
) {
    let in_lesotho = country.as_str() == LESOTHO;
    match (district, in_lesotho) {
        (None, true) => c.fail("district", format!("is needed for a {what} in Lesotho")),
        (Some(_), false) => c.fail("district", format!("is only for a {what} in Lesotho (abroad, give the town)")),
        _ => {}
    }
    if !in_lesotho && town.as_deref().is_none_or(|t| t.trim().is_empty()) {
        c.fail("town", format!("is needed for a {what} abroad (e.g. Welkom)"));
    }
    c.opt_text("town", town, TOWN_MAX);
}

/// The most characters of a town abroad, where a piece of work took place.
pub const TOWN_MAX: usize = 100;

/// Where the figures group a piece of work: the district in Lesotho, else the country.
pub(crate) fn place_key(country: &CountryCode, district: Option<&UnitCode>) -> String {
    match district {
        Some(d) => d.to_string(),
        None => country.to_string(),
    }
}
