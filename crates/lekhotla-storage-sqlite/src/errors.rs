//! How SQLite errors become [`DbError`]s: unique violations are conflicts, foreign-key violations
//! are bad references, a locked or missing database is unavailable, anything else is kept for the log.

use lekhotla_storage::DbError;
use sqlx::error::ErrorKind;

pub use lekhotla_storage::sql_store::bad;

/// Maps a driver error met while working on an open pool.
pub fn map(e: sqlx::Error) -> DbError {
    match &e {
        sqlx::Error::Database(db) => match db.kind() {
            ErrorKind::UniqueViolation => {
                // `UNIQUE constraint failed: cases.number`: SQLite names the column, not the value.
                let what = db.message().rsplit(": ").next().unwrap_or("a unique value").to_owned();
                DbError::Conflict(format!("{what} is already taken"))
            }
            ErrorKind::ForeignKeyViolation => {
                DbError::Reference { field: "case".into(), reason: "refers to a record that does not exist".into() }
            }
            _ => {
                // SQLITE_BUSY (5) and SQLITE_LOCKED (6), after the busy timeout.
                let code = db.code();
                let primary = code.as_deref().and_then(|c| c.parse::<i32>().ok()).map(|c| c & 0xff);
                if matches!(primary, Some(5 | 6)) {
                    DbError::Unavailable("the database is busy; try again".into())
                } else {
                    DbError::other(e)
                }
            }
        },
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
            DbError::Unavailable(format!("the SQLite database cannot be reached ({e})"))
        }
        _ => DbError::other(e),
    }
}

/// A domain refusal met while storing (an invalid draft): the first bad field, as a bad reference.
pub fn domain(e: lekhotla_domain::DomainError) -> DbError {
    match e {
        lekhotla_domain::DomainError::Invalid(fields) => match fields.into_iter().next() {
            Some(f) => DbError::Reference { field: f.field, reason: f.reason },
            None => DbError::Reference { field: "case".into(), reason: "is not valid".into() },
        },
        other => DbError::other(other),
    }
}
