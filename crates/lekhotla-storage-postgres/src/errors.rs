//! How PostgreSQL errors become [`DbError`]s: unique violations and serialization failures are
//! conflicts, foreign-key violations name the field their constraint guards, an unreachable server
//! is unavailable, anything else is kept for the log.

use lekhotla_storage::DbError;
use sqlx::postgres::PgDatabaseError;

/// Maps a driver error met while working on an open pool.
pub fn map(e: sqlx::Error) -> DbError {
    match &e {
        sqlx::Error::Database(db) => {
            let Some(pg) = db.try_downcast_ref::<PgDatabaseError>() else {
                return DbError::other(e);
            };
            match pg.code() {
                // unique_violation
                "23505" => DbError::Conflict(unique_message(pg)),
                // foreign_key_violation
                "23503" => foreign_key(pg),
                // serialization_failure, deadlock_detected
                "40001" | "40P01" => {
                    DbError::Conflict("the record was changed at the same time by someone else; try again".into())
                }
                _ => DbError::other(e),
            }
        }
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) | sqlx::Error::Tls(_) => {
            DbError::Unavailable(format!("the PostgreSQL server does not answer ({e})"))
        }
        _ => DbError::other(e),
    }
}

/// `Key (number)=(LS-2025-000001) already exists.` → `LS-2025-000001 is already taken`.
fn unique_message(pg: &PgDatabaseError) -> String {
    if pg.constraint() == Some(lekhotla_storage::ORG_NAME_INDEX) {
        return format!(
            "an organisation's name is already taken in its district ({})",
            lekhotla_storage::ORG_NAME_INDEX
        );
    }
    let value = pg.detail().and_then(|d| {
        let start = d.find(")=(")? + 3;
        let end = d.rfind(") already exists")?;
        (start <= end).then(|| d[start..end].to_owned())
    });
    match value {
        Some(v) => format!("{v} is already taken"),
        None => format!("a unique value is already taken ({})", pg.constraint().unwrap_or("unique constraint")),
    }
}

/// `cases_organisation_fk` → field `organisation`.
fn foreign_key(pg: &PgDatabaseError) -> DbError {
    let constraint = pg.constraint().unwrap_or("");
    let field = field_of(constraint, pg.table());
    let still_referenced = pg.detail().is_some_and(|d| d.contains("is still referenced"));
    let reason = if still_referenced {
        format!("is still used by records of {}", pg.table().unwrap_or("another table"))
    } else {
        "does not exist".to_owned()
    };
    DbError::Reference { field, reason }
}

/// The field a foreign-key constraint named `<table>_<field>_fk` guards.
pub fn field_of(constraint: &str, table: Option<&str>) -> String {
    let mut name = constraint.strip_suffix("_fk").unwrap_or(constraint);
    // On a delete the error is reported on the referencing table's constraint too, so the table
    // prefix is the constraint's own; try the reported table first, then any known prefix.
    if let Some(rest) = table.and_then(|t| name.strip_prefix(t)).and_then(|r| r.strip_prefix('_')) {
        name = rest;
    } else if let Some(rest) = KNOWN_TABLES.iter().find_map(|t| name.strip_prefix(t)?.strip_prefix('_')) {
        name = rest;
    }
    name.to_owned()
}

const KNOWN_TABLES: &[&str] = &[
    "compensation_orders",
    "docket_transfers",
    "support_plans",
    "investigations",
    "organisations",
    "prosecutions",
    "case_links",
    "referrals",
    "witnesses",
    "sentences",
    "consents",
    "suspects",
    "comments",
    "hearings",
    "verdicts",
    "victims",
    "persons",
    "charges",
    "events",
    "cases",
];

#[cfg(test)]
mod tests {
    use super::field_of;

    #[test]
    fn fields_come_from_constraint_names() {
        assert_eq!(field_of("cases_organisation_fk", Some("cases")), "organisation");
        assert_eq!(field_of("cases_district_fk", Some("geography_units")), "district");
        assert_eq!(field_of("case_links_other_case_fk", None), "other_case");
        assert_eq!(field_of("weird", None), "weird");
    }
}
