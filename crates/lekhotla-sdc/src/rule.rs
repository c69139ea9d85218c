//! The disclosure rule, what it does to each cell, and the check that a suppression pattern meets it.

use crate::audit::{Interval, Program, check};
use crate::components::components;
use crate::error::SdcError;
use crate::grid::Grid;

/// The disclosure rule: cells from 1 to `threshold - 1` are suppressed (primary suppression), and every such
/// cell's audited range must be at least `protection` wide (τ-ARGUS's sliding protection range:
/// `upper - lower >= protection`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub threshold: u64,
    pub protection: u64,
}

impl Rule {
    /// For the government's own use.
    pub const INTERNAL: Rule = Rule { threshold: 5, protection: 5 };
    /// For anything published outside the government, and for analysts.
    pub const PUBLIC: Rule = Rule { threshold: 10, protection: 10 };

    /// Whether the rule suppresses this value by itself: `1 <= value < threshold`. A zero is published: it
    /// discloses nobody.
    pub fn is_primary(&self, value: u64) -> bool {
        value >= 1 && value < self.threshold
    }
}

/// What the disclosure step does with a cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Suppression {
    Published,
    /// Below the threshold.
    Primary,
    /// Hidden so that a primary cell cannot be narrowed down from the others.
    Secondary,
}

impl Suppression {
    /// Primary or secondary.
    pub fn is_suppressed(self) -> bool {
        self != Suppression::Published
    }
}

/// The primary cells whose audited range is narrower than the protection, in increasing order of cell
/// (empty = safe).
///
/// So that an empty answer always means the pattern meets the rule, the cells checked are those marked
/// primary and every cell under the threshold whatever its mark: one published counts with its value as
/// its range, one marked secondary is audited like a primary cell. Other secondary cells need no
/// protection of their own.
pub fn weaknesses(grid: &Grid, states: &[Suppression], rule: &Rule) -> Result<Vec<Interval>, SdcError> {
    check(grid, states.len(), "states")?;
    let suppressed: Vec<bool> = states.iter().map(|state| state.is_suppressed()).collect();
    let components = components(grid, &suppressed);
    let mut weak = Vec::new();
    for (cell, (&state, &value)) in states.iter().zip(grid.values()).enumerate() {
        if state != Suppression::Primary && !rule.is_primary(value) {
            continue;
        }
        let interval = match components.of_cell[cell] {
            Some(group) => Program { grid, group: &components.groups[group] }.interval(cell)?,
            None => Interval { cell, lower: value, upper: Some(value) },
        };
        if !interval.protects(rule.protection) {
            weak.push(interval);
        }
    }
    Ok(weak)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primary_means_from_1_to_under_the_threshold() {
        let rule = Rule { threshold: 5, protection: 5 };
        assert!(!rule.is_primary(0), "a zero discloses nobody");
        assert!(rule.is_primary(1));
        assert!(rule.is_primary(4));
        assert!(!rule.is_primary(5));
    }

    #[test]
    fn a_small_cell_is_checked_whatever_its_mark() {
        // 10 = 2 + 8, and the 10 again in another table: with the second 10 and the 8 published, the 2 and
        // the first 10, hidden together, are still exact.
        let mut grid = Grid::new(vec![10, 2, 8, 10]);
        grid.add_relation(0, vec![1, 2]).expect("adds up");
        grid.add_relation(3, vec![0]).expect("adds up");
        let rule = Rule::INTERNAL;
        use Suppression::{Published as O, Secondary as S};
        let weak = weaknesses(&grid, &[S, S, O, O], &rule).expect("weaknesses");
        assert_eq!(weak, vec![Interval { cell: 1, lower: 2, upper: Some(2) }]);
        // Secondary cells that are not small need no protection: the 10 is exact too, and not listed.
        let weak = weaknesses(&grid, &[S, O, O, O], &rule).expect("weaknesses");
        assert_eq!(weak, vec![Interval { cell: 1, lower: 2, upper: Some(2) }]);
    }

    #[test]
    fn states_of_the_wrong_length_are_refused() {
        let grid = Grid::new(vec![1, 2]);
        assert_eq!(
            weaknesses(&grid, &[Suppression::Primary], &Rule::INTERNAL),
            Err(SdcError::LengthMismatch { what: "states", found: 1, cells: 2 })
        );
    }
}
