//! Who is acting. The `auth` layer resolves every request's session cookie or bearer token to an
//! [`Actor`] (or to nobody) before the route's permission is checked; handlers take the `Actor`
//! extractor and hand it to `mutate`, so access control has one place to live.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use lekhotla_domain::{OrgId, UnitCode};
use lekhotla_identity::{Permission, Roles, TokenHash, Username};
use lekhotla_storage::{Action, NewEntry, UserId};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::error::ApiError;

/// How the actor proved who they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// A signed-in person's session (cookie or bearer), and when they last proved their second factor in it.
    Session { hash: TokenHash, factor_at: Option<OffsetDateTime> },
    /// An integration's API token, limited to its scopes.
    ApiToken { id: Uuid, scopes: Vec<Permission> },
}

/// An authenticated user acting through a session or an API token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user: UserId,
    pub username: Username,
    pub organisation: OrgId,
    pub roles: Roles,
    pub district: Option<UnitCode>,
    pub credential: Credential,
    /// The reason the request gives for a national coordinator's correction (`Lekhotla-Correction`).
    pub correction: Option<String>,
}

impl Actor {
    /// Whether the actor's roles allow `permission` and, for an API token, its scopes include it.
    pub fn allows(&self, permission: Permission) -> bool {
        let scoped = match &self.credential {
            Credential::Session { .. } => true,
            Credential::ApiToken { scopes, .. } => scopes.contains(&permission),
        };
        scoped && self.roles.allows(permission)
    }

    /// Whether this is a session of a person whose roles need a second factor and who has not proved
    /// one in it: signed in with the password only because none is enrolled yet. Such a session reaches
    /// only the enrolment page and sign-out (`auth::guard`).
    pub fn must_enrol(&self) -> bool {
        matches!(self.credential, Credential::Session { factor_at: None, .. }) && self.roles.requires_second_factor()
    }

    /// `Ok` when allowed, else 403 naming the permission.
    pub fn require(&self, permission: Permission) -> Result<(), ApiError> {
        if self.allows(permission) {
            Ok(())
        } else {
            Err(ApiError::Forbidden(format!("this needs the permission {}", permission.as_str())))
        }
    }

    /// The credential this request came with, as a break-glass grant is bound to it: `session/<token hash>`
    /// or `token/<id>`. A grant asked for by one credential admits no other.
    pub fn credential_ref(&self) -> String {
        match &self.credential {
            Credential::Session { hash, .. } => format!("session/{}", hash.to_hex()),
            Credential::ApiToken { id, .. } => format!("token/{id}"),
        }
    }

    /// How the audit trail names this actor: the user id, never a name.
    pub fn audit_name(&self) -> String {
        format!("user/{}", self.user)
    }

    /// An audit entry of this actor doing `action` at `at`.
    pub fn entry(&self, at: OffsetDateTime, action: Action) -> NewEntry {
        NewEntry::new(at, self.audit_name(), action)
    }

    /// An audit entry about `user` written by the system itself (a session expiring, a sign-in).
    pub fn system_entry(at: OffsetDateTime, action: Action, user: &UserId) -> NewEntry {
        NewEntry::new(at, format!("user/{user}"), action).record(format!("user/{user}"))
    }
}

impl std::fmt::Display for Actor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "user/{}", self.user)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Actor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Actor>().cloned().ok_or(ApiError::Unauthenticated)
    }
}
