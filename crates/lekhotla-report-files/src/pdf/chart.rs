//! A table's horizontal bar chart: one bar per row other than the total, of the first column, on a scale
//! with round ticks. A suppressed row is an empty hatched band marked "x" whatever its count, so the chart
//! never tells what the table hides.

use lekhotla_report::Table;

use super::font::Face;
use super::layout::{BAR, BOTTOM, Flow, GREY, LEFT, Op, RIGHT, RULE, Style, TOP, WIDTH, wrap};
use crate::words::{Words, fill};
use crate::{SUPPRESSED, is_total};

const TITLE: Style = Style::new(Face::Bold, 10.0);
const SUBTITLE: Style = Style::new(Face::Regular, 8.0).color(GREY);
const LABEL: Style = Style::new(Face::Regular, 8.0);
const VALUE: Style = Style::new(Face::Regular, 8.0);
const TICK: Style = Style::new(Face::Regular, 7.0).color(GREY);
const BAR_HEIGHT: f32 = 9.0;
const GAP: f32 = 6.0;

/// One bar: the row's label and its count, `None` when suppressed.
struct Bar<'t> {
    label: &'t str,
    value: Option<u64>,
}

pub fn write(flow: &mut Flow, table: &Table, words: &Words) {
    let Some(column) = table.columns.first() else { return };
    let bars: Vec<Bar> = table
        .rows
        .iter()
        .zip(&table.cells)
        .filter(|(row, _)| !is_total(row))
        .map(|(row, cells)| Bar { label: &row.label, value: cells.first().and_then(|c| c.value) })
        .collect();
    if bars.is_empty() {
        return;
    }
    let values: Vec<String> =
        bars.iter().map(|b| b.value.map_or_else(|| SUPPRESSED.into(), |v| words.count_text(v))).collect();
    let label_width = bars.iter().map(|b| LABEL.width(b.label)).fold(0.0, f32::max).clamp(40.0, WIDTH * 0.3) + GAP;
    let value_width = values.iter().map(|v| VALUE.width(v)).fold(0.0, f32::max) + 2.0 * GAP;
    let plot = Plot {
        x: LEFT + label_width,
        width: WIDTH - label_width - value_width,
        scale: Scale::new(bars.iter().filter_map(|b| b.value).max().unwrap_or(0)),
    };
    let heights: Vec<f32> = bars
        .iter()
        .map(|b| (wrap(b.label, LABEL, label_width - GAP).len() as f32 * LABEL.leading()).max(BAR_HEIGHT) + 5.0)
        .collect();

    let title = fill(&words.chart, &[("title", table.title.clone())]);
    let subtitle = fill(&words.chart_of, &[("column", column.label.clone())]);
    let head = TITLE.leading() + SUBTITLE.leading() + TICK.leading() + 6.0;
    let any_suppressed = bars.iter().any(|b| b.value.is_none());
    let note = if any_suppressed {
        wrap(&words.chart_suppressed, SUBTITLE, WIDTH).len() as f32 * SUBTITLE.leading() + 4.0
    } else {
        0.0
    };
    // The whole chart on one page when a page can hold it, else at least its first three bars.
    let whole = head + heights.iter().sum::<f32>() + note;
    flow.ensure(if whole <= BOTTOM - TOP { whole } else { head + heights.iter().take(3).sum::<f32>() });
    heading(flow, &title, &subtitle, &plot);
    for (i, ((bar, value), height)) in bars.iter().zip(&values).zip(&heights).enumerate() {
        // The note on hatched bars stays with the last bar.
        let needed = if i + 1 == bars.len() { *height + note } else { *height };
        if flow.ensure(needed) {
            heading(flow, &fill(&words.continued, &[("title", title.clone())]), &subtitle, &plot);
        }
        row(flow, bar, value, *height, label_width, &plot);
    }
    let line = flow.y;
    flow.push(Op::Line { x1: plot.x, y1: line, x2: plot.x + plot.width, y2: line, width: 0.5, color: GREY });
    if any_suppressed {
        flow.gap(4.0);
        flow.paragraph(&words.chart_suppressed, SUBTITLE, LEFT);
    }
    flow.gap(18.0);
}

/// Where the bars are drawn and their scale.
struct Plot {
    x: f32,
    width: f32,
    scale: Scale,
}

impl Plot {
    fn at(&self, value: u64) -> f32 {
        self.x + self.width * value as f32 / self.scale.top as f32
    }
}

/// A scale from 0 to a round `top` in round `step`s.
#[derive(Debug, PartialEq, Eq)]
struct Scale {
    top: u64,
    step: u64,
}

impl Scale {
    fn new(max: u64) -> Scale {
        let max = max.max(1);
        // A round step (1, 2 or 5 times a power of ten) giving at most 5 intervals.
        let mut magnitude = 1u64;
        loop {
            for factor in [1, 2, 5] {
                let step = magnitude.saturating_mul(factor);
                if max.div_ceil(step) <= 5 {
                    return Scale { top: max.div_ceil(step) * step, step };
                }
            }
            magnitude = magnitude.saturating_mul(10);
        }
    }

    fn ticks(&self) -> impl Iterator<Item = u64> + '_ {
        (0..=self.top / self.step).map(|i| i * self.step)
    }
}

/// The chart's title, what the bars count, and the scale's tick labels.
fn heading(flow: &mut Flow, title: &str, subtitle: &str, plot: &Plot) {
    flow.paragraph(title, TITLE, LEFT);
    flow.paragraph(subtitle, SUBTITLE, LEFT);
    flow.gap(4.0);
    for tick in plot.scale.ticks() {
        let text = tick.to_string();
        let x = plot.at(tick);
        let op = if tick == 0 { TICK.text(x, flow.y, text) } else { TICK.text_right(x.min(RIGHT), flow.y, &text) };
        flow.push(op);
    }
    flow.y += TICK.leading();
    flow.push(Op::Line { x1: plot.x, y1: flow.y, x2: plot.x + plot.width, y2: flow.y, width: 0.5, color: GREY });
    flow.gap(2.0);
}

fn row(flow: &mut Flow, bar: &Bar, value: &str, height: f32, label_width: f32, plot: &Plot) {
    let top = flow.y;
    let lines = wrap(bar.label, LABEL, label_width - GAP);
    let text_top = top + (height - lines.len() as f32 * LABEL.leading()) / 2.0;
    for (i, line) in lines.iter().enumerate() {
        flow.push(LABEL.text_right(plot.x - GAP, text_top + i as f32 * LABEL.leading(), line));
    }
    for tick in plot.scale.ticks().skip(1) {
        let x = plot.at(tick);
        flow.push(Op::Line { x1: x, y1: top, x2: x, y2: top + height, width: 0.3, color: RULE });
    }
    flow.push(Op::Line { x1: plot.x, y1: top, x2: plot.x, y2: top + height, width: 0.6, color: GREY });
    let bar_top = top + (height - BAR_HEIGHT) / 2.0;
    let value_top = top + (height - VALUE.leading()) / 2.0;
    match bar.value {
        Some(count) => {
            let end = plot.at(count);
            if count > 0 {
                flow.push(Op::Rect {
                    x: plot.x,
                    y: bar_top,
                    w: end - plot.x,
                    h: BAR_HEIGHT,
                    fill: Some(BAR),
                    stroke: None,
                });
            }
            flow.push(VALUE.text(end + GAP / 2.0, value_top, value));
        }
        None => {
            let (x, w) = (plot.x + 1.0, plot.width - 1.0);
            flow.push(Op::Hatch { x, y: bar_top, w, h: BAR_HEIGHT, color: RULE });
            flow.push(Op::Rect { x, y: bar_top, w, h: BAR_HEIGHT, fill: None, stroke: Some(GREY) });
            flow.push(VALUE.text(plot.x + plot.width + GAP / 2.0, value_top, value));
        }
    }
    flow.y = top + height;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_is_round_and_covers_the_largest_bar() {
        assert_eq!(Scale::new(0), Scale { top: 1, step: 1 });
        assert_eq!(Scale::new(4), Scale { top: 4, step: 1 });
        assert_eq!(Scale::new(7), Scale { top: 8, step: 2 });
        assert_eq!(Scale::new(23), Scale { top: 25, step: 5 });
        assert_eq!(Scale::new(87), Scale { top: 100, step: 20 });
        assert_eq!(Scale::new(1234), Scale { top: 1500, step: 500 });
        assert_eq!(Scale::new(87).ticks().collect::<Vec<_>>(), vec![0, 20, 40, 60, 80, 100]);
    }
}
