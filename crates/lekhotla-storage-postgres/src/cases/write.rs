//! Writing cases: registration (numbering in the insert's transaction), saves under optimistic
//! concurrency that replace every child row, and two-way links.

use std::collections::VecDeque;

use lekhotla_audit::NewEntry;
use lekhotla_domain::{Case, CaseId, CaseLinkKind, CaseNumber, DomainError, Vocabulary};
use lekhotla_storage::sealing::KeyringSlot;
use lekhotla_storage::{CaseDraft, DbError, notes};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::encode::{CHILD_TABLES, ChildRows, case_row};
use crate::{bulk, errors};

/// The statement that opens a transaction writing case records: the plans of what runs in it are left to the
/// server (the pool's connections plan every statement anew, for the lists). Each row inserted into a child
/// table is checked against its case and person by a foreign key trigger, whose lookup PostgreSQL keeps as a
/// prepared plan; forced to plan it anew for every row, an import spent a third of the server's time planning
/// `SELECT 1 FROM cases WHERE id = $1 FOR KEY SHARE` (BENCHMARKS.md, twelfth pass).
pub const CASE_WRITE: &str = "BEGIN; SET LOCAL plan_cache_mode = auto";

/// Registers a case: takes the next number of `(country, year of draft.today)` and inserts the case in
/// one transaction, so a failed insert gives its number back and concurrent creators never share one.
pub async fn create(pool: &PgPool, keys: &KeyringSlot, draft: CaseDraft, audit: NewEntry) -> Result<Case, DbError> {
    // Validate before numbering so that a bad draft costs nothing.
    draft.input.validate(draft.today).map_err(domain)?;
    let year = draft.today.year();
    let mut tx = pool.begin_with(CASE_WRITE).await.map_err(errors::map)?;
    let sequence: i64 = sqlx::query_scalar(
        "INSERT INTO case_number_counters (country, year, last_sequence) VALUES ($1, $2, 1) \
         ON CONFLICT (country, year) DO UPDATE SET last_sequence = case_number_counters.last_sequence + 1 \
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
    bulk::insert(&mut tx, "cases", vec![case_row(&case, keyring.as_deref())?]).await?;
    crate::audit::append(&mut tx, audit).await?;
    tx.commit().await.map_err(errors::map)?;
    Ok(case)
}

/// A domain refusal met while storing: the first bad field, reported as a bad reference.
fn domain(e: DomainError) -> DbError {
    match e {
        DomainError::Invalid(fields) => match fields.into_iter().next() {
            Some(f) => DbError::Reference { field: f.field, reason: f.reason },
            None => DbError::Reference { field: "case".into(), reason: "is not valid".into() },
        },
        other => DbError::other(other),
    }
}

/// Saves `case` if its version is the stored one, replacing every record in it; returns it at the new version.
pub async fn save(pool: &PgPool, keys: &KeyringSlot, case: &Case, audit: NewEntry) -> Result<Case, DbError> {
    let keyring = keys.for_cases(std::slice::from_ref(case))?;
    let summary = notes::seal_note(keyring.as_deref(), "cases", "summary", case.id.0, case.summary.as_deref())?;
    let incoming = case.incoming_referral.as_ref();
    let incoming_details = notes::seal_note(
        keyring.as_deref(),
        "cases",
        "incoming_referral_details",
        case.id.0,
        incoming.and_then(|r| r.details.as_deref()),
    )?;
    let closure_reason =
        notes::seal_note(keyring.as_deref(), "cases", "closure_reason", case.id.0, case.closure_reason.as_deref())?;
    let mut tx = pool.begin_with(CASE_WRITE).await.map_err(errors::map)?;
    let done = sqlx::query(
        "UPDATE cases SET version = version + 1, status = $3, closure_reason = $4, owner = $5, \
         organisation_id = $6, district = $7, detection_source = $8, detected_on = $9, port_of_entry = $10, \
         summary = $11, created_at = $12, updated_at = $13, stage = $14, victim_count = $15, suspect_count = $16, \
         child_referral_missed = $17, owner_user = $18, referring_organisation = $19, incoming_referral_on = $20, \
         incoming_referral_reason = $21, incoming_referral_details = $22, referring_case_worker = $23, \
         referring_case_worker_user = $24 \
         WHERE id = $1 AND version = $2",
    )
    .bind(case.id.0)
    .bind(case.version)
    .bind(case.status.code())
    .bind(closure_reason)
    .bind(case.owner.as_deref())
    .bind(case.organisation.0)
    .bind(case.district.as_str())
    .bind(case.detection_source.code())
    .bind(case.detected_on)
    .bind(case.port_of_entry.as_ref().map(|u| u.as_str()))
    .bind(summary)
    .bind(case.created_at)
    .bind(case.updated_at)
    .bind(case.stage().code())
    .bind(count(case.victims.len()))
    .bind(count(case.suspects.len()))
    .bind(!case.missed_child_referrals().is_empty())
    .bind(case.owner_user.map(|u| u.0))
    .bind(incoming.map(|r| r.from_org.0))
    .bind(incoming.and_then(|r| r.received_on))
    .bind(incoming.and_then(|r| r.reason).map(|r| r.code()))
    .bind(incoming_details)
    .bind(incoming.and_then(|r| r.case_worker.as_deref()))
    .bind(incoming.and_then(|r| r.case_worker_user.map(|u| u.0)))
    .execute(&mut *tx)
    .await
    .map_err(errors::map)?;
    if done.rows_affected() == 0 {
        let stored: Option<i64> = sqlx::query_scalar("SELECT version FROM cases WHERE id = $1")
            .bind(case.id.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(errors::map)?;
        return Err(match stored {
            Some(v) => DbError::Conflict(format!(
                "the case was changed by someone else (you had version {}, it is now at version {v})",
                case.version
            )),
            None => DbError::NotFound("case"),
        });
    }
    replace_children(&mut tx, keys, std::slice::from_ref(case)).await?;
    crate::audit::append(&mut tx, audit).await?;
    tx.commit().await.map_err(errors::map)?;
    Ok(Case { version: case.version + 1, ..case.clone() })
}

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// How many cases are written per statement.
pub const CHUNK: usize = 500;

/// Deletes the child rows of `cases` and writes them anew from the cases, in saved order, the persons'
/// protected fields sealed with the keyring of `keys`. Links other cases hold to these cases are kept.
pub async fn replace_children(conn: &mut PgConnection, keys: &KeyringSlot, cases: &[Case]) -> Result<(), DbError> {
    let numbers = super::victim_keys::numbers(conn, cases).await?;
    replace_children_growing(conn, keys, cases, numbers, false, true, None).await
}

/// [`replace_children`]; with `bulk`, for a load of many chunks in one transaction (an import), the next
/// chunks are sealed and their writes prepared, each on a thread of their own, while one is written. The
/// victims' statistics keys are numbered first, for all the cases, by the caller (`victim_keys::numbers`; an
/// import's outside its transaction, `victim_keys::numbers_apart`), so that every row is written once and whole:
/// two statements per chunk set them after the rows, and needed the tables analysed as they grew inside the
/// transaction or the planner read whole tables for every chunk (BENCHMARKS.md, twelfth and twenty-second
/// passes). Without `replacing` (none of the cases was stored before: they have no rows to delete), the deletes
/// are not sent. Each chunk's cases are counted in `progress` once written.
pub async fn replace_children_growing(
    conn: &mut PgConnection,
    keys: &KeyringSlot,
    cases: &[Case],
    numbers: super::encode::VictimNumbers,
    bulk: bool,
    replacing: bool,
    progress: Option<&lekhotla_storage::ImportProgress>,
) -> Result<(), DbError> {
    let keyring = keys.for_cases(cases)?;
    if replacing {
        let ids: Vec<Uuid> = cases.iter().map(|c| c.id.0).collect();
        // One statement: every child table's rows of these cases (role tables go with their persons).
        let deletes: Vec<String> = CHILD_TABLES
            .iter()
            .enumerate()
            .map(|(i, t)| format!("d{i} AS (DELETE FROM {t} WHERE case_id = ANY($1))"))
            .collect();
        let sql = format!("WITH {} SELECT 1", deletes.join(", "));
        sqlx::query(sqlx::AssertSqlSafe(sql)).bind(&ids).execute(&mut *conn).await.map_err(errors::map)?;
    }
    let numbers = std::sync::Arc::new(numbers);
    // In chunks, so that a large import never holds every row of every case in memory at once; in a bulk
    // load the next `AHEAD` chunks are being sealed, each on a blocking thread, while one is written.
    let chunks: Vec<&[Case]> = cases.chunks(CHUNK).collect();
    let ahead = if bulk && chunks.len() > 1 { AHEAD } else { 0 };
    let mut sealing: VecDeque<_> =
        chunks.iter().take(ahead).map(|c| seal(c, keyring.clone(), numbers.clone())).collect();
    for (n, chunk) in chunks.iter().enumerate() {
        let rows = match sealing.pop_front() {
            Some(handle) => {
                if let Some(next) = chunks.get(n + ahead) {
                    sealing.push_back(seal(next, keyring.clone(), numbers.clone()));
                }
                handle.await.map_err(|_| DbError::Other("a sealing thread stopped".into()))??
            }
            None => ChildRows::of(chunk, keyring.as_deref(), &numbers)?.prepare()?,
        };
        for write in rows {
            bulk::send(conn, write).await?;
        }
        if let Some(progress) = progress {
            progress.written(chunk.len());
        }
    }
    Ok(())
}

/// How many chunks of a bulk load are sealed ahead of the one being written.
const AHEAD: usize = 2;

/// The writes of `chunk`'s rows, sealed and made ready on a blocking thread. Only the chunk is copied (the
/// thread outlives no borrow), so a large import holds at most `AHEAD` chunks twice, never every case.
fn seal(
    chunk: &[Case],
    keyring: Option<std::sync::Arc<lekhotla_crypto::Keyring>>,
    numbers: std::sync::Arc<super::encode::VictimNumbers>,
) -> tokio::task::JoinHandle<Result<Vec<bulk::Prepared>, DbError>> {
    let chunk = chunk.to_vec();
    tokio::task::spawn_blocking(move || ChildRows::of(&chunk, keyring.as_deref(), &numbers)?.prepare())
}

/// Links `a` to `b` (`kind` as seen from `a`) and `b` to `a` (the inverse), bumping both versions.
pub async fn link(pool: &PgPool, a: CaseId, b: CaseId, kind: CaseLinkKind, audit: NewEntry) -> Result<(), DbError> {
    if a == b {
        return Err(DbError::Reference { field: "other".into(), reason: "a case cannot be linked to itself".into() });
    }
    let mut tx = pool.begin_with(CASE_WRITE).await.map_err(errors::map)?;
    let bumped = sqlx::query("UPDATE cases SET version = version + 1 WHERE id = ANY($1)")
        .bind(vec![a.0, b.0])
        .execute(&mut *tx)
        .await
        .map_err(errors::map)?;
    if bumped.rows_affected() != 2 {
        return Err(DbError::NotFound("case"));
    }
    let linked: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM case_links WHERE (case_id = $1 AND other_case_id = $2) \
         OR (case_id = $2 AND other_case_id = $1))",
    )
    .bind(a.0)
    .bind(b.0)
    .fetch_one(&mut *tx)
    .await
    .map_err(errors::map)?;
    if linked {
        return Err(DbError::Conflict("the cases are already linked".into()));
    }
    sqlx::query(
        "INSERT INTO case_links (case_id, other_case_id, kind, position) VALUES \
         ($1, $2, $3, (SELECT COALESCE(MAX(position) + 1, 0) FROM case_links WHERE case_id = $1)), \
         ($2, $1, $4, (SELECT COALESCE(MAX(position) + 1, 0) FROM case_links WHERE case_id = $2))",
    )
    .bind(a.0)
    .bind(b.0)
    .bind(kind.code())
    .bind(kind.inverse().code())
    .execute(&mut *tx)
    .await
    .map_err(errors::map)?;
    crate::audit::append(&mut tx, audit).await?;
    tx.commit().await.map_err(errors::map)
}
