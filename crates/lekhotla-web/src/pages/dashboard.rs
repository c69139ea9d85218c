//! The registry in figures (`/dashboard`): at the national, hub or district level (a focal point: its hub's
//! districts only), cases identified, referred, investigated, prosecuted and convicted by month or quarter,
//! victims by sex, age band, nationality and form of exploitation, and a map of the districts. Counts only,
//! counted by the store; every chart an accessible SVG with the table behind it. The tables pass through the
//! report's disclosure step (`lekhotla_report::dashboard`, one grid whose totals are the heading's figures) at
//! the level the role may see, chosen as on the report page (`reports::level`): suppressed cells show as "x".

pub(crate) mod charts;
mod figures;
mod map;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use lekhotla_domain::{Geography, UnitCode, UnitKind};
use lekhotla_identity::Role;
use lekhotla_report::{Disclosure, DisclosureLevel};
use lekhotla_storage::FiguresFilter;
use serde::Deserialize;
use time::{Date, Month};

use super::chrome::Chrome;
use crate::actor::Actor;
use crate::error::ApiError;
use crate::reports;
use crate::state::AppState;
use charts::Chart;
use figures::{charts, map_chart, total};

#[derive(Debug, Default, Deserialize)]
pub struct DashQuery {
    district: Option<String>,
    hub: Option<String>,
    /// `quarter` for quarters, else months.
    by: Option<String>,
    /// The disclosure level (`public`, `internal`, `unsuppressed`), as on the report page.
    level: Option<String>,
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
    /// The cases and the victims in all, with their message ids.
    totals: Vec<(crate::pages::reports::CellView, &'static str)>,
    choices: Vec<Choice>,
    /// The disclosure levels open to the person (none when only one is).
    rules: Vec<Choice>,
    rule: String,
    sensitive: bool,
    districts: Vec<Choice>,
    by_quarter: bool,
    here: String,
    map: Chart,
    charts: Vec<Chart>,
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
    let rule_level = reports::level(&actor, q.level.as_deref())?;
    let disclosure = Disclosure::of(rule_level);
    let national = actor.roles.contains(Role::NationalCoordinator);
    // A focal point sees its hub's districts only; everyone else may see the whole country.
    let allowed: Option<Vec<UnitCode>> = match (&actor.district, actor.roles.contains(Role::FocalPoint) && !national) {
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
    let by_quarter = q.by.as_deref() == Some("quarter");
    // The level of disclosure rides along every link, unless it is the person's default.
    let rules = reports::levels(&actor);
    let rule_query =
        if rules.first() == Some(&rule_level) { String::new() } else { format!("level={}", rule_level.code()) };
    let link = |parts: &[&str]| href(&[parts, &[rule_query.as_str()]].concat());

    let today = crate::i18n::today(state.clock.now());
    let months = last_months(today, 12);
    let from = months.first().map_or(today, |(y, m)| Date::from_calendar_date(*y, *m, 1).unwrap_or(today));
    let filter = FiguresFilter { districts: districts.clone(), from, to: today };
    let in_level = |d: &UnitCode| districts.as_ref().is_none_or(|ds| ds.contains(d));
    let visible = |d: &UnitCode| allowed.as_ref().is_none_or(|a| a.contains(d)) && in_level(d);
    let shown: Vec<String> = geo.districts().filter(|d| visible(&d.code)).map(|d| d.code.to_string()).collect();
    let month_keys: Vec<String> = months.iter().map(|(y, m)| format!("{y:04}-{:02}", u8::from(*m))).collect();
    let key = format!("{filter:?} {}", rule_level.code());
    let protected = state
        .figures
        .get_or_compute(key, async {
            let figures = state.reads().figures(&filter).await?;
            lekhotla_report::dashboard::protect(&figures, &shown, &month_keys, disclosure).map_err(ApiError::internal)
        })
        .await?;
    let t = &protected.tables;

    let choices = level_choices(&hubs, allowed.as_ref(), &query, &link, &c);
    let district_links = geo
        .districts()
        .filter(|d| in_level(&d.code) || (allowed.as_ref().is_none_or(|a| a.contains(&d.code)) && districts.is_none()))
        .map(|d| Choice {
            href: link(&[&format!("district={}", d.code)]),
            label: d.name.clone(),
            current: query == format!("district={}", d.code),
        })
        .collect();
    let by = if by_quarter { "by=quarter" } else { "" };
    let rule_choices = if rules.len() < 2 {
        Vec::new()
    } else {
        rules
            .iter()
            .map(|l| {
                let code = if rules.first() == Some(l) { String::new() } else { format!("level={}", l.code()) };
                Choice {
                    href: href(&[&query, by, &code]),
                    label: c.t(&format!("report-level-{}", l.code())),
                    current: *l == rule_level,
                }
            })
            .collect()
    };
    let base = link(&[&query]);
    let here = if base.contains('?') { format!("{base}&") } else { format!("{base}?") };
    let page = Dashboard {
        totals: vec![
            (total(&t.cases), "dash-registered"),
            (t.victims.first().map_or_else(|| total(&t.cases), |(_, v)| total(v)), "dash-victims-recorded"),
        ],
        map: map_chart(geo, &protected, &allowed, &districts, &link, &c),
        charts: charts(&protected, by_quarter, &c),
        rule: reports::text::rule(c.tr, &protected.disclosure),
        sensitive: protected.disclosure.level == DisclosureLevel::Unsuppressed,
        rules: rule_choices,
        level,
        choices,
        districts: district_links,
        by_quarter,
        here,
        backend: state.store.backend(),
        c,
    };
    Ok(Html(page.render().map_err(ApiError::internal)?).into_response())
}

/// The dashboard's address with these query parts (empty ones left out).
fn href(parts: &[&str]) -> String {
    let parts: Vec<&str> = parts.iter().copied().filter(|p| !p.is_empty()).collect();
    if parts.is_empty() { "/dashboard".to_owned() } else { format!("/dashboard?{}", parts.join("&")) }
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

/// A link of the dashboard with these query parts, and the disclosure level if not the default.
type Link<'a> = dyn Fn(&[&str]) -> String + 'a;

fn level_choices(hubs: &[Hub], allowed: Option<&Vec<UnitCode>>, query: &str, link: &Link, c: &Chrome) -> Vec<Choice> {
    let mut out = Vec::new();
    if allowed.is_none() {
        out.push(Choice { href: link(&[]), label: c.t("dash-national"), current: query.is_empty() });
    }
    for h in hubs.iter().filter(|h| allowed.is_none_or(|a| h.districts.iter().all(|d| a.contains(d)))) {
        out.push(Choice {
            href: link(&[&format!("hub={}", h.code)]),
            label: h.name.clone(),
            current: query == format!("hub={}", h.code),
        });
    }
    out
}
