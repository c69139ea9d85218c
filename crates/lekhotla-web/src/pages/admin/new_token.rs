//! Issuing an API token from the administrator's page (`POST /admin/tokens`): for a user, named, with
//! scopes their roles allow, for a number of days; the token is shown once and only its hash is kept, as
//! `lekhotla token create` does.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use lekhotla_identity::{ApiToken, Permission};
use lekhotla_storage::{Action, ApiTokenRecord, UserId};
use serde::Deserialize;
use time::Duration;
use uuid::Uuid;

use crate::actor::Actor;
use crate::error::ApiError;
use crate::pages::chrome::Chrome;
use crate::pages::csrf::PageForm;
use crate::state::AppState;

/// Longest token name accepted (as the command line).
const MAX_NAME_CHARS: usize = 100;

/// The form as posted.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TokenForm {
    pub user: String,
    pub name: String,
    pub scopes: Vec<String>,
    pub days: String,
}

#[derive(Debug, Template)]
#[template(path = "tokens_created.html")]
struct Created {
    c: Chrome,
    username: String,
    name: String,
    scopes: String,
    expires: String,
    token: String,
}

/// The token's scopes from the form, each allowed by the user's roles; `Err` with the message id of the problem.
fn scopes(asked: &[String], roles: lekhotla_identity::Roles) -> Result<Vec<Permission>, &'static str> {
    let mut scopes = Vec::new();
    for code in asked {
        let p = Permission::ALL.iter().copied().find(|p| p.as_str() == code).ok_or("admin-token-error-scopes")?;
        if !roles.allows(p) {
            return Err("admin-token-error-scope-role");
        }
        scopes.push(p);
    }
    scopes.sort();
    scopes.dedup();
    if scopes.is_empty() { Err("admin-token-error-scopes") } else { Ok(scopes) }
}

pub async fn create(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    PageForm(f): PageForm<TokenForm>,
) -> Result<Response, ApiError> {
    // A problem: the page again, what was typed kept, the reason next to its field.
    let kept = |field: &'static str, id: &str| crate::pages::tokens::Kept {
        user: f.user.clone(),
        name: f.name.clone(),
        scopes: f.scopes.clone(),
        days: f.days.clone(),
        field,
        problem: c.t(id),
    };
    macro_rules! problem {
        ($field:literal, $id:expr) => {
            return crate::pages::tokens::render(&state, c.clone(), Some(kept($field, $id))).await
        };
    }
    let Ok(uuid) = Uuid::parse_str(f.user.trim()) else { problem!("user", "admin-token-error-user") };
    let Some(user) = state.store.get_user(UserId(uuid)).await?.filter(|u| u.is_active()) else {
        problem!("user", "admin-token-error-user")
    };
    let name = f.name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        problem!("name", "admin-token-error-name")
    }
    let days = match f.days.trim() {
        "" => ApiTokenRecord::DEFAULT_LIFETIME.whole_days(),
        d => d.parse::<i64>().unwrap_or(0),
    };
    if !(1..=ApiTokenRecord::MAX_LIFETIME.whole_days()).contains(&days) {
        problem!("days", "admin-token-error-days")
    }
    let scopes = match scopes(&f.scopes, user.roles) {
        Ok(s) => s,
        Err(id) => problem!("scopes", id),
    };
    let (token, token_hash) = ApiToken::generate().map_err(ApiError::internal)?;
    let now = state.clock.now();
    let record = ApiTokenRecord {
        id: Uuid::now_v7(),
        token_hash,
        user: user.id,
        name: name.to_owned(),
        scopes,
        created_at: now,
        expires_at: now + Duration::days(days),
        revoked_at: None,
        last_used_at: None,
    };
    let fields = std::iter::once(format!("user/{}", user.id))
        .chain(record.scopes.iter().map(|p| format!("scope:{}", p.as_str())));
    let note = actor.entry(now, Action::TokenCreate).record(format!("token/{}", record.id)).fields(fields);
    state.store.create_api_token(&record, note).await?;
    tracing::info!(%actor, token = %record.id, "API token created");
    let page = Created {
        username: user.username.to_string(),
        name: record.name.clone(),
        scopes: lekhotla_storage::scopes_to_text(&record.scopes),
        expires: c.tr.time(record.expires_at),
        token: token.as_str().to_owned(),
        c,
    };
    Ok(Html(page.render().map_err(ApiError::internal)?).into_response())
}
