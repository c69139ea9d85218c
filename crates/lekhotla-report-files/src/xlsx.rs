//! The report as an XLSX workbook: a Notes sheet first, then one sheet per table with its title, definition,
//! headings and counts (numbers as numbers, suppressed cells as the text "x", totals in bold).

mod document;
mod names;
mod notes;

pub use document::write as write_document;

use lekhotla_report::{Cell, Report, Section, Table};
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::words::{Words, fill};
use crate::{FilesError, SUPPRESSED, is_total};
use names::SheetNames;

/// Excel's paper size code for A4.
const A4: u8 = 9;

/// The rows of a table's sheet, counted from 0: the title, the definition, the column heading over the
/// column labels, then the row heading with the column labels, then one row per row of the table.
pub(crate) mod layout {
    pub const TITLE: u32 = 0;
    pub const DEFINITION: u32 = 1;
    pub const SECTION: u32 = 2;
    pub const COLUMN_HEADING: u32 = 4;
    pub const LABELS: u32 = 5;
    pub const FIRST_ROW: u32 = 6;
}

/// The report as an XLSX workbook, in the words given.
pub fn write(report: &Report, words: &Words) -> Result<Vec<u8>, FilesError> {
    let formats = Formats::new();
    let mut names = SheetNames::default();
    let notes_name = names.give(&words.notes_sheet, "Notes");
    let sheet_names: Vec<String> = report
        .tables()
        .enumerate()
        .map(|(i, (_, table))| names.give(&table.id, &fill(&words.table_sheet, &[("n", (i + 1).to_string())])))
        .collect();

    let mut workbook = Workbook::new();
    let notes = workbook.add_worksheet();
    notes.set_name(&notes_name)?;
    page_setup(notes, report, words);
    notes::write(notes, report, words, &sheet_names, &formats)?;
    for ((section, table), name) in report.tables().zip(&sheet_names) {
        let sheet = workbook.add_worksheet();
        sheet.set_name(name)?;
        page_setup(sheet, report, words);
        table_sheet(sheet, section, table, words, &formats)?;
    }
    Ok(workbook.save_to_buffer()?)
}

/// A4, fitted to the page's width, marked OFFICIAL - SENSITIVE in the printed header when unsuppressed.
fn page_setup(sheet: &mut Worksheet, report: &Report, words: &Words) {
    sheet.set_paper_size(A4).set_print_fit_to_pages(1, 0);
    if report.is_sensitive() {
        sheet.set_header(format!("&C&\"-,Bold\"{}", words.sensitive.replace('&', "&&")));
    }
}

fn table_sheet(
    sheet: &mut Worksheet,
    section: &Section,
    table: &Table,
    words: &Words,
    formats: &Formats,
) -> Result<(), XlsxError> {
    use layout::*;
    let last_col = u16::try_from(table.columns.len()).unwrap_or(u16::MAX).max(1);
    sheet.write_string_with_format(TITLE, 0, &table.title, &formats.title)?;
    // The definition across the table's width, tall enough for its lines.
    let span = last_col.max(5);
    sheet.merge_range(DEFINITION, 0, DEFINITION, span, &table.definition, &formats.wrap)?;
    let chars_per_line = 40 + 12 * usize::from(span);
    let lines = table.definition.chars().count().div_ceil(chars_per_line).max(1);
    sheet.set_row_height(DEFINITION, 15.0 * lines as f64)?;
    sheet.write_string_with_format(SECTION, 0, format!("{}: {}", words.section, section.title), &formats.faint)?;

    if table.columns.len() > 1 {
        sheet.merge_range(COLUMN_HEADING, 1, COLUMN_HEADING, last_col, &table.column_heading, &formats.spanner)?;
    } else {
        sheet.write_string_with_format(COLUMN_HEADING, 1, &table.column_heading, &formats.spanner)?;
    }
    sheet.write_string_with_format(LABELS, 0, &table.row_heading, &formats.heading_left)?;
    for (c, column) in (1u16..).zip(&table.columns) {
        sheet.write_string_with_format(LABELS, c, &column.label, &formats.heading)?;
    }

    let mut any_suppressed = false;
    for ((r, row), cells) in (FIRST_ROW..).zip(&table.rows).zip(&table.cells) {
        let row_total = is_total(row);
        let label_format = if row_total { &formats.label_bold } else { &formats.label };
        sheet.write_string_with_format(r, 0, &row.label, label_format)?;
        for ((c, column), cell) in (1u16..).zip(&table.columns).zip(cells) {
            let bold = row_total || is_total(column);
            any_suppressed |= write_cell(sheet, (r, c), cell, column.decimals, bold, formats)?;
        }
    }
    if any_suppressed {
        let after = FIRST_ROW + u32::try_from(table.rows.len()).unwrap_or(u32::MAX - FIRST_ROW - 2) + 1;
        sheet.write_string_with_format(after, 0, &words.suppressed_key, &formats.faint)?;
    }

    let label_width = table.rows.iter().map(|r| r.label.chars().count()).max().unwrap_or(10);
    let label_width = label_width.max(table.row_heading.chars().count()).clamp(14, 48);
    sheet.set_column_width(0, label_width as f64 + 2.0)?;
    for (c, column) in (1u16..).zip(&table.columns) {
        let longest_word = column.label.split_whitespace().map(|w| w.chars().count()).max().unwrap_or(0);
        let width = (column.label.chars().count() as f64 / 2.0).max(longest_word as f64).clamp(8.0, 18.0);
        sheet.set_column_width(c, width + 2.0)?;
    }
    sheet.set_freeze_panes(FIRST_ROW, 1)?;
    sheet.set_repeat_rows(LABELS, LABELS)?;
    Ok(())
}

/// Writes a count as a number, or "x" when suppressed; returns whether it was suppressed.
fn write_cell(
    sheet: &mut Worksheet,
    (row, col): (u32, u16),
    cell: &Cell,
    decimals: u8,
    bold: bool,
    formats: &Formats,
) -> Result<bool, XlsxError> {
    match cell.value {
        Some(value) => {
            let format = if bold { &formats.number_bold } else { &formats.number };
            // A rate column keeps its value times 10^decimals: written as the rate itself.
            let shown = value as f64 / 10f64.powi(i32::from(decimals));
            sheet.write_number_with_format(row, col, shown, format)?;
            Ok(false)
        }
        None => {
            let format = if bold { &formats.x_bold } else { &formats.x };
            sheet.write_string_with_format(row, col, SUPPRESSED, format)?;
            Ok(true)
        }
    }
}

/// The cell formats the workbook uses.
pub(crate) struct Formats {
    pub title: Format,
    pub bold: Format,
    pub wrap: Format,
    pub faint: Format,
    pub marking: Format,
    pub spanner: Format,
    pub heading: Format,
    pub heading_left: Format,
    pub label: Format,
    pub label_bold: Format,
    pub number: Format,
    pub number_bold: Format,
    pub x: Format,
    pub x_bold: Format,
}

impl Formats {
    fn new() -> Formats {
        let grey = Color::RGB(0x59_59_59);
        let heading = Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Right)
            .set_align(FormatAlign::Bottom)
            .set_border_bottom(FormatBorder::Thin)
            .set_background_color(Color::RGB(0xEE_EE_EE));
        let number = Format::new().set_num_format("#,##0").set_align(FormatAlign::Right);
        let x = Format::new().set_align(FormatAlign::Right);
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            bold: Format::new().set_bold(),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            faint: Format::new().set_font_color(grey).set_italic(),
            marking: Format::new().set_bold().set_font_color(Color::RGB(0xC0_00_00)),
            spanner: Format::new().set_bold().set_align(FormatAlign::Center).set_border_bottom(FormatBorder::Thin),
            heading_left: heading.clone().set_align(FormatAlign::Left),
            heading,
            label: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            label_bold: Format::new().set_text_wrap().set_align(FormatAlign::Top).set_bold(),
            number_bold: number.clone().set_bold(),
            number,
            x_bold: x.clone().set_bold(),
            x,
        }
    }
}
