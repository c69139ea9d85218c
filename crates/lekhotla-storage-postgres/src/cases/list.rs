//! Case lists: filtered pages of summaries with the matching total, keyset walks by id, counts.

use lekhotla_domain::{CaseId, CaseSummary, OrgId, Vocabulary};
use lekhotla_storage::{
    ACTIVE_REFERRAL_STATES, CaseCounts, CaseFilter, CaseList, CaseOrder, DbError, Page, Relation, Scope,
};
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, PgPool, Postgres, QueryBuilder};
use uuid::Uuid;

use super::read::READ_SNAPSHOT;
use crate::errors;
use crate::rows::{self, get};

/// A page of the cases matching `filter`, in its order, and their total.
pub async fn list(pool: &PgPool, filter: &CaseFilter, page: Page) -> Result<CaseList, DbError> {
    list_with(pool, filter, None, page).await
}

/// [`list`], only the cases with a person whose blind index in `person.0` (a `persons` column) is `person.1`.
pub(super) async fn list_with(
    pool: &PgPool,
    filter: &CaseFilter,
    person: Option<(&'static str, String)>,
    page: Page,
) -> Result<CaseList, DbError> {
    let mut tx = pool.begin_with(READ_SNAPSHOT).await.map_err(errors::map)?;
    let scope = resolve(&mut tx, &filter.scope).await?;
    let push_filter = |q: &mut QueryBuilder<Postgres>, f: &CaseFilter| {
        push_filter(q, f, &scope);
        if let Some((column, index)) = &person {
            // Driven by the blind index (a common name is a few thousand people of millions), not by a walk of
            // every case probing its people. As `= ANY(ARRAY(...))` the people are looked up first, once, for
            // every value: with `IN (SELECT ...)` PostgreSQL guessed a bound value's share of the index from the
            // average, and for a name that few people or nobody has walked the cases in the page's order probing
            // each (4.6 s at a million cases, against 0.1 ms; BENCHMARKS.md, "PostgreSQL at a million").
            q.push(format!(" AND cases.id = ANY(ARRAY(SELECT p.case_id FROM persons p WHERE p.{column} = "));
            q.push_bind(index.clone()).push("))");
        }
    };
    let (head, tail) = page.count_sql("SELECT count(*) FROM cases");
    let mut q = QueryBuilder::<Postgres>::new(head);
    push_filter(&mut q, filter);
    q.push(tail);
    let total: i64 = q.build_query_scalar().fetch_one(&mut *tx).await.map_err(errors::map)?;
    let mut q = QueryBuilder::<Postgres>::new(
        "SELECT id, number, version, status, organisation_id, district, detection_source, detected_on, \
         victim_count, suspect_count, stage, updated_at FROM cases",
    );
    push_filter(&mut q, filter);
    q.push(match filter.order {
        CaseOrder::NewestDetected => " ORDER BY detected_on DESC, number COLLATE \"C\" DESC LIMIT ",
        CaseOrder::LeastRecentlyChanged => " ORDER BY updated_at, number COLLATE \"C\" LIMIT ",
    });
    q.push_bind(i64::from(page.limit));
    q.push(" OFFSET ");
    q.push_bind(i64::try_from(page.offset).unwrap_or(i64::MAX));
    let found = q.build().fetch_all(&mut *tx).await.map_err(errors::map)?;
    tx.commit().await.map_err(errors::map)?;
    let items = found.iter().map(summary).collect::<Result<Vec<_>, _>>()?;
    Ok(CaseList { items, total: u64::try_from(total).unwrap_or(0) })
}

fn push_filter(q: &mut QueryBuilder<Postgres>, f: &CaseFilter, scope: &SqlScope) {
    q.push(" WHERE TRUE");
    if let Some(d) = &f.district {
        q.push(" AND district = ").push_bind(d.as_str().to_owned());
    }
    if let Some(s) = f.status {
        q.push(" AND status = ").push_bind(s.code());
    }
    if let Some(o) = f.organisation {
        q.push(" AND organisation_id = ").push_bind(o.0);
    }
    if let Some(s) = f.detection_source {
        q.push(" AND detection_source = ").push_bind(s.code());
    }
    if let Some(s) = f.stage {
        q.push(" AND stage = ").push_bind(s.code());
    }
    if let Some(m) = f.child_referral_missed {
        q.push(" AND child_referral_missed = ").push_bind(m);
    }
    if let Some(d) = f.detected_from {
        q.push(" AND detected_on >= ").push_bind(d);
    }
    if let Some(d) = f.detected_to {
        q.push(" AND detected_on <= ").push_bind(d);
    }
    if let Some(p) = &f.number_prefix {
        q.push(" AND starts_with(number, ").push_bind(p.clone()).push(")");
    }
    if let Some(t) = f.updated_before {
        q.push(" AND updated_at < ").push_bind(t);
    }
    if let Some(a) = &f.assigned {
        // One set of case ids, each part from its own index.
        q.push(" AND cases.id IN (SELECT o.id FROM cases o WHERE o.owner_user = ").push_bind(a.user.0);
        q.push(" UNION SELECT i.case_id FROM investigations i WHERE i.investigator = ").push_bind(a.username.clone());
        q.push(" UNION SELECT p.case_id FROM prosecutions p WHERE p.prosecutor = ").push_bind(a.username.clone());
        q.push(")");
    }
    push_scope(q, scope);
}

/// A need-to-know scope made ready for SQL by [`resolve`].
pub(super) enum SqlScope<'a> {
    All,
    Nothing,
    /// The relation, and the ids of the cases it reaches through other records.
    Related {
        r: &'a Relation,
        ids: Vec<Uuid>,
    },
}

/// The case ids a relation reaches through other records: an active referral to the organisation, an
/// investigation by it or by its officer, a prosecution by the officer (`$3` is null without an officer).
const RELATED_IDS: &str = "SELECT r.case_id FROM referrals r WHERE r.to_org = $1 AND r.state = ANY($2) \
    UNION SELECT i.case_id FROM investigations i WHERE i.organisation_id = $1 OR i.investigator = $3 \
    UNION SELECT p.case_id FROM prosecutions p WHERE p.prosecutor = $3";

/// Reads, on `conn` (the list's own transaction, so the same snapshot), the case ids `scope` reaches
/// through other records. The clause [`push_scope`] writes is then plain tests of the case's columns and
/// one id array, which PostgreSQL reads from indexes (a bitmap OR) and estimates well; an uncorrelated
/// `IN (subquery)` under `OR` is estimated at half the table, which led it to join whole tables.
pub(super) async fn resolve<'a>(conn: &mut PgConnection, scope: &'a Scope) -> Result<SqlScope<'a>, DbError> {
    let r = match scope {
        Scope::All => return Ok(SqlScope::All),
        Scope::Nothing => return Ok(SqlScope::Nothing),
        Scope::Related(r) => r,
    };
    let states: Vec<&str> = ACTIVE_REFERRAL_STATES.iter().map(|s| s.code()).collect();
    let ids: Vec<Uuid> = sqlx::query_scalar(RELATED_IDS)
        .bind(r.organisation.0)
        .bind(states)
        .bind(r.assignee.as_deref())
        .fetch_all(conn)
        .await
        .map_err(errors::map)?;
    Ok(SqlScope::Related { r, ids })
}

/// The need-to-know rule of [`Scope::admits`] in SQL, for a scope [`resolve`]d in the same transaction.
pub(super) fn push_scope(q: &mut QueryBuilder<Postgres>, scope: &SqlScope) {
    let (r, ids) = match scope {
        SqlScope::All => return,
        SqlScope::Nothing => {
            q.push(" AND FALSE");
            return;
        }
        SqlScope::Related { r, ids } => (r, ids),
    };
    let districts: Vec<String> = r.districts.iter().map(|d| d.as_str().to_owned()).collect();
    q.push(" AND (cases.organisation_id = ").push_bind(r.organisation.0);
    q.push(" OR cases.district = ANY(").push_bind(districts).push(")");
    if let Some(user) = r.user {
        q.push(" OR cases.owner_user = ").push_bind(user.0);
    }
    if !ids.is_empty() {
        q.push(" OR cases.id = ANY(").push_bind(ids.clone()).push(")");
    }
    q.push(")");
}

fn summary(r: &PgRow) -> Result<CaseSummary, DbError> {
    let number: String = get(r, "number")?;
    let stage: String = get(r, "stage")?;
    Ok(CaseSummary {
        id: CaseId(get(r, "id")?),
        number: lekhotla_domain::CaseNumber::parse(&number)
            .map_err(|e| DbError::other(rows::BadValue { column: "number", reason: e.to_string() }))?,
        version: get(r, "version")?,
        status: rows::code(r, "status")?,
        organisation: OrgId(get(r, "organisation_id")?),
        district: rows::unit(r, "district")?,
        detection_source: rows::code(r, "detection_source")?,
        detected_on: get(r, "detected_on")?,
        victims: rows::unsigned(r, "victim_count")?,
        suspects: rows::unsigned(r, "suspect_count")?,
        stage: lekhotla_domain::CaseStage::from_code(&stage).ok_or_else(|| {
            DbError::other(rows::BadValue { column: "stage", reason: format!("unknown stage {stage:?}") })
        })?,
        updated_at: get(r, "updated_at")?,
    })
}

/// Up to `limit` case ids after `after`, in id order.
pub async fn ids_after(pool: &PgPool, after: Option<CaseId>, limit: u32) -> Result<Vec<CaseId>, DbError> {
    let ids: Vec<Uuid> =
        sqlx::query_scalar("SELECT id FROM cases WHERE ($1::uuid IS NULL OR id > $1) ORDER BY id LIMIT $2")
            .bind(after.map(|a| a.0))
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await
            .map_err(errors::map)?;
    Ok(ids.into_iter().map(CaseId).collect())
}

pub async fn count(pool: &PgPool) -> Result<u64, DbError> {
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM cases").fetch_one(pool).await.map_err(errors::map)?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Cases by stage and by district: two grouped counts in one read transaction.
pub async fn counts(pool: &PgPool) -> Result<CaseCounts, DbError> {
    let mut tx = pool.begin_with(READ_SNAPSHOT).await.map_err(errors::map)?;
    let stages: Vec<(String, i64)> = sqlx::query_as("SELECT stage, count(*) FROM cases GROUP BY stage")
        .fetch_all(&mut *tx)
        .await
        .map_err(errors::map)?;
    let districts: Vec<(String, i64)> =
        sqlx::query_as("SELECT district, count(*) FROM cases GROUP BY district ORDER BY district")
            .fetch_all(&mut *tx)
            .await
            .map_err(errors::map)?;
    tx.commit().await.map_err(errors::map)?;
    CaseCounts::from_rows(stages, districts)
}
