//! The one step every table passes through before it leaves the system: primary and secondary suppression
//! over the whole report's grid (`lekhotla-sdc`), or nothing suppressed for the unsuppressed level.

use lekhotla_sdc::{Grid, Interval, Rule, Suppression};

use crate::build::{Draft, Kind, ReportError};
use crate::model::{CellState, Disclosure, DisclosureLevel};

impl Disclosure {
    /// The default rule of a level: threshold and protection 10 for public figures, 5 internally.
    pub fn of(level: DisclosureLevel) -> Disclosure {
        let k = match level {
            DisclosureLevel::Public => 10,
            DisclosureLevel::Internal | DisclosureLevel::Unsuppressed => 5,
        };
        Disclosure { level, threshold: k, protection: k }
    }

    /// The rule in words, for the files and the page.
    pub fn describe(&self) -> String {
        match self.level {
            DisclosureLevel::Unsuppressed => {
                "Unsuppressed: every cell is shown. OFFICIAL - SENSITIVE: not for publication.".to_owned()
            }
            level => format!(
                "{}: counts from 1 to {} are suppressed, and further cells so that no suppressed cell can be narrowed \
                 to a range of fewer than {} from the published figures.",
                if level == DisclosureLevel::Public { "Public rule" } else { "Internal rule" },
                self.threshold.saturating_sub(1),
                self.protection
            ),
        }
    }
}

/// The grid of a draft's counts (populations and rates left out).
pub fn grid(d: &Draft) -> Result<Grid, ReportError> {
    let values = d.values.iter().zip(&d.kinds).map(|(v, k)| if *k == Kind::Count { *v } else { 0 }).collect();
    let mut g = Grid::new(values);
    for (total, parts) in &d.relations {
        g.add_relation(*total, parts.clone()).map_err(|e| ReportError::Disclosure(e.to_string()))?;
    }
    Ok(g)
}

/// The state of every cell of the draft under the rule.
pub fn states(d: &Draft, rule: Disclosure) -> Result<Vec<CellState>, ReportError> {
    let n = d.values.len();
    let counted: Vec<CellState> = if rule.level == DisclosureLevel::Unsuppressed {
        vec![CellState::Published; n]
    } else {
        let g = grid(d)?;
        lekhotla_sdc::protect(&g, &sdc_rule(rule))
            .map_err(|e| ReportError::Disclosure(e.to_string()))?
            .into_iter()
            .map(|s| match s {
                Suppression::Published => CellState::Published,
                Suppression::Primary => CellState::Primary,
                Suppression::Secondary => CellState::Secondary,
            })
            .collect()
    };
    Ok((0..n)
        .map(|i| match d.kinds[i] {
            Kind::Count => counted[i],
            Kind::Fixed => CellState::Published,
            Kind::Follows(j) => counted[j],
        })
        .collect())
}

fn sdc_rule(rule: Disclosure) -> Rule {
    Rule { threshold: rule.threshold, protection: rule.protection }
}

/// The interval audit of a draft's cells in `states` under the rule: the small cells a reader could narrow,
/// from the published cells and the declared totals, to a range narrower than the protection (empty = safe).
pub fn weaknesses(d: &Draft, rule: Disclosure, states: &[CellState]) -> Result<Vec<Interval>, ReportError> {
    let states: Vec<Suppression> = states
        .iter()
        .map(|s| match s {
            CellState::Published => Suppression::Published,
            CellState::Primary => Suppression::Primary,
            CellState::Secondary => Suppression::Secondary,
        })
        .collect();
    lekhotla_sdc::weaknesses(&grid(d)?, &states, &sdc_rule(rule)).map_err(|e| ReportError::Disclosure(e.to_string()))
}
