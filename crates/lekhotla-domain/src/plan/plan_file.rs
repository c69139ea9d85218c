//! The plan file: one CSV, one row per plan, objective, outcome, activity, indicator, typed value or piece of
//! evidence, told apart by the `level` column. Lines starting with `#` are comments; columns may come in any
//! order and a column a file does not need may be left out. `data/plan/README.md` says the same, at more length.
//!
//! Each level uses these columns (**needed** ones in bold); a cell a level does not use must be blank:
//! - `plan`: **title**, **start**, **end** (quarters), note. Exactly one such row.
//! - `objective`: **code** (`1`), **pillar** (`prevention`, `protection`, `prosecution`, `partnership`,
//!   `coordination`), **title**.
//! - `outcome`: **code** (`1.3`; its objective must be in the file), **title**.
//! - `activity`: **code** (`1.3.2`; its outcome must be in the file), **title**, **responsible** (the ministry or
//!   organisation, as text), **districts** (`national`, or district codes joined by `|`: `LS-A|LS-C`), **start**
//!   and **end** (quarters `2024-Q3`, within the plan's), budget and expenditure (whole maloti), status
//!   (`not_started` when blank, `in_progress`, `done`, `delayed`, `dropped`).
//! - `indicator`: **code** (unique in the file: `1.3-a`), **parent** (the objective, outcome or activity it
//!   measures), **title**, **unit** (`count`, `percent`, `maloti`, `days`, `yes_no`), baseline with
//!   baseline_year and target with target_year (each pair both or neither), **source**: `typed`, or `live:` and
//!   one of the [`LiveIndicator`] codes (`live:victims_identified`), whose unit the indicator must have.
//! - `value`: **parent** (a typed indicator's code), **value**, **as_of** (`YYYY-MM-DD`), note.
//! - `evidence`: **parent** (an activity's code), **title** (what it shows), **kind** (`document` or `record`),
//!   **reference** (a document's name; a record as `case:LS-2025-000123`, `training:<id>`...).
//!
//! Numbers use `.` for decimals. Rows may come in any order; the plan is kept in code order, typed values oldest
//! first, indicators and evidence in the file's order. Every problem is reported, as `row N (line L), field:
//! reason`.

use std::collections::HashMap;

use super::Pillar;
use super::activity::{Activity, ActivityStatus, Evidence, EvidenceKind};
use super::code::{Coverage, PlanCode, PlanLevel, Quarter};
use super::indicator::{Benchmark, Indicator, IndicatorSource, IndicatorUnit, LiveIndicator, TypedValue};
use super::sheet::{At, Problems, Sheet, SheetProblem, day, maloti, needed, number, optional, year};
use super::tree::{ActionPlan, Objective, Outcome, PlanInput};
use crate::error::{Checker, DomainError};
use crate::vocabulary::Vocabulary;

/// The plan file's columns, in the order [`ActionPlan::to_csv`] writes them.
pub const PLAN_COLUMNS: &[&str] = &[
    "level",
    "code",
    "parent",
    "pillar",
    "title",
    "responsible",
    "districts",
    "start",
    "end",
    "budget",
    "expenditure",
    "status",
    "unit",
    "baseline",
    "baseline_year",
    "target",
    "target_year",
    "source",
    "value",
    "as_of",
    "kind",
    "reference",
    "note",
];

/// The `level` of a row, and the columns it uses.
const LEVELS: &[(&str, &[&str])] = &[
    ("plan", &["title", "start", "end", "note"]),
    ("objective", &["code", "pillar", "title"]),
    ("outcome", &["code", "title"]),
    ("activity", &["code", "title", "responsible", "districts", "start", "end", "budget", "expenditure", "status"]),
    ("indicator", &["code", "parent", "title", "unit", "baseline", "baseline_year", "target", "target_year", "source"]),
    ("value", &["parent", "value", "as_of", "note"]),
    ("evidence", &["parent", "title", "kind", "reference"]),
];

/// The rows read so far, each with where it is.
#[derive(Debug, Default)]
struct Builder {
    plan: Option<(At, PlanInput)>,
    /// Every objective, outcome and activity code given, with its first row (even when its row has problems).
    codes: HashMap<PlanCode, At>,
    indicator_codes: HashMap<String, At>,
    objectives: Vec<Objective>,
    outcomes: Vec<(At, Outcome)>,
    activities: Vec<(At, Activity)>,
    indicators: Vec<(At, PlanCode, Indicator)>,
    values: Vec<(At, String, TypedValue)>,
    evidence: Vec<(At, PlanCode, Evidence)>,
}

fn code_of(cell: &str, level: PlanLevel) -> Result<PlanCode, String> {
    let code = PlanCode::parse(needed(cell)?).map_err(|e| e.to_string())?;
    if code.level() == level {
        Ok(code)
    } else {
        Err(format!("{code} is the code of an {}, not of an {}", code.level().code(), level.code()))
    }
}

fn vocab<V: Vocabulary>(cell: &str) -> Result<V, String> {
    crate::vocabulary::parse_code(&needed(cell)?.to_lowercase()).map_err(|e| e.to_string())
}

fn quarter(cell: &str) -> Result<Quarter, String> {
    Quarter::parse(needed(cell)?).map_err(|e| e.to_string())
}

impl Builder {
    fn row(&mut self, sheet: &Sheet, at: At, r: &csv::StringRecord, p: &mut Problems) {
        let get = |column: &str| sheet.get(r, column);
        let level = get("level").to_lowercase();
        let Some((level, columns)) = LEVELS.iter().find(|(l, _)| *l == level) else {
            let known: Vec<&str> = LEVELS.iter().map(|(l, _)| *l).collect();
            return p.add(at, "level", format!("{:?} is not a level ({})", get("level"), known.join("|")));
        };
        for column in sheet.filled(r).filter(|c| *c != "level" && !columns.contains(c)) {
            p.add(at, column, format!("is not used on {level} rows"));
        }
        let mut c = Checker::new();
        let mut declare = |p: &mut Problems, cell: &str, level: PlanLevel| {
            let code = p.ok(at, "code", code_of(cell, level))?;
            if let Some(first) = self.codes.get(&code) {
                p.add(at, "code", format!("{code} is on row {} already", first.row));
                return None;
            }
            self.codes.insert(code, at);
            Some(code)
        };
        match *level {
            "plan" => {
                let start = p.ok(at, "start", quarter(get("start")));
                let end = p.ok(at, "end", quarter(get("end")));
                if let Some((first, _)) = &self.plan {
                    return p.add(at, "level", format!("the plan's row is row {} already", first.row));
                }
                let (Some(start), Some(end)) = (start, end) else { return };
                let head = PlanInput {
                    title: get("title").into(),
                    start,
                    end,
                    note: optional(get("note")),
                    objectives: vec![],
                };
                head.check_head(&mut c);
                self.plan = Some((at, head));
            }
            "objective" => {
                let code = declare(p, get("code"), PlanLevel::Objective);
                let pillar = p.ok(at, "pillar", vocab::<Pillar>(get("pillar")));
                c.text("title", get("title"), 300);
                if let (Some(code), Some(pillar)) = (code, pillar) {
                    let (title, indicators, outcomes) = (get("title").into(), vec![], vec![]);
                    self.objectives.push(Objective { code, pillar, title, indicators, outcomes });
                }
            }
            "outcome" => {
                c.text("title", get("title"), 300);
                if let Some(code) = declare(p, get("code"), PlanLevel::Outcome) {
                    let outcome = Outcome { code, title: get("title").into(), indicators: vec![], activities: vec![] };
                    self.outcomes.push((at, outcome));
                }
            }
            "activity" => {
                let code = declare(p, get("code"), PlanLevel::Activity);
                let districts = p.ok(at, "districts", Coverage::parse(get("districts")));
                let start = p.ok(at, "start", quarter(get("start")));
                let end = p.ok(at, "end", quarter(get("end")));
                let budget = p.ok(at, "budget", maloti(get("budget")));
                let expenditure = p.ok(at, "expenditure", maloti(get("expenditure")));
                let status = match get("status") {
                    "" => Some(ActivityStatus::NotStarted),
                    s => p.ok(at, "status", vocab::<ActivityStatus>(s)),
                };
                if let (
                    Some(code),
                    Some(districts),
                    Some(start),
                    Some(end),
                    Some(budget),
                    Some(expenditure),
                    Some(status),
                ) = (code, districts, start, end, budget, expenditure, status)
                {
                    let (title, responsible) = (get("title").into(), get("responsible").into());
                    let (evidence, indicators) = (vec![], vec![]);
                    let a = Activity {
                        code,
                        title,
                        responsible,
                        districts,
                        start,
                        end,
                        budget,
                        expenditure,
                        status,
                        evidence,
                        indicators,
                    };
                    self.activities.push((at, a));
                }
            }
            "indicator" => {
                let code = get("code");
                if let Some(first) = self.indicator_codes.get(code) {
                    p.add(at, "code", format!("the indicator {code} is on row {} already", first.row));
                } else if !code.is_empty() {
                    self.indicator_codes.insert(code.into(), at);
                }
                let parent = p.ok(
                    at,
                    "parent",
                    needed(get("parent")).and_then(|s| PlanCode::parse(s).map_err(|e| e.to_string())),
                );
                let unit = p.ok(at, "unit", vocab::<IndicatorUnit>(get("unit")));
                let benchmark = |p: &mut Problems, field: &str| -> Option<Option<Benchmark>> {
                    let year_field = format!("{field}_year");
                    let value = p.ok(at, field, number(get(field)));
                    let y = p.ok(at, &year_field, year(get(&year_field)));
                    match (value?, y?) {
                        (Some(value), Some(year)) => Some(Some(Benchmark { value, year })),
                        (None, None) => Some(None),
                        (Some(_), None) => {
                            p.add(at, &year_field, format!("is needed with the {field}"));
                            None
                        }
                        (None, Some(_)) => {
                            p.add(at, field, format!("is needed with the {field}_year"));
                            None
                        }
                    }
                };
                let baseline = benchmark(p, "baseline");
                let target = benchmark(p, "target");
                let source = p.ok(at, "source", source(get("source")));
                if let (Some(parent), Some(unit), Some(baseline), Some(target), Some(source)) =
                    (parent, unit, baseline, target, source)
                {
                    let i = Indicator { code: code.into(), name: get("title").into(), unit, baseline, target, source };
                    i.check_head(&mut c);
                    self.indicators.push((at, parent, i));
                }
            }
            "value" => {
                let parent = p.ok(at, "parent", needed(get("parent")));
                let value = p.ok(at, "value", needed(get("value")).and_then(number));
                let as_of = p.ok(at, "as_of", day(get("as_of")));
                if let (Some(parent), Some(Some(value)), Some(as_of)) = (parent, value, as_of) {
                    self.values.push((at, parent.into(), TypedValue { value, as_of, note: optional(get("note")) }));
                }
            }
            _ => {
                let parent = p.ok(at, "parent", code_of(get("parent"), PlanLevel::Activity));
                let kind = p.ok(at, "kind", vocab::<EvidenceKind>(get("kind")));
                if let (Some(parent), Some(kind)) = (parent, kind) {
                    let e = Evidence { label: get("title").into(), kind, reference: get("reference").into() };
                    e.check(&mut c);
                    self.evidence.push((at, parent, e));
                }
            }
        }
        p.fields(at, c.into_errors());
    }

    /// Checks what crosses rows, then puts the tree together.
    fn finish(self, mut p: Problems) -> Result<ActionPlan, Vec<SheetProblem>> {
        let Some((_, mut input)) = self.plan else {
            p.file("the file", "has no plan row (level plan, with the plan's title, start and end)");
            return Err(p.sorted());
        };
        let mut outcomes = Vec::new();
        for (at, u) in self.outcomes {
            match u.code.parent() {
                Some(o) if !self.codes.contains_key(&o) => {
                    p.add(at, "code", format!("its objective {o} is not in the file"))
                }
                _ => outcomes.push(u),
            }
        }
        let mut activities = Vec::new();
        for (at, a) in self.activities {
            let mut c = Checker::new();
            a.check_head(&mut c, (input.start, input.end));
            p.fields(at, c.into_errors());
            match a.code.parent() {
                Some(u) if !self.codes.contains_key(&u) => {
                    p.add(at, "code", format!("its outcome {u} is not in the file"))
                }
                _ => activities.push(a),
            }
        }
        let mut indicators = Vec::new();
        for (at, parent, i) in self.indicators {
            if self.codes.contains_key(&parent) {
                indicators.push((parent, i));
            } else {
                p.add(at, "parent", format!("there is no objective, outcome or activity {parent} in the file"));
            }
        }
        for (at, parent, v) in self.values {
            let Some((_, i)) = indicators.iter_mut().find(|(_, i)| i.code == parent) else {
                if !self.indicator_codes.contains_key(&parent) {
                    p.add(at, "parent", format!("there is no indicator {parent} in the file"));
                }
                continue;
            };
            let mut c = Checker::new();
            v.check(&mut c, i.unit);
            p.fields(at, c.into_errors());
            match &mut i.source {
                IndicatorSource::Live(m) => {
                    let why = format!(
                        "the indicator {parent} is computed from the registry ({}): it takes no typed values",
                        m.code()
                    );
                    p.add(at, "parent", why);
                }
                IndicatorSource::Typed(values) if values.iter().any(|w| w.as_of == v.as_of) => {
                    p.add(at, "as_of", format!("the indicator {parent} has a value as of {} already", v.as_of));
                }
                IndicatorSource::Typed(values) => values.push(v),
            }
        }
        let mut evidence = self.evidence;
        for (at, parent, _) in &evidence {
            if !self.codes.contains_key(parent) {
                p.add(*at, "parent", format!("there is no activity {parent} in the file"));
            }
        }
        if !p.0.is_empty() {
            return Err(p.sorted());
        }
        for mut a in activities {
            for (_, _, e) in evidence.extract_if(.., |(_, parent, _)| *parent == a.code) {
                a.evidence.push(e);
            }
            a.indicators.extend(take(&mut indicators, a.code));
            if let Some(u) = outcomes.iter_mut().find(|u| Some(u.code) == a.code.parent()) {
                u.activities.push(a);
            }
        }
        let mut objectives = self.objectives;
        for mut u in outcomes {
            u.indicators.extend(take(&mut indicators, u.code));
            if let Some(o) = objectives.iter_mut().find(|o| Some(o.code) == u.code.parent()) {
                o.outcomes.push(u);
            }
        }
        for o in &mut objectives {
            o.indicators.extend(take(&mut indicators, o.code));
        }
        input.objectives = objectives;
        match ActionPlan::new(input) {
            Ok(plan) => p.finish(plan),
            Err(DomainError::Invalid(fields)) => {
                fields.into_iter().for_each(|f| p.file(&format!("the plan, {}", f.field), f.reason));
                Err(p.sorted())
            }
            Err(e) => {
                p.file("the plan", e);
                Err(p.sorted())
            }
        }
    }
}

/// The indicators of `owner`, taken out of `list` in order.
fn take(list: &mut Vec<(PlanCode, Indicator)>, owner: PlanCode) -> Vec<Indicator> {
    list.extract_if(.., |(o, _)| *o == owner).map(|(_, i)| i).collect()
}

/// `typed`, or `live:` and a live measure's code.
fn source(cell: &str) -> Result<IndicatorSource, String> {
    let cell = needed(cell)?.to_lowercase();
    if cell == "typed" {
        return Ok(IndicatorSource::Typed(vec![]));
    }
    let measure = cell.strip_prefix("live:").ok_or_else(|| format!("{cell:?} is neither typed nor live:<measure>"))?;
    LiveIndicator::from_code(measure.trim()).map(IndicatorSource::Live).ok_or_else(|| {
        let known: Vec<String> = LiveIndicator::ALL.iter().map(|m| format!("live:{}", m.code())).collect();
        format!("{measure:?} is not a live measure the registry computes ({})", known.join("|"))
    })
}

impl ActionPlan {
    /// Reads a plan file (the layout is in this module's documentation), or gives every problem in it.
    pub fn from_csv(text: &str) -> Result<Self, Vec<SheetProblem>> {
        let mut p = Problems::default();
        let Some(sheet) = Sheet::read(text, PLAN_COLUMNS, &["level", "code", "title"], &mut p) else {
            return Err(p.sorted());
        };
        let mut b = Builder::default();
        for (at, record) in &sheet.rows {
            b.row(&sheet, *at, record, &mut p);
        }
        b.finish(p)
    }
}
