//! Prevention work as the stores keep it: one table per registry (awareness campaigns, migration 0018;
//! trainings and joint inspections, 0019; screenings at ports of entry, 0025), each row holding the columns
//! lists and counts filter on (place, district, days, people, and a registry's further counts such as the
//! people a screening referred) and the whole record as JSON (`details`), with the groups a record counts (a
//! training's participants) and the cases it opened (an inspection's or a screening's, by number) in tables
//! beside it. The SQL is written here once for every registry, and so is the implementation for every
//! [`SqlStore`](crate::sql_store::SqlStore) (`stored.rs`); [`PreventionRecords`] turns the rows into the
//! domain's records.

mod stored;

use async_trait::async_trait;
use lekhotla_audit::NewEntry;
use lekhotla_domain::{
    Campaign, CampaignId, CampaignInput, Inspection, InspectionId, InspectionInput, Screening, ScreeningId, Training,
    TrainingId, TrainingInput, UnitCode, Vocabulary,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use time::Date;

use crate::DbError;
use crate::statistics::{Dialect, sql::date_literal};

/// A registry of prevention work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Register {
    Campaigns,
    Trainings,
    Inspections,
    Screenings,
}

impl Register {
    pub fn table(self) -> &'static str {
        match self {
            Register::Campaigns => "campaigns",
            Register::Trainings => "trainings",
            Register::Inspections => "inspections",
            Register::Screenings => "screenings",
        }
    }

    /// One record, as messages name it.
    pub fn noun(self) -> &'static str {
        match self {
            Register::Campaigns => "campaign",
            Register::Trainings => "training",
            Register::Inspections => "inspection",
            Register::Screenings => "screening",
        }
    }

    /// The column of the people it counts (reached, trained, foreign workers checked, travellers screened).
    fn people(self) -> &'static str {
        match self {
            Register::Campaigns => "reach",
            Register::Trainings => "people",
            Register::Inspections => "foreign_workers",
            Register::Screenings => "travellers",
        }
    }

    /// Its further counts' columns, after `details` ([`RegisterRow::more`] in this order).
    fn more(self) -> &'static [&'static str] {
        match self {
            Register::Screenings => &["referred"],
            Register::Campaigns | Register::Trainings | Register::Inspections => &[],
        }
    }

    /// The table of the groups a record counts, with the column naming the record.
    fn parts(self) -> Option<(&'static str, &'static str)> {
        match self {
            Register::Trainings => Some(("training_participants", "training_id")),
            Register::Campaigns | Register::Inspections | Register::Screenings => None,
        }
    }

    /// The table of the cases a record opened (by case number), with the column naming the record.
    fn cases(self) -> Option<(&'static str, &'static str)> {
        match self {
            Register::Inspections => Some(("inspection_cases", "inspection_id")),
            Register::Screenings => Some(("screening_cases", "screening_id")),
            Register::Campaigns | Register::Trainings => None,
        }
    }
}

/// Prevention records as rows: written with their audit entry in one transaction, changed under optimistic
/// concurrency (the version the caller read), listed newest first. Callers use [`PreventionRecords`].
#[async_trait]
pub trait Prevention {
    /// Writes new records, all or none (one transaction, one audit entry).
    async fn write_registered(&self, rows: &[RegisterRow], audit: NewEntry) -> Result<(), DbError>;
    /// Replaces the record of `row.version` (the version read) with the next version;
    /// [`DbError::Conflict`] when someone changed it since, [`DbError::NotFound`] when there is none.
    async fn rewrite_registered(&self, row: &RegisterRow, audit: NewEntry) -> Result<(), DbError>;
    async fn read_registered(&self, register: Register, id: uuid::Uuid) -> Result<Option<StoredRow>, DbError>;
    /// Records that started in the filter's days and places, newest first.
    async fn list_registered(&self, register: Register, filter: &PreventionFilter) -> Result<Vec<StoredRow>, DbError>;
}

/// A record of one registry, as its rows hold it.
pub trait Registered: Sized + Clone + Send + Sync + 'static {
    const REGISTER: Register;
    fn row(&self) -> Result<RegisterRow, DbError>;
    fn stored(row: StoredRow) -> Result<Self, DbError>;
    fn version(&self) -> i64;
    fn set_version(&mut self, version: i64);
}

/// The registries' records, typed: every store has them through [`Prevention`].
#[async_trait]
pub trait PreventionRecords: Prevention + Sync {
    /// Writes a new record.
    async fn record_prevention<T: Registered>(&self, item: &T, audit: NewEntry) -> Result<(), DbError> {
        self.write_registered(&[item.row()?], audit).await
    }

    /// Writes every record or none (one transaction, one audit entry).
    async fn import_prevention<T: Registered>(&self, items: &[T], audit: NewEntry) -> Result<(), DbError> {
        let rows = items.iter().map(Registered::row).collect::<Result<Vec<_>, _>>()?;
        self.write_registered(&rows, audit).await
    }

    /// Replaces the record of `item`'s version (the one read) and returns it at the next version.
    async fn update_prevention<T: Registered>(&self, item: &T, audit: NewEntry) -> Result<T, DbError> {
        self.rewrite_registered(&item.row()?, audit).await?;
        let mut saved = item.clone();
        saved.set_version(item.version() + 1);
        Ok(saved)
    }

    async fn get_prevention<T: Registered>(&self, id: uuid::Uuid) -> Result<Option<T>, DbError> {
        self.read_registered(T::REGISTER, id).await?.map(T::stored).transpose()
    }

    /// Records that started in the filter's days and places, newest first.
    async fn list_prevention<T: Registered>(&self, filter: &PreventionFilter) -> Result<Vec<T>, DbError> {
        self.list_registered(T::REGISTER, filter).await?.into_iter().map(T::stored).collect()
    }
}

impl<S: Prevention + Sync + ?Sized> PreventionRecords for S {}

/// Which records a list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreventionFilter {
    /// First and last day the record may have started on.
    pub from: Option<Date>,
    pub to: Option<Date>,
    /// The districts the reader works in (`None`: every record, those abroad included).
    pub districts: Option<Vec<UnitCode>>,
    pub limit: u32,
}

impl Default for PreventionFilter {
    fn default() -> Self {
        Self { from: None, to: None, districts: None, limit: 500 }
    }
}

/// A record as a row: the columns lists and counts read, the whole record as JSON, and the groups it counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterRow {
    pub register: Register,
    pub id: uuid::Uuid,
    pub version: i64,
    pub organisation: uuid::Uuid,
    /// The district in Lesotho, else the country (what the figures group by).
    pub place: String,
    pub district: Option<String>,
    pub started_on: Date,
    pub ended_on: Option<Date>,
    /// The people reached or trained.
    pub people: i64,
    pub details: String,
    /// The registry's further counts, in the order of its columns (a screening's people referred).
    pub more: Vec<i64>,
    pub parts: Vec<PartRow>,
    /// The numbers of the cases it opened.
    pub cases: Vec<String>,
}

/// A group of people a record counts (a training's participants of one organisation, role, sex, district).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartRow {
    pub organisation: Option<uuid::Uuid>,
    pub role: String,
    pub sex: String,
    pub district: Option<String>,
    pub people: i64,
    pub certified: i64,
}

/// A stored record as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRow {
    pub id: uuid::Uuid,
    pub version: i64,
    pub details: String,
}

fn json<T: Serialize>(details: &T) -> Result<String, DbError> {
    serde_json::to_string(details).map_err(DbError::other)
}

fn parse<T: DeserializeOwned>(row: &StoredRow) -> Result<T, DbError> {
    serde_json::from_str(&row.details).map_err(DbError::other)
}

impl Registered for Campaign {
    const REGISTER: Register = Register::Campaigns;

    fn row(&self) -> Result<RegisterRow, DbError> {
        let d = &self.details;
        Ok(RegisterRow {
            register: Self::REGISTER,
            id: self.id.0,
            version: self.version,
            organisation: d.organisation.0,
            place: d.place(),
            district: d.district.as_ref().map(ToString::to_string),
            started_on: d.started_on,
            ended_on: d.ended_on,
            people: i64::from(d.reach),
            details: json(d)?,
            more: Vec::new(),
            parts: Vec::new(),
            cases: Vec::new(),
        })
    }

    fn stored(row: StoredRow) -> Result<Self, DbError> {
        let details: CampaignInput = parse(&row)?;
        Ok(Campaign { id: CampaignId(row.id), version: row.version, details })
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn set_version(&mut self, version: i64) {
        self.version = version;
    }
}

impl Registered for Training {
    const REGISTER: Register = Register::Trainings;

    fn row(&self) -> Result<RegisterRow, DbError> {
        let d = &self.details;
        let parts = d
            .participants
            .iter()
            .map(|g| PartRow {
                organisation: g.organisation.map(|o| o.0),
                role: g.role.code().to_owned(),
                sex: g.sex.code().to_owned(),
                district: g.district.as_ref().map(ToString::to_string),
                people: i64::from(g.people),
                certified: i64::from(g.certified),
            })
            .collect();
        Ok(RegisterRow {
            register: Self::REGISTER,
            id: self.id.0,
            version: self.version,
            organisation: d.organisation.0,
            place: d.place(),
            district: d.district.as_ref().map(ToString::to_string),
            started_on: d.started_on,
            ended_on: d.ended_on,
            people: i64::try_from(d.people()).unwrap_or(i64::MAX),
            details: json(d)?,
            more: Vec::new(),
            parts,
            cases: Vec::new(),
        })
    }

    fn stored(row: StoredRow) -> Result<Self, DbError> {
        let details: TrainingInput = parse(&row)?;
        Ok(Training { id: TrainingId(row.id), version: row.version, details })
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn set_version(&mut self, version: i64) {
        self.version = version;
    }
}

impl Registered for Inspection {
    const REGISTER: Register = Register::Inspections;

    fn row(&self) -> Result<RegisterRow, DbError> {
        let d = &self.details;
        Ok(RegisterRow {
            register: Self::REGISTER,
            id: self.id.0,
            version: self.version,
            organisation: d.organisation.0,
            place: d.place(),
            district: Some(d.district.to_string()),
            started_on: d.inspected_on,
            ended_on: None,
            people: i64::from(d.foreign_workers),
            details: json(d)?,
            more: Vec::new(),
            parts: Vec::new(),
            cases: d.cases.iter().map(ToString::to_string).collect(),
        })
    }

    fn stored(row: StoredRow) -> Result<Self, DbError> {
        let details: InspectionInput = parse(&row)?;
        Ok(Inspection { id: InspectionId(row.id), version: row.version, details })
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn set_version(&mut self, version: i64) {
        self.version = version;
    }
}

impl Registered for Screening {
    const REGISTER: Register = Register::Screenings;

    fn row(&self) -> Result<RegisterRow, DbError> {
        let d = &self.details;
        Ok(RegisterRow {
            register: Self::REGISTER,
            id: self.id.0,
            version: self.version,
            organisation: d.organisation.0,
            place: self.place(),
            district: self.district.as_ref().map(ToString::to_string),
            started_on: d.started_on,
            ended_on: d.ended_on,
            people: i64::from(d.travellers),
            // The whole record, the port's district with it (its id and version are read from the columns).
            details: json(self)?,
            more: vec![i64::from(d.referred)],
            parts: Vec::new(),
            cases: d.cases.iter().map(ToString::to_string).collect(),
        })
    }

    fn stored(row: StoredRow) -> Result<Self, DbError> {
        let stored: Screening = parse(&row)?;
        Ok(Screening { id: ScreeningId(row.id), version: row.version, ..stored })
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn set_version(&mut self, version: i64) {
        self.version = version;
    }
}

/// The conflict of a record changed since `expected`.
pub fn stale(register: Register, expected: i64, actual: i64) -> DbError {
    DbError::Conflict(format!(
        "the {} was changed by someone else (you had version {expected}, it is now at version {actual})",
        register.noun()
    ))
}

/// The SQL, with each dialect's placeholders.
pub mod sql {
    use super::*;

    /// The `n`th parameter (from 1): numbered on both, so that a statement may use them in any order.
    fn p(d: Dialect, n: usize) -> String {
        match d {
            Dialect::Sqlite => format!("?{n}"),
            Dialect::Postgres => format!("${n}"),
        }
    }

    /// The columns in [`RegisterRow`]'s order.
    fn columns(r: Register) -> Vec<&'static str> {
        let mut all =
            vec!["id", "version", "organisation", "place", "district", "started_on", "ended_on", r.people(), "details"];
        all.extend(r.more());
        all
    }

    /// Binds [`RegisterRow`]'s fields in the order of its declaration (from `id` to `details`, then each of
    /// `more`).
    pub fn insert(d: Dialect, r: Register) -> String {
        let values: Vec<String> = (1..=columns(r).len()).map(|n| p(d, n)).collect();
        format!("INSERT INTO {} ({}) VALUES ({})", r.table(), columns(r).join(", "), values.join(", "))
    }

    /// Binds the same as [`insert`] (the version is the one read).
    pub fn update(d: Dialect, r: Register) -> String {
        let set: Vec<String> =
            columns(r).iter().enumerate().skip(2).map(|(i, c)| format!("{c} = {}", p(d, i + 1))).collect();
        format!(
            "UPDATE {} SET version = version + 1, {} WHERE id = {} AND version = {}",
            r.table(),
            set.join(", "),
            p(d, 1),
            p(d, 2)
        )
    }

    /// Binds the id.
    pub fn version(d: Dialect, r: Register) -> String {
        format!("SELECT version FROM {} WHERE id = {}", r.table(), p(d, 1))
    }

    /// Binds the id.
    pub fn get(d: Dialect, r: Register) -> String {
        format!("SELECT id, version, details FROM {} WHERE id = {}", r.table(), p(d, 1))
    }

    /// Binds the record's id, then [`PartRow`]'s fields after the group's position; none for a registry
    /// without groups.
    pub fn insert_part(d: Dialect, r: Register) -> Option<String> {
        let (table, owner) = r.parts()?;
        let values: Vec<String> = (1..=8).map(|n| p(d, n)).collect();
        Some(format!(
            "INSERT INTO {table} ({owner}, position, organisation, role, sex, district, people, certified) \
             VALUES ({})",
            values.join(", ")
        ))
    }

    /// Binds the record's id, then a case number; none for a registry that opens no case.
    pub fn insert_case(d: Dialect, r: Register) -> Option<String> {
        let (table, owner) = r.cases()?;
        Some(format!("INSERT INTO {table} ({owner}, case_number) VALUES ({}, {})", p(d, 1), p(d, 2)))
    }

    /// Binds the record's id: its cases go, to be written again.
    pub fn delete_cases(d: Dialect, r: Register) -> Option<String> {
        let (table, owner) = r.cases()?;
        Some(format!("DELETE FROM {table} WHERE {owner} = {}", p(d, 1)))
    }

    /// Binds the record's id: its groups go, to be written again.
    pub fn delete_parts(d: Dialect, r: Register) -> Option<String> {
        let (table, owner) = r.parts()?;
        Some(format!("DELETE FROM {table} WHERE {owner} = {}", p(d, 1)))
    }

    /// Binds nothing: the days and district codes are typed values written as literals.
    pub fn list(d: Dialect, r: Register, f: &PreventionFilter) -> String {
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
            "SELECT id, version, details FROM {} WHERE {} ORDER BY started_on DESC, id LIMIT {}",
            r.table(),
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
        assert!(
            sql::insert(Dialect::Sqlite, Register::Campaigns).ends_with("VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
        );
        assert!(
            sql::insert(Dialect::Postgres, Register::Trainings)
                .ends_with("ended_on, people, details) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
        );
        assert_eq!(
            sql::update(Dialect::Postgres, Register::Campaigns),
            "UPDATE campaigns SET version = version + 1, organisation = $3, place = $4, district = $5, \
             started_on = $6, ended_on = $7, reach = $8, details = $9 WHERE id = $1 AND version = $2"
        );
        assert_eq!(sql::insert_part(Dialect::Sqlite, Register::Campaigns), None);
        assert_eq!(
            sql::update(Dialect::Sqlite, Register::Screenings),
            "UPDATE screenings SET version = version + 1, organisation = ?3, place = ?4, district = ?5, \
             started_on = ?6, ended_on = ?7, travellers = ?8, details = ?9, referred = ?10 WHERE id = ?1 AND version = ?2"
        );
        assert_eq!(
            sql::insert_case(Dialect::Postgres, Register::Screenings).as_deref(),
            Some("INSERT INTO screening_cases (screening_id, case_number) VALUES ($1, $2)")
        );
        assert_eq!(
            sql::delete_parts(Dialect::Postgres, Register::Trainings).as_deref(),
            Some("DELETE FROM training_participants WHERE training_id = $1")
        );
    }

    #[test]
    fn a_list_filters_by_literal_days_and_districts() {
        let f = PreventionFilter {
            from: Some(date!(2025 - 04 - 01)),
            to: Some(date!(2026 - 03 - 31)),
            districts: Some(vec![UnitCode::parse("LS-C").unwrap()]),
            limit: 0,
        };
        assert_eq!(
            sql::list(Dialect::Postgres, Register::Campaigns, &f),
            "SELECT id, version, details FROM campaigns WHERE TRUE AND started_on >= DATE '2025-04-01' AND \
             started_on <= DATE '2026-03-31' AND district IN ('LS-C') ORDER BY started_on DESC, id LIMIT 1"
        );
        let none = PreventionFilter { districts: Some(vec![]), ..PreventionFilter::default() };
        assert!(
            sql::list(Dialect::Sqlite, Register::Trainings, &none)
                .contains("FROM trainings WHERE TRUE AND 1 = 0 ORDER")
        );
    }
}
