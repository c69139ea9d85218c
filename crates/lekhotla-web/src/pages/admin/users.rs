//! User accounts in the administration pages: create one (roles, organisation, district; a one-off password
//! shown once, the second factor enrolled by the person at first sign-in), change its access, disable or
//! enable it, and reset its second factor (the person enrols a new one at their next sign-in).

use std::str::FromStr;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use lekhotla_domain::{OrgId, UnitCode};
use lekhotla_identity::{Password, PasswordHash, RecoveryCodes, Role, Roles, Username};
use lekhotla_storage::{AccountAccess, Action, DbError, UserAccount, UserId};
use serde::Deserialize;
use uuid::Uuid;

use super::{Errs, factor_state};
use crate::actor::Actor;
use crate::error::ApiError;
use crate::pages::account::role_label;
use crate::pages::chrome::Chrome;
use crate::pages::csrf::PageForm;
use crate::pages::login::Empty;
use crate::state::AppState;

/// The user form as posted (new and edit).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct UserForm {
    username: String,
    organisation: String,
    roles: Vec<String>,
    district: String,
    version: i64,
}

/// What the edit form shows of an existing account.
#[derive(Debug)]
struct Existing {
    id: String,
    version: i64,
    active: bool,
    factor: &'static str,
    enrolled: bool,
    own: bool,
}

#[derive(Debug, Template)]
#[template(path = "admin_user.html")]
struct UserPage {
    c: Chrome,
    existing: Option<Existing>,
    f: UserForm,
    orgs: Vec<(String, String)>,
    roles: Vec<(&'static str, String)>,
    districts: Vec<(String, String)>,
    errs: Errs,
    notice: Option<String>,
    /// When the save was refused as stale: what the person had chosen (the form shows the account as stored).
    stale: Option<String>,
}

#[derive(Debug, Template)]
#[template(path = "admin_user_created.html")]
struct Created {
    c: Chrome,
    id: String,
    username: String,
    password: String,
    enrols: bool,
}

#[derive(Debug, Deserialize)]
pub struct Notice {
    #[serde(default)]
    done: Option<String>,
}

impl UserForm {
    fn of(u: &UserAccount) -> Self {
        Self {
            username: u.username.to_string(),
            organisation: u.organisation.to_string(),
            roles: u.roles.iter().map(|r| r.as_str().to_owned()).collect(),
            district: u.district.as_ref().map(|d| d.as_str().to_owned()).unwrap_or_default(),
            version: u.version,
        }
    }

    fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|r| r == role)
    }
}

async fn render(
    state: &AppState,
    c: Chrome,
    existing: Option<Existing>,
    f: UserForm,
    errs: Errs,
    notice: Option<String>,
) -> Result<Response, ApiError> {
    Ok(Html(page(state, c, existing, f, errs, notice).await?.render().map_err(ApiError::internal)?).into_response())
}

async fn page(
    state: &AppState,
    c: Chrome,
    existing: Option<Existing>,
    f: UserForm,
    errs: Errs,
    notice: Option<String>,
) -> Result<UserPage, ApiError> {
    let orgs =
        state.store.list_organisations().await?.into_iter().map(|o| (o.id.to_string(), o.details.name)).collect();
    let roles = Role::ALL.iter().map(|r| (r.as_str(), c.t(&role_label(*r)))).collect();
    let districts = super::districts(state);
    Ok(UserPage { c, existing, f, orgs, roles, districts, errs, notice, stale: None })
}

/// A save refused because the account changed since the form was read: nothing is overwritten; the form
/// shows the account as it is now, with what the person had chosen beside it, to choose again.
async fn stale(
    state: &AppState,
    actor: &Actor,
    c: Chrome,
    id: UserId,
    mine: &AccountAccess,
) -> Result<Response, ApiError> {
    let now = state.store.get_user(id).await?.ok_or_else(|| ApiError::not_found(format!("user {id}")))?;
    let org = state.store.get_organisation(mine.organisation).await?.map(|o| o.details.name).unwrap_or_default();
    let mut chosen: Vec<String> = mine.roles.iter().map(|r| c.t(&role_label(r))).collect();
    chosen.push(org);
    chosen.extend(mine.district.as_ref().map(|d| d.as_str().to_owned()));
    let mut p = page(state, c, Some(existing(&now, actor)), UserForm::of(&now), Errs::default(), None).await?;
    p.stale = Some(chosen.join(", "));
    Ok((axum::http::StatusCode::CONFLICT, Html(p.render().map_err(ApiError::internal)?)).into_response())
}

/// The roles, organisation and district of the form, checked; the problems (in the person's language) else.
async fn access_of(state: &AppState, c: &Chrome, f: &UserForm, errs: &mut Errs) -> Option<AccountAccess> {
    let roles =
        f.roles.iter().map(|r| Role::from_str(r)).collect::<Result<Vec<_>, _>>().ok().and_then(|r| Roles::new(r).ok());
    if roles.is_none() {
        errs.add("roles", c.t("admin-error-roles"));
    }
    let organisation = match Uuid::parse_str(f.organisation.trim()).map(OrgId) {
        Ok(id) if state.store.get_organisation(id).await.ok().flatten().is_some() => Some(id),
        _ => {
            errs.add("organisation", c.t("admin-error-organisation"));
            None
        }
    };
    let district = match f.district.trim() {
        "" => None,
        d => match UnitCode::parse(d) {
            Ok(code) if state.geography.is_district(&code) => Some(code),
            _ => {
                errs.add("district", c.t("admin-error-district"));
                return None;
            }
        },
    };
    if district.is_none() && roles.is_some_and(|r| r.contains(Role::FocalPoint)) {
        errs.add("district", c.t("admin-error-focal-district"));
    }
    if !errs.is_empty() {
        return None;
    }
    Some(AccountAccess { roles: roles?, organisation: organisation?, district })
}

fn fields(access: &AccountAccess) -> Vec<&'static str> {
    let mut fields = vec!["organisation", "roles"];
    if access.district.is_some() {
        fields.push("district");
    }
    fields
}

pub async fn new_form(State(state): State<AppState>, c: Chrome) -> Result<Response, ApiError> {
    render(&state, c, None, UserForm::default(), Errs::default(), None).await
}

pub async fn create(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    PageForm(f): PageForm<UserForm>,
) -> Result<Response, ApiError> {
    let mut errs = Errs::default();
    let username = Username::parse(f.username.trim()).ok();
    if username.is_none() {
        errs.add("username", c.t("admin-error-username"));
    }
    let access = access_of(&state, &c, &f, &mut errs).await;
    let (Some(username), Some(access)) = (username, access) else {
        return render(&state, c, None, f, errs, None).await;
    };
    // A one-off password (a recovery code: 125 random bits in a readable form), shown once here.
    let (mut words, _) = RecoveryCodes::generate(1).map_err(ApiError::internal)?;
    let password = words.pop().ok_or_else(|| ApiError::internal("no password generated"))?;
    let hash = PasswordHash::create(&Password::new(password.clone()).map_err(ApiError::internal)?)
        .map_err(ApiError::internal)?;
    let now = state.clock.now();
    let user = UserAccount {
        id: UserId(Uuid::now_v7()),
        version: 1,
        username: username.clone(),
        organisation: access.organisation,
        roles: access.roles,
        district: access.district.clone(),
        password_hash: hash,
        totp_secret_sealed: None,
        totp_last_step: None,
        disabled_at: None,
        created_at: now,
    };
    let mut written = vec!["username"];
    written.extend(fields(&access));
    written.push("password");
    let note = actor.entry(now, Action::UserCreate).record(format!("user/{}", user.id)).fields(written);
    match state.store.create_user(&user, &[], note).await {
        Ok(()) => {}
        Err(DbError::Conflict(_)) => {
            errs.add("username", c.t("admin-error-username-taken"));
            return render(&state, c, None, f, errs, None).await;
        }
        Err(e) => return Err(e.into()),
    }
    tracing::info!(%actor, user = %user.id, "user created");
    let enrols = user.roles.requires_second_factor();
    let page = Created { c, id: user.id.to_string(), username: username.to_string(), password, enrols };
    Ok(Html(page.render().map_err(ApiError::internal)?).into_response())
}

async fn find(state: &AppState, id: &str) -> Result<UserAccount, ApiError> {
    let uuid: Uuid = crate::mutate::parse_id(id, "user")?;
    state.store.get_user(UserId(uuid)).await?.ok_or_else(|| ApiError::not_found(format!("user {id}")))
}

fn existing(u: &UserAccount, actor: &Actor) -> Existing {
    Existing {
        id: u.id.to_string(),
        version: u.version,
        active: u.is_active(),
        factor: factor_state(u),
        enrolled: u.totp_secret_sealed.is_some(),
        own: u.id == actor.user,
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    Path(id): Path<String>,
    Query(q): Query<Notice>,
) -> Result<Response, ApiError> {
    let user = find(&state, &id).await?;
    let notice = match q.done.as_deref() {
        Some("saved") => Some(c.t("admin-user-saved")),
        Some("disabled") => Some(c.t("admin-user-disabled")),
        Some("enabled") => Some(c.t("admin-user-enabled")),
        Some("reset") => Some(c.t("admin-user-reset")),
        _ => None,
    };
    render(&state, c, Some(existing(&user, &actor)), UserForm::of(&user), Errs::default(), notice).await
}

pub async fn update(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    Path(id): Path<String>,
    PageForm(mut f): PageForm<UserForm>,
) -> Result<Response, ApiError> {
    let user = find(&state, &id).await?;
    f.username = user.username.to_string();
    let mut errs = Errs::default();
    let Some(access) = access_of(&state, &c, &f, &mut errs).await else {
        return render(&state, c, Some(existing(&user, &actor)), f, errs, None).await;
    };
    let note =
        actor.entry(state.clock.now(), Action::UserUpdate).record(format!("user/{}", user.id)).fields(fields(&access));
    match state.store.change_access(user.id, f.version, &access, note).await {
        Ok(()) => {}
        Err(DbError::Conflict(_)) => return stale(&state, &actor, c, user.id, &access).await,
        Err(e) => return Err(e.into()),
    }
    tracing::info!(%actor, user = %user.id, "user access changed");
    Ok(Redirect::to(&format!("/admin/users/{}?done=saved", user.id)).into_response())
}

pub async fn disable(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
    PageForm(_): PageForm<Empty>,
) -> Result<Response, ApiError> {
    let user = find(&state, &id).await?;
    if user.id == actor.user {
        return Err(ApiError::Refused("an administrator cannot disable their own account".into()));
    }
    let now = state.clock.now();
    let note = actor.entry(now, Action::UserUpdate).record(format!("user/{}", user.id)).fields(["disabled"]);
    state.store.disable_user(user.id, now, note).await?;
    tracing::info!(%actor, user = %user.id, "user disabled");
    Ok(Redirect::to(&format!("/admin/users/{}?done=disabled", user.id)).into_response())
}

pub async fn enable(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
    PageForm(_): PageForm<Empty>,
) -> Result<Response, ApiError> {
    let user = find(&state, &id).await?;
    let note =
        actor.entry(state.clock.now(), Action::UserUpdate).record(format!("user/{}", user.id)).fields(["enabled"]);
    state.store.enable_user(user.id, note).await?;
    tracing::info!(%actor, user = %user.id, "user enabled");
    Ok(Redirect::to(&format!("/admin/users/{}?done=enabled", user.id)).into_response())
}

/// Removes the second factor (a lost phone): the old secret and recovery codes stop working, the person's
/// sessions end, and they enrol a new one from the QR code at their next sign-in.
pub async fn reset_second_factor(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
    PageForm(_): PageForm<Empty>,
) -> Result<Response, ApiError> {
    let user = find(&state, &id).await?;
    let now = state.clock.now();
    let note = actor
        .entry(now, Action::UserUpdate)
        .record(format!("user/{}", user.id))
        .fields(["totp_secret", "recovery_codes"]);
    state.store.clear_second_factor(user.id, now, note).await?;
    tracing::info!(%actor, user = %user.id, "second factor reset");
    Ok(Redirect::to(&format!("/admin/users/{}?done=reset", user.id)).into_response())
}
