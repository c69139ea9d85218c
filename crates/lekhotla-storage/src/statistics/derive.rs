//! What the counts read instead of joining: every record a count reads carries its case's district (and, where
//! a table splits by it, the case's form of exploitation and the accused's sex and officialdom), and a
//! prosecution carries the day its last charged accused had a verdict. Set by the same SQL on both databases,
//! after a case's records are written (`replace_children` in each store), and for older rows by migration 0016,
//! which holds these statements without the case filter (a test below keeps them the same).

use uuid::Uuid;

use super::sql::AGE_GROUP;

/// The derived columns' statements, in order (suspects before the charges and verdicts that copy from them).
/// `{cases}` stands for the case filter.
const STATEMENTS: &[&str] = &[
    "UPDATE referrals SET \
     district = coalesce((SELECT c.district FROM cases c WHERE c.id = referrals.case_id), ''), \
     age_group = coalesce((SELECT {AGE_GROUP} FROM victims v WHERE v.person_id = referrals.victim_id), 'unknown'), \
     counted = coalesce((SELECT v.trafficking_status <> 'NotAVictimOfTrafficking' AND v.counted_in_statistics = TRUE \
     FROM victims v WHERE v.person_id = referrals.victim_id), FALSE){cases}",
    "UPDATE investigations SET \
     district = coalesce((SELECT c.district FROM cases c WHERE c.id = investigations.case_id), ''), \
     exploitation_form = coalesce((SELECT c.exploitation_form FROM cases c WHERE c.id = investigations.case_id), 'other'), \
     docket_unlocated = (docket_custodian IS NULL){cases}",
    "UPDATE prosecutions SET \
     district = coalesce((SELECT c.district FROM cases c WHERE c.id = prosecutions.case_id), ''), \
     exploitation_form = coalesce((SELECT c.exploitation_form FROM cases c WHERE c.id = prosecutions.case_id), 'other'), \
     concluded_on = CASE WHEN NOT EXISTS (SELECT 1 FROM charges ch WHERE ch.case_id = prosecutions.case_id \
     AND NOT EXISTS (SELECT 1 FROM verdicts vd WHERE vd.case_id = ch.case_id AND vd.accused_id = ch.accused_id)) \
     THEN (SELECT max(x.first_verdict) FROM (SELECT (SELECT min(vd.on_date) FROM verdicts vd WHERE vd.case_id = ch.case_id \
     AND vd.accused_id = ch.accused_id) AS first_verdict FROM charges ch WHERE ch.case_id = prosecutions.case_id) x) END{cases}",
    "UPDATE suspects SET \
     district = coalesce((SELECT c.district FROM cases c WHERE c.id = suspects.case_id), ''), \
     gender = (SELECT p.gender FROM persons p WHERE p.id = suspects.person_id), \
     official = (official_public_body IS NOT NULL), \
     investigated_on = (SELECT i.opened_on FROM investigations i WHERE i.case_id = suspects.case_id){cases}",
    "UPDATE charges SET \
     district = coalesce((SELECT c.district FROM cases c WHERE c.id = charges.case_id), ''), \
     gender = (SELECT s.gender FROM suspects s WHERE s.person_id = charges.accused_id), \
     official = coalesce((SELECT s.official FROM suspects s WHERE s.person_id = charges.accused_id), FALSE){cases}",
    "UPDATE verdicts SET \
     district = coalesce((SELECT c.district FROM cases c WHERE c.id = verdicts.case_id), ''), \
     exploitation_form = coalesce((SELECT c.exploitation_form FROM cases c WHERE c.id = verdicts.case_id), 'other'), \
     gender = (SELECT s.gender FROM suspects s WHERE s.person_id = verdicts.accused_id), \
     official = coalesce((SELECT s.official FROM suspects s WHERE s.person_id = verdicts.accused_id), FALSE){cases}",
    "UPDATE hearings SET district = coalesce((SELECT c.district FROM cases c WHERE c.id = hearings.case_id), ''){cases}",
    "UPDATE sentences SET district = coalesce((SELECT c.district FROM cases c WHERE c.id = sentences.case_id), ''){cases}",
    "UPDATE compensation_orders SET \
     district = coalesce((SELECT c.district FROM cases c WHERE c.id = compensation_orders.case_id), ''){cases}",
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

/// The statements for every row (what migration 0016 runs).
pub fn for_all() -> Vec<String> {
    statements("")
}

/// The referrals' statement for every row: after the stores fill the age bands of victims written before
/// migration 0013 (`band_victims`), whose referrals' age group was derived before the band was known.
pub fn referrals_after_banding() -> String {
    statements("").swap_remove(0)
}

fn statements(filter: &str) -> Vec<String> {
    STATEMENTS.iter().map(|s| s.replace("{AGE_GROUP}", AGE_GROUP).replace("{cases}", filter)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(sql: &str) -> String {
        sql.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// Migration 0016 fills older rows with the same statements the stores run after every write.
    #[test]
    fn the_migrations_hold_the_same_statements() {
        let sqlite = words(include_str!("../../../lekhotla-storage-sqlite/migrations/0016_statistics_keys.sql"));
        let postgres = words(include_str!("../../../lekhotla-storage-postgres/migrations/0016_statistics_keys.sql"));
        for s in for_all() {
            let s = words(&s);
            assert!(sqlite.contains(&format!("{s};")), "SQLite's migration 0016 lacks: {s}");
            assert!(postgres.contains(&format!("{s};")), "PostgreSQL's migration 0016 lacks: {s}");
        }
    }

    #[test]
    fn the_case_filter_is_literal_ids() {
        let id = Uuid::nil();
        let all = for_cases(&[id]);
        assert_eq!(all.len(), STATEMENTS.len());
        assert!(all.iter().all(|s| s.ends_with(&format!(" WHERE case_id IN ('{id}')"))));
        assert!(for_cases(&[]).is_empty());
    }
}
