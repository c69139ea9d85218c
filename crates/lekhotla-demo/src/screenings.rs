//! The demo's screenings of travellers at ports of entry: sessions by each port's immigration office over the
//! years the cases cover, more at the busy ports (Maseru Bridge, Maputsoe Bridge), most of travellers leaving
//! for South Africa; the demo cases detected at a border post are each linked to a session at their port on
//! their day, which referred the person. Invented, as the cases are.

use lekhotla_domain::{
    CaseNumber, Screening, ScreeningIndicator, ScreeningInput, TravelDirection, TravellerGroups, UnitCode, ids,
};
use time::{Date, Duration};

use crate::DemoGenerator;
use crate::rng::{Rng, mix};

const SCREENING_STREAM: u64 = 0x7363_726E;

/// A case detected at a border post: its number, port and day.
pub type ScreenedCase = (CaseNumber, UnitCode, Date);

const INDICATORS: [ScreeningIndicator; 5] = [
    ScreeningIndicator::NoOwnDocuments,
    ScreeningIndicator::ChildWithNonRelative,
    ScreeningIndicator::TooGoodJobOffer,
    ScreeningIndicator::ControlOrFear,
    ScreeningIndicator::InconsistentStory,
];

impl DemoGenerator {
    /// One to four sessions a port in each year the cases cover (more where the cases' ports weigh more), and
    /// one for each case in `cases` (those detected at a border post) at its port on its day; none after today.
    pub fn screenings(&self, cases: &[ScreenedCase]) -> Vec<Screening> {
        let mut rng = Rng::new(mix(self.seed, SCREENING_STREAM));
        let first = self.today.year() - 4;
        let heaviest = self.port_weights.iter().copied().max().unwrap_or(1).max(1);
        ids::deterministic(mix(self.seed, SCREENING_STREAM), || {
            let mut sessions: Vec<(UnitCode, Date, Vec<CaseNumber>)> =
                cases.iter().map(|(number, port, day)| (port.clone(), *day, vec![*number])).collect();
            for year in first..=self.today.year() {
                let Ok(start) = Date::from_calendar_date(year, time::Month::January, 1) else { continue };
                for (p, port) in self.ports.iter().enumerate() {
                    let weight = self.port_weights.get(p).copied().unwrap_or(0);
                    let n = 1 + 3 * i64::from(weight) / i64::from(heaviest);
                    for _ in 0..n {
                        let day = start + Duration::days(rng.range(0, 364));
                        if day <= self.today {
                            sessions.push((port.code.clone(), day, Vec::new()));
                        }
                    }
                }
            }
            let mut out = Vec::with_capacity(sessions.len());
            for (port, started_on, cases) in sessions {
                let office = self.ports.iter().position(|p| p.code == port);
                let organisation =
                    office.and_then(|i| self.dir.immigration_ports.get(i).copied()).unwrap_or(self.dir.immigration);
                let travellers = rng.range(20, 600);
                let by_group = rng.chance(0.6).then(|| {
                    let girls = rng.range(0, travellers / 10);
                    let boys = rng.range(0, travellers / 10);
                    let women = rng.range(0, travellers - girls - boys);
                    let n = |v: i64| u32::try_from(v).unwrap_or(0);
                    TravellerGroups {
                        women: n(women),
                        men: n(travellers - girls - boys - women),
                        girls: n(girls),
                        boys: n(boys),
                    }
                });
                let children = by_group.is_none_or(|g| g.children() > 0);
                let mut indicators: Vec<ScreeningIndicator> = Vec::new();
                if !cases.is_empty() || rng.chance(0.4) {
                    for _ in 0..2 {
                        let i = *rng.pick(&INDICATORS);
                        if !indicators.contains(&i) && (children || i != ScreeningIndicator::ChildWithNonRelative) {
                            indicators.push(i);
                        }
                    }
                }
                let referred = if indicators.is_empty() { 0 } else { rng.range(1, 4) };
                let referred = u32::try_from(referred.max(cases.len() as i64)).unwrap_or(0);
                let long = rng.chance(0.3);
                let input = ScreeningInput {
                    port,
                    organisation,
                    started_on,
                    ended_on: long.then(|| started_on + Duration::days(rng.range(1, 3))).filter(|d| *d <= self.today),
                    direction: *rng.pick(&[
                        TravelDirection::Leaving,
                        TravelDirection::Leaving,
                        TravelDirection::Both,
                        TravelDirection::Entering,
                    ]),
                    travellers: u32::try_from(travellers).unwrap_or(1),
                    by_group,
                    indicators,
                    referred,
                    cases,
                    note: None,
                };
                if let Ok(x) = Screening::new(input, self.today, &self.geography) {
                    out.push(x);
                }
            }
            out.sort_by_key(|x| x.details.started_on);
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
    fn the_same_seed_gives_the_same_valid_screenings_and_links_each_case() {
        let geo = Geography::from_csv(include_str!("../../../data/geography/LS.csv")).unwrap();
        let today = date!(2026 - 06 - 30);
        let case = (
            CaseNumber::parse("LS-2025-000009").unwrap(),
            UnitCode::parse("POE-MASERU-BRIDGE").unwrap(),
            date!(2025 - 08 - 02),
        );
        let a = DemoGenerator::new(&geo, 7, today).screenings(std::slice::from_ref(&case));
        assert_eq!(a, DemoGenerator::new(&geo, 7, today).screenings(std::slice::from_ref(&case)));
        assert!(a.len() > 80, "{}", a.len());
        assert!(a.iter().all(|x| x.details.check(today, &geo).is_ok()));
        let linked: Vec<_> = a.iter().filter(|x| !x.details.cases.is_empty()).collect();
        assert_eq!(linked.len(), 1);
        assert_eq!(
            (linked[0].details.started_on, linked[0].district.as_ref().map(UnitCode::as_str)),
            (case.2, Some("LS-A"))
        );
        assert!(linked[0].details.referred >= 1);
    }
}
