//! Reports take turns, one at a time per store, and the requests for the same report share one run.
//!
//! A report counts every case of its period: at a million cases a second or more of one core. Run side by side
//! they would take every reader connection from the lists and searches, so they take turns ([`ReportRuns`]
//! holds the one turn). And when several people ask for the same report (the same period, districts and
//! deadlines) while others are counted, each waiting for a run of its own would make the queue grow without
//! end: four users asking every few seconds outrun one core. So a request joins the run of the same report
//! that is waiting for its turn, if there is one, and all who joined get its counts.
//!
//! A request never joins a run that has begun: that run's snapshot may be older than the request, and a
//! report asked for after a change must count it. Only runs that have not yet started are shared, so every
//! answer is counted in a snapshot taken after its request arrived.
//!
//! The run goes in a task of its own, so a caller that goes away (a closed browser tab, the server's request
//! timeout) cannot cancel the counting others wait on; once every caller of a run has gone, it is given up.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::{Semaphore, watch};

use crate::DbError;
use crate::group_commit::share;
use crate::statistics::{StatsCounts, StatsQuery};

type Outcome = Arc<Result<StatsCounts, Arc<DbError>>>;

/// The store's turn for reports and the runs waiting for it.
#[derive(Debug, Clone)]
pub struct ReportRuns {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    turn: Semaphore,
    /// Runs that have not yet begun, each with the query it counts and where its counts will be told.
    waiting: Mutex<Vec<(StatsQuery, watch::Receiver<Option<Outcome>>)>>,
    /// Runs begun since the store opened (for tests and the metrics).
    runs: AtomicU64,
}

impl Default for ReportRuns {
    fn default() -> Self {
        Self::new()
    }
}

impl ReportRuns {
    pub fn new() -> Self {
        Self { inner: Arc::new(Inner { turn: Semaphore::new(1), waiting: Mutex::default(), runs: AtomicU64::new(0) }) }
    }

    /// How many runs have begun.
    pub fn runs(&self) -> u64 {
        self.inner.runs.load(Ordering::Relaxed)
    }

    /// The counts of `query`: from the run of the same query waiting for its turn, if one is, or from a new
    /// run. `count` makes the run's future; it begins only when the run has the turn.
    pub async fn statistics<F, Fut>(&self, query: &StatsQuery, count: F) -> Result<StatsCounts, DbError>
    where
        F: FnOnce(StatsQuery) -> Fut,
        Fut: Future<Output = Result<StatsCounts, DbError>> + Send + 'static,
    {
        let mut told = {
            let mut waiting = self.lock_waiting();
            match waiting.iter().find(|(q, _)| q == query) {
                Some((_, told)) => told.clone(),
                None => {
                    let (tell, told) = watch::channel(None);
                    waiting.push((query.clone(), told.clone()));
                    self.start(query.clone(), count(query.clone()), tell);
                    told
                }
            }
        };
        let outcome = match told.wait_for(Option::is_some).await {
            Ok(outcome) => outcome.clone(),
            Err(_) => None,
        };
        match outcome.as_deref() {
            Some(Ok(counts)) => Ok(counts.clone()),
            Some(Err(e)) => Err(share(e)),
            None => Err(DbError::Unavailable("the report stopped before it was counted".into())),
        }
    }

    fn start<Fut>(&self, query: StatsQuery, counting: Fut, tell: watch::Sender<Option<Outcome>>)
    where
        Fut: Future<Output = Result<StatsCounts, DbError>> + Send + 'static,
    {
        let inner = Arc::clone(&self.inner);
        tokio::spawn(async move {
            let Ok(_turn) = inner.turn.acquire().await else { return };
            // Begun: a request from now on waits for a run of its own, whose snapshot follows it. (While this
            // run waited, every request for its query joined it, so the one waiting entry of the query is its.)
            inner.waiting.lock().unwrap_or_else(std::sync::PoisonError::into_inner).retain(|(q, _)| q != &query);
            // A run whose every caller has gone (their requests timed out, their tabs closed) is not counted, and
            // one is given up when its last caller goes: under a load heavier than one core can count, the runs
            // nobody waits for would otherwise hold the turn from the ones people still wait on.
            if tell.is_closed() {
                return;
            }
            inner.runs.fetch_add(1, Ordering::Relaxed);
            tokio::select! {
                biased;
                () = tell.closed() => {}
                outcome = counting => {
                    tell.send_replace(Some(Arc::new(outcome.map_err(Arc::new))));
                }
            }
        });
    }

    fn lock_waiting(&self) -> std::sync::MutexGuard<'_, Vec<(StatsQuery, watch::Receiver<Option<Outcome>>)>> {
        // A panic while the lock is held cannot leave the list half-changed (push and retain are whole).
        self.inner.waiting.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicI64;
    use std::time::Duration;

    use time::macros::date;
    use tokio::sync::Notify;

    use super::*;
    use crate::statistics::Groups;

    fn query(year: i32) -> StatsQuery {
        StatsQuery {
            from: time::Date::from_calendar_date(year, time::Month::January, 1).unwrap(),
            to: date!(2030 - 12 - 31),
            districts: None,
            only: None,
            deadlines: Default::default(),
        }
    }

    /// Counts that say which state of the "database" they read.
    fn counts(state: i64) -> StatsCounts {
        let mut c = StatsCounts::default();
        c.groups.insert("state", Groups { rows: vec![(vec![], vec![state])] });
        c
    }

    /// A "database" whose runs block until released, so a test decides when each ends.
    #[derive(Clone, Default)]
    struct Slow {
        state: Arc<AtomicI64>,
        release: Arc<Notify>,
        begun: Arc<Notify>,
    }

    impl Slow {
        fn count(
            &self,
        ) -> impl FnOnce(StatsQuery) -> std::pin::Pin<Box<dyn Future<Output = Result<StatsCounts, DbError>> + Send>>
        {
            let this = self.clone();
            move |_| {
                Box::pin(async move {
                    let seen = this.state.load(Ordering::SeqCst);
                    this.begun.notify_one();
                    this.release.notified().await;
                    Ok(counts(seen))
                })
            }
        }
    }

    /// A request for the report of `year`, in a task of its own.
    fn ask(runs: &ReportRuns, db: &Slow, year: i32) -> tokio::task::JoinHandle<Result<StatsCounts, DbError>> {
        let (runs, db) = (runs.clone(), db.clone());
        tokio::spawn(async move { runs.statistics(&query(year), db.count()).await })
    }

    #[tokio::test]
    async fn requests_waiting_for_the_same_report_share_one_run_and_see_what_came_before_them() {
        let runs = ReportRuns::new();
        let db = Slow::default();
        // The first request's run begins at once and holds the turn.
        let first = ask(&runs, &db, 2020);
        db.begun.notified().await;
        // A change lands after the first run read its snapshot; ten requests for the same report follow it.
        db.state.store(1, Ordering::SeqCst);
        let later: Vec<_> = (0..10).map(|_| ask(&runs, &db, 2020)).collect();
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_eq!(runs.runs(), 1, "the ten wait for the turn, none begun");
        db.release.notify_one();
        assert_eq!(first.await.unwrap().unwrap(), counts(0));
        db.begun.notified().await;
        db.release.notify_one();
        for answer in later {
            assert_eq!(answer.await.unwrap().unwrap(), counts(1), "each counted after it asked");
        }
        assert_eq!(runs.runs(), 2, "the ten shared one run");
    }

    #[tokio::test]
    async fn different_reports_take_turns_and_each_gets_its_own() {
        let runs = ReportRuns::new();
        let db = Slow::default();
        let a = ask(&runs, &db, 2020);
        db.begun.notified().await;
        let b = ask(&runs, &db, 2021);
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_eq!(runs.runs(), 1, "one report at a time");
        db.release.notify_one();
        a.await.unwrap().unwrap();
        db.begun.notified().await;
        db.release.notify_one();
        b.await.unwrap().unwrap();
        assert_eq!(runs.runs(), 2);
    }

    /// While a 2019 report holds the turn, a 2020 report is asked for, then its caller goes away; with
    /// `another_waits`, a second caller joined that run before and stays. Gives the one who stayed's answer.
    async fn one_leaves(another_waits: bool) -> (ReportRuns, Option<StatsCounts>) {
        let runs = ReportRuns::new();
        let db = Slow::default();
        let holder = ask(&runs, &db, 2019);
        db.begun.notified().await;
        let gone = ask(&runs, &db, 2020);
        tokio::time::sleep(Duration::from_millis(20)).await;
        let stays = another_waits.then(|| ask(&runs, &db, 2020));
        tokio::time::sleep(Duration::from_millis(20)).await;
        gone.abort();
        db.release.notify_one();
        holder.await.unwrap().unwrap();
        let Some(stays) = stays else { return (runs, None) };
        db.begun.notified().await;
        db.release.notify_one();
        (runs, Some(stays.await.unwrap().unwrap()))
    }

    #[tokio::test]
    async fn a_caller_that_goes_away_does_not_cancel_the_run_others_wait_on() {
        let (runs, answer) = one_leaves(true).await;
        assert_eq!(answer, Some(counts(0)));
        assert_eq!(runs.runs(), 2);
    }

    #[tokio::test]
    async fn a_run_whose_callers_all_went_away_is_given_up() {
        let (runs, _) = one_leaves(false).await;
        // The next request counts at once: nothing holds the turn.
        let fine = |_: StatsQuery| async { Ok(counts(3)) };
        assert_eq!(runs.statistics(&query(2021), fine).await.unwrap(), counts(3));
        assert_eq!(runs.runs(), 2, "the 2020 report nobody waited for was not counted");
    }

    #[tokio::test]
    async fn a_failed_run_fails_everyone_who_shared_it_and_the_next_one_runs_afresh() {
        let runs = ReportRuns::new();
        let failing = |_: StatsQuery| async { Err(DbError::Unavailable("the disk went away".into())) };
        let e = runs.statistics(&query(2020), failing).await.unwrap_err();
        assert!(matches!(e, DbError::Unavailable(m) if m == "the disk went away"));
        let fine = |_: StatsQuery| async { Ok(counts(7)) };
        assert_eq!(runs.statistics(&query(2020), fine).await.unwrap(), counts(7));
        assert_eq!(runs.runs(), 2);
    }
}
