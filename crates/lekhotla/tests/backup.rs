//! `lekhotla backup` and `lekhotla restore` as an operator runs them, on SQLite and on PostgreSQL (with
//! `LEKHOTLA_TEST_PG_URL`): the backup is made without the master key file, holds no plaintext, restores only
//! into an empty database and with the right identity, and the restored database has every table's rows, an
//! intact audit trail (with its signed checkpoint) and sealed fields that open with the kept master key (its
//! HTCDS export is the source's, byte for byte). A backup taken while a writer is busy restores consistent.

#![allow(clippy::unwrap_used)] // a test file

#[path = "tamper/site.rs"]
mod site;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use site::{Backend, Site};

fn site(backend: Backend) -> Option<Site> {
    Site::named(backend, "lk_backup")
}

/// The rows of every table of the database, by table name.
fn counts(site: &Site) -> BTreeMap<String, i64> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        use sqlx::{ConnectOptions, Connection, Row};
        let mut counts = BTreeMap::new();
        match site.backend {
            Backend::Sqlite => {
                let file = lekhotla_storage_sqlite::database_file(&site.url).unwrap().to_owned();
                let mut conn = sqlx::sqlite::SqliteConnectOptions::new().filename(file).connect().await.unwrap();
                let mut tables = Vec::<String>::new();
                for row in
                    sqlx::query("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%'")
                        .fetch_all(&mut conn)
                        .await
                        .unwrap()
                {
                    tables.push(row.get(0));
                }
                for t in tables {
                    let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM \"{t}\"")))
                        .fetch_one(&mut conn)
                        .await
                        .unwrap();
                    counts.insert(t, n);
                }
                conn.close().await.unwrap();
            }
            Backend::Postgres => {
                let mut conn = sqlx::PgConnection::connect(&site.url).await.unwrap();
                let mut tables = Vec::<String>::new();
                for row in sqlx::query("SELECT tablename::text FROM pg_tables WHERE schemaname = 'public'")
                    .fetch_all(&mut conn)
                    .await
                    .unwrap()
                {
                    tables.push(row.get(0));
                }
                for t in tables {
                    let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM \"{t}\"")))
                        .fetch_one(&mut conn)
                        .await
                        .unwrap();
                    counts.insert(t, n);
                }
                conn.close().await.unwrap();
            }
        }
        counts
    })
}

/// Whether the planner has statistics of `cases` (`pg_stats`; a SQLite file's `sqlite_stat1` rows), which a
/// restore must leave as a bulk load does: `pg_restore` brings none.
fn has_statistics(site: &Site) -> bool {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        use sqlx::{ConnectOptions, Connection};
        let sql = match site.backend {
            Backend::Sqlite => "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'cases'",
            Backend::Postgres => "SELECT count(*) FROM pg_stats WHERE schemaname = 'public' AND tablename = 'cases'",
        };
        let n: i64 = match site.backend {
            Backend::Sqlite => {
                let file = lekhotla_storage_sqlite::database_file(&site.url).unwrap().to_owned();
                let mut conn = sqlx::sqlite::SqliteConnectOptions::new().filename(file).connect().await.unwrap();
                let n = sqlx::query_scalar(sql).fetch_one(&mut conn).await.unwrap();
                conn.close().await.unwrap();
                n
            }
            Backend::Postgres => {
                let mut conn = sqlx::PgConnection::connect(&site.url).await.unwrap();
                let n = sqlx::query_scalar(sql).fetch_one(&mut conn).await.unwrap();
                conn.close().await.unwrap();
                n
            }
        };
        n > 0
    })
}

/// The HTCDS CSV files of a directory, by name.
fn csv_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().extension().is_some_and(|x| x == "csv"))
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
        .collect();
    out.sort();
    out
}

/// Gives `to` the keys an operator kept apart from the database of `from`: the master key file and the audit key.
fn keep_keys(from: &Site, to: &Site) {
    std::fs::copy(from.master_key(), to.master_key()).unwrap();
    if from.audit_key().exists() {
        std::fs::copy(from.audit_key(), to.audit_key()).unwrap();
    }
}

fn backup(source: &Site, recipient: &str, file: &Path) -> String {
    let out = source
        .command(&["backup", "--out", file.to_str().unwrap(), "--recipient", recipient])
        // The backup never reads the master key file: it is not there.
        .env("LEKHOTLA_MASTER_KEY_FILE", source.db_dir().join("no-such.key"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "backup failed: {}\n{stdout}", String::from_utf8_lossy(&out.stderr));
    stdout
}

/// An identity (kept apart, in its own folder) and its recipient.
fn keygen(site: &Site, folder: &Path) -> (PathBuf, String) {
    let identity = folder.join("backup-identity.txt");
    let recipient = site.ok(&["backup", "keygen", "--out", identity.to_str().unwrap()]).trim().to_owned();
    assert!(recipient.starts_with("age1"), "{recipient}");
    (identity, recipient)
}

/// The plaintext of a backup, decrypted with `identity`.
fn plaintext(file: &Path, identity: &Path) -> Vec<u8> {
    let identities =
        age::IdentityFile::from_file(identity.to_str().unwrap().to_owned()).unwrap().into_identities().unwrap();
    let decryptor = age::Decryptor::new(std::fs::File::open(file).unwrap()).unwrap();
    let mut reader = decryptor.decrypt(identities.iter().map(|i| i.as_ref() as &dyn age::Identity)).unwrap();
    let mut plain = Vec::new();
    reader.read_to_end(&mut plain).unwrap();
    plain
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn round_trip(backend: Backend) {
    let Some(source) = site(backend) else { return eprintln!("skipped: LEKHOTLA_TEST_PG_URL is not set") };
    let kept = tempfile::tempdir().unwrap();
    source.ok(&["migrate"]);
    source.ok(&["demo-data", "--cases", "300", "--seed", "5"]);
    source.ok(&["audit", "checkpoint"]);
    let exported = kept.path().join("before");
    source.ok(&["export", "htcds", "--out", exported.to_str().unwrap()]);
    let (identity, recipient) = keygen(&source, kept.path());

    let file = kept.path().join("lekhotla.backup");
    let said = backup(&source, &recipient, &file);
    assert!(said.contains("backed up") && said.contains("master key file is not in the backup"), "{said}");
    let before = counts(&source);
    for table in
        ["cases", "persons", "victims", "referrals", "organisations", "audit_log", "audit_checkpoints", "wrapped_keys"]
    {
        assert!(before.get(table).copied().unwrap_or(0) > 0, "the demo data has no {table}");
    }

    // Encrypted: an age file, and no organisation's name (plain in the database) in it.
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"age-encryption.org/v1\n"), "not an age file");
    assert!(!contains(&bytes, b"Synthetic Government Complex"), "an organisation's street in plaintext");
    let plain = plaintext(&file, &identity);
    let master = std::fs::read(source.master_key()).unwrap();
    assert!(!contains(&plain, master.trim_ascii()), "the master key file is in the backup");
    match backend {
        Backend::Sqlite => {
            assert!(plain.starts_with(b"SQLite format 3\0"));
            assert!(contains(&plain, b"Synthetic Government Complex"), "the scan would see the street were it there");
        }
        Backend::Postgres => assert!(plain.starts_with(b"PGDMP")),
    }
    // A backup never overwrites a file.
    let again = source.run(&["backup", "--out", file.to_str().unwrap(), "--recipient", &recipient]);
    assert!(!again.status.success() && String::from_utf8_lossy(&again.stderr).contains("exists already"));

    // Restored with the identity into an empty database, beside the kept keys.
    let target = site(backend).unwrap();
    keep_keys(&source, &target);
    let (other, _) = keygen(&target, target.db_dir());
    let wrong = target.run(&["restore", "--identity", other.to_str().unwrap(), file.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&wrong.stderr);
    assert!(!wrong.status.success() && err.contains("does not open this backup"), "{err}");
    let said = target.ok(&["restore", "--identity", identity.to_str().unwrap(), file.to_str().unwrap()]);
    assert!(said.contains("restored 300 cases"), "{said}");
    assert!(has_statistics(&target), "the restored database is analysed: its plans are not made blind");

    let mut after = counts(&target);
    assert_eq!(after.remove("audit_log").unwrap(), before["audit_log"] + 1, "the restore's own entry");
    let mut expected = before.clone();
    expected.remove("audit_log");
    assert_eq!(after, expected, "every table has the rows it had");
    let verified = target.ok(&["audit", "verify"]);
    assert!(verified.contains("intact"), "{verified}");
    let restored = kept.path().join("after");
    target.ok(&["export", "htcds", "--out", restored.to_str().unwrap()]);
    let (a, b) = (csv_files(&exported), csv_files(&restored));
    assert!(a.len() >= 5 && a.len() == b.len());
    for ((name_a, bytes_a), (name_b, bytes_b)) in a.iter().zip(&b) {
        assert_eq!(name_a, name_b);
        assert!(bytes_a == bytes_b, "{name_a} differs after the restore: sealed fields did not open alike");
    }

    // Never over a database that holds something.
    let twice = target.run(&["restore", "--identity", identity.to_str().unwrap(), file.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&twice.stderr);
    assert!(!twice.status.success() && (err.contains("not empty") || err.contains("holds a database")), "{err}");
    // Without the kept master key the sealed fields stay shut.
    let keyless = target
        .command(&["export", "htcds", "--out", kept.path().join("keyless").to_str().unwrap()])
        .env("LEKHOTLA_MASTER_KEY_FILE", kept.path().join("no-such.key"))
        .output()
        .unwrap();
    assert!(!keyless.status.success() && String::from_utf8_lossy(&keyless.stderr).contains("no master key file"));
}

#[test]
fn a_sqlite_backup_restores_whole_and_opens_with_the_kept_key() {
    round_trip(Backend::Sqlite);
}

#[test]
fn a_postgres_backup_restores_whole_and_opens_with_the_kept_key() {
    round_trip(Backend::Postgres);
}

/// The cases `demo-data` is asked for while a backup is taken: far more than it writes before the backup ends
/// (it is killed then), so a faster `demo-data` cannot finish first.
const WRITTEN: i64 = 200_000;

/// A backup taken while `demo-data` writes: the copy is one consistent moment of the database.
fn while_writing(backend: Backend) {
    let Some(source) = site(backend) else { return eprintln!("skipped: LEKHOTLA_TEST_PG_URL is not set") };
    let kept = tempfile::tempdir().unwrap();
    source.ok(&["migrate"]);
    let (identity, recipient) = keygen(&source, kept.path());
    let mut writer = source
        .command(&["demo-data", "--cases", &WRITTEN.to_string(), "--seed", "2"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Until the writer's first batch is in.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(300);
    while counts(&source)["cases"] == 0 {
        assert!(std::time::Instant::now() < deadline, "the writer wrote nothing");
        if let Some(status) = writer.try_wait().unwrap() {
            panic!("the writer stopped before its first batch ({status}): run the same demo-data to see why");
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let file = kept.path().join("busy.backup");
    backup(&source, &recipient, &file);
    // Still writing when the backup ended: the copy was taken in the middle of the load. The rest of the load
    // is not needed (the kill, like a crash, leaves the source's last transaction undone).
    let running = writer.try_wait().unwrap();
    assert!(running.is_none(), "the writer had finished ({running:?}) before the backup did: make it write more");
    writer.kill().unwrap();
    writer.wait().unwrap();

    let target = site(backend).unwrap();
    keep_keys(&source, &target);
    target.ok(&["restore", "--identity", identity.to_str().unwrap(), file.to_str().unwrap()]);
    let verified = target.ok(&["audit", "verify"]);
    assert!(verified.contains("intact"), "{verified}");
    let copied = counts(&target)["cases"];
    assert!(copied > 0 && copied < WRITTEN, "{copied} cases restored of the {WRITTEN} being written");
    // Whole batches only (demo-data commits 5,000 cases at a time on SQLite, 500 on PostgreSQL:
    // `commands/demo_data.rs`): no half-written transaction.
    let batch = match backend {
        Backend::Sqlite => 5_000,
        Backend::Postgres => 500,
    };
    assert_eq!(copied % batch, 0, "{copied} cases: a batch was copied half-written");
    target.ok(&["export", "htcds", "--out", kept.path().join("busy").to_str().unwrap()]);
}

#[test]
fn a_sqlite_backup_taken_while_writing_is_consistent() {
    while_writing(Backend::Sqlite);
}

#[test]
fn a_postgres_backup_taken_while_writing_is_consistent() {
    while_writing(Backend::Postgres);
}
