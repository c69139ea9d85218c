//! The conformance suite against a live PostgreSQL server named by `LEKHOTLA_TEST_PG_URL`, each test
//! in a schema of its own. Unset, the tests are skipped with a notice, unless `CI=true`: in CI a
//! missing server is a failure, never a silent pass.
#![allow(clippy::unwrap_used)] // a test file

use std::sync::Arc;

use lekhotla_storage::Store;
use lekhotla_storage_postgres::PgStore;
use lekhotla_storage_tests::fixtures;

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

/// A fresh store in a new schema `t_<random>` with the fixture geography loaded.
async fn store() -> Option<Arc<dyn Store>> {
    let url = server_url()?;
    let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
    let s = PgStore::connect_in_schema(&url, &schema).await.unwrap();
    s.load_geography(&fixtures::geography()).await.unwrap();
    Some(Arc::new(s))
}

lekhotla_storage_tests::conformance_suite!(store);
