//! Justice lists: investigations and prosecutions in a scope, and the hearings of a period (the same
//! scope rule as case lists; no sealed note is read).

use lekhotla_domain::{CaseId, CaseNumber, HearingId, OrgId};
use lekhotla_storage::justice_sql as sql;
use lekhotla_storage::{
    DbError, HearingFilter, HearingLine, JusticeFilter, JusticeLine, JusticeList, Page, ProsecutionLine,
};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Sqlite, SqlitePool};

use super::list::push_scope;
use crate::errors::{self, bad};
use crate::rows::{Get, date_str};

/// The case number as this database orders it (byte by byte).
const NUMBER: &str = "cases.number";

/// A page of the investigations matching `filter`, newest opened first, and their total.
pub async fn list(pool: &SqlitePool, filter: &JusticeFilter, page: Page) -> Result<JusticeList, DbError> {
    let mut tx = pool.begin().await.map_err(errors::map)?;
    let (head, tail) = page.count_sql(sql::count(filter));
    let mut q = QueryBuilder::<Sqlite>::new(head);
    push_filter(&mut q, filter);
    q.push(tail);
    let total: i64 = q.build_query_scalar().fetch_one(&mut *tx).await.map_err(errors::map)?;
    let mut q = QueryBuilder::<Sqlite>::new(sql::SELECT);
    q.push(sql::from(filter));
    push_filter(&mut q, filter);
    q.push(sql::order(filter, NUMBER)).push_bind(i64::from(page.limit));
    q.push(" OFFSET ").push_bind(i64::try_from(page.offset).unwrap_or(i64::MAX));
    q.push(sql::page_end(filter, NUMBER));
    let found = q.build().fetch_all(&mut *tx).await.map_err(errors::map)?;
    tx.commit().await.map_err(errors::map)?;
    let items = found.iter().map(line).collect::<Result<Vec<_>, _>>()?;
    Ok(JusticeList { items, total: u64::try_from(total).unwrap_or(0) })
}

/// The filter's conditions (after a `WHERE`).
fn push_filter(q: &mut QueryBuilder<Sqlite>, f: &JusticeFilter) {
    if f.before_court {
        q.push(sql::BEFORE_COURT);
    }
    push_scope(q, &f.scope);
}

fn line(r: &SqliteRow) -> Result<JusticeLine, DbError> {
    let number = r.text("number")?;
    let prosecution = match r.opt_text("prosecution_id")? {
        None => None,
        Some(_) => Some(ProsecutionLine {
            prosecutor: r.text("prosecutor")?,
            referred_on: r.date("referred_on")?,
            dpp_decision: r.opt_text("dpp_decision")?.map(|c| code(&c, "dpp_decision")).transpose()?,
            dpp_decision_on: r.opt_date("dpp_decision_on")?,
            summons_issued_on: r.opt_date("summons_issued_on")?,
            court: r.opt_text("court")?,
            court_case_number: r.opt_text("court_case_number")?,
            withdrawn_on: r.opt_date("withdrawn_on")?,
            accused: r.num("accused")?,
            verdicts: r.num("verdicts")?,
            last_verdict_on: r.opt_date("last_verdict_on")?,
            last_hearing_on: r.opt_date("last_hearing_on")?,
        }),
    };
    Ok(JusticeLine {
        case: CaseId(r.uuid("case_id")?),
        case_number: CaseNumber::parse(&number).map_err(|e| bad("number", e))?,
        unit: code(&r.text("unit")?, "unit")?,
        organisation: OrgId(r.uuid("inv_org")?),
        investigator: r.text("investigator")?,
        opened_on: r.date("opened_on")?,
        docket_number: r.opt_text("docket_number")?,
        docket_held: r.boolean("docket_held")?,
        docket_moved_on: r.opt_date("docket_moved_on")?,
        closed_on: r.opt_date("investigation_closed_on")?,
        prosecution,
    })
}

fn code<V: lekhotla_domain::Vocabulary>(text: &str, column: &'static str) -> Result<V, DbError> {
    V::from_code(text).ok_or_else(|| bad(column, format!("unknown code {text:?}")))
}

/// The hearings of the period, by day.
pub async fn hearings(pool: &SqlitePool, f: &HearingFilter) -> Result<Vec<HearingLine>, DbError> {
    let mut q = QueryBuilder::<Sqlite>::new(sql::HEARINGS);
    q.push_bind(date_str(f.from)).push(" AND h.on_date <= ").push_bind(date_str(f.to));
    push_scope(&mut q, &f.scope);
    q.push(sql::HEARINGS_ORDER).push_bind(i64::from(HearingFilter::MAX));
    let found = q.build().fetch_all(pool).await.map_err(errors::map)?;
    found
        .iter()
        .map(|r| {
            let number = r.text("number")?;
            Ok(HearingLine {
                hearing: HearingId(r.uuid("id")?),
                case: CaseId(r.uuid("case_id")?),
                case_number: CaseNumber::parse(&number).map_err(|e| bad("number", e))?,
                on: r.date("on_date")?,
                kind: code(&r.text("kind")?, "kind")?,
                victim_testified: r.boolean("victim_testified")?,
                court: r.opt_text("court")?,
                court_case_number: r.opt_text("court_case_number")?,
            })
        })
        .collect()
}
