//! The conformance suite against a live PostgreSQL server named by `LEKHOTLA_TEST_PG_URL`, each test
//! in a schema of its own. Unset, the tests are skipped with a notice, unless `CI=true`: in CI a
//! missing server is a failure, never a silent pass.
#![allow(clippy::unwrap_used)] // a test file

use std::sync::Arc;

use lekhotla_storage::{KeyStore, Store};
use lekhotla_storage_postgres::PgStore;
use lekhotla_storage_tests::{Fresh, fixtures};

/// The server URL, or `None` (skip) outside CI.
fn server_url() -> Option<String> {
    match std::env::var("LEKHOTLA_TEST_PG_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("CI=true but LEKHOTLA_TEST_PG_URL is not set: the PostgreSQL suite cannot be skipped in CI")
        }
        _ => None,
    }
}

/// A fresh store in a new schema `t_<random>` with the fixture geography loaded and a fresh keyring,
/// with its schema's name and the server URL.
async fn store_in_schema() -> Option<(PgStore, String, String)> {
    let url = server_url()?;
    let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
    let s = PgStore::connect_in_schema(&url, &schema).await.unwrap();
    s.use_keyring(fixtures::keyring());
    s.load_geography(&fixtures::geography(), fixtures::note()).await.unwrap();
    Some((s, schema, url))
}

/// A fresh store in a new schema `t_<random>` with the fixture geography loaded.
async fn store() -> Option<Fresh> {
    let (s, _, _) = store_in_schema().await?;
    Some(Fresh { store: Arc::new(s), keep: Box::new(()) })
}

/// Plain SQL on the store's database.
fn raw_sql(pool: sqlx::PgPool) -> lekhotla_storage_tests::RawSql {
    Box::new(move |statement| {
        let pool = pool.clone();
        Box::pin(async move {
            sqlx::query(sqlx::AssertSqlSafe(statement)).execute(&pool).await.map(drop).map_err(|e| e.to_string())
        })
    })
}

lekhotla_storage_tests::conformance_suite!(store);

#[tokio::test]
async fn an_absent_server_is_unavailable_and_named_without_its_password() {
    match PgStore::connect("postgres://someone:secret@127.0.0.1:1/x").await {
        Err(lekhotla_storage::DbError::Unavailable(m)) => {
            assert!(m.contains("127.0.0.1:1"), "{m}");
            assert!(!m.contains("secret"), "{m}");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn audit_table_is_append_only() {
    let Some(url) = server_url() else { return eprintln!("skipped: no database configured") };
    let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
    let s = PgStore::connect_in_schema(&url, &schema).await.unwrap();
    s.use_keyring(fixtures::keyring());
    s.load_geography(&fixtures::geography(), fixtures::note()).await.unwrap();
    let sql = raw_sql(s.pool().clone());
    let drops = ["DROP TRIGGER audit_log_append_only ON audit_log"];
    lekhotla_storage_tests::audit_table_is_append_only(Arc::new(s), sql, &drops).await;
}

#[tokio::test]
async fn audit_safeguard_gaps_are_named() {
    use lekhotla_storage::GapProblem::{Altered, Disabled, Missing};
    let Some((s, _, _)) = store_in_schema().await else { return eprintln!("skipped: no database configured") };
    let sql = raw_sql(s.pool().clone());
    let tampers = [
        ("DROP TRIGGER audit_log_no_truncate ON audit_log", "audit_log_no_truncate", Missing),
        ("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only", "audit_log_append_only", Disabled),
        ("DROP TRIGGER audit_checkpoints_append_only ON audit_checkpoints", "audit_checkpoints_append_only", Missing),
        (
            "CREATE TRIGGER audit_checkpoints_append_only BEFORE INSERT ON audit_checkpoints \
             FOR EACH ROW EXECUTE FUNCTION lekhotla_append_only()",
            "audit_checkpoints_append_only",
            Altered,
        ),
        (
            "CREATE OR REPLACE FUNCTION lekhotla_append_only() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN RETURN OLD; END $$",
            "lekhotla_append_only",
            Altered,
        ),
    ];
    lekhotla_storage_tests::audit_safeguard_gaps_are_named(Arc::new(s), sql, &tampers).await;
}

/// The bar: 0 leaks over at least 10,000 generated cases, for 100 generated actors.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_list_leaks_over_ten_thousand_generated_cases() {
    let Some(fresh) = store().await else { return eprintln!("skipped: no database configured") };
    let cases = lekhotla_storage_tests::generated_cases(&*fresh.store, 10_000).await;
    lekhotla_storage_tests::check_scopes(&*fresh.store, &cases, 100, 2026).await;
}

/// The protected fields of persons and the sealed notes and places are not in the clear in any row of any table nor anywhere in a
/// `pg_dump` of the schema; an unsealed field of the same rows is (so the scan sees the data).
#[tokio::test]
async fn protected_fields_are_sealed_in_the_database() {
    use lekhotla_storage_tests::{UNSEALED_CANARY, assert_no_sealed_plaintext, contains};
    let Some((s, schema, url)) = store_in_schema().await else { return eprintln!("skipped: no database configured") };
    let case = lekhotla_storage_tests::store_canary_case(&s).await;
    let text = every_row(&s, &schema).await;
    assert!(contains(text.as_bytes(), UNSEALED_CANARY), "the scan reads the rows written");
    assert_no_sealed_plaintext(text.as_bytes(), "every row of every table");

    let dump = std::process::Command::new("pg_dump")
        .args(["--data-only", "--no-owner", "--schema", &schema, "--dbname", &url])
        .output();
    match dump {
        Ok(out) => {
            assert!(out.status.success(), "pg_dump failed: {}", String::from_utf8_lossy(&out.stderr));
            assert!(contains(&out.stdout, UNSEALED_CANARY), "the dump holds the rows written");
            assert_no_sealed_plaintext(&out.stdout, "pg_dump of the schema");
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => eprintln!("pg_dump is not on PATH: dump not scanned"),
        Err(e) => panic!("pg_dump: {e}"),
    }
    assert_eq!(s.get_case(case.id).await.unwrap(), Some(case));
}

#[tokio::test]
async fn moved_sealed_values_do_not_open() {
    let Some((s, _, _)) = store_in_schema().await else { return eprintln!("skipped: no database configured") };
    let sql = raw_sql(s.pool().clone());
    lekhotla_storage_tests::moved_sealed_values_do_not_open(Arc::new(s), sql).await;
}

#[tokio::test]
async fn without_a_keyring_persons_are_unavailable() {
    let Some((s, schema, url)) = store_in_schema().await else { return eprintln!("skipped: no database configured") };
    let without = PgStore::connect_in_schema(&url, &schema).await.unwrap();
    lekhotla_storage_tests::without_a_keyring_persons_are_unavailable(Arc::new(without), Arc::new(s)).await;
}

#[tokio::test]
async fn derived_columns_agree_with_their_statements() {
    let Some((s, _, _)) = store_in_schema().await else { return eprintln!("skipped: no database configured") };
    let sql = raw_sql(s.pool().clone());
    lekhotla_storage_tests::derived_columns_agree_with_their_statements(Arc::new(s), sql).await;
}

#[tokio::test]
async fn stages_recomputed_in_sql_agree_with_the_domain() {
    let Some((s, _, _)) = store_in_schema().await else { return eprintln!("skipped: no database configured") };
    let sql = raw_sql(s.pool().clone());
    let migration = include_str!("../../lekhotla-storage-postgres/migrations/0006_case_rules.sql");
    lekhotla_storage_tests::stages_recomputed_in_sql_agree_with_the_domain(Arc::new(s), sql, migration).await;
}

/// A database of migration 0004, loaded from its dump into a schema of its own, is migrated forward by
/// connecting to it and reads back.
#[tokio::test]
async fn today_database_migrates_forward() {
    let Some(url) = server_url() else { return eprintln!("skipped: no database configured") };
    let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
    let pool = sqlx::PgPool::connect(&url).await.unwrap();
    let dump = lekhotla_storage_tests::POSTGRES_0004.replace("public.", &format!("{schema}."));
    let script = format!("CREATE SCHEMA {schema};\n{dump}");
    sqlx::raw_sql(sqlx::AssertSqlSafe(script)).execute(&pool).await.unwrap();
    pool.close().await;
    let store = PgStore::connect_in_schema(&url, &schema).await.unwrap();
    let versions: Vec<i64> = sqlx::query_scalar("SELECT version FROM _sqlx_migrations ORDER BY version")
        .fetch_all(store.pool())
        .await
        .unwrap();
    assert!(versions.contains(&5), "{versions:?}");
    lekhotla_storage_tests::today_database_migrates_forward(&store).await;
    // The backfills went through once and say so: the next open scans nothing for them.
    let done: Vec<String> = sqlx::query_scalar("SELECT name FROM backfills").fetch_all(store.pool()).await.unwrap();
    assert_eq!(done, ["sealed-indexed-banded"]);
    // No plaintext of the columns sealed since 0008 is left in any row of any table.
    let text = every_row(&store, &schema).await;
    assert!(text.contains("LS-2021-000005"), "the scan reads the rows");
    let left: Vec<&str> = lekhotla_storage_tests::PLAINTEXT_0004.iter().copied().filter(|v| text.contains(v)).collect();
    assert!(left.is_empty(), "plaintext left in the upgraded rows: {left:?}");
}

/// A database a newer release has migrated is refused, saying so and what to do, not in sqlx's words.
#[tokio::test]
async fn a_database_of_a_newer_release_is_refused_with_what_to_do() {
    let Some((s, schema, url)) = store_in_schema().await else { return eprintln!("skipped: no database configured") };
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (9999, 'of a newer release', TRUE, '\\x00', 1)",
    )
    .execute(s.pool())
    .await
    .unwrap();
    s.close().await;
    let refused = PgStore::connect_in_schema(&url, &schema).await.unwrap_err().to_string();
    assert!(refused.contains("newer release") && refused.contains("migration 9999"), "{refused}");
}

/// A database of each released schema, loaded from its dump into a schema of its own, is migrated forward by
/// connecting to it and reads back.
#[tokio::test]
async fn every_release_migrates_forward() {
    let Some(url) = server_url() else { return eprintln!("skipped: no database configured") };
    for release in &lekhotla_storage_tests::RELEASES {
        let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
        let pool = sqlx::PgPool::connect(&url).await.unwrap();
        let dump = release.postgres.replace("public.", &format!("{schema}."));
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema};\n{dump}"))).execute(&pool).await.unwrap();
        let last: i64 =
            sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT max(version) FROM {schema}._sqlx_migrations")))
                .fetch_one(&pool)
                .await
                .unwrap();
        assert_eq!(last, release.migration, "the fixture is of its release");
        pool.close().await;
        let store = PgStore::connect_in_schema(&url, &schema).await.unwrap();
        lekhotla_storage_tests::release_migrates_forward(&store, release).await;
    }
}

/// Every row of every table of `schema`, as JSON text, one a line.
async fn every_row(store: &PgStore, schema: &str) -> String {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'",
    )
    .bind(schema)
    .fetch_all(store.pool())
    .await
    .unwrap();
    let mut out = String::new();
    for table in tables {
        let sql = format!("SELECT row_to_json(t)::text FROM {schema}.{table} t");
        let rows: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_all(store.pool()).await.unwrap();
        out.extend(rows.into_iter().map(|r| r + "\n"));
    }
    out
}

/// Every column of every table of a migrated schema has its class, and the sealed class is what the store
/// seals (`lekhotla_storage::classification`).
#[tokio::test]
async fn every_column_is_classified() {
    let Some((s, schema, _)) = store_in_schema().await else { return eprintln!("skipped: no database configured") };
    let columns: Vec<(String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text FROM information_schema.columns \
         WHERE table_schema = $1 AND table_name <> '_sqlx_migrations' ORDER BY 1, 2",
    )
    .bind(&schema)
    .fetch_all(s.pool())
    .await
    .unwrap();
    lekhotla_storage_tests::every_column_is_classified(&columns, true);
}

/// The foreign keys of `schema`: table, name, definition and whether PostgreSQL has checked the rows against it.
async fn foreign_keys(pool: sqlx::PgPool, schema: String) -> Vec<(String, String, String, bool)> {
    sqlx::query_as(
        "SELECT t.relname::text, k.conname::text, pg_get_constraintdef(k.oid), k.convalidated FROM pg_constraint k \
         JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace \
         WHERE k.contype = 'f' AND n.nspname = $1 ORDER BY 1, 2",
    )
    .bind(schema)
    .fetch_all(&pool)
    .await
    .unwrap()
}

/// `demo-data` stopped half-way leaves the case tables' secondary indexes set aside: the next connection to the
/// database builds them, before the migrations, the same as they were; a connection while the load lives does not.
#[tokio::test]
async fn a_load_that_stopped_half_way_has_its_indexes_built_at_the_next_connection() {
    let Some((s, schema, url)) = store_in_schema().await else { return eprintln!("skipped: no database configured") };
    let indexes = |pool: sqlx::PgPool, schema: String| async move {
        sqlx::query_as::<_, (String, String)>(
            "SELECT indexname::text, indexdef FROM pg_indexes WHERE schemaname = $1 ORDER BY indexname",
        )
        .bind(schema)
        .fetch_all(&pool)
        .await
        .unwrap()
    };
    let keys = foreign_keys;
    let before = indexes(s.pool().clone(), schema.clone()).await;
    let keys_before = keys(s.pool().clone(), schema.clone()).await;
    let n = s.defer_indexes().await.unwrap();
    let during = indexes(s.pool().clone(), schema.clone()).await;
    let keys_during = keys(s.pool().clone(), schema.clone()).await;
    let gone: Vec<&str> = before.iter().filter(|i| !during.contains(i)).map(|(name, _)| name.as_str()).collect();
    let keys_gone: Vec<String> =
        keys_before.iter().filter(|k| !keys_during.contains(k)).map(|(t, k, _, _)| format!("{t}.{k}")).collect();
    assert_eq!((gone.len() + keys_gone.len()) as u64, n);
    // The keys between the case tables go too (each checked once when added back), not those to other tables.
    for key in ["persons.persons_case_fk", "victims.victims_person_fk", "case_links.case_links_other_case_fk"] {
        assert!(keys_gone.contains(&key.to_owned()), "{key} is set aside: {keys_gone:?}");
    }
    for key in ["cases_organisation_fk", "cases_district_fk"] {
        assert!(keys_during.iter().any(|(t, k, _, _)| t == "cases" && k == key), "{key} stays");
    }
    for name in ["referrals_responses_idx", "cases_list_idx", "victims_key_idx", "persons_name_index_idx"] {
        assert!(gone.contains(&name), "{name} is set aside");
    }
    for name in ["referrals_case_idx", "victims_case_idx", "cases_pkey", "cases_number_key", "audit_log_record_idx"] {
        assert!(!gone.contains(&name), "{name} is kept");
    }
    // Another process opening the database while the load lives (a backup, a server) leaves them to the load:
    // an index build beside the load's inserts would deadlock with them.
    let beside = PgStore::connect_in_schema(&url, &schema).await.unwrap();
    assert_eq!(indexes(beside.pool().clone(), schema.clone()).await, during);
    assert_eq!(beside.build_deferred_indexes().await.unwrap(), 0);
    beside.close().await;
    // The load stops here (a crash: its session ends).
    s.close().await;

    let again = PgStore::connect_in_schema(&url, &schema).await.unwrap();
    assert_eq!(indexes(again.pool().clone(), schema.clone()).await, before);
    assert_eq!(keys(again.pool().clone(), schema.clone()).await, keys_before);
    assert_eq!(again.build_deferred_indexes().await.unwrap(), 0);
}

/// A load that stopped after adding its kept keys back unchecked (`NOT VALID`) and before checking them leaves the
/// checks kept: the next connection runs them, and every key is as before and checked.
#[tokio::test]
async fn a_load_that_stopped_before_checking_its_keys_has_them_checked_at_the_next_connection() {
    let Some((s, schema, url)) = store_in_schema().await else { return eprintln!("skipped: no database configured") };
    let keys = foreign_keys;
    let before = keys(s.pool().clone(), schema.clone()).await;
    assert!(before.iter().all(|k| k.3), "every key is checked to begin with");
    assert!(s.defer_indexes().await.unwrap() > 0);
    // What the end of the load does first, for one key: added back unchecked, its kept statement now its check.
    let (name, added): (String, String) =
        sqlx::query_as("SELECT name, definition FROM deferred_indexes WHERE name = 'persons.persons_case_fk'")
            .fetch_one(s.pool())
            .await
            .unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!("{added} NOT VALID"))).execute(s.pool()).await.unwrap();
    sqlx::query("UPDATE deferred_indexes SET definition = $2 WHERE name = $1")
        .bind(&name)
        .bind("ALTER TABLE \"persons\" VALIDATE CONSTRAINT \"persons_case_fk\"")
        .execute(s.pool())
        .await
        .unwrap();
    let during = keys(s.pool().clone(), schema.clone()).await;
    assert!(during.iter().any(|k| k.0 == "persons" && k.1 == "persons_case_fk" && !k.3), "added back unchecked");
    // The load stops here (a crash: its session ends).
    s.close().await;

    let again = PgStore::connect_in_schema(&url, &schema).await.unwrap();
    assert_eq!(keys(again.pool().clone(), schema.clone()).await, before);
    let kept: i64 = sqlx::query_scalar("SELECT count(*) FROM deferred_indexes").fetch_one(again.pool()).await.unwrap();
    assert_eq!(kept, 0);
}

/// An import into empty case tables sets the foreign keys between them aside and adds them back at its end: after
/// a failed import (a link to a case that exists nowhere, found when its key is added back) and after imports
/// that went through, the schema has the same constraints as before, each still checked.
#[tokio::test]
async fn an_import_into_empty_tables_adds_back_the_keys_it_set_aside() {
    let Some((s, schema, _)) = store_in_schema().await else { return eprintln!("skipped: no database configured") };
    let keys = |pool: sqlx::PgPool, schema: String| async move {
        sqlx::query_as::<_, (String, String, String)>(
            "SELECT t.relname::text, k.conname::text, pg_get_constraintdef(k.oid) FROM pg_constraint k \
             JOIN pg_class t ON t.oid = k.conrelid WHERE k.contype = 'f' AND t.relnamespace = $1::regnamespace \
             AND k.convalidated ORDER BY 1, 2",
        )
        .bind(schema)
        .fetch_all(&pool)
        .await
        .unwrap()
    };
    let before = keys(s.pool().clone(), schema.clone()).await;
    assert!(before.iter().any(|(t, name, _)| t == "case_links" && name == "case_links_other_case_fk"), "{before:?}");
    use lekhotla_domain::{CaseId, CaseLink, CaseLinkKind, CaseNumber};
    let orgs = fixtures::Orgs::new();
    let number = |i| CaseNumber::new(fixtures::ls(), 2022, i).unwrap();
    let day = time::macros::date!(2022 - 05 - 01);
    let mut cases: Vec<_> = (1..=3).map(|i| fixtures::imported_case(&orgs, number(i), day)).collect();
    let other = cases[2].id;
    cases[0].links.push(CaseLink { other, kind: CaseLinkKind::CriminalCase });
    let mut broken = cases.clone();
    broken[2].links.push(CaseLink { other: CaseId::new(), kind: CaseLinkKind::Related });
    assert!(s.import(&orgs.all(), &broken, fixtures::note()).await.is_err(), "a link to no case fails the import");
    assert_eq!(s.count_cases().await.unwrap(), 0);
    assert_eq!(keys(s.pool().clone(), schema.clone()).await, before);
    s.import(&orgs.all(), &cases, fixtures::note()).await.unwrap();
    assert_eq!(keys(s.pool().clone(), schema.clone()).await, before);
    // Still checked: a link to a case that does not exist is refused.
    let dangling = sqlx::query("UPDATE case_links SET other_case_id = gen_random_uuid()").execute(s.pool()).await;
    assert!(dangling.is_err_and(|e| e.to_string().contains("case_links_other_case_fk")));
}

/// A pooled connection the server dropped (a restart, a cut link) is found dead when it is next handed out and
/// replaced (sqlx pings before each acquire), so the next read on either pool succeeds.
#[tokio::test]
async fn connections_the_server_dropped_are_replaced() {
    use sqlx::Connection;
    let Some(url) = server_url() else { return eprintln!("skipped: no database configured") };
    // A database of its own, so that ending its connections touches no other test's.
    let name = format!("lk_dropped_{}", uuid::Uuid::new_v4().simple());
    let (base, query) = url.split_once('?').map_or((url.as_str(), ""), |(b, q)| (b, q));
    let (server, _) = base.rsplit_once('/').unwrap();
    let own = format!("{server}/{name}{}", if query.is_empty() { String::new() } else { format!("?{query}") });
    let mut admin = sqlx::PgConnection::connect(&url).await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut admin).await.unwrap();

    let s = PgStore::connect(&own).await.unwrap();
    s.use_keyring(fixtures::keyring());
    s.load_geography(&fixtures::geography(), fixtures::note()).await.unwrap();
    // A connection in each pool: the lists' (organisations) and the lookups by key (a case).
    assert!(s.list_organisations().await.unwrap().is_empty());
    assert!(s.get_case(lekhotla_domain::CaseId::new()).await.unwrap().is_none());
    let ended: Vec<(bool,)> =
        sqlx::query_as("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1")
            .bind(&name)
            .fetch_all(&mut admin)
            .await
            .unwrap();
    assert!(ended.len() >= 2 && ended.iter().all(|(done,)| *done), "{ended:?}");
    // Until the server has closed them.
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(s.list_organisations().await.unwrap().is_empty(), "the lists' pool gave a dead connection");
    assert!(s.get_case(lekhotla_domain::CaseId::new()).await.unwrap().is_none(), "the lookups gave a dead connection");

    s.close().await;
    sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE {name} WITH (FORCE)"))).execute(&mut admin).await.unwrap();
}

/// Every sealed column has a statistics target of 0 (migration 0029): ANALYZE, ours after a load and
/// autovacuum's, does not read and sort its ciphertext. Blind indexes keep theirs.
#[tokio::test]
async fn sealed_columns_have_no_statistics() {
    use lekhotla_storage::{notes::SEALED_NOTES, sealing::SEALED_PERSON_COLUMNS};
    let Some((s, schema, _)) = store_in_schema().await else { return eprintln!("skipped: no database configured") };
    let target = |table: &'static str, column: &'static str| {
        let pool = s.pool().clone();
        let schema = schema.clone();
        async move {
            sqlx::query_scalar::<_, i32>(
                "SELECT COALESCE(a.attstattarget::int, -1) FROM pg_attribute a \
                 JOIN pg_class t ON t.oid = a.attrelid JOIN pg_namespace n ON n.oid = t.relnamespace \
                 WHERE n.nspname = $1 AND t.relname = $2 AND a.attname = $3 AND NOT a.attisdropped",
            )
            .bind(schema)
            .bind(table)
            .bind(column)
            .fetch_optional(&pool)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("{table}.{column} is not a column"))
        }
    };
    let mut sealed: Vec<(&str, &str)> = SEALED_PERSON_COLUMNS.iter().map(|c| ("persons", *c)).collect();
    sealed.extend(SEALED_NOTES.iter().flat_map(|t| t.columns.iter().map(|c| (t.table, *c))));
    for (table, column) in sealed {
        assert_eq!(target(table, column).await, 0, "{table}.{column} keeps statistics");
    }
    assert_eq!(target("persons", "name_index").await, -1, "a blind index keeps the default target");
    assert_eq!(target("cases", "district").await, -1);
}

/// The analysis after a load vacuums and analyses every table of the store's schema (several at once), so the
/// first hour's plans know the tables' sizes and their pages are marked all-visible, then takes a checkpoint, so
/// that the pages it wrote are not written back during the first hour's requests.
#[tokio::test]
async fn the_analysis_after_a_load_covers_every_table() {
    let Some((s, schema, _)) = store_in_schema().await else { return eprintln!("skipped: no database configured") };
    let orgs = fixtures::Orgs::new();
    let number = |i| lekhotla_domain::CaseNumber::new(fixtures::ls(), 2022, i).unwrap();
    let day = time::macros::date!(2022 - 05 - 01);
    let cases: Vec<_> = (1..=40).map(|i| fixtures::imported_case(&orgs, number(i), day)).collect();
    s.import(&orgs.all(), &cases, fixtures::note()).await.unwrap();
    let unvisited = |pool: sqlx::PgPool, schema: String| async move {
        sqlx::query_scalar::<_, String>(
            "SELECT relname::text FROM pg_stat_user_tables WHERE schemaname = $1 \
             AND (last_vacuum IS NULL OR last_analyze IS NULL) ORDER BY 1",
        )
        .bind(schema)
        .fetch_all(&pool)
        .await
        .unwrap()
    };
    let before = unvisited(s.pool().clone(), schema.clone()).await;
    assert!(before.iter().any(|t| t == "persons"), "{before:?}");
    let redo = "SELECT redo_lsn::text FROM pg_control_checkpoint()";
    let redo_before: String = sqlx::query_scalar(redo).fetch_one(s.pool()).await.unwrap();
    s.analyse().await.unwrap();
    assert_eq!(unvisited(s.pool().clone(), schema.clone()).await, Vec::<String>::new());
    let checkpointed: bool = sqlx::query_scalar("SELECT redo_lsn > $1::pg_lsn FROM pg_control_checkpoint()")
        .bind(&redo_before)
        .fetch_one(s.pool())
        .await
        .unwrap();
    assert!(checkpointed, "the analysis ends with a checkpoint (its redo point was {redo_before})");
    let analysed: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM pg_stats WHERE schemaname = $1 AND tablename = 'persons' AND attname = 'case_id'",
    )
    .bind(&schema)
    .fetch_one(s.pool())
    .await
    .unwrap();
    assert_eq!(analysed, 1, "the persons' statistics are there");
}

/// An import into empty case tables (one transaction) sets aside the indexes led by `case_id` with the others and
/// builds each once at its end: they are there after it, built anew (another `pg_class` row); an import into
/// tables that hold cases keeps every index as it is.
#[tokio::test]
async fn an_import_into_empty_tables_builds_its_case_indexes_at_its_end() {
    let Some((s, schema, _)) = store_in_schema().await else { return eprintln!("skipped: no database configured") };
    let indexes = |pool: sqlx::PgPool, schema: String| async move {
        sqlx::query_as::<_, (String, i64, bool)>(
            "SELECT c.relname::text, c.oid::int8, i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
             JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 ORDER BY 1",
        )
        .bind(schema)
        .fetch_all(&pool)
        .await
        .unwrap()
    };
    let oid = |all: &[(String, i64, bool)], name: &str| all.iter().find(|(n, _, _)| n == name).map(|(_, o, _)| *o);
    let before = indexes(s.pool().clone(), schema.clone()).await;
    let orgs = fixtures::Orgs::new();
    let number = |i| lekhotla_domain::CaseNumber::new(fixtures::ls(), 2022, i).unwrap();
    let day = time::macros::date!(2022 - 05 - 01);
    let mut cases: Vec<_> = (1..=3).map(|i| fixtures::imported_case(&orgs, number(i), day)).collect();
    // One that fails (a link to a case that exists nowhere, found when the keys are added back at its end,
    // after every index was built again) leaves every index as it was: the same ones, not rebuilt.
    let mut broken = cases.clone();
    broken[2].links.push(lekhotla_domain::CaseLink {
        other: lekhotla_domain::CaseId::new(),
        kind: lekhotla_domain::CaseLinkKind::Related,
    });
    assert!(s.import(&orgs.all(), &broken, fixtures::note()).await.is_err());
    assert_eq!(indexes(s.pool().clone(), schema.clone()).await, before, "a failed import changes no index");
    s.import(&orgs.all(), &cases, fixtures::note()).await.unwrap();
    let after = indexes(s.pool().clone(), schema.clone()).await;
    let names = |all: &[(String, i64, bool)]| all.iter().map(|(n, _, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&after), names(&before), "every index is there again");
    assert!(after.iter().all(|(_, _, valid)| *valid), "{after:?}");
    for name in ["referrals_case_idx", "persons_case_idx", "victims_case_idx", "referrals_responses_idx"] {
        assert!(oid(&before, name).is_some(), "{name} exists");
        assert_ne!(oid(&after, name), oid(&before, name), "{name} was set aside and built again");
    }
    for name in ["cases_pkey", "persons_pkey", "cases_number_key"] {
        assert_eq!(oid(&after, name), oid(&before, name), "{name} is kept");
    }
    for c in &mut cases {
        c.summary = Some("Imported again from the source system".into());
    }
    s.import(&orgs.all(), &cases, fixtures::note()).await.unwrap();
    assert_eq!(indexes(s.pool().clone(), schema.clone()).await, after, "into tables with cases, nothing is set aside");
    assert!(s.get_case(cases[0].id).await.unwrap() == Some(cases[0].clone()));
}

#[tokio::test]
async fn embedded_migrations_are_the_folder_as_sqlx_reads_it() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../lekhotla-storage-postgres/migrations");
    lekhotla_storage_tests::embedded_migrations_are_the_folder_as_sqlx_reads_it(
        lekhotla_storage_postgres::migrator(),
        &folder,
    )
    .await;
}

/// No index is another's leading key (migration 0030): a plain B-tree index whose key columns begin the key of
/// another B-tree index on the same table serves nothing the other does not, and costs every write an entry and
/// every bulk load a build. Unique and partial indexes, and those on expressions, are left out: they do more.
#[tokio::test]
async fn no_index_is_the_leading_key_of_another() {
    let Some((s, schema, _)) = store_in_schema().await else { return eprintln!("skipped: no database configured") };
    let redundant: Vec<(String, String)> = sqlx::query_as(
        "SELECT ia.relname::text, ib.relname::text FROM pg_index a \
         JOIN pg_index b ON b.indrelid = a.indrelid AND b.indexrelid <> a.indexrelid \
         JOIN pg_class ia ON ia.oid = a.indexrelid JOIN pg_class ib ON ib.oid = b.indexrelid \
         JOIN pg_namespace n ON n.oid = ia.relnamespace \
         WHERE n.nspname = $1 AND ia.relam = ib.relam \
           AND NOT a.indisunique AND a.indpred IS NULL AND b.indpred IS NULL \
           AND a.indexprs IS NULL AND b.indexprs IS NULL \
           AND a.indnatts = a.indnkeyatts AND a.indnkeyatts <= b.indnkeyatts \
           AND (string_to_array(a.indkey::text, ' '))[1:a.indnkeyatts] \
             = (string_to_array(b.indkey::text, ' '))[1:a.indnkeyatts] \
         ORDER BY 1, 2",
    )
    .bind(&schema)
    .fetch_all(s.pool())
    .await
    .unwrap();
    assert_eq!(redundant, Vec::<(String, String)>::new(), "(index, the index whose key it begins)");
}
