//! Writing a plan back as a plan file, in the layout [`ActionPlan::from_csv`] reads: the plan's row, then each
//! objective, outcome and activity in code order, each followed by its evidence, indicators and typed values.

use super::indicator::{Indicator, IndicatorSource};
use super::plan_file::PLAN_COLUMNS;
use super::sheet::write;
use super::tree::ActionPlan;
use crate::vocabulary::Vocabulary;

/// One row of the file, its cells set by column name.
struct Row(Vec<String>);

impl Row {
    fn new(level: &str) -> Self {
        let mut cells = vec![String::new(); PLAN_COLUMNS.len()];
        cells[0] = level.to_owned();
        Self(cells)
    }

    fn set(mut self, column: &str, value: impl ToString) -> Self {
        if let Some(i) = PLAN_COLUMNS.iter().position(|c| *c == column) {
            self.0[i] = value.to_string();
        }
        self
    }

    fn opt(self, column: &str, value: Option<impl ToString>) -> Self {
        match value {
            Some(v) => self.set(column, v),
            None => self,
        }
    }
}

fn indicators(rows: &mut Vec<Vec<String>>, owner: impl ToString, list: &[Indicator]) {
    let owner = owner.to_string();
    for i in list {
        let source = match &i.source {
            IndicatorSource::Live(m) => format!("live:{}", m.code()),
            IndicatorSource::Typed(_) => "typed".into(),
        };
        let row = Row::new("indicator").set("code", &i.code).set("parent", &owner).set("title", &i.name);
        let row = row.set("unit", i.unit.code()).set("source", source);
        let row = row.opt("baseline", i.baseline.map(|b| b.value)).opt("baseline_year", i.baseline.map(|b| b.year));
        rows.push(row.opt("target", i.target.map(|b| b.value)).opt("target_year", i.target.map(|b| b.year)).0);
        if let IndicatorSource::Typed(values) = &i.source {
            for v in values {
                let row = Row::new("value").set("parent", &i.code).set("value", v.value).set("as_of", v.as_of);
                rows.push(row.opt("note", v.note.as_ref()).0);
            }
        }
    }
}

impl ActionPlan {
    /// The plan as a plan file, which [`ActionPlan::from_csv`] reads back to the same plan.
    pub fn to_csv(&self) -> String {
        let mut rows = vec![PLAN_COLUMNS.iter().map(|c| (*c).to_owned()).collect()];
        let (start, end) = self.period();
        let plan = Row::new("plan").set("title", self.title()).set("start", start).set("end", end);
        rows.push(plan.opt("note", self.note()).0);
        for o in self.objectives() {
            rows.push(
                Row::new("objective").set("code", o.code).set("pillar", o.pillar.code()).set("title", &o.title).0,
            );
            indicators(&mut rows, o.code, &o.indicators);
            for u in &o.outcomes {
                rows.push(Row::new("outcome").set("code", u.code).set("title", &u.title).0);
                indicators(&mut rows, u.code, &u.indicators);
                for a in &u.activities {
                    let row = Row::new("activity").set("code", a.code).set("title", &a.title);
                    let row = row.set("responsible", &a.responsible).set("districts", &a.districts);
                    let row = row.set("start", a.start).set("end", a.end).set("status", a.status.code());
                    rows.push(row.opt("budget", a.budget).opt("expenditure", a.expenditure).0);
                    for e in &a.evidence {
                        let row = Row::new("evidence").set("parent", a.code).set("title", &e.label);
                        rows.push(row.set("kind", e.kind.code()).set("reference", &e.reference).0);
                    }
                    indicators(&mut rows, a.code, &a.indicators);
                }
            }
        }
        write(rows)
    }
}
