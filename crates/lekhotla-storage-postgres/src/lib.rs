//! PostgreSQL implementation of Lekhotla's [`Store`], for national deployment.
//!
//! The schema is the SQLite one with PostgreSQL types (`migrations/`, embedded and run on connect):
//! the same tables and columns, vocabulary codes as text, multi-select values `|`-joined. Every
//! trait method is one transaction. Bulk writes go through `json_populate_recordset`, one statement
//! per table whatever the number of rows.

mod analyse;
mod at_once;
mod audit;
pub mod backup;
mod bulk;
mod cases;
mod copy_binary;
mod deferred_indexes;
mod deferred_keys;
mod errors;
mod frozen;
mod import;
mod keys;
mod ops;
mod organisations;
mod protection;
mod row;
mod rows;
mod sealing;
mod sql_store;

use std::str::FromStr;
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
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::{ConnectOptions, Connection, Executor};

/// The migrations this binary carries: `migrations/`, embedded by the stores' build script.
static MIGRATOR: std::sync::LazyLock<Migrator> = lekhotla_storage::embedded_migrator!();

/// The migrations this binary carries, for the test that reads the folder as sqlx's `migrate!` did.
pub fn migrator() -> &'static Migrator {
    &MIGRATOR
}

/// The registry in a PostgreSQL database. Clones share the pool and the keyring.
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
    /// The reads by key every request makes (a token's or a session's user, a case's need-to-know facts, a whole
    /// case by id): statements whose best plan never depends on the values, on connections of their own that keep
    /// their plans (`plan_cache_mode` left to the server: `pool`'s plan every statement anew for the lists' sake,
    /// a millisecond or more for the whole case's), each one statement outside a transaction (one statement reads
    /// one snapshot), so a lookup is one round trip.
    lookups: PgPool,
    /// Seals and opens the persons' protected fields; set by `KeyStore::use_keyring`.
    keyring: KeyringSlot,
    /// Shares commits between concurrent audit appends made on their own (`AuditTrail::append_audit`).
    audit_group: Arc<GroupCommit>,
    /// Reports count one at a time, and requests for the same report waiting for their turn share one run. A
    /// national report at a million cases reads for seconds on one or two connections; several at once would
    /// hold every connection of the pool, and lists, searches and case reads would wait behind them
    /// (BENCHMARKS.md, issue 13, "At a million cases").
    reports: ReportRuns,
    /// The session of a bulk load under way in this process, holding the load's lock
    /// (`deferred_indexes::LoadGuard`).
    load: Arc<deferred_indexes::LoadGuard>,
}

impl PgStore {
    /// Connects to `url` (`postgres://` or `postgresql://`) and brings the schema up to date.
    pub async fn connect(url: &str) -> Result<Self, DbError> {
        let options = parse_url(url)?;
        Self::open(options).await
    }

    /// Connects with every pooled connection's `search_path` set to `schema`, creating the schema
    /// when it is missing, and brings the schema's tables up to date. Tests use it to give each test
    /// its own schema. `schema` is a plain identifier (`a-z`, `0-9`, `_`, not starting with a digit).
    pub async fn connect_in_schema(url: &str, schema: &str) -> Result<Self, DbError> {
        let plain = schema.len() <= 63
            && schema.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
            && schema.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !plain {
            return Err(DbError::Unavailable(format!("{schema:?} is not a plain schema name (a-z, 0-9, _)")));
        }
        let options = parse_url(url)?;
        let server = server_of(&options);
        let mut conn = options.connect().await.map_err(|e| unavailable(&server, e))?;
        let create = format!("CREATE SCHEMA IF NOT EXISTS \"{schema}\"");
        let created = conn.execute(sqlx::AssertSqlSafe(create)).await.map(drop);
        // A concurrent creator of the same schema can race `IF NOT EXISTS`; the schema is there either way.
        if let Err(e) = created {
            let exists = matches!(&e, sqlx::Error::Database(d) if d.code().as_deref() == Some("23505"));
            if !exists {
                return Err(errors::map(e));
            }
        }
        conn.close().await.map_err(errors::map)?;
        Self::open(options.options([("search_path", schema)])).await
    }

    async fn open(options: PgConnectOptions) -> Result<Self, DbError> {
        let server = server_of(&options);
        let options = options.application_name(APPLICATION_NAME);
        let pool = pool(options.clone()).await?;
        let lookups = lookups(options);
        // The indexes a bulk load set aside and did not build again (it stopped half-way), before the
        // migrations, which may name them.
        deferred_indexes::build_kept(&pool, &deferred_indexes::LoadGuard::default()).await?;
        // In the upkeep span: a migration that builds an index takes seconds at a million cases (see SQLite's).
        lekhotla_storage::upkeep::run("migrating the schema", MIGRATOR.run(&pool)).await.map_err(|e| {
            let latest = MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0);
            match e {
                sqlx::migrate::MigrateError::VersionMissing(v) if v > latest => {
                    DbError::Unavailable(lekhotla_storage::newer_than_this_binary(v, latest))
                }
                e => DbError::Unavailable(format!("the database at {server} could not be migrated: {e}")),
            }
        })?;
        copy_binary::learn(&pool).await?;
        Ok(Self {
            pool,
            lookups,
            keyring: KeyringSlot::default(),
            audit_group: Arc::default(),
            reports: ReportRuns::new(),
            load: Arc::default(),
        })
    }

    /// Connects to a read replica of the registry (a hot standby streaming from the primary) for reports
    /// and lists: nothing is migrated (the primary's migrations arrive by replication, and `schema_status`
    /// says whether they have), and every transaction is read-only, so no write (an audit entry included)
    /// can land there even by mistake. Its connections are named `lekhotla-read` in `pg_stat_activity`.
    pub async fn connect_replica(url: &str) -> Result<Self, DbError> {
        let options = parse_url(url)?;
        let options =
            options.application_name(REPLICA_APPLICATION_NAME).options([("default_transaction_read_only", "on")]);
        Ok(Self {
            pool: pool(options.clone()).await?,
            lookups: lookups(options),
            keyring: KeyringSlot::default(),
            audit_group: Arc::default(),
            reports: ReportRuns::new(),
            load: Arc::default(),
        })
    }

    /// The connection pool, for tools that need plain SQL (backups, diagnostics).
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

/// How the registry's connections name themselves to the server (`pg_stat_activity.application_name`).
pub const APPLICATION_NAME: &str = "lekhotla";
/// How the connections to a read replica name themselves.
pub const REPLICA_APPLICATION_NAME: &str = "lekhotla-read";

/// The pool every store opens, after one direct attempt: a server that is not there fails at once instead of
/// after the pool's acquire timeout.
async fn pool(options: PgConnectOptions) -> Result<PgPool, DbError> {
    let server = server_of(&options);
    let probe = options.connect().await.map_err(|e| unavailable(&server, e))?;
    probe.close().await.map_err(errors::map)?;
    // Every statement planned for its own values: a list's need-to-know clause and filters are so
    // value-dependent (one district or a whole hub, a rare state or a common one) that the generic plan
    // PostgreSQL otherwise settles on after five runs can be a hundred times slower than the custom one,
    // and planning these statements costs a millisecond or two.
    let options = options.options([("plan_cache_mode", "force_custom_plan")]);
    PgPoolOptions::new()
        .max_connections(8)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options)
        .await
        .map_err(|e| unavailable(&server, e))
}

/// The pool of [`PgStore`]'s lookups by key: each statement planned once per connection and its plan kept
/// (`force_generic_plan`), connections opened as needed. Left to the server (`auto`), the whole case's
/// statement (`id = ANY($1)`, eighteen tables) was planned anew at every view: PostgreSQL prices the generic
/// plan for an array of ten ids against a custom plan for the one it is given, and keeps choosing the custom
/// one, so planning took two fifths of the machine at 50 concurrent views (BENCHMARKS.md, fourteenth pass).
fn lookups(options: PgConnectOptions) -> PgPool {
    let options = options.options([("plan_cache_mode", "force_generic_plan")]);
    PgPoolOptions::new().max_connections(8).acquire_timeout(Duration::from_secs(10)).connect_lazy_with(options)
}

fn parse_url(url: &str) -> Result<PgConnectOptions, DbError> {
    if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        return Err(DbError::Unavailable("a PostgreSQL URL starts with postgres:// or postgresql://".into()));
    }
    // The parse error could echo the URL, password and all: say only that it is malformed.
    PgConnectOptions::from_str(url).map_err(|_| DbError::Unavailable("the PostgreSQL URL is malformed".into()))
}

fn server_of(options: &PgConnectOptions) -> String {
    format!("{}:{}", options.get_host(), options.get_port())
}

fn unavailable(server: &str, e: sqlx::Error) -> DbError {
    match e {
        sqlx::Error::Database(_) => {
            // Reached, but refused (unknown database, authentication): keep the server's reason.
            let reason = e.as_database_error().map(|d| d.message().to_owned()).unwrap_or_default();
            DbError::Unavailable(format!("PostgreSQL at {server} refused the connection: {reason}"))
        }
        _ => DbError::Unavailable(format!("PostgreSQL at {server} does not answer")),
    }
}

#[async_trait]
impl Store for PgStore {
    fn backend(&self) -> &'static str {
        "postgres"
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
        cases::get_one(&self.lookups, &self.keyring, id).await
    }

    async fn find_case_by_number(&self, number: &CaseNumber) -> Result<Option<Case>, DbError> {
        cases::find_by_number(&self.pool, &self.keyring, number).await
    }

    async fn case_scope_facts(
        &self,
        key: &lekhotla_storage::CaseKey,
    ) -> Result<Option<lekhotla_storage::ScopeFacts>, DbError> {
        cases::scope_facts(&self.lookups, key).await
    }

    async fn get_cases(&self, ids: &[CaseId]) -> Result<Vec<Case>, DbError> {
        cases::get_many(&self.pool, &self.keyring, ids).await
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
        // VACUUM as well: it sets the visibility map of the rows just loaded, so the first hour's reads are
        // index-only where they can be and no one's first query pays for the hint bits.
        lekhotla_storage::upkeep::run("vacuuming and analysing", analyse::vacuum_analyse(&self.pool)).await?;
        lekhotla_storage::upkeep::run("writing the load to disk", analyse::checkpoint(&self.pool)).await
    }

    async fn refresh_statistics(&self) -> Result<(), DbError> {
        // A tenth of the default sample: enough for the plans of a load's writes (how large a table is, how
        // many rows a case has), at a tenth of the cost (an analysis at full sample was a seventh of the
        // machine in a 100,000-case `demo-data`, BENCHMARKS.md twenty-first pass). `analyse` at its end takes
        // the full sample.
        let analysed = async {
            let mut tx = self.pool.begin().await?;
            sqlx::query("SET LOCAL default_statistics_target = 10").execute(&mut *tx).await?;
            sqlx::query("ANALYZE").execute(&mut *tx).await?;
            tx.commit().await
        };
        lekhotla_storage::upkeep::run("analysing the database", analysed).await.map_err(errors::map)
    }

    async fn import_counted(
        &self,
        orgs: &[Organisation],
        cases: &[Case],
        audit: NewEntry,
        progress: &lekhotla_storage::ImportProgress,
    ) -> Result<ImportOutcome, DbError> {
        import::import(&self.pool, &self.keyring, (orgs, cases), audit, progress).await
    }

    async fn defer_indexes(&self) -> Result<u64, DbError> {
        deferred_indexes::defer(&self.pool, &self.load).await
    }

    async fn build_deferred_indexes(&self) -> Result<u64, DbError> {
        deferred_indexes::build_kept(&self.pool, &self.load).await
    }

    async fn close(&self) {
        deferred_indexes::release(&self.load).await;
        self.lookups.close().await;
        self.pool.close().await;
    }
}
