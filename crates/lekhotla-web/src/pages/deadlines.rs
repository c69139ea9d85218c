//! `/referrals/deadlines`: the referrals past their deadline this person is told of, the deadline of each
//! service (set here by the national coordinator, under the same version check as a record), and how fast
//! referrals were answered in the last year, by organisation and district, through the API's handlers.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use lekhotla_domain::{ResponseDeadlines, ServiceDeadline, Vocabulary};
use lekhotla_identity::{Permission, Role};
use time::Duration;

use crate::actor::Actor;
use crate::api::deadlines::{self as api, DeadlinesInput, ResponseLine, ResponseTimes};
use crate::error::ApiError;
use crate::extract::{ApiJson, IfMatch};
use crate::overdue::{Late, Reader, for_reader};
use crate::pages::admin::Errs;
use crate::pages::chrome::Chrome;
use crate::pages::csrf::PageForm;
use crate::state::AppState;

/// One service's row: its code and name, the days as shown (or as typed, on a refused form).
#[derive(Debug)]
struct Row {
    code: &'static str,
    name: String,
    adult: String,
    child: String,
}

/// An overdue referral as a row.
#[derive(Debug)]
struct LateRow {
    case: String,
    service: String,
    to: String,
    sent: String,
    due: String,
    days: i64,
    why: String,
}

#[derive(Debug, Template)]
#[template(path = "deadlines.html")]
struct DeadlinesPage {
    c: Chrome,
    late: Vec<LateRow>,
    rows: Vec<Row>,
    version: i64,
    /// The national coordinator sets them.
    sets: bool,
    times: Option<ResponseTimes>,
    /// The period's totals in a sentence, and the tables by organisation and by district.
    total_line: String,
    tables: Vec<(&'static str, String, Vec<ResponseLine>)>,
    errs: Errs,
    stale: bool,
}

#[allow(clippy::too_many_arguments)]
async fn render(
    state: &AppState,
    actor: &Actor,
    c: Chrome,
    d: &ResponseDeadlines,
    typed: Option<&HashMap<String, String>>,
    errs: Errs,
    stale: bool,
) -> Result<Response, ApiError> {
    let today = crate::i18n::today(state.clock.now());
    let orgs = state.store.list_organisations().await?;
    let name = |id| orgs.iter().find(|o| o.id == id).map_or_else(String::new, |o| o.details.name.clone());
    let late: Vec<Late> = if actor.allows(Permission::ReadCases) {
        let reader =
            Reader { roles: &actor.roles, organisation: actor.organisation, district: actor.district.as_ref() };
        for_reader(&*state.store, &state.geography, d, reader, today, 500).await?
    } else {
        Vec::new()
    };
    let late = late
        .into_iter()
        .map(|l| LateRow {
            case: l.row.case_number.to_string(),
            service: c.vocab(l.row.service),
            to: name(l.row.to_org),
            sent: c.tr.date(l.row.sent_on),
            due: c.tr.date(l.due),
            days: l.days_late,
            why: c.t(l.reason.message()),
        })
        .collect();
    let rows = d
        .services
        .iter()
        .map(|s| {
            let code = s.service.code();
            let typed_of = |k: String, v: u32| typed.and_then(|t| t.get(&k).cloned()).unwrap_or_else(|| v.to_string());
            Row {
                code,
                name: c.vocab(s.service),
                adult: typed_of(format!("a_{code}"), s.adult_days),
                child: typed_of(format!("c_{code}"), s.child_days),
            }
        })
        .collect();
    let times = if actor.allows(Permission::ReadStatistics) {
        Some(api::response_times(state, today - Duration::days(364), today).await?)
    } else {
        None
    };
    let status = match (stale, errs.is_empty()) {
        (true, _) => StatusCode::CONFLICT,
        (false, true) => StatusCode::OK,
        (false, false) => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let sets = actor.roles.contains(Role::NationalCoordinator);
    let (total_line, tables) = match &times {
        Some(t) => (
            c.tr.args(
                "deadlines-times-total",
                &[
                    ("sent", t.total.sent.to_string()),
                    ("answered", t.total.answered.to_string()),
                    ("on_time", t.total.on_time.to_string()),
                    ("overdue", t.total.overdue.to_string()),
                ],
            ),
            vec![
                ("times-org", c.t("deadlines-by-organisation"), t.by_organisation.clone()),
                ("times-district", c.t("deadlines-by-district"), t.by_district.clone()),
            ],
        ),
        None => (String::new(), Vec::new()),
    };
    let page = DeadlinesPage { c, late, rows, version: d.version, sets, times, total_line, tables, errs, stale };
    Ok((status, Html(page.render().map_err(ApiError::internal)?)).into_response())
}

pub async fn page(State(state): State<AppState>, actor: Actor, c: Chrome) -> Result<Response, ApiError> {
    let d = api::get(State(state.clone()), actor.clone()).await?.body;
    render(&state, &actor, c, &d, None, Errs::default(), false).await
}

/// The form as posted: `a_<service>` and `c_<service>` days, and the version read.
pub async fn save(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    PageForm(form): PageForm<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let version: i64 = form.get("version").and_then(|v| v.trim().parse().ok()).unwrap_or(-1);
    let stored = api::get(State(state.clone()), actor.clone()).await?.body;
    let mut errs = Errs::default();
    let mut services = Vec::new();
    for s in &stored.services {
        let code = s.service.code();
        let day = |errs: &mut Errs, key: String| match form.get(&key).map(|v| v.trim().parse::<u32>()) {
            Some(Ok(n)) => n,
            _ => {
                errs.add(&key, c.t("campaign-error-number"));
                0
            }
        };
        let adult_days = day(&mut errs, format!("a_{code}"));
        let child_days = day(&mut errs, format!("c_{code}"));
        services.push(ServiceDeadline { service: s.service, adult_days, child_days });
    }
    if !errs.is_empty() {
        return render(&state, &actor, c, &stored, Some(&form), errs, false).await;
    }
    let input = DeadlinesInput { services: services.clone() };
    match api::set(State(state.clone()), actor.clone(), IfMatch(version), ApiJson(input)).await {
        Ok(_) => Ok(Redirect::to("/referrals/deadlines#deadlines").into_response()),
        Err(ApiError::Stale(_)) => render(&state, &actor, c, &stored, None, Errs::default(), true).await,
        Err(e) => {
            // `services[i].x` names the row of the i-th service: shown at that service's field.
            let found = Errs::from_api(e)?;
            let mut errs = Errs::default();
            for (field, reason) in found.0 {
                let at = field
                    .strip_prefix("services[")
                    .and_then(|rest| rest.split_once("]."))
                    .and_then(|(i, x)| Some((services.get(i.parse::<usize>().ok()?)?.service.code(), x)));
                let key = match at {
                    Some((code, "child_days")) => format!("c_{code}"),
                    Some((code, _)) => format!("a_{code}"),
                    None => field,
                };
                errs.add(&key, c.t1("intake-not-accepted", "reason", &reason));
            }
            render(&state, &actor, c, &stored, Some(&form), errs, false).await
        }
    }
}
