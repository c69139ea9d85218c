//! The national action plan and the recommendations it answers, as data.
//!
//! An [`ActionPlan`] (Lesotho's is the National Strategic Framework and Action Plan to Combat Trafficking in
//! Persons 2021-2026) holds objectives, each under a [`Pillar`]; objectives hold outcomes and outcomes hold
//! activities, addressed by dotted [`PlanCode`]s (`1`, `1.3`, `1.3.2`). An [`Activity`] names who is
//! responsible, its districts, its quarters, budget and expenditure, status and [`Evidence`]. Any of them may
//! carry [`Indicator`]s with a baseline and a target, whose values are computed from the registry
//! ([`LiveIndicator`]) where it holds the data and typed in where it cannot; an [`IndicatorValue`] says which,
//! and when.
//!
//! [`Recommendations`] are those of a year's report (the US TIP Report), each answered by activities of the
//! plan, and carried over to the next year while not met.
//!
//! Both are read from CSV files ([`ActionPlan::from_csv`], [`Recommendations::from_csv`]; layouts in
//! `plan_file` and `recommendation_file`, and in `data/plan/README.md`) and written back to them.

mod activity;
mod code;
mod indicator;
mod plan_file;
mod plan_write;
mod recommendation;
mod recommendation_file;
mod sheet;
mod tree;

pub use activity::{
    Activity, ActivityStatus, Evidence, EvidenceKind, MAX_EVIDENCE, MAX_MALOTI, RECORD_KINDS, is_record_reference,
};
pub use code::{
    COVERAGE_PATTERN, Coverage, CoverageError, PlanCode, PlanCodeError, PlanLevel, QUARTER_PATTERN, Quarter,
    QuarterError,
};
pub use indicator::{
    Benchmark, Indicator, IndicatorSource, IndicatorUnit, IndicatorValue, LiveIndicator, MAX_TYPED_VALUES, MAX_VALUE,
    TypedValue, ValueSource, is_indicator_code,
};
pub use plan_file::PLAN_COLUMNS;
pub use recommendation::{
    MAX_ANSWERS, Recommendation, RecommendationCategory, RecommendationKey, RecommendationKeyError,
    RecommendationPriority, RecommendationStatus, Recommendations,
};
pub use recommendation_file::RECOMMENDATION_COLUMNS;
pub use sheet::SheetProblem;
pub use tree::{ActionPlan, Objective, Outcome, PlanFlag, PlanInput, PlanItem};

use crate::vocabulary::vocabulary;

vocabulary! {
    /// The pillars the plan's objectives are grouped under: the "4 Ps" of the Palermo Protocol's response, and
    /// the coordination that holds them together.
    Pillar, "lk_PlanPillar" {
        Prevention = "prevention", "Prevention";
        Protection = "protection", "Protection";
        Prosecution = "prosecution", "Prosecution";
        Partnership = "partnership", "Partnership";
        Coordination = "coordination", "Coordination";
    }
}

#[cfg(test)]
mod tests;
