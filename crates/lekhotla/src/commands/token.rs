//! `lekhotla token create` and `revoke`: API tokens for integrations, scoped to some of their user's permissions
//! and stored only as a hash; the token itself is printed once.

use crate::output::say;
use anyhow::{Context, bail};
use lekhotla_identity::{ApiToken, Permission, Roles};
use lekhotla_storage::{Action, ApiTokenRecord, AuditFilter, Store, scopes_to_text};
use uuid::Uuid;

use crate::cli::TokenCommand;
use crate::db::{self, Create};

/// Longest token name accepted.
const MAX_NAME_CHARS: usize = 100;

pub async fn run(url: &str, command: TokenCommand) -> anyhow::Result<()> {
    let store = db::open(url, Create::Forbidden).await?;
    match command {
        TokenCommand::Create { user, name, scopes } => create(&*store, &user, &name, scopes).await,
        TokenCommand::Revoke { id } => revoke(&*store, id).await,
    }
}

async fn create(store: &dyn Store, username: &str, name: &str, asked: Vec<Permission>) -> anyhow::Result<()> {
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
    let record = ApiTokenRecord {
        id: Uuid::now_v7(),
        token_hash,
        user: user.id,
        name: name.to_owned(),
        scopes,
        created_at: super::now(),
        revoked_at: None,
    };
    // The user the token acts as, then one `scope:<permission>` per scope.
    let fields = std::iter::once(format!("user/{}", user.id))
        .chain(record.scopes.iter().map(|p| format!("scope:{}", p.as_str())));
    let note = db::cli_entry(Action::TokenCreate).record(format!("token/{}", record.id)).fields(fields);
    store.create_api_token(&record, note).await.context("storing the token")?;
    say!("id: {}", record.id);
    say!("user: {}", user.username);
    say!("scopes: {}", scopes_to_text(&record.scopes));
    say!("token: {}", token.as_str());
    say!(
        "note: the token is shown only this once and cannot be recovered; revoke it with `lekhotla token revoke {}`",
        record.id
    );
    Ok(())
}

/// The scopes asked for (default: every permission of the roles), each of which the roles must allow.
fn scopes_for(roles: Roles, asked: Vec<Permission>) -> anyhow::Result<Vec<Permission>> {
    if asked.is_empty() {
        return Ok(Permission::ALL.into_iter().filter(|p| roles.allows(*p)).collect());
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

async fn revoke(store: &dyn Store, id: Uuid) -> anyhow::Result<()> {
    let record = format!("token/{id}");
    // The store keeps no lookup of a token by id; its creation entry names the user.
    let filter =
        AuditFilter { record: Some(record.clone()), action: Some(Action::TokenCreate), ..AuditFilter::default() };
    let created = store.search_audit(&filter, 1, 0).await.context("reading the audit trail")?;
    let user_field = created.first().and_then(|e| e.fields.iter().find(|f| f.starts_with("user/")).cloned());
    let note = db::cli_entry(Action::TokenRevoke).record(record).fields(user_field);
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
    fn scopes_default_to_the_roles_and_never_exceed_them() {
        let analyst = Roles::from(Role::DataAnalyst);
        let all = scopes_for(analyst, vec![]).unwrap();
        assert_eq!(all, vec![Permission::ReadStatistics, Permission::ReadReference, Permission::Session]);
        let some = scopes_for(analyst, vec![Permission::Session, Permission::ReadStatistics, Permission::Session]);
        assert_eq!(some.unwrap(), vec![Permission::ReadStatistics, Permission::Session]);
        let err = scopes_for(analyst, vec![Permission::ReadCases]).unwrap_err().to_string();
        assert!(err.contains("read-cases") && err.contains("data-analyst"), "{err}");
    }
}
