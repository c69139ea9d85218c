//! `/committees/{id}/minutes.pdf`: a meeting's minutes as an A4 PDF in the person's language, laid out by
//! `lekhotla_report_files::minutes_pdf` from a plain model of the words this module fills in: the committee,
//! the day, the place and the chair, attendance by organisation with its total, the agenda, the decisions and
//! the action items with their owners, deadlines, status, plan activities and case numbers. The download is
//! recorded in the audit trail as an export.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use lekhotla_domain::{Meeting, Organisation};
use lekhotla_report_files::{Minutes, MinutesBlock, MinutesColumn, minutes_pdf};
use lekhotla_storage::Action;

use super::{committee_name, org_name};
use crate::actor::Actor;
use crate::api::committees as api;
use crate::error::ApiError;
use crate::pages::chrome::Chrome;
use crate::state::AppState;

/// The minutes of `m` in `c`'s language.
pub fn minutes(state: &AppState, c: &Chrome, m: &Meeting, orgs: &[Organisation]) -> Minutes {
    let d = &m.details;
    let committee = committee_name(state, c, &d.committee);
    let attendance: Vec<Vec<String>> = d
        .attendance
        .iter()
        .map(|a| {
            let name = match (a.organisation, &a.guest) {
                (Some(o), _) => org_name(orgs, o),
                (None, Some(g)) => c.t1("committee-guest", "name", g),
                (None, None) => String::new(),
            };
            vec![name, a.people.to_string()]
        })
        .collect();
    let actions: Vec<Vec<String>> = d
        .actions
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let or_none = |v: String| if v.is_empty() { "-".to_owned() } else { v };
            vec![
                (i + 1).to_string(),
                x.text.clone(),
                org_name(orgs, x.owner),
                x.deadline.to_string(),
                c.t(&format!("committee-status-{}", x.status.code())),
                or_none(x.activities.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")),
                or_none(x.cases.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")),
            ]
        })
        .collect();
    let none = c.t("committee-none");
    Minutes {
        title: c.t1("committee-minutes-title", "committee", &committee) + &format!(", {}", d.held_on),
        facts: vec![
            (c.t("committee-committee"), committee.clone()),
            (c.t("committee-held-on"), d.held_on.to_string()),
            (c.t("committee-place"), d.place.clone()),
            (c.t("committee-chair"), d.chair.clone()),
        ],
        blocks: vec![
            MinutesBlock::Table {
                heading: c.t("committee-attendance"),
                columns: vec![
                    MinutesColumn::new(c.t("committee-attendance-org"), 4.0),
                    MinutesColumn::number(c.t("committee-people"), 1.0),
                ],
                rows: attendance,
                total: Some(vec![c.t("committee-total"), d.people().to_string()]),
                empty: none.clone(),
            },
            MinutesBlock::List { heading: c.t("committee-agenda"), items: d.agenda.clone(), empty: none.clone() },
            MinutesBlock::List { heading: c.t("committee-decisions"), items: d.decisions.clone(), empty: none.clone() },
            MinutesBlock::Table {
                heading: c.t("committee-actions"),
                columns: vec![
                    MinutesColumn::number("#", 0.5),
                    MinutesColumn::new(c.t("committee-action-text"), 2.6),
                    MinutesColumn::new(c.t("committee-action-owner"), 1.6),
                    MinutesColumn::new(c.t("committee-action-deadline"), 1.35),
                    MinutesColumn::new(c.t("committee-action-status"), 0.9),
                    MinutesColumn::new(c.t("committee-action-activities"), 1.0),
                    MinutesColumn::new(c.t("committee-action-cases"), 2.0),
                ],
                rows: actions,
                total: None,
                empty: none,
            },
        ],
        page_of: crate::reports::words::words(c.tr).page_of,
        closing: Some(c.t1("committee-minutes-closing", "version", m.version)),
    }
}

pub async fn pdf(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let meeting = api::find(&state, &id).await?;
    let orgs = state.store.list_organisations().await?;
    let bytes = minutes_pdf(&minutes(&state, &c, &meeting, &orgs)).map_err(ApiError::internal)?;
    let entry = actor
        .entry(state.clock.now(), Action::Export)
        .record(format!("meeting/{}", meeting.id))
        .fields(["format:pdf".to_owned()])
        .purpose("minutes");
    state.store.append_audit(entry).await?;
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
    let name = format!("lekhotla-minutes-{}-{}.pdf", meeting.details.committee, meeting.details.held_on);
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
}
