//! The analysis after a bulk load: `VACUUM (ANALYZE)` of every table of the schema, the largest first, on as
//! many connections at once as the machine has cores (at most [`MOST`]). One `VACUUM (ANALYZE)` of the whole
//! database works through the tables one after another on one core; the tables are independent, and after a
//! load nothing else is running.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use lekhotla_storage::DbError;
use sqlx::PgPool;

use crate::errors;

/// The most tables vacuumed and analysed at once.
const MOST: usize = 4;

/// The tables of the connection's schema (its `search_path`), the largest first: each worker takes the next,
/// so that the largest do not end up together at the end.
const TABLES: &str = "SELECT c.relname::text FROM pg_class c \
     WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'm') \
     ORDER BY pg_total_relation_size(c.oid) DESC, c.relname";

/// `VACUUM (ANALYZE)` of every table of the schema, [`workers`] at a time.
pub(crate) async fn vacuum_analyse(pool: &PgPool) -> Result<(), DbError> {
    let tables: Vec<String> = sqlx::query_scalar(TABLES).fetch_all(pool).await.map_err(errors::map)?;
    let queue = Arc::new(Mutex::new(VecDeque::from(tables)));
    let mut running = tokio::task::JoinSet::new();
    for _ in 0..workers() {
        let (pool, queue) = (pool.clone(), queue.clone());
        running.spawn(lekhotla_storage::upkeep::carried(async move {
            loop {
                let next = queue.lock().map_err(|_| DbError::Other("a vacuum worker stopped".into()))?.pop_front();
                let Some(table) = next else { return Ok::<_, DbError>(()) };
                let sql = format!("VACUUM (ANALYZE) \"{}\"", table.replace('"', "\"\""));
                sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&pool).await.map_err(errors::map)?;
            }
        }));
    }
    while let Some(done) = running.join_next().await {
        done.map_err(|_| DbError::Other("a vacuum worker stopped".into()))??;
    }
    Ok(())
}

/// How many tables at once: the cores of this machine (the database's, as a rule, after a load run beside it).
fn workers() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from).clamp(1, MOST)
}
