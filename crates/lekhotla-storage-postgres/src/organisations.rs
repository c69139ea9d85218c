//! Organisations: created, changed under optimistic concurrency, read one by one or all by name.

use crate::row::Row;
use lekhotla_audit::NewEntry;
use lekhotla_domain::{OrgId, Organisation, OrganisationInput};
use lekhotla_storage::DbError;
use sqlx::PgPool;
use sqlx::postgres::PgRow;

use crate::errors;
use crate::rows::{self, j_code, j_codes, j_opt_str, j_opt_unit, j_uuid};

const COLUMNS: &str =
    "id, version, name, org_type, district, services, phone, city, country, street, postal_code, latitude, longitude";

/// An organisation as a row for [`crate::bulk`].
pub fn row(org: &Organisation) -> Row {
    let d = &org.details;
    crate::row!({
        "id": j_uuid(org.id.0),
        "version": org.version,
        "name": &d.name,
        "org_type": j_code(d.org_type),
        "district": j_opt_unit(d.district.as_ref()),
        "services": j_codes(&d.services),
        "phone": j_opt_str(d.phone.as_deref()),
        "city": j_opt_str(d.city.as_deref()),
        "country": d.country.as_str(),
        "street": j_opt_str(d.street.as_deref()),
        "postal_code": j_opt_str(d.postal_code.as_deref()),
        "latitude": d.latitude,
        "longitude": d.longitude,
        "name_key": d.name_key(),
    })
}

/// The `ON CONFLICT` clause that makes an organisation insert replace the stored one.
pub const REPLACE: &str = "ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, name = EXCLUDED.name, \
     org_type = EXCLUDED.org_type, district = EXCLUDED.district, services = EXCLUDED.services, \
     phone = EXCLUDED.phone, city = EXCLUDED.city, country = EXCLUDED.country, street = EXCLUDED.street, \
     postal_code = EXCLUDED.postal_code, latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude, \
     name_key = EXCLUDED.name_key";

fn from_row(r: &PgRow) -> Result<Organisation, DbError> {
    Ok(Organisation {
        id: OrgId(rows::get(r, "id")?),
        version: rows::get(r, "version")?,
        details: OrganisationInput {
            name: rows::get(r, "name")?,
            org_type: rows::code(r, "org_type")?,
            district: rows::opt_unit(r, "district")?,
            services: rows::codes(r, "services")?,
            phone: rows::get(r, "phone")?,
            street: rows::get(r, "street")?,
            city: rows::get(r, "city")?,
            postal_code: rows::get(r, "postal_code")?,
            latitude: rows::get(r, "latitude")?,
            longitude: rows::get(r, "longitude")?,
            country: rows::country(r, "country")?,
        },
    })
}

pub async fn create(pool: &PgPool, org: &Organisation, audit: NewEntry) -> Result<(), DbError> {
    let mut tx = pool.begin().await.map_err(errors::map)?;
    crate::bulk::insert(&mut tx, "organisations", vec![row(org)])
        .await
        .map_err(|e| lekhotla_storage::org_name_clash(e, &org.details))?;
    crate::audit::append(&mut tx, audit).await?;
    tx.commit().await.map_err(errors::map)
}

pub async fn update(pool: &PgPool, org: &Organisation, audit: NewEntry) -> Result<Organisation, DbError> {
    let d = &org.details;
    let mut tx = pool.begin().await.map_err(errors::map)?;
    let done = sqlx::query(
        "UPDATE organisations SET version = version + 1, name = $3, org_type = $4, district = $5, \
         services = $6, phone = $7, city = $8, country = $9, street = $10, postal_code = $11, latitude = $12, \
         longitude = $13, name_key = $14 WHERE id = $1 AND version = $2",
    )
    .bind(org.id.0)
    .bind(org.version)
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
    .execute(&mut *tx)
    .await
    .map_err(|e| lekhotla_storage::org_name_clash(errors::map(e), d))?;
    if done.rows_affected() == 0 {
        let stored: Option<i64> = sqlx::query_scalar("SELECT version FROM organisations WHERE id = $1")
            .bind(org.id.0)
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

pub async fn get(pool: &PgPool, id: OrgId) -> Result<Option<Organisation>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM organisations WHERE id = $1");
    let found = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id.0).fetch_optional(pool).await.map_err(errors::map)?;
    found.as_ref().map(from_row).transpose()
}

/// All organisations by name (byte order, as SQLite sorts), then id.
pub async fn list(pool: &PgPool) -> Result<Vec<Organisation>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM organisations ORDER BY name COLLATE \"C\", id");
    let found = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(pool).await.map_err(errors::map)?;
    found.iter().map(from_row).collect()
}
