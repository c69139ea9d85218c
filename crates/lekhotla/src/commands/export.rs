//! `lekhotla export htcds`: walks the registry in batches and writes the HTCDS CSV files, for a transfer
//! (every value) or for statistics (de-identified, without the victims who refused or withdrew consent).
//!
//! Files are first written into a staging directory beside `--out` and moved into place only when the
//! whole export succeeded, so a failed export leaves no partial files.

use crate::output::say;
use std::path::Path;
use std::sync::mpsc;

use anyhow::{Context, anyhow};
use lekhotla_domain::Case;
use lekhotla_htcds::{PURPOSE_FILE, Purpose};

use crate::db::{self, Create};
use crate::progress;

const BATCH: u32 = 1_000;

pub async fn htcds(url: &str, out: &Path, purpose: Purpose) -> anyhow::Result<()> {
    let (store, _) = db::open_sealed(url, Create::Forbidden).await?;
    let orgs = store.list_organisations().await.context("reading organisations")?;
    let total = store.count_cases().await.context("counting cases")?;
    let org_count = orgs.len();
    // No entry, no export: the audit trail records the export before any file is written.
    let note = db::cli_entry(lekhotla_storage::Action::Export)
        .record("htcds")
        .fields([format!("cases:{total}"), format!("organisations:{org_count}")])
        .purpose(purpose.code());
    store.append_audit(note).await.context("writing the export's audit entry")?;

    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let staging = out.join(format!(".staging-{}", std::process::id()));
    std::fs::create_dir_all(&staging).with_context(|| format!("creating {}", staging.display()))?;

    // The database is read in batches by an async task; the CSV writer runs on a blocking thread.
    let (tx, rx) = mpsc::sync_channel::<Result<Vec<Case>, String>>(4);
    let producer = tokio::spawn(async move {
        let mut after = None;
        loop {
            let batch = async {
                let ids = store.case_ids_after(after, BATCH).await?;
                store.get_cases(&ids).await
            }
            .await;
            match batch {
                Ok(cases) if cases.is_empty() => break,
                Ok(cases) => {
                    after = cases.last().map(|c| c.id);
                    if tx.send(Ok(cases)).is_err() {
                        break;
                    }
                }
                Err(e) => {
                    let _ = tx.send(Err(e.to_string()));
                    break;
                }
            }
        }
    });

    let bar = progress::bar(total, "exporting cases");
    let staging_dir = staging.clone();
    let bar_in = bar.clone();
    let written = tokio::task::spawn_blocking(move || {
        let mut failure = None;
        let cases = rx
            .into_iter()
            .map_while(|batch| match batch {
                Ok(b) => Some(b),
                Err(e) => {
                    failure = Some(e);
                    None
                }
            })
            .flatten();
        let summary = lekhotla_htcds::export_for(purpose, &staging_dir, &orgs, cases, &mut |n| bar_in.set_position(n));
        match (summary, failure) {
            (_, Some(e)) => Err(anyhow!("reading the database failed during the export: {e}")),
            (Err(e), None) => Err(anyhow::Error::new(e).context("writing the CSV files")),
            (Ok(s), None) => Ok(s),
        }
    })
    .await
    .context("the export thread stopped")?;
    producer.await.context("the database reader stopped")?;
    bar.finish_and_clear();

    let summary = match written {
        Ok(s) => s,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    // The purpose file first: a statistics export stopped halfway never leaves its files unmarked.
    let mut entries = std::fs::read_dir(&staging)?.collect::<Result<Vec<_>, _>>()?;
    entries.sort_by_key(|e| e.file_name() != PURPOSE_FILE);
    for entry in entries {
        std::fs::rename(entry.path(), out.join(entry.file_name()))
            .with_context(|| format!("moving {} into {}", entry.path().display(), out.display()))?;
    }
    std::fs::remove_dir_all(&staging)?;
    match purpose {
        Purpose::Transfer => {
            // A statistics export written here before must not make these files look de-identified.
            match std::fs::remove_file(out.join(PURPOSE_FILE)) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(e).with_context(|| format!("removing {PURPOSE_FILE} from {}", out.display()));
                }
                _ => {}
            }
            say!("exported {org_count} organisations and {summary} to {}", out.display());
        }
        Purpose::Statistics => {
            say!("exported for statistics {org_count} organisations and {summary} to {}", out.display());
            say!(
                "left out {} victims whose consent to statistics was refused or withdrawn; names, birth dates, \
                 contact details, addresses and notes are empty ({PURPOSE_FILE}): these files are not for import",
                summary.victims_left_out
            );
        }
    }
    Ok(())
}
