//! The registry in figures (the dashboard): cases reaching each milestone by month, victims by sex, age
//! band, nationality and form of exploitation, cases by district; all counted by SQL in the store, for
//! every district or for some. Counts only: no row of a case or a person leaves the store here.

use lekhotla_domain::UnitCode;
use time::Date;

use crate::DbError;

/// A step on a case's path, counted by the month it happened in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Milestone {
    /// Detected (the case's `detected_on`).
    Identified,
    /// A referral sent.
    Referred,
    /// An investigation opened.
    Investigated,
    /// Referred to the prosecutor.
    Prosecuted,
    /// A conviction.
    Convicted,
}

impl Milestone {
    pub const ALL: [Milestone; 5] =
        [Self::Identified, Self::Referred, Self::Investigated, Self::Prosecuted, Self::Convicted];

    pub fn code(self) -> &'static str {
        match self {
            Self::Identified => "identified",
            Self::Referred => "referred",
            Self::Investigated => "investigated",
            Self::Prosecuted => "prosecuted",
            Self::Convicted => "convicted",
        }
    }

    /// The tables (the case as `cases`) and the date column of this milestone, and any further condition.
    pub fn source(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Self::Identified => ("cases", "cases.detected_on", ""),
            Self::Referred => ("referrals x JOIN cases ON cases.id = x.case_id", "x.sent_on", ""),
            Self::Investigated => ("investigations x JOIN cases ON cases.id = x.case_id", "x.opened_on", ""),
            Self::Prosecuted => ("prosecutions x JOIN cases ON cases.id = x.case_id", "x.referred_on", ""),
            Self::Convicted => {
                ("verdicts x JOIN cases ON cases.id = x.case_id", "x.on_date", " AND x.outcome = 'Conviction'")
            }
        }
    }
}

/// The age bands of victims (age when trafficked, else the estimated age), youngest first.
pub const AGE_BANDS: [&str; 7] = ["0-11", "12-17", "18-24", "25-34", "35-49", "50+", "unknown"];

/// Which cases to count: those of some districts (all when `None`); milestones between two days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FiguresFilter {
    pub districts: Option<Vec<UnitCode>>,
    pub from: Date,
    pub to: Date,
}

/// The counts. Keys are codes: a month `YYYY-MM`, a vocabulary code, a country code, an age band; the
/// empty string where the record says nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    /// Cases by district (all time), in code order.
    pub by_district: Vec<(UnitCode, u64)>,
    /// Cases reaching each milestone by month (`YYYY-MM`), months with none left out.
    pub over_time: Vec<(Milestone, String, u64)>,
    /// How many victims there are in all.
    pub victims: u64,
    pub victims_by_sex: Vec<(String, u64)>,
    /// In [`AGE_BANDS`] order.
    pub victims_by_age: Vec<(String, u64)>,
    /// By first citizenship.
    pub victims_by_nationality: Vec<(String, u64)>,
    /// By form of exploitation (a victim with several forms counts under each).
    pub victims_by_exploitation: Vec<(String, u64)>,
}

/// The SQL pieces both stores share.
pub mod sql {
    /// A victim's age band as SQL (both databases), from the victims table `v` and persons table `p`.
    pub const AGE_BAND: &str = "CASE WHEN coalesce(v.age_when_trafficked, p.estimated_age) IS NULL THEN 'unknown' \
        WHEN coalesce(v.age_when_trafficked, p.estimated_age) < 12 THEN '0-11' \
        WHEN coalesce(v.age_when_trafficked, p.estimated_age) < 18 THEN '12-17' \
        WHEN coalesce(v.age_when_trafficked, p.estimated_age) < 25 THEN '18-24' \
        WHEN coalesce(v.age_when_trafficked, p.estimated_age) < 35 THEN '25-34' \
        WHEN coalesce(v.age_when_trafficked, p.estimated_age) < 50 THEN '35-49' ELSE '50+' END";
    /// The victims with their person and case; a `WHERE` follows.
    pub const VICTIMS: &str =
        " FROM victims v JOIN persons p ON p.id = v.person_id JOIN cases ON cases.id = v.case_id WHERE 1 = 1";
    /// The victims grouped by sex, age band, citizenship list and exploitation list at once (one scan); the
    /// district condition and [`VICTIMS_GROUP`] follow.
    pub fn victims_select() -> String {
        format!(
            "SELECT coalesce(p.gender, '') AS sex, {AGE_BAND} AS age, p.citizenship AS nat, \
                 v.exploitation_types AS expl, count(*) AS n{VICTIMS}"
        )
    }
    /// The grouping of [`victims_select`].
    pub const VICTIMS_GROUP: &str = " GROUP BY sex, age, nat, expl";
}

/// One row of the victims' grouped count: sex, age band, citizenship list, exploitation list, count.
pub type VictimRow = (String, String, String, String, i64);

fn n(c: i64) -> u64 {
    u64::try_from(c).unwrap_or(0)
}

impl Figures {
    /// Sets every victim grouping from the rows of [`sql::victims_select`].
    pub fn set_victim_rows(&mut self, rows: Vec<VictimRow>) {
        let mut groups: [Vec<(String, i64)>; 4] = Default::default();
        for (sex, age, nat, expl, c) in rows {
            groups[0].push((sex, c));
            groups[1].push((age, c));
            groups[2].push((nat, c));
            groups[3].push((expl, c));
        }
        for (name, rows) in ["sex", "age", "nationality", "exploitation"].into_iter().zip(groups) {
            self.set_victims(name, rows);
        }
    }

    /// Sets one victim grouping from its SQL rows `(value, count)`: `sex` and `age` as they are,
    /// `nationality` by the first code of the list, `exploitation` by each code of the list.
    pub fn set_victims(&mut self, group: &str, rows: Vec<(String, i64)>) {
        let mut out: std::collections::BTreeMap<String, u64> = Default::default();
        for (value, c) in rows {
            match group {
                "nationality" => {
                    *out.entry(value.split('|').next().unwrap_or_default().to_owned()).or_default() += n(c)
                }
                "exploitation" => {
                    let codes: Vec<&str> = value.split('|').filter(|s| !s.is_empty()).collect();
                    if codes.is_empty() {
                        *out.entry(String::new()).or_default() += n(c);
                    }
                    for code in codes {
                        *out.entry(code.to_owned()).or_default() += n(c);
                    }
                }
                _ => *out.entry(value).or_default() += n(c),
            }
        }
        match group {
            "sex" => {
                self.victims = out.values().sum();
                self.victims_by_sex = out.into_iter().collect();
            }
            "age" => {
                self.victims_by_age =
                    AGE_BANDS.iter().filter_map(|b| out.get(*b).map(|c| ((*b).to_owned(), *c))).collect();
            }
            "nationality" => self.victims_by_nationality = out.into_iter().collect(),
            _ => self.victims_by_exploitation = out.into_iter().collect(),
        }
    }

    /// Sets the cases by district from `(district, count)` rows.
    pub fn set_districts(&mut self, rows: Vec<(String, i64)>) -> Result<(), DbError> {
        let mut out = Vec::new();
        for (d, c) in rows {
            let code = UnitCode::parse(&d)
                .map_err(|_| DbError::Other(format!("the cases table holds an unknown district {d:?}").into()))?;
            out.push((code, n(c)));
        }
        out.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
        self.by_district = out;
        Ok(())
    }

    /// Adds a milestone's `(month, count)` rows.
    pub fn add_months(&mut self, milestone: Milestone, rows: Vec<(String, i64)>) {
        for (month, c) in rows {
            self.over_time.push((milestone, month, n(c)));
        }
        self.over_time.sort();
    }
}
