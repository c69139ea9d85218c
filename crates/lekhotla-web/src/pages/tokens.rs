//! The administrator's page of API tokens (`/admin/tokens`): every token with its user, scopes, expiry
//! and last use, and a button to revoke a live one (a form post: the guard's same-origin check applies); the
//! form to issue one is answered by `admin/new_token.rs`.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::chrome::Chrome;
use crate::actor::Actor;
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Debug)]
struct Row {
    id: String,
    username: String,
    name: String,
    scopes: String,
    expires: String,
    last_used: String,
    state: &'static str,
    live: bool,
}

#[derive(Debug, Template)]
#[template(path = "tokens.html")]
struct Tokens {
    c: Chrome,
    rows: Vec<Row>,
    /// The active users a token may be issued for (id, username), and every scope.
    users: Vec<(String, String)>,
    scopes: Vec<&'static str>,
    /// The issue form as sent, when it had a problem.
    kept: Option<Kept>,
}

/// An issue form sent with a problem: what was typed, the field at fault and why (in the person's language).
#[derive(Debug, Default)]
pub struct Kept {
    pub user: String,
    pub name: String,
    pub scopes: Vec<String>,
    pub days: String,
    pub field: &'static str,
    pub problem: String,
}

impl Tokens {
    fn problem(&self, field: &str) -> Option<&str> {
        self.kept.as_ref().filter(|k| k.field == field).map(|k| k.problem.as_str())
    }

    fn chosen_user(&self, id: &str) -> bool {
        self.kept.as_ref().is_some_and(|k| k.user == id)
    }

    fn chosen_scope(&self, scope: &str) -> bool {
        self.kept.as_ref().is_some_and(|k| k.scopes.iter().any(|s| s == scope))
    }

    fn typed_name(&self) -> &str {
        self.kept.as_ref().map_or("", |k| k.name.as_str())
    }

    fn typed_days(&self) -> &str {
        self.kept.as_ref().map_or("90", |k| k.days.as_str())
    }
}

fn day(t: time::OffsetDateTime) -> String {
    crate::i18n::Tr::default().time(t)
}

pub async fn page(State(state): State<AppState>, c: Chrome) -> Result<Response, ApiError> {
    render(&state, c, None).await
}

/// The page, with the issue form kept and its problem when `kept` is given.
pub async fn render(state: &AppState, c: Chrome, kept: Option<Kept>) -> Result<Response, ApiError> {
    let now = state.clock.now();
    let accounts = state.store.list_users().await?;
    let active =
        accounts.iter().filter(|u| u.is_active()).map(|u| (u.id.to_string(), u.username.to_string())).collect();
    let users: HashMap<_, _> = accounts.into_iter().map(|u| (u.id, u.username.to_string())).collect();
    let rows = state
        .store
        .list_api_tokens(None)
        .await?
        .into_iter()
        .map(|t| Row {
            id: t.id.to_string(),
            username: users.get(&t.user).cloned().unwrap_or_else(|| format!("user/{}", t.user)),
            name: t.name.clone(),
            scopes: lekhotla_storage::scopes_to_text(&t.scopes),
            expires: day(t.expires_at),
            last_used: t.last_used_at.map_or_else(String::new, day),
            state: match (t.revoked_at, t.is_live(now)) {
                (Some(_), _) => "tokens-revoked",
                (None, true) => "tokens-live",
                (None, false) => "tokens-expired",
            },
            live: t.is_live(now),
        })
        .collect();
    let scopes = lekhotla_identity::Permission::ALL.iter().map(|p| p.as_str()).collect();
    let html = (Tokens { c, rows, users: active, scopes, kept }).render().map_err(ApiError::internal)?;
    Ok(Html(html).into_response())
}

pub async fn revoke(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
    super::csrf::PageForm(_): super::csrf::PageForm<super::login::Empty>,
) -> Result<Response, ApiError> {
    let id: uuid::Uuid = crate::mutate::parse_id(&id, "API token")?;
    let token = state.store.api_token_by_id(id).await?.ok_or_else(|| ApiError::not_found(format!("API token {id}")))?;
    crate::api::tokens::revoke_as(&state, &actor, &token, state.clock.now()).await?;
    Ok(Redirect::to("/admin/tokens").into_response())
}
