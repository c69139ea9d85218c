//! The analysis after a bulk load: `VACUUM (ANALYZE)` of every table of the schema, the largest first, on as
//! many connections at once as the machine has cores (at most [`MOST`]). One `VACUUM (ANALYZE)` of the whole
//! database works through the tables one after another on one core; the tables are independent, and after a
//! load nothing else is running.

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
    let pool = pool.clone();
    at_once::each(tables, at_once::cores(MOST), move |table| {
        let pool = pool.clone();
        async move {
            let sql = format!("VACUUM (ANALYZE) \"{}\"", table.replace('"', "\"\""));
            sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&pool).await.map_err(errors::map)?;
            Ok(1)
        }
    })
    .await?;
    Ok(())
}
