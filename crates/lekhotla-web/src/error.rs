//! The API's one error type: every failure becomes a status and `{"error": {code, message, fields}}`.
//!
//! A 500 says nothing internal: the detail goes to the log under the request's id, which the
//! client sees in the `x-request-id` header.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use lekhotla_domain::{DomainError, FieldError};
use lekhotla_storage::{DbError, UnreadableEntry};
use serde::Serialize;
use utoipa::ToSchema;

/// Why a request was not carried out.
#[derive(Debug)]
pub enum ApiError {
    /// The input has bad fields (422).
    Invalid(Vec<FieldError>),
    /// The body is not the JSON this route takes, or a header is malformed (400).
    BadRequest(String),
    /// The body is not JSON at all (415).
    UnsupportedMediaType,
    /// The body is larger than the route takes (413).
    PayloadTooLarge,
    /// No such record (404).
    NotFound(String),
    /// The move is impossible from where the record stands, or a unique value is taken (409).
    Refused(String),
    /// Others kept changing the case while this request tried to save (409).
    Busy,
    /// The client changed an older version than the stored one (412).
    Stale(String),
    /// A change to an existing record needs `If-Match` with the version the client last saw (428).
    PreconditionRequired,
    /// No valid session or token came with the request (401).
    Unauthenticated,
    /// Signing in failed: the same answer whatever was wrong, so it reveals no account (401).
    SignInFailed,
    /// The actor may not do this (403); the message names the permission, never the record.
    Forbidden(String),
    /// Too many failed sign-ins for this account or address: try again after this many seconds (429).
    Throttled(u64),
    /// Over a rate (break-glass grants): try again after this many seconds (429); the message says which.
    RateLimited { retry_after: u64, message: String },
    /// The database is busy (on SQLite, another process's long write: a bulk import from the command line) or
    /// cannot be reached (503, with `Retry-After`).
    Unavailable,
    /// A stored audit entry does not read back as one (altered or damaged behind the trail's safeguards): 500,
    /// naming the entry's seq for the auditor; why it does not read is logged, never sent.
    UnreadableAuditEntry { seq: i64, detail: String },
    /// Anything else (500); the detail is logged, never sent.
    Internal(String),
}

impl ApiError {
    pub fn field(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::Invalid(vec![FieldError::new(field, reason)])
    }

    pub fn not_found(what: impl Into<String>) -> Self {
        Self::NotFound(what.into())
    }

    pub fn internal(e: impl std::fmt::Display) -> Self {
        Self::Internal(e.to_string())
    }

    fn status(&self) -> StatusCode {
        match self {
            Self::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Refused(_) | Self::Busy => StatusCode::CONFLICT,
            Self::Stale(_) => StatusCode::PRECONDITION_FAILED,
            Self::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            Self::Unauthenticated | Self::SignInFailed => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::Throttled(_) | Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::UnreadableAuditEntry { .. } | Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            Self::Invalid(_) => "invalid",
            Self::BadRequest(_) => "bad_request",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::PayloadTooLarge => "payload_too_large",
            Self::NotFound(_) => "not_found",
            Self::Refused(_) => "refused",
            Self::Busy => "busy",
            Self::Stale(_) => "stale",
            Self::PreconditionRequired => "precondition_required",
            Self::Unauthenticated => "unauthenticated",
            Self::SignInFailed => "sign_in_failed",
            Self::Forbidden(_) => "forbidden",
            Self::Throttled(_) => "throttled",
            Self::RateLimited { .. } => "rate_limited",
            Self::Unavailable => "unavailable",
            Self::UnreadableAuditEntry { .. } => "audit_entry_unreadable",
            Self::Internal(_) => "internal",
        }
    }

    /// The message the client sees.
    pub fn message(&self) -> String {
        match self {
            Self::Invalid(fields) => match fields.as_slice() {
                [one] => format!("{}: {}", one.field, one.reason),
                many => format!("{} fields are not valid", many.len()),
            },
            Self::BadRequest(m) | Self::Refused(m) | Self::Stale(m) => m.clone(),
            Self::UnsupportedMediaType => "the body must be JSON (content-type: application/json)".into(),
            Self::PayloadTooLarge => format!(
                "the body is larger than this address takes ({} bytes; a plan's evidence document up to {} bytes)",
                crate::security::BODY_LIMIT,
                crate::security::UPLOAD_FILE_LIMIT
            ),
            Self::NotFound(what) => format!("{what} not found"),
            Self::Busy => "the case is being changed by others at this moment; try again".into(),
            Self::PreconditionRequired => {
                "send If-Match with the ETag you last read, so that no one else's change is overwritten".into()
            }
            Self::Unauthenticated => "sign in first: send a session cookie or an Authorization: Bearer token".into(),
            Self::SignInFailed => "the username, password or code is not right".into(),
            Self::Forbidden(m) | Self::RateLimited { message: m, .. } => m.clone(),
            Self::Throttled(seconds) => format!("too many failed sign-ins; try again in {seconds} seconds"),
            Self::Unavailable => "the database is busy or cannot be reached; try again shortly".into(),
            Self::UnreadableAuditEntry { seq, .. } => format!(
                "audit entry #{seq} cannot be read as stored: it was altered or damaged; \
                 `lekhotla audit verify` reports it with the trail's other findings"
            ),
            Self::Internal(_) => "internal error; quote the x-request-id header when reporting it".into(),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for ApiError {}

/// The JSON body of every error response.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// A stable code: invalid, bad_request, not_found, refused, busy, stale, precondition_required, ...
    pub code: String,
    /// What went wrong, in words a user can act on.
    pub message: String,
    /// Each bad field and why (for `invalid`).
    pub fields: Vec<FieldError>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match &self {
            Self::Internal(detail) => tracing::error!(%detail, "request failed"),
            Self::UnreadableAuditEntry { seq, detail } => {
                tracing::error!(seq, %detail, "an audit entry cannot be read as stored");
            }
            Self::Unavailable => tracing::warn!("database unavailable"),
            _ => {}
        }
        let fields = match &self {
            Self::Invalid(f) => f.clone(),
            _ => Vec::new(),
        };
        let body = ErrorBody { error: ErrorDetail { code: self.code().into(), message: self.message(), fields } };
        let mut response = (self.status(), axum::Json(body)).into_response();
        if let Self::Throttled(seconds) | Self::RateLimited { retry_after: seconds, .. } = &self
            && let Ok(value) = axum::http::HeaderValue::from_str(&seconds.to_string())
        {
            response.headers_mut().insert(axum::http::header::RETRY_AFTER, value);
        }
        if matches!(self, Self::Unavailable) {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from_static(UNAVAILABLE_RETRY));
        }
        if matches!(self, Self::Unauthenticated) {
            response.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer realm=\"lekhotla\""),
            );
        }
        response
    }
}

/// Seconds a client waits before trying again after a 503: a write that found the database busy has already
/// waited the store's busy timeout (10 s on SQLite).
pub const UNAVAILABLE_RETRY: &str = "5";

impl From<DomainError> for ApiError {
    fn from(e: DomainError) -> Self {
        match e {
            DomainError::Invalid(fields) => Self::Invalid(fields),
            DomainError::NotFound { record, id } => Self::NotFound(format!("{record} {id}")),
            e @ DomainError::Stale { .. } => Self::Stale(e.to_string()),
            DomainError::Refused(m) => Self::Refused(m),
        }
    }
}

impl From<DbError> for ApiError {
    fn from(e: DbError) -> Self {
        match e {
            DbError::NotFound(what) => Self::NotFound(what.into()),
            DbError::Conflict(m) => Self::Refused(m),
            DbError::Reference { field, reason } => Self::Invalid(vec![FieldError::new(field, reason)]),
            DbError::Unavailable(detail) => {
                tracing::warn!(%detail, "database unavailable");
                Self::Unavailable
            }
            DbError::Other(e) => match e.downcast_ref::<UnreadableEntry>() {
                Some(entry) => Self::UnreadableAuditEntry { seq: entry.seq, detail: entry.reason.clone() },
                None => Self::Internal(e.to_string()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An audit entry that does not read back is named by its seq, and why it does not read stays in the log.
    #[test]
    fn an_unreadable_audit_entry_is_named_and_its_detail_kept_back() {
        let damaged = UnreadableEntry::of(7, &DbError::Other("audit fields are not a JSON list".into()));
        let e = ApiError::from(damaged);
        assert_eq!((e.status(), e.code()), (StatusCode::INTERNAL_SERVER_ERROR, "audit_entry_unreadable"));
        assert!(e.message().starts_with("audit entry #7 cannot be read as stored"), "{}", e.message());
        assert!(!e.message().contains("JSON"), "{}", e.message());
        let other = ApiError::from(DbError::Other("disk I/O error".into()));
        assert_eq!((other.code(), other.message().contains("disk")), ("internal", false));
    }

    /// A database busy with another process's long write (or gone) is a 503 that says so, in JSON, with
    /// `Retry-After`, and nothing of the store's own words.
    #[test]
    fn a_busy_database_is_a_503_with_retry_after() {
        let e = ApiError::from(DbError::Unavailable("the database is busy; try again (SQLITE_BUSY)".into()));
        assert_eq!((e.status(), e.code()), (StatusCode::SERVICE_UNAVAILABLE, "unavailable"));
        assert!(!e.message().contains("SQLITE"), "{}", e.message());
        let response = e.into_response();
        assert_eq!(response.headers().get(axum::http::header::RETRY_AFTER).unwrap(), UNAVAILABLE_RETRY);
        assert_eq!(response.headers().get(axum::http::header::CONTENT_TYPE).unwrap(), "application/json");
    }
}
