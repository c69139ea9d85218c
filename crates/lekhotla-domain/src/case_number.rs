//! The national case number, `LS-2025-000123`: country, year of registration and a sequence within that year.

use serde::{Deserialize, Serialize};

use crate::geography::CountryCode;

/// A national case number. Only [`CaseNumber::parse`] and [`CaseNumber::new`] build one, so every value is valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CaseNumber {
    country: CountryCode,
    year: u16,
    sequence: u32,
}

/// Why a string is not a case number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseNumberError {
    #[error("a case number looks like LS-2025-000123 (country, year, sequence)")]
    Shape,
    #[error("the country part must be two capital letters")]
    Country,
    #[error("the year must be between 1990 and 2200")]
    Year,
    #[error("the sequence must be 6 digits (zero-padded, e.g. 000123), or 7 digits from 1000000, and not zero")]
    Sequence,
}

impl CaseNumber {
    /// The largest sequence number a year can have.
    pub const MAX_SEQUENCE: u32 = 9_999_999;

    /// Builds a case number from its parts.
    pub fn new(country: CountryCode, year: u16, sequence: u32) -> Result<Self, CaseNumberError> {
        if !(1990..=2200).contains(&year) {
            return Err(CaseNumberError::Year);
        }
        if sequence == 0 || sequence > Self::MAX_SEQUENCE {
            return Err(CaseNumberError::Sequence);
        }
        Ok(Self { country, year, sequence })
    }

    /// Parses `CC-YYYY-NNNNNN` (six digits, or seven without a leading zero): only the form [`Display`] writes.
    ///
    /// [`Display`]: std::fmt::Display
    pub fn parse(s: &str) -> Result<Self, CaseNumberError> {
        let mut parts = s.trim().split('-');
        let (Some(cc), Some(year), Some(seq), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
            return Err(CaseNumberError::Shape);
        };
        let country = CountryCode::parse(cc).map_err(|_| CaseNumberError::Country)?;
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CaseNumberError::Year);
        }
        if !(6..=7).contains(&seq.len()) || !seq.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CaseNumberError::Sequence);
        }
        // Only the canonical form parses: a seventh digit is never a padding zero (LS-2025-0000123 is
        // LS-2025-000123 written differently, and would be a second key for one case).
        if seq.len() == 7 && seq.starts_with('0') {
            return Err(CaseNumberError::Sequence);
        }
        let year: u16 = year.parse().map_err(|_| CaseNumberError::Year)?;
        let sequence: u32 = seq.parse().map_err(|_| CaseNumberError::Sequence)?;
        Self::new(country, year, sequence)
    }

    pub fn country(&self) -> CountryCode {
        self.country
    }
    pub fn year(&self) -> u16 {
        self.year
    }
    pub fn sequence(&self) -> u32 {
        self.sequence
    }
}

impl std::fmt::Display for CaseNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{:04}-{:06}", self.country, self.year, self.sequence)
    }
}

impl std::str::FromStr for CaseNumber {
    type Err = CaseNumberError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for CaseNumber {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for CaseNumber {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "openapi")]
impl CaseNumber {
    /// What [`CaseNumber::parse`] takes, as a regular expression: an assigned country code, a year from 1990
    /// to 2200, a sequence of six digits (not all zero) or seven (no leading zero), blanks around it.
    pub fn pattern() -> String {
        let countries = crate::geography::iso3166::ASSIGNED.join("|");
        let year = "(199[0-9]|20[0-9]{2}|21[0-9]{2}|2200)";
        let six = "([1-9][0-9]{5}|0[1-9][0-9]{4}|00[1-9][0-9]{3}|000[1-9][0-9]{2}|0000[1-9][0-9]|00000[1-9])";
        format!(r"^({countries})-{year}-({six}|[1-9][0-9]{{6}})$")
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for CaseNumber {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some(CaseNumber::pattern()))
            .examples(["LS-2025-000123"])
            .into()
    }
}
#[cfg(feature = "openapi")]
impl utoipa::ToSchema for CaseNumber {}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_and_formats() {
        let n = CaseNumber::parse("LS-2025-000123").unwrap();
        assert_eq!((n.country().as_str(), n.year(), n.sequence()), ("LS", 2025, 123));
        assert_eq!(n.to_string(), "LS-2025-000123");
        assert_eq!(CaseNumber::parse("LS-2025-1234567").unwrap().to_string(), "LS-2025-1234567");
    }

    #[test]
    fn rejects_malformed_numbers() {
        for (bad, why) in [
            ("", CaseNumberError::Shape),
            ("LS-2025", CaseNumberError::Shape),
            ("LS-2025-000123-1", CaseNumberError::Shape),
            ("ls-2025-000123", CaseNumberError::Country),
            ("LSO-2025-000123", CaseNumberError::Country),
            ("LS-25-000123", CaseNumberError::Year),
            ("LS-1850-000123", CaseNumberError::Year),
            ("LS-2025-123", CaseNumberError::Sequence),
            ("LS-2025-000000", CaseNumberError::Sequence),
            ("LS-2025-00012a", CaseNumberError::Sequence),
            ("LS-2025-+00123", CaseNumberError::Sequence),
            ("LS-2025-0000123", CaseNumberError::Sequence),
            ("LS-2025-0999999", CaseNumberError::Sequence),
        ] {
            assert_eq!(CaseNumber::parse(bad), Err(why), "{bad:?}");
        }
    }

    proptest! {
        #[test]
        fn display_parse_round_trip(year in 1990u16..=2200, seq in 1u32..=CaseNumber::MAX_SEQUENCE) {
            let n = CaseNumber::new(CountryCode::parse("LS").unwrap(), year, seq).unwrap();
            prop_assert_eq!(CaseNumber::parse(&n.to_string()).unwrap(), n);
        }

        #[test]
        fn only_the_canonical_form_parses(s in "LS-2025-[0-9]{6,7}") {
            if let Ok(n) = CaseNumber::parse(&s) {
                prop_assert_eq!(n.to_string(), s);
            }
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,24}") {
            let _ = CaseNumber::parse(&s);
        }
    }
}
