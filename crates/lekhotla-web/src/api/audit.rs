//! `/audit`: the auditor's search of the audit trail, by actor, record, action and time; and
//! `/audit/subject`, a person's access history for a data-protection request (recorded, limited).

mod history;

use axum::Json;
use axum::extract::{Query, State};
use lekhotla_storage::{Action, AuditEntry, AuditFilter};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};

use crate::actor::Actor;
use crate::error::ApiError;
use crate::state::AppState;

/// The search; all given filters must hold.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// `user/<id>`, `cli`, `anonymous`.
    pub actor: Option<String>,
    /// `case/<id>`, `user/<id>`, `organisation/<id>`, ...
    pub record: Option<String>,
    /// An action code: `case.update`, `sealed.read`, `login.failure`, `export`, ...
    pub action: Option<String>,
    /// At or after this instant (RFC 3339).
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[param(value_type = Option<String>, format = DateTime)]
    pub from: Option<OffsetDateTime>,
    /// Before this instant (RFC 3339).
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[param(value_type = Option<String>, format = DateTime)]
    pub to: Option<OffsetDateTime>,
    /// At most this many entries (1-500, default 100).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    #[param(maximum = 9_223_372_036_854_775_807_u64)]
    pub offset: Option<u64>,
}

/// One entry of the trail.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditItem {
    pub seq: u64,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub at: OffsetDateTime,
    pub actor: String,
    pub action: String,
    pub record: Option<String>,
    pub fields: Vec<String>,
    pub purpose: Option<String>,
    /// This entry's link in the hash chain (hex SHA-256).
    pub hash: String,
}

/// Matching entries, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditPage {
    pub items: Vec<AuditItem>,
}

impl From<AuditEntry> for AuditItem {
    fn from(e: AuditEntry) -> Self {
        item(e)
    }
}

fn item(e: AuditEntry) -> AuditItem {
    AuditItem {
        seq: e.seq,
        at: e.at,
        actor: e.actor,
        action: e.action.code().to_owned(),
        record: e.record,
        fields: e.fields,
        purpose: e.purpose,
        hash: e.hash.to_hex(),
    }
}

#[utoipa::path(get, path = "/audit", tag = "audit", params(AuditQuery),
    responses((status = 200, body = AuditPage)))]
pub async fn search(
    State(state): State<AppState>,
    actor: Actor,
    query: Result<Query<AuditQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<AuditPage>, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let offset = super::paging::offset(q.offset)?;
    let action = match q.action.as_deref() {
        Some(code) => Some(Action::from_code(code).ok_or_else(|| ApiError::field("action", "is not an action code"))?),
        None => None,
    };
    let filter = AuditFilter { actor: q.actor, record: q.record, action, from: q.from, to: q.to };
    let limit = super::paging::limit(q.limit, 100, super::paging::MAX_LIMIT)?;
    let entries = state.store.search_audit(&filter, limit, offset).await?;
    tracing::info!(%actor, found = entries.len(), "audit trail searched");
    Ok(Json(AuditPage { items: entries.into_iter().map(item).collect() }))
}

/// Whose access history, and why it is asked for.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SubjectQuery {
    /// The person's first and second name, as the person gave it (case, accents and spacing do not
    /// matter). Kept in the audit trail only as a keyed hash.
    pub name: String,
    /// The data-protection request this answers (its reference and who asked, at least three words);
    /// kept in the audit trail with the search.
    pub purpose: String,
}

/// A data subject's access history, as a subject access request needs it: the records that hold the
/// person, and the audit entries that touched them (revealed or changed their fields, opened their case,
/// or looked them up by name), newest first. Nothing says what the person is in a case.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubjectHistory {
    /// `case/<id>` and `person/<id>` of each record found by the name's blind index.
    pub subjects: Vec<SubjectRecord>,
    pub items: Vec<AuditItem>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SubjectRecord {
    pub case: String,
    pub person: String,
}

/// The fewest words a stated purpose has.
const PURPOSE_WORDS: usize = 3;
/// The most characters of a subject search's purpose.
pub(crate) const PURPOSE_CHARS: usize = 500;

/// A purpose of at least [`PURPOSE_WORDS`] words, for the API description.
pub(crate) fn purpose_pattern() -> String {
    format!(r"^[ \t\r\n]*[^ \t\r\n]+([ \t\r\n]+[^ \t\r\n]+){{{},}}[ \t\r\n]*$", PURPOSE_WORDS - 1)
}

/// The blind-index purpose of searched names (unrelated to the persons' own name index).
const SUBJECT_INDEX: &str = "audit.subject";

#[utoipa::path(get, path = "/audit/subject", tag = "audit", params(SubjectQuery),
    responses((status = 200, body = SubjectHistory),
              (status = 422, body = crate::error::ErrorBody, description = "No name, or no stated purpose"),
              (status = 429, body = crate::error::ErrorBody, description = "Too many searches; see Retry-After")))]
pub async fn subject(
    State(state): State<AppState>,
    actor: Actor,
    query: Result<Query<SubjectQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<SubjectHistory>, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    if q.name.trim().is_empty() {
        return Err(ApiError::field("name", "give the person's first and second name"));
    }
    let purpose = q.purpose.split_whitespace().collect::<Vec<_>>();
    if purpose.len() < PURPOSE_WORDS || q.purpose.chars().count() > PURPOSE_CHARS {
        return Err(ApiError::field(
            "purpose",
            format!(
                "name the data-protection request this answers (its reference, who asked), in at least \
                 {PURPOSE_WORDS} words and at most {PURPOSE_CHARS} characters"
            ),
        ));
    }
    let purpose = purpose.join(" ");
    let now = state.clock.now();
    state
        .limits
        .subject_searches
        .take(&actor.audit_name(), now)
        .map_err(|t| ApiError::Throttled(t.retry_after_seconds))?;
    let found = state.store.find_persons_by_name(&q.name).await?;
    // The search is in the trail before anything is answered: who, why, for which name (as a keyed
    // hash: another auditor finds it by searching the same name) and which persons it disclosed.
    let subject = format!("subject/{}", state.security.keyring.blind_index(SUBJECT_INDEX, &q.name));
    let disclosed = found.iter().map(|(_, p)| format!("person/{p}"));
    let note = actor.entry(now, Action::SubjectSearch).record(subject.clone()).fields(disclosed).purpose(purpose);
    state.store.append_audit(note).await?;

    let mut items = Vec::new();
    for (case, person) in &found {
        let filter = AuditFilter { record: Some(format!("case/{case}")), ..AuditFilter::default() };
        let entries = state.store.search_audit(&filter, 500, 0).await?;
        items.extend(entries.into_iter().filter_map(|e| history::about(e, *person)));
    }
    let searches = AuditFilter { record: Some(subject), action: Some(Action::SubjectSearch), ..AuditFilter::default() };
    items.extend(state.store.search_audit(&searches, 500, 0).await?.into_iter().map(history::search));
    items.sort_by_key(|i| std::cmp::Reverse(i.seq));
    items.dedup_by_key(|i| i.seq);
    let subjects =
        found.iter().map(|(c, p)| SubjectRecord { case: format!("case/{c}"), person: format!("person/{p}") }).collect();
    tracing::info!(%actor, records = found.len(), entries = items.len(), "subject access history exported");
    Ok(Json(SubjectHistory { subjects, items }))
}
