//! Case lists: filtered pages of summaries with the matching total, keyset walks by id, counts.

use lekhotla_domain::{CaseId, CaseSummary, OrgId, Vocabulary};
use lekhotla_storage::{ACTIVE_REFERRAL_STATES, CaseCounts, CaseFilter, CaseList, DbError, Page, Scope};
use sqlx::postgres::PgRow;
use sqlx::{PgPool, Postgres, QueryBuilder};
use uuid::Uuid;

use super::read::READ_SNAPSHOT;
use crate::errors;
use crate::rows::{self, get};

/// A page of the cases matching `filter`, newest detection first (then number, descending), and their total.
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
    let push_filter = |q: &mut QueryBuilder<Postgres>, f: &CaseFilter| {
        push_filter(q, f);
        if let Some((column, index)) = &person {
            q.push(format!(" AND EXISTS (SELECT 1 FROM persons p WHERE p.case_id = cases.id AND p.{column} = "));
            q.push_bind(index.clone()).push(")");
        }
    };
    let mut q = QueryBuilder::<Postgres>::new("SELECT count(*) FROM cases");
    push_filter(&mut q, filter);
    let total: i64 = q.build_query_scalar().fetch_one(&mut *tx).await.map_err(errors::map)?;
    let mut q = QueryBuilder::<Postgres>::new(
        "SELECT id, number, version, status, organisation_id, district, detection_source, detected_on, \
         victim_count, suspect_count, stage, updated_at FROM cases",
    );
    push_filter(&mut q, filter);
    q.push(" ORDER BY detected_on DESC, number COLLATE \"C\" DESC LIMIT ");
    q.push_bind(i64::from(page.limit));
    q.push(" OFFSET ");
    q.push_bind(i64::try_from(page.offset).unwrap_or(i64::MAX));
    let found = q.build().fetch_all(&mut *tx).await.map_err(errors::map)?;
    tx.commit().await.map_err(errors::map)?;
    let items = found.iter().map(summary).collect::<Result<Vec<_>, _>>()?;
    Ok(CaseList { items, total: u64::try_from(total).unwrap_or(0) })
}

fn push_filter(q: &mut QueryBuilder<Postgres>, f: &CaseFilter) {
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
        q.push(" AND (owner_user = ").push_bind(a.user.0);
        q.push(" OR id IN (SELECT i.case_id FROM investigations i WHERE i.investigator = ");
        q.push_bind(a.username.clone());
        q.push(") OR id IN (SELECT p.case_id FROM prosecutions p WHERE p.prosecutor = ");
        q.push_bind(a.username.clone()).push("))");
    }
    push_scope(q, &f.scope);
}

/// The need-to-know rule of [`Scope::admits`] in SQL.
pub(super) fn push_scope(q: &mut QueryBuilder<Postgres>, scope: &Scope) {
    let r = match scope {
        Scope::All => return,
        Scope::Nothing => {
            q.push(" AND FALSE");
            return;
        }
        Scope::Related(r) => r,
    };
    let org = r.organisation.0;
    let districts: Vec<String> = r.districts.iter().map(|d| d.as_str().to_owned()).collect();
    let states: Vec<&str> = ACTIVE_REFERRAL_STATES.iter().map(|s| s.code()).collect();
    q.push(" AND (organisation_id = ").push_bind(org);
    q.push(" OR district = ANY(").push_bind(districts).push(")");
    q.push(" OR EXISTS (SELECT 1 FROM referrals r WHERE r.case_id = cases.id AND r.to_org = ").push_bind(org);
    q.push(" AND r.state = ANY(").push_bind(states).push("))");
    q.push(" OR EXISTS (SELECT 1 FROM investigations i WHERE i.case_id = cases.id AND (i.organisation_id = ");
    q.push_bind(org);
    if let Some(name) = &r.assignee {
        q.push(" OR i.investigator = ").push_bind(name.clone());
    }
    q.push("))");
    if let Some(user) = r.user {
        q.push(" OR owner_user = ").push_bind(user.0);
    }
    if let Some(name) = &r.assignee {
        q.push(" OR EXISTS (SELECT 1 FROM prosecutions p WHERE p.case_id = cases.id AND p.prosecutor = ");
        q.push_bind(name.clone()).push(")");
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
