//! `/shelters`: the shelters' year (occupancy and length of stay from the placements, beside the beds its year
//! records) and every provider's funding, committed and disbursed by funder; and the form that keeps a
//! provider's year, through the API's handlers (`api/shelters.rs`: its checks, audit entry and version
//! check). No shelter's location is shown here.

use std::borrow::Borrow;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use lekhotla_domain::{ProviderYear, ProviderYearInput};
use lekhotla_identity::{Permission, Role};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::actor::Actor;
use crate::api::shelters::{self as api, ShelterYear};
use crate::error::ApiError;
use crate::extract::{ApiJson, MaybeIfMatch};
use crate::pages::admin::Errs;
use crate::pages::chrome::Chrome;
use crate::pages::csrf::PageForm;
use crate::pages::prevention::{number, opt, refused};
use crate::state::AppState;

/// The year asked for (and, for a new record, the organisation).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Ask {
    year: Option<i32>,
    organisation: Option<String>,
}

#[derive(Debug, Template)]
#[template(path = "shelters.html")]
struct SheltersPage {
    c: Chrome,
    y: ShelterYear,
    years: Vec<i32>,
    /// Whether the reader keeps providers' years (its own organisation's, or any for the coordinator).
    keeps: bool,
    /// The organisations whose year the reader may change, by id.
    own: Vec<String>,
}

impl SheltersPage {
    fn may_change(&self, org: &lekhotla_domain::OrgId) -> bool {
        self.own.iter().any(|o| *o == org.to_string())
    }
}

/// A number of days or beds with one decimal, as the page shows it.
pub fn one(v: impl Borrow<f64>) -> String {
    format!("{:.1}", v.borrow())
}

/// Maloti as the page shows them: `M 1 200 000`.
pub fn maloti(v: impl Borrow<u64>) -> String {
    format!("M\u{a0}{}", crate::i18n::grouped(v.borrow()))
}

pub async fn page(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    Query(q): Query<Ask>,
) -> Result<Response, ApiError> {
    let current = crate::i18n::today(state.clock.now()).year();
    let year = q.year.unwrap_or(current).clamp(lekhotla_domain::provision::FIRST_YEAR, current);
    let y = api::year_of(&state, year).await?;
    let keeps = actor.allows(Permission::RecordPrevention);
    let own = if actor.roles.contains(Role::NationalCoordinator) {
        state.store.list_organisations().await?.into_iter().map(|o| o.id.to_string()).collect()
    } else if keeps {
        vec![actor.organisation.to_string()]
    } else {
        Vec::new()
    };
    let years = (2015..=current).rev().collect();
    let html = SheltersPage { c, y, years, keeps, own }.render().map_err(ApiError::internal)?;
    Ok(Html(html).into_response())
}

/// The form as posted: everything as typed, the funding lines as lists (one value per row).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct YearForm {
    organisation: String,
    year: String,
    beds: String,
    note: String,
    f_funder: Vec<String>,
    f_committed: Vec<String>,
    f_disbursed: Vec<String>,
    /// "More rows" was pressed: the form again with more blank rows, nothing saved.
    more: String,
    version: i64,
}

/// One funding line as typed.
#[derive(Debug, Default, Clone)]
struct Line {
    funder: String,
    committed: String,
    disbursed: String,
}

impl YearForm {
    /// The lines typed, blank ones left out (so the n-th is the API's `funding[n]`).
    fn lines(&self) -> Vec<Line> {
        let at = |v: &Vec<String>, i: usize| v.get(i).cloned().unwrap_or_default();
        let n = self.f_funder.len().max(self.f_committed.len()).max(self.f_disbursed.len());
        (0..n)
            .map(|i| Line {
                funder: at(&self.f_funder, i),
                committed: at(&self.f_committed, i),
                disbursed: at(&self.f_disbursed, i),
            })
            .filter(|l| [&l.funder, &l.committed, &l.disbursed].iter().any(|v| !v.trim().is_empty()))
            .collect()
    }

    /// The form as the API's JSON, or the fields that are not numbers.
    fn json(&self, c: &Chrome) -> Result<Value, Errs> {
        let mut errs = Errs::default();
        let beds = number(c, &mut errs, "beds", &self.beds, false);
        let funding: Vec<Value> = self
            .lines()
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let committed = number(c, &mut errs, &format!("funding[{i}].committed"), &l.committed, false);
                let disbursed = number(c, &mut errs, &format!("funding[{i}].disbursed"), &l.disbursed, false);
                json!({
                    "funder": l.funder.trim(),
                    "committed": if committed.is_null() { json!(0) } else { committed },
                    "disbursed": if disbursed.is_null() { json!(0) } else { disbursed },
                })
            })
            .collect();
        if errs.is_empty() {
            Ok(json!({ "beds": beds, "funding": funding, "note": opt(&self.note) }))
        } else {
            Err(errs)
        }
    }

    fn of(y: &ProviderYear) -> Self {
        let f = &y.details.funding;
        YearForm {
            organisation: y.organisation.to_string(),
            year: y.year.to_string(),
            beds: y.details.beds.map(|b| b.to_string()).unwrap_or_default(),
            note: y.details.note.clone().unwrap_or_default(),
            f_funder: f.iter().map(|l| l.funder.clone()).collect(),
            f_committed: f.iter().map(|l| l.committed.to_string()).collect(),
            f_disbursed: f.iter().map(|l| l.disbursed.to_string()).collect(),
            more: String::new(),
            version: y.version,
        }
    }
}

/// A funding line as the form shows it, with its own problems.
#[derive(Debug)]
struct LineRow {
    n: usize,
    l: Line,
    errors: Vec<String>,
}

#[derive(Debug, Template)]
#[template(path = "provider_year_form.html")]
struct FormPage {
    c: Chrome,
    /// The record's address when it is changed (`org/year`); none for a new one.
    at: Option<String>,
    f: YearForm,
    lines: Vec<LineRow>,
    organisations: Vec<(String, String)>,
    /// A problem of the whole list of funding lines.
    funding_error: Option<String>,
    errs: Errs,
    stale: Option<String>,
}

#[allow(clippy::too_many_arguments)]
async fn render(
    state: &AppState,
    actor: &Actor,
    c: Chrome,
    at: Option<String>,
    f: YearForm,
    errs: Errs,
    stale: Option<String>,
    blank: usize,
) -> Result<Response, ApiError> {
    let organisations = super::prevention::choosable(actor, &state.store.list_organisations().await?, &f.organisation);
    let mut lines: Vec<LineRow> = f
        .lines()
        .into_iter()
        .enumerate()
        .map(|(i, l)| LineRow { n: i + 1, l, errors: errs.under(&format!("funding[{i}].")) })
        .collect();
    for _ in 0..blank {
        lines.push(LineRow { n: lines.len() + 1, l: Line::default(), errors: Vec::new() });
    }
    let status = match (&stale, errs.is_empty()) {
        (Some(_), _) => StatusCode::CONFLICT,
        (None, true) => StatusCode::OK,
        (None, false) => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let funding_error = errs.0.iter().find(|(k, _)| k == "funding").map(|(_, r)| r.clone());
    let page = FormPage { c, at, f, lines, organisations, funding_error, errs, stale };
    Ok((status, Html(page.render().map_err(ApiError::internal)?)).into_response())
}

pub async fn new_form(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    Query(q): Query<Ask>,
) -> Result<Response, ApiError> {
    let year = q.year.unwrap_or(crate::i18n::today(state.clock.now()).year());
    let f = YearForm {
        organisation: q.organisation.unwrap_or_else(|| actor.organisation.to_string()),
        year: year.to_string(),
        ..YearForm::default()
    };
    render(&state, &actor, c, None, f, Errs::default(), None, 3).await
}

/// Saves the form as the API would: a new year (`version` none) or a change of the version read.
async fn save(state: &AppState, actor: &Actor, c: &Chrome, f: &YearForm, version: Option<i64>) -> Result<(), Errs> {
    let body = serde_json::to_vec(&f.json(c)?).unwrap_or_default();
    let input = match crate::extract::decode::<ProviderYearInput>(&body) {
        Ok(input) => input,
        Err(e) => return Err(refused(c, e, &[]).unwrap_or_default()),
    };
    let path = Path((f.organisation.trim().to_owned(), f.year.trim().to_owned()));
    match api::save(State(state.clone()), actor.clone(), path, MaybeIfMatch(version), ApiJson(input)).await {
        Ok(_) => Ok(()),
        Err(e) => {
            let mut errs = Errs::default();
            match e {
                ApiError::PreconditionRequired | ApiError::Refused(_) => errs.add("year", c.t("provider-year-exists")),
                ApiError::NotFound(_) if version.is_none() => errs.add("year", c.t("provider-year-bad")),
                ApiError::Stale(_) => errs.add("version", "stale"),
                ApiError::Forbidden(_) => errs.add("organisation", c.t("provider-year-not-yours")),
                e => return Err(refused(c, e, &[]).unwrap_or_default()),
            }
            Err(errs)
        }
    }
}

pub async fn create(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    PageForm(f): PageForm<YearForm>,
) -> Result<Response, ApiError> {
    if !f.more.is_empty() {
        return render(&state, &actor, c, None, f, Errs::default(), None, 3).await;
    }
    match save(&state, &actor, &c, &f, None).await {
        Ok(()) => Ok(Redirect::to(&format!("/shelters?year={}#funding", f.year.trim())).into_response()),
        Err(errs) => render(&state, &actor, c, None, f, errs, None, 1).await,
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    Path((org, year)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let stored = api::get(State(state.clone()), actor.clone(), Path((org.clone(), year.clone()))).await?.body;
    render(&state, &actor, c, Some(format!("{org}/{year}")), YearForm::of(&stored), Errs::default(), None, 1).await
}

pub async fn update(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    Path((org, year)): Path<(String, String)>,
    PageForm(mut f): PageForm<YearForm>,
) -> Result<Response, ApiError> {
    let at = Some(format!("{org}/{year}"));
    (f.organisation, f.year) = (org.clone(), year.clone());
    if !f.more.is_empty() {
        return render(&state, &actor, c, at, f, Errs::default(), None, 3).await;
    }
    match save(&state, &actor, &c, &f, Some(f.version)).await {
        Ok(()) => Ok(Redirect::to(&format!("/shelters?year={year}#funding")).into_response()),
        // Someone saved it since the form was read: nothing is overwritten; the form shows theirs, with what
        // this person typed beside it.
        Err(errs) if errs.of("version").is_some() => {
            let mine = typed(&f);
            let now = api::get(State(state.clone()), actor.clone(), Path((org, year))).await?.body;
            render(&state, &actor, c, at, YearForm::of(&now), Errs::default(), Some(mine), 1).await
        }
        Err(errs) => render(&state, &actor, c, at, f, errs, None, 1).await,
    }
}

/// What a refused form held, in a line.
fn typed(f: &YearForm) -> String {
    let mut parts = vec![f.beds.trim().to_owned()];
    parts
        .extend(f.lines().iter().map(|l| format!("{} {}/{}", l.funder.trim(), l.committed.trim(), l.disbursed.trim())));
    parts.retain(|p| !p.trim().is_empty());
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maloti_are_grouped_by_thousands() {
        assert_eq!(maloti(1_200_000u64), "M\u{a0}1\u{a0}200\u{a0}000");
        assert_eq!(maloti(950u64), "M\u{a0}950");
        assert_eq!(one(2.25), "2.2");
    }

    #[test]
    fn blank_funding_rows_are_left_out() {
        let f = YearForm {
            f_funder: vec!["IOM".into(), String::new(), "Ministry of Social Development".into()],
            f_committed: vec!["1,000".into(), String::new(), "50 000".into()],
            f_disbursed: vec![String::new(); 3],
            ..YearForm::default()
        };
        assert_eq!(f.lines().len(), 2);
    }
}
