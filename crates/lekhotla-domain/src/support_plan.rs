//! Support plans (HTCDS `spl_`): what will be done for a victim, by whom and until when.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::case::Case;
use crate::error::{Checker, DomainError, check_version};
use crate::ids::{OrgId, PersonId, SupportPlanId};
use crate::limits::{TextLimits, max};
use crate::person::not_found;
use crate::vocabulary::SupportPlanType;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupportPlan {
    pub id: SupportPlanId,
    pub version: i64,
    #[serde(flatten)]
    pub details: SupportPlanInput,
}

/// What a user supplies to record or change a support plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupportPlanInput {
    pub victim: PersonId,
    /// `spl_Type`.
    pub plan_type: SupportPlanType,
    /// The organisation that provides the support.
    #[serde(default)]
    pub provider: Option<OrgId>,
    /// `spl_Objectives`.
    pub objectives: String,
    /// `spl_ActionPlan`.
    #[serde(default)]
    pub action_plan: Option<String>,
    pub started_on: Date,
    /// `spl_PlannedEndDate`.
    #[serde(default)]
    pub planned_end: Option<Date>,
    /// `spl_ActualEndDate`.
    #[serde(default)]
    pub actual_end: Option<Date>,
}

/// How far ahead a support plan's end may be planned: five years.
pub const PLANNED_AHEAD: time::Duration = time::Duration::days(5 * 365);

impl SupportPlanInput {
    /// The most characters of each free-text member.
    pub const TEXT_LIMITS: TextLimits = &[("objectives", 4000), ("action_plan", 8000)];

    fn validate(&self, today: Date) -> Result<(), DomainError> {
        let mut c = Checker::new();
        c.text("objectives", &self.objectives, max!("objectives"));
        c.opt_text("action_plan", &self.action_plan, max!("action_plan"));
        c.past("started_on", self.started_on, today);
        c.opt_past("actual_end", self.actual_end, today);
        if let Some(end) = self.planned_end {
            c.planned("planned_end", end, today, PLANNED_AHEAD);
        }
        c.order("planned_end", Some(self.started_on), self.planned_end, "started_on");
        c.order("actual_end", Some(self.started_on), self.actual_end, "started_on");
        c.finish()
    }
}

impl Case {
    pub fn add_support_plan(&mut self, input: SupportPlanInput, today: Date) -> Result<SupportPlanId, DomainError> {
        input.validate(today)?;
        self.check_victim_ref(Some(input.victim), "victim")?;
        let p = SupportPlan { id: SupportPlanId::new(), version: 1, details: input };
        let id = p.id;
        self.support_plans.push(p);
        Ok(id)
    }

    pub fn update_support_plan(
        &mut self,
        id: SupportPlanId,
        expected_version: i64,
        input: SupportPlanInput,
        today: Date,
    ) -> Result<(), DomainError> {
        input.validate(today)?;
        self.check_victim_ref(Some(input.victim), "victim")?;
        let p = self.support_plans.iter_mut().find(|p| p.id == id).ok_or_else(|| not_found("support plan", id))?;
        check_version("support plan", expected_version, p.version)?;
        p.details = input;
        p.version += 1;
        Ok(())
    }
}
