//! An organisation's referral inbox and outbox, within the reader's scope (the same rule as case lists).

use lekhotla_domain::{CaseId, CaseNumber, OrgId, PersonId, ReferralId, Vocabulary};
use lekhotla_storage::referral_sql as sql;
use lekhotla_storage::{DbError, Direction, Page, ReferralFilter, ReferralLine, ReferralList, Scope};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Sqlite, SqlitePool};

use super::list::push_scope;
use crate::errors::{self, bad};
use crate::id_text;
use crate::rows::Get;

/// A page of the referrals matching `filter`, newest sent first, and their total.
pub async fn list(pool: &SqlitePool, filter: &ReferralFilter, page: Page) -> Result<ReferralList, DbError> {
    let mut tx = pool.begin().await.map_err(errors::map)?;
    let (head, tail) = page.count_sql(if filter.scope == Scope::All { sql::COUNT_ALL } else { sql::COUNT });
    let mut q = QueryBuilder::<Sqlite>::new(head);
    push_filter(&mut q, filter);
    q.push(tail);
    let total: i64 = q.build_query_scalar().fetch_one(&mut *tx).await.map_err(errors::map)?;
    let mut q = QueryBuilder::<Sqlite>::new(sql::SELECT);
    push_filter(&mut q, filter);
    q.push(sql::ORDER).push_bind(i64::from(page.limit));
    q.push(" OFFSET ").push_bind(i64::try_from(page.offset).unwrap_or(i64::MAX));
    let found = q.build().fetch_all(&mut *tx).await.map_err(errors::map)?;
    tx.commit().await.map_err(errors::map)?;
    let items = found.iter().map(line).collect::<Result<Vec<_>, _>>()?;
    Ok(ReferralList { items, total: u64::try_from(total).unwrap_or(0) })
}

fn push_filter(q: &mut QueryBuilder<Sqlite>, f: &ReferralFilter) {
    let side = match f.direction {
        Direction::Incoming => sql::INCOMING,
        Direction::Outgoing => sql::OUTGOING,
    };
    q.push(side).push_bind(id_text(f.organisation.0));
    if let Some(s) = f.state {
        q.push(" AND rf.state = ").push_bind(s.code());
    }
    if let Some(s) = f.service {
        q.push(" AND rf.service = ").push_bind(s.code());
    }
    push_scope(q, &f.scope);
}

pub(super) fn line(r: &SqliteRow) -> Result<ReferralLine, DbError> {
    let number = r.text("number")?;
    Ok(ReferralLine {
        case: CaseId(r.uuid("case_id")?),
        case_number: CaseNumber::parse(&number).map_err(|e| bad("number", e))?,
        referral: ReferralId(r.uuid("id")?),
        version: r.int("version")?,
        victim: r.opt_uuid("victim_id")?.map(PersonId),
        from_org: OrgId(r.uuid("from_org")?),
        to_org: OrgId(r.uuid("to_org")?),
        service: r.code("service")?,
        state: r.code("state")?,
        automatic: r.boolean("automatic")?,
        sent_on: r.date("sent_on")?,
        responded_on: r.opt_date("responded_on")?,
        delivered_on: r.opt_date("delivered_on")?,
        closed_on: r.opt_date("closed_on")?,
    })
}
