//! A document in words and tables (the shape of the action plan's progress report) read back: the PDF's
//! title, facts, headings, every grid cell and table count, "x" for a suppressed cell, a long grid over pages
//! with its heading again, the marking exactly when unsuppressed; the workbook's sheets, cells and numbers.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use lekhotla_report_files::{Block, Column, Document, Grid, Part, Words, document_pdf, document_xlsx};

use super::pdf::text_pages;
use super::sample;

fn document(sensitive: bool, rows: usize) -> Document {
    let activities = Grid {
        columns: vec![Column::text("Activity", 3.0), Column::text("Status", 1.0), Column::number("Budget", 1.0)],
        rows: (1..=rows)
            .map(|i| {
                vec![
                    format!("1.1.{i} Train Leribe prosecutors on the amended Act"),
                    "Done".into(),
                    format!("{}", i * 1000),
                ]
            })
            .collect(),
    };
    let table = sample::report(false).sections[0].tables[0].clone();
    Document {
        title: "Progress on the action plan and the 2025 recommendations".into(),
        facts: vec![("Period".into(), "2025-04-01 to 2025-11-30".into()), ("Disclosure rule".into(), "Public".into())],
        sensitive,
        parts: vec![
            Part {
                title: "Recommendations of 2025".into(),
                sheet: "Recommendations of 2025".into(),
                blocks: vec![
                    Block::Heading("2025-1 · Prosecution · Prioritised: Open".into()),
                    Block::Paragraph(
                        "Vigorously investigate and prosecute trafficking crimes, including complicit officials."
                            .into(),
                    ),
                    Block::Note("Carried over from 2024-2.".into()),
                    Block::Grid(activities),
                ],
            },
            Part { title: "The period's figures".into(), sheet: "Figures".into(), blocks: vec![Block::Figures(table)] },
        ],
    }
}

#[test]
fn the_pdf_holds_every_word_and_figure() {
    let doc = document(false, 3);
    let pages = text_pages(&document_pdf(&doc, &Words::english()).expect("the PDF is written"), "document");
    let all = pages.join(" ");
    for text in [
        "Progress on the action plan and the 2025 recommendations",
        "2025-04-01 to 2025-11-30",
        "2025-1 · Prosecution · Prioritised: Open",
        "Carried over from 2024-2.",
        "1.1.3 Train Leribe prosecutors",
        "Done 3000",
        "The period's figures",
    ] {
        assert!(all.contains(text), "{text:?} is missing from {all}");
    }
    let Block::Figures(table) = &doc.parts[1].blocks[0] else { unreachable!() };
    assert!(all.contains(&table.title));
    assert_eq!(pages.last().map(|p| p.contains(&format!("Page {} of {}", pages.len(), pages.len()))), Some(true));
    assert!(!all.contains("OFFICIAL - SENSITIVE"));
    let sensitive = text_pages(&document_pdf(&document(true, 3), &Words::english()).unwrap(), "document-sensitive");
    assert!(sensitive.iter().all(|p| p.contains("OFFICIAL - SENSITIVE")), "every page is marked");
}

#[test]
fn a_long_grid_goes_over_pages_under_its_heading() {
    let pages = text_pages(&document_pdf(&document(false, 120), &Words::english()).unwrap(), "document-long");
    assert!(pages.len() >= 3, "{} pages", pages.len());
    let with_rows: Vec<&String> = pages.iter().filter(|p| p.contains("Train Leribe")).collect();
    assert!(with_rows.len() >= 2);
    assert!(with_rows.iter().all(|p| p.contains("Activity Status Budget")), "the heading again on each page");
    let all = pages.join(" ");
    assert!((1..=120).all(|i| all.contains(&format!("1.1.{i} Train"))), "no row is lost");
}

#[test]
fn the_workbook_has_a_sheet_per_part_with_numbers_as_numbers() {
    let bytes = document_xlsx(&document(false, 3), &Words::english()).expect("the workbook is written");
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("calamine reads it");
    let names = book.sheet_names();
    assert_eq!(names.len(), 3, "{names:?}");
    assert_eq!(names[1], "Recommendations of 2025");
    let front = book.worksheet_range(&names[0]).unwrap();
    assert_eq!(
        front.get_value((0, 0)),
        Some(&Data::String("Progress on the action plan and the 2025 recommendations".into()))
    );
    let recs = book.worksheet_range("Recommendations of 2025").unwrap();
    let cells: Vec<&Data> = recs.used_cells().map(|(_, _, d)| d).collect();
    assert!(cells.contains(&&Data::Float(3000.0)), "a number column is written as numbers");
    assert!(cells.iter().any(|d| matches!(d, Data::String(s) if s.starts_with("Vigorously investigate"))));
    let figures = book.worksheet_range("Figures").unwrap();
    assert!(
        figures.used_cells().any(|(_, _, d)| matches!(d, Data::String(s) if s == "x"))
            || figures.used_cells().count() > 4
    );
}
