//! The case file (`/cases/{number}`): one page with the case's header, its people and their roles, the
//! story in time order and the acts the reader may perform now (`authority::offers`). Sealed fields are
//! blanked by default; "Show sealed fields" reveals them through `sealed::reveal` (audited), after a fresh
//! second factor (`step-up`) when the last one is older than five minutes. A case outside the reader's scope
//! is the one 404 page, which offers emergency access (break-glass) to those who hold it.

mod access;
mod form;
mod forms;
mod people;
mod timeline;

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use lekhotla_domain::{Case, OrgId};
use lekhotla_identity::Permission;
use serde::Deserialize;

use super::chrome::Chrome;
use crate::actor::Actor;
use crate::error::ApiError;
use crate::sealed::{self, Shown};
use crate::state::AppState;

/// The case file's routes (the acts' forms are in `forms`).
pub fn router() -> Router<AppState> {
    let r = Router::new()
        .route("/cases/{number}", get(page))
        .route("/cases/{number}/step-up", axum::routing::post(access::step_up))
        .route("/cases/{number}/break-glass", get(access::break_glass_form).post(access::break_glass));
    forms::routes(r)
}

/// What the address asks for: `?reveal=1` shows the sealed fields.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FileQuery {
    reveal: Option<String>,
}

/// One act on offer, as a link to its form.
#[derive(Debug)]
struct ActLink {
    href: String,
    label: String,
    correction: bool,
}

#[derive(Debug, Template)]
#[template(path = "case_file.html")]
struct FilePage {
    c: Chrome,
    number: String,
    facts: Vec<(String, String)>,
    people: Vec<people::Row>,
    /// Linked cases: (how it relates, its number and address when the reader may open it).
    links: Vec<(String, Option<String>)>,
    story: Vec<timeline::Entry>,
    acts: Vec<ActLink>,
    /// The sealed fields are shown.
    revealed: bool,
    /// The reader may ask to see them (read-sealed).
    may_reveal: bool,
    /// The reader asked and must prove the second factor again.
    step_up: bool,
    /// The reason of the break-glass grant this read goes through.
    grant: Option<String>,
    /// An error of the step-up form.
    step_up_error: bool,
}

/// The organisations' names by id.
pub(crate) async fn org_names(state: &AppState) -> Result<HashMap<OrgId, String>, ApiError> {
    Ok(state.store.list_organisations().await?.into_iter().map(|o| (o.id, o.details.name)).collect())
}

/// A unit's name (district, port of entry), else its code.
pub(crate) fn unit_name(state: &AppState, code: &str) -> String {
    state.geography.get(code).map_or_else(|| code.to_owned(), |u| u.name.clone())
}

pub async fn page(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    Path(number): Path<String>,
    Query(q): Query<FileQuery>,
) -> Result<Response, ApiError> {
    render(&state, &actor, c, &number, q.reveal.is_some(), false).await
}

/// The case file of `number` for `actor`, revealed when `reveal` asks and the actor may.
pub(crate) async fn render(
    state: &AppState,
    actor: &Actor,
    c: Chrome,
    number: &str,
    reveal: bool,
    step_up_error: bool,
) -> Result<Response, ApiError> {
    let (case, grant) = match crate::mutate::resolve_for_reading(state, actor, number).await {
        Ok(found) => found,
        Err(ApiError::NotFound(_)) => return Ok(access::not_found(state, actor, c, number)),
        Err(e) => return Err(e),
    };
    let acts = if grant.is_some() { Vec::new() } else { offered(actor, &case, c.tr) };
    let shown = sealed::decide(state, actor);
    let (case, revealed) = if reveal && shown == Shown::Revealed {
        let (case, shown) = sealed::reveal(state, actor, case, grant.clone()).await?;
        (case, shown == Shown::Revealed)
    } else {
        let mut case = case;
        sealed::blank(&mut case);
        (case, false)
    };
    let orgs = org_names(state).await?;
    let home = state.geography.country();
    let names = timeline::Names {
        orgs: &orgs,
        home: (home.code.as_str().to_owned(), home.name.clone()),
        people: timeline::people_names(&case, c.tr),
        tr: c.tr,
    };
    let offers = |act: lekhotla_identity::Act| acts.iter().any(|a| a.href.ends_with(&format!("/{}", act.as_str())));
    let edits = timeline::Edits {
        number: case.number.to_string(),
        events: offers(lekhotla_identity::Act::RecordEvent),
        plans: offers(lekhotla_identity::Act::RecordSupportPlan),
        consents: offers(lekhotla_identity::Act::RecordConsent),
    };
    let tr = c.tr;
    let mut people = people::rows(&case, &names, &acts, revealed);
    for p in &mut people {
        p.name = timeline::local_sealed(tr, &p.name);
        p.about = timeline::local_sealed(tr, &p.about);
        p.role = timeline::local_sealed(tr, &p.role);
    }
    let page = FilePage {
        number: case.number.to_string(),
        facts: facts(state, &case, &names).into_iter().map(|(k, v)| (k, timeline::local_sealed(tr, &v))).collect(),
        people,
        links: links(state, actor, &case, c.tr).await?,
        story: timeline::build(&case, &names, &edits),
        acts,
        revealed,
        may_reveal: actor.allows(Permission::ReadSealed),
        step_up: reveal && shown == Shown::StepUpRequired,
        grant: grant.map(|g| g.trim_start_matches("break-glass: ").to_owned()),
        step_up_error,
        c,
    };
    let status = if step_up_error { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok((status, Html(page.render().map_err(ApiError::internal)?)).into_response())
}

/// The cases linked to this one, each with its number when it is within the reader's scope (a case
/// outside it is only said to exist, as the case's own record of the link says).
async fn links(
    state: &AppState,
    actor: &Actor,
    case: &Case,
    tr: crate::i18n::Tr,
) -> Result<Vec<(String, Option<String>)>, ApiError> {
    let scope = crate::scope::of(actor, &state.geography);
    let mut out = Vec::new();
    for link in &case.links {
        let key = lekhotla_storage::CaseKey::Id(link.other);
        let number = match state.store.case_scope_facts(&key).await? {
            Some(facts) if scope.admits_facts(&facts) => {
                state.store.get_case(facts.id).await?.map(|other| other.number.to_string())
            }
            _ => None,
        };
        out.push((timeline::vocab(tr, link.kind), number));
    }
    Ok(out)
}

/// The header: number, district, stage, status, owner, detection.
fn facts(state: &AppState, case: &Case, names: &timeline::Names<'_>) -> Vec<(String, String)> {
    let tr = names.tr;
    let stage = case.stage();
    let mut out = vec![
        (tr.t("case-number"), case.number.to_string()),
        (tr.t("file-district"), unit_name(state, case.district.as_str())),
        (tr.t("case-stage"), tr.stage(stage)),
        (tr.t("case-status"), timeline::vocab(tr, case.status)),
        (tr.t("file-owner-org"), names.org(case.organisation)),
        (tr.t("case-source"), timeline::vocab(tr, case.detection_source)),
        (tr.t("case-detected"), tr.date(case.detected_on)),
    ];
    if let Some(p) = &case.port_of_entry {
        out.push((tr.t("file-port"), unit_name(state, p.as_str())));
    }
    if let Some(o) = &case.owner {
        out.push((tr.t("file-owner"), o.clone()));
    }
    if let Some(s) = &case.summary {
        out.push((tr.t("file-summary"), s.clone()));
    }
    if let Some(r) = &case.closure_reason {
        out.push((tr.t("file-closure-reason"), r.clone()));
    }
    out
}

/// The acts on offer as links to their forms (a referral's moves under the referral).
fn offered(actor: &Actor, case: &Case, tr: crate::i18n::Tr) -> Vec<ActLink> {
    crate::authority::offers(actor, case)
        .into_iter()
        .map(|o| {
            let act = o.act.as_str();
            let href = match o.referral {
                Some(r) => format!("/cases/{}/referrals/{r}/{act}", case.number),
                None => format!("/cases/{}/{act}", case.number),
            };
            ActLink { href, label: tr.t(&format!("case-act-{act}")), correction: o.correction }
        })
        .collect()
}
