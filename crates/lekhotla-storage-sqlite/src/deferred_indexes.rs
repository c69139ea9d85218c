//! The case tables' secondary indexes set aside for a bulk load into empty tables and built again after it
//! (`lekhotla_storage::bulk_indexes`), as SQLite's catalogue (`sqlite_master`) states them.

use lekhotla_storage::DbError;
use lekhotla_storage::bulk_indexes::{
    self, KEPT, KEPT_LEADING_COLUMN, SetAside, TABLES, build_script, set_aside_script,
};
use sqlx::{Connection, SqliteConnection, SqlitePool};

use crate::errors;
use crate::load_lock::LoadLock;

/// The indexes a load sets aside, by name: not unique (nor a primary key's, which has no statement), not led
/// by `case_id`, on one of the case tables.
const CANDIDATES: &str = "SELECT m.name, m.sql FROM sqlite_master m \
     WHERE m.type = 'index' AND m.sql IS NOT NULL AND m.tbl_name IN (SELECT value FROM json_each(?1)) \
     AND NOT (SELECT l.\"unique\" FROM pragma_index_list(m.tbl_name) l WHERE l.name = m.name) \
     AND (SELECT i.name FROM pragma_index_info(m.name) i WHERE i.seqno = 0) IS NOT ?2 \
     ORDER BY m.name";

/// Drops the case tables' secondary indexes when no case is stored, keeps their statements in `deferred_indexes`
/// (built by [`build_kept`] after the load, or at the next open should it stop) and returns them. To be run
/// inside the load's (first) write transaction.
pub(crate) async fn set_aside(conn: &mut SqliteConnection) -> Result<Vec<SetAside>, DbError> {
    let empty: bool = sqlx::query_scalar("SELECT NOT EXISTS (SELECT 1 FROM cases)")
        .fetch_one(&mut *conn)
        .await
        .map_err(errors::map)?;
    if !empty {
        return Ok(Vec::new());
    }
    let tables = serde_json::to_string(TABLES).map_err(DbError::other)?;
    let found: Vec<(String, String)> = sqlx::query_as(CANDIDATES)
        .bind(tables)
        .bind(KEPT_LEADING_COLUMN)
        .fetch_all(&mut *conn)
        .await
        .map_err(errors::map)?;
    let set: Vec<SetAside> = found.into_iter().map(|(name, definition)| SetAside { name, definition }).collect();
    let script = set_aside_script(&set, true);
    if !script.is_empty() {
        sqlx::raw_sql(sqlx::AssertSqlSafe(script)).execute(&mut *conn).await.map_err(errors::map)?;
    }
    Ok(set)
}

/// Builds `indexes` again (each from its stored statement) and forgets those kept in `deferred_indexes`.
pub(crate) async fn build(conn: &mut SqliteConnection, indexes: &[SetAside]) -> Result<(), DbError> {
    if indexes.is_empty() {
        return Ok(());
    }
    let script = sqlx::raw_sql(sqlx::AssertSqlSafe(build_script(indexes)));
    bulk_indexes::building(indexes.len(), script.execute(&mut *conn)).await.map_err(errors::map)?;
    Ok(())
}

/// The indexes kept in `deferred_indexes` (none in a database older than that table).
async fn kept(conn: &mut SqliteConnection) -> Result<Vec<SetAside>, DbError> {
    let table: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'deferred_indexes')",
    )
    .fetch_one(&mut *conn)
    .await
    .map_err(errors::map)?;
    if !table {
        return Ok(Vec::new());
    }
    let rows: Vec<(String, String)> = sqlx::query_as(KEPT).fetch_all(&mut *conn).await.map_err(errors::map)?;
    Ok(rows.into_iter().map(|(name, definition)| SetAside { name, definition }).collect())
}

/// Sets aside the indexes for a load of many transactions, keeping their statements, under the load lock
/// (`load_lock`), which this store then holds until [`build_kept`]: how many. A load under way in another store
/// (the lock taken) sets none aside.
pub(crate) async fn defer(pool: &SqlitePool, lock: &LoadLock) -> Result<u64, DbError> {
    let already = lock.held_here();
    if !lock.take()? {
        return Ok(0);
    }
    let set = async {
        let mut tx = crate::write_gate::begin(pool).await?;
        let set = set_aside(&mut tx).await?;
        tx.commit().await.map_err(errors::map)?;
        Ok::<_, DbError>(set.len() as u64)
    }
    .await;
    match set {
        // Held until the indexes are built again.
        Ok(n) if n > 0 || already => {}
        _ => lock.release(),
    }
    set
}

/// Builds every index kept in `deferred_indexes`, in one transaction on a connection of its own, in turn with
/// this process's writers: how many. After this store's own load (it holds the load lock); otherwise (an open
/// after a load that stopped half-way, an import's end) only if no other store's load holds the lock: that
/// load builds them at its end, and built under it they would be kept row by row for the rest of the load.
pub(crate) async fn build_kept(pool: &SqlitePool, lock: &LoadLock) -> Result<u64, DbError> {
    let mine = lock.held_here();
    // A read first: an open of a database with nothing set aside (nearly every open) takes no lock. On a
    // connection closed after: the open runs this before the migrations, and a pooled connection that read the
    // schema before them answered rows of the old shape to statements prepared after (sqlx's column list).
    let mut reader = pool.acquire().await.map_err(errors::map)?.detach();
    let none = kept(&mut reader).await.map(|k| k.is_empty());
    reader.close().await.map_err(errors::map)?;
    if none? {
        lock.release();
        return Ok(0);
    }
    if !mine && !lock.take()? {
        tracing::info!("the case tables' indexes are set aside by a load under way: it builds them at its end");
        return Ok(0);
    }
    let built = build_now(pool).await;
    // Built or not, the next open may build them now.
    lock.release();
    built
}

/// Builds every index kept in `deferred_indexes` (the load lock held).
async fn build_now(pool: &SqlitePool) -> Result<u64, DbError> {
    let _turn = crate::write_gate::turn(pool).await;
    let mut conn = pool.acquire().await.map_err(errors::map)?.detach();
    let built = async {
        // The sorts on every core: SQLite hands each run of sorted keys, at most a page cache's worth, to a
        // helper thread and fills the next. (An import builds on its own connection, whose temporary store is
        // in memory: SQLite sorts there on one thread whatever `threads` says.)
        let setup = format!("PRAGMA cache_size = {BUILD_CACHE}; PRAGMA threads = {};", sort_threads());
        sqlx::raw_sql(sqlx::AssertSqlSafe(setup)).execute(&mut conn).await.map_err(errors::map)?;
        let mut tx = conn.begin_with(crate::write_gate::BEGIN_WRITE).await.map_err(errors::map)?;
        let indexes = kept(&mut tx).await?;
        if indexes.is_empty() {
            return Ok(0);
        }
        build(&mut tx, &indexes).await?;
        tx.commit().await.map_err(errors::map)?;
        tracing::info!(indexes = indexes.len(), "deferred indexes built");
        Ok(indexes.len() as u64)
    }
    .await;
    let closed = conn.close().await;
    let built = built?;
    closed.map_err(errors::map)?;
    Ok(built)
}

/// The page cache while the indexes are built (KiB, negative as SQLite takes it): 2 MiB. A sort fills at most
/// this much memory before its run goes to a helper thread and the next one begins: a larger cache makes fewer,
/// longer runs, sorted on fewer threads. With 32 MiB the keys of most indexes of 100,000 cases fit in one run,
/// sorted on the building thread while the other core stood idle: the 50 builds took 5.8-6.2 s, with 2 MiB
/// 4.1-4.5 s; at a million 56.0-68.8 s against 55.6-60.0 s, and 225 against 76 MB (BENCHMARKS.md, "Twenty-eighth
/// pass").
const BUILD_CACHE: i64 = -2_048;

/// The helper threads SQLite may start for each sort that builds an index: one per core, at most four.
fn sort_threads() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get).min(4)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use lekhotla_storage::Store;

    use crate::{OpenMode, SqliteStore};

    /// The tables whose indexes a load sets aside are the case and every table of its records.
    #[test]
    fn the_tables_set_aside_are_the_case_s() {
        let mut mine: Vec<&str> = crate::cases::CHILD_TABLES.to_vec();
        mine.push("cases");
        mine.sort_unstable();
        let mut theirs = lekhotla_storage::bulk_indexes::TABLES.to_vec();
        theirs.sort_unstable();
        assert_eq!(mine, theirs);
    }

    /// Every index of the database: name, table, statement.
    async fn indexes(store: &SqliteStore) -> Vec<(String, String, Option<String>)> {
        sqlx::query_as("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name")
            .fetch_all(store.pool())
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn a_load_that_stopped_half_way_has_its_indexes_built_at_the_next_open() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("load.db").display());
        let store = SqliteStore::open(&url, OpenMode::CreateIfMissing).await.unwrap();
        let before = indexes(&store).await;

        let n = store.defer_indexes().await.unwrap();
        let during = indexes(&store).await;
        let gone: Vec<&str> = before.iter().filter(|i| !during.contains(i)).map(|(name, _, _)| name.as_str()).collect();
        assert_eq!(gone.len() as u64, n);
        // The list's and the report's indexes go; a case's records by case, the unique ones and those of other
        // tables stay.
        for name in ["referrals_sent_idx", "cases_list_idx", "victims_key_idx", "persons_name_index_idx"] {
            assert!(gone.contains(&name), "{name} is set aside");
        }
        for name in ["referrals_case_idx", "victims_case_idx", "audit_log_record_idx", "organisations_name_district"] {
            assert!(!gone.contains(&name), "{name} is kept");
        }
        let kept: i64 =
            sqlx::query_scalar("SELECT count(*) FROM deferred_indexes").fetch_one(store.pool()).await.unwrap();
        assert_eq!(kept as u64, n);

        // The load stops here (a crash): the next open builds them before anything else.
        store.close().await;
        let store = SqliteStore::open(&url, OpenMode::MustExist).await.unwrap();
        assert_eq!(indexes(&store).await, before);
        let kept: i64 =
            sqlx::query_scalar("SELECT count(*) FROM deferred_indexes").fetch_one(store.pool()).await.unwrap();
        assert_eq!(kept, 0);
        assert_eq!(store.build_deferred_indexes().await.unwrap(), 0);
    }

    /// Another store of the same file (as another process) opened while a load has the indexes set aside
    /// leaves them to the load, which would otherwise keep every one of them row by row for the rest of its
    /// writing; that store's report counts without them, and gives the figures it gives once they are built.
    #[tokio::test]
    async fn an_open_during_a_load_leaves_its_indexes_to_it_and_reports_all_the_same() {
        use lekhotla_demo::DemoGenerator;
        use lekhotla_storage::statistics::StatsQuery;
        use time::macros::date;

        use crate::test_store::{note, with_geography};

        let dir = tempfile::tempdir().unwrap();
        let (loader, url, geography) = with_geography(dir.path(), "load.db").await;
        let before = indexes(&loader).await;

        let n = loader.defer_indexes().await.unwrap();
        assert!(n > 0);
        let generator = DemoGenerator::new(&geography, 7, date!(2025 - 06 - 01));
        let cases: Vec<_> = generator.cases(300).collect();
        loader.import(&generator.organisations(), &cases, note()).await.unwrap();

        let other = SqliteStore::open(&url, OpenMode::MustExist).await.unwrap();
        let kept: i64 =
            sqlx::query_scalar("SELECT count(*) FROM deferred_indexes").fetch_one(other.pool()).await.unwrap();
        assert_eq!(kept as u64, n, "nothing built under the load");
        assert!(!indexes(&other).await.iter().any(|(name, _, _)| name == "referrals_responses_idx"));
        // A second loader sets nothing aside while the first holds the lock.
        assert_eq!(other.defer_indexes().await.unwrap(), 0);

        let q = StatsQuery::between(date!(2015 - 01 - 01), date!(2025 - 12 - 31));
        let during = crate::cases::statistics(other.pool(), &q).await.unwrap();

        assert_eq!(loader.build_deferred_indexes().await.unwrap(), n);
        assert_eq!(indexes(&other).await, before);
        let after = crate::cases::statistics(other.pool(), &q).await.unwrap();
        let mut counted = 0;
        for (name, groups) in &after.groups {
            let (mut a, mut b) = (during.get(name).rows.clone(), groups.rows.clone());
            a.sort();
            b.sort();
            assert_eq!(a, b, "{name}");
            counted += b.len();
        }
        assert!(counted > 100, "the cases fill the counts ({counted} rows)");

        // With the load done, an open builds what a load that stopped left (as above), and a load may begin.
        assert_eq!(other.build_deferred_indexes().await.unwrap(), 0);
        other.close().await;
        loader.close().await;
    }
}
