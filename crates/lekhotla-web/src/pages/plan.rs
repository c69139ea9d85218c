//! `/plan`: the national action plan by pillar, objective, outcome and activity (who is responsible, where, when,
//! budget and expenditure with overspending flagged, status, evidence), each indicator with its baseline, target
//! and current value, computed live from the registry (and when) or typed in (and as of when); then a report
//! year's recommendations (`?year=`), each with the activities that answer it and the figures of their
//! indicators. Read only: the plan is loaded with `lekhotla plan import` (editing here is later work). The
//! period's progress report, as a page, PDF and XLSX, is `progress`.

pub(super) mod edit;
pub(super) mod files;
pub(super) mod progress;
pub(super) mod recommend;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use lekhotla_domain::{
    Activity, Indicator, IndicatorUnit, Pillar, Recommendation, RecommendationPriority, ValueSource, Vocabulary,
};
use lekhotla_storage::ActionPlans;
use serde::Deserialize;
use time::{Date, Month};

use crate::actor::Actor;
use crate::error::ApiError;
use crate::pages::chrome::Chrome;
use crate::pages::shelters::maloti;
use crate::plan_figures::Values;
use crate::reports;
use crate::state::AppState;

/// The report year asked for.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Ask {
    year: Option<i32>,
    /// The disclosure level (`public`, `internal`, `unsuppressed`), as on the dashboard; the reader's default
    /// when not given.
    level: Option<String>,
}

/// A level the reader may choose.
#[derive(Debug)]
struct Choice {
    href: String,
    label: String,
    current: bool,
}

/// An indicator as the page shows it.
#[derive(Debug)]
struct IndicatorView {
    code: String,
    name: String,
    unit: String,
    baseline: Option<String>,
    target: Option<String>,
    /// The current value, none when there is none yet.
    current: Option<String>,
    /// Its districts' figures, for a measure by district (`LS-A 2, LS-C 1`).
    by_district: String,
    live: bool,
    /// When computed (live) or as of when (typed), in the person's language.
    when: String,
    /// How far from the baseline to the target, as a percent.
    progress: Option<String>,
}

#[derive(Debug)]
struct ActivityView {
    code: String,
    title: String,
    responsible: String,
    districts: String,
    quarters: String,
    budget: Option<String>,
    expenditure: Option<String>,
    /// By how much it was overspent.
    overspent: Option<String>,
    late: bool,
    status: String,
    status_code: &'static str,
    evidence: Vec<(String, String, String)>,
    /// The documents uploaded for it: id and name.
    files: Vec<(String, String)>,
    indicators: Vec<IndicatorView>,
}

#[derive(Debug)]
struct OutcomeView {
    code: String,
    title: String,
    indicators: Vec<IndicatorView>,
    activities: Vec<ActivityView>,
}

#[derive(Debug)]
struct ObjectiveView {
    code: String,
    title: String,
    indicators: Vec<IndicatorView>,
    outcomes: Vec<OutcomeView>,
}

#[derive(Debug)]
struct PillarView {
    code: &'static str,
    name: String,
    objectives: Vec<ObjectiveView>,
}

#[derive(Debug)]
struct RecommendationView {
    key: String,
    category: String,
    priority: bool,
    text: String,
    status: String,
    carried_from: Option<String>,
    /// The answering activities: code, title, status label, status code.
    activities: Vec<(String, String, String, &'static str)>,
    indicators: Vec<IndicatorView>,
}

#[derive(Debug)]
struct Loaded {
    title: String,
    note: Option<String>,
    period: String,
    version: i64,
    loaded_at: String,
    budget: String,
    expenditure: String,
    pillars: Vec<PillarView>,
}

#[derive(Debug, Template)]
#[template(path = "plan.html")]
struct PlanPage {
    c: Chrome,
    plan: Option<Loaded>,
    year: i32,
    years: Vec<i32>,
    /// The period the live figures are computed for.
    from: Date,
    to: Date,
    recommendations: Vec<RecommendationView>,
    /// The disclosure rule the live figures passed, in words, and the levels to choose from (none for one).
    rule: String,
    levels: Vec<Choice>,
    level_code: &'static str,
    /// The national coordinator changes the activities and recommendations here.
    may_edit: bool,
    /// The recommendations' version, for the carry-over form, and whether any of the year's is still open.
    recs_version: i64,
    open_recs: bool,
}

/// A figure as the page shows it: whole numbers without decimals, a percent with its sign, maloti as money.
fn figure(value: f64, unit: IndicatorUnit) -> String {
    let n = if value.fract() == 0.0 { format!("{value:.0}") } else { format!("{value:.1}") };
    match unit {
        IndicatorUnit::Percent => format!("{n}%"),
        IndicatorUnit::Maloti if value.fract() == 0.0 && value >= 0.0 => maloti(value as u64),
        _ => n,
    }
}

fn indicator(c: &Chrome, i: &Indicator, values: &Values) -> IndicatorView {
    let bench = |b: Option<lekhotla_domain::Benchmark>| b.map(|b| format!("{} ({})", figure(b.value, i.unit), b.year));
    let v = values.values.get(&i.code);
    if values.withheld.contains(&i.code) {
        return IndicatorView {
            code: i.code.clone(),
            name: i.name.clone(),
            unit: c.vocab(i.unit),
            baseline: bench(i.baseline),
            target: bench(i.target),
            current: Some(c.t("plan-withheld")),
            by_district: String::new(),
            live: true,
            when: c.t("plan-withheld-why"),
            progress: None,
        };
    }
    let (live, when) = match v.map(|v| &v.source) {
        Some(ValueSource::Live { computed_at, .. }) => {
            let at = computed_at.to_offset(crate::i18n::MASERU);
            let at = format!("{} {:02}:{:02}", at.date(), at.hour(), at.minute());
            (true, c.t1("plan-live-at", "at", at))
        }
        Some(ValueSource::Typed { as_of, .. }) => (false, c.t1("plan-typed-as-of", "day", as_of)),
        None if i.live().is_some() => (true, c.t("plan-live-none")),
        None => (false, c.t("plan-typed-none")),
    };
    let by_district = v.map(|v| {
        v.by_district.iter().map(|(d, n)| format!("{d} {}", figure(*n, i.unit))).collect::<Vec<_>>().join(", ")
    });
    IndicatorView {
        code: i.code.clone(),
        name: i.name.clone(),
        unit: c.vocab(i.unit),
        baseline: bench(i.baseline),
        target: bench(i.target),
        current: v.map(|v| figure(v.value, i.unit)),
        by_district: by_district.unwrap_or_default(),
        live,
        when,
        progress: v.and_then(|v| i.progress(v.value)).map(|p| format!("{:.0}%", p * 100.0)),
    }
}

/// The documents uploaded, by activity code: id and name.
pub(super) type Files = std::collections::BTreeMap<String, Vec<(String, String)>>;

/// The documents uploaded for the plan's activities, by activity.
pub(super) async fn files(state: &AppState) -> Result<Files, ApiError> {
    let mut out = Files::new();
    for f in state.store.plan_files().await? {
        out.entry(f.activity).or_default().push((f.id.to_string(), f.name));
    }
    Ok(out)
}

fn activity(c: &Chrome, a: &Activity, today: Date, values: &Values, files: &Files) -> ActivityView {
    ActivityView {
        code: a.code.to_string(),
        title: a.title.clone(),
        responsible: a.responsible.clone(),
        districts: if a.districts.list().is_empty() { c.t("plan-national") } else { a.districts.to_string() },
        quarters: if a.start == a.end { a.start.to_string() } else { format!("{} – {}", a.start, a.end) },
        budget: a.budget.map(maloti),
        expenditure: a.expenditure.map(maloti),
        overspent: a.overspent().map(maloti),
        late: a.is_late(today),
        status: c.vocab(a.status),
        status_code: a.status.code(),
        evidence: a.evidence.iter().map(|e| (e.label.clone(), c.vocab(e.kind), e.reference.clone())).collect(),
        files: files.get(&a.code.to_string()).cloned().unwrap_or_default(),
        indicators: a.indicators.iter().map(|i| indicator(c, i, values)).collect(),
    }
}

fn recommendation(
    c: &Chrome,
    r: &Recommendation,
    plan: &lekhotla_domain::ActionPlan,
    values: &Values,
) -> RecommendationView {
    let answering: Vec<&Activity> = r.activities.iter().filter_map(|a| plan.activity(*a)).collect();
    RecommendationView {
        key: r.key().to_string(),
        category: c.vocab(r.category),
        priority: r.priority == RecommendationPriority::Priority,
        text: r.text.clone(),
        status: c.vocab(r.status),
        carried_from: r.carried_from.map(|k| k.to_string()),
        activities: answering
            .iter()
            .map(|a| (a.code.to_string(), a.title.clone(), c.vocab(a.status), a.status.code()))
            .collect(),
        indicators: answering.iter().flat_map(|a| &a.indicators).map(|i| indicator(c, i, values)).collect(),
    }
}

pub async fn page(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    Query(q): Query<Ask>,
) -> Result<Response, ApiError> {
    let today = crate::i18n::today(state.clock.now());
    let level = reports::level(&actor, q.level.as_deref())?;
    let disclosure = lekhotla_report::Disclosure::of(level);
    let threshold = if level == lekhotla_report::DisclosureLevel::Unsuppressed { 0 } else { disclosure.threshold };
    let stored = state.store.read_plan().await?;
    let mut years: Vec<i32> = stored.iter().flat_map(|s| s.recommendations.items().iter().map(|r| r.year)).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let year = q.year.unwrap_or_else(|| years.first().copied().unwrap_or(today.year())).clamp(2000, 2100);
    if !years.contains(&year) {
        years.insert(0, year);
        years.sort_unstable_by(|a, b| b.cmp(a));
    }
    // The live figures are of the year chosen: 1 January to 31 December, or to today in the current year.
    let from = Date::from_calendar_date(year, Month::January, 1).map_err(ApiError::internal)?;
    let end = Date::from_calendar_date(year, Month::December, 31).map_err(ApiError::internal)?;
    let to = if today >= from && today < end { today } else { end };
    let (plan, recommendations) = match &stored {
        None => (None, Vec::new()),
        Some(s) => {
            let values = crate::plan_figures::values(&state, &s.plan, from, to, threshold).await?;
            let files = files(&state).await?;
            let pillars = Pillar::ALL
                .iter()
                .map(|p| PillarView {
                    code: p.code(),
                    name: c.vocab(*p),
                    objectives: s
                        .plan
                        .objectives_of(*p)
                        .map(|o| ObjectiveView {
                            code: o.code.to_string(),
                            title: o.title.clone(),
                            indicators: o.indicators.iter().map(|i| indicator(&c, i, &values)).collect(),
                            outcomes: o
                                .outcomes
                                .iter()
                                .map(|u| OutcomeView {
                                    code: u.code.to_string(),
                                    title: u.title.clone(),
                                    indicators: u.indicators.iter().map(|i| indicator(&c, i, &values)).collect(),
                                    activities: u
                                        .activities
                                        .iter()
                                        .map(|a| activity(&c, a, today, &values, &files))
                                        .collect(),
                                })
                                .collect(),
                        })
                        .collect(),
                })
                .filter(|p| !p.objectives.is_empty())
                .collect();
            let (start, end) = s.plan.period();
            let (budget, spent) = s.plan.spending(None);
            let at = s.loaded_at.to_offset(crate::i18n::MASERU);
            let loaded = Loaded {
                title: s.plan.title().to_owned(),
                note: s.plan.note().map(str::to_owned),
                period: format!("{start} – {end}"),
                version: s.versions.plan,
                loaded_at: format!("{} {:02}:{:02}", at.date(), at.hour(), at.minute()),
                budget: maloti(budget),
                expenditure: maloti(spent),
                pillars,
            };
            let recs = s.recommendations.of_year(year).map(|r| recommendation(&c, r, &s.plan, &values)).collect();
            (Some(loaded), recs)
        }
    };
    let allowed = reports::levels(&actor);
    let levels = if allowed.len() < 2 {
        Vec::new()
    } else {
        allowed
            .iter()
            .map(|l| {
                let code = reports::level_code(*l);
                Choice {
                    href: format!("/plan?year={year}&level={code}"),
                    label: c.t(&format!("report-level-{code}")),
                    current: *l == level,
                }
            })
            .collect()
    };
    let rule = reports::text::rule(c.tr, &disclosure);
    let level_code = reports::level_code(level);
    let may_edit = actor.roles.contains(lekhotla_identity::Role::NationalCoordinator);
    let recs_version = stored.as_ref().map_or(0, |s| s.versions.recommendations);
    let open_recs = stored.as_ref().is_some_and(|s| {
        s.recommendations.of_year(year).any(|r| {
            matches!(
                r.status,
                lekhotla_domain::RecommendationStatus::Open | lekhotla_domain::RecommendationStatus::PartlyMet
            )
        })
    });
    let page = PlanPage {
        c,
        plan,
        year,
        years,
        from,
        to,
        recommendations,
        rule,
        levels,
        level_code,
        may_edit,
        recs_version,
        open_recs,
    };
    let html = page.render().map_err(ApiError::internal)?;
    Ok(Html(html).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_show_their_unit() {
        assert_eq!(figure(41.0, IndicatorUnit::Count), "41");
        assert_eq!(figure(75.5, IndicatorUnit::Percent), "75.5%");
        assert_eq!(figure(1200.0, IndicatorUnit::Maloti), "M\u{a0}1\u{a0}200");
    }
}
