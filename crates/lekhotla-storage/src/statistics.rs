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
        sql::Count { name, keys: 0, measures: 1, sql: String::new() }
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
