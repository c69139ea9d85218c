//! The analysis after a bulk load: `VACUUM (ANALYZE)` of every table of the schema, the largest first, on as
//! many connections at once as the machine has cores (at most [`MOST`]). One `VACUUM (ANALYZE)` of the whole
//! database works through the tables one after another on one core; the tables are independent, and after a
//! load nothing else is running. Then [`checkpoint`], so that the load is on the disk when it ends.

use lekhotla_storage::DbError;
use sqlx::PgPool;

use crate::{at_once, errors};

/// The most tables vacuumed and analysed at once.
const MOST: usize = 4;

/// The tables of the connection's schema (its `search_path`), the largest first: each worker takes the next,
/// so that the largest do not end up together at the end.
const TABLES: &str = "SELECT c.relname::text FROM pg_class c \
     WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'm') \
     ORDER BY pg_total_relation_size(c.oid) DESC, c.relname";

/// `VACUUM (ANALYZE)` of every table of the schema, as many at once as the cores (at most [`MOST`]).
pub(crate) async fn vacuum_analyse(pool: &PgPool) -> Result<(), DbError> {
    let tables: Vec<String> = sqlx::query_scalar(TABLES).fetch_all(pool).await.map_err(errors::map)?;
    let workers = pool.clone();
    at_once::each(tables, at_once::cores(MOST), move |table| {
        let pool = workers.clone();
        async move {
            let sql = format!("VACUUM (ANALYZE) \"{}\"", table.replace('"', "\"\""));
            sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&pool).await.map_err(errors::map)?;
            Ok(1)
        }
    })
    .await?;
    Ok(())
}

/// `CHECKPOINT`: the pages the load and its vacuum wrote, on the disk now rather than over the first minutes of
/// service. A vacuum after a load sets the hint bits of every row it visits, and the pages it dirties leave
/// PostgreSQL's buffers for the kernel's page cache, which writes them back only when they have waited 30 s or
/// fill a tenth of the memory: after a million cases, 2.2 GB written back in the middle of the first views, each
/// of whose audit commits waits for its own `fsync` behind them (BENCHMARKS.md, thirty-first pass). Taken only
/// by a role allowed to (a superuser or a member of `pg_checkpoint`); for another the writing is left to the
/// server's own checkpoints, as before.
pub(crate) async fn checkpoint(pool: &PgPool) -> Result<(), DbError> {
    match sqlx::query("CHECKPOINT").execute(pool).await {
        Ok(_) => Ok(()),
        // insufficient_privilege
        Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("42501") => {
            tracing::debug!("no CHECKPOINT after the load: the role may not take one");
            Ok(())
        }
        Err(e) => Err(errors::map(e)),
    }
}
