//! A Lekhotla site for the tamper scenarios, on SQLite or PostgreSQL: the database (its own folder, or its
//! own PostgreSQL database), the keys in another folder, the auditor's heads file in a third; the binary run
//! as an operator runs it, and plain SQL run behind its back as whoever holds the database would.

#![allow(dead_code)] // each test file uses only some of these helpers

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use lekhotla_audit::{AuditEntry, Chain, Checkpoint, CheckpointSigner};
use lekhotla_storage::{Store, fields_to_text};
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The trail a scenario starts from: two signed checkpoints (seq `a`, then `b`), each recorded by the entry
/// after it, entries before, between and after, and every head exported to the auditor's heads file.
#[derive(Debug, Clone, Copy)]
pub struct Trail {
    pub a: u64,
    pub b: u64,
}

pub struct Site {
    pub backend: Backend,
    pub url: String,
    db_dir: tempfile::TempDir,
    keys: tempfile::TempDir,
    auditor: tempfile::TempDir,
    /// The server URL and database name, to drop it at the end.
    pg: Option<(String, String)>,
    runtime: tokio::runtime::Runtime,
}

/// Times as both stores keep them in text (SQLite's column; PostgreSQL reads the same literal).
const AT: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");

/// The PostgreSQL server to use, or `None` (skip) outside CI.
fn pg_server() -> Option<String> {
    match std::env::var("LEKHOTLA_TEST_PG_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("CI=true but LEKHOTLA_TEST_PG_URL is not set: the PostgreSQL scenarios cannot be skipped in CI")
        }
        _ => None,
    }
}

impl Site {
    /// A fresh site, or `None` when PostgreSQL is asked for and not configured.
    pub fn new(backend: Backend) -> Option<Site> {
        Site::named(backend, "lekhotla_tamper")
    }

    /// [`Site::new`], its PostgreSQL database named `PREFIX_<uuid>`.
    pub fn named(backend: Backend, prefix: &str) -> Option<Site> {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let db_dir = tempfile::tempdir().unwrap();
        let (url, pg) = match backend {
            Backend::Sqlite => (format!("sqlite://{}", db_dir.path().join("lekhotla.db").display()), None),
            Backend::Postgres => {
                let server = pg_server()?;
                let name = format!("{prefix}_{}", uuid::Uuid::new_v4().simple());
                runtime.block_on(pg_admin(&server, &format!("CREATE DATABASE {name}")));
                let base = server.split('?').next().unwrap();
                let url = format!("{}/{name}", &base[..base.rfind('/').unwrap()]);
                (url, Some((server, name)))
            }
        };
        let (keys, auditor) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        Some(Site { backend, url, db_dir, keys, auditor, pg, runtime })
    }

    pub fn audit_key(&self) -> PathBuf {
        self.keys.path().join("audit.key")
    }

    pub fn master_key(&self) -> PathBuf {
        self.keys.path().join("master.key")
    }

    pub fn heads(&self) -> PathBuf {
        self.auditor.path().join("heads.txt")
    }

    pub fn db_dir(&self) -> &Path {
        self.db_dir.path()
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_lekhotla"));
        command
            .arg("--db")
            .arg(&self.url)
            .args(args)
            .current_dir(self.db_dir.path())
            .env("LEKHOTLA_LOG", "warn")
            .env("LEKHOTLA_MASTER_KEY_FILE", self.master_key())
            .env("LEKHOTLA_AUDIT_KEY_FILE", self.audit_key())
            .env_remove("LEKHOTLA_ALLOW_KEY_BESIDE_DB")
            .stdin(Stdio::null());
        command
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(out.status.success(), "{args:?} failed: {}\n{stdout}", String::from_utf8_lossy(&out.stderr));
        stdout
    }

    /// Builds the starting trail and exports its heads; both checks pass on it.
    pub fn build_trail(&self) -> Trail {
        self.ok(&["migrate"]);
        let org = |name: &str| self.ok(&["org", "add", "--name", name, "--type", "NGO"]);
        org("Synthetic Shelter One");
        org("Synthetic Shelter Two");
        let a = seq_of(&self.ok(&["audit", "checkpoint"]));
        org("Synthetic Shelter Three");
        org("Synthetic Shelter Four");
        let b = seq_of(&self.ok(&["audit", "checkpoint"]));
        org("Synthetic Shelter Five");
        let heads = self.heads();
        self.ok(&["audit", "heads", "--out", heads.to_str().unwrap()]);
        self.ok(&["audit", "verify"]);
        self.ok(&["audit", "verify", "--against", heads.to_str().unwrap()]);
        Trail { a, b }
    }

    /// Plain SQL (several statements allowed) on the database, through a connection of its own.
    pub fn sql(&self, statements: &str) {
        let statements = statements.to_owned();
        self.runtime.block_on(async {
            use sqlx::{ConnectOptions, Connection};
            match self.backend {
                Backend::Sqlite => {
                    let file = lekhotla_storage_sqlite::database_file(&self.url).unwrap().to_owned();
                    let mut conn = sqlx::sqlite::SqliteConnectOptions::new().filename(file).connect().await.unwrap();
                    sqlx::raw_sql(sqlx::AssertSqlSafe(statements)).execute(&mut conn).await.unwrap();
                    conn.close().await.unwrap();
                }
                Backend::Postgres => {
                    let mut conn = sqlx::PgConnection::connect(&self.url).await.unwrap();
                    sqlx::raw_sql(sqlx::AssertSqlSafe(statements)).execute(&mut conn).await.unwrap();
                    conn.close().await.unwrap();
                }
            }
        });
    }

    async fn store(&self) -> Box<dyn Store> {
        match self.backend {
            Backend::Sqlite => Box::new(
                lekhotla_storage_sqlite::SqliteStore::open(&self.url, lekhotla_storage_sqlite::OpenMode::MustExist)
                    .await
                    .unwrap(),
            ),
            Backend::Postgres => Box::new(lekhotla_storage_postgres::PgStore::connect(&self.url).await.unwrap()),
        }
    }

    /// Every entry of the trail, in seq order.
    pub fn entries(&self) -> Vec<AuditEntry> {
        self.runtime.block_on(async { self.store().await.audit_entries_after(0, 1_000_000).await.unwrap() })
    }

    /// The stored checkpoints.
    pub fn checkpoints(&self) -> Vec<Checkpoint> {
        self.runtime.block_on(async { self.store().await.checkpoints().await.unwrap() })
    }

    /// Drops the append-only triggers, runs `statements`, and puts the triggers back as they were, leaving no
    /// trace in the schema.
    pub fn behind_the_triggers(&self, statements: &str) {
        let (drop, create) = match self.backend {
            Backend::Sqlite => (SQLITE_DROP, SQLITE_CREATE),
            Backend::Postgres => (PG_DROP, PG_CREATE),
        };
        self.sql(&format!("{drop}\n{statements}\n{create}"));
    }

    /// Replaces the whole trail with `entries`, renumbered from 1 and re-hashed into a valid chain, as whoever
    /// holds the database can (the chain is unkeyed). Returns the new entries.
    pub fn rewrite(&self, entries: Vec<AuditEntry>) -> Vec<AuditEntry> {
        let mut chain = Chain::genesis();
        let entries: Vec<AuditEntry> = entries
            .into_iter()
            .map(|mut e| {
                e.seq = chain.head_seq + 1;
                e.prev_hash = chain.head_hash;
                e.hash = e.compute_hash();
                chain = Chain::after(&e);
                e
            })
            .collect();
        let mut statements: Vec<String> = entries.iter().map(insert_sql).collect();
        if self.backend == Backend::Postgres {
            // PostgreSQL appends after the head it keeps in `audit_head`: a careful forger moves it too.
            statements.push(format!("UPDATE audit_head SET seq = {}, hash = '{}';", chain.head_seq, chain.head_hash));
        }
        self.behind_the_triggers(&format!("DELETE FROM audit_log;\n{}", statements.join("\n")));
        entries
    }

    /// Replaces the checkpoint table with `checkpoints`.
    pub fn replace_checkpoints(&self, checkpoints: &[Checkpoint]) {
        let inserts: Vec<String> = checkpoints
            .iter()
            .map(|c| {
                format!(
                    "INSERT INTO audit_checkpoints (seq, head_hash, at, signature) VALUES ({}, '{}', '{}', '{}');",
                    c.seq,
                    c.head_hash,
                    c.at.format(AT).unwrap(),
                    c.signature_hex()
                )
            })
            .collect();
        self.behind_the_triggers(&format!("DELETE FROM audit_checkpoints;\n{}", inserts.join("\n")));
    }

    /// The operator's audit key, as someone who found the key file would use it.
    pub fn real_signer(&self) -> CheckpointSigner {
        let text = std::fs::read_to_string(self.audit_key()).unwrap();
        let text = text.trim();
        let seed: Vec<u8> = (0..32).map(|i| u8::from_str_radix(&text[2 * i..2 * i + 2], 16).unwrap()).collect();
        CheckpointSigner::from_seed(&seed.try_into().unwrap())
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        if let Some((server, name)) = &self.pg {
            self.runtime.block_on(pg_admin(server, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")));
        }
    }
}

async fn pg_admin(server: &str, statement: &str) {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(server).await.unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(statement.to_owned())).execute(&mut conn).await.unwrap();
    conn.close().await.unwrap();
}

/// The `seq: N` line of `audit checkpoint`.
fn seq_of(stdout: &str) -> u64 {
    stdout.lines().find_map(|l| l.strip_prefix("seq: ")).unwrap().parse().unwrap()
}

fn text(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

fn opt(value: Option<&str>) -> String {
    value.map_or_else(|| "NULL".to_owned(), text)
}

/// The `INSERT` of one entry as it is stored.
pub fn insert_sql(e: &AuditEntry) -> String {
    format!(
        "INSERT INTO audit_log (seq, at, actor, action, record, fields, purpose, prev_hash, hash) \
         VALUES ({}, '{}', {}, '{}', {}, {}, {}, '{}', '{}');",
        e.seq,
        e.at.format(AT).unwrap(),
        text(&e.actor),
        e.action.code(),
        opt(e.record.as_deref()),
        text(&fields_to_text(&e.fields)),
        opt(e.purpose.as_deref()),
        e.prev_hash,
        e.hash
    )
}

const SQLITE_DROP: &str = "DROP TRIGGER audit_log_refuses_update; DROP TRIGGER audit_log_refuses_delete;
    DROP TRIGGER audit_checkpoints_refuse_update; DROP TRIGGER audit_checkpoints_refuse_delete;";

const SQLITE_CREATE: &str = "
CREATE TRIGGER audit_log_refuses_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_refuses_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_checkpoints_refuse_update BEFORE UPDATE ON audit_checkpoints
BEGIN
    SELECT RAISE(ABORT, 'audit_checkpoints is append-only');
END;
CREATE TRIGGER audit_checkpoints_refuse_delete BEFORE DELETE ON audit_checkpoints
BEGIN
    SELECT RAISE(ABORT, 'audit_checkpoints is append-only');
END;";

const PG_DROP: &str =
    "DROP TRIGGER audit_log_append_only ON audit_log; DROP TRIGGER audit_log_no_truncate ON audit_log;
    DROP TRIGGER audit_checkpoints_append_only ON audit_checkpoints;
    DROP TRIGGER audit_checkpoints_no_truncate ON audit_checkpoints;";

const PG_CREATE: &str = "
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION lekhotla_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION lekhotla_append_only();
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION lekhotla_append_only();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION lekhotla_append_only();";
