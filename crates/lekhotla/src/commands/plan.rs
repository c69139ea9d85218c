//! `lekhotla plan import PLAN.csv [--recommendations RECS.csv]` and `lekhotla plan export`: the national action
//! plan and the recommendations it answers, read from their CSV files (layouts in `data/plan/README.md`), every
//! problem named as `row N (line L), field: reason`, and written as one versioned document or not at all.

use anyhow::{Context, bail};
use lekhotla_domain::{ActionPlan, Geography, PlanCode, Recommendations};
use lekhotla_storage::{Action, ActionPlans, PlanVersions, Store};

use crate::cli::PlanCommand;
use crate::db::{self, Create};
use crate::output::say;

/// The illustrative plan shipped in `data/plan` (not Lesotho's real plan), loaded by `demo-data`.
pub const DEMO_PLAN: &str = include_str!("../../../../data/plan/illustrative-action-plan.csv");
/// The illustrative 2025 recommendations shipped in `data/plan`, answered by [`DEMO_PLAN`]'s activities.
pub const DEMO_RECOMMENDATIONS: &str = include_str!("../../../../data/plan/illustrative-recommendations-2025.csv");

pub async fn run(url: &str, command: PlanCommand) -> anyhow::Result<()> {
    let store = db::open(url, Create::Forbidden).await?;
    match command {
        PlanCommand::Import { file, recommendations } => {
            let text = std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
            let recs_text = recommendations
                .as_ref()
                .map(|f| std::fs::read_to_string(f).with_context(|| format!("reading {}", f.display())))
                .transpose()?;
            let geography = db::geography(&*store).await?;
            let names = (file.display().to_string(), recommendations.as_ref().map(|f| f.display().to_string()));
            let (plan, recs) = match parse(&text, recs_text.as_deref(), &geography, &names) {
                Ok(parsed) => parsed,
                Err(problems) => {
                    for p in &problems {
                        eprintln!("{p}");
                    }
                    bail!("{} problem(s): nothing was imported", problems.len());
                }
            };
            let (versions, recs) = with_stored(&*store, &plan, recs).await?;
            let fields = [
                format!("objectives:{}", plan.objectives().len()),
                format!("activities:{}", plan.activities().count()),
                format!("indicators:{}", plan.indicators().len()),
                format!("recommendations:{}", recs.items().len()),
                format!("file:{}", file.display()),
            ];
            let note = db::cli_entry(Action::PlanSave).record("plan/action_plan").fields(fields);
            let saved = store
                .write_plan(&plan, &recs, versions, super::now(), note)
                .await
                .context("writing the action plan")?;
            say!(
                "loaded the action plan (version {}): {} objectives, {} activities, {} indicators; {} recommendations",
                saved.plan,
                plan.objectives().len(),
                plan.activities().count(),
                plan.indicators().len(),
                recs.items().len()
            );
            Ok(())
        }
        PlanCommand::Export { out, recommendations } => {
            let Some(stored) = store.read_plan().await.context("reading the action plan")? else {
                bail!("no action plan is stored: load one with `lekhotla plan import PLAN.csv`");
            };
            let text = if recommendations { stored.recommendations.to_csv() } else { stored.plan.to_csv() };
            match out {
                Some(path) => {
                    std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
                    eprintln!("wrote {}", path.display());
                }
                None => print!("{text}"),
            }
            Ok(())
        }
    }
}

/// The plan and recommendations of the files' texts, or every problem in them, each as
/// `FILE: row N (line L), field: reason`. The recommendations are checked against the plan, and the plan's
/// districts against the geography. `names` are the files' names for the messages.
pub fn parse(
    plan_text: &str,
    recs_text: Option<&str>,
    geography: &Geography,
    names: &(String, Option<String>),
) -> Result<(ActionPlan, Option<Recommendations>), Vec<String>> {
    let (plan_name, recs_name) = (&names.0, names.1.as_deref().unwrap_or("recommendations"));
    let plan = match ActionPlan::from_csv(plan_text) {
        Ok(plan) => plan,
        Err(problems) => {
            let mut out: Vec<String> = problems.iter().map(|p| format!("{plan_name}: {p}")).collect();
            if recs_text.is_some() {
                out.push(format!("{recs_name}: not checked: the recommendations are checked against a valid plan"));
            }
            return Err(out);
        }
    };
    let mut out = Vec::new();
    for (code, district) in plan.unknown_districts(geography) {
        let at =
            activity_row(plan_text, code).map(|(row, line)| format!("row {row} (line {line}), ")).unwrap_or_default();
        out.push(format!(
            "{plan_name}: {at}districts: activity {code} names {district}, not a district of the loaded geography ({})",
            db::district_codes(geography)
        ));
    }
    let recs = match recs_text.map(|t| Recommendations::from_csv(t, &plan)).transpose() {
        Ok(recs) => recs,
        Err(problems) => {
            out.extend(problems.iter().map(|p| format!("{recs_name}: {p}")));
            None
        }
    };
    if out.is_empty() { Ok((plan, recs)) } else { Err(out) }
}

/// The row and line of an activity's row in a plan file, counted as the domain counts them (rows from 1 after
/// the header, comment and blank lines skipped; lines of the file from 1).
fn activity_row(text: &str, code: PlanCode) -> Option<(usize, usize)> {
    let mut row = 0;
    let mut header: Option<Vec<String>> = None;
    for (i, line) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cells: Vec<String> = csv::ReaderBuilder::new()
            .has_headers(false)
            .trim(csv::Trim::All)
            .from_reader(line.as_bytes())
            .records()
            .next()?
            .ok()?
            .iter()
            .map(str::to_owned)
            .collect();
        let Some(h) = &header else {
            header = Some(cells);
            continue;
        };
        row += 1;
        let cell = |name: &str| h.iter().position(|c| c == name).and_then(|p| cells.get(p)).map(String::as_str);
        if cell("level") == Some("activity") && cell("code") == Some(&code.to_string()) {
            return Some((row, i + 1));
        }
    }
    None
}

/// The versions to replace, and the recommendations to write: those given, or the stored ones when they
/// still answer activities of the new plan.
async fn with_stored(
    store: &dyn Store,
    plan: &ActionPlan,
    recs: Option<Recommendations>,
) -> anyhow::Result<(PlanVersions, Recommendations)> {
    let stored = store.read_plan().await.context("reading the stored action plan")?;
    let versions = stored.as_ref().map(|s| s.versions).unwrap_or_default();
    let recs = match (recs, stored) {
        (Some(recs), _) => recs,
        (None, Some(stored)) => match Recommendations::new(stored.recommendations.items().to_vec(), plan) {
            Ok(kept) => kept,
            Err(e) => bail!(
                "the stored recommendations name activities the new plan does not have ({e}): import them again \
                 with --recommendations, nothing was imported"
            ),
        },
        (None, None) => Recommendations::new(Vec::new(), plan).context("an empty list")?,
    };
    Ok((versions, recs))
}

/// Loads the shipped illustrative plan and 2025 recommendations into a database that has no plan yet.
pub async fn load_demo(store: &dyn Store) -> anyhow::Result<()> {
    if store.read_plan().await.context("reading the action plan")?.is_some() {
        return Ok(());
    }
    let plan = ActionPlan::from_csv(DEMO_PLAN).map_err(|p| anyhow::anyhow!("the shipped plan: {p:?}"))?;
    let recs = Recommendations::from_csv(DEMO_RECOMMENDATIONS, &plan)
        .map_err(|p| anyhow::anyhow!("the shipped recommendations: {p:?}"))?;
    let note = db::cli_entry(Action::PlanSave).record("plan/action_plan").fields(["demo-data".to_owned()]);
    store
        .write_plan(&plan, &recs, PlanVersions::default(), super::now(), note)
        .await
        .context("writing the demo action plan")?;
    Ok(())
}
