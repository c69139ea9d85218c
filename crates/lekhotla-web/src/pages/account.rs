//! One's own account (`/account`): who I am, my roles and organisation, changing my password (every other
//! session of mine ends), where my daily digest of overdue referrals goes and in which language, signing out.
//! The first enrolment of the second factor is `account/enrol.rs`.

pub mod enrol;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{Extensions, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use lekhotla_identity::{Password, PasswordHash, PasswordPolicyError, SessionToken};
use lekhotla_storage::deadlines::Contact;
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
    /// The digest form: the stored address (or what was typed), its language, and the problem with it.
    digest: DigestShown,
}

/// The digest section as shown.
#[derive(Debug, Default)]
struct DigestShown {
    /// Whether an address is stored.
    stored: bool,
    email: String,
    /// `en` or `st`.
    language: String,
    error: Option<String>,
    /// The message id of what was just done (`account-digest-saved` / `-removed`).
    done: Option<&'static str>,
}

#[derive(Debug, Deserialize)]
pub struct Shown {
    #[serde(default)]
    changed: Option<String>,
    #[serde(default)]
    digest: Option<String>,
}

/// The stored digest address of `actor`, as the form shows it (the page's language when none is stored).
async fn stored_digest(state: &AppState, actor: &Actor, c: &Chrome) -> Result<DigestShown, ApiError> {
    let mine = state.store.contacts().await?.into_iter().find(|k| k.user == actor.user.0);
    Ok(match mine {
        Some(k) => DigestShown { stored: true, email: k.email, language: k.language, ..DigestShown::default() },
        None => DigestShown { language: c.lang.tag().to_owned(), ..DigestShown::default() },
    })
}

async fn render(
    state: &AppState,
    actor: &Actor,
    c: Chrome,
    changed: bool,
    p: Problems,
    digest: Option<DigestShown>,
) -> Result<String, ApiError> {
    let digest = match digest {
        Some(d) => d,
        None => stored_digest(state, actor, &c).await?,
    };
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
    let page = Account { c, username, roles, organisation, district, factor, changed, p, digest };
    page.render().map_err(ApiError::internal)
}

pub async fn page(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    Query(q): Query<Shown>,
) -> Result<Response, ApiError> {
    let mut digest = stored_digest(&state, &actor, &c).await?;
    digest.done = match q.digest.as_deref() {
        Some("saved") => Some("account-digest-saved"),
        Some("removed") => Some("account-digest-removed"),
        _ => None,
    };
    Ok(Html(render(&state, &actor, c, q.changed.is_some(), Problems::default(), Some(digest)).await?).into_response())
}

/// The digest form as posted: `remove` set by its own button.
#[derive(Debug, Deserialize)]
pub struct DigestForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    remove: Option<String>,
}

/// Sets (or removes) where one's daily digest goes and its language; audited as a change to one's account.
pub async fn set_digest(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    PageForm(f): PageForm<DigestForm>,
) -> Result<Response, ApiError> {
    let now = state.clock.now();
    let note = actor.entry(now, Action::UserUpdate).record(format!("user/{}", actor.user)).fields(["digest"]);
    if f.remove.is_some() {
        state.store.set_contact(actor.user.0, None, note).await?;
        return Ok(Redirect::to("/account?digest=removed#digest").into_response());
    }
    let language = crate::i18n::Lang::parse(&f.language).unwrap_or(c.lang).tag().to_owned();
    let email = match lekhotla_domain::EmailAddress::parse(&f.email) {
        Ok(e) => e,
        Err(e) => {
            let error = Some(format!("{} {}", c.t("account-digest-bad-email"), c.t(reason_id(&e))));
            let stored = state.store.contacts().await?.iter().any(|k| k.user == actor.user.0);
            let shown = DigestShown { stored, email: f.email, language, error, done: None };
            let page = render(&state, &actor, c, false, Problems::default(), Some(shown)).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page)).into_response());
        }
    };
    let contact = Contact { user: actor.user.0, email: email.to_string(), language };
    state.store.set_contact(actor.user.0, Some(contact), note).await?;
    Ok(Redirect::to("/account?digest=saved#digest").into_response())
}

/// The message id of why an address was refused.
fn reason_id(e: &lekhotla_domain::EmailError) -> &'static str {
    match e.to_string().as_str() {
        "is empty" => "account-digest-email-empty",
        "has no @" => "account-digest-email-no-at",
        _ => "account-digest-email-shape",
    }
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
        return Ok(Html(render(&state, &actor, c, false, p, None).await?).into_response());
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
