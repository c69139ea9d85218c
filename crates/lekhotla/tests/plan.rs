//! `lekhotla plan import` and `plan export` as a user runs them: a file with problems is refused whole, each
//! problem named by row, line and field, and changes nothing; a good plan and its recommendations read back
//! as written. The illustrative files of `data/plan`, in a temporary directory.

#![allow(clippy::unwrap_used)] // a test file

use std::path::Path;
use std::process::{Command, Output};

const PLAN: &str = include_str!("../../../data/plan/illustrative-action-plan.csv");
const RECS: &str = include_str!("../../../data/plan/illustrative-recommendations-2025.csv");

fn lekhotla(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lekhotla"))
        .arg("--db")
        .arg(format!("sqlite://{}", dir.join("plan.db").display()))
        .args(args)
        .env("LEKHOTLA_LOG", "warn")
        .env("LEKHOTLA_MASTER_KEY_FILE", dir.join("plan.key"))
        .output()
        .expect("the binary runs")
}

fn ok(out: Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "failed: {}\n{stdout}", String::from_utf8_lossy(&out.stderr));
    stdout
}

/// The first line of `text` that starts with `prefix`, its number from 1.
fn line_of(text: &str, prefix: &str) -> usize {
    text.lines().position(|l| l.starts_with(prefix)).unwrap() + 1
}

#[test]
fn a_bad_plan_changes_nothing_and_a_good_one_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(lekhotla(d, &["migrate"]));
    let file = |name: &str, text: &str| {
        let path = d.join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_owned()
    };
    let plan = file("plan.csv", PLAN);
    let recs = file("recs.csv", RECS);

    // Nothing stored yet: export says so.
    let none = lekhotla(d, &["plan", "export"]);
    assert!(!none.status.success());
    assert!(String::from_utf8_lossy(&none.stderr).contains("no action plan is stored"));

    // A plan with a bad status: the problem by row, line and field; nothing written.
    let activity = PLAN.lines().find(|l| l.starts_with("activity,") && l.contains(",in_progress,")).unwrap();
    let bad = file("bad.csv", &PLAN.replacen(activity, &activity.replacen(",in_progress,", ",ongoing,", 1), 1));
    let out = lekhotla(d, &["plan", "import", &bad, "--recommendations", &recs]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("(line {}), status:", line_of(PLAN, activity))), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");
    assert!(!lekhotla(d, &["plan", "export"]).status.success(), "a refused import wrote a plan");

    // A district the geography does not have, named on its activity's row.
    let national = PLAN.lines().find(|l| l.starts_with("activity,") && l.contains(",national,")).unwrap();
    let bad = file("bad-district.csv", &PLAN.replacen(national, &national.replacen(",national,", ",LS-Z,", 1), 1));
    let out = lekhotla(d, &["plan", "import", &bad]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("(line {}), districts:", line_of(PLAN, national))), "{err}");
    assert!(!lekhotla(d, &["plan", "export"]).status.success(), "a refused import wrote a plan");

    // Recommendations naming an activity the plan lacks are refused against the plan.
    let bad_recs = file("bad-recs.csv", &RECS.replacen("|", "|9.9.9|", 1));
    let out = lekhotla(d, &["plan", "import", &plan, "--recommendations", &bad_recs]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("activities: the plan has no activity 9.9.9"), "{err}");
    assert!(!lekhotla(d, &["plan", "export"]).status.success(), "refused recommendations wrote a plan");

    // A good pair loads and reads back as the domain writes it.
    let said = ok(lekhotla(d, &["plan", "import", &plan, "--recommendations", &recs]));
    assert!(said.contains("version 1") && said.contains("8 recommendations"), "{said}");
    let exported = ok(lekhotla(d, &["plan", "export"]));
    let expected = lekhotla_domain::ActionPlan::from_csv(PLAN).unwrap();
    assert_eq!(lekhotla_domain::ActionPlan::from_csv(&exported).unwrap(), expected);
    let out = d.join("recs-out.csv");
    ok(lekhotla(d, &["plan", "export", "--recommendations", "--out", out.to_str().unwrap()]));
    let back = lekhotla_domain::Recommendations::from_csv(&std::fs::read_to_string(&out).unwrap(), &expected).unwrap();
    assert_eq!(back, lekhotla_domain::Recommendations::from_csv(RECS, &expected).unwrap());

    // A new plan without --recommendations keeps the stored ones.
    let said = ok(lekhotla(d, &["plan", "import", &plan]));
    assert!(said.contains("version 2") && said.contains("8 recommendations"), "{said}");
}
