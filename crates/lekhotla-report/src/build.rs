//! Assembling a report: every table's cells go into one grid keyed by what they count, so a figure that two
//! tables share (the women identified, in the table by age and in the table by district) is one cell, and
//! the disclosure step protects it once for the whole report.

mod grid;
mod prevention;
mod prosecution;
mod protection;
mod responses;
mod standard;

use lekhotla_storage::statistics::{Groups, StatsCounts};
use time::OffsetDateTime;

pub use grid::{Dim, Draft, DraftTable, Kind, TOTAL, Tally};

use crate::definitions::{DEFINITIONS_VERSION, notes};
use crate::disclose;
use crate::model::{Disclosure, Period, Report, Scope, Section};

/// A district in a report: its code, name and census population.
pub type DistrictLine = (String, String, Option<u64>);

/// What the report is about beyond the counts: the country, its districts, and the population.
#[derive(Debug, Clone)]
pub struct Context {
    /// The country's code (`LS`): victims of this citizenship are nationals.
    pub home: String,
    /// The districts in scope, `(code, name, population)`, in display order.
    pub districts: Vec<DistrictLine>,
    /// The population of the whole scope (the census figure of the country, or the sum of the districts').
    pub population: Option<u64>,
    /// The whole country (figures abroad, such as campaigns among Basotho in South Africa, belong to it).
    pub national: bool,
    /// The ports of entry in scope, `(code, name)`: those of the districts in scope, and at the national level
    /// those whose district is not established.
    pub ports: Vec<(String, String)>,
}

/// Why a report could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// Two tables computed different values for the same figure: a bug, never shown to a user as figures.
    #[error("the figure {key} came out as {first} in one table and {second} in another")]
    Inconsistent { key: String, first: u64, second: u64 },
    #[error("disclosure control failed: {0}")]
    Disclosure(String),
}

/// The sections of a draft: `(id, title, tables)`.
pub type DraftSections = Vec<(&'static str, &'static str, Vec<DraftTable>)>;

/// The TIP report's tables before disclosure: every cell in the draft's grid.
pub fn tip_draft(counts: &StatsCounts, cx: &Context) -> Result<(Draft, DraftSections), ReportError> {
    let mut d = Draft::default();
    let sections = vec![
        ("prosecution", "Prosecution", prosecution::tables(&mut d, counts, cx)?),
        ("protection", "Protection", {
            let mut tables = protection::tables(&mut d, counts, cx)?;
            tables.extend(responses::tables(&mut d, counts, cx)?);
            tables
        }),
        ("prevention", "Prevention", prevention::tables(&mut d, counts, cx)?),
        (
            "standard",
            "Standard forms: UNODC Global Report and SDG indicator 16.2.2",
            standard::tables(&mut d, counts, cx)?,
        ),
    ];
    Ok((d, sections))
}

/// The TIP report: prosecution, protection, prevention and the standard forms, for the period and scope.
pub fn tip_report(
    counts: &StatsCounts,
    cx: &Context,
    period: Period,
    scope: Scope,
    disclosure: Disclosure,
    computed_at: OffsetDateTime,
) -> Result<Report, ReportError> {
    let (d, sections) = tip_draft(counts, cx)?;
    let states = disclose::states(&d, disclosure)?;
    let sections = sections
        .into_iter()
        .map(|(id, title, tables)| Section {
            id: id.to_owned(),
            title: title.to_owned(),
            tables: tables.into_iter().map(|t| d.finish(t, &states)).collect(),
        })
        .collect();
    Ok(Report {
        kind: "tip".to_owned(),
        title: "Trafficking in persons: the year's figures".to_owned(),
        period,
        scope,
        disclosure,
        computed_at,
        definitions_version: DEFINITIONS_VERSION,
        notes: notes(),
        sections,
        data_state: None,
    })
}

/// The rows of a named count as `(keys, first measure)`.
pub(crate) fn rows(g: &Groups) -> impl Iterator<Item = (&[String], u64)> {
    g.rows.iter().map(|(k, m)| (k.as_slice(), m.first().map(|v| u64::try_from(*v).unwrap_or(0)).unwrap_or(0)))
}
