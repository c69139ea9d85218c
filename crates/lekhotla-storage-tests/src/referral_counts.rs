//! Suite: the referral counts take each victim once per service (and once for any service) in a period, when
//! a victim was referred to the same service again: before the period, in it, and on the same day. The store
//! counts the referrals whose previous one is not in the period (derived, migration 0017); here the same
//! figures come from the cases as distinct victims. And the derived columns the stores write with the rows
//! agree with the SQL of the migrations that set them for older rows.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::Arc;

use lekhotla_demo::DemoGenerator;
use lekhotla_domain::*;
use lekhotla_storage::Store;
use lekhotla_storage::statistics::{Groups, StatsQuery};
use time::macros::date;
use time::{Date, Duration};

use crate::fixtures;

type Rows = BTreeMap<Vec<String>, i64>;

fn as_map(g: &Groups) -> Rows {
    let mut out = Rows::new();
    for (k, m) in &g.rows {
        *out.entry(k.clone()).or_default() += m[0];
    }
    out
}

fn age_group(band: &str) -> &'static str {
    match band {
        "0-8" | "9-17" => "child",
        "unknown" => "unknown",
        _ => "adult",
    }
}

/// Each counted victim once per group, for referrals whose `day` falls in the period.
fn expected(cases: &[Case], q: &StatsQuery, day: fn(&Referral) -> Option<Date>, by_service: bool) -> Rows {
    let mut seen: BTreeSet<Vec<String>> = BTreeSet::new();
    for c in cases.iter().filter(|c| q.districts.as_ref().is_none_or(|ds| ds.contains(&c.district))) {
        let counted: HashSet<PersonId> = c.victims_for_statistics().into_iter().collect();
        for r in &c.referrals {
            let Some(v) = r.victim.and_then(|id| c.victims.iter().find(|v| v.id == id)) else { continue };
            if !counted.contains(&v.id) || v.context.trafficking_status == TraffickingStatus::NotAVictim {
                continue;
            }
            if !day(r).is_some_and(|d| d >= q.from && d <= q.to) {
                continue;
            }
            let group = age_group(v.age_band_at_identification().code()).to_owned();
            let mut key = if by_service { vec![r.service.code().to_owned()] } else { Vec::new() };
            key.extend([group, c.district.to_string(), v.id.to_string()]);
            seen.insert(key);
        }
    }
    let mut out = Rows::new();
    for mut key in seen {
        key.pop();
        *out.entry(key).or_default() += 1;
    }
    out
}

/// Sends `victim` to the same organisation for the same service as `first`, `after` days later, and delivers
/// it three days after that when that has happened by `today`.
fn again(case: &mut Case, first: &Referral, to: &Organisation, after: i64, today: Date) -> bool {
    let sent_on = first.sent_on + Duration::days(after);
    if sent_on > today {
        return false;
    }
    let input = NewReferral {
        victim: first.victim,
        from_org: first.from_org,
        to_org: first.to_org,
        referring_case_worker: None,
        referring_case_worker_user: None,
        referred_case_worker: None,
        referred_case_worker_user: None,
        service: first.service,
        reason: ReferralReason::AdditionalServicesRequired,
        details: None,
        sent_on,
    };
    let Ok(id) = case.send_referral(input, to, today) else { return false };
    let delivered = sent_on + Duration::days(3);
    if delivered <= today {
        for action in [ReferralAction::Accept { on: sent_on }, ReferralAction::Deliver { on: delivered, note: None }] {
            let version = case.referrals.iter().find(|r| r.id == id).map_or(0, |r| r.version);
            case.move_referral(id, version, action, today).unwrap();
        }
    }
    true
}

/// Generated cases in which some victims are referred again to the same service: the same day, a month and a
/// half later, more than a year later.
fn repeated_referrals() -> (Vec<Organisation>, Vec<Case>) {
    let today = fixtures::TODAY;
    let generator = DemoGenerator::new(&fixtures::geography(), 11, today);
    let orgs = generator.organisations();
    let mut cases: Vec<Case> = generator.cases(300).collect();
    let mut repeats = 0;
    for (i, case) in cases.iter_mut().enumerate() {
        let Some(first) = case.referrals.iter().find(|r| r.victim.is_some() && !r.automatic).cloned() else {
            continue;
        };
        let Some(to) = orgs.iter().find(|o| o.id == first.to_org) else { continue };
        // The same day, a month and a half later, more than a year later; some victims twice.
        for after in [[0, 45, 400][i % 3], 20 + (i as i64 % 7)] {
            repeats += usize::from(again(case, &first, to, after, today));
            if i % 2 == 0 {
                break;
            }
        }
    }
    assert!(repeats > 100, "the cases repeat referrals ({repeats})");
    (orgs, cases)
}

const PERIODS: [(Date, Date); 3] = [
    (date!(2024 - 04 - 01), date!(2025 - 03 - 31)),
    (date!(2024 - 11 - 17), date!(2025 - 02 - 09)),
    (date!(2015 - 01 - 01), date!(2025 - 12 - 31)),
];

pub async fn referral_counts_take_each_victim_once(store: Arc<dyn Store>) {
    let (orgs, cases) = repeated_referrals();
    store.import(&orgs, &cases, fixtures::note()).await.unwrap();

    let sent: fn(&Referral) -> Option<Date> = |r| Some(r.sent_on);
    let delivered: fn(&Referral) -> Option<Date> = |r| r.delivered_on;
    let mut seen = 0;
    for (from, to) in PERIODS {
        for ds in [None, Some(vec![fixtures::unit("LS-A"), fixtures::unit("LS-D")])] {
            let q = StatsQuery { from, to, districts: ds.clone(), only: None, deadlines: Default::default() };
            let got = store.statistics(&q).await.unwrap();
            for (name, day, by_service) in [
                ("referred", sent, true),
                ("assisted", delivered, true),
                ("referred_any", sent, false),
                ("assisted_any", delivered, false),
            ] {
                let want = expected(&cases, &q, day, by_service);
                seen += want.values().sum::<i64>();
                assert_eq!(as_map(got.get(name)), want, "{name} {from}..{to} {ds:?}");
            }
        }
    }
    assert!(seen > 500, "the periods hold referrals ({seen})");
}

/// Every figure of the report, for each period, nationally and for two districts.
async fn every_figure(store: &dyn Store) -> Vec<BTreeMap<&'static str, Rows>> {
    let mut out = Vec::new();
    for (from, to) in PERIODS {
        for ds in [None, Some(vec![fixtures::unit("LS-A"), fixtures::unit("LS-D")])] {
            let q = StatsQuery { from, to, districts: ds, only: None, deadlines: Default::default() };
            let got = store.statistics(&q).await.unwrap();
            out.push(got.groups.iter().map(|(name, g)| (*name, as_map(g))).collect());
        }
    }
    out
}

/// What wipes every column the stores write with the rows for the counts (`statistics::derive`).
const WIPE: &[&str] = &[
    "UPDATE referrals SET district = '', age_group = 'unknown', counted = FALSE, sent_before = NULL, \
     sent_before_any = NULL, delivered_before = NULL, delivered_before_any = NULL",
    "UPDATE investigations SET district = '', exploitation_form = 'other', docket_unlocated = NOT docket_unlocated",
    "UPDATE prosecutions SET district = '', exploitation_form = 'other', concluded_on = NULL",
    "UPDATE suspects SET district = '', gender = NULL, official = NOT official, investigated_on = NULL",
    "UPDATE charges SET district = '', gender = NULL, official = NOT official",
    "UPDATE verdicts SET district = '', exploitation_form = 'other', gender = NULL, official = NOT official",
    "UPDATE hearings SET district = ''",
    "UPDATE sentences SET district = ''",
    "UPDATE compensation_orders SET district = ''",
    "UPDATE victims SET statistics_key = NULL",
    "DELETE FROM victim_keys",
];

/// The columns the counts read are written with the rows, computed from the case in Rust
/// (`statistics::derive::referral_columns`, `JusticeColumns`, `accused`, `VictimKey`); migrations 0016 and 0017 set them
/// with SQL statements. Both give the same report: the columns are wiped, the report changes, the statements
/// set them again, the report is as it was.
pub async fn derived_columns_agree_with_their_statements(store: Arc<dyn Store>, sql: crate::RawSql) {
    let (orgs, cases) = repeated_referrals();
    assert!(cases.iter().filter(|c| c.prosecution.as_ref().is_some_and(|p| !p.verdicts.is_empty())).count() > 5);
    store.import(&orgs, &cases, fixtures::note()).await.unwrap();
    // Every victim's number names the key its row gives, as the statements compute it: a victim whose number
    // does not (or who has none) would be added again under a number already taken, which both databases refuse.
    let derive = &lekhotla_storage::statistics::derive::VICTIM_KEY;
    let given: Vec<String> = derive.iter().map(|(_, e)| e.replace("{v}", "v.")).collect();
    let matched: Vec<String> = derive.iter().zip(&given).map(|((c, _), e)| format!("k.{c} = {e}")).collect();
    let check = format!(
        "INSERT INTO victim_keys (id, {}) SELECT coalesce(k.id, (SELECT min(id) FROM victim_keys)), {} FROM victims v \
         LEFT JOIN victim_keys k ON k.id = v.statistics_key WHERE k.id IS NULL OR NOT ({})",
        derive.iter().map(|(c, _)| *c).collect::<Vec<_>>().join(", "),
        given.join(", "),
        matched.join(" AND ")
    );
    sql(check.clone()).await.expect("every victim's number names its key");
    sql("UPDATE victims SET age_band = 'unknown' WHERE age_band <> 'unknown'".into()).await.unwrap();
    assert!(sql(check).await.is_err(), "the check finds a victim whose key is not its row's");
    store.import(&orgs, &cases, fixtures::note()).await.unwrap();
    let written = every_figure(&*store).await;
    for wipe in WIPE {
        sql((*wipe).into()).await.unwrap();
    }
    assert_ne!(every_figure(&*store).await, written, "the report reads the derived columns");
    let statements = lekhotla_storage::statistics::derive::for_all();
    assert_eq!(statements.len(), WIPE.len() + 1, "a statement for each table wiped (two for referrals)");
    for s in statements {
        sql(s).await.unwrap();
    }
    assert_eq!(every_figure(&*store).await, written, "the statements give the columns written with the rows");
}
