//! A screening session at a port of entry: border officials (immigration, police at the border post) screen
//! travellers for signs of trafficking over a day or a few days. The record holds the port (the geography's
//! `port_of_entry` units, each under its district), the organisation that screened, the days, which way the
//! travellers were going, how many were screened (in total, and by sex and age group when counted so), the
//! indicators observed, how many people were referred for further screening and the cases opened from it,
//! named by their case numbers. No traveller is named.

use serde::{Deserialize, Serialize};
use time::{Date, Duration};

use super::inspection::unique;
use crate::case_number::CaseNumber;
use crate::error::{Checker, DomainError};
use crate::geography::{Geography, UnitCode, UnitKind};
use crate::ids::{OrgId, ScreeningId};
use crate::limits::{TextLimits, max};
use crate::vocabulary::{ScreeningIndicator, TravelDirection};

/// The most travellers one session may count.
pub const MAX_TRAVELLERS: u32 = 1_000_000;
/// The longest session, in days from its first to its last: a longer operation is recorded as several.
pub const MAX_SESSION_DAYS: i64 = 31;

/// A recorded screening session: its port's district comes from the geography (none for a port whose district
/// is not established).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Screening {
    pub id: ScreeningId,
    pub version: i64,
    /// The district of the port, from the geography.
    pub district: Option<UnitCode>,
    #[serde(flatten)]
    pub details: ScreeningInput,
}

/// The travellers screened by sex and age group (children are under 18).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TravellerGroups {
    pub women: u32,
    pub men: u32,
    pub girls: u32,
    pub boys: u32,
}

impl TravellerGroups {
    pub fn total(&self) -> u64 {
        u64::from(self.women) + u64::from(self.men) + u64::from(self.girls) + u64::from(self.boys)
    }

    pub fn children(&self) -> u64 {
        u64::from(self.girls) + u64::from(self.boys)
    }
}

/// What a user supplies to record or change a screening session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScreeningInput {
    /// The port of entry (a `port_of_entry` unit of the geography, e.g. `POE-MASERU-BRIDGE`).
    pub port: UnitCode,
    /// The organisation that screened (it, and the national coordinator, may change the record).
    pub organisation: OrgId,
    /// The first day of the session.
    pub started_on: Date,
    /// The last day, when it lasted more than one.
    #[serde(default)]
    pub ended_on: Option<Date>,
    pub direction: TravelDirection,
    /// Travellers screened in all.
    pub travellers: u32,
    /// The same travellers by sex and age group, when they were counted so (they add up to `travellers`).
    #[serde(default)]
    pub by_group: Option<TravellerGroups>,
    /// Indicators of trafficking observed.
    #[serde(default)]
    pub indicators: Vec<ScreeningIndicator>,
    /// People referred for further screening (to the police, social workers...).
    #[serde(default)]
    pub referred: u32,
    /// The cases opened from it, by their numbers.
    #[serde(default)]
    pub cases: Vec<CaseNumber>,
    /// What was seen and done, without naming any traveller.
    #[serde(default)]
    pub note: Option<String>,
}

impl ScreeningInput {
    /// The most characters of each free-text member.
    pub const TEXT_LIMITS: TextLimits = &[("note", 2000)];

    /// Every bad field, or the port's district. `today` bounds the days (a session is recorded once it has
    /// happened); the port must be one of the geography's ports of entry.
    pub fn check(&self, today: Date, geography: &Geography) -> Result<Option<UnitCode>, DomainError> {
        let mut c = Checker::new();
        let port = geography.get(self.port.as_str()).filter(|u| u.kind == UnitKind::PortOfEntry);
        if port.is_none() {
            let known: Vec<&str> = geography.ports_of_entry().map(|u| u.code.as_str()).take(8).collect();
            c.fail("port", format!("{} is not a port of entry; known: {}", self.port, known.join(", ")));
        }
        c.past("started_on", self.started_on, today);
        c.opt_past("ended_on", self.ended_on, today);
        c.order("ended_on", Some(self.started_on), self.ended_on, "the first day");
        if let Some(end) = self.ended_on
            && end - self.started_on > Duration::days(MAX_SESSION_DAYS)
        {
            c.fail(
                "ended_on",
                format!("a session lasts at most {MAX_SESSION_DAYS} days: record a longer one as several"),
            );
        }
        if self.travellers == 0 {
            c.fail("travellers", "must be at least 1 (a session screens someone)");
        } else if self.travellers > MAX_TRAVELLERS {
            c.fail("travellers", format!("must be at most {MAX_TRAVELLERS}"));
        }
        if let Some(g) = &self.by_group {
            if g.total() != u64::from(self.travellers) {
                c.fail(
                    "by_group",
                    format!(
                        "women, men, girls and boys add up to {}, not the {} travellers screened",
                        g.total(),
                        self.travellers
                    ),
                );
            } else if g.children() == 0 && self.indicators.contains(&ScreeningIndicator::ChildWithNonRelative) {
                c.fail("indicators", "names a child with an adult not a relative, but no girl or boy was screened");
            }
        }
        unique(&mut c, "indicators", &self.indicators);
        if self.referred > self.travellers {
            c.fail("referred", format!("must not be more than the travellers screened ({})", self.travellers));
        }
        unique(&mut c, "cases", &self.cases);
        if self.cases.len() > self.referred as usize {
            c.fail(
                "cases",
                format!(
                    "{} cases opened from {} people referred: a case opened from a screening starts with someone referred",
                    self.cases.len(),
                    self.referred
                ),
            );
        }
        c.opt_text("note", &self.note, max!("note"));
        c.finish()?;
        Ok(port.and_then(|u| u.parent.clone()).filter(|p| geography.is_district(p)))
    }
}

impl Screening {
    /// A new record, checked against the day and the geography.
    pub fn new(details: ScreeningInput, today: Date, geography: &Geography) -> Result<Self, DomainError> {
        let district = details.check(today, geography)?;
        Ok(Self { id: ScreeningId::new(), version: 1, district, details })
    }

    /// The same record with changed details (its id and the version read kept), checked as a new one.
    pub fn changed(&self, details: ScreeningInput, today: Date, geography: &Geography) -> Result<Self, DomainError> {
        let district = details.check(today, geography)?;
        Ok(Self { id: self.id, version: self.version, district, details })
    }

    /// Where the figures group it: the port.
    pub fn place(&self) -> String {
        self.details.port.to_string()
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::error::FieldError;

    fn geography() -> Geography {
        Geography::from_csv(include_str!("../../../../data/geography/LS.csv")).unwrap()
    }

    fn maseru_bridge() -> ScreeningInput {
        ScreeningInput {
            port: UnitCode::parse("POE-MASERU-BRIDGE").unwrap(),
            organisation: OrgId::new(),
            started_on: date!(2025 - 12 - 15),
            ended_on: Some(date!(2025 - 12 - 16)),
            direction: TravelDirection::Leaving,
            travellers: 120,
            by_group: Some(TravellerGroups { women: 50, men: 40, girls: 18, boys: 12 }),
            indicators: vec![ScreeningIndicator::ChildWithNonRelative, ScreeningIndicator::TooGoodJobOffer],
            referred: 2,
            cases: vec![CaseNumber::parse("LS-2025-000123").unwrap()],
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
    fn a_screening_takes_its_ports_district() {
        let s = Screening::new(maseru_bridge(), date!(2026 - 01 - 01), &geography()).unwrap();
        assert_eq!(s.district.as_ref().map(UnitCode::as_str), Some("LS-A"));
        assert_eq!(s.place(), "POE-MASERU-BRIDGE");
        let mut far = maseru_bridge();
        far.port = UnitCode::parse("POE-SEPHAPHOS-GATE").unwrap();
        assert_eq!(Screening::new(far, date!(2026 - 01 - 01), &geography()).unwrap().district, None);
    }

    #[test]
    fn a_total_alone_is_enough() {
        let mut x = maseru_bridge();
        x.by_group = None;
        x.indicators.clear();
        x.referred = 0;
        x.cases.clear();
        x.ended_on = None;
        assert!(Screening::new(x, date!(2026 - 01 - 01), &geography()).is_ok());
    }

    #[test]
    fn every_bad_field_is_named() {
        let mut x = maseru_bridge();
        x.port = UnitCode::parse("LS-A").unwrap();
        x.ended_on = Some(date!(2025 - 12 - 01));
        x.travellers = 10;
        x.referred = 11;
        x.cases.push(x.cases[0]);
        x.indicators.push(ScreeningIndicator::TooGoodJobOffer);
        assert_eq!(
            fields(x.check(date!(2026 - 01 - 01), &geography()).unwrap_err()),
            ["port", "ended_on", "by_group", "indicators", "referred", "cases"]
        );
    }

    #[test]
    fn groups_without_children_and_cases_without_referrals_are_refused() {
        let mut x = maseru_bridge();
        x.by_group = Some(TravellerGroups { women: 70, men: 50, girls: 0, boys: 0 });
        x.referred = 0;
        x.started_on = date!(2026 - 02 - 01);
        x.ended_on = None;
        assert_eq!(
            fields(x.check(date!(2026 - 01 - 01), &geography()).unwrap_err()),
            ["started_on", "indicators", "cases"]
        );
    }

    #[test]
    fn a_record_reads_back_from_its_json() {
        let s = Screening::new(maseru_bridge(), date!(2026 - 01 - 01), &geography()).unwrap();
        let back: Screening = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
        assert_eq!(back, s);
    }
}
