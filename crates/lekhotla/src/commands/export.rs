//! `lekhotla export htcds`: walks the registry in batches and writes the HTCDS CSV files.
//!
//! Files are first written into a staging directory beside `--out` and moved into place only when the
//! whole export succeeded, so a failed export leaves no partial files.

use crate::output::say;
use std::path::Path;
use std::sync::mpsc;

use anyhow::{Context, anyhow};
use lekhotla_domain::Case;

use crate::db::{self, Create};
use crate::progress;

const BATCH: u32 = 1_000;

pub async fn htcds(url: &str, out: &Path) -> anyhow::Result<()> {
    let (store, _) = db::open_sealed(url, Create::Forbidden).await?;
    let orgs = store.list_organisations().await.context("reading organisations")?;
    let total = store.count_cases().await.context("counting cases")?;
    let org_count = orgs.len();
    // No entry, no export: the audit trail records the export before any file is written.
    let note = db::cli_entry(lekhotla_storage::Action::Export)
        .record("htcds")
        .fields([format!("cases:{total}"), format!("organisations:{org_count}")]);
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
        let summary = lekhotla_htcds::export(&staging_dir, &orgs, cases, &mut |n| bar_in.set_position(n));
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
    for entry in std::fs::read_dir(&staging)? {
        let entry = entry?;
        std::fs::rename(entry.path(), out.join(entry.file_name()))
            .with_context(|| format!("moving {} into {}", entry.path().display(), out.display()))?;
    }
    std::fs::remove_dir_all(&staging)?;
    say!("exported {org_count} organisations and {summary} to {}", out.display());
    Ok(())
}
