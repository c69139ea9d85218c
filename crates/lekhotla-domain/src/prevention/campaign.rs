//! An awareness campaign: where (a district of Lesotho, or a town abroad where Basotho live and work), for whom,
//! when, how many people it reached, with whom and at what cost.

use serde::{Deserialize, Serialize};
use time::Date;

#[cfg(test)]
use super::LESOTHO;
use super::{check_place, place_key};
use crate::error::{Checker, DomainError};
use crate::geography::{CountryCode, UnitCode};
use crate::ids::{CampaignId, OrgId};
use crate::limits::{TextLimits, max};
use crate::vocabulary::{CampaignAudience, CampaignChannel};

/// The most people one campaign may claim to have reached (a national radio campaign reaches the country).
pub const MAX_REACH: u32 = 10_000_000;
/// The largest cost, in maloti, one campaign may record.
pub const MAX_COST: u64 = 1_000_000_000;

/// A recorded campaign.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Campaign {
    pub id: CampaignId,
    pub version: i64,
    #[serde(flatten)]
    pub details: CampaignInput,
}

/// What a user supplies to record or change a campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CampaignInput {
    /// What the campaign was called or what it said, in a line.
    pub title: String,
    /// The organisation that led it (it, and the national coordinator, may change the record).
    pub organisation: OrgId,
    /// Where it took place: `LS`, or the country abroad (e.g. `ZA` for Basotho in Welkom or Durban).
    pub country: CountryCode,
    /// The district, for a campaign in Lesotho (none abroad).
    #[serde(default)]
    pub district: Option<UnitCode>,
    /// The town or community (needed abroad: Welkom, Durban, Pretoria, Cape Town).
    #[serde(default)]
    pub town: Option<String>,
    pub audience: CampaignAudience,
    /// How it reached its audience.
    #[serde(default)]
    pub channels: Vec<CampaignChannel>,
    pub started_on: Date,
    /// The last day; none for a one-day campaign.
    #[serde(default)]
    pub ended_on: Option<Date>,
    /// People reached (counted at a gathering, or the estimate for radio and print).
    pub reach: u32,
    /// Partners that took part (organisations, churches, employers...).
    #[serde(default)]
    pub partners: Option<String>,
    /// Materials used or handed out.
    #[serde(default)]
    pub materials: Option<String>,
    /// What it cost, in maloti.
    #[serde(default)]
    pub cost: Option<u64>,
}

impl CampaignInput {
    /// The most characters of each free-text member.
    pub const TEXT_LIMITS: TextLimits =
        &[("title", 200), ("town", super::TOWN_MAX), ("partners", 500), ("materials", 500)];

    /// Every bad field, or nothing. `today` bounds the days: a campaign is recorded once it has happened.
    pub fn validate(&self, today: Date) -> Result<(), DomainError> {
        let mut c = Checker::new();
        c.text("title", &self.title, max!("title"));
        check_place(&mut c, "campaign", &self.country, self.district.as_ref(), &self.town);
        c.past("started_on", self.started_on, today);
        c.opt_past("ended_on", self.ended_on, today);
        c.order("ended_on", Some(self.started_on), self.ended_on, "the first day");
        if self.reach > MAX_REACH {
            c.fail("reach", format!("must be at most {MAX_REACH}"));
        }
        let mut seen = Vec::new();
        for ch in &self.channels {
            if seen.contains(ch) {
                c.fail("channels", format!("names {ch} twice"));
            }
            seen.push(*ch);
        }
        c.opt_text("partners", &self.partners, max!("partners"));
        c.opt_text("materials", &self.materials, max!("materials"));
        if self.cost.is_some_and(|v| v > MAX_COST) {
            c.fail("cost", format!("must be at most {MAX_COST} maloti"));
        }
        c.finish()
    }

    /// Where it took place, as the figures group it: the district in Lesotho, else the country.
    pub fn place(&self) -> String {
        place_key(&self.country, self.district.as_ref())
    }
}

impl Campaign {
    pub fn new(details: CampaignInput, today: Date) -> Result<Self, DomainError> {
        details.validate(today)?;
        Ok(Self { id: CampaignId::new(), version: 1, details })
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::error::FieldError;

    fn welkom() -> CampaignInput {
        CampaignInput {
            title: "Safe migration talk for mineworkers".into(),
            organisation: OrgId::new(),
            country: CountryCode::parse("ZA").unwrap(),
            district: None,
            town: Some("Welkom".into()),
            audience: CampaignAudience::MigrantWorkers,
            channels: vec![CampaignChannel::Gathering],
            started_on: date!(2025 - 09 - 12),
            ended_on: Some(date!(2025 - 09 - 13)),
            reach: 420,
            partners: None,
            materials: Some("Leaflets in Sesotho".into()),
            cost: Some(12_500),
        }
    }

    fn fields(e: DomainError) -> Vec<String> {
        match e {
            DomainError::Invalid(v) => v.into_iter().map(|FieldError { field, .. }| field).collect(),
            other => panic!("{other}"),
        }
    }

    #[test]
    fn a_campaign_abroad_names_its_town_and_no_district() {
        let today = date!(2026 - 01 - 01);
        assert!(Campaign::new(welkom(), today).is_ok());
        let mut x = welkom();
        x.town = None;
        x.district = Some(UnitCode::parse("LS-A").unwrap());
        assert_eq!(fields(x.validate(today).unwrap_err()), ["district", "town"]);
    }

    #[test]
    fn a_campaign_in_lesotho_names_its_district() {
        let mut x = welkom();
        x.country = CountryCode::parse(LESOTHO).unwrap();
        x.town = None;
        assert_eq!(fields(x.validate(date!(2026 - 01 - 01)).unwrap_err()), ["district"]);
        x.district = Some(UnitCode::parse("LS-C").unwrap());
        assert!(x.validate(date!(2026 - 01 - 01)).is_ok());
        assert_eq!(x.place(), "LS-C");
        assert_eq!(welkom().place(), "ZA");
    }

    #[test]
    fn every_bad_field_is_named() {
        let mut x = welkom();
        x.title = " ".into();
        x.ended_on = Some(date!(2025 - 09 - 01));
        x.reach = MAX_REACH + 1;
        x.channels = vec![CampaignChannel::Radio, CampaignChannel::Radio];
        x.cost = Some(MAX_COST + 1);
        x.started_on = date!(2026 - 02 - 01);
        assert_eq!(
            fields(x.validate(date!(2026 - 01 - 01)).unwrap_err()),
            ["title", "started_on", "ended_on", "reach", "channels", "cost"]
        );
    }
}
