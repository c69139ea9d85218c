//! Organisations that take part in the response (HTCDS `org_`): police units, the DPP, shelters, ministries.

use serde::{Deserialize, Serialize};

use crate::error::{Checker, DomainError};
use crate::geography::{CountryCode, UnitCode};
use crate::ids::OrgId;
use crate::vocabulary::{OrgType, ServiceType};

/// An organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Organisation {
    pub id: OrgId,
    pub version: i64,
    #[serde(flatten)]
    pub details: OrganisationInput,
}

/// What a user supplies to create or change an organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    /// `org_Phone`.
    #[serde(default)]
    pub phone: Option<String>,
    /// `org_ShippingCity`.
    #[serde(default)]
    pub city: Option<String>,
    /// `org_ShippingCountry`.
    pub country: CountryCode,
}

impl OrganisationInput {
    pub fn validate(&self) -> Result<(), DomainError> {
        let mut c = Checker::new();
        c.text("name", &self.name, 200);
        c.opt_text("phone", &self.phone, 40);
        c.opt_text("city", &self.city, 100);
        c.finish()
    }
}

impl Organisation {
    pub fn new(details: OrganisationInput) -> Result<Self, DomainError> {
        details.validate()?;
        Ok(Self { id: OrgId::new(), version: 1, details })
    }
}
