//! Place codes (HTCDS `vic_LocationOfRecruitment`, `vic_LocationOfExploitation`, `hte_State`): a country
//! (ISO 3166-1 alpha-2, `ZA`) or one of its first-level subdivisions (ISO 3166-2, `ZA-GP`, `LS-A`).
//!
//! A subdivision is accepted only when it is in [`SUBDIVISIONS`]: the first-level codes of Lesotho and the
//! countries around it, copied from ISO 3166-2 (ZA, LS, BW, SZ, MZ, NA, ZW). A place in another country is
//! recorded by its country code alone.

use serde::{Deserialize, Serialize};

use crate::geography::CountryCode;

/// Every subdivision Lekhotla knows: `(ISO 3166-2 code, English name)`, grouped by country.
pub const SUBDIVISIONS: &[(&str, &str)] = &[
    // South Africa: the nine provinces (ISO 3166-2:ZA).
    ("ZA-EC", "Eastern Cape"),
    ("ZA-FS", "Free State"),
    ("ZA-GP", "Gauteng"),
    ("ZA-KZN", "KwaZulu-Natal"),
    ("ZA-LP", "Limpopo"),
    ("ZA-MP", "Mpumalanga"),
    ("ZA-NC", "Northern Cape"),
    ("ZA-NW", "North West"),
    ("ZA-WC", "Western Cape"),
    // Lesotho: the ten districts (ISO 3166-2:LS; there is no LS-I).
    ("LS-A", "Maseru"),
    ("LS-B", "Botha-Bothe"),
    ("LS-C", "Leribe"),
    ("LS-D", "Berea"),
    ("LS-E", "Mafeteng"),
    ("LS-F", "Mohale's Hoek"),
    ("LS-G", "Quthing"),
    ("LS-H", "Qacha's Nek"),
    ("LS-J", "Mokhotlong"),
    ("LS-K", "Thaba-Tseka"),
    // Botswana: districts, cities and towns (ISO 3166-2:BW).
    ("BW-CE", "Central"),
    ("BW-CH", "Chobe"),
    ("BW-FR", "Francistown"),
    ("BW-GA", "Gaborone"),
    ("BW-GH", "Ghanzi"),
    ("BW-JW", "Jwaneng"),
    ("BW-KG", "Kgalagadi"),
    ("BW-KL", "Kgatleng"),
    ("BW-KW", "Kweneng"),
    ("BW-LO", "Lobatse"),
    ("BW-NE", "North East"),
    ("BW-NW", "North West"),
    ("BW-SE", "South East"),
    ("BW-SO", "Southern"),
    ("BW-SP", "Selibe Phikwe"),
    ("BW-ST", "Sowa Town"),
    // Eswatini: the four regions (ISO 3166-2:SZ).
    ("SZ-HH", "Hhohho"),
    ("SZ-LU", "Lubombo"),
    ("SZ-MA", "Manzini"),
    ("SZ-SH", "Shiselweni"),
    // Mozambique: the provinces and the capital city (ISO 3166-2:MZ).
    ("MZ-A", "Niassa"),
    ("MZ-B", "Manica"),
    ("MZ-G", "Gaza"),
    ("MZ-I", "Inhambane"),
    ("MZ-L", "Maputo"),
    ("MZ-MPM", "Maputo (city)"),
    ("MZ-N", "Nampula"),
    ("MZ-P", "Cabo Delgado"),
    ("MZ-Q", "Zambézia"),
    ("MZ-S", "Sofala"),
    ("MZ-T", "Tete"),
    // Namibia: the fourteen regions (ISO 3166-2:NA).
    ("NA-CA", "Zambezi"),
    ("NA-ER", "Erongo"),
    ("NA-HA", "Hardap"),
    ("NA-KA", "//Karas"),
    ("NA-KE", "Kavango East"),
    ("NA-KH", "Khomas"),
    ("NA-KU", "Kunene"),
    ("NA-KW", "Kavango West"),
    ("NA-OD", "Otjozondjupa"),
    ("NA-OH", "Omaheke"),
    ("NA-ON", "Oshana"),
    ("NA-OS", "Omusati"),
    ("NA-OT", "Oshikoto"),
    ("NA-OW", "Ohangwena"),
    // Zimbabwe: the provinces and the two cities with provincial status (ISO 3166-2:ZW).
    ("ZW-BU", "Bulawayo"),
    ("ZW-HA", "Harare"),
    ("ZW-MA", "Manicaland"),
    ("ZW-MC", "Mashonaland Central"),
    ("ZW-ME", "Mashonaland East"),
    ("ZW-MI", "Midlands"),
    ("ZW-MN", "Matabeleland North"),
    ("ZW-MS", "Matabeleland South"),
    ("ZW-MV", "Masvingo"),
    ("ZW-MW", "Mashonaland West"),
];

/// A country (`ZA`) or a known first-level subdivision of one (`ZA-GP`). Only [`PlaceCode::parse`] builds
/// one, so every value is valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PlaceCode {
    country: CountryCode,
    /// Index into [`SUBDIVISIONS`].
    subdivision: Option<u16>,
}

/// Why a string is not a place code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlaceCodeError {
    #[error(
        "a place is a country (ISO 3166-1 alpha-2, e.g. ZA) or a subdivision of one (ISO 3166-2, e.g. ZA-GP, LS-A)"
    )]
    Shape,
    #[error("{0} is not a subdivision Lekhotla knows; known for {1}: {2}")]
    UnknownSubdivision(String, String, String),
    #[error(
        "{0} is not a subdivision Lekhotla knows (it knows those of ZA, LS, BW, SZ, MZ, NA and ZW); give the country code alone"
    )]
    UnknownCountry(String),
}

impl PlaceCode {
    pub fn parse(s: &str) -> Result<Self, PlaceCodeError> {
        let s = s.trim();
        let (cc, sub) = match s.split_once('-') {
            Some((cc, sub)) => (cc, Some(sub)),
            None => (s, None),
        };
        let country = CountryCode::parse(cc).map_err(|_| PlaceCodeError::Shape)?;
        let Some(sub) = sub else { return Ok(Self { country, subdivision: None }) };
        if !(1..=3).contains(&sub.len()) || !sub.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
            return Err(PlaceCodeError::Shape);
        }
        if let Some(i) = SUBDIVISIONS.iter().position(|(code, _)| *code == s) {
            return Ok(Self { country, subdivision: u16::try_from(i).ok() });
        }
        let known: Vec<&str> =
            SUBDIVISIONS.iter().map(|(c, _)| *c).filter(|c| c.starts_with(&format!("{cc}-"))).collect();
        if known.is_empty() {
            Err(PlaceCodeError::UnknownCountry(s.to_owned()))
        } else {
            Err(PlaceCodeError::UnknownSubdivision(s.to_owned(), cc.to_owned(), known.join(", ")))
        }
    }

    /// The country the place is in.
    pub fn country(&self) -> CountryCode {
        self.country
    }

    /// Whether the code names a subdivision rather than a whole country.
    pub fn is_subdivision(&self) -> bool {
        self.subdivision.is_some()
    }

    /// The code as written (`ZA`, `ZA-GP`).
    pub fn as_str(&self) -> &str {
        match self.subdivision.and_then(|i| SUBDIVISIONS.get(usize::from(i))) {
            Some((code, _)) => code,
            None => self.country.as_str(),
        }
    }

    /// The subdivision's English name, when the code names one.
    pub fn subdivision_name(&self) -> Option<&'static str> {
        self.subdivision.and_then(|i| SUBDIVISIONS.get(usize::from(i))).map(|(_, name)| *name)
    }
}

impl std::fmt::Display for PlaceCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for PlaceCode {
    type Err = PlaceCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for PlaceCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for PlaceCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for PlaceCode {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some("^[A-Z]{2}(-[A-Z0-9]{1,3})?$"))
            .description(Some("ISO 3166-1 alpha-2 country or a known ISO 3166-2 subdivision of one"))
            .examples(["ZA-GP"])
            .into()
    }
}
#[cfg(feature = "openapi")]
impl utoipa::ToSchema for PlaceCode {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_and_known_subdivisions_parse() {
        let za = PlaceCode::parse("ZA").unwrap();
        assert_eq!((za.as_str(), za.is_subdivision()), ("ZA", false));
        let gp = PlaceCode::parse("ZA-GP").unwrap();
        assert_eq!((gp.as_str(), gp.country().as_str(), gp.subdivision_name()), ("ZA-GP", "ZA", Some("Gauteng")));
        for code in ["ZA-EC", "ZA-FS", "ZA-KZN", "ZA-LP", "ZA-MP", "ZA-NC", "ZA-NW", "ZA-WC", "LS-A", "LS-K", "SZ-HH"] {
            assert_eq!(PlaceCode::parse(code).unwrap().to_string(), code);
        }
        assert_eq!(SUBDIVISIONS.iter().filter(|(c, _)| c.starts_with("ZA-")).count(), 9);
        assert_eq!(SUBDIVISIONS.iter().filter(|(c, _)| c.starts_with("LS-")).count(), 10);
    }

    #[test]
    fn unknown_and_malformed_places_are_refused() {
        assert_eq!(PlaceCode::parse("za"), Err(PlaceCodeError::Shape));
        assert_eq!(PlaceCode::parse("ZAF"), Err(PlaceCodeError::Shape));
        assert_eq!(PlaceCode::parse("ZA-"), Err(PlaceCodeError::Shape));
        assert_eq!(PlaceCode::parse("ZA-GAUT"), Err(PlaceCodeError::Shape));
        assert!(matches!(PlaceCode::parse("LS-I"), Err(PlaceCodeError::UnknownSubdivision(..))));
        assert!(matches!(PlaceCode::parse("ZA-XX"), Err(PlaceCodeError::UnknownSubdivision(..))));
        assert!(matches!(PlaceCode::parse("FR-75"), Err(PlaceCodeError::UnknownCountry(_))));
        let err = PlaceCode::parse("ZA-GT").unwrap_err().to_string();
        assert!(err.contains("ZA-GP") && err.contains("ZA-WC"), "{err}");
    }

    #[test]
    fn serde_uses_the_code() {
        let json = serde_json::to_string(&PlaceCode::parse("LS-A").unwrap()).unwrap();
        assert_eq!(json, "\"LS-A\"");
        assert!(serde_json::from_str::<PlaceCode>("\"LS-Z\"").is_err());
    }
}
