//! The cells of a report (counts) and the additive relations between them.

use crate::error::SdcError;

/// One additive relation: `values[total] == sum(values[parts])`.
///
/// A row of a two-way table with its margin, a column with its margin, a one-way table with its total, the
/// districts of a hub with the hub's figure: each is one relation. Relations may overlap in any way (a cell
/// can be a part of several relations, and a total of one relation can be a part of another).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    pub total: usize,
    pub parts: Vec<usize>,
}

impl Relation {
    /// The total, then the parts.
    pub fn cells(&self) -> impl Iterator<Item = usize> + '_ {
        std::iter::once(self.total).chain(self.parts.iter().copied())
    }
}

/// Cells (counts) and the additive relations between them.
///
/// The whole report is one grid: tables that share a margin (say "victims by sex" and "victims by sex and
/// age" share the sex totals) use the same cell for it, so that protection holds across the tables.
///
/// A relation must hold for every possible data set, not only for this one: declare only totals that are
/// the sums of their parts by definition (every person is counted in exactly one part). Categories where one
/// person can be counted in several parts (forms of exploitation, say) are *not* a relation: see the crate's
/// documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    values: Vec<u64>,
    relations: Vec<Relation>,
}

impl Grid {
    /// A grid of these cells, with no relation yet.
    pub fn new(values: Vec<u64>) -> Grid {
        Grid { values, relations: Vec::new() }
    }

    /// Adds `values[total] == sum(values[parts])`.
    ///
    /// Refuses a cell out of range, an empty parts list, a total among its parts, a part named twice, or values
    /// that do not add up (the error names the relation, by the index it would have had, and the two sums).
    pub fn add_relation(&mut self, total: usize, parts: Vec<usize>) -> Result<(), SdcError> {
        let relation = self.relations.len();
        let cells = self.values.len();
        for cell in std::iter::once(total).chain(parts.iter().copied()) {
            if cell >= cells {
                return Err(SdcError::CellOutOfRange { relation, cell, cells });
            }
        }
        if parts.is_empty() {
            return Err(SdcError::NoParts { relation, total });
        }
        if parts.contains(&total) {
            return Err(SdcError::TotalAmongParts { relation, total });
        }
        let mut sorted = parts.clone();
        sorted.sort_unstable();
        if let Some(pair) = sorted.windows(2).find(|pair| pair[0] == pair[1]) {
            return Err(SdcError::RepeatedPart { relation, cell: pair[0] });
        }
        let parts_sum: u128 = parts.iter().map(|&part| u128::from(self.values[part])).sum();
        let total_value = self.values[total];
        if parts_sum != u128::from(total_value) {
            return Err(SdcError::DoesNotAddUp { relation, total, total_value, parts_sum });
        }
        self.relations.push(Relation { total, parts });
        Ok(())
    }

    /// The cells' values.
    pub fn values(&self) -> &[u64] {
        &self.values
    }

    /// The relations, in the order they were added.
    pub fn relations(&self) -> &[Relation] {
        &self.relations
    }

    /// How many cells.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether the grid has no cell.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// For every cell, the relations it takes part in (as total or as part), in increasing order.
    pub(crate) fn memberships(&self) -> Vec<Vec<usize>> {
        let mut memberships = vec![Vec::new(); self.values.len()];
        for (index, relation) in self.relations.iter().enumerate() {
            for cell in relation.cells() {
                memberships[cell].push(index);
            }
        }
        memberships
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relation_that_adds_up_is_kept() {
        let mut grid = Grid::new(vec![7, 3, 4]);
        assert_eq!(grid.add_relation(0, vec![1, 2]), Ok(()));
        assert_eq!(grid.relations(), &[Relation { total: 0, parts: vec![1, 2] }]);
        assert_eq!(grid.values(), &[7, 3, 4]);
    }

    #[test]
    fn a_relation_that_does_not_add_up_is_refused_with_both_sums() {
        let mut grid = Grid::new(vec![7, 3, 4, 1]);
        grid.add_relation(0, vec![1, 2]).expect("7 = 3 + 4");
        assert_eq!(
            grid.add_relation(0, vec![1, 3]),
            Err(SdcError::DoesNotAddUp { relation: 1, total: 0, total_value: 7, parts_sum: 4 })
        );
        let message = grid.add_relation(0, vec![1, 3]).expect_err("7 != 3 + 1").to_string();
        assert!(message.contains("relation 1") && message.contains('7') && message.contains('4'), "{message}");
        assert_eq!(grid.relations().len(), 1, "a refused relation is not kept");
    }

    #[test]
    fn malformed_relations_are_refused() {
        let mut grid = Grid::new(vec![2, 1, 1]);
        assert_eq!(grid.add_relation(3, vec![1]), Err(SdcError::CellOutOfRange { relation: 0, cell: 3, cells: 3 }));
        assert_eq!(grid.add_relation(0, vec![1, 9]), Err(SdcError::CellOutOfRange { relation: 0, cell: 9, cells: 3 }));
        assert_eq!(grid.add_relation(0, vec![]), Err(SdcError::NoParts { relation: 0, total: 0 }));
        assert_eq!(grid.add_relation(1, vec![1, 2]), Err(SdcError::TotalAmongParts { relation: 0, total: 1 }));
        assert_eq!(grid.add_relation(0, vec![1, 1]), Err(SdcError::RepeatedPart { relation: 0, cell: 1 }));
        assert!(grid.relations().is_empty());
    }
}
