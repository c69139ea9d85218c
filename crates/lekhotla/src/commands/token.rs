//! `lekhotla token create`, `list`, `renew` and `revoke`: API tokens for integrations, scoped to the
//! narrowest permission that is useful unless more are asked for (`read-sealed` only when named), expiring
//! (90 days by default, renewable) and stored only as a hash; the token itself is printed once.

use crate::output::say;
use anyhow::{Context, bail};
use lekhotla_identity::{ApiToken, Permission, Roles};
use lekhotla_storage::{Action, ApiTokenRecord, Store, scopes_to_text};
use time::Duration;
use uuid::Uuid;

use crate::cli::TokenCommand;
use crate::db::{self, Create};

/// Longest token name accepted.
const MAX_NAME_CHARS: usize = 100;

/// The default scope: the first of these the user's roles allow.
const NARROWEST: [Permission; 4] =
    [Permission::ReadCases, Permission::ReadStatistics, Permission::ReadAudit, Permission::Session];

pub async fn run(url: &str, command: TokenCommand) -> anyhow::Result<()> {
    let store = db::open(url, Create::Forbidden).await?;
    match command {
        TokenCommand::Create { user, name, scopes, expires_in } => {
            create(&*store, &user, &name, scopes, Duration::days(expires_in)).await
        }
        TokenCommand::List { user } => list(&*store, user.as_deref()).await,
        TokenCommand::Renew { id, expires_in } => renew(&*store, id, Duration::days(expires_in)).await,
        TokenCommand::Revoke { id } => revoke(&*store, id).await,
    }
}

async fn create(
    store: &dyn Store,
    username: &str,
    name: &str,
    asked: Vec<Permission>,
    lifetime: Duration,
) -> anyhow::Result<()> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        bail!("--name: give what the token is for, 1 to {MAX_NAME_CHARS} characters");
    }
    let user = super::user::find(store, username).await?;
    if !user.is_active() {
        bail!("{} is disabled: a disabled user gets no API token", user.username);
    }
    let scopes = scopes_for(user.roles, asked)?;
    let (token, token_hash) = ApiToken::generate().context("generating the token")?;
    let now = super::now();
    let record = ApiTokenRecord {
        id: Uuid::now_v7(),
        token_hash,
        user: user.id,
        name: name.to_owned(),
        scopes,
        created_at: now,
        expires_at: now + lifetime,
        revoked_at: None,
        last_used_at: None,
    };
    // The user the token acts as, then one `scope:<permission>` per scope.
    let fields = std::iter::once(format!("user/{}", user.id))
        .chain(record.scopes.iter().map(|p| format!("scope:{}", p.as_str())));
    let note = db::cli_entry(Action::TokenCreate).record(format!("token/{}", record.id)).fields(fields);
    store.create_api_token(&record, note).await.context("storing the token")?;
    say!("id: {}", record.id);
    say!("user: {}", user.username);
    say!("scopes: {}", scopes_to_text(&record.scopes));
    say!("expires: {}", day(record.expires_at));
    say!("token: {}", token.as_str());
    say!(
        "note: the token is shown only this once and cannot be recovered; renew it with `lekhotla token renew {id}`, \
         revoke it with `lekhotla token revoke {id}`",
        id = record.id
    );
    Ok(())
}

/// The scopes asked for, each of which the roles must allow; none asked: the narrowest useful one.
fn scopes_for(roles: Roles, asked: Vec<Permission>) -> anyhow::Result<Vec<Permission>> {
    if asked.is_empty() {
        let narrowest = NARROWEST.into_iter().find(|p| roles.allows(*p));
        return Ok(narrowest.into_iter().collect());
    }
    let refused: Vec<&str> = asked.iter().filter(|p| !roles.allows(**p)).map(|p| p.as_str()).collect();
    if !refused.is_empty() {
        let refused = refused.join(", ");
        bail!("the user's roles ({roles}) do not allow the scope(s) {refused}: a token cannot do more than its user");
    }
    let mut scopes = asked;
    scopes.sort();
    scopes.dedup();
    Ok(scopes)
}

fn day(t: time::OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| t.to_string())
}

async fn list(store: &dyn Store, username: Option<&str>) -> anyhow::Result<()> {
    let user = match username {
        Some(name) => Some(super::user::find(store, name).await?.id),
        None => None,
    };
    let names: std::collections::HashMap<_, _> =
        store.list_users().await?.into_iter().map(|u| (u.id, u.username.to_string())).collect();
    let now = super::now();
    for t in store.list_api_tokens(user).await.context("listing the tokens")? {
        let state = match (t.revoked_at, t.is_live(now)) {
            (Some(_), _) => "revoked",
            (None, true) => "live",
            (None, false) => "expired",
        };
        say!(
            "{}\t{}\t{}\t{}\texpires {}\tlast used {}\t{state}",
            t.id,
            names.get(&t.user).map_or("?", String::as_str),
            t.name,
            scopes_to_text(&t.scopes),
            day(t.expires_at),
            t.last_used_at.map_or_else(|| "never".to_owned(), day),
        );
    }
    Ok(())
}

async fn renew(store: &dyn Store, id: Uuid, lifetime: Duration) -> anyhow::Result<()> {
    let token = store.api_token_by_id(id).await?.with_context(|| format!("no API token has the id {id}"))?;
    if token.revoked_at.is_some() {
        bail!("the API token {id} is revoked: issue a new one");
    }
    let expires_at = super::now() + lifetime;
    let note = db::cli_entry(Action::TokenRenew).record(format!("token/{id}")).fields([format!("user/{}", token.user)]);
    store.renew_api_token(id, expires_at, note).await.with_context(|| format!("renewing the API token {id}"))?;
    say!("renewed the API token {id}: expires {}", day(expires_at));
    Ok(())
}

async fn revoke(store: &dyn Store, id: Uuid) -> anyhow::Result<()> {
    let token = store.api_token_by_id(id).await?.with_context(|| format!("no API token has the id {id}"))?;
    let note =
        db::cli_entry(Action::TokenRevoke).record(format!("token/{id}")).fields([format!("user/{}", token.user)]);
    store.revoke_api_token(id, super::now(), note).await.with_context(|| format!("revoking the API token {id}"))?;
    say!("revoked the API token {id}");
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use lekhotla_identity::Role;

    use super::*;

    #[test]
    fn scopes_default_to_the_narrowest_and_never_exceed_the_roles() {
        let analyst = Roles::from(Role::DataAnalyst);
        assert_eq!(scopes_for(analyst, vec![]).unwrap(), vec![Permission::ReadStatistics]);
        let investigator = Roles::from(Role::Investigator);
        assert_eq!(scopes_for(investigator, vec![]).unwrap(), vec![Permission::ReadCases], "no read-sealed unasked");
        assert_eq!(scopes_for(Roles::from(Role::Auditor), vec![]).unwrap(), vec![Permission::ReadAudit]);
        assert_eq!(scopes_for(Roles::from(Role::Admin), vec![]).unwrap(), vec![Permission::Session]);
        let some = scopes_for(analyst, vec![Permission::Session, Permission::ReadStatistics, Permission::Session]);
        assert_eq!(some.unwrap(), vec![Permission::ReadStatistics, Permission::Session]);
        let err = scopes_for(analyst, vec![Permission::ReadCases]).unwrap_err().to_string();
        assert!(err.contains("read-cases") && err.contains("data-analyst"), "{err}");
    }
}
