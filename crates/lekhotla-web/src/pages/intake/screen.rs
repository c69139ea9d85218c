//! `/cases/{number}/decide-status` (act `decide-status`): the screening of a victim, with the HTCDS
//! indicators of the act (how the person was recruited), the means (methods of control) and the purpose
//! (types of exploitation), leading to the trafficking-status decision, the kind of body that took it, its
//! organisation (the actor's) and its day. The change goes through the API's `change_victim` under the
//! victim's version: a stale form changes nothing and shows the victim as stored now.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use lekhotla_domain::{
    Case, DecisionMakingOrg, ExploitationType, MethodOfControl, MethodOfRecruitment, PersonId, TraffickingStatus,
    Victim, VictimInput,
};
use serde::Deserialize;

use super::{Choice, Errors, choices, code, codes, iso, required_date};
use crate::actor::Actor;
use crate::error::ApiError;
use crate::pages::chrome::Chrome;
use crate::pages::csrf::PageForm;
use crate::state::AppState;

#[derive(Debug, Default, Deserialize)]
pub struct Which {
    victim: Option<String>,
}

/// The screening form as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Screening {
    pub victim: String,
    pub version: String,
    /// Act: `vic_MethodOfRecruitment` codes.
    pub act: Vec<String>,
    /// Means: `vic_MethodsOfControl` codes.
    pub means: Vec<String>,
    /// Purpose: `vic_TypeOfExploitation` codes.
    pub purpose: Vec<String>,
    pub trafficking_status: String,
    pub decided_by: String,
    pub decided_on: String,
    /// The national coordinator's reason, when deciding the status is open to them only as a correction.
    pub correction: String,
}

/// A victim to choose.
#[derive(Debug)]
struct Pick {
    id: String,
    name: String,
    status: String,
}

#[derive(Debug, Template)]
#[template(path = "intake_screen.html")]
struct Page {
    c: Chrome,
    number: String,
    /// The victims to choose from when none is chosen.
    picks: Vec<Pick>,
    victim: Option<Pick>,
    version: i64,
    errors: Errors,
    stale: bool,
    acts: Vec<Choice>,
    means: Vec<Choice>,
    purposes: Vec<Choice>,
    statuses: Vec<Choice>,
    bodies: Vec<Choice>,
    decided_on: String,
    /// Who decided the status now recorded, and when (empty when undecided).
    decided: String,
    /// Deciding is open to this person only as a correction: ask for its reason.
    correction: bool,
    correction_reason: String,
}

/// The victim's name as the actor may read it: the revealed case's, or `[sealed]`.
fn name_of(c: &Chrome, shown: Option<&Case>, id: PersonId) -> String {
    shown
        .and_then(|case| case.victims.iter().find(|v| v.id == id))
        .map_or_else(|| c.t("person-new-sealed"), |v| v.person.full_name())
}

async fn shown(state: &AppState, actor: &Actor, case: &Case) -> Result<Option<Case>, ApiError> {
    Ok(match crate::sealed::reveal(state, actor, case.clone(), None).await? {
        (case, crate::sealed::Shown::Revealed) => Some(case),
        _ => None,
    })
}

/// The page for `victim` of `case` (or the choice of a victim), its boxes as `form` says, else as stored.
async fn render(
    state: &AppState,
    actor: &Actor,
    c: Chrome,
    case: &Case,
    victim: Option<&Victim>,
    form: Option<&Screening>,
    (errors, stale): (Errors, bool),
) -> Result<Response, ApiError> {
    let shown = shown(state, actor, case).await?;
    let pick = |v: &Victim| Pick {
        id: v.id.to_string(),
        name: name_of(&c, shown.as_ref(), v.id),
        status: c.vocab(v.context.trafficking_status),
    };
    let picks = if victim.is_none() { case.victims.iter().map(pick).collect() } else { Vec::new() };
    let x = victim.map(|v| v.context.clone());
    let mut e = Errors::default();
    let (acts, means, purposes, status, body, decided_on) = match (form, &x) {
        (Some(f), _) => (
            codes::<MethodOfRecruitment>(&c, &mut e, "act", &f.act),
            codes::<MethodOfControl>(&c, &mut e, "means", &f.means),
            codes::<ExploitationType>(&c, &mut e, "purpose", &f.purpose),
            code::<TraffickingStatus>(&c, &mut e, "s", &f.trafficking_status),
            code::<DecisionMakingOrg>(&c, &mut e, "b", &f.decided_by),
            f.decided_on.clone(),
        ),
        (None, Some(x)) => (
            x.recruitment_methods.clone(),
            x.methods_of_control.clone(),
            x.exploitation_types.clone(),
            Some(x.trafficking_status),
            x.status_decided_by,
            iso(x.status_decided_on.unwrap_or(state.clock.today())),
        ),
        (None, None) => Default::default(),
    };
    let decided = match &x {
        Some(x) if x.status_decided_by.is_some() || x.status_decided_on.is_some() => {
            let org = match x.status_decided_by_org {
                Some(id) => state.store.get_organisation(id).await?.map(|o| o.details.name).unwrap_or_default(),
                None => String::new(),
            };
            let body = x.status_decided_by.map(|b| c.vocab(b)).unwrap_or_default();
            let on = x.status_decided_on.map(iso).unwrap_or_default();
            c.tr.args("screen-decided", &[("body", body), ("org", org), ("on", on)])
        }
        _ => String::new(),
    };
    let page = Page {
        correction: super::as_correction(actor, case, lekhotla_identity::Act::DecideStatus),
        correction_reason: form.map(|f| f.correction.clone()).unwrap_or_default(),
        number: case.number.to_string(),
        picks,
        victim: victim.map(pick),
        version: victim.map_or(0, |v| v.version),
        errors,
        stale,
        acts: choices(&c, &acts),
        means: choices(&c, &means),
        purposes: choices(&c, &purposes),
        statuses: choices(&c, status.as_slice()),
        bodies: choices(&c, body.as_slice()),
        decided_on,
        decided,
        c,
    };
    Ok(Html(page.render().map_err(ApiError::internal)?).into_response())
}

fn victim_of<'a>(case: &'a Case, id: &str) -> Result<&'a Victim, ApiError> {
    let pid: PersonId = crate::mutate::parse_id(id, "victim")?;
    case.victims.iter().find(|v| v.id == pid).ok_or_else(|| ApiError::not_found(format!("victim {id}")))
}

pub async fn form(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    Path(number): Path<String>,
    Query(which): Query<Which>,
) -> Result<Response, ApiError> {
    let case = crate::mutate::resolve(&state, &actor, &number).await?;
    let victim = match which.victim.as_deref() {
        Some(id) => Some(victim_of(&case, id)?),
        None if case.victims.len() == 1 => case.victims.first(),
        None => None,
    };
    render(&state, &actor, c, &case, victim, None, (Errors::default(), false)).await
}

pub async fn submit(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    Path(number): Path<String>,
    PageForm(form): PageForm<Screening>,
) -> Result<Response, ApiError> {
    let actor = super::with_correction(actor, &form.correction);
    let case = crate::mutate::resolve(&state, &actor, &number).await?;
    let stored = victim_of(&case, &form.victim)?;
    let mut errors = Errors::default();
    let version = form.version.trim().parse::<i64>().unwrap_or(-1);
    let mut context = stored.context.clone();
    context.recruitment_methods = codes(&c, &mut errors, "act", &form.act);
    context.methods_of_control = codes(&c, &mut errors, "means", &form.means);
    context.exploitation_types = codes(&c, &mut errors, "purpose", &form.purpose);
    // The details of a purpose no longer ticked go with it.
    if !context.exploitation_types.contains(&ExploitationType::ForcedLabour) {
        context.forced_labour_industry = None;
    }
    if !context.exploitation_types.contains(&ExploitationType::SexualExploitation) {
        context.sex_exploitation_types.clear();
    }
    match code::<TraffickingStatus>(&c, &mut errors, "trafficking_status", &form.trafficking_status) {
        Some(s) => context.trafficking_status = s,
        None if !errors.has("trafficking_status") => errors.add("trafficking_status", c.t("intake-required")),
        None => {}
    }
    context.status_decided_by = code::<DecisionMakingOrg>(&c, &mut errors, "decided_by", &form.decided_by);
    context.status_decided_on = required_date(&c, &mut errors, "decided_on", &form.decided_on);
    context.status_decided_by_org = Some(actor.organisation);
    if !errors.is_empty() {
        return render(&state, &actor, c, &case, Some(stored), Some(&form), (errors, false)).await;
    }
    let input = VictimInput { person: stored.person.clone(), context };
    let pid = stored.id;
    match crate::api::people::change_victim(&state, &actor, case.id, (pid, version), input).await {
        Ok(saved) => Ok(Redirect::to(&format!("/cases/{}", saved.number)).into_response()),
        Err(ApiError::Stale(_)) => {
            let case = crate::mutate::resolve(&state, &actor, &number).await?;
            let now = victim_of(&case, &form.victim)?;
            render(&state, &actor, c, &case, Some(now), None, (errors, true)).await
        }
        Err(e) => {
            errors.take(&c, e)?;
            render(&state, &actor, c, &case, Some(stored), Some(&form), (errors, false)).await
        }
    }
}
