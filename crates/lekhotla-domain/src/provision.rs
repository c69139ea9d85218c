//! A service provider's year: the beds a shelter had and the funds an organisation was given for its work
//! with victims, committed and disbursed, by funder. Occupancy and length of stay are not typed in: they are
//! computed from placements (the `Shelter` referrals delivered to it). No person and no address is named here.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::error::{Checker, DomainError};
use crate::ids::OrgId;
use crate::limits::{TextLimits, max};

/// The most beds one provider may have.
pub const MAX_BEDS: u32 = 5_000;
/// The most maloti one funding line may carry.
pub const MAX_AMOUNT: u64 = 10_000_000_000;
/// The most funding lines of one year.
pub const MAX_FUNDERS: usize = 30;
/// The first year a provider's record may be kept for.
pub const FIRST_YEAR: i32 = 2000;

/// A provider's recorded year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProviderYear {
    pub organisation: OrgId,
    /// The calendar year.
    pub year: i32,
    pub version: i64,
    #[serde(flatten)]
    pub details: ProviderYearInput,
}

/// What a user supplies for a provider's year.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProviderYearInput {
    /// Beds, for a shelter (none for a provider that houses no one).
    #[serde(default)]
    pub beds: Option<u32>,
    /// The year's funding, one line per funder.
    #[serde(default)]
    pub funding: Vec<Funding>,
    #[serde(default)]
    pub note: Option<String>,
}

/// One funder's money for the year, in maloti.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Funding {
    /// Who gives it: the Government of Lesotho (a ministry), a development partner, a donor.
    pub funder: String,
    /// Promised for the year.
    pub committed: u64,
    /// Paid out so far.
    pub disbursed: u64,
}

impl Funding {
    /// The most characters of each free-text member.
    pub const TEXT_LIMITS: TextLimits = &[("funder", 200)];
}

impl ProviderYearInput {
    /// The most characters of each free-text member.
    pub const TEXT_LIMITS: TextLimits = &[("note", 2000)];

    /// Every bad field, or nothing. A year may be kept from [`FIRST_YEAR`] to next year (a budget is
    /// committed before the year begins).
    pub fn validate(&self, year: i32, today: Date) -> Result<(), DomainError> {
        let mut c = Checker::new();
        if !(FIRST_YEAR..=today.year() + 1).contains(&year) {
            c.fail("year", format!("must be from {FIRST_YEAR} to {}", today.year() + 1));
        }
        if self.beds.is_some_and(|b| b > MAX_BEDS) {
            c.fail("beds", format!("must be at most {MAX_BEDS}"));
        }
        if self.funding.len() > MAX_FUNDERS {
            c.fail("funding", format!("may have at most {MAX_FUNDERS} lines"));
        }
        for (i, f) in self.funding.iter().enumerate() {
            let at = |x: &str| format!("funding[{i}].{x}");
            c.text(&at("funder"), &f.funder, max!(Funding::TEXT_LIMITS, "funder"));
            if self.funding[..i].iter().any(|g| same_funder(&g.funder, &f.funder)) {
                c.fail(at("funder"), "is named twice: give each funder one line");
            }
            for (x, v) in [("committed", f.committed), ("disbursed", f.disbursed)] {
                if v > MAX_AMOUNT {
                    c.fail(at(x), format!("must be at most {MAX_AMOUNT} maloti"));
                }
            }
        }
        c.opt_text("note", &self.note, max!("note"));
        c.finish()
    }

    /// Maloti committed by every funder.
    pub fn committed(&self) -> u64 {
        self.funding.iter().map(|f| f.committed).sum()
    }

    /// Maloti disbursed by every funder.
    pub fn disbursed(&self) -> u64 {
        self.funding.iter().map(|f| f.disbursed).sum()
    }
}

fn same_funder(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

impl ProviderYear {
    /// A first record of `organisation`'s `year`.
    pub fn new(organisation: OrgId, year: i32, details: ProviderYearInput, today: Date) -> Result<Self, DomainError> {
        details.validate(year, today)?;
        Ok(Self { organisation, year, version: 1, details })
    }
}

/// A shelter's figures over a period, computed from its stays (a stay runs from the day its `Shelter`
/// referral was delivered to the day it was closed; one still open runs on).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Occupancy {
    /// Stays begun in the period.
    pub placements: u32,
    /// Stays ended in the period.
    pub ended: u32,
    /// Nights spent in the shelter within the period (as the figures count them).
    pub nights: u64,
    /// People staying on the period's last day.
    pub present: u32,
    /// Beds occupied on an average night of the period.
    pub average: f64,
    /// Length in days of the stays ended in the period: the median (the upper of the two middle ones for an
    /// even count), the mean and the longest.
    pub median_stay: Option<u32>,
    pub mean_stay: Option<f64>,
    pub longest_stay: Option<u32>,
}

impl Occupancy {
    /// The figures of `from..=to` from the stays `(delivered, closed)` of one shelter.
    pub fn of(stays: impl IntoIterator<Item = (Date, Option<Date>)>, from: Date, to: Date) -> Self {
        let days = |a: Date, b: Date| u64::try_from((b - a).whole_days()).unwrap_or(0);
        let (mut placements, mut nights, mut present) = (0u32, 0u64, 0u32);
        let mut lengths = Vec::new();
        for (start, end) in stays {
            if start > to || end.is_some_and(|e| e < from) {
                continue;
            }
            placements += u32::from(start >= from);
            nights += days(start.max(from), end.map_or(to, |e| e.min(to)));
            present += u32::from(end.is_none_or(|e| e > to));
            if let Some(e) = end.filter(|e| (from..=to).contains(e)) {
                lengths.push(u32::try_from(days(start, e)).unwrap_or(u32::MAX));
            }
        }
        lengths.sort_unstable();
        let period = days(from, to).max(1);
        let mean_stay =
            (!lengths.is_empty()).then(|| lengths.iter().map(|&l| f64::from(l)).sum::<f64>() / lengths.len() as f64);
        Self {
            placements,
            ended: u32::try_from(lengths.len()).unwrap_or(u32::MAX),
            nights,
            present,
            average: nights as f64 / period as f64,
            median_stay: lengths.get(lengths.len() / 2).copied().filter(|_| !lengths.is_empty()),
            mean_stay,
            longest_stay: lengths.last().copied(),
        }
    }

    /// The share of `beds` occupied on an average night, in percent.
    pub fn rate(&self, beds: Option<u32>) -> Option<f64> {
        beds.filter(|&b| b > 0).map(|b| 100.0 * self.average / f64::from(b))
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::error::FieldError;

    fn shelter() -> ProviderYearInput {
        ProviderYearInput {
            beds: Some(24),
            funding: vec![
                Funding { funder: "Ministry of Home Affairs".into(), committed: 1_200_000, disbursed: 900_000 },
                Funding { funder: "IOM".into(), committed: 300_000, disbursed: 300_000 },
            ],
            note: None,
        }
    }

    fn fields(e: DomainError) -> Vec<String> {
        match e {
            DomainError::Invalid(v) => v.into_iter().map(|FieldError { field, .. }| field).collect(),
            other => panic!("{other}"),
        }
    }

    #[test]
    fn a_shelters_year_sums_its_funders() {
        let y = ProviderYear::new(OrgId::new(), 2026, shelter(), date!(2025 - 11 - 30)).unwrap();
        assert_eq!((y.details.committed(), y.details.disbursed()), (1_500_000, 1_200_000));
    }

    #[test]
    fn occupancy_counts_the_stays_within_the_period() {
        let (from, to) = (date!(2025 - 01 - 01), date!(2025 - 12 - 31));
        let stays = [
            (date!(2024 - 12 - 01), Some(date!(2025 - 01 - 11))), // 10 nights in the year, ended: 41 days
            (date!(2025 - 03 - 01), Some(date!(2025 - 03 - 31))), // 30 nights, ended: 30 days
            (date!(2025 - 12 - 21), None),                        // 10 nights, still there
            (date!(2024 - 01 - 01), Some(date!(2024 - 06 - 01))), // before the year
            (date!(2026 - 01 - 02), None),                        // after it
        ];
        let o = Occupancy::of(stays, from, to);
        assert_eq!((o.placements, o.ended, o.nights, o.present), (2, 2, 50, 1));
        assert_eq!((o.median_stay, o.longest_stay), (Some(41), Some(41)));
        assert_eq!(o.mean_stay, Some(35.5));
        assert!((o.average - 50.0 / 364.0).abs() < 1e-9);
        assert!((o.rate(Some(2)).unwrap() - 100.0 * 50.0 / 728.0).abs() < 1e-9);
        assert_eq!(o.rate(None), None);
        assert_eq!(Occupancy::of([], from, to).median_stay, None);
    }

    #[test]
    fn every_bad_field_is_named() {
        let mut x = shelter();
        x.beds = Some(MAX_BEDS + 1);
        x.funding[1].funder = " ministry of home affairs ".into();
        x.funding[1].disbursed = MAX_AMOUNT + 1;
        x.funding.push(Funding { funder: String::new(), committed: 0, disbursed: 0 });
        assert_eq!(
            fields(x.validate(2027, date!(2025 - 06 - 01)).unwrap_err()),
            ["year", "beds", "funding[1].funder", "funding[1].disbursed", "funding[2].funder"]
        );
    }
}
