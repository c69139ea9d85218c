//! The prevention table, and the extension point through which registries add theirs: each [`Extension`]
//! names a count of `lekhotla_storage::statistics::sql` (its first key is the row, its first measure the
//! number) and how to show it. Today the records hold the cases detected by each route (border screening,
//! labour inspections, hotlines...); the coordination work (campaigns, trainings, joint inspections) adds
//! its counts and entries here, and only then do they show: no row is shown that the records cannot fill.

use lekhotla_domain::vocabulary::{DetectionSource, Vocabulary};
use lekhotla_storage::statistics::StatsCounts;

use super::grid::{Dim, DraftTable, Tally};
use super::{Context, Draft, ReportError, rows};
use crate::definitions as def;
use crate::model::Label;

/// A prevention table drawn from one named count.
#[derive(Debug, Clone, Copy)]
pub struct Extension {
    /// The count's name in `statistics::sql::counts`.
    pub count: &'static str,
    pub id: &'static str,
    pub title: &'static str,
    pub definition: &'static str,
    pub row_heading: &'static str,
    pub column: &'static str,
    /// The rows' codes and labels in order (values found and not listed follow, by code).
    pub rows: fn() -> Vec<Label>,
}

fn detection_sources() -> Vec<Label> {
    DetectionSource::ALL.iter().map(|s| Label::new(s.code(), s.label())).collect()
}

/// Every prevention table, in order.
pub const EXTENSIONS: &[Extension] = &[Extension {
    count: "detections",
    id: "prevention.detections",
    title: "Cases detected, by how they came to light",
    definition: def::DETECTIONS,
    row_heading: "Detected by",
    column: "Cases",
    rows: detection_sources,
}];

pub fn tables(d: &mut Draft, counts: &StatsCounts, _cx: &Context) -> Result<Vec<DraftTable>, ReportError> {
    let mut out = Vec::new();
    for x in EXTENSIONS {
        let t = Tally::one_way(rows(counts.get(x.count)).map(|(k, n)| (k[0].clone(), n)));
        let dim = Dim::new("row", x.row_heading, (x.rows)()).with_unlisted(&t, true);
        let mut table = d.table(x.id, x.title, x.definition, x.count, dim, Dim::count(x.column), &t)?;
        table.chart = true;
        out.push(table);
    }
    Ok(out)
}
