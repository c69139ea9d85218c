//! A joint inspection of an employer of foreign workers: which employer, in which sector and district, which
//! agencies went (labour, immigration, police...), how many workers and foreign workers were checked, which
//! indicators of trafficking were found (HTCDS's methods of control), and the cases opened from it, named by
//! their case numbers. No worker is named.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::case_number::CaseNumber;
use crate::error::{Checker, DomainError};
use crate::geography::UnitCode;
use crate::ids::{InspectionId, OrgId};
use crate::limits::{TextLimits, max};
use crate::vocabulary::{ForcedLabourIndustry, InspectionAgency, MethodOfControl};

/// The most workers one inspection may count.
pub const MAX_WORKERS: u32 = 100_000;

/// A recorded inspection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Inspection {
    pub id: InspectionId,
    pub version: i64,
    #[serde(flatten)]
    pub details: InspectionInput,
}

/// What a user supplies to record or change an inspection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InspectionInput {
    /// The employer inspected (a business, a farm, a household).
    pub employer: String,
    pub sector: ForcedLabourIndustry,
    /// The agency that led it (it, and the national coordinator, may change the record).
    pub organisation: OrgId,
    pub district: UnitCode,
    /// The town or site.
    #[serde(default)]
    pub town: Option<String>,
    pub inspected_on: Date,
    /// The agencies present (at least one).
    pub agencies: Vec<InspectionAgency>,
    /// Workers checked at the site.
    pub workers: u32,
    /// Of them, foreign workers.
    pub foreign_workers: u32,
    /// Indicators of trafficking found (methods of control, as HTCDS names them).
    #[serde(default)]
    pub indicators: Vec<MethodOfControl>,
    /// The cases opened from it, by their numbers.
    #[serde(default)]
    pub cases: Vec<CaseNumber>,
    /// What was found and done, without naming any worker.
    #[serde(default)]
    pub findings: Option<String>,
}

impl InspectionInput {
    /// The most characters of each free-text member.
    pub const TEXT_LIMITS: TextLimits = &[("employer", 200), ("town", super::TOWN_MAX), ("findings", 2000)];

    /// Every bad field, or nothing. `today` bounds the day: an inspection is recorded once it has happened.
    pub fn validate(&self, today: Date) -> Result<(), DomainError> {
        let mut c = Checker::new();
        c.text("employer", &self.employer, max!("employer"));
        c.opt_text("town", &self.town, max!("town"));
        c.past("inspected_on", self.inspected_on, today);
        if self.agencies.is_empty() {
            c.fail("agencies", "must name at least one agency that took part");
        }
        unique(&mut c, "agencies", &self.agencies);
        if self.workers > MAX_WORKERS {
            c.fail("workers", format!("must be at most {MAX_WORKERS}"));
        }
        if self.foreign_workers > self.workers {
            c.fail("foreign_workers", format!("must not be more than the workers checked ({})", self.workers));
        }
        unique(&mut c, "indicators", &self.indicators);
        unique(&mut c, "cases", &self.cases);
        c.opt_text("findings", &self.findings, max!("findings"));
        c.finish()
    }

    /// Where it took place, as the figures group it: the district.
    pub fn place(&self) -> String {
        self.district.to_string()
    }
}

pub(super) fn unique<T: PartialEq + std::fmt::Display>(c: &mut Checker, field: &str, items: &[T]) {
    for (i, x) in items.iter().enumerate() {
        if items[..i].contains(x) {
            c.fail(field, format!("names {x} twice"));
        }
    }
}

impl Inspection {
    pub fn new(details: InspectionInput, today: Date) -> Result<Self, DomainError> {
        details.validate(today)?;
        Ok(Self { id: InspectionId::new(), version: 1, details })
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::error::FieldError;

    fn farm() -> InspectionInput {
        InspectionInput {
            employer: "Hlotse vegetable farm".into(),
            sector: ForcedLabourIndustry::AgricultureForestryAndFishing,
            organisation: OrgId::new(),
            district: UnitCode::parse("LS-C").unwrap(),
            town: None,
            inspected_on: date!(2025 - 11 - 04),
            agencies: vec![InspectionAgency::Labour, InspectionAgency::Immigration],
            workers: 40,
            foreign_workers: 12,
            indicators: vec![MethodOfControl::WithholdsDocuments],
            cases: vec![CaseNumber::parse("LS-2025-000123").unwrap()],
            findings: None,
        }
    }

    fn fields(e: DomainError) -> Vec<String> {
        match e {
            DomainError::Invalid(v) => v.into_iter().map(|FieldError { field, .. }| field).collect(),
            other => panic!("{other}"),
        }
    }

    #[test]
    fn an_inspection_that_opened_a_case_is_valid() {
        let i = Inspection::new(farm(), date!(2026 - 01 - 01)).unwrap();
        assert_eq!(i.details.place(), "LS-C");
    }

    #[test]
    fn every_bad_field_is_named() {
        let mut x = farm();
        x.employer = String::new();
        x.agencies.clear();
        x.foreign_workers = 41;
        x.cases.push(x.cases[0]);
        x.inspected_on = date!(2026 - 02 - 01);
        assert_eq!(
            fields(x.validate(date!(2026 - 01 - 01)).unwrap_err()),
            ["employer", "inspected_on", "agencies", "foreign_workers", "cases"]
        );
    }
}
