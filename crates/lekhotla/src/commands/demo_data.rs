//! `lekhotla demo-data`: deterministic synthetic cases, written in batches with a progress bar.

use crate::output::say;
use lekhotla_storage::{Action, CommitteeMeetings, MeetingFilter, PreventionFilter, PreventionRecords, ProviderYears};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Instant;

use anyhow::Context;
use lekhotla_demo::{DemoGenerator, InspectedCase, ScreenedCase};
use lekhotla_domain::{Campaign, Case, DetectionSource, Geography, Inspection, Screening, Training};
use lekhotla_storage::Store;

use crate::db::{self, Create};
use crate::progress;

/// Cases written per transaction on SQLite: one writer at a time, so a transaction holds many cases and
/// each index page it dirties is written once for them all.
const SQLITE_BATCH: usize = 5_000;
/// Cases written per transaction on PostgreSQL (one statement per table: the store's `CHUNK`).
const PG_BATCH: usize = 500;
/// Batches in hand at once on SQLite: one is sealed while the other is written (the store's imports take turns).
const WRITERS: usize = 2;
/// Batches in hand at once on PostgreSQL, each its own transaction: while one waits for the server, the others
/// are sealed and sent, so that both sides' cores stay busy. At 100,000 cases four took 33.5-37.7 s against two's
/// 43.7-44.0 s (a third of the machine idle with two), six no better than four (BENCHMARKS.md, twenty-first pass).
const PG_WRITERS: usize = 4;

pub async fn run(url: &str, cases: u64, seed: u64) -> anyhow::Result<()> {
    let (store, _) = db::open_sealed(url, Create::Forbidden).await?;
    let geography = db::geography(&*store).await?;
    let started = Instant::now();
    generate(store, &geography, cases, seed).await?;
    say!("generated {cases} synthetic cases (seed {seed}) in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// Writes the demo organisations, `cases` generated cases and the demo's awareness campaigns, trainings,
/// joint inspections, screenings at ports of entry, providers' years (a shelter's beds, the funding), the
/// committees' meetings (their action items linked to the plan's activities and to inspected cases by number) and
/// the illustrative action plan with its 2025 recommendations (`data/plan`, loaded once). Running it again with the
/// same seed
/// replaces the same records (same ids), so nothing is duplicated; a case edited since is not put back (an import
/// refuses a case older than the stored one, `lekhotla_storage::refuse_older`).
pub async fn generate(store: Arc<dyn Store>, geography: &Geography, cases: u64, seed: u64) -> anyhow::Result<()> {
    let generator = DemoGenerator::new(geography, seed, super::today()).until(super::now());
    let generator_campaigns = generator.campaigns();
    let generator_trainings = generator.trainings();
    let inspections_of = generator.clone();
    let provider_years = generator.provider_years();
    // Into an empty database the case tables' secondary indexes are built once, after the cases (each at the
    // end of the load, from sorted keys, instead of row by row); a load that stops half-way leaves them to the
    // next open of the database.
    let deferred = store.defer_indexes().await.context("setting the case tables' indexes aside for the load")?;
    let written = write_cases(&store, generator, cases).await;
    if deferred > 0 {
        // Built also when the load failed, so that the database is left as fast as before it.
        let spinner =
            progress::spinner(&format!("building the {deferred} indexes and keys of the case tables set aside"));
        let built = store.build_deferred_indexes().await;
        spinner.finish_and_clear();
        if written.is_ok() {
            built.context("building the case tables' indexes after the load")?;
        }
    }
    let (inspected, screened) = written?;
    // The awareness campaigns of the same years, once: a second run over the same database keeps the first's.
    let none_yet = store
        .list_prevention::<Campaign>(&PreventionFilter { limit: 1, ..PreventionFilter::default() })
        .await?
        .is_empty();
    if none_yet {
        let campaigns = generator_campaigns;
        let note =
            crate::db::cli_entry(Action::Import).record("demo-data").fields([format!("campaigns:{}", campaigns.len())]);
        store.import_prevention(&campaigns, note).await.context("writing the demo campaigns")?;
    }
    // And the trainings, once.
    let none_yet = store
        .list_prevention::<Training>(&PreventionFilter { limit: 1, ..PreventionFilter::default() })
        .await?
        .is_empty();
    if none_yet {
        let trainings = generator_trainings;
        let note =
            crate::db::cli_entry(Action::Import).record("demo-data").fields([format!("trainings:{}", trainings.len())]);
        store.import_prevention(&trainings, note).await.context("writing the demo trainings")?;
    }
    // And the joint inspections, once, those that opened a case naming it.
    let none_yet = store
        .list_prevention::<Inspection>(&PreventionFilter { limit: 1, ..PreventionFilter::default() })
        .await?
        .is_empty();
    if none_yet {
        let inspections = inspections_of.inspections(&inspected);
        let note = crate::db::cli_entry(Action::Import)
            .record("demo-data")
            .fields([format!("inspections:{}", inspections.len())]);
        store.import_prevention(&inspections, note).await.context("writing the demo inspections")?;
    }
    // And the screenings at ports of entry, once, those that opened a case naming it.
    let none_yet = store
        .list_prevention::<Screening>(&PreventionFilter { limit: 1, ..PreventionFilter::default() })
        .await?
        .is_empty();
    if none_yet {
        let screenings = inspections_of.screenings(&screened);
        let note = crate::db::cli_entry(Action::Import)
            .record("demo-data")
            .fields([format!("screenings:{}", screenings.len())]);
        store.import_prevention(&screenings, note).await.context("writing the demo screenings")?;
    }
    // And the providers' years, each once.
    for year in &provider_years {
        if store.read_year(year.organisation, year.year).await?.is_none() {
            let note = crate::db::cli_entry(Action::ProvisionSave)
                .record(format!("provider-year/{}/{}", year.organisation, year.year));
            store.record_year(year, note).await.context("writing the demo providers' years")?;
        }
    }
    // And the committees' meetings, once, some action items following up the inspected cases.
    let none_yet = store.list_meetings(&MeetingFilter { limit: 1, ..MeetingFilter::default() }).await?.is_empty();
    if none_yet {
        let numbers: Vec<_> = inspected.iter().take(50).map(|(number, _, _)| *number).collect();
        for meeting in inspections_of.meetings(&numbers) {
            let note = crate::db::cli_entry(Action::CommitteeSave).record(format!("meeting/{}", meeting.id));
            store.record_meeting(&meeting, note).await.context("writing the demo committee meetings")?;
        }
    }
    // And the illustrative action plan and its 2025 recommendations (data/plan), once.
    super::plan::load_demo(&*store).await?;
    store.analyse().await.context("analysing the database after the load")?;
    Ok(())
}

/// The cases a labour inspection detected and those detected at a border post (for the demo's inspections and
/// screenings to name).
type Named = (Vec<InspectedCase>, Vec<ScreenedCase>);

/// Writes the demo organisations and `cases` generated cases: generated on a blocking thread while earlier
/// batches are sealed and written (after the first, two at once on SQLite, four on PostgreSQL), so that the CPU
/// work of generation and sealing and the database's work overlap.
async fn write_cases(store: &Arc<dyn Store>, generator: DemoGenerator, cases: u64) -> anyhow::Result<Named> {
    // The organisations go in with the first batch: if that fails, nothing at all is written.
    let mut orgs = Some(generator.organisations());
    let bar = progress::bar(cases, "generating cases");
    let (size, writers) = if store.backend() == "postgres" { (PG_BATCH, PG_WRITERS) } else { (SQLITE_BATCH, WRITERS) };
    let (tx, rx) = tokio::sync::mpsc::channel::<Vec<Case>>(writers + 1);
    let producer = tokio::task::spawn_blocking(move || {
        let mut batch = Vec::with_capacity(size);
        // The cases a labour inspection detected (the first thousand), for the demo's inspections to name, and
        // those detected at a border post, for its screenings.
        let mut inspected = Vec::new();
        let mut screened = Vec::new();
        for case in generator.cases(cases) {
            if case.detection_source == DetectionSource::LabourInspection && inspected.len() < 1_000 {
                inspected.push((case.number, case.district.clone(), case.detected_on));
            }
            if case.detection_source == DetectionSource::BorderPost
                && screened.len() < 1_000
                && let Some(port) = &case.port_of_entry
            {
                screened.push((case.number, port.clone(), case.detected_on));
            }
            batch.push(case);
            if batch.len() == size && tx.blocking_send(std::mem::replace(&mut batch, Vec::with_capacity(size))).is_err()
            {
                return (inspected, screened);
            }
        }
        if !batch.is_empty() {
            let _ = tx.blocking_send(batch);
        }
        (inspected, screened)
    });
    let rx = Arc::new(tokio::sync::Mutex::new(rx));
    // The first batch alone, with the organisations every later one refers to.
    let first = rx.lock().await.recv().await;
    if let Some(batch) = first {
        let with = orgs.take().unwrap_or_default();
        write_batch(&**store, &with, &batch).await?;
        store.refresh_statistics().await.context("analysing the database during the load")?;
        bar.inc(batch.len() as u64);
    }
    let written = Arc::new(AtomicU64::new(1));
    let failed = Arc::new(AtomicBool::new(false));
    let mut running = tokio::task::JoinSet::new();
    for _ in 0..writers {
        let (store, rx, bar, written, failed) =
            (store.clone(), rx.clone(), bar.clone(), written.clone(), failed.clone());
        running.spawn(async move {
            loop {
                let Some(batch) = rx.lock().await.recv().await else { return Ok(()) };
                if failed.load(Ordering::Relaxed) {
                    return Ok(());
                }
                let done = write_batch(&*store, &[], &batch).await;
                if done.is_err() {
                    failed.store(true, Ordering::Relaxed);
                    rx.lock().await.close();
                    return done;
                }
                // The planner's statistics as the tables grow, each time they have doubled: without them
                // PostgreSQL (where autovacuum is off, or behind) takes a batch's cases for the whole table and
                // reads all of it for every batch (at 580,000 cases, 110 cases/s before an analysis and 466/s
                // after).
                if (written.fetch_add(1, Ordering::Relaxed) + 1).is_power_of_two() {
                    store.refresh_statistics().await.context("analysing the database during the load")?;
                }
                bar.inc(batch.len() as u64);
            }
        });
    }
    while let Some(joined) = running.join_next().await {
        joined.context("a demo writer stopped")??;
    }
    let (inspected, screened) = producer.await.context("the demo generator stopped")?;
    if let Some(orgs) = orgs {
        let note =
            crate::db::cli_entry(Action::Import).record("demo-data").fields([format!("organisations:{}", orgs.len())]);
        store.import(&orgs, &[], note).await.context("writing the demo organisations")?;
    }
    bar.finish_and_clear();
    Ok((inspected, screened))
}

/// Writes one batch of cases (and `orgs`) in one transaction, audited as the demo's import.
async fn write_batch(store: &dyn Store, orgs: &[lekhotla_domain::Organisation], batch: &[Case]) -> anyhow::Result<()> {
    let note = crate::db::cli_entry(Action::Import).record("demo-data").fields([format!("cases:{}", batch.len())]);
    store.import(orgs, batch, note).await.context(
        "writing demo cases (demo data goes into an empty database, or over an earlier run with the same seed whose cases were not edited since)",
    )?;
    Ok(())
}
