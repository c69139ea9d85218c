//! Suite: the counts behind the country's figures (`Store::statistics`), computed by SQL, agree with the same
//! definitions applied to the generated cases themselves, for several periods and sets of districts; so both
//! stores agree with each other, and the report's queries with the domain.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::Arc;

use lekhotla_domain::statistics::ExploitationForm;
use lekhotla_domain::vocabulary::Vocabulary;
use lekhotla_domain::*;
use lekhotla_storage::Store;
use lekhotla_storage::statistics::{Groups, StatsQuery, sql::months_before};
use time::Date;
use time::macros::date;

use crate::scope::generated_cases;

type Rows = BTreeMap<Vec<String>, Vec<i64>>;

fn as_map(g: &Groups) -> Rows {
    let mut out = Rows::new();
    for (k, m) in &g.rows {
        let e = out.entry(k.clone()).or_insert_with(|| vec![0; m.len()]);
        for (a, b) in e.iter_mut().zip(m) {
            *a += b;
        }
    }
    out
}

fn add(rows: &mut Rows, keys: &[&str], n: i64) {
    *rows.entry(keys.iter().map(|s| (*s).to_owned()).collect()).or_insert_with(|| vec![0]).first_mut().unwrap() += n;
}

fn within(d: Date, q: &StatsQuery) -> bool {
    d >= q.from && d <= q.to
}

/// The victims count, computed from the cases.
fn victims(cases: &[&Case], q: &StatsQuery) -> Rows {
    let mut out = Rows::new();
    for c in cases {
        let counted: HashSet<PersonId> = c.victims_for_statistics().into_iter().collect();
        for v in c.victims.iter().filter(|v| counted.contains(&v.id)) {
            let x = &v.context;
            if !within(x.identified_on, q) || x.trafficking_status == TraffickingStatus::NotAVictim {
                continue;
            }
            let nat = v.person.citizenship.iter().map(|c| c.as_str()).collect::<Vec<_>>().join("|");
            let place = x.exploitation_location.map(|p| p.as_str()[..2].to_owned()).unwrap_or_default();
            add(
                &mut out,
                &[
                    x.trafficking_status.code(),
                    v.person.gender.code(),
                    v.age_band_at_identification().code(),
                    &nat,
                    &vocabulary::join_codes(&x.exploitation_types),
                    x.forced_labour_industry.map(|i| i.code()).unwrap_or(""),
                    c.district.as_str(),
                    c.detection_source.code(),
                    &place,
                ],
                1,
            );
        }
    }
    out
}

fn timing(begun: Date, q: &StatsQuery) -> &'static str {
    if begun >= q.from { "initiated" } else { "continued" }
}

/// Investigations, prosecutions and convictions by form, district and timing; cases before the courts.
fn justice(cases: &[&Case], q: &StatsQuery) -> [Rows; 4] {
    let mut out: [Rows; 4] = Default::default();
    for c in cases {
        let form = ExploitationForm::of(c.victims.iter().flat_map(|v| v.context.exploitation_types.iter())).code();
        let d = c.district.as_str();
        if let Some(i) = &c.investigation
            && i.opened_on <= q.to
            && i.closed_on.is_none_or(|x| x >= q.from)
        {
            add(&mut out[0], &[form, d, timing(i.opened_on, q)], 1);
        }
        let Some(p) = &c.prosecution else { continue };
        // Still before the court on `day` (verdicts before `day`, or on it when `inclusive`).
        let open_on = |day: Date, inclusive: bool| {
            let withdrawn = p.withdrawn_on.is_some_and(|w| if inclusive { w <= day } else { w < day });
            let accused: BTreeSet<PersonId> = p.charges.iter().map(|x| x.details.accused).collect();
            let judged = |a: &PersonId| {
                p.verdicts.iter().any(|v| {
                    v.details.accused == *a && if inclusive { v.details.on <= day } else { v.details.on < day }
                })
            };
            !withdrawn && (accused.is_empty() || !accused.iter().all(judged))
        };
        if let Some(dec) = p.dpp_decision.filter(|x| x.decision == DppDecisionKind::Prosecute) {
            if dec.on <= q.to && (dec.on >= q.from || open_on(q.from, false)) {
                add(&mut out[1], &[form, d, timing(dec.on, q)], 1);
            }
            if p.verdicts.iter().any(|v| v.details.outcome == VerdictOutcome::Conviction && within(v.details.on, q)) {
                add(&mut out[2], &[form, d, timing(dec.on, q)], 1);
            }
            if dec.on <= q.to && open_on(q.to, true) {
                let band = if dec.on > months_before(q.to, 6) {
                    "under_6m"
                } else if dec.on > months_before(q.to, 12) {
                    "6_to_12m"
                } else if dec.on > months_before(q.to, 24) {
                    "1_to_2y"
                } else if dec.on > months_before(q.to, 60) {
                    "2_to_5y"
                } else {
                    "5y_plus"
                };
                add(&mut out[3], &[band, d], 1);
            }
        }
    }
    out
}

/// Accused charged, convicted and acquitted (distinct persons by sex and official), and cases detected.
fn people_and_detections(cases: &[&Case], q: &StatsQuery) -> [Rows; 2] {
    let mut seen: BTreeMap<(&str, String, &str), BTreeSet<PersonId>> = BTreeMap::new();
    let mut detections = Rows::new();
    for c in cases {
        if within(c.detected_on, q) {
            add(&mut detections, &[c.detection_source.code(), c.district.as_str()], 1);
        }
        let suspect = |id: PersonId| c.suspects.iter().find(|s| s.id == id);
        let sex_official = |id: PersonId| -> Option<(String, &'static str)> {
            let s = suspect(id)?;
            let sex = match &s.details.identity {
                SuspectIdentity::Individual(p) => p.gender.code().to_owned(),
                SuspectIdentity::Business(_) => String::new(),
            };
            Some((sex, if s.details.official.is_some() { "yes" } else { "no" }))
        };
        if let Some(i) = &c.investigation
            && within(i.opened_on, q)
        {
            for s in &c.suspects {
                if let Some((sex, off)) = sex_official(s.id) {
                    seen.entry(("investigated", sex, off)).or_default().insert(s.id);
                }
            }
        }
        let Some(p) = &c.prosecution else { continue };
        for ch in p.charges.iter().filter(|x| within(x.details.filed_on, q)) {
            if let Some((sex, off)) = sex_official(ch.details.accused) {
                seen.entry(("charged", sex, off)).or_default().insert(ch.details.accused);
            }
        }
        for v in p.verdicts.iter().filter(|x| within(x.details.on, q)) {
            let what = match v.details.outcome {
                VerdictOutcome::Conviction => "convicted",
                VerdictOutcome::Acquittal => "acquitted",
                _ => continue,
            };
            if let Some((sex, off)) = sex_official(v.details.accused) {
                seen.entry((what, sex, off)).or_default().insert(v.details.accused);
            }
        }
    }
    let mut accused = Rows::new();
    for ((what, sex, off), ids) in seen {
        add(&mut accused, &[what, &sex, off], i64::try_from(ids.len()).unwrap());
    }
    [accused, detections]
}

/// The store's counts are the cases' own, for periods and district sets.
pub async fn statistics_agree_with_the_cases(store: Arc<dyn Store>) {
    let all = generated_cases(&*store, 400).await;
    let periods = [
        (date!(2024 - 04 - 01), date!(2025 - 03 - 31)),
        (date!(2025 - 01 - 01), date!(2025 - 03 - 31)),
        (date!(2015 - 01 - 01), date!(2025 - 12 - 31)),
    ];
    let district_sets: [Option<&[&str]>; 3] = [None, Some(&["LS-B", "LS-J"]), Some(&["LS-A"])];
    let (mut victims_seen, mut prosecutions_seen) = (0, 0);
    for (from, to) in periods {
        for ds in district_sets {
            let q = StatsQuery {
                from,
                to,
                districts: ds.map(|d| d.iter().map(|u| crate::fixtures::unit(u)).collect()),
                only: None,
                deadlines: Default::default(),
            };
            let cases: Vec<&Case> =
                all.iter().filter(|c| ds.is_none_or(|d| d.contains(&c.district.as_str()))).collect();
            let got = store.statistics(&q).await.unwrap();
            let v = victims(&cases, &q);
            victims_seen += v.len();
            assert_eq!(as_map(got.get("victims")), v, "victims {from}..{to} {ds:?}");
            let [inv, pros, conv, court] = justice(&cases, &q);
            prosecutions_seen += pros.len();
            assert_eq!(as_map(got.get("investigations")), inv, "investigations {from}..{to} {ds:?}");
            assert_eq!(as_map(got.get("prosecutions")), pros, "prosecutions {from}..{to} {ds:?}");
            assert_eq!(as_map(got.get("convictions")), conv, "convictions {from}..{to} {ds:?}");
            assert_eq!(as_map(got.get("before_court")), court, "before the courts {from}..{to} {ds:?}");
            let [accused, detections] = people_and_detections(&cases, &q);
            assert_eq!(as_map(got.get("accused")), accused, "accused {from}..{to} {ds:?}");
            assert_eq!(as_map(got.get("detections")), detections, "detections {from}..{to} {ds:?}");
            assert_eq!(got.cases_held, 400);
        }
    }
    assert!(victims_seen > 50 && prosecutions_seen > 5, "the generated cases exercise the counts");
}

/// More reports at once than the pool has connections (SQLite's 4, PostgreSQL's 8): they take turns, each may
/// count on two connections, and none may hold one while it waits for another, or they would all wait until
/// the pool gives up. Every report answers, and all with the same counts.
pub async fn concurrent_reports_all_answer(store: Arc<dyn Store>) {
    generated_cases(&*store, 60).await;
    let q = StatsQuery::between(date!(2015 - 01 - 01), date!(2025 - 12 - 31));
    let reports = (0..24).map(|_| {
        let (store, q) = (store.clone(), q.clone());
        tokio::spawn(async move { store.statistics(&q).await })
    });
    let mut answers = Vec::new();
    for report in reports.collect::<Vec<_>>() {
        answers.push(report.await.unwrap().expect("a report that waited for the others"));
    }
    let first = as_map(answers[0].get("victims"));
    assert!(!first.is_empty());
    for a in &answers {
        assert_eq!(as_map(a.get("victims")), first);
    }
}
