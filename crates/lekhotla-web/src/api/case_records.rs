//! Reading one record inside a case (`GET /cases/{case}/victims/{person}`, `.../investigation`, ...): where
//! the `Location` of each creation points. Scope and break-glass as for the whole case; sealed values by
//! the rule of `sealed` (revealed after an audit entry naming that record's fields, or blanked).

use axum::extract::{Path, State};
use axum::response::Response;
use lekhotla_domain::{
    Case, Comment, CommentId, Consent, ConsentId, EventId, Investigation, PersonId, Prosecution, Referral, ReferralId,
    SupportPlan, SupportPlanId, Suspect, TraffickingEvent, Victim, Witness,
};

use super::people::find;
use crate::actor::Actor;
use crate::error::{ApiError, ErrorBody};
use crate::mutate::{parse_id, resolve_for_reading};
use crate::sealed;
use crate::state::AppState;

/// One record of the case named `key` (read as its reader may, with the break-glass reason if any), picked
/// by `pick` and answered under the sealed names of `parts`.
async fn answer<T: serde::Serialize>(
    state: &AppState,
    actor: &Actor,
    key: &str,
    parts: impl FnOnce(&Case) -> Result<Vec<String>, ApiError>,
    pick: impl FnOnce(&Case) -> Result<(Option<i64>, T), ApiError>,
) -> Result<Response, ApiError> {
    let (case, purpose) = resolve_for_reading(state, actor, key).await?;
    let parts = parts(&case)?;
    sealed::read_part(state, actor, case, (purpose, &parts), pick).await
}

macro_rules! record_read {
    ($name:ident, $path:literal, $param:literal, $id:ty, $ty:ty, $items:ident, $kind:literal, $what:literal) => {
        #[utoipa::path(get, path = $path, tag = "records",
            params(("case" = String, Path, description = "The case's id or number"),
                   ($param = String, Path, description = concat!("The ", $what, "'s id"))),
            responses((status = 200, body = $ty, description = concat!("The ", $what, ", blanked as the case would be; ETag is its version")),
                      (status = 404, body = ErrorBody)))]
        pub async fn $name(
            State(state): State<AppState>,
            actor: Actor,
            Path((key, record)): Path<(String, String)>,
        ) -> Result<Response, ApiError> {
            let id: $id = parse_id(&record, $what)?;
            answer(
                &state,
                &actor,
                &key,
                |case| find(&case.$items, |x| x.id == id, $what, &record).map(|_| vec![format!("{}/{id}", $kind)]),
                |case| find(&case.$items, |x| x.id == id, $what, &record).map(|x| (Some(x.version), x.clone())),
            )
            .await
        }
    };
}

record_read!(get_victim, "/cases/{case}/victims/{person}", "person", PersonId, Victim, victims, "victim", "victim");
record_read!(
    get_suspect,
    "/cases/{case}/suspects/{person}",
    "person",
    PersonId,
    Suspect,
    suspects,
    "suspect",
    "suspect"
);
record_read!(
    get_witness,
    "/cases/{case}/witnesses/{person}",
    "person",
    PersonId,
    Witness,
    witnesses,
    "witness",
    "witness"
);
record_read!(get_event, "/cases/{case}/events/{event}", "event", EventId, TraffickingEvent, events, "event", "event");
record_read!(
    get_consent,
    "/cases/{case}/consents/{consent}",
    "consent",
    ConsentId,
    Consent,
    consents,
    "consent",
    "consent"
);
record_read!(
    get_support_plan,
    "/cases/{case}/support-plans/{plan}",
    "plan",
    SupportPlanId,
    SupportPlan,
    support_plans,
    "support_plan",
    "support plan"
);
record_read!(
    get_referral,
    "/cases/{case}/referrals/{referral}",
    "referral",
    ReferralId,
    Referral,
    referrals,
    "referral",
    "referral"
);

#[utoipa::path(get, path = "/cases/{case}/comments/{comment}", tag = "records",
    params(("case" = String, Path, description = "The case's id or number"),
           ("comment" = String, Path, description = "The comment's id")),
    responses((status = 200, body = Comment, description = "The comment, blanked as the case would be (comments have no version)"),
              (status = 404, body = ErrorBody)))]
pub async fn get_comment(
    State(state): State<AppState>,
    actor: Actor,
    Path((key, record)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let id: CommentId = parse_id(&record, "comment")?;
    answer(
        &state,
        &actor,
        &key,
        |case| find(&case.comments, |c| c.id == id, "comment", &record).map(|_| vec![format!("comment/{id}")]),
        |case| find(&case.comments, |c| c.id == id, "comment", &record).map(|c| (None, c.clone())),
    )
    .await
}

#[utoipa::path(get, path = "/cases/{case}/investigation", tag = "justice",
    params(("case" = String, Path, description = "The case's id or number")),
    responses((status = 200, body = Investigation, description = "The investigation with its docket's moves, blanked as the case would be; ETag is its version"),
              (status = 404, body = ErrorBody, description = "No such case, or it has no investigation")))]
pub async fn get_investigation(
    State(state): State<AppState>,
    actor: Actor,
    Path(key): Path<String>,
) -> Result<Response, ApiError> {
    let none = || ApiError::not_found(format!("investigation of case {key}"));
    answer(
        &state,
        &actor,
        &key,
        |case| {
            let i = case.investigation.as_ref().ok_or_else(none)?;
            let moves = i.docket_transfers.iter().map(|t| format!("docket_transfer/{}", t.id));
            Ok(std::iter::once(format!("investigation/{}", i.id)).chain(moves).collect())
        },
        |case| case.investigation.clone().map(|i| (Some(i.version), i)).ok_or_else(none),
    )
    .await
}

#[utoipa::path(get, path = "/cases/{case}/prosecution", tag = "justice",
    params(("case" = String, Path, description = "The case's id or number")),
    responses((status = 200, body = Prosecution, description = "The prosecution with its charges, hearings, verdicts, sentences and compensation orders, blanked as the case would be; ETag is its version"),
              (status = 404, body = ErrorBody, description = "No such case, or it has no prosecution")))]
pub async fn get_prosecution(
    State(state): State<AppState>,
    actor: Actor,
    Path(key): Path<String>,
) -> Result<Response, ApiError> {
    let none = || ApiError::not_found(format!("prosecution of case {key}"));
    answer(
        &state,
        &actor,
        &key,
        |case| {
            let p = case.prosecution.as_ref().ok_or_else(none)?;
            let hearings = p.hearings.iter().map(|h| format!("hearing/{}", h.id));
            let sentences = p.sentences.iter().map(|s| format!("sentence/{}", s.id));
            Ok(std::iter::once(format!("prosecution/{}", p.id)).chain(hearings).chain(sentences).collect())
        },
        |case| case.prosecution.clone().map(|p| (Some(p.version), p)).ok_or_else(none),
    )
    .await
}
