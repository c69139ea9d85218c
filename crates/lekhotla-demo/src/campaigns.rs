//! The demo's awareness campaigns: in each district and among Basotho in South Africa (Welkom, Durban,
//! Pretoria, Cape Town), led by the secretariat, the police's child and gender unit, labour and social
//! development, over the years the cases cover. Invented, as the cases are.

use lekhotla_domain::{Campaign, CampaignAudience, CampaignChannel, CampaignInput, CountryCode, ids};
use time::{Date, Duration};

use crate::DemoGenerator;
use crate::rng::{Rng, mix};

const CAMPAIGN_STREAM: u64 = 0x6361_6D70;

/// Towns abroad where Basotho live and work.
const ABROAD: [&str; 4] = ["Welkom", "Durban", "Pretoria", "Cape Town"];

const TITLES: [&str; 6] = [
    "Safe jobs, safe journeys",
    "Know before you go",
    "Not for sale: a pitso on child trafficking",
    "Recruiters who ask for your passport",
    "Hotline and help for victims",
    "Domestic work across the border",
];

impl DemoGenerator {
    /// About two campaigns a district and six abroad in each of the years the cases cover, none after today.
    pub fn campaigns(&self) -> Vec<Campaign> {
        let mut rng = Rng::new(mix(self.seed, CAMPAIGN_STREAM));
        let social = self.dir.social.first().copied().unwrap_or(self.dir.secretariat);
        let leads = [self.dir.secretariat, self.dir.cgpu_national, self.dir.labour, social];
        let za = CountryCode::parse("ZA").ok();
        let first = self.today.year() - 4;
        ids::deterministic(mix(self.seed, CAMPAIGN_STREAM), || {
            let mut out = Vec::new();
            for year in first..=self.today.year() {
                let Ok(start) = Date::from_calendar_date(year, time::Month::January, 1) else { continue };
                let places: Vec<(Option<usize>, Option<&str>)> = (0..self.districts.len() * 2)
                    .map(|i| (Some(i % self.districts.len()), None))
                    .chain((0..6).map(|i| (None, Some(ABROAD[i % ABROAD.len()]))))
                    .collect();
                for (district, town) in places {
                    let started_on = start + Duration::days(rng.range(0, 364));
                    if started_on > self.today {
                        continue;
                    }
                    let abroad = district.is_none();
                    let audience = if abroad {
                        CampaignAudience::MigrantWorkers
                    } else {
                        *rng.pick(&[
                            CampaignAudience::GeneralPublic,
                            CampaignAudience::Learners,
                            CampaignAudience::JobSeekers,
                            CampaignAudience::CommunityLeaders,
                            CampaignAudience::Employers,
                        ])
                    };
                    let channels = if rng.chance(0.3) {
                        vec![CampaignChannel::Radio]
                    } else {
                        vec![CampaignChannel::Gathering, *rng.pick(&[CampaignChannel::Print, CampaignChannel::Schools])]
                    };
                    let reach = if channels.contains(&CampaignChannel::Radio) {
                        rng.range(2_000, 40_000)
                    } else {
                        rng.range(40, 900)
                    };
                    let (country, district_code) = match (district, za) {
                        (Some(d), _) => (self.country, Some(self.districts[d].code.clone())),
                        (None, Some(za)) => (za, None),
                        (None, None) => continue,
                    };
                    let input = CampaignInput {
                        title: (*rng.pick(&TITLES)).to_owned(),
                        organisation: *rng.pick(&leads),
                        country,
                        district: district_code,
                        town: town.map(str::to_owned),
                        audience,
                        channels,
                        started_on,
                        ended_on: rng.chance(0.2).then(|| (started_on + Duration::days(1)).min(self.today)),
                        reach: u32::try_from(reach).unwrap_or(0),
                        partners: rng.chance(0.5).then(|| "Local chiefs and churches".to_owned()),
                        materials: rng.chance(0.5).then(|| "Leaflets in Sesotho and English".to_owned()),
                        cost: rng.chance(0.6).then(|| u64::try_from(rng.range(500, 25_000)).unwrap_or(0)),
                    };
                    if let Ok(c) = Campaign::new(input, self.today) {
                        out.push(c);
                    }
                }
            }
            out.sort_by_key(|c| c.details.started_on);
            out
        })
    }
}

#[cfg(test)]
mod tests {
    use lekhotla_domain::Geography;
    use time::macros::date;

    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_valid_campaigns() {
        let geo = Geography::from_csv(include_str!("../../../data/geography/LS.csv")).unwrap();
        let today = date!(2026 - 06 - 30);
        let a = DemoGenerator::new(&geo, 7, today).campaigns();
        assert_eq!(a, DemoGenerator::new(&geo, 7, today).campaigns());
        assert!(a.len() > 100, "{}", a.len());
        assert!(a.iter().all(|c| c.details.validate(today).is_ok() && c.details.started_on <= today));
        assert!(a.iter().any(|c| c.details.town.as_deref() == Some("Welkom")));
    }
}
