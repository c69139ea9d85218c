//! A sample report with synthetic figures: two sections, suppressed cells, a chart, a table long enough to
//! go over a page, a label long enough to wrap, and an id too long for a sheet name.

use lekhotla_report::{Cell, CellState, Disclosure, DisclosureLevel, Label, Period, Report, Scope, Section, Table};
use time::macros::{date, datetime};

pub const TITLE: &str = "Trafficking in persons: figures for the quarter (synthetic)";
pub const LONG_ID: &str = "protection.referrals_by_week_received_and_source";

fn label(code: &str, label: &str) -> Label {
    Label::new(code, label)
}

/// A table of `values` (rows × columns, the last row and column being totals), suppressing counts from 1
/// to 9 and, in each row with one, the smallest other count (synthetic secondary suppression), unless
/// `sensitive`.
fn table(
    (id, title): (&str, &str),
    (row_heading, column_heading): (&str, &str),
    rows: Vec<Label>,
    columns: Vec<Label>,
    values: Vec<Vec<u64>>,
    chart: bool,
    sensitive: bool,
) -> Table {
    let cells = values
        .iter()
        .map(|row| {
            let mut cells: Vec<Cell> =
                row.iter().map(|&v| Cell { value: Some(v), state: CellState::Published }).collect();
            if sensitive {
                return cells;
            }
            let primary: Vec<usize> = (0..row.len()).filter(|&c| (1..10).contains(&row[c])).collect();
            for &c in &primary {
                cells[c] = Cell { value: None, state: CellState::Primary };
            }
            if primary.len() == 1 && row.len() > 2 {
                let other = (0..row.len() - 1).filter(|c| !primary.contains(c)).min_by_key(|&c| row[c]);
                if let Some(c) = other {
                    cells[c] = Cell { value: None, state: CellState::Secondary };
                }
            }
            cells
        })
        .collect();
    Table {
        id: id.into(),
        title: title.into(),
        definition: format!(
            "{title}: people or cases counted once each, placed in the quarter by the date they were \
             first recorded. The total row and column are the sums of the others."
        ),
        row_heading: row_heading.into(),
        column_heading: column_heading.into(),
        rows,
        columns,
        cells,
        chart,
    }
}

/// Each row with its total appended, then a total row.
fn with_totals(rows: Vec<Vec<u64>>) -> Vec<Vec<u64>> {
    let mut out: Vec<Vec<u64>> = rows
        .into_iter()
        .map(|mut r| {
            r.push(r.iter().sum());
            r
        })
        .collect();
    let width = out.first().map_or(0, Vec::len);
    let total = (0..width).map(|c| out.iter().map(|r| r[c]).sum()).collect();
    out.push(total);
    out
}

fn total() -> Label {
    label("total", "Total")
}

const DISTRICTS: [(&str, &str); 10] = [
    ("LS-A", "Maseru"),
    ("LS-B", "Butha-Buthe"),
    ("LS-C", "Leribe"),
    ("LS-D", "Berea"),
    ("LS-E", "Mafeteng"),
    ("LS-F", "Mohale's Hoek"),
    ("LS-G", "Quthing"),
    ("LS-H", "Qacha's Nek"),
    ("LS-J", "Mokhotlong"),
    ("LS-K", "Thaba-Tseka"),
];

/// The sample report; `sensitive` makes it unsuppressed (OFFICIAL - SENSITIVE).
pub fn report(sensitive: bool) -> Report {
    let disclosure = if sensitive {
        Disclosure { level: DisclosureLevel::Unsuppressed, threshold: 0, protection: 0 }
    } else {
        Disclosure { level: DisclosureLevel::Public, threshold: 10, protection: 3 }
    };
    let stages = vec![
        label("investigation", "Under investigation"),
        label("prosecution", "Before the courts"),
        label("conviction", "Concluded with a conviction"),
        label("acquittal", "Concluded with an acquittal"),
        total(),
    ];
    let forms = vec![
        label("sexual", "Sexual exploitation"),
        label("labour", "Forced labour"),
        label("other", "Other forms"),
        total(),
    ];
    let cases = table(
        ("prosecution.cases_by_stage", "Cases by stage and form of exploitation"),
        ("Stage of the case", "Form of exploitation"),
        stages,
        forms,
        with_totals(vec![vec![34, 21, 12], vec![18, 4, 11], vec![12, 10, 0], vec![3, 15, 13]]),
        false,
        sensitive,
    );
    let months = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let by_month = table(
        ("prosecution.cases_by_district_month", "Cases opened, by district and month"),
        ("District", "Month the case was opened"),
        DISTRICTS.iter().map(|(code, name)| label(code, name)).chain([total()]).collect(),
        months.iter().map(|m| label(&m.to_lowercase(), m)).chain([total()]).collect(),
        with_totals(
            (0..DISTRICTS.len() as u64).map(|d| (0..12u64).map(|m| (d * 17 + m * 11) % 40).collect()).collect(),
        ),
        false,
        sensitive,
    );
    let sex_age = table(
        ("protection.victims_by_sex_age", "Victims identified, by sex and age group"),
        ("Sex", "Age group"),
        vec![label("female", "Female"), label("male", "Male"), total()],
        vec![label("child", "0 to 17"), label("adult", "18 and over"), total()],
        with_totals(vec![vec![27, 96], vec![7, 1250]]),
        false,
        sensitive,
    );
    let by_district = table(
        ("protection.victims_by_district", "Victims identified, by district of identification"),
        ("District", "Victims"),
        DISTRICTS.iter().map(|(code, name)| label(code, name)).chain([total()]).collect(),
        vec![label("victims", "Victims")],
        {
            let counts: Vec<u64> = vec![412, 37, 88, 51, 6, 23, 0, 3, 14, 29];
            let mut rows: Vec<Vec<u64>> = counts.iter().map(|&v| vec![v]).collect();
            rows.push(vec![counts.iter().sum()]);
            rows
        },
        true,
        sensitive,
    );
    let weeks = table(
        (LONG_ID, "Referrals received, by week and source"),
        ("Week of the referral", "Source of the referral"),
        (1..=40)
            .map(|w| {
                let text = if w == 7 {
                    format!("Week {w}, which closed the reporting of the border posts' joint operation with the police")
                } else {
                    format!("Week {w}")
                };
                label(&format!("w{w}"), &text)
            })
            .chain([total()])
            .collect(),
        vec![label("police", "Police"), label("social", "Social development"), label("ngo", "Civil society"), total()],
        with_totals((1..=40u64).map(|w| vec![10 + (w * 7) % 31, (w * 5) % 13, 12 + w % 9]).collect()),
        false,
        sensitive,
    );
    Report {
        kind: "tip".into(),
        title: TITLE.into(),
        period: Period { from: date!(2025 - 01 - 01), to: date!(2025 - 03 - 31) },
        scope: Scope::National,
        disclosure,
        computed_at: datetime!(2025-04-02 07:30 UTC),
        definitions_version: 3,
        notes: vec![
            "A victim is a person identified as a presumed or confirmed victim of trafficking in the period.".into(),
            "People who did not consent to statistics are counted in no table.".into(),
        ],
        sections: vec![
            Section { id: "prosecution".into(), title: "Prosecution".into(), tables: vec![cases, by_month] },
            Section { id: "protection".into(), title: "Protection".into(), tables: vec![sex_age, by_district, weeks] },
        ],
        data_state: None,
    }
}
