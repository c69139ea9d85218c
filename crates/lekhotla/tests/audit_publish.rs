//! The audit key kept apart from the database, and the signed heads published off the server: `serve` and
//! `audit checkpoint` refuse a key file in the database's folder unless told; `audit heads --out` appends the
//! new heads to the auditor's file and refuses to go on from a file the database no longer agrees with.

#![allow(clippy::unwrap_used)] // a test file

#[path = "tamper/site.rs"]
mod site;

use site::{Backend, Site};

#[test]
fn a_key_beside_the_database_is_refused_unless_told() {
    let site = Site::new(Backend::Sqlite).unwrap();
    site.ok(&["migrate"]);
    for beside in [site.db_dir().join("audit.key"), site.db_dir().join("keys").join("audit.key")] {
        for args in [&["audit", "checkpoint"][..], &["serve", "--listen", "127.0.0.1:0"]] {
            let out = site.command(args).env("LEKHOTLA_AUDIT_KEY_FILE", &beside).output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(!out.status.success(), "{args:?} must refuse the key beside the database");
            assert!(err.contains(&beside.display().to_string()) && err.contains("lekhotla.db"), "{err}");
            assert!(err.contains("--allow-key-beside-database"), "{err}");
        }
        assert!(!beside.exists(), "no key was made beside the database");
    }
    let beside = site.db_dir().join("audit.key");
    let out = site
        .command(&["audit", "checkpoint", "--allow-key-beside-database"])
        .env("LEKHOTLA_AUDIT_KEY_FILE", &beside)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("warning"), "a warning is still given");
    let out = site
        .command(&["audit", "checkpoint"])
        .env("LEKHOTLA_AUDIT_KEY_FILE", &beside)
        .env("LEKHOTLA_ALLOW_KEY_BESIDE_DB", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn heads_are_printed_exported_and_appended_over_time() {
    let site = Site::new(Backend::Sqlite).unwrap();
    let trail = site.build_trail();
    let heads = site.heads();
    let text = std::fs::read_to_string(&heads).unwrap();
    let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].starts_with(&format!("lekhotla-audit-head v1 seq={} hash=", trail.a)), "{text}");
    assert!(lines[1].starts_with(&format!("lekhotla-audit-head v1 seq={} hash=", trail.b)), "{text}");

    // `audit checkpoint` prints its head line; a later export appends only what is new.
    let printed = site.ok(&["audit", "checkpoint"]);
    let line = printed.lines().find(|l| l.starts_with("lekhotla-audit-head v1 ")).unwrap().to_owned();
    let out = site.ok(&["audit", "heads", "--out", heads.to_str().unwrap()]);
    assert!(out.contains("1 new head(s) appended") && out.contains("(3 in all)"), "{out}");
    let again = std::fs::read_to_string(&heads).unwrap();
    assert!(again.starts_with(&text) && again.ends_with(&format!("{line}\n")), "{again}");
    assert_eq!(site.ok(&["audit", "heads"]).lines().count(), 3);
    let checked = site.ok(&["audit", "verify", "--against", heads.to_str().unwrap()]);
    assert!(checked.contains("3 published head(s)"), "{checked}");

    // A file the database no longer agrees with is not extended: it is evidence.
    site.behind_the_triggers(&format!("DELETE FROM audit_checkpoints WHERE seq = {};", trail.a));
    let out = site.run(&["audit", "heads", "--out", heads.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("is no longer among the database's checkpoints"), "{err}");
    assert_eq!(std::fs::read_to_string(&heads).unwrap(), again, "nothing appended");

    // A damaged heads file is refused naming its line, never half-read.
    std::fs::write(&heads, again.replacen("seq=", "seq=x", 1)).unwrap();
    let out = site.run(&["audit", "verify", "--against", heads.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("line 2: seq is not a whole number"), "{err}");
}
