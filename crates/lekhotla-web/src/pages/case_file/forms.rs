//! The forms of the acts on a case that the case file offers (`/cases/{number}/{act}`) and of its
//! people (`/cases/{number}/victims/{id}/edit`, ...). Each is shown only to those offered the act and
//! saved through the API handler's function or `mutate::change_case` with the domain method, as the
//! API does. An edit form that comes back stale overwrites nothing: it answers 409 with both versions.

mod acts;
mod defs;

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use lekhotla_domain::Case;
use serde_json::Value;

pub use acts::Which;

use super::form::{self, FormPage, Sent};
use crate::actor::Actor;
use crate::error::ApiError;
use crate::pages::chrome::Chrome;
use crate::pages::csrf::PageForm;
use crate::state::AppState;

/// Each form's address.
const ADDRESSES: [(&str, Which); 15] = [
    ("/cases/{number}/edit-case", Which::EditCase),
    ("/cases/{number}/close-case", Which::CloseCase),
    ("/cases/{number}/reopen-case", Which::ReopenCase),
    ("/cases/{number}/transfer-case", Which::TransferCase),
    ("/cases/{number}/record-event", Which::RecordEvent),
    ("/cases/{number}/record-support-plan", Which::RecordSupportPlan),
    ("/cases/{number}/record-consent", Which::RecordConsent),
    ("/cases/{number}/comment", Which::Comment),
    ("/cases/{number}/link-case", Which::LinkCase),
    ("/cases/{number}/victims/{id}/edit", Which::Victim),
    ("/cases/{number}/suspects/{id}/edit", Which::Suspect),
    ("/cases/{number}/witnesses/{id}/edit", Which::Witness),
    ("/cases/{number}/events/{id}/edit", Which::Event),
    ("/cases/{number}/support-plans/{id}/edit", Which::SupportPlan),
    ("/cases/{number}/consents/{id}/withdraw", Which::Withdraw),
];

/// Adds every form's GET and POST to `router`.
pub fn routes(mut router: Router<AppState>) -> Router<AppState> {
    for (path, which) in ADDRESSES {
        router = router.route(
            path,
            get(move |s: State<AppState>, a: Actor, c: Chrome, p: Path<HashMap<String, String>>| {
                show(s, a, c, p, which)
            })
            .post(
                move |s: State<AppState>,
                      a: Actor,
                      c: Chrome,
                      p: Path<HashMap<String, String>>,
                      f: PageForm<Vec<(String, String)>>| submit(s, a, c, p, f, which),
            ),
        );
    }
    router
}

fn keys(params: &HashMap<String, String>) -> (String, Option<String>) {
    (params.get("number").cloned().unwrap_or_default(), params.get("id").cloned())
}

/// Whether the act of `which` is on offer to `actor` on `case`, and only as a correction.
fn offered(actor: &Actor, case: &Case, which: Which) -> Result<bool, ApiError> {
    let act = which.act();
    match crate::authority::offers(actor, case).into_iter().find(|o| o.act == act && o.referral.is_none()) {
        Some(o) => Ok(o.correction),
        None => Err(ApiError::Forbidden(format!("{act} is not open to you on this case now"))),
    }
}

/// The form as a page.
fn page(c: Chrome, case: &Case, which: Which, pid: Option<&str>, correction: bool) -> FormPage {
    let title = c.t(which.title());
    FormPage {
        number: case.number.to_string(),
        action: which.address(case, pid),
        title,
        intro: which.intro(case, pid, c.tr),
        version: None,
        fields: Vec::new(),
        problems: Vec::new(),
        correction,
        correction_reason: String::new(),
        versions: Vec::new(),
        c,
    }
}

async fn show(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    Path(params): Path<HashMap<String, String>>,
    which: Which,
) -> Result<Response, ApiError> {
    let (number, pid) = keys(&params);
    let case = crate::mutate::resolve(&state, &actor, &number).await?;
    let correction = offered(&actor, &case, which)?;
    let defs = which.defs(&state, &case, pid.as_deref(), c.tr).await?;
    let mut p = page(c, &case, which, pid.as_deref(), correction);
    match which.current(&state, &actor, case, pid.as_deref()).await? {
        Some((version, json)) => {
            p.version = Some(version);
            p.fields = form::fields(&p.c, &defs, Some(&json));
        }
        None => p.fields = form::fields(&p.c, &defs, Some(&which.defaults(&state))),
    }
    p.respond(StatusCode::OK)
}

async fn submit(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    Path(params): Path<HashMap<String, String>>,
    PageForm(pairs): PageForm<Vec<(String, String)>>,
    which: Which,
) -> Result<Response, ApiError> {
    let (number, pid) = keys(&params);
    let sent = Sent::of(pairs);
    let mut actor = actor;
    if sent.correction.is_some() {
        actor.correction = sent.correction.clone();
    }
    let case = crate::mutate::resolve(&state, &actor, &number).await?;
    let defs = which.defs(&state, &case, pid.as_deref(), c.tr).await?;
    let back = format!("/cases/{}", case.number);
    // Only an act on offer (the role, the case's relation and its state): a reopening of an open case
    // must not pass as an edit.
    let correction = offered(&actor, &case, which)?;
    // An edit: compare what the form showed with what is stored now.
    let current = which.current(&state, &actor, case.clone(), pid.as_deref()).await?;
    let version = match (&current, sent.version) {
        (Some((stored, theirs)), Some(read)) if *stored != read && form::clashes(&defs, &sent, theirs) => {
            let mut p = page(c, &case, which, pid.as_deref(), correction);
            p.correction_reason = sent.correction.clone().unwrap_or_default();
            p.versions = form::versions(&p.c, &defs, &sent, theirs);
            p.fields = form::refill(&p.c, &defs, &sent, Some(theirs));
            p.version = Some(*stored);
            return p.respond(StatusCode::CONFLICT);
        }
        (Some((stored, _)), Some(_)) => Some(*stored),
        (Some(_), None) => return Err(ApiError::PreconditionRequired),
        (None, _) => None,
    };
    let mut input: Value = which.base(&actor, &case, pid.as_deref())?;
    for d in &defs {
        if current.is_none() || sent.changed(d) {
            form::set(&mut input, d, &sent.value(d));
        }
    }
    match which.save(&state, &actor, case.clone(), pid.as_deref(), version, input).await {
        Ok(()) => Ok(Redirect::to(&back).into_response()),
        Err(ApiError::Stale(_)) => {
            // Saved by someone else between our read and our save: the versions view from the fresh case.
            let fresh = crate::mutate::resolve(&state, &actor, &number).await?;
            let now = which.current(&state, &actor, fresh.clone(), pid.as_deref()).await?;
            let Some((stored, theirs)) = now else { return Err(ApiError::Busy) };
            let mut p = page(c, &fresh, which, pid.as_deref(), correction);
            p.correction_reason = sent.correction.clone().unwrap_or_default();
            p.versions = form::versions(&p.c, &defs, &sent, &theirs);
            p.fields = form::refill(&p.c, &defs, &sent, Some(&theirs));
            p.version = Some(stored);
            p.respond(StatusCode::CONFLICT)
        }
        Err(e @ (ApiError::Invalid(_) | ApiError::Refused(_) | ApiError::BadRequest(_))) => {
            let mut p = page(c, &case, which, pid.as_deref(), correction);
            p.correction_reason = sent.correction.clone().unwrap_or_default();
            p.fields = form::refill(&p.c, &defs, &sent, None);
            p.problems = form::place_errors(&mut p.fields, &e);
            p.version = sent.version;
            p.respond(StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => Err(e),
    }
}
