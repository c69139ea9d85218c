//! The draft of a report: cells keyed by what they count, the additive relations between them, and the
//! tables that point at them. [`Draft::table`] lays out a two-way table from a [`Tally`] and declares its
//! totals as relations; [`Draft::finish`] fills the cells in after the disclosure step.

use std::collections::{BTreeMap, HashMap};

use crate::build::ReportError;
use crate::model::{Cell, CellState, Label, Table};

/// The code of a total row or column, and of "all values" in a tally.
pub const TOTAL: &str = "total";

/// How a cell takes part in the disclosure step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A count of people or records: protected.
    Count,
    /// A published figure from outside the records (a census population): shown as it is.
    Fixed,
    /// A figure derived from a count (a rate): hidden when that count is.
    Follows(usize),
}

/// The cells of the report so far.
#[derive(Debug, Default)]
pub struct Draft {
    pub(crate) values: Vec<u64>,
    pub(crate) kinds: Vec<Kind>,
    keys: HashMap<String, usize>,
    pub(crate) relations: Vec<(usize, Vec<usize>)>,
}

/// A table before disclosure: its cells are indices into the draft.
#[derive(Debug, Clone)]
pub struct DraftTable {
    pub id: String,
    pub title: String,
    pub definition: String,
    pub row_heading: String,
    pub column_heading: String,
    pub rows: Vec<Label>,
    pub columns: Vec<Label>,
    pub cells: Vec<Vec<usize>>,
    pub chart: bool,
}

/// One way of splitting a count: its values (row or column labels) and whether they add up to the total
/// (a victim has one sex, but may have several forms of exploitation).
#[derive(Debug, Clone)]
pub struct Dim {
    /// The name in the cells' keys (`sex`, `district`...).
    pub name: &'static str,
    pub heading: String,
    pub values: Vec<Label>,
    pub additive: bool,
    /// The label of a total row or column, if the table shows one.
    pub total: Option<String>,
}

impl Dim {
    pub fn new(name: &'static str, heading: &str, values: Vec<Label>) -> Self {
        Dim { name, heading: heading.to_owned(), values, additive: true, total: Some("Total".to_owned()) }
    }

    /// Values that need not add up to the total (one thing may count under several).
    pub fn overlapping(mut self) -> Self {
        self.additive = false;
        self
    }

    pub fn without_total(mut self) -> Self {
        self.total = None;
        self
    }

    /// One column holding the count itself.
    pub fn count(label: &str) -> Self {
        Dim { name: "", heading: String::new(), values: vec![Label::new("n", label)], additive: false, total: None }
    }

    /// Adds, after the listed values, any value the tally holds that is not listed (sorted by code), so a
    /// table always adds up.
    pub fn with_unlisted(mut self, tally: &Tally, rows: bool) -> Self {
        let mut extra: Vec<&String> = tally
            .map
            .keys()
            .map(|(r, c)| if rows { r } else { c })
            .filter(|v| *v != TOTAL && !self.values.iter().any(|l| &l.code == *v))
            .collect();
        extra.sort();
        extra.dedup();
        for v in extra {
            self.values.push(Label::new(v.clone(), if v.is_empty() { "Not recorded".to_owned() } else { v.clone() }));
        }
        self
    }
}

/// Counts by (row value, column value), with [`TOTAL`] for all values of either.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub map: BTreeMap<(String, String), u64>,
}

impl Tally {
    /// Counts `n` under every row value and column value of one group (a group with several row values
    /// counts once in the column's total).
    pub fn add(&mut self, rows: &[String], cols: &[String], n: u64) {
        let total = [TOTAL.to_owned()];
        for r in rows.iter().chain(&total) {
            for c in cols.iter().chain(&total) {
                *self.map.entry((r.clone(), c.clone())).or_default() += n;
            }
        }
    }

    /// A tally of one-way counts (the column is the count itself).
    pub fn one_way(items: impl IntoIterator<Item = (String, u64)>) -> Self {
        let mut t = Tally::default();
        for (r, n) in items {
            t.add(&[r], &["n".to_owned()], n);
        }
        t
    }

    pub fn get(&self, r: &str, c: &str) -> u64 {
        self.map.get(&(r.to_owned(), c.to_owned())).copied().unwrap_or(0)
    }
}

/// A cell's key: the measure and its splits, leaving out "all values", in name order, so that the same
/// figure has the same key in every table.
pub fn key(measure: &str, parts: &[(&str, &str)]) -> String {
    let mut parts: Vec<&(&str, &str)> = parts.iter().filter(|(n, v)| !n.is_empty() && *v != TOTAL).collect();
    parts.sort();
    let mut k = measure.to_owned();
    for (n, v) in parts {
        k.push_str(&format!("|{n}={v}"));
    }
    k
}

impl Draft {
    /// The cell counting `key`, created with `value`, or the one already made (which must agree).
    pub fn cell(&mut self, key: String, value: u64) -> Result<usize, ReportError> {
        if let Some(&i) = self.keys.get(&key) {
            if self.values[i] != value {
                return Err(ReportError::Inconsistent { key, first: self.values[i], second: value });
            }
            return Ok(i);
        }
        self.values.push(value);
        self.kinds.push(Kind::Count);
        self.keys.insert(key, self.values.len() - 1);
        Ok(self.values.len() - 1)
    }

    /// A cell outside the protection (a population, a rate); see [`Kind`].
    pub fn other(&mut self, value: u64, kind: Kind) -> usize {
        self.values.push(value);
        self.kinds.push(kind);
        self.values.len() - 1
    }

    /// Declares `total = sum(parts)` (between cells of different tables too).
    pub fn relate(&mut self, total: usize, parts: Vec<usize>) {
        if !parts.is_empty() && !self.relations.iter().any(|(t, p)| *t == total && *p == parts) {
            self.relations.push((total, parts));
        }
    }

    /// A two-way table of `measure` split by `rows` and `cols`, from the tally; totals where the dims have
    /// them, declared as relations where the values add up.
    #[allow(clippy::too_many_arguments)]
    pub fn table(
        &mut self,
        id: &str,
        title: &str,
        definition: &str,
        measure: &str,
        rows: Dim,
        cols: Dim,
        tally: &Tally,
    ) -> Result<DraftTable, ReportError> {
        let with_total = |d: &Dim| -> Vec<Label> {
            let mut v = d.values.clone();
            if let Some(t) = &d.total {
                v.push(Label::new(TOTAL, t.clone()));
            }
            v
        };
        let (row_labels, col_labels) = (with_total(&rows), with_total(&cols));
        let mut cells = Vec::new();
        for r in &row_labels {
            let mut line = Vec::new();
            for c in &col_labels {
                let (rc, cc) = (r.code.as_str(), if cols.name.is_empty() { TOTAL } else { c.code.as_str() });
                let tc = if cols.name.is_empty() { "n" } else { cc };
                let k = key(measure, &[(rows.name, rc), (cols.name, cc)]);
                line.push(self.cell(k, tally.get(rc, tc))?);
            }
            cells.push(line);
        }
        let (nr, nc) = (rows.values.len(), cols.values.len());
        if cols.additive && cols.total.is_some() {
            for line in &cells {
                self.relate(line[nc], line[..nc].to_vec());
            }
        }
        if rows.additive && rows.total.is_some() {
            for c in 0..col_labels.len() {
                self.relate(cells[nr][c], cells[..nr].iter().map(|l| l[c]).collect());
            }
        }
        Ok(DraftTable {
            id: id.to_owned(),
            title: title.to_owned(),
            definition: definition.to_owned(),
            row_heading: rows.heading.clone(),
            column_heading: cols.heading.clone(),
            rows: row_labels,
            columns: col_labels,
            cells,
            chart: false,
        })
    }

    /// The table with its cells filled in from the disclosure step's states.
    pub fn finish(&self, t: DraftTable, states: &[CellState]) -> Table {
        let cells = t
            .cells
            .iter()
            .map(|line| {
                line.iter()
                    .map(|&i| {
                        let state = states[i];
                        let value = (state == CellState::Published).then_some(self.values[i]);
                        Cell { value, state }
                    })
                    .collect()
            })
            .collect();
        Table {
            id: t.id,
            title: t.title,
            definition: t.definition,
            row_heading: t.row_heading,
            column_heading: t.column_heading,
            rows: t.rows,
            columns: t.columns,
            cells,
            chart: t.chart,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_order_and_totals() {
        assert_eq!(key("victims", &[("sex", "F"), ("age", TOTAL)]), "victims|sex=F");
        assert_eq!(key("victims", &[("sex", "F"), ("age", "9-17")]), key("victims", &[("age", "9-17"), ("sex", "F")]));
    }

    #[test]
    fn a_table_declares_its_totals_and_shares_cells() {
        let mut t = Tally::default();
        t.add(&["a".into()], &["F".into()], 3);
        t.add(&["b".into()], &["M".into()], 4);
        let mut d = Draft::default();
        let rows = Dim::new("x", "X", vec![Label::new("a", "A"), Label::new("b", "B")]);
        let cols = Dim::new("sex", "Sex", vec![Label::new("F", "F"), Label::new("M", "M")]);
        let one = d.table("t1", "T1", "", "victims", rows.clone(), cols.clone(), &t).unwrap();
        assert_eq!(one.cells.len(), 3);
        assert_eq!(d.values[one.cells[2][2]], 7);
        // rows a, b, total each add up across; columns F, M, total each add up down
        assert_eq!(d.relations.len(), 6);
        let rows2 = Dim::new("y", "Y", vec![Label::new("c", "C")]);
        let mut t2 = Tally::default();
        t2.add(&["c".into()], &["F".into()], 3);
        t2.add(&["c".into()], &["M".into()], 4);
        let two = d.table("t2", "T2", "", "victims", rows2, cols, &t2).unwrap();
        assert_eq!(two.cells[1][0], one.cells[2][0], "the women in all share one cell");
        let mut bad = Tally::default();
        bad.add(&["c".into()], &["F".into()], 2);
        let rows3 = Dim::new("z", "Z", vec![Label::new("c", "C")]);
        let cols3 = Dim::new("sex", "Sex", vec![Label::new("F", "F")]);
        assert!(matches!(d.table("t3", "", "", "victims", rows3, cols3, &bad), Err(ReportError::Inconsistent { .. })));
    }
}
