//! `/justice`: the investigations and prosecutions of the cases in the person's scope, each with its
//! stage and the days it has been in it, where its docket is (the holding unit or office by class; the
//! custodian's name is a sealed note and reads `[sealed]`), and the cases before the courts.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use lekhotla_domain::{DppDecisionKind, Organisation};
use lekhotla_storage::{JusticeFilter, JusticeLine, Page};
use serde::Deserialize;
use time::Date;

use super::form::iso;
use crate::actor::Actor;
use crate::error::ApiError;
use crate::pages::chrome::Chrome;
use crate::pages::referrals::forms::org_name;
use crate::state::AppState;

const PER_PAGE: u32 = 30;
/// A list counts its cases up to this many (and as far as the page shown); beyond, it says "more than
/// 1000": a hub's investigations number in the tens of thousands, and counting them all costs more than
/// the page may.
const COUNT_CAP: u32 = 1_000;

/// The last page number read as asked; a larger one reads as this.
const MAX_PAGE: u64 = 1_000_000;

/// Where a list is: its page, how many cases it holds (as shown), and whether there are pages after it.
#[derive(Debug)]
pub struct Pager {
    pub page: u64,
    /// The last page, when the count is exact.
    pub pages: Option<u64>,
    pub has_next: bool,
    pub total: String,
}

impl Pager {
    /// The page `no` (from 1) of a list, counted up to the cap or the page's end.
    fn page(no: u64) -> Page {
        let offset = (no - 1) * u64::from(PER_PAGE);
        let cap = u64::from(COUNT_CAP).max(offset + 2 * u64::from(PER_PAGE));
        Page::new(PER_PAGE, offset).counting_up_to(u32::try_from(cap).unwrap_or(u32::MAX))
    }

    fn of(c: &Chrome, no: u64, page: Page, total: u64) -> Self {
        let capped = page.count_cap.is_some_and(|cap| total > u64::from(cap));
        let pages = total.div_ceil(u64::from(PER_PAGE)).max(1);
        Self {
            page: no,
            pages: (!capped).then_some(pages),
            has_next: capped || no < pages,
            total: match page.count_cap {
                Some(cap) if capped => c.n("count-cases-over", cap),
                _ => c.n("count-cases", total),
            },
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct OverviewQuery {
    page: Option<u64>,
    /// The page of the cases before the courts.
    court: Option<u64>,
}

/// One case's row.
#[derive(Debug)]
pub struct Row {
    pub number: String,
    pub unit: String,
    pub organisation: String,
    pub investigator: String,
    pub stage: String,
    pub badge: &'static str,
    pub since: String,
    pub days: String,
    pub docket_number: String,
    pub docket_where: String,
    pub custodian: String,
    pub docket_moved: String,
    pub prosecutor: String,
    pub court: String,
    pub court_number: String,
    pub last_hearing: String,
}

#[derive(Debug, Template)]
#[template(path = "justice_overview.html")]
struct Overview {
    c: Chrome,
    court: Vec<Row>,
    court_pager: Pager,
    rows: Vec<Row>,
    pager: Pager,
}

/// The stage a line is in (its message id and badge) and the day it began.
pub fn stage(l: &JusticeLine) -> (&'static str, &'static str, Date) {
    let Some(p) = &l.prosecution else {
        return match l.closed_on {
            Some(d) => ("justice-stage-investigation-closed", "", d),
            None => ("justice-stage-investigation", "warn", l.opened_on),
        };
    };
    if let Some(d) = p.withdrawn_on {
        return ("justice-stage-withdrawn", "bad", d);
    }
    match (p.dpp_decision, p.dpp_decision_on) {
        (None, _) | (_, None) => ("justice-stage-awaiting-dpp", "warn", p.referred_on),
        (Some(DppDecisionKind::FurtherInvestigation), Some(d)) => ("justice-stage-further", "warn", d),
        (Some(DppDecisionKind::Decline), Some(d)) => ("justice-stage-declined", "bad", d),
        (Some(DppDecisionKind::Prosecute), Some(d)) => match p.last_verdict_on {
            Some(v) if p.accused > 0 && p.verdicts >= p.accused => ("justice-stage-concluded", "good", v),
            _ => ("justice-stage-before-court", "good", p.summons_issued_on.map_or(d, |s| s.max(d))),
        },
    }
}

/// Where the docket is, by class: with the investigating unit, with the DPP, or at court.
fn docket_where(c: &Chrome, l: &JusticeLine, orgs: &[Organisation]) -> String {
    let unit = org_name(orgs, l.organisation);
    match &l.prosecution {
        None if l.closed_on.is_some() => c.t("justice-where-closed"),
        None => c.t1("justice-where-unit", "unit", unit),
        Some(p) => match p.dpp_decision {
            None | Some(DppDecisionKind::Decline) => c.t("justice-where-dpp"),
            Some(DppDecisionKind::FurtherInvestigation) => c.t1("justice-where-unit", "unit", unit),
            Some(DppDecisionKind::Prosecute) => match &p.court {
                Some(court) => c.t1("justice-where-court", "court", court),
                None => c.t("justice-where-dpp"),
            },
        },
    }
}

/// The row of one line.
fn row(c: &Chrome, l: &JusticeLine, orgs: &[Organisation], today: Date) -> Row {
    let (id, badge, since) = stage(l);
    let days = u64::try_from((today - since).whole_days()).unwrap_or(0);
    let p = l.prosecution.as_ref();
    Row {
        number: l.case_number.to_string(),
        unit: c.vocab(l.unit),
        organisation: org_name(orgs, l.organisation),
        investigator: l.investigator.clone(),
        stage: c.t(id),
        badge,
        since: iso(since),
        days: c.n("ref-days", days),
        docket_number: l.docket_number.clone().unwrap_or_default(),
        docket_where: docket_where(c, l, orgs),
        custodian: if l.docket_held { c.t("sealed") } else { String::new() },
        docket_moved: l.docket_moved_on.map(iso).unwrap_or_default(),
        prosecutor: p.map(|p| p.prosecutor.clone()).unwrap_or_default(),
        court: p.and_then(|p| p.court.clone()).unwrap_or_default(),
        court_number: p.and_then(|p| p.court_case_number.clone()).unwrap_or_default(),
        last_hearing: p.and_then(|p| p.last_hearing_on).map(iso).unwrap_or_default(),
    }
}

/// `GET /justice`.
pub async fn page(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    query: Result<Query<OverviewQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = query.unwrap_or_default();
    // Page numbers beyond a million show an empty page rather than overflow the offset.
    let page_no = q.page.unwrap_or(1).clamp(1, MAX_PAGE);
    let court_no = q.court.unwrap_or(1).clamp(1, MAX_PAGE);
    let scope = crate::scope::of(&actor, &state.geography);
    let court_filter = JusticeFilter { scope: scope.clone(), before_court: true };
    let court_page = Pager::page(court_no);
    let court = state.reads().list_justice(&court_filter, court_page).await?;
    let all_filter = JusticeFilter { scope, before_court: false };
    let all_page = Pager::page(page_no);
    let all = state.reads().list_justice(&all_filter, all_page).await?;
    let orgs = state.store.list_organisations().await?;
    let today = state.clock.today();
    let html = Overview {
        court: court.items.iter().map(|l| row(&c, l, &orgs, today)).collect(),
        court_pager: Pager::of(&c, court_no, court_page, court.total),
        rows: all.items.iter().map(|l| row(&c, l, &orgs, today)).collect(),
        pager: Pager::of(&c, page_no, all_page, all.total),
        c,
    }
    .render()
    .map_err(ApiError::internal)?;
    Ok(Html(html).into_response())
}
