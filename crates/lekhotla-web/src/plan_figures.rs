//! The action plan's indicators, valued for a period: each [`LiveIndicator`] computed from the registry with the
//! store's existing queries, and each typed indicator's latest value as of the period's end.
//!
//! Where each live measure comes from (all national, all of `from..=to`):
//! - victims identified: the statistics' `victims` count (victims counted in statistics, not those found not
//!   to be victims), its total;
//! - referrals answered within their deadline: the referrals sent in the period (`Deadlines::referral_responses`,
//!   as `/referrals/deadlines` reads them), the percent answered on or before their deadline;
//! - trainings by district: the statistics' `trainings` count by place, the districts' (those abroad left out);
//! - inspections that led to a case: the statistics' `inspections` count, those linked to a case;
//! - cases with the DPP for over 12 months: the statistics' `at_dpp` count at the period's end;
//! - convictions of complicit officials: the statistics' `accused` count, accused convicted in the period who
//!   are recorded as public officials.
//!
//! The figures that count people or cases pass the disclosure rule of the reader's level, as the dashboard's
//! do: from 1 to the threshold less one they are not shown (a share of referrals follows the referrals it is
//! of). Each is a single national figure, so the primary step is the whole of it.

use std::collections::{BTreeMap, BTreeSet};

use lekhotla_domain::{ActionPlan, IndicatorValue, LiveIndicator, UnitCode};
use lekhotla_storage::statistics::{StatsCounts, StatsQuery};
use time::Date;

use crate::error::ApiError;
use crate::state::AppState;

/// The statistics count a live measure reads (none for the referrals' share, read from the referrals).
fn count_of(m: LiveIndicator) -> Option<&'static str> {
    match m {
        LiveIndicator::VictimsIdentified => Some("victims"),
        LiveIndicator::ReferralsOnTimeShare => None,
        LiveIndicator::TrainingsByDistrict => Some("trainings"),
        LiveIndicator::InspectionsWithCase => Some("inspections"),
        LiveIndicator::DppPendingOver12Months => Some("at_dpp"),
        LiveIndicator::ComplicitOfficialConvictions => Some("accused"),
    }
}

/// Whether a live measure counts people or cases (trainings count events).
fn protected(m: LiveIndicator) -> bool {
    m != LiveIndicator::TrainingsByDistrict
}

/// The indicators' values, and those of them the disclosure rule withholds.
#[derive(Debug, Default)]
pub struct Values {
    pub values: BTreeMap<String, IndicatorValue>,
    /// The codes of live indicators whose figure is from 1 to the threshold less one (not in `values`).
    pub withheld: BTreeSet<String>,
}

/// What the registry holds for the measures of one period.
#[derive(Debug, Default)]
pub struct Measured {
    counts: StatsCounts,
    /// Referrals sent in the period, and of them answered by their deadline.
    referrals: Option<(u32, u32)>,
    districts: BTreeSet<UnitCode>,
}

impl Measured {
    /// The value of `m`, with the districts' figures of a measure by district; none when it cannot be told
    /// (no referral was sent in the period, so no share).
    pub fn value(&self, m: LiveIndicator) -> Option<(f64, BTreeMap<UnitCode, f64>)> {
        let g = |name| self.counts.get(name);
        let total = |v: u64| Some((v as f64, BTreeMap::new()));
        match m {
            LiveIndicator::VictimsIdentified => total(g("victims").sum(0, |_| true)),
            LiveIndicator::ReferralsOnTimeShare => {
                let (sent, on_time) = self.referrals?;
                (sent > 0).then(|| ((f64::from(on_time) * 1000.0 / f64::from(sent)).round() / 10.0, BTreeMap::new()))
            }
            LiveIndicator::TrainingsByDistrict => {
                let mut by = BTreeMap::new();
                for (keys, measures) in &g("trainings").rows {
                    let Some(d) = keys.first().and_then(|k| UnitCode::parse(k).ok()) else { continue };
                    if self.districts.contains(&d) {
                        *by.entry(d).or_insert(0.0) += measures.first().copied().unwrap_or(0) as f64;
                    }
                }
                Some((by.values().sum(), by))
            }
            LiveIndicator::InspectionsWithCase => total(g("inspections").sum(2, |_| true)),
            LiveIndicator::DppPendingOver12Months => total(g("at_dpp").sum(1, |_| true)),
            LiveIndicator::ComplicitOfficialConvictions => total(
                g("accused")
                    .sum(0, |k| k.first().is_some_and(|w| w == "convicted") && k.get(2).is_some_and(|o| o == "yes")),
            ),
        }
    }
}

impl Measured {
    /// Whether the rule of `threshold` withholds `value` of `m`: a count of people or cases from 1 to the threshold
    /// less one, or a share of that few referrals. A threshold of 0 withholds nothing (the unsuppressed level).
    pub fn withholds(&self, m: LiveIndicator, value: f64, threshold: u64) -> bool {
        let base = match m {
            LiveIndicator::ReferralsOnTimeShare => self.referrals.map_or(0, |(sent, _)| u64::from(sent)),
            _ => value as u64,
        };
        protected(m) && base >= 1 && base < threshold
    }
}

/// Reads what the plan's live measures need for `from..=to`, in as few queries as they need.
pub async fn measure(state: &AppState, plan: &ActionPlan, from: Date, to: Date) -> Result<Measured, ApiError> {
    let wanted: BTreeSet<LiveIndicator> = plan.indicators().iter().filter_map(|(_, i)| i.live()).collect();
    let only: Vec<String> = wanted.iter().filter_map(|m| count_of(*m)).map(str::to_owned).collect();
    let counts = if only.is_empty() {
        StatsCounts::default()
    } else {
        let deadlines = state.store.read_deadlines().await?;
        state.reads().statistics(&StatsQuery { from, to, districts: None, only: Some(only), deadlines }).await?
    };
    let referrals = if wanted.contains(&LiveIndicator::ReferralsOnTimeShare) {
        let total = crate::api::deadlines::response_times(state, from, to).await?.total;
        Some((total.sent, total.on_time))
    } else {
        None
    };
    let districts = state.geography.districts().map(|d| d.code.clone()).collect();
    Ok(Measured { counts, referrals, districts })
}

/// Every indicator's value for `from..=to`, by indicator code: the live ones computed now (those the rule of
/// `threshold` withholds listed apart), the typed ones as of `to`. An indicator without a value (typed with none
/// yet, or a share of no referral) is left out.
pub async fn values(
    state: &AppState,
    plan: &ActionPlan,
    from: Date,
    to: Date,
    threshold: u64,
) -> Result<Values, ApiError> {
    let measured = measure(state, plan, from, to).await?;
    let now = state.clock.now();
    let mut out = Values::default();
    for (_, indicator) in plan.indicators() {
        let value = match indicator.live() {
            Some(m) => match measured.value(m) {
                Some((value, _)) if measured.withholds(m, value, threshold) => {
                    out.withheld.insert(indicator.code.clone());
                    None
                }
                Some((value, by)) => Some(IndicatorValue::live(indicator, value, by, now).map_err(ApiError::internal)?),
                None => None,
            },
            None => indicator.typed_value(to),
        };
        if let Some(v) = value {
            out.values.insert(indicator.code.clone(), v);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use lekhotla_storage::statistics::Groups;

    use super::*;

    fn groups(rows: &[(&[&str], &[i64])]) -> Groups {
        Groups { rows: rows.iter().map(|(k, m)| (k.iter().map(|s| (*s).to_owned()).collect(), m.to_vec())).collect() }
    }

    #[test]
    fn each_measure_reads_its_count() {
        let mut counts = StatsCounts::default();
        counts.groups.insert("trainings", groups(&[(&["LS-A"], &[2, 40]), (&["LS-C"], &[1, 12]), (&["ZA"], &[5, 90])]));
        counts.groups.insert(
            "accused",
            groups(&[
                (&["convicted", "Feminine", "yes"], &[1]),
                (&["convicted", "Masculine", "no"], &[4]),
                (&["charged", "Masculine", "yes"], &[2]),
            ]),
        );
        counts.groups.insert("inspections", groups(&[(&["LS-A"], &[3, 20, 1, 2])]));
        counts.groups.insert("at_dpp", groups(&[(&["LS-A"], &[6, 2]), (&["LS-B"], &[1, 1])]));
        let d = |c: &str| UnitCode::parse(c).unwrap();
        let districts = [d("LS-A"), d("LS-C")].into_iter().collect();
        let m = Measured { counts, referrals: Some((8, 6)), districts };
        let (trainings, by) = m.value(LiveIndicator::TrainingsByDistrict).unwrap();
        assert_eq!((trainings, by.len()), (3.0, 2), "the training abroad is left out");
        assert_eq!(m.value(LiveIndicator::ComplicitOfficialConvictions).unwrap().0, 1.0);
        assert_eq!(m.value(LiveIndicator::InspectionsWithCase).unwrap().0, 1.0);
        assert_eq!(m.value(LiveIndicator::DppPendingOver12Months).unwrap().0, 3.0);
        assert_eq!(m.value(LiveIndicator::ReferralsOnTimeShare).unwrap().0, 75.0);
        assert_eq!(m.value(LiveIndicator::VictimsIdentified).unwrap().0, 0.0);
        let none = Measured { referrals: Some((0, 0)), ..Measured::default() };
        assert!(none.value(LiveIndicator::ReferralsOnTimeShare).is_none());

        // The rule withholds counts of people or cases from 1 to the threshold less one, and a share of that few.
        assert!(m.withholds(LiveIndicator::ComplicitOfficialConvictions, 1.0, 10));
        assert!(!m.withholds(LiveIndicator::ComplicitOfficialConvictions, 0.0, 10));
        assert!(!m.withholds(LiveIndicator::VictimsIdentified, 12.0, 10));
        assert!(!m.withholds(LiveIndicator::VictimsIdentified, 3.0, 0), "unsuppressed");
        assert!(m.withholds(LiveIndicator::ReferralsOnTimeShare, 75.0, 10), "a share of 8 referrals");
        assert!(!m.withholds(LiveIndicator::ReferralsOnTimeShare, 75.0, 5));
        assert!(!m.withholds(LiveIndicator::TrainingsByDistrict, 3.0, 10), "trainings are not people");
    }
}
