//! Organisations as rows of a bulk import (`import`), with the clause that replaces a stored one; the rest of
//! their SQL is written once for both stores (`lekhotla_storage::stored_organisations`).

use crate::row::Row;
use lekhotla_domain::Organisation;

use crate::rows::{j_code, j_codes, j_opt_str, j_opt_unit, j_uuid};

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
