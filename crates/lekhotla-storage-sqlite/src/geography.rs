//! The geography: loaded (or replaced) as a whole, read back in file order.

use lekhotla_audit::NewEntry;
use lekhotla_domain::{Geography, OrgUnit, UnitKind};
use lekhotla_storage::DbError;
use sqlx::SqlitePool;

use crate::errors::{self, bad};
use crate::rows::{Get, insert_with, marks, opt_uint, opt_unit, position, text, unit};

/// Upserts every unit (position = order in the geography) and removes the units no longer in it;
/// a unit still used by a case cannot be removed ([`DbError::Reference`]).
pub async fn load(pool: &SqlitePool, geography: &Geography, audit: NewEntry) -> Result<(), DbError> {
    let mut tx = crate::write_gate::begin(pool).await?;
    for (i, u) in geography.units().iter().enumerate() {
        let cols = vec![
            ("code", unit(&u.code)),
            ("name", text(u.name.clone())),
            ("kind", text(u.kind.code())),
            ("parent_code", opt_unit(u.parent.as_ref())),
            ("hub_code", opt_unit(u.hub.as_ref())),
            ("population", opt_uint("population", u.population)?),
            ("position", position(i)),
        ];
        insert_with(
            &mut tx,
            "geography_units",
            cols,
            "ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind, \
             parent_code = excluded.parent_code, hub_code = excluded.hub_code, \
             population = excluded.population, position = excluded.position",
        )
        .await?;
    }
    let codes: Vec<&str> = geography.units().iter().map(|u| u.code.as_str()).collect();
    let sql = format!("DELETE FROM geography_units WHERE code NOT IN ({})", marks(codes.len()));
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for c in &codes {
        q = q.bind(*c);
    }
    q.execute(&mut *tx).await.map_err(|e| match errors::map(e) {
        DbError::Reference { .. } => DbError::Reference {
            field: "geography".into(),
            reason: "a unit that cases refer to cannot be removed".into(),
        },
        other => other,
    })?;
    crate::audit::append(&mut tx, audit).await?;
    tx.commit().await.map_err(errors::map)?;
    tracing::info!(units = codes.len(), "geography loaded");
    Ok(())
}

/// The loaded geography, `None` when none was loaded.
pub async fn get(pool: &SqlitePool) -> Result<Option<Geography>, DbError> {
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
        let kind = r.text("kind")?;
        units.push(OrgUnit {
            code: r.unit("code")?,
            name: r.text("name")?,
            kind: UnitKind::from_code(&kind).ok_or_else(|| bad("kind", format!("unknown unit kind {kind:?}")))?,
            parent: r.opt_unit("parent_code")?,
            hub: r.opt_unit("hub_code")?,
            population: r.opt_num("population")?,
        });
    }
    Geography::new(units).map(Some).map_err(DbError::other)
}
