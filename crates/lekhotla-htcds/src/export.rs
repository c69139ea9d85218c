//! Export: organisations and cases to one CSV file per entity, streamed case by case.
//!
//! Every file is open at once and each case's rows are written as the case arrives, so the cases are
//! never all in memory. The same input gives byte-identical files: organisations are sorted by id, cases
//! and their records keep the order they are given in.

mod case;
mod justice;
mod people;
mod records;
mod sink;

use std::fmt;
use std::path::{Path, PathBuf};

use lekhotla_domain::{Case, Organisation};

use crate::purpose::{PURPOSE_FILE, Purpose, STATISTICS_NOTE};
use crate::schema::{
    cases, charges, comments, compensation, consents, events, hearings, investigations, links, organisations, persons,
    prosecutions, referrals, sentences, support_plans, transfers, verdicts,
};
use sink::Sink;

/// How often (in cases) progress is reported.
const PROGRESS_EVERY: u64 = 100;

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{}: {source}", .path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{}: {source}", .path.display())]
    Csv { path: PathBuf, source: csv::Error },
    /// A value that has no form in the file (a timestamp outside the years 0 to 9999).
    #[error("{}: {column}: {reason}", .path.display())]
    Value { path: PathBuf, column: &'static str, reason: String },
}

/// How many rows went into each file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportSummary {
    pub organisations: u64,
    pub cases: u64,
    pub persons: u64,
    pub events: u64,
    pub referrals: u64,
    pub consents: u64,
    pub support_plans: u64,
    pub comments: u64,
    pub case_links: u64,
    pub investigations: u64,
    pub docket_transfers: u64,
    pub prosecutions: u64,
    pub charges: u64,
    pub hearings: u64,
    pub verdicts: u64,
    pub sentences: u64,
    pub compensation_orders: u64,
    /// Victims left out for want of consent ([`Purpose::Statistics`]; always 0 for a transfer).
    pub victims_left_out: u64,
}

impl fmt::Display for ExportSummary {
    /// `2000 cases (3100 persons, 4200 events, ...)`; organisations are counted apart.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} cases ({} persons, {} events, {} referrals, {} consents, {} support plans, {} comments, \
             {} case links, {} investigations, {} docket transfers, {} prosecutions, {} charges, {} hearings, \
             {} verdicts, {} sentences, {} compensation orders)",
            self.cases,
            self.persons,
            self.events,
            self.referrals,
            self.consents,
            self.support_plans,
            self.comments,
            self.case_links,
            self.investigations,
            self.docket_transfers,
            self.prosecutions,
            self.charges,
            self.hearings,
            self.verdicts,
            self.sentences,
            self.compensation_orders
        )
    }
}

/// Writes `orgs` and `cases` into `dir` (created if needed), one file per entity, replacing files of the
/// same names: the lossless [`Purpose::Transfer`]. `progress` is told how many cases are written so far,
/// every 100 cases and at the end.
pub fn export(
    dir: &Path,
    orgs: &[Organisation],
    cases: impl IntoIterator<Item = Case>,
    progress: &mut dyn FnMut(u64),
) -> Result<ExportSummary, ExportError> {
    export_for(Purpose::Transfer, dir, orgs, cases, progress)
}

/// [`export()`] for `purpose`. A transfer writes every value and removes a [`PURPOSE_FILE`] left in `dir`;
/// a statistics export writes each case as `Case::for_statistics` gives it (the victims left out are
/// counted in [`ExportSummary::victims_left_out`]) and a [`PURPOSE_FILE`] that says so.
pub fn export_for(
    purpose: Purpose,
    dir: &Path,
    orgs: &[Organisation],
    cases: impl IntoIterator<Item = Case>,
    progress: &mut dyn FnMut(u64),
) -> Result<ExportSummary, ExportError> {
    std::fs::create_dir_all(dir).map_err(|source| ExportError::Io { path: dir.to_owned(), source })?;
    let marker = dir.join(PURPOSE_FILE);
    let io = |source| ExportError::Io { path: marker.clone(), source };
    match purpose {
        Purpose::Transfer => match std::fs::remove_file(&marker) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io(e)),
            _ => {}
        },
        Purpose::Statistics => std::fs::write(&marker, STATISTICS_NOTE).map_err(io)?,
    }
    let mut sorted: Vec<&Organisation> = orgs.iter().collect();
    sorted.sort_by_key(|o| o.id);
    let mut org_file = Sink::create(dir, organisations::FILE, organisations::COLUMNS)?;
    for org in sorted {
        if purpose == Purpose::Statistics && org.details.services.contains(&lekhotla_domain::ServiceType::Shelter) {
            // A statistical file says nothing of where a shelter is.
            let mut shelter = org.clone();
            let d = &mut shelter.details;
            (d.district, d.city, d.street, d.postal_code, d.latitude, d.longitude) =
                (None, None, None, None, None, None);
            case::organisation(&mut org_file, &shelter)?;
        } else {
            case::organisation(&mut org_file, org)?;
        }
    }
    let organisations = org_file.rows();
    org_file.finish()?;

    let mut files = Files::create(dir)?;
    let mut written: u64 = 0;
    let mut left_out: u64 = 0;
    for c in cases {
        match purpose {
            Purpose::Transfer => files.write(&c)?,
            Purpose::Statistics => {
                let shown = c.for_statistics();
                left_out += (c.victims.len() - shown.victims.len()) as u64;
                files.write(&shown)?;
            }
        }
        written += 1;
        if written.is_multiple_of(PROGRESS_EVERY) {
            progress(written);
        }
    }
    let summary = ExportSummary { victims_left_out: left_out, ..files.finish(organisations)? };
    progress(written);
    Ok(summary)
}

/// The open files of case records.
#[derive(Debug)]
pub(crate) struct Files {
    cases: Sink,
    persons: Sink,
    events: Sink,
    referrals: Sink,
    consents: Sink,
    support_plans: Sink,
    comments: Sink,
    links: Sink,
    investigations: Sink,
    transfers: Sink,
    prosecutions: Sink,
    charges: Sink,
    hearings: Sink,
    verdicts: Sink,
    sentences: Sink,
    compensation: Sink,
}

impl Files {
    fn create(dir: &Path) -> Result<Self, ExportError> {
        let open = |file, columns| Sink::create(dir, file, columns);
        Ok(Self {
            cases: open(cases::FILE, cases::COLUMNS)?,
            persons: open(persons::FILE, persons::COLUMNS)?,
            events: open(events::FILE, events::COLUMNS)?,
            referrals: open(referrals::FILE, referrals::COLUMNS)?,
            consents: open(consents::FILE, consents::COLUMNS)?,
            support_plans: open(support_plans::FILE, support_plans::COLUMNS)?,
            comments: open(comments::FILE, comments::COLUMNS)?,
            links: open(links::FILE, links::COLUMNS)?,
            investigations: open(investigations::FILE, investigations::COLUMNS)?,
            transfers: open(transfers::FILE, transfers::COLUMNS)?,
            prosecutions: open(prosecutions::FILE, prosecutions::COLUMNS)?,
            charges: open(charges::FILE, charges::COLUMNS)?,
            hearings: open(hearings::FILE, hearings::COLUMNS)?,
            verdicts: open(verdicts::FILE, verdicts::COLUMNS)?,
            sentences: open(sentences::FILE, sentences::COLUMNS)?,
            compensation: open(compensation::FILE, compensation::COLUMNS)?,
        })
    }

    /// Writes one case and everything in it.
    fn write(&mut self, c: &Case) -> Result<(), ExportError> {
        case::case(&mut self.cases, c)?;
        people::persons(&mut self.persons, c)?;
        records::events(&mut self.events, c)?;
        records::referrals(&mut self.referrals, c)?;
        records::consents(&mut self.consents, c)?;
        records::support_plans(&mut self.support_plans, c)?;
        case::comments(&mut self.comments, c)?;
        case::links(&mut self.links, c)?;
        if let Some(inv) = &c.investigation {
            justice::investigation(&mut self.investigations, c, inv)?;
            justice::transfers(&mut self.transfers, c, inv)?;
        }
        if let Some(p) = &c.prosecution {
            justice::prosecution(&mut self.prosecutions, c, p)?;
            justice::charges(&mut self.charges, c, p)?;
            justice::hearings(&mut self.hearings, c, p)?;
            justice::verdicts(&mut self.verdicts, c, p)?;
            justice::sentences(&mut self.sentences, c, p)?;
            justice::compensation(&mut self.compensation, c, p)?;
        }
        Ok(())
    }

    /// Flushes every file and counts what went in.
    fn finish(self, organisations: u64) -> Result<ExportSummary, ExportError> {
        let summary = ExportSummary {
            organisations,
            cases: self.cases.rows(),
            persons: self.persons.rows(),
            events: self.events.rows(),
            referrals: self.referrals.rows(),
            consents: self.consents.rows(),
            support_plans: self.support_plans.rows(),
            comments: self.comments.rows(),
            case_links: self.links.rows(),
            investigations: self.investigations.rows(),
            docket_transfers: self.transfers.rows(),
            prosecutions: self.prosecutions.rows(),
            charges: self.charges.rows(),
            hearings: self.hearings.rows(),
            verdicts: self.verdicts.rows(),
            sentences: self.sentences.rows(),
            compensation_orders: self.compensation.rows(),
            victims_left_out: 0,
        };
        for sink in [
            self.cases,
            self.persons,
            self.events,
            self.referrals,
            self.consents,
            self.support_plans,
            self.comments,
            self.links,
            self.investigations,
            self.transfers,
            self.prosecutions,
            self.charges,
            self.hearings,
            self.verdicts,
            self.sentences,
            self.compensation,
        ] {
            sink.finish()?;
        }
        Ok(summary)
    }
}
