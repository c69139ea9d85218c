//! A [`Document`] as an A4 PDF: the title block with its facts, then each part under its heading with its
//! paragraphs, grids and tables of counts; the marking on every page when nothing was suppressed, and
//! "Page n of N".

use super::font::Face;
use super::layout::{BLACK, Flow, GREY, LEFT, Op, RIGHT, RULE, Style};
use super::{grid, table};
use crate::document::{Block, Document};
use crate::words::Words;

const TITLE: Style = Style::new(Face::Bold, 18.0);
const PART: Style = Style::new(Face::Bold, 13.0);
const HEADING: Style = Style::new(Face::Bold, 10.5);
const LABEL: Style = Style::new(Face::Bold, 9.5);
const BODY: Style = Style::new(Face::Regular, 9.5);
const NOTE: Style = Style::new(Face::Regular, 8.5).color(GREY);
/// Where the facts' values start.
const VALUE_X: f32 = LEFT + 130.0;

pub fn write(flow: &mut Flow, doc: &Document, words: &Words) {
    flow.paragraph(&doc.title, TITLE, LEFT);
    flow.gap(4.0);
    flow.push(Op::Line { x1: LEFT, y1: flow.y, x2: RIGHT, y2: flow.y, width: 1.0, color: BLACK });
    flow.gap(10.0);
    for (label, value) in &doc.facts {
        flow.ensure(BODY.leading());
        flow.push(LABEL.text(LEFT, flow.y, super::layout::clip(label, LABEL, VALUE_X - LEFT - 6.0)));
        flow.paragraph(value, BODY, VALUE_X);
        flow.gap(2.0);
    }
    for part in &doc.parts {
        flow.gap(16.0);
        flow.ensure(PART.leading() + 6.0 + 3.0 * BODY.leading());
        flow.paragraph(&part.title, PART, LEFT);
        flow.push(Op::Line { x1: LEFT, y1: flow.y + 1.0, x2: RIGHT, y2: flow.y + 1.0, width: 0.5, color: RULE });
        flow.gap(6.0);
        for block in &part.blocks {
            match block {
                Block::Heading(text) => {
                    flow.gap(6.0);
                    // A heading stays with what follows it.
                    flow.ensure(HEADING.leading() + 4.0 * BODY.leading());
                    flow.paragraph(text, HEADING, LEFT);
                    flow.gap(2.0);
                }
                Block::Paragraph(text) => {
                    flow.paragraph(text, BODY, LEFT);
                    flow.gap(4.0);
                }
                Block::Note(text) => {
                    flow.paragraph(text, NOTE, LEFT);
                    flow.gap(4.0);
                }
                Block::Grid(g) => grid::write(flow, g),
                Block::Figures(t) => table::write(flow, t, words),
            }
        }
    }
}
