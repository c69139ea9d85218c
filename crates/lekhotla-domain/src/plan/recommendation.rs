//! The recommendations of a year's report (the US TIP Report's, for one): what it asks, under which heading,
//! whether it is one of the prioritised recommendations, the plan's activities that answer it, and where it
//! stands. One not met is carried over to the next year's list, linked to its origin.

use serde::{Deserialize, Serialize};

use super::code::{PlanCode, PlanLevel};
use super::tree::ActionPlan;
use crate::error::{Checker, DomainError};
use crate::limits::{TextLimits, max};
use crate::vocabulary::vocabulary;

/// The most activities one recommendation may name.
pub const MAX_ANSWERS: usize = 50;

vocabulary! {
    /// The TIP Report's headings for its recommendations.
    RecommendationCategory, "lk_RecommendationCategory" {
        Prosecution = "prosecution", "Prosecution";
        Protection = "protection", "Protection";
        Prevention = "prevention", "Prevention";
    }
}

vocabulary! {
    /// Whether the report lists it among its prioritised recommendations.
    RecommendationPriority, "lk_RecommendationPriority" {
        Priority = "priority", "Prioritised recommendation";
        Other = "other", "Other recommendation";
    }
}

vocabulary! {
    /// Where a recommendation stands.
    RecommendationStatus, "lk_RecommendationStatus" {
        Open = "open", "Open";
        PartlyMet = "partly_met", "Partly met";
        Met = "met", "Met";
        CarriedOver = "carried_over", "Carried over to a later year";
    }
}

/// A recommendation's key: its report year and its number in that year's list, written `2025-3`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecommendationKey {
    pub year: i32,
    pub number: u16,
}

/// A string that is not a recommendation key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a recommendation: its year and number, as 2025-3")]
pub struct RecommendationKeyError(pub String);

impl RecommendationKey {
    pub fn parse(s: &str) -> Result<Self, RecommendationKeyError> {
        let bad = || RecommendationKeyError(s.to_owned());
        let (y, n) = s.trim().split_once('-').ok_or_else(bad)?;
        let year = y.parse().map_err(|_| bad())?;
        let number = n.parse().map_err(|_| bad())?;
        Ok(Self { year, number })
    }
}

impl std::fmt::Display for RecommendationKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.year, self.number)
    }
}

impl Serialize for RecommendationKey {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for RecommendationKey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// One recommendation of one year's report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Recommendation {
    /// The report's year (the 2025 TIP Report's recommendations are of 2025).
    pub year: i32,
    /// Its number in that year's list, from 1.
    pub number: u16,
    pub text: String,
    pub category: RecommendationCategory,
    pub priority: RecommendationPriority,
    /// The plan's activities that answer it.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub activities: Vec<PlanCode>,
    pub status: RecommendationStatus,
    /// The recommendation of an earlier year it carries over.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub carried_from: Option<RecommendationKey>,
}

impl Recommendation {
    /// The most characters of each free-text member.
    pub const TEXT_LIMITS: TextLimits = &[("text", 2000)];

    pub fn key(&self) -> RecommendationKey {
        RecommendationKey { year: self.year, number: self.number }
    }

    /// Checks its fields against `plan` (field names are those of the recommendations file's columns).
    pub(crate) fn check(&self, c: &mut Checker, plan: &ActionPlan) {
        if !(2000..=2100).contains(&self.year) {
            c.fail("year", "must be a year from 2000 to 2100");
        }
        if !(1..=999).contains(&self.number) {
            c.fail("number", "must be from 1 to 999");
        }
        c.text("text", &self.text, max!("text"));
        if self.activities.len() > MAX_ANSWERS {
            c.fail("activities", format!("must name at most {MAX_ANSWERS}"));
        }
        for (i, a) in self.activities.iter().enumerate() {
            if a.level() != PlanLevel::Activity {
                c.fail("activities", format!("{a} is not an activity's code (like 1.3.2)"));
            } else if plan.activity(*a).is_none() {
                c.fail("activities", format!("the plan has no activity {a}"));
            } else if self.activities[..i].contains(a) {
                c.fail("activities", format!("names {a} twice"));
            }
        }
        if let Some(from) = self.carried_from
            && from.year >= self.year
        {
            c.fail("carried_from", format!("must be of a year before {}", self.year));
        }
    }

    /// Carries it over to `next_year` as recommendation `number`: the copy starts open, answered by the same
    /// activities and linked to this one, which becomes carried over. A met or already carried one is refused.
    pub fn carry_over(&mut self, next_year: i32, number: u16) -> Result<Recommendation, DomainError> {
        match self.status {
            RecommendationStatus::Met => return Err(DomainError::refused(format!("{} is met", self.key()))),
            RecommendationStatus::CarriedOver => {
                return Err(DomainError::refused(format!("{} is carried over already", self.key())));
            }
            RecommendationStatus::Open | RecommendationStatus::PartlyMet => {}
        }
        if next_year <= self.year {
            return Err(DomainError::field("year", format!("must be after {}", self.year)));
        }
        let copy = Recommendation {
            year: next_year,
            number,
            status: RecommendationStatus::Open,
            carried_from: Some(self.key()),
            ..self.clone()
        };
        self.status = RecommendationStatus::CarriedOver;
        Ok(copy)
    }
}

/// A checked list of recommendations, of one year or several: keys unique, answering activities in the plan,
/// each carried-over recommendation with at most one copy, and marked carried over when it has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Recommendations(Vec<Recommendation>);

impl Recommendations {
    /// Every bad field (as `recommendations[i].field`), or the list, sorted by key.
    pub fn new(mut list: Vec<Recommendation>, plan: &ActionPlan) -> Result<Self, DomainError> {
        let mut c = Checker::new();
        for (i, r) in list.iter().enumerate() {
            let mut rc = Checker::new();
            r.check(&mut rc, plan);
            if list[..i].iter().any(|o| o.key() == r.key()) {
                rc.fail("number", format!("{} appears twice", r.key()));
            }
            if let Some(from) = r.carried_from {
                let origin = list.iter().find(|o| o.key() == from);
                if from.year < r.year && list[..i].iter().any(|o| o.carried_from == Some(from) && o.year > from.year) {
                    rc.fail("carried_from", format!("{from} is carried over twice"));
                } else if origin.is_none() && list.iter().any(|o| o.year == from.year) {
                    rc.fail("carried_from", format!("the list has no recommendation {from}"));
                }
            }
            let copied = list.iter().find(|o| o.carried_from == Some(r.key()) && o.year > r.year);
            if let Some(copy) = copied
                && r.status != RecommendationStatus::CarriedOver
            {
                rc.fail("status", format!("must be carried_over: it is carried over as {}", copy.key()));
            }
            c.nest(&format!("recommendations[{i}]"), rc.into_errors());
        }
        c.finish()?;
        list.sort_by_key(Recommendation::key);
        Ok(Self(list))
    }

    pub fn items(&self) -> &[Recommendation] {
        &self.0
    }

    /// The recommendations of `year`, in number order.
    pub fn of_year(&self, year: i32) -> impl Iterator<Item = &Recommendation> {
        self.0.iter().filter(move |r| r.year == year)
    }

    pub fn get(&self, key: RecommendationKey) -> Option<&Recommendation> {
        self.0.iter().find(|r| r.key() == key)
    }

    /// The recommendations an activity answers.
    pub fn answered_by(&self, activity: PlanCode) -> impl Iterator<Item = &Recommendation> {
        self.0.iter().filter(move |r| r.activities.contains(&activity))
    }

    /// The recommendation of `key` and those it carries over, oldest first (as far as the list holds them).
    pub fn history(&self, key: RecommendationKey) -> Vec<&Recommendation> {
        let mut out = Vec::new();
        let mut next = self.get(key);
        while let Some(r) = next {
            if out.iter().any(|o: &&Recommendation| o.key() == r.key()) {
                break;
            }
            out.push(r);
            next = r.carried_from.and_then(|k| self.get(k));
        }
        out.reverse();
        out
    }

    /// Carries every open or partly met recommendation of `year` over to `next_year`, numbered after the
    /// recommendations `next_year` already has, and gives the copies' keys.
    pub fn carry_over(&mut self, year: i32, next_year: i32) -> Result<Vec<RecommendationKey>, DomainError> {
        if next_year <= year {
            return Err(DomainError::field("year", format!("must be after {year}")));
        }
        let mut list = self.0.clone();
        let mut number = list.iter().filter(|r| r.year == next_year).map(|r| r.number).max().unwrap_or(0);
        let mut copies = Vec::new();
        for r in list.iter_mut().filter(|r| r.year == year) {
            if matches!(r.status, RecommendationStatus::Open | RecommendationStatus::PartlyMet) {
                if number >= 999 {
                    return Err(DomainError::refused(format!("{next_year} has recommendations up to number 999")));
                }
                number += 1;
                copies.push(r.carry_over(next_year, number)?);
            }
        }
        let keys = copies.iter().map(Recommendation::key).collect();
        list.extend(copies);
        list.sort_by_key(Recommendation::key);
        self.0 = list;
        Ok(keys)
    }
}
