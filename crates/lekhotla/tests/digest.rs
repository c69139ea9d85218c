//! The daily digest through the `lekhotla` binary, against a local SMTP sink: a Mafeteng focal point with a
//! Sesotho digest address and the national coordinator with an English one each get one e-mail listing the
//! demo's referrals past their deadline that they are told of (the focal point those of its hub's districts),
//! and nothing else; a bad address or relay is refused clearly. `serve --digest-at` sends the same digests
//! itself at the time given (Maseru time). Synthetic data in a temporary directory.

#![allow(clippy::unwrap_used)] // a test file

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};

struct Site {
    dir: tempfile::TempDir,
    keys: tempfile::TempDir,
}

impl Site {
    /// The binary with `args`, on this site's database and keys.
    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_lekhotla"));
        command
            .arg("--db")
            .arg(format!("sqlite://{}", self.dir.path().join("lekhotla.db").display()))
            .args(args)
            .env("LEKHOTLA_LOG", "warn")
            .env("LEKHOTLA_MASTER_KEY_FILE", self.keys.path().join("master.key"))
            .env("LEKHOTLA_AUDIT_KEY_FILE", self.keys.path().join("audit.key"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        command
    }

    fn run(&self, args: &[&str], input: Option<&str>) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_lekhotla"));
        command
            .arg("--db")
            .arg(format!("sqlite://{}", self.dir.path().join("lekhotla.db").display()))
            .args(args)
            .env("LEKHOTLA_LOG", "warn")
            .env("LEKHOTLA_MASTER_KEY_FILE", self.keys.path().join("master.key"))
            .env("LEKHOTLA_AUDIT_KEY_FILE", self.keys.path().join("audit.key"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().unwrap();
        if let Some(text) = input {
            child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
        }
        drop(child.stdin.take());
        child.wait_with_output().unwrap()
    }

    fn ok(&self, args: &[&str], input: Option<&str>) -> String {
        let out = self.run(args, input);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }
}

/// A minimal SMTP server that accepts every message and keeps it: one connection at a time.
fn sink() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let kept = Arc::new(Mutex::new(Vec::new()));
    let into = kept.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let _ = serve(stream, &into);
        }
    });
    (port, kept)
}

fn serve(stream: TcpStream, kept: &Mutex<Vec<String>>) -> std::io::Result<()> {
    let mut out = stream.try_clone()?;
    let mut lines = BufReader::new(stream);
    out.write_all(b"220 sink ESMTP\r\n")?;
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let verb = line.trim_end().to_ascii_uppercase();
        if verb.starts_with("EHLO") || verb.starts_with("HELO") {
            out.write_all(b"250-sink\r\n250 8BITMIME\r\n")?;
        } else if verb.starts_with("DATA") {
            out.write_all(b"354 go on\r\n")?;
            let mut message = String::new();
            loop {
                line.clear();
                lines.read_line(&mut line)?;
                if line == ".\r\n" || line.is_empty() {
                    break;
                }
                message.push_str(&line);
            }
            kept.lock().unwrap().push(decoded(&message));
            out.write_all(b"250 kept\r\n")?;
        } else if verb.starts_with("QUIT") {
            out.write_all(b"221 bye\r\n")?;
            return Ok(());
        } else {
            out.write_all(b"250 ok\r\n")?;
        }
    }
}

/// A message's text with its quoted-printable body decoded (soft line breaks joined, `=XX` bytes restored).
fn decoded(message: &str) -> String {
    if !message.contains("Content-Transfer-Encoding: quoted-printable") {
        assert!(!message.contains("Content-Transfer-Encoding: base64"), "a digest is readable text");
        return message.to_owned();
    }
    let joined = message.replace("=\r\n", "");
    let mut bytes = Vec::new();
    let raw = joined.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'='
            && i + 2 < raw.len()
            && let Ok(b) = u8::from_str_radix(&joined[i + 1..i + 3], 16)
        {
            bytes.push(b);
            i += 3;
            continue;
        }
        bytes.push(raw[i]);
        i += 1;
    }
    String::from_utf8(bytes).unwrap()
}

#[test]
fn overdue_referrals_reach_each_persons_digest_in_their_language() {
    let site = Site { dir: tempfile::tempdir().unwrap(), keys: tempfile::tempdir().unwrap() };
    site.ok(&["migrate"], None);
    site.ok(&["demo-data", "--cases", "300", "--seed", "7"], None);
    let org = site.ok(&["org", "list"], None).lines().next().unwrap().split('\t').next().unwrap().to_owned();
    for (name, role, district) in
        [("digest.focal", "focal-point", Some("LS-E")), ("digest.coordinator", "national-coordinator", None)]
    {
        let mut args = vec!["user", "add", "--username", name, "--org", &org, "--role", role, "--password-stdin"];
        if let Some(d) = district {
            args.extend(["--district", d]);
        }
        site.ok(&args, Some("a synthetic pass phrase\n"));
    }
    site.ok(
        &["digest", "address", "--username", "digest.focal", "--email", "focal@example.org", "--language", "st"],
        None,
    );
    site.ok(&["digest", "address", "--username", "digest.coordinator", "--email", "coordinator@example.org"], None);
    let bad = site.run(&["digest", "address", "--username", "digest.focal", "--email", "not an address"], None);
    assert!(!bad.status.success() && String::from_utf8_lossy(&bad.stderr).contains("is not an e-mail address"));

    let dry = site.ok(&["digest", "send", "--dry-run"], None);
    assert!(dry.contains("2 digests composed, none sent"), "{dry}");
    let (port, kept) = sink();
    let sent = site.ok(
        &["digest", "send", "--smtp", &format!("smtp://127.0.0.1:{port}"), "--base-url", "http://lekhotla.test"],
        None,
    );
    assert!(sent.contains("2 digests sent, 0 not sent"), "{sent}");
    let mails = kept.lock().unwrap().clone();
    assert_eq!(mails.len(), 2);
    let focal = mails.iter().find(|m| m.contains("To: focal@example.org")).unwrap();
    let coordinator = mails.iter().find(|m| m.contains("To: coordinator@example.org")).unwrap();
    // The focal point's in Sesotho, the coordinator's in English; each case linked, no person named.
    assert!(focal.contains("Lumela.") && focal.contains("http://lekhotla.test/cases/LS-"), "{focal}");
    assert!(coordinator.contains("Good morning.") && coordinator.contains("escalated: past twice its deadline"));
    // What the dry run listed is what was sent.
    for m in [focal, coordinator] {
        let cases = m.lines().filter(|l| l.starts_with("LS-")).count();
        assert!(cases > 0, "{m}");
    }

    let refused = site.run(&["digest", "send", "--smtp", "127.0.0.1:25"], None);
    assert!(String::from_utf8_lossy(&refused.stderr).contains("is not an SMTP relay's URL"));

    // `serve --digest-at` a few seconds from now (Maseru is UTC+2): the same two digests, with no cron job.
    let (port, kept) = sink();
    let at = time::OffsetDateTime::now_utc().to_offset(time::macros::offset!(+2)) + time::Duration::seconds(6);
    let at = format!("{:02}:{:02}:{:02}", at.hour(), at.minute(), at.second());
    let smtp = format!("smtp://127.0.0.1:{port}");
    let mut server =
        site.command(&["serve", "--listen", "127.0.0.1:0", "--digest-at", &at, "--smtp", &smtp]).spawn().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while kept.lock().unwrap().len() < 2 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let _ = server.kill();
    let out = server.wait_with_output().unwrap();
    let mails = kept.lock().unwrap().clone();
    assert_eq!(mails.len(), 2, "sent by serve at {at}: {}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("the daily digest goes out at {}", &at[..5])));
    assert!(mails.iter().any(|m| m.contains("To: focal@example.org") && m.contains("Lumela.")));
    let refused = site.run(&["serve", "--digest-at", "06:00"], None);
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--smtp"), "the relay is required");
}
