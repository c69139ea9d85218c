//! An action item a meeting gives out: what is to be done, by which organisation, by when, how it stands, and
//! the plan activities and cases (by number only) it concerns.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::case_number::CaseNumber;
use crate::error::Checker;
use crate::ids::OrgId;
use crate::limits::{TextLimits, max};
use crate::plan::{PlanCode, PlanLevel};

use super::References;

/// The most plan activities, and the most cases, one action item may name.
pub const MAX_LINKS: usize = 20;

/// How an action item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ActionStatus {
    /// Still to be done.
    #[default]
    Open,
    /// Done.
    Done,
    /// Given up (overtaken, or no longer needed).
    Dropped,
}

impl ActionStatus {
    pub const ALL: [ActionStatus; 3] = [Self::Open, Self::Done, Self::Dropped];

    /// The stable code: `open`, `done`, `dropped`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Done => "done",
            Self::Dropped => "dropped",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s.trim())
    }
}

/// One action item of a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActionItem {
    /// What is to be done, in a sentence or two.
    pub text: String,
    /// The organisation that owns it.
    pub owner: OrgId,
    /// The day it is due.
    pub deadline: Date,
    #[serde(default)]
    pub status: ActionStatus,
    /// The action plan's activities it serves, by code (`1.3.2`).
    #[serde(default)]
    pub activities: Vec<PlanCode>,
    /// The cases it concerns, by number only (`LS-2025-000123`): never a name.
    #[serde(default)]
    pub cases: Vec<CaseNumber>,
}

impl ActionItem {
    /// The most characters of each free-text member.
    pub const TEXT_LIMITS: TextLimits = &[("text", 1000)];

    /// Open and past its deadline on `today`.
    pub fn is_overdue(&self, today: Date) -> bool {
        self.status == ActionStatus::Open && self.deadline < today
    }

    /// Adds this item's problems to `c`, each under `at` (`actions[2]`).
    pub(super) fn check(&self, c: &mut Checker, at: &str, held_on: Date, refs: &References<'_>) {
        let field = |f: &str| format!("{at}.{f}");
        c.text(&field("text"), &self.text, max!("text"));
        c.order(&field("deadline"), Some(held_on), Some(self.deadline), "the day of the meeting");
        c.planned(&field("deadline"), self.deadline, held_on, time::Duration::days(3 * 366));
        if self.activities.len() > MAX_LINKS {
            c.fail(field("activities"), format!("may name at most {MAX_LINKS} activities"));
        }
        for (i, code) in self.activities.iter().enumerate() {
            if self.activities[..i].contains(code) {
                c.fail(field("activities"), format!("names {code} twice"));
            } else if code.level() != PlanLevel::Activity {
                c.fail(
                    field("activities"),
                    format!("{code} is not an activity's code (an activity's has three parts, e.g. 1.3.2)"),
                );
            } else if refs.plan.is_some_and(|p| p.activity(*code).is_none()) {
                c.fail(field("activities"), format!("the action plan has no activity {code}"));
            }
        }
        if self.cases.len() > MAX_LINKS {
            c.fail(field("cases"), format!("may name at most {MAX_LINKS} cases"));
        }
        for (i, number) in self.cases.iter().enumerate() {
            if self.cases[..i].contains(number) {
                c.fail(field("cases"), format!("names {number} twice"));
            }
        }
    }
}
