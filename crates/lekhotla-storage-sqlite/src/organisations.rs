//! Organisations: created once, changed under optimistic concurrency, listed by name.

use lekhotla_audit::NewEntry;
use lekhotla_domain::{OrgId, Organisation, OrganisationInput};
use lekhotla_storage::DbError;
use sqlx::SqlitePool;
use sqlx::sqlite::SqliteRow;

use crate::rows::{Cols, Get, code, codes, country, id, int, opt_text, opt_unit, real, text};
use crate::{errors, id_text};

/// The organisation as a row, id first.
pub fn row(o: &Organisation) -> Cols {
    let d = &o.details;
    vec![
        ("id", id(o.id.0)),
        ("version", int(o.version)),
        ("name", text(d.name.clone())),
        ("org_type", code(d.org_type)),
        ("district", opt_unit(d.district.as_ref())),
        ("services", codes(&d.services)),
        ("phone", opt_text(d.phone.as_deref())),
        ("city", opt_text(d.city.as_deref())),
        ("country", country(d.country)),
        ("street", opt_text(d.street.as_deref())),
        ("postal_code", opt_text(d.postal_code.as_deref())),
        ("latitude", real(d.latitude)),
        ("longitude", real(d.longitude)),
        ("name_key", text(d.name_key())),
    ]
}

/// The clause that makes an insert replace the stored organisation of the same id.
pub const REPLACE: &str = "ON CONFLICT (id) DO UPDATE SET version = excluded.version, name = excluded.name, \
     org_type = excluded.org_type, district = excluded.district, services = excluded.services, \
     phone = excluded.phone, city = excluded.city, country = excluded.country, street = excluded.street, \
     postal_code = excluded.postal_code, latitude = excluded.latitude, longitude = excluded.longitude, \
     name_key = excluded.name_key";

fn from_row(r: &SqliteRow) -> Result<Organisation, DbError> {
    Ok(Organisation {
        id: OrgId(r.uuid("id")?),
        version: r.int("version")?,
        details: OrganisationInput {
            name: r.text("name")?,
            org_type: r.code("org_type")?,
            district: r.opt_unit("district")?,
            services: r.codes("services")?,
            phone: r.opt_text("phone")?,
            street: r.opt_text("street")?,
            city: r.opt_text("city")?,
            postal_code: r.opt_text("postal_code")?,
            latitude: r.opt_real("latitude")?,
            longitude: r.opt_real("longitude")?,
            country: r.country("country")?,
        },
    })
}

pub async fn create(pool: &SqlitePool, org: &Organisation, audit: NewEntry) -> Result<(), DbError> {
    let mut tx = crate::write_gate::begin(pool).await?;
    crate::rows::insert(&mut tx, "organisations", row(org)).await.map_err(|e| match e {
        DbError::Conflict(m) if !m.contains(lekhotla_storage::ORG_NAME_INDEX) => {
            DbError::Conflict(format!("organisation {} already exists", org.id))
        }
        other => lekhotla_storage::org_name_clash(other, &org.details),
    })?;
    crate::audit::append(&mut tx, audit).await?;
    tx.commit().await.map_err(errors::map)?;
    tracing::debug!(organisation = %org.id, "organisation created");
    Ok(())
}

pub async fn update(pool: &SqlitePool, org: &Organisation, audit: NewEntry) -> Result<Organisation, DbError> {
    let d = &org.details;
    let mut tx = crate::write_gate::begin(pool).await?;
    let done = sqlx::query(
        "UPDATE organisations SET version = version + 1, name = ?, org_type = ?, district = ?, services = ?, \
         phone = ?, city = ?, country = ?, street = ?, postal_code = ?, latitude = ?, longitude = ?, \
         name_key = ? WHERE id = ? AND version = ?",
    )
    .bind(&d.name)
    .bind(lekhotla_domain::Vocabulary::code(d.org_type))
    .bind(d.district.as_ref().map(|u| u.as_str()))
    .bind(lekhotla_domain::vocabulary::join_codes(&d.services))
    .bind(d.phone.as_deref())
    .bind(d.city.as_deref())
    .bind(d.country.as_str())
    .bind(d.street.as_deref())
    .bind(d.postal_code.as_deref())
    .bind(d.latitude)
    .bind(d.longitude)
    .bind(d.name_key())
    .bind(id_text(org.id.0))
    .bind(org.version)
    .execute(&mut *tx)
    .await
    .map_err(|e| lekhotla_storage::org_name_clash(errors::map(e), d))?;
    if done.rows_affected() == 0 {
        let stored: Option<i64> = sqlx::query_scalar("SELECT version FROM organisations WHERE id = ?")
            .bind(id_text(org.id.0))
            .fetch_optional(&mut *tx)
            .await
            .map_err(errors::map)?;
        return Err(match stored {
            Some(v) => DbError::Conflict(format!(
                "the organisation was changed by someone else (you had version {}, it is now at version {v})",
                org.version
            )),
            None => DbError::NotFound("organisation"),
        });
    }
    crate::audit::append(&mut tx, audit).await?;
    tx.commit().await.map_err(errors::map)?;
    Ok(Organisation { version: org.version + 1, ..org.clone() })
}

pub async fn get(pool: &SqlitePool, org: OrgId) -> Result<Option<Organisation>, DbError> {
    let found = sqlx::query("SELECT * FROM organisations WHERE id = ?")
        .bind(id_text(org.0))
        .fetch_optional(pool)
        .await
        .map_err(errors::map)?;
    found.as_ref().map(from_row).transpose()
}

pub async fn list(pool: &SqlitePool) -> Result<Vec<Organisation>, DbError> {
    let found =
        sqlx::query("SELECT * FROM organisations ORDER BY name, id").fetch_all(pool).await.map_err(errors::map)?;
    found.iter().map(from_row).collect()
}
