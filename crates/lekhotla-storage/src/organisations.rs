//! What both stores share about organisations: no two with the same name (as [`OrganisationInput::name_key`]
//! compares names) in one district, or two national ones; the unique index that keeps it and the error
//! that says so.

use lekhotla_domain::OrganisationInput;

pub mod stored;

use crate::DbError;

/// The unique index on `(name_key, COALESCE(district, ''))` (migration 0010 of each store).
pub const ORG_NAME_INDEX: &str = "organisations_name_district";

/// `e`, or the clear conflict it stands for when it is a clash on [`ORG_NAME_INDEX`].
pub fn org_name_clash(e: DbError, org: &OrganisationInput) -> DbError {
    match e {
        DbError::Conflict(m) if m.contains(ORG_NAME_INDEX) => {
            let place = org.district.as_ref().map_or_else(|| "with no district".to_owned(), |d| format!("in {d}"));
            DbError::Conflict(format!("there is already an organisation named {:?} {place}", org.name.trim()))
        }
        other => other,
    }
}
