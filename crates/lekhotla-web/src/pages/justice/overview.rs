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

#[derive(Debug, Default, Deserialize)]
pub struct OverviewQuery {
    #[serde(default)]
    page: Option<u64>,
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
    court_total: u64,
    rows: Vec<Row>,
    total: u64,
    page: u64,
    pages: u64,
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
    let page_no = q.page.unwrap_or(1).max(1);
    let scope = crate::scope::of(&actor, &state.geography);
    let court_filter = JusticeFilter { scope: scope.clone(), before_court: true };
    let court = state.store.list_justice(&court_filter, Page::new(Page::MAX_LIMIT, 0)).await?;
    let all_filter = JusticeFilter { scope, before_court: false };
    let offset = (page_no - 1) * u64::from(PER_PAGE);
    let all = state.store.list_justice(&all_filter, Page::new(PER_PAGE, offset)).await?;
    let orgs = state.store.list_organisations().await?;
    let today = state.clock.today();
    let html = Overview {
        court: court.items.iter().map(|l| row(&c, l, &orgs, today)).collect(),
        court_total: court.total,
        rows: all.items.iter().map(|l| row(&c, l, &orgs, today)).collect(),
        total: all.total,
        page: page_no,
        pages: all.total.div_ceil(u64::from(PER_PAGE)).max(1),
        c,
    }
    .render()
    .map_err(ApiError::internal)?;
    Ok(Html(html).into_response())
}
