//! The dashboard's figures, counted and passed through the disclosure step, kept per area, period and
//! disclosure level for a minute and dropped the moment anything is changed through this server: counting
//! every case of the country takes longer than a page may (at 100,000 cases), and the figures change far
//! less often than they are looked at.
//!
//! A change made elsewhere (the command line's import, another server on the same PostgreSQL) shows
//! within [`FiguresCache::TTL`]. Figures computed while a change was being made are not kept, so a
//! page never shows figures older than a change it has already seen answered.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use lekhotla_report::dashboard::Protected;

use crate::state::AppState;

/// The figures of each key (the dashboard's: its filter and disclosure level), and a count of the changes
/// seen.
#[derive(Debug)]
pub struct FiguresCache<T = Protected> {
    inner: Mutex<Inner<T>>,
}

#[derive(Debug)]
struct Inner<T> {
    generation: u64,
    entries: HashMap<String, (Instant, Arc<T>)>,
}

impl<T> Default for FiguresCache<T> {
    fn default() -> Self {
        FiguresCache { inner: Mutex::new(Inner { generation: 0, entries: HashMap::new() }) }
    }
}

impl<T> FiguresCache<T> {
    /// How long figures are kept when nothing is changed through this server.
    pub const TTL: Duration = Duration::from_secs(60);
    /// At most this many levels and periods are kept (the country, 4 hubs, 10 districts, a few periods).
    const MAX_ENTRIES: usize = 64;

    /// Forgets every figure: something was changed.
    pub fn changed(&self) {
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        inner.generation += 1;
        inner.entries.clear();
    }

    /// The figures of `key`, computed by `compute` unless kept from less than [`Self::TTL`] ago.
    pub async fn get_or_compute<E, F>(&self, key: String, compute: F) -> Result<Arc<T>, E>
    where
        F: Future<Output = Result<T, E>>,
    {
        let generation = {
            let inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some((at, figures)) = inner.entries.get(&key)
                && at.elapsed() < Self::TTL
            {
                return Ok(figures.clone());
            }
            inner.generation
        };
        let figures = Arc::new(compute.await?);
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        // Counted before a change that has been answered since: not kept.
        if inner.generation == generation {
            if inner.entries.len() >= Self::MAX_ENTRIES {
                inner.entries.retain(|_, (at, _)| at.elapsed() < Self::TTL);
            }
            if inner.entries.len() < Self::MAX_ENTRIES {
                inner.entries.insert(key, (Instant::now(), figures.clone()));
            }
        }
        Ok(figures)
    }
}

/// A layer: after a request that may have changed something (any method but GET, HEAD and OPTIONS)
/// is answered, the kept figures are dropped, whatever the answer (a failed change costs a recount only).
pub async fn forget_on_change(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let reads = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let response = next.run(request).await;
    if !reads {
        state.figures.changed();
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use lekhotla_storage::{Figures, FiguresFilter};
    use time::macros::date;

    fn filter() -> String {
        format!("{:?}", FiguresFilter { districts: None, from: date!(2026 - 01 - 01), to: date!(2026 - 11 - 30) })
    }

    fn figures(victims: u64) -> Figures {
        Figures { victims, ..Figures::default() }
    }

    #[tokio::test]
    async fn kept_until_a_change() {
        let cache = FiguresCache::<Figures>::default();
        let first = cache.get_or_compute::<(), _>(filter(), async { Ok(figures(1)) }).await.unwrap();
        let kept = cache.get_or_compute::<(), _>(filter(), async { Ok(figures(2)) }).await.unwrap();
        assert_eq!((first.victims, kept.victims), (1, 1));
        cache.changed();
        let fresh = cache.get_or_compute::<(), _>(filter(), async { Ok(figures(3)) }).await.unwrap();
        assert_eq!(fresh.victims, 3);
    }

    #[tokio::test]
    async fn figures_counted_across_a_change_are_not_kept() {
        let cache = FiguresCache::<Figures>::default();
        let during = cache
            .get_or_compute::<(), _>(filter(), async {
                cache.changed();
                Ok(figures(1))
            })
            .await
            .unwrap();
        assert_eq!(during.victims, 1);
        let after = cache.get_or_compute::<(), _>(filter(), async { Ok(figures(2)) }).await.unwrap();
        assert_eq!(after.victims, 2);
    }

    #[tokio::test]
    async fn each_level_has_its_own_figures() {
        let cache = FiguresCache::<Figures>::default();
        cache.get_or_compute::<(), _>(filter(), async { Ok(figures(1)) }).await.unwrap();
        let hub = format!(
            "{:?}",
            FiguresFilter { districts: Some(vec![]), from: date!(2026 - 01 - 01), to: date!(2026 - 11 - 30) }
        );
        let other = cache.get_or_compute::<(), _>(hub, async { Ok(figures(2)) }).await.unwrap();
        assert_eq!(other.victims, 2);
    }

    #[tokio::test]
    async fn a_failed_count_is_not_kept() {
        let cache = FiguresCache::<Figures>::default();
        assert!(cache.get_or_compute::<&str, _>(filter(), async { Err("down") }).await.is_err());
        let next = cache.get_or_compute::<&str, _>(filter(), async { Ok(figures(4)) }).await.unwrap();
        assert_eq!(next.victims, 4);
    }
}
