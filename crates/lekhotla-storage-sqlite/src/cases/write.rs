//! Writing cases: registration (numbering in the insert's transaction), saves under optimistic
//! concurrency that replace every record of the case, and two-way links.

use lekhotla_audit::NewEntry;
use std::collections::{BTreeSet, HashMap};

use lekhotla_crypto::Keyring;
use lekhotla_domain::{Case, CaseId, CaseLinkKind, CaseNumber, Vocabulary};
use lekhotla_storage::sealing::KeyringSlot;
use lekhotla_storage::{CaseDraft, DbError};
use sqlx::{SqliteConnection, SqlitePool};

use super::encode::{CHILD_TABLES, case_row, child_rows};
use crate::errors::{self, domain};
use crate::id_text;
use crate::rows::{self, Cols, V, insert, marks};

/// Registers a case: takes the next number of `(country, year of draft.today)` and inserts the case in
/// one write transaction, so a failed insert gives its number back and concurrent creators never share one.
pub async fn create(pool: &SqlitePool, keys: &KeyringSlot, draft: CaseDraft, audit: NewEntry) -> Result<Case, DbError> {
    draft.input.validate(draft.today).map_err(domain)?;
    let year = draft.today.year();
    let mut tx = crate::write_gate::begin(pool).await?;
    check_refs(&mut tx, [(draft.input.organisation, &draft.input.district, draft.input.port_of_entry.as_ref())])
        .await?;
    let sequence: i64 = sqlx::query_scalar(
        "INSERT INTO case_number_counters (country, year, last_sequence) VALUES (?, ?, 1) \
         ON CONFLICT (country, year) DO UPDATE SET last_sequence = last_sequence + 1 \
         RETURNING last_sequence",
    )
    .bind(draft.country.as_str())
    .bind(year)
    .fetch_one(&mut *tx)
    .await
    .map_err(errors::map)?;
    let number = u16::try_from(year)
        .ok()
        .zip(u32::try_from(sequence).ok())
        .and_then(|(y, s)| CaseNumber::new(draft.country, y, s).ok())
        .ok_or_else(|| DbError::Conflict(format!("no case number is left for {} in {year}", draft.country)))?;
    let case = draft.into_case(number).map_err(domain)?;
    let keyring = keys.for_cases(std::slice::from_ref(&case))?;
    insert(&mut tx, "cases", case_row(&case, keyring.as_deref())?).await?;
    crate::audit::append(&mut tx, audit).await?;
    tx.commit().await.map_err(errors::map)?;
    tracing::debug!(case = %case.id, number = %case.number, "case registered");
    Ok(case)
}

/// Saves `case` if its version is the stored one, replacing every record in it; returns it at the new version.
pub async fn save(pool: &SqlitePool, keys: &KeyringSlot, case: &Case, audit: NewEntry) -> Result<Case, DbError> {
    let mut tx = crate::write_gate::begin(pool).await?;
    let stored: Option<i64> = sqlx::query_scalar("SELECT version FROM cases WHERE id = ?")
        .bind(id_text(case.id.0))
        .fetch_optional(&mut *tx)
        .await
        .map_err(errors::map)?;
    match stored {
        None => return Err(DbError::NotFound("case")),
        Some(v) if v != case.version => {
            return Err(DbError::Conflict(format!(
                "the case was changed by someone else (you had version {}, it is now at version {v})",
                case.version
            )));
        }
        Some(_) => {}
    }
    check_references(&mut tx, std::slice::from_ref(case)).await?;
    let keyring = keys.for_cases(std::slice::from_ref(case))?;
    let mut cols = case_row(case, keyring.as_deref())?;
    // Everything but the id; the version moves on by one.
    cols.retain(|(n, _)| !matches!(*n, "id" | "number" | "version"));
    let set: Vec<String> = cols.iter().map(|(n, _)| format!("{n} = ?")).collect();
    let sql = format!("UPDATE cases SET version = version + 1, {} WHERE id = ? AND version = ?", set.join(", "));
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for (_, v) in cols {
        q = rows::bind(q, v);
    }
    let done = q.bind(id_text(case.id.0)).bind(case.version).execute(&mut *tx).await.map_err(errors::map)?;
    if done.rows_affected() != 1 {
        return Err(DbError::Conflict("the case was changed by someone else".into()));
    }
    replace_children(&mut tx, keys, std::slice::from_ref(case)).await?;
    crate::audit::append(&mut tx, audit).await?;
    tx.commit().await.map_err(errors::map)?;
    tracing::debug!(case = %case.id, version = case.version + 1, "case saved");
    Ok(Case { version: case.version + 1, ..case.clone() })
}

/// Checks that the organisation, district and port of entry each case names exist, so that a bad
/// reference is reported by name (SQLite does not say which foreign key failed).
pub async fn check_references(conn: &mut SqliteConnection, cases: &[Case]) -> Result<(), DbError> {
    check_refs(conn, cases.iter().map(|c| (c.organisation, &c.district, c.port_of_entry.as_ref()))).await
}

async fn check_refs<'a>(
    conn: &mut SqliteConnection,
    refs: impl IntoIterator<
        Item = (lekhotla_domain::OrgId, &'a lekhotla_domain::UnitCode, Option<&'a lekhotla_domain::UnitCode>),
    >,
) -> Result<(), DbError> {
    let mut orgs = BTreeSet::new();
    let mut districts = BTreeSet::new();
    let mut ports = BTreeSet::new();
    for (o, d, p) in refs {
        orgs.insert(id_text(o.0));
        districts.insert(d.as_str().to_owned());
        if let Some(p) = p {
            ports.insert(p.as_str().to_owned());
        }
    }
    let missing = |found: Vec<String>, wanted: &BTreeSet<String>| {
        let found: BTreeSet<String> = found.into_iter().collect();
        wanted.iter().find(|w| !found.contains(*w)).cloned()
    };
    let found = existing(conn, "SELECT id FROM organisations WHERE id IN", &orgs).await?;
    if let Some(m) = missing(found, &orgs) {
        return Err(DbError::Reference { field: "organisation".into(), reason: format!("no such organisation {m}") });
    }
    let found = existing(conn, "SELECT code FROM geography_units WHERE code IN", &districts).await?;
    if let Some(m) = missing(found, &districts) {
        return Err(DbError::Reference { field: "district".into(), reason: format!("no such district {m}") });
    }
    let found = existing(conn, "SELECT code FROM geography_units WHERE code IN", &ports).await?;
    if let Some(m) = missing(found, &ports) {
        return Err(DbError::Reference { field: "port_of_entry".into(), reason: format!("no such port of entry {m}") });
    }
    Ok(())
}

/// The values of `keys` that exist, by `sql_head` (`SELECT x FROM t WHERE x IN`), in chunks.
async fn existing(
    conn: &mut SqliteConnection,
    sql_head: &'static str,
    keys: &BTreeSet<String>,
) -> Result<Vec<String>, DbError> {
    let keys: Vec<&String> = keys.iter().collect();
    let mut out = Vec::with_capacity(keys.len());
    for chunk in keys.chunks(500) {
        let sql = format!("{sql_head} ({})", marks(chunk.len()));
        let mut q = sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql));
        for k in chunk {
            q = q.bind(k.as_str());
        }
        out.extend(q.fetch_all(&mut *conn).await.map_err(errors::map)?);
    }
    Ok(out)
}

/// A table and the columns of a row written to it.
type RowShape = (&'static str, Vec<&'static str>);

/// The records of some cases as rows, grouped by table and columns (a business suspect's person row has other
/// columns than a natural person's) in the order first met, people first, as victims and suspects refer to
/// them; within a group the rows keep the cases' order.
#[derive(Debug, Default)]
pub struct ChildRows(Vec<(RowShape, Vec<Cols>)>);

impl ChildRows {
    /// The rows of `cases`, the persons' protected fields and the notes sealed with `keyring`.
    pub fn of(cases: &[Case], keyring: Option<&Keyring>) -> Result<Self, DbError> {
        let mut rows = Self::default();
        for case in cases {
            for (table, cols) in child_rows(case, keyring)? {
                rows.push(table, cols);
            }
        }
        rows.0.sort_by_key(|((table, _), _)| *table != "persons");
        Ok(rows)
    }

    /// The rows of `cases` as [`ChildRows::of`] gives them, sealed on up to `threads` threads (sealing is
    /// most of the work), the cases' `cases` rows beside them.
    pub fn of_parallel(cases: &[Case], keyring: Option<&Keyring>) -> Result<(Vec<Cols>, Self), DbError> {
        let parts = on_threads(cases, |part| Ok((heads(part, keyring)?, Self::of(part, keyring)?)))?;
        let mut heads = Vec::with_capacity(cases.len());
        let mut all = Self::default();
        for (h, rows) in parts {
            heads.extend(h);
            for ((table, _), group) in rows.0 {
                for cols in group {
                    all.push(table, cols);
                }
            }
        }
        all.0.sort_by_key(|((table, _), _)| *table != "persons");
        Ok((heads, all))
    }

    /// The `cases` rows of `cases` alone, sealed on up to `threads` threads, in the cases' order.
    pub fn heads_parallel(cases: &[Case], keyring: Option<&Keyring>) -> Result<Vec<Cols>, DbError> {
        Ok(on_threads(cases, |part| heads(part, keyring))?.into_iter().flatten().collect())
    }

    /// Sets every victim row's `statistics_key` to its victim's number in `numbers` (by the victim's id,
    /// `victim_keys::by_victim`).
    pub fn number_victims(&mut self, numbers: &HashMap<String, i64>) -> Result<(), DbError> {
        for ((table, names), rows) in &mut self.0 {
            if *table != "victims" {
                continue;
            }
            let at = |column: &str| names.iter().position(|n| *n == column);
            let (Some(person), Some(key)) = (at("person_id"), at("statistics_key")) else { continue };
            for row in rows {
                let number = match &row[person].1 {
                    V::Text(id) => numbers.get(id).copied(),
                    _ => None,
                };
                let number = number.ok_or_else(|| DbError::Other("a victim's statistics key has no number".into()))?;
                row[key].1 = V::Int(number);
            }
        }
        Ok(())
    }

    fn push(&mut self, table: &'static str, cols: Cols) {
        let names = cols.iter().map(|(n, _)| *n);
        match self.0.iter_mut().find(|((t, k), _)| *t == table && k.iter().copied().eq(names.clone())) {
            Some((_, rows)) => rows.push(cols),
            None => self.0.push(((table, names.collect()), vec![cols])),
        }
    }
}

/// The `cases` rows of `cases`, in order.
fn heads(cases: &[Case], keyring: Option<&Keyring>) -> Result<Vec<Cols>, DbError> {
    cases.iter().map(|c| case_row(c, keyring)).collect()
}

/// `each` over consecutive parts of `cases`, one part per thread (up to [`MAX_THREADS`]; on the caller's
/// thread alone for few cases or one core), the results in the cases' order.
fn on_threads<T: Send>(cases: &[Case], each: impl Fn(&[Case]) -> Result<T, DbError> + Sync) -> Result<Vec<T>, DbError> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from).min(MAX_THREADS);
    if threads < 2 || cases.len() < 2 * MIN_PER_THREAD {
        return Ok(vec![each(cases)?]);
    }
    let per = cases.len().div_ceil(threads).max(MIN_PER_THREAD);
    let each = &each;
    std::thread::scope(|scope| {
        let running: Vec<_> = cases.chunks(per).map(|part| scope.spawn(move || each(part))).collect();
        running
            .into_iter()
            .map(|t| t.join().unwrap_or_else(|_| Err(DbError::Other("a sealing thread panicked".into()))))
            .collect()
    })
}

/// At most this many threads seal one import's cases.
const MAX_THREADS: usize = 4;
/// Fewer cases than this per thread are sealed on the caller's thread.
const MIN_PER_THREAD: usize = 64;

/// Deletes the records of `cases` and writes them anew from the cases, in saved order, the persons'
/// protected fields sealed with the keyring of `keys`. Links that other cases hold to these cases are kept.
pub async fn replace_children(conn: &mut SqliteConnection, keys: &KeyringSlot, cases: &[Case]) -> Result<(), DbError> {
    let keyring = keys.for_cases(cases)?;
    let rows = ChildRows::of(cases, keyring.as_deref())?;
    write_children(conn, cases, rows, true).await
}

/// Deletes the records of `cases` (when `replacing`: without, none of the cases was stored before and there
/// is nothing to delete) and writes `rows`, their records as [`ChildRows`], the victims' statistics keys
/// numbered first (`victim_keys::by_victim`).
pub async fn write_children(
    conn: &mut SqliteConnection,
    cases: &[Case],
    mut rows: ChildRows,
    replacing: bool,
) -> Result<(), DbError> {
    if replacing {
        delete_children(conn, cases).await?;
    }
    rows.number_victims(&super::victim_keys::by_victim(conn, cases).await?)?;
    insert_children(conn, rows).await
}

/// Deletes every record of `cases` (the rows of [`CHILD_TABLES`] that name them).
pub async fn delete_children(conn: &mut SqliteConnection, cases: &[Case]) -> Result<(), DbError> {
    for chunk in cases.chunks(500) {
        let ids: Vec<String> = chunk.iter().map(|c| id_text(c.id.0)).collect();
        for table in CHILD_TABLES {
            let sql = format!("DELETE FROM {table} WHERE case_id IN ({})", marks(ids.len()));
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for i in &ids {
                q = q.bind(i.as_str());
            }
            q.execute(&mut *conn).await.map_err(errors::map)?;
        }
    }
    Ok(())
}

/// Inserts `rows`, group by group (people first).
async fn insert_children(conn: &mut SqliteConnection, rows: ChildRows) -> Result<(), DbError> {
    insert_ready(conn, rows.ready()?).await
}

/// The statements of some [`ChildRows`], group by group, made ready to run ([`rows::prepare_many`]).
pub struct ReadyRows(Vec<(&'static str, Vec<rows::SqliteQuery<'static>>)>);

impl std::fmt::Debug for ReadyRows {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.0.iter().map(|(table, queries)| (table, queries.len()))).finish()
    }
}

impl ChildRows {
    /// Their statements, made ready to run (on the calling thread).
    pub fn ready(self) -> Result<ReadyRows, DbError> {
        let groups = self.0.into_iter().map(|((table, _), rows)| Ok((table, rows::prepare_many(table, rows, "")?)));
        Ok(ReadyRows(groups.collect::<Result<_, DbError>>()?))
    }
}

/// Runs [`ReadyRows`] in order.
pub async fn insert_ready(conn: &mut SqliteConnection, ready: ReadyRows) -> Result<(), DbError> {
    for (table, queries) in ready.0 {
        rows::run(conn, queries).await.map_err(|e| match e {
            DbError::Reference { .. } if table == "case_links" => {
                DbError::Reference { field: "links".into(), reason: "no such case".into() }
            }
            other => other,
        })?;
    }
    Ok(())
}

/// Links `a` to `b` (`kind` as seen from `a`) and `b` to `a` (the inverse), bumping both versions.
pub async fn link(pool: &SqlitePool, a: CaseId, b: CaseId, kind: CaseLinkKind, audit: NewEntry) -> Result<(), DbError> {
    if a == b {
        return Err(DbError::Reference { field: "other".into(), reason: "a case cannot be linked to itself".into() });
    }
    let (ta, tb) = (id_text(a.0), id_text(b.0));
    let mut tx = crate::write_gate::begin(pool).await?;
    let bumped = sqlx::query("UPDATE cases SET version = version + 1 WHERE id IN (?, ?)")
        .bind(&ta)
        .bind(&tb)
        .execute(&mut *tx)
        .await
        .map_err(errors::map)?;
    if bumped.rows_affected() != 2 {
        return Err(DbError::NotFound("case"));
    }
    let linked: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM case_links WHERE (case_id = ?1 AND other_case_id = ?2) \
         OR (case_id = ?2 AND other_case_id = ?1)",
    )
    .bind(&ta)
    .bind(&tb)
    .fetch_one(&mut *tx)
    .await
    .map_err(errors::map)?;
    if linked > 0 {
        return Err(DbError::Conflict("the cases are already linked".into()));
    }
    for (from, to, k) in [(&ta, &tb, kind), (&tb, &ta, kind.inverse())] {
        sqlx::query(
            "INSERT INTO case_links (case_id, other_case_id, kind, position) \
             VALUES (?1, ?2, ?3, (SELECT coalesce(max(position) + 1, 0) FROM case_links WHERE case_id = ?1))",
        )
        .bind(from)
        .bind(to)
        .bind(k.code())
        .execute(&mut *tx)
        .await
        .map_err(errors::map)?;
    }
    crate::audit::append(&mut tx, audit).await?;
    tx.commit().await.map_err(errors::map)?;
    tracing::debug!(case = %a, other = %b, "cases linked");
    Ok(())
}
