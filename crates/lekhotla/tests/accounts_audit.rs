//! Accounts, tokens and the audit trail through the `lekhotla` binary, as an administrator and an auditor use
//! them: organisations, users with a second factor, API tokens, then `audit verify` catching a changed entry and,
//! with a signed checkpoint, a cut tail. Every secret is synthetic and lives in a temporary directory.

#![allow(clippy::unwrap_used)] // a test file

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A database in a temporary directory, its master key and audit key in another (never beside it).
struct Site {
    dir: tempfile::TempDir,
    keys: tempfile::TempDir,
}

impl Site {
    fn new() -> Self {
        Self { dir: tempfile::tempdir().unwrap(), keys: tempfile::tempdir().unwrap() }
    }

    fn db_file(&self) -> PathBuf {
        self.dir.path().join("lekhotla.db")
    }

    fn master_key(&self) -> PathBuf {
        self.keys.path().join("master.key")
    }

    fn audit_key(&self) -> PathBuf {
        self.keys.path().join("audit.key")
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_lekhotla"));
        command
            .arg("--db")
            .arg(format!("sqlite://{}", self.db_file().display()))
            .args(args)
            .current_dir(self.dir.path())
            .env("LEKHOTLA_LOG", "warn")
            .env("LEKHOTLA_MASTER_KEY_FILE", self.master_key())
            .env("LEKHOTLA_AUDIT_KEY_FILE", self.audit_key());
        command
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).stdin(Stdio::null()).output().unwrap()
    }

    /// Runs with `input` on standard input (a password).
    fn run_with_input(&self, args: &[&str], input: &str) -> Output {
        run_with_stdin(self.command(args), input)
    }

    /// Every byte the database keeps, WAL included.
    fn database_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::new();
        for entry in std::fs::read_dir(self.dir.path()).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().unwrap().to_string_lossy().starts_with("lekhotla.db") {
                bytes.extend(std::fs::read(path).unwrap());
            }
        }
        bytes
    }

    /// Runs SQL on the database behind the application's back, as someone with file access could.
    fn tamper(&self, statements: &str) {
        let file = self.db_file();
        let statements = statements.to_owned();
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async move {
            use sqlx::ConnectOptions;
            let mut conn = sqlx::sqlite::SqliteConnectOptions::new().filename(&file).connect().await.unwrap();
            sqlx::raw_sql(sqlx::AssertSqlSafe(statements)).execute(&mut conn).await.unwrap();
            sqlx::Connection::close(conn).await.unwrap();
        });
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

/// `audit verify` found a break: exit code 1, the break on standard error.
fn broken(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn run_with_stdin(mut command: Command, input: &str) -> Output {
    let mut child = command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

/// The value of the first `key: value` line.
fn field<'a>(stdout: &'a str, key: &'a str) -> &'a str {
    values(stdout, key).next().unwrap_or_else(|| panic!("no {key} in\n{stdout}"))
}

fn values<'a>(stdout: &'a str, key: &'a str) -> impl Iterator<Item = &'a str> {
    stdout.lines().filter_map(move |l| l.strip_prefix(key).and_then(|rest| rest.strip_prefix(": ")))
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn accounts_tokens_and_a_tamper_evident_trail() {
    let site = Site::new();
    let migrated = site.run(&["migrate"]);
    ok(&migrated);
    assert!(String::from_utf8_lossy(&migrated.stderr).contains("created the master key file"));
    #[cfg(unix)]
    assert_eq!(mode(&site.master_key()), 0o600);

    // Organisations.
    let org_id = ok(&site.run(&[
        "org",
        "add",
        "--name",
        "Synthetic Police Unit",
        "--type",
        "LawEnforcement",
        "--district",
        "LS-A",
    ]))
    .trim()
    .to_owned();
    assert_eq!(org_id.len(), 36, "{org_id}");
    let err = fails(&site.run(&["org", "add", "--name", "X", "--type", "Police"]));
    assert!(err.contains("LawEnforcement"), "{err}");
    let err = fails(&site.run(&["org", "add", "--name", "X", "--type", "NGO", "--district", "LS-ZZ"]));
    assert!(err.contains("LS-ZZ is not a district"), "{err}");
    let list = ok(&site.run(&["org", "list"]));
    assert_eq!(list.trim(), format!("{org_id}\tSynthetic Police Unit"));

    // A user whose role sees case content: a second factor, shown once.
    let add = ["user", "add", "--username", "thabo.synthetic", "--org", "Synthetic Police Unit"];
    let out = ok(&site.run_with_input(
        &[&add[..], &["--role", "investigator", "--password-stdin"]].concat(),
        "synthetic passphrase one\n",
    ));
    let user_id = field(&out, "id").to_owned();
    let secret = field(&out, "totp-secret");
    assert_eq!(secret.len(), 32, "{out}");
    let uri = field(&out, "otpauth-uri");
    assert!(uri.starts_with("otpauth://totp/Lekhotla:thabo.synthetic?secret="), "{uri}");
    assert!(uri.contains(&format!("secret={secret}&")), "{uri}");
    let codes: Vec<&str> = values(&out, "recovery-code").collect();
    assert_eq!(codes.len(), 10, "{out}");
    assert!(codes.iter().all(|c| c.len() == 29 && c.matches('-').count() == 4), "{codes:?}");
    assert!(out.contains("in person") && out.contains("not shown again"), "{out}");
    let stored = site.database_bytes();
    for plain in [secret, codes[0]] {
        assert!(!stored.windows(plain.len()).any(|w| w == plain.as_bytes()), "the database holds a plaintext secret");
    }

    // A lost phone: a new secret and new codes, printed once; the old ones are gone from the account.
    let reset = ok(&site.run(&["user", "reset-totp", "thabo.synthetic"]));
    let new_secret = field(&reset, "totp-secret");
    assert_ne!(new_secret, secret);
    assert_eq!(values(&reset, "recovery-code").count(), 10, "{reset}");
    assert!(reset.contains("sessions ended"), "{reset}");
    let stored = site.database_bytes();
    assert!(!stored.windows(new_secret.len()).any(|w| w == new_secret.as_bytes()), "plaintext secret stored");

    // Refusals create nothing.
    let err = fails(&site.run_with_input(
        &["user", "add", "--username", "short.pw", "--org", &org_id, "--role", "case-worker", "--password-stdin"],
        "too short\n",
    ));
    assert!(err.contains("at least 12 characters"), "{err}");
    let err = fails(&site.run_with_input(
        &[&add[..], &["--role", "prosecutor", "--password-stdin"]].concat(),
        "synthetic passphrase two\n",
    ));
    assert!(err.contains("thabo.synthetic is taken"), "{err}");
    let err = fails(&site.run_with_input(
        &[
            "user",
            "add",
            "--username",
            "focal.synthetic",
            "--org",
            &org_id,
            "--role",
            "focal-point",
            "--password-stdin",
        ],
        "synthetic passphrase two\n",
    ));
    assert!(err.contains("needs --district"), "{err}");
    let err = fails(&site.run(&[
        "user",
        "add",
        "--username",
        "x.synthetic",
        "--org",
        &org_id,
        "--role",
        "boss",
        "--password-stdin",
    ]));
    assert!(err.contains("unknown role"), "{err}");

    // A user whose roles see no case content needs no second factor; comma lists of roles work.
    let out = ok(&site.run_with_input(
        &[
            "user",
            "add",
            "--username",
            "audrey.synthetic",
            "--org",
            &org_id,
            "--role",
            "auditor,data-analyst",
            "--password-stdin",
        ],
        "synthetic passphrase three\n",
    ));
    assert!(out.contains("second factor: not required") && !out.contains("otpauth"), "{out}");
    let users = ok(&site.run(&["user", "list"]));
    assert_eq!(
        users,
        format!(
            "audrey.synthetic\tdata-analyst,auditor\t{org_id}\tactive\nthabo.synthetic\tinvestigator\t{org_id}\tactive\n"
        )
    );
    ok(&site
        .run_with_input(&["user", "password", "audrey.synthetic", "--password-stdin"], "synthetic passphrase four\n"));

    // API tokens: shown once, never more than the user's roles allow.
    let out = ok(&site.run(&[
        "token",
        "create",
        "--user",
        "thabo.synthetic",
        "--name",
        "synthetic integration",
        "--scope",
        "read-cases,read-statistics",
    ]));
    let token = field(&out, "token");
    assert!(token.starts_with("lkt_") && token.len() == 47, "{out}");
    assert_eq!(field(&out, "scopes"), "read-cases,read-statistics");
    assert!(out.contains("shown only this once"), "{out}");
    assert!(!site.database_bytes().windows(token.len()).any(|w| w == token.as_bytes()), "the database holds the token");
    let token_id = field(&out, "id").to_owned();
    // `token create --user U` without scopes: the narrowest useful one, never `read-sealed` unasked; 90 days.
    let plain = ok(&site.run(&["token", "create", "--user", "thabo.synthetic"]));
    assert_eq!(field(&plain, "scopes"), "read-cases", "{plain}");
    let expires = time::OffsetDateTime::parse(field(&plain, "expires"), &time::format_description::well_known::Rfc3339);
    let days = (expires.unwrap() - time::OffsetDateTime::now_utc()).whole_hours();
    assert!((89 * 24..=90 * 24).contains(&days), "{plain}");
    let sealed = ok(&site.run(&[
        "token",
        "create",
        "--user",
        "thabo.synthetic",
        "--scopes",
        "read-cases,read-sealed",
        "--expires-in",
        "7",
    ]));
    assert_eq!(field(&sealed, "scopes"), "read-cases,read-sealed", "asked for: {sealed}");
    let sealed_id = field(&sealed, "id").to_owned();
    let listed = ok(&site.run(&["token", "list", "--user", "thabo.synthetic"]));
    assert_eq!(listed.lines().count(), 3, "{listed}");
    assert!(listed.lines().all(|l| l.contains("thabo.synthetic") && l.ends_with("\tlive")), "{listed}");
    assert!(listed.contains("last used never"), "{listed}");
    let renewed = ok(&site.run(&["token", "renew", &sealed_id, "--expires-in", "30"]));
    assert!(renewed.starts_with(&format!("renewed the API token {sealed_id}: expires ")), "{renewed}");
    let err = fails(&site.run(&["token", "create", "--user", "thabo.synthetic", "--expires-in", "400"]));
    assert!(err.contains("expires-in"), "{err}");
    let err =
        fails(&site.run(&["token", "create", "--user", "thabo.synthetic", "--name", "x", "--scope", "manage-users"]));
    assert!(err.contains("do not allow the scope(s) manage-users"), "{err}");
    let err =
        fails(&site.run(&["token", "create", "--user", "thabo.synthetic", "--name", "x", "--scope", "everything"]));
    assert!(err.contains("unknown permission"), "{err}");
    ok(&site.run(&["token", "revoke", &token_id]));

    ok(&site.run(&["user", "disable", "thabo.synthetic"]));
    let users = ok(&site.run(&["user", "list"]));
    assert!(users.contains(&format!("thabo.synthetic\tinvestigator\t{org_id}\tdisabled\n")), "{users}");
    let err = fails(&site.run(&["token", "create", "--user", "thabo.synthetic", "--name", "x"]));
    assert!(err.contains("disabled"), "{err}");

    // The trail: what happened, by whom, with no secret in it.
    let created = ok(&site.run(&["audit", "search", "--action", "user.create"]));
    assert_eq!(created.lines().count(), 2, "{created}");
    assert!(created.lines().nth(1).unwrap().contains(&format!("\tcli\tuser.create\tuser/{user_id}\t")), "{created}");
    let token_entry = ok(&site.run(&["audit", "search", "--record", &format!("token/{token_id}")]));
    assert_eq!(token_entry.lines().count(), 2, "created and revoked: {token_entry}");
    assert!(token_entry.lines().all(|l| l.contains(&format!("user/{user_id}"))), "{token_entry}");
    assert!(token_entry.contains("\ttoken.create\t") && token_entry.contains("scope:read-cases,scope:read-statistics"));
    let newest = ok(&site.run(&["audit", "search", "--actor", "cli", "--limit", "3", "--from", "2020-01-01"]));
    let seqs: Vec<u64> = newest.lines().map(|l| l.split('\t').next().unwrap().parse().unwrap()).collect();
    assert!(seqs.len() == 3 && seqs.windows(2).all(|w| w[0] > w[1]), "{newest}");

    let verified = ok(&site.run(&["audit", "verify"]));
    assert!(
        verified.starts_with(&format!("audit trail intact: {} entries, head #{} ", seqs[0], seqs[0])),
        "{verified}"
    );

    // A signed checkpoint, then the trail still verifies, with the key file or the printed public key.
    let out = ok(&site.run(&["audit", "checkpoint"]));
    let checkpoint: u64 = field(&out, "seq").parse().unwrap();
    assert_eq!(checkpoint, seqs[0]);
    assert_eq!(field(&out, "signature").len(), 128);
    let public_key = field(&out, "public-key").to_owned();
    #[cfg(unix)]
    assert_eq!(mode(&site.audit_key()), 0o600);
    assert!(ok(&site.run(&["audit", "verify"])).contains("1 signed checkpoint(s) hold"));
    ok(&site.run(&["audit", "verify", "--key", &public_key]));
    let wrong_key = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    let err = broken(&site.run(&["audit", "verify", "--key", wrong_key]));
    assert!(err.contains("signature does not verify"), "{err}");

    // Someone with the database file rewrites who did something: the chain names the entry.
    let org_entry = ok(&site.run(&["audit", "search", "--action", "org.create"]));
    let org_seq = org_entry.split('\t').next().unwrap().to_owned();
    site.tamper(&format!(
        "DROP TRIGGER audit_log_refuses_update; UPDATE audit_log SET actor = 'user/someone-else' WHERE seq = {org_seq}"
    ));
    let err = broken(&site.run(&["audit", "verify"]));
    assert!(err.contains(&format!("audit chain broken at seq {org_seq}:")) && err.contains("was changed"), "{err}");
    site.tamper(&format!("UPDATE audit_log SET actor = 'cli' WHERE seq = {org_seq}"));
    // The entry is back as it was, but the trigger it took to change it is still gone: that is named too.
    let err = broken(&site.run(&["audit", "verify"]));
    assert!(err.contains("audit safeguard audit_log_refuses_update is missing"), "{err}");
    site.tamper(
        "CREATE TRIGGER audit_log_refuses_update BEFORE UPDATE ON audit_log \
         BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    );
    ok(&site.run(&["audit", "verify"]));

    // Cutting off the tail leaves a valid shorter chain; only the signed checkpoint reveals it.
    site.tamper(&format!("DROP TRIGGER audit_log_refuses_delete; DELETE FROM audit_log WHERE seq >= {checkpoint}"));
    let err = broken(&site.run(&["audit", "verify"]));
    assert!(err.contains(&format!("checkpoint at seq {checkpoint} failed")) && err.contains("tail truncated"), "{err}");
    // And a checkpoint of the cut chain is refused.
    let err = fails(&site.run(&["audit", "checkpoint"]));
    assert!(err.contains("NOT intact"), "{err}");
}

#[test]
fn a_wrong_or_missing_master_key_is_refused_clearly() {
    let site = Site::new();
    ok(&site.run(&["migrate"]));
    ok(&site.run(&["org", "add", "--name", "Synthetic Shelter", "--type", "NGO"]));
    let add = [
        "user",
        "add",
        "--username",
        "lerato.synthetic",
        "--org",
        "Synthetic Shelter",
        "--role",
        "case-worker",
        "--password-stdin",
    ];

    let other = site.dir.path().join("other.key");
    let mut file = std::fs::File::create(&other).unwrap();
    file.write_all(b"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&other, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let mut command = site.command(&add);
    command.env("LEKHOTLA_MASTER_KEY_FILE", &other);
    let out = run_with_stdin(command, "synthetic passphrase one\n");
    let err = fails(&out);
    assert!(err.contains("does not open this database's keys") && err.contains("other.key"), "{err}");

    let mut command = site.command(&add);
    command.env("LEKHOTLA_MASTER_KEY_FILE", site.dir.path().join("missing.key"));
    let err = fails(&run_with_stdin(command, "synthetic passphrase one\n"));
    assert!(err.contains("no master key file") && err.contains("missing.key"), "{err}");

    assert_eq!(ok(&site.run(&["user", "list"])), "", "a refused user was created");
    ok(&site.run_with_input(&add, "synthetic passphrase one\n"));
}
