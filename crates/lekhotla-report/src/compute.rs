//! Making a report from a store: the area's districts from the geography, the counts in one snapshot
//! (`Store::statistics`), the tables, the disclosure step.

use lekhotla_domain::{Geography, UnitCode};
use lekhotla_storage::statistics::StatsQuery;
use lekhotla_storage::{DbError, Store};
use time::OffsetDateTime;

use crate::build::{Context, DistrictLine, ReportError, tip_report};
use crate::model::{Disclosure, Period, Report, Scope};

/// Which part of the country a report covers, as asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Area {
    National,
    /// The districts a hub office serves (the hub's code is its office's district, or the country for the
    /// national office).
    Hub(UnitCode),
    District(UnitCode),
}

/// Why a report could not be computed.
#[derive(Debug, thiserror::Error)]
pub enum ComputeError {
    #[error("the database has no geography yet: run `lekhotla migrate` first")]
    NoGeography,
    #[error("{0:?} is not a district of the geography")]
    UnknownDistrict(String),
    #[error("{0:?} is not a hub: no district is served by it")]
    UnknownHub(String),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Report(#[from] ReportError),
}

impl Area {
    /// `national`, `hub:LS-B`, or a district's code (`LS-B`, or `district:LS-B`).
    pub fn parse(s: &str) -> Result<Area, ComputeError> {
        let s = s.trim();
        let unit = |c: &str| UnitCode::parse(c).map_err(|_| ComputeError::UnknownDistrict(c.to_owned()));
        if s.is_empty() || s == "national" {
            Ok(Area::National)
        } else if let Some(h) = s.strip_prefix("hub:") {
            Ok(Area::Hub(unit(h)?))
        } else {
            Ok(Area::District(unit(s.strip_prefix("district:").unwrap_or(s))?))
        }
    }

    /// As [`Area::parse`] reads it back.
    pub fn code(&self) -> String {
        match self {
            Area::National => "national".to_owned(),
            Area::Hub(h) => format!("hub:{}", h.as_str()),
            Area::District(d) => d.as_str().to_owned(),
        }
    }

    /// The report's scope and the districts it covers, `(code, name, population)`.
    pub fn resolve(&self, geo: &Geography) -> Result<(Scope, Vec<DistrictLine>), ComputeError> {
        let line = |u: &lekhotla_domain::OrgUnit| (u.code.as_str().to_owned(), u.name.clone(), u.population);
        match self {
            Area::National => Ok((Scope::National, geo.districts().map(line).collect())),
            Area::District(code) => {
                let u = geo
                    .get(code.as_str())
                    .filter(|_| geo.is_district(code))
                    .ok_or_else(|| ComputeError::UnknownDistrict(code.as_str().to_owned()))?;
                Ok((Scope::District { code: code.as_str().to_owned(), name: u.name.clone() }, vec![line(u)]))
            }
            Area::Hub(code) => {
                let served: Vec<_> = geo.served_by(code).into_iter().map(line).collect();
                if served.is_empty() {
                    return Err(ComputeError::UnknownHub(code.as_str().to_owned()));
                }
                let name = geo.get(code.as_str()).map(|u| u.name.clone()).unwrap_or_else(|| code.as_str().to_owned());
                let districts = served.iter().map(|(c, _, _)| c.clone()).collect();
                Ok((Scope::Hub { code: code.as_str().to_owned(), name, districts }, served))
            }
        }
    }
}

/// The counts and context of a report of the period and area, from the store's records now.
pub async fn counts(
    store: &dyn Store,
    period: Period,
    area: &Area,
) -> Result<(lekhotla_storage::statistics::StatsCounts, Context, Scope), ComputeError> {
    counts_of(store, period, area, None).await
}

/// The victims identified in the period and area by sex, age band at identification, form of exploitation
/// and district, unsuppressed (for measuring: the report's own count query, `victims`, alone), as
/// `(sex, band, form, district, count)`.
pub async fn victims_by_sex_age_form_district(
    store: &dyn Store,
    period: Period,
    area: &Area,
) -> Result<Vec<(String, String, String, String, u64)>, ComputeError> {
    let (counts, _, _) = counts_of(store, period, area, Some(vec!["victims".to_owned()])).await?;
    let mut out: std::collections::BTreeMap<(String, String, String, String), u64> = Default::default();
    for (k, m) in &counts.get("victims").rows {
        let n = u64::try_from(m[0]).unwrap_or(0);
        let forms: Vec<&str> = k[4].split('|').filter(|s| !s.is_empty()).collect();
        for f in if forms.is_empty() { vec![""] } else { forms } {
            *out.entry((k[1].clone(), k[2].clone(), f.to_owned(), k[6].clone())).or_default() += n;
        }
    }
    Ok(out.into_iter().map(|((a, b, c, d), n)| (a, b, c, d, n)).collect())
}

async fn counts_of(
    store: &dyn Store,
    period: Period,
    area: &Area,
    only: Option<Vec<String>>,
) -> Result<(lekhotla_storage::statistics::StatsCounts, Context, Scope), ComputeError> {
    let geo = store.geography().await?.ok_or(ComputeError::NoGeography)?;
    let (scope, districts) = area.resolve(&geo)?;
    let query = StatsQuery {
        from: period.from,
        to: period.to,
        districts: match area {
            Area::National => None,
            _ => Some(districts.iter().filter_map(|(c, _, _)| UnitCode::parse(c).ok()).collect()),
        },
        only,
        deadlines: store.read_deadlines().await?,
    };
    let counts = store.statistics(&query).await?;
    let population = match area {
        Area::National => geo.country().population,
        _ => districts.iter().map(|(_, _, p)| *p).sum(),
    };
    let national = matches!(area, Area::National);
    let ports = geo
        .ports_of_entry()
        .filter(|p| {
            let district = p.parent.as_ref().filter(|d| geo.is_district(d));
            district.map_or(national, |d| districts.iter().any(|(c, _, _)| c == d.as_str()))
        })
        .map(|p| (p.code.as_str().to_owned(), p.name.clone()))
        .collect();
    let cx = Context { home: geo.country_code().as_str().to_owned(), districts, population, national, ports };
    Ok((counts, cx, scope))
}

/// The TIP report of the period and area under the disclosure rule, from the store's records now.
pub async fn tip(
    store: &dyn Store,
    period: Period,
    area: &Area,
    disclosure: Disclosure,
) -> Result<Report, ComputeError> {
    let (counts, cx, scope) = counts(store, period, area).await?;
    let mut report = tip_report(&counts, &cx, period, scope, disclosure, OffsetDateTime::now_utc())?;
    report.data_state =
        Some(crate::model::DataState { cases_held: counts.cases_held, last_change: counts.last_change });
    Ok(report)
}
