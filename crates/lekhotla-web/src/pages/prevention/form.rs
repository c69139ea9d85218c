//! What the four registers' forms share: a new record's form posted, a record's form opened and posted, each
//! through the API's own checks (`api/register.rs`). A refused form comes back as typed with its reasons; one
//! saved over by someone else comes back with the record as now stored and what was typed beside it.

use std::future::Future;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::refused;
use crate::actor::Actor;
use crate::api::register::{self, Register};
use crate::error::ApiError;
use crate::merge_patch::MergePatch;
use crate::pages::admin::Errs;
use crate::pages::chrome::Chrome;
use crate::pages::csrf::PageForm;
use crate::state::AppState;

/// A register's form as posted: everything as typed, so that a refused form comes back as it was.
pub trait RegisterForm: DeserializeOwned + Send + Sync + 'static {
    type Record: Register;
    /// The record's own rules whose reasons have messages of their own: (the API's reason, message id).
    const OWN: &'static [(&'static str, &'static str)];
    /// Where a saved form goes: the register's list.
    const SAVED: &'static str;

    /// The form of a stored record.
    fn of(record: &Self::Record) -> Self;
    /// The form as the API's JSON (blank optional fields `null`), or the fields that are not numbers.
    fn json(&self, c: &Chrome) -> Result<Value, Errs>;
    /// What a refused form held, in a line.
    fn typed(&self) -> String;
    /// The version the form was read at.
    fn version(&self) -> i64;
    /// Whether the form asked for more blank lines rather than to be saved.
    fn asks_for_lines(&self) -> bool {
        false
    }
    /// The page: the form with its choices, shown as `shown` says.
    fn render(
        state: &AppState,
        actor: &Actor,
        c: Chrome,
        f: Self,
        shown: Shown,
    ) -> impl Future<Output = Result<Response, ApiError>> + Send;
}

/// How a form is shown: of which record (none for a new one), with the errors of what was posted, and with what
/// was typed when a save was refused as stale (the form then holds the record as now stored).
#[derive(Debug)]
pub struct Shown {
    pub id: Option<String>,
    pub errs: Errs,
    pub stale: Option<String>,
}

impl Shown {
    pub fn new(id: Option<String>) -> Self {
        Self { id, errs: Errs::default(), stale: None }
    }

    pub fn with(self, errs: Errs) -> Self {
        Self { errs, ..self }
    }

    /// The status the page answers with: 409 when the save was refused as stale, 422 with errors, else 200.
    pub fn status(&self) -> StatusCode {
        if self.stale.is_some() {
            StatusCode::CONFLICT
        } else if self.errs.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        }
    }
}

/// What a refused form held, in a line: the parts typed, trimmed, blank ones left out.
pub fn in_a_line<S: AsRef<str>>(parts: &[S]) -> String {
    parts.iter().map(|p| p.as_ref().trim()).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(", ")
}

/// A new record's form posted: recorded, or the form again with its reasons.
pub async fn create<F: RegisterForm>(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    PageForm(f): PageForm<F>,
) -> Result<Response, ApiError> {
    if f.asks_for_lines() {
        return F::render(&state, &actor, c, f, Shown::new(None)).await;
    }
    let body = match f.json(&c) {
        Ok(v) => serde_json::to_vec(&v).map_err(ApiError::internal)?,
        Err(errs) => return F::render(&state, &actor, c, f, Shown::new(None).with(errs)).await,
    };
    let made = match crate::extract::decode::<<F::Record as Register>::Input>(&body) {
        Ok(input) => register::create::<F::Record>(&state, &actor, input).await.map(drop),
        Err(e) => Err(e),
    };
    match made {
        Ok(()) => Ok(Redirect::to(F::SAVED).into_response()),
        Err(e) => {
            let errs = refused(&c, e, F::OWN)?;
            F::render(&state, &actor, c, f, Shown::new(None).with(errs)).await
        }
    }
}

/// A record's form, as stored.
pub async fn edit_form<F: RegisterForm>(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let stored = register::get::<F::Record>(&state, &actor, &id).await?.body;
    F::render(&state, &actor, c, F::of(&stored), Shown::new(Some(id))).await
}

/// A record's form posted: its changes saved over the version it was read at, or the form again.
pub async fn update<F: RegisterForm>(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    Path(id): Path<String>,
    PageForm(f): PageForm<F>,
) -> Result<Response, ApiError> {
    if f.asks_for_lines() {
        return F::render(&state, &actor, c, f, Shown::new(Some(id))).await;
    }
    let patch = match f.json(&c) {
        Ok(v) => MergePatch::of(v),
        Err(errs) => return F::render(&state, &actor, c, f, Shown::new(Some(id)).with(errs)).await,
    };
    match register::update::<F::Record>(&state, &actor, &id, f.version(), patch).await {
        Ok(_) => Ok(Redirect::to(F::SAVED).into_response()),
        // Someone saved it since the form was read: nothing is overwritten; the form shows theirs, with what
        // this person typed beside it.
        Err(ApiError::Stale(_)) => {
            let mine = f.typed();
            let now = register::get::<F::Record>(&state, &actor, &id).await?.body;
            F::render(&state, &actor, c, F::of(&now), Shown { stale: Some(mine), ..Shown::new(Some(id)) }).await
        }
        Err(e) => {
            let errs = refused(&c, e, F::OWN)?;
            F::render(&state, &actor, c, f, Shown::new(Some(id)).with(errs)).await
        }
    }
}
