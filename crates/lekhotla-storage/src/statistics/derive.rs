//! What the counts read instead of joining: every record a count reads carries its case's district (and, where
//! a table splits by it, the case's form of exploitation and the accused's sex and officialdom), and a
//! prosecution carries the day its last charged accused had a verdict. Set by the same SQL on both databases,
//! after a case's records are written (`replace_children` in each store), and for older rows by the migration
//! that added the columns (0016, 0017), which holds these statements without the case filter (a test below
//! keeps them the same).
//!
//! A referral also carries the day of the same victim's previous referral (to the same service, and to any),
//! sent and delivered: "each victim once" is then "the referrals with no earlier one in the period", a count
//! that needs no `DISTINCT` (the previous one is earlier by day, then by id). A victim carries the number of
//! its combination of the victims count's nine keys (`victim_keys`, numbered as first seen), so that the count
//! groups by one integer.

use uuid::Uuid;

use super::sql::AGE_GROUP;

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

/// The tables whose rows the statements pick by case (`WHERE case_id IN (...)`): a store that writes many
/// cases in one transaction analyses them as they grow, or the planner, without statistics of `case_id`,
/// reads the whole table for every chunk (PostgreSQL: an import of 100,000 cases took 439 s, see
/// BENCHMARKS.md).
pub const TABLES: &[&str] = &[
    "referrals",
    "victims",
    "investigations",
    "prosecutions",
    "suspects",
    "charges",
    "verdicts",
    "hearings",
    "sentences",
    "compensation_orders",
];

/// The statements for the records of `cases` (ids written as literals: typed values, never text a person
/// typed). Nothing to run for no cases.
pub fn for_cases(cases: &[Uuid]) -> Vec<String> {
    if cases.is_empty() {
        return Vec::new();
    }
    let list: Vec<String> = cases.iter().map(|id| format!("'{id}'")).collect();
    let filter = format!(" WHERE case_id IN ({})", list.join(", "));
    statements(&filter)
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

/// The victims count's groups, in the order of `victim_keys`' columns, each read from the victim (`{v}` its
/// table's prefix); NULL as the text the count shows.
const VICTIM_KEY: [(&str, &str); 9] = [
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

    /// Every table a statement picks rows of by case is in [`TABLES`], and nothing else is.
    #[test]
    fn the_tables_picked_by_case_are_listed() {
        let mut picked: Vec<&str> = STATEMENTS
            .iter()
            .filter_map(|(_, s)| match s.split_once("{and_cases}") {
                // `... FROM t WHERE TRUE{and_cases}`: the rows of t are picked.
                Some((before, _)) => before.rsplit(" FROM ").next()?.split(' ').next(),
                None => s.strip_prefix("UPDATE ")?.split(' ').next(),
            })
            .collect();
        picked.sort_unstable();
        picked.dedup();
        let mut listed = TABLES.to_vec();
        listed.sort_unstable();
        assert_eq!(picked, listed);
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
    fn the_case_filter_is_literal_ids() {
        let id = Uuid::nil();
        let all = for_cases(&[id]);
        assert_eq!(all.len(), STATEMENTS.len());
        assert!(all.iter().all(|s| s.ends_with(&format!(" WHERE case_id IN ('{id}')"))
            || s.contains(&format!("FROM victims WHERE TRUE AND case_id IN ('{id}') ORDER BY"))
            || s.contains(&format!("FROM referrals WHERE TRUE AND case_id IN ('{id}')) p"))));
        assert!(for_cases(&[]).is_empty());
    }
}
