//! The counts behind the country's figures: the shared SQL of `lekhotla_storage::statistics::sql`, run on two
//! connections at once that share one snapshot (`pg_export_snapshot`), so the figures agree with each other as
//! if read in one transaction.

use lekhotla_storage::DbError;
use lekhotla_storage::statistics::{Dialect, Groups, Queue, StatsCounts, StatsQuery, sql};
use sqlx::{Connection, PgConnection, PgPool, Postgres, Row, Transaction};

use super::read::READ_SNAPSHOT;
use crate::errors;

/// Every count of the query.
pub async fn statistics(pool: &PgPool, q: &StatsQuery) -> Result<StatsCounts, DbError> {
    let mut out = StatsCounts::default();
    let mut first = pool.begin_with(READ_SNAPSHOT).await.map_err(errors::map)?;
    // A second connection only if one is free now: reports that each held one and waited for another
    // would, as many as the pool has connections, wait for each other until the pool's timeout.
    let mut spare = pool.try_acquire();
    let mut second = match spare.as_deref_mut() {
        Some(conn) => Some(sharing_snapshot(&mut first, conn).await?),
        None => None,
    };
    // The counts' sorts and hashes (a few hundred thousand rows at a million cases) in memory, not on disk.
    sqlx::query("SET LOCAL work_mem = '64MB'").execute(&mut *first).await.map_err(errors::map)?;
    if let Some(tx) = second.as_mut() {
        sqlx::query("SET LOCAL work_mem = '64MB'").execute(&mut **tx).await.map_err(errors::map)?;
    }
    let (held, last): (i64, Option<String>) =
        sqlx::query_as(sql::state(Dialect::Postgres)).fetch_one(&mut *first).await.map_err(errors::map)?;
    out.cases_held = u64::try_from(held).unwrap_or(0);
    out.last_change = last;
    // Each connection takes the next count from one queue, heaviest first.
    let queue = Queue::new(sql::counts(q, Dialect::Postgres));
    match second.as_mut() {
        Some(tx) => {
            let (ga, gb) = tokio::try_join!(run(&mut first, &queue), run(tx, &queue))?;
            out.groups.extend(ga);
            out.groups.extend(gb);
        }
        None => out.groups.extend(run(&mut first, &queue).await?),
    }
    first.commit().await.map_err(errors::map)?;
    if let Some(tx) = second {
        tx.commit().await.map_err(errors::map)?;
    }
    Ok(out)
}

/// A read transaction on `conn` in the snapshot of `first` (`pg_export_snapshot`).
async fn sharing_snapshot<'c>(
    first: &mut PgConnection,
    conn: &'c mut PgConnection,
) -> Result<Transaction<'c, Postgres>, DbError> {
    let snapshot: String =
        sqlx::query_scalar("SELECT pg_export_snapshot()").fetch_one(&mut *first).await.map_err(errors::map)?;
    // The server's own identifier (hex digits and dashes); checked before it is written into the statement.
    if snapshot.is_empty() || !snapshot.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
        return Err(DbError::Unavailable(format!("unexpected snapshot identifier {snapshot:?}")));
    }
    let mut second = conn.begin_with(READ_SNAPSHOT).await.map_err(errors::map)?;
    sqlx::query(sqlx::AssertSqlSafe(format!("SET TRANSACTION SNAPSHOT '{snapshot}'")))
        .execute(&mut *second)
        .await
        .map_err(errors::map)?;
    Ok(second)
}

async fn run(conn: &mut PgConnection, queue: &Queue) -> Result<Vec<(&'static str, Groups)>, DbError> {
    let mut out = Vec::with_capacity(queue.len());
    while let Some(c) = queue.next() {
        let rows = sqlx::query(sqlx::AssertSqlSafe(c.sql.clone())).fetch_all(&mut *conn).await.map_err(errors::map)?;
        let mut groups = Groups::default();
        for r in rows {
            let keys = (0..c.keys)
                .map(|i| r.try_get::<Option<String>, _>(i).map(Option::unwrap_or_default))
                .collect::<Result<Vec<_>, _>>()
                .map_err(errors::map)?;
            let measures = (c.keys..c.keys + c.measures)
                .map(|i| r.try_get::<Option<i64>, _>(i).map(Option::unwrap_or_default))
                .collect::<Result<Vec<_>, _>>()
                .map_err(errors::map)?;
            groups.rows.push((keys, measures));
        }
        out.push((c.name, groups));
    }
    Ok(out)
}
