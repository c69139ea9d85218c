//! The plan's small values: the dotted code of an objective, outcome or activity, the quarter an activity
//! starts or ends in, and the districts it covers.

use serde::{Deserialize, Serialize};
use time::{Date, Month};

use crate::geography::UnitCode;

/// What a plan code names, by how many parts it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PlanLevel {
    /// `1`
    Objective,
    /// `1.3`: the third outcome of objective 1.
    Outcome,
    /// `1.3.2`: the second activity of outcome 1.3.
    Activity,
}

impl PlanLevel {
    pub fn code(self) -> &'static str {
        match self {
            Self::Objective => "objective",
            Self::Outcome => "outcome",
            Self::Activity => "activity",
        }
    }
}

/// The code of an objective (`1`), outcome (`1.3`) or activity (`1.3.2`): one to three whole numbers from 1 to
/// 99, joined by dots, without leading zeros. Codes sort by their numbers (`1.9` before `1.10`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PlanCode([u8; 3]);

/// A string that is not a plan code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a plan code: one to three numbers from 1 to 99 joined by dots (1, 1.3, 1.3.2)")]
pub struct PlanCodeError(pub String);

impl PlanCode {
    pub fn parse(s: &str) -> Result<Self, PlanCodeError> {
        let bad = || PlanCodeError(s.to_owned());
        let mut parts = [0u8; 3];
        for (n, part) in s.trim().split('.').enumerate() {
            let ok = !part.is_empty() && part.len() <= 2 && part.bytes().all(|b| b.is_ascii_digit());
            if !ok || part.starts_with('0') || n >= 3 {
                return Err(bad());
            }
            parts[n] = part.parse().map_err(|_| bad())?;
        }
        Ok(Self(parts))
    }

    /// The code of the objective or outcome `number` under `parent` (the objective `number` when none).
    pub fn child(parent: Option<Self>, number: u8) -> Option<Self> {
        let mut parts = parent.map_or([0; 3], |p| p.0);
        let depth = parent.map_or(0, |p| p.depth());
        if depth >= 3 || !(1..=99).contains(&number) {
            return None;
        }
        parts[depth] = number;
        Some(Self(parts))
    }

    fn depth(self) -> usize {
        self.0.iter().take_while(|&&p| p != 0).count()
    }

    pub fn level(self) -> PlanLevel {
        match self.depth() {
            1 => PlanLevel::Objective,
            2 => PlanLevel::Outcome,
            _ => PlanLevel::Activity,
        }
    }

    /// The objective of an outcome, the outcome of an activity; none for an objective.
    pub fn parent(self) -> Option<Self> {
        let depth = self.depth();
        (depth > 1).then(|| {
            let mut parts = self.0;
            parts[depth - 1] = 0;
            Self(parts)
        })
    }

    /// The objective this code lies in (itself for an objective).
    pub fn objective(self) -> Self {
        Self([self.0[0], 0, 0])
    }

    /// Whether `self` is `other` or lies under it (`1.3.2` is within `1` and `1.3`).
    pub fn is_within(self, other: Self) -> bool {
        let d = other.depth();
        self.0[..d] == other.0[..d]
    }
}

impl std::fmt::Display for PlanCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self.0.iter().take_while(|&&p| p != 0).map(u8::to_string).collect();
        f.write_str(&parts.join("."))
    }
}

impl std::str::FromStr for PlanCode {
    type Err = PlanCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// A calendar quarter, written `2024-Q3` (Q1 is January to March). An activity runs from the first day of its
/// start quarter to the last day of its end quarter; plans give timelines by quarter, not by day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Quarter {
    year: i32,
    quarter: u8,
}

/// A string that is not a quarter.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a quarter written YYYY-Qn (e.g. 2024-Q3), a year from 2000 to 2100")]
pub struct QuarterError(pub String);

impl Quarter {
    pub fn new(year: i32, quarter: u8) -> Result<Self, QuarterError> {
        if (2000..=2100).contains(&year) && (1..=4).contains(&quarter) {
            Ok(Self { year, quarter })
        } else {
            Err(QuarterError(format!("{year}-Q{quarter}")))
        }
    }

    pub fn parse(s: &str) -> Result<Self, QuarterError> {
        let bad = || QuarterError(s.to_owned());
        let (y, q) = s.trim().split_once(['-', ' ']).ok_or_else(bad)?;
        let q = q.strip_prefix(['Q', 'q']).ok_or_else(bad)?;
        let year = if y.len() == 4 { y.parse().map_err(|_| bad())? } else { return Err(bad()) };
        let quarter = if q.len() == 1 { q.parse().map_err(|_| bad())? } else { return Err(bad()) };
        Self::new(year, quarter).map_err(|_| bad())
    }

    /// The quarter `day` lies in.
    pub fn of(day: Date) -> Self {
        Self { year: day.year(), quarter: (u8::from(day.month()) - 1) / 3 + 1 }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    /// 1 to 4.
    pub fn quarter(self) -> u8 {
        self.quarter
    }

    pub fn first_day(self) -> Date {
        let month = Month::try_from(self.quarter * 3 - 2).unwrap_or(Month::January);
        Date::from_calendar_date(self.year, month, 1).unwrap_or(Date::MIN)
    }

    pub fn last_day(self) -> Date {
        let month = Month::try_from(self.quarter * 3).unwrap_or(Month::December);
        Date::from_calendar_date(self.year, month, month.length(self.year)).unwrap_or(Date::MAX)
    }
}

impl std::fmt::Display for Quarter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-Q{}", self.year, self.quarter)
    }
}

/// Where an activity takes place: the whole country, or some districts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Coverage {
    National,
    /// ISO 3166-2 subdivision codes (`LS-A` to `LS-K` in Lesotho), at least one, each once, in order.
    Districts(Vec<UnitCode>),
}

/// A string that is not a coverage.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct CoverageError(pub String);

impl Coverage {
    /// `national`, or district codes separated by `|` (`LS-A|LS-C`), each a country code, `-` and one to three
    /// capitals or digits (Lesotho's are `LS-A` to `LS-K`). Whether each is a district of the loaded geography
    /// is for [`super::ActionPlan::unknown_districts`] to say.
    pub fn parse(s: &str) -> Result<Self, CoverageError> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("national") {
            return Ok(Self::National);
        }
        let mut districts = Vec::new();
        for part in s.split(['|', ';']).map(str::trim).filter(|p| !p.is_empty()) {
            if part.eq_ignore_ascii_case("national") {
                return Err(CoverageError("is national or a list of districts, not both".into()));
            }
            districts.push(district(part)?);
        }
        Self::districts(districts)
    }

    /// Some districts: at least one, none twice; kept in order.
    pub fn districts(mut list: Vec<UnitCode>) -> Result<Self, CoverageError> {
        if list.is_empty() {
            return Err(CoverageError("is needed: national, or the districts separated by | (e.g. LS-A|LS-C)".into()));
        }
        for d in &list {
            district(d.as_str())?;
        }
        list.sort();
        if let Some(w) = list.windows(2).find(|w| w[0] == w[1]) {
            return Err(CoverageError(format!("names {} twice", w[0])));
        }
        Ok(Self::Districts(list))
    }

    /// The districts, none for national.
    pub fn list(&self) -> &[UnitCode] {
        match self {
            Self::National => &[],
            Self::Districts(d) => d,
        }
    }
}

fn district(s: &str) -> Result<UnitCode, CoverageError> {
    let bad = || CoverageError(format!("{s:?} is not a district code like LS-A (or national)"));
    let (country, sub) = s.split_once('-').ok_or_else(bad)?;
    let ok = country.len() == 2
        && country.bytes().all(|b| b.is_ascii_uppercase())
        && (1..=3).contains(&sub.len())
        && sub.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    if ok { UnitCode::parse(s).map_err(|_| bad()) } else { Err(bad()) }
}

impl std::fmt::Display for Coverage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::National => f.write_str("national"),
            Self::Districts(d) => f.write_str(&d.iter().map(UnitCode::as_str).collect::<Vec<_>>().join("|")),
        }
    }
}

/// Serialises as its text form and deserialises through its parser, so a stored value is always valid.
macro_rules! text_serde {
    ($name:ident, $example:literal $(, $pattern:expr)?) => {
        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                Self::parse(&s).map_err(serde::de::Error::custom)
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .examples([$example])
                    $(.pattern(Some($pattern)))?
                    .into()
            }
        }
        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}
    };
}

text_serde!(PlanCode, "1.3.2");
text_serde!(Quarter, "2024-Q3", QUARTER_PATTERN);

/// What [`Quarter::parse`] reads, for the API's document: a year from 2000 to 2100, `-` or a space, `Q` or `q`
/// and the quarter, blanks around it allowed.
pub const QUARTER_PATTERN: &str = "^\\s*(20[0-9]{2}|2100)[- ][Qq][1-4]\\s*$";
text_serde!(Coverage, "LS-A|LS-C", COVERAGE_PATTERN);

/// What [`Coverage::parse`] reads, for the API's document: `national` in any case, or district codes separated
/// by `|` or `;`, blanks around them and empty parts allowed. (That no district is named twice, and that each
/// is a district of the loaded geography, a pattern cannot say.)
pub const COVERAGE_PATTERN: &str = "^\\s*(?:[Nn][Aa][Tt][Ii][Oo][Nn][Aa][Ll]|[|;\\s]*[A-Z]{2}-[A-Z0-9]{1,3}\
     (?:\\s*[|;][|;\\s]*[A-Z]{2}-[A-Z0-9]{1,3})*[|;\\s]*)\\s*$";

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn plan_codes_have_one_to_three_parts_and_sort_by_number() {
        let c = PlanCode::parse("1.3.2").unwrap();
        assert_eq!(c.level(), PlanLevel::Activity);
        assert_eq!(c.parent().unwrap().to_string(), "1.3");
        assert_eq!(c.parent().unwrap().parent().unwrap().to_string(), "1");
        assert_eq!(c.objective().to_string(), "1");
        assert!(PlanCode::parse("1").unwrap().parent().is_none());
        assert!(c.is_within(PlanCode::parse("1.3").unwrap()));
        assert!(!c.is_within(PlanCode::parse("1.2").unwrap()));
        assert!(PlanCode::parse("1.9").unwrap() < PlanCode::parse("1.10").unwrap());
        assert!(PlanCode::parse("1").unwrap() < PlanCode::parse("1.1").unwrap());
        assert!(PlanCode::parse("1.1.5").unwrap() < PlanCode::parse("1.2").unwrap());
        assert_eq!(PlanCode::child(Some(c.parent().unwrap()), 4).unwrap().to_string(), "1.3.4");
        assert!(PlanCode::child(Some(c), 1).is_none());
        for bad in ["", "0", "1.", ".1", "1.0", "01", "1.2.3.4", "100", "a", "1..2", "1.-2"] {
            assert!(PlanCode::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"1.3.2\"");
        assert!(serde_json::from_str::<PlanCode>("\"1.0\"").is_err());
    }

    #[test]
    fn quarters_cover_their_three_months() {
        let q = Quarter::parse("2024-Q3").unwrap();
        assert_eq!((q.first_day(), q.last_day()), (date!(2024 - 07 - 01), date!(2024 - 09 - 30)));
        assert_eq!(Quarter::parse("2024-q1").unwrap().last_day(), date!(2024 - 03 - 31));
        assert_eq!(Quarter::of(date!(2025 - 12 - 31)).to_string(), "2025-Q4");
        assert!(Quarter::parse("2024-Q1").unwrap() < q);
        for bad in ["2024", "2024-Q5", "2024-Q0", "24-Q1", "2024-3", "1999-Q1", "2024-Q12"] {
            assert!(Quarter::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn coverage_is_national_or_districts_by_code() {
        assert_eq!(Coverage::parse("National").unwrap(), Coverage::National);
        let c = Coverage::parse("LS-C| LS-A").unwrap();
        assert_eq!(c.to_string(), "LS-A|LS-C");
        assert_eq!(c.list().len(), 2);
        for bad in ["", "LS-A|LS-A", "national|LS-A", "Maseru", "LS-ABCD", "ls-a"] {
            assert!(Coverage::parse(bad).is_err(), "{bad}");
        }
    }
}
