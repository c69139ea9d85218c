//! `user add --enrol-at-sign-in`: an account whose roles need a second factor, created with none, so that
//! the person enrols it themselves from the QR code of the web page at their first sign-in (as `serve --demo`
//! makes its coordinator and focal point); no secret or recovery code is printed. Synthetic, in a temporary
//! directory.

#![allow(clippy::unwrap_used)] // a test file

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn lekhotla(dir: &std::path::Path, keys: &std::path::Path, args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lekhotla"))
        .arg("--db")
        .arg(format!("sqlite://{}", dir.join("lekhotla.db").display()))
        .args(args)
        .current_dir(dir)
        .env("LEKHOTLA_LOG", "warn")
        .env("LEKHOTLA_MASTER_KEY_FILE", keys.join("master.key"))
        .env("LEKHOTLA_AUDIT_KEY_FILE", keys.join("audit.key"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

#[test]
fn an_account_made_to_enrol_at_sign_in_prints_no_secret() {
    let (dir, keys) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let run = |args: &[&str], input: &str| lekhotla(dir.path(), keys.path(), args, input);
    run(&["migrate"], "");
    run(&["org", "add", "--name", "Synthetic Police Unit", "--type", "LawEnforcement"], "");
    let add = |name: &'static str, more: &'static [&'static str]| {
        let mut args = vec!["user", "add", "--username", name, "--org", "Synthetic Police Unit"];
        args.extend(["--role", "investigator", "--password-stdin"]);
        args.extend(more);
        args
    };
    let later = run(&add("lerato.synthetic", &["--enrol-at-sign-in"]), "synthetic passphrase one\n");
    let out = String::from_utf8_lossy(&later.stdout);
    assert!(out.contains("second factor: enrolled by lerato.synthetic at their first sign-in"), "{out}");
    assert!(!out.contains("totp-secret") && !out.contains("otpauth") && !out.contains("recovery-code"), "{out}");
    // Without the flag, the secret is printed once, as before.
    let now = run(&add("palesa.synthetic", &[]), "synthetic passphrase two\n");
    assert!(String::from_utf8_lossy(&now.stdout).contains("totp-secret: "));
}
