//! Signing in and out, shared by the JSON API (`/api/v1/session`) and the sign-in page.
//!
//! One answer for every failure (unknown user, disabled user, wrong password, missing, wrong or
//! replayed code) and the same argon2id work for an unknown user as for a known one, so nothing
//! reveals whether an account exists (ASVS 6.3.8). Failed attempts are throttled per account and per
//! address and audited; a success opens a server-side session, consuming the second factor, in the
//! same transaction as its audit entry.

use axum::http::{HeaderValue, header};
use lekhotla_crypto::FieldRef;
use lekhotla_identity::{SessionToken, TotpSecret, Username, burn_equal_time, recovery_code_hash};
use lekhotla_storage::{Action, DbError, NewEntry, SecondFactor, SessionRecord, UserAccount, UserId};

use crate::error::ApiError;
use crate::state::AppState;

/// What the person typed.
#[derive(Debug)]
pub struct Attempt<'a> {
    pub username: &'a str,
    pub password: &'a str,
    /// A 6-digit TOTP code or a recovery code; needed by every role that sees case content.
    pub code: Option<&'a str>,
    /// The client's address, for throttling and the audit trail.
    pub address: &'a str,
}

/// Checks the attempt and opens a session: the token (to hand to the client once) and the user.
pub async fn sign_in(state: &AppState, attempt: Attempt<'_>) -> Result<(SessionToken, UserAccount), ApiError> {
    let now = state.clock.now();
    let throttle = &state.security.throttle;
    if let Err(t) = throttle.check(attempt.username, attempt.address, now) {
        return Err(throttled(state, &attempt, t.retry_after_seconds).await);
    }
    match check(state, &attempt).await {
        Ok((user, factor)) => {
            let (token, hash) = SessionToken::generate().map_err(ApiError::internal)?;
            let session = SessionRecord {
                token_hash: hash,
                user: user.id,
                created_at: now,
                last_seen_at: now,
                address: Some(attempt.address.to_owned()),
                factor_at: (factor != SecondFactor::NotRequired).then_some(now),
            };
            let mut note = crate::actor::Actor::system_entry(now, Action::LoginSuccess, &user.id);
            if enrolment_pending(&user) {
                note = note.fields(["second-factor-enrolment-pending"]);
            }
            match state.store.start_session(&session, factor, note).await {
                Ok(()) => {
                    throttle.record_success(attempt.username, now);
                    tracing::info!(user = %user.id, "signed in");
                    Ok((token, user))
                }
                // A replayed TOTP step or a used recovery code, refused inside the transaction.
                Err(DbError::Conflict(_)) => Err(failed(state, &attempt, "code-used-or-unknown", Some(user.id)).await),
                Err(e) => Err(e.into()),
            }
        }
        Err((reason, user)) => Err(failed(state, &attempt, reason, user).await),
    }
}

/// Whether `user` must enrol a second factor before their session reaches anything else: their roles
/// need one and they have none.
pub fn enrolment_pending(user: &UserAccount) -> bool {
    user.roles.requires_second_factor() && user.totp_secret_sealed.is_none()
}

/// Records a failed attempt (throttle and audit) and gives the one answer for all failures. The entry
/// names the account by id when there is one, else the typed name only as a keyed hash (a username
/// typed wrong is often a password typed in the wrong field), and the client's address.
async fn failed(state: &AppState, attempt: &Attempt<'_>, reason: &'static str, user: Option<UserId>) -> ApiError {
    let now = state.clock.now();
    state.security.throttle.record_failure(attempt.username, attempt.address, now);
    let record = match user {
        Some(id) => format!("user/{id}"),
        None => typed_name(state, attempt),
    };
    let note = NewEntry::new(now, "anonymous", Action::LoginFailure)
        .record(record)
        .fields([reason.to_owned(), format!("address:{}", attempt.address)]);
    if let Err(e) = state.store.append_audit(note).await {
        return e.into();
    }
    tracing::info!(reason, "sign-in refused");
    ApiError::SignInFailed
}

/// A sign-in refused unheard because its account or address is throttled: recorded (the typed name's
/// keyed hash and the address) up to [`crate::limits::THROTTLED_SIGN_INS`] per address and window, so a
/// flood of attempts cannot flood the trail; the last entry of a window says so.
async fn throttled(state: &AppState, attempt: &Attempt<'_>, retry_after: u64) -> ApiError {
    let now = state.clock.now();
    match state.limits.throttled_sign_ins.take(attempt.address, now) {
        Ok(pass) => {
            let mut fields = vec!["throttled".to_owned(), format!("address:{}", attempt.address)];
            if pass == crate::limits::Pass::Last {
                fields.push("further-throttled-in-window-not-recorded".to_owned());
            }
            let note =
                NewEntry::new(now, "anonymous", Action::LoginFailure).record(typed_name(state, attempt)).fields(fields);
            if let Err(e) = state.store.append_audit(note).await {
                return e.into();
            }
        }
        Err(_) => tracing::warn!("throttled sign-in not recorded: the address's window is used up"),
    }
    tracing::info!("sign-in throttled");
    ApiError::Throttled(retry_after)
}

/// How the trail names a typed username that is no account: `login-name/<keyed hash>`, the blind index
/// of the name (normalised as the throttle keys it), so repeated attempts at one name can be told
/// apart from others without the text ever being kept.
fn typed_name(state: &AppState, attempt: &Attempt<'_>) -> String {
    format!("login-name/{}", state.security.keyring.blind_index(TYPED_NAME_INDEX, attempt.username))
}

/// The blind-index purpose of typed usernames (unrelated to every other index of the same text).
const TYPED_NAME_INDEX: &str = "audit.login-name";

/// The user and the second factor to consume, or why the attempt fails (for the audit trail only).
async fn check(
    state: &AppState,
    attempt: &Attempt<'_>,
) -> Result<(UserAccount, SecondFactor), (&'static str, Option<UserId>)> {
    let user = match Username::parse(attempt.username) {
        Ok(name) => state.store.find_user(&name).await.map_err(|_| ("store-error", None))?,
        Err(_) => None,
    };
    let Some(user) = user else {
        burn_equal_time(attempt.password);
        return Err(("unknown-user", None));
    };
    let refused = |reason| Err((reason, Some(user.id)));
    if !user.password_hash.verify(attempt.password) {
        return refused("password");
    }
    if !user.is_active() {
        return refused("disabled");
    }
    if !user.roles.requires_second_factor() {
        return Ok((user, SecondFactor::NotRequired));
    }
    if user.totp_secret_sealed.is_none() {
        // Not enrolled yet (a new account, or a second factor reset): the session this opens reaches
        // nothing but the enrolment page until a code from the new secret confirms it (`must_enrol`).
        return Ok((user, SecondFactor::NotRequired));
    }
    let Some(code) = attempt.code.map(str::trim).filter(|c| !c.is_empty()) else { return refused("code-missing") };
    match second_factor(state, &user, code) {
        Ok(factor) => Ok((user, factor)),
        Err(reason) => refused(reason),
    }
}

/// The second factor `code` stands for (a TOTP step or a recovery code), checked against the user's
/// secret; the store consumes it (once) in the transaction that uses it.
fn second_factor(state: &AppState, user: &UserAccount, code: &str) -> Result<SecondFactor, &'static str> {
    if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
        let sealed = user.totp_secret_sealed.as_deref().ok_or("no-totp-enrolled")?;
        let id = user.id.to_string();
        let base32 = state
            .security
            .keyring
            .open(FieldRef::new("users", "totp_secret", &id), sealed)
            .map_err(|_| "totp-secret-unreadable")?;
        let secret = TotpSecret::from_base32(&base32).map_err(|_| "totp-secret-unreadable")?;
        let unix = u64::try_from(state.clock.now().unix_timestamp()).unwrap_or(0);
        let step = secret.verify(code, unix, user.totp_last_step).map_err(|_| "code")?;
        Ok(SecondFactor::Totp { step })
    } else {
        Ok(SecondFactor::RecoveryCode { hash: recovery_code_hash(code) })
    }
}

/// Step-up: the signed-in user proves the second factor again, so that sealed fields may be revealed
/// for the next [`crate::sealed::STEP_UP`]. Failures are audited and counted per session, apart from
/// sign-ins (so a stolen session cannot lock its owner out); the [`crate::state::STEP_UP_FAILURES`]th
/// ends the session.
pub async fn step_up(state: &AppState, actor: &crate::actor::Actor, code: &str, address: &str) -> Result<(), ApiError> {
    let crate::actor::Credential::Session { hash, .. } = &actor.credential else {
        return Err(ApiError::Forbidden("an API token has no second factor to step up with".into()));
    };
    let now = state.clock.now();
    let counter = format!("session/{}", hash.to_hex());
    let throttle = &state.security.step_up;
    if let Err(t) = throttle.check(&counter, address, now) {
        return Err(ApiError::Throttled(t.retry_after_seconds));
    }
    let user = state.store.get_user(actor.user).await?.ok_or(ApiError::Unauthenticated)?;
    let refused = |reason: &'static str| {
        let counter = &counter;
        async move {
            throttle.record_failure(counter, address, now);
            let note = actor
                .entry(now, Action::LoginFailure)
                .record(format!("user/{}", actor.user))
                .fields(["step-up", reason]);
            if let Err(e) = state.store.append_audit(note).await {
                return e.into();
            }
            if throttle.check(counter, address, now).is_ok() {
                return ApiError::SignInFailed;
            }
            let end = actor.entry(now, Action::Logout).purpose("ended: too many wrong step-up codes");
            match state.store.end_session(hash, now, end).await {
                Ok(()) => ApiError::Unauthenticated,
                Err(e) => e.into(),
            }
        }
    };
    let factor = match second_factor(state, &user, code.trim()) {
        Ok(f) => f,
        Err(reason) => return Err(refused(reason).await),
    };
    let note = actor.entry(now, Action::LoginSuccess).record(format!("user/{}", actor.user)).fields(["step-up"]);
    match state.store.step_up(hash, actor.user, factor, now, note).await {
        Ok(()) => {
            throttle.record_success(&counter, now);
            Ok(())
        }
        Err(DbError::Conflict(_)) => Err(refused("code-used-or-unknown").await),
        Err(e) => Err(e.into()),
    }
}

/// Ends the session of `token_hash` with its audit entry.
pub async fn sign_out(state: &AppState, actor: &crate::actor::Actor) -> Result<(), ApiError> {
    if let crate::actor::Credential::Session { hash, .. } = &actor.credential {
        let now = state.clock.now();
        state.store.end_session(hash, now, actor.entry(now, Action::Logout)).await?;
    }
    Ok(())
}

/// The `Set-Cookie` value that hands the browser its session: a session cookie (no `Max-Age`, so a
/// shared office computer forgets it when the browser closes; the server still ends it when idle or old),
/// `__Host-` and `Secure` behind HTTPS.
pub fn session_cookie(state: &AppState, token: &SessionToken) -> Result<HeaderValue, ApiError> {
    let secure = state.security.secure_cookies;
    let name = crate::auth::cookie_name(secure);
    let flag = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{name}={}; HttpOnly; SameSite=Strict; Path=/{flag}", token.as_str()))
        .map_err(ApiError::internal)
}

/// The `Set-Cookie` value that removes it.
pub fn clear_cookie(state: &AppState) -> (header::HeaderName, HeaderValue) {
    let value = if state.security.secure_cookies {
        "__Host-lekhotla_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0; Secure"
    } else {
        "lekhotla_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0"
    };
    (header::SET_COOKIE, HeaderValue::from_static(value))
}
