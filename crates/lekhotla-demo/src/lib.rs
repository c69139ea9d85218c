//! Deterministic synthetic case data for Lekhotla, shaped like Lesotho's caseload.
//!
//! [`DemoGenerator`] makes the organisations of the national response and any number of cases. A case
//! is a pure function of `(seed, index)`: the same seed and index give an identical [`Case`] (ids,
//! timestamps, comments), independently of any other index, so [`DemoGenerator::case`] is O(1) and
//! [`DemoGenerator::cases`] streams millions of cases without holding them.
//!
//! Every case is built only through the domain's methods (`Case::open`, `add_victim`, `send_referral`,
//! `open_prosecution`, ...), so it is valid by construction; a domain error while building is a bug in
//! this crate and is reported by [`DemoGenerator::try_case`].
//!
//! Shares follow the published CTDC global figures quoted in MISSION.md: 72.8% of victims female; of
//! those with a known majority status about 72% adults; sexual exploitation about 33% and forced labour
//! about 20% of records; the recruiter relation unknown in about 80%. Districts are weighted by their 2016
//! census population from the geography file. Everybody in the data is invented (see `names`).

mod build;
mod campaigns;
mod committees;
mod inspections;
mod names;
mod orgs;
mod places;
mod provision;
mod rng;
mod screenings;
mod trainings;

pub use inspections::InspectedCase;
pub use screenings::ScreenedCase;

use lekhotla_domain::{Case, CaseId, CaseNumber, CountryCode, DomainError, Geography, Organisation, UnitCode, ids};
use time::{Date, OffsetDateTime, PrimitiveDateTime, Time};

use crate::orgs::Directory;
use crate::rng::mix;

/// Why a demo case could not be built. Always a bug in this crate (or a seed beyond the numbering range).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DemoError {
    /// A domain method refused a generated input.
    Domain { index: u64, step: &'static str, error: DomainError },
    /// The case number is out of range (more than 9,999,999 cases in one year).
    Number { index: u64, reason: String },
}

impl std::fmt::Display for DemoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Domain { index, step, error } => write!(f, "demo case {index}: {step}: {error}"),
            Self::Number { index, reason } => write!(f, "demo case {index}: case number: {reason}"),
        }
    }
}

impl std::error::Error for DemoError {}

/// A district with its weight (2016 census population).
#[derive(Debug, Clone)]
pub(crate) struct District {
    pub code: UnitCode,
    pub name: String,
}

/// A port of entry, with the index of the district it lies in, if known.
#[derive(Debug, Clone)]
pub(crate) struct Port {
    pub code: UnitCode,
    pub name: String,
    pub district: Option<usize>,
}

/// One year of the registration plan: `weight` cases of every cycle of [`DemoGenerator::cycle`] cases.
#[derive(Debug, Clone, Copy)]
pub(crate) struct YearPlan {
    pub year: i32,
    pub weight: u64,
    /// Cases of earlier years in one cycle.
    pub offset: u64,
}

/// Generates the demo organisations and cases for one geography, seed and day.
#[derive(Debug, Clone)]
pub struct DemoGenerator {
    pub(crate) seed: u64,
    pub(crate) today: Date,
    /// No generated moment is later than this: the end of `today` unless [`DemoGenerator::until`] says
    /// otherwise (the moment of generation, so that no case looks changed in the future).
    pub(crate) until: OffsetDateTime,
    pub(crate) country: CountryCode,
    pub(crate) districts: Vec<District>,
    pub(crate) district_weights: Vec<u32>,
    pub(crate) ports: Vec<Port>,
    pub(crate) port_weights: Vec<u32>,
    pub(crate) years: Vec<YearPlan>,
    pub(crate) cycle: u64,
    pub(crate) orgs: Vec<Organisation>,
    pub(crate) dir: Directory,
    /// The geography the records are checked against (a screening's port).
    pub(crate) geography: Geography,
}

/// Streams that keep the case ids, case draws and organisation ids apart.
const ORG_STREAM: u64 = 0x6F72_6773;
const CASE_ID_STREAM: u64 = 0x6964_7321;
const CASE_RNG_STREAM: u64 = 0x726E_6721;
const LINK_STREAM: u64 = 0x6C69_6E6B;
/// The instant of case 0's ids (2020-01-01T00:00:00Z, in milliseconds); case `i`'s are `i` ms later. The ids
/// are time-ordered as those the server makes (UUIDv7), in the order the cases are generated and written.
const CASE_CLOCK: u64 = 1_577_836_800_000;

/// Detection by year, oldest first, for the six years up to `today` (rising as detection improved);
/// the current year's weight is scaled by the part of the year that has passed.
const YEAR_WEIGHTS: [u64; 6] = [14, 15, 17, 18, 20, 21];

impl DemoGenerator {
    /// A generator for `geography`, reproducible from `seed`; no generated date is after `today`.
    ///
    /// A geography without districts still works: cases are then placed in the country unit itself.
    pub fn new(geography: &Geography, seed: u64, today: Date) -> Self {
        let mut districts: Vec<District> =
            geography.districts().map(|u| District { code: u.code.clone(), name: u.name.clone() }).collect();
        let mut district_weights: Vec<u32> = geography
            .districts()
            .map(|u| u32::try_from(u.population.unwrap_or(100_000) / 1000).unwrap_or(u32::MAX).max(1))
            .collect();
        if districts.is_empty() {
            let c = geography.country();
            districts.push(District { code: c.code.clone(), name: c.name.clone() });
            district_weights.push(1);
        }
        let ports: Vec<Port> = geography
            .ports_of_entry()
            .map(|u| Port {
                code: u.code.clone(),
                name: u.name.clone(),
                district: u.parent.as_ref().and_then(|p| districts.iter().position(|d| &d.code == p)),
            })
            .collect();
        let port_weights = ports
            .iter()
            .map(|p| places::PORT_WEIGHTS.iter().find(|(c, _)| *c == p.code.as_str()).map(|(_, w)| *w).unwrap_or(1))
            .collect();
        let mut years = Vec::with_capacity(YEAR_WEIGHTS.len());
        let mut offset = 0;
        let days_in_year = u64::from(time::util::days_in_year(today.year()));
        for (i, w) in YEAR_WEIGHTS.iter().enumerate() {
            let year = today.year() - (YEAR_WEIGHTS.len() - 1 - i) as i32;
            let weight = if year == today.year() { (w * u64::from(today.ordinal()) / days_in_year).max(1) } else { *w };
            years.push(YearPlan { year, weight, offset });
            offset += weight;
        }
        let country = geography.country_code();
        let named: Vec<(UnitCode, String)> = districts.iter().map(|d| (d.code.clone(), d.name.clone())).collect();
        let port_list: Vec<(UnitCode, String, Option<UnitCode>)> = ports
            .iter()
            .map(|p| (p.code.clone(), p.name.clone(), p.district.map(|i| districts[i].code.clone())))
            .collect();
        let (orgs, dir) = ids::deterministic(mix(seed, ORG_STREAM), || orgs::build(country, &named, &port_list));
        let until = PrimitiveDateTime::new(today, Time::MIDNIGHT).assume_utc() + time::Duration::hours(23);
        Self {
            seed,
            today,
            until,
            country,
            districts,
            district_weights,
            ports,
            port_weights,
            years,
            cycle: offset,
            orgs,
            dir,
            geography: geography.clone(),
        }
    }

    /// No generated moment (a record's time, a case's last change) later than `now`: for data generated
    /// during `today`, so that nothing looks changed after it was written. Dates stay as drawn.
    #[must_use]
    pub fn until(mut self, now: OffsetDateTime) -> Self {
        self.until = self.until.min(now);
        self
    }

    /// The organisations of the national response: the Multi-Sectoral Committee secretariat, police
    /// units (anti-trafficking unit, CGPU national and per district), the DPP, immigration (national and
    /// per port of entry), the labour inspectorate, social development district offices, the shelter NGO,
    /// health, legal aid and IOM. Same seed, same ids.
    pub fn organisations(&self) -> Vec<Organisation> {
        self.orgs.clone()
    }

    /// The case number of case `index`: `CC-YYYY-NNNNNN`.
    ///
    /// Registration years repeat in cycles of a fixed mix; within a cycle, the cases of one year are
    /// consecutive, so every prefix `0..n` of indexes numbers each year `1, 2, 3, ...` without gaps or
    /// duplicates.
    pub fn case_number(&self, index: u64) -> Result<CaseNumber, DemoError> {
        let (plan, sequence) = self.plan(index);
        let bad = |reason: String| DemoError::Number { index, reason };
        let sequence = u32::try_from(sequence).map_err(|_| bad("sequence out of range".into()))?;
        let year = u16::try_from(plan.year).map_err(|_| bad("year out of range".into()))?;
        CaseNumber::new(self.country, year, sequence).map_err(|e| bad(e.to_string()))
    }

    pub(crate) fn plan(&self, index: u64) -> (YearPlan, u64) {
        let (cycle, r) = (index / self.cycle, index % self.cycle);
        let plan = self.years.iter().rev().find(|y| y.offset <= r).copied().unwrap_or(self.years[0]);
        (plan, cycle * plan.weight + (r - plan.offset) + 1)
    }

    /// Case `index`. Pure: the same generator and index always give the same case.
    ///
    /// # Panics
    /// When the domain refuses a generated input, which is a bug in this crate (the tests build tens of
    /// thousands of cases); use [`DemoGenerator::try_case`] to get the error instead.
    pub fn case(&self, index: u64) -> Case {
        self.try_case(index).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Case `index`, or the domain's refusal of a generated input.
    pub fn try_case(&self, index: u64) -> Result<Case, DemoError> {
        let number = self.case_number(index)?;
        let (plan, _) = self.plan(index);
        ids::ordered(self.id_seed(index), CASE_CLOCK + index, || {
            build::case(self, index, number, plan, rng::Rng::new(mix(self.seed ^ CASE_RNG_STREAM, index)))
        })
    }

    /// Cases `0..n`, generated one at a time.
    pub fn cases(&self, n: u64) -> impl Iterator<Item = Case> + '_ {
        (0..n).map(move |i| self.case(i))
    }

    fn id_seed(&self, index: u64) -> u64 {
        mix(self.seed ^ CASE_ID_STREAM, index)
    }

    /// The id case `index` gets (its first id), without building it.
    pub(crate) fn case_id(&self, index: u64) -> CaseId {
        ids::ordered(self.id_seed(index), CASE_CLOCK + index, CaseId::new)
    }

    /// Cases `2k` and `2k + 1` are linked as related cases for about 3% of `k`.
    pub(crate) fn linked_partner(&self, index: u64) -> Option<u64> {
        let pair = index / 2;
        (mix(self.seed ^ LINK_STREAM, pair) % 100 < 3).then_some(index ^ 1)
    }
}
