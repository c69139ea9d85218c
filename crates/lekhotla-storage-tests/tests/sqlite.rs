//! The conformance suite against SQLite, each test on a fresh database file in its own temporary
//! directory, plus what only SQLite has: opening a file that must exist.
#![allow(clippy::unwrap_used)] // a test file

use std::sync::Arc;

use async_trait::async_trait;
use lekhotla_domain::{Case, CaseId, CaseLinkKind, CaseNumber, Geography, OrgId, Organisation};
use lekhotla_storage::{CaseDraft, CaseFilter, CaseList, DbError, ImportOutcome, Page, Store};
use lekhotla_storage_sqlite::{OpenMode, SqliteStore};
use lekhotla_storage_tests::fixtures;

/// A SQLite store that removes its temporary directory when the last handle goes.
#[derive(Debug)]
struct TempSqlite {
    store: SqliteStore,
    _dir: tempfile::TempDir,
}

async fn open_fresh() -> TempSqlite {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("lekhotla.db").display());
    let store = SqliteStore::open(&url, OpenMode::CreateIfMissing).await.unwrap();
    TempSqlite { store, _dir: dir }
}

async fn store() -> Option<Arc<dyn Store>> {
    let s = open_fresh().await;
    s.load_geography(&fixtures::geography()).await.unwrap();
    Some(Arc::new(s))
}

lekhotla_storage_tests::conformance_suite!(store);

#[tokio::test]
async fn must_exist_on_a_missing_file_is_unavailable_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing.db");
    for url in [format!("sqlite://{}", path.display()), format!("sqlite:{}", path.display())] {
        match SqliteStore::open(&url, OpenMode::MustExist).await {
            Err(DbError::Unavailable(m)) => {
                assert!(m.contains("does not exist") && m.contains("lekhotla migrate"), "{m}");
                assert!(m.contains("missing.db"), "{m}");
            }
            other => panic!("expected unavailable, got {other:?}"),
        }
        assert!(!path.exists());
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[tokio::test]
async fn a_created_file_opens_again_with_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("reg.db").display());
    let s = SqliteStore::open(&url, OpenMode::CreateIfMissing).await.unwrap();
    assert_eq!(s.geography().await.unwrap(), None, "no geography before one is loaded");
    s.load_geography(&fixtures::geography()).await.unwrap();
    let (case, _) = fixtures::stored_full_case(&s).await;
    s.close().await;
    let again = SqliteStore::open(&url, OpenMode::MustExist).await.unwrap();
    again.migrate().await.unwrap();
    assert_eq!(again.get_case(case.id).await.unwrap(), Some(case));
    assert_eq!(again.geography().await.unwrap(), Some(fixtures::geography()));
    assert!(matches!(SqliteStore::open("postgres://x", OpenMode::MustExist).await, Err(DbError::Unavailable(_))));
}

#[tokio::test]
async fn a_thousand_cases_read_back_in_one_batch() {
    let s = store().await.unwrap();
    let orgs = fixtures::Orgs::new();
    let cases: Vec<Case> = (1..=1000)
        .map(|i| {
            let n = CaseNumber::new(fixtures::ls(), 2024, i).unwrap();
            fixtures::imported_case(&orgs, n, time::macros::date!(2024 - 06 - 01))
        })
        .collect();
    s.import(&orgs.all(), &cases).await.unwrap();
    let ids: Vec<CaseId> = cases.iter().map(|c| c.id).collect();
    let back = s.get_cases(&ids).await.unwrap();
    assert_eq!(back.len(), 1000);
    assert!(back == cases);
}

#[async_trait]
impl Store for TempSqlite {
    fn backend(&self) -> &'static str {
        self.store.backend()
    }
    async fn health(&self) -> Result<(), DbError> {
        self.store.health().await
    }
    async fn load_geography(&self, geography: &Geography) -> Result<(), DbError> {
        self.store.load_geography(geography).await
    }
    async fn geography(&self) -> Result<Option<Geography>, DbError> {
        self.store.geography().await
    }
    async fn create_organisation(&self, org: &Organisation) -> Result<(), DbError> {
        self.store.create_organisation(org).await
    }
    async fn update_organisation(&self, org: &Organisation) -> Result<Organisation, DbError> {
        self.store.update_organisation(org).await
    }
    async fn get_organisation(&self, id: OrgId) -> Result<Option<Organisation>, DbError> {
        self.store.get_organisation(id).await
    }
    async fn list_organisations(&self) -> Result<Vec<Organisation>, DbError> {
        self.store.list_organisations().await
    }
    async fn create_case(&self, draft: CaseDraft) -> Result<Case, DbError> {
        self.store.create_case(draft).await
    }
    async fn get_case(&self, id: CaseId) -> Result<Option<Case>, DbError> {
        self.store.get_case(id).await
    }
    async fn find_case_by_number(&self, number: &CaseNumber) -> Result<Option<Case>, DbError> {
        self.store.find_case_by_number(number).await
    }
    async fn get_cases(&self, ids: &[CaseId]) -> Result<Vec<Case>, DbError> {
        self.store.get_cases(ids).await
    }
    async fn save_case(&self, case: &Case) -> Result<Case, DbError> {
        self.store.save_case(case).await
    }
    async fn link_cases(&self, a: CaseId, b: CaseId, kind: CaseLinkKind) -> Result<(), DbError> {
        self.store.link_cases(a, b, kind).await
    }
    async fn list_cases(&self, filter: &CaseFilter, page: Page) -> Result<CaseList, DbError> {
        self.store.list_cases(filter, page).await
    }
    async fn case_ids_after(&self, after: Option<CaseId>, limit: u32) -> Result<Vec<CaseId>, DbError> {
        self.store.case_ids_after(after, limit).await
    }
    async fn count_cases(&self) -> Result<u64, DbError> {
        self.store.count_cases().await
    }
    async fn import(&self, orgs: &[Organisation], cases: &[Case]) -> Result<ImportOutcome, DbError> {
        self.store.import(orgs, cases).await
    }
}
