//! `/cases/{case}/victims|suspects|witnesses`: the people (and businesses) in a case.
//!
//! A victim presumed a child (under 18 when identified, or of unknown age) is referred at once to the
//! child-protection authority of the case's district, else a national one (see [`child_protection`]),
//! when recorded and on every change of age, birth date or identification date. When there is none, the
//! miss is recorded with the case (`missed_child_referrals`, `child_referral_missed`).

use axum::extract::{Path, State};
use axum::response::Response;
use lekhotla_domain::error::check_version;
use lekhotla_domain::{
    Case, ChildReferral, Organisation, PersonId, ServiceType, Suspect, SuspectInput, Victim, VictimInput, Witness,
    WitnessInput,
};

use crate::actor::Actor;
use crate::authority::Deed;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, IfMatch, Tagged};
use crate::merge_patch::{DESCRIPTION, MergePatch};
use crate::mutate::{change_case, only, parse_id, resolve, resolve_id};
use crate::sealed;
use crate::state::AppState;
use lekhotla_identity::Act;

#[utoipa::path(post, path = "/cases/{case}/victims", tag = "people", request_body = VictimInput,
    params(("case" = String, Path, description = "The case's id or number")),
    responses((status = 201, body = Victim, description = "Recorded; a child is referred automatically"),
              (status = 422, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "The case holds the most people it may (MAX_PEOPLE, 1,000)")))]
pub async fn add_victim(
    State(state): State<AppState>,
    actor: Actor,
    Path(key): Path<String>,
    ApiJson(input): ApiJson<VictimInput>,
) -> Result<Tagged<Victim>, ApiError> {
    let id = resolve_id(&state, &actor, &key).await?;
    let (case, pid) = record_victim(&state, &actor, id, input).await?;
    let v = pick(&case.victims, |v| v.id == pid, "victim")?;
    Ok(Tagged::created(v.version, location(&case, "victims", pid), v))
}

/// Records a victim in case `id` (the API and the person page): a child is referred at once.
pub(crate) async fn record_victim(
    state: &AppState,
    actor: &Actor,
    id: lekhotla_domain::CaseId,
    input: VictimInput,
) -> Result<(Case, PersonId), ApiError> {
    let orgs = state.store.list_organisations().await?;
    let deeds = |_: &Case| victim_deeds(&input, None);
    let (case, pid) = change_case(state, actor, id, deeds, |case, today| {
        let referral = child_protection(case, &orgs);
        Ok(case.add_victim(input.clone(), today, referral)?)
    })
    .await?;
    warn_missed(&case, pid);
    Ok((case, pid))
}

/// Changes victim `pid` of case `id` from `version` (the API and the screening page): the acts are
/// recording the person and, when the decision changes, deciding the status.
pub(crate) async fn change_victim(
    state: &AppState,
    actor: &Actor,
    id: lekhotla_domain::CaseId,
    (pid, version): (PersonId, i64),
    input: VictimInput,
) -> Result<Case, ApiError> {
    let orgs = state.store.list_organisations().await?;
    let deeds = |case: &Case| victim_deeds(&input, case.victims.iter().find(|v| v.id == pid));
    let (case, ()) = change_case(state, actor, id, deeds, |case, today| {
        let referral = child_protection(case, &orgs);
        Ok(case.update_victim(pid, version, input.clone(), today, referral)?)
    })
    .await?;
    warn_missed(&case, pid);
    Ok(case)
}

#[utoipa::path(patch, path = "/cases/{case}/victims/{person}", tag = "people",
    request_body(description = DESCRIPTION, content((VictimInput = "application/merge-patch+json"), (VictimInput = "application/json"))),
    params(("case" = String, Path, description = "The case's id or number"),
           ("person" = String, Path, description = "The victim's id"),
           ("If-Match" = String, Header, description = "The victim's ETag last read")),
    responses((status = 200, body = Victim, description = "Changed, or as it was when the patch changes nothing; blanked like a read"),
              (status = 412, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_victim(
    State(state): State<AppState>,
    actor: Actor,
    Path((key, person)): Path<(String, String)>,
    IfMatch(version): IfMatch,
    patch: MergePatch,
) -> Result<Response, ApiError> {
    let pid: PersonId = parse_id(&person, "victim")?;
    let case = resolve(&state, &actor, &key).await?;
    let stored = find(&case.victims, |v| v.id == pid, "victim", &person)?;
    let current = VictimInput { person: stored.person.clone(), context: stored.context.clone() };
    let answer = |case: &Case| pick(&case.victims, |v| v.id == pid, "victim").map(|v| (v.version, v));
    let name = format!("victim/{pid}");
    let Some(input) = patch.apply(&current)? else {
        crate::authority::require(&actor, &victim_deeds(&current, Some(stored)), &case)?;
        check_version("victim", version, stored.version)?;
        return sealed::record(&state, &actor, case, &name, answer).await;
    };
    let case = change_victim(&state, &actor, case.id, (pid, version), input).await?;
    sealed::record(&state, &actor, case, &name, answer).await
}

#[utoipa::path(post, path = "/cases/{case}/suspects", tag = "people", request_body = SuspectInput,
    params(("case" = String, Path, description = "The case's id or number")),
    responses((status = 201, body = Suspect), (status = 422, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "The case holds the most people it may (MAX_PEOPLE, 1,000)")))]
pub async fn add_suspect(
    State(state): State<AppState>,
    actor: Actor,
    Path(key): Path<String>,
    ApiJson(input): ApiJson<SuspectInput>,
) -> Result<Tagged<Suspect>, ApiError> {
    let id = resolve_id(&state, &actor, &key).await?;
    let (case, pid) = record_suspect(&state, &actor, id, input).await?;
    let s = pick(&case.suspects, |s| s.id == pid, "suspect")?;
    Ok(Tagged::created(s.version, location(&case, "suspects", pid), s))
}

#[utoipa::path(patch, path = "/cases/{case}/suspects/{person}", tag = "people",
    request_body(description = DESCRIPTION, content((SuspectInput = "application/merge-patch+json"), (SuspectInput = "application/json"))),
    params(("case" = String, Path, description = "The case's id or number"),
           ("person" = String, Path, description = "The suspect's id"),
           ("If-Match" = String, Header, description = "The suspect's ETag last read")),
    responses((status = 200, body = Suspect, description = "Changed, or as it was when the patch changes nothing; blanked like a read"),
              (status = 412, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_suspect(
    State(state): State<AppState>,
    actor: Actor,
    Path((key, person)): Path<(String, String)>,
    IfMatch(version): IfMatch,
    patch: MergePatch,
) -> Result<Response, ApiError> {
    let pid: PersonId = parse_id(&person, "suspect")?;
    let case = resolve(&state, &actor, &key).await?;
    let stored = find(&case.suspects, |s| s.id == pid, "suspect", &person)?;
    let answer = |case: &Case| pick(&case.suspects, |s| s.id == pid, "suspect").map(|s| (s.version, s));
    let name = format!("suspect/{pid}");
    let Some(input) = patch.apply(&stored.details)? else {
        crate::authority::require(&actor, &only(Act::RecordPerson)(&case), &case)?;
        check_version("suspect", version, stored.version)?;
        return sealed::record(&state, &actor, case, &name, answer).await;
    };
    let (case, ()) = change_case(&state, &actor, case.id, only(Act::RecordPerson), |case, today| {
        Ok(case.update_suspect(pid, version, input.clone(), today)?)
    })
    .await?;
    sealed::record(&state, &actor, case, &name, answer).await
}

#[utoipa::path(post, path = "/cases/{case}/witnesses", tag = "people", request_body = WitnessInput,
    params(("case" = String, Path, description = "The case's id or number")),
    responses((status = 201, body = Witness), (status = 422, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "A victim named as the witness has no consent to prosecution in force, or the case holds the most people it may (1,000)")))]
pub async fn add_witness(
    State(state): State<AppState>,
    actor: Actor,
    Path(key): Path<String>,
    ApiJson(input): ApiJson<WitnessInput>,
) -> Result<Tagged<Witness>, ApiError> {
    let id = resolve_id(&state, &actor, &key).await?;
    let (case, pid) = record_witness(&state, &actor, id, input).await?;
    let w = pick(&case.witnesses, |w| w.id == pid, "witness")?;
    Ok(Tagged::created(w.version, location(&case, "witnesses", pid), w))
}

#[utoipa::path(patch, path = "/cases/{case}/witnesses/{person}", tag = "people",
    request_body(description = DESCRIPTION, content((WitnessInput = "application/merge-patch+json"), (WitnessInput = "application/json"))),
    params(("case" = String, Path, description = "The case's id or number"),
           ("person" = String, Path, description = "The witness's id"),
           ("If-Match" = String, Header, description = "The witness's ETag last read")),
    responses((status = 200, body = Witness, description = "Changed, or as it was when the patch changes nothing; blanked like a read"),
              (status = 409, body = ErrorBody, description = "A victim newly named as the witness has no consent to prosecution in force"),
              (status = 412, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_witness(
    State(state): State<AppState>,
    actor: Actor,
    Path((key, person)): Path<(String, String)>,
    IfMatch(version): IfMatch,
    patch: MergePatch,
) -> Result<Response, ApiError> {
    let pid: PersonId = parse_id(&person, "witness")?;
    let case = resolve(&state, &actor, &key).await?;
    let stored = find(&case.witnesses, |w| w.id == pid, "witness", &person)?;
    let answer = |case: &Case| pick(&case.witnesses, |w| w.id == pid, "witness").map(|w| (w.version, w));
    let name = format!("witness/{pid}");
    let Some(input) = patch.apply(&stored.details)? else {
        crate::authority::require(&actor, &only(Act::RecordPerson)(&case), &case)?;
        check_version("witness", version, stored.version)?;
        return sealed::record(&state, &actor, case, &name, answer).await;
    };
    let (case, ()) = change_case(&state, &actor, case.id, only(Act::RecordPerson), |case, today| {
        Ok(case.update_witness(pid, version, input.clone(), today)?)
    })
    .await?;
    sealed::record(&state, &actor, case, &name, answer).await
}

/// Records a suspect in case `id` (the API and the person page).
pub(crate) async fn record_suspect(
    state: &AppState,
    actor: &Actor,
    id: lekhotla_domain::CaseId,
    input: SuspectInput,
) -> Result<(Case, PersonId), ApiError> {
    change_case(state, actor, id, only(Act::RecordPerson), |case, today| Ok(case.add_suspect(input.clone(), today)?))
        .await
}

/// Records a witness in case `id` (the API and the person page).
pub(crate) async fn record_witness(
    state: &AppState,
    actor: &Actor,
    id: lekhotla_domain::CaseId,
    input: WitnessInput,
) -> Result<(Case, PersonId), ApiError> {
    change_case(state, actor, id, only(Act::RecordPerson), |case, today| Ok(case.add_witness(input.clone(), today)?))
        .await
}

/// The acts of recording a victim: the person always; the trafficking-status decision too when the input
/// decides one (anything beyond the presumption of a possible victim that nobody has decided yet) or
/// changes the one recorded.
pub(crate) fn victim_deeds(input: &VictimInput, current: Option<&Victim>) -> Vec<Deed> {
    let decision = |c: &lekhotla_domain::VictimContext| {
        (c.trafficking_status, c.status_decided_by, c.status_decided_by_org, c.status_decided_on)
    };
    let decides = match current {
        Some(v) => decision(&v.context) != decision(&input.context),
        None => decision(&input.context) != (lekhotla_domain::TraffickingStatus::PossibleVictim, None, None, None),
    };
    let mut deeds = vec![Deed::case(Act::RecordPerson)];
    if decides {
        deeds.push(Deed::case(Act::DecideStatus));
    }
    deeds
}

/// Logs (ids only) that a victim presumed a child could not be referred; the case records the miss.
pub(crate) fn warn_missed(case: &Case, victim: PersonId) {
    if case.missed_child_referrals().contains(&victim) {
        tracing::warn!(case = %case.number, %victim, "a child victim could not be referred: no child-protection organisation");
    }
}

/// Where a child victim of this case is referred: the statutory child-protection authority (a
/// government body offering child protection) of the case's district, else a national one (no
/// district). Nothing else: an NGO or a body of another district registered with the service does not
/// receive children's referrals by default (whoever manages the organisation list cannot steer them),
/// and when there is none the missed referral is recorded on the case.
pub(crate) fn child_protection(case: &Case, orgs: &[Organisation]) -> Option<ChildReferral> {
    use lekhotla_domain::OrgType;
    let protects = |o: &&Organisation| {
        o.id != case.organisation
            && o.details.services.contains(&ServiceType::ChildProtection)
            && matches!(
                o.details.org_type,
                OrgType::CentralGovernmentOrganisation | OrgType::LocalGovernmentOrganisation
            )
    };
    let local = orgs.iter().filter(protects).find(|o| o.details.district.as_ref() == Some(&case.district));
    let national = || orgs.iter().filter(protects).find(|o| o.details.district.is_none());
    local.or_else(national).map(|o| ChildReferral { from: case.organisation, to: o.id })
}

/// A stored record of the case named in a path, or 404.
pub fn find<'a, T>(items: &'a [T], is: impl Fn(&T) -> bool, record: &str, key: &str) -> Result<&'a T, ApiError> {
    items.iter().find(|x| is(x)).ok_or_else(|| ApiError::not_found(format!("{record} {key}")))
}

/// The record just written, from the saved case.
pub fn pick<T: Clone>(items: &[T], is: impl Fn(&T) -> bool, record: &str) -> Result<T, ApiError> {
    items.iter().find(|x| is(x)).cloned().ok_or_else(|| ApiError::internal(format!("{record} missing after save")))
}

/// `/api/v1/cases/{id}/{what}/{record}`.
pub fn location(case: &Case, what: &str, record: impl std::fmt::Display) -> String {
    format!("/api/v1/cases/{}/{what}/{record}", case.id)
}
