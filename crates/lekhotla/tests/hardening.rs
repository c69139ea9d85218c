//! What the binary leaves on disk and refuses at the command line: files its owner's alone whatever the
//! umask, no two organisations of one name in one district, no common password or one built from the
//! username.

#![allow(clippy::unwrap_used)] // a test file

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A database and its master key in a temporary directory; every command runs under umask 022, the
/// usual default that makes new files readable by all.
struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn new() -> Self {
        Self { dir: tempfile::tempdir().unwrap() }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg("umask 022 && exec \"$0\" \"$@\"")
            .arg(env!("CARGO_BIN_EXE_lekhotla"))
            .arg("--db")
            .arg(format!("sqlite://{}", self.path("lekhotla.db").display()))
            .args(args)
            .current_dir(self.dir.path())
            .env("LEKHOTLA_LOG", "warn")
            .env("LEKHOTLA_MASTER_KEY_FILE", self.path("master.key"));
        command
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).stdin(Stdio::null()).output().unwrap()
    }

    fn run_with_input(&self, args: &[&str], input: &str) -> Output {
        let mut child =
            self.command(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    }
}

fn ok(out: &Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "failed: {}\n{stdout}", String::from_utf8_lossy(&out.stderr));
    stdout
}

fn fails(out: &Output) -> String {
    assert!(!out.status.success(), "should have failed:\n{}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn the_database_and_exports_are_their_owners_alone_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let site = Site::new();
    ok(&site.run(&["migrate"]));
    ok(&site.run(&["demo-data", "--cases", "20", "--seed", "3"]));
    assert_eq!(mode(&site.path("lekhotla.db")), 0o600);

    // Exports carry names: a folder and files no one else reads.
    let out = site.path("exports/transfer");
    ok(&site.run(&["export", "htcds", "--out", out.to_str().unwrap()]));
    assert_eq!(mode(&site.path("exports")), 0o700);
    assert_eq!(mode(&out), 0o700);
    let files: Vec<PathBuf> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().path()).collect();
    assert!(files.len() >= 5, "{files:?}");
    for file in &files {
        assert_eq!(mode(file), 0o600, "{}", file.display());
    }

    // A database an older version left readable by all is tightened when opened; while the server runs,
    // its WAL and shm are private too.
    std::fs::set_permissions(site.path("lekhotla.db"), std::fs::Permissions::from_mode(0o644)).unwrap();
    let mut server = site
        .command(&["serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(server.stdout.take().unwrap()).lines();
    let serving = lines.by_ref().map_while(Result::ok).find(|l| l.contains("is serving"));
    let modes: Vec<(String, u32)> = ["lekhotla.db", "lekhotla.db-wal", "lekhotla.db-shm"]
        .iter()
        .map(|f| ((*f).to_owned(), mode(&site.path(f))))
        .collect();
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(serving.is_some(), "the server did not start");
    for (file, mode) in modes {
        assert_eq!(mode, 0o600, "{file}");
    }
}

#[test]
fn no_two_organisations_share_a_name_in_one_district() {
    let site = Site::new();
    ok(&site.run(&["migrate"]));
    let add = |name: &str, district: Option<&str>| {
        let mut args = vec!["org", "add", "--name", name, "--type", "NGO"];
        if let Some(d) = district {
            args.extend(["--district", d]);
        }
        site.run(&args)
    };
    ok(&add("Synthetic Haven", Some("LS-A")));
    let err = fails(&add("  synthetic  HAVEN ", Some("LS-A")));
    assert!(err.contains("already an organisation named") && err.contains("LS-A"), "{err}");
    ok(&add("Synthetic Haven", Some("LS-B")));
    ok(&add("Synthetic Haven", None));
    let err = fails(&add("SYNTHETIC HAVEN", None));
    assert!(err.contains("already an organisation named"), "{err}");
    let list = ok(&site.run(&["org", "list"]));
    assert_eq!(list.lines().filter(|l| l.to_lowercase().contains("synthetic haven")).count(), 3, "{list}");
}

#[test]
fn a_common_password_or_one_built_from_the_username_is_refused() {
    let site = Site::new();
    ok(&site.run(&["migrate"]));
    let org = ok(&site.run(&["org", "add", "--name", "Synthetic Ministry", "--type", "CentralGovernmentOrganisation"]));
    let add = |username: &str, password: &str| {
        site.run_with_input(
            &["user", "add", "--username", username, "--org", org.trim(), "--role", "data-analyst", "--password-stdin"],
            &format!("{password}\n"),
        )
    };
    for (password, why) in [
        ("qwerty123456", "common or breached"),
        ("Password2026!", "common or breached"),
        ("Lekhotla-2026", "username or the name Lekhotla"),
        ("Lineo.Synthetic1", "username or the name Lekhotla"),
    ] {
        let err = fails(&add("lineo.synthetic", password));
        assert!(err.contains(why), "{password}: {err}");
    }
    let list = ok(&site.run(&["user", "list"]));
    assert!(!list.contains("lineo.synthetic"), "{list}");
    ok(&add("lineo.synthetic", "a synthetic pass phrase"));
}
