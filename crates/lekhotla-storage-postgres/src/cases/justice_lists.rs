//! Justice lists: investigations and prosecutions in a scope, and the hearings of a period (the same
//! scope rule as case lists; no sealed note is read).

use lekhotla_domain::{CaseId, CaseNumber, HearingId, OrgId};
use lekhotla_storage::justice_sql as sql;
use lekhotla_storage::{
    DbError, HearingFilter, HearingLine, JusticeFilter, JusticeLine, JusticeList, Page, ProsecutionLine,
};
use sqlx::postgres::PgRow;
use sqlx::{PgPool, Postgres, QueryBuilder};

use super::list::{SqlScope, push_scope, resolve};
use super::read::READ_SNAPSHOT;
use crate::errors;
use crate::rows::{self, get};

/// The case number as this database orders it (byte by byte).
const NUMBER: &str = "cases.number COLLATE \"C\"";

/// A page of the investigations matching `filter`, newest opened first, and their total.
pub async fn list(pool: &PgPool, filter: &JusticeFilter, page: Page) -> Result<JusticeList, DbError> {
    let mut tx = pool.begin_with(READ_SNAPSHOT).await.map_err(errors::map)?;
    let scope = resolve(&mut tx, &filter.scope).await?;
    let (head, tail) = page.count_sql(sql::count(filter));
    let mut q = QueryBuilder::<Postgres>::new(head);
    push_filter(&mut q, filter, &scope);
    q.push(tail);
    let total: i64 = q.build_query_scalar().fetch_one(&mut *tx).await.map_err(errors::map)?;
    let mut q = QueryBuilder::<Postgres>::new(sql::SELECT);
    q.push(sql::from(filter));
    push_filter(&mut q, filter, &scope);
    q.push(sql::order(filter, NUMBER)).push_bind(i64::from(page.limit));
    q.push(" OFFSET ").push_bind(i64::try_from(page.offset).unwrap_or(i64::MAX));
    q.push(sql::page_end(filter, NUMBER));
    let found = q.build().fetch_all(&mut *tx).await.map_err(errors::map)?;
    tx.commit().await.map_err(errors::map)?;
    let items = found.iter().map(line).collect::<Result<Vec<_>, _>>()?;
    Ok(JusticeList { items, total: u64::try_from(total).unwrap_or(0) })
}

/// The filter's conditions (after a `WHERE`).
fn push_filter(q: &mut QueryBuilder<Postgres>, f: &JusticeFilter, scope: &SqlScope) {
    if f.before_court {
        q.push(sql::BEFORE_COURT);
    }
    push_scope(q, scope);
}

fn line(r: &PgRow) -> Result<JusticeLine, DbError> {
    let number: String = get(r, "number")?;
    let prosecution = match get::<Option<uuid::Uuid>>(r, "prosecution_id")? {
        None => None,
        Some(_) => Some(ProsecutionLine {
            prosecutor: get(r, "prosecutor")?,
            referred_on: get(r, "referred_on")?,
            dpp_decision: rows::opt_code(r, "dpp_decision")?,
            dpp_decision_on: get(r, "dpp_decision_on")?,
            summons_issued_on: get(r, "summons_issued_on")?,
            court: get(r, "court")?,
            court_case_number: get(r, "court_case_number")?,
            withdrawn_on: get(r, "withdrawn_on")?,
            accused: rows::unsigned(r, "accused")?,
            verdicts: rows::unsigned(r, "verdicts")?,
            last_verdict_on: get(r, "last_verdict_on")?,
            last_hearing_on: get(r, "last_hearing_on")?,
        }),
    };
    Ok(JusticeLine {
        case: CaseId(get(r, "case_id")?),
        case_number: CaseNumber::parse(&number).map_err(|e| rows::bad("number", e))?,
        unit: rows::code(r, "unit")?,
        organisation: OrgId(get(r, "inv_org")?),
        investigator: get(r, "investigator")?,
        opened_on: get(r, "opened_on")?,
        docket_number: get(r, "docket_number")?,
        docket_held: get(r, "docket_held")?,
        docket_moved_on: get(r, "docket_moved_on")?,
        closed_on: get(r, "investigation_closed_on")?,
        prosecution,
    })
}

/// The hearings of the period, by day.
pub async fn hearings(pool: &PgPool, f: &HearingFilter) -> Result<Vec<HearingLine>, DbError> {
    let mut conn = pool.acquire().await.map_err(errors::map)?;
    let scope = resolve(&mut conn, &f.scope).await?;
    let mut q = QueryBuilder::<Postgres>::new(sql::HEARINGS);
    q.push_bind(f.from).push(" AND h.on_date <= ").push_bind(f.to);
    push_scope(&mut q, &scope);
    q.push(sql::HEARINGS_ORDER).push_bind(i64::from(HearingFilter::MAX));
    let found = q.build().fetch_all(&mut *conn).await.map_err(errors::map)?;
    found
        .iter()
        .map(|r| {
            let number: String = get(r, "number")?;
            Ok(HearingLine {
                hearing: HearingId(get(r, "id")?),
                case: CaseId(get(r, "case_id")?),
                case_number: CaseNumber::parse(&number).map_err(|e| rows::bad("number", e))?,
                on: get(r, "on_date")?,
                kind: rows::code(r, "kind")?,
                victim_testified: get(r, "victim_testified")?,
                court: get(r, "court")?,
                court_case_number: get(r, "court_case_number")?,
            })
        })
        .collect()
}
