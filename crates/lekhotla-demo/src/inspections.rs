//! The demo's joint inspections of employers: labour with immigration and the police, at factories, farms,
//! construction sites and shops in the districts, over the years the cases cover; the demo cases detected by a
//! labour inspection are each linked to an inspection on their day and in their district. Invented, as the
//! cases are.

use lekhotla_domain::{
    CaseNumber, ForcedLabourIndustry, Inspection, InspectionAgency, InspectionInput, MethodOfControl, UnitCode, ids,
};
use time::{Date, Duration};

use crate::DemoGenerator;
use crate::rng::{Rng, mix};

const INSPECTION_STREAM: u64 = 0x696E_7370;

const EMPLOYERS: [(&str, ForcedLabourIndustry); 6] = [
    ("Textile factory", ForcedLabourIndustry::Manufacturing),
    ("Vegetable farm", ForcedLabourIndustry::AgricultureForestryAndFishing),
    ("Construction site", ForcedLabourIndustry::Construction),
    ("Wholesale shop", ForcedLabourIndustry::WholesaleAndRetail),
    ("Guest house", ForcedLabourIndustry::AccommodationAndFood),
    ("Sand quarry", ForcedLabourIndustry::MiningAndQuarrying),
];

/// A case detected by a labour inspection: its number, district and day.
pub type InspectedCase = (CaseNumber, UnitCode, Date);

impl DemoGenerator {
    /// About three inspections a district in each year the cases cover, and one for each case in `cases`
    /// (those detected by a labour inspection), on its day and in its district; none after today.
    pub fn inspections(&self, cases: &[InspectedCase]) -> Vec<Inspection> {
        let mut rng = Rng::new(mix(self.seed, INSPECTION_STREAM));
        let first = self.today.year() - 4;
        ids::deterministic(mix(self.seed, INSPECTION_STREAM), || {
            let mut visits: Vec<(UnitCode, Date, Vec<CaseNumber>)> =
                cases.iter().map(|(number, district, day)| (district.clone(), *day, vec![*number])).collect();
            for year in first..=self.today.year() {
                let Ok(start) = Date::from_calendar_date(year, time::Month::January, 1) else { continue };
                for d in &self.districts {
                    for _ in 0..3 {
                        let day = start + Duration::days(rng.range(0, 364));
                        if day <= self.today {
                            visits.push((d.code.clone(), day, Vec::new()));
                        }
                    }
                }
            }
            let mut out = Vec::with_capacity(visits.len());
            for (district, inspected_on, cases) in visits {
                let (kind, sector) = *rng.pick(&EMPLOYERS);
                let workers = rng.range(5, 300);
                let foreign = rng.range(0, workers.min(60));
                let mut agencies = vec![InspectionAgency::Labour, InspectionAgency::Immigration];
                if rng.chance(0.5) || !cases.is_empty() {
                    agencies.push(InspectionAgency::Police);
                }
                let indicators = if cases.is_empty() && rng.chance(0.7) {
                    Vec::new()
                } else {
                    vec![
                        MethodOfControl::WithholdsDocuments,
                        *rng.pick(&[
                            MethodOfControl::ExcessiveWorkingHours,
                            MethodOfControl::TakesEarnings,
                            MethodOfControl::DebtBondage,
                        ]),
                    ]
                };
                let input = InspectionInput {
                    employer: format!("{kind} {}", rng.range(1, 40)),
                    sector,
                    organisation: self.dir.labour,
                    district,
                    town: None,
                    inspected_on,
                    agencies,
                    workers: u32::try_from(workers).unwrap_or(0),
                    foreign_workers: u32::try_from(foreign).unwrap_or(0),
                    indicators,
                    cases,
                    findings: None,
                };
                if let Ok(x) = Inspection::new(input, self.today) {
                    out.push(x);
                }
            }
            out.sort_by_key(|x| x.details.inspected_on);
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
    fn the_same_seed_gives_the_same_valid_inspections_and_links_each_case() {
        let geo = Geography::from_csv(include_str!("../../../data/geography/LS.csv")).unwrap();
        let today = date!(2026 - 06 - 30);
        let case =
            (CaseNumber::parse("LS-2025-000007").unwrap(), UnitCode::parse("LS-C").unwrap(), date!(2025 - 03 - 02));
        let a = DemoGenerator::new(&geo, 7, today).inspections(std::slice::from_ref(&case));
        assert_eq!(a, DemoGenerator::new(&geo, 7, today).inspections(std::slice::from_ref(&case)));
        assert!(a.len() > 100, "{}", a.len());
        assert!(a.iter().all(|x| x.details.validate(today).is_ok()));
        let linked: Vec<_> = a.iter().filter(|x| !x.details.cases.is_empty()).collect();
        assert_eq!(linked.len(), 1);
        assert_eq!((linked[0].details.inspected_on, linked[0].details.district.as_str()), (case.2, "LS-C"));
    }
}
