//! Property tests: after `protect`, on random two-way tables, two tables sharing a margin, and hierarchies,
//! no small cell is published, the audit finds every primary cell protected, every audited range holds
//! the true value, and the answer is the same every time. And the audit itself against brute force.

#[allow(dead_code, reason = "each test file uses part of the builder")]
#[path = "support/tables.rs"]
mod tables;

use lekhotla_sdc::{Grid, Rule, Suppression, audit, protect, weaknesses};
use proptest::prelude::*;
use tables::{Builder, split};

/// 64 cases a test, so that the suite runs in seconds in debug mode; `PROPTEST_CASES` asks for more.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|cases| cases.parse().ok()).unwrap_or(64)
}

/// Counts with many small ones, and zeros.
fn count() -> impl Strategy<Value = u64> {
    prop_oneof![2 => 0u64..5, 2 => 0u64..12, 1 => 10u64..60]
}

fn rule() -> impl Strategy<Value = Rule> {
    prop_oneof![
        Just(Rule::INTERNAL),
        Just(Rule::PUBLIC),
        (2u64..8, 1u64..12).prop_map(|(threshold, protection)| Rule { threshold, protection }),
    ]
}

fn matrix(
    rows: std::ops::RangeInclusive<usize>,
    columns: std::ops::RangeInclusive<usize>,
) -> impl Strategy<Value = Vec<Vec<u64>>> {
    (rows, columns)
        .prop_flat_map(|(rows, columns)| prop::collection::vec(prop::collection::vec(count(), columns), rows))
}

fn fail(error: lekhotla_sdc::SdcError) -> TestCaseError {
    TestCaseError::fail(error.to_string())
}

/// Everything the tests require of a protected grid.
fn assert_protected(grid: &Grid, rule: &Rule) -> Result<(), TestCaseError> {
    let states = protect(grid, rule).map_err(fail)?;
    let values = grid.values();
    for (cell, (&state, &value)) in states.iter().zip(values).enumerate() {
        // (a) No published cell under the threshold; primary means exactly that; zeros published.
        prop_assert_eq!(
            state == Suppression::Primary,
            rule.is_primary(value),
            "cell {} = {}: {:?}",
            cell,
            value,
            state
        );
        if value == 0 {
            prop_assert_eq!(state, Suppression::Published, "cell {} is a zero", cell);
        }
    }
    // (b) The audit finds every primary cell protected.
    let weak = weaknesses(grid, &states, rule).map_err(fail)?;
    prop_assert!(weak.is_empty(), "weak: {:?}\nstates: {:?}", weak, states);
    // (c) Every audited range holds the true value, and every primary one is wide enough.
    let suppressed: Vec<bool> = states.iter().map(|state| state.is_suppressed()).collect();
    let intervals = audit(grid, &suppressed).map_err(fail)?;
    prop_assert_eq!(intervals.len(), suppressed.iter().filter(|&&flag| flag).count());
    for interval in &intervals {
        prop_assert!(interval.contains(values[interval.cell]), "{:?} misses {}", interval, values[interval.cell]);
        if states[interval.cell] == Suppression::Primary {
            prop_assert!(interval.protects(rule.protection), "{:?}", interval);
        }
    }
    // No relation gives away a suppressed cell exactly.
    for relation in grid.relations() {
        prop_assert_ne!(relation.cells().filter(|&cell| suppressed[cell]).count(), 1, "{:?}", relation);
    }
    // (d) Deterministic.
    prop_assert_eq!(&protect(grid, rule).map_err(fail)?, &states);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn two_way_tables_are_protected(interior in matrix(1..=6, 1..=6), rule in rule()) {
        let mut builder = Builder::default();
        builder.table(&interior, None);
        assert_protected(&builder.grid(), &rule)?;
    }

    #[test]
    fn tables_sharing_a_margin_are_protected(
        first in matrix(1..=4, 1..=4),
        second_columns in 1usize..=4,
        cuts in prop::collection::vec(prop::collection::vec(any::<u64>(), 3), 4),
        rule in rule(),
    ) {
        // "by sex and age" and "by sex and district": the sex totals and the grand total are one set of cells.
        let mut builder = Builder::default();
        let table = builder.table(&first, None);
        let second: Vec<Vec<u64>> = first
            .iter()
            .zip(&cuts)
            .map(|(row, cuts)| split(row.iter().sum(), &cuts[..second_columns - 1]))
            .collect();
        builder.table(&second, Some((&table.row_totals, table.grand)));
        assert_protected(&builder.grid(), &rule)?;
    }

    #[test]
    fn hierarchies_are_protected(
        hubs in prop::collection::vec(1usize..=3, 1..=3),
        leaves in prop::collection::vec(prop::collection::vec(count(), 3), 9),
        categories in 1usize..=3,
        rule in rule(),
    ) {
        let districts: usize = hubs.iter().sum();
        let leaves: Vec<Vec<u64>> = leaves[..districts].iter().map(|row| row[..categories].to_vec()).collect();
        let mut builder = Builder::default();
        builder.hierarchy(&leaves, &hubs);
        assert_protected(&builder.grid(), &rule)?;
    }
}

/// The integer range of every cell of a two-way table (in the builder's order) over every interior whose
/// cells are at most `cap` and whose published cells (those not `suppressed`) are the true ones.
fn brute_force(interior: &[Vec<u64>], suppressed: &[bool], cap: u64) -> Vec<(u64, u64)> {
    let rows = interior.len();
    let columns = interior[0].len();
    // The builder's order: interior row by row, row totals, grand, column totals.
    let layout = |table: &[Vec<u64>]| -> Vec<u64> {
        let mut values: Vec<u64> = table.iter().flatten().copied().collect();
        values.extend(table.iter().map(|row| row.iter().sum::<u64>()));
        values.push(table.iter().flatten().sum());
        values.extend((0..columns).map(|column| table.iter().map(|row| row[column]).sum::<u64>()));
        values
    };
    let truth = layout(interior);
    let mut ranges = vec![(u64::MAX, 0); truth.len()];
    let mut candidate = vec![vec![0; columns]; rows];
    let cells = rows * columns;
    let mut counter = vec![0u64; cells];
    loop {
        for (index, &value) in counter.iter().enumerate() {
            candidate[index / columns][index % columns] = value;
        }
        let values = layout(&candidate);
        if values.iter().zip(&truth).zip(suppressed).all(|((value, truth), &hidden)| hidden || value == truth) {
            for (range, &value) in ranges.iter_mut().zip(&values) {
                *range = (range.0.min(value), range.1.max(value));
            }
        }
        let mut position = 0;
        loop {
            if position == cells {
                return ranges;
            }
            counter[position] += 1;
            if counter[position] <= cap {
                break;
            }
            counter[position] = 0;
            position += 1;
        }
    }
}

/// A small two-way table: 1x2, 1x3 or 2x2.
fn small_table() -> impl Strategy<Value = Vec<Vec<u64>>> {
    prop_oneof![Just((1usize, 2usize)), Just((1, 3)), Just((2, 2))]
        .prop_flat_map(|(rows, columns)| prop::collection::vec(prop::collection::vec(0u64..4, columns), rows))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    /// On a two-way table with margins the relations form a network, so the linear program's range is the
    /// integer range exactly: the audit must find every suppressed cell's range as brute force does.
    ///
    /// The relations are totally unimodular, so a bounded optimum is a vertex whose cells are sums of
    /// right-hand sides with signs: at most `bound`, the sum of the right-hand sides' sizes. An unbounded
    /// cell grows along a ray of 0s and 1s until an interior cell of the ray, at most 3 to begin with,
    /// reaches brute force's cap, `bound + 4`: brute force then finds it above `bound`.
    #[test]
    fn the_audit_finds_the_exact_ranges_of_a_small_table(
        interior in small_table(),
        hidden in prop::collection::vec(any::<bool>(), 12),
    ) {
        let mut builder = Builder::default();
        builder.table(&interior, None);
        let grid = builder.grid();
        let suppressed = &hidden[..grid.len()];
        let values = grid.values();
        let bound: u64 = grid
            .relations()
            .iter()
            .filter(|relation| relation.cells().any(|cell| suppressed[cell]))
            .map(|relation| {
                let total = if suppressed[relation.total] { 0 } else { values[relation.total] };
                let parts: u64 = relation.parts.iter().filter(|&&part| !suppressed[part]).map(|&part| values[part]).sum();
                total.abs_diff(parts)
            })
            .sum();
        let expected = brute_force(&interior, suppressed, bound + 4);
        let intervals = audit(&grid, suppressed).map_err(fail)?;
        let cells: Vec<usize> = (0..grid.len()).filter(|&cell| suppressed[cell]).collect();
        prop_assert_eq!(intervals.iter().map(|interval| interval.cell).collect::<Vec<_>>(), cells);
        for interval in intervals {
            let (lower, upper) = expected[interval.cell];
            prop_assert_eq!(interval.lower, lower, "{:?}", interval);
            if upper <= bound {
                prop_assert_eq!(interval.upper, Some(upper), "{:?}", interval);
            } else {
                prop_assert_eq!(interval.upper, None, "{:?} (brute force reaches {})", interval, upper);
            }
        }
    }
}
