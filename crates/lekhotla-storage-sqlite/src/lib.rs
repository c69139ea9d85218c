//! SQLite implementation of Lekhotla's [`Store`], for a single office or a laptop.
//!
//! The schema (`migrations/`, embedded and run on open) has the same tables and columns as the
//! PostgreSQL one: ids, dates and timestamps as text, vocabulary codes as text, multi-select values
//! `|`-joined. Every trait method is one transaction; writes take the write lock at `BEGIN
//! IMMEDIATE`, so two writers queue instead of deadlocking, and optimistic versions decide who wins.

mod audit;
pub mod backup;
mod cases;
mod checkpoint;
mod deferred_indexes;
mod errors;
mod frozen;
mod import;
mod keys;
#[cfg(test)]
mod legacy_names_test;
mod load_lock;
mod ops;
mod organisations;
mod private_files;
mod protection;
mod rows;
mod sealing;
mod sql_store;
#[cfg(test)]
mod statistics_cut_test;
#[cfg(test)]
mod test_store;
mod write_gate;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use lekhotla_audit::NewEntry;
use lekhotla_domain::{Case, CaseId, CaseLinkKind, CaseNumber, Geography, OrgId, Organisation};
use lekhotla_storage::sealing::KeyringSlot;
use lekhotla_storage::{
    CaseCounts, CaseDraft, CaseFilter, CaseList, DbError, HearingFilter, HearingLine, ImportOutcome, JusticeFilter,
    JusticeList, Page, ReferralFilter, ReferralList, Store,
};
use lekhotla_storage::{GroupCommit, ReportRuns};
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{ConnectOptions, Connection, SqlitePool};
use uuid::Uuid;

/// The migrations this binary carries: `migrations/`, embedded by the stores' build script.
static MIGRATOR: std::sync::LazyLock<Migrator> = lekhotla_storage::embedded_migrator!();

/// The migrations this binary carries, for the test that reads the folder as sqlx's `migrate!` did.
pub fn migrator() -> &'static Migrator {
    &MIGRATOR
}

/// How an id is written: hyphenated, lower case.
pub(crate) fn id_text(u: Uuid) -> String {
    u.hyphenated().to_string()
}

/// Whether [`SqliteStore::open`] may create the database file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// Create the file (and its schema) when it is not there: `lekhotla migrate`, `serve --demo`, tests.
    CreateIfMissing,
    /// The file must exist; a missing file is [`DbError::Unavailable`] and nothing is created.
    MustExist,
}

/// The registry in a SQLite database file. Clones share the pool and the keyring.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    /// Seals and opens the persons' protected fields; set by `KeyStore::use_keyring`.
    keyring: KeyringSlot,
    /// Shares commits between concurrent audit appends made on their own (`AuditTrail::append_audit`).
    audit_group: Arc<GroupCommit>,
    /// Reports count one at a time, and requests for the same report waiting for their turn share one run. A
    /// national report at a million cases reads for seconds on one or two connections; several at once would
    /// hold every connection of the pool, and lists, searches and case reads would wait behind them
    /// (BENCHMARKS.md, issue 13, "At a million cases").
    reports: ReportRuns,
    /// A store of read-only connections ([`SqliteStore::open_reader`]): it leaves the statistics alone at close.
    read_only: bool,
    /// Held from a bulk load's setting the case tables' indexes aside until it builds them again, so that another
    /// process opening the database meanwhile leaves them to it.
    load: Arc<load_lock::LoadLock>,
}

/// Connections of the pool a reader store opens ([`SqliteStore::open_reader`]).
const READERS: u32 = 4;

impl SqliteStore {
    /// Opens `sqlite://path/to/file.db` (or `sqlite:path`) with WAL, `synchronous=FULL`, foreign
    /// keys on and a 10 s busy timeout, and brings the schema up to date.
    pub async fn open(url: &str, mode: OpenMode) -> Result<Self, DbError> {
        let path = path_of(url)?;
        if mode == OpenMode::MustExist && !Path::new(path).exists() {
            return Err(DbError::Unavailable(format!(
                "database file {path} does not exist; run `lekhotla migrate` (or `serve --demo`) to create it"
            )));
        }
        private_files::make_private(path);
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(mode == OpenMode::CreateIfMissing)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            // A 32 MiB page cache per connection (the default is 2 MiB): a list's index walks and the
            // rows they reach stay in memory between requests instead of being read again.
            .pragma("cache_size", "-32768")
            // Statistics sample at most this many rows per index (`PRAGMA optimize`, `ANALYZE`).
            .pragma("analysis_limit", "400")
            // Rows a query's worker thread reads ahead of the reader (sqlx's default is 50): a long read (a walk
            // of the audit trail) then wakes the reader once per thousand rows, not once per few.
            .row_buffer_size(1024);
        // No ping before each acquire (sqlx's default): a connection to a file on this machine does not go
        // away unseen, and the ping is a round trip to the connection's worker thread, so a case view's
        // three acquires cost three more thread hand-offs (BENCHMARKS.md, issue 13, "Thirteenth pass").
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .acquire_timeout(Duration::from_secs(30))
            .test_before_acquire(false)
            .connect_with(options.clone())
            .await
            .map_err(|e| DbError::Unavailable(format!("the database file {path} cannot be opened: {e}")))?;
        let store = Self {
            pool,
            keyring: KeyringSlot::default(),
            audit_group: Arc::default(),
            reports: ReportRuns::new(),
            read_only: false,
            load: Arc::new(load_lock::LoadLock::of(path)),
        };
        // The indexes a bulk load set aside and did not build again (it stopped half-way), before the
        // migrations, which may name them; not those of a load under way in another process (`load_lock`).
        match deferred_indexes::build_kept(&store.pool, &store.load).await {
            Ok(_) => {}
            // Another process's long write holds the write lock: the next open builds them.
            Err(DbError::Unavailable(reason)) => tracing::warn!(%reason, "deferred indexes left for the next open"),
            Err(other) => return Err(other),
        }
        store.migrate().await?;
        // The query planner's statistics, for a file loaded in bulk or never analysed: SQLite's advice for
        // a long-lived database (`PRAGMA optimize=0x10002`, sampling at most `analysis_limit` rows per
        // index), on a connection of its own that is closed at once, so no pooled connection keeps the
        // statement's read snapshot.
        let analysed = async {
            let mut conn = options.connect().await?;
            sqlx::query("PRAGMA optimize = 0x10002").fetch_all(&mut conn).await?;
            conn.close().await
        };
        // In the upkeep span, as at close: after many writes it takes seconds, and sqlx's slow-statement
        // warning is no news then. Only an optimisation: a database busy with a long write (a bulk load) is
        // opened without it.
        let analysed = lekhotla_storage::upkeep::run("bringing the statistics up to date at open", analysed);
        if let Err(e) = analysed.await {
            match errors::map(e) {
                DbError::Unavailable(reason) => tracing::warn!(%reason, "query statistics left for the next open"),
                other => {
                    return Err(DbError::Unavailable(format!("the SQLite database could not be analysed: {other}")));
                }
            }
        }

        // A new file, its WAL and shm have just been created, with the umask's mode.
        private_files::make_private(path);
        tracing::info!(path, "SQLite database opened");
        Ok(store)
    }

    /// A second pool of read-only connections (`query_only`) to a database [`SqliteStore::open`] has opened,
    /// for lists, searches and reports: a slow search then waits for a reader, never for the connection a case
    /// view or a write needs. WAL lets these read beside the writer; nothing is migrated or analysed here.
    pub async fn open_reader(url: &str) -> Result<Self, DbError> {
        let path = path_of(url)?;
        if !Path::new(path).exists() {
            return Err(DbError::Unavailable(format!("database file {path} does not exist")));
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .journal_mode(SqliteJournalMode::Wal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            .pragma("cache_size", "-32768")
            .pragma("query_only", "true");
        let pool = SqlitePoolOptions::new()
            .max_connections(READERS)
            .acquire_timeout(Duration::from_secs(30))
            // As the writer's pool: no ping on acquire.
            .test_before_acquire(false)
            .connect_with(options)
            .await
            .map_err(|e| DbError::Unavailable(format!("the database file {path} cannot be opened for reading: {e}")))?;
        Ok(Self {
            pool,
            keyring: KeyringSlot::default(),
            audit_group: Arc::default(),
            reports: ReportRuns::new(),
            read_only: true,
            load: Arc::new(load_lock::LoadLock::of(path)),
        })
    }

    /// Brings the schema up to date (done by [`SqliteStore::open`]; running it again does nothing).
    pub async fn migrate(&self) -> Result<(), DbError> {
        // In the upkeep span: a migration that builds an index takes seconds at a million cases, and sqlx's
        // slow-statement warning would print the whole migration on the terminal of `migrate` or `serve`.
        lekhotla_storage::upkeep::run("migrating the schema", MIGRATOR.run(&self.pool)).await.map_err(|e| {
            let latest = MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0);
            match e {
                sqlx::migrate::MigrateError::VersionMissing(v) if v > latest => {
                    DbError::Unavailable(lekhotla_storage::newer_than_this_binary(v, latest))
                }
                e => DbError::Unavailable(format!("the SQLite database could not be migrated: {e}")),
            }
        })
    }

    /// The connection pool, for tools that need plain SQL (backups, diagnostics).
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Brings the statistics of tables whose size changed much up to date, then closes every connection
    /// (checkpointing the WAL).
    pub async fn close(&self) {
        // On one connection taken out of the pool, in turn with the writers (its `ANALYZE` writes), in the upkeep
        // span: seconds after a bulk load, and sqlx's slow-statement warning is no news then. (sqlx's own
        // `optimize_on_close` ran it on every connection, where that warning escaped the span.)
        if self.read_only {
            return self.pool.close().await;
        }
        let optimised = async {
            let _turn = crate::write_gate::turn(&self.pool).await;
            let mut conn = self.pool.acquire().await?.detach();
            sqlx::query("PRAGMA optimize = 0x10002").fetch_all(&mut conn).await?;
            conn.close().await
        };
        let optimised = lekhotla_storage::upkeep::run("bringing the statistics up to date at close", optimised).await;
        if let Err(e) = optimised {
            tracing::warn!(reason = %errors::map(e), "query statistics left for the next open");
        }
        self.pool.close().await;
        // A load that set indexes aside and stops here without building them leaves them to the next open.
        self.load.release();
    }
}

/// The database file a `sqlite://` or `sqlite:` URL names, for checks on where other files live (the audit
/// key must not be beside it).
pub fn database_file(url: &str) -> Result<&Path, DbError> {
    path_of(url).map(Path::new)
}

/// The file path of a `sqlite://` or `sqlite:` URL (any `?query` is ignored).
fn path_of(url: &str) -> Result<&str, DbError> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .ok_or_else(|| DbError::Unavailable("a SQLite URL looks like sqlite://path/to/file.db".into()))?;
    let path = rest.split('?').next().unwrap_or(rest);
    if path.is_empty() {
        return Err(DbError::Unavailable("the SQLite URL names no file (sqlite://path/to/file.db)".into()));
    }
    Ok(path)
}

#[async_trait]
impl Store for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    async fn health(&self) -> Result<(), DbError> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map(drop).map_err(errors::map)
    }

    fn pool_status(&self) -> lekhotla_storage::PoolStatus {
        ops::pool_status(&self.pool)
    }

    async fn schema_status(&self) -> Result<lekhotla_storage::SchemaStatus, DbError> {
        ops::schema_status(&self.pool, &MIGRATOR).await
    }

    async fn load_geography(&self, geography: &Geography, audit: NewEntry) -> Result<(), DbError> {
        lekhotla_storage::stored_geography::load(self, geography, audit).await
    }

    async fn geography(&self) -> Result<Option<Geography>, DbError> {
        lekhotla_storage::stored_geography::get(self).await
    }

    async fn create_organisation(&self, org: &Organisation, audit: NewEntry) -> Result<(), DbError> {
        lekhotla_storage::stored_organisations::create(self, org, audit).await
    }

    async fn update_organisation(&self, org: &Organisation, audit: NewEntry) -> Result<Organisation, DbError> {
        lekhotla_storage::stored_organisations::update(self, org, audit).await
    }

    async fn get_organisation(&self, id: OrgId) -> Result<Option<Organisation>, DbError> {
        lekhotla_storage::stored_organisations::get(self, id).await
    }

    async fn list_organisations(&self) -> Result<Vec<Organisation>, DbError> {
        lekhotla_storage::stored_organisations::list(self).await
    }

    async fn create_case(&self, draft: CaseDraft, audit: NewEntry) -> Result<Case, DbError> {
        cases::create(&self.pool, &self.keyring, draft, audit).await
    }

    async fn get_case(&self, id: CaseId) -> Result<Option<Case>, DbError> {
        Ok(self.get_cases(&[id]).await?.pop())
    }

    async fn find_case_by_number(&self, number: &CaseNumber) -> Result<Option<Case>, DbError> {
        // One statement: its own consistent view, no transaction needed.
        let mut conn = self.pool.acquire().await.map_err(errors::map)?;
        cases::load_by_number(&mut conn, &self.keyring, number).await
    }

    async fn case_scope_facts(
        &self,
        key: &lekhotla_storage::CaseKey,
    ) -> Result<Option<lekhotla_storage::ScopeFacts>, DbError> {
        cases::scope_facts(&self.pool, key).await
    }

    async fn get_cases(&self, ids: &[CaseId]) -> Result<Vec<Case>, DbError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let keys: Vec<String> = ids.iter().map(|i| id_text(i.0)).collect();
        let mut found = if keys.len() <= cases::CHUNK {
            // One statement: its own consistent view, no transaction needed.
            let mut conn = self.pool.acquire().await.map_err(errors::map)?;
            cases::load(&mut conn, &self.keyring, &keys).await?
        } else {
            let mut tx = self.pool.begin().await.map_err(errors::map)?;
            let found = cases::load(&mut tx, &self.keyring, &keys).await?;
            tx.commit().await.map_err(errors::map)?;
            found
        };
        let mut out = Vec::with_capacity(ids.len());
        for (i, id) in ids.iter().enumerate() {
            // The last mention of an id takes the case; earlier ones get a copy.
            let again = ids[i + 1..].contains(id);
            let case = if again { found.get(id).cloned() } else { found.remove(id) };
            out.extend(case);
        }
        Ok(out)
    }

    async fn save_case(&self, case: &Case, audit: NewEntry) -> Result<Case, DbError> {
        cases::save(&self.pool, &self.keyring, case, audit).await
    }

    async fn link_cases(&self, a: CaseId, b: CaseId, kind: CaseLinkKind, audit: NewEntry) -> Result<(), DbError> {
        cases::link(&self.pool, a, b, kind, audit).await
    }

    async fn list_cases(&self, filter: &CaseFilter, page: Page) -> Result<CaseList, DbError> {
        cases::list(&self.pool, filter, page).await
    }

    async fn search_cases(
        &self,
        filter: &CaseFilter,
        name: &lekhotla_storage::people::NameQuery,
        page: Page,
    ) -> Result<CaseList, DbError> {
        cases::cases_by_name(&self.pool, &self.keyring, filter, name, page).await
    }

    async fn possible_duplicates(
        &self,
        probe: &lekhotla_storage::people::PersonProbe,
    ) -> Result<Vec<lekhotla_storage::people::PossibleDuplicate>, DbError> {
        cases::duplicates(&self.pool, &self.keyring, probe).await
    }

    async fn case_ids_after(&self, after: Option<CaseId>, limit: u32) -> Result<Vec<CaseId>, DbError> {
        cases::ids_after(&self.pool, after, limit).await
    }

    async fn count_cases(&self) -> Result<u64, DbError> {
        cases::count(&self.pool).await
    }

    async fn case_counts(&self) -> Result<CaseCounts, DbError> {
        cases::counts(&self.pool).await
    }

    async fn list_referrals(&self, filter: &ReferralFilter, page: Page) -> Result<ReferralList, DbError> {
        cases::list_referrals(&self.pool, filter, page).await
    }

    async fn upcoming_hearings(
        &self,
        scope: &lekhotla_storage::Scope,
        from: time::Date,
        to: time::Date,
        limit: u32,
    ) -> Result<lekhotla_storage::HearingList, DbError> {
        cases::hearings(&self.pool, scope, from, to, limit).await
    }

    async fn pending_child_referrals(
        &self,
        scope: &lekhotla_storage::Scope,
        page: Page,
    ) -> Result<ReferralList, DbError> {
        cases::child_referrals(&self.pool, scope, page).await
    }

    async fn figures(&self, filter: &lekhotla_storage::FiguresFilter) -> Result<lekhotla_storage::Figures, DbError> {
        cases::figures(&self.pool, filter).await
    }
    async fn statistics(
        &self,
        query: &lekhotla_storage::statistics::StatsQuery,
    ) -> Result<lekhotla_storage::statistics::StatsCounts, DbError> {
        let pool = self.pool.clone();
        self.reports.statistics(query, |query| async move { cases::statistics(&pool, &query).await }).await
    }
    async fn freeze_report(&self, report: &lekhotla_storage::FrozenRecord, audit: NewEntry) -> Result<(), DbError> {
        lekhotla_storage::stored_frozen::freeze(self, report, audit).await
    }
    async fn frozen_reports(&self) -> Result<Vec<lekhotla_storage::FrozenRecord>, DbError> {
        lekhotla_storage::stored_frozen::list(self).await
    }
    async fn frozen_report(&self, id: uuid::Uuid) -> Result<Option<lekhotla_storage::FrozenRecord>, DbError> {
        lekhotla_storage::stored_frozen::get(self, id).await
    }
    async fn cases_changed_since(
        &self,
        districts: Option<&[lekhotla_domain::UnitCode]>,
        since: time::OffsetDateTime,
        limit: u32,
    ) -> Result<(Vec<lekhotla_storage::ChangedCase>, u64), DbError> {
        frozen::changed_since(&self.pool, districts, since, limit).await
    }

    async fn list_justice(&self, filter: &JusticeFilter, page: Page) -> Result<JusticeList, DbError> {
        cases::list_justice(&self.pool, filter, page).await
    }

    async fn list_hearings(&self, filter: &HearingFilter) -> Result<Vec<HearingLine>, DbError> {
        cases::list_hearings(&self.pool, filter).await
    }

    async fn analyse(&self) -> Result<(), DbError> {
        // In turn with the writers (`ANALYZE` writes its statistics, so it waits for the write lock they hold).
        let _turn = crate::write_gate::turn(&self.pool).await;
        // On a connection taken out of the pool and closed after, like the analysis at open.
        let mut conn = self.pool.acquire().await.map_err(errors::map)?.detach();
        let analysed = sqlx::query("ANALYZE").execute(&mut conn);
        lekhotla_storage::upkeep::run("analysing the database", analysed).await.map_err(errors::map)?;
        conn.close().await.map_err(errors::map)?;
        Ok(())
    }

    async fn import_counted(
        &self,
        orgs: &[Organisation],
        cases: &[Case],
        audit: NewEntry,
        progress: &lekhotla_storage::ImportProgress,
    ) -> Result<ImportOutcome, DbError> {
        import::import(&self.pool, (&self.load, &self.keyring), (orgs, cases), audit, progress).await
    }

    async fn defer_indexes(&self) -> Result<u64, DbError> {
        deferred_indexes::defer(&self.pool, &self.load).await
    }

    async fn build_deferred_indexes(&self) -> Result<u64, DbError> {
        deferred_indexes::build_kept(&self.pool, &self.load).await
    }

    async fn close(&self) {
        SqliteStore::close(self).await;
    }
}

#[cfg(test)]
mod tests {
    use super::path_of;

    #[test]
    fn urls_name_a_file() {
        assert_eq!(path_of("sqlite://data/lekhotla.db").unwrap(), "data/lekhotla.db");
        assert_eq!(path_of("sqlite:///tmp/x.db").unwrap(), "/tmp/x.db");
        assert_eq!(path_of("sqlite:x.db?mode=rwc").unwrap(), "x.db");
        assert!(path_of("postgres://x").is_err());
        assert!(path_of("sqlite://").is_err());
    }

    /// The workspace builds the bundled SQLite without its global memory statistics and without the page cache
    /// shared by every connection (`.cargo/config.toml`): with them, each page a reader fetched took a
    /// process-wide mutex, and audited case views at a million cases were a quarter slower.
    #[tokio::test]
    async fn sqlite_is_built_without_global_mutexes() {
        use sqlx::{ConnectOptions, Connection};
        let mut conn = sqlx::sqlite::SqliteConnectOptions::new().in_memory(true).connect().await.unwrap();
        let options: Vec<String> = sqlx::query_scalar("PRAGMA compile_options").fetch_all(&mut conn).await.unwrap();
        assert!(options.iter().any(|o| o == "DEFAULT_MEMSTATUS=0"), "{options:?}");
        assert!(!options.iter().any(|o| o == "ENABLE_MEMORY_MANAGEMENT"), "{options:?}");
        conn.close().await.unwrap();
    }
}
