//! The PDF's front matter: the title block (title, period, scope, when computed, definitions version), the
//! OFFICIAL - SENSITIVE statement when nothing was suppressed, the disclosure rule in words, the report's
//! notes, and each table's definition section by section.

use lekhotla_report::Report;

use super::font::Face;
use super::layout::{BLACK, Flow, GREY, LEFT, Op, RED, RIGHT, RULE, Style, WIDTH, wrap};
use crate::words::Words;

const TITLE: Style = Style::new(Face::Bold, 20.0);
const HEADING: Style = Style::new(Face::Bold, 12.0);
const SUBHEADING: Style = Style::new(Face::Bold, 10.5);
const LABEL: Style = Style::new(Face::Bold, 9.5);
const BODY: Style = Style::new(Face::Regular, 9.5);
const SMALL: Style = Style::new(Face::Regular, 9.0).color(GREY);
const TABLE_TITLE: Style = Style::new(Face::Bold, 9.0);
const MARKING: Style = Style::new(Face::Bold, 11.0).color(RED);
/// Where the facts' values start.
const VALUE_X: f32 = LEFT + 120.0;

pub fn write(flow: &mut Flow, report: &Report, words: &Words) {
    flow.paragraph(&report.title, TITLE, LEFT);
    flow.gap(4.0);
    flow.push(Op::Line { x1: LEFT, y1: flow.y, x2: RIGHT, y2: flow.y, width: 1.0, color: BLACK });
    flow.gap(10.0);
    let facts = [
        (&words.period, words.period_text(&report.period)),
        (&words.scope, words.scope_text(&report.scope)),
        (&words.computed_at, words.computed_text(report.computed_at)),
        (&words.definitions_version, report.definitions_version.to_string()),
    ];
    for (label, value) in facts {
        flow.push(LABEL.text(LEFT, flow.y, label.as_str()));
        flow.paragraph(&value, BODY, VALUE_X);
        flow.gap(2.0);
    }

    if report.is_sensitive() {
        flow.gap(10.0);
        let lines = wrap(&words.sensitive_note, MARKING, WIDTH - 20.0);
        let height = lines.len() as f32 * MARKING.leading() + 12.0;
        flow.ensure(height);
        flow.push(Op::Rect { x: LEFT, y: flow.y, w: WIDTH, h: height, fill: None, stroke: Some(RED) });
        for (i, line) in lines.iter().enumerate() {
            let top = flow.y + 6.0 + i as f32 * MARKING.leading();
            flow.push(MARKING.text_centred(LEFT + WIDTH / 2.0, top, line));
        }
        flow.gap(height);
    }

    heading(flow, &words.disclosure);
    for sentence in words.rule_sentences(&report.disclosure) {
        flow.paragraph(&sentence, BODY, LEFT);
        flow.gap(3.0);
    }
    if !report.is_sensitive() {
        flow.paragraph(&words.suppressed_key, LABEL, LEFT);
    }

    if !report.notes.is_empty() {
        heading(flow, &words.notes);
        for note in &report.notes {
            flow.ensure(BODY.leading());
            flow.push(BODY.text(LEFT, flow.y, "\u{2022}"));
            flow.paragraph(note, BODY, LEFT + 12.0);
            flow.gap(3.0);
        }
    }

    heading(flow, &words.definitions);
    for section in &report.sections {
        flow.ensure(SUBHEADING.leading() + TABLE_TITLE.leading() + 2.0 * SMALL.leading());
        flow.gap(4.0);
        flow.paragraph(&section.title, SUBHEADING, LEFT);
        flow.gap(2.0);
        for table in &section.tables {
            flow.ensure(TABLE_TITLE.leading() + 2.0 * SMALL.leading());
            flow.paragraph(&table.title, TABLE_TITLE, LEFT);
            flow.paragraph(&table.definition, SMALL, LEFT);
            flow.gap(5.0);
        }
    }
}

/// A heading, kept on the page with the two lines after it.
fn heading(flow: &mut Flow, text: &str) {
    flow.gap(12.0);
    flow.ensure(HEADING.leading() + 4.0 + 2.0 * BODY.leading());
    flow.paragraph(text, HEADING, LEFT);
    flow.push(Op::Line { x1: LEFT, y1: flow.y + 1.0, x2: RIGHT, y2: flow.y + 1.0, width: 0.5, color: RULE });
    flow.gap(5.0);
}
