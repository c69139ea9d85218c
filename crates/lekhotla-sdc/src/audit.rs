//! The interval audit: the range of every suppressed cell that the published cells and the relations leave
//! open, by linear programming.

use good_lp::{Expression, ProblemVariables, ResolutionError, Solution, SolverModel, Variable, microlp, variable};

use crate::components::{Group, components};
use crate::error::SdcError;
use crate::grid::Grid;

/// The feasible range of a suppressed cell given the published ones and the relations, cells `>= 0`.
/// `upper` is `None` when unbounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub cell: usize,
    pub lower: u64,
    pub upper: Option<u64>,
}

impl Interval {
    /// `upper - lower`, or `None` when unbounded.
    pub fn width(&self) -> Option<u64> {
        self.upper.map(|upper| upper.saturating_sub(self.lower))
    }

    /// Whether the range is at least `protection` wide (τ-ARGUS's sliding protection range).
    pub fn protects(&self, protection: u64) -> bool {
        self.width().is_none_or(|width| width >= protection)
    }

    /// Whether `value` lies in the range.
    pub fn contains(&self, value: u64) -> bool {
        self.lower <= value && self.upper.is_none_or(|upper| value <= upper)
    }
}

/// The largest count the audit takes: a `f64` holds every integer up to 2^53 exactly.
pub const MAX_VALUE: u64 = 1 << 53;

/// The solver's results are rounded to integers after this much slack (relative to the result, at least
/// absolute): a maximum of 5.9999999 is 6 and a minimum of 2.0000001 is 2.
const TOLERANCE: f64 = 1e-6;

/// The feasible range of every suppressed cell, in increasing order of cell, given the published cells
/// (their true values), the relations, and cells `>= 0`. `suppressed` has one flag per cell.
///
/// For a suppressed cell `c`, the audit solves two linear programs over the suppressed cells linked to `c`
/// through relations (its group): minimise and maximise `x[c]` subject to every relation that holds a
/// suppressed cell of the group (the published cells enter as constants) and `x >= 0`. This is what an
/// intruder with the published tables and a linear-programming solver can work out, and what τ-ARGUS and
/// R's sdcTable audit.
///
/// **The linear program is a relaxation.** Its variables are real numbers while counts are integers, so its
/// range `[lp_min, lp_max]` *contains* the set of values the cell can take in integer solutions: an
/// intruder who solves the integer program instead can sometimes narrow the range further, and the audit
/// can overstate the protection. The audit reports `[ceil(lp_min), floor(lp_max)]` (after a tolerance of
/// 1e-6, relative, for the solver's rounding), which is the standard practice of the statistical offices
/// (τ-ARGUS's audit, sdcTable's), not a proof against an integer-programming intruder. For one two-way
/// table with its margins, or the hierarchy of one variable (districts, hubs, nation), the relations form a
/// network, whose linear programs have integer optima, and the two ranges coincide (the property tests
/// check this against brute force); for three-way tables, hierarchical two-way tables and tables linked in
/// other ways they can differ.
pub fn audit(grid: &Grid, suppressed: &[bool]) -> Result<Vec<Interval>, SdcError> {
    check(grid, suppressed.len(), "suppressed")?;
    let components = components(grid, suppressed);
    let mut intervals = Vec::new();
    for cell in (0..grid.len()).filter(|&cell| suppressed[cell]) {
        if let Some(group) = components.of_cell[cell] {
            let program = Program { grid, group: &components.groups[group] };
            intervals.push(program.interval(cell)?);
        }
    }
    Ok(intervals)
}

/// Refuses a list of the wrong length, and counts too large for the solver.
pub(crate) fn check(grid: &Grid, found: usize, what: &'static str) -> Result<(), SdcError> {
    if found != grid.len() {
        return Err(SdcError::LengthMismatch { what, found, cells: grid.len() });
    }
    match grid.values().iter().position(|&value| value > MAX_VALUE) {
        Some(cell) => Err(SdcError::ValueTooLarge { cell, value: grid.values()[cell], max: MAX_VALUE }),
        None => Ok(()),
    }
}

/// The linear program of one group of suppressed cells.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Program<'a> {
    pub grid: &'a Grid,
    pub group: &'a Group,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Minimise,
    Maximise,
}

impl Program<'_> {
    /// The audited range of `cell`, one of the group's cells.
    pub fn interval(&self, cell: usize) -> Result<Interval, SdcError> {
        let upper = self.extreme(cell, Direction::Maximise)?.map(round_down);
        let lower = self.extreme(cell, Direction::Minimise)?.map_or(0, round_up);
        Ok(Interval { cell, lower, upper })
    }

    /// Whether the range of `cell` is at least `protection` wide. Solves the maximum first, and the minimum
    /// only when the maximum does not settle it (an unbounded maximum is wide enough; a maximum below the
    /// protection is too narrow, since the minimum is at least 0).
    pub fn protects(&self, cell: usize, protection: u64) -> Result<bool, SdcError> {
        let Some(upper) = self.extreme(cell, Direction::Maximise)?.map(round_down) else {
            return Ok(true);
        };
        if upper < protection {
            return Ok(false);
        }
        let lower = self.extreme(cell, Direction::Minimise)?.map_or(0, round_up);
        Ok(upper.saturating_sub(lower) >= protection)
    }

    /// The optimum of `x[cell]` in that direction, `None` when unbounded.
    fn extreme(&self, cell: usize, direction: Direction) -> Result<Option<f64>, SdcError> {
        let values = self.grid.values();
        let mut variables = ProblemVariables::new();
        let x: Vec<Variable> = self.group.cells.iter().map(|_| variables.add(variable().min(0.0))).collect();
        let var = |cell: usize| self.group.position(cell).map(|position| x[position]);
        let Some(target) = var(cell) else {
            return Err(SdcError::Solver { cell, message: "the cell is not in the group audited".to_owned() });
        };
        let problem = match direction {
            Direction::Minimise => variables.minimise(target),
            Direction::Maximise => variables.maximise(target),
        };
        let mut model = problem.using(microlp);
        for &index in &self.group.relations {
            let relation = &self.grid.relations()[index];
            // sum(suppressed parts) - suppressed total == published total - sum(published parts)
            let mut expression = Expression::default();
            let mut constant: i128 = 0;
            for &part in &relation.parts {
                match var(part) {
                    Some(variable) => expression += variable,
                    None => constant -= i128::from(values[part]),
                }
            }
            match var(relation.total) {
                Some(variable) => expression -= variable,
                None => constant += i128::from(values[relation.total]),
            }
            model.add_constraint(expression.eq(constant as f64));
        }
        match model.solve() {
            Ok(solution) => Ok(Some(solution.value(target))),
            Err(ResolutionError::Unbounded) if direction == Direction::Maximise => Ok(None),
            Err(error) => Err(SdcError::Solver { cell, message: error.to_string() }),
        }
    }
}

fn slack(x: f64) -> f64 {
    TOLERANCE * x.abs().max(1.0)
}

/// A maximum, as a count.
fn round_down(x: f64) -> u64 {
    (x + slack(x)).floor().max(0.0) as u64
}

/// A minimum, as a count.
fn round_up(x: f64) -> u64 {
    (x - slack(x)).ceil().max(0.0) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ```text
    ///  3  7 | 10
    ///  6  4 | 10
    /// ------+---
    ///  9 11 | 20
    /// ```
    /// Cells 0 1 2 / 3 4 5 / 6 7 8.
    fn two_by_two() -> Grid {
        let mut grid = Grid::new(vec![3, 7, 10, 6, 4, 10, 9, 11, 20]);
        grid.add_relation(2, vec![0, 1]).expect("row 1");
        grid.add_relation(5, vec![3, 4]).expect("row 2");
        grid.add_relation(8, vec![6, 7]).expect("total row");
        grid.add_relation(6, vec![0, 3]).expect("column 1");
        grid.add_relation(7, vec![1, 4]).expect("column 2");
        grid.add_relation(8, vec![2, 5]).expect("total column");
        grid
    }

    fn flags(cells: usize, set: &[usize]) -> Vec<bool> {
        (0..cells).map(|cell| set.contains(&cell)).collect()
    }

    #[test]
    fn a_lone_suppressed_cell_is_recovered_exactly() {
        let grid = two_by_two();
        let intervals = audit(&grid, &flags(9, &[0])).expect("audit");
        assert_eq!(intervals, vec![Interval { cell: 0, lower: 3, upper: Some(3) }]);
        assert!(!intervals[0].protects(1));
    }

    #[test]
    fn a_rectangle_of_suppressed_cells_gives_the_exact_ranges() {
        // x0 = t, x1 = 10 - t, x3 = 9 - t, x4 = 1 + t, all >= 0: t in [0, 9].
        let grid = two_by_two();
        let intervals = audit(&grid, &flags(9, &[0, 1, 3, 4])).expect("audit");
        assert_eq!(
            intervals,
            vec![
                Interval { cell: 0, lower: 0, upper: Some(9) },
                Interval { cell: 1, lower: 1, upper: Some(10) },
                Interval { cell: 3, lower: 0, upper: Some(9) },
                Interval { cell: 4, lower: 1, upper: Some(10) },
            ]
        );
        assert!(intervals.iter().all(|interval| interval.contains(grid.values()[interval.cell])));
    }

    #[test]
    fn a_cell_in_no_relation_is_unbounded() {
        let mut grid = Grid::new(vec![4, 2, 2, 3]);
        grid.add_relation(0, vec![1, 2]).expect("adds up");
        let intervals = audit(&grid, &flags(4, &[3])).expect("audit");
        assert_eq!(intervals, vec![Interval { cell: 3, lower: 0, upper: None }]);
        assert!(intervals[0].protects(u64::MAX));
    }

    #[test]
    fn a_suppressed_total_with_suppressed_parts_is_unbounded_above() {
        let mut grid = Grid::new(vec![4, 2, 2]);
        grid.add_relation(0, vec![1, 2]).expect("adds up");
        let intervals = audit(&grid, &flags(3, &[0, 1, 2])).expect("audit");
        assert!(intervals.iter().all(|interval| interval.lower == 0 && interval.upper.is_none()), "{intervals:?}");
    }

    #[test]
    fn the_quick_protection_check_agrees_with_the_interval() {
        // a + b = 6, b + d = 5, a + c = 5, with a = 3, b = 3, d = 2, c = 2 hidden: a in [1, 5].
        let mut grid = Grid::new(vec![3, 3, 6, 2, 5, 2, 5]);
        grid.add_relation(2, vec![0, 1]).expect("adds up");
        grid.add_relation(4, vec![1, 3]).expect("adds up");
        grid.add_relation(6, vec![0, 5]).expect("adds up");
        let suppressed = flags(7, &[0, 1, 3, 5]);
        let components = components(&grid, &suppressed);
        let program = Program { grid: &grid, group: &components.groups[0] };
        assert_eq!(program.interval(0), Ok(Interval { cell: 0, lower: 1, upper: Some(5) }));
        for cell in [0, 1, 3, 5] {
            let interval = program.interval(cell).expect("interval");
            for protection in 0..10 {
                assert_eq!(program.protects(cell, protection), Ok(interval.protects(protection)), "{interval:?}");
            }
        }
    }

    #[test]
    fn inputs_of_the_wrong_size_are_refused() {
        let grid = two_by_two();
        assert_eq!(audit(&grid, &[true]), Err(SdcError::LengthMismatch { what: "suppressed", found: 1, cells: 9 }));
        let huge = Grid::new(vec![MAX_VALUE + 1]);
        assert!(matches!(audit(&huge, &[true]), Err(SdcError::ValueTooLarge { cell: 0, .. })));
    }

    #[test]
    fn rounding_absorbs_the_solvers_noise_but_not_more() {
        assert_eq!(round_down(5.999_999_9), 6);
        assert_eq!(round_down(5.9), 5);
        assert_eq!(round_up(2.000_000_1), 2);
        assert_eq!(round_up(2.1), 3);
        assert_eq!(round_up(-0.000_000_1), 0);
    }
}
