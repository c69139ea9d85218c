//! The registry in figures (`/dashboard`): at the national, hub or district level (a focal point: its hub's
//! districts only), cases identified, referred, investigated, prosecuted and convicted by month or quarter,
//! victims by sex, age band, nationality and form of exploitation, and a map of the districts. Counts only,
//! counted by the store; every chart an accessible SVG with the table behind it. Counts below 5 show as "<5"
//! to everyone but the national coordinator (`charts::shown`).

pub(crate) mod charts;
mod map;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use lekhotla_domain::{ExploitationType, Gender, Geography, UnitCode, UnitKind, Vocabulary};
use lekhotla_identity::Role;
use lekhotla_storage::{Figures, FiguresFilter, Milestone};
use serde::Deserialize;
use time::{Date, Month};

use super::chrome::Chrome;
use crate::actor::Actor;
use crate::error::ApiError;
use crate::state::AppState;
use charts::{Chart, Row, drawn, shown};

#[derive(Debug, Default, Deserialize)]
pub struct DashQuery {
    district: Option<String>,
    hub: Option<String>,
    /// `quarter` for quarters, else months.
    by: Option<String>,
}

/// A hub office and the districts it serves.
#[derive(Debug, Clone)]
struct Hub {
    code: String,
    name: String,
    districts: Vec<UnitCode>,
}

/// A link of the level chooser.
#[derive(Debug)]
struct Choice {
    href: String,
    label: String,
    current: bool,
}

#[derive(Debug, Template)]
#[template(path = "dashboard.html")]
struct Dashboard {
    level: String,
    cases: String,
    victims: String,
    choices: Vec<Choice>,
    districts: Vec<Choice>,
    by_quarter: bool,
    here: String,
    map: Chart,
    charts: Vec<Chart>,
    exact: bool,
    backend: &'static str,
    c: Chrome,
}

fn hubs(geo: &Geography, c: &Chrome) -> Vec<Hub> {
    let mut out: Vec<Hub> = Vec::new();
    for d in geo.districts() {
        let code = d.hub.clone().unwrap_or_else(|| d.code.clone());
        match out.iter_mut().find(|h| h.code == code.as_str()) {
            Some(h) => h.districts.push(d.code.clone()),
            None => {
                let name = match geo.get(code.as_str()) {
                    Some(u) if u.kind == UnitKind::Country => c.t("dash-national-office"),
                    Some(u) => u.name.clone(),
                    None => code.to_string(),
                };
                out.push(Hub { code: code.to_string(), name, districts: vec![d.code.clone()] });
            }
        }
    }
    out
}

fn name_of(geo: &Geography, code: &UnitCode) -> String {
    geo.get(code.as_str()).map_or_else(|| code.to_string(), |u| u.name.clone())
}

pub async fn page(
    State(state): State<AppState>,
    actor: Actor,
    c: Chrome,
    Query(q): Query<DashQuery>,
) -> Result<Response, ApiError> {
    let geo = &state.geography;
    let exact = actor.roles.contains(Role::NationalCoordinator);
    // A focal point sees its hub's districts only; everyone else may see the whole country.
    let allowed: Option<Vec<UnitCode>> = match (&actor.district, actor.roles.contains(Role::FocalPoint) && !exact) {
        (Some(own), true) => Some(crate::scope::served_with(own, geo)),
        _ => None,
    };
    let permitted = |ds: &[UnitCode]| allowed.as_ref().is_none_or(|a| ds.iter().all(|d| a.contains(d)));
    let hubs = hubs(geo, &c);
    let chosen_district = q
        .district
        .as_deref()
        .and_then(|d| UnitCode::parse(d).ok())
        .filter(|d| geo.is_district(d) && permitted(std::slice::from_ref(d)));
    let chosen_hub =
        q.hub.as_deref().and_then(|h| hubs.iter().find(|x| x.code == h)).filter(|h| permitted(&h.districts));
    let own_hub = allowed.as_ref().and_then(|a| hubs.iter().find(|h| h.districts.iter().all(|d| a.contains(d))));
    let (level, districts, query) = match (chosen_district, chosen_hub) {
        (Some(d), _) => (name_of(geo, &d), Some(vec![d.clone()]), format!("district={d}")),
        (None, Some(h)) => (h.name.clone(), Some(h.districts.clone()), format!("hub={}", h.code)),
        (None, None) => match (&allowed, own_hub) {
            (Some(_), Some(h)) => (h.name.clone(), Some(h.districts.clone()), format!("hub={}", h.code)),
            (Some(a), None) => (c.t("dash-your-districts"), Some(a.clone()), String::new()),
            (None, _) => (c.t("dash-national"), None, String::new()),
        },
    };

    let today = crate::i18n::today(state.clock.now());
    let months = last_months(today, 12);
    let from = months.first().map_or(today, |(y, m)| Date::from_calendar_date(*y, *m, 1).unwrap_or(today));
    let filter = FiguresFilter { districts: districts.clone(), from, to: today };
    let figures = state.figures.get_or_compute(&filter, state.store.figures(&filter)).await?;
    let by_quarter = q.by.as_deref() == Some("quarter");

    let in_level = |d: &UnitCode| districts.as_ref().is_none_or(|ds| ds.contains(d));
    let choices = level_choices(&hubs, allowed.as_ref(), &query, &c);
    let district_links = geo
        .districts()
        .filter(|d| in_level(&d.code) || (allowed.as_ref().is_none_or(|a| a.contains(&d.code)) && districts.is_none()))
        .map(|d| Choice {
            href: format!("/dashboard?district={}", d.code),
            label: d.name.clone(),
            current: query == format!("district={}", d.code),
        })
        .collect();
    let total_cases: u64 = figures.by_district.iter().map(|(_, n)| n).sum();
    let here = if query.is_empty() { String::from("/dashboard?") } else { format!("/dashboard?{query}&") };
    let page = Dashboard {
        cases: shown(total_cases, exact),
        victims: shown(figures.victims, exact),
        map: map_chart(geo, &figures, &allowed, &districts, exact, &c),
        charts: charts(&figures, &months, by_quarter, exact, &c),
        level,
        choices,
        districts: district_links,
        by_quarter,
        here,
        exact,
        backend: state.store.backend(),
        c,
    };
    Ok(Html(page.render().map_err(ApiError::internal)?).into_response())
}

/// The last `n` months up to `today`'s, oldest first.
fn last_months(today: Date, n: usize) -> Vec<(i32, Month)> {
    let mut out = Vec::with_capacity(n);
    let (mut y, mut m) = (today.year(), today.month());
    for _ in 0..n {
        out.push((y, m));
        if m == Month::January {
            y -= 1;
        }
        m = m.previous();
    }
    out.reverse();
    out
}

fn level_choices(hubs: &[Hub], allowed: Option<&Vec<UnitCode>>, query: &str, c: &Chrome) -> Vec<Choice> {
    let mut out = Vec::new();
    if allowed.is_none() {
        out.push(Choice { href: "/dashboard".into(), label: c.t("dash-national"), current: query.is_empty() });
    }
    for h in hubs.iter().filter(|h| allowed.is_none_or(|a| h.districts.iter().all(|d| a.contains(d)))) {
        out.push(Choice {
            href: format!("/dashboard?hub={}", h.code),
            label: h.name.clone(),
            current: query == format!("hub={}", h.code),
        });
    }
    out
}

fn map_chart(
    geo: &Geography,
    f: &Figures,
    allowed: &Option<Vec<UnitCode>>,
    level: &Option<Vec<UnitCode>>,
    exact: bool,
    c: &Chrome,
) -> Chart {
    let mut areas = Vec::new();
    let mut rows = Vec::new();
    for d in geo.districts() {
        let visible =
            allowed.as_ref().is_none_or(|a| a.contains(&d.code)) && level.as_ref().is_none_or(|l| l.contains(&d.code));
        let count = f.by_district.iter().find(|(code, _)| *code == d.code).map_or(0, |(_, n)| *n);
        let text = shown(count, exact);
        if visible {
            rows.push(Row { label: d.name.clone(), cells: vec![text.clone()] });
        }
        areas.push(map::Area {
            code: d.code.to_string(),
            name: d.name.clone(),
            count: visible.then_some(drawn(count, exact).max(u64::from(count > 0 && !exact))),
            shown: text,
            href: format!("/dashboard?district={}", d.code),
        });
    }
    let legend = vec![
        "0".to_owned(),
        if exact { "1-4".to_owned() } else { "<5".to_owned() },
        "5-19".to_owned(),
        "20-49".to_owned(),
        "50+".to_owned(),
    ];
    let title = c.t("dash-map");
    let desc = c.t("dash-map-desc");
    Chart {
        id: "map".into(),
        svg: map::choropleth("map", &title, &desc, &areas, &legend),
        title,
        head: c.t("dash-district"),
        columns: vec![c.t("dash-cases")],
        rows,
    }
}

/// Counts by code, and how a code reads.
type Counts = Vec<(String, u64)>;
type Label<'a> = dyn Fn(&str) -> String + 'a;

fn charts(f: &Figures, months: &[(i32, Month)], by_quarter: bool, exact: bool, c: &Chrome) -> Vec<Chart> {
    let mut out = vec![over_time(f, months, by_quarter, exact, c)];
    let sex = |code: &str| Gender::from_code(code).map_or_else(|| c.t("dash-not-recorded"), |g| c.vocab(g));
    let age = |code: &str| if code == "unknown" { c.t("dash-not-recorded") } else { code.to_owned() };
    let nat = |code: &str| if code.is_empty() { c.t("dash-not-recorded") } else { code.to_owned() };
    let form = |code: &str| ExploitationType::from_code(code).map_or_else(|| c.t("dash-not-recorded"), |x| c.vocab(x));
    let groups: [(&str, &Counts, &Label); 4] = [
        ("sex", &f.victims_by_sex, &sex),
        ("age", &f.victims_by_age, &age),
        ("nationality", &f.victims_by_nationality, &nat),
        ("exploitation", &f.victims_by_exploitation, &form),
    ];
    for (id, rows, label) in groups {
        let title = c.t(&format!("dash-victims-{id}"));
        let desc = c.t(&format!("dash-victims-{id}-desc"));
        let items: Vec<(String, u64, String)> =
            rows.iter().map(|(code, n)| (label(code), drawn(*n, exact), shown(*n, exact))).collect();
        out.push(Chart {
            id: format!("victims-{id}"),
            svg: charts::bars(&format!("victims-{id}"), &title, &desc, &items),
            title,
            head: c.t(&format!("dash-head-{id}")),
            columns: vec![c.t("dash-victims")],
            rows: items.into_iter().map(|(l, _, s)| Row { label: l, cells: vec![s] }).collect(),
        });
    }
    out
}

fn over_time(f: &Figures, months: &[(i32, Month)], by_quarter: bool, exact: bool, c: &Chrome) -> Chart {
    // Each period: its label and the months in it (`YYYY-MM`).
    let mut periods: Vec<(String, Vec<String>)> = Vec::new();
    for (y, m) in months {
        let key = format!("{y:04}-{:02}", u8::from(*m));
        let label = if by_quarter { format!("{y} Q{}", (u8::from(*m) - 1) / 3 + 1) } else { key.clone() };
        match periods.last_mut() {
            Some((l, ms)) if *l == label => ms.push(key),
            _ => periods.push((label, vec![key])),
        }
    }
    let count = |m: Milestone, ms: &[String]| -> u64 {
        f.over_time.iter().filter(|(x, mo, _)| *x == m && ms.contains(mo)).map(|(_, _, n)| n).sum()
    };
    let names: Vec<String> = Milestone::ALL.iter().map(|m| c.t(&format!("dash-{}", m.code()))).collect();
    let series: Vec<(String, Vec<u64>)> = Milestone::ALL
        .iter()
        .zip(&names)
        .map(|(m, name)| (name.clone(), periods.iter().map(|(_, ms)| drawn(count(*m, ms), exact)).collect()))
        .collect();
    let rows = periods
        .iter()
        .map(|(label, ms)| Row {
            label: label.clone(),
            cells: Milestone::ALL.iter().map(|m| shown(count(*m, ms), exact)).collect(),
        })
        .collect();
    let labels: Vec<String> = periods.iter().map(|(l, _)| l.clone()).collect();
    let title = c.t(if by_quarter { "dash-over-time-quarter" } else { "dash-over-time-month" });
    let desc = c.t("dash-over-time-desc");
    Chart {
        id: "over-time".into(),
        svg: charts::lines("over-time", &title, &desc, &labels, &series),
        title,
        head: c.t(if by_quarter { "dash-quarter" } else { "dash-month" }),
        columns: names,
        rows,
    }
}
