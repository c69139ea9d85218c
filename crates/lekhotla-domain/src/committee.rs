//! The committees that coordinate the response: the Multi-Sectoral Committee (national, chaired by the
//! Ministry of Home Affairs) and each district's committee, and the minutes of their meetings.
//!
//! A [`Meeting`] holds its agenda, who attended (counted by organisation: one of the registry's by id, or a
//! guest organisation by name; no person is named), the decisions taken and the [`ActionItem`]s given out,
//! each with an owning organisation, a deadline and a status, and linked to the action plan's activities
//! ([`crate::PlanCode`]) and to cases by their numbers only. [`MeetingInput::validate`] names every bad field
//! by its path (`actions[1].deadline`); the plan's activities are checked against the stored plan when there
//! is one ([`References`]).

mod action;
mod meeting;
#[cfg(test)]
mod tests;

pub use action::{ActionItem, ActionStatus, MAX_LINKS};
pub use meeting::{Attendance, MAX_ITEMS, MAX_PEOPLE, Meeting, MeetingInput, References};

use serde::{Deserialize, Serialize};

use crate::geography::UnitCode;

/// Which committee met: the Multi-Sectoral Committee, or a district's committee. Written `MSC` or the
/// district's code (`LS-C`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Committee {
    /// The Multi-Sectoral Committee on trafficking in persons (national).
    National,
    /// The committee of one district, by its ISO 3166-2 code.
    District(UnitCode),
}

/// How the national committee is written.
pub const MSC: &str = "MSC";

impl Committee {
    /// `MSC`, or a district's code.
    pub fn parse(s: &str) -> Result<Self, crate::geography::UnitCodeError> {
        let s = s.trim();
        if s.eq_ignore_ascii_case(MSC) { Ok(Self::National) } else { UnitCode::parse(s).map(Self::District) }
    }

    /// The district of a district's committee.
    pub fn district(&self) -> Option<&UnitCode> {
        match self {
            Self::National => None,
            Self::District(d) => Some(d),
        }
    }
}

impl std::fmt::Display for Committee {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::National => f.write_str(MSC),
            Self::District(d) => d.fmt(f),
        }
    }
}

impl Serialize for Committee {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Committee {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Self::parse(&s).map_err(|_| serde::de::Error::custom("a committee is MSC or a district's code (e.g. LS-C)"))
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Committee {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some("`MSC` (the Multi-Sectoral Committee) or a district's code"))
            .pattern(Some("^([Mm][Ss][Cc]|[A-Z0-9-]{2,40})$"))
            .examples(["MSC", "LS-C"])
            .into()
    }
}
#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Committee {}
