//! The workbook read back with calamine: its sheets' names, every cell of every table (numbers as numbers,
//! "x" where suppressed), and the Notes sheet's facts, rule and definitions; and its XML, unzipped: totals
//! in bold, the printed OFFICIAL - SENSITIVE header exactly when nothing was suppressed.

use std::io::{Cursor, Read};

use calamine::{Data, Range, Reader, Xlsx, open_workbook_from_rs};
use lekhotla_report::Report;
use lekhotla_report_files::{Words, xlsx};

use super::sample;

/// The sheet's rows (0-based) of the headings and of the table's first row.
const LABELS_ROW: u32 = 5;
const FIRST_ROW: u32 = 6;

fn open(report: &Report) -> Xlsx<Cursor<Vec<u8>>> {
    let bytes = xlsx(report).expect("the workbook is written");
    assert!(bytes.starts_with(b"PK"), "an XLSX file is a zip archive");
    if let Some(dir) = std::env::var_os("LEKHOTLA_REPORT_FILES_OUT") {
        let name = format!("lekhotla-report-files-{}.xlsx", if report.is_sensitive() { "sensitive" } else { "public" });
        std::fs::write(std::path::Path::new(&dir).join(name), &bytes).expect("the workbook is kept");
    }
    open_workbook_from_rs(Cursor::new(bytes)).expect("calamine reads the workbook")
}

/// A part of the workbook's zip archive, as text.
fn part(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("the workbook is a zip archive");
    let mut text = String::new();
    archive.by_name(name).expect(name).read_to_string(&mut text).expect("the part is UTF-8");
    text
}

/// The `n`th (from 0) element `<tag ...>` inside `<list ...>...</list>`, up to its end.
fn nth<'a>(xml: &'a str, list: &str, tag: &str, n: usize) -> &'a str {
    let start = xml.find(&format!("<{list}")).expect(list);
    let end = xml[start..].find(&format!("</{list}>")).expect(list) + start;
    let open = format!("<{tag}");
    let inside = &xml[start..end];
    let at = inside.match_indices(&open).map(|(i, _)| i).nth(n).expect("the element");
    let rest = &inside[at..];
    let stop = rest[1..].find(&open).map_or(rest.len(), |i| i + 1);
    &rest[..stop]
}

/// Whether the cell `reference` (e.g. "E7") of a sheet's XML is in a bold font, by the workbook's styles.
fn is_bold(sheet: &str, styles: &str, reference: &str) -> bool {
    let at = sheet.find(&format!("<c r=\"{reference}\"")).unwrap_or_else(|| panic!("no cell {reference}"));
    let cell = &sheet[at..at + sheet[at..].find('>').expect("the cell's tag ends")];
    let style: usize =
        cell.split(" s=\"").nth(1).map_or(0, |s| s[..s.find('"').expect("quoted")].parse().expect("a number"));
    let xf = nth(styles, "cellXfs", "xf", style);
    let font: usize =
        xf.split("fontId=\"").nth(1).map_or(0, |s| s[..s.find('"').expect("quoted")].parse().expect("a number"));
    nth(styles, "fonts", "font", font).contains("<b/>")
}

fn column_letter(c: usize) -> char {
    char::from(b'A' + u8::try_from(c).expect("a narrow table"))
}

fn text(range: &Range<Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => f.to_string(),
        Some(Data::Int(i)) => i.to_string(),
        other => panic!("no text at ({row}, {col}): {other:?}"),
    }
}

/// Every string on the sheet, row by row.
fn strings(range: &Range<Data>) -> Vec<String> {
    range.cells().filter_map(|(_, _, d)| if let Data::String(s) = d { Some(s.clone()) } else { None }).collect()
}

#[test]
fn the_sheets_are_the_notes_then_one_per_table_with_names_excel_accepts() {
    let report = sample::report(false);
    let workbook = open(&report);
    let names = workbook.sheet_names();
    let mut expected = vec!["Notes".to_owned()];
    expected.extend(report.tables().map(|(_, t)| t.id.chars().take(31).collect::<String>()));
    assert_eq!(names, expected);
    assert!(names.iter().any(|n| n.len() == 31 && sample::LONG_ID.starts_with(n.as_str())), "{names:?}");
    for name in &names {
        assert!(name.chars().count() <= 31 && !name.contains(['[', ']', ':', '*', '?', '/', '\\']), "{name}");
    }
}

#[test]
fn every_cell_is_its_count_or_an_x_under_the_table_headings() {
    for sensitive in [false, true] {
        let report = sample::report(sensitive);
        let mut workbook = open(&report);
        let names = workbook.sheet_names();
        let mut suppressed = 0;
        for ((_, table), name) in report.tables().zip(names.iter().skip(1)) {
            let range = workbook.worksheet_range(name).expect("the table's sheet");
            assert_eq!(text(&range, 0, 0), table.title);
            assert_eq!(text(&range, 1, 0), table.definition);
            assert_eq!(text(&range, LABELS_ROW, 0), table.row_heading);
            for (c, column) in (1u32..).zip(&table.columns) {
                assert_eq!(text(&range, LABELS_ROW, c), column.label, "{name}");
            }
            for ((r, row), cells) in (FIRST_ROW..).zip(&table.rows).zip(&table.cells) {
                assert_eq!(text(&range, r, 0), row.label, "{name}");
                for (c, cell) in (1u32..).zip(cells) {
                    let got = range.get_value((r, c));
                    match cell.value {
                        Some(v) => assert_eq!(got, Some(&Data::Float(v as f64)), "{name} ({r}, {c})"),
                        None => {
                            suppressed += 1;
                            assert_eq!(got, Some(&Data::String("x".into())), "{name} ({r}, {c})");
                        }
                    }
                }
                let beyond = range.get_value((r, table.columns.len() as u32 + 1));
                assert!(matches!(beyond, None | Some(Data::Empty)), "{name}: nothing right of the table");
            }
            let key = strings(&range).contains(&Words::english().suppressed_key);
            assert_eq!(key, table.cells.iter().flatten().any(|c| c.value.is_none()), "{name}: the key to x");
        }
        assert_eq!(suppressed > 0, !sensitive, "the sample suppresses cells unless sensitive");
    }
}

#[test]
fn the_notes_sheet_states_the_facts_the_rule_and_every_definition() {
    let report = sample::report(false);
    let mut workbook = open(&report);
    let notes = strings(&workbook.worksheet_range("Notes").expect("the Notes sheet"));
    let has = |s: &str| notes.iter().any(|n| n == s);
    assert!(has(sample::TITLE));
    assert!(has("2025-01-01 to 2025-03-31"), "{notes:?}");
    assert!(has("National (all districts)"));
    assert!(has("2025-04-02 07:30 UTC"), "{notes:?}");
    assert!(has("Disclosure rule: public."), "{notes:?}");
    assert!(
        has("Counts from 1 to 9 (below the threshold of 10) are suppressed and shown as x; counts of 0 are shown."),
        "{notes:?}"
    );
    assert!(notes.iter().any(|n| n.contains("secondary suppression") && n.contains("narrower than 3")), "{notes:?}");
    assert!(has("x = suppressed to protect the people counted"));
    assert!(!notes.iter().any(|n| n.contains("OFFICIAL - SENSITIVE")), "a suppressed report is not marked");
    for note in &report.notes {
        assert!(has(note), "{note}");
    }
    for (section, table) in report.tables() {
        assert!(has(&table.id) && has(&table.title) && has(&table.definition) && has(&section.title), "{}", table.id);
    }
    let range = workbook.worksheet_range("Notes").expect("the Notes sheet");
    let version = range.cells().any(|(_, _, d)| *d == Data::Float(3.0));
    assert!(version, "the definitions version, as a number");
}

#[test]
fn an_unsuppressed_report_says_so_on_its_notes_sheet() {
    let report = sample::report(true);
    let mut workbook = open(&report);
    let notes = strings(&workbook.worksheet_range("Notes").expect("the Notes sheet"));
    assert!(notes.iter().any(|n| n == "OFFICIAL - SENSITIVE: nothing suppressed"), "{notes:?}");
    assert!(notes.iter().any(|n| n.contains("Nothing is suppressed")), "{notes:?}");
    assert!(!notes.iter().any(|n| n.contains("from 1 to")), "{notes:?}");
}

#[test]
fn totals_are_bold_and_other_counts_are_not() {
    let report = sample::report(false);
    let bytes = xlsx(&report).expect("the workbook is written");
    let styles = part(&bytes, "xl/styles.xml");
    // Sheet 2 is the first table's: rows 0..4 stages then the total; columns 3 forms then the total.
    let (_, table) = report.tables().next().expect("a table");
    let sheet = part(&bytes, "xl/worksheets/sheet2.xml");
    for (r, row) in table.rows.iter().enumerate() {
        for (c, column) in table.columns.iter().enumerate() {
            let reference = format!("{}{}", column_letter(c + 1), FIRST_ROW as usize + r + 1);
            let total = row.code == "total" || column.code == "total";
            assert_eq!(is_bold(&sheet, &styles, &reference), total, "{reference}");
        }
    }
}

#[test]
fn every_sheet_of_an_unsuppressed_report_prints_the_marking() {
    for sensitive in [false, true] {
        let report = sample::report(sensitive);
        let bytes = xlsx(&report).expect("the workbook is written");
        for n in 1..=report.tables().count() + 1 {
            let sheet = part(&bytes, &format!("xl/worksheets/sheet{n}.xml"));
            let header = sheet.contains("<oddHeader>") && sheet.contains("OFFICIAL - SENSITIVE</oddHeader>");
            assert_eq!(header, sensitive, "sheet {n}");
        }
    }
}
