//! The geography as every [`SqlStore`] keeps it, written once: its units upserted in the order of the
//! geography and those no longer in it removed, in one transaction with its audit entry; read back in order.

use lekhotla_audit::NewEntry;
use lekhotla_domain::{Geography, OrgUnit, UnitKind};

use crate::DbError;
use crate::args;
use crate::sql_store::{Reads, SqlRow, SqlStore, Value, bad};

const UPSERT: &str = "INSERT INTO geography_units (code, name, kind, parent_code, hub_code, population, position) \
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (code) DO UPDATE SET name = excluded.name, \
     kind = excluded.kind, parent_code = excluded.parent_code, hub_code = excluded.hub_code, \
     population = excluded.population, position = excluded.position";

/// Upserts every unit (its position is its order in the geography) and removes the units no longer in it; a
/// unit still used by a case or an account cannot be removed ([`DbError::Reference`]), and nothing changes.
pub async fn load<S: SqlStore>(s: &S, geography: &Geography, audit: NewEntry) -> Result<(), DbError> {
    let units = geography.units();
    let mut tx = s.begin_write().await?;
    for (i, u) in units.iter().enumerate() {
        let population = u.population.map(|p| i64::try_from(p).map_err(|_| bad("population", "is too large")));
        let values = args![
            u.code.as_str(),
            u.name.as_str(),
            u.kind.code(),
            u.parent.as_ref().map(|p| p.as_str()),
            u.hub.as_ref().map(|h| h.as_str()),
            population.transpose()?,
            i64::try_from(i).map_err(DbError::other)?,
        ];
        s.execute_in(&mut tx, UPSERT, values).await?;
    }
    let kept: Vec<String> = (1..=units.len()).map(|n| format!("${n}")).collect();
    let remove = match kept.is_empty() {
        true => "DELETE FROM geography_units".to_owned(),
        false => format!("DELETE FROM geography_units WHERE code NOT IN ({})", kept.join(", ")),
    };
    let codes = units.iter().map(|u| Value::from(u.code.as_str())).collect();
    s.execute_in(&mut tx, &remove, codes).await.map_err(|e| match e {
        DbError::Reference { .. } => DbError::Reference {
            field: "geography".into(),
            reason: "a unit that cases refer to cannot be removed".into(),
        },
        other => other,
    })?;
    s.audit_in(&mut tx, audit).await?;
    s.commit(tx).await?;
    tracing::info!(units = units.len(), "geography loaded");
    Ok(())
}

/// The loaded geography, `None` when none was loaded.
pub async fn get<S: SqlStore>(s: &S) -> Result<Option<Geography>, DbError> {
    let sql = "SELECT code, name, kind, parent_code, hub_code, population FROM geography_units ORDER BY position, code";
    let found = s.fetch(Reads::Pool, sql, Vec::new()).await?;
    if found.is_empty() {
        return Ok(None);
    }
    let mut units = Vec::with_capacity(found.len());
    for r in &found {
        let kind = r.text("kind")?;
        units.push(OrgUnit {
            code: r.opt_unit("code")?.ok_or_else(|| bad("code", "is empty"))?,
            name: r.text("name")?,
            kind: UnitKind::from_code(&kind).ok_or_else(|| bad("kind", format!("unknown unit kind {kind:?}")))?,
            parent: r.opt_unit("parent_code")?,
            hub: r.opt_unit("hub_code")?,
            population: r.opt_unsigned("population")?,
        });
    }
    Geography::new(units).map(Some).map_err(DbError::other)
}
