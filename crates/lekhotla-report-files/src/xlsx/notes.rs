//! The workbook's Notes sheet: the report's facts (title, period, scope, when computed, definitions
//! version), the disclosure rule in words, the marking, the report's notes, and each table's sheet, id,
//! title and definition.

use lekhotla_report::Report;
use rust_xlsxwriter::{Format, Worksheet, XlsxError};

use super::Formats;
use crate::words::Words;

/// Characters of column B on one printed line, to size wrapped rows.
const VALUE_WIDTH: usize = 100;

pub fn write(
    sheet: &mut Worksheet,
    report: &Report,
    words: &Words,
    sheet_names: &[String],
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_column_width(0, 24)?;
    sheet.set_column_width(1, VALUE_WIDTH as f64)?;
    let mut notes = Rows { sheet, next: 0, formats };
    notes.sheet.write_string_with_format(0, 0, &report.title, &formats.title)?;
    notes.next = 2;

    notes.fact(&words.title, &report.title)?;
    notes.fact(&words.period, &words.period_text(&report.period))?;
    notes.fact(&words.scope, &words.scope_text(&report.scope))?;
    notes.fact(&words.computed_at, &words.computed_text(report.computed_at))?;
    notes.sheet.write_string_with_format(notes.next, 0, &words.definitions_version, &formats.bold)?;
    notes.sheet.write_number_with_format(notes.next, 1, f64::from(report.definitions_version), &formats.wrap)?;
    notes.next += 1;
    for (i, sentence) in words.rule_sentences(&report.disclosure).iter().enumerate() {
        let label = if i == 0 { words.disclosure.as_str() } else { "" };
        notes.fact(label, sentence)?;
    }
    if report.is_sensitive() {
        notes.line(&words.sensitive_note, &formats.marking)?;
    } else {
        notes.fact("", &words.suppressed_key)?;
    }

    if !report.notes.is_empty() {
        notes.next += 1;
        notes.heading(&words.notes)?;
        for note in &report.notes {
            notes.fact("", note)?;
        }
    }

    notes.next += 1;
    notes.heading(&words.tables)?;
    for ((section, table), name) in report.tables().zip(sheet_names) {
        notes.fact_with(&words.sheet, name, &formats.bold)?;
        notes.fact(&words.table_id, &table.id)?;
        notes.fact(&words.title, &table.title)?;
        notes.fact(&words.definition, &table.definition)?;
        notes.fact(&words.section, &section.title)?;
        notes.next += 1;
    }
    Ok(())
}

/// Writes the sheet's rows one after another.
struct Rows<'a, 'f> {
    sheet: &'a mut Worksheet,
    next: u32,
    formats: &'f Formats,
}

impl Rows<'_, '_> {
    /// A label in column A and its value in column B, wrapped.
    fn fact(&mut self, label: &str, value: &str) -> Result<(), XlsxError> {
        let wrap = self.formats.wrap.clone();
        self.fact_with(label, value, &wrap)
    }

    fn fact_with(&mut self, label: &str, value: &str, format: &Format) -> Result<(), XlsxError> {
        if !label.is_empty() {
            self.sheet.write_string_with_format(self.next, 0, label, &self.formats.bold)?;
        }
        self.sheet.write_string_with_format(self.next, 1, value, &format.clone().set_text_wrap())?;
        let lines = value.chars().count().div_ceil(VALUE_WIDTH).max(1);
        if lines > 1 {
            self.sheet.set_row_height(self.next, 15.0 * lines as f64)?;
        }
        self.next += 1;
        Ok(())
    }

    fn heading(&mut self, text: &str) -> Result<(), XlsxError> {
        let bold = self.formats.bold.clone();
        self.line(text, &bold)
    }

    fn line(&mut self, text: &str, format: &Format) -> Result<(), XlsxError> {
        self.sheet.write_string_with_format(self.next, 0, text, format)?;
        self.next += 1;
        Ok(())
    }
}
