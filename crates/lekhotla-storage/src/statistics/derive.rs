//! What the counts read instead of joining: every record a count reads carries its case's district (and, where
//! a table splits by it, the case's form of exploitation and the accused's sex and officialdom), and a
//! prosecution carries the day its last charged accused had a verdict. The statements below set them for older
//! rows in the migrations that added the columns (0016, 0017), which hold them without the case filter (a test
//! below keeps them the same); the stores write them with the rows (last paragraph).
//!
//! A referral also carries the day of the same victim's previous referral (to the same service, and to any),
//! sent and delivered: "each victim once" is then "the referrals with no earlier one in the period", a count
//! that needs no `DISTINCT` (the previous one is earlier by day, then by id). A victim carries the number of
//! its combination of the victims count's nine keys (`victim_keys`, numbered as first seen), so that the count
//! groups by one integer.
//!
//! Every column but the victims' statistics key depends on its own case alone, so the stores compute it in Rust
//! and write it with the row ([`referral_columns`], [`JusticeColumns`], [`accused`]); the statements that set
//! them run only in the migrations (and after banding old victims). Updating the rows just written was a third
//! of PostgreSQL's time loading a million cases. The key needs the table of keys (`victim_keys`): the stores
//! find or add the cases' keys there first, in the writer's transaction, and write each victim's number with
//! its row ([`VictimKey`]); its two statements, over the victims just written, were a fifth of PostgreSQL's
//! time in an import.

use std::collections::{BTreeSet, HashMap, HashSet};

use lekhotla_domain::vocabulary::join_codes;
use lekhotla_domain::{Case, PersonId, SuspectIdentity, TraffickingStatus, Victim, Vocabulary};
use time::Date;
use uuid::Uuid;

use super::sql::AGE_GROUP;
use crate::DbError;

/// The derived columns' statements, in order (suspects before the charges and verdicts that copy from them),
/// each with the migration that holds it for older rows (0: none holds it word for word). `{cases}` stands for
/// the case filter (`{and_cases}` after a `WHERE`).
const STATEMENTS: &[(u32, &str)] = &[
    (
        16,
        "UPDATE referrals SET \
     district = coalesce((SELECT c.district FROM cases c WHERE c.id = referrals.case_id), ''), \
     age_group = coalesce((SELECT {AGE_GROUP} FROM victims v WHERE v.person_id = referrals.victim_id), 'unknown'), \
     counted = coalesce((SELECT v.trafficking_status <> 'NotAVictimOfTrafficking' AND v.counted_in_statistics = TRUE \
     FROM victims v WHERE v.person_id = referrals.victim_id), FALSE){cases}",
    ),
    // Migration 0017 filled these with a correlated `max(...)` per referral, the same values; as a window over
    // the cases' referrals, the store's planner cannot pick a scan that grows with the table (it did on
    // PostgreSQL while the demo data loaded, with stale statistics).
    (
        0,
        "UPDATE referrals SET \
     sent_before = p.sent_before, sent_before_any = p.sent_before_any, \
     delivered_before = p.delivered_before, delivered_before_any = p.delivered_before_any \
     FROM (SELECT id, {SENT} AS sent_before, {SENT_ANY} AS sent_before_any, \
     {DELIVERED} AS delivered_before, {DELIVERED_ANY} AS delivered_before_any \
     FROM referrals WHERE TRUE{and_cases}) p WHERE p.id = referrals.id",
    ),
    (
        17,
        "INSERT INTO victim_keys ({KEY_COLUMNS}) SELECT DISTINCT {VICTIM_KEY} FROM victims WHERE TRUE{and_cases} \
     ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9 ON CONFLICT DO NOTHING",
    ),
    (17, "UPDATE victims SET statistics_key = (SELECT k.id FROM victim_keys k WHERE {KEY_MATCH}){cases}"),
    (
        16,
        "UPDATE investigations SET \
     district = coalesce((SELECT c.district FROM cases c WHERE c.id = investigations.case_id), ''), \
     exploitation_form = coalesce((SELECT c.exploitation_form FROM cases c WHERE c.id = investigations.case_id), 'other'), \
     docket_unlocated = (docket_custodian IS NULL){cases}",
    ),
    (
        16,
        "UPDATE prosecutions SET \
     district = coalesce((SELECT c.district FROM cases c WHERE c.id = prosecutions.case_id), ''), \
     exploitation_form = coalesce((SELECT c.exploitation_form FROM cases c WHERE c.id = prosecutions.case_id), 'other'), \
     concluded_on = CASE WHEN NOT EXISTS (SELECT 1 FROM charges ch WHERE ch.case_id = prosecutions.case_id \
     AND NOT EXISTS (SELECT 1 FROM verdicts vd WHERE vd.case_id = ch.case_id AND vd.accused_id = ch.accused_id)) \
     THEN (SELECT max(x.first_verdict) FROM (SELECT (SELECT min(vd.on_date) FROM verdicts vd WHERE vd.case_id = ch.case_id \
     AND vd.accused_id = ch.accused_id) AS first_verdict FROM charges ch WHERE ch.case_id = prosecutions.case_id) x) END{cases}",
    ),
    (
        16,
        "UPDATE suspects SET \
     district = coalesce((SELECT c.district FROM cases c WHERE c.id = suspects.case_id), ''), \
     gender = (SELECT p.gender FROM persons p WHERE p.id = suspects.person_id), \
     official = (official_public_body IS NOT NULL), \
     investigated_on = (SELECT i.opened_on FROM investigations i WHERE i.case_id = suspects.case_id){cases}",
    ),
    (
        16,
        "UPDATE charges SET \
     district = coalesce((SELECT c.district FROM cases c WHERE c.id = charges.case_id), ''), \
     gender = (SELECT s.gender FROM suspects s WHERE s.person_id = charges.accused_id), \
     official = coalesce((SELECT s.official FROM suspects s WHERE s.person_id = charges.accused_id), FALSE){cases}",
    ),
    (
        16,
        "UPDATE verdicts SET \
     district = coalesce((SELECT c.district FROM cases c WHERE c.id = verdicts.case_id), ''), \
     exploitation_form = coalesce((SELECT c.exploitation_form FROM cases c WHERE c.id = verdicts.case_id), 'other'), \
     gender = (SELECT s.gender FROM suspects s WHERE s.person_id = verdicts.accused_id), \
     official = coalesce((SELECT s.official FROM suspects s WHERE s.person_id = verdicts.accused_id), FALSE){cases}",
    ),
    (
        16,
        "UPDATE hearings SET district = coalesce((SELECT c.district FROM cases c WHERE c.id = hearings.case_id), ''){cases}",
    ),
    (
        16,
        "UPDATE sentences SET district = coalesce((SELECT c.district FROM cases c WHERE c.id = sentences.case_id), ''){cases}",
    ),
    (
        16,
        "UPDATE compensation_orders SET \
     district = coalesce((SELECT c.district FROM cases c WHERE c.id = compensation_orders.case_id), ''){cases}",
    ),
];

/// The columns of one referral that the counts read, what the referrals' statements would set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralColumns {
    /// The case's district.
    pub district: String,
    /// `child`, `adult` or `unknown`: the victim's age band at identification, grouped ([`AGE_GROUP`]).
    pub age_group: &'static str,
    /// The victim is counted: not found not to be a victim, and the statistics consent not refused.
    pub counted: bool,
    /// The day the same victim was last referred before this one, to the same service (`sent_before`) and to
    /// any (`sent_before_any`); and last had a service delivered before this one's delivery.
    pub sent_before: Option<Date>,
    pub sent_before_any: Option<Date>,
    pub delivered_before: Option<Date>,
    pub delivered_before_any: Option<Date>,
}

/// The derived columns of each of `case`'s referrals, in the case's order of referrals. "Before" orders by day,
/// then by id, as the statements' `lag(...) OVER (... ORDER BY day, id)`: the previous one is the greatest
/// (day, id) below this referral's, among the same victim's referrals that have the day.
pub fn referral_columns(case: &Case) -> Vec<ReferralColumns> {
    let counted = case.victims_for_statistics();
    let victim = |id: Option<PersonId>| id.and_then(|id| case.victims.iter().find(|v| v.id == id));
    let previous = |me: usize, day: &dyn Fn(usize) -> Option<Date>, same_service: bool| -> Option<Date> {
        let r = &case.referrals[me];
        let (mine, victim) = (day(me)?, r.victim?);
        (0..case.referrals.len())
            .filter(|&i| {
                let o = &case.referrals[i];
                o.victim == Some(victim) && (!same_service || o.service == r.service)
            })
            .filter_map(|i| Some((day(i)?, case.referrals[i].id.0)))
            .filter(|key| *key < (mine, r.id.0))
            .max()
            .map(|(d, _)| d)
    };
    let sent = |i: usize| Some(case.referrals[i].sent_on);
    let delivered = |i: usize| case.referrals[i].delivered_on;
    case.referrals
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let v = victim(r.victim);
            ReferralColumns {
                district: case.district.as_str().to_owned(),
                age_group: v.map_or("unknown", |v| age_group(v.age_band_at_identification().code())),
                counted: v.is_some_and(|v| {
                    v.context.trafficking_status != TraffickingStatus::NotAVictim && counted.contains(&v.id)
                }),
                sent_before: previous(i, &sent, true),
                sent_before_any: previous(i, &sent, false),
                delivered_before: previous(i, &delivered, true),
                delivered_before_any: previous(i, &delivered, false),
            }
        })
        .collect()
}

/// The derived columns of a case's criminal-justice records, what their statements would set: every record
/// carries the case's `district`; investigations, prosecutions and verdicts its `exploitation_form`; suspects
/// the day the investigation opened (`investigated_on`); the prosecution the day its last charged accused had
/// a first verdict (`concluded_on`: none while one charged accused has none, or with no charge).
/// (`investigations.docket_unlocated` is the custodian left out, `suspects.official` a public body named:
/// read off the record itself.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JusticeColumns {
    pub district: String,
    pub exploitation_form: &'static str,
    pub investigated_on: Option<Date>,
    pub concluded_on: Option<Date>,
}

impl JusticeColumns {
    pub fn of(case: &Case) -> Self {
        let concluded_on = case.prosecution.as_ref().and_then(|p| {
            let first_verdict = |accused: PersonId| {
                p.verdicts.iter().filter(|v| v.details.accused == accused).map(|v| v.details.on).min()
            };
            let firsts: Option<Vec<Date>> = p.charges.iter().map(|c| first_verdict(c.details.accused)).collect();
            firsts?.into_iter().max()
        });
        Self {
            district: case.district.as_str().to_owned(),
            exploitation_form: case.exploitation_form().code(),
            investigated_on: case.investigation.as_ref().map(|i| i.opened_on),
            concluded_on,
        }
    }
}

/// The sex (a person's gender code; none for a business) and officialdom of `person`, a suspect of `case`, as
/// its charges and verdicts carry them: (none, false) for no such suspect.
pub fn accused(case: &Case, person: PersonId) -> (Option<&'static str>, bool) {
    case.suspects.iter().find(|s| s.id == person).map_or((None, false), |s| {
        let gender = match &s.details.identity {
            SuspectIdentity::Individual(d) => Some(d.gender.code()),
            SuspectIdentity::Business(_) => None,
        };
        (gender, s.details.official.is_some())
    })
}

/// [`AGE_GROUP`] of an age band's code.
fn age_group(band: &str) -> &'static str {
    match band {
        "0-8" | "9-17" => "child",
        "unknown" => "unknown",
        _ => "adult",
    }
}

/// The statements for every row (what migrations 0016 and 0017 run).
pub fn for_all() -> Vec<String> {
    statements("")
}

/// The day of the referral's previous one of the same victim (and `same`: the same service) by `day`, then by
/// id, NULL for the first or when the referral has no such day. Within one case: a victim belongs to one case.
/// Rows without the day are a partition of their own, so the previous row always has one.
fn previous(day: &str, same: &str) -> String {
    format!(
        "CASE WHEN {day} IS NULL OR victim_id IS NULL THEN NULL ELSE \
         lag({day}) OVER (PARTITION BY case_id, victim_id{same}, {day} IS NULL ORDER BY {day}, id) END"
    )
}

/// The statements for every row that read a victim's age band: after the stores fill the age bands of victims
/// written before migration 0013 (`band_victims`), whose referrals' age group and victims' statistics key were
/// derived before the band was known.
pub fn after_banding() -> Vec<String> {
    STATEMENTS
        .iter()
        .map(|(_, s)| *s)
        .filter(|s| s.starts_with("UPDATE referrals SET district") || s.contains("victim_keys"))
        .map(|s| expand(s, ""))
        .collect()
}

/// A victim's combination of the victims count's nine groups, in the order of `victim_keys`' columns
/// ([`VICTIM_KEY_COLUMNS`]), as [`VICTIM_KEY`]'s expressions compute it from the victim's row: what the stores
/// look up (or add) in `victim_keys` and write with the row as its `statistics_key`, instead of two statements
/// over the victims written (which were a fifth of PostgreSQL's time in an import: BENCHMARKS.md, twenty-second
/// pass).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VictimKey(pub [String; 9]);

/// `victim_keys`' columns, in order.
pub const VICTIM_KEY_COLUMNS: [&str; 9] = {
    let mut columns = [""; 9];
    let mut i = 0;
    while i < 9 {
        columns[i] = VICTIM_KEY[i].0;
        i += 1;
    }
    columns
};

impl VictimKey {
    /// The key of `victim` of `case`, from the values its row is written with (`coalesce` gives `''` for a
    /// NULL; every one of these columns is written, so only the optional ones can be empty).
    pub fn of(case: &Case, victim: &Victim) -> Self {
        let x = &victim.context;
        let citizenship: Vec<&str> = victim.person.citizenship.iter().map(|c| c.as_str()).collect();
        Self([
            x.trafficking_status.code().to_owned(),
            victim.person.gender.code().to_owned(),
            victim.age_band_at_identification().code().to_owned(),
            citizenship.join("|"),
            join_codes(&x.exploitation_types),
            x.forced_labour_industry.map_or("", |i| i.code()).to_owned(),
            case.district.as_str().to_owned(),
            case.detection_source.code().to_owned(),
            x.exploitation_location.map_or(String::new(), |p| p.as_str().chars().take(2).collect()),
        ])
    }

    /// The key of every victim of `cases`, with the victim's id (each key made once: made again for every
    /// row, a million cases' keys cost `demo-data`'s loader a sixth more CPU).
    pub fn of_victims(cases: &[Case]) -> Vec<(Uuid, Self)> {
        cases.iter().flat_map(|c| c.victims.iter().map(move |v| (v.id.0, Self::of(c, v)))).collect()
    }

    /// The distinct keys among `keyed` ([`VictimKey::of_victims`]), in order.
    pub fn distinct(keyed: &[(Uuid, Self)]) -> BTreeSet<&Self> {
        // Hashed first, then ordered: a tree of every victim's key compared nine strings at a time, several
        // times per victim, where most victims share a key with another.
        let seen: HashSet<&Self> = keyed.iter().map(|(_, k)| k).collect();
        seen.into_iter().collect()
    }

    /// A key read from a row of `victim_keys`, `column(i)` giving the `i`-th of [`VICTIM_KEY_COLUMNS`].
    pub fn read(mut column: impl FnMut(usize) -> Result<String, DbError>) -> Result<Self, DbError> {
        let mut key: [String; 9] = Default::default();
        for (i, value) in key.iter_mut().enumerate() {
            *value = column(i)?;
        }
        Ok(Self(key))
    }

    /// The number of every victim of `keyed`, from `numbers` (each key's number in `victim_keys`); a key
    /// without one is an error (the store added every key before it read their numbers).
    pub fn numbered(keyed: &[(Uuid, Self)], numbers: &HashMap<Self, i64>) -> Result<Vec<(Uuid, i64)>, DbError> {
        keyed
            .iter()
            .map(|(victim, key)| match numbers.get(key) {
                Some(n) => Ok((*victim, *n)),
                None => Err(DbError::Other(format!("no number was given to the victims' key {key:?}").into())),
            })
            .collect()
    }
}

/// The victims count's groups, in the order of `victim_keys`' columns, each read from the victim (`{v}` its
/// table's prefix); NULL as the text the count shows.
pub const VICTIM_KEY: [(&str, &str); 9] = [
    ("trafficking_status", "{v}trafficking_status"),
    ("gender", "coalesce({v}gender, '')"),
    ("age_band", "coalesce({v}age_band, 'unknown')"),
    ("citizenship", "coalesce({v}citizenship, '')"),
    ("exploitation_types", "coalesce({v}exploitation_types, '')"),
    ("forced_labour_industry", "coalesce({v}forced_labour_industry, '')"),
    ("district", "coalesce({v}district, '')"),
    ("detection_source", "coalesce({v}detection_source, '')"),
    ("exploitation_country", "coalesce(substr({v}exploitation_location, 1, 2), '')"),
];

fn statements(filter: &str) -> Vec<String> {
    STATEMENTS.iter().map(|(_, s)| expand(s, filter)).collect()
}

fn expand(s: &str, filter: &str) -> String {
    const SAME: &str = ", service";
    let columns: Vec<&str> = VICTIM_KEY.iter().map(|(c, _)| *c).collect();
    let values: Vec<String> = VICTIM_KEY.iter().map(|(_, v)| v.replace("{v}", "")).collect();
    let matched: Vec<String> =
        VICTIM_KEY.iter().map(|(c, v)| format!("k.{c} = {}", v.replace("{v}", "victims."))).collect();
    let and_cases = filter.replacen(" WHERE ", " AND ", 1);
    s.replace("{KEY_COLUMNS}", &columns.join(", "))
        .replace("{VICTIM_KEY}", &values.join(", "))
        .replace("{KEY_MATCH}", &matched.join(" AND "))
        .replace("{and_cases}", &and_cases)
        .replace("{AGE_GROUP}", AGE_GROUP)
        .replace("{SENT}", &previous("sent_on", SAME))
        .replace("{SENT_ANY}", &previous("sent_on", ""))
        .replace("{DELIVERED}", &previous("delivered_on", SAME))
        .replace("{DELIVERED_ANY}", &previous("delivered_on", ""))
        .replace("{cases}", filter)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(sql: &str) -> String {
        sql.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// Migrations 0016 and 0017 fill older rows with the same statements the stores run after every write.
    #[test]
    fn the_migrations_hold_the_same_statements() {
        let migrations = [
            (16, "SQLite", include_str!("../../../lekhotla-storage-sqlite/migrations/0016_statistics_keys.sql")),
            (16, "PostgreSQL", include_str!("../../../lekhotla-storage-postgres/migrations/0016_statistics_keys.sql")),
            (17, "SQLite", include_str!("../../../lekhotla-storage-sqlite/migrations/0017_statistics_at_scale.sql")),
            (
                17,
                "PostgreSQL",
                include_str!("../../../lekhotla-storage-postgres/migrations/0017_statistics_at_scale.sql"),
            ),
        ];
        for (n, s) in STATEMENTS {
            let s = words(&expand(s, ""));
            for (m, db, text) in migrations {
                if m == *n && *n != 0 {
                    assert!(words(text).contains(&format!("{s};")), "{db}'s migration {m} lacks: {s}");
                }
            }
        }
    }

    #[test]
    fn the_previous_referral_is_written_out() {
        let all = for_all();
        let s = &all[1];
        assert!(!s.contains('{'), "{s}");
        assert!(s.contains(
            "CASE WHEN sent_on IS NULL OR victim_id IS NULL THEN NULL ELSE \
             lag(sent_on) OVER (PARTITION BY case_id, victim_id, service, sent_on IS NULL ORDER BY sent_on, id) END \
             AS sent_before,"
        ));
        assert!(s.contains("PARTITION BY case_id, victim_id, delivered_on IS NULL ORDER BY delivered_on, id"));
    }

    #[test]
    fn every_statement_is_written_out() {
        for statement in for_all() {
            assert!(!statement.contains('{'), "{statement}");
        }
        assert_eq!(VICTIM_KEY_COLUMNS[0], "trafficking_status");
        assert_eq!(VICTIM_KEY_COLUMNS[8], "exploitation_country");
    }
}
