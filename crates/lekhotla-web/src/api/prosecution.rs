//! `/cases/{case}/prosecution`: the prosecution, its charges, hearings, verdicts, sentences and
//! compensation orders. Every change carries the prosecution's `If-Match`, and every response's ETag
//! is the prosecution's new version, so a client can chain steps.

use axum::extract::{Path, State};
use axum::response::Response;
use lekhotla_domain::error::check_version;
use lekhotla_domain::{
    Case, Charge, ChargeInput, CompensationInput, CompensationOrder, Hearing, HearingInput, Prosecution,
    ProsecutionInput, ProsecutionUpdate, ProsecutionWithdrawal, Sentence, SentenceInput, Verdict, VerdictInput,
};

use super::people::pick;
use crate::actor::Actor;
use crate::authority::Deed;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, IfMatch, Tagged};
use crate::merge_patch::{DESCRIPTION, MergePatch};
use crate::mutate::{change_case, only, resolve, resolve_id};
use crate::sealed;
use crate::state::AppState;
use lekhotla_identity::Act;

fn prosecution(case: &Case) -> Result<Prosecution, ApiError> {
    case.prosecution.clone().ok_or_else(|| ApiError::internal("prosecution missing after save"))
}

fn here(case: &Case) -> String {
    format!("/api/v1/cases/{}/prosecution", case.id)
}

#[utoipa::path(post, path = "/cases/{case}/prosecution", tag = "justice", request_body = ProsecutionInput,
    params(("case" = String, Path, description = "The case's id or number")),
    responses((status = 201, body = Prosecution, description = "Opened; ETag is the prosecution's version"),
              (status = 409, body = ErrorBody, description = "No investigation yet, or already prosecuted"),
              (status = 422, body = ErrorBody)))]
pub async fn open(
    State(state): State<AppState>,
    actor: Actor,
    Path(key): Path<String>,
    ApiJson(input): ApiJson<ProsecutionInput>,
) -> Result<Tagged<Prosecution>, ApiError> {
    let id = resolve_id(&state, &actor, &key).await?;
    let (case, _) = change_case(&state, &actor, id, only(Act::OpenProsecution), |case, today| {
        Ok(case.open_prosecution(input.clone(), today)?)
    })
    .await?;
    let p = prosecution(&case)?;
    Ok(Tagged::created(p.version, here(&case), p))
}

#[utoipa::path(patch, path = "/cases/{case}/prosecution", tag = "justice",
    request_body(description = DESCRIPTION, content((ProsecutionUpdate = "application/merge-patch+json"), (ProsecutionUpdate = "application/json"))),
    params(("case" = String, Path, description = "The case's id or number"),
           ("If-Match" = String, Header, description = "The prosecution's ETag last read")),
    responses((status = 200, body = Prosecution, description = "Changed, or as it was when the patch changes nothing; blanked like a read"),
              (status = 409, body = ErrorBody), (status = 412, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    actor: Actor,
    Path(key): Path<String>,
    IfMatch(version): IfMatch,
    patch: MergePatch,
) -> Result<Response, ApiError> {
    let case = resolve(&state, &actor, &key).await?;
    let stored = case.prosecution.as_ref().ok_or_else(|| ApiError::Refused("this case has no prosecution".into()))?;
    let name = format!("prosecution/{}", stored.id);
    let answer = |case: &Case| prosecution(case).map(|p| (p.version, p));
    let current = ProsecutionUpdate {
        prosecutor: Some(stored.prosecutor.clone()),
        dpp_decision: stored.dpp_decision,
        summons_issued_on: stored.summons_issued_on,
        court: stored.court.clone(),
        court_case_number: stored.court_case_number.clone(),
        withdrawal: stored
            .withdrawn_on
            .zip(stored.withdrawal_reason.clone())
            .map(|(on, reason)| ProsecutionWithdrawal { on, reason }),
    };
    let Some(input) = patch.changes(&current)? else {
        crate::authority::require(&actor, &[Deed::case(Act::UpdateProsecution)], &case)?;
        check_version("prosecution", version, stored.version)?;
        return sealed::record(&state, &actor, case, &name, answer).await;
    };
    let deeds = |_: &Case| prosecution_deeds(&input);
    let (case, ()) = change_case(&state, &actor, case.id, deeds, |case, today| {
        Ok(case.update_prosecution(version, input.clone(), today)?)
    })
    .await?;
    sealed::record(&state, &actor, case, &name, answer).await
}

/// The acts a change to the prosecution performs: the DPP's decision, the summons (and court), the rest.
pub(crate) fn prosecution_deeds(input: &ProsecutionUpdate) -> Vec<Deed> {
    let mut acts = Vec::new();
    if input.dpp_decision.is_some() {
        acts.push(Act::DppDecision);
    }
    if input.summons_issued_on.is_some() {
        acts.push(Act::IssueSummons);
    }
    if input.prosecutor.is_some() || input.court.is_some() || input.court_case_number.is_some() || acts.is_empty() {
        acts.push(Act::UpdateProsecution);
    }
    acts.into_iter().map(Deed::case).collect()
}

/// Declares a handler that adds one record to the prosecution.
macro_rules! prosecution_step {
    ($name:ident, $path:literal, $input:ty, $output:ty, $method:ident, $list:ident, $what:literal, $act:expr) => {
        #[utoipa::path(post, path = $path, tag = "justice", request_body = $input,
            params(("case" = String, Path, description = "The case's id or number"),
                   ("If-Match" = String, Header, description = "The prosecution's ETag last read")),
            responses((status = 201, body = $output, description = "Recorded; ETag is the prosecution's new version"),
                      (status = 409, body = ErrorBody, description = "Refused by the prosecution's state"),
                      (status = 412, body = ErrorBody), (status = 422, body = ErrorBody)))]
        pub async fn $name(
            State(state): State<AppState>,
            actor: Actor,
            Path(key): Path<String>,
            IfMatch(version): IfMatch,
            ApiJson(input): ApiJson<$input>,
        ) -> Result<Tagged<$output>, ApiError> {
            let id = resolve_id(&state, &actor, &key).await?;
            let (case, rid) =
                change_case(&state, &actor, id, only($act), |case, today| Ok(case.$method(version, input.clone(), today)?)).await?;
            let p = prosecution(&case)?;
            let record = pick(&p.$list, |r| r.id == rid, $what)?;
            Ok(Tagged::created(p.version, here(&case), record))
        }
    };
}

prosecution_step!(
    add_charge,
    "/cases/{case}/prosecution/charges",
    ChargeInput,
    Charge,
    add_charge,
    charges,
    "charge",
    Act::Charge
);
prosecution_step!(
    add_hearing,
    "/cases/{case}/prosecution/hearings",
    HearingInput,
    Hearing,
    add_hearing,
    hearings,
    "hearing",
    Act::RecordHearing
);
prosecution_step!(
    record_verdict,
    "/cases/{case}/prosecution/verdicts",
    VerdictInput,
    Verdict,
    record_verdict,
    verdicts,
    "verdict",
    Act::RecordVerdict
);
prosecution_step!(
    record_sentence,
    "/cases/{case}/prosecution/sentences",
    SentenceInput,
    Sentence,
    record_sentence,
    sentences,
    "sentence",
    Act::RecordSentence
);
prosecution_step!(
    order_compensation,
    "/cases/{case}/prosecution/compensation-orders",
    CompensationInput,
    CompensationOrder,
    order_compensation,
    compensation_orders,
    "compensation order",
    Act::OrderCompensation
);
