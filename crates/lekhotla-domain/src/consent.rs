//! Consent records (HTCDS `con_Consent`), one per purpose, with the date given and the date withdrawn.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::case::Case;
use crate::error::{Checker, DomainError, check_version};
use crate::ids::{ConsentId, PersonId};
use crate::person::not_found;
use crate::vocabulary::ConsentPurpose;

/// A victim's consent (or refusal) for one purpose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Consent {
    pub id: ConsentId,
    pub version: i64,
    pub victim: PersonId,
    pub purpose: ConsentPurpose,
    /// `con_Consent`: true when given, false when refused.
    pub given: bool,
    pub recorded_on: Date,
    pub withdrawn_on: Option<Date>,
    /// Who took the consent (a case worker's name or username).
    pub recorded_by: Option<String>,
}

impl Consent {
    /// Consent is in force: given and not withdrawn.
    pub fn in_force(&self) -> bool {
        self.given && self.withdrawn_on.is_none()
    }
}

/// What a user supplies to record a consent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsentInput {
    pub victim: PersonId,
    pub purpose: ConsentPurpose,
    pub given: bool,
    pub recorded_on: Date,
    #[serde(default)]
    pub recorded_by: Option<String>,
}

impl Case {
    pub fn record_consent(&mut self, input: ConsentInput, today: Date) -> Result<ConsentId, DomainError> {
        let mut c = Checker::new();
        if input.recorded_on > today {
            c.fail("recorded_on", "must not be in the future");
        }
        c.opt_text("recorded_by", &input.recorded_by, 100);
        c.finish()?;
        self.check_victim_ref(Some(input.victim), "victim")?;
        if self.consents.iter().any(|x| x.victim == input.victim && x.purpose == input.purpose && x.in_force()) {
            return Err(DomainError::refused(format!(
                "this victim's consent for {} is already in force; withdraw it before recording a new one",
                input.purpose
            )));
        }
        let consent = Consent {
            id: ConsentId::new(),
            version: 1,
            victim: input.victim,
            purpose: input.purpose,
            given: input.given,
            recorded_on: input.recorded_on,
            withdrawn_on: None,
            recorded_by: input.recorded_by,
        };
        let id = consent.id;
        self.consents.push(consent);
        Ok(id)
    }

    pub fn withdraw_consent(
        &mut self,
        id: ConsentId,
        expected_version: i64,
        on: Date,
        today: Date,
    ) -> Result<(), DomainError> {
        let x = self.consents.iter_mut().find(|x| x.id == id).ok_or_else(|| not_found("consent", id))?;
        check_version("consent", expected_version, x.version)?;
        if !x.in_force() {
            return Err(DomainError::refused("only a consent that was given and is in force can be withdrawn"));
        }
        if on > today || on < x.recorded_on {
            return Err(DomainError::field("on", format!("must be between {} and today", x.recorded_on)));
        }
        x.withdrawn_on = Some(on);
        x.version += 1;
        Ok(())
    }
}
