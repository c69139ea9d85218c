//! The demo's providers' years: the shelter's beds and its funding, and the funding of legal aid and of IOM's
//! reintegration work, for each year the cases cover. The amounts are invented, as the cases are; the current
//! year's disbursements are the part of the year gone by.

use lekhotla_domain::{Funding, ProviderYear, ProviderYearInput};

use crate::DemoGenerator;
use crate::rng::{Rng, mix};

const PROVISION_STREAM: u64 = 0x7072_6F76;

impl DemoGenerator {
    /// One year of each funded provider from four years back to this one.
    pub fn provider_years(&self) -> Vec<ProviderYear> {
        let mut rng = Rng::new(mix(self.seed, PROVISION_STREAM));
        let first = self.today.year() - 4;
        let gone = f64::from(self.today.ordinal()) / 365.0;
        let mut out = Vec::new();
        for year in first..=self.today.year() {
            let share = if year == self.today.year() { gone } else { 1.0 };
            let line = |funder: &str, base: u64, rng: &mut Rng| {
                let committed = base + 10_000 * rng.range(0, 20) as u64;
                let paid = share * (0.75 + 0.25 * rng.unit());
                Funding { funder: funder.into(), committed, disbursed: (committed as f64 * paid).round() as u64 }
            };
            let shelter = ProviderYearInput {
                beds: Some(if year < first + 2 { 18 } else { 24 }),
                funding: vec![
                    line("Government of Lesotho (Ministry of Home Affairs)", 1_100_000, &mut rng),
                    line("Development partner grant", 250_000, &mut rng),
                    line("Private donors", 40_000, &mut rng),
                ],
                note: Some("Funded under the national action plan's protection objective.".into()),
            };
            let legal = ProviderYearInput {
                beds: None,
                funding: vec![line("Government of Lesotho (Ministry of Justice)", 300_000, &mut rng)],
                note: None,
            };
            let iom = ProviderYearInput {
                beds: None,
                funding: vec![line("Development partner grant", 500_000, &mut rng)],
                note: Some("Repatriation and reintegration of victims found abroad.".into()),
            };
            for (org, details) in [(self.dir.shelter, shelter), (self.dir.legal_aid, legal), (self.dir.iom, iom)] {
                if let Ok(y) = ProviderYear::new(org, year, details, self.today) {
                    out.push(y);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use lekhotla_domain::Geography;
    use time::macros::date;

    use crate::DemoGenerator;

    #[test]
    fn each_funded_provider_has_five_years_and_this_years_money_is_in_part_paid() {
        let geo = Geography::from_csv(include_str!("../../../data/geography/LS.csv")).unwrap();
        let years = DemoGenerator::new(&geo, 7, date!(2026 - 06 - 30)).provider_years();
        assert_eq!(years.len(), 15);
        let this = years.iter().filter(|y| y.year == 2026).collect::<Vec<_>>();
        assert_eq!(this.len(), 3);
        assert!(this.iter().all(|y| y.details.disbursed() * 2 <= y.details.committed()), "half the year is gone");
        for y in &years {
            assert!(y.details.disbursed() <= y.details.committed(), "{y:?}");
        }
        assert!(years.iter().any(|y| y.details.beds == Some(24)));
    }
}
