//! PostgreSQL's own tools, driven for backups: `pg_dump` (custom format, to standard output) and `pg_restore`
//! (from standard input, into an empty database, in one transaction). The database URL's password goes to
//! them in `PGPASSWORD`, never on their command line, where other users of the machine could read it.

use std::io::{Read, Write};
use std::process::{Child, Command, Stdio};

use anyhow::{Context, anyhow, bail};
use percent_encoding::percent_decode_str;

/// The first bytes of every `pg_dump` custom-format archive.
pub const DUMP_MAGIC: &[u8] = b"PGDMP";

/// `program` connecting to `url`, its password (if any) in the environment only.
fn command(program: &str, url: &str) -> anyhow::Result<Command> {
    // The parse error could echo the URL, password and all: say only that it is malformed.
    let mut parsed = url::Url::parse(url).map_err(|_| anyhow!("the PostgreSQL URL is malformed"))?;
    let password = parsed.password().map(|p| percent_decode_str(p).decode_utf8_lossy().into_owned());
    parsed.set_password(None).map_err(|()| anyhow!("the PostgreSQL URL is malformed"))?;
    let mut command = Command::new(program);
    command.arg("--dbname").arg(parsed.as_str()).arg("--no-password");
    match password {
        Some(password) => command.env("PGPASSWORD", password),
        None => command.env_remove("PGPASSWORD"),
    };
    Ok(command)
}

fn spawn(mut command: Command, program: &str) -> anyhow::Result<Child> {
    command.spawn().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            anyhow!(
                "{program} is not installed: install PostgreSQL's client programs of the server's major version or \
                 newer (Debian: postgresql-client)"
            )
        } else {
            anyhow!("cannot start {program}: {e}")
        }
    })
}

/// Reads a child's standard error on a thread of its own, so that a chatty child never blocks on it.
fn collect_stderr(child: &mut Child) -> std::thread::JoinHandle<String> {
    let stderr = child.stderr.take();
    std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut stderr) = stderr {
            let _ = stderr.read_to_string(&mut text);
        }
        text
    })
}

fn finish(mut child: Child, errors: std::thread::JoinHandle<String>, program: &str) -> anyhow::Result<()> {
    let status = child.wait().with_context(|| format!("waiting for {program}"))?;
    let errors = errors.join().unwrap_or_default();
    if !status.success() {
        bail!("{program} failed ({status}): {}", errors.trim());
    }
    Ok(())
}

/// Runs `pg_dump` of the database at `url` (custom format: compressed, every table, the schema, the migration
/// records) into `out`; returns the bytes written. Blocking.
pub fn dump(url: &str, out: &mut dyn Write) -> anyhow::Result<u64> {
    let mut command = command("pg_dump", url)?;
    command.arg("--format=custom").stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = spawn(command, "pg_dump")?;
    let errors = collect_stderr(&mut child);
    let copied = match child.stdout.take() {
        Some(mut stdout) => std::io::copy(&mut stdout, out),
        None => Err(std::io::Error::other("no standard output")),
    };
    // pg_dump's own failure explains a short copy better than the broken pipe does.
    finish(child, errors, "pg_dump")?;
    copied.context("copying pg_dump's output into the backup")
}

/// Runs `pg_restore` into the (empty) database at `url` from the archive `input`: in one transaction, so a
/// failure leaves the database empty; objects belong to the user restoring, grants are not replayed. Blocking.
pub fn restore(url: &str, input: &mut dyn Read) -> anyhow::Result<u64> {
    let mut command = command("pg_restore", url)?;
    command
        .args(["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = spawn(command, "pg_restore")?;
    let errors = collect_stderr(&mut child);
    let copied = match child.stdin.take() {
        // Dropping stdin at the end of the arm ends pg_restore's input.
        Some(mut stdin) => std::io::copy(input, &mut stdin),
        None => Err(std::io::Error::other("no standard input")),
    };
    finish(child, errors, "pg_restore")?;
    copied.context("copying the backup into pg_restore")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn the_password_goes_to_the_environment_not_to_the_command_line() {
        let c = command("pg_dump", "postgres://lekhotla:s%40cret@db.example:5433/registry?sslmode=require").unwrap();
        let args: Vec<String> = c.get_args().map(|a| a.to_string_lossy().into_owned()).collect();
        assert!(args.iter().all(|a| !a.contains("s%40cret") && !a.contains("s@cret")), "{args:?}");
        assert!(args.contains(&"postgres://lekhotla@db.example:5433/registry?sslmode=require".to_owned()), "{args:?}");
        let env: Vec<_> = c.get_envs().collect();
        assert!(env.iter().any(|(k, v)| *k == "PGPASSWORD" && *v == Some(std::ffi::OsStr::new("s@cret"))), "{env:?}");

        let c = command("pg_dump", "postgres://postgres@127.0.0.1:5432/lk").unwrap();
        assert!(c.get_envs().any(|(k, v)| k == "PGPASSWORD" && v.is_none()), "an inherited password is not used");
        let err = command("pg_dump", "postgres://u:p@[bad").unwrap_err().to_string();
        assert!(!err.contains("u:p"), "{err}");
    }
}
