//! The geography: loaded (or replaced) as a whole, read back in file order.

use lekhotla_audit::NewEntry;
use lekhotla_domain::{Geography, OrgUnit, UnitKind};
use lekhotla_storage::DbError;
use sqlx::PgPool;

use crate::row::{Field, Row};
use crate::rows::{self, j_opt_unit, j_pos, j_unit};
use crate::{bulk, errors};

/// Upserts every unit and removes the units that are no longer in the geography; a unit still used
/// by a case cannot be removed ([`DbError::Reference`]).
pub async fn load(pool: &PgPool, geography: &Geography, audit: NewEntry) -> Result<(), DbError> {
    let mut tx = pool.begin().await.map_err(errors::map)?;
    let units: Vec<Row> = geography
        .units()
        .iter()
        .enumerate()
        .map(|(i, u)| {
            crate::row!({
                "code": j_unit(&u.code),
                "name": &u.name,
                "kind": Field::Code(u.kind.code()),
                "parent_code": j_opt_unit(u.parent.as_ref()),
                "hub_code": j_opt_unit(u.hub.as_ref()),
                "population": u.population,
                "position": j_pos(i),
            })
        })
        .collect();
    bulk::write(
        &mut tx,
        "geography_units",
        units,
        "ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, \
         parent_code = EXCLUDED.parent_code, hub_code = EXCLUDED.hub_code, \
         population = EXCLUDED.population, position = EXCLUDED.position",
    )
    .await?;
    let codes: Vec<String> = geography.units().iter().map(|u| u.code.as_str().to_owned()).collect();
    sqlx::query("DELETE FROM geography_units WHERE NOT (code = ANY($1))")
        .bind(&codes)
        .execute(&mut *tx)
        .await
        .map_err(errors::map)?;
    crate::audit::append(&mut tx, audit).await?;
    tx.commit().await.map_err(errors::map)
}

/// The loaded geography, `None` when none was loaded.
pub async fn get(pool: &PgPool) -> Result<Option<Geography>, DbError> {
    let found = sqlx::query(
        "SELECT code, name, kind, parent_code, hub_code, population FROM geography_units ORDER BY position, code",
    )
    .fetch_all(pool)
    .await
    .map_err(errors::map)?;
    if found.is_empty() {
        return Ok(None);
    }
    let mut units = Vec::with_capacity(found.len());
    for r in &found {
        let kind: String = rows::get(r, "kind")?;
        units.push(OrgUnit {
            code: rows::unit(r, "code")?,
            name: rows::get(r, "name")?,
            kind: UnitKind::from_code(&kind).ok_or_else(|| {
                DbError::other(rows::BadValue { column: "kind", reason: format!("unknown unit kind {kind:?}") })
            })?,
            parent: rows::opt_unit(r, "parent_code")?,
            hub: rows::opt_unit(r, "hub_code")?,
            population: rows::opt_unsigned(r, "population")?,
        });
    }
    Geography::new(units).map(Some).map_err(DbError::other)
}
