//! `/plan/recommendations/{key}`: the national coordinator changes one recommendation of a report year (its
//! text, heading, priority, status and the plan's activities that answer it) through the API's handler under the
//! recommendations' version, with the form kept and each bad field named; and carries a year's open and partly
//! met recommendations over to the next year from `/plan` (`/plan/recommendations/{year}/carry-over`).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use lekhotla_domain::{
    PlanCode, Recommendation, RecommendationCategory, RecommendationKey, RecommendationPriority, RecommendationStatus,
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

/// The form as typed; `activities` is the list of the boxes ticked.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RecommendationForm {
    version: String,
    text: String,
    category: String,
    priority: String,
    status: String,
    activities: Vec<String>,
}

impl RecommendationForm {
    fn of(r: &Recommendation, version: i64) -> Self {
        RecommendationForm {
            version: version.to_string(),
            text: r.text.clone(),
            category: r.category.code().to_owned(),
            priority: r.priority.code().to_owned(),
            status: r.status.code().to_owned(),
            activities: r.activities.iter().map(ToString::to_string).collect(),
        }
    }

    fn recommendation(&self, stored: &Recommendation, c: &Chrome) -> Result<Recommendation, Errs> {
        let mut errs = Errs::default();
        let mut pick = |field: &str, ok: bool| {
            if !ok {
                errs.add(field, c.t("plan-edit-choose"));
            }
        };
        let category = RecommendationCategory::from_code(&self.category);
        pick("category", category.is_some());
        let priority = RecommendationPriority::from_code(&self.priority);
        pick("priority", priority.is_some());
        let status = RecommendationStatus::from_code(&self.status);
        pick("status", status.is_some());
        let mut activities = Vec::new();
        for a in &self.activities {
            match PlanCode::parse(a) {
                Ok(code) => activities.push(code),
                Err(e) => errs.add("activities", c.t1("intake-not-accepted", "reason", e)),
            }
        }
        if !errs.is_empty() {
            return Err(errs);
        }
        Ok(Recommendation {
            text: self.text.trim().to_owned(),
            category: category.unwrap_or(stored.category),
            priority: priority.unwrap_or(stored.priority),
            status: status.unwrap_or(stored.status),
            activities,
            ..stored.clone()
        })
    }
}

#[derive(Debug, Template)]
#[template(path = "plan_recommendation_form.html")]
struct RecommendationPage {
    c: Chrome,
    key: String,
    year: i32,
    carried_from: Option<String>,
    f: RecommendationForm,
    categories: Vec<(&'static str, String)>,
    priorities: Vec<(&'static str, String)>,
    statuses: Vec<(&'static str, String)>,
    /// Every activity of the plan: code, title, ticked.
    activities: Vec<(String, String, bool)>,
    errs: Errs,
    /// The stored recommendation in words, when the save was stale.
    stale: Option<String>,
}

fn render(
    c: Chrome,
    s: &StoredPlan,
    r: &Recommendation,
    f: RecommendationForm,
    errs: Errs,
    stale: bool,
) -> Result<Response, ApiError> {
    let stale = stale.then(|| {
        let answering: Vec<String> = r.activities.iter().map(ToString::to_string).collect();
        format!("{}: {}; {}: {}", c.t("plan-status"), c.vocab(r.status), c.t("plan-answered-by"), answering.join(", "))
    });
    let status = match (stale.is_some(), errs.is_empty()) {
        (true, _) => StatusCode::CONFLICT,
        (false, true) => StatusCode::OK,
        (false, false) => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let activities = s
        .plan
        .activities()
        .map(|a| {
            let code = a.code.to_string();
            let ticked = f.activities.contains(&code);
            (code, a.title.clone(), ticked)
        })
        .collect();
    let page = RecommendationPage {
        key: r.key().to_string(),
        year: r.year,
        carried_from: r.carried_from.map(|k| k.to_string()),
        categories: RecommendationCategory::ALL.iter().map(|v| (v.code(), c.vocab(*v))).collect(),
        priorities: RecommendationPriority::ALL.iter().map(|v| (v.code(), c.vocab(*v))).collect(),
        statuses: RecommendationStatus::ALL.iter().map(|v| (v.code(), c.vocab(*v))).collect(),
        activities,
        f,
        errs,
        stale,
        c,
    };
    Ok((status, Html(page.render().map_err(ApiError::internal)?)).into_response())
}

fn coordinator(actor: &Actor) -> Result<(), ApiError> {
    if actor.roles.contains(Role::NationalCoordinator) {
        Ok(())
    } else {
        Err(ApiError::Forbidden("the action plan is changed by the national coordinator".into()))
    }
}

async fn load(state: &AppState, actor: &Actor, key: &str) -> Result<(StoredPlan, Recommendation), ApiError> {
    coordinator(actor)?;
    let s = state.store.read_plan().await?.ok_or_else(|| ApiError::not_found("action plan"))?;
    let k = RecommendationKey::parse(key).map_err(|_| ApiError::not_found(format!("recommendation {key}")))?;
    let r = s.recommendations.get(k).cloned().ok_or_else(|| ApiError::not_found(format!("recommendation {key}")))?;
    Ok((s, r))
}

pub async fn form(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    Path(key): Path<String>,
) -> Result<Response, ApiError> {
    let (s, r) = load(&state, &actor, &key).await?;
    let f = RecommendationForm::of(&r, s.versions.recommendations);
    render(c, &s, &r, f, Errs::default(), false)
}

pub async fn save(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    Path(key): Path<String>,
    PageForm(f): PageForm<RecommendationForm>,
) -> Result<Response, ApiError> {
    let (s, stored) = load(&state, &actor, &key).await?;
    let version: i64 = f.version.trim().parse().unwrap_or(-1);
    let rec = match f.recommendation(&stored, &c) {
        Ok(r) => r,
        Err(errs) => return render(c, &s, &stored, f, errs, false),
    };
    let year = rec.year;
    match api::set_recommendation(State(state.clone()), actor.clone(), Path(key), IfMatch(version), ApiJson(rec)).await
    {
        Ok(_) => Ok(Redirect::to(&format!("/plan?year={year}#recommendation-{}", stored.key())).into_response()),
        Err(ApiError::Stale(_)) => {
            // The form against the list as it is now: the stored recommendation is shown by the page's values
            // beside the note, and what was typed is kept to save again.
            let mut f = f;
            f.version = s.versions.recommendations.to_string();
            render(c, &s, &stored, f, Errs::default(), true)
        }
        Err(e) => {
            let found = Errs::from_api(e)?;
            let errs = Errs(found.0.into_iter().map(|(k, r)| (k, c.t1("intake-not-accepted", "reason", r))).collect());
            render(c, &s, &stored, f, errs, false)
        }
    }
}

/// The carry-over form's fields.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CarryForm {
    version: String,
}

pub async fn carry_over(
    State(state): State<AppState>,
    actor: Actor,
    Path(year): Path<i32>,
    PageForm(f): PageForm<CarryForm>,
) -> Result<Response, ApiError> {
    coordinator(&actor)?;
    let version: i64 = f.version.trim().parse().unwrap_or(-1);
    api::carry_over(State(state), actor, Path(year.to_string()), IfMatch(version)).await?;
    Ok(Redirect::to(&format!("/plan?year={}#recommendations", year + 1)).into_response())
}
