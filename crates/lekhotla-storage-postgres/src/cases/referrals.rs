//! An organisation's referral inbox and outbox, within the reader's scope (the same rule as case lists).

use lekhotla_domain::{CaseId, CaseNumber, OrgId, PersonId, ReferralId, Vocabulary};
use lekhotla_storage::referral_sql as sql;
use lekhotla_storage::{DbError, Direction, Page, ReferralFilter, ReferralLine, ReferralList, Scope};
use sqlx::postgres::PgRow;
use sqlx::{PgPool, Postgres, QueryBuilder};

use super::list::{SqlScope, push_scope, resolve};
use super::read::READ_SNAPSHOT;
use crate::errors;
use crate::rows::{self, get};

/// A page of the referrals matching `filter`, newest sent first, and their total.
pub async fn list(pool: &PgPool, filter: &ReferralFilter, page: Page) -> Result<ReferralList, DbError> {
    let mut tx = pool.begin_with(READ_SNAPSHOT).await.map_err(errors::map)?;
    let scope = resolve(&mut tx, &filter.scope).await?;
    let (head, tail) = page.count_sql(if filter.scope == Scope::All { sql::COUNT_ALL } else { sql::COUNT });
    let mut q = QueryBuilder::<Postgres>::new(head);
    push_filter(&mut q, filter, &scope);
    q.push(tail);
    let total: i64 = q.build_query_scalar().fetch_one(&mut *tx).await.map_err(errors::map)?;
    let mut q = QueryBuilder::<Postgres>::new(sql::SELECT);
    push_filter(&mut q, filter, &scope);
    q.push(sql::ORDER).push_bind(i64::from(page.limit));
    q.push(" OFFSET ").push_bind(i64::try_from(page.offset).unwrap_or(i64::MAX));
    let found = q.build().fetch_all(&mut *tx).await.map_err(errors::map)?;
    tx.commit().await.map_err(errors::map)?;
    let items = found.iter().map(line).collect::<Result<Vec<_>, _>>()?;
    Ok(ReferralList { items, total: u64::try_from(total).unwrap_or(0) })
}

fn push_filter(q: &mut QueryBuilder<Postgres>, f: &ReferralFilter, scope: &SqlScope) {
    let side = match f.direction {
        Direction::Incoming => sql::INCOMING,
        Direction::Outgoing => sql::OUTGOING,
    };
    q.push(side).push_bind(f.organisation.0);
    if let Some(s) = f.state {
        q.push(" AND rf.state = ").push_bind(s.code());
    }
    if let Some(s) = f.service {
        q.push(" AND rf.service = ").push_bind(s.code());
    }
    push_scope(q, scope);
}

pub(super) fn line(r: &PgRow) -> Result<ReferralLine, DbError> {
    let number: String = get(r, "number")?;
    Ok(ReferralLine {
        case: CaseId(get(r, "case_id")?),
        case_number: CaseNumber::parse(&number).map_err(|e| rows::bad("number", e))?,
        referral: ReferralId(get(r, "id")?),
        version: get(r, "version")?,
        victim: get::<Option<uuid::Uuid>>(r, "victim_id")?.map(PersonId),
        from_org: OrgId(get(r, "from_org")?),
        to_org: OrgId(get(r, "to_org")?),
        service: rows::code(r, "service")?,
        state: rows::code(r, "state")?,
        automatic: get(r, "automatic")?,
        sent_on: get(r, "sent_on")?,
        responded_on: get(r, "responded_on")?,
        delivered_on: get(r, "delivered_on")?,
        closed_on: get(r, "closed_on")?,
    })
}
