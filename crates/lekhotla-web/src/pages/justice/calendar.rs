//! `/justice/calendar?view=week|month&date=YYYY-MM-DD`: the hearings of the cases in the person's scope,
//! a week as a list of days, a month as a grid of weeks (each day a labelled row on phones), each
//! hearing linking to its case.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use lekhotla_storage::{HearingFilter, HearingLine};
use serde::Deserialize;
use time::{Date, Duration, Month};

use super::form::iso;
use crate::actor::Actor;
use crate::error::ApiError;
use crate::pages::chrome::Chrome;
use crate::state::AppState;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CalendarQuery {
    view: Option<String>,
    date: Option<String>,
}

/// One hearing in a day.
#[derive(Debug)]
pub struct Item {
    pub number: String,
    pub kind: String,
    pub court: String,
    pub court_number: String,
    pub testified: bool,
}

/// One day of the calendar.
#[derive(Debug)]
pub struct Day {
    pub iso: String,
    pub day: u8,
    pub weekday: String,
    pub in_period: bool,
    pub today: bool,
    pub hearings: Vec<Item>,
}

#[derive(Debug, Template)]
#[template(path = "justice_calendar.html")]
struct Calendar {
    c: Chrome,
    month: bool,
    heading: String,
    date: String,
    prev: String,
    next: String,
    weekdays: Vec<String>,
    weeks: Vec<Vec<Day>>,
    count: u64,
}

fn monday_of(d: Date) -> Date {
    d - Duration::days(i64::from(d.weekday().number_days_from_monday()))
}

fn first_of(year: i32, month: Month) -> Date {
    Date::from_calendar_date(year, month, 1).unwrap_or(Date::MIN)
}

/// The first day of the month after `d`'s, and of the one before.
fn months_around(d: Date) -> (Date, Date) {
    let next = if d.month() == Month::December {
        first_of(d.year() + 1, Month::January)
    } else {
        first_of(d.year(), d.month().next())
    };
    let prev = if d.month() == Month::January {
        first_of(d.year() - 1, Month::December)
    } else {
        first_of(d.year(), d.month().previous())
    };
    (prev, next)
}

/// `GET /justice/calendar`.
pub async fn page(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    query: Result<Query<CalendarQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = query.unwrap_or_default();
    let today = state.clock.today();
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let date = q.date.as_deref().and_then(|d| Date::parse(d, &format).ok()).unwrap_or(today);
    let month = q.view.as_deref() == Some("month");
    let (first, last, prev, next, heading) = if month {
        let start = first_of(date.year(), date.month());
        let (prev, next) = months_around(date);
        let end = next - Duration::days(1);
        let name = c.t(&format!("justice-month-{}", u8::from(date.month())));
        (monday_of(start), monday_of(end) + Duration::days(6), prev, next, format!("{name} {}", date.year()))
    } else {
        let start = monday_of(date);
        let end = start + Duration::days(6);
        let heading = c.tr.args("justice-week-of", &[("from", iso(start)), ("to", iso(end))]);
        (start, end, start - Duration::days(7), start + Duration::days(7), heading)
    };
    let scope = crate::scope::of(&actor, &state.geography);
    let hearings = state.store.list_hearings(&HearingFilter { scope, from: first, to: last }).await?;
    let weekdays: Vec<String> = (1..=7).map(|n| c.t(&format!("justice-day-{n}"))).collect();
    let item = |h: &HearingLine| Item {
        number: h.case_number.to_string(),
        kind: c.vocab(h.kind),
        court: h.court.clone().unwrap_or_default(),
        court_number: h.court_case_number.clone().unwrap_or_default(),
        testified: h.victim_testified,
    };
    let mut weeks = Vec::new();
    let mut day = first;
    while day <= last {
        let mut week = Vec::new();
        for n in 0..7 {
            let d = day + Duration::days(n);
            week.push(Day {
                iso: iso(d),
                day: d.day(),
                weekday: weekdays[usize::from(d.weekday().number_days_from_monday())].clone(),
                in_period: !month || d.month() == date.month(),
                today: d == today,
                hearings: hearings.iter().filter(|h| h.on == d).map(item).collect(),
            });
        }
        weeks.push(week);
        day += Duration::days(7);
    }
    let html = Calendar {
        month,
        heading,
        date: iso(date),
        prev: iso(prev),
        next: iso(next),
        weekdays,
        weeks,
        count: hearings.len() as u64,
        c,
    }
    .render()
    .map_err(ApiError::internal)?;
    Ok(Html(html).into_response())
}
