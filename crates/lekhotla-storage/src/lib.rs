//! The registry's storage interface: a domain-shaped [`Store`] trait, its error type and query types.
//!
//! Each database has its own crate (`lekhotla-storage-sqlite`, `lekhotla-storage-postgres`) with
//! plain-SQL migrations; `lekhotla-storage-tests` holds the one conformance suite both must pass.
//! Every method is one transaction: on an error nothing is written. Every method that writes takes
//! the [`NewEntry`] that records it and appends it to the audit trail in that same transaction: no
//! entry, no action.

mod accounts;
mod audit;
mod break_glass;
pub mod bulk_indexes;
pub mod classification;
pub mod committee;
pub mod deadlines;
mod figures;
mod frozen;
mod group_commit;
mod import_versions;
mod justice;
mod keys;
pub mod migration_files;
mod ops;
mod organisations;
pub mod people;
pub mod plan;
pub mod plan_files;
pub mod prevention;
pub mod provision;
mod referrals;
mod report_runs;
mod schema;
mod scope;
pub mod sql_store;
pub mod statistics;
pub mod stored_geography;
pub mod upkeep;
mod work;

pub use accounts::{
    AccountAccess, AccountAdmin, Accounts, ApiTokenRecord, SecondFactor, SessionRecord, UserAccount, UserId,
    scopes_from_text, scopes_to_text,
};
pub use audit::{
    AuditFilter, AuditTrail, GapProblem, ProtectionGap, StoredFields, UnreadableEntry, action_from_text,
    collapse_whitespace, fields_from_text, fields_to_text, hash_from_text, seq_from_db, seq_to_db, signature_from_text,
    signature_to_text,
};
pub use break_glass::{BreakGlassGrants, GrantFilter, GrantPage, GrantRecord};
pub use committee::{CommitteeMeetings, Committees, MeetingFilter};
pub use deadlines::{Deadlines, OverdueQuery, OverdueRow, ResponseRow};
pub use figures::{AGE_BANDS, Figures, FiguresFilter, Milestone, VictimRow, sql as figures_sql};
pub use frozen::{ChangedCase, FrozenRecord, stored as stored_frozen};
pub use group_commit::{GroupCommit, HOLD_ENV as AUDIT_HOLD_ENV};
pub use import_versions::refuse_older;
pub use justice::{
    HearingFilter, HearingLine, JusticeFilter, JusticeLine, JusticeList, ProsecutionLine, sql as justice_sql,
};
pub use keys::{KeyStore, ResealBatch, notes, sealing, stored as stored_sealing, wrapped};
pub use lekhotla_audit::{Action, AuditEntry, NewEntry};
pub use ops::{PoolStatus, SchemaStatus};
pub use organisations::{ORG_NAME_INDEX, org_name_clash, stored as stored_organisations};
pub use plan::{ActionPlans, PlanVersions, Plans, StoredPlan};
pub use plan_files::{PlanFileInfo, PlanFiles};
pub use prevention::{Prevention, PreventionFilter, PreventionRecords, Register};
pub use provision::{ProviderYears, Provision, StayRow};
pub use referrals::{Direction, ReferralFilter, ReferralLine, ReferralList, sql as referral_sql};
pub use report_runs::ReportRuns;
pub use schema::{SchemaState, newer_than_this_binary};
pub use scope::{ACTIVE_REFERRAL_STATES, CaseKey, Relation, Scope, ScopeFacts, ScopeRow, sql as scope_sql};
pub use work::{HearingList, UpcomingHearing, sql as work_sql};

use async_trait::async_trait;
use lekhotla_domain::{
    Case, CaseId, CaseLinkKind, CaseNumber, CaseStage, CaseStatus, CaseSummary, CountryCode, DetectionSource,
    Geography, OrgId, Organisation, UnitCode,
};
use time::{Date, OffsetDateTime};

/// Why a storage call failed.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The record does not exist.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The stored version is not the one the caller changed (optimistic concurrency), or a unique value is taken.
    #[error("conflict: {0}")]
    Conflict(String),
    /// A reference names something that does not exist (an organisation, a district).
    #[error("{field}: {reason}")]
    Reference { field: String, reason: String },
    /// The database file or server is not there, or not initialised.
    #[error("{0}")]
    Unavailable(String),
    /// Anything else; the detail is for the log, never for the user.
    #[error(transparent)]
    Other(Box<dyn std::error::Error + Send + Sync>),
}

impl DbError {
    pub fn other(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self::Other(Box::new(e))
    }
}

/// Filters of the case list. All given filters must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseFilter {
    pub district: Option<UnitCode>,
    pub status: Option<CaseStatus>,
    pub organisation: Option<OrgId>,
    pub detection_source: Option<DetectionSource>,
    pub stage: Option<CaseStage>,
    /// Cases with (true) or without (false) a victim presumed a child and not referred to child
    /// protection (`Case::missed_child_referrals`, stored as `child_referral_missed`).
    pub child_referral_missed: Option<bool>,
    /// Detected on or after this day.
    pub detected_from: Option<Date>,
    /// Detected on or before this day.
    pub detected_to: Option<Date>,
    /// The case number starts with this text (`LS-2025-00`).
    pub number_prefix: Option<String>,
    /// Last changed before this instant (no activity since).
    pub updated_before: Option<OffsetDateTime>,
    /// Assigned to this person: their account owns the case, or they are its investigator or prosecutor.
    pub assigned: Option<Assignee>,
    /// Only cases the actor may see (need-to-know); the web layer always sets it from the actor.
    pub scope: Scope,
    /// The list's order.
    pub order: CaseOrder,
}

/// The order of a case list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CaseOrder {
    /// Newest detection first, then number, descending (the registry's usual order).
    #[default]
    NewestDetected,
    /// Longest without a change first, then number (what has waited longest for attention).
    LeastRecentlyChanged,
}

/// A person a case can be assigned to: by account (`owner_user`) or by username (the justice records).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignee {
    pub user: lekhotla_domain::UserRef,
    pub username: String,
}

/// A page of a list: at most `limit` rows after skipping `offset`, newest detection first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub limit: u32,
    pub offset: u64,
    /// Count the matching rows only up to this many and one more (the total is then `cap + 1`, read "more
    /// than `cap`"): a to-do list needs to know there are many, not how many, and counting stops early.
    pub count_cap: Option<u32>,
}

impl Page {
    pub const MAX_LIMIT: u32 = 500;
    pub fn new(limit: u32, offset: u64) -> Self {
        Self { limit: limit.clamp(1, Self::MAX_LIMIT), offset, count_cap: None }
    }

    /// This page, its total counted only up to `cap` and one more.
    pub fn counting_up_to(self, cap: u32) -> Self {
        Self { count_cap: Some(cap), ..self }
    }

    /// The head and the tail of the count for this page, from a count `SELECT count(*) FROM ...`: the
    /// conditions go between them. Uncapped, the count itself and nothing; capped, the same rows counted
    /// through a subquery that stops at `cap + 1`.
    pub fn count_sql(&self, count: &str) -> (String, String) {
        match (self.count_cap, count.strip_prefix("SELECT count(*)")) {
            (Some(cap), Some(rest)) => {
                (format!("SELECT count(*) FROM (SELECT 1{rest}"), format!(" LIMIT {}) capped", u64::from(cap) + 1))
            }
            _ => (count.to_owned(), String::new()),
        }
    }
}

impl Default for Page {
    fn default() -> Self {
        Self::new(50, 0)
    }
}

/// One page of cases and the number of cases matching the filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseList {
    pub items: Vec<CaseSummary>,
    pub total: u64,
}

/// How many cases there are in all, by stage and by district (groups with no case are left out).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseCounts {
    pub total: u64,
    pub by_stage: Vec<(CaseStage, u64)>,
    /// By district code, in code order.
    pub by_district: Vec<(UnitCode, u64)>,
}

impl CaseCounts {
    /// Builds the counts from the two grouped queries' rows, `(stage code, count)` and
    /// `(district code, count)`, as every backend reads them.
    pub fn from_rows(stages: Vec<(String, i64)>, districts: Vec<(String, i64)>) -> Result<Self, DbError> {
        let n = |c: i64| u64::try_from(c).unwrap_or(0);
        let corrupt = |what: &str, value: &str| {
            DbError::Other(format!("the cases table holds an unknown {what} {value:?}").into())
        };
        let mut out = Self::default();
        for (stage, c) in stages {
            let stage_value = CaseStage::from_code(&stage).ok_or_else(|| corrupt("stage", &stage))?;
            out.total += n(c);
            out.by_stage.push((stage_value, n(c)));
        }
        for (district, c) in districts {
            let code = UnitCode::parse(&district).map_err(|_| corrupt("district", &district))?;
            out.by_district.push((code, n(c)));
        }
        out.by_district.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
        Ok(out)
    }

    pub fn stage(&self, stage: CaseStage) -> u64 {
        self.by_stage.iter().find(|(s, _)| *s == stage).map_or(0, |(_, n)| *n)
    }
    pub fn district(&self, district: &UnitCode) -> u64 {
        self.by_district.iter().find(|(d, _)| d == district).map_or(0, |(_, n)| *n)
    }
}

/// What a bulk import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOutcome {
    pub organisations: u64,
    pub cases_inserted: u64,
    pub cases_replaced: u64,
}

/// How far a bulk import has gone, for a progress bar: the cases whose records are written so far, counted by the
/// store as each chunk goes in (in one transaction: none of them is visible before the commit). Shared with
/// another task, which reads it while the import runs.
#[derive(Debug, Default)]
pub struct ImportProgress(std::sync::atomic::AtomicU64);

impl ImportProgress {
    /// `n` more cases written.
    pub fn written(&self, n: usize) {
        self.0.fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
    }
    /// The cases written so far.
    pub fn cases(&self) -> u64 {
        self.0.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// The case registry, with its accounts, audit trail and keys.
///
/// Implementations keep every method to one transaction and return [`DbError::Conflict`] on a
/// stale version, never overwriting a newer record.
#[async_trait]
pub trait Store:
    Accounts
    + AccountAdmin
    + AuditTrail
    + KeyStore
    + BreakGlassGrants
    + Prevention
    + Provision
    + Deadlines
    + Plans
    + PlanFiles
    + Committees
    + Send
    + Sync
    + std::fmt::Debug
{
    /// Which database this is (`sqlite`, `postgres`), for logs and the health page.
    fn backend(&self) -> &'static str;

    /// Answers when the database can be reached.
    async fn health(&self) -> Result<(), DbError>;

    /// The connection pool as it is now (for the metrics).
    fn pool_status(&self) -> PoolStatus;

    /// The newest migration applied against the newest this program carries (for readiness: a replica whose
    /// replay is behind, or a database a newer program migrated, is not what this program reads).
    async fn schema_status(&self) -> Result<SchemaStatus, DbError>;

    // ---- geography -------------------------------------------------------------------------
    /// Loads (or replaces) the geography. Units referenced by cases cannot be removed.
    async fn load_geography(&self, geography: &Geography, audit: NewEntry) -> Result<(), DbError>;
    /// The loaded geography; `None` before `init`.
    async fn geography(&self) -> Result<Option<Geography>, DbError>;

    // ---- organisations ---------------------------------------------------------------------
    /// `Conflict` when another organisation has its name in its district ([`org_name_clash`]).
    async fn create_organisation(&self, org: &Organisation, audit: NewEntry) -> Result<(), DbError>;
    /// Saves a changed organisation whose `version` is the stored one; returns it at the new version
    /// (`Conflict` too when another organisation has its name in its district).
    async fn update_organisation(&self, org: &Organisation, audit: NewEntry) -> Result<Organisation, DbError>;
    async fn get_organisation(&self, id: OrgId) -> Result<Option<Organisation>, DbError>;
    /// All organisations, by name.
    async fn list_organisations(&self) -> Result<Vec<Organisation>, DbError>;

    // ---- cases -----------------------------------------------------------------------------
    /// Registers a case, assigning the next national number of the year of `draft.today`
    /// (`CC-YYYY-NNNNNN`, never reused) in the same transaction as the insert.
    async fn create_case(&self, draft: CaseDraft, audit: NewEntry) -> Result<Case, DbError>;
    async fn get_case(&self, id: CaseId) -> Result<Option<Case>, DbError>;
    async fn find_case_by_number(&self, number: &CaseNumber) -> Result<Option<Case>, DbError>;
    /// What need-to-know turns on in the case of `key`, by a light query (no person, note or key is
    /// read), so a request is judged against the actor's scope before the case is loaded.
    async fn case_scope_facts(&self, key: &CaseKey) -> Result<Option<ScopeFacts>, DbError>;
    /// Several cases at once, in the order of `ids`; missing ids are left out.
    async fn get_cases(&self, ids: &[CaseId]) -> Result<Vec<Case>, DbError>;
    /// Saves a changed case whose `version` is the stored one (else [`DbError::Conflict`]): the case row
    /// and every record in it, in one transaction. Returns the case at its new version.
    async fn save_case(&self, case: &Case, audit: NewEntry) -> Result<Case, DbError>;
    /// Links two cases both ways (`kind` as seen from `a`), bumping both versions.
    async fn link_cases(&self, a: CaseId, b: CaseId, kind: CaseLinkKind, audit: NewEntry) -> Result<(), DbError>;
    async fn list_cases(&self, filter: &CaseFilter, page: Page) -> Result<CaseList, DbError>;
    /// Case ids in id order after `after`, for walking the whole registry (export).
    async fn case_ids_after(&self, after: Option<CaseId>, limit: u32) -> Result<Vec<CaseId>, DbError>;
    async fn count_cases(&self) -> Result<u64, DbError>;
    /// The registry in figures: cases by stage and by district, in one read.
    async fn case_counts(&self) -> Result<CaseCounts, DbError>;
    /// The cases matching `filter` with a person (victim, suspect, witness) of this name, by its blind index
    /// or its phonetic key's ([`people::NameQuery`]): the case search of a name while names stay sealed.
    async fn search_cases(
        &self,
        filter: &CaseFilter,
        name: &people::NameQuery,
        page: Page,
    ) -> Result<CaseList, DbError>;
    /// The persons recorded in cases of the probe's scope with the same name, phonetic key, birth date or
    /// phone (blind indexes: nothing is opened), most matches first, at most [`people::MAX_DUPLICATES`].
    async fn possible_duplicates(&self, probe: &people::PersonProbe)
    -> Result<Vec<people::PossibleDuplicate>, DbError>;
    /// An organisation's incoming or outgoing referrals, of cases in the filter's scope, newest sent first.
    async fn list_referrals(&self, filter: &ReferralFilter, page: Page) -> Result<ReferralList, DbError>;
    /// The investigations (and prosecutions) of cases in the filter's scope, newest opened first.
    async fn list_justice(&self, filter: &JusticeFilter, page: Page) -> Result<JusticeList, DbError>;
    /// The hearings of cases in the filter's scope in its period, by day (at most [`HearingFilter::MAX`]).
    async fn list_hearings(&self, filter: &HearingFilter) -> Result<Vec<HearingLine>, DbError>;

    // ---- work and figures ------------------------------------------------------------------
    /// Hearings on days `from..=to` of cases in `scope`, soonest first (at most `limit`), and how many.
    async fn upcoming_hearings(&self, scope: &Scope, from: Date, to: Date, limit: u32) -> Result<HearingList, DbError>;
    /// Referrals to child protection still waiting to be accepted (sent), of cases in `scope`, newest first:
    /// a page of them, and how many (up to the page's count cap).
    async fn pending_child_referrals(&self, scope: &Scope, page: Page) -> Result<ReferralList, DbError>;
    /// The registry in figures for the filter's districts, counted by SQL.
    async fn figures(&self, filter: &FiguresFilter) -> Result<Figures, DbError>;
    /// Every count behind the country's figures for a period and districts ([`statistics::sql::counts`]),
    /// read in one snapshot.
    async fn statistics(&self, query: &statistics::StatsQuery) -> Result<statistics::StatsCounts, DbError>;
    /// Keeps a frozen report, with its audit entry, in one transaction. It can never be changed or deleted.
    async fn freeze_report(&self, report: &FrozenRecord, audit: NewEntry) -> Result<(), DbError>;
    /// Every frozen report (the document left empty), newest first.
    async fn frozen_reports(&self) -> Result<Vec<FrozenRecord>, DbError>;
    async fn frozen_report(&self, id: uuid::Uuid) -> Result<Option<FrozenRecord>, DbError>;
    /// The cases of the districts (all when `None`) created or changed after `since`, by number, up to
    /// `limit`, and how many there are in all.
    async fn cases_changed_since(
        &self,
        districts: Option<&[UnitCode]>,
        since: time::OffsetDateTime,
        limit: u32,
    ) -> Result<(Vec<ChangedCase>, u64), DbError>;

    // ---- bulk ------------------------------------------------------------------------------
    /// Writes organisations and whole cases as given (ids, numbers, versions and all) in **one**
    /// transaction: an organisation or case that exists already (same id) is replaced, so loading
    /// the same data twice duplicates nothing. Case-number counters move past the numbers written.
    /// A case number held by another case id is a [`DbError::Conflict`], and nothing is written.
    async fn import(&self, orgs: &[Organisation], cases: &[Case], audit: NewEntry) -> Result<ImportOutcome, DbError> {
        self.import_counted(orgs, cases, audit, &ImportProgress::default()).await
    }
    /// [`Store::import`], counting in `progress` the cases whose records are written as it goes; then come the
    /// commit and, into empty tables, the index builds.
    async fn import_counted(
        &self,
        orgs: &[Organisation],
        cases: &[Case],
        audit: NewEntry,
        progress: &ImportProgress,
    ) -> Result<ImportOutcome, DbError>;
    /// Sets aside the case tables' secondary indexes for a load of many imports, when those tables are empty
    /// ([`bulk_indexes`]), and on PostgreSQL the foreign keys between them (checked row by row otherwise): each is
    /// dropped and its statement kept in the database until [`Store::build_deferred_indexes`] (or the next open)
    /// builds it again. How many were set aside: none when a case is stored already, or when they are set aside
    /// already.
    async fn defer_indexes(&self) -> Result<u64, DbError>;
    /// Builds every index (and adds back every key) [`Store::defer_indexes`] set aside, each once, and forgets it:
    /// how many.
    async fn build_deferred_indexes(&self) -> Result<u64, DbError>;

    /// Brings the query planner's statistics up to date, after a bulk load: without them the first
    /// lists after an import may choose slow plans (SQLite `ANALYZE` sampling each index; PostgreSQL
    /// `VACUUM (ANALYZE)`, which also marks the new rows all-visible for index-only scans).
    async fn analyse(&self) -> Result<(), DbError>;
    /// The planner's statistics only, while a bulk load is still under way (PostgreSQL `ANALYZE`, without
    /// the `VACUUM` that reads every table and index whole); [`Store::analyse`] where that is all there is.
    async fn refresh_statistics(&self) -> Result<(), DbError> {
        self.analyse().await
    }
    /// Closes every connection once the ones in use are given back: SQLite's last one checkpoints the
    /// write-ahead log into the database file and removes it; PostgreSQL's sessions end cleanly. For the end
    /// of a command; the store answers nothing after.
    async fn close(&self) {}
}

/// A case to register: everything but the number, which the store assigns in the insert's transaction.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseDraft {
    pub id: CaseId,
    pub country: CountryCode,
    pub input: lekhotla_domain::NewCase,
    pub now: OffsetDateTime,
    /// The date where the registry works, for "not in the future" checks.
    pub today: Date,
}

impl CaseDraft {
    /// Builds the case once the store knows its number.
    pub fn into_case(self, number: CaseNumber) -> Result<Case, lekhotla_domain::DomainError> {
        Case::open(self.id, number, self.input, self.now, self.today)
    }
}

#[cfg(test)]
mod page_tests {
    use super::Page;

    #[test]
    fn a_capped_count_counts_the_same_rows_through_a_limited_subquery() {
        let (head, tail) = Page::new(5, 0).count_sql("SELECT count(*) FROM cases");
        assert_eq!((head.as_str(), tail.as_str()), ("SELECT count(*) FROM cases", ""));
        let (head, tail) = Page::new(5, 0).counting_up_to(99).count_sql("SELECT count(*) FROM cases");
        assert_eq!(
            format!("{head} WHERE 1 = 1{tail}"),
            "SELECT count(*) FROM (SELECT 1 FROM cases WHERE 1 = 1 LIMIT 100) capped"
        );
    }
}
