//! Geography as data: the country, its districts, the hub offices that serve them, and ports of entry.
//!
//! Nothing here names Lesotho: a country's units are loaded from a CSV file at `init`
//! (Lesotho's ships with the binary), so another country can load its own.
//!
//! File layout, one unit a row: `code,name,kind,parent,hub,population`
//! - `kind` is `country`, `district` or `port_of_entry`;
//! - `parent` is the unit it lies in (empty for the country);
//! - `hub` (districts only) is the unit whose office serves it: itself for a hub, another district,
//!   or the country's code for the national office;
//! - `population` is optional, used to weight generated demo data.

pub(crate) mod iso3166;

use serde::{Deserialize, Serialize};

/// An ISO 3166-1 alpha-2 country code (`LS`, `ZA`; `NA` is Namibia).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountryCode([u8; 2]);

/// A string that is not an assigned ISO 3166-1 alpha-2 code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a country is an ISO 3166-1 alpha-2 code: two capital letters assigned to a country (e.g. LS, ZA)")]
pub struct CountryCodeError;

impl CountryCode {
    pub fn parse(s: &str) -> Result<Self, CountryCodeError> {
        match s.as_bytes() {
            [a, b] if a.is_ascii_uppercase() && b.is_ascii_uppercase() && iso3166::is_assigned(s) => Ok(Self([*a, *b])),
            _ => Err(CountryCodeError),
        }
    }
    pub fn as_str(&self) -> &str {
        // Both bytes are ASCII capitals by construction.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl std::fmt::Display for CountryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for CountryCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for CountryCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for CountryCode {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .enum_values(Some(iso3166::ASSIGNED))
            .description(Some("ISO 3166-1 alpha-2 country code, officially assigned"))
            .into()
    }
}
#[cfg(feature = "openapi")]
impl utoipa::ToSchema for CountryCode {}

/// The code of a geographic unit (`LS`, `LS-A`, `POE-MASERU-BRIDGE`): 2 to 40 of `A-Z 0-9 -`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(value_type = String, example = "LS-A", pattern = "^[A-Z0-9-]{2,40}$")
)]
pub struct UnitCode(String);

/// A string that is not a unit code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a unit code is 2 to 40 capital letters, digits or '-' (e.g. LS-A)")]
pub struct UnitCodeError;

impl UnitCode {
    pub fn parse(s: &str) -> Result<Self, UnitCodeError> {
        let s = s.trim();
        let ok =
            (2..=40).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-');
        if ok { Ok(Self(s.to_owned())) } else { Err(UnitCodeError) }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for UnitCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for UnitCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// What a unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum UnitKind {
    Country,
    District,
    PortOfEntry,
}

impl UnitKind {
    pub fn code(self) -> &'static str {
        match self {
            Self::Country => "country",
            Self::District => "district",
            Self::PortOfEntry => "port_of_entry",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        [Self::Country, Self::District, Self::PortOfEntry].into_iter().find(|k| k.code() == s)
    }
}

/// One geographic unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrgUnit {
    pub code: UnitCode,
    pub name: String,
    pub kind: UnitKind,
    pub parent: Option<UnitCode>,
    /// Districts: the unit whose office serves this one (itself, another district, or the country).
    pub hub: Option<UnitCode>,
    pub population: Option<u64>,
}

/// A country's units, checked for consistency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Geography {
    units: Vec<OrgUnit>,
}

/// A problem in a geography file, with its line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {field}: {reason}")]
pub struct GeographyError {
    pub line: u64,
    pub field: String,
    pub reason: String,
}

impl Geography {
    /// Checks a set of units: exactly one country, unique codes, parents and hubs that exist.
    pub fn new(units: Vec<OrgUnit>) -> Result<Self, GeographyError> {
        let err = |field: &str, reason: String| GeographyError { line: 0, field: field.into(), reason };
        let countries = units.iter().filter(|u| u.kind == UnitKind::Country).count();
        if countries != 1 {
            return Err(err("kind", format!("exactly one country unit is needed, found {countries}")));
        }
        let mut seen = std::collections::HashSet::new();
        for u in &units {
            if !seen.insert(u.code.clone()) {
                return Err(err("code", format!("{} appears twice", u.code)));
            }
        }
        for u in &units {
            for (field, code) in [("parent", &u.parent), ("hub", &u.hub)] {
                if let Some(c) = code
                    && !seen.contains(c)
                {
                    return Err(err(field, format!("{} of {} is not a unit", c, u.code)));
                }
            }
        }
        Ok(Self { units })
    }

    /// Reads the CSV layout described in the module documentation.
    pub fn from_csv(text: &str) -> Result<Self, GeographyError> {
        let mut rdr = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
        let mut units = Vec::new();
        for (i, rec) in rdr.records().enumerate() {
            let line = i as u64 + 2;
            let rec = rec.map_err(|e| GeographyError { line, field: "row".into(), reason: e.to_string() })?;
            let get = |n: usize| rec.get(n).unwrap_or("").to_owned();
            let bad = |field: &str, reason: String| GeographyError { line, field: field.into(), reason };
            let code = UnitCode::parse(&get(0)).map_err(|e| bad("code", e.to_string()))?;
            let name = get(1);
            if name.is_empty() {
                return Err(bad("name", "must not be empty".into()));
            }
            let kind = UnitKind::from_code(&get(2))
                .ok_or_else(|| bad("kind", "must be country, district or port_of_entry".into()))?;
            let opt_code = |n: usize, field: &str| -> Result<Option<UnitCode>, GeographyError> {
                let v = get(n);
                if v.is_empty() {
                    Ok(None)
                } else {
                    UnitCode::parse(&v).map(Some).map_err(|e| bad(field, e.to_string()))
                }
            };
            let parent = opt_code(3, "parent")?;
            let hub = opt_code(4, "hub")?;
            let population = match get(5) {
                p if p.is_empty() => None,
                p => Some(p.parse().map_err(|_| bad("population", format!("{p:?} is not a whole number")))?),
            };
            units.push(OrgUnit { code, name, kind, parent, hub, population });
        }
        Self::new(units)
    }

    pub fn units(&self) -> &[OrgUnit] {
        &self.units
    }

    pub fn country(&self) -> &OrgUnit {
        // `new` guarantees exactly one.
        self.units.iter().find(|u| u.kind == UnitKind::Country).unwrap_or(&self.units[0])
    }

    /// The country's ISO code, taken from the country unit's code.
    pub fn country_code(&self) -> CountryCode {
        CountryCode::parse(self.country().code.as_str()).unwrap_or(CountryCode(*b"XX"))
    }

    pub fn get(&self, code: &str) -> Option<&OrgUnit> {
        self.units.iter().find(|u| u.code.as_str() == code)
    }

    pub fn districts(&self) -> impl Iterator<Item = &OrgUnit> {
        self.units.iter().filter(|u| u.kind == UnitKind::District)
    }

    pub fn ports_of_entry(&self) -> impl Iterator<Item = &OrgUnit> {
        self.units.iter().filter(|u| u.kind == UnitKind::PortOfEntry)
    }

    pub fn is_district(&self, code: &UnitCode) -> bool {
        self.get(code.as_str()).is_some_and(|u| u.kind == UnitKind::District)
    }

    /// The districts a hub office serves (a hub serves itself; the country's code yields the districts of the national office).
    pub fn served_by(&self, hub: &UnitCode) -> Vec<&OrgUnit> {
        self.districts().filter(|d| d.hub.as_ref() == Some(hub)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "code,name,kind,parent,hub,population
LS,Lesotho,country,,,
LS-A,Maseru,district,LS,LS,519186
LS-B,Botha-Bothe,district,LS,LS-B,118242
LS-J,Mokhotlong,district,LS,LS-B,100442
POE-MASERU-BRIDGE,Maseru Bridge,port_of_entry,LS-A,,
";

    #[test]
    fn loads_units_hubs_and_ports() {
        let g = Geography::from_csv(SAMPLE).unwrap();
        assert_eq!(g.country_code().as_str(), "LS");
        assert_eq!(g.districts().count(), 3);
        let served: Vec<_> = g.served_by(&UnitCode::parse("LS-B").unwrap()).iter().map(|u| u.name.as_str()).collect();
        assert_eq!(served, ["Botha-Bothe", "Mokhotlong"]);
        assert_eq!(g.ports_of_entry().next().unwrap().parent.as_ref().unwrap().as_str(), "LS-A");
    }

    #[test]
    fn reports_the_line_of_a_bad_row() {
        let bad = SAMPLE.replace("LS-J,Mokhotlong,district,LS,LS-B", "LS-J,Mokhotlong,province,LS,LS-B");
        let e = Geography::from_csv(&bad).unwrap_err();
        assert_eq!((e.line, e.field.as_str()), (5, "kind"));
        let dangling = SAMPLE.replace("LS-J,Mokhotlong,district,LS,LS-B", "LS-J,Mokhotlong,district,LS,LS-Q");
        assert_eq!(Geography::from_csv(&dangling).unwrap_err().field, "hub");
    }

    #[test]
    fn namibia_is_a_country_not_a_missing_value() {
        assert_eq!(CountryCode::parse("NA").unwrap().as_str(), "NA");
        assert!(CountryCode::parse("na").is_err());
        assert!(CountryCode::parse("").is_err());
    }

    #[test]
    fn only_assigned_iso_3166_codes_are_countries() {
        for code in ["LS", "ZA", "MZ", "SS", "GB", "CW"] {
            assert!(CountryCode::parse(code).is_ok(), "{code}");
        }
        for code in ["XX", "ZZ", "QQ", "AA", "XK", "UK", "EU"] {
            assert!(CountryCode::parse(code).is_err(), "{code}");
        }
    }
}
