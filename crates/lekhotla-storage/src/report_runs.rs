//! Reports take turns, one at a time per store, and the requests for reports of the same period share one run.
//!
//! A report counts every case of its period: at a million cases a second or more of one core. Run side by side
//! they would take every reader connection from the lists and searches, so they take turns ([`ReportRuns`]
//! holds the one turn). And when several people ask for reports of the same period (and deadlines) while
//! others are counted, each waiting for a run of its own would make the queue grow without end: four users
//! asking every few seconds outrun one core. So a run counts the whole country ([`StatsQuery::whole_country`]),
//! a request joins the run of its period that is waiting for its turn, if there is one, and each who joined
//! gets the run's counts cut to its own districts ([`StatsCounts::narrowed`]): the national report, a hub's and
//! a district's of one year cost one run between them. (A district's run alone would cost about as much: the
//! counts read their indexes whole in the order of their groups on SQLite, `statistics::sql`.)
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

    /// The counts of `query`: cut from the run of its period waiting for its turn, if one is, or from a new
    /// run. `count` makes the run's future from the whole country's query; it begins only when the run has the
    /// turn.
    pub async fn statistics<F, Fut>(&self, query: &StatsQuery, count: F) -> Result<StatsCounts, DbError>
    where
        F: FnOnce(StatsQuery) -> Fut,
        Fut: Future<Output = Result<StatsCounts, DbError>> + Send + 'static,
    {
        let country = query.whole_country();
        let mut told = {
            let mut waiting = self.lock_waiting();
            match waiting.iter().find(|(q, _)| *q == country) {
                Some((_, told)) => told.clone(),
                None => {
                    let (tell, told) = watch::channel(None);
                    waiting.push((country.clone(), told.clone()));
                    self.start(country.clone(), count(country), tell);
                    told
                }
            }
        };
        let outcome = match told.wait_for(Option::is_some).await {
            Ok(outcome) => outcome.clone(),
            Err(_) => None,
        };
        match outcome.as_deref() {
            Some(Ok(counts)) => Ok(counts.narrowed(query)),
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

    #[tokio::test]
    async fn reports_of_different_areas_in_one_period_share_the_country_s_run_and_each_gets_its_own_rows() {
        let runs = ReportRuns::new();
        let db = Slow::default();
        let holder = ask(&runs, &db, 2019);
        db.begun.notified().await;
        // Waiting behind it: the country's report, one district's and a hub's, all of 2020.
        let asked = std::sync::Mutex::new(Vec::new());
        let country = |q: StatsQuery| {
            asked.lock().unwrap().push(q.districts.clone());
            async {
                let mut c = StatsCounts::default();
                let rows = |r: &[(&[&str], i64)]| Groups {
                    rows: r.iter().map(|(k, n)| (k.iter().map(|s| s.to_string()).collect(), vec![*n])).collect(),
                };
                // Detections are split by district (the second key); the accused are not (their last key).
                c.groups.insert("detections", rows(&[(&["Police", "LS-A"], 3), (&["Police", "LS-B"], 4)]));
                c.groups.insert(
                    "accused",
                    rows(&[
                        (&["charged", "F", "no", "LS-A"], 1),
                        (&["charged", "F", "no", "LS-B"], 2),
                        (&["charged", "M", "no", "LS-C"], 5),
                    ]),
                );
                c.cases_held = 9;
                Ok(c)
            }
        };
        let area = |ds: Option<&[&str]>| {
            let mut q = query(2020);
            q.districts = ds.map(|d| d.iter().map(|u| lekhotla_domain::UnitCode::parse(u).unwrap()).collect());
            q
        };
        let (all, one, hub, none) = (area(None), area(Some(&["LS-B"])), area(Some(&["LS-A", "LS-B"])), area(Some(&[])));
        let answers = async {
            tokio::join!(
                runs.statistics(&all, country),
                runs.statistics(&one, country),
                runs.statistics(&hub, country),
                runs.statistics(&none, country)
            )
        };
        let release = async {
            tokio::time::sleep(Duration::from_millis(50)).await;
            db.release.notify_one();
        };
        let ((all, one, hub, none), ()) = tokio::join!(answers, release);
        holder.await.unwrap().unwrap();
        assert_eq!(runs.runs(), 2, "the four shared one run");
        assert_eq!(*asked.lock().unwrap(), vec![None], "which counted the whole country");
        let rows = |c: &StatsCounts, name: &str| c.get(name).rows.clone();
        let row = |k: &[&str], n: i64| (k.iter().map(|s| s.to_string()).collect::<Vec<_>>(), vec![n]);
        let all = all.unwrap();
        assert_eq!(rows(&all, "detections").len(), 2);
        assert_eq!(rows(&all, "accused"), vec![row(&["charged", "F", "no"], 3), row(&["charged", "M", "no"], 5)]);
        let one = one.unwrap();
        assert_eq!(rows(&one, "detections"), vec![row(&["Police", "LS-B"], 4)]);
        assert_eq!(rows(&one, "accused"), vec![row(&["charged", "F", "no"], 2)]);
        assert_eq!(one.cases_held, 9);
        let hub = hub.unwrap();
        assert_eq!(rows(&hub, "detections").len(), 2);
        assert_eq!(rows(&hub, "accused"), vec![row(&["charged", "F", "no"], 3)]);
        let none = none.unwrap();
        assert!(rows(&none, "detections").is_empty() && rows(&none, "accused").is_empty());
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
