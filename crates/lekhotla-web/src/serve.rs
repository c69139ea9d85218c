//! Serving until a shutdown signal, then draining: no new connection is taken, readiness answers 503, the
//! requests in flight finish, and whatever is still running when the grace period ends is cut off.

use std::future::{Future, IntoFuture};
use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use tokio::net::TcpListener;

use crate::lifecycle::Lifecycle;
use crate::state::AppState;

/// How long requests in flight at a shutdown may take to finish, unless told otherwise.
pub const DEFAULT_GRACE: Duration = Duration::from_secs(30);

/// Serves [`crate::router`]`(state)` on `listener` until `shutdown` resolves, then drains for at most `grace`.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
    grace: Duration,
) -> std::io::Result<()> {
    let lifecycle = state.lifecycle.clone();
    serve_app(listener, crate::router(state), lifecycle, shutdown, grace).await
}

/// Serves `app` (with the client's address for the handlers) until `shutdown` resolves; then marks
/// `lifecycle` draining, stops taking connections, lets open requests finish and returns when they have, or
/// when `grace` has passed since the signal, whichever is first.
pub async fn serve_app(
    listener: TcpListener,
    app: Router,
    lifecycle: Lifecycle,
    shutdown: impl Future<Output = ()> + Send + 'static,
    grace: Duration,
) -> std::io::Result<()> {
    let (signalled, signal_seen) = tokio::sync::oneshot::channel::<()>();
    let signal = async move {
        shutdown.await;
        lifecycle.drain();
        tracing::info!(grace_seconds = grace.as_secs_f64(), "shutting down: finishing the requests in flight");
        let _ = signalled.send(());
    };
    let server = axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(signal)
        .into_future();
    let deadline = async {
        match signal_seen.await {
            Ok(()) => tokio::time::sleep(grace).await,
            // The server ended without a signal: it decides.
            Err(_) => std::future::pending().await,
        }
    };
    tokio::select! {
        served = server => served,
        () = deadline => {
            tracing::warn!("the grace period is over: requests still in flight are cut off");
            Ok(())
        }
    }
}

/// Serves [`crate::metrics::router`] on `listener` until `shutdown` resolves.
pub async fn serve_metrics(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, crate::metrics::router(state)).with_graceful_shutdown(shutdown).await
}

/// Serves [`crate::api::health::starting_router`] (alive, not ready) on `listener` until `started` resolves.
pub async fn serve_starting(
    listener: TcpListener,
    started: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, crate::api::health::starting_router()).with_graceful_shutdown(started).await
}
