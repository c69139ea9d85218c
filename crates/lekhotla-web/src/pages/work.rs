//! "My work" (`/work`): what needs this person now, by what their roles do: referrals waiting for their
//! organisation, cases it owns or assigned to them, hearings of the next 14 days, cases idle for 30 days,
//! children's referrals not yet accepted, cases that missed a child referral, referrals past their deadline, break-glass grants to review;
//! for oversight roles, where their work is. Each section is a count and a short list linking to the case.
//! Every list is a store query within the actor's scope: no case is loaded.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use lekhotla_domain::{CaseStatus, OrgId, ReferralState, UserRef};
use lekhotla_identity::Permission;
use lekhotla_storage::{
    Assignee, CaseFilter, CaseList, CaseOrder, Direction, GrantFilter, Page, ReferralFilter, ReferralList,
};
use std::collections::HashMap;
use time::{Duration, OffsetDateTime};

use super::chrome::Chrome;
use crate::actor::Actor;
use crate::error::ApiError;
use crate::overdue::{Late, Reader, for_reader};
use crate::state::AppState;

/// How many items each section lists (its count says how many there are).
const SHOWN: u32 = 5;
/// A section counts its items up to this many; beyond, it says "99+" (counting every idle case of the
/// country would cost more than the page may, and tells the person nothing more).
const COUNT_CAP: u32 = 99;
/// Hearings of the next this many days.
const HEARING_DAYS: i64 = 14;
/// A case with no change for this many days needs a look.
const IDLE_DAYS: i64 = 30;

/// A case list of this page, continued in the search (`/cases?list=idle`), so "search the cases" under a
/// section shows that section's cases and no others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WorkList {
    /// Open cases of the person's organisation.
    Owned,
    /// Cases assigned to the person.
    Assigned,
    /// Open cases with no change for [`IDLE_DAYS`], longest idle first.
    Idle,
    /// Cases where a child was not referred to child protection.
    Missed,
}

impl WorkList {
    const ALL: [Self; 4] = [Self::Owned, Self::Assigned, Self::Idle, Self::Missed];

    pub(crate) fn code(self) -> &'static str {
        match self {
            Self::Owned => "owned",
            Self::Assigned => "assigned",
            Self::Idle => "idle",
            Self::Missed => "missed",
        }
    }

    pub(crate) fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The id of the section's title in the locale files.
    pub(crate) fn title(self) -> &'static str {
        match self {
            Self::Owned => "work-owned",
            Self::Assigned => "work-assigned",
            Self::Idle => "work-idle",
            Self::Missed => "work-missed",
        }
    }

    /// Narrows `f` (already scoped to the actor) to this list.
    pub(crate) fn narrow(self, f: &mut CaseFilter, actor: &Actor, now: OffsetDateTime) {
        match self {
            Self::Owned => {
                f.organisation = Some(actor.organisation);
                f.status = Some(CaseStatus::Active);
            }
            Self::Assigned => {
                f.assigned = Some(Assignee { user: UserRef(actor.user.0), username: actor.username.to_string() });
            }
            Self::Idle => {
                f.status = Some(CaseStatus::Active);
                f.updated_before = Some(now - Duration::days(IDLE_DAYS));
                f.order = CaseOrder::LeastRecentlyChanged;
            }
            Self::Missed => f.child_referral_missed = Some(true),
        }
    }

    fn filter(self, actor: &Actor, scope: &lekhotla_storage::Scope, now: OffsetDateTime) -> CaseFilter {
        let mut f = CaseFilter { scope: scope.clone(), ..CaseFilter::default() };
        self.narrow(&mut f, actor, now);
        f
    }
}

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
    more: Option<(String, String)>,
    empty: String,
}

impl Section {
    /// The count as shown: `99+` beyond [`COUNT_CAP`].
    fn shown(&self) -> String {
        if self.capped() { format!("{COUNT_CAP}+") } else { self.count.to_string() }
    }

    /// Whether there are more than [`COUNT_CAP`] (the count stopped there).
    fn capped(&self) -> bool {
        self.count > u64::from(COUNT_CAP)
    }

    /// The count's cap.
    fn cap(&self) -> u64 {
        u64::from(COUNT_CAP)
    }

    /// How many are not listed (meaningful when not [`Self::capped`]).
    fn unlisted(&self) -> u64 {
        self.count.saturating_sub(self.items.len() as u64)
    }
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
    // The lists come from the read replica when there is one.
    let store = state.reads();
    let now = state.clock.now();
    let today = crate::i18n::today(now);
    let page = Page::new(SHOWN, 0).counting_up_to(COUNT_CAP);
    let inbox = ReferralFilter {
        organisation: actor.organisation,
        direction: Direction::Incoming,
        state: Some(ReferralState::Sent),
        service: None,
        scope: scope.clone(),
    };
    let own = WorkList::Owned.filter(actor, &scope, now);
    let mine = WorkList::Assigned.filter(actor, &scope, now);
    let idle = WorkList::Idle.filter(actor, &scope, now);
    let missed = WorkList::Missed.filter(actor, &scope, now);
    let until = today + Duration::days(HEARING_DAYS);
    // Each list is its own read, so they are asked for at once: the page takes as long as the slowest.
    let (orgs, waiting, owned, assigned, hearings, idle, children, missed) = tokio::try_join!(
        store.list_organisations(),
        store.list_referrals(&inbox, page),
        store.list_cases(&own, page),
        store.list_cases(&mine, page),
        store.upcoming_hearings(&scope, today, until, SHOWN),
        store.list_cases(&idle, page),
        store.pending_child_referrals(&scope, page),
        store.list_cases(&missed, page),
    )?;
    let names: HashMap<OrgId, String> = orgs.into_iter().map(|o| (o.id, o.details.name)).collect();
    let org_name = |id: &OrgId| names.get(id).cloned().unwrap_or_default();
    let deadlines = store.read_deadlines().await?;
    let reader = Reader { roles: &actor.roles, organisation: actor.organisation, district: actor.district.as_ref() };
    let late = for_reader(store, &state.geography, &deadlines, reader, today, COUNT_CAP + 1).await?;
    let mut out = vec![overdue_section(c, &late, &org_name)];
    out.push(referral_section(
        "work-referrals",
        c,
        waiting,
        &org_name,
        Some(("/referrals".to_owned(), c.t("work-all-referrals"))),
    ));
    out.push(case_section(WorkList::Owned, c, owned));
    out.push(case_section(WorkList::Assigned, c, assigned));
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
        more: Some(("/justice/calendar".to_owned(), c.t("work-calendar"))),
        empty: c.t("work-hearings-none"),
    });
    out.push(case_section(WorkList::Idle, c, idle));
    out.push(referral_section("work-child-referrals", c, children, &org_name, None));
    out.push(case_section(WorkList::Missed, c, missed));
    Ok(out)
}

fn case_section(kind: WorkList, c: &Chrome, list: CaseList) -> Section {
    let id = kind.title();
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
        more: Some((format!("/cases?list={}", kind.code()), c.t("work-all-cases"))),
        empty: c.t(&format!("{id}-none")),
    }
}

fn referral_section(
    id: &'static str,
    c: &Chrome,
    list: ReferralList,
    org_name: &dyn Fn(&OrgId) -> String,
    more: Option<(String, String)>,
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

/// The unanswered referrals past their deadline this person is told of (`overdue.rs`), longest waiting
/// first; listed whole on `/referrals/deadlines`.
fn overdue_section(c: &Chrome, late: &[Late], org_name: &dyn Fn(&OrgId) -> String) -> Section {
    let items = late
        .iter()
        .take(SHOWN as usize)
        .map(|l| Item {
            href: format!("/cases/{}", l.row.case_number),
            label: l.row.case_number.to_string(),
            detail: format!(
                "{} · {}",
                c.tr.args(
                    "work-overdue-line",
                    &[
                        ("service", c.vocab(l.row.service)),
                        ("to", org_name(&l.row.to_org)),
                        ("sent", c.tr.date(l.row.sent_on)),
                        ("days", l.days_late.to_string()),
                    ],
                ),
                c.t(l.reason.message())
            ),
        })
        .collect();
    Section {
        id: "work-overdue",
        title: c.t("work-overdue"),
        count: late.len() as u64,
        items,
        more: Some(("/referrals/deadlines#overdue".to_owned(), c.t("work-all-overdue"))),
        empty: c.t("work-overdue-none"),
    }
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
        more: Some(("/break-glass".to_owned(), c.t("work-all-grants"))),
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
