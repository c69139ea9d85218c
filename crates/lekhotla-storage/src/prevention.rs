//! Prevention work as the stores keep it (migration 0018): awareness campaigns, each a row whose columns are
//! what lists and counts filter on (place, district, days, reach) and whose `details` hold the whole record
//! as JSON. The SQL is written here once; each store only binds its own types.

use async_trait::async_trait;
use lekhotla_audit::NewEntry;
use lekhotla_domain::{Campaign, CampaignId, CampaignInput, UnitCode};
use time::Date;

use crate::DbError;
use crate::statistics::{Dialect, sql::date_literal};

/// Prevention records: written with their audit entry in one transaction, changed under optimistic
/// concurrency (the version the caller read), listed newest first.
#[async_trait]
pub trait Prevention {
    /// Writes a new campaign.
    async fn record_campaign(&self, campaign: &Campaign, audit: NewEntry) -> Result<(), DbError>;
    /// Replaces the campaign of `campaign.version` (the version read) and returns it at the next version;
    /// [`DbError::Conflict`] when someone changed it since, [`DbError::NotFound`] when there is none.
    async fn update_campaign(&self, campaign: &Campaign, audit: NewEntry) -> Result<Campaign, DbError>;
    async fn get_campaign(&self, id: CampaignId) -> Result<Option<Campaign>, DbError>;
    /// Campaigns that started in the filter's days and places, newest first.
    async fn list_campaigns(&self, filter: &CampaignFilter) -> Result<Vec<Campaign>, DbError>;
    /// Writes every campaign or none (one transaction, one audit entry).
    async fn import_campaigns(&self, campaigns: &[Campaign], audit: NewEntry) -> Result<(), DbError>;
}

/// Which campaigns a list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignFilter {
    /// First and last day the campaign may have started on.
    pub from: Option<Date>,
    pub to: Option<Date>,
    /// The districts the reader works in (`None`: every campaign, those abroad included).
    pub districts: Option<Vec<UnitCode>>,
    pub limit: u32,
}

impl Default for CampaignFilter {
    fn default() -> Self {
        Self { from: None, to: None, districts: None, limit: 500 }
    }
}

/// A campaign as a row: the columns lists and counts read, and the whole record as JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignRow {
    pub id: uuid::Uuid,
    pub version: i64,
    pub organisation: uuid::Uuid,
    /// The district in Lesotho, else the country (what the figures group by).
    pub place: String,
    pub district: Option<String>,
    pub started_on: Date,
    pub ended_on: Option<Date>,
    pub reach: i64,
    pub details: String,
}

impl CampaignRow {
    pub fn of(c: &Campaign) -> Result<Self, DbError> {
        let d = &c.details;
        Ok(Self {
            id: c.id.0,
            version: c.version,
            organisation: d.organisation.0,
            place: d.place(),
            district: d.district.as_ref().map(ToString::to_string),
            started_on: d.started_on,
            ended_on: d.ended_on,
            reach: i64::from(d.reach),
            details: serde_json::to_string(d).map_err(DbError::other)?,
        })
    }
}

/// The campaign of a stored row's id, version and details.
pub fn campaign(id: uuid::Uuid, version: i64, details: &str) -> Result<Campaign, DbError> {
    let details: CampaignInput = serde_json::from_str(details).map_err(DbError::other)?;
    Ok(Campaign { id: CampaignId(id), version, details })
}

/// The conflict of a campaign changed since `expected`.
pub fn stale_campaign(expected: i64, actual: i64) -> DbError {
    DbError::Conflict(format!(
        "the campaign was changed by someone else (you had version {expected}, it is now at version {actual})"
    ))
}

/// The SQL, with each dialect's placeholders.
pub mod sql {
    use super::*;

    const COLUMNS: [&str; 9] =
        ["id", "version", "organisation", "place", "district", "started_on", "ended_on", "reach", "details"];

    /// The `n`th parameter (from 1): numbered on both, so that a statement may use them in any order.
    fn p(d: Dialect, n: usize) -> String {
        match d {
            Dialect::Sqlite => format!("?{n}"),
            Dialect::Postgres => format!("${n}"),
        }
    }

    /// Binds [`CampaignRow`]'s fields in the order of its declaration.
    pub fn insert(d: Dialect) -> String {
        let values: Vec<String> = (1..=COLUMNS.len()).map(|n| p(d, n)).collect();
        format!("INSERT INTO campaigns ({}) VALUES ({})", COLUMNS.join(", "), values.join(", "))
    }

    /// Binds the same as [`insert`] (the version is the one read).
    pub fn update(d: Dialect) -> String {
        let set: Vec<String> =
            COLUMNS.iter().enumerate().skip(2).map(|(i, c)| format!("{c} = {}", p(d, i + 1))).collect();
        format!(
            "UPDATE campaigns SET version = version + 1, {} WHERE id = {} AND version = {}",
            set.join(", "),
            p(d, 1),
            p(d, 2)
        )
    }

    /// Binds the id.
    pub fn version(d: Dialect) -> String {
        format!("SELECT version FROM campaigns WHERE id = {}", p(d, 1))
    }

    /// Binds the id.
    pub fn get(d: Dialect) -> String {
        format!("SELECT id, version, details FROM campaigns WHERE id = {}", p(d, 1))
    }

    /// Binds nothing: the days and district codes are typed values written as literals.
    pub fn list(d: Dialect, f: &CampaignFilter) -> String {
        let mut w = vec!["TRUE".to_owned()];
        if let Some(from) = f.from {
            w.push(format!("started_on >= {}", date_literal(d, from)));
        }
        if let Some(to) = f.to {
            w.push(format!("started_on <= {}", date_literal(d, to)));
        }
        if let Some(ds) = &f.districts {
            let list: Vec<String> = ds.iter().map(|u| format!("'{u}'")).collect();
            w.push(if list.is_empty() { "1 = 0".to_owned() } else { format!("district IN ({})", list.join(", ")) });
        }
        format!(
            "SELECT id, version, details FROM campaigns WHERE {} ORDER BY started_on DESC, id LIMIT {}",
            w.join(" AND "),
            f.limit.clamp(1, 5_000)
        )
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn the_placeholders_are_each_dialects() {
        assert!(sql::insert(Dialect::Sqlite).ends_with("VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"));
        assert!(sql::insert(Dialect::Postgres).ends_with("VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"));
        assert_eq!(
            sql::update(Dialect::Postgres),
            "UPDATE campaigns SET version = version + 1, organisation = $3, place = $4, district = $5, \
             started_on = $6, ended_on = $7, reach = $8, details = $9 WHERE id = $1 AND version = $2"
        );
    }

    #[test]
    fn a_list_filters_by_literal_days_and_districts() {
        let f = CampaignFilter {
            from: Some(date!(2025 - 04 - 01)),
            to: Some(date!(2026 - 03 - 31)),
            districts: Some(vec![UnitCode::parse("LS-C").unwrap()]),
            limit: 0,
        };
        assert_eq!(
            sql::list(Dialect::Postgres, &f),
            "SELECT id, version, details FROM campaigns WHERE TRUE AND started_on >= DATE '2025-04-01' AND \
             started_on <= DATE '2026-03-31' AND district IN ('LS-C') ORDER BY started_on DESC, id LIMIT 1"
        );
        let none = CampaignFilter { districts: Some(vec![]), ..CampaignFilter::default() };
        assert!(sql::list(Dialect::Sqlite, &none).contains("WHERE TRUE AND 1 = 0 ORDER"));
    }
}
