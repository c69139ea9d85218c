//! Part C, referrals: an organisation's inbox (referrals to it) and outbox (sent by it) at `/referrals`,
//! by state, with the days each has waited, paged, each linking to its case and the moves on offer.

pub mod forms;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use lekhotla_domain::{ReferralState, ServiceType, Vocabulary};
use lekhotla_identity::Act;
use lekhotla_storage::{Direction, Page, ReferralFilter, ReferralLine};
use serde::Deserialize;

use super::chrome::Chrome;
use crate::actor::Actor;
use crate::authority::holds_any;
use crate::error::ApiError;
use crate::state::AppState;
use forms::org_name;

/// Lines per page.
const PER_PAGE: u32 = 25;

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    /// `inbox` (default) or `outbox`.
    #[serde(default, rename = "box")]
    which: Option<String>,
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    page: Option<u64>,
    /// Whose referrals (the national coordinator's choice; one's own organisation otherwise).
    #[serde(default)]
    organisation: Option<String>,
    /// Set after a move that ended the organisation's access to the case.
    #[serde(default)]
    ended: Option<String>,
}

/// One line of the list.
#[derive(Debug)]
pub struct Line {
    pub number: String,
    pub other: String,
    pub service: String,
    pub child: bool,
    pub automatic: bool,
    pub state: String,
    pub badge: &'static str,
    pub sent_on: String,
    /// Days waiting in its current state (empty once it is over).
    pub waiting: String,
    /// The moves the person may make from here: (address, label).
    pub moves: Vec<(String, String)>,
}

#[derive(Debug, Template)]
#[template(path = "referral_list.html")]
struct List {
    c: Chrome,
    inbox: bool,
    states: Vec<(String, String, bool)>,
    state: String,
    /// The organisations the national coordinator may choose between (empty for everyone else).
    organisations: Vec<(String, String, bool)>,
    /// The organisation shown, when not one's own.
    other: String,
    lines: Vec<Line>,
    total: u64,
    page: u64,
    pages: u64,
    ended: bool,
}

fn badge(state: ReferralState) -> &'static str {
    match state {
        ReferralState::Sent => "warn",
        ReferralState::Accepted | ReferralState::ServiceDelivered => "good",
        ReferralState::Declined | ReferralState::Revoked | ReferralState::NotDelivered => "bad",
        ReferralState::Closed => "",
    }
}

/// The moves that belong to this side of a referral in its state (the form judges the case itself).
fn moves(inbox: bool, state: ReferralState) -> &'static [Act] {
    match (inbox, state) {
        (true, ReferralState::Sent) => &[Act::AcceptReferral, Act::DeclineReferral],
        (true, ReferralState::Accepted) => &[Act::DeliverReferral, Act::CloseReferralNotDelivered],
        (false, ReferralState::Sent | ReferralState::Accepted) => &[Act::RevokeReferral],
        (_, ReferralState::ServiceDelivered | ReferralState::Declined) => &[Act::CloseReferral],
        _ => &[],
    }
}

fn line(
    c: &Chrome,
    actor: &Actor,
    orgs: &[lekhotla_domain::Organisation],
    inbox: bool,
    l: &ReferralLine,
    today: time::Date,
) -> Line {
    let since = match l.state {
        ReferralState::Sent => Some(l.sent_on),
        ReferralState::Accepted | ReferralState::Declined => l.responded_on,
        ReferralState::ServiceDelivered => l.delivered_on,
        _ => None,
    };
    let waiting =
        since.map(|d| c.n("ref-days", u64::try_from((today - d).whole_days()).unwrap_or(0))).unwrap_or_default();
    Line {
        number: l.case_number.to_string(),
        other: org_name(orgs, if inbox { l.from_org } else { l.to_org }),
        service: c.vocab(l.service),
        child: l.service == ServiceType::ChildProtection,
        automatic: l.automatic,
        state: c.vocab(l.state),
        badge: badge(l.state),
        sent_on: super::justice::form::iso(l.sent_on),
        waiting,
        moves: moves(inbox, l.state)
            .iter()
            .filter(|a| holds_any(actor, &[**a]))
            .map(|a| {
                (
                    format!("/cases/{}/referrals/{}/{}", l.case_number, l.referral, a.as_str()),
                    c.t(&format!("ref-act-{}", a.as_str())),
                )
            })
            .collect(),
    }
}

/// `GET /referrals`.
pub async fn page(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = query.unwrap_or_default();
    let inbox = q.which.as_deref() != Some("outbox");
    let chosen = q.state.as_deref().and_then(ReferralState::from_code);
    // Page numbers beyond a million show an empty page rather than overflow the offset.
    let page_no = q.page.unwrap_or(1).clamp(1, 1_000_000);
    let scope = crate::scope::of(&actor, &state.geography);
    let everyone = scope == lekhotla_storage::Scope::All;
    let organisation = match q.organisation.as_deref().filter(|o| !o.is_empty()) {
        None => actor.organisation,
        Some(text) => {
            let org = crate::mutate::parse_id(text, "organisation")?;
            if org != actor.organisation && !everyone {
                return Err(ApiError::Forbidden(
                    "only the national coordinator sees another organisation's referrals".into(),
                ));
            }
            org
        }
    };
    let filter = ReferralFilter {
        organisation,
        direction: if inbox { Direction::Incoming } else { Direction::Outgoing },
        state: chosen,
        service: None,
        scope,
    };
    let list = state.reads().list_referrals(&filter, Page::new(PER_PAGE, (page_no - 1) * u64::from(PER_PAGE))).await?;
    let orgs = state.store.list_organisations().await?;
    let today = state.clock.today();
    let lines = list.items.iter().map(|l| line(&c, &actor, &orgs, inbox, l, today)).collect();
    let states = ReferralState::ALL.iter().map(|s| (s.code().to_owned(), c.vocab(*s), Some(*s) == chosen)).collect();
    let pages = list.total.div_ceil(u64::from(PER_PAGE)).max(1);
    let organisations = if everyone {
        orgs.iter().map(|o| (o.id.to_string(), o.details.name.clone(), o.id == organisation)).collect()
    } else {
        Vec::new()
    };
    let other = if organisation == actor.organisation { String::new() } else { organisation.to_string() };
    let html = List {
        c,
        inbox,
        states,
        state: chosen.map(|s| s.code().to_owned()).unwrap_or_default(),
        organisations,
        other,
        lines,
        total: list.total,
        page: page_no,
        pages,
        ended: q.ended.is_some(),
    }
    .render()
    .map_err(ApiError::internal)?;
    Ok(Html(html).into_response())
}
