//! `lekhotla restore`: a backup of `lekhotla backup`, opened with an age identity file, into a new SQLite file
//! or an empty PostgreSQL database (anything else is refused); then brought forward to this binary's schema
//! and the restore recorded in its audit trail. The master key file is not needed to restore; it is needed, as
//! ever, to open the sealed fields of the restored database.

use std::fs::File;
use std::io::{BufReader, Read, Write};
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, bail};
use lekhotla_storage::{Action, SchemaState};

use crate::commands::backup::{self, DUMP_MAGIC, SQLITE_MAGIC, folder_of};
use crate::db::{self, Backend, Create};
use crate::output::say;
use crate::progress;

pub async fn run(url: &str, file: &Path, identity: &Path) -> anyhow::Result<()> {
    let backend = db::backend_of(url)?;
    let identities = backup::identities(identity)?;
    let input = File::open(file).with_context(|| format!("opening the backup {}", file.display()))?;
    let total = input.metadata().map(|m| m.len()).ok();
    let started = Instant::now();
    match backend {
        Backend::Sqlite => {
            let path = lekhotla_storage_sqlite::database_file(url)?.to_owned();
            // The database first: a process that ended without closing it may have left its journal.
            if path.exists() && backup::schema_state(backend, url).await? != SchemaState::Empty {
                bail!(
                    "{} holds a database: a restore goes into a new file only (name another, or move this one away)",
                    path.display()
                );
            }
            let wal = format!("{}-wal", path.display());
            if Path::new(&wal).exists() {
                bail!("{wal} exists (the journal of another database): a restore goes into a new file only");
            }
            tokio::task::spawn_blocking(move || {
                let bar = progress::bytes(total, "decrypting");
                let plain = backup::decrypt_from(&identities, BufReader::new(bar.wrap_read(input)))?;
                let written = restore_sqlite_file(plain, &path);
                bar.finish_and_clear();
                written
            })
            .await
            .context("the restore's worker stopped")??;
        }
        Backend::Postgres => {
            if backup::schema_state(backend, url).await? != SchemaState::Empty {
                bail!(
                    "the database is not empty (it holds tables or functions): a restore goes into an empty \
                     database only (createdb NAME, then --db postgres://USER@HOST:PORT/NAME)"
                );
            }
            let url = url.to_owned();
            tokio::task::spawn_blocking(move || {
                let bar = progress::bytes(total, "decrypting into pg_restore");
                let mut plain = backup::decrypt_from(&identities, BufReader::new(bar.wrap_read(input)))?;
                let mut head = [0_u8; 5];
                plain.read_exact(&mut head).context("reading the backup")?;
                expect_kind(&head, DUMP_MAGIC)?;
                let restored = backup::pg_restore(&url, &mut (&head[..]).chain(plain));
                bar.finish_and_clear();
                restored
            })
            .await
            .context("the restore's worker stopped")??;
        }
    }
    // Forward to this binary's schema (opening migrates), and on the record.
    let store = db::open(url, Create::Forbidden).await?;
    if backend == Backend::Postgres {
        // A restore is a bulk load: `pg_restore` brings the rows and indexes, not the planner's statistics nor
        // the visibility map, so the first hour's plans would be made blind. A SQLite file brings its own.
        let bar = progress::spinner("vacuuming and analysing the restored database");
        let analysed = store.analyse().await;
        bar.finish_and_clear();
        analysed.context("analysing the restored database")?;
    }
    let note = db::cli_entry(Action::Import).record("backup").purpose("restore");
    store.append_audit(note).await.context("writing the restore's audit entry")?;
    let cases = store.count_cases().await.context("counting cases")?;
    say!("restored {cases} cases from {} in {:.1} s", file.display(), started.elapsed().as_secs_f64());
    say!("the sealed fields open with the master key file of the database backed up (LEKHOTLA_MASTER_KEY_FILE)");
    say!("check the trail: lekhotla audit verify");
    Ok(())
}

/// Refuses a backup of the other database kind, saying which it is.
fn expect_kind(head: &[u8], magic: &[u8]) -> anyhow::Result<()> {
    if head.starts_with(magic) {
        return Ok(());
    }
    if SQLITE_MAGIC.starts_with(&head[..head.len().min(DUMP_MAGIC.len())]) {
        bail!("this backup is of a SQLite database: restore it with --db sqlite://FILE");
    }
    if head.starts_with(DUMP_MAGIC) {
        bail!("this backup is of a PostgreSQL database: restore it with --db postgres://USER@HOST:PORT/EMPTY_DB");
    }
    bail!("this is not a Lekhotla backup");
}

/// Writes the decrypted database into a private file beside `path`, checks it, and gives it the name `path`
/// (which must still be free, or an empty file). Blocking.
fn restore_sqlite_file(mut plain: impl Read, path: &Path) -> anyhow::Result<()> {
    let mut staged = tempfile::Builder::new()
        .prefix(".lekhotla-restore-")
        .tempfile_in(folder_of(path))
        .with_context(|| format!("making a file beside {}", path.display()))?;
    let mut head = [0_u8; 16];
    plain.read_exact(&mut head).context("reading the backup")?;
    expect_kind(&head, SQLITE_MAGIC)?;
    staged.write_all(&head).context("writing the restored database")?;
    std::io::copy(&mut plain, &mut staged).context("writing the restored database")?;
    staged.as_file().sync_all().context("writing the restored database to disk")?;
    let problems = tokio::runtime::Handle::current()
        .block_on(lekhotla_storage_sqlite::backup::check_file(staged.path()))
        .context("checking the restored database")?;
    if !problems.is_empty() {
        bail!("the restored database is damaged: {}", problems.join("; "));
    }
    if path.exists() {
        // An empty file, checked by the caller, is replaced.
        std::fs::remove_file(path).with_context(|| format!("removing the empty {}", path.display()))?;
    }
    staged.persist_noclobber(path).map_err(|e| e.error).with_context(|| format!("naming {}", path.display()))?;
    Ok(())
}
