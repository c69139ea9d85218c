//! Sending a referral (`/cases/{number}/send-referral`) and its moves
//! (`/cases/{number}/referrals/{id}/{act}`): each form carries the referral's version, and goes through
//! the same domain calls and deeds as the JSON API's handlers.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use lekhotla_domain::{
    Case, NewReferral, Organisation, PersonId, Referral, ReferralAction, ReferralId, ReferralReason, ServiceType,
    Vocabulary,
};
use lekhotla_identity::Act;

use crate::actor::Actor;
use crate::authority::Deed;
use crate::error::ApiError;
use crate::mutate::{change_case, only, parse_id, resolve};
use crate::pages::chrome::Chrome;
use crate::pages::csrf::PageForm;
use crate::pages::justice::acts::{as_corrected, correction_field, offered, victims};
use crate::pages::justice::form::{Field, Form, Opt, Reader, Values, answer, iso, vocab};
use crate::state::AppState;

/// The moves of a referral that have a form here.
pub const MOVES: [Act; 6] = [
    Act::AcceptReferral,
    Act::DeclineReferral,
    Act::DeliverReferral,
    Act::CloseReferralNotDelivered,
    Act::RevokeReferral,
    Act::CloseReferral,
];

/// An organisation's name by id.
pub fn org_name(orgs: &[Organisation], id: lekhotla_domain::OrgId) -> String {
    orgs.iter().find(|o| o.id == id).map(|o| o.details.name.clone()).unwrap_or_else(|| id.to_string())
}

fn send_form(c: Chrome, actor: &Actor, case: &Case, orgs: &[Organisation], today: time::Date) -> Form {
    let title = c.t("ref-send-title");
    let mut form = Form::new(c, title, case, format!("/cases/{}/send-referral", case.number));
    let c = &form.c;
    if !case.missed_child_referrals().is_empty() {
        form.notice = c.t("ref-child-missing");
    }
    let targets: Vec<Opt> = orgs
        .iter()
        .filter(|o| o.id != actor.organisation && !o.details.services.is_empty())
        .map(|o| {
            let services: Vec<String> = o.details.services.iter().map(|s| c.vocab(*s)).collect();
            Opt {
                value: o.id.to_string(),
                label: format!("{} ({})", o.details.name, services.join(", ")),
                selected: false,
            }
        })
        .collect();
    form.fields = vec![
        Field::select("to_org", c.t("ref-to"), targets).required(),
        Field::checks("service", c.t("ref-services"), vocab::<ServiceType>(c)).hint(c.t("ref-services-hint")),
        Field::select("reason", c.t("ref-reason"), vocab::<ReferralReason>(c)).required(),
        Field::select("victim", c.t("ref-victim"), victims(c, case)).hint(c.t("ref-victim-hint")),
        Field::area("details", c.t("ref-details")).hint(c.t("justice-sealed-hint")),
        Field::date("sent_on", c.t("ref-sent-on")).required().value(iso(today)),
    ];
    form.submit = c.t("ref-send");
    form
}

async fn send_referral(
    state: &AppState,
    actor: &Actor,
    c: &Chrome,
    case: &Case,
    orgs: &[Organisation],
    values: &Values,
) -> Result<(), ApiError> {
    let mut r = Reader::new(values, c);
    let to: Option<lekhotla_domain::OrgId> = r.id("to_org");
    let reason = r.code::<ReferralReason>("reason");
    let sent_on = r.req_date("sent_on");
    let victim: Option<PersonId> = if values.get("victim").is_some() { r.id("victim") } else { None };
    let services: Vec<ServiceType> = values.all("service").into_iter().filter_map(ServiceType::from_code).collect();
    if services.is_empty() {
        r.errors.push(lekhotla_domain::FieldError::new("service", c.t("ref-error-service")));
    }
    let to = to.and_then(|id| orgs.iter().find(|o| o.id == id).cloned());
    let inputs: Option<Vec<NewReferral>> = to.as_ref().zip(reason).map(|(to, reason)| {
        services
            .iter()
            .map(|service| NewReferral {
                victim,
                from_org: actor.organisation,
                to_org: to.id,
                referring_case_worker: None,
                referring_case_worker_user: None,
                referred_case_worker: None,
                referred_case_worker_user: None,
                service: *service,
                reason,
                details: values.opt_text("details"),
                sent_on,
            })
            .collect()
    });
    let inputs = r.finish(inputs)?;
    let to = to.ok_or_else(|| ApiError::internal("organisation lost"))?;
    change_case(state, actor, case.id, only(Act::SendReferral), |case, today| {
        for input in &inputs {
            case.send_referral(input.clone(), &to, today)?;
        }
        Ok(())
    })
    .await?;
    Ok(())
}

/// `GET /cases/{number}/send-referral`.
pub async fn send_page(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    Path(number): Path<String>,
) -> Result<Response, ApiError> {
    let case = resolve(&state, &actor, &number).await?;
    let correction = offered(&actor, &case, Deed::case(Act::SendReferral))?;
    let orgs = state.store.list_organisations().await?;
    let mut form = send_form(c, &actor, &case, &orgs, state.clock.today());
    if correction {
        form.fields.push(correction_field(&form.c));
    }
    form.page(StatusCode::OK)
}

/// `POST /cases/{number}/send-referral`.
pub async fn send_post(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    Path(number): Path<String>,
    PageForm(values): PageForm<Values>,
) -> Result<Response, ApiError> {
    let case = resolve(&state, &actor, &number).await?;
    let correction = offered(&actor, &case, Deed::case(Act::SendReferral))?;
    let actor = as_corrected(&actor, correction, &values);
    let orgs = state.store.list_organisations().await?;
    let mut form = send_form(c, &actor, &case, &orgs, state.clock.today());
    if correction {
        form.fields.push(correction_field(&form.c));
    }
    let result = send_referral(&state, &actor, &form.c, &case, &orgs, &values).await;
    answer(result, form, &values, &format!("/cases/{}", case.number))
}

fn move_form(c: Chrome, case: &Case, r: &Referral, act: Act, orgs: &[Organisation], today: time::Date) -> Form {
    let title = c.t(&format!("ref-act-{}", act.as_str()));
    let action = format!("/cases/{}/referrals/{}/{}", case.number, r.id, act.as_str());
    let mut form = Form::new(c, title, case, action);
    let c = &form.c;
    form.version = Some(r.version);
    form.facts = vec![
        (c.t("ref-from"), org_name(orgs, r.from_org)),
        (c.t("ref-to"), org_name(orgs, r.to_org)),
        (c.t("ref-service"), c.vocab(r.service)),
        (c.t("ref-state"), c.vocab(r.state)),
        (c.t("ref-sent-on"), iso(r.sent_on)),
    ];
    let mut fields = vec![Field::date("on", c.t("justice-on")).required().value(iso(today))];
    match act {
        Act::DeclineReferral | Act::RevokeReferral | Act::CloseReferralNotDelivered => {
            fields.push(Field::area("reason", c.t("ref-reason-why")).required().hint(c.t("justice-sealed-hint")));
        }
        Act::DeliverReferral => {
            fields.push(Field::area("note", c.t("ref-delivered")).hint(c.t("justice-sealed-hint")));
        }
        _ => {}
    }
    form.fields = fields;
    form.danger = matches!(act, Act::DeclineReferral | Act::RevokeReferral | Act::CloseReferralNotDelivered);
    form.submit = form.title.clone();
    form
}

fn action_of(r: &mut Reader<'_>, act: Act) -> ReferralAction {
    let on = r.req_date("on");
    match act {
        Act::AcceptReferral => ReferralAction::Accept { on },
        Act::DeclineReferral => ReferralAction::Decline { on, reason: r.text("reason") },
        Act::DeliverReferral => ReferralAction::Deliver { on, note: r.values.opt_text("note") },
        Act::CloseReferralNotDelivered => ReferralAction::CloseNotDelivered { on, reason: r.text("reason") },
        Act::RevokeReferral => ReferralAction::Revoke { on, reason: r.text("reason") },
        _ => ReferralAction::Close { on },
    }
}

/// The referral `id` of `case`, or 404.
fn referral(case: &Case, id: &str) -> Result<Referral, ApiError> {
    let rid: ReferralId = parse_id(id, "referral")?;
    case.referrals.iter().find(|r| r.id == rid).cloned().ok_or_else(|| ApiError::not_found(format!("referral {id}")))
}

async fn move_show(
    state: AppState,
    actor: Actor,
    c: Chrome,
    number: String,
    id: String,
    act: Act,
) -> Result<Response, ApiError> {
    let case = resolve(&state, &actor, &number).await?;
    let r = referral(&case, &id)?;
    let correction = offered(&actor, &case, Deed::referral(act, r.id))?;
    let orgs = state.store.list_organisations().await?;
    let mut form = move_form(c, &case, &r, act, &orgs, state.clock.today());
    if correction {
        form.fields.push(correction_field(&form.c));
    }
    form.page(StatusCode::OK)
}

async fn move_post(
    state: AppState,
    actor: Actor,
    c: Chrome,
    (number, id): (String, String),
    act: Act,
    values: Values,
) -> Result<Response, ApiError> {
    let case = resolve(&state, &actor, &number).await?;
    let r = referral(&case, &id)?;
    let correction = offered(&actor, &case, Deed::referral(act, r.id))?;
    let actor = as_corrected(&actor, correction, &values);
    let orgs = state.store.list_organisations().await?;
    let mut form = move_form(c, &case, &r, act, &orgs, state.clock.today());
    if correction {
        form.fields.push(correction_field(&form.c));
    }
    let mut reader = Reader::new(&values, &form.c);
    let action = action_of(&mut reader, act);
    let result = match (reader.finish(Some(action)), values.version()) {
        (Ok(action), Ok(version)) => {
            let rid = r.id;
            let deeds = |_: &Case| vec![Deed::referral(crate::api::referrals::act_of(&action), rid)];
            change_case(&state, &actor, case.id, deeds, |case, today| {
                Ok(case.move_referral(rid, version, action.clone(), today)?)
            })
            .await
            .map(|(saved, ())| saved)
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    // After a move that ends the organisation's part in the case, the case is no longer its to open.
    let next = match &result {
        Ok(saved) if !crate::scope::of(&actor, &state.geography).admits(saved) => "/referrals?ended=1".to_owned(),
        _ => format!("/cases/{}", case.number),
    };
    if next.starts_with("/referrals") {
        return Ok(Redirect::to(&next).into_response());
    }
    answer(result.map(|_| ()), form, &values, &next)
}

/// The routes of the referral forms.
pub fn routes(mut router: axum::Router<AppState>) -> axum::Router<AppState> {
    router = router.route("/cases/{number}/send-referral", axum::routing::get(send_page).post(send_post));
    for act in MOVES {
        router = router.route(
            &format!("/cases/{{number}}/referrals/{{id}}/{}", act.as_str()),
            axum::routing::get(
                move |State(s): State<AppState>, a: Actor, c: Chrome, Path((n, id)): Path<(String, String)>| {
                    move_show(s, a, c, n, id, act)
                },
            )
            .post(
                move |State(s): State<AppState>,
                      a: Actor,
                      c: Chrome,
                      Path(p): Path<(String, String)>,
                      PageForm(v): PageForm<Values>| move_post(s, a, c, p, act, v),
            ),
        );
    }
    router
}
