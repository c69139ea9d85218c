//! Case lists: filtered pages of summaries with the matching total, keyset walks by id, counts.

use lekhotla_domain::{CaseId, CaseNumber, CaseStage, CaseSummary, OrgId, Vocabulary};
use lekhotla_storage::{ACTIVE_REFERRAL_STATES, CaseCounts, CaseFilter, CaseList, CaseOrder, DbError, Page, Scope};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Sqlite, SqlitePool};

use crate::errors::{self, bad};
use crate::id_text;
use crate::rows::{Get, date_str};

/// A page of the cases matching `filter`, in its order, and their total.
pub async fn list(pool: &SqlitePool, filter: &CaseFilter, page: Page) -> Result<CaseList, DbError> {
    list_with(pool, filter, None, page).await
}

/// [`list`], only the cases with a person whose blind index in `person.0` (a `persons` column) is `person.1`.
pub(super) async fn list_with(
    pool: &SqlitePool,
    filter: &CaseFilter,
    person: Option<(&'static str, String)>,
    page: Page,
) -> Result<CaseList, DbError> {
    // One read transaction: the page and the total come from the same snapshot.
    let mut tx = pool.begin().await.map_err(errors::map)?;
    let push_filter = |q: &mut QueryBuilder<Sqlite>, f: &CaseFilter| {
        push_filter(q, f);
        if let Some((column, index)) = &person {
            // Driven by the blind index (a common name is a few thousand people of millions), not by a walk of
            // every case probing its people.
            q.push(format!(" AND cases.id IN (SELECT p.case_id FROM persons p WHERE p.{column} = "));
            q.push_bind(index.clone()).push(")");
        }
    };
    let (head, tail) = page.count_sql("SELECT count(*) FROM cases");
    let mut q = QueryBuilder::<Sqlite>::new(head);
    push_filter(&mut q, filter);
    q.push(tail);
    let total: i64 = q.build_query_scalar().fetch_one(&mut *tx).await.map_err(errors::map)?;
    let mut q = QueryBuilder::<Sqlite>::new(
        "SELECT id, number, version, status, organisation_id, district, detection_source, detected_on, \
         victim_count, suspect_count, stage, updated_at FROM cases",
    );
    push_filter(&mut q, filter);
    q.push(match filter.order {
        CaseOrder::NewestDetected => " ORDER BY detected_on DESC, number DESC LIMIT ",
        CaseOrder::LeastRecentlyChanged => " ORDER BY updated_at, number LIMIT ",
    });
    q.push_bind(i64::from(page.limit));
    q.push(" OFFSET ");
    q.push_bind(i64::try_from(page.offset).unwrap_or(i64::MAX));
    let found = q.build().fetch_all(&mut *tx).await.map_err(errors::map)?;
    tx.commit().await.map_err(errors::map)?;
    let items = found.iter().map(summary).collect::<Result<Vec<_>, _>>()?;
    Ok(CaseList { items, total: u64::try_from(total).unwrap_or(0) })
}

fn push_filter(q: &mut QueryBuilder<Sqlite>, f: &CaseFilter) {
    q.push(" WHERE 1 = 1");
    if let Some(d) = &f.district {
        q.push(" AND district = ").push_bind(d.as_str().to_owned());
    }
    if let Some(s) = f.status {
        q.push(" AND status = ").push_bind(s.code());
    }
    if let Some(o) = f.organisation {
        q.push(" AND organisation_id = ").push_bind(id_text(o.0));
    }
    if let Some(s) = f.detection_source {
        q.push(" AND detection_source = ").push_bind(s.code());
    }
    if let Some(s) = f.stage {
        q.push(" AND stage = ").push_bind(s.code());
    }
    if let Some(m) = f.child_referral_missed {
        q.push(" AND child_referral_missed = ").push_bind(i64::from(m));
    }
    if let Some(d) = f.detected_from {
        q.push(" AND detected_on >= ").push_bind(date_str(d));
    }
    if let Some(d) = f.detected_to {
        q.push(" AND detected_on <= ").push_bind(date_str(d));
    }
    if let Some(p) = &f.number_prefix {
        // Not LIKE: `_` and `%` in the prefix are plain characters.
        q.push(" AND substr(number, 1, ").push_bind(i64::try_from(p.chars().count()).unwrap_or(i64::MAX));
        q.push(") = ").push_bind(p.clone());
    }
    if let Some(t) = f.updated_before {
        // Stored as fixed-width RFC 3339 in UTC: text order is time order.
        q.push(" AND updated_at < ").push_bind(crate::rows::instant("updated_before", t).unwrap_or_default());
    }
    if let Some(a) = &f.assigned {
        // One set of case ids, each part from its own index.
        q.push(" AND cases.id IN (SELECT o.id FROM cases o WHERE o.owner_user = ").push_bind(id_text(a.user.0));
        q.push(" UNION SELECT i.case_id FROM investigations i WHERE i.investigator = ").push_bind(a.username.clone());
        q.push(" UNION SELECT p.case_id FROM prosecutions p WHERE p.prosecutor = ").push_bind(a.username.clone());
        q.push(")");
    }
    push_scope(q, &f.scope);
}

/// The need-to-know rule of [`Scope::admits`] in SQL. The case's own columns are tested on the row; the
/// relations through other records (an active referral to the organisation, an investigation by it or its
/// officer, a prosecution by the officer) are one uncorrelated set of case ids, each part read from its own
/// index and computed once per query, not once per case.
pub(super) fn push_scope(q: &mut QueryBuilder<Sqlite>, scope: &Scope) {
    let r = match scope {
        Scope::All => return,
        Scope::Nothing => {
            q.push(" AND 1 = 0");
            return;
        }
        Scope::Related(r) => r,
    };
    let org = id_text(r.organisation.0);
    q.push(" AND (cases.organisation_id = ").push_bind(org.clone());
    if !r.districts.is_empty() {
        q.push(" OR cases.district IN (");
        let mut list = q.separated(", ");
        for d in &r.districts {
            list.push_bind(d.as_str().to_owned());
        }
        q.push(")");
    }
    if let Some(user) = r.user {
        q.push(" OR cases.owner_user = ").push_bind(id_text(user.0));
    }
    q.push(" OR cases.id IN (SELECT r.case_id FROM referrals r WHERE r.to_org = ").push_bind(org.clone());
    q.push(" AND r.state IN (");
    let mut states = q.separated(", ");
    for s in ACTIVE_REFERRAL_STATES {
        states.push_bind(s.code());
    }
    q.push(") UNION SELECT i.case_id FROM investigations i WHERE i.organisation_id = ").push_bind(org);
    if let Some(name) = &r.assignee {
        q.push(" UNION SELECT i.case_id FROM investigations i WHERE i.investigator = ").push_bind(name.clone());
        q.push(" UNION SELECT p.case_id FROM prosecutions p WHERE p.prosecutor = ").push_bind(name.clone());
    }
    q.push("))");
}

fn summary(r: &SqliteRow) -> Result<CaseSummary, DbError> {
    let number = r.text("number")?;
    let stage = r.text("stage")?;
    Ok(CaseSummary {
        id: CaseId(r.uuid("id")?),
        number: CaseNumber::parse(&number).map_err(|e| bad("number", e))?,
        version: r.int("version")?,
        status: r.code("status")?,
        organisation: OrgId(r.uuid("organisation_id")?),
        district: r.unit("district")?,
        detection_source: r.code("detection_source")?,
        detected_on: r.date("detected_on")?,
        victims: r.num("victim_count")?,
        suspects: r.num("suspect_count")?,
        stage: CaseStage::from_code(&stage).ok_or_else(|| bad("stage", format!("unknown stage {stage:?}")))?,
        updated_at: r.timestamp("updated_at")?,
    })
}

/// Up to `limit` case ids after `after`, in id order.
pub async fn ids_after(pool: &SqlitePool, after: Option<CaseId>, limit: u32) -> Result<Vec<CaseId>, DbError> {
    let ids: Vec<String> =
        sqlx::query_scalar("SELECT id FROM cases WHERE (?1 IS NULL OR id > ?1) ORDER BY id LIMIT ?2")
            .bind(after.map(|a| id_text(a.0)))
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await
            .map_err(errors::map)?;
    ids.iter().map(|s| s.parse().map(CaseId).map_err(|e| bad("id", e))).collect()
}

pub async fn count(pool: &SqlitePool) -> Result<u64, DbError> {
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM cases").fetch_one(pool).await.map_err(errors::map)?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Cases by stage and by district: two grouped counts in one read transaction.
pub async fn counts(pool: &SqlitePool) -> Result<CaseCounts, DbError> {
    let mut tx = pool.begin().await.map_err(errors::map)?;
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
