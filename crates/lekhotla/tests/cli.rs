//! The `lekhotla` binary as a user runs it: database URL rules, migrate, demo data, and the HTCDS round trip
//! through a real database (export → import into an empty database → export again gives the same files).

#![allow(clippy::unwrap_used)] // a test file

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn lekhotla(db: &str, args: &[&str]) -> Output {
    // Each database gets its master key file beside it (`migrate` creates it), never in the working directory.
    let key = db.strip_prefix("sqlite://").map_or_else(|| "never-created.key".to_owned(), |file| format!("{file}.key"));
    Command::new(env!("CARGO_BIN_EXE_lekhotla"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("LEKHOTLA_LOG", "warn")
        .env("LEKHOTLA_MASTER_KEY_FILE", key)
        .output()
        .expect("the binary runs")
}

fn ok(out: Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "failed: {}\n{stdout}", String::from_utf8_lossy(&out.stderr));
    stdout
}

fn sqlite(dir: &Path, name: &str) -> String {
    format!("sqlite://{}", dir.join(name).display())
}

#[test]
fn unknown_schemes_and_missing_files_are_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let out = lekhotla("mysql://root@localhost/db", &["migrate"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown database URL"));

    let db = sqlite(dir.path(), "missing.db");
    for args in
        [&["serve", "--listen", "127.0.0.1:0"][..], &["demo-data", "--cases", "10"], &["export", "htcds", "--out", "x"]]
    {
        let out = lekhotla(&db, args);
        assert!(!out.status.success(), "{args:?} should fail on a missing database");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("does not exist") && err.contains("lekhotla migrate"), "{args:?}: {err}");
    }
    assert!(!dir.path().join("missing.db").exists(), "a database file was created silently");

    let stdout = ok(lekhotla(&db, &["migrate"]));
    assert!(stdout.contains("10 districts"), "{stdout}");
    assert!(dir.path().join("missing.db").exists());
}

/// Each command closes the database when it ends, so SQLite's last connection checkpoints the write-ahead log
/// into the file and removes it: what `migrate`, `demo-data` and `import` leave is one file, whole in a plain
/// copy (before, a `-wal` stayed beside it, and a copy without it was missing the last writes).
#[test]
fn commands_leave_the_database_in_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite(dir.path(), "one.db");
    let beside = |suffix: &str| dir.path().join(format!("one.db{suffix}"));
    ok(lekhotla(&db, &["migrate"]));
    assert!(!beside("-wal").exists(), "migrate left a write-ahead log");
    ok(lekhotla(&db, &["demo-data", "--cases", "300", "--seed", "5"]));
    assert!(!beside("-wal").exists() && !beside("-shm").exists(), "demo-data left the write-ahead log");
    // A copy of the file alone (with its key) holds every case: its export is the original's.
    std::fs::copy(dir.path().join("one.db"), dir.path().join("copy.db")).unwrap();
    std::fs::copy(dir.path().join("one.db.key"), dir.path().join("copy.db.key")).unwrap();
    let (out_a, out_b) = (dir.path().join("a"), dir.path().join("b"));
    ok(lekhotla(&db, &["export", "htcds", "--out", out_a.to_str().unwrap()]));
    ok(lekhotla(&sqlite(dir.path(), "copy.db"), &["export", "htcds", "--out", out_b.to_str().unwrap()]));
    let cases = std::fs::read_to_string(out_b.join("cases.csv")).unwrap();
    assert_eq!(cases.lines().count(), 301, "a header and the 300 cases");
    assert_eq!(files(&out_a), files(&out_b));
    assert!(!beside("-wal").exists(), "export left a write-ahead log");
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().extension().is_some_and(|x| x == "csv"))
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
        .collect();
    out.sort();
    out
}

#[test]
fn htcds_export_import_round_trip_through_a_database_is_lossless() {
    let dir = tempfile::tempdir().unwrap();
    let first = sqlite(dir.path(), "first.db");
    ok(lekhotla(&first, &["migrate"]));
    ok(lekhotla(&first, &["demo-data", "--cases", "2000", "--seed", "11"]));
    let out1 = dir.path().join("out1");
    ok(lekhotla(&first, &["export", "htcds", "--out", out1.to_str().unwrap()]));

    let second = sqlite(dir.path(), "second.db");
    ok(lekhotla(&second, &["migrate"]));
    let imported = ok(lekhotla(&second, &["import", "htcds", out1.to_str().unwrap()]));
    assert!(imported.contains("2000 cases"), "{imported}");
    // Importing the same files again replaces, never duplicates.
    let again = ok(lekhotla(&second, &["import", "htcds", out1.to_str().unwrap()]));
    assert!(again.contains("0 new, 2000 replaced"), "{again}");

    let out2 = dir.path().join("out2");
    ok(lekhotla(&second, &["export", "htcds", "--out", out2.to_str().unwrap()]));
    let (a, b) = (files(&out1), files(&out2));
    assert!(a.len() >= 5, "expected the HTCDS files, got {:?}", a.iter().map(|f| &f.0).collect::<Vec<_>>());
    for ((name_a, bytes_a), (name_b, bytes_b)) in a.iter().zip(&b) {
        assert_eq!(name_a, name_b);
        assert!(bytes_a == bytes_b, "{name_a} differs after the round trip");
    }
    assert_eq!(a.len(), b.len());
}

#[test]
fn a_malformed_csv_is_rejected_whole_with_line_level_messages() {
    let dir = tempfile::tempdir().unwrap();
    let source = sqlite(dir.path(), "source.db");
    ok(lekhotla(&source, &["migrate"]));
    ok(lekhotla(&source, &["demo-data", "--cases", "50", "--seed", "3"]));
    let out = dir.path().join("out");
    ok(lekhotla(&source, &["export", "htcds", "--out", out.to_str().unwrap()]));

    // Break one gender code and one date, in different files.
    let persons = out.join("persons.csv");
    let text = std::fs::read_to_string(&persons).unwrap();
    let broken = text.replacen(",Feminine,", ",Female,", 1);
    assert_ne!(broken, text, "no Feminine cell to break");
    let bad_line = broken.lines().position(|l| l.contains(",Female,")).unwrap() + 1;
    std::fs::write(&persons, broken).unwrap();
    let events = out.join("events.csv");
    let text = std::fs::read_to_string(&events).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let date_col = header.iter().position(|h| *h == "hte_Date").expect("hte_Date column");
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let row = lines.iter().skip(1).position(|l| !l.split(',').nth(date_col).unwrap_or("").is_empty()).unwrap() + 1;
    let mut cells: Vec<String> = lines[row].split(',').map(str::to_owned).collect();
    cells[date_col] = "2025-02-30".into();
    lines[row] = cells.join(",");
    std::fs::write(&events, lines.join("\n") + "\n").unwrap();

    let target = sqlite(dir.path(), "target.db");
    ok(lekhotla(&target, &["migrate"]));
    let result = lekhotla(&target, &["import", "htcds", out.to_str().unwrap()]);
    assert!(!result.status.success());
    let err = String::from_utf8_lossy(&result.stderr);
    assert!(err.contains(&format!("persons.csv:{bad_line}: prs_Gender:")), "{err}");
    assert!(err.contains(&format!("events.csv:{}: hte_Date:", row + 1)), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");

    // The target database holds no case: exporting it gives a cases file with only its header.
    let empty = dir.path().join("empty");
    ok(lekhotla(&target, &["export", "htcds", "--out", empty.to_str().unwrap()]));
    let cases = std::fs::read_to_string(empty.join("cases.csv")).unwrap();
    assert_eq!(cases.lines().count(), 1, "a failed import left cases behind");
}

#[test]
fn keys_rotate_re_encrypts_everything_and_changes_no_data() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite(dir.path(), "rotate.db");
    ok(lekhotla(&db, &["migrate"]));
    ok(lekhotla(&db, &["demo-data", "--cases", "300", "--seed", "5"]));
    let before = dir.path().join("before");
    ok(lekhotla(&db, &["export", "htcds", "--out", before.to_str().unwrap()]));
    let raw_before = std::fs::read(dir.path().join("rotate.db")).unwrap();

    let first = ok(lekhotla(&db, &["keys", "rotate"]));
    assert!(first.contains("new data key 3") && first.contains("every sealed value is under key 3"), "{first}");
    let second = ok(lekhotla(&db, &["keys", "rotate"]));
    assert!(second.contains("new data key 4"), "a finished rotation is not resumed: {second}");

    let after = dir.path().join("after");
    ok(lekhotla(&db, &["export", "htcds", "--out", after.to_str().unwrap()]));
    assert!(files(&before) == files(&after), "rotation changed the data");
    ok(lekhotla(&db, &["audit", "verify"]));
    let trail = ok(lekhotla(&db, &["audit", "search", "--action", "keys.rotate"]));
    assert_eq!(trail.lines().count(), 2, "{trail}");
    // Without the master key file the keys cannot be opened, and nothing is changed.
    let raw_rotated = std::fs::read(dir.path().join("rotate.db")).unwrap();
    assert!(raw_before != raw_rotated);
    let out = Command::new(env!("CARGO_BIN_EXE_lekhotla"))
        .args(["--db", &db, "keys", "rotate"])
        .env("LEKHOTLA_MASTER_KEY_FILE", dir.path().join("missing.key"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.key"));
}

/// `lekhotla org list | head -n 1` in a `pipefail` script: the reader leaves before the list ends, and the
/// command must end quietly with success, not panic on the closed pipe (a CI run once failed exactly so).
#[test]
fn a_reader_that_leaves_early_is_not_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite(dir.path(), "pipe");
    ok(lekhotla(&db, &["migrate"]));
    ok(lekhotla(&db, &["demo-data", "--cases", "50", "--seed", "2"]));
    let key = db.strip_prefix("sqlite://").map(|file| format!("{file}.key")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_lekhotla"))
        .args(["--db", &db, "org", "list"])
        .env("LEKHOTLA_LOG", "warn")
        .env("LEKHOTLA_MASTER_KEY_FILE", key)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader is gone before the first line is written
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "org list into a closed pipe: {:?}\n{stderr}", out.status);
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// A CSV file as its header and rows.
fn table(dir: &Path, file: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(dir.join(file)).unwrap();
    let header = r.headers().unwrap().iter().map(str::to_owned).collect();
    (header, r.records().map(|x| x.unwrap().iter().map(str::to_owned).collect()).collect())
}

fn col(header: &[String], name: &str) -> usize {
    header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"))
}

/// The victims of a transfer export whose latest Statistics consent was refused or withdrawn.
fn refused_statistics(dir: &Path) -> std::collections::BTreeSet<String> {
    let (h, rows) = table(dir, "consents.csv");
    let (victim, purpose, given, withdrawn) =
        (col(&h, "lk_VictimId"), col(&h, "lk_Purpose"), col(&h, "con_Consent"), col(&h, "lk_WithdrawnOn"));
    let mut latest = std::collections::BTreeMap::new();
    for r in rows.iter().filter(|r| r[purpose] == "Statistics") {
        latest.insert(r[victim].clone(), r[given] != "true" || !r[withdrawn].is_empty());
    }
    latest.into_iter().filter(|(_, out)| *out).map(|(v, _)| v).collect()
}

#[test]
fn a_statistics_export_leaves_out_who_refused_or_withdrew_and_every_sealed_value() {
    let dir = tempfile::tempdir().unwrap();
    let source = sqlite(dir.path(), "source.db");
    ok(lekhotla(&source, &["migrate"]));
    ok(lekhotla(&source, &["demo-data", "--cases", "200", "--seed", "9"]));
    let edited = dir.path().join("edited");
    ok(lekhotla(&source, &["export", "htcds", "--out", edited.to_str().unwrap()]));
    // The demo data has refusals; make one victim withdraw a given statistics consent too.
    let (h, mut rows) = table(&edited, "consents.csv");
    let (victim, purpose, given) = (col(&h, "lk_VictimId"), col(&h, "lk_Purpose"), col(&h, "con_Consent"));
    let (recorded, withdrawn) = (col(&h, "lk_RecordedOn"), col(&h, "lk_WithdrawnOn"));
    let row = rows.iter().position(|r| r[purpose] == "Statistics" && r[given] == "true").unwrap();
    rows[row][withdrawn] = rows[row][recorded].clone();
    let withdrew = rows[row][victim].clone();
    let mut w =
        csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_path(edited.join("consents.csv"));
    let w = w.as_mut().unwrap();
    w.write_record(&h).unwrap();
    for r in &rows {
        w.write_record(r).unwrap();
    }
    w.flush().unwrap();
    let db = sqlite(dir.path(), "stats.db");
    ok(lekhotla(&db, &["migrate"]));
    ok(lekhotla(&db, &["import", "htcds", edited.to_str().unwrap()]));

    let (transfer, stats, again) = (dir.path().join("transfer"), dir.path().join("stats"), dir.path().join("again"));
    ok(lekhotla(&db, &["export", "htcds", "--out", transfer.to_str().unwrap()]));
    let said = ok(lekhotla(&db, &["export", "htcds", "--out", stats.to_str().unwrap(), "--for", "statistics"]));
    ok(lekhotla(&db, &["export", "htcds", "--out", again.to_str().unwrap(), "--for", "transfer"]));
    // The transfer export is what it always was: the edited files back, byte for byte, with no purpose file.
    assert!(files(&edited) == files(&transfer) && files(&transfer) == files(&again), "the transfer export changed");
    assert!(!transfer.join("EXPORT-PURPOSE").exists() && !again.join("EXPORT-PURPOSE").exists());

    let out = refused_statistics(&transfer);
    assert!(out.contains(&withdrew) && out.len() > 1, "{out:?}");
    assert!(said.contains(&format!("left out {} victims", out.len())), "{said}");
    // Nothing names a victim left out, and no sealed value of the transfer export is anywhere.
    let (h, people) = table(&transfer, "persons.csv");
    let sealed_columns = [
        "prs_FirstName",
        "prs_MiddleName",
        "prs_SecondName",
        "prs_Birthdate",
        "prs_IdentityNumber",
        "prs_MobilePhone",
        "prs_HomePhone",
        "prs_Email",
        "prs_MailingStreet",
        "prs_MailingPostalCode",
    ];
    // A postal code (`100`, Maseru's) is an organisation's too: it is checked empty below, not searched for.
    let sealed: std::collections::BTreeSet<&str> = sealed_columns
        .iter()
        .filter(|c| **c != "prs_MailingPostalCode")
        .flat_map(|c| {
            let i = col(&h, c);
            people.iter().map(move |r| r[i].as_str())
        })
        .filter(|v| !v.is_empty())
        .collect();
    let (first, second) = (col(&h, "prs_FirstName"), col(&h, "prs_SecondName"));
    let full_names: Vec<String> =
        people.iter().filter(|r| !r[second].is_empty()).map(|r| format!("{} {}", r[first], r[second])).collect();
    assert!(sealed.len() > 100 && full_names.len() > 100);
    let stats_files = files(&stats);
    assert_eq!(stats_files.len(), files(&transfer).len());
    for (name, bytes) in &stats_files {
        let text = String::from_utf8(bytes.clone()).unwrap();
        for id in &out {
            assert!(!text.contains(id.as_str()), "{name} names victim {id}, left out");
        }
        for full in &full_names {
            assert!(!text.contains(full.as_str()), "{name} holds a person's name");
        }
        if name == "organisations.csv" {
            // Organisations are not people: written as for a transfer (the demo's synthetic phone numbers
            // come from one small block, so a person's may equal an office's), except that a shelter's
            // location is left out.
            let (header, rows) = table(&stats, name);
            let col = |c: &str| header.iter().position(|h| h == c).unwrap();
            let (services, district) = (col("lk_Services"), col("org_ShippingState"));
            let shelters: Vec<_> = rows.iter().filter(|r| r[services].split(';').any(|s| s == "Shelter")).collect();
            assert!(!shelters.is_empty());
            assert!(shelters.iter().all(|r| r[district].is_empty() && r[col("org_ShippingCity")].is_empty()));
            let (_, transfer_rows) = table(&transfer, name);
            assert_eq!(rows.len(), transfer_rows.len());
            continue;
        }
        let (_, rows) = table(&stats, name);
        for cell in rows.iter().flatten() {
            assert!(!sealed.contains(cell.as_str()), "{name} holds a sealed value: {cell}");
        }
    }
    let (h, people) = table(&stats, "persons.csv");
    assert!(people.iter().all(|r| sealed_columns.iter().all(|c| r[col(&h, c)].is_empty())));

    // The files say what they are for, import refuses them, and the audit entry names the purpose.
    let note = std::fs::read_to_string(stats.join("EXPORT-PURPOSE")).unwrap();
    assert!(note.starts_with("statistics\n"), "{note}");
    let empty = sqlite(dir.path(), "empty.db");
    ok(lekhotla(&empty, &["migrate"]));
    let refused = lekhotla(&empty, &["import", "htcds", stats.to_str().unwrap()]);
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("EXPORT-PURPOSE") && err.contains("statistics export"), "{err}");
    let trail = ok(lekhotla(&db, &["audit", "search", "--action", "export"]));
    let purposes: Vec<&str> = trail.lines().map(|l| l.rsplit('\t').next().unwrap()).collect();
    assert_eq!(purposes, ["transfer", "statistics", "transfer"], "{trail}");
}
