//! Indicators: what the plan measures, from what baseline to what target, and where each value comes from:
//! computed from the registry's live data ([`LiveIndicator`]) wherever it holds the data, typed in otherwise.
//! An [`IndicatorValue`] says which it is, and when it was computed or as of when it was typed.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::error::{Checker, DomainError, EARLIEST_DATE};
use crate::geography::UnitCode;
use crate::limits::{TextLimits, max};
use crate::vocabulary::{Vocabulary, vocabulary};

/// The largest count or amount an indicator may hold.
pub const MAX_VALUE: f64 = 1e12;
/// The most typed values one indicator may hold.
pub const MAX_TYPED_VALUES: usize = 200;

vocabulary! {
    /// What an indicator's values count.
    IndicatorUnit, "lk_PlanIndicatorUnit" {
        Count = "count", "Number";
        Percent = "percent", "Percent";
        Maloti = "maloti", "Maloti";
        Days = "days", "Days";
        YesNo = "yes_no", "Yes (1) or no (0)";
    }
}

impl IndicatorUnit {
    /// Why `value` cannot be a value of this unit, if it cannot.
    pub fn refuse(self, value: f64) -> Option<String> {
        if !value.is_finite() || !(0.0..=MAX_VALUE).contains(&value) {
            return Some(format!("must be a number from 0 to {MAX_VALUE}"));
        }
        match self {
            Self::Count | Self::Maloti if value.fract() != 0.0 => {
                Some(format!("must be whole ({} are counted)", self.label()))
            }
            Self::Percent if value > 100.0 => Some("must be at most 100 (a percent)".into()),
            Self::YesNo if value != 0.0 && value != 1.0 => Some("must be 1 (yes) or 0 (no)".into()),
            _ => None,
        }
    }
}

vocabulary! {
    /// A measure the registry computes from its own records, over a reporting period. The store computes them;
    /// the definitions below are what it must count.
    LiveIndicator, "lk_PlanLiveIndicator" {
        VictimsIdentified = "victims_identified", "Victims identified";
        ReferralsOnTimeShare = "referrals_on_time_share", "Referrals accepted within their deadline (percent)";
        TrainingsByDistrict = "trainings_by_district", "Trainings delivered, by district";
        InspectionsWithCase = "inspections_with_case", "Joint inspections that led to a case";
        DppPendingOver12Months = "dpp_pending_over_12_months", "Cases pending at the DPP for over 12 months";
        ComplicitOfficialConvictions = "complicit_official_convictions", "Convictions of complicit officials";
    }
}

impl LiveIndicator {
    /// The unit of its values: the share of referrals is a percent, the others are counts.
    pub fn unit(self) -> IndicatorUnit {
        match self {
            Self::ReferralsOnTimeShare => IndicatorUnit::Percent,
            _ => IndicatorUnit::Count,
        }
    }

    /// Whether its value comes with a figure per district (the value is then their total).
    pub fn by_district(self) -> bool {
        self == Self::TrainingsByDistrict
    }

    /// What is counted, for the pages and for the store that computes it.
    pub fn definition(self) -> &'static str {
        match self {
            Self::VictimsIdentified => {
                "Victims recorded in cases whose identification (possible or actual victim) falls in the period."
            }
            Self::ReferralsOnTimeShare => {
                "Of the referrals sent in the period, the percent accepted on or before their response deadline."
            }
            Self::TrainingsByDistrict => "Trainings held in the period, by the district they were held in.",
            Self::InspectionsWithCase => "Joint inspections held in the period that are linked to a case.",
            Self::DppPendingOver12Months => {
                "Cases with the DPP at the period's end, without a decision, received more than 12 months before."
            }
            Self::ComplicitOfficialConvictions => {
                "Verdicts of guilty in the period against accused recorded as public officials."
            }
        }
    }
}

/// A value in a year: an indicator's baseline or target.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Benchmark {
    pub value: f64,
    pub year: i32,
}

/// A value typed in, for an indicator the registry cannot compute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TypedValue {
    pub value: f64,
    /// The day the value stands for.
    pub as_of: Date,
    /// Where it comes from (a ministry's report, a survey).
    #[serde(default)]
    pub note: Option<String>,
}

impl TypedValue {
    /// The most characters of each free-text member.
    pub const TEXT_LIMITS: TextLimits = &[("note", 500)];

    pub(crate) fn check(&self, c: &mut Checker, unit: IndicatorUnit) {
        if let Some(r) = unit.refuse(self.value) {
            c.fail("value", r);
        }
        if self.as_of < EARLIEST_DATE {
            c.fail("as_of", format!("must not be before {EARLIEST_DATE}"));
        }
        c.opt_text("note", &self.note, max!("note"));
    }
}

/// Where an indicator's values come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum IndicatorSource {
    /// Computed from the registry's records.
    Live(LiveIndicator),
    /// Typed in, oldest first.
    Typed(Vec<TypedValue>),
}

/// An indicator of an objective, outcome or activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Indicator {
    /// Unique in the plan: 1 to 20 letters, digits, `.`, `-` or `_`, the first a letter or digit (`1.3-a`).
    pub code: String,
    pub name: String,
    pub unit: IndicatorUnit,
    #[serde(default)]
    pub baseline: Option<Benchmark>,
    #[serde(default)]
    pub target: Option<Benchmark>,
    pub source: IndicatorSource,
}

/// Whether `s` is an indicator code.
pub fn is_indicator_code(s: &str) -> bool {
    (1..=20).contains(&s.len())
        && s.starts_with(|c: char| c.is_ascii_alphanumeric())
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

impl Indicator {
    /// The most characters of each free-text member.
    pub const TEXT_LIMITS: TextLimits = &[("name", 300)];

    /// Checks its own fields and typed values (field names are those of the plan file's columns).
    pub(crate) fn check(&self, c: &mut Checker) {
        self.check_head(c);
        if let IndicatorSource::Typed(values) = &self.source {
            for (i, v) in values.iter().enumerate() {
                let mut vc = Checker::new();
                v.check(&mut vc, self.unit);
                if values[..i].iter().any(|w| w.as_of == v.as_of) {
                    vc.fail("as_of", format!("{} has a value already", v.as_of));
                }
                c.nest(&format!("values[{i}]"), vc.into_errors());
            }
        }
    }

    /// Checks its own fields, those of its row in the plan file.
    pub(crate) fn check_head(&self, c: &mut Checker) {
        if !is_indicator_code(&self.code) {
            c.fail("code", "an indicator code is 1 to 20 letters, digits, '.', '-' or '_' (e.g. 1.3-a)");
        }
        c.text("title", &self.name, max!("name"));
        for (field, b) in [("baseline", self.baseline), ("target", self.target)] {
            if let Some(b) = b {
                if let Some(r) = self.unit.refuse(b.value) {
                    c.fail(field, r);
                }
                if !(2000..=2100).contains(&b.year) {
                    c.fail(format!("{field}_year"), "must be a year from 2000 to 2100");
                }
            }
        }
        if let (Some(b), Some(t)) = (self.baseline, self.target)
            && t.year < b.year
        {
            c.fail("target_year", format!("must not be before the baseline's year ({})", b.year));
        }
        match &self.source {
            IndicatorSource::Live(m) if m.unit() != self.unit => {
                c.fail("unit", format!("must be {} for the live measure {}", m.unit().code(), m.code()));
            }
            IndicatorSource::Live(_) => {}
            IndicatorSource::Typed(values) if values.len() > MAX_TYPED_VALUES => {
                c.fail("values", format!("must be at most {MAX_TYPED_VALUES}"));
            }
            IndicatorSource::Typed(_) => {}
        }
    }

    pub fn live(&self) -> Option<LiveIndicator> {
        match self.source {
            IndicatorSource::Live(m) => Some(m),
            IndicatorSource::Typed(_) => None,
        }
    }

    /// The latest typed value as of `day` (none for a live indicator, or before its first value).
    pub fn typed_value(&self, day: Date) -> Option<IndicatorValue> {
        let IndicatorSource::Typed(values) = &self.source else { return None };
        let v = values.iter().filter(|v| v.as_of <= day).max_by_key(|v| v.as_of)?;
        Some(IndicatorValue {
            indicator: self.code.clone(),
            value: v.value,
            unit: self.unit,
            by_district: BTreeMap::new(),
            source: ValueSource::Typed { as_of: v.as_of, note: v.note.clone() },
        })
    }

    /// How far `value` has gone from the baseline to the target (0 at the baseline, 1 at the target; below 0
    /// or above 1 beyond them); none without both, or when they are equal.
    pub fn progress(&self, value: f64) -> Option<f64> {
        let (b, t) = (self.baseline?.value, self.target?.value);
        (t != b).then(|| (value - b) / (t - b))
    }
}

/// Where a shown value comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ValueSource {
    /// Computed by the registry from its records, at that moment.
    Live {
        measure: LiveIndicator,
        #[serde(with = "time::serde::rfc3339")]
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
        computed_at: OffsetDateTime,
    },
    /// Typed in, standing for that day.
    Typed { as_of: Date, note: Option<String> },
}

/// An indicator's value as the pages show it: the figure and where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndicatorValue {
    /// The indicator's code.
    pub indicator: String,
    /// The figure; for a measure by district, their total.
    pub value: f64,
    pub unit: IndicatorUnit,
    /// The figure of each district, for a measure by district (empty otherwise).
    #[serde(default)]
    pub by_district: BTreeMap<UnitCode, f64>,
    pub source: ValueSource,
}

impl IndicatorValue {
    /// A value the registry computed for a live indicator, at `computed_at`. For a measure by district, give
    /// the districts' figures: the value is their total.
    pub fn live(
        indicator: &Indicator,
        value: f64,
        by_district: BTreeMap<UnitCode, f64>,
        computed_at: OffsetDateTime,
    ) -> Result<Self, DomainError> {
        let Some(measure) = indicator.live() else {
            return Err(DomainError::refused(format!("indicator {} is typed in, not computed", indicator.code)));
        };
        let mut c = Checker::new();
        if let Some(r) = indicator.unit.refuse(value) {
            c.fail("value", r);
        }
        if measure.by_district() {
            let total: f64 = by_district.values().sum();
            if (total - value).abs() > 1e-9 {
                c.fail("by_district", format!("adds up to {total}, not the value {value}"));
            }
        } else if !by_district.is_empty() {
            c.fail("by_district", format!("is only for a measure by district, not {}", measure.code()));
        }
        for (d, v) in &by_district {
            if let Some(r) = indicator.unit.refuse(*v) {
                c.fail(format!("by_district.{d}"), r);
            }
        }
        c.finish()?;
        let source = ValueSource::Live { measure, computed_at };
        Ok(Self { indicator: indicator.code.clone(), value, unit: indicator.unit, by_district, source })
    }

    pub fn is_live(&self) -> bool {
        matches!(self.source, ValueSource::Live { .. })
    }
}

#[cfg(test)]
mod tests {
    use time::macros::{date, datetime};

    use super::*;
    use crate::error::FieldError;

    fn indicator(source: IndicatorSource, unit: IndicatorUnit) -> Indicator {
        Indicator {
            code: "1.3-a".into(),
            name: "Victims identified".into(),
            unit,
            baseline: Some(Benchmark { value: 20.0, year: 2021 }),
            target: Some(Benchmark { value: 60.0, year: 2026 }),
            source,
        }
    }

    fn fields(i: &Indicator) -> Vec<String> {
        let mut c = Checker::new();
        i.check(&mut c);
        c.into_errors().into_iter().map(|FieldError { field, .. }| field).collect()
    }

    #[test]
    fn a_live_indicator_has_its_measures_unit_and_gives_live_values() {
        let live = indicator(IndicatorSource::Live(LiveIndicator::VictimsIdentified), IndicatorUnit::Count);
        assert!(fields(&live).is_empty());
        assert_eq!(fields(&indicator(live.source.clone(), IndicatorUnit::Percent)), ["unit"]);
        let at = datetime!(2026-03-31 12:00 UTC);
        let v = IndicatorValue::live(&live, 41.0, BTreeMap::new(), at).unwrap();
        assert!(v.is_live());
        assert_eq!(v.source, ValueSource::Live { measure: LiveIndicator::VictimsIdentified, computed_at: at });
        assert_eq!(live.progress(v.value), Some(0.525));
        assert!(live.typed_value(date!(2026 - 01 - 01)).is_none());
        assert!(IndicatorValue::live(&live, 4.5, BTreeMap::new(), at).is_err());
        let json = serde_json::to_value(&v).unwrap();
        assert_eq!(json["source"]["kind"], "live");
        assert_eq!(json["source"]["computed_at"], "2026-03-31T12:00:00Z");
        assert_eq!(serde_json::to_value(&live.source).unwrap(), serde_json::json!({"live": "victims_identified"}));
    }

    #[test]
    fn a_measure_by_district_totals_its_districts() {
        let by = indicator(IndicatorSource::Live(LiveIndicator::TrainingsByDistrict), IndicatorUnit::Count);
        let at = datetime!(2026-03-31 12:00 UTC);
        let d = |c: &str| UnitCode::parse(c).unwrap();
        let districts = BTreeMap::from([(d("LS-A"), 4.0), (d("LS-C"), 2.0)]);
        assert_eq!(IndicatorValue::live(&by, 6.0, districts.clone(), at).unwrap().by_district.len(), 2);
        assert!(IndicatorValue::live(&by, 7.0, districts.clone(), at).is_err());
        let victims = indicator(IndicatorSource::Live(LiveIndicator::VictimsIdentified), IndicatorUnit::Count);
        assert!(IndicatorValue::live(&victims, 6.0, districts, at).is_err());
    }

    #[test]
    fn a_typed_indicator_shows_its_latest_value_as_of_a_day() {
        let v = |value, as_of| TypedValue { value, as_of, note: None };
        let typed = indicator(
            IndicatorSource::Typed(vec![v(40.0, date!(2023 - 03 - 31)), v(55.5, date!(2024 - 03 - 31))]),
            IndicatorUnit::Percent,
        );
        assert!(fields(&typed).is_empty());
        let shown = typed.typed_value(date!(2024 - 01 - 01)).unwrap();
        assert_eq!(shown.value, 40.0);
        assert!(!shown.is_live());
        assert_eq!(shown.source, ValueSource::Typed { as_of: date!(2023 - 03 - 31), note: None });
        assert_eq!(typed.typed_value(date!(2025 - 01 - 01)).unwrap().value, 55.5);
        assert!(typed.typed_value(date!(2020 - 01 - 01)).is_none());
        assert!(IndicatorValue::live(&typed, 1.0, BTreeMap::new(), datetime!(2026-01-01 0:00 UTC)).is_err());
        let mut bad = typed.clone();
        bad.code = "-x".into();
        bad.source = IndicatorSource::Typed(vec![v(140.0, date!(2023 - 03 - 31)), v(1.0, date!(2023 - 03 - 31))]);
        bad.target = Some(Benchmark { value: 50.0, year: 2020 });
        assert_eq!(fields(&bad), ["code", "target_year", "values[0].value", "values[1].as_of"]);
    }

    #[test]
    fn units_bound_their_values() {
        assert!(IndicatorUnit::Count.refuse(3.0).is_none());
        assert!(IndicatorUnit::Count.refuse(3.5).is_some());
        assert!(IndicatorUnit::Count.refuse(-1.0).is_some());
        assert!(IndicatorUnit::Percent.refuse(100.5).is_some());
        assert!(IndicatorUnit::YesNo.refuse(1.0).is_none());
        assert!(IndicatorUnit::YesNo.refuse(2.0).is_some());
        assert!(IndicatorUnit::Days.refuse(f64::NAN).is_some());
        for m in LiveIndicator::ALL {
            assert!(!m.definition().is_empty());
        }
    }
}
