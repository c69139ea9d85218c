//! The prevention tables, and the extension point through which registries add theirs: each [`Extension`]
//! names a count of `lekhotla_storage::statistics::sql` (one of its keys is the row, one of its measures the
//! number) and how to show it. The records hold the cases detected by each route (border screening, labour
//! inspections, hotlines...), the awareness campaigns (`campaigns`), the trainings (`trainings`, `trained`) and
//! the joint inspections (`inspections`) and the screenings at ports of entry (`screenings`, by port and by the
//! port's district): no row is shown that the records cannot fill.

use lekhotla_domain::vocabulary::{DetectionSource, Gender, TrainingRole, Vocabulary};
use lekhotla_storage::statistics::{Groups, StatsCounts};

use super::grid::{Dim, DraftTable, Tally};
use super::{Context, Draft, ReportError};
use crate::definitions as def;
use crate::model::Label;

/// A prevention table drawn from one named count.
#[derive(Debug, Clone, Copy)]
pub struct Extension {
    /// The count's name in `statistics::sql::counts`.
    pub count: &'static str,
    /// Which of its keys is the row (0: the first; rows of the other keys add up).
    pub key: usize,
    /// Which of its measures is the number (0: the first).
    pub measure: usize,
    /// What a cell counts, as the report's cells are keyed (two tables of one count and measure share cells;
    /// another measure is another thing counted).
    pub counts: &'static str,
    pub id: &'static str,
    pub title: &'static str,
    pub definition: &'static str,
    pub row_heading: &'static str,
    pub column: &'static str,
    /// The rows' codes and labels in order (values found and not listed follow, by code).
    pub rows: fn(&Context) -> Vec<Label>,
}

pub(super) fn labels<V: Vocabulary + 'static>() -> Vec<Label> {
    V::ALL.iter().map(|s| Label::new(s.code(), s.label())).collect()
}

fn detection_sources(_: &Context) -> Vec<Label> {
    labels::<DetectionSource>()
}

fn training_roles(_: &Context) -> Vec<Label> {
    labels::<TrainingRole>()
}

fn sexes(_: &Context) -> Vec<Label> {
    labels::<Gender>()
}

/// The countries abroad where Basotho most often live and work, named; any other shows by its code.
const ABROAD: [(&str, &str); 6] = [
    ("ZA", "Abroad: South Africa"),
    ("BW", "Abroad: Botswana"),
    ("SZ", "Abroad: Eswatini"),
    ("NA", "Abroad: Namibia"),
    ("MZ", "Abroad: Mozambique"),
    ("ZW", "Abroad: Zimbabwe"),
];

/// The districts in scope, then the countries abroad (only at the national level: a district's figures hold
/// no campaign abroad).
fn places(cx: &Context) -> Vec<Label> {
    let mut rows: Vec<Label> = cx.districts.iter().map(|(c, n, _)| Label::new(c.clone(), n.clone())).collect();
    if cx.national {
        rows.extend(ABROAD.iter().map(|(c, n)| Label::new(*c, *n)));
    }
    rows
}

/// The districts in scope.
pub(super) fn districts(cx: &Context) -> Vec<Label> {
    cx.districts.iter().map(|(c, n, _)| Label::new(c.clone(), n.clone())).collect()
}

/// The ports of entry in scope (a port whose district is not established only at the national level).
fn ports(cx: &Context) -> Vec<Label> {
    cx.ports.iter().map(|(c, n)| Label::new(c.clone(), n.clone())).collect()
}

/// Every prevention table, in order.
pub const EXTENSIONS: &[Extension] = &[
    Extension {
        key: 0,
        count: "detections",
        measure: 0,
        counts: "detections",
        id: "prevention.detections",
        title: "Cases detected, by how they came to light",
        definition: def::DETECTIONS,
        row_heading: "Detected by",
        column: "Cases",
        rows: detection_sources,
    },
    Extension {
        key: 0,
        count: "campaigns",
        measure: 0,
        counts: "campaigns",
        id: "prevention.campaigns",
        title: "Awareness campaigns, by place",
        definition: def::CAMPAIGNS,
        row_heading: "Place",
        column: "Campaigns",
        rows: places,
    },
    Extension {
        key: 0,
        count: "campaigns",
        measure: 1,
        counts: "campaign_reach",
        id: "prevention.campaign_reach",
        title: "People reached by awareness campaigns, by place",
        definition: def::CAMPAIGN_REACH,
        row_heading: "Place",
        column: "People reached",
        rows: places,
    },
    Extension {
        key: 0,
        count: "trainings",
        measure: 0,
        counts: "trainings",
        id: "prevention.trainings",
        title: "Trainings, by place",
        definition: def::TRAININGS,
        row_heading: "Place",
        column: "Trainings",
        rows: places,
    },
    Extension {
        key: 0,
        count: "trainings",
        measure: 1,
        counts: "trained",
        id: "prevention.trained",
        title: "People trained, by place of the training",
        definition: def::TRAINED,
        row_heading: "Place",
        column: "People trained",
        rows: places,
    },
    Extension {
        key: 0,
        count: "trained",
        measure: 0,
        counts: "trained",
        id: "prevention.trained_roles",
        title: "People trained, by what they do",
        definition: def::TRAINED_ROLES,
        row_heading: "Role",
        column: "People trained",
        rows: training_roles,
    },
    Extension {
        key: 1,
        count: "trained",
        measure: 0,
        counts: "trained",
        id: "prevention.trained_sexes",
        title: "People trained, by sex",
        definition: def::TRAINED_SEXES,
        row_heading: "Sex",
        column: "People trained",
        rows: sexes,
    },
    Extension {
        key: 0,
        count: "inspections",
        measure: 0,
        counts: "inspections",
        id: "prevention.inspections",
        title: "Joint inspections of employers, by district",
        definition: def::INSPECTIONS,
        row_heading: "District",
        column: "Inspections",
        rows: districts,
    },
    Extension {
        key: 0,
        count: "inspections",
        measure: 1,
        counts: "inspected_workers",
        id: "prevention.inspected_workers",
        title: "Foreign workers checked at joint inspections, by district",
        definition: def::INSPECTED_WORKERS,
        row_heading: "District",
        column: "Foreign workers checked",
        rows: districts,
    },
    Extension {
        key: 0,
        count: "inspections",
        measure: 2,
        counts: "inspections_with_case",
        id: "prevention.inspections_with_case",
        title: "Joint inspections that opened a case, by district",
        definition: def::INSPECTIONS_WITH_CASE,
        row_heading: "District",
        column: "Inspections that opened a case",
        rows: districts,
    },
    Extension {
        key: 0,
        count: "screenings",
        measure: 0,
        counts: "screenings",
        id: "prevention.screenings",
        title: "Screenings at ports of entry, by port",
        definition: def::SCREENINGS,
        row_heading: "Port of entry",
        column: "Screenings",
        rows: ports,
    },
    Extension {
        key: 1,
        count: "screenings",
        measure: 0,
        counts: "screenings",
        id: "prevention.screenings_districts",
        title: "Screenings at ports of entry, by district of the port",
        definition: def::SCREENINGS,
        row_heading: "District",
        column: "Screenings",
        rows: districts,
    },
    Extension {
        key: 0,
        count: "screenings",
        measure: 1,
        counts: "screened",
        id: "prevention.screened",
        title: "Travellers screened at ports of entry, by port",
        definition: def::SCREENED,
        row_heading: "Port of entry",
        column: "Travellers screened",
        rows: ports,
    },
    Extension {
        key: 1,
        count: "screenings",
        measure: 1,
        counts: "screened",
        id: "prevention.screened_districts",
        title: "Travellers screened at ports of entry, by district of the port",
        definition: def::SCREENED,
        row_heading: "District",
        column: "Travellers screened",
        rows: districts,
    },
    Extension {
        key: 0,
        count: "screenings",
        measure: 2,
        counts: "screening_referred",
        id: "prevention.screening_referred",
        title: "People referred for further screening at ports of entry, by port",
        definition: def::SCREENING_REFERRED,
        row_heading: "Port of entry",
        column: "People referred",
        rows: ports,
    },
    Extension {
        key: 0,
        count: "screenings",
        measure: 4,
        counts: "screening_cases",
        id: "prevention.screening_cases",
        title: "Cases opened from screenings at ports of entry, by port",
        definition: def::SCREENING_CASES,
        row_heading: "Port of entry",
        column: "Cases opened",
        rows: ports,
    },
];

/// The key `key` and the measure `m` of each of a count's rows.
fn measured(g: &Groups, key: usize, m: usize) -> impl Iterator<Item = (String, u64)> + '_ {
    g.rows.iter().map(move |(k, v)| {
        (k.get(key).cloned().unwrap_or_default(), v.get(m).map(|n| u64::try_from(*n).unwrap_or(0)).unwrap_or(0))
    })
}

pub fn tables(d: &mut Draft, counts: &StatsCounts, cx: &Context) -> Result<Vec<DraftTable>, ReportError> {
    extension_tables(d, counts, cx, EXTENSIONS)
}

/// The tables of `list`, each drawn from its one named count.
pub fn extension_tables(
    d: &mut Draft,
    counts: &StatsCounts,
    cx: &Context,
    list: &[Extension],
) -> Result<Vec<DraftTable>, ReportError> {
    let mut out = Vec::new();
    for x in list {
        let t = Tally::one_way(measured(counts.get(x.count), x.key, x.measure));
        let dim = Dim::new("row", x.row_heading, (x.rows)(cx)).with_unlisted(&t, true);
        let mut table = d.table(x.id, x.title, x.definition, x.counts, dim, Dim::count(x.column), &t)?;
        table.chart = true;
        out.push(table);
    }
    Ok(out)
}
