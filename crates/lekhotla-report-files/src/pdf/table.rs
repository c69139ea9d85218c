//! A table on the page: its title and definition, a shaded heading (the column heading over the column
//! labels, the row heading beside them), one row per row with wrapped labels and right-aligned counts ("x"
//! where suppressed), totals in bold. Rows that do not fit go on the next page under the heading again;
//! columns that do not fit the page's width go in a further block with the row labels repeated.

use lekhotla_report::Table;

use super::font::Face;
use super::layout::{BLACK, BOTTOM, Flow, GREY, LEFT, Op, RULE, SHADE, Style, TOP, WIDTH, wrap};
use crate::words::{Words, fill};
use crate::{SUPPRESSED, is_total};

const TITLE: Style = Style::new(Face::Bold, 11.0);
const DEFINITION: Style = Style::new(Face::Regular, 8.5).color(GREY);
const BODY: Style = Style::new(Face::Regular, 8.5);
const BOLD: Style = Style::new(Face::Bold, 8.5);
const HEAD: Style = Style::new(Face::Bold, 8.0);
const KEY: Style = Style::new(Face::Regular, 7.5).color(GREY);
const PAD_X: f32 = 4.0;
const PAD_Y: f32 = 2.5;
const MIN_NUMBER: f32 = 38.0;
const MIN_LABEL: f32 = 100.0;
/// A column label up to this wide stays on one line.
const ONE_LINE_LABEL: f32 = 80.0;

/// Where the columns go: the row labels' width, then which columns, how wide.
#[derive(Debug, Clone, PartialEq)]
struct Grid {
    label: f32,
    columns: Vec<(usize, f32)>,
}

impl Grid {
    fn width(&self) -> f32 {
        self.label + self.columns.iter().map(|(_, w)| w).sum::<f32>()
    }
}

/// The cells as they are printed.
struct Printed<'t> {
    table: &'t Table,
    text: Vec<Vec<String>>,
    any_suppressed: bool,
}

impl Printed<'_> {
    fn style(&self, row: usize, column: usize) -> Style {
        let total = is_total(&self.table.rows[row]) || self.table.columns.get(column).is_some_and(is_total);
        if total { BOLD } else { BODY }
    }

    fn row_label_style(&self, row: usize) -> Style {
        if is_total(&self.table.rows[row]) { BOLD } else { BODY }
    }
}

pub fn write(flow: &mut Flow, table: &Table, words: &Words) {
    let text: Vec<Vec<String>> = table
        .cells
        .iter()
        .map(|row| {
            row.iter()
                .zip(&table.columns)
                .map(|(c, col)| match c.value {
                    None => SUPPRESSED.to_owned(),
                    Some(_) if col.decimals > 0 => c.text(col.decimals),
                    Some(v) => words.count_text(v),
                })
                .collect()
        })
        .collect();
    let any_suppressed = table.cells.iter().flatten().any(|c| c.value.is_none());
    let printed = Printed { table, text, any_suppressed };
    let grids = plan(&printed);
    for (i, grid) in grids.iter().enumerate() {
        let title =
            if i == 0 { table.title.clone() } else { fill(&words.continued, &[("title", table.title.clone())]) };
        let definition = if i == 0 { wrap(&table.definition, DEFINITION, WIDTH) } else { Vec::new() };
        let title_lines = wrap(&title, TITLE, WIDTH);
        let heights: Vec<f32> = (0..table.rows.len()).map(|r| row_height(&printed, grid, r)).collect();
        let key = if printed.any_suppressed { 3.0 + KEY.leading() } else { 0.0 };
        let above = title_lines.len() as f32 * TITLE.leading()
            + definition.len() as f32 * DEFINITION.leading()
            + 4.0
            + header_height(table, grid);
        // The whole block on one page when a page can hold it, else at least its first two rows.
        let whole = above + heights.iter().sum::<f32>() + key;
        flow.ensure(if whole <= BOTTOM - TOP { whole } else { above + heights.iter().take(2).sum::<f32>() });
        flow.paragraph(&title, TITLE, LEFT);
        if i == 0 {
            flow.paragraph(&table.definition, DEFINITION, LEFT);
        }
        flow.gap(4.0);
        header(flow, table, grid);
        let last = table.rows.len().saturating_sub(1);
        for r in 0..table.rows.len() {
            let mut height = heights[r];
            // A closing total row goes over the page with the row before it, and the key to "x" with
            // the last row: neither alone.
            if r + 1 == last && is_total(&table.rows[last]) {
                height += heights[last] + key;
            } else if r == last {
                height += key;
            }
            if flow.ensure(height) {
                flow.paragraph(&fill(&words.continued, &[("title", table.title.clone())]), TITLE, LEFT);
                flow.gap(4.0);
                header(flow, table, grid);
            }
            row(flow, &printed, grid, r);
        }
        if printed.any_suppressed {
            flow.gap(3.0);
            flow.paragraph(&words.suppressed_key, KEY, LEFT);
        }
        flow.gap(16.0);
    }
}

/// The grids the table needs: one when its columns fit the page's width (short column labels on one line
/// if they can be, else wrapped), more when they do not.
fn plan(printed: &Printed) -> Vec<Grid> {
    let table = printed.table;
    let label_natural = (0..table.rows.len())
        .map(|r| printed.row_label_style(r).width(&table.rows[r].label))
        .fold(HEAD.width(&table.row_heading), f32::max)
        + 2.0 * PAD_X;
    for one_line in [true, false] {
        let natural = natural_widths(printed, one_line);
        let numbers: f32 = natural.iter().sum();
        if numbers + MIN_LABEL <= WIDTH {
            let label = label_natural.clamp(MIN_LABEL, WIDTH - numbers).min(WIDTH * 0.5);
            // Columns of one width when they fit so, else each its own.
            let even = natural.iter().copied().fold(0.0, f32::max);
            let widths: Vec<f32> =
                if label + even * natural.len() as f32 <= WIDTH { vec![even; natural.len()] } else { natural };
            return vec![Grid { label, columns: widths.into_iter().enumerate().collect() }];
        }
    }
    let label = label_natural.clamp(MIN_LABEL, WIDTH * 0.35);
    let widths: Vec<f32> = natural_widths(printed, false).into_iter().map(|w| w.min(WIDTH - label)).collect();
    // As few blocks as the page's width allows, with about as many columns in each.
    let fewest = pack(&widths, label, |_| usize::MAX).len();
    let (each, more) = (widths.len() / fewest, widths.len() % fewest);
    let mut grids = pack(&widths, label, |grid| each + usize::from(grid < more));
    if grids.len() > fewest {
        grids = pack(&widths, label, |_| usize::MAX);
    }
    for grid in &mut grids {
        let even = grid.columns.iter().map(|(_, w)| *w).fold(0.0, f32::max);
        if label + even * grid.columns.len() as f32 <= WIDTH {
            grid.columns.iter_mut().for_each(|(_, w)| *w = even);
        }
    }
    grids
}

/// The columns in order, a block filled until the next column would not fit or it has `most(block)`.
fn pack(widths: &[f32], label: f32, most: impl Fn(usize) -> usize) -> Vec<Grid> {
    let mut grids = vec![Grid { label, columns: Vec::new() }];
    for (c, &width) in widths.iter().enumerate() {
        let index = grids.len() - 1;
        let full = |g: &Grid| g.width() + width > WIDTH || g.columns.len() >= most(index);
        if grids.last().is_some_and(|g| !g.columns.is_empty() && full(g)) {
            grids.push(Grid { label, columns: Vec::new() });
        }
        if let Some(grid) = grids.last_mut() {
            grid.columns.push((c, width));
        }
    }
    grids
}

/// Each column's width: its widest count, and its label's longest word (or the whole label, when
/// `one_line` and the label is short).
fn natural_widths(printed: &Printed, one_line: bool) -> Vec<f32> {
    let table = printed.table;
    (0..table.columns.len())
        .map(|c| {
            let label = &table.columns[c].label;
            let mut widest = label.split_whitespace().map(|w| HEAD.width(w)).fold(0.0, f32::max);
            if one_line && HEAD.width(label) <= ONE_LINE_LABEL {
                widest = HEAD.width(label);
            }
            let widest = (0..table.rows.len())
                .filter_map(|r| printed.text[r].get(c).map(|t| printed.style(r, c).width(t)))
                .fold(widest, f32::max);
            (widest + 2.0 * PAD_X).max(MIN_NUMBER)
        })
        .collect()
}

/// The column heading's lines over the columns; none when it only repeats a lone column's label.
fn spanner_lines(table: &Table, grid: &Grid) -> Vec<String> {
    let repeats = table.columns.len() == 1 && table.columns[0].label == table.column_heading;
    if repeats || table.column_heading.trim().is_empty() {
        return Vec::new();
    }
    wrap(&table.column_heading, HEAD, grid.width() - grid.label - 2.0 * PAD_X)
}

fn column_label_lines(table: &Table, grid: &Grid) -> Vec<Vec<String>> {
    grid.columns.iter().map(|&(c, w)| wrap(&table.columns[c].label, HEAD, w - 2.0 * PAD_X)).collect()
}

fn header_height(table: &Table, grid: &Grid) -> f32 {
    let spanner = spanner_lines(table, grid).len();
    let spanner = if spanner == 0 { 0.0 } else { spanner as f32 * HEAD.leading() + 2.0 * PAD_Y };
    let labels = column_label_lines(table, grid).iter().map(Vec::len).max().unwrap_or(1);
    let row_heading = wrap(&table.row_heading, HEAD, grid.label - 2.0 * PAD_X).len();
    spanner + labels.max(row_heading) as f32 * HEAD.leading() + 2.0 * PAD_Y
}

/// The shaded heading: the column heading centred over the columns, then the row heading and the column
/// labels, all bottom-aligned.
fn header(flow: &mut Flow, table: &Table, grid: &Grid) {
    let top = flow.y;
    let height = header_height(table, grid);
    let width = grid.width();
    flow.push(Op::Rect { x: LEFT, y: top, w: width, h: height, fill: Some(SHADE), stroke: None });
    let columns_x = LEFT + grid.label;
    let spanner = spanner_lines(table, grid);
    if !spanner.is_empty() {
        let mut y = top + PAD_Y;
        for line in &spanner {
            flow.push(HEAD.text_centred(columns_x + (width - grid.label) / 2.0, y, line));
            y += HEAD.leading();
        }
        y += PAD_Y;
        flow.push(Op::Line { x1: columns_x + PAD_X, y1: y, x2: LEFT + width - PAD_X, y2: y, width: 0.4, color: GREY });
    }
    let bottom = top + height - PAD_Y;
    let row_heading = wrap(&table.row_heading, HEAD, grid.label - 2.0 * PAD_X);
    place_bottom_up(flow, &row_heading, bottom, |line, line_top| HEAD.text(LEFT + PAD_X, line_top, line));
    let mut x = columns_x;
    for (lines, &(_, w)) in column_label_lines(table, grid).iter().zip(&grid.columns) {
        let right = x + w - PAD_X;
        place_bottom_up(flow, lines, bottom, |line, line_top| HEAD.text_right(right, line_top, line));
        x += w;
    }
    flow.push(Op::Line { x1: LEFT, y1: top + height, x2: LEFT + width, y2: top + height, width: 0.8, color: BLACK });
    flow.y = top + height;
}

/// Lines stacked so that the last ends at `bottom`.
fn place_bottom_up(flow: &mut Flow, lines: &[String], bottom: f32, op: impl Fn(&str, f32) -> Op) {
    let first_top = bottom - lines.len() as f32 * HEAD.leading();
    for (i, line) in lines.iter().enumerate() {
        flow.push(op(line, first_top + i as f32 * HEAD.leading()));
    }
}

fn row_height(printed: &Printed, grid: &Grid, r: usize) -> f32 {
    let style = printed.row_label_style(r);
    let lines = wrap(&printed.table.rows[r].label, style, grid.label - 2.0 * PAD_X).len();
    lines as f32 * style.leading() + 2.0 * PAD_Y
}

fn row(flow: &mut Flow, printed: &Printed, grid: &Grid, r: usize) {
    let table = printed.table;
    let top = flow.y;
    let height = row_height(printed, grid, r);
    let width = grid.width();
    let label_style = printed.row_label_style(r);
    if is_total(&table.rows[r]) && r > 0 {
        flow.push(Op::Line { x1: LEFT, y1: top, x2: LEFT + width, y2: top, width: 0.8, color: BLACK });
    }
    for (i, line) in wrap(&table.rows[r].label, label_style, grid.label - 2.0 * PAD_X).iter().enumerate() {
        flow.push(label_style.text(LEFT + PAD_X, top + PAD_Y + i as f32 * label_style.leading(), line.as_str()));
    }
    let mut x = LEFT + grid.label;
    for &(c, w) in &grid.columns {
        if let Some(text) = printed.text[r].get(c) {
            flow.push(printed.style(r, c).text_right(x + w - PAD_X, top + PAD_Y, text));
        }
        x += w;
    }
    flow.push(Op::Line { x1: LEFT, y1: top + height, x2: LEFT + width, y2: top + height, width: 0.3, color: RULE });
    flow.y = top + height;
}

#[cfg(test)]
mod tests {
    use super::*;
    use lekhotla_report::{Cell, CellState, Label};

    fn table(columns: usize) -> Table {
        let label = |i: usize| Label::new(format!("c{i}"), format!("Column number {i}"));
        Table {
            id: "t".into(),
            title: "T".into(),
            definition: "D".into(),
            row_heading: "Rows".into(),
            column_heading: "Columns".into(),
            rows: vec![Label::new("a", "A row")],
            columns: (0..columns).map(label).collect(),
            cells: vec![vec![Cell { value: Some(123_456), state: CellState::Published }; columns]],
            chart: false,
        }
    }

    fn grids(table: &Table) -> Vec<Grid> {
        let words = Words::english();
        let text = table.cells.iter().map(|r| r.iter().map(|c| words.count_text(c.value.unwrap_or(0))).collect());
        plan(&Printed { table, text: text.collect(), any_suppressed: false })
    }

    #[test]
    fn a_narrow_table_is_one_grid_within_the_page() {
        let grids = grids(&table(4));
        assert_eq!(grids.len(), 1);
        assert_eq!(grids[0].columns.len(), 4);
        assert!(grids[0].width() <= WIDTH);
    }

    #[test]
    fn a_wide_table_is_split_into_grids_that_each_fit_and_keep_every_column_once() {
        let grids = grids(&table(30));
        assert!(grids.len() > 1);
        assert!(grids.iter().all(|g| g.width() <= WIDTH + 0.01));
        let columns: Vec<usize> = grids.iter().flat_map(|g| g.columns.iter().map(|(c, _)| *c)).collect();
        assert_eq!(columns, (0..30).collect::<Vec<_>>());
        let counts: Vec<usize> = grids.iter().map(|g| g.columns.len()).collect();
        let (most, least) = (counts.iter().max(), counts.iter().min());
        assert!(most.zip(least).is_some_and(|(m, l)| m - l <= 1), "about as many columns in each: {counts:?}");
    }
}
