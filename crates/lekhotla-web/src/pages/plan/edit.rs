//! `/plan/activities/{code}`: the national coordinator changes one activity of the plan in the pages (its
//! status, budget and expenditure, responsible body, districts and quarters, evidence, and a new value of each
//! indicator typed in), through the API's handler under the plan's version: the form keeps what was typed, names
//! each bad field in the person's language, and a stale save shows the stored activity beside what was typed.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use lekhotla_domain::{
    Activity, ActivityStatus, Coverage, Evidence, EvidenceKind, IndicatorSource, PlanCode, Quarter, TypedValue,
    Vocabulary,
};
use lekhotla_identity::Role;
use lekhotla_storage::{ActionPlans, StoredPlan};
use serde::Deserialize;

use crate::actor::Actor;
use crate::api::plan as api;
use crate::error::ApiError;
use crate::extract::{ApiJson, IfMatch};
use crate::pages::admin::Errs;
use crate::pages::chrome::Chrome;
use crate::pages::csrf::PageForm;
use crate::state::AppState;

/// The form as typed. Evidence and new indicator values are groups of repeated fields, in order.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ActivityForm {
    version: String,
    title: String,
    responsible: String,
    districts: String,
    start: String,
    end: String,
    budget: String,
    expenditure: String,
    status: String,
    e_label: Vec<String>,
    e_kind: Vec<String>,
    e_reference: Vec<String>,
    /// One per typed indicator, in the activity's order: a new value, the day it stands for, a note.
    v_value: Vec<String>,
    v_as_of: Vec<String>,
    v_note: Vec<String>,
}

fn at(list: &[String], i: usize) -> String {
    list.get(i).cloned().unwrap_or_default()
}

impl ActivityForm {
    fn of(a: &Activity, version: i64) -> Self {
        let typed = a.indicators.iter().filter(|i| i.live().is_none()).count();
        ActivityForm {
            version: version.to_string(),
            title: a.title.clone(),
            responsible: a.responsible.clone(),
            districts: a.districts.to_string(),
            start: a.start.to_string(),
            end: a.end.to_string(),
            budget: a.budget.map(|b| b.to_string()).unwrap_or_default(),
            expenditure: a.expenditure.map(|b| b.to_string()).unwrap_or_default(),
            status: a.status.code().to_owned(),
            e_label: a.evidence.iter().map(|e| e.label.clone()).collect(),
            e_kind: a.evidence.iter().map(|e| e.kind.code().to_owned()).collect(),
            e_reference: a.evidence.iter().map(|e| e.reference.clone()).collect(),
            v_value: vec![String::new(); typed],
            v_as_of: vec![String::new(); typed],
            v_note: vec![String::new(); typed],
        }
    }

    /// The evidence rows as typed (blank ones left out), with one blank row to add to.
    fn evidence_rows(&self) -> Vec<(String, String, String)> {
        let n = self.e_label.len().max(self.e_reference.len());
        let mut rows: Vec<(String, String, String)> = (0..n)
            .map(|i| (at(&self.e_label, i), at(&self.e_kind, i), at(&self.e_reference, i)))
            .filter(|(l, _, r)| !l.trim().is_empty() || !r.trim().is_empty())
            .collect();
        rows.push((String::new(), EvidenceKind::Record.code().to_owned(), String::new()));
        rows
    }

    /// The activity the form asks for, over the stored one (its indicators' other fields stay), or the fields
    /// that are not even of the right kind.
    fn activity(&self, stored: &Activity, c: &Chrome) -> Result<Activity, Errs> {
        let mut errs = Errs::default();
        let mut quarter = |field: &str, s: &str| match Quarter::parse(s.trim()) {
            Ok(q) => q,
            Err(e) => {
                errs.add(field, c.t1("intake-not-accepted", "reason", e));
                stored.start
            }
        };
        let start = quarter("start", &self.start);
        let end = quarter("end", &self.end);
        let maloti = |errs: &mut Errs, field: &str, s: &str| match s.trim().replace([' ', ','], "") {
            t if t.is_empty() => None,
            t => t.parse::<u64>().map(Some).unwrap_or_else(|_| {
                errs.add(field, c.t("campaign-error-number"));
                None
            }),
        };
        let budget = maloti(&mut errs, "budget", &self.budget);
        let expenditure = maloti(&mut errs, "expenditure", &self.expenditure);
        let districts = Coverage::parse(self.districts.trim()).unwrap_or_else(|e| {
            errs.add("districts", c.t1("intake-not-accepted", "reason", e));
            stored.districts.clone()
        });
        let status = ActivityStatus::from_code(&self.status).unwrap_or_else(|| {
            errs.add("status", c.t("plan-edit-choose"));
            stored.status
        });
        let evidence = self
            .evidence_rows()
            .into_iter()
            .filter(|(l, _, r)| !l.trim().is_empty() || !r.trim().is_empty())
            .map(|(label, kind, reference)| Evidence {
                label: label.trim().to_owned(),
                kind: EvidenceKind::from_code(&kind).unwrap_or(EvidenceKind::Document),
                reference: reference.trim().to_owned(),
            })
            .collect();
        let mut indicators = stored.indicators.clone();
        for (n, ind) in indicators.iter_mut().filter(|i| i.live().is_none()).enumerate() {
            let (value, as_of, note) = (at(&self.v_value, n), at(&self.v_as_of, n), at(&self.v_note, n));
            if value.trim().is_empty() && as_of.trim().is_empty() {
                continue;
            }
            let field = format!("value[{n}]");
            let v = value.trim().replace(',', ".").parse::<f64>();
            let day = time::Date::parse(as_of.trim(), time::macros::format_description!("[year]-[month]-[day]"));
            match (v, day) {
                (Ok(value), Ok(as_of)) => {
                    if let IndicatorSource::Typed(values) = &mut ind.source {
                        let note = Some(note.trim().to_owned()).filter(|s| !s.is_empty());
                        values.push(TypedValue { value, as_of, note });
                    }
                }
                (Err(_), _) => errs.add(&field, c.t("plan-edit-value-number")),
                (_, Err(_)) => errs.add(&field, c.t("plan-edit-value-day")),
            }
        }
        if !errs.is_empty() {
            return Err(errs);
        }
        Ok(Activity {
            code: stored.code,
            title: self.title.trim().to_owned(),
            responsible: self.responsible.trim().to_owned(),
            districts,
            start,
            end,
            budget,
            expenditure,
            status,
            evidence,
            indicators,
        })
    }
}

/// A typed indicator with its values so far, and the form's new value for it.
#[derive(Debug)]
struct TypedRow {
    n: usize,
    code: String,
    name: String,
    unit: String,
    values: Vec<String>,
    value: String,
    as_of: String,
    note: String,
    error: Option<String>,
}

#[derive(Debug, Template)]
#[template(path = "plan_activity_form.html")]
struct ActivityPage {
    c: Chrome,
    code: String,
    heading: String,
    f: ActivityForm,
    statuses: Vec<(&'static str, String)>,
    kinds: Vec<(&'static str, String)>,
    evidence: Vec<(usize, String, String, String, Vec<String>)>,
    typed: Vec<TypedRow>,
    errs: Errs,
    /// The stored activity, in words, when the save was stale.
    stale: Option<String>,
    files: Vec<FileRow>,
}

fn render(
    c: Chrome,
    a: &Activity,
    f: ActivityForm,
    errs: Errs,
    stale: Option<String>,
    files: Vec<FileRow>,
) -> Result<Response, ApiError> {
    let status = match (stale.is_some(), errs.is_empty()) {
        (true, _) => StatusCode::CONFLICT,
        (false, true) => StatusCode::OK,
        (false, false) => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let evidence = f
        .evidence_rows()
        .into_iter()
        .enumerate()
        .map(|(i, (l, k, r))| (i, l, k, r, errs.under(&format!("evidence[{i}]"))))
        .collect();
    let typed = a
        .indicators
        .iter()
        .filter(|i| i.live().is_none())
        .enumerate()
        .map(|(n, i)| {
            let values = match &i.source {
                IndicatorSource::Typed(v) => v.iter().map(|v| format!("{} ({})", v.value, v.as_of)).collect(),
                IndicatorSource::Live(_) => Vec::new(),
            };
            let error = errs.of(&format!("value[{n}]")).map(str::to_owned).or_else(|| {
                let i_at = a.indicators.iter().position(|x| x.code == i.code).unwrap_or(0);
                errs.under(&format!("indicators[{i_at}]")).into_iter().next()
            });
            TypedRow {
                n,
                code: i.code.clone(),
                name: i.name.clone(),
                unit: c.vocab(i.unit),
                values,
                value: at(&f.v_value, n),
                as_of: at(&f.v_as_of, n),
                note: at(&f.v_note, n),
                error,
            }
        })
        .collect();
    let page = ActivityPage {
        heading: format!("{} {}", a.code, a.title),
        code: a.code.to_string(),
        statuses: ActivityStatus::ALL.iter().map(|s| (s.code(), c.vocab(*s))).collect(),
        kinds: EvidenceKind::ALL.iter().map(|k| (k.code(), c.vocab(*k))).collect(),
        evidence,
        typed,
        f,
        errs,
        stale,
        files,
        c,
    };
    Ok((status, Html(page.render().map_err(ApiError::internal)?)).into_response())
}

async fn load(state: &AppState, actor: &Actor, code: &str) -> Result<(StoredPlan, Activity), ApiError> {
    if !actor.roles.contains(Role::NationalCoordinator) {
        return Err(ApiError::Forbidden("the action plan is changed by the national coordinator".into()));
    }
    let s = state.store.read_plan().await?.ok_or_else(|| ApiError::not_found("action plan"))?;
    let code = PlanCode::parse(code).map_err(|_| ApiError::not_found(format!("activity {code}")))?;
    let a = s.plan.activity(code).cloned().ok_or_else(|| ApiError::not_found(format!("activity {code}")))?;
    Ok((s, a))
}

pub async fn form(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    Path(code): Path<String>,
) -> Result<Response, ApiError> {
    page_with(&state, &actor, c, &code, Errs::default()).await
}

/// The activity's form as stored, with `errs` (an upload's problem at `file`).
pub async fn page_with(
    state: &AppState,
    actor: &Actor,
    c: Chrome,
    code: &str,
    errs: Errs,
) -> Result<Response, ApiError> {
    let (s, a) = load(state, actor, code).await?;
    let files = files_of(state, &a).await?;
    render(c, &a, ActivityForm::of(&a, s.versions.plan), errs, None, files)
}

/// The documents uploaded for `a`: id, name, size in words, when.
async fn files_of(state: &AppState, a: &Activity) -> Result<Vec<FileRow>, ApiError> {
    let code = a.code.to_string();
    Ok(state
        .store
        .plan_files()
        .await?
        .into_iter()
        .filter(|f| f.activity == code)
        .map(|f| {
            let at = f.uploaded_at.to_offset(crate::i18n::MASERU);
            FileRow {
                id: f.id.to_string(),
                name: f.name,
                size: if f.size >= 1024 * 1024 {
                    format!("{:.1} MB", f.size as f64 / 1_048_576.0)
                } else {
                    format!("{} kB", f.size.div_ceil(1024))
                },
                at: format!("{} {:02}:{:02}", at.date(), at.hour(), at.minute()),
            }
        })
        .collect())
}

/// A document uploaded for the activity.
#[derive(Debug)]
struct FileRow {
    id: String,
    name: String,
    size: String,
    at: String,
}

/// The stored activity in a line, beside what was typed on a stale save.
fn summary(c: &Chrome, a: &Activity) -> String {
    let spent = a.expenditure.map(crate::pages::shelters::maloti).unwrap_or_else(|| "–".into());
    format!(
        "{}: {}; {}: {spent}; {}: {}",
        c.t("plan-status"),
        c.vocab(a.status),
        c.t("plan-expenditure"),
        c.t("plan-evidence"),
        a.evidence.len()
    )
}

pub async fn save(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    Path(code): Path<String>,
    PageForm(f): PageForm<ActivityForm>,
) -> Result<Response, ApiError> {
    let (s, stored) = load(&state, &actor, &code).await?;
    let version: i64 = f.version.trim().parse().unwrap_or(-1);
    let files = files_of(&state, &stored).await?;
    let activity = match f.activity(&stored, &c) {
        Ok(a) => a,
        Err(errs) => return render(c, &stored, f, errs, None, files),
    };
    let call = api::set_activity(State(state.clone()), actor.clone(), Path(code), IfMatch(version), ApiJson(activity));
    match call.await {
        Ok(_) => Ok(Redirect::to(&format!("/plan#activity-{}", stored.code)).into_response()),
        Err(ApiError::Stale(_)) => {
            let mut f = f;
            f.version = s.versions.plan.to_string();
            let mine = format!("{}: {}; {}: {}", c.t("plan-status"), f.status, c.t("plan-expenditure"), f.expenditure);
            let words = format!("{} — {}", summary(&c, &stored), c.t1("campaign-yours", "mine", mine));
            render(c, &stored, f, Errs::default(), Some(words), files)
        }
        Err(e) => {
            let found = Errs::from_api(e)?;
            let errs = Errs(found.0.into_iter().map(|(k, r)| (k, c.t1("intake-not-accepted", "reason", r))).collect());
            render(c, &stored, f, errs, None, files)
        }
    }
}
