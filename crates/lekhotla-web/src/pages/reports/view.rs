//! A report as the page shows it: its sections and tables with the cells as text ("x" where suppressed), a
//! bar chart where the table asks for one (a suppressed bar is drawn empty and labelled "x"). The report comes
//! in the page's language already (`reports::text::translated`).

use lekhotla_report::{Cell, CellState, Report};

use crate::pages::chrome::Chrome;
use crate::pages::dashboard::charts::bars;

/// A choice of a select.
#[derive(Debug, Clone)]
pub struct Choice {
    pub code: String,
    pub label: String,
    pub current: bool,
}

/// A cell as the page shows it: its text, or "x" (`report_cell.html`) when suppressed.
#[derive(Debug, Clone)]
pub struct CellView {
    pub text: String,
    pub suppressed: bool,
}

impl CellView {
    pub fn of(cell: &Cell, decimals: u8) -> Self {
        CellView { text: cell.text(decimals), suppressed: cell.state != CellState::Published }
    }
}

#[derive(Debug)]
pub struct RowView {
    pub label: String,
    pub total: bool,
    pub cells: Vec<CellView>,
}

#[derive(Debug)]
pub struct TableView {
    pub id: String,
    pub title: String,
    pub definition: String,
    pub row_heading: String,
    pub columns: Vec<String>,
    pub rows: Vec<RowView>,
    pub chart: Option<String>,
}

#[derive(Debug)]
pub struct SectionView {
    pub id: String,
    pub title: String,
    pub tables: Vec<TableView>,
}

/// The report's sections for the page, in the words of the report given (see `reports::text::translated`
/// for the page's language).
pub fn sections(r: &Report, c: &Chrome) -> Vec<SectionView> {
    r.sections
        .iter()
        .map(|s| SectionView {
            id: s.id.clone(),
            title: s.title.clone(),
            tables: s
                .tables
                .iter()
                .map(|t| {
                    let title = t.title.clone();
                    let rows: Vec<RowView> = t
                        .rows
                        .iter()
                        .zip(&t.cells)
                        .map(|(row, line)| RowView {
                            label: row.label.clone(),
                            total: row.code == "total",
                            cells: line
                                .iter()
                                .zip(&t.columns)
                                .map(|(cell, col)| CellView::of(cell, col.decimals))
                                .collect(),
                        })
                        .collect();
                    let chart = t.chart.then(|| {
                        let items: Vec<(String, u64, String)> = t
                            .rows
                            .iter()
                            .zip(&t.cells)
                            .filter(|(row, _)| row.code != "total")
                            .filter_map(|(row, line)| {
                                let cell = line.first()?;
                                Some((row.label.clone(), cell.value.unwrap_or(0), cell.text(0)))
                            })
                            .collect();
                        let desc = c.t("report-chart-desc");
                        bars(&format!("chart-{}", t.id.replace('.', "-")), &title, &desc, &items)
                    });
                    TableView {
                        id: t.id.replace('.', "-"),
                        title,
                        definition: t.definition.clone(),
                        row_heading: t.row_heading.clone(),
                        columns: t.columns.iter().map(|c| c.label.clone()).collect(),
                        rows,
                        chart,
                    }
                })
                .collect(),
        })
        .collect()
}
