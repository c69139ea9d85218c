//! The progress report's content, in the reader's language: a summary by pillar and by the recommendations'
//! headings; each recommendation of the year with the activities that answer it (what was done: status,
//! spending, evidence) and their indicators' figures for the period; the activities that fall in the period and
//! those that need attention; then the country's figures of the period from the TIP report.

use lekhotla_domain::{
    ActionPlan, Activity, ActivityStatus, Pillar, PlanFlag, Recommendation, RecommendationCategory,
    RecommendationPriority, RecommendationStatus, Recommendations, Vocabulary,
};
use lekhotla_report::{Period, Table};
use lekhotla_report_files::{Block, Column, Document, Grid, Part};
use time::Date;

use super::super::indicator;
use crate::pages::chrome::Chrome;
use crate::pages::shelters::maloti;
use crate::plan_figures::Values;

/// What the report is of, beside the plan.
pub struct Context {
    pub year: i32,
    pub period: Period,
    /// The disclosure rule in words, the area of the country's figures, when computed (Maseru time).
    pub rule: String,
    pub scope: String,
    pub computed_at: String,
    pub sensitive: bool,
    /// The documents uploaded, by activity code (id and name).
    pub files: super::super::Files,
}

/// The country's figures the report carries, by table id, in this order (those the report has).
pub const PERIOD_TABLES: &[&str] = &[
    "protection.victims_by_status",
    "protection.referrals_sent",
    "protection.answered_on_time",
    "protection.shelter",
    "prosecution.accused",
    "prosecution.officials",
    "prosecution.waiting",
    "prevention.campaigns",
    "prevention.trainings",
    "prevention.inspections_with_case",
];

fn dash(s: Option<String>) -> String {
    s.unwrap_or_else(|| "–".to_owned())
}

/// Whether `a` falls in the period: its quarters meet it, or it is past its end and not done by the period's end.
fn in_period(a: &Activity, p: Period) -> bool {
    (a.start.first_day() <= p.to && a.end.last_day() >= p.from) || a.is_late(p.to)
}

fn activity_columns(c: &Chrome) -> Vec<Column> {
    vec![
        Column::text(c.t("plan-activity"), 3.2),
        Column::text(c.t("plan-responsible"), 1.6),
        Column::text(c.t("plan-quarters"), 1.1),
        Column::text(c.t("plan-status"), 1.1),
        Column::number(c.t("plan-budget"), 1.0),
        Column::number(c.t("plan-expenditure"), 1.0),
        Column::text(c.t("plan-evidence"), 1.8),
    ]
}

fn activity_row(c: &Chrome, a: &Activity, day: Date, files: &super::super::Files) -> Vec<String> {
    let mut status = c.vocab(a.status);
    if a.is_late(day) {
        status = format!("{status} · {}", c.t("plan-late"));
    }
    let mut spent = dash(a.expenditure.map(maloti));
    if let Some(o) = a.overspent() {
        spent = format!("{spent} ({})", c.t1("plan-overspent", "amount", maloti(o)));
    }
    let districts = if a.districts.list().is_empty() { c.t("plan-national") } else { a.districts.to_string() };
    let quarters = if a.start == a.end { a.start.to_string() } else { format!("{} – {}", a.start, a.end) };
    let mut evidence: Vec<String> = a.evidence.iter().map(|e| e.label.clone()).collect();
    evidence.extend(files.get(&a.code.to_string()).into_iter().flatten().map(|(_, name)| name.clone()));
    vec![
        format!("{} {}", a.code, a.title),
        format!("{} ({districts})", a.responsible),
        quarters,
        status,
        a.budget.map(maloti).unwrap_or_else(|| c.t("plan-not-costed")),
        spent,
        if evidence.is_empty() { "–".to_owned() } else { evidence.join("; ") },
    ]
}

fn indicators_grid(c: &Chrome, list: &[&lekhotla_domain::Indicator], values: &Values) -> Grid {
    let rows = list
        .iter()
        .map(|i| {
            let v = indicator(c, i, values);
            let mut value = dash(v.current);
            if !v.by_district.is_empty() {
                value = format!("{value} ({})", v.by_district);
            }
            let source = format!("{}: {}", c.t(if v.live { "plan-live" } else { "plan-typed" }), v.when);
            vec![
                format!("{} {}", v.code, v.name),
                dash(v.baseline),
                dash(v.target),
                value,
                source,
                dash(v.progress.map(|p| c.t1("plan-progress", "share", p))),
            ]
        })
        .collect();
    Grid {
        columns: vec![
            Column::text(c.t("plan-indicator"), 3.0),
            Column::number(c.t("plan-baseline"), 1.0),
            Column::number(c.t("plan-target"), 1.0),
            Column::number(c.t("progress-value"), 1.3),
            Column::text(c.t("plan-source"), 2.0),
            Column::text(c.t("progress-towards-target"), 1.3),
        ],
        rows,
    }
}

fn summary(c: &Chrome, plan: &ActionPlan, recs: &[&Recommendation], day: Date) -> Part {
    let statuses = ActivityStatus::ALL;
    let mut columns = vec![Column::text(c.t("progress-pillar"), 2.0), Column::number(c.t("progress-activities"), 1.0)];
    columns.extend(statuses.iter().map(|s| Column::number(c.vocab(*s), 1.0)));
    columns.push(Column::number(c.t("plan-late"), 1.0));
    columns.push(Column::number(c.t("plan-budget"), 1.4));
    columns.push(Column::number(c.t("plan-expenditure"), 1.4));
    let mut rows = Vec::new();
    for p in Pillar::ALL {
        let acts: Vec<&Activity> = plan.activities().filter(|a| plan.pillar_of(a.code) == Some(*p)).collect();
        if acts.is_empty() {
            continue;
        }
        let (budget, spent) =
            plan.objectives_of(*p).map(|o| plan.spending(Some(o.code))).fold((0, 0), |(b, e), (x, y)| (b + x, e + y));
        let mut row = vec![c.vocab(*p), acts.len().to_string()];
        row.extend(statuses.iter().map(|s| acts.iter().filter(|a| a.status == *s).count().to_string()));
        row.push(acts.iter().filter(|a| a.is_late(day)).count().to_string());
        row.push(maloti(budget));
        row.push(maloti(spent));
        rows.push(row);
    }
    let by_pillar = Grid { columns, rows };

    let rec_statuses = RecommendationStatus::ALL;
    let mut columns =
        vec![Column::text(c.t("progress-heading"), 2.0), Column::number(c.t("plan-recommendations"), 1.2)];
    columns.push(Column::number(c.t("plan-priority"), 1.0));
    columns.extend(rec_statuses.iter().map(|s| Column::number(c.vocab(*s), 1.0)));
    let rows = RecommendationCategory::ALL
        .iter()
        .map(|cat| {
            let of: Vec<&&Recommendation> = recs.iter().filter(|r| r.category == *cat).collect();
            let mut row = vec![c.vocab(*cat), of.len().to_string()];
            row.push(of.iter().filter(|r| r.priority == RecommendationPriority::Priority).count().to_string());
            row.extend(rec_statuses.iter().map(|s| of.iter().filter(|r| r.status == *s).count().to_string()));
            row
        })
        .collect();
    Part {
        title: c.t("progress-summary"),
        sheet: c.t("progress-summary"),
        blocks: vec![
            Block::Heading(c.t("progress-by-pillar")),
            Block::Grid(by_pillar),
            Block::Note(c.t1("progress-late-note", "day", day)),
            Block::Heading(c.t("progress-by-heading")),
            Block::Grid(Grid { columns, rows }),
        ],
    }
}

fn recommendations(c: &Chrome, plan: &ActionPlan, recs: &[&Recommendation], values: &Values, cx: &Context) -> Part {
    let mut blocks = Vec::new();
    if recs.is_empty() {
        blocks.push(Block::Paragraph(c.t("plan-no-recommendations")));
    }
    for r in recs {
        let mut head = format!("{} · {}", r.key(), c.vocab(r.category));
        if r.priority == RecommendationPriority::Priority {
            head = format!("{head} · {}", c.t("plan-priority"));
        }
        blocks.push(Block::Heading(format!("{head}: {}", c.vocab(r.status))));
        blocks.push(Block::Paragraph(r.text.clone()));
        if let Some(f) = r.carried_from {
            blocks.push(Block::Note(c.t1("plan-carried-from", "key", f)));
        }
        let answering: Vec<&Activity> = r.activities.iter().filter_map(|a| plan.activity(*a)).collect();
        if answering.is_empty() {
            blocks.push(Block::Note(c.t("plan-no-activity")));
            continue;
        }
        let rows = answering.iter().map(|a| activity_row(c, a, cx.period.to, &cx.files)).collect();
        blocks.push(Block::Grid(Grid { columns: activity_columns(c), rows }));
        let inds: Vec<&lekhotla_domain::Indicator> = answering.iter().flat_map(|a| &a.indicators).collect();
        if !inds.is_empty() {
            blocks.push(Block::Grid(indicators_grid(c, &inds, values)));
        }
    }
    let title = c.t1("plan-recommendations-of", "year", cx.year);
    Part { sheet: title.clone(), title, blocks }
}

fn activities(c: &Chrome, plan: &ActionPlan, values: &Values, cx: &Context) -> Part {
    let mut blocks = vec![Block::Note(c.t("progress-activities-note"))];
    let mut any = false;
    for p in Pillar::ALL {
        let acts: Vec<&Activity> =
            plan.activities().filter(|a| plan.pillar_of(a.code) == Some(*p) && in_period(a, cx.period)).collect();
        if acts.is_empty() {
            continue;
        }
        any = true;
        blocks.push(Block::Heading(c.vocab(*p)));
        let rows = acts.iter().map(|a| activity_row(c, a, cx.period.to, &cx.files)).collect();
        blocks.push(Block::Grid(Grid { columns: activity_columns(c), rows }));
        let inds: Vec<&lekhotla_domain::Indicator> = plan
            .indicators()
            .into_iter()
            .filter(|(code, _)| {
                plan.pillar_of(*code) == Some(*p) && code.level() != lekhotla_domain::PlanLevel::Activity
            })
            .map(|(_, i)| i)
            .chain(acts.iter().flat_map(|a| &a.indicators))
            .collect();
        if !inds.is_empty() {
            blocks.push(Block::Grid(indicators_grid(c, &inds, values)));
        }
    }
    if !any {
        blocks.push(Block::Paragraph(c.t("progress-no-activity")));
    }
    let flags = plan.flags(cx.period.to);
    blocks.push(Block::Heading(c.t("progress-attention")));
    if flags.is_empty() {
        blocks.push(Block::Paragraph(c.t("progress-nothing-flagged")));
    } else {
        let rows = flags
            .iter()
            .map(|f| match f {
                PlanFlag::Late { activity, end } => vec![
                    plan.activity(*activity).map_or(activity.to_string(), |a| format!("{} {}", a.code, a.title)),
                    c.t1("progress-late-since", "end", end),
                ],
                PlanFlag::Overspent { activity, budget, expenditure } => vec![
                    plan.activity(*activity).map_or(activity.to_string(), |a| format!("{} {}", a.code, a.title)),
                    c.t1("plan-overspent", "amount", maloti(expenditure.saturating_sub(*budget))),
                ],
            })
            .collect();
        let columns = vec![Column::text(c.t("plan-activity"), 3.0), Column::text(c.t("progress-why"), 2.0)];
        blocks.push(Block::Grid(Grid { columns, rows }));
    }
    let title = c.t("progress-activities-of-period");
    Part { sheet: title.clone(), title, blocks }
}

/// The report in the reader's language, from the stored plan, the indicators' values for the period and the
/// TIP report's tables of it (already translated and under the rule).
pub fn document(
    c: &Chrome,
    plan: &ActionPlan,
    all: &Recommendations,
    values: &Values,
    figures: Vec<Table>,
    cx: &Context,
) -> Document {
    let recs: Vec<&Recommendation> = all.of_year(cx.year).collect();
    let mut facts = vec![
        (c.t("progress-plan"), plan.title().to_owned()),
        (
            c.t("plan-period"),
            c.tr.args(
                "progress-period-range",
                &[("from", cx.period.from.to_string()), ("to", cx.period.to.to_string())],
            ),
        ),
        (c.t("plan-recommendations"), c.t1("plan-recommendations-of", "year", cx.year)),
        (c.t("progress-scope"), cx.scope.clone()),
        (c.t("progress-computed"), cx.computed_at.clone()),
        (c.t("progress-rule"), cx.rule.clone()),
    ];
    if let Some(n) = plan.note() {
        facts.push((c.t("progress-note"), n.to_owned()));
    }
    let mut parts = vec![
        summary(c, plan, &recs, cx.period.to),
        recommendations(c, plan, &recs, values, cx),
        activities(c, plan, values, cx),
    ];
    let mut blocks = vec![Block::Note(c.t("progress-figures-note"))];
    blocks.extend(figures.into_iter().map(Block::Figures));
    let title = c.t("progress-figures");
    parts.push(Part { sheet: title.clone(), title, blocks });
    Document {
        title: c.tr.args(
            "progress-title",
            &[("year", cx.year.to_string()), ("from", cx.period.from.to_string()), ("to", cx.period.to.to_string())],
        ),
        facts,
        sensitive: cx.sensitive,
        parts,
    }
}

#[cfg(test)]
mod tests {
    use lekhotla_domain::{Coverage, PlanCode, Quarter};
    use time::macros::date;

    use super::*;

    fn activity(start: &str, end: &str, status: ActivityStatus) -> Activity {
        Activity {
            code: PlanCode::parse("1.1.1").unwrap(),
            title: "Train district focal points".into(),
            responsible: "Ministry of Home Affairs".into(),
            districts: Coverage::National,
            start: Quarter::parse(start).unwrap(),
            end: Quarter::parse(end).unwrap(),
            budget: None,
            expenditure: None,
            status,
            evidence: vec![],
            indicators: vec![],
        }
    }

    #[test]
    fn an_activity_falls_in_a_period_its_quarters_meet_or_when_late() {
        let p = Period { from: date!(2025 - 04 - 01), to: date!(2025 - 11 - 30) };
        assert!(in_period(&activity("2025-Q1", "2025-Q2", ActivityStatus::InProgress), p), "overlaps");
        assert!(in_period(&activity("2025-Q4", "2026-Q2", ActivityStatus::NotStarted), p), "starts in it");
        assert!(!in_period(&activity("2026-Q1", "2026-Q2", ActivityStatus::NotStarted), p), "after it");
        assert!(in_period(&activity("2023-Q1", "2023-Q4", ActivityStatus::Delayed), p), "late, not done");
        assert!(!in_period(&activity("2023-Q1", "2023-Q4", ActivityStatus::Done), p), "done before it");
    }
}
