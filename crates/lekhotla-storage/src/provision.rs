//! Service providers' years as the stores keep them (migration 0020): one row per organisation and year with
//! the beds and the funding totals as columns and the whole record as JSON (`details`); and the shelter stays
//! read from the referrals (a `Shelter` referral's delivery to its closing) for occupancy and length of stay.
//! The SQL and the implementation for every [`SqlStore`](crate::sql_store::SqlStore) (`stored.rs`) are
//! written here once.

use async_trait::async_trait;
use lekhotla_audit::NewEntry;
use lekhotla_domain::{OrgId, ProviderYear, ProviderYearInput};
use time::Date;

use crate::DbError;
use crate::statistics::{Dialect, sql::date_literal};

mod stored;

/// A provider's year as a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearRow {
    pub organisation: uuid::Uuid,
    pub year: i32,
    /// The version written (a new record's is 1); an update replaces `version - 1`.
    pub version: i64,
    pub beds: Option<i64>,
    pub committed: i64,
    pub disbursed: i64,
    pub details: String,
}

impl YearRow {
    pub fn of(y: &ProviderYear) -> Result<Self, DbError> {
        let amount = |v: u64| i64::try_from(v).map_err(DbError::other);
        Ok(Self {
            organisation: y.organisation.0,
            year: y.year,
            version: y.version,
            beds: y.details.beds.map(i64::from),
            committed: amount(y.details.committed())?,
            disbursed: amount(y.details.disbursed())?,
            details: serde_json::to_string(&y.details).map_err(DbError::other)?,
        })
    }

    /// The record a stored row holds.
    pub fn record(organisation: uuid::Uuid, year: i32, version: i64, details: &str) -> Result<ProviderYear, DbError> {
        let details: ProviderYearInput = serde_json::from_str(details).map_err(DbError::other)?;
        Ok(ProviderYear { organisation: OrgId(organisation), year, version, details })
    }
}

/// One stay in a shelter: from the day its `Shelter` referral was delivered to the day it was closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StayRow {
    pub shelter: OrgId,
    pub from: Date,
    pub until: Option<Date>,
}

/// Providers' years and shelter stays. Callers use [`ProviderYears`].
#[async_trait]
pub trait Provision {
    /// Writes `row`: a new record when its version is 1 ([`DbError::Conflict`] when the year is kept already),
    /// else in place of version `row.version - 1` ([`DbError::Conflict`] when someone changed it since).
    async fn write_year(&self, row: &YearRow, audit: NewEntry) -> Result<(), DbError>;
    async fn read_year(&self, organisation: OrgId, year: i32) -> Result<Option<ProviderYear>, DbError>;
    /// Every provider's record of `year`.
    async fn list_years(&self, year: i32) -> Result<Vec<ProviderYear>, DbError>;
    /// The shelter stays that overlap `from..=to`, by shelter.
    async fn shelter_stays(&self, from: Date, to: Date) -> Result<Vec<StayRow>, DbError>;
}

/// Providers' years, typed: every store has them through [`Provision`].
#[async_trait]
pub trait ProviderYears: Provision + Sync {
    /// Writes a new year (its version is 1).
    async fn record_year(&self, year: &ProviderYear, audit: NewEntry) -> Result<(), DbError> {
        self.write_year(&YearRow::of(year)?, audit).await
    }

    /// Replaces the year of `year`'s version (the one read) and returns it at the next version.
    async fn update_year(&self, year: &ProviderYear, audit: NewEntry) -> Result<ProviderYear, DbError> {
        let mut next = year.clone();
        next.version = year.version + 1;
        self.write_year(&YearRow::of(&next)?, audit).await?;
        Ok(next)
    }
}

impl<S: Provision + Sync + ?Sized> ProviderYears for S {}

/// The conflict of a year changed since `expected`.
pub fn stale(expected: i64, actual: Option<i64>) -> DbError {
    match actual {
        Some(actual) if expected == 0 => DbError::Conflict(format!(
            "this year is recorded already (at version {actual}): open it and change it instead"
        )),
        Some(actual) => DbError::Conflict(format!(
            "the year was changed by someone else (you had version {expected}, it is now at version {actual})"
        )),
        None => DbError::NotFound("provider year"),
    }
}

/// The SQL: statements with `$N` parameters for both databases, the stays with each dialect's date literals.
pub mod sql {
    use super::*;

    /// Binds [`YearRow`]'s fields in the order of its declaration. Writes nothing when the year is kept
    /// already (the caller reads [`VERSION`] to say so).
    pub const INSERT: &str = "INSERT INTO provider_years (organisation, year, version, beds, committed, disbursed, \
         details) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (organisation, year) DO NOTHING";

    /// Binds the organisation and the year.
    pub const VERSION: &str = "SELECT version FROM provider_years WHERE organisation = $1 AND year = $2";

    /// Binds the same as [`INSERT`]: the row's version replaces the one before it.
    pub const UPDATE: &str = "UPDATE provider_years SET version = $3, beds = $4, committed = $5, disbursed = $6, \
         details = $7 WHERE organisation = $1 AND year = $2 AND version = $3 - 1";

    /// Binds the organisation and the year.
    pub const GET: &str =
        "SELECT organisation, year, version, details FROM provider_years WHERE organisation = $1 AND year = $2";

    /// Binds the year.
    pub const LIST: &str =
        "SELECT organisation, year, version, details FROM provider_years WHERE year = $1 ORDER BY organisation";

    /// Binds nothing: the days are literals. Stays delivered by the last day and not closed before the first.
    pub fn stays(d: Dialect, from: Date, to: Date) -> String {
        format!(
            "SELECT to_org, delivered_on, closed_on FROM referrals \
             WHERE service = 'Shelter' AND delivered_on IS NOT NULL AND delivered_on <= {} \
             AND (closed_on IS NULL OR closed_on >= {}) ORDER BY to_org, delivered_on",
            date_literal(d, to),
            date_literal(d, from)
        )
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn an_update_replaces_the_version_before_its_own() {
        assert!(sql::UPDATE.ends_with("WHERE organisation = $1 AND year = $2 AND version = $3 - 1"));
        assert!(sql::INSERT.contains("VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT"));
        assert!(
            sql::stays(Dialect::Postgres, date!(2025 - 01 - 01), date!(2025 - 12 - 31)).contains(
                "delivered_on <= DATE '2025-12-31' AND (closed_on IS NULL OR closed_on >= DATE '2025-01-01')"
            )
        );
    }
}
