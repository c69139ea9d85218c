//! The first enrolment of the second factor (`/account/enrol`): a person whose roles need one and who has
//! none yet signs in with the password only and lands here. The page shows a new TOTP secret as a QR code
//! (an SVG drawn on the server) and as text; a code from the authenticator confirms it, and the recovery
//! codes are shown once. Between the two requests the secret travels in the form sealed for this user's
//! `users.totp_secret` (only this server can open it, and only for this user): nothing is stored until the
//! code confirms it.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use lekhotla_crypto::FieldRef;
use lekhotla_identity::{RecoveryCodes, TotpSecret};
use lekhotla_storage::{Action, DbError};
use serde::Deserialize;
use zeroize::Zeroizing;

use crate::actor::{Actor, Credential};
use crate::error::ApiError;
use crate::pages::chrome::Chrome;
use crate::pages::csrf::PageForm;
use crate::state::AppState;

/// The issuer authenticator apps show next to the account (as `lekhotla user add` names it).
const TOTP_ISSUER: &str = "Lekhotla";

#[derive(Debug, Template)]
#[template(path = "account_enrol.html")]
struct Enrol {
    c: Chrome,
    /// The QR code of the otpauth URI (an `<svg>` element drawn here, no script, no style).
    qr: String,
    /// The secret in base32, in groups of four for reading aloud or typing.
    secret: String,
    /// The secret sealed for this user, carried by the form.
    sealed: String,
    problem: Option<String>,
}

#[derive(Debug, Template)]
#[template(path = "account_codes.html")]
struct Codes {
    c: Chrome,
    codes: Vec<String>,
}

#[derive(Debug, Template)]
#[template(path = "account_enrolled.html")]
struct Enrolled {
    c: Chrome,
}

/// The confirmation as posted.
#[derive(Debug, Deserialize)]
pub struct EnrolForm {
    #[serde(default)]
    secret: String,
    #[serde(default)]
    code: String,
}

fn field(actor: &Actor) -> String {
    actor.user.to_string()
}

/// The `<svg>` of `text` as a QR code, with a class and a label for screen readers (no inline style).
pub fn qr_svg(text: &str, label: &str) -> Result<String, ApiError> {
    let code = qrcode::QrCode::new(text.as_bytes()).map_err(ApiError::internal)?;
    let svg = code.render::<qrcode::render::svg::Color<'_>>().min_dimensions(240, 240).quiet_zone(true).build();
    let start = svg.find("<svg").ok_or_else(|| ApiError::internal("the QR code has no <svg>"))?;
    let label = label.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;");
    Ok(format!(r#"<svg class="qr" role="img" aria-label="{label}" {}"#, &svg[start + 5..]))
}

fn grouped(secret: &str) -> String {
    secret.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
}

/// The page for `secret` (sealed as `sealed`), with a problem if the last code was wrong.
fn enrol_page(
    c: Chrome,
    actor: &Actor,
    secret: &TotpSecret,
    sealed: String,
    problem: Option<String>,
) -> Result<Response, ApiError> {
    let base32 = Zeroizing::new(secret.to_base32());
    let uri = Zeroizing::new(secret.otpauth_uri(TOTP_ISSUER, actor.username.as_str()));
    let qr = qr_svg(&uri, &c.t("enrol-qr-label"))?;
    let page = Enrol { c, qr, secret: grouped(&base32), sealed, problem };
    Ok(Html(page.render().map_err(ApiError::internal)?).into_response())
}

/// Whether the actor has a second factor already (then there is nothing to enrol here).
async fn enrolled(state: &AppState, actor: &Actor) -> Result<bool, ApiError> {
    let user = state.store.get_user(actor.user).await?.ok_or(ApiError::Unauthenticated)?;
    Ok(user.totp_secret_sealed.is_some() || !user.roles.requires_second_factor())
}

pub async fn form(State(state): State<AppState>, actor: Actor, c: Chrome) -> Result<Response, ApiError> {
    if enrolled(&state, &actor).await? {
        return already(&state, &actor, c).await;
    }
    let secret = TotpSecret::generate().map_err(ApiError::internal)?;
    let base32 = Zeroizing::new(secret.to_base32());
    let sealed = state
        .security
        .keyring
        .seal(FieldRef::new("users", "totp_secret", &field(&actor)), &base32)
        .map_err(ApiError::internal)?;
    enrol_page(c, &actor, &secret, sealed, None)
}

/// A person with a second factor already: a session that has not proved it (the roles changed since it
/// began) ends, for a sign-in with the code; any other is told there is nothing to do.
async fn already(state: &AppState, actor: &Actor, c: Chrome) -> Result<Response, ApiError> {
    if actor.must_enrol() {
        crate::signin::sign_out(state, actor).await?;
        return Ok(([crate::signin::clear_cookie(state)], Redirect::to("/login")).into_response());
    }
    Ok(Html((Enrolled { c }).render().map_err(ApiError::internal)?).into_response())
}

pub async fn confirm(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    PageForm(f): PageForm<EnrolForm>,
) -> Result<Response, ApiError> {
    let Credential::Session { hash, .. } = &actor.credential else {
        return Err(ApiError::Forbidden("a second factor is enrolled from a signed-in session".into()));
    };
    if enrolled(&state, &actor).await? {
        return already(&state, &actor, c).await;
    }
    let opened = state.security.keyring.open(FieldRef::new("users", "totp_secret", &field(&actor)), &f.secret);
    let base32 = Zeroizing::new(opened.map_err(|_| {
        ApiError::field("secret", "the form's secret was not made for this account: open the page again")
    })?);
    let secret = TotpSecret::from_base32(&base32).map_err(ApiError::internal)?;
    let now = state.clock.now();
    let unix = u64::try_from(now.unix_timestamp()).unwrap_or(0);
    let Ok(step) = secret.verify(f.code.trim(), unix, None) else {
        let note = actor
            .entry(now, Action::LoginFailure)
            .record(format!("user/{}", actor.user))
            .fields(["second-factor-enrolment", "code"]);
        state.store.append_audit(note).await?;
        let problem = Some(c.t("enrol-wrong-code"));
        return enrol_page(c, &actor, &secret, f.secret, problem);
    };
    let (codes, hashes) = RecoveryCodes::generate(RecoveryCodes::DEFAULT_COUNT).map_err(ApiError::internal)?;
    let codes = codes.into_iter().map(Zeroizing::new).collect::<Vec<_>>();
    let note = actor
        .entry(now, Action::UserUpdate)
        .record(format!("user/{}", actor.user))
        .fields(["totp_secret", "recovery_codes"]);
    match state.store.enrol_second_factor(hash, actor.user, &f.secret, step, &hashes, now, note).await {
        Ok(()) => {}
        Err(DbError::Conflict(_)) => return already(&state, &actor, c).await,
        Err(e) => return Err(e.into()),
    }
    tracing::info!(%actor, "second factor enrolled");
    // The frame as it is now: the session has proved its second factor.
    let mut after = actor.clone();
    after.credential = Credential::Session { hash: *hash, factor_at: Some(now) };
    let c = Chrome::new(Some(&after), c.lang, &c.path);
    let page = Codes { c, codes: codes.iter().map(|s| s.as_str().to_owned()).collect() };
    Ok(Html(page.render().map_err(ApiError::internal)?).into_response())
}
