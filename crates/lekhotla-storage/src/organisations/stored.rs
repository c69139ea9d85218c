//! Organisations as every [`SqlStore`] keeps them, written once: created, changed under optimistic
//! concurrency, read one by one or all by name. (A bulk import writes its organisations with its store's own
//! rows.)

use lekhotla_audit::NewEntry;
use lekhotla_domain::vocabulary::join_codes;
use lekhotla_domain::{OrgId, Organisation, OrganisationInput, Vocabulary};

use super::{ORG_NAME_INDEX, org_name_clash};
use crate::DbError;
use crate::args;
use crate::sql_store::{Reads, SqlRow, SqlStore, Value};

const COLUMNS: &str =
    "id, version, name, org_type, district, services, phone, city, country, street, postal_code, latitude, longitude";

fn from_row(r: &impl SqlRow) -> Result<Organisation, DbError> {
    Ok(Organisation {
        id: OrgId(r.id("id")?),
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

/// The organisation's values in the order of [`COLUMNS`] and then its `name_key`: `$1` its id, `$2` its version.
fn values(org: &Organisation) -> Vec<Value> {
    let d = &org.details;
    args![
        org.id.0,
        org.version,
        d.name.as_str(),
        d.org_type.code(),
        d.district.as_ref().map(|u| u.as_str()),
        join_codes(&d.services),
        d.phone.as_deref(),
        d.city.as_deref(),
        d.country.as_str(),
        d.street.as_deref(),
        d.postal_code.as_deref(),
        d.latitude,
        d.longitude,
        d.name_key(),
    ]
}

/// Adds `org`; an id or a name (in its district) that is taken is a [`DbError::Conflict`] saying which.
pub async fn create<S: SqlStore>(s: &S, org: &Organisation, audit: NewEntry) -> Result<(), DbError> {
    let d = &org.details;
    let sql = format!(
        "INSERT INTO organisations ({COLUMNS}, name_key) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
    );
    let values = values(org);
    let mut tx = s.begin_write().await?;
    s.execute_in(&mut tx, &sql, values).await.map_err(|e| match e {
        DbError::Conflict(m) if !m.contains(ORG_NAME_INDEX) => {
            DbError::Conflict(format!("organisation {} already exists", org.id))
        }
        other => org_name_clash(other, d),
    })?;
    s.audit_in(&mut tx, audit).await?;
    s.commit(tx).await?;
    tracing::debug!(organisation = %org.id, "organisation created");
    Ok(())
}

/// Changes `org` from the version it carries; a newer stored version is a [`DbError::Conflict`].
pub async fn update<S: SqlStore>(s: &S, org: &Organisation, audit: NewEntry) -> Result<Organisation, DbError> {
    let d = &org.details;
    let sql = "UPDATE organisations SET version = version + 1, name = $3, org_type = $4, district = $5, \
               services = $6, phone = $7, city = $8, country = $9, street = $10, postal_code = $11, latitude = $12, \
               longitude = $13, name_key = $14 WHERE id = $1 AND version = $2";
    let values = values(org);
    let mut tx = s.begin_write().await?;
    if s.execute_in(&mut tx, sql, values).await.map_err(|e| org_name_clash(e, d))? == 0 {
        let stored = s.fetch_in(&mut tx, "SELECT version FROM organisations WHERE id = $1", args![org.id.0]).await?;
        return Err(match stored.first() {
            Some(r) => DbError::Conflict(format!(
                "the organisation was changed by someone else (you had version {}, it is now at version {})",
                org.version,
                r.int("version")?
            )),
            None => DbError::NotFound("organisation"),
        });
    }
    s.audit_in(&mut tx, audit).await?;
    s.commit(tx).await?;
    Ok(Organisation { version: org.version + 1, ..org.clone() })
}

pub async fn get<S: SqlStore>(s: &S, id: OrgId) -> Result<Option<Organisation>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM organisations WHERE id = $1");
    s.fetch_one(Reads::Pool, &sql, args![id.0]).await?.as_ref().map(from_row).transpose()
}

/// All organisations by name (in byte order on both databases), then id.
pub async fn list<S: SqlStore>(s: &S) -> Result<Vec<Organisation>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM organisations ORDER BY name{}, id", S::BYTE_ORDER);
    s.fetch(Reads::Pool, &sql, Vec::new()).await?.iter().map(from_row).collect()
}
