//! The police investigation of a case, its docket, and where the docket is.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::case::Case;
use crate::error::{Checker, DomainError, check_version};
use crate::geography::CountryCode;
use crate::ids::{DocketTransferId, InvestigationId, OrgId};
use crate::limits::{TextLimits, max};
use crate::vocabulary::InvestigationUnit;

/// An investigation. A case has at most one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Investigation {
    pub id: InvestigationId,
    pub version: i64,
    pub unit: InvestigationUnit,
    /// The investigating organisation (a police unit).
    pub organisation: OrgId,
    /// The investigating officer.
    pub investigator: String,
    pub opened_on: Date,
    pub docket_number: Option<String>,
    /// Who holds the docket now.
    pub docket_custodian: Option<String>,
    /// Every movement of the docket, oldest first.
    pub docket_transfers: Vec<DocketTransfer>,
    /// Countries whose authorities cooperate on this investigation.
    pub cooperating_countries: Vec<CountryCode>,
    pub closed_on: Option<Date>,
    pub closure_reason: Option<String>,
}

/// A movement of the docket to a new custodian.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocketTransfer {
    pub id: DocketTransferId,
    pub from_custodian: Option<String>,
    pub to_custodian: String,
    pub on: Date,
    pub reason: Option<String>,
}

/// What a user supplies to open an investigation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvestigationInput {
    pub unit: InvestigationUnit,
    pub organisation: OrgId,
    pub investigator: String,
    pub opened_on: Date,
    #[serde(default)]
    pub docket_number: Option<String>,
    #[serde(default)]
    pub docket_custodian: Option<String>,
    #[serde(default)]
    pub cooperating_countries: Vec<CountryCode>,
}

impl InvestigationInput {
    /// The most characters of each free-text member.
    pub const TEXT_LIMITS: TextLimits = &[("investigator", 200), ("docket_number", 60), ("docket_custodian", 200)];
}

/// A change to an investigation: its officer, cooperation, its closure, or a closed one's reason.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvestigationUpdate {
    #[serde(default)]
    pub investigator: Option<String>,
    #[serde(default)]
    pub docket_number: Option<String>,
    #[serde(default)]
    pub cooperating_countries: Option<Vec<CountryCode>>,
    #[serde(default)]
    pub closed_on: Option<Date>,
    #[serde(default)]
    pub closure_reason: Option<String>,
}

impl InvestigationUpdate {
    /// The most characters of each free-text member.
    pub const TEXT_LIMITS: TextLimits = &[("investigator", 200), ("docket_number", 60), ("closure_reason", 2000)];
}

/// What a user supplies to move the docket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocketTransferInput {
    pub to_custodian: String,
    pub on: Date,
    #[serde(default)]
    pub reason: Option<String>,
}

impl DocketTransferInput {
    /// The most characters of each free-text member.
    pub const TEXT_LIMITS: TextLimits = &[("to_custodian", 200), ("reason", 2000)];
}

impl Case {
    pub fn open_investigation(
        &mut self,
        input: InvestigationInput,
        today: Date,
    ) -> Result<InvestigationId, DomainError> {
        if self.investigation.is_some() {
            return Err(DomainError::refused("this case already has an investigation"));
        }
        let mut c = Checker::new();
        c.text("investigator", &input.investigator, max!(InvestigationInput::TEXT_LIMITS, "investigator"));
        c.opt_text("docket_number", &input.docket_number, max!(InvestigationInput::TEXT_LIMITS, "docket_number"));
        c.opt_text(
            "docket_custodian",
            &input.docket_custodian,
            max!(InvestigationInput::TEXT_LIMITS, "docket_custodian"),
        );
        c.past("opened_on", input.opened_on, today);
        c.finish()?;
        let inv = Investigation {
            id: InvestigationId::new(),
            version: 1,
            unit: input.unit,
            organisation: input.organisation,
            investigator: input.investigator,
            opened_on: input.opened_on,
            docket_number: input.docket_number,
            docket_custodian: input.docket_custodian,
            docket_transfers: Vec::new(),
            cooperating_countries: input.cooperating_countries,
            closed_on: None,
            closure_reason: None,
        };
        let id = inv.id;
        self.investigation = Some(inv);
        Ok(id)
    }

    pub fn update_investigation(
        &mut self,
        expected_version: i64,
        input: InvestigationUpdate,
        today: Date,
    ) -> Result<(), DomainError> {
        let inv = self.investigation.as_mut().ok_or_else(|| DomainError::refused("this case has no investigation"))?;
        check_version("investigation", expected_version, inv.version)?;
        let mut c = Checker::new();
        c.opt_text("investigator", &input.investigator, max!(InvestigationUpdate::TEXT_LIMITS, "investigator"));
        c.opt_text("docket_number", &input.docket_number, max!(InvestigationUpdate::TEXT_LIMITS, "docket_number"));
        c.opt_text("closure_reason", &input.closure_reason, max!(InvestigationUpdate::TEXT_LIMITS, "closure_reason"));
        if let Some(d) = input.closed_on {
            c.past("closed_on", d, today);
            c.order("closed_on", Some(inv.opened_on), Some(d), "the opening date");
            if input.closure_reason.is_none() {
                c.fail("closure_reason", "is needed to close an investigation");
            }
        } else if input.closure_reason.is_some() && inv.closed_on.is_none() {
            // A closed investigation's reason may be corrected alone; an open one is closed on a day.
            c.fail("closed_on", "is needed with a closure reason");
        }
        c.finish()?;
        if input.closed_on.is_some() && inv.closed_on.is_some() {
            return Err(DomainError::refused("the investigation is already closed"));
        }
        if let Some(v) = input.investigator {
            inv.investigator = v;
        }
        if let Some(v) = input.docket_number {
            inv.docket_number = Some(v);
        }
        if let Some(v) = input.cooperating_countries {
            inv.cooperating_countries = v;
        }
        if input.closed_on.is_some() {
            inv.closed_on = input.closed_on;
            inv.closure_reason = input.closure_reason;
        } else if input.closure_reason.is_some() {
            inv.closure_reason = input.closure_reason;
        }
        inv.version += 1;
        Ok(())
    }

    pub fn transfer_docket(
        &mut self,
        expected_version: i64,
        input: DocketTransferInput,
        today: Date,
    ) -> Result<DocketTransferId, DomainError> {
        let inv = self.investigation.as_mut().ok_or_else(|| DomainError::refused("this case has no investigation"))?;
        check_version("investigation", expected_version, inv.version)?;
        let mut c = Checker::new();
        c.text("to_custodian", &input.to_custodian, max!(DocketTransferInput::TEXT_LIMITS, "to_custodian"));
        c.opt_text("reason", &input.reason, max!(DocketTransferInput::TEXT_LIMITS, "reason"));
        c.past("on", input.on, today);
        let last = inv.docket_transfers.last().map(|t| t.on).unwrap_or(inv.opened_on);
        c.order("on", Some(last), Some(input.on), "the docket's last movement");
        c.finish()?;
        let t = DocketTransfer {
            id: DocketTransferId::new(),
            from_custodian: inv.docket_custodian.clone(),
            to_custodian: input.to_custodian.clone(),
            on: input.on,
            reason: input.reason,
        };
        let id = t.id;
        inv.docket_custodian = Some(input.to_custodian);
        inv.docket_transfers.push(t);
        inv.version += 1;
        Ok(id)
    }
}
