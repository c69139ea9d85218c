//! The minutes laid out on A4 pages: the title over a rule, the meeting's facts as labelled lines, then each
//! section under its heading: numbered lines, or a table with a shaded heading row whose cells wrap to their
//! column's width (rows that do not fit go on the next page under the heading row again). Every page ends with
//! the title and "Page n of N".

use super::font::Face;
use super::layout::{BLACK, BOTTOM, Flow, GREY, LEFT, Op, RIGHT, RULE, SHADE, Style, WIDTH, clip, wrap};
use crate::FilesError;
use crate::minutes::{Minutes, MinutesBlock, MinutesColumn};
use crate::words::fill;

const TITLE: Style = Style::new(Face::Bold, 17.0);
const HEADING: Style = Style::new(Face::Bold, 12.0);
const LABEL: Style = Style::new(Face::Bold, 9.5);
const BODY: Style = Style::new(Face::Regular, 9.5);
const CELL: Style = Style::new(Face::Regular, 8.5);
const CELL_BOLD: Style = Style::new(Face::Bold, 8.5);
const HEAD: Style = Style::new(Face::Bold, 8.0);
const SMALL: Style = Style::new(Face::Regular, 8.5).color(GREY);
const FOOTER: Style = Style::new(Face::Regular, 8.0).color(GREY);
/// Where the facts' values start.
const VALUE_X: f32 = LEFT + 110.0;
/// Where a numbered line's text starts.
const ITEM_X: f32 = LEFT + 20.0;
const PAD_X: f32 = 3.5;
const PAD_Y: f32 = 2.5;

/// The minutes as a PDF.
pub fn write(minutes: &Minutes) -> Result<Vec<u8>, FilesError> {
    let mut flow = Flow::new();
    flow.paragraph(&minutes.title, TITLE, LEFT);
    flow.gap(4.0);
    flow.push(Op::Line { x1: LEFT, y1: flow.y, x2: RIGHT, y2: flow.y, width: 1.0, color: BLACK });
    flow.gap(10.0);
    for (label, value) in &minutes.facts {
        // A label that wraps keeps its lines beside the value, and the next fact goes below both.
        let label_lines = wrap(label, LABEL, VALUE_X - LEFT - 8.0);
        flow.ensure(label_lines.len() as f32 * LABEL.leading());
        let top = flow.y;
        for (i, line) in label_lines.iter().enumerate() {
            flow.push(LABEL.text(LEFT, top + i as f32 * LABEL.leading(), line.as_str()));
        }
        flow.paragraph(value, BODY, VALUE_X);
        flow.y = flow.y.max(top + label_lines.len() as f32 * LABEL.leading());
        flow.gap(2.0);
    }
    for block in &minutes.blocks {
        match block {
            MinutesBlock::List { heading: h, items, empty } => {
                heading(&mut flow, h);
                if items.is_empty() {
                    flow.paragraph(empty, SMALL, LEFT);
                }
                for (i, item) in items.iter().enumerate() {
                    flow.ensure(BODY.leading());
                    flow.push(BODY.text(LEFT, flow.y, format!("{}.", i + 1)));
                    flow.paragraph(item, BODY, ITEM_X);
                    flow.gap(3.0);
                }
            }
            MinutesBlock::Table { heading: h, columns, rows, total, empty } => {
                heading(&mut flow, h);
                if rows.is_empty() {
                    flow.paragraph(empty, SMALL, LEFT);
                    continue;
                }
                table(&mut flow, columns, rows, total.as_ref());
            }
        }
    }
    if let Some(closing) = &minutes.closing {
        flow.gap(14.0);
        flow.paragraph(closing, SMALL, LEFT);
    }
    let mut pages = flow.into_pages();
    let count = pages.len();
    let foot = BOTTOM + 22.0;
    for (i, page) in pages.iter_mut().enumerate() {
        let number = fill(&minutes.page_of, &[("page", (i + 1).to_string()), ("pages", count.to_string())]);
        page.push(Op::Line { x1: LEFT, y1: foot - 4.0, x2: RIGHT, y2: foot - 4.0, width: 0.4, color: RULE });
        page.push(FOOTER.text(LEFT, foot, clip(&minutes.title, FOOTER, WIDTH * 0.7)));
        page.push(FOOTER.text_right(RIGHT, foot, &number));
    }
    super::serialize::write(&pages, &minutes.title)
}

/// A heading, kept on the page with the two lines after it.
fn heading(flow: &mut Flow, text: &str) {
    flow.gap(12.0);
    flow.ensure(HEADING.leading() + 4.0 + 2.0 * BODY.leading());
    flow.paragraph(text, HEADING, LEFT);
    flow.push(Op::Line { x1: LEFT, y1: flow.y + 1.0, x2: RIGHT, y2: flow.y + 1.0, width: 0.5, color: RULE });
    flow.gap(5.0);
}

/// The columns' widths: the page's width shared as the columns ask.
fn widths(columns: &[MinutesColumn]) -> Vec<f32> {
    let sum: f32 = columns.iter().map(|c| c.share.max(0.1)).sum();
    columns.iter().map(|c| WIDTH * c.share.max(0.1) / sum).collect()
}

/// One row's cells wrapped to their columns, and its height.
fn lay(cells: &[String], widths: &[f32], style: Style) -> (Vec<Vec<String>>, f32) {
    let lines: Vec<Vec<String>> = widths
        .iter()
        .enumerate()
        .map(|(i, w)| wrap(cells.get(i).map_or("", String::as_str), style, w - 2.0 * PAD_X))
        .collect();
    let most = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
    (lines, most as f32 * style.leading() + 2.0 * PAD_Y)
}

fn draw_row(
    flow: &mut Flow,
    columns: &[MinutesColumn],
    widths: &[f32],
    lines: &[Vec<String>],
    height: f32,
    style: Style,
    shade: bool,
) {
    if shade {
        flow.push(Op::Rect { x: LEFT, y: flow.y, w: WIDTH, h: height, fill: Some(SHADE), stroke: None });
    }
    let mut x = LEFT;
    for ((column, width), cell) in columns.iter().zip(widths).zip(lines) {
        for (n, line) in cell.iter().enumerate() {
            let top = flow.y + PAD_Y + n as f32 * style.leading();
            let op = if column.right {
                style.text_right(x + width - PAD_X, top, line)
            } else {
                style.text(x + PAD_X, top, line.as_str())
            };
            flow.push(op);
        }
        x += width;
    }
    flow.y += height;
    flow.push(Op::Line { x1: LEFT, y1: flow.y, x2: RIGHT, y2: flow.y, width: 0.4, color: RULE });
}

fn table(flow: &mut Flow, columns: &[MinutesColumn], rows: &[Vec<String>], total: Option<&Vec<String>>) {
    let widths = widths(columns);
    let labels: Vec<String> = columns.iter().map(|c| c.label.clone()).collect();
    let (head, head_height) = lay(&labels, &widths, HEAD);
    let laid: Vec<(Vec<Vec<String>>, f32)> = rows.iter().map(|r| lay(r, &widths, CELL)).collect();
    flow.ensure(head_height + laid.first().map_or(0.0, |(_, h)| *h));
    draw_row(flow, columns, &widths, &head, head_height, HEAD, true);
    for (lines, height) in &laid {
        if flow.ensure(*height) {
            draw_row(flow, columns, &widths, &head, head_height, HEAD, true);
        }
        draw_row(flow, columns, &widths, lines, *height, CELL, false);
    }
    if let Some(total) = total {
        let (lines, height) = lay(total, &widths, CELL_BOLD);
        if flow.ensure(height) {
            draw_row(flow, columns, &widths, &head, head_height, HEAD, true);
        }
        draw_row(flow, columns, &widths, &lines, height, CELL_BOLD, false);
    }
    flow.gap(4.0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_share_the_page_and_cells_wrap_within_them() {
        let columns = [MinutesColumn::new("Action", 3.0), MinutesColumn::number("People", 1.0)];
        let w = widths(&columns);
        assert!((w.iter().sum::<f32>() - WIDTH).abs() < 0.01);
        assert!((w[0] - 3.0 * w[1]).abs() < 0.01);
        let long = "Circulate the revised national referral mechanism SOP to every district focal point ".repeat(3);
        let (lines, height) = lay(&[long, "12".into()], &w, CELL);
        assert!(lines[0].len() > 1 && lines[1].len() == 1);
        assert!(lines[0].iter().all(|l| CELL.width(l) <= w[0] - 2.0 * PAD_X));
        assert!(height > 2.0 * CELL.leading());
    }
}
