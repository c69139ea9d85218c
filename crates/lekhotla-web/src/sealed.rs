//! Sealed fields on the way out. A case's people carry identity and contact fields (names, birth
//! date, identity number, phones, email, address, city, postal code, map position), and its free-text notes
//! (summary, closure and other reasons, incoming-referral details, a suspect's organisation and office, event
//! places, referral notes, who recorded a consent, support plans, comments, docket custodians, hearing and
//! sentence notes) and places finer than a district (an event's city, postal code and map position) can carry
//! names and whereabouts: all are encrypted at rest
//! and go out by one rule. Whoever may see them
//! (the `read-sealed` permission within their scope, or a break-glass grant) gets them after an
//! audit entry naming the fields is written: no entry, no data. Anyone else gets the case with those
//! fields blanked: every sealed field of a person and an event's map position read `[sealed]` (a date or a
//! coordinate too, whether or not it holds a value), a sealed note that holds a value reads `[sealed]`. Sent back in a change,
//! the placeholder keeps the stored value (`merge_patch`), so a blanked read written back loses nothing.
//! A write answers with the case or the record by the same rule ([`respond`], [`record`]): writing to a
//! case never shows more of it than reading it would.

use axum::http::{HeaderName, HeaderValue};
use axum::response::{IntoResponse, Response};
use lekhotla_domain::{Case, CaseId, PersonDetails, Referral, SuspectIdentity};
use lekhotla_identity::Permission;
use lekhotla_storage::Action;

use crate::actor::Actor;
use crate::error::ApiError;
use crate::extract::Tagged;
use crate::state::AppState;

/// What a blanked field reads (the domain refuses it as a value; a change that carries it keeps the stored one).
pub const SEALED: &str = lekhotla_domain::SEALED_PLACEHOLDER;

/// The response header that says how the case's sealed fields went out.
pub const HEADER: HeaderName = HeaderName::from_static("x-lekhotla-sealed");

/// How long a proved second factor allows revealing sealed fields in a session (ASVS 7.5.3 step-up);
/// after it, `POST /api/v1/session/step-up` with a fresh code.
pub const STEP_UP: time::Duration = time::Duration::minutes(5);

/// Whether the case went out with its sealed fields, or blanked and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Revealed,
    /// The actor may not see sealed fields (an API token without `read-sealed`).
    NotAllowed,
    /// The session's second factor is older than [`STEP_UP`]: step up and read again.
    StepUpRequired,
}

impl Shown {
    /// The value of [`HEADER`].
    pub fn header_value(self) -> HeaderValue {
        HeaderValue::from_static(match self {
            Self::Revealed => "revealed",
            Self::NotAllowed => "not-allowed",
            Self::StepUpRequired => "step-up-required",
        })
    }
}

/// The sealed fields of one person, as the audit trail names them: the store's sealed columns, which are
/// named after the fields.
const FIELDS: [&str; 13] = lekhotla_storage::sealing::SEALED_PERSON_COLUMNS;

/// An event's sealed map position.
pub const EVENT_POSITION: [&str; 2] = ["latitude", "longitude"];

/// The people of a case whose details are sealed: (record kind, id, details).
fn people(case: &mut Case) -> Vec<(&'static str, String, &mut PersonDetails)> {
    let mut out = Vec::new();
    for v in &mut case.victims {
        out.push(("victim", v.id.to_string(), &mut v.person));
    }
    for s in &mut case.suspects {
        if let SuspectIdentity::Individual(p) = &mut s.details.identity {
            out.push(("suspect", s.id.to_string(), p));
        }
    }
    for w in &mut case.witnesses {
        out.push(("witness", w.id.to_string(), &mut w.details.person));
    }
    out
}

/// The case's sealed notes that hold a value, as the audit trail names them (`referral/<id>.details`),
/// each with the place it is kept in the case.
fn notes(case: &mut Case) -> Vec<(String, &mut String)> {
    fn put<'a>(out: &mut Vec<(String, &'a mut String)>, name: String, value: Option<&'a mut String>) {
        if let Some(v) = value {
            out.push((name, v));
        }
    }
    let mut out = Vec::new();
    put(&mut out, format!("case/{}.summary", case.id), case.summary.as_mut());
    put(&mut out, format!("case/{}.closure_reason", case.id), case.closure_reason.as_mut());
    let incoming = case.incoming_referral.as_mut().and_then(|r| r.details.as_mut());
    put(&mut out, format!("case/{}.incoming_referral_details", case.id), incoming);
    for v in &mut case.victims {
        put(&mut out, format!("victim/{}.vulnerability_details", v.id), v.context.vulnerability_details.as_mut());
    }
    for s in &mut case.suspects {
        put(&mut out, format!("suspect/{}.role_details", s.id), s.details.role_details.as_mut());
        put(&mut out, format!("suspect/{}.organisation", s.id), s.details.organisation.as_mut());
        if let Some(o) = s.details.official.as_mut() {
            put(&mut out, format!("suspect/{}.official_public_body", s.id), Some(&mut o.public_body));
            put(&mut out, format!("suspect/{}.official_position", s.id), o.position.as_mut());
        }
    }
    for e in &mut case.events {
        put(&mut out, format!("event/{}.place", e.id), e.details.place.as_mut());
        put(&mut out, format!("event/{}.description", e.id), e.details.description.as_mut());
        put(&mut out, format!("event/{}.city", e.id), e.details.city.as_mut());
        put(&mut out, format!("event/{}.postal_code", e.id), e.details.postal_code.as_mut());
    }
    for x in &mut case.consents {
        put(&mut out, format!("consent/{}.recorded_by", x.id), x.recorded_by.as_mut());
    }
    for r in &mut case.referrals {
        put(&mut out, format!("referral/{}.details", r.id), r.details.as_mut());
        put(&mut out, format!("referral/{}.decline_reason", r.id), r.decline_reason.as_mut());
        put(&mut out, format!("referral/{}.delivery_note", r.id), r.delivery_note.as_mut());
        put(&mut out, format!("referral/{}.end_reason", r.id), r.end_reason.as_mut());
    }
    for p in &mut case.support_plans {
        put(&mut out, format!("support_plan/{}.objectives", p.id), Some(&mut p.details.objectives));
        put(&mut out, format!("support_plan/{}.action_plan", p.id), p.details.action_plan.as_mut());
    }
    for c in &mut case.comments {
        put(&mut out, format!("comment/{}.text", c.id), Some(&mut c.text));
    }
    if let Some(i) = case.investigation.as_mut() {
        put(&mut out, format!("investigation/{}.docket_custodian", i.id), i.docket_custodian.as_mut());
        put(&mut out, format!("investigation/{}.closure_reason", i.id), i.closure_reason.as_mut());
        for t in &mut i.docket_transfers {
            put(&mut out, format!("docket_transfer/{}.from_custodian", t.id), t.from_custodian.as_mut());
            put(&mut out, format!("docket_transfer/{}.to_custodian", t.id), Some(&mut t.to_custodian));
            put(&mut out, format!("docket_transfer/{}.reason", t.id), t.reason.as_mut());
        }
    }
    if let Some(p) = case.prosecution.as_mut() {
        put(&mut out, format!("prosecution/{}.withdrawal_reason", p.id), p.withdrawal_reason.as_mut());
        for h in &mut p.hearings {
            put(&mut out, format!("hearing/{}.notes", h.id), h.details.notes.as_mut());
        }
        for s in &mut p.sentences {
            put(&mut out, format!("sentence/{}.notes", s.id), s.details.notes.as_mut());
        }
    }
    out
}

/// The case's sealed map positions that hold a value (an event's latitude and longitude), as the audit
/// trail names them, each with the place it is kept in the case.
fn positions(case: &mut Case) -> Vec<(String, &mut Option<f64>)> {
    let mut out = Vec::new();
    for e in &mut case.events {
        let id = e.id;
        let d = &mut e.details;
        for (name, value) in [("latitude", &mut d.latitude), ("longitude", &mut d.longitude)] {
            if value.is_some() {
                out.push((format!("event/{id}.{name}"), value));
            }
        }
    }
    out
}

/// Blanks every sealed field of the case's people and every sealed note (a note or place that holds a
/// value reads `[sealed]`, so the reader knows there is one; a map position is emptied here and reads
/// `[sealed]` once [`placeholders`] has passed over the JSON).
pub fn blank(case: &mut Case) {
    for (_, value) in notes(case) {
        *value = SEALED.to_owned();
    }
    for (_, value) in positions(case) {
        *value = None;
    }
    for (_, _, p) in people(case) {
        p.first_name = SEALED.to_owned();
        p.middle_name = None;
        p.second_name = None;
        p.birthdate = None;
        p.identity_number = None;
        p.phone = None;
        p.home_phone = None;
        p.email = None;
        p.address = None;
        p.postal_code = None;
        p.latitude = None;
        p.longitude = None;
        p.city = p.city.as_ref().map(|_| SEALED.to_owned());
    }
}

/// Puts the placeholder in every sealed field of every person in `json` (a blanked case or record): the
/// objects with a `first_name` are a person's details; the others with a `latitude` are an event's (a case
/// holds no other place with a map position), whose position reads `[sealed]` as well.
fn placeholders(json: &mut serde_json::Value) {
    match json {
        serde_json::Value::Object(members) => {
            let fields: &[&str] = if members.contains_key("first_name") {
                &FIELDS
            } else if members.contains_key("latitude") {
                &EVENT_POSITION
            } else {
                &[]
            };
            for field in fields {
                members.insert((*field).to_owned(), serde_json::Value::String(SEALED.to_owned()));
            }
            members.values_mut().for_each(placeholders);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(placeholders),
        _ => {}
    }
}

/// The names of the case's sealed values, as the audit trail names them (`victim/<id>.first_name`,
/// `event/<id>.place`): every sealed field of its people, every sealed note that holds a value.
fn sealed_names(case: &mut Case) -> Vec<String> {
    let mut fields: Vec<String> = people(case)
        .into_iter()
        .flat_map(|(kind, id, _)| FIELDS.iter().map(move |f| format!("{kind}/{id}.{f}")))
        .collect();
    fields.extend(notes(case).into_iter().map(|(name, _)| name));
    fields.extend(positions(case).into_iter().map(|(name, _)| name));
    fields
}

/// Whether `actor` may see sealed values now: with the `read-sealed` permission (its roles, and an API
/// token's scopes) and, for a person's session, a second factor proved within [`STEP_UP`]. A break-glass
/// grant opens a case outside the actor's scope for reading; it never stands in for `read-sealed`, so a
/// token without that scope reads a broken-glass case blanked, as it reads its own.
pub(crate) fn decide(state: &AppState, actor: &Actor) -> Shown {
    if !actor.allows(Permission::ReadSealed) {
        return Shown::NotAllowed;
    }
    match &actor.credential {
        crate::actor::Credential::Session { factor_at, .. }
            if !factor_at.is_some_and(|at| state.clock.now() - at <= STEP_UP) =>
        {
            Shown::StepUpRequired
        }
        _ => Shown::Revealed,
    }
}

/// One referral of case `case` on its way back to whoever moved it, by the rule of [`reveal`]: its notes
/// (written by others along the way) revealed after an audit entry, or blanked.
pub async fn referral(
    state: &AppState,
    actor: &Actor,
    case: CaseId,
    mut r: Referral,
) -> Result<(Referral, Shown), ApiError> {
    let id = r.id;
    let mut notes: Vec<(String, &mut String)> = [
        ("details", r.details.as_mut()),
        ("decline_reason", r.decline_reason.as_mut()),
        ("delivery_note", r.delivery_note.as_mut()),
        ("end_reason", r.end_reason.as_mut()),
    ]
    .into_iter()
    .filter_map(|(name, value)| value.map(|v| (format!("referral/{id}.{name}"), v)))
    .collect();
    let shown = decide(state, actor);
    if shown != Shown::Revealed {
        for (_, value) in &mut notes {
            **value = SEALED.to_owned();
        }
    } else if !notes.is_empty() {
        let fields: Vec<String> = notes.into_iter().map(|(name, _)| name).collect();
        let note = actor.entry(state.clock.now(), Action::SealedRead).record(format!("case/{case}")).fields(fields);
        state.store.append_audit(note).await?;
    }
    Ok((r, shown))
}

/// The case as `actor` may read it: with its sealed fields after an audit entry (`purpose` is the
/// break-glass reason when there is one), or blanked. A person's session must have proved its second
/// factor within [`STEP_UP`]; an API token's scope is its grant.
pub async fn reveal(
    state: &AppState,
    actor: &Actor,
    mut case: Case,
    purpose: Option<String>,
) -> Result<(Case, Shown), ApiError> {
    let shown = decide(state, actor);
    if shown != Shown::Revealed {
        blank(&mut case);
        return Ok((case, shown));
    }
    let fields = sealed_names(&mut case);
    if fields.is_empty() {
        return Ok((case, Shown::Revealed));
    }
    let mut note =
        actor.entry(state.clock.now(), Action::SealedRead).record(format!("case/{}", case.id)).fields(fields);
    if let Some(p) = purpose {
        note = note.purpose(p);
    }
    state.store.append_audit(note).await?;
    Ok((case, Shown::Revealed))
}

/// A case as it is read: the whole case and the acts the reader may perform on it now.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct CaseView {
    #[serde(flatten)]
    pub case: Case,
    /// What the reader may do to this case now, by their roles, their organisation's relation to the
    /// case and its state; referral moves name their referral. Empty on a break-glass read.
    pub acts: Vec<crate::authority::Offer>,
}

/// The case as the answer to a read or a write: [`reveal`]ed or blanked, with the acts on offer, tagged
/// with its version (and its location when `created`), with [`HEADER`] saying which.
pub async fn respond(
    state: &AppState,
    actor: &Actor,
    case: Case,
    purpose: Option<String>,
    created: Option<String>,
) -> Result<Response, ApiError> {
    let acts = if purpose.is_some() { Vec::new() } else { crate::authority::offers(actor, &case) };
    let (case, shown) = reveal(state, actor, case, purpose).await?;
    let version = case.version;
    let view = CaseView { case, acts };
    let header = [(HEADER, shown.header_value())];
    // Revealed, the case is written straight to the body; blanked, it goes through a JSON tree first, where
    // [`placeholders`] marks the sealed fields that hold no text (a date, a map position).
    if shown == Shown::Revealed {
        return Ok((header, tag(version, created, view)).into_response());
    }
    let mut view = serde_json::to_value(view).map_err(ApiError::internal)?;
    placeholders(&mut view);
    Ok((header, tag(version, created, view)).into_response())
}

/// `body` tagged with the case's version, and with its location when it was `created`.
fn tag<T>(version: i64, created: Option<String>, body: T) -> Tagged<T> {
    match created {
        Some(location) => Tagged::created(version, location, body),
        None => Tagged::ok(version, body),
    }
}

/// The sealed values of one part of `case` (`name`: `victim/<id>`, `case/<id>` for its own notes) revealed
/// after an audit entry naming them, or the whole case blanked; says which.
pub async fn reveal_part(state: &AppState, actor: &Actor, case: &mut Case, name: &str) -> Result<Shown, ApiError> {
    let shown = decide(state, actor);
    if shown == Shown::Revealed {
        let prefix = format!("{name}.");
        let fields: Vec<String> = sealed_names(case).into_iter().filter(|f| f.starts_with(&prefix)).collect();
        if !fields.is_empty() {
            let note =
                actor.entry(state.clock.now(), Action::SealedRead).record(format!("case/{}", case.id)).fields(fields);
            state.store.append_audit(note).await?;
        }
    } else {
        blank(case);
    }
    Ok(shown)
}

/// One record of case `case` (`name`: `victim/<id>`, `event/<id>`) as the answer to a change, taken from
/// the saved case by `pick` (its version and itself), by the rule of [`reveal`]: its sealed values revealed
/// after an audit entry naming them, or blanked.
pub async fn record<T: serde::Serialize>(
    state: &AppState,
    actor: &Actor,
    mut case: Case,
    name: &str,
    pick: impl FnOnce(&Case) -> Result<(i64, T), ApiError>,
) -> Result<Response, ApiError> {
    let shown = reveal_part(state, actor, &mut case, name).await?;
    let (version, body) = pick(&case)?;
    let mut json = serde_json::to_value(body).map_err(ApiError::internal)?;
    if shown != Shown::Revealed {
        placeholders(&mut json);
    }
    Ok(([(HEADER, shown.header_value())], Tagged::ok(version, json)).into_response())
}

/// One record of `case` as a read answers it (`GET /cases/{case}/victims/{id}`): the sealed values named
/// under `parts` (`victim/<id>`, `hearing/<id>`) revealed after an audit entry naming them (`purpose`: the
/// break-glass reason when there is one), or blanked, by the rule of [`reveal`]; tagged with the record's
/// version when `pick` gives one.
pub async fn read_part<T: serde::Serialize>(
    state: &AppState,
    actor: &Actor,
    mut case: Case,
    (purpose, parts): (Option<String>, &[String]),
    pick: impl FnOnce(&Case) -> Result<(Option<i64>, T), ApiError>,
) -> Result<Response, ApiError> {
    let shown = decide(state, actor);
    if shown == Shown::Revealed {
        let prefixes: Vec<String> = parts.iter().map(|p| format!("{p}.")).collect();
        let fields: Vec<String> =
            sealed_names(&mut case).into_iter().filter(|f| prefixes.iter().any(|p| f.starts_with(p))).collect();
        if !fields.is_empty() {
            let mut note =
                actor.entry(state.clock.now(), Action::SealedRead).record(format!("case/{}", case.id)).fields(fields);
            if let Some(p) = purpose {
                note = note.purpose(p);
            }
            state.store.append_audit(note).await?;
        }
    } else {
        blank(&mut case);
    }
    let (version, body) = pick(&case)?;
    let mut json = serde_json::to_value(body).map_err(ApiError::internal)?;
    if shown != Shown::Revealed {
        placeholders(&mut json);
    }
    let head = [(HEADER, shown.header_value())];
    Ok(match version {
        Some(version) => (head, Tagged::ok(version, json)).into_response(),
        None => (head, axum::Json(json)).into_response(),
    })
}
