//! `lekhotla backup`: a consistent copy of the whole database taken while it serves, encrypted with age to the
//! recipients given. SQLite: `VACUUM INTO` a file in a private folder beside the backup (one read transaction:
//! writers go on), then encrypted; PostgreSQL: `pg_dump` (custom format) streamed through the encryption. The
//! master key file is never read: the sealed fields stay sealed inside, and the backup opens them only with the
//! master key kept apart. `backup keygen` makes an identity and its recipient (`age-keygen` is not needed).

mod age_files;
mod pg_tools;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use age::x25519;
use anyhow::{Context, bail};
use lekhotla_storage::{Action, DbError, NewEntry, SchemaState, Store};

use crate::cli::{BackupArgs, BackupCommand};
use crate::db::{self, Backend, Create};
use crate::output::say;
use crate::progress;

pub(crate) use age_files::{decrypt_from, identities};
pub(crate) use pg_tools::{DUMP_MAGIC, restore as pg_restore};

/// The first bytes of every SQLite database file.
pub const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";

pub async fn run(url: &str, args: BackupArgs) -> anyhow::Result<()> {
    match args.command {
        Some(BackupCommand::Keygen { out }) => {
            let recipient = age_files::keygen(&out)?;
            say!("{recipient}");
            eprintln!(
                "wrote the identity to {} (mode 0600); it opens the backups made to the recipient above: keep it \
                 off the server and apart from the master key file",
                out.display()
            );
            Ok(())
        }
        None => {
            let out = args.out.context("--out FILE names the backup file")?;
            let recipients = age_files::recipients(&args.recipients, args.recipients_file.as_deref())?;
            backup(url, &out, recipients).await
        }
    }
}

async fn backup(url: &str, out: &Path, recipients: Vec<x25519::Recipient>) -> anyhow::Result<()> {
    let backend = db::backend_of(url)?;
    if out.exists() {
        bail!("{} exists already: a backup never overwrites a file", out.display());
    }
    let started = Instant::now();
    match schema_state(backend, url).await.context("reading the database's schema")? {
        SchemaState::Empty => bail!("the database is empty: there is nothing to back up"),
        SchemaState::Current => {
            // On the record before the copy starts, so the backup holds its own entry.
            let store = db::open(url, Create::Forbidden).await?;
            let note = db::cli_entry(Action::Export)
                .record("backup")
                .purpose("backup")
                .fields([format!("backend:{}", store.backend())]);
            on_the_record(&*store, note).await?;
        }
        SchemaState::Behind { applied, latest } | SchemaState::Ahead { applied, latest } => eprintln!(
            "note: the database's schema is at migration {applied} and this binary's at {latest}: it is backed up \
             as it is, without an entry in its audit trail (this binary writes only to its own schema)"
        ),
    }
    let partial = partial_path(out);
    let plain = match backend {
        Backend::Sqlite => copy_sqlite(url, out, &partial, recipients).await?,
        Backend::Postgres => {
            let url = url.to_owned();
            let path = partial.clone();
            tokio::task::spawn_blocking(move || {
                let bar = progress::bytes(None, "pg_dump");
                let written = encrypt_into_file(&path, &recipients, |w| pg_tools::dump(&url, &mut bar.wrap_write(w)));
                bar.finish_and_clear();
                written
            })
            .await
            .context("the backup's worker stopped")??
        }
    };
    // Never over a file that appeared meanwhile: a hard link fails when the name is taken.
    let placed = std::fs::hard_link(&partial, out);
    std::fs::remove_file(&partial).with_context(|| format!("removing {}", partial.display()))?;
    placed.with_context(|| format!("naming the backup {}", out.display()))?;
    let size = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    say!(
        "backed up {} ({plain} bytes, {size} encrypted) to {} in {:.1} s",
        backend_name(backend),
        out.display(),
        started.elapsed().as_secs_f64()
    );
    say!("restore: lekhotla --db URL restore --identity IDENTITY_FILE {}", out.display());
    say!("the master key file is not in the backup: keep it, apart, to open the sealed fields after a restore");
    Ok(())
}

/// Appends the backup's audit entry, waiting its turn behind a long write (a bulk load holding SQLite's write
/// lock past its busy timeout) for up to two minutes.
async fn on_the_record(store: &dyn Store, note: NewEntry) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        match store.append_audit(note.clone()).await {
            Ok(_) => return Ok(()),
            Err(DbError::Unavailable(_)) if Instant::now() < deadline => {
                tracing::info!("the database is busy: waiting to write the backup's audit entry");
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            Err(e) => return Err(e).context("writing the backup's audit entry"),
        }
    }
}

/// Where a database's schema stands, read without migrating it.
pub async fn schema_state(backend: Backend, url: &str) -> anyhow::Result<SchemaState> {
    Ok(match backend {
        Backend::Sqlite => lekhotla_storage_sqlite::backup::schema_state(url).await?,
        Backend::Postgres => lekhotla_storage_postgres::backup::schema_state(url).await?,
    })
}

fn backend_name(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "the SQLite database",
        Backend::Postgres => "the PostgreSQL database",
    }
}

/// `FILE.partial`, where the backup is written until it is whole.
fn partial_path(out: &Path) -> PathBuf {
    let mut name = out.as_os_str().to_owned();
    name.push(".partial");
    PathBuf::from(name)
}

/// The folder a file is in (`.` for a bare name).
pub fn folder_of(path: &Path) -> &Path {
    path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// Copies the SQLite database consistently into a private folder beside the backup, then encrypts the copy
/// into `partial`; the plaintext copy is removed whatever happens. Returns the copy's size.
async fn copy_sqlite(url: &str, out: &Path, partial: &Path, recipients: Vec<x25519::Recipient>) -> anyhow::Result<u64> {
    let staging = tempfile::Builder::new()
        .prefix(".lekhotla-backup-")
        .tempdir_in(folder_of(out))
        .with_context(|| format!("making a private folder beside {}", out.display()))?;
    let copy = staging.path().join("copy.db");
    let spinner = progress::spinner("copying the database (VACUUM INTO)");
    let copied = lekhotla_storage_sqlite::backup::copy_into(url, &copy).await;
    spinner.finish_and_clear();
    copied.context("copying the database")?;
    let partial = partial.to_owned();
    tokio::task::spawn_blocking(move || {
        let mut source = File::open(&copy).context("opening the copy")?;
        let total = source.metadata().map(|m| m.len()).ok();
        let bar = progress::bytes(total, "encrypting");
        let written =
            encrypt_into_file(&partial, &recipients, |w| Ok(std::io::copy(&mut source, &mut bar.wrap_write(w))?));
        bar.finish_and_clear();
        drop(staging);
        written
    })
    .await
    .context("the backup's worker stopped")?
}

/// Creates (or truncates) `path` and writes into it, encrypted to `recipients`, what `fill` writes; synced to
/// disk before it returns what `fill` returned.
fn encrypt_into_file(
    path: &Path,
    recipients: &[x25519::Recipient],
    fill: impl FnOnce(&mut dyn Write) -> anyhow::Result<u64>,
) -> anyhow::Result<u64> {
    let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut writer = age_files::encrypt_into(recipients, BufWriter::new(file))?;
    let plain = fill(&mut writer)?;
    let buffered = writer.finish().context("finishing the encryption")?;
    let file = buffered.into_inner().map_err(|e| e.into_error()).context("writing the backup")?;
    file.sync_all().context("writing the backup to disk")?;
    Ok(plain)
}
