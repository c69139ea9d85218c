//! Organisations that take part in the response (HTCDS `org_`): police units, the DPP, shelters, ministries.

use serde::{Deserialize, Serialize};

use crate::error::{Checker, DomainError};
use crate::geography::{CountryCode, UnitCode};
use crate::ids::OrgId;
use crate::limits::{TextLimits, max};
use crate::vocabulary::{OrgType, ServiceType};

/// An organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Organisation {
    pub id: OrgId,
    pub version: i64,
    #[serde(flatten)]
    pub details: OrganisationInput,
}

/// What a user supplies to create or change an organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganisationInput {
    /// `org_Name`.
    pub name: String,
    /// `org_Type`.
    pub org_type: OrgType,
    /// The district the organisation works from; none for national bodies.
    #[serde(default)]
    pub district: Option<UnitCode>,
    /// Services it can receive referrals for.
    #[serde(default)]
    pub services: Vec<ServiceType>,
    /// `org_Phone`, E.164.
    #[serde(default)]
    pub phone: Option<String>,
    /// `org_ShippingStreet`.
    #[serde(default)]
    pub street: Option<String>,
    /// `org_ShippingCity`.
    #[serde(default)]
    pub city: Option<String>,
    /// `org_ShippingPostalCode`.
    #[serde(default)]
    pub postal_code: Option<String>,
    /// `org_ShippingLatitude`.
    #[serde(default)]
    pub latitude: Option<f64>,
    /// `org_ShippingLongitude`.
    #[serde(default)]
    pub longitude: Option<f64>,
    /// `org_ShippingCountry`.
    pub country: CountryCode,
}

impl OrganisationInput {
    /// The most characters of each free-text member.
    pub const TEXT_LIMITS: TextLimits = &[("name", 200), ("street", 300), ("city", 100), ("postal_code", 20)];

    /// The name as two organisations are compared: case, and spaces around and between words, ignored.
    /// No two organisations of one district (or two national ones) share it.
    pub fn name_key(&self) -> String {
        self.name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
    }

    pub fn validate(&self) -> Result<(), DomainError> {
        let mut c = Checker::new();
        c.text("name", &self.name, max!("name"));
        c.phone("phone", &self.phone);
        c.opt_text("street", &self.street, max!("street"));
        c.opt_text("city", &self.city, max!("city"));
        c.opt_text("postal_code", &self.postal_code, max!("postal_code"));
        c.coordinates(("latitude", self.latitude), ("longitude", self.longitude));
        c.finish()
    }
}

impl Organisation {
    pub fn new(details: OrganisationInput) -> Result<Self, DomainError> {
        details.validate()?;
        Ok(Self { id: OrgId::new(), version: 1, details })
    }
}
