//! A grid of text on the page: a shaded heading row, then one row per row with each cell wrapped in its
//! column's share of the width (numbers right-aligned). Rows that do not fit go on the next page under the
//! heading again; a row never splits.

use super::font::Face;
use super::layout::{BLACK, Flow, LEFT, Op, RULE, SHADE, Style, WIDTH, wrap};
use crate::document::Grid;

const BODY: Style = Style::new(Face::Regular, 8.5);
const HEAD: Style = Style::new(Face::Bold, 8.0);
const PAD_X: f32 = 4.0;
const PAD_Y: f32 = 2.5;

/// The columns' widths: their weights' shares of the frame.
fn widths(grid: &Grid) -> Vec<f32> {
    let total: f32 = grid.columns.iter().map(|c| c.weight.max(0.1)).sum();
    grid.columns.iter().map(|c| WIDTH * c.weight.max(0.1) / total).collect()
}

/// Each cell's lines, and the row's height.
fn lines(cells: &[String], widths: &[f32], style: Style) -> (Vec<Vec<String>>, f32) {
    let wrapped: Vec<Vec<String>> =
        cells.iter().zip(widths).map(|(t, w)| wrap(t, style, (w - 2.0 * PAD_X).max(10.0))).collect();
    let most = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
    (wrapped, most as f32 * style.leading() + 2.0 * PAD_Y)
}

fn draw(flow: &mut Flow, grid: &Grid, widths: &[f32], cells: &[Vec<String>], height: f32, style: Style, head: bool) {
    let top = flow.y;
    if head {
        flow.push(Op::Rect { x: LEFT, y: top, w: WIDTH, h: height, fill: Some(SHADE), stroke: None });
    }
    let mut x = LEFT;
    for ((column, lines), w) in grid.columns.iter().zip(cells).zip(widths) {
        for (i, line) in lines.iter().enumerate() {
            let y = top + PAD_Y + i as f32 * style.leading();
            let op = if column.numeric {
                style.text_right(x + w - PAD_X, y, line)
            } else {
                style.text(x + PAD_X, y, line.clone())
            };
            flow.push(op);
        }
        x += w;
    }
    let (color, width) = if head { (BLACK, 0.6) } else { (RULE, 0.3) };
    flow.push(Op::Line { x1: LEFT, y1: top + height, x2: LEFT + WIDTH, y2: top + height, width, color });
    flow.y = top + height;
}

pub fn write(flow: &mut Flow, grid: &Grid) {
    let widths = widths(grid);
    let labels: Vec<String> = grid.columns.iter().map(|c| c.label.clone()).collect();
    let (head, head_height) = lines(&labels, &widths, HEAD);
    let rows: Vec<(Vec<Vec<String>>, f32)> = grid.rows.iter().map(|r| lines(r, &widths, BODY)).collect();
    // The heading with the first row at least.
    flow.ensure(head_height + rows.first().map_or(0.0, |r| r.1));
    draw(flow, grid, &widths, &head, head_height, HEAD, true);
    for (cells, height) in &rows {
        if flow.ensure(*height) {
            draw(flow, grid, &widths, &head, head_height, HEAD, true);
        }
        draw(flow, grid, &widths, cells, *height, BODY, false);
    }
    flow.gap(10.0);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Column;

    #[test]
    fn widths_share_the_frame_by_weight() {
        let grid = Grid { columns: vec![Column::text("a", 3.0), Column::number("b", 1.0)], rows: vec![] };
        let w = widths(&grid);
        assert!((w[0] - WIDTH * 0.75).abs() < 0.01 && (w.iter().sum::<f32>() - WIDTH).abs() < 0.01);
    }

    #[test]
    fn a_long_grid_goes_over_pages_with_its_heading() {
        let grid = Grid {
            columns: vec![Column::text("Activity", 3.0), Column::text("Status", 1.0)],
            rows: (0..200)
                .map(|i| {
                    vec![
                        format!("Activity {i} with a title long enough to wrap over two lines in its column"),
                        "Done".into(),
                    ]
                })
                .collect(),
        };
        let mut flow = Flow::new();
        write(&mut flow, &grid);
        let pages = flow.into_pages();
        assert!(pages.len() > 2);
        for page in &pages {
            assert!(
                page.iter().any(|op| matches!(op, Op::Text { text, .. } if text == "Activity")),
                "each page has the heading"
            );
        }
    }
}
