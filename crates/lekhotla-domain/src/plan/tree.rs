//! The plan as a tree: objectives (each under a pillar) hold outcomes, outcomes hold activities, and each of
//! them may carry indicators. [`ActionPlan::new`] checks the whole tree, so a plan in hand is a valid one.

use serde::{Deserialize, Serialize};

use super::Pillar;
use super::activity::Activity;
use super::code::{PlanCode, PlanLevel, Quarter};
use super::indicator::{Indicator, IndicatorSource};
use crate::error::{Checker, DomainError};
use crate::geography::{Geography, UnitCode};

/// An objective: the first level of the plan (`1`), under one pillar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Objective {
    pub code: PlanCode,
    pub pillar: Pillar,
    pub title: String,
    #[serde(default)]
    pub indicators: Vec<Indicator>,
    #[serde(default)]
    pub outcomes: Vec<Outcome>,
}

/// An outcome: the second level of the plan (`1.3`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Outcome {
    pub code: PlanCode,
    pub title: String,
    #[serde(default)]
    pub indicators: Vec<Indicator>,
    #[serde(default)]
    pub activities: Vec<Activity>,
}

/// A plan as a user supplies it (its file, or the pages' edits), checked by [`ActionPlan::new`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanInput {
    /// "National Strategic Framework and Action Plan to Combat Trafficking in Persons 2021-2026".
    pub title: String,
    /// The quarters the plan starts and ends in; every activity lies within them.
    pub start: Quarter,
    pub end: Quarter,
    /// A line shown with the plan (that it is illustrative, where the signed copy is).
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub objectives: Vec<Objective>,
}

/// A checked plan: codes unique and nested as their dots say, indicator codes unique, every field valid.
/// Objectives, outcomes and activities are kept in code order. To change it, edit [`ActionPlan::to_input`]
/// and check it again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "PlanInput", into = "PlanInput")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = PlanInput))]
pub struct ActionPlan(PlanInput);

/// An objective, outcome or activity of a plan.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PlanItem<'a> {
    Objective(&'a Objective),
    Outcome(&'a Outcome),
    Activity(&'a Activity),
}

/// Something on a plan that needs attention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PlanFlag {
    /// More was spent than budgeted.
    Overspent { activity: PlanCode, budget: u64, expenditure: u64 },
    /// Its end quarter is over and it is neither done nor dropped.
    Late { activity: PlanCode, end: Quarter },
}

impl PlanInput {
    /// Checks the plan's own fields (not its objectives), those of its row in the plan file.
    pub(crate) fn check_head(&self, c: &mut Checker) {
        c.text("title", &self.title, 300);
        c.opt_text("note", &self.note, 1000);
        if self.end < self.start {
            c.fail("end", format!("must not be before the start ({})", self.start));
        }
    }
}

impl TryFrom<PlanInput> for ActionPlan {
    type Error = DomainError;
    fn try_from(input: PlanInput) -> Result<Self, DomainError> {
        Self::new(input)
    }
}

impl From<ActionPlan> for PlanInput {
    fn from(plan: ActionPlan) -> Self {
        plan.0
    }
}

impl ActionPlan {
    /// Every bad field (named by its path, e.g. `objectives[0].outcomes[2].activities[1].budget`), or the plan,
    /// its objectives, outcomes and activities in code order and typed values oldest first.
    pub fn new(mut input: PlanInput) -> Result<Self, DomainError> {
        let mut c = Checker::new();
        input.check_head(&mut c);
        let period = (input.start, input.end);
        let mut codes = std::collections::HashSet::new();
        let mut indicator_codes = std::collections::HashSet::new();
        let mut code = |c: &mut Checker, at: &str, code: PlanCode, level: PlanLevel, parent: Option<PlanCode>| {
            if code.level() != level {
                c.fail(format!("{at}.code"), format!("{code} is not the code of an {}", level.code()));
            } else if code.parent() != parent {
                c.fail(
                    format!("{at}.code"),
                    format!("{code} does not lie under {}", parent.map(|p| p.to_string()).unwrap_or_default()),
                );
            }
            if !codes.insert(code) {
                c.fail(format!("{at}.code"), format!("{code} appears twice"));
            }
        };
        let mut indicators = |c: &mut Checker, at: &str, list: &[Indicator]| {
            for (n, ind) in list.iter().enumerate() {
                let mut ic = Checker::new();
                ind.check(&mut ic);
                if !indicator_codes.insert(ind.code.clone()) {
                    ic.fail("code", format!("the indicator code {} appears twice", ind.code));
                }
                c.nest(&format!("{at}.indicators[{n}]"), ic.into_errors());
            }
        };
        for (i, o) in input.objectives.iter().enumerate() {
            let at = format!("objectives[{i}]");
            code(&mut c, &at, o.code, PlanLevel::Objective, None);
            c.text(&format!("{at}.title"), &o.title, 300);
            indicators(&mut c, &at, &o.indicators);
            for (j, u) in o.outcomes.iter().enumerate() {
                let at = format!("{at}.outcomes[{j}]");
                code(&mut c, &at, u.code, PlanLevel::Outcome, Some(o.code));
                c.text(&format!("{at}.title"), &u.title, 300);
                indicators(&mut c, &at, &u.indicators);
                for (k, a) in u.activities.iter().enumerate() {
                    let at = format!("{at}.activities[{k}]");
                    code(&mut c, &at, a.code, PlanLevel::Activity, Some(u.code));
                    let mut ac = Checker::new();
                    a.check(&mut ac, period);
                    c.nest(&at, ac.into_errors());
                    indicators(&mut c, &at, &a.indicators);
                }
            }
        }
        c.finish()?;
        let sort_values = |list: &mut Vec<Indicator>| {
            for i in list {
                if let IndicatorSource::Typed(values) = &mut i.source {
                    values.sort_by_key(|v| v.as_of);
                }
            }
        };
        input.objectives.sort_by_key(|o| o.code);
        for o in &mut input.objectives {
            sort_values(&mut o.indicators);
            o.outcomes.sort_by_key(|u| u.code);
            for u in &mut o.outcomes {
                sort_values(&mut u.indicators);
                u.activities.sort_by_key(|a| a.code);
                u.activities.iter_mut().for_each(|a| sort_values(&mut a.indicators));
            }
        }
        Ok(Self(input))
    }

    pub fn title(&self) -> &str {
        &self.0.title
    }

    /// The first and last quarters.
    pub fn period(&self) -> (Quarter, Quarter) {
        (self.0.start, self.0.end)
    }

    pub fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }

    pub fn objectives(&self) -> &[Objective] {
        &self.0.objectives
    }

    /// The objectives under `pillar`, in code order.
    pub fn objectives_of(&self, pillar: Pillar) -> impl Iterator<Item = &Objective> {
        self.0.objectives.iter().filter(move |o| o.pillar == pillar)
    }

    /// Every activity, in code order.
    pub fn activities(&self) -> impl Iterator<Item = &Activity> {
        self.0.objectives.iter().flat_map(|o| &o.outcomes).flat_map(|u| &u.activities)
    }

    /// The objective, outcome or activity of `code`.
    pub fn item(&self, code: PlanCode) -> Option<PlanItem<'_>> {
        let o = self.0.objectives.iter().find(|o| o.code == code.objective())?;
        let outcome = match code.level() {
            PlanLevel::Objective => return Some(PlanItem::Objective(o)),
            PlanLevel::Outcome => code,
            PlanLevel::Activity => code.parent()?,
        };
        let u = o.outcomes.iter().find(|u| u.code == outcome)?;
        if code == outcome {
            return Some(PlanItem::Outcome(u));
        }
        u.activities.iter().find(|a| a.code == code).map(PlanItem::Activity)
    }

    pub fn activity(&self, code: PlanCode) -> Option<&Activity> {
        match self.item(code) {
            Some(PlanItem::Activity(a)) => Some(a),
            _ => None,
        }
    }

    /// The pillar `code` lies under.
    pub fn pillar_of(&self, code: PlanCode) -> Option<Pillar> {
        self.0.objectives.iter().find(|o| o.code == code.objective()).map(|o| o.pillar)
    }

    /// Every indicator with the code of what it measures, in plan order.
    pub fn indicators(&self) -> Vec<(PlanCode, &Indicator)> {
        let mut out = Vec::new();
        for o in &self.0.objectives {
            out.extend(o.indicators.iter().map(|i| (o.code, i)));
            for u in &o.outcomes {
                out.extend(u.indicators.iter().map(|i| (u.code, i)));
                for a in &u.activities {
                    out.extend(a.indicators.iter().map(|i| (a.code, i)));
                }
            }
        }
        out
    }

    /// The indicator of `code`, with the code of what it measures.
    pub fn indicator(&self, code: &str) -> Option<(PlanCode, &Indicator)> {
        self.indicators().into_iter().find(|(_, i)| i.code == code)
    }

    /// Budget and expenditure, in maloti, of the activities within `code` (all of them when none).
    pub fn spending(&self, code: Option<PlanCode>) -> (u64, u64) {
        self.activities().filter(|a| code.is_none_or(|c| a.code.is_within(c))).fold((0, 0), |(b, e), a| {
            (b.saturating_add(a.budget.unwrap_or(0)), e.saturating_add(a.expenditure.unwrap_or(0)))
        })
    }

    /// What needs attention on `today`: activities over budget, and activities past their end and not done.
    pub fn flags(&self, today: time::Date) -> Vec<PlanFlag> {
        let mut out = Vec::new();
        for a in self.activities() {
            if let (Some(budget), Some(expenditure), Some(_)) = (a.budget, a.expenditure, a.overspent()) {
                out.push(PlanFlag::Overspent { activity: a.code, budget, expenditure });
            }
            if a.is_late(today) {
                out.push(PlanFlag::Late { activity: a.code, end: a.end });
            }
        }
        out
    }

    /// The districts activities name that are not districts of `geo`, with their activity.
    pub fn unknown_districts(&self, geo: &Geography) -> Vec<(PlanCode, UnitCode)> {
        self.activities()
            .flat_map(|a| a.districts.list().iter().filter(|d| !geo.is_district(d)).map(|d| (a.code, d.clone())))
            .collect()
    }

    /// A copy of what the plan was made from, to edit and check again with [`ActionPlan::new`].
    pub fn to_input(&self) -> PlanInput {
        self.0.clone()
    }
}
