//! Builds grids for the tests: two-way tables with margins, tables sharing a margin, hierarchies.

use lekhotla_sdc::Grid;

/// Cells and relations, turned into a `Grid` at the end.
#[derive(Debug, Default)]
pub struct Builder {
    values: Vec<u64>,
    relations: Vec<(usize, Vec<usize>)>,
}

/// The margins of a two-way table that another table can share.
#[derive(Debug, Clone)]
pub struct Table {
    pub row_totals: Vec<usize>,
    pub grand: usize,
}

impl Builder {
    pub fn cell(&mut self, value: u64) -> usize {
        self.values.push(value);
        self.values.len() - 1
    }

    pub fn value(&self, cell: usize) -> u64 {
        self.values[cell]
    }

    pub fn relation(&mut self, total: usize, parts: Vec<usize>) {
        self.relations.push((total, parts));
    }

    /// A two-way table with row totals, column totals and a grand total. With `shared`, the row totals and
    /// the grand total are those cells (another table's margin), which must have the interior's sums.
    pub fn table(&mut self, interior: &[Vec<u64>], shared: Option<(&[usize], usize)>) -> Table {
        let columns = interior.first().map_or(0, Vec::len);
        let cells: Vec<Vec<usize>> =
            interior.iter().map(|row| row.iter().map(|&value| self.cell(value)).collect()).collect();
        let (row_totals, grand) = match shared {
            Some((row_totals, grand)) => (row_totals.to_vec(), grand),
            None => {
                let row_totals: Vec<usize> = interior.iter().map(|row| self.cell(row.iter().sum())).collect();
                let grand = self.cell(interior.iter().flatten().sum());
                self.relation(grand, row_totals.clone());
                (row_totals, grand)
            }
        };
        let column_totals: Vec<usize> =
            (0..columns).map(|column| self.cell(interior.iter().map(|row| row[column]).sum())).collect();
        for (row, &total) in cells.iter().zip(&row_totals) {
            self.relation(total, row.clone());
        }
        for (column, &total) in column_totals.iter().enumerate() {
            self.relation(total, cells.iter().map(|row| row[column]).collect());
        }
        self.relation(grand, column_totals);
        Table { row_totals, grand }
    }

    /// Districts (rows of `leaves`, grouped into hubs by `hubs`, the number of districts of each hub) by
    /// categories, with a total column, hub rows adding up their districts and a national row adding up
    /// the hubs, in every column.
    pub fn hierarchy(&mut self, leaves: &[Vec<u64>], hubs: &[usize]) {
        let columns = leaves.first().map_or(0, Vec::len) + 1;
        let row = |builder: &mut Builder, values: &[u64]| -> Vec<usize> {
            let mut cells: Vec<usize> = values.iter().map(|&value| builder.cell(value)).collect();
            let total = builder.cell(values.iter().sum());
            builder.relation(total, cells.clone());
            cells.push(total);
            cells
        };
        let mut districts = Vec::new();
        for values in leaves {
            districts.push(row(self, values));
        }
        let sums = |builder: &Builder, rows: &[Vec<usize>]| -> Vec<u64> {
            (0..columns - 1).map(|column| rows.iter().map(|cells| builder.value(cells[column])).sum()).collect()
        };
        let mut hub_rows = Vec::new();
        let mut start = 0;
        for &size in hubs {
            let members = &districts[start..start + size];
            start += size;
            let hub = row(self, &sums(self, members));
            for column in 0..columns {
                self.relation(hub[column], members.iter().map(|cells| cells[column]).collect());
            }
            hub_rows.push(hub);
        }
        let nation = row(self, &sums(self, &hub_rows));
        for column in 0..columns {
            self.relation(nation[column], hub_rows.iter().map(|cells| cells[column]).collect());
        }
    }

    /// The grid; panics on a relation that does not add up (a bug in the test).
    pub fn grid(&self) -> Grid {
        let mut grid = Grid::new(self.values.clone());
        for (total, parts) in &self.relations {
            grid.add_relation(*total, parts.clone()).expect("the builder's relations add up");
        }
        grid
    }
}

/// Splits `total` into `cuts.len() + 1` parts at the given cut points (taken modulo `total + 1`).
pub fn split(total: u64, cuts: &[u64]) -> Vec<u64> {
    let mut points: Vec<u64> = cuts.iter().map(|cut| cut % (total + 1)).collect();
    points.sort_unstable();
    let mut parts = Vec::with_capacity(points.len() + 1);
    let mut previous = 0;
    for point in points {
        parts.push(point - previous);
        previous = point;
    }
    parts.push(total - previous);
    parts
}
