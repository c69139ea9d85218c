//! The trafficking events of a demo case: recruitment at home, transit through a port of entry, exploitation.

use lekhotla_domain::{Case, CountryCode, EventInput, EventType, PlaceCode, UnitCode};
use time::Duration;

use super::people::VictimInfo;
use super::{Ctx, Kind, Scenario};
use crate::DemoError;

const PROMISES: &[&str] = &[
    "a job as a shop assistant",
    "domestic work with a good family",
    "work on a farm, paid weekly",
    "a place at a hairdressing school",
    "factory work with \"free\" accommodation",
    "work in a restaurant kitchen",
];

const CROSSINGS: &[&str] = &[
    "by minibus taxi, with a visitor's permit",
    "on foot through the river, avoiding the post",
    "in a private car; the recruiter held her passport",
    "by long-distance coach, in a group of six",
];

const CONDITIONS: &[&str] = &[
    "Worked 14 hours a day, 7 days a week; wages withheld \"for transport and food\".",
    "Locked in at night, phone taken away.",
    "Told she owed M8,000 for travel and lodging, to be repaid from her earnings.",
    "Paid in food only; beaten when cattle went missing.",
    "Passport kept by the employer; threatened with arrest as an illegal immigrant.",
];

/// Records the journey of the case's victims, in order; an intercepted journey ends at the border.
pub(crate) fn events(
    cx: &mut Ctx<'_>,
    case: &mut Case,
    sc: &Scenario,
    victims: &[VictimInfo],
) -> Result<(), DemoError> {
    let g = cx.g;
    let victim = if victims.len() == 1 { victims.first().map(|v| v.id) } else { None };
    let home = &g.districts[sc.district];
    let lead = if sc.intercepted { cx.rng.range(0, 10) } else { cx.rng.range(30, 400) };
    let recruited_on = sc.detected_on.saturating_sub(Duration::days(lead));
    let recruitment = EventInput {
        event_type: EventType::Recruitment,
        date: cx.chance(0.85).then_some(recruited_on),
        country: g.country,
        district: Some(home.code.clone()),
        state: None,
        port_of_entry: None,
        city: Some(home.name.clone()),
        place: cx.chance(0.5).then(|| {
            (*cx.rng.pick(&["the taxi rank", "a neighbour's home", "a funeral gathering", "Facebook"])).to_owned()
        }),
        postal_code: None,
        description: Some(format!("Promised {}, in {}.", cx.rng.pick(PROMISES), sc.place.city)),
        latitude: None,
        longitude: None,
        victim,
    };
    cx.step("add_event", case.add_event(recruitment, cx.today))?;
    let mut last = recruited_on;
    if sc.abroad
        && let Some(p) = sc.port
    {
        let port = &g.ports[p];
        let on = (last + Duration::days(cx.rng.range(0, 3))).min(sc.detected_on);
        last = on;
        let transit = EventInput {
            event_type: EventType::Transit,
            date: Some(on),
            country: g.country,
            district: port.district.map(|d| g.districts[d].code.clone()),
            state: None,
            port_of_entry: Some(port.code.clone()),
            city: Some(port.name.clone()),
            place: None,
            postal_code: None,
            description: Some(format!("Crossed at {} {}.", port.name, cx.rng.pick(CROSSINGS))),
            latitude: None,
            longitude: None,
            victim,
        };
        cx.step("add_event", case.add_event(transit, cx.today))?;
    }
    if sc.intercepted {
        return Ok(());
    }
    let on = (last + Duration::days(cx.rng.range(1, 14))).min(sc.detected_on);
    let jitter = |cx: &mut Ctx<'_>| (cx.rng.unit() - 0.5) * 0.04;
    let (lat, lon) = (sc.place.lat + jitter(cx), sc.place.lon + jitter(cx));
    let description = match sc.kind {
        Kind::Unknown => None,
        _ => Some((*cx.rng.pick(CONDITIONS)).to_owned()),
    };
    let exploitation = EventInput {
        event_type: EventType::Exploitation,
        date: Some(on),
        country: CountryCode::parse(sc.place.country).unwrap_or(g.country),
        district: sc.place.district.and_then(|d| UnitCode::parse(d).ok()),
        state: sc.place.province.and_then(|p| PlaceCode::parse(p).ok()),
        port_of_entry: None,
        city: Some(sc.place.city.to_owned()),
        place: Some(sc.place.site.to_owned()),
        postal_code: postal_code(sc.place.city).map(str::to_owned),
        description,
        latitude: Some(lat),
        longitude: Some(lon),
        victim,
    };
    cx.step("add_event", case.add_event(exploitation, cx.today))?;
    Ok(())
}

/// The central postal code of the destination towns that have one here (South African codes).
fn postal_code(city: &str) -> Option<&'static str> {
    Some(match city {
        "Johannesburg" => "2001",
        "Cape Town" => "8001",
        "Durban" => "4001",
        "Pretoria" => "0002",
        "Bloemfontein" => "9301",
        _ => return None,
    })
}
