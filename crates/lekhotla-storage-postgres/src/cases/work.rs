//! The work lists (`lekhotla_storage::work_sql`): hearings coming up and children's referrals waiting, of
//! cases in a scope, without loading the cases.

use lekhotla_domain::{CaseId, CaseNumber, ReferralState, ServiceType, Vocabulary};
use lekhotla_storage::{
    DbError, HearingList, Page, ReferralList, Scope, UpcomingHearing, referral_sql, work_sql as sql,
};
use sqlx::postgres::PgRow;
use sqlx::{PgPool, Postgres, QueryBuilder};
use time::Date;

use super::list::{push_scope, resolve};
use super::read::READ_SNAPSHOT;
use crate::errors;
use crate::rows::{self, get};

/// Hearings on days `from..=to` of cases in `scope`, soonest first, and how many.
pub async fn hearings(pool: &PgPool, scope: &Scope, from: Date, to: Date, limit: u32) -> Result<HearingList, DbError> {
    let mut tx = pool.begin_with(READ_SNAPSHOT).await.map_err(errors::map)?;
    let scope = resolve(&mut tx, scope).await?;
    let filter = |q: &mut QueryBuilder<Postgres>| {
        q.push(" WHERE h.on_date >= ").push_bind(from);
        q.push(" AND h.on_date <= ").push_bind(to);
        push_scope(q, &scope);
    };
    let mut q = QueryBuilder::<Postgres>::new(sql::HEARINGS_COUNT);
    filter(&mut q);
    let total: i64 = q.build_query_scalar().fetch_one(&mut *tx).await.map_err(errors::map)?;
    let mut q = QueryBuilder::<Postgres>::new(sql::HEARINGS_SELECT);
    filter(&mut q);
    q.push(sql::HEARINGS_ORDER).push_bind(i64::from(limit));
    let found = q.build().fetch_all(&mut *tx).await.map_err(errors::map)?;
    tx.commit().await.map_err(errors::map)?;
    let items = found.iter().map(hearing).collect::<Result<Vec<_>, _>>()?;
    Ok(HearingList { items, total: u64::try_from(total).unwrap_or(0) })
}

fn hearing(r: &PgRow) -> Result<UpcomingHearing, DbError> {
    let number: String = get(r, "number")?;
    Ok(UpcomingHearing {
        case: CaseId(get(r, "case_id")?),
        case_number: CaseNumber::parse(&number).map_err(|e| rows::bad("number", e))?,
        on: get(r, "on_date")?,
        kind: rows::code(r, "kind")?,
    })
}

/// Referrals to child protection still in the state sent, of cases in `scope`, newest first.
pub async fn child_referrals(pool: &PgPool, scope: &Scope, page: Page) -> Result<ReferralList, DbError> {
    let mut tx = pool.begin_with(READ_SNAPSHOT).await.map_err(errors::map)?;
    let scope = resolve(&mut tx, scope).await?;
    let filter = |q: &mut QueryBuilder<Postgres>| {
        q.push(sql::CHILD_REFERRALS_WHERE).push_bind(ServiceType::ChildProtection.code());
        q.push(" AND rf.state = ").push_bind(ReferralState::Sent.code());
        push_scope(q, &scope);
    };
    let (head, tail) = page.count_sql(referral_sql::COUNT);
    let mut q = QueryBuilder::<Postgres>::new(head);
    filter(&mut q);
    q.push(tail);
    let total: i64 = q.build_query_scalar().fetch_one(&mut *tx).await.map_err(errors::map)?;
    let mut q = QueryBuilder::<Postgres>::new(referral_sql::SELECT);
    filter(&mut q);
    q.push(referral_sql::ORDER).push_bind(i64::from(page.limit));
    let found = q.build().fetch_all(&mut *tx).await.map_err(errors::map)?;
    tx.commit().await.map_err(errors::map)?;
    let items = found.iter().map(super::referrals::line).collect::<Result<Vec<_>, _>>()?;
    Ok(ReferralList { items, total: u64::try_from(total).unwrap_or(0) })
}
