//! The groups of suppressed cells linked by relations: each group is a linear program of its own.

use crate::grid::Grid;

/// Suppressed cells that share a relation, directly or through other suppressed cells, and the relations
/// that hold at least one of them. A relation with no suppressed cell constrains nothing and is left out;
/// the range of a suppressed cell depends only on its own group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Group {
    /// In increasing order.
    pub cells: Vec<usize>,
    /// In increasing order.
    pub relations: Vec<usize>,
}

impl Group {
    /// The cell's place in `cells`.
    pub fn position(&self, cell: usize) -> Option<usize> {
        self.cells.binary_search(&cell).ok()
    }
}

/// The groups of a suppression pattern, numbered in the order of their smallest cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Components {
    /// For every cell, its group (`None` for a published cell).
    pub of_cell: Vec<Option<usize>>,
    pub groups: Vec<Group>,
}

/// Splits the suppressed cells into groups. `suppressed` has one flag per cell.
pub(crate) fn components(grid: &Grid, suppressed: &[bool]) -> Components {
    let mut parent: Vec<usize> = (0..grid.len()).collect();
    for relation in grid.relations() {
        let mut first = None;
        for cell in relation.cells().filter(|&cell| suppressed[cell]) {
            match first {
                None => first = Some(cell),
                Some(first) => union(&mut parent, first, cell),
            }
        }
    }
    let mut of_root = vec![None; grid.len()];
    let mut of_cell = vec![None; grid.len()];
    let mut groups: Vec<Group> = Vec::new();
    for cell in (0..grid.len()).filter(|&cell| suppressed[cell]) {
        let root = find(&mut parent, cell);
        let group = *of_root[root].get_or_insert_with(|| {
            groups.push(Group { cells: Vec::new(), relations: Vec::new() });
            groups.len() - 1
        });
        groups[group].cells.push(cell);
        of_cell[cell] = Some(group);
    }
    for (index, relation) in grid.relations().iter().enumerate() {
        if let Some(group) = relation.cells().find_map(|cell| of_cell[cell]) {
            groups[group].relations.push(index);
        }
    }
    Components { of_cell, groups }
}

fn find(parent: &mut [usize], mut cell: usize) -> usize {
    while parent[cell] != cell {
        parent[cell] = parent[parent[cell]];
        cell = parent[cell];
    }
    cell
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (a, b) = (find(parent, a), find(parent, b));
    // The smaller root wins, so that the result does not depend on the order of the unions.
    if a < b {
        parent[b] = a;
    } else {
        parent[a] = b;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_sharing_a_relation_are_grouped_and_published_cells_are_not() {
        // 0 = 1 + 2, 3 = 4 + 5, 6 alone.
        let mut grid = Grid::new(vec![3, 1, 2, 9, 4, 5, 1]);
        grid.add_relation(0, vec![1, 2]).expect("adds up");
        grid.add_relation(3, vec![4, 5]).expect("adds up");
        let suppressed = [false, true, true, false, true, false, true];
        let components = components(&grid, &suppressed);
        assert_eq!(
            components.groups,
            vec![
                Group { cells: vec![1, 2], relations: vec![0] },
                Group { cells: vec![4], relations: vec![1] },
                Group { cells: vec![6], relations: vec![] },
            ]
        );
        assert_eq!(components.of_cell, vec![None, Some(0), Some(0), None, Some(1), None, Some(2)]);
    }
}
