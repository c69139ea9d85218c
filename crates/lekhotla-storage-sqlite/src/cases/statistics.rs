//! The counts behind the country's figures: the shared SQL of `lekhotla_storage::statistics::sql`, run on two
//! read transactions at once (SQLite's readers do not wait for each other). They are used only when both see the
//! same data: every change is written with its audit entry in one transaction, so two snapshots that see the
//! same last audit entry and the same cases see the same records. Otherwise (a write came between), again.

use lekhotla_storage::DbError;
use lekhotla_storage::statistics::sql::Count;
use lekhotla_storage::statistics::{Dialect, Groups, StatsCounts, StatsQuery, sql};
use sqlx::{Row, SqliteConnection, SqlitePool};

use crate::errors;

/// What two snapshots must agree on: cases held, the latest change to a case, the last audit entry.
type State = (i64, Option<String>, Option<i64>);

async fn state(conn: &mut SqliteConnection) -> Result<State, DbError> {
    let (held, last): (i64, Option<String>) =
        sqlx::query_as(sql::state(Dialect::Sqlite)).fetch_one(&mut *conn).await.map_err(errors::map)?;
    let head: Option<i64> =
        sqlx::query_scalar("SELECT max(seq) FROM audit_log").fetch_one(&mut *conn).await.map_err(errors::map)?;
    Ok((held, last, head))
}

/// Every count of the query.
pub async fn statistics(pool: &SqlitePool, q: &StatsQuery) -> Result<StatsCounts, DbError> {
    let counts = sql::counts(q, Dialect::Sqlite);
    for _ in 0..3 {
        let mut first = pool.begin().await.map_err(errors::map)?;
        let mut second = pool.begin().await.map_err(errors::map)?;
        let seen = state(&mut first).await?;
        if state(&mut second).await? != seen {
            continue;
        }
        // The counts are listed roughly by weight; dealt out in turn, each connection gets about half the work.
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for (i, c) in counts.iter().enumerate() {
            if i % 2 == 0 { a.push(c) } else { b.push(c) }
        }
        let (ga, gb) = tokio::try_join!(run(&mut first, a), run(&mut second, b))?;
        first.commit().await.map_err(errors::map)?;
        second.commit().await.map_err(errors::map)?;
        return Ok(collect(seen, ga.into_iter().chain(gb)));
    }
    // Writes kept coming between the two snapshots: one transaction, one count after another.
    let mut tx = pool.begin().await.map_err(errors::map)?;
    let seen = state(&mut tx).await?;
    let groups = run(&mut tx, counts.iter().collect()).await?;
    tx.commit().await.map_err(errors::map)?;
    Ok(collect(seen, groups))
}

fn collect(seen: State, groups: impl IntoIterator<Item = (&'static str, Groups)>) -> StatsCounts {
    StatsCounts {
        groups: groups.into_iter().collect(),
        cases_held: u64::try_from(seen.0).unwrap_or(0),
        last_change: seen.1,
    }
}

async fn run(conn: &mut SqliteConnection, counts: Vec<&Count>) -> Result<Vec<(&'static str, Groups)>, DbError> {
    let mut out = Vec::with_capacity(counts.len());
    for c in counts {
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
