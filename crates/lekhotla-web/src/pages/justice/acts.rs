//! The justice acts on a case as pages (`GET/POST /cases/{number}/{act}`): each act's form is offered
//! only when `authority::offers` says so, and its post goes through `mutate::change_case` with the
//! same domain call and deeds as the JSON API's handler.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use lekhotla_domain::{Case, PersonId, SuspectIdentity};
use lekhotla_identity::Act;

use super::form::{Field, Form, Opt, Values, answer};
use super::{investigation, prosecution};
use crate::actor::Actor;
use crate::authority::{self, Deed, On};
use crate::error::ApiError;
use crate::mutate::resolve;
use crate::pages::chrome::Chrome;
use crate::pages::csrf::PageForm;
use crate::state::AppState;

/// The justice acts that have a page form here.
pub const ACTS: [Act; 12] = [
    Act::OpenInvestigation,
    Act::UpdateInvestigation,
    Act::MoveDocket,
    Act::OpenProsecution,
    Act::DppDecision,
    Act::IssueSummons,
    Act::UpdateProsecution,
    Act::Charge,
    Act::RecordHearing,
    Act::RecordVerdict,
    Act::RecordSentence,
    Act::OrderCompensation,
];

/// Whether `deed` is on offer to the actor on `case` now: `Some(true)` only as the national
/// coordinator's correction (the form then asks for its reason), 403 (or 409 when the case's state
/// leaves no room for it) otherwise.
pub fn offered(actor: &Actor, case: &Case, deed: Deed) -> Result<bool, ApiError> {
    let referral = match deed.on {
        On::Referral(id) => Some(id),
        On::Case => None,
    };
    match authority::offers(actor, case).into_iter().find(|o| o.act == deed.act && o.referral == referral) {
        Some(o) => Ok(o.correction),
        None => {
            authority::require(actor, &[deed], case)?;
            Err(ApiError::Refused(format!("{} is not possible on this case now", deed.act)))
        }
    }
}

/// The field of a correction's reason, for the national coordinator.
pub fn correction_field(c: &Chrome) -> Field {
    Field::area("correction", c.t("justice-correction")).required().hint(c.t("justice-correction-hint"))
}

/// The actor with the correction's reason the form gave, when the act is a correction.
pub fn as_corrected(actor: &Actor, correction: bool, values: &Values) -> Actor {
    let mut actor = actor.clone();
    if correction {
        actor.correction = values.opt_text("correction");
    }
    actor
}

/// The case's suspects as choices (no sealed name: their order and kind, a business by its name).
pub fn suspects(c: &Chrome, case: &Case, only: Option<&[PersonId]>) -> Vec<Opt> {
    case.suspects
        .iter()
        .enumerate()
        .filter(|(_, s)| only.is_none_or(|ids| ids.contains(&s.id)))
        .map(|(i, s)| {
            let mut label = c.t1("justice-suspect-n", "n", i + 1);
            if let SuspectIdentity::Business(b) = &s.details.identity {
                label = format!("{label}: {}", b.name);
            }
            Opt { value: s.id.to_string(), label, selected: false }
        })
        .collect()
}

/// The case's victims as choices (by order, no sealed name).
pub fn victims(c: &Chrome, case: &Case) -> Vec<Opt> {
    case.victims
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let mut label = c.t1("justice-victim-n", "n", i + 1);
            if v.presumed_child() {
                label = format!("{label} ({})", c.t("ref-child"));
            }
            Opt { value: v.id.to_string(), label, selected: false }
        })
        .collect()
}

/// The form of `act` on `case`.
fn form(c: Chrome, actor: &Actor, case: &Case, act: Act, today: time::Date) -> Form {
    let title = c.t(&format!("justice-act-{}", act.as_str()));
    let action = format!("/cases/{}/{}", case.number, act.as_str());
    let mut form = Form::new(c, title, case, action);
    if matches!(act, Act::OpenInvestigation | Act::UpdateInvestigation | Act::MoveDocket) {
        investigation::fill(&mut form, actor, case, act, today);
    } else {
        prosecution::fill(&mut form, actor, case, act, today);
    }
    form
}

/// `GET /cases/{number}/{act}`.
pub async fn show(state: &AppState, actor: &Actor, c: Chrome, number: &str, act: Act) -> Result<Response, ApiError> {
    let case = resolve(state, actor, number).await?;
    let correction = offered(actor, &case, Deed::case(act))?;
    let mut form = form(c, actor, &case, act, state.clock.today());
    if correction {
        form.fields.push(correction_field(&form.c));
    }
    form.page(StatusCode::OK)
}

/// `POST /cases/{number}/{act}`.
pub async fn send(
    state: &AppState,
    actor: &Actor,
    c: Chrome,
    number: &str,
    act: Act,
    values: Values,
) -> Result<Response, ApiError> {
    let case = resolve(state, actor, number).await?;
    let correction = offered(actor, &case, Deed::case(act))?;
    let actor = as_corrected(actor, correction, &values);
    let mut form = form(c, &actor, &case, act, state.clock.today());
    if correction {
        form.fields.push(correction_field(&form.c));
    }
    let result = if matches!(act, Act::OpenInvestigation | Act::UpdateInvestigation | Act::MoveDocket) {
        investigation::apply(state, &actor, &form.c, &case, act, &values).await
    } else {
        prosecution::apply(state, &actor, &form.c, &case, act, &values).await
    };
    answer(result, form, &values, &format!("/cases/{}", case.number))
}

/// The routes of every justice act's form.
pub fn routes(mut router: axum::Router<AppState>) -> axum::Router<AppState> {
    for act in ACTS {
        router = router.route(
            &format!("/cases/{{number}}/{}", act.as_str()),
            axum::routing::get(
                move |State(s): State<AppState>, a: Actor, c: Chrome, Path(n): Path<String>| async move {
                    show(&s, &a, c, &n, act).await
                },
            )
            .post(
                move |State(s): State<AppState>,
                      a: Actor,
                      c: Chrome,
                      Path(n): Path<String>,
                      PageForm(v): PageForm<Values>| async move { send(&s, &a, c, &n, act, v).await },
            ),
        );
    }
    router
}
