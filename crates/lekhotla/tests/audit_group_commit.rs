//! A revealed read is answered only after its audit entry committed, on SQLite and on PostgreSQL (with
//! `LEKHOTLA_TEST_PG_URL`): the server, held between the group commit and its answers
//! (`LEKHOTLA_TEST_AUDIT_HOLD_MS`), is killed there; no reader got an answer, and every read it was
//! revealing is in the chain after the restart, which verifies.

#![allow(clippy::unwrap_used)] // a test file

#[path = "tamper/site.rs"]
mod site;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use lekhotla_audit::Action;
use site::{Backend, Site};

const READERS: usize = 12;

#[test]
fn killed_between_the_commit_and_the_answers_no_revealed_read_is_missing_sqlite() {
    scenario(Backend::Sqlite);
}

#[test]
fn killed_between_the_commit_and_the_answers_no_revealed_read_is_missing_postgres() {
    scenario(Backend::Postgres);
}

fn scenario(backend: Backend) {
    let Some(site) = Site::new(backend) else { return eprintln!("skipped: LEKHOTLA_TEST_PG_URL is not set") };
    site.ok(&["migrate"]);
    site.ok(&[
        "org",
        "add",
        "--name",
        "Synthetic Focal Office",
        "--type",
        "LocalGovernmentOrganisation",
        "--district",
        "LS-A",
    ]);
    let org = site.ok(&["org", "list"]).lines().next().unwrap().split('\t').next().unwrap().to_owned();
    let mut add = site
        .command(&[
            "user",
            "add",
            "--username",
            "group.reader",
            "--org",
            &org,
            "--role",
            "focal-point",
            "--district",
            "LS-A",
            "--password-stdin",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    add.stdin.take().unwrap().write_all(b"group commit synthetic pass phrase\n").unwrap();
    assert!(add.wait().unwrap().success());
    let token = site.ok(&[
        "token",
        "create",
        "--user",
        "group.reader",
        "--name",
        "reader",
        "--scope",
        "read-cases,write-cases,read-sealed",
    ]);
    let token = token.lines().find_map(|l| l.strip_prefix("token: ")).unwrap().trim().to_owned();

    // Cases with a named victim each, written while answers are not held.
    let port = free_port();
    let mut server = serve(&site, port, None);
    let mut with_victims = Vec::new();
    for n in 0..READERS {
        let case = format!(
            r#"{{"organisation":"{org}","district":"LS-A","detection_source":"Police","detected_on":"2026-10-01"}}"#
        );
        let created = request(port, &token, "POST", "/api/v1/cases", &case).unwrap();
        assert!(created.starts_with("HTTP/1.1 201"), "{created}");
        let id = json_of(&created)["id"].as_str().unwrap().to_owned();
        let victim = format!(
            r#"{{"person":{{"first_name":"Synthetic{}","second_name":"Groupcommit","gender":"Feminine","phone":"+26650000{n:03}"}},"context":{{"trafficking_status":"PossibleVictimOfTrafficking","status_decided_by":"Police","identified_on":"2026-10-02","exploitation_types":["ForcedLabour"]}}}}"#,
            char::from(b'A' + u8::try_from(n).unwrap())
        );
        let added = request(port, &token, "POST", &format!("/api/v1/cases/{id}/victims"), &victim).unwrap();
        assert!(added.starts_with("HTTP/1.1 201"), "{added}");
        with_victims.push(id);
    }
    server.kill().unwrap();
    server.wait().unwrap();

    // Held for ten minutes after each commit: far longer than the test waits.
    let mut server = serve(&site, port, Some(600_000));
    let reads_before = sealed_reads(&site);

    let readers: Vec<_> = with_victims
        .iter()
        .map(|id| {
            let (token, path) = (token.clone(), format!("/api/v1/cases/{id}"));
            std::thread::spawn(move || get(port, &token, &path))
        })
        .collect();
    // Wait until every read's entry is committed; by then not one reader may have its answer.
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut readers = readers;
    let answered_early = |readers: &mut Vec<std::thread::JoinHandle<std::io::Result<String>>>, server: &mut Server| {
        if let Some(i) = readers.iter().position(std::thread::JoinHandle::is_finished) {
            server.kill().unwrap();
            panic!("a reader was answered before the answers were released: {:?}", readers.remove(i).join().unwrap());
        }
    };
    while sealed_reads(&site) < reads_before + READERS {
        assert!(Instant::now() < deadline, "the reads' entries were not committed within 60 s");
        answered_early(&mut readers, &mut server);
        std::thread::sleep(Duration::from_millis(50));
    }
    answered_early(&mut readers, &mut server);
    server.kill().unwrap(); // SIGKILL
    server.wait().unwrap();
    for reader in readers {
        let answer = reader.join().unwrap();
        assert!(answer.as_ref().is_err() || answer.as_ref().unwrap().is_empty(), "answered: {answer:?}");
    }

    // After the restart: every read is in the chain, once each, and the chain verifies.
    let after: Vec<String> =
        site.entries().into_iter().filter(|e| e.action == Action::SealedRead).filter_map(|e| e.record).collect();
    for id in &with_victims {
        assert_eq!(after.iter().filter(|r| **r == format!("case/{id}")).count(), 1, "case/{id}");
    }
    site.ok(&["audit", "verify"]);
    let mut server = serve(&site, port, None);
    let again = get(port, &token, &format!("/api/v1/cases/{}", with_victims[0])).unwrap();
    assert!(again.starts_with("HTTP/1.1 200"), "{again}");
    assert_eq!(sealed_reads(&site), reads_before + READERS + 1);
    server.kill().unwrap();
    server.wait().unwrap();
    site.ok(&["audit", "verify"]);
}

fn sealed_reads(site: &Site) -> usize {
    site.entries().iter().filter(|e| e.action == Action::SealedRead).count()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A server killed (SIGKILL) when dropped, so a failing test leaves none behind.
struct Server(Child);

impl Server {
    fn kill(&mut self) -> std::io::Result<()> {
        self.0.kill()
    }

    fn wait(&mut self) -> std::io::Result<std::process::ExitStatus> {
        self.0.wait()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(site: &Site, port: u16, hold_ms: Option<u64>) -> Server {
    let mut command = site.command(&["serve", "--listen", &format!("127.0.0.1:{port}")]);
    match hold_ms {
        Some(ms) => command.env("LEKHOTLA_TEST_AUDIT_HOLD_MS", ms.to_string()),
        None => command.env_remove("LEKHOTLA_TEST_AUDIT_HOLD_MS"),
    };
    let mut child = command.stdout(Stdio::null()).spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while !get(port, "", "/healthz").is_ok_and(|a| a.starts_with("HTTP/1.1 200")) {
        assert!(child.try_wait().unwrap().is_none(), "the server exited while starting");
        assert!(Instant::now() < deadline, "the server was not ready within 60 s");
        std::thread::sleep(Duration::from_millis(20));
    }
    Server(child)
}

/// One GET over its own connection; the whole answer as text (empty when the connection closed unanswered).
fn get(port: u16, token: &str, path: &str) -> std::io::Result<String> {
    request(port, token, "GET", path, "")
}

/// One request over its own connection, a JSON body when not empty; the whole answer as text.
fn request(port: u16, token: &str, method: &str, path: &str, body: &str) -> std::io::Result<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(120)))?;
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer)?;
    Ok(String::from_utf8_lossy(&answer).into_owned())
}

fn json_of(answer: &str) -> serde_json::Value {
    serde_json::from_str(answer.split("\r\n\r\n").nth(1).unwrap()).unwrap()
}
