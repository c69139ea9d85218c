//! Secondary indexes set aside while a bulk load fills empty case tables, and built once after it.
//!
//! A row written into a table with a dozen indexes is a dozen B-tree inserts at random places (`referrals` and
//! `cases` have 13 each), and at a million cases that index work was most of `demo-data` and `import htcds`
//! (BENCHMARKS.md, issue 13). Into empty tables nothing is gained by keeping those indexes up to date row by row:
//! a load sets them aside and builds each once at its end, from sorted keys. Only indexes that are **not unique**
//! are set aside (a unique one checks the rows as they go in), and not those led by `case_id`
//! ([`KEPT_LEADING_COLUMN`]): a load of many transactions commits batches that a server beside it reads by case.
//! PostgreSQL's import, whose one transaction no one sees before its commit, sets those aside too.
//!
//! Two ways to use it. An import into empty tables sets them aside and builds them again inside its one
//! transaction: nothing of it outlives the commit. A load of many transactions (`demo-data`) calls
//! [`crate::Store::defer_indexes`] first and [`crate::Store::build_deferred_indexes`] at its end; the names and
//! statements of the indexes set aside are kept in the table `deferred_indexes` meanwhile, so that a load that
//! stops half-way (a crash, a kill) leaves them to the next open of the database, which builds them before
//! anything else (before the migrations, which may name them). On PostgreSQL the load holds an advisory lock on
//! a session of its own meanwhile, and an open while it lives (a backup, a server) leaves the indexes to it: a
//! build beside the load's inserts would deadlock with them. On SQLite, one writer at a time, such an open builds
//! them between two of the load's transactions (or, when the load holds the write lock past the busy timeout,
//! leaves them); the load then goes on with its indexes kept up to date, only slower. A PostgreSQL load of many
//! transactions also keeps the foreign keys between the case tables there (as `table.constraint` and its
//! `ALTER TABLE ... ADD CONSTRAINT`), added back with the indexes (`lekhotla-storage-postgres/src/deferred_keys.rs`).

/// The tables whose secondary indexes a load into an empty database sets aside: the case and its records.
pub const TABLES: &[&str] = &[
    "cases",
    "persons",
    "victims",
    "suspects",
    "witnesses",
    "events",
    "referrals",
    "consents",
    "support_plans",
    "comments",
    "case_links",
    "docket_transfers",
    "investigations",
    "prosecutions",
    "charges",
    "hearings",
    "verdicts",
    "sentences",
    "compensation_orders",
];

/// The first column of the indexes a load of many transactions keeps: what it has committed is read by case.
pub const KEPT_LEADING_COLUMN: &str = "case_id";

/// One index set aside: its name and the statement that builds it again (as the database reports it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetAside {
    pub name: String,
    pub definition: String,
}

/// The indexes kept by a load of many transactions, by name: `(name, definition)` rows.
pub const KEPT: &str = "SELECT name, definition FROM deferred_indexes ORDER BY name";

/// One script (the same SQL on both databases) that drops `indexes`, and with `keep` first keeps their statements
/// in `deferred_indexes`. Names and statements are the database's own (from its catalogue), written as quoted
/// literals and identifiers.
pub fn set_aside_script(indexes: &[SetAside], keep: bool) -> String {
    let mut script = String::new();
    if keep && !indexes.is_empty() {
        let rows: Vec<String> =
            indexes.iter().map(|i| format!("({}, {})", literal(&i.name), literal(&i.definition))).collect();
        script.push_str(&format!("INSERT INTO deferred_indexes (name, definition) VALUES {};\n", rows.join(", ")));
    }
    for index in indexes {
        script.push_str(&format!("DROP INDEX {};\n", identifier(&index.name)));
    }
    script
}

/// One script that builds `indexes` again, each from its statement, and forgets those kept in `deferred_indexes`.
pub fn build_script(indexes: &[SetAside]) -> String {
    if indexes.is_empty() {
        return String::new();
    }
    let mut script: String =
        indexes.iter().map(|i| format!("{};\n", i.definition.trim().trim_end_matches(';'))).collect();
    let names: Vec<String> = indexes.iter().map(|i| literal(&i.name)).collect();
    script.push_str(&format!("DELETE FROM deferred_indexes WHERE name IN ({});\n", names.join(", ")));
    script
}

/// Runs `build` (a store executing [`build_script`] of `count` indexes) as [`crate::upkeep`] (its slow-statement
/// warnings left off the terminal) and logs the build's time in one line.
pub async fn building<F: std::future::Future>(count: usize, build: F) -> F::Output {
    let started = std::time::Instant::now();
    let out = crate::upkeep::run("building the indexes set aside", build).await;
    tracing::info!(indexes = count, seconds = started.elapsed().as_secs_f64(), "indexes set aside for a load built");
    out
}

/// `text` as an SQL string literal.
fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// `name` as a quoted SQL identifier.
fn identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_quote_what_they_are_given() {
        let odd =
            SetAside { name: "a\"b".into(), definition: "CREATE INDEX \"a\"\"b\" ON t (x) WHERE y = 'z';".into() };
        let plain = SetAside { name: "c_idx".into(), definition: "CREATE INDEX c_idx ON t (c)".into() };
        let both = [odd, plain];
        assert_eq!(
            set_aside_script(&both, true),
            "INSERT INTO deferred_indexes (name, definition) VALUES ('a\"b', 'CREATE INDEX \"a\"\"b\" ON t (x) WHERE y = ''z'';'), \
             ('c_idx', 'CREATE INDEX c_idx ON t (c)');\nDROP INDEX \"a\"\"b\";\nDROP INDEX \"c_idx\";\n"
        );
        assert_eq!(set_aside_script(&both[1..], false), "DROP INDEX \"c_idx\";\n");
        assert_eq!(
            build_script(&both),
            "CREATE INDEX \"a\"\"b\" ON t (x) WHERE y = 'z';\nCREATE INDEX c_idx ON t (c);\n\
             DELETE FROM deferred_indexes WHERE name IN ('a\"b', 'c_idx');\n"
        );
        assert_eq!(build_script(&[]), "");
    }
}
