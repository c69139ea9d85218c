//! The binary as an operator runs it: SIGTERM lets a request in flight finish with its answer and stops the
//! server cleanly; the probes answer on the public listener and the metrics only on their own.

#![allow(clippy::unwrap_used)] // a test file

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

/// A synthetic pass phrase for the test's account.
const PASSWORD: &str = "a synthetic operations pass phrase";

/// A database in one temporary folder, its keys in another (the audit key is never beside the database).
struct Site {
    dir: tempfile::TempDir,
    keys: tempfile::TempDir,
}

impl Site {
    fn new() -> Self {
        Self { dir: tempfile::tempdir().unwrap(), keys: tempfile::tempdir().unwrap() }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_lekhotla"));
        command
            .arg("--db")
            .arg(format!("sqlite://{}", self.dir.path().join("lekhotla.db").display()))
            .args(args)
            .current_dir(self.dir.path())
            .env("LEKHOTLA_LOG", "warn")
            .env("LEKHOTLA_MASTER_KEY_FILE", self.keys.path().join("master.key"))
            .env("LEKHOTLA_AUDIT_KEY_FILE", self.keys.path().join("audit.key"));
        command
    }

    fn run(&self, args: &[&str], input: &str) -> String {
        let mut child =
            self.command(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        let out: Output = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

/// A running server: its process, public address and metrics address.
struct Server {
    child: Child,
    public: String,
    metrics: String,
}

impl Server {
    fn start(site: &Site) -> Self {
        let mut child = site
            .command(&["serve", "--listen", "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines().map_while(Result::ok);
        let address = |line: &str| line.split("http://").nth(1).map(|rest| rest.split('/').next().unwrap().to_owned());
        let public = lines.by_ref().find(|l| l.contains("is serving")).and_then(|l| address(&l)).unwrap();
        let metrics = lines.find(|l| l.contains("metrics (Prometheus)")).and_then(|l| address(&l)).unwrap();
        Self { child, public, metrics }
    }

    fn signal(&self, name: &str) {
        let sent = Command::new("kill").arg(format!("-{name}")).arg(self.child.id().to_string()).status().unwrap();
        assert!(sent.success());
    }

    /// Waits for the process to end and gives its exit status and standard error.
    fn stopped(mut self) -> (std::process::ExitStatus, String) {
        for _ in 0..200 {
            if let Some(status) = self.child.try_wait().unwrap() {
                let mut err = String::new();
                self.child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
                return (status, err);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        self.child.kill().unwrap();
        panic!("the server did not stop within 20 s");
    }
}

/// Sends `head` and `body` over a fresh connection and reads the whole answer (the server closes it).
fn http(addr: &str, head: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.write_all(head.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

fn get(addr: &str, path: &str) -> String {
    http(addr, &format!("GET {path} HTTP/1.1\r\nHost: lekhotla.test\r\nConnection: close\r\n\r\n"))
}

#[cfg(unix)]
#[test]
fn sigterm_lets_a_sign_in_in_flight_finish_then_the_server_stops() {
    let site = Site::new();
    site.run(&["migrate"], "");
    let org = site.run(&["org", "add", "--name", "Synthetic Operations Office", "--type", "NGO"], "");
    let org = org.trim();
    site.run(
        &["user", "add", "--username", "ops.analyst", "--org", org, "--role", "data-analyst", "--password-stdin"],
        &format!("{PASSWORD}\n"),
    );
    let server = Server::start(&site);
    assert!(get(&server.public, "/livez").starts_with("HTTP/1.1 200"));
    let ready = get(&server.public, "/readyz");
    assert!(ready.starts_with("HTTP/1.1 200") && ready.contains(r#""database":"ok""#), "{ready}");
    assert!(get(&server.public, "/metrics").starts_with("HTTP/1.1 404"), "no metrics on the public listener");
    let metrics = get(&server.metrics, "/metrics");
    assert!(
        metrics.contains(r#"lekhotla_http_requests_total{method="GET",route="/readyz",status="2xx"} 1"#),
        "{metrics}"
    );
    assert!(
        metrics.contains(r#"lekhotla_http_requests_total{method="GET",route="unmatched",status="4xx"} 1"#),
        "{metrics}"
    );

    // A sign-in whose body is half sent when SIGTERM arrives: the server waits for the rest and answers it.
    let body = format!(r#"{{"username":"ops.analyst","password":"{PASSWORD}"}}"#);
    let (first, rest) = body.split_at(body.len() / 2);
    let mut stream = TcpStream::connect(&server.public).unwrap();
    let head = format!(
        "POST /api/v1/session HTTP/1.1\r\nHost: lekhotla.test\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(first.as_bytes()).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    server.signal("TERM");
    std::thread::sleep(Duration::from_millis(500));
    stream.write_all(rest.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    assert!(answer.contains(r#""token":"#), "{answer}");

    let (status, err) = server.stopped();
    assert!(status.success(), "{err}");
    assert!(err.contains("stopped"), "{err}");
}

#[cfg(unix)]
#[test]
fn sigint_stops_an_idle_server_at_once() {
    let site = Site::new();
    site.run(&["migrate"], "");
    let server = Server::start(&site);
    assert!(get(&server.public, "/readyz").starts_with("HTTP/1.1 200"));
    let asked = std::time::Instant::now();
    server.signal("INT");
    let (status, err) = server.stopped();
    assert!(status.success(), "{err}");
    assert!(asked.elapsed() < Duration::from_secs(5), "an idle server waits for nothing: {:?}", asked.elapsed());
}
