//! The TIP report through the `lekhotla` binary, on SQLite and on PostgreSQL (with `LEKHOTLA_TEST_PG_URL`):
//! - against an independent oracle: the demo data written out as HTCDS CSV files, ten of the report's tables
//!   computed from them by `scripts/oracle/tip.py` (Python, none of the report's code), every cell compared
//!   with the unsuppressed report;
//! - frozen: a report frozen, cases added, and the frozen report read back byte for byte as it was, while the
//!   report computed now differs;
//! - the public file suppresses as stated.

#![allow(clippy::unwrap_used)] // a test file

#[path = "tamper/site.rs"]
mod site;

use std::collections::BTreeMap;

use serde_json::Value;
use site::{Backend, Site};

const PERIOD: &str = "tip-2025";

fn oracle(export: &std::path::Path) -> BTreeMap<String, BTreeMap<String, u64>> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scripts/oracle/tip.py");
    let out = std::process::Command::new("python3")
        .args([script, export.to_str().unwrap(), "2025-04-01", "2026-03-31"])
        .output()
        .expect("python3 runs the oracle");
    assert!(out.status.success(), "the oracle failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn report(site: &Site, extra: &[&str]) -> Value {
    let mut args = vec!["report", "tip", "--format", "json"];
    args.extend_from_slice(extra);
    serde_json::from_str(&site.ok(&args)).unwrap()
}

fn run(backend: Backend) {
    let Some(site) = Site::new(backend) else { return eprintln!("skipped: LEKHOTLA_TEST_PG_URL is not set") };
    site.ok(&["migrate"]);
    site.ok(&["demo-data", "--cases", "1500", "--seed", "11"]);
    let export = tempfile::tempdir().unwrap();
    site.ok(&["export", "htcds", "--out", export.path().to_str().unwrap()]);
    let want = oracle(export.path());
    let got = report(&site, &["--period", PERIOD, "--level", "unsuppressed"]);
    let mut compared = 0;
    for section in got["sections"].as_array().unwrap() {
        for table in section["tables"].as_array().unwrap() {
            let id = table["id"].as_str().unwrap();
            let Some(expected) = want.get(id) else { continue };
            let columns = table["columns"].as_array().unwrap();
            for (row, line) in table["rows"].as_array().unwrap().iter().zip(table["cells"].as_array().unwrap()) {
                for (col, cell) in columns.iter().zip(line.as_array().unwrap()) {
                    let key = format!("{}|{}", row["code"].as_str().unwrap(), col["code"].as_str().unwrap());
                    let value = cell["value"].as_u64().unwrap();
                    assert_eq!(value, expected.get(&key).copied().unwrap_or(0), "{backend:?} {id} {key}");
                    compared += 1;
                }
            }
            // Every cell the oracle counted is in the report.
            for (key, n) in expected {
                let (r, c) = key.split_once('|').unwrap();
                let c = if c == "total" && columns.len() == 1 { "n" } else { c };
                let found = table["rows"].as_array().unwrap().iter().position(|x| x["code"] == r);
                let col = columns.iter().position(|x| x["code"] == c);
                assert!(
                    found.is_some() && col.is_some() || *n == 0,
                    "{backend:?} {id}: the oracle counted {key} = {n}"
                );
            }
        }
    }
    assert_eq!(want.len(), 10, "the oracle's tables");
    assert!(compared > 150, "{compared} cells compared");

    // The public file: nothing from 1 to 9 is published.
    let public = report(&site, &["--period", PERIOD]);
    assert_eq!(public["disclosure"]["level"], "public");
    for s in public["sections"].as_array().unwrap() {
        for t in s["tables"].as_array().unwrap() {
            let counts = t["columns"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["decimals"].is_null() && c["code"] != "population" && c["code"] != "amount_lsl")
                .collect::<Vec<_>>();
            for line in t["cells"].as_array().unwrap() {
                for (cell, counted) in line.as_array().unwrap().iter().zip(&counts) {
                    if let (Some(v), true) = (cell["value"].as_u64(), counted) {
                        assert!(v == 0 || v >= 10, "{backend:?} {}: {v} published", t["id"]);
                    }
                }
            }
        }
    }

    // Frozen, then 300 more cases: the frozen report comes back as it was; the report of now has changed.
    let id = site.ok(&["report", "freeze", "--period", PERIOD, "--by", "coordinator"]).trim().to_owned();
    let frozen = report(&site, &["--frozen", &id, "--level", "unsuppressed"]);
    assert_eq!(frozen["sections"], got["sections"], "{backend:?}: frozen as computed");
    site.ok(&["demo-data", "--cases", "1800", "--seed", "11"]);
    let again = site.ok(&["report", "tip", "--frozen", &id, "--level", "unsuppressed", "--format", "json"]);
    assert_eq!(serde_json::from_str::<Value>(&again).unwrap(), frozen, "{backend:?}: the frozen report reproduces");
    let now = report(&site, &["--period", PERIOD, "--level", "unsuppressed"]);
    assert_ne!(now["sections"], frozen["sections"], "{backend:?}: later cases change the report of now");
    assert!(site.ok(&["report", "list"]).contains(&id));
}

#[test]
fn the_report_matches_the_oracle_and_freezes_on_sqlite() {
    run(Backend::Sqlite);
}

#[test]
fn the_report_matches_the_oracle_and_freezes_on_postgres() {
    run(Backend::Postgres);
}
