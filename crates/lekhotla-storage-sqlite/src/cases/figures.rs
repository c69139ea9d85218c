//! The registry in figures (`lekhotla_storage::Figures`): grouped counts in one read transaction.

use lekhotla_storage::{DbError, Figures, FiguresFilter, Milestone, VictimRow, figures_sql as sql};
use sqlx::{QueryBuilder, Sqlite, SqlitePool};

use crate::errors;
use crate::rows::date_str;

fn push_districts(q: &mut QueryBuilder<Sqlite>, f: &FiguresFilter) {
    if let Some(ds) = &f.districts {
        q.push(" AND cases.district IN (");
        let mut list = q.separated(", ");
        list.push_bind("");
        for d in ds {
            list.push_bind(d.as_str().to_owned());
        }
        q.push(")");
    }
}

/// The figures of the filter's districts.
pub async fn figures(pool: &SqlitePool, f: &FiguresFilter) -> Result<Figures, DbError> {
    let mut out = Figures::default();
    let mut tx = pool.begin().await.map_err(errors::map)?;
    let mut q = QueryBuilder::<Sqlite>::new("SELECT cases.district, count(*) FROM cases WHERE 1 = 1");
    push_districts(&mut q, f);
    q.push(" GROUP BY cases.district");
    let rows: Vec<(String, i64)> = q.build_query_as().fetch_all(&mut *tx).await.map_err(errors::map)?;
    out.set_districts(rows)?;
    for m in Milestone::ALL {
        let (tables, on, more) = m.source();
        let mut q = QueryBuilder::<Sqlite>::new(format!(
            "SELECT substr({on}, 1, 7) AS month, count(DISTINCT cases.id) FROM {tables} WHERE {on} >= "
        ));
        q.push_bind(date_str(f.from)).push(format!(" AND {on} <= ")).push_bind(date_str(f.to)).push(more);
        push_districts(&mut q, f);
        q.push(" GROUP BY month");
        let rows: Vec<(String, i64)> = q.build_query_as().fetch_all(&mut *tx).await.map_err(errors::map)?;
        out.add_months(m, rows);
    }
    let mut q = QueryBuilder::<Sqlite>::new(sql::victims_select());
    push_districts(&mut q, f);
    q.push(sql::VICTIMS_GROUP);
    let rows: Vec<VictimRow> = q.build_query_as().fetch_all(&mut *tx).await.map_err(errors::map)?;
    out.set_victim_rows(rows);
    tx.commit().await.map_err(errors::map)?;
    Ok(out)
}
