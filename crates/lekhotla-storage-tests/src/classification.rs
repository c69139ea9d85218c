//! The classification of every column (`lekhotla_storage::classification`) checked against the live schema
//! of a database.

use std::collections::BTreeSet;

use lekhotla_storage::classification::{Class, POSTGRES_ONLY, classified, sealed_by_the_store};

/// `schema` is every (table, column) of a migrated database (PostgreSQL's if `postgres`), sqlx's own
/// `_sqlx_migrations` left out. Fails
/// naming each column not classified, each classified column the database lacks, and each disagreement
/// between the sealed class and what the store seals.
pub fn every_column_is_classified(schema: &[(String, String)], postgres: bool) {
    let live: BTreeSet<(&str, &str)> = schema.iter().map(|(t, c)| (t.as_str(), c.as_str())).collect();
    assert!(live.len() > 100, "the schema was read: {} columns", live.len());
    let listed: BTreeSet<(&str, &str)> =
        classified().filter(|(t, _, _)| postgres || !POSTGRES_ONLY.contains(t)).map(|(t, c, _)| (t, c)).collect();
    let unclassified: Vec<_> = live.difference(&listed).collect();
    assert!(
        unclassified.is_empty(),
        "columns with no class in lekhotla-storage/src/classification.rs: {unclassified:?}"
    );
    let missing: Vec<_> = listed.difference(&live).collect();
    assert!(missing.is_empty(), "classified columns the database does not have: {missing:?}");
    let classed: BTreeSet<(&str, &str)> =
        classified().filter(|(_, _, class)| *class == Class::Sealed).map(|(t, c, _)| (t, c)).collect();
    let sealed: BTreeSet<(&str, &str)> = sealed_by_the_store().into_iter().collect();
    let unsealed: Vec<_> = classed.difference(&sealed).collect();
    assert!(unsealed.is_empty(), "classed sealed, not sealed by the store: {unsealed:?}");
    let unclassed: Vec<_> = sealed.difference(&classed).collect();
    assert!(unclassed.is_empty(), "sealed by the store, not classed sealed: {unclassed:?}");
}
