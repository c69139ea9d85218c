//! The report as a print-ready A4 PDF: the front matter, then each section on a new page with its tables
//! and charts, every page marked OFFICIAL - SENSITIVE when nothing was suppressed, and numbered "Page n of N".
//! Text is set in DejaVu Sans, embedded, and measured with the font's own advances to wrap and align it.

mod chart;
mod document;
mod font;
mod front;
mod grid;
mod layout;
pub(crate) mod minutes;
mod serialize;
mod table;

use lekhotla_report::Report;

use crate::FilesError;
use crate::words::Words;
use font::Face;
use layout::{BOTTOM, Flow, GREY, LEFT, Op, PAGE_HEIGHT, PAGE_WIDTH, RED, RIGHT, RULE, Style, WIDTH, clip};

const SECTION: Style = Style::new(Face::Bold, 15.0);
const FOOTER: Style = Style::new(Face::Regular, 8.0).color(GREY);
const MARKING: Style = Style::new(Face::Bold, 10.0).color(RED);

/// The report as a PDF, in the words given.
pub fn write(report: &Report, words: &Words) -> Result<Vec<u8>, FilesError> {
    let mut flow = Flow::new();
    front::write(&mut flow, report, words);
    for section in &report.sections {
        flow.new_page();
        flow.paragraph(&section.title, SECTION, LEFT);
        flow.gap(8.0);
        for table in &section.tables {
            table::write(&mut flow, table, words);
            if table.chart {
                chart::write(&mut flow, table, words);
            }
        }
    }
    let mut pages = flow.into_pages();
    stamp(&mut pages, &report.title, report.is_sensitive(), words);
    serialize::write(&pages, &report.title)
}

/// A document in words and tables as a PDF, in the words given.
pub fn write_document(doc: &crate::Document, words: &Words) -> Result<Vec<u8>, FilesError> {
    let mut flow = Flow::new();
    document::write(&mut flow, doc, words);
    let mut pages = flow.into_pages();
    stamp(&mut pages, &doc.title, doc.sensitive, words);
    serialize::write(&pages, &doc.title)
}

/// The marking at the top and the foot of each page of an unsuppressed report, and each page's footer:
/// the report's title and "Page n of N".
fn stamp(pages: &mut [Vec<Op>], title: &str, sensitive: bool, words: &Words) {
    let count = pages.len();
    let foot = BOTTOM + 22.0;
    for (i, page) in pages.iter_mut().enumerate() {
        if sensitive {
            page.push(MARKING.text_centred(PAGE_WIDTH / 2.0, 24.0, &words.sensitive));
            page.push(MARKING.text_centred(PAGE_WIDTH / 2.0, PAGE_HEIGHT - 26.0, &words.sensitive));
        }
        let number = words.page_text(i + 1, count);
        page.push(Op::Line { x1: LEFT, y1: foot - 4.0, x2: RIGHT, y2: foot - 4.0, width: 0.4, color: RULE });
        page.push(FOOTER.text(LEFT, foot, clip(title, FOOTER, WIDTH * 0.7)));
        page.push(FOOTER.text_right(RIGHT, foot, &number));
    }
}
