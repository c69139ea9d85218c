//! The cases changed since a frozen report, compared in this database's own way (the reports themselves are
//! kept by `lekhotla_storage::stored_frozen`).

use lekhotla_domain::{CaseNumber, UnitCode};
use lekhotla_storage::{ChangedCase, DbError};
use sqlx::{QueryBuilder, Sqlite, SqlitePool};
use time::OffsetDateTime;

use crate::errors;
use crate::errors::bad;

pub async fn changed_since(
    pool: &SqlitePool,
    districts: Option<&[UnitCode]>,
    since: OffsetDateTime,
    limit: u32,
) -> Result<(Vec<ChangedCase>, u64), DbError> {
    let since = crate::rows::instant("since", since)?;
    let push = |q: &mut QueryBuilder<Sqlite>| {
        q.push(" FROM cases WHERE julianday(updated_at) > julianday(").push_bind(since.clone()).push(")");
        if let Some(ds) = districts {
            q.push(" AND district IN ('-'");
            for d in ds {
                q.push(", ").push_bind(d.as_str().to_owned());
            }
            q.push(")");
        }
    };
    let mut q = QueryBuilder::<Sqlite>::new("SELECT count(*)");
    push(&mut q);
    let total: i64 = q.build_query_scalar().fetch_one(pool).await.map_err(errors::map)?;
    let mut q = QueryBuilder::<Sqlite>::new("SELECT number, julianday(created_at) > julianday(");
    q.push_bind(since.clone()).push(") AS added");
    push(&mut q);
    q.push(" ORDER BY number LIMIT ").push_bind(i64::from(limit));
    let rows: Vec<(String, bool)> = q.build_query_as().fetch_all(pool).await.map_err(errors::map)?;
    let mut out = Vec::new();
    for (number, added) in rows {
        let number = CaseNumber::parse(&number).map_err(|e| bad("number", e))?;
        out.push(ChangedCase { number, added });
    }
    Ok((out, u64::try_from(total).unwrap_or(0)))
}
