//! The case tables' secondary indexes set aside for a bulk load into empty tables and built again after it
//! (`lekhotla_storage::bulk_indexes`), as PostgreSQL's catalogue (`pg_index`, `pg_get_indexdef`) states them.

use lekhotla_storage::DbError;
use lekhotla_storage::bulk_indexes::{
    self, KEPT, KEPT_LEADING_COLUMN, SetAside, TABLES, build_script, set_aside_script,
};
use sqlx::{Connection, PgConnection, PgPool};

use crate::errors;

/// The indexes a load sets aside, by name: in the schema the connection works in (its `search_path`), on one of
/// the case tables, neither unique nor a primary key's nor a constraint's, and not led by the column `$2` (none
/// when it is empty).
const CANDIDATES: &str = "SELECT c.relname::text, pg_get_indexdef(i.indexrelid) FROM pg_index i \
     JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid \
     WHERE t.relnamespace = current_schema()::regnamespace AND t.relname = ANY($1) \
     AND NOT i.indisunique AND NOT i.indisprimary \
     AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) \
     AND (i.indkey[0] = 0 OR (SELECT a.attname FROM pg_attribute a \
          WHERE a.attrelid = i.indrelid AND a.attnum = i.indkey[0]) <> $2) \
     ORDER BY 1";

/// Drops the case tables' secondary indexes when no case is stored, and returns them to be built again, their
/// statements also kept in `deferred_indexes` (so that a process that stops before it has built them leaves them
/// to the next open). A load of many transactions (`many`) keeps those led by `case_id`: the server reads its
/// committed batches by case meanwhile. To be run inside the load's transaction. The table `cases` is locked
/// against other writers first (readers go on), so that two loads beginning at once do not both find it empty:
/// the second waits, then finds the first's rows.
pub(crate) async fn set_aside(conn: &mut PgConnection, many: bool) -> Result<Vec<SetAside>, DbError> {
    let empty = "SELECT NOT EXISTS (SELECT 1 FROM cases)";
    // Read first without the lock: a load into a database that has cases (nearly every import) takes none.
    if !sqlx::query_scalar::<_, bool>(empty).fetch_one(&mut *conn).await.map_err(errors::map)? {
        return Ok(Vec::new());
    }
    sqlx::query("LOCK TABLE cases IN SHARE ROW EXCLUSIVE MODE").execute(&mut *conn).await.map_err(errors::map)?;
    if !sqlx::query_scalar::<_, bool>(empty).fetch_one(&mut *conn).await.map_err(errors::map)? {
        return Ok(Vec::new());
    }
    // A load of one transaction sets aside those led by `case_id` too: no one sees its tables before its commit,
    // and it reads nothing back by case (its tables were empty: no old records to delete; the victims' statistics
    // keys are numbered before the rows). Kept up to date row by row they were an eighth of an import's writing,
    // built at its end a second at 100,000 cases (BENCHMARKS.md, twenty-third pass).
    let kept_leading = if many { KEPT_LEADING_COLUMN } else { "" };
    let found: Vec<(String, String)> =
        sqlx::query_as(CANDIDATES).bind(TABLES).bind(kept_leading).fetch_all(&mut *conn).await.map_err(errors::map)?;
    let set: Vec<SetAside> = found.into_iter().map(|(name, definition)| SetAside { name, definition }).collect();
    let script = set_aside_script(&set, true);
    if !script.is_empty() {
        sqlx::raw_sql(sqlx::AssertSqlSafe(script)).execute(&mut *conn).await.map_err(errors::map)?;
    }
    Ok(set)
}

/// Builds the indexes an import into empty tables set aside, once it has committed: [`AT_ONCE`] at a time, each in
/// a transaction of its own that forgets it (`build_at_once`). Built inside the import's one transaction they went
/// one after another on its one session (at 100,000 cases 3.9-4.3 s; two at once 3.3-3.4 s: BENCHMARKS.md,
/// "Twenty-fifth pass"). The import is in whatever happens here; an index not built stays kept, for the next open.
pub(crate) async fn build_after_import(pool: &PgPool, indexes: Vec<SetAside>) -> Result<u64, DbError> {
    if indexes.is_empty() {
        return Ok(0);
    }
    bulk_indexes::building(indexes.len(), build_at_once(pool, indexes)).await
}

/// [`build_script`] of `indexes` on `conn`, inside its transaction, with the sorts' memory raised for it alone.
async fn run_build(conn: &mut PgConnection, indexes: &[SetAside]) -> Result<(), DbError> {
    sqlx::query("SET LOCAL maintenance_work_mem = '512MB'").execute(&mut *conn).await.map_err(errors::map)?;
    let script = sqlx::raw_sql(sqlx::AssertSqlSafe(build_script(indexes)));
    script.execute(&mut *conn).await.map_err(errors::map)?;
    Ok(())
}

/// How many kept indexes are built at once: two, when the machine has two cores or more. Each build already
/// sorts on PostgreSQL's parallel workers; two at once kept both cores busier (at a million cases two builds
/// 4.2 s one after the other, 3.4 s side by side: BENCHMARKS.md, twenty-third pass), and two builds are twice
/// the sorts' memory.
const AT_ONCE: usize = 2;

/// Builds the kept `indexes` [`AT_ONCE`] at a time, each on a pooled connection in a transaction of its own that
/// also forgets it (so a build that stops leaves only the unbuilt ones kept, for the next open): how many were
/// built here. An index whose row another session holds or has already deleted is left to it.
async fn build_at_once(pool: &PgPool, indexes: Vec<SetAside>) -> Result<u64, DbError> {
    let pool = pool.clone();
    crate::at_once::each(indexes, crate::at_once::cores(AT_ONCE), move |index| {
        let pool = pool.clone();
        async move {
            let mut tx = pool.begin().await.map_err(errors::map)?;
            let mine: Option<String> =
                sqlx::query_scalar("SELECT name FROM deferred_indexes WHERE name = $1 FOR UPDATE SKIP LOCKED")
                    .bind(&index.name)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(errors::map)?;
            if mine.is_some() {
                run_build(&mut tx, std::slice::from_ref(&index)).await?;
            }
            tx.commit().await.map_err(errors::map)?;
            Ok(u64::from(mine.is_some()))
        }
    })
    .await
}

/// A kept statement that builds an index (the others add back a foreign key).
fn is_index(kept: &SetAside) -> bool {
    kept.definition.trim_start().get(..6).is_some_and(|w| w.eq_ignore_ascii_case("CREATE"))
}

/// The indexes kept in `deferred_indexes` (none in a database older than that table).
async fn kept(conn: &mut PgConnection) -> Result<Vec<SetAside>, DbError> {
    let table: bool = sqlx::query_scalar("SELECT to_regclass('deferred_indexes') IS NOT NULL")
        .fetch_one(&mut *conn)
        .await
        .map_err(errors::map)?;
    if !table {
        return Ok(Vec::new());
    }
    let rows: Vec<(String, String)> = sqlx::query_as(KEPT).fetch_all(&mut *conn).await.map_err(errors::map)?;
    Ok(rows.into_iter().map(|(name, definition)| SetAside { name, definition }).collect())
}

/// The advisory lock (with the schema's hash as its second key) that a load of many transactions holds from the
/// moment it sets indexes aside until it has built them again, on a session of its own: another process opening
/// the database meanwhile (a backup, a server) leaves them to the load instead of building them under it (an
/// index build beside the load's inserts deadlocks), and a load that died has lost its session and the lock.
const LOAD_LOCK: i32 = 0x4c4b_4c44;

/// The session of this store's load under way, holding [`LOAD_LOCK`]; none between loads.
#[derive(Debug, Default)]
pub(crate) struct LoadGuard(tokio::sync::Mutex<Option<PgConnection>>);

/// Takes [`LOAD_LOCK`] on `conn`'s session if no other session holds it.
async fn try_lock(conn: &mut PgConnection) -> Result<bool, DbError> {
    sqlx::query_scalar("SELECT pg_try_advisory_lock($1, hashtext(current_schema()))")
        .bind(LOAD_LOCK)
        .fetch_one(&mut *conn)
        .await
        .map_err(errors::map)
}

/// A session of its own (out of the pool, closed by the caller) holding [`LOAD_LOCK`]; none when another session
/// holds it, or with `only_if_kept` when nothing is kept in `deferred_indexes` (read first: an open of a database
/// with nothing set aside, nearly every open, locks nothing; the open runs this before the migrations, hence a
/// connection that does not go back to the pool).
async fn load_session(pool: &PgPool, only_if_kept: bool) -> Result<Option<PgConnection>, DbError> {
    let mut conn = pool.acquire().await.map_err(errors::map)?.detach();
    let wanted = !only_if_kept || !kept(&mut conn).await?.is_empty();
    if wanted && try_lock(&mut conn).await? {
        return Ok(Some(conn));
    }
    conn.close().await.map_err(errors::map)?;
    Ok(None)
}

/// Sets aside the indexes for a load of many transactions, and the foreign keys between the case tables
/// (`deferred_keys`), keeping their statements, on a session of its own that holds [`LOAD_LOCK`] until
/// [`build_kept`]: how many of both. A second load at once (the lock taken) sets none aside.
pub(crate) async fn defer(pool: &PgPool, guard: &LoadGuard) -> Result<u64, DbError> {
    let mut held = guard.0.lock().await;
    let already = held.is_some();
    let mut conn = match held.take() {
        Some(conn) => conn,
        None => match load_session(pool, false).await? {
            Some(conn) => conn,
            None => return Ok(0),
        },
    };
    let set = async {
        let mut tx = conn.begin().await.map_err(errors::map)?;
        let set = set_aside(&mut tx, true).await?;
        // And, the tables being empty and locked, the keys between them, added back with the indexes.
        let keys = match set.is_empty() {
            true => 0,
            false => crate::deferred_keys::set_aside_kept(&mut tx).await?,
        };
        tx.commit().await.map_err(errors::map)?;
        Ok::<_, DbError>(set.len() as u64 + keys)
    }
    .await;
    match set {
        // Held until the indexes are built again.
        Ok(n) if n > 0 || already => *held = Some(conn),
        _ => conn.close().await.map_err(errors::map)?,
    }
    set
}

/// Builds every index kept in `deferred_indexes` ([`AT_ONCE`] at a time, each in its own transaction) and then
/// adds back every key kept there, in one transaction: how many of both. On the load's own session when this store
/// set them aside; otherwise (an open, after a load that died) only if no live load holds [`LOAD_LOCK`]. Each row
/// is locked while its statement runs, so that two sessions building at once build each once.
pub(crate) async fn build_kept(pool: &PgPool, guard: &LoadGuard) -> Result<u64, DbError> {
    let mut held = guard.0.lock().await;
    let mut conn = match held.take() {
        Some(conn) => conn,
        None => match load_session(pool, true).await? {
            Some(conn) => conn,
            None => return Ok(0),
        },
    };
    let built = async {
        let (indexes, keys): (Vec<SetAside>, Vec<SetAside>) = kept(&mut conn).await?.into_iter().partition(is_index);
        if indexes.is_empty() && keys.is_empty() {
            return Ok(0);
        }
        bulk_indexes::building(indexes.len() + keys.len(), async {
            // The indexes first, several at once; then the keys added back unchecked, in one transaction on this
            // session (each takes a lock on `cases` that a key being added beside it would wait for, and an index
            // build beside it could deadlock with), each kept statement becoming its key's check; then the checks,
            // several at once (`deferred_keys::unchecked_and_check`). A process that stops before a check leaves it
            // kept, for the next open.
            let built = build_at_once(pool, indexes).await?;
            let mut tx = conn.begin().await.map_err(errors::map)?;
            let rows: Vec<(String, String)> =
                sqlx::query_as("SELECT name, definition FROM deferred_indexes ORDER BY name FOR UPDATE")
                    .fetch_all(&mut *tx)
                    .await
                    .map_err(errors::map)?;
            let mut checks = Vec::with_capacity(rows.len());
            for (name, definition) in rows {
                let Some((unchecked, check)) = crate::deferred_keys::unchecked_and_check(&name, &definition) else {
                    // A check kept by a process that stopped before it (or an index kept since).
                    checks.push(SetAside { name, definition });
                    continue;
                };
                sqlx::query(sqlx::AssertSqlSafe(unchecked)).execute(&mut *tx).await.map_err(errors::map)?;
                sqlx::query("UPDATE deferred_indexes SET definition = $2 WHERE name = $1")
                    .bind(&name)
                    .bind(&check)
                    .execute(&mut *tx)
                    .await
                    .map_err(errors::map)?;
                checks.push(SetAside { name, definition: check });
            }
            tx.commit().await.map_err(errors::map)?;
            let checked = build_at_once(pool, checks).await?;
            Ok::<_, DbError>(built + checked)
        })
        .await
    }
    .await;
    // Closing the session lets go of the lock.
    let closed = conn.close().await;
    let built = built?;
    closed.map_err(errors::map)?;
    Ok(built)
}

/// Lets go of a load's session (and its lock) when the store closes without having built its indexes: the next
/// open builds them.
pub(crate) async fn release(guard: &LoadGuard) {
    if let Some(conn) = guard.0.lock().await.take() {
        let _ = conn.close().await;
    }
}

#[cfg(test)]
mod tests {
    use super::{SetAside, is_index};

    /// Kept index statements are built at once; kept keys (`ALTER TABLE ... ADD CONSTRAINT`) after them.
    #[test]
    fn kept_statements_are_told_apart() {
        let kept = |definition: &str| SetAside { name: "x".into(), definition: definition.into() };
        assert!(is_index(&kept("CREATE INDEX referrals_sent_idx ON public.referrals USING btree (sent_on)")));
        assert!(is_index(&kept("  create unique index u ON t (c)")));
        assert!(!is_index(&kept("ALTER TABLE \"persons\" ADD CONSTRAINT persons_case_fk FOREIGN KEY (case_id)")));
        assert!(!is_index(&kept("")));
        assert!(!is_index(&kept("CREAT")));
    }

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
}
