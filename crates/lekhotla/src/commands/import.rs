//! `lekhotla import htcds`: reads and checks every row first; writes everything in one transaction or nothing.

use crate::output::say;
use std::path::Path;

use anyhow::{Context, bail};
use lekhotla_storage::ImportProgress;

use crate::db::{self, Create};
use crate::progress;

/// How many problems are printed before the rest are only counted.
const SHOWN_PROBLEMS: usize = 50;

pub async fn htcds(url: &str, dir: &Path) -> anyhow::Result<()> {
    let (store, _) = db::open_sealed(url, Create::Forbidden).await?;
    db::geography(&*store).await?;
    if !dir.is_dir() {
        bail!("{} is not a directory", dir.display());
    }
    let bar = progress::spinner("reading and checking rows");
    let bar_in = bar.clone();
    let path = dir.to_owned();
    let parsed = tokio::task::spawn_blocking(move || {
        lekhotla_htcds::import(&path, &mut |rows| bar_in.set_message(format!("reading and checking rows: {rows}")))
    })
    .await
    .context("the import thread stopped")?;
    bar.finish_and_clear();
    let data = match parsed {
        Ok(data) => data,
        Err(errors) => {
            let problems = errors.errors();
            for p in problems.iter().take(SHOWN_PROBLEMS) {
                eprintln!("{p}");
            }
            if problems.len() > SHOWN_PROBLEMS {
                eprintln!("... and {} more problems", problems.len() - SHOWN_PROBLEMS);
            }
            bail!("nothing was imported: {} problem(s) in {}", problems.len(), dir.display());
        }
    };
    let note = crate::db::cli_entry(lekhotla_storage::Action::Import)
        .record("htcds")
        .fields([format!("organisations:{}", data.orgs.len()), format!("cases:{}", data.cases.len())]);
    let counted = ImportProgress::default();
    let import = store.import_counted(&data.orgs, &data.cases, note, &counted);
    let outcome = progress::while_importing(import, &counted, data.cases.len() as u64).await;
    let outcome = outcome.context("nothing was imported")?;
    store.analyse().await.context("analysing the database after the import")?;
    say!(
        "imported {} organisations and {} cases ({} new, {} replaced) from {}",
        outcome.organisations,
        outcome.cases_inserted + outcome.cases_replaced,
        outcome.cases_inserted,
        outcome.cases_replaced,
        dir.display()
    );
    Ok(())
}
