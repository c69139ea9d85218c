//! The counts behind the country's figures (issue 11): named grouped counts over one period and one set of
//! districts, the same SQL text on SQLite and PostgreSQL ([`sql`]), run by each store in one read snapshot.
//! Only counts leave the store: every query groups, none returns a case or a person.
//! `lekhotla-report` turns them into the report's tables.

pub mod derive;
pub mod sql;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use lekhotla_domain::UnitCode;
use time::Date;

/// What to count: a period (both days included) and the districts whose cases count (all when `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatsQuery {
    pub from: Date,
    pub to: Date,
    pub districts: Option<Vec<UnitCode>>,
    /// Only these counts (by name), when given: for measuring one table.
    pub only: Option<Vec<String>>,
    /// The referral deadlines a response counts as on time by (`Deadlines::read_deadlines`).
    pub deadlines: lekhotla_domain::ResponseDeadlines,
}

impl StatsQuery {
    /// Every count of the whole country for the days `from` to `to`, with the default response deadlines.
    pub fn between(from: Date, to: Date) -> StatsQuery {
        StatsQuery { from, to, districts: None, only: None, deadlines: Default::default() }
    }

    /// The same report for the whole country: what a run counts ([`crate::ReportRuns`]), to be cut to each
    /// caller's districts ([`StatsCounts::narrowed`]).
    pub fn whole_country(&self) -> StatsQuery {
        StatsQuery { districts: None, ..self.clone() }
    }
}

/// Where the SQL of the two databases really differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// One grouped count's rows: the group's keys (text, `""` for NULL) and its measures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Groups {
    pub rows: Vec<(Vec<String>, Vec<i64>)>,
}

impl Groups {
    /// The sum of measure `m` over the rows whose keys pass `keep`.
    pub fn sum(&self, m: usize, keep: impl Fn(&[String]) -> bool) -> u64 {
        self.rows.iter().filter(|(k, _)| keep(k)).map(|(_, v)| u64::try_from(v[m]).unwrap_or(0)).sum()
    }
}

/// Every named count of one [`StatsQuery`], read in one snapshot of the database.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatsCounts {
    pub groups: BTreeMap<&'static str, Groups>,
    /// How many cases the database held, and the latest change to any of them (RFC 3339), when counted:
    /// the data's state a frozen report records.
    pub cases_held: u64,
    pub last_change: Option<String>,
}

impl StatsCounts {
    /// The rows of the named count (empty if there were none).
    pub fn get(&self, name: &str) -> &Groups {
        static EMPTY: Groups = Groups { rows: Vec::new() };
        self.groups.get(name).unwrap_or(&EMPTY)
    }

    /// These counts, of the whole country for `query`'s period ([`StatsQuery::whole_country`]), cut to the
    /// rows of `query`'s districts: what [`sql::counts`] with the districts counts. Each count's district key
    /// ([`sql::DistrictKey`]) says which rows to keep; a key that is there only to cut by is then dropped and
    /// the rows it alone told apart added up, in the order they first came. A count the query does not know
    /// is left out of a district's report (it could not be cut).
    pub fn narrowed(&self, query: &StatsQuery) -> StatsCounts {
        let shapes: BTreeMap<&str, sql::DistrictKey> =
            sql::counts(&query.whole_country(), Dialect::Postgres).into_iter().map(|c| (c.name, c.district)).collect();
        let keep = |district: &str| query.districts.as_ref().is_none_or(|ds| ds.iter().any(|u| u.as_str() == district));
        let mut groups = BTreeMap::new();
        for (name, g) in &self.groups {
            let cut = match shapes.get(name) {
                Some(sql::DistrictKey::At(i)) => Groups {
                    rows: g.rows.iter().filter(|(k, _)| k.get(*i).is_some_and(|d| keep(d))).cloned().collect(),
                },
                Some(sql::DistrictKey::Added) => merged_without_last_key(g, keep),
                None if query.districts.is_none() => g.clone(),
                None => continue,
            };
            groups.insert(*name, cut);
        }
        StatsCounts { groups, cases_held: self.cases_held, last_change: self.last_change.clone() }
    }
}

/// The rows whose last key (a district) passes `keep`, that key dropped and the measures of rows then alike
/// added up.
fn merged_without_last_key(g: &Groups, keep: impl Fn(&str) -> bool) -> Groups {
    let mut rows: Vec<(Vec<String>, Vec<i64>)> = Vec::new();
    let mut at: std::collections::HashMap<Vec<String>, usize> = std::collections::HashMap::new();
    for (keys, measures) in &g.rows {
        let Some((district, rest)) = keys.split_last() else { continue };
        if !keep(district) {
            continue;
        }
        match at.get(rest) {
            Some(&i) => {
                for (sum, m) in rows[i].1.iter_mut().zip(measures) {
                    *sum = sum.saturating_add(*m);
                }
            }
            None => {
                at.insert(rest.to_vec(), rows.len());
                rows.push((rest.to_vec(), measures.clone()));
            }
        }
    }
    Groups { rows }
}

/// The counts' rough cost relative to each other (SQLite at a million cases, BENCHMARKS.md, issue 11): the
/// heaviest go first, so that the connections sharing a [`Queue`] finish close together.
const WEIGHT: &[&str] = &[
    "shelter",
    "accused",
    "referred",
    "responses",
    "victims",
    "assisted",
    "referred_any",
    "investigations",
    "detections",
    "at_dpp",
    "assisted_any",
    "convictions",
    "dockets_unlocated",
    "prosecutions",
    "before_court",
];

/// The counts of one report for connections that share a snapshot: each takes the next count when it has
/// finished one, heaviest first, so neither waits long for the other.
#[derive(Debug)]
pub struct Queue {
    counts: Vec<sql::Count>,
    next: AtomicUsize,
}

impl Queue {
    pub fn new(mut counts: Vec<sql::Count>) -> Self {
        counts.sort_by_key(|c| WEIGHT.iter().position(|n| *n == c.name).unwrap_or(WEIGHT.len()));
        Self { counts, next: AtomicUsize::new(0) }
    }

    /// The next count no connection has taken yet.
    pub fn next(&self) -> Option<&sql::Count> {
        self.counts.get(self.next.fetch_add(1, Ordering::Relaxed))
    }

    pub fn len(&self) -> usize {
        self.counts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(name: &'static str) -> sql::Count {
        sql::Count { name, keys: 0, measures: 1, district: sql::DistrictKey::Added, sql: String::new() }
    }

    #[test]
    fn the_queue_gives_each_count_once_heaviest_first() {
        let q = Queue::new(vec![count("testified"), count("victims"), count("shelter"), count("accused")]);
        let mut taken = Vec::new();
        while let Some(c) = q.next() {
            taken.push(c.name);
        }
        assert_eq!(taken, ["shelter", "accused", "victims", "testified"]);
        assert!(q.next().is_none());
    }
}
