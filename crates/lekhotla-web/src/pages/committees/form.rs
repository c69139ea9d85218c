//! One meeting's page: the form that records a new one or changes one (through the API's handlers), or, for
//! those who only read, the meeting as recorded. Agenda and decisions are typed a line each; attendance and
//! action items are rows (a blank row is ignored, "More rows" adds three without saving); an action item's plan
//! activities and cases are typed as codes and case numbers separated by commas. A refused form comes back as
//! typed, every bad field named in the person's language; a stale save shows the stored meeting with what the
//! person typed beside it.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use lekhotla_domain::{ActionStatus, CaseNumber, Committee, Meeting, MeetingInput, PlanCode};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{committee_name, committees, org_name};
use crate::actor::Actor;
use crate::api::committees::{self as api, may_record, parse_list};
use crate::error::ApiError;
use crate::extract::{ApiJson, IfMatch};
use crate::merge_patch::MergePatch;
use crate::pages::admin::Errs;
use crate::pages::chrome::Chrome;
use crate::pages::csrf::PageForm;
use crate::pages::prevention::number;
use crate::state::AppState;

mod words;

use words::{field_label, say};

/// The meeting form as posted: everything as typed. Rows come as lists, one value per row.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MeetingForm {
    committee: String,
    held_on: String,
    place: String,
    chair: String,
    /// One item a line.
    agenda: String,
    /// One decision a line.
    decisions: String,
    a_org: Vec<String>,
    a_guest: Vec<String>,
    a_people: Vec<String>,
    x_text: Vec<String>,
    x_owner: Vec<String>,
    x_deadline: Vec<String>,
    x_status: Vec<String>,
    x_activities: Vec<String>,
    x_cases: Vec<String>,
    /// "More rows" was pressed: the form again with more blank rows, nothing saved.
    more: String,
    version: i64,
}

/// One attendance row as typed.
#[derive(Debug, Default, Clone)]
struct Present {
    org: String,
    guest: String,
    people: String,
}

/// One action item as typed.
#[derive(Debug, Default, Clone)]
struct Item {
    text: String,
    owner: String,
    deadline: String,
    status: String,
    activities: String,
    cases: String,
}

fn at(v: &[String], i: usize) -> String {
    v.get(i).cloned().unwrap_or_default()
}

fn blank(values: &[&String]) -> bool {
    values.iter().all(|v| v.trim().is_empty())
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

impl MeetingForm {
    /// The attendance rows typed, blank ones left out (so that the n-th is the API's `attendance[n]`).
    fn present(&self) -> Vec<Present> {
        let n = self.a_org.len().max(self.a_guest.len()).max(self.a_people.len());
        (0..n)
            .map(|i| Present { org: at(&self.a_org, i), guest: at(&self.a_guest, i), people: at(&self.a_people, i) })
            .filter(|p| !blank(&[&p.org, &p.guest, &p.people]))
            .collect()
    }

    /// The action items typed, blank ones left out (so that the n-th is the API's `actions[n]`).
    fn items(&self) -> Vec<Item> {
        let n = [&self.x_text, &self.x_owner, &self.x_deadline, &self.x_activities, &self.x_cases]
            .iter()
            .map(|v| v.len())
            .max()
            .unwrap_or(0);
        (0..n)
            .map(|i| Item {
                text: at(&self.x_text, i),
                owner: at(&self.x_owner, i),
                deadline: at(&self.x_deadline, i),
                status: at(&self.x_status, i),
                activities: at(&self.x_activities, i),
                cases: at(&self.x_cases, i),
            })
            .filter(|x| !blank(&[&x.text, &x.owner, &x.deadline, &x.activities, &x.cases]))
            .collect()
    }

    /// The form as the API's JSON, or what the page itself could not read (numbers, codes, case numbers).
    fn json(&self, c: &Chrome) -> Result<Value, Errs> {
        let mut errs = Errs::default();
        let attendance: Vec<Value> = self
            .present()
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let people = number(c, &mut errs, &format!("attendance[{i}].people"), &p.people, true);
                let org = p.org.trim();
                let guest = p.guest.trim();
                json!({
                    "organisation": if org.is_empty() { Value::Null } else { json!(org) },
                    "guest": if guest.is_empty() { Value::Null } else { json!(guest) },
                    "people": people,
                })
            })
            .collect();
        let mut actions = Vec::new();
        for (i, x) in self.items().iter().enumerate() {
            let activities = parse_list(&x.activities, PlanCode::parse).unwrap_or_else(|bad| {
                errs.add(&format!("actions[{i}].activities"), c.t1("committee-error-code", "code", bad));
                Vec::new()
            });
            let cases = parse_list(&x.cases, |s| CaseNumber::parse(&s.to_uppercase())).unwrap_or_else(|bad| {
                errs.add(&format!("actions[{i}].cases"), c.t1("committee-error-number", "number", bad));
                Vec::new()
            });
            let status = ActionStatus::parse(&x.status).unwrap_or_default();
            actions.push(json!({
                "text": x.text.trim(),
                "owner": x.owner.trim(),
                "deadline": x.deadline.trim(),
                "status": status.code(),
                "activities": activities,
                "cases": cases,
            }));
        }
        if !errs.is_empty() {
            return Err(errs);
        }
        Ok(json!({
            "committee": self.committee.trim(),
            "held_on": self.held_on.trim(),
            "place": self.place.trim(),
            "chair": self.chair.trim(),
            "agenda": lines(&self.agenda),
            "attendance": attendance,
            "decisions": lines(&self.decisions),
            "actions": actions,
        }))
    }

    fn of(m: &Meeting) -> Self {
        let d = &m.details;
        let joined = |v: Vec<String>| v.join(", ");
        MeetingForm {
            committee: d.committee.to_string(),
            held_on: d.held_on.to_string(),
            place: d.place.clone(),
            chair: d.chair.clone(),
            agenda: d.agenda.join("\n"),
            decisions: d.decisions.join("\n"),
            a_org: d.attendance.iter().map(|a| a.organisation.map(|o| o.to_string()).unwrap_or_default()).collect(),
            a_guest: d.attendance.iter().map(|a| a.guest.clone().unwrap_or_default()).collect(),
            a_people: d.attendance.iter().map(|a| a.people.to_string()).collect(),
            x_text: d.actions.iter().map(|x| x.text.clone()).collect(),
            x_owner: d.actions.iter().map(|x| x.owner.to_string()).collect(),
            x_deadline: d.actions.iter().map(|x| x.deadline.to_string()).collect(),
            x_status: d.actions.iter().map(|x| x.status.code().to_owned()).collect(),
            x_activities: d
                .actions
                .iter()
                .map(|x| joined(x.activities.iter().map(ToString::to_string).collect()))
                .collect(),
            x_cases: d.actions.iter().map(|x| joined(x.cases.iter().map(ToString::to_string).collect())).collect(),
            more: String::new(),
            version: m.version,
        }
    }
}

/// A row of a list as the page shows it, with its own problems.
#[derive(Debug)]
struct Row<T> {
    n: usize,
    v: T,
    errors: Vec<String>,
}

#[derive(Debug, Template)]
#[template(path = "committee_form.html")]
struct FormPage {
    c: Chrome,
    id: Option<String>,
    f: MeetingForm,
    present: Vec<Row<Present>>,
    items: Vec<Row<Item>>,
    committees: Vec<(String, String)>,
    organisations: Vec<(String, String)>,
    statuses: Vec<(&'static str, String)>,
    /// Every problem, its field named in the person's language.
    problems: Vec<String>,
    errs: Errs,
    stale: Option<String>,
}

/// A recorded meeting for those who only read it.
#[derive(Debug, Template)]
#[template(path = "committee_view.html")]
struct ViewPage {
    c: Chrome,
    id: String,
    committee: String,
    m: MeetingInput,
    /// (organisation, people)
    attendance: Vec<(String, u32)>,
    actions: Vec<ActionView>,
}

/// An action item as a reader sees it.
#[derive(Debug)]
struct ActionView {
    text: String,
    owner: String,
    deadline: String,
    status: String,
    overdue: bool,
    activities: String,
    cases: Vec<String>,
}

#[allow(clippy::too_many_arguments)]
async fn render(
    state: &AppState,
    actor: &Actor,
    c: Chrome,
    id: Option<String>,
    f: MeetingForm,
    errs: Errs,
    stale: Option<String>,
    spare: usize,
) -> Result<Response, ApiError> {
    let orgs = state.store.list_organisations().await?;
    let organisations = orgs.iter().map(|o| (o.id.to_string(), o.details.name.clone())).collect();
    let committees = committees(state, &c)
        .into_iter()
        .filter(|(code, _)| *code == f.committee || Committee::parse(code).is_ok_and(|x| may_record(actor, &x)))
        .collect();
    let statuses =
        ActionStatus::ALL.iter().map(|s| (s.code(), c.t(&format!("committee-status-{}", s.code())))).collect();
    let mut present: Vec<Row<Present>> = f
        .present()
        .into_iter()
        .enumerate()
        .map(|(i, v)| Row { n: i + 1, v, errors: errs.under(&format!("attendance[{i}].")) })
        .collect();
    for _ in 0..spare {
        present.push(Row { n: present.len() + 1, v: Present::default(), errors: Vec::new() });
    }
    let mut items: Vec<Row<Item>> = f
        .items()
        .into_iter()
        .enumerate()
        .map(|(i, v)| Row { n: i + 1, v, errors: errs.under(&format!("actions[{i}].")) })
        .collect();
    for _ in 0..spare.clamp(1, 2) {
        items.push(Row {
            n: items.len() + 1,
            v: Item { status: "open".into(), ..Item::default() },
            errors: Vec::new(),
        });
    }
    let problems = errs.0.iter().map(|(field, reason)| format!("{}: {reason}", field_label(&c, field))).collect();
    let status = if stale.is_some() {
        StatusCode::CONFLICT
    } else if errs.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = FormPage { c, id, f, present, items, committees, organisations, statuses, problems, errs, stale };
    Ok((status, Html(page.render().map_err(ApiError::internal)?)).into_response())
}

/// The API's refusal as the page's field errors, each reason in the person's language.
fn refused(c: &Chrome, e: ApiError) -> Result<Errs, ApiError> {
    let errs = Errs::from_api(e)?;
    Ok(Errs(errs.0.into_iter().map(|(field, reason)| (field.clone(), say(c, &reason))).collect()))
}

pub async fn new_form(State(state): State<AppState>, actor: Actor, c: Chrome) -> Result<Response, ApiError> {
    if !api::may_record_any(&actor) {
        return Err(ApiError::Forbidden(
            "only the national coordinator and district focal points record meetings".into(),
        ));
    }
    let own = actor.district.as_ref().map(ToString::to_string);
    let coordinator = actor.roles.contains(lekhotla_identity::Role::NationalCoordinator);
    let f = MeetingForm {
        committee: if coordinator { "MSC".into() } else { own.unwrap_or_default() },
        a_org: vec![actor.organisation.to_string()],
        a_guest: vec![String::new()],
        a_people: vec![String::new()],
        ..MeetingForm::default()
    };
    render(&state, &actor, c, None, f, Errs::default(), None, 3).await
}

pub async fn create(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    PageForm(f): PageForm<MeetingForm>,
) -> Result<Response, ApiError> {
    if !f.more.is_empty() {
        return render(&state, &actor, c, None, f, Errs::default(), None, 3).await;
    }
    let body = match f.json(&c) {
        Ok(v) => serde_json::to_vec(&v).map_err(ApiError::internal)?,
        Err(errs) => return render(&state, &actor, c, None, f, errs, None, 1).await,
    };
    let made = match crate::extract::decode::<MeetingInput>(&body) {
        Ok(input) => api::create(State(state.clone()), actor.clone(), ApiJson(input)).await,
        Err(e) => Err(e),
    };
    match made {
        Ok(saved) => Ok(Redirect::to(&format!("/committees/{}", saved.body.id)).into_response()),
        Err(e) => {
            let errs = refused(&c, e)?;
            render(&state, &actor, c, None, f, errs, None, 1).await
        }
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let stored = api::find(&state, &id).await?;
    if may_record(&actor, &stored.details.committee) {
        return render(&state, &actor, c, Some(id), MeetingForm::of(&stored), Errs::default(), None, 1).await;
    }
    let orgs = state.store.list_organisations().await?;
    let today = crate::i18n::today(state.clock.now());
    let d = &stored.details;
    let attendance = d
        .attendance
        .iter()
        .map(|a| (a.organisation.map_or_else(|| a.guest.clone().unwrap_or_default(), |o| org_name(&orgs, o)), a.people))
        .collect();
    let actions = d
        .actions
        .iter()
        .map(|x| ActionView {
            text: x.text.clone(),
            owner: org_name(&orgs, x.owner),
            deadline: x.deadline.to_string(),
            status: c.t(&format!("committee-status-{}", x.status.code())),
            overdue: x.is_overdue(today),
            activities: x.activities.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
            cases: x.cases.iter().map(ToString::to_string).collect(),
        })
        .collect();
    let committee = committee_name(&state, &c, &d.committee);
    let page = ViewPage { id, committee, m: d.clone(), attendance, actions, c };
    Ok(Html(page.render().map_err(ApiError::internal)?).into_response())
}

/// What a refused form held, in a line.
fn typed(f: &MeetingForm) -> String {
    let items: Vec<String> =
        f.items().into_iter().map(|x| format!("{} ({})", x.text.trim(), x.deadline.trim())).collect();
    [f.held_on.trim(), f.place.trim(), f.chair.trim(), &lines(&f.decisions).join("; "), &items.join("; ")]
        .into_iter()
        .filter(|v| !v.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

pub async fn update(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    Path(id): Path<String>,
    PageForm(f): PageForm<MeetingForm>,
) -> Result<Response, ApiError> {
    if !f.more.is_empty() {
        return render(&state, &actor, c, Some(id), f, Errs::default(), None, 3).await;
    }
    let patch = match f.json(&c) {
        Ok(v) => MergePatch::of(v),
        Err(errs) => return render(&state, &actor, c, Some(id), f, errs, None, 1).await,
    };
    match api::update(State(state.clone()), actor.clone(), Path(id.clone()), IfMatch(f.version), patch).await {
        Ok(_) => Ok(Redirect::to(&format!("/committees/{id}")).into_response()),
        // Someone saved it since the form was read: nothing is overwritten; the form shows theirs, with what
        // this person typed beside it.
        Err(ApiError::Stale(_)) => {
            let mine = typed(&f);
            let now = api::find(&state, &id).await?;
            render(&state, &actor, c, Some(id), MeetingForm::of(&now), Errs::default(), Some(mine), 1).await
        }
        Err(e) => {
            let errs = refused(&c, e)?;
            render(&state, &actor, c, Some(id), f, errs, None, 1).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_rows_are_left_out_and_lines_are_split() {
        let f = MeetingForm {
            agenda: "Opening\n\n  Figures  \n".into(),
            a_org: vec![String::new(), String::new(), "x".into()],
            a_guest: vec!["Chief's office".into(), String::new(), String::new()],
            a_people: vec!["2".into(), String::new(), "1".into()],
            x_text: vec![String::new(), "Do it".into()],
            x_status: vec!["open".into(), "done".into()],
            ..MeetingForm::default()
        };
        assert_eq!(lines(&f.agenda), ["Opening", "Figures"]);
        assert_eq!(f.present().len(), 2);
        let items = f.items();
        assert_eq!((items.len(), items[0].status.as_str()), (1, "done"));
    }
}
