//! What the prevention imports (`campaigns import`, `trainings import`) share: reading a CSV file's header row
//! against the columns it may have, a row's cells by column name, and the cells every registry has
//! (organisation by name or id, country, district, days, whole numbers), each refused with its reason.

use std::collections::HashMap;

use csv::StringRecord;
use lekhotla_domain::{CountryCode, DomainError, Geography, OrgId, Organisation, UnitCode};
use time::Date;
use time::macros::format_description;

/// A file's rows after its header row was checked: `columns` are those it may have, `needed` those it must.
pub struct Sheet {
    headers: StringRecord,
    /// Each row with its number (from 1, the header row not counted), or the row's problem.
    pub rows: Vec<(usize, Result<StringRecord, String>)>,
}

impl Sheet {
    pub fn read(text: &str, columns: &[&str], needed: &[&str]) -> Result<Self, Vec<String>> {
        let mut reader =
            csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let headers = reader.headers().map_err(|e| vec![format!("the header row: {e}")])?.clone();
        let mut problems = Vec::new();
        for h in headers.iter() {
            if !columns.contains(&h) {
                problems.push(format!("the header row: unknown column {h:?} (columns: {})", columns.join(", ")));
            }
        }
        for n in needed {
            if !headers.iter().any(|h| h == *n) {
                problems.push(format!("the header row: the column {n:?} is missing"));
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let rows = reader.records().enumerate().map(|(i, r)| (i + 1, r.map_err(|e| e.to_string()))).collect();
        Ok(Self { headers, rows })
    }

    /// The cell of `column` in `record` (empty when the file has no such column).
    pub fn get<'r>(&self, record: &'r StringRecord, column: &str) -> &'r str {
        self.headers.iter().position(|h| h == column).and_then(|p| record.get(p)).unwrap_or("")
    }
}

/// Every problem found in a file, each as `row N (line L), field: reason`.
#[derive(Debug, Default)]
pub struct Problems(pub Vec<String>);

impl Problems {
    pub fn add(&mut self, row: usize, field: &str, reason: impl std::fmt::Display) {
        self.0.push(format!("row {row} (line {}), {field}: {reason}", row + 1));
    }

    /// The value, or nothing with its problem noted.
    pub fn ok<T>(&mut self, row: usize, field: &str, r: Result<T, String>) -> Option<T> {
        r.map_err(|e| self.add(row, field, e)).ok()
    }

    /// The value the domain made of a row, or nothing with each field it refused noted (or the row, for a
    /// refusal of another kind).
    pub fn checked<T>(&mut self, row: usize, r: Result<T, DomainError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(DomainError::Invalid(fields)) => {
                for f in fields {
                    self.add(row, &f.field, f.reason);
                }
                None
            }
            Err(e) => {
                self.add(row, "row", e);
                None
            }
        }
    }

    /// A row the CSV reader could not read.
    pub fn unreadable(&mut self, row: usize, reason: &str) {
        self.0.push(format!("row {row}: {reason}"));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A value that must be there.
pub fn needed<T>(r: Result<Option<T>, String>) -> Result<T, String> {
    r.and_then(|v| v.ok_or_else(|| "is needed".to_owned()))
}

/// Organisations found by their name, or by their id.
pub struct Orgs<'a> {
    orgs: &'a [Organisation],
    by_name: HashMap<&'a str, Vec<OrgId>>,
}

impl<'a> Orgs<'a> {
    pub fn new(orgs: &'a [Organisation]) -> Self {
        let by_name = orgs.iter().fold(HashMap::<&str, Vec<OrgId>>::new(), |mut m, o| {
            m.entry(o.details.name.as_str()).or_default().push(o.id);
            m
        });
        Self { orgs, by_name }
    }

    pub fn find(&self, given: &str) -> Result<OrgId, String> {
        if let Ok(id) = given.parse::<OrgId>() {
            return if self.orgs.iter().any(|o| o.id == id) {
                Ok(id)
            } else {
                Err(format!("no organisation has the id {id}"))
            };
        }
        match self.by_name.get(given).map(Vec::as_slice) {
            Some([id]) => Ok(*id),
            Some(_) => Err(format!("several organisations are named {given:?}: give the id")),
            None => Err(format!("no organisation is named {given:?} (see `lekhotla org list`)")),
        }
    }
}

/// A country code, `LS` when blank.
pub fn country(text: &str) -> Result<CountryCode, String> {
    if text.is_empty() {
        return CountryCode::parse("LS").map_err(|e| e.to_string());
    }
    CountryCode::parse(&text.to_uppercase()).map_err(|e| e.to_string())
}

/// A district of the geography, none when blank.
pub fn district(geo: &Geography, text: &str) -> Result<Option<UnitCode>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    match UnitCode::parse(&text.to_uppercase()) {
        Ok(u) if geo.is_district(&u) => Ok(Some(u)),
        _ => Err(format!("{text} is not a district")),
    }
}

/// A port of entry of the geography, by its code (`POE-MASERU-BRIDGE`) or its name (`Maseru Bridge`), none
/// when blank.
pub fn port(geo: &Geography, text: &str) -> Result<Option<UnitCode>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    geo.ports_of_entry()
        .find(|p| p.code.as_str().eq_ignore_ascii_case(text) || p.name.eq_ignore_ascii_case(text))
        .map(|p| Some(p.code.clone()))
        .ok_or_else(|| format!("{text} is not a port of entry (its code, e.g. POE-MASERU-BRIDGE, or its name)"))
}

/// The items of a list cell (`a|b` or `a;b`), each parsed, or its problem noted.
pub fn list<T: std::str::FromStr>(p: &mut Problems, row: usize, field: &str, cell: &str) -> Vec<T>
where
    T::Err: std::fmt::Display,
{
    cell.split(['|', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .filter_map(|s| p.ok(row, field, s.parse::<T>().map_err(|e| format!("{s:?}: {e}"))))
        .collect()
}

/// A day written `YYYY-MM-DD`, none when blank.
pub fn day(text: &str) -> Result<Option<Date>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    Date::parse(text, format_description!("[year]-[month]-[day]"))
        .map(Some)
        .map_err(|_| format!("{text:?} is not a day written YYYY-MM-DD"))
}

/// A whole number (spaces and thousands' commas allowed), none when blank.
pub fn whole(text: &str) -> Result<Option<u64>, String> {
    let digits: String = text.chars().filter(|c| !matches!(c, ' ' | ',')).collect();
    if digits.is_empty() {
        return Ok(None);
    }
    digits.parse::<u64>().map(Some).map_err(|_| format!("{text:?} is not a whole number"))
}

/// A yes or no (`yes`, `no`, `true`, `false`, `1`, `0`, `e`, `che`; blank is no).
pub fn yes(text: &str) -> Result<bool, String> {
    match text.to_lowercase().as_str() {
        "" | "no" | "false" | "0" | "che" => Ok(false),
        "yes" | "true" | "1" | "e" => Ok(true),
        _ => Err(format!("{text:?} is not yes or no")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_read_or_refused_with_their_reason() {
        assert_eq!(whole("1,200"), Ok(Some(1_200)));
        assert_eq!(whole(""), Ok(None));
        assert!(whole("many").unwrap_err().contains("not a whole number"));
        assert!(day("2025-13-01").unwrap_err().contains("YYYY-MM-DD"));
        assert_eq!(yes("Yes"), Ok(true));
        assert!(yes("perhaps").is_err());
        assert_eq!(country("").unwrap().as_str(), "LS");
    }
}

/// The records of a TIP year (1 April to 31 March, by its first calendar year), or of every year.
pub fn tip_year(year: Option<i32>) -> anyhow::Result<lekhotla_storage::PreventionFilter> {
    use anyhow::Context;
    let mut filter = lekhotla_storage::PreventionFilter { limit: 5_000, ..Default::default() };
    if let Some(y) = year {
        filter.from = Some(Date::from_calendar_date(y, time::Month::April, 1).context("--year")?);
        filter.to = Some(Date::from_calendar_date(y + 1, time::Month::March, 31).context("--year")?);
    }
    Ok(filter)
}

/// What the sheets' tests read: Lesotho's geography and an organisation of a name.
#[cfg(test)]
pub mod fixtures {
    use lekhotla_domain::{CountryCode, Geography, OrgType, Organisation, OrganisationInput};

    pub fn geography() -> Geography {
        Geography::from_csv(include_str!("../../../../data/geography/LS.csv")).unwrap()
    }

    pub fn organisation(name: &str, org_type: OrgType) -> Organisation {
        let input = OrganisationInput {
            name: name.into(),
            org_type,
            district: None,
            services: vec![],
            phone: None,
            street: None,
            city: None,
            postal_code: None,
            latitude: None,
            longitude: None,
            country: CountryCode::parse("LS").unwrap(),
        };
        Organisation::new(input).unwrap()
    }
}
