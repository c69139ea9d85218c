//! The conformance suite against SQLite, each test on a fresh database file in its own temporary
//! directory, plus what only SQLite has: opening a file that must exist.
#![allow(clippy::unwrap_used)] // a test file

use std::str::FromStr;
use std::sync::Arc;

use lekhotla_domain::{Case, CaseId, CaseNumber};
use lekhotla_storage::{DbError, KeyStore, Store};
use lekhotla_storage_sqlite::{OpenMode, SqliteStore};
use lekhotla_storage_tests::{Fresh, fixtures};

/// A fresh SQLite store with the fixture geography, in a temporary directory that lives as long as the test.
async fn store() -> Option<Fresh> {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("lekhotla.db").display());
    let s = SqliteStore::open(&url, OpenMode::CreateIfMissing).await.unwrap();
    s.use_keyring(fixtures::keyring());
    s.load_geography(&fixtures::geography(), fixtures::note()).await.unwrap();
    Some(Fresh { store: Arc::new(s), keep: Box::new(dir) })
}

/// The URL of a store made by [`store`].
fn url_of(fresh: &Fresh) -> String {
    let dir = fresh.keep.downcast_ref::<tempfile::TempDir>().unwrap();
    format!("sqlite://{}", dir.path().join("lekhotla.db").display())
}

/// Plain SQL on the database of a store made by [`store`], through a second pool of **one** connection: a
/// statement that changes the schema (dropping a trigger) and the next one that relies on it (creating it
/// again) must meet the same connection, or the second may be checked against another connection's schema,
/// read before the first (a flaky "trigger already exists" under load).
async fn raw_sql(fresh: &Fresh) -> lekhotla_storage_tests::RawSql {
    let options = sqlx::sqlite::SqliteConnectOptions::from_str(&url_of(fresh)).unwrap();
    let raw = sqlx::sqlite::SqlitePoolOptions::new().max_connections(1).connect_with(options).await.unwrap();
    Box::new(move |statement| {
        let pool = raw.clone();
        Box::pin(async move {
            sqlx::query(sqlx::AssertSqlSafe(statement)).execute(&pool).await.map(drop).map_err(|e| e.to_string())
        })
    })
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
    let keyring = fixtures::keyring();
    s.use_keyring(keyring.clone());
    assert_eq!(s.geography().await.unwrap(), None, "no geography before one is loaded");
    s.load_geography(&fixtures::geography(), fixtures::note()).await.unwrap();
    let (case, _) = fixtures::stored_full_case(&s).await;
    s.close().await;
    let again = SqliteStore::open(&url, OpenMode::MustExist).await.unwrap();
    again.migrate().await.unwrap();
    again.use_keyring(keyring);
    assert_eq!(again.get_case(case.id).await.unwrap(), Some(case));
    assert_eq!(again.geography().await.unwrap(), Some(fixtures::geography()));
    assert!(matches!(SqliteStore::open("postgres://x", OpenMode::MustExist).await, Err(DbError::Unavailable(_))));
}

#[tokio::test]
async fn a_thousand_cases_read_back_in_one_batch() {
    let fresh = store().await.unwrap();
    let s = &fresh.store;
    let orgs = fixtures::Orgs::new();
    let cases: Vec<Case> = (1..=1000)
        .map(|i| {
            let n = CaseNumber::new(fixtures::ls(), 2024, i).unwrap();
            fixtures::imported_case(&orgs, n, time::macros::date!(2024 - 06 - 01))
        })
        .collect();
    s.import(&orgs.all(), &cases, fixtures::note()).await.unwrap();
    let ids: Vec<CaseId> = cases.iter().map(|c| c.id).collect();
    let back = s.get_cases(&ids).await.unwrap();
    assert_eq!(back.len(), 1000);
    assert!(back == cases);
}

#[tokio::test]
async fn audit_table_is_append_only() {
    let fresh = store().await.unwrap();
    let sql = raw_sql(&fresh).await;
    let drops = ["DROP TRIGGER audit_log_refuses_update", "DROP TRIGGER audit_log_refuses_delete"];
    lekhotla_storage_tests::audit_table_is_append_only(fresh.store.clone(), sql, &drops).await;
}

#[tokio::test]
async fn audit_safeguard_gaps_are_named() {
    use lekhotla_storage::GapProblem::{Altered, Missing};
    let fresh = store().await.unwrap();
    let sql = raw_sql(&fresh).await;
    let tampers = [
        ("DROP TRIGGER audit_log_refuses_delete", "audit_log_refuses_delete", Missing),
        ("DROP TRIGGER audit_checkpoints_refuse_update", "audit_checkpoints_refuse_update", Missing),
        ("DROP TRIGGER audit_log_refuses_update", "audit_log_refuses_update", Missing),
        (
            "CREATE TRIGGER audit_log_refuses_update BEFORE UPDATE ON audit_log BEGIN SELECT 1; END",
            "audit_log_refuses_update",
            Altered,
        ),
    ];
    lekhotla_storage_tests::audit_safeguard_gaps_are_named(fresh.store.clone(), sql, &tampers).await;
}

/// The bar: 0 leaks over at least 10,000 generated cases, for 100 generated actors.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_list_leaks_over_ten_thousand_generated_cases() {
    let fresh = store().await.unwrap();
    let cases = lekhotla_storage_tests::generated_cases(&*fresh.store, 10_000).await;
    lekhotla_storage_tests::check_scopes(&*fresh.store, &cases, 100, 2026).await;
}

/// The protected fields of persons are nowhere in the database file or its WAL in the clear, before
/// and after a checkpoint; an unsealed field of the same rows is (so the scan sees the data).
#[tokio::test]
async fn protected_fields_are_sealed_in_the_database_files() {
    use lekhotla_storage_tests::{UNSEALED_CANARY, assert_no_sealed_plaintext, contains};
    let fresh = store().await.unwrap();
    let case = lekhotla_storage_tests::store_canary_case(&*fresh.store).await;
    let dir = fresh.keep.downcast_ref::<tempfile::TempDir>().unwrap();
    let (db, wal) = (dir.path().join("lekhotla.db"), dir.path().join("lekhotla.db-wal"));
    let read = |p: &std::path::Path| std::fs::read(p).unwrap_or_default();

    let mut before = read(&db);
    before.extend(read(&wal));
    assert!(contains(&before, UNSEALED_CANARY), "the scan reads the rows written");
    assert_no_sealed_plaintext(&before, "the database file and its WAL");

    let raw = SqliteStore::open(&url_of(&fresh), OpenMode::MustExist).await.unwrap();
    let (busy, _, _): (i64, i64, i64) =
        sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)").fetch_one(raw.pool()).await.unwrap();
    assert_eq!(busy, 0, "the checkpoint completed");
    raw.close().await;
    let file = read(&db);
    assert!(contains(&file, UNSEALED_CANARY), "the checkpoint moved the rows into the file");
    assert_no_sealed_plaintext(&file, "the database file after a checkpoint");
    assert_no_sealed_plaintext(&read(&wal), "the WAL after a checkpoint");
    assert_eq!(fresh.store.get_case(case.id).await.unwrap(), Some(case));
}

#[tokio::test]
async fn moved_sealed_values_do_not_open() {
    let fresh = store().await.unwrap();
    let sql = raw_sql(&fresh).await;
    lekhotla_storage_tests::moved_sealed_values_do_not_open(fresh.store.clone(), sql).await;
}

#[tokio::test]
async fn without_a_keyring_persons_are_unavailable() {
    let fresh = store().await.unwrap();
    let without = SqliteStore::open(&url_of(&fresh), OpenMode::MustExist).await.unwrap();
    lekhotla_storage_tests::without_a_keyring_persons_are_unavailable(Arc::new(without), fresh.store.clone()).await;
}

#[tokio::test]
async fn derived_columns_agree_with_their_statements() {
    let fresh = store().await.unwrap();
    let sql = raw_sql(&fresh).await;
    lekhotla_storage_tests::derived_columns_agree_with_their_statements(fresh.store.clone(), sql).await;
}

#[tokio::test]
async fn stages_recomputed_in_sql_agree_with_the_domain() {
    let fresh = store().await.unwrap();
    let sql = raw_sql(&fresh).await;
    let migration = include_str!("../../lekhotla-storage-sqlite/migrations/0006_case_rules.sql");
    lekhotla_storage_tests::stages_recomputed_in_sql_agree_with_the_domain(fresh.store.clone(), sql, migration).await;
}

/// A database of migration 0004, loaded from its dump, opens (which migrates it) and reads back.
#[tokio::test]
async fn today_database_migrates_forward() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("today.db");
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(&path).create_if_missing(true);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(lekhotla_storage_tests::SQLITE_0004)).execute(&pool).await.unwrap();
    pool.close().await;
    let url = format!("sqlite://{}", path.display());
    let store = SqliteStore::open(&url, OpenMode::MustExist).await.unwrap();
    let versions: Vec<i64> = sqlx::query_scalar("SELECT version FROM _sqlx_migrations ORDER BY version")
        .fetch_all(store.pool())
        .await
        .unwrap();
    assert!(versions.contains(&5), "{versions:?}");
    lekhotla_storage_tests::today_database_migrates_forward(&store).await;
    // The backfills went through once and say so: the next open scans nothing for them.
    let done: Vec<String> = sqlx::query_scalar("SELECT name FROM backfills").fetch_all(store.pool()).await.unwrap();
    assert_eq!(done, ["sealed-indexed-banded"]);
    store.close().await;
    // No plaintext of the columns sealed since 0008 is left anywhere in the file or its WAL.
    let mut raw = std::fs::read(&path).unwrap();
    raw.extend(std::fs::read(dir.path().join("today.db-wal")).unwrap_or_default());
    assert!(lekhotla_storage_tests::contains(&raw, "LS-2021-000005"), "the scan reads the file");
    let left: Vec<&str> = lekhotla_storage_tests::PLAINTEXT_0004
        .iter()
        .copied()
        .filter(|v| lekhotla_storage_tests::contains(&raw, v))
        .collect();
    assert!(left.is_empty(), "plaintext left in the upgraded file: {left:?}");
}

/// A database a newer release has migrated is refused, saying so and what to do, not in sqlx's words.
#[tokio::test]
async fn a_database_of_a_newer_release_is_refused_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("newer.db").display());
    let store = SqliteStore::open(&url, OpenMode::CreateIfMissing).await.unwrap();
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (9999, 'of a newer release', TRUE, X'00', 1)",
    )
    .execute(store.pool())
    .await
    .unwrap();
    store.close().await;
    let refused = SqliteStore::open(&url, OpenMode::MustExist).await.unwrap_err().to_string();
    assert!(refused.contains("newer release") && refused.contains("migration 9999"), "{refused}");
}

/// A database of each released schema, loaded from its dump, opens (which migrates it) and reads back.
#[tokio::test]
async fn every_release_migrates_forward() {
    for release in &lekhotla_storage_tests::RELEASES {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("release.db");
        let options = sqlx::sqlite::SqliteConnectOptions::new().filename(&path).create_if_missing(true);
        let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
        sqlx::raw_sql(sqlx::AssertSqlSafe(release.sqlite)).execute(&pool).await.unwrap();
        let last: i64 = sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations").fetch_one(&pool).await.unwrap();
        assert_eq!(last, release.migration, "the fixture is of its release");
        pool.close().await;
        let store = SqliteStore::open(&format!("sqlite://{}", path.display()), OpenMode::MustExist).await.unwrap();
        lekhotla_storage_tests::release_migrates_forward(&store, release).await;
        store.close().await;
    }
}

/// Every column of every table of a migrated database has its class, and the sealed class is what the store
/// seals (`lekhotla_storage::classification`).
#[tokio::test]
async fn every_column_is_classified() {
    let fresh = store().await.unwrap();
    let raw = SqliteStore::open(&url_of(&fresh), OpenMode::MustExist).await.unwrap();
    let schema: Vec<(String, String)> = sqlx::query_as(
        "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '_sqlx_migrations' ORDER BY 1, 2",
    )
    .fetch_all(raw.pool())
    .await
    .unwrap();
    lekhotla_storage_tests::every_column_is_classified(&schema, false);
}

#[tokio::test]
async fn embedded_migrations_are_the_folder_as_sqlx_reads_it() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../lekhotla-storage-sqlite/migrations");
    lekhotla_storage_tests::embedded_migrations_are_the_folder_as_sqlx_reads_it(
        lekhotla_storage_sqlite::migrator(),
        &folder,
    )
    .await;
}

/// No index is another's leading columns (migration 0030): a plain index whose columns begin another index on
/// the same table serves nothing the other does not, and costs every write an entry and every bulk load a build.
/// Unique and partial indexes, and those on expressions, are left out: they do more.
#[tokio::test]
async fn no_index_is_the_leading_columns_of_another() {
    let fresh = store().await.unwrap();
    let raw = SqliteStore::open(&url_of(&fresh), OpenMode::MustExist).await.unwrap();
    let rows: Vec<(String, String, bool, bool, Option<String>)> = sqlx::query_as(
        "SELECT m.name, l.name, l.\"unique\", l.partial, i.name FROM sqlite_master m \
         JOIN pragma_index_list(m.name) l JOIN pragma_index_info(l.name) i \
         WHERE m.type = 'table' ORDER BY m.name, l.name, i.seqno",
    )
    .fetch_all(raw.pool())
    .await
    .unwrap();
    // (table, index) -> (unique, partial, its columns: None where one is an expression)
    type Columns = Vec<Option<String>>;
    let mut indexes: std::collections::BTreeMap<(String, String), (bool, bool, Columns)> = Default::default();
    for (table, index, unique, partial, column) in rows {
        indexes.entry((table, index)).or_insert_with(|| (unique, partial, Vec::new())).2.push(column);
    }
    let whole = |columns: &[Option<String>]| columns.iter().all(Option::is_some);
    let mut redundant = Vec::new();
    for ((table, a), (unique, partial, key)) in &indexes {
        for ((other_table, b), (_, other_partial, wider)) in &indexes {
            let plain = !unique && !partial && !other_partial;
            if table == other_table && a != b && plain && whole(key) && wider.starts_with(key) {
                redundant.push((a.as_str(), b.as_str()));
            }
        }
    }
    assert_eq!(redundant, Vec::<(&str, &str)>::new(), "(index, the index it begins)");
}
