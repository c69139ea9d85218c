//! A document in words and tables (the action plan's progress report is one): a title with its facts, then
//! parts, each a run of headings, paragraphs, notes, grids of text and tables of counts. The caller writes
//! every word in the reader's language; [`crate::document_pdf`] and [`crate::document_xlsx`] lay it out.

use lekhotla_report::Table;

/// A document as the files print it.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub title: String,
    /// Label and value, shown under the title (the period, when computed, the disclosure rule…).
    pub facts: Vec<(String, String)>,
    /// Marked OFFICIAL - SENSITIVE on every page (nothing was suppressed).
    pub sensitive: bool,
    pub parts: Vec<Part>,
}

/// A part of the document: its title, then its blocks in order. In the workbook, a sheet of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub title: String,
    /// The name of its sheet in the workbook (at most 31 characters are kept).
    pub sheet: String,
    pub blocks: Vec<Block>,
}

/// One block of a part.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading(String),
    Paragraph(String),
    /// A paragraph in small grey type: a source, a caveat.
    Note(String),
    Grid(Grid),
    /// A table of counts, suppressed cells as "x" (the statistics' own tables).
    Figures(Table),
}

/// A table of text: a heading row, then rows of as many cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
}

/// A column of a [`Grid`].
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub label: String,
    /// Its share of the width, against the other columns' weights.
    pub weight: f32,
    /// Right-aligned, and written as a number in the workbook where its text is one.
    pub numeric: bool,
}

impl Column {
    pub fn text(label: impl Into<String>, weight: f32) -> Column {
        Column { label: label.into(), weight, numeric: false }
    }

    pub fn number(label: impl Into<String>, weight: f32) -> Column {
        Column { label: label.into(), weight, numeric: true }
    }
}

impl Document {
    /// Every grid and table of the document, for checks.
    pub fn blocks(&self) -> impl Iterator<Item = &Block> {
        self.parts.iter().flat_map(|p| &p.blocks)
    }
}
