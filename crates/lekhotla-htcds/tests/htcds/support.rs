//! Shared pieces of the tests: demo data, exporting it, editing a file cell by cell, importing it.

use std::path::Path;

use lekhotla_demo::DemoGenerator;
use lekhotla_domain::{Case, Geography, Organisation};
use lekhotla_htcds::{ImportData, ImportErrors};
use time::Date;
use time::macros::date;

/// The demo data's day; imports accept dates up to the next day.
pub const TODAY: Date = date!(2026 - 05 - 20);

pub fn generator(seed: u64) -> DemoGenerator {
    let geography = Geography::from_csv(include_str!("../../../../data/geography/LS.csv")).unwrap();
    DemoGenerator::new(&geography, seed, TODAY)
}

/// `n` demo cases and the organisations they refer to.
pub fn demo(n: u64, seed: u64) -> (Vec<Organisation>, Vec<Case>) {
    let g = generator(seed);
    (g.organisations(), g.cases(n).collect())
}

pub fn export(dir: &Path, orgs: &[Organisation], cases: &[Case]) {
    lekhotla_htcds::export(dir, orgs, cases.iter().cloned(), &mut |_| {}).unwrap();
}

/// Exports `n` demo cases into `dir`.
pub fn export_demo(dir: &Path, n: u64, seed: u64) -> (Vec<Organisation>, Vec<Case>) {
    let (orgs, cases) = demo(n, seed);
    export(dir, &orgs, &cases);
    (orgs, cases)
}

pub fn import(dir: &Path) -> Result<ImportData, ImportErrors> {
    lekhotla_htcds::import_on(dir, TODAY.next_day().unwrap(), &mut |_| {})
}

/// The problems of an import that must fail, as printed.
pub fn problems(dir: &Path) -> Vec<String> {
    match import(dir) {
        Ok(_) => panic!("the import should have failed"),
        Err(e) => e.errors().iter().map(ToString::to_string).collect(),
    }
}

/// A file as rows of cells, the header first.
pub fn read(dir: &Path, file: &str) -> Vec<Vec<String>> {
    read_lines(dir, file).into_iter().map(|(_, row)| row).collect()
}

/// A file as rows of cells with the line each starts on (a cell may span lines: demo comments have `\r\n`).
pub fn read_lines(dir: &Path, file: &str) -> Vec<(u64, Vec<String>)> {
    let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_path(dir.join(file)).unwrap();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            (rec.position().unwrap().line(), rec.iter().map(str::to_owned).collect())
        })
        .collect()
}

pub fn write(dir: &Path, file: &str, rows: &[Vec<String>]) {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .flexible(true)
        .from_path(dir.join(file))
        .unwrap();
    for row in rows {
        w.write_record(row).unwrap();
    }
    w.flush().unwrap();
}

/// The position of `column` in a file's header.
pub fn column(rows: &[Vec<String>], column: &str) -> usize {
    rows[0].iter().position(|c| c == column).unwrap_or_else(|| panic!("no column {column}"))
}

/// Sets `column` of the first data row where `pick` holds; returns that row's line and the old value.
pub fn set(dir: &Path, file: &str, col: &str, value: &str, pick: impl Fn(&[String]) -> bool) -> (u64, String) {
    let lines = read_lines(dir, file);
    let mut rows: Vec<Vec<String>> = lines.iter().map(|(_, row)| row.clone()).collect();
    let c = column(&rows, col);
    let i = (1..rows.len()).find(|i| pick(&rows[*i])).unwrap_or_else(|| panic!("no row to change in {file}"));
    let old = std::mem::replace(&mut rows[i][c], value.to_owned());
    write(dir, file, &rows);
    (lines[i].0, old)
}

/// The line the last row of a file starts on.
pub fn last_line(dir: &Path, file: &str) -> u64 {
    read_lines(dir, file).last().map_or(0, |(line, _)| *line)
}

/// True for any row.
pub fn any(_: &[String]) -> bool {
    true
}

/// Asserts that exactly these problem prefixes were reported (each `file:line: column:`), in any order.
pub fn assert_problems(found: &[String], expected: &[String]) {
    for e in expected {
        assert!(found.iter().any(|f| f.starts_with(e.as_str())), "missing {e:?} in {found:#?}");
    }
    assert_eq!(found.len(), expected.len(), "{found:#?}");
}
