//! Primary and secondary suppression: the pattern of hidden cells that meets a rule.

use crate::audit::{Program, check};
use crate::components::{Group, components};
use crate::error::SdcError;
use crate::grid::Grid;
use crate::rule::{Rule, Suppression};

/// Primary suppression, then secondary suppression until the interval audit finds every primary cell
/// protected. Deterministic: the same grid and rule always give the same answer, so that a report can be
/// reproduced years later.
///
/// # The secondary-suppression heuristic
///
/// 1. **Primary.** Every cell with `1 <= value < threshold` is suppressed.
/// 2. **Closure.** While some relation holds exactly one suppressed cell (which its other cells would give
///    away exactly), the cheapest positive published cell of that relation is suppressed. Relations are
///    taken in increasing order of index, each time from the first.
/// 3. **Audit.** Every primary cell not yet known to be protected is audited (with one or two linear
///    programs: see [`audit`](crate::audit())). For each one still too narrow, the cheapest positive published cell of a relation that holds it is
///    suppressed; if those relations have none left, the cheapest of any relation of its group of
///    suppressed cells; failing that, the cheapest in the grid. Only one cell is added per group and round:
///    the other primary cells of a group that changed wait for the next round's audit. Then back to 2,
///    until a round finds every primary cell protected.
///
/// "Cheapest" compares, in this order (smaller first):
/// - the relations the cell would leave with exactly one suppressed cell (those holding none yet, which the
///   closure would have to pay for) minus those it would take out of that state (those holding exactly one);
/// - whether it is the total of some relation (margins and totals are the figures readers want most);
/// - its value (the information lost);
/// - its index, so that the same grid and rule always give the same pattern.
///
/// Zeros are never suppressed: they disclose nobody, and they are never needed (below).
///
/// # Why it terminates, and why the result is safe
///
/// Each round that does not end the loop suppresses at least one more positive cell, so there are at most
/// as many rounds as cells. Suppressing a cell only widens every range (the old solutions stay feasible
/// with the new variable at its true value), so a primary cell found protected stays protected and is not
/// audited again. And were every positive cell suppressed, the published cells would all be zeros, the
/// linear programs homogeneous, and every positive cell unbounded above: protected. So step 3 always has a
/// candidate while some primary cell is too narrow, and the loop ends with every primary cell protected by
/// the audit (`weaknesses` is empty). Were no candidate left, the argument would be contradicted; the
/// code then answers `SdcError::Unprotectable` rather than loop, which only a failing solver could cause.
///
/// # Cost
///
/// Only suppressed cells are variables, each group of linked suppressed cells is its own linear program,
/// relations without a suppressed cell are left out, and each primary cell is audited with one or two
/// linear programs until it is found protected. Measured with `tests/size.rs` on this project's machine
/// (2 cores, shared with other builds): a report of 2,616 cells and 536 relations with 219 primary cells
/// (171 secondary) takes 0.09 s in release and 0.13 to 0.16 s in a debug build (the time is the solver's,
/// and the debug profile builds dependencies at opt-level 1); a report of small numbers, 2,682 cells with
/// 1,249 primary (59 secondary), about 0.45 s in either.
///
/// The pattern is not minimal: finding the cheapest pattern is NP-hard, and τ-ARGUS's optimal method solves
/// a mixed-integer program for it. The heuristic aims at few and small secondary cells, not the fewest.
pub fn protect(grid: &Grid, rule: &Rule) -> Result<Vec<Suppression>, SdcError> {
    check(grid, grid.len(), "values")?;
    let mut pattern = Pattern::new(grid);
    let primaries: Vec<usize> = (0..grid.len()).filter(|&cell| rule.is_primary(grid.values()[cell])).collect();
    for &cell in &primaries {
        pattern.suppress(cell, Suppression::Primary);
    }
    let mut safe = vec![false; grid.len()];
    loop {
        pattern.close()?;
        let components = components(grid, &pattern.suppressed);
        let mut touched = vec![false; components.groups.len()];
        let mut settled = true;
        for &cell in &primaries {
            if safe[cell] {
                continue;
            }
            let Some(group) = components.of_cell[cell] else {
                return Err(SdcError::Unprotectable { cell });
            };
            if touched[group] {
                settled = false;
                continue;
            }
            let program = Program { grid, group: &components.groups[group] };
            if program.protects(cell, rule.protection)? {
                safe[cell] = true;
                continue;
            }
            settled = false;
            let widening = pattern.widening(cell, &components.groups[group]).ok_or(SdcError::Unprotectable { cell })?;
            pattern.suppress(widening, Suppression::Secondary);
            touched[group] = true;
        }
        if settled {
            return Ok(pattern.states);
        }
    }
}

/// A suppression pattern being built.
#[derive(Debug)]
struct Pattern<'a> {
    grid: &'a Grid,
    /// For every cell, the relations it takes part in.
    memberships: Vec<Vec<usize>>,
    /// For every cell, whether it is the total of some relation.
    is_total: Vec<bool>,
    states: Vec<Suppression>,
    suppressed: Vec<bool>,
    /// For every relation, how many of its cells are suppressed.
    count: Vec<usize>,
}

impl<'a> Pattern<'a> {
    fn new(grid: &'a Grid) -> Self {
        let mut is_total = vec![false; grid.len()];
        for relation in grid.relations() {
            is_total[relation.total] = true;
        }
        Pattern {
            grid,
            memberships: grid.memberships(),
            is_total,
            states: vec![Suppression::Published; grid.len()],
            suppressed: vec![false; grid.len()],
            count: vec![0; grid.relations().len()],
        }
    }

    fn suppress(&mut self, cell: usize, state: Suppression) {
        self.states[cell] = state;
        self.suppressed[cell] = true;
        for &relation in &self.memberships[cell] {
            self.count[relation] += 1;
        }
    }

    /// Step 2: no relation left with exactly one suppressed cell.
    fn close(&mut self) -> Result<(), SdcError> {
        while let Some(relation) = self.count.iter().position(|&count| count == 1) {
            let cells = || self.grid.relations()[relation].cells();
            let Some(cell) = self.cheapest(cells()) else {
                // A positive suppressed cell is a part of a positive total or the total of a positive part:
                // there is always a candidate.
                let lone = cells().find(|&cell| self.suppressed[cell]);
                return Err(SdcError::Unprotectable { cell: lone.unwrap_or_default() });
            };
            self.suppress(cell, Suppression::Secondary);
        }
        Ok(())
    }

    /// Step 3: the cell to suppress for a primary cell still too narrow.
    fn widening(&self, cell: usize, group: &Group) -> Option<usize> {
        let relations = self.grid.relations();
        let near = self.memberships[cell].iter().flat_map(|&index| relations[index].cells());
        let around = group.relations.iter().flat_map(|&index| relations[index].cells());
        self.cheapest(near).or_else(|| self.cheapest(around)).or_else(|| self.cheapest(0..self.grid.len()))
    }

    /// The cheapest positive published cell among these.
    fn cheapest(&self, cells: impl Iterator<Item = usize>) -> Option<usize> {
        cells.filter(|&cell| !self.suppressed[cell] && self.grid.values()[cell] > 0).min_by_key(|&cell| self.cost(cell))
    }

    /// What "cheapest" compares: see `protect`.
    fn cost(&self, cell: usize) -> (i64, bool, u64, usize) {
        let singletons: i64 = self.memberships[cell]
            .iter()
            .map(|&relation| match self.count[relation] {
                0 => 1,
                1 => -1,
                _ => 0,
            })
            .sum();
        (singletons, self.is_total[cell], self.grid.values()[cell], cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::audit;
    use crate::rule::weaknesses;

    /// ```text
    ///  3  7 | 10
    ///  6  8 | 14
    /// ------+---
    ///  9 15 | 24
    /// ```
    /// Cells 0 1 2 / 3 4 5 / 6 7 8.
    fn two_by_two() -> Grid {
        let mut grid = Grid::new(vec![3, 7, 10, 6, 8, 14, 9, 15, 24]);
        grid.add_relation(2, vec![0, 1]).expect("row 1");
        grid.add_relation(5, vec![3, 4]).expect("row 2");
        grid.add_relation(8, vec![6, 7]).expect("total row");
        grid.add_relation(6, vec![0, 3]).expect("column 1");
        grid.add_relation(7, vec![1, 4]).expect("column 2");
        grid.add_relation(8, vec![2, 5]).expect("total column");
        grid
    }

    #[test]
    fn primary_suppression_alone_is_caught_and_protect_fixes_it() {
        let grid = two_by_two();
        let rule = Rule { threshold: 5, protection: 5 };
        let mut primary_only = vec![Suppression::Published; 9];
        primary_only[0] = Suppression::Primary;
        // The row (or the column) gives the 3 back exactly.
        assert_eq!(
            weaknesses(&grid, &primary_only, &rule),
            Ok(vec![crate::Interval { cell: 0, lower: 3, upper: Some(3) }])
        );

        let states = protect(&grid, &rule).expect("protect");
        assert_eq!(weaknesses(&grid, &states, &rule), Ok(vec![]));
        // The interior rectangle, margins published.
        use Suppression::{Primary as P, Published as O, Secondary as S};
        assert_eq!(states, vec![P, S, O, S, S, O, O, O, O]);
        let suppressed: Vec<bool> = states.iter().map(|state| state.is_suppressed()).collect();
        let intervals = audit(&grid, &suppressed).expect("audit");
        // x0 = t, x1 = 10 - t, x3 = 9 - t, x4 = 5 + t, all >= 0.
        assert_eq!(intervals[0], crate::Interval { cell: 0, lower: 0, upper: Some(9) });
    }

    #[test]
    fn a_published_cell_under_the_threshold_is_a_weakness() {
        let grid = two_by_two();
        let states = vec![Suppression::Published; 9];
        let weak = weaknesses(&grid, &states, &Rule::PUBLIC).expect("weaknesses");
        let exact = |cell: usize, value: u64| crate::Interval { cell, lower: value, upper: Some(value) };
        assert_eq!(weak, vec![exact(0, 3), exact(1, 7), exact(3, 6), exact(4, 8), exact(6, 9)]);
    }

    #[test]
    fn a_rectangle_too_tight_for_the_protection_is_widened() {
        // Cells 0..4 / 4..8 / 8..12:
        //  1  3 30 | 34     The rectangle {1, 3, 20, 20} leaves the 1 in [0, 4] (the 3 can only give 3),
        // 20 20 20 | 60     narrower than the protection 5: the third column joins.
        // ---------+---
        // 21 23 50 | 94
        let mut grid = Grid::new(vec![1, 3, 30, 34, 20, 20, 20, 60, 21, 23, 50, 94]);
        for (total, parts) in [(3, vec![0, 1, 2]), (7, vec![4, 5, 6]), (11, vec![8, 9, 10])] {
            grid.add_relation(total, parts).expect("row");
        }
        for (total, parts) in [(8, vec![0, 4]), (9, vec![1, 5]), (10, vec![2, 6]), (11, vec![3, 7])] {
            grid.add_relation(total, parts).expect("column");
        }
        let rule = Rule { threshold: 3, protection: 5 };
        let rectangle = [0, 1, 4, 5];
        let suppressed: Vec<bool> = (0..12).map(|cell| rectangle.contains(&cell)).collect();
        assert_eq!(audit(&grid, &suppressed).expect("audit")[0], crate::Interval { cell: 0, lower: 0, upper: Some(4) });

        let states = protect(&grid, &rule).expect("protect");
        assert_eq!(weaknesses(&grid, &states, &rule), Ok(vec![]));
        use Suppression::{Primary as P, Published as O, Secondary as S};
        assert_eq!(states, vec![P, S, S, O, S, S, S, O, O, O, O, O]);
    }

    #[test]
    fn nothing_small_means_nothing_suppressed_and_zeros_are_published() {
        let mut grid = Grid::new(vec![12, 12, 0]);
        grid.add_relation(0, vec![1, 2]).expect("adds up");
        let states = protect(&grid, &Rule::INTERNAL).expect("protect");
        assert_eq!(states, vec![Suppression::Published; 3]);
    }

    #[test]
    fn a_total_that_is_a_lone_small_cell_hides_a_part() {
        // 4 = 4 + 0: the total is primary, the 4 below it goes too, the zero stays.
        let mut grid = Grid::new(vec![4, 4, 0]);
        grid.add_relation(0, vec![1, 2]).expect("adds up");
        let states = protect(&grid, &Rule::INTERNAL).expect("protect");
        assert_eq!(states, vec![Suppression::Primary, Suppression::Primary, Suppression::Published]);
        assert_eq!(weaknesses(&grid, &states, &Rule::INTERNAL), Ok(vec![]));
    }
}
