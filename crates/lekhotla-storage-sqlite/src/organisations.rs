//! Organisations as rows of a bulk import (`import`), with the clause that replaces a stored one; the rest of
//! their SQL is written once for both stores (`lekhotla_storage::stored_organisations`).

use lekhotla_domain::Organisation;

use crate::rows::{Cols, code, codes, country, id, int, opt_text, opt_unit, real, text};

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
