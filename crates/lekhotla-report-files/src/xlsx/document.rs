//! A [`Document`] as an XLSX workbook: a first sheet with the title and facts, then one sheet per part, its
//! blocks one under another: headings in bold, paragraphs across the sheet, grids with a shaded heading row
//! (numbers as numbers), tables of counts with their title, definition and "x" for a suppressed cell.

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use super::names::SheetNames;
use super::{A4, Formats, write_cell};
use crate::document::{Block, Document, Grid};
use crate::words::Words;
use crate::{FilesError, is_total};

/// How many columns a paragraph spans.
const SPAN: u16 = 6;

pub fn write(doc: &Document, words: &Words) -> Result<Vec<u8>, FilesError> {
    let formats = Formats::new();
    let mut names = SheetNames::default();
    let mut workbook = Workbook::new();
    let front = workbook.add_worksheet();
    front.set_name(names.give(&doc.title, "Summary"))?;
    setup(front, doc, words);
    front.write_string_with_format(0, 0, &doc.title, &formats.title)?;
    if doc.sensitive {
        front.write_string_with_format(1, 0, &words.sensitive_note, &formats.marking)?;
    }
    for (r, (label, value)) in (3u32..).zip(&doc.facts) {
        front.write_string_with_format(r, 0, label, &formats.bold)?;
        front.write_string_with_format(r, 1, value, &formats.label)?;
    }
    let mut r = 4 + u32::try_from(doc.facts.len()).unwrap_or(0);
    front.write_string_with_format(r, 0, &words.tables, &formats.bold)?;
    let mut sheet_names = Vec::new();
    for part in &doc.parts {
        r += 1;
        let name = names.give(&part.sheet, &format!("{}", sheet_names.len() + 2));
        front.write_string(r, 0, &part.title)?;
        front.write_string_with_format(r, 1, &name, &formats.faint)?;
        sheet_names.push(name);
    }
    front.set_column_width(0, 28.0)?;
    front.set_column_width(1, 90.0)?;
    for (part, name) in doc.parts.iter().zip(&sheet_names) {
        let sheet = workbook.add_worksheet();
        sheet.set_name(name)?;
        setup(sheet, doc, words);
        sheet.write_string_with_format(0, 0, &part.title, &formats.title)?;
        let mut row = 2u32;
        let mut widths = vec![14.0f64; usize::from(SPAN) + 1];
        for block in &part.blocks {
            row = block_rows(sheet, row, block, words, &formats, &mut widths)? + 1;
        }
        for (c, w) in (0u16..).zip(&widths) {
            sheet.set_column_width(c, *w)?;
        }
    }
    Ok(workbook.save_to_buffer()?)
}

/// A4, fitted to the page's width, marked OFFICIAL - SENSITIVE in the printed header when unsuppressed.
fn setup(sheet: &mut Worksheet, doc: &Document, words: &Words) {
    sheet.set_paper_size(A4).set_print_fit_to_pages(1, 0);
    if doc.sensitive {
        sheet.set_header(format!("&C&\"-,Bold\"{}", words.sensitive.replace('&', "&&")));
    }
}

/// A paragraph across the sheet, tall enough for its lines.
fn across(sheet: &mut Worksheet, row: u32, text: &str, format: &rust_xlsxwriter::Format) -> Result<(), XlsxError> {
    sheet.merge_range(row, 0, row, SPAN, text, format)?;
    let lines = text.chars().count().div_ceil(110).max(1);
    sheet.set_row_height(row, 15.0 * lines as f64)?;
    Ok(())
}

/// Writes `block` from `row`; returns the row after it.
fn block_rows(
    sheet: &mut Worksheet,
    row: u32,
    block: &Block,
    words: &Words,
    formats: &Formats,
    widths: &mut [f64],
) -> Result<u32, XlsxError> {
    match block {
        Block::Heading(text) => {
            sheet.write_string_with_format(row, 0, text, &formats.bold)?;
            Ok(row + 1)
        }
        Block::Paragraph(text) => {
            across(sheet, row, text, &formats.wrap)?;
            Ok(row + 1)
        }
        Block::Note(text) => {
            across(sheet, row, text, &formats.faint)?;
            Ok(row + 1)
        }
        Block::Grid(grid) => grid_rows(sheet, row, grid, formats, widths),
        Block::Figures(table) => {
            sheet.write_string_with_format(row, 0, &table.title, &formats.bold)?;
            across(sheet, row + 1, &table.definition, &formats.faint)?;
            let labels = row + 2;
            sheet.write_string_with_format(labels, 0, &table.row_heading, &formats.heading_left)?;
            for (c, column) in (1u16..).zip(&table.columns) {
                sheet.write_string_with_format(labels, c, &column.label, &formats.heading)?;
            }
            let mut any_suppressed = false;
            let mut r = labels + 1;
            for (label, cells) in table.rows.iter().zip(&table.cells) {
                let format = if is_total(label) { &formats.label_bold } else { &formats.label };
                sheet.write_string_with_format(r, 0, &label.label, format)?;
                for ((c, column), cell) in (1u16..).zip(&table.columns).zip(cells) {
                    let bold = is_total(label) || is_total(column);
                    any_suppressed |= write_cell(sheet, (r, c), cell, column.decimals, bold, formats)?;
                }
                r += 1;
            }
            if any_suppressed {
                sheet.write_string_with_format(r, 0, &words.suppressed_key, &formats.faint)?;
                r += 1;
            }
            widths[0] = widths[0].max(36.0);
            Ok(r)
        }
    }
}

fn grid_rows(
    sheet: &mut Worksheet,
    row: u32,
    grid: &Grid,
    formats: &Formats,
    widths: &mut [f64],
) -> Result<u32, XlsxError> {
    for (c, column) in (0u16..).zip(&grid.columns) {
        let format = if column.numeric { &formats.heading } else { &formats.heading_left };
        sheet.write_string_with_format(row, c, &column.label, format)?;
        if let Some(w) = widths.get_mut(usize::from(c)) {
            *w = w.max(f64::from(column.weight * 12.0).clamp(10.0, 60.0));
        }
    }
    let mut r = row + 1;
    for cells in &grid.rows {
        for ((c, column), text) in (0u16..).zip(&grid.columns).zip(cells) {
            match text.replace(['\u{a0}', ' ', ','], "").parse::<f64>() {
                Ok(n) if column.numeric => sheet.write_number_with_format(r, c, n, &formats.number)?,
                _ => sheet.write_string_with_format(r, c, text, &formats.label)?,
            };
        }
        r += 1;
    }
    Ok(r)
}
