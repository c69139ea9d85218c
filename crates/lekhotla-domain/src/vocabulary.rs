//! Controlled vocabularies: HTCDS 2.0 picklists and Lekhotla's own, each value with its canonical code and an English label.
//!
//! The code is what is stored, exchanged (HTCDS CSV, JSON API) and compared; the label is for display only.
//! Where HTCDS defines a picklist, its value names are kept verbatim (typos included) so that files from
//! other HTCDS systems load unchanged.

mod case;
mod justice;
mod person;
mod prevention;
mod victim;

pub use case::{
    CaseLinkKind, CaseStatus, ConsentGiver, ConsentPurpose, DetectionSource, IncomingReferralReason, OrgType,
    ReferralReason, ReferralState, ServiceType, SupportPlanType,
};
pub use justice::{DppDecisionKind, HearingKind, InvestigationUnit, Offence, VerdictOutcome};
pub use person::{BusinessKind, EducationLevel, Gender, MaritalStatus};
pub use prevention::{
    CampaignAudience, CampaignChannel, InspectionAgency, ScreeningIndicator, TrainingRole, TravelDirection,
};
pub use victim::{
    DecisionMakingOrg, EventType, ExploitationType, ExploitationWebsite, ForcedLabourIndustry, MethodOfControl,
    MethodOfRecruitment, PerpetratorRole, RecruitmentWebsite, RelationshipToTrafficker, SexExploitationType,
    TraffickingStatus, Vulnerability,
};

/// A closed list of values with stable codes.
pub trait Vocabulary: Sized + Copy + 'static {
    /// The vocabulary's name, as used in error messages (`"vic_TypeOfExploitation"`).
    const NAME: &'static str;
    /// Every value, in display order.
    const ALL: &'static [Self];
    /// The canonical code.
    fn code(self) -> &'static str;
    /// An English label for display.
    fn label(self) -> &'static str;
    /// The value with this code (exact match), if any.
    fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.code() == code)
    }
    /// All codes joined with `|`, for error messages.
    fn codes() -> String {
        Self::ALL.iter().map(|v| v.code()).collect::<Vec<_>>().join("|")
    }
}

/// Why a code was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {vocabulary} value {value:?}; expected one of {expected}")]
pub struct UnknownCode {
    pub vocabulary: &'static str,
    pub value: String,
    pub expected: String,
}

/// Parses a code of vocabulary `V`.
pub fn parse_code<V: Vocabulary>(value: &str) -> Result<V, UnknownCode> {
    V::from_code(value.trim()).ok_or_else(|| UnknownCode {
        vocabulary: V::NAME,
        value: value.to_owned(),
        expected: V::codes(),
    })
}

/// Joins a multi-select value the HTCDS way (`A|B|C`).
pub fn join_codes<V: Vocabulary>(values: &[V]) -> String {
    values.iter().map(|v| v.code()).collect::<Vec<_>>().join("|")
}

/// Splits a multi-select value written the HTCDS way; an empty string is the empty list.
pub fn split_codes<V: Vocabulary>(value: &str) -> Result<Vec<V>, UnknownCode> {
    value.split('|').map(str::trim).filter(|s| !s.is_empty()).map(parse_code::<V>).collect()
}

/// Declares a vocabulary enum: its variants, codes and labels, with serde and (feature `openapi`) a schema.
///
/// Written as a table so that the code list reads like the standard it copies.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident, $vocab:literal {
            $( $variant:ident = $code:literal, $label:literal; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( #[doc = $label] $variant, )+
        }

        impl $crate::vocabulary::Vocabulary for $name {
            const NAME: &'static str = $vocab;
            const ALL: &'static [Self] = &[$(Self::$variant),+];
            fn code(self) -> &'static str {
                match self { $(Self::$variant => $code,)+ }
            }
            fn label(self) -> &'static str {
                match self { $(Self::$variant => $label,)+ }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str($crate::vocabulary::Vocabulary::code(*self))
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::vocabulary::UnknownCode;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $crate::vocabulary::parse_code(s)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str($crate::vocabulary::Vocabulary::code(*self))
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                $crate::vocabulary::parse_code(&s).map_err(::serde::de::Error::custom)
            }
        }

        #[cfg(feature = "openapi")]
        impl ::utoipa::PartialSchema for $name {
            fn schema() -> ::utoipa::openapi::RefOr<::utoipa::openapi::schema::Schema> {
                ::utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(::utoipa::openapi::schema::Type::String)
                    .description(Some(concat!("Vocabulary ", $vocab)))
                    .enum_values(Some([$($code),+]))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl ::utoipa::ToSchema for $name {}
    };
}
pub(crate) use vocabulary;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_codes_name_the_vocabulary() {
        for v in ExploitationType::ALL {
            assert_eq!(ExploitationType::from_code(v.code()), Some(*v));
        }
        let err = parse_code::<Gender>("Female").unwrap_err();
        assert_eq!(err.vocabulary, "prs_Gender");
        assert!(err.expected.contains("Feminine"));
    }

    #[test]
    fn multi_select_splits_and_joins() {
        let v: Vec<MethodOfControl> = split_codes("DebtBondage| WithholdsDocuments").unwrap();
        assert_eq!(v, vec![MethodOfControl::DebtBondage, MethodOfControl::WithholdsDocuments]);
        assert_eq!(join_codes(&v), "DebtBondage|WithholdsDocuments");
        assert!(split_codes::<MethodOfControl>("").unwrap().is_empty());
        assert!(split_codes::<MethodOfControl>("DebtBondage|Nope").is_err());
    }

    #[test]
    fn serde_uses_codes() {
        let json = serde_json::to_string(&ForcedLabourIndustry::MiningAndQuarrying).unwrap();
        assert_eq!(json, "\"B_MiningAndQuarrying\"");
        let back: ForcedLabourIndustry = serde_json::from_str(&json).unwrap();
        assert_eq!(back, ForcedLabourIndustry::MiningAndQuarrying);
        assert!(serde_json::from_str::<TraffickingStatus>("\"Maybe\"").is_err());
    }
}
