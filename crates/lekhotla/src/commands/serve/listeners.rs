//! The addresses `serve` listens on: the public one, bound first so that it answers liveness (and 503 to
//! everything else) while the database is opened, migrated and filled; and the metrics one, apart, on
//! loopback unless told otherwise.

use std::net::SocketAddr;

use anyhow::Context;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// Where the metrics are served: `off`, or an address (`127.0.0.1:9464` by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricsListen {
    Off,
    At(SocketAddr),
}

/// `--metrics-listen`: `off` or `HOST:PORT`.
pub fn parse_metrics_listen(s: &str) -> Result<MetricsListen, String> {
    if s.eq_ignore_ascii_case("off") {
        return Ok(MetricsListen::Off);
    }
    s.parse().map(MetricsListen::At).map_err(|_| format!("{s:?} is neither `off` nor an address HOST:PORT"))
}

/// The public listener while the server starts: `/livez` answers, `/readyz` and every other route 503.
#[derive(Debug)]
pub struct Starting {
    socket: std::net::TcpListener,
    done: oneshot::Sender<()>,
    server: JoinHandle<std::io::Result<()>>,
}

impl Starting {
    /// Binds `addr` and starts answering as a server that is starting.
    pub fn bind(addr: SocketAddr) -> anyhow::Result<Self> {
        let socket = std::net::TcpListener::bind(addr).with_context(|| format!("cannot listen on {addr}"))?;
        socket.set_nonblocking(true)?;
        let listener = TcpListener::from_std(socket.try_clone()?)?;
        let (done, until) = oneshot::channel::<()>();
        let server = tokio::spawn(lekhotla_web::serve_starting(listener, async move {
            let _ = until.await;
        }));
        Ok(Self { socket, done, server })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.socket.local_addr()
    }

    /// Stops answering as a starting server (its open requests finish) and hands over the same socket:
    /// connections waiting on it are taken by the real server.
    pub async fn ready(self) -> anyhow::Result<TcpListener> {
        let _ = self.done.send(());
        self.server.await.context("the starting listener")?.context("the starting listener")?;
        Ok(TcpListener::from_std(self.socket)?)
    }
}

/// Where the metrics are served when `--metrics-listen` is not given.
pub const DEFAULT_METRICS: &str = "127.0.0.1:9464";

/// Binds the metrics listener (`None`: the default address), refusing the public listener's address. When
/// the default address is taken (another server on the machine), the metrics are off and a warning says so;
/// an address given that cannot be bound stops the start.
pub async fn bind_metrics(at: Option<MetricsListen>, public: SocketAddr) -> anyhow::Result<Option<TcpListener>> {
    let (addr, given) = match at {
        Some(MetricsListen::Off) => return Ok(None),
        Some(MetricsListen::At(addr)) => (addr, true),
        None => (DEFAULT_METRICS.parse()?, false),
    };
    let same_port = addr.port() == public.port() && addr.port() != 0;
    if addr == public || (same_port && (addr.ip().is_unspecified() || public.ip().is_unspecified())) {
        anyhow::bail!("the metrics are never served on the public listener: give --metrics-listen another port");
    }
    match TcpListener::bind(addr).await {
        Ok(listener) => {
            if !addr.ip().is_loopback() {
                tracing::warn!(%addr, "the metrics listener is not on loopback: keep it behind a firewall");
            }
            Ok(Some(listener))
        }
        Err(e) if !given => {
            tracing::warn!(%addr, error = %e, "the default metrics address is taken: no metrics (--metrics-listen)");
            Ok(None)
        }
        Err(e) => Err(e).with_context(|| format!("cannot listen for metrics on {addr}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_listen_is_off_or_an_address() {
        assert_eq!(parse_metrics_listen("off"), Ok(MetricsListen::Off));
        assert_eq!(parse_metrics_listen("127.0.0.1:9464"), Ok(MetricsListen::At("127.0.0.1:9464".parse().unwrap())));
        assert!(parse_metrics_listen("localhost").is_err());
    }
}
