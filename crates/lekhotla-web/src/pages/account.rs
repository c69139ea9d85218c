//! One's own account (`/account`): who I am, my roles and organisation, changing my password (every other
//! session of mine ends), signing out. The first enrolment of the second factor is `account/enrol.rs`.

pub mod enrol;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{Extensions, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use lekhotla_identity::{Password, PasswordHash, PasswordPolicyError, SessionToken};
use lekhotla_storage::{Action, SecondFactor, SessionRecord};
use serde::Deserialize;

use super::chrome::Chrome;
use super::csrf::PageForm;
use crate::actor::{Actor, Credential};
use crate::error::ApiError;
use crate::state::AppState;

/// Where a session that must enrol its second factor is sent.
pub const ENROL_PATH: &str = "/account/enrol";

/// The message id of a role's name (shared with the administration pages).
pub fn role_label(role: lekhotla_identity::Role) -> String {
    format!("admin-role-{}", role.as_str())
}

/// The password form's problems, each next to its field (already in the person's language).
#[derive(Debug, Default)]
struct Problems {
    current: Option<String>,
    new: Option<String>,
    again: Option<String>,
}

#[derive(Debug, Template)]
#[template(path = "account.html")]
struct Account {
    c: Chrome,
    username: String,
    roles: Vec<String>,
    organisation: String,
    district: Option<String>,
    /// The message id saying how the person signs in (`account-factor-...`).
    factor: &'static str,
    changed: bool,
    p: Problems,
}

#[derive(Debug, Deserialize)]
pub struct Shown {
    #[serde(default)]
    changed: Option<String>,
}

async fn render(state: &AppState, actor: &Actor, c: Chrome, changed: bool, p: Problems) -> Result<String, ApiError> {
    let user = state.store.get_user(actor.user).await?.ok_or(ApiError::Unauthenticated)?;
    let organisation = state
        .store
        .get_organisation(user.organisation)
        .await?
        .map_or_else(|| user.organisation.to_string(), |o| o.details.name);
    let district = user.district.as_ref().map(|d| {
        state
            .geography
            .get(d.as_str())
            .map_or_else(|| d.as_str().to_owned(), |u| format!("{} ({})", u.name, d.as_str()))
    });
    let factor = match (user.roles.requires_second_factor(), user.totp_secret_sealed.is_some()) {
        (false, _) => "account-factor-none",
        (true, true) => "account-factor-totp",
        (true, false) => "account-factor-pending",
    };
    let roles = user.roles.iter().map(|r| c.t(&role_label(r))).collect();
    let username = user.username.to_string();
    let page = Account { c, username, roles, organisation, district, factor, changed, p };
    page.render().map_err(ApiError::internal)
}

pub async fn page(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    Query(q): Query<Shown>,
) -> Result<Response, ApiError> {
    Ok(Html(render(&state, &actor, c, q.changed.is_some(), Problems::default()).await?).into_response())
}

/// The password form as posted.
#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    again: String,
}

fn policy_message(e: &PasswordPolicyError) -> &'static str {
    match e {
        PasswordPolicyError::TooShort => "account-password-too-short",
        PasswordPolicyError::TooLong => "account-password-too-long",
        PasswordPolicyError::Common => "account-password-common",
        PasswordPolicyError::LikeAName => "account-password-like-name",
        _ => "account-password-blank",
    }
}

/// Changes one's password: the current one proved (wrong ones counted as step-up failures are), the new
/// one twice and by the policy. Every session of the person ends; this browser gets a fresh one.
pub async fn change_password(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    extensions: Extensions,
    PageForm(f): PageForm<PasswordForm>,
) -> Result<Response, ApiError> {
    let Credential::Session { hash, factor_at } = &actor.credential else {
        return Err(ApiError::Forbidden("a password is changed from a signed-in session, not with a token".into()));
    };
    let now = state.clock.now();
    let address = crate::auth::client_address(&extensions);
    let counter = format!("session/{}", hash.to_hex());
    let throttle = &state.security.step_up;
    throttle.check(&counter, &address, now).map_err(|t| ApiError::Throttled(t.retry_after_seconds))?;
    let user = state.store.get_user(actor.user).await?.ok_or(ApiError::Unauthenticated)?;
    let mut p = Problems::default();
    if !user.password_hash.verify(&f.current) {
        throttle.record_failure(&counter, &address, now);
        let note = actor
            .entry(now, Action::LoginFailure)
            .record(format!("user/{}", actor.user))
            .fields(["password-change", "password"]);
        state.store.append_audit(note).await?;
        p.current = Some(c.t("account-wrong-password"));
    }
    let new = match Password::for_user(f.new.clone(), user.username.as_str()) {
        Ok(new) => Some(new),
        Err(e) => {
            p.new = Some(c.t(policy_message(&e)));
            None
        }
    };
    if f.new != f.again {
        p.again = Some(c.t("account-password-mismatch"));
    }
    let (Some(new), None, None, None) = (new, &p.current, &p.new, &p.again) else {
        return Ok(Html(render(&state, &actor, c, false, p).await?).into_response());
    };
    throttle.record_success(&counter, now);
    let hash_new = PasswordHash::create(&new).map_err(ApiError::internal)?;
    let note = actor.entry(now, Action::UserUpdate).record(format!("user/{}", actor.user)).fields(["password"]);
    state.store.set_password(actor.user, &hash_new, now, note).await?;
    // Every session ended with the change; this browser goes on in a new one, its second factor kept.
    let (token, token_hash) = SessionToken::generate().map_err(ApiError::internal)?;
    let session = SessionRecord {
        token_hash,
        user: actor.user,
        created_at: now,
        last_seen_at: now,
        address: Some(address),
        factor_at: *factor_at,
    };
    let note = Actor::system_entry(now, Action::LoginSuccess, &actor.user).fields(["password-changed"]);
    state.store.start_session(&session, SecondFactor::NotRequired, note).await?;
    tracing::info!(%actor, "password changed; other sessions ended");
    let cookie = crate::signin::session_cookie(&state, &token)?;
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/account?changed=1")).into_response())
}
