//! "My work" (`/work`): what needs this person now, by what their roles do: referrals waiting for their
//! organisation, cases it owns or assigned to them, hearings of the next 14 days, cases idle for 30 days,
//! children's referrals not yet accepted, cases that missed a child referral, break-glass grants to review;
//! for oversight roles, where their work is. Each section is a count and a short list linking to the case.
//! Every list is a store query within the actor's scope: no case is loaded.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use lekhotla_domain::{CaseStatus, OrgId, ReferralState, UserRef};
use lekhotla_identity::Permission;
use lekhotla_storage::{Assignee, CaseFilter, CaseList, Direction, GrantFilter, Page, ReferralFilter, ReferralList};
use std::collections::HashMap;
use time::Duration;

use super::chrome::Chrome;
use crate::actor::Actor;
use crate::error::ApiError;
use crate::state::AppState;

/// How many items each section lists (its count says how many there are).
const SHOWN: u32 = 5;
/// Hearings of the next this many days.
const HEARING_DAYS: i64 = 14;
/// A case with no change for this many days needs a look.
const IDLE_DAYS: i64 = 30;

/// One line of a section.
#[derive(Debug)]
struct Item {
    href: String,
    label: String,
    detail: String,
}

/// One section: a heading, how many in all, the first few, and where the whole list is.
#[derive(Debug)]
struct Section {
    id: &'static str,
    title: String,
    count: u64,
    items: Vec<Item>,
    more: Option<(&'static str, String)>,
    empty: String,
}

/// A page an oversight role works on.
#[derive(Debug)]
struct Link {
    href: &'static str,
    label: String,
    about: String,
}

#[derive(Debug, Template)]
#[template(path = "work.html")]
struct Work {
    sections: Vec<Section>,
    links: Vec<Link>,
    c: Chrome,
}

pub async fn page(State(state): State<AppState>, actor: Actor, c: Chrome) -> Result<Response, ApiError> {
    let mut sections = Vec::new();
    if actor.allows(Permission::ReadCases) {
        sections = case_sections(&state, &actor, &c).await?;
    }
    if actor.allows(Permission::ReviewBreakGlass) {
        sections.push(grants(&state, &c).await?);
    }
    let page = Work { sections, links: links(&actor, &c), c };
    Ok(Html(page.render().map_err(ApiError::internal)?).into_response())
}

async fn case_sections(state: &AppState, actor: &Actor, c: &Chrome) -> Result<Vec<Section>, ApiError> {
    let scope = crate::scope::of(actor, &state.geography);
    let store = &state.store;
    let now = state.clock.now();
    let today = crate::i18n::today(now);
    let page = Page::new(SHOWN, 0);
    let names: HashMap<OrgId, String> =
        store.list_organisations().await?.into_iter().map(|o| (o.id, o.details.name)).collect();
    let org_name = |id: &OrgId| names.get(id).cloned().unwrap_or_default();
    let mut out = Vec::new();

    let inbox = ReferralFilter {
        organisation: actor.organisation,
        direction: Direction::Incoming,
        state: Some(ReferralState::Sent),
        service: None,
        scope: scope.clone(),
    };
    let waiting = store.list_referrals(&inbox, page).await?;
    out.push(referral_section(
        "work-referrals",
        c,
        waiting,
        &org_name,
        Some(("/referrals", c.t("work-all-referrals"))),
    ));

    let own = CaseFilter {
        organisation: Some(actor.organisation),
        status: Some(CaseStatus::Active),
        scope: scope.clone(),
        ..CaseFilter::default()
    };
    out.push(case_section("work-owned", c, store.list_cases(&own, page).await?));
    let mine = CaseFilter {
        assigned: Some(Assignee { user: UserRef(actor.user.0), username: actor.username.to_string() }),
        scope: scope.clone(),
        ..CaseFilter::default()
    };
    out.push(case_section("work-assigned", c, store.list_cases(&mine, page).await?));

    let until = today + Duration::days(HEARING_DAYS);
    let hearings = store.upcoming_hearings(&scope, today, until, SHOWN).await?;
    out.push(Section {
        id: "work-hearings",
        title: c.t("work-hearings"),
        count: hearings.total,
        items: hearings
            .items
            .iter()
            .map(|h| Item {
                href: format!("/cases/{}", h.case_number),
                label: h.case_number.to_string(),
                detail: format!("{} · {}", c.tr.date(h.on), c.vocab(h.kind)),
            })
            .collect(),
        more: Some(("/justice/calendar", c.t("work-calendar"))),
        empty: c.t("work-hearings-none"),
    });

    let idle = CaseFilter {
        status: Some(CaseStatus::Active),
        updated_before: Some(now - Duration::days(IDLE_DAYS)),
        scope: scope.clone(),
        ..CaseFilter::default()
    };
    out.push(case_section("work-idle", c, store.list_cases(&idle, page).await?));

    let children = store.pending_child_referrals(&scope, SHOWN).await?;
    out.push(referral_section("work-child-referrals", c, children, &org_name, None));

    let missed = CaseFilter { child_referral_missed: Some(true), scope, ..CaseFilter::default() };
    out.push(case_section("work-missed", c, store.list_cases(&missed, page).await?));
    Ok(out)
}

fn case_section(id: &'static str, c: &Chrome, list: CaseList) -> Section {
    let items = list
        .items
        .iter()
        .map(|s| Item {
            href: format!("/cases/{}", s.number),
            label: s.number.to_string(),
            detail: format!("{} · {}", c.vocab(s.status), c.t1("work-changed", "when", c.tr.time(s.updated_at))),
        })
        .collect();
    Section {
        id,
        title: c.t(id),
        count: list.total,
        items,
        more: Some(("/cases", c.t("work-all-cases"))),
        empty: c.t(&format!("{id}-none")),
    }
}

fn referral_section(
    id: &'static str,
    c: &Chrome,
    list: ReferralList,
    org_name: &dyn Fn(&OrgId) -> String,
    more: Option<(&'static str, String)>,
) -> Section {
    let items = list
        .items
        .iter()
        .map(|r| Item {
            href: format!("/cases/{}", r.case_number),
            label: r.case_number.to_string(),
            detail: c.tr.args(
                "work-referral-line",
                &[
                    ("service", c.vocab(r.service)),
                    ("from", org_name(&r.from_org)),
                    ("to", org_name(&r.to_org)),
                    ("sent", c.tr.date(r.sent_on)),
                ],
            ),
        })
        .collect();
    Section { id, title: c.t(id), count: list.total, items, more, empty: c.t(&format!("{id}-none")) }
}

async fn grants(state: &AppState, c: &Chrome) -> Result<Section, ApiError> {
    let now = state.clock.now();
    let filter = GrantFilter { from: now - Duration::days(IDLE_DAYS), unusual_only: false };
    let found = state.store.list_break_glass_grants(&filter, SHOWN, 0).await?;
    let items = found
        .items
        .iter()
        .map(|g| Item {
            href: "/break-glass".to_owned(),
            label: c.tr.time(g.granted_at),
            detail: if g.unusual.is_some() { c.t("work-grant-unusual") } else { c.t("work-grant-usual") },
        })
        .collect();
    Ok(Section {
        id: "work-grants",
        title: c.t("work-grants"),
        count: found.total,
        items,
        more: Some(("/break-glass", c.t("work-all-grants"))),
        empty: c.t("work-grants-none"),
    })
}

/// Where oversight roles work: the figures, the audit trail, the administration.
fn links(actor: &Actor, c: &Chrome) -> Vec<Link> {
    let mut out = Vec::new();
    let mut add = |href: &'static str, id: &str| {
        out.push(Link { href, label: c.t(id), about: c.t(&format!("{id}-about")) });
    };
    if actor.allows(Permission::ReadStatistics) && !actor.allows(Permission::ReadCases) {
        add("/dashboard", "work-link-dashboard");
    }
    if actor.allows(Permission::ReadAudit) {
        add("/audit", "work-link-audit");
    }
    if actor.allows(Permission::ManageUsers) || actor.allows(Permission::ManageOrganisations) {
        add("/admin", "work-link-admin");
        add("/admin/tokens", "work-link-tokens");
    }
    out
}
