//! Administration (`/admin`): the organisations and user accounts on one page, with links to create and
//! change them (`admin/orgs.rs`, `admin/users.rs`) and to the API tokens (`tokens.rs`, `admin/new_token.rs`).
//! Every change goes through the same store calls and audit entries as the API and the command line.

mod new_token;
mod orgs;
mod users;

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use lekhotla_identity::Permission;
use lekhotla_storage::UserAccount;

use super::chrome::Chrome;
use crate::actor::Actor;
use crate::error::ApiError;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin", get(page))
        .route("/admin/organisations/new", get(orgs::new_form).post(orgs::create))
        .route("/admin/organisations/{id}", get(orgs::edit_form).post(orgs::update))
        .route("/admin/users/new", get(users::new_form).post(users::create))
        .route("/admin/users/{id}", get(users::edit_form).post(users::update))
        .route("/admin/users/{id}/disable", post(users::disable))
        .route("/admin/users/{id}/enable", post(users::enable))
        .route("/admin/users/{id}/reset-second-factor", post(users::reset_second_factor))
        .route("/admin/tokens", post(new_token::create))
}

/// A form's problems by field (the reasons as the domain gives them), shown next to each field.
#[derive(Debug, Default)]
pub struct Errs(pub Vec<(String, String)>);

impl Errs {
    /// The problem with `field`, if any.
    pub fn of(&self, field: &str) -> Option<&str> {
        let within = |f: &str| f.strip_prefix(field).is_some_and(|rest| rest.starts_with(['.', '[']));
        self.0.iter().find(|(f, _)| f == field || within(f)).map(|(_, r)| r.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The reasons of the fields under `prefix` (a list's row, `funding[2].`).
    pub fn under(&self, prefix: &str) -> Vec<String> {
        self.0.iter().filter(|(k, _)| k.starts_with(prefix)).map(|(_, r)| r.clone()).collect()
    }

    pub fn add(&mut self, field: &str, reason: impl Into<String>) {
        self.0.push((field.to_owned(), reason.into()));
    }

    /// The field errors of `e`; any other error is passed on.
    pub fn from_api(e: ApiError) -> Result<Errs, ApiError> {
        match e {
            ApiError::Invalid(fields) => Ok(Errs(fields.into_iter().map(|f| (f.field, f.reason)).collect())),
            other => Err(other),
        }
    }
}

/// The message id of how a user signs in: no second factor needed, enrolled, or to enrol at next sign-in.
pub fn factor_state(u: &UserAccount) -> &'static str {
    match (u.roles.requires_second_factor(), u.totp_secret_sealed.is_some()) {
        (false, _) => "admin-factor-none",
        (true, true) => "admin-factor-enrolled",
        (true, false) => "admin-factor-pending",
    }
}

#[derive(Debug)]
struct UserRow {
    id: String,
    username: String,
    roles: String,
    organisation: String,
    district: String,
    active: bool,
    factor: &'static str,
}

#[derive(Debug)]
struct OrgRow {
    id: String,
    name: String,
    org_type: String,
    district: String,
}

#[derive(Debug, Template)]
#[template(path = "admin.html")]
struct Admin {
    c: Chrome,
    users: Vec<UserRow>,
    orgs: Vec<OrgRow>,
    manage_orgs: bool,
}

pub async fn page(State(state): State<AppState>, actor: Actor, c: Chrome) -> Result<Response, ApiError> {
    let orgs = state.store.list_organisations().await?;
    let names: HashMap<_, _> = orgs.iter().map(|o| (o.id, o.details.name.clone())).collect();
    let users = state
        .store
        .list_users()
        .await?
        .iter()
        .map(|u| UserRow {
            id: u.id.to_string(),
            username: u.username.to_string(),
            roles: u.roles.iter().map(|r| c.t(&super::account::role_label(r))).collect::<Vec<_>>().join(", "),
            organisation: names.get(&u.organisation).cloned().unwrap_or_default(),
            district: u.district.as_ref().map(|d| d.as_str().to_owned()).unwrap_or_default(),
            active: u.is_active(),
            factor: factor_state(u),
        })
        .collect();
    let orgs = orgs
        .iter()
        .map(|o| OrgRow {
            id: o.id.to_string(),
            name: o.details.name.clone(),
            org_type: c.vocab(o.details.org_type),
            district: o.details.district.as_ref().map(|d| d.as_str().to_owned()).unwrap_or_default(),
        })
        .collect();
    let manage_orgs = actor.allows(Permission::ManageOrganisations);
    let html = (Admin { c, users, orgs, manage_orgs }).render().map_err(ApiError::internal)?;
    Ok(Html(html).into_response())
}

/// The districts for a `<select>`: code and name.
pub fn districts(state: &AppState) -> Vec<(String, String)> {
    state.geography.districts().map(|d| (d.code.as_str().to_owned(), d.name.clone())).collect()
}
