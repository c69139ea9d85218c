//! `lekhotla serve`: opens the database (creating and filling it with `--demo`) and serves pages and API; with
//! `--checkpoint-hours` it signs audit checkpoints and with `--digest-at` it sends the daily digest itself. The
//! metrics are served apart (`--metrics-listen`), reports and lists may read a replica (`--read-replica-url`),
//! and SIGTERM or SIGINT drains it: requests in flight finish within `--shutdown-grace-seconds`.

mod daily_digest;
mod listeners;
mod signal;

use crate::output::say;
use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use lekhotla_web::{AppState, Clock};

use crate::db::{self, Create};

/// The seed of the demo data `serve --demo` generates.
const DEMO_SEED: u64 = 2026;

pub use daily_digest::parse_at;
pub use listeners::{MetricsListen, parse_metrics_listen};

/// The daily digest `serve` sends: when (Maseru time), through which relay, from which address, linking to where.
#[derive(Debug, Clone)]
pub struct DigestOptions {
    pub at: time::Time,
    pub smtp: String,
    pub from: String,
    pub base_url: Option<String>,
}

/// What `serve` was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    pub listen: SocketAddr,
    pub demo: bool,
    pub demo_cases: u64,
    pub secure_cookies: bool,
    pub checkpoint_hours: Option<u64>,
    pub allow_key_beside_database: bool,
    pub digest: Option<DigestOptions>,
    /// Where the metrics are served; `None`: the default address, if free.
    pub metrics: Option<MetricsListen>,
    /// A PostgreSQL hot standby of the database, for reports and lists.
    pub read_replica: Option<String>,
    /// How long requests in flight at a shutdown signal may take to finish.
    pub grace: std::time::Duration,
}

pub async fn run(url: &str, options: Options) -> anyhow::Result<()> {
    let Options {
        listen,
        demo,
        demo_cases,
        secure_cookies,
        checkpoint_hours,
        allow_key_beside_database,
        digest,
        metrics,
        read_replica,
        grace,
    } = options;
    // A bad relay or sender is said before anything starts.
    let relay = match &digest {
        Some(d) => Some(super::digest::Relay::new(&d.smtp, &d.from)?),
        None => None,
    };
    crate::keys::ensure_key_apart(url, &crate::keys::audit_key_path(), allow_key_beside_database)?;
    if read_replica.is_some() && db::backend_of(url)? != db::Backend::Postgres {
        anyhow::bail!("a read replica (--read-replica-url) serves a PostgreSQL database: --db names another");
    }
    // Alive from now on; ready once the database is open and current.
    let starting = listeners::Starting::bind(listen)?;
    let addr = starting.local_addr()?;
    let metrics_listener = listeners::bind_metrics(metrics, addr).await?;
    let (store, keyring) = db::open_sealed(url, if demo { Create::Allowed } else { Create::Forbidden }).await?;
    let geography = if demo { db::ensure_geography(&*store, None).await? } else { db::geography(&*store).await? };
    if demo && store.count_cases().await? == 0 {
        eprintln!("filling the empty database with {demo_cases} synthetic demo cases ...");
        super::demo_data::generate(store.clone(), &geography, demo_cases, DEMO_SEED).await?;
    }
    if demo {
        super::demo_accounts::ensure(&*store).await?;
    }
    // Lists, searches and reports read from the replica, or on SQLite from a pool of readers of their own.
    let readers = match &read_replica {
        Some(replica_url) => Some((db::open_replica(replica_url, keyring.clone()).await?, "replica")),
        None if db::backend_of(url)? == db::Backend::Sqlite => {
            Some((db::open_readers(url, keyring.clone()).await?, "readers"))
        }
        None => None,
    };
    let backend = store.backend();
    let store_for_checkpoints = store.clone();
    // Frozen reports are signed with the installation's key, the audit key (created at first start, except
    // where a key is still at its old place beside the database: `audit checkpoint` says how to move it).
    let path = crate::keys::audit_key_path();
    let legacy = std::path::Path::new(crate::keys::LEGACY_AUDIT_KEY_FILE);
    let signer = if std::env::var_os(crate::keys::AUDIT_KEY_FILE_ENV).is_none() && !path.exists() && legacy.exists() {
        eprintln!("the audit key is at its old place beside the database: reports cannot be frozen until it is moved");
        None
    } else {
        let (signer, created) = crate::keys::load_or_create_audit_signer(&path)?;
        if created {
            eprintln!(
                "created the audit key file {} (mode 0600): it signs audit checkpoints and frozen reports; keep it safe",
                path.display()
            );
        }
        Some(signer)
    };
    let geography = Arc::new(geography);
    if let (Some(d), Some(relay)) = (digest, relay) {
        say!("  the daily digest goes out at {:02}:{:02} (Maseru time) through {}", d.at.hour(), d.at.minute(), d.smtp);
        tokio::spawn(daily_digest::run(store.clone(), geography.clone(), relay, d.at, d.base_url));
    }
    let mut state = AppState::new(store, geography, Clock::system(), keyring).with_secure_cookies(secure_cookies);
    if let Some(signer) = signer {
        state = state.with_report_signer(signer);
    }
    if let Some((readers, name)) = readers {
        state = state.with_read_store(readers, name);
        if name == "replica" {
            say!("  reports and lists read the replica");
        }
    }
    if let Some(hours) = checkpoint_hours {
        tokio::spawn(checkpoints(store_for_checkpoints, hours));
    }
    // The metrics stay up while the public listener drains, and stop after it.
    let (metrics_done, metrics_until) = tokio::sync::oneshot::channel::<()>();
    let metrics_addr = metrics_listener.as_ref().and_then(|l| l.local_addr().ok());
    let metrics_server = metrics_listener.map(|l| {
        tokio::spawn(lekhotla_web::serve_metrics(l, state.clone(), async move {
            let _ = metrics_until.await;
        }))
    });
    let listener = starting.ready().await?;
    say!("Lekhotla is serving ({backend}) at http://{addr}/");
    say!("  JSON API: http://{addr}/api/v1/cases  -  OpenAPI: http://{addr}/api/v1/openapi.json  -  Ctrl-C stops");
    match metrics_addr {
        Some(m) => say!("  metrics (Prometheus): http://{m}/metrics"),
        None => say!("  metrics: off"),
    }
    lekhotla_web::serve(listener, state, signal::shutdown(), grace).await.context("serving")?;
    let _ = metrics_done.send(());
    if let Some(server) = metrics_server {
        server.await.context("the metrics listener")?.context("the metrics listener")?;
    }
    eprintln!("stopped");
    Ok(())
}

/// Signs a checkpoint of the audit trail every `hours`, starting one period after start-up.
async fn checkpoints(store: std::sync::Arc<dyn lekhotla_storage::Store>, hours: u64) {
    let period = std::time::Duration::from_secs(hours * 3600);
    let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
    loop {
        ticks.tick().await;
        match super::audit::checkpoint::run(&*store).await {
            Ok(()) => tracing::info!("audit checkpoint signed"),
            Err(e) => tracing::error!(error = %format!("{e:#}"), "audit checkpoint failed"),
        }
    }
}
