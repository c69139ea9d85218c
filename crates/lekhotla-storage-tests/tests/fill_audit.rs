//! Not a test: fills a database's audit trail with a valid chain of many entries, for
//! `scripts/bench-audit` to time `lekhotla audit verify` on. Ignored unless asked for:
//! `LEKHOTLA_BENCH_DB=sqlite://... LEKHOTLA_BENCH_ENTRIES=1000000 cargo test --release -p lekhotla-storage-tests --test fill_audit -- --ignored`.
#![allow(clippy::unwrap_used)] // a tool run as a test: a failure should stop it loudly

use lekhotla_audit::{Action, AuditEntry, Chain, NewEntry};
use lekhotla_storage::{fields_to_text, seq_to_db};
use lekhotla_storage_postgres::PgStore;
use lekhotla_storage_sqlite::{OpenMode, SqliteStore};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

/// Rows per INSERT: 9 values each, under SQLite's 32,766 bound parameters.
const ROWS: usize = 3_000;

/// `n` entries continuing the chain after `head`.
fn entries(n: u64, mut chain: Chain) -> impl Iterator<Item = AuditEntry> {
    let start = OffsetDateTime::now_utc() - Duration::days(365);
    let users: Vec<String> = (0..50).map(|_| format!("user/{}", Uuid::now_v7())).collect();
    (0..n).map(move |i| {
        let at = start + Duration::milliseconds(i64::try_from(i).unwrap() * 30);
        let actor = users[usize::try_from(i % 50).unwrap()].clone();
        let entry = NewEntry::new(at, actor, if i % 7 == 0 { Action::SealedRead } else { Action::CaseUpdate })
            .record(format!("case/{}", Uuid::now_v7()))
            .fields(["victim.first_name", "victim.phone"]);
        chain.append(entry)
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a benchmark fixture, run by scripts/bench-audit"]
async fn fill_audit_trail() {
    let url = std::env::var("LEKHOTLA_BENCH_DB").expect("LEKHOTLA_BENCH_DB names the database to fill");
    let n: u64 = std::env::var("LEKHOTLA_BENCH_ENTRIES").map_or(1_000_000, |v| v.parse().unwrap());
    if url.starts_with("sqlite:") {
        let store = SqliteStore::open(&url, OpenMode::MustExist).await.unwrap();
        let all: Vec<AuditEntry> = entries(n, head(store.pool()).await).collect();
        let mut tx = store.pool().begin().await.unwrap();
        for chunk in all.chunks(ROWS) {
            let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
                "INSERT INTO audit_log (seq, at, actor, action, record, fields, purpose, prev_hash, hash) ",
            );
            q.push_values(chunk, |mut b, e| {
                let at = e.at.format(&time::format_description::well_known::Rfc3339).unwrap();
                // The store writes fixed-width microseconds; match it.
                let at = format!("{}.{:06}Z", &at[..19], e.at.microsecond());
                b.push_bind(seq_to_db(e.seq).unwrap())
                    .push_bind(at)
                    .push_bind(e.actor.clone())
                    .push_bind(e.action.code())
                    .push_bind(e.record.clone())
                    .push_bind(fields_to_text(&e.fields))
                    .push_bind(e.purpose.clone())
                    .push_bind(e.prev_hash.to_hex())
                    .push_bind(e.hash.to_hex());
            });
            q.build().execute(&mut *tx).await.unwrap();
        }
        tx.commit().await.unwrap();
    } else {
        let store = PgStore::connect(&url).await.unwrap();
        let all: Vec<AuditEntry> = entries(n, head(store.pool()).await).collect();
        let last = all.last().cloned();
        let mut tx = store.pool().begin().await.unwrap();
        for chunk in all.chunks(ROWS) {
            let mut q = sqlx::QueryBuilder::<sqlx::Postgres>::new(
                "INSERT INTO audit_log (seq, at, actor, action, record, fields, purpose, prev_hash, hash) ",
            );
            q.push_values(chunk, |mut b, e| {
                b.push_bind(seq_to_db(e.seq).unwrap())
                    .push_bind(e.at)
                    .push_bind(e.actor.clone())
                    .push_bind(e.action.code())
                    .push_bind(e.record.clone())
                    .push_bind(fields_to_text(&e.fields))
                    .push_bind(e.purpose.clone())
                    .push_bind(e.prev_hash.to_hex())
                    .push_bind(e.hash.to_hex());
            });
            q.build().execute(&mut *tx).await.unwrap();
        }
        if let Some(last) = &last {
            sqlx::query("UPDATE audit_head SET seq = $1, hash = $2")
                .bind(seq_to_db(last.seq).unwrap())
                .bind(last.hash.to_hex())
                .execute(&mut *tx)
                .await
                .unwrap();
        }
        tx.commit().await.unwrap();
    }
    println!("filled {n} audit entries into the database");
}

/// The chain's current head in a database of either kind.
async fn head<'c, DB>(pool: &sqlx::Pool<DB>) -> Chain
where
    DB: sqlx::Database,
    for<'r> (i64, String): sqlx::FromRow<'r, DB::Row>,
    for<'q> <DB as sqlx::Database>::Arguments: sqlx::IntoArguments<DB>,
    for<'e> &'e sqlx::Pool<DB>: sqlx::Executor<'e, Database = DB>,
{
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetch_optional(pool).await.unwrap();
    match row {
        Some((seq, hash)) => Chain {
            head_seq: u64::try_from(seq).unwrap(),
            head_hash: lekhotla_audit::ChainHash::from_hex(&hash).unwrap(),
        },
        None => Chain::genesis(),
    }
}
