//! The counts behind the country's figures: the shared SQL of `lekhotla_storage::statistics::sql`, run on two
//! read transactions at once (SQLite's readers do not wait for each other). They are used only when both see the
//! same data: every change is written with its audit entry in one transaction, so two snapshots that see the
//! same last audit entry and the same cases see the same records. Otherwise (a write came between), again.
//!
//! sqlx's SQLite driver hands every row from the connection's thread to the task that reads it, some
//! microseconds a row; the victims count has tens of thousands of groups at a million cases. So each count's
//! groups come back as one JSON array in one row (`json_group_array`), read here.

use lekhotla_storage::DbError;
use lekhotla_storage::statistics::sql::Count;
use lekhotla_storage::statistics::{Dialect, Groups, Queue, StatsCounts, StatsQuery, sql};
use sqlx::{Connection, Sqlite, SqliteConnection, SqlitePool, Transaction};

use crate::errors;

/// What two snapshots must agree on: cases held, the latest change to a case, the last audit entry, whether a
/// load's indexes are set aside (rows in `deferred_indexes`).
type State = (i64, Option<String>, Option<i64>, bool);

async fn state(conn: &mut SqliteConnection) -> Result<State, DbError> {
    let (held, last): (i64, Option<String>) =
        sqlx::query_as(sql::state(Dialect::Sqlite)).fetch_one(&mut *conn).await.map_err(errors::map)?;
    let (head, set_aside): (Option<i64>, bool) =
        sqlx::query_as("SELECT max(seq), EXISTS (SELECT 1 FROM deferred_indexes) FROM audit_log")
            .fetch_one(&mut *conn)
            .await
            .map_err(errors::map)?;
    Ok((held, last, head, set_aside))
}

/// The counts as they can run in a snapshot of `seen`: while a load under way in another process has the case
/// tables' indexes set aside (`load_lock`), those a count names with `INDEXED BY` are not there, and SQLite
/// refuses the statement; the count then reads the table as it is.
fn runnable(counts: &[Count], seen: &State) -> Vec<Count> {
    let mut counts = counts.to_vec();
    if seen.3 {
        for c in &mut counts {
            c.sql = without_named_indexes(&c.sql);
        }
    }
    counts
}

/// `sql` without its `INDEXED BY <name>` clauses.
fn without_named_indexes(sql: &str) -> String {
    const CLAUSE: &str = " INDEXED BY ";
    let mut out = String::with_capacity(sql.len());
    let mut rest = sql;
    while let Some(at) = rest.find(CLAUSE) {
        out.push_str(&rest[..at]);
        let name = &rest[at + CLAUSE.len()..];
        let end = name.find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_')).unwrap_or(name.len());
        rest = &name[end..];
    }
    out.push_str(rest);
    out
}

/// Every count of the query.
pub async fn statistics(pool: &SqlitePool, q: &StatsQuery) -> Result<StatsCounts, DbError> {
    let counts = sql::counts(q, Dialect::Sqlite);
    for _ in 0..3 {
        let mut first = pool.begin().await.map_err(errors::map)?;
        // A second connection only if one is free now: reports that each held one and waited for another
        // would, as many as the pool has connections, wait for each other until the pool's timeout.
        let Some(mut spare) = pool.try_acquire() else {
            return one_by_one(first, counts).await;
        };
        let mut second = spare.begin().await.map_err(errors::map)?;
        let seen = state(&mut first).await?;
        if state(&mut second).await? != seen {
            continue;
        }
        // Each connection takes the next count from one queue, heaviest first.
        let queue = Queue::new(runnable(&counts, &seen));
        let (ga, gb) = tokio::try_join!(run(&mut first, &queue), run(&mut second, &queue))?;
        first.commit().await.map_err(errors::map)?;
        second.commit().await.map_err(errors::map)?;
        return Ok(collect(seen, ga.into_iter().chain(gb)));
    }
    // Writes kept coming between the two snapshots: one transaction, one count after another.
    one_by_one(pool.begin().await.map_err(errors::map)?, counts).await
}

/// The counts one after another in the one transaction `tx`.
async fn one_by_one(mut tx: Transaction<'static, Sqlite>, counts: Vec<Count>) -> Result<StatsCounts, DbError> {
    let seen = state(&mut tx).await?;
    let groups = run(&mut tx, &Queue::new(runnable(&counts, &seen))).await?;
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

async fn run(conn: &mut SqliteConnection, queue: &Queue) -> Result<Vec<(&'static str, Groups)>, DbError> {
    let mut out = Vec::with_capacity(queue.len());
    while let Some(c) = queue.next() {
        let text: String =
            sqlx::query_scalar(sqlx::AssertSqlSafe(as_one_row(c))).fetch_one(&mut *conn).await.map_err(errors::map)?;
        out.push((c.name, groups(c, &text)?));
    }
    Ok(out)
}

/// The count's SQL wrapped so that its groups come back as one JSON array of arrays (keys, then measures).
fn as_one_row(c: &Count) -> String {
    let columns: Vec<String> =
        (0..c.keys).map(|i| format!("k{i}")).chain((0..c.measures).map(|i| format!("m{i}"))).collect();
    let columns = columns.join(", ");
    format!("WITH x({columns}) AS ({}) SELECT json_group_array(json_array({columns})) FROM x", c.sql)
}

/// The groups of a count from its JSON array: NULL keys as `""`, NULL measures as 0.
fn groups(c: &Count, text: &str) -> Result<Groups, DbError> {
    let rows: Vec<Vec<serde_json::Value>> = serde_json::from_str(text).map_err(DbError::other)?;
    let mut groups = Groups::default();
    for row in rows {
        if row.len() != c.keys + c.measures {
            return Err(DbError::other(std::io::Error::other(format!(
                "count {}: a group of {} values",
                c.name,
                row.len()
            ))));
        }
        let keys = row[..c.keys].iter().map(|v| v.as_str().map(str::to_owned).unwrap_or_default()).collect();
        let measures = row[c.keys..].iter().map(|v| v.as_i64().unwrap_or_default()).collect();
        groups.rows.push((keys, measures));
    }
    Ok(groups)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn groups_come_back_from_one_json_array() {
        let c = Count {
            name: "t",
            keys: 2,
            measures: 1,
            district: sql::DistrictKey::At(0),
            sql: "SELECT a, b, n FROM t".into(),
        };
        assert_eq!(
            as_one_row(&c),
            "WITH x(k0, k1, m0) AS (SELECT a, b, n FROM t) SELECT json_group_array(json_array(k0, k1, m0)) FROM x"
        );
        let g = groups(&c, r#"[["LS-A",null,3],["LS-B","F",12]]"#).unwrap();
        assert_eq!(
            g.rows,
            vec![(vec!["LS-A".into(), String::new()], vec![3]), (vec!["LS-B".into(), "F".into()], vec![12])]
        );
        assert!(groups(&c, r#"[["LS-A",3]]"#).is_err());
        assert_eq!(groups(&c, "[]").unwrap(), Groups::default());
    }

    #[test]
    fn a_count_runs_without_its_named_indexes_while_a_load_has_them_set_aside() {
        assert_eq!(
            without_named_indexes("SELECT x FROM referrals r INDEXED BY referrals_responses_idx WHERE a = 1"),
            "SELECT x FROM referrals r WHERE a = 1"
        );
        assert_eq!(without_named_indexes("FROM a INDEXED BY a_idx JOIN b INDEXED BY b_2_idx"), "FROM a JOIN b");
        assert_eq!(without_named_indexes("SELECT 1"), "SELECT 1");
        let c = Count {
            name: "t",
            keys: 0,
            measures: 1,
            district: sql::DistrictKey::At(0),
            sql: "SELECT count(*) FROM t INDEXED BY t_idx".into(),
        };
        let state = |set_aside| (0, None, None, set_aside);
        assert_eq!(runnable(std::slice::from_ref(&c), &state(false))[0].sql, c.sql);
        assert_eq!(runnable(std::slice::from_ref(&c), &state(true))[0].sql, "SELECT count(*) FROM t");
    }
}
