//! The registry in figures (`lekhotla_storage::Figures`): grouped counts in one read snapshot.

use lekhotla_storage::{DbError, Figures, FiguresFilter, Milestone, VictimRow, figures_sql as sql};
use sqlx::{PgPool, Postgres, QueryBuilder};

use super::read::READ_SNAPSHOT;
use crate::errors;

fn push_districts(q: &mut QueryBuilder<Postgres>, f: &FiguresFilter) {
    if let Some(ds) = &f.districts {
        let codes: Vec<String> = ds.iter().map(|d| d.as_str().to_owned()).collect();
        q.push(" AND cases.district = ANY(").push_bind(codes).push(")");
    }
}

/// The figures of the filter's districts.
pub async fn figures(pool: &PgPool, f: &FiguresFilter) -> Result<Figures, DbError> {
    let mut out = Figures::default();
    let mut tx = pool.begin_with(READ_SNAPSHOT).await.map_err(errors::map)?;
    let mut q = QueryBuilder::<Postgres>::new("SELECT cases.district, count(*) FROM cases WHERE TRUE");
    push_districts(&mut q, f);
    q.push(" GROUP BY cases.district");
    let rows: Vec<(String, i64)> = q.build_query_as().fetch_all(&mut *tx).await.map_err(errors::map)?;
    out.set_districts(rows)?;
    for m in Milestone::ALL {
        let (tables, on, more) = m.source();
        let mut q = QueryBuilder::<Postgres>::new(format!(
            "SELECT to_char({on}, 'YYYY-MM') AS month, count(DISTINCT cases.id) FROM {tables} WHERE {on} >= "
        ));
        q.push_bind(f.from).push(format!(" AND {on} <= ")).push_bind(f.to).push(more);
        push_districts(&mut q, f);
        q.push(" GROUP BY month");
        let rows: Vec<(String, i64)> = q.build_query_as().fetch_all(&mut *tx).await.map_err(errors::map)?;
        out.add_months(m, rows);
    }
    let mut q = QueryBuilder::<Postgres>::new(sql::victims_select());
    push_districts(&mut q, f);
    q.push(sql::VICTIMS_GROUP);
    let rows: Vec<VictimRow> = q.build_query_as().fetch_all(&mut *tx).await.map_err(errors::map)?;
    out.set_victim_rows(rows);
    tx.commit().await.map_err(errors::map)?;
    Ok(out)
}
