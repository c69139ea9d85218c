//! Prevention work recorded beside the cases: awareness campaigns (trainings, joint inspections and screenings
//! at ports of entry follow the same shape). These records name no person; they are counted in the figures'
//! prevention table.

mod campaign;

pub use campaign::{Campaign, CampaignInput, LESOTHO, MAX_COST, MAX_REACH};
