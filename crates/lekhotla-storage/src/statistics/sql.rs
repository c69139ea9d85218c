//! The SQL of every count behind the figures, written once for both databases. Dates and district codes are
//! typed values ([`Date`], [`UnitCode`], which can only hold `[A-Z0-9-]`) written into the text as literals;
//! nothing a person typed reaches it. [`Dialect`] covers what differs: a date literal and the days between
//! two dates.
//!
//! Each count's keys are text and its measures are `BIGINT`, so both stores read every count the same way.

use time::Date;
use time::macros::format_description;

use super::{Dialect, StatsQuery};

/// One named grouped count: `keys` text columns, then `measures` integer columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    pub name: &'static str,
    pub keys: usize,
    pub measures: usize,
    pub sql: String,
}

/// How many cases there are and the latest change: `(count, latest updated_at as text)`.
pub fn state(d: Dialect) -> &'static str {
    match d {
        Dialect::Sqlite => "SELECT count(*), max(updated_at) FROM cases",
        Dialect::Postgres => {
            "SELECT count(*), to_char(max(updated_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM cases"
        }
    }
}

struct Ctx {
    d: Dialect,
    from: String,
    to: String,
    /// `AND cases.district IN (...)`, or nothing.
    scope: String,
}

impl Ctx {
    fn lit(&self, day: Date) -> String {
        date_literal(self.d, day)
    }

    /// Whole days from `a` to `b` (both dates).
    fn days(&self, a: &str, b: &str) -> String {
        match self.d {
            Dialect::Sqlite => format!("CAST(julianday({b}) - julianday({a}) AS INTEGER)"),
            Dialect::Postgres => format!("({b} - {a})"),
        }
    }

    fn least(&self, a: &str, b: &str) -> String {
        match self.d {
            Dialect::Sqlite => format!("min({a}, {b})"),
            Dialect::Postgres => format!("LEAST({a}, {b})"),
        }
    }

    fn greatest(&self, a: &str, b: &str) -> String {
        match self.d {
            Dialect::Sqlite => format!("max({a}, {b})"),
            Dialect::Postgres => format!("GREATEST({a}, {b})"),
        }
    }

    /// `col` falls in the period.
    fn within(&self, col: &str) -> String {
        format!("{col} >= {} AND {col} <= {}", self.from, self.to)
    }
}

/// A day as an SQL literal of the dialect.
pub fn date_literal(d: Dialect, day: Date) -> String {
    let text = day.format(format_description!("[year]-[month]-[day]")).unwrap_or_default();
    match d {
        Dialect::Sqlite => format!("'{text}'"),
        Dialect::Postgres => format!("DATE '{text}'"),
    }
}

/// The victim `v` may be counted: the latest Statistics consent on record, if any, was neither refused nor
/// withdrawn (`Case::victims_for_statistics`, kept with the victim by migration 0014).
pub const CONSENTED: &str = "v.counted_in_statistics = TRUE";

/// A victim counted: presumed or confirmed (not found not to be a victim), and consenting to statistics.
const COUNTED_VICTIM: &str = "v.trafficking_status <> 'NotAVictimOfTrafficking'";

/// The child / adult / unknown group of a victim `v` by the age band at identification.
pub const AGE_GROUP: &str = "CASE WHEN v.age_band IN ('0-8', '9-17') THEN 'child' \
    WHEN v.age_band IS NULL OR v.age_band = 'unknown' THEN 'unknown' ELSE 'adult' END";

/// Every count of the report, for the query's period and districts.
pub fn counts(q: &StatsQuery, d: Dialect) -> Vec<Count> {
    let scope = match &q.districts {
        None => String::new(),
        Some(ds) => {
            let list: Vec<String> = ds.iter().map(|u| format!("'{}'", u.as_str())).collect();
            if list.is_empty() {
                " AND 1 = 0".to_owned()
            } else {
                format!(" AND cases.district IN ({})", list.join(", "))
            }
        }
    };
    let x = Ctx { d, from: date_literal(d, q.from), to: date_literal(d, q.to), scope };
    let mut out = Vec::new();
    protection(&x, &mut out);
    justice(&x, q, &mut out);
    prevention(&x, &mut out);
    if let Some(only) = &q.only {
        out.retain(|c| only.iter().any(|n| n == c.name));
    }
    out
}

fn count(name: &'static str, keys: usize, measures: usize, sql: String) -> Count {
    Count { name, keys, measures, sql }
}

fn protection(x: &Ctx, out: &mut Vec<Count>) {
    let scope = &x.scope;
    // Victims identified in the period, grouped by everything the protection tables split them by.
    out.push(count(
        "victims",
        9,
        1,
        format!(
            "SELECT v.trafficking_status, coalesce(v.gender, ''), coalesce(v.age_band, 'unknown'), v.citizenship, \
             v.exploitation_types, coalesce(v.forced_labour_industry, ''), v.district, v.detection_source, \
             coalesce(substr(v.exploitation_location, 1, 2), ''), CAST(count(*) AS BIGINT) \
             FROM victims v WHERE {} AND {COUNTED_VICTIM} AND {CONSENTED}{} \
             GROUP BY v.trafficking_status, coalesce(v.gender, ''), coalesce(v.age_band, 'unknown'), v.citizenship, \
             v.exploitation_types, coalesce(v.forced_labour_industry, ''), v.district, v.detection_source, \
             coalesce(substr(v.exploitation_location, 1, 2), '')",
            x.within("v.identified_on"),
            scope.replace("cases.district", "v.district")
        ),
    ));
    // Referrals of counted victims, by service: victims referred (sent in the period) and assisted (the
    // service delivered in the period).
    let referral_victims = format!(
        "FROM referrals r JOIN victims v ON v.person_id = r.victim_id JOIN cases ON cases.id = r.case_id \
         WHERE {COUNTED_VICTIM} AND {CONSENTED}{scope}"
    );
    for (name, on) in [("referred", "r.sent_on"), ("assisted", "r.delivered_on")] {
        out.push(count(
            name,
            3,
            1,
            format!(
                "SELECT r.service, {AGE_GROUP}, cases.district, CAST(count(DISTINCT r.victim_id) AS BIGINT) \
                 {referral_victims} AND {} GROUP BY r.service, {AGE_GROUP}, cases.district",
                x.within(on)
            ),
        ));
    }
    for (name, on) in [("referred_any", "r.sent_on"), ("assisted_any", "r.delivered_on")] {
        out.push(count(
            name,
            2,
            1,
            format!(
                "SELECT {AGE_GROUP}, cases.district, CAST(count(DISTINCT r.victim_id) AS BIGINT) \
                 {referral_victims} AND {} GROUP BY {AGE_GROUP}, cases.district",
                x.within(on)
            ),
        ));
    }
    // Shelter placements (a Shelter referral delivered) and nights spent in the period.
    let stay_end = format!("coalesce(r.closed_on, {})", x.to);
    let nights = x.days(&x.greatest("r.delivered_on", &x.from), &x.least(&stay_end, &x.to));
    out.push(count(
        "shelter",
        1,
        3,
        format!(
            "SELECT cases.district, \
             CAST(sum(CASE WHEN {} THEN 1 ELSE 0 END) AS BIGINT), \
             CAST(count(DISTINCT r.victim_id) AS BIGINT), CAST(sum({nights}) AS BIGINT) \
             FROM referrals r JOIN cases ON cases.id = r.case_id \
             WHERE r.service = 'Shelter' AND r.delivered_on IS NOT NULL AND r.delivered_on <= {} \
             AND {stay_end} >= {}{scope} GROUP BY cases.district",
            x.within("r.delivered_on"),
            x.to,
            x.from
        ),
    ));
    // Prosecutions in which a victim testified at a hearing in the period.
    out.push(count(
        "testified",
        1,
        1,
        format!(
            "SELECT cases.district, CAST(count(DISTINCT h.case_id) AS BIGINT) FROM hearings h \
             JOIN cases ON cases.id = h.case_id WHERE h.victim_testified = TRUE AND {}{scope} GROUP BY cases.district",
            x.within("h.on_date")
        ),
    ));
    // Compensation ordered in the period: orders, victims, amount (maloti).
    out.push(count(
        "compensation",
        1,
        3,
        format!(
            "SELECT cases.district, CAST(count(*) AS BIGINT), CAST(count(DISTINCT o.victim_id) AS BIGINT), \
             CAST(sum(o.amount_lsl) AS BIGINT) FROM compensation_orders o JOIN cases ON cases.id = o.case_id \
             WHERE {}{scope} GROUP BY cases.district",
            x.within("o.on_date")
        ),
    ));
}

fn justice(x: &Ctx, q: &StatsQuery, out: &mut Vec<Count>) {
    let scope = &x.scope;
    let (from, to) = (&x.from, &x.to);
    // Investigations opened in the period, or opened before it and still open at its start.
    out.push(count(
        "investigations",
        3,
        1,
        format!(
            "SELECT cases.exploitation_form, cases.district, \
             CASE WHEN i.opened_on >= {from} THEN 'initiated' ELSE 'continued' END, CAST(count(*) AS BIGINT) \
             FROM investigations i JOIN cases ON cases.id = i.case_id \
             WHERE i.opened_on <= {to} AND (i.closed_on IS NULL OR i.closed_on >= {from}){scope} \
             GROUP BY cases.exploitation_form, cases.district, \
             CASE WHEN i.opened_on >= {from} THEN 'initiated' ELSE 'continued' END"
        ),
    ));
    // Prosecutions: the DPP's decision to prosecute in the period, or before it with the case still before
    // the court at the period's start (not withdrawn, not every charged accused with a verdict).
    let open_at_start = format!(
        "(pr.withdrawn_on IS NULL OR pr.withdrawn_on >= {from}) AND NOT (EXISTS (SELECT 1 FROM charges ch \
         WHERE ch.case_id = pr.case_id) AND NOT EXISTS (SELECT 1 FROM charges ch WHERE ch.case_id = pr.case_id \
         AND NOT EXISTS (SELECT 1 FROM verdicts vd WHERE vd.case_id = ch.case_id AND vd.accused_id = ch.accused_id \
         AND vd.on_date < {from})))"
    );
    out.push(count(
        "prosecutions",
        3,
        1,
        format!(
            "SELECT cases.exploitation_form, cases.district, \
             CASE WHEN pr.dpp_decision_on >= {from} THEN 'initiated' ELSE 'continued' END, CAST(count(*) AS BIGINT) \
             FROM prosecutions pr JOIN cases ON cases.id = pr.case_id \
             WHERE pr.dpp_decision = 'Prosecute' AND pr.dpp_decision_on <= {to} \
             AND (pr.dpp_decision_on >= {from} OR ({open_at_start})){scope} \
             GROUP BY cases.exploitation_form, cases.district, \
             CASE WHEN pr.dpp_decision_on >= {from} THEN 'initiated' ELSE 'continued' END"
        ),
    ));
    // Cases with a conviction in the period: the prosecution begun in the period, or before it.
    out.push(count(
        "convictions",
        3,
        1,
        format!(
            "SELECT cases.exploitation_form, cases.district, \
             CASE WHEN pr.dpp_decision_on >= {from} THEN 'initiated' ELSE 'continued' END, \
             CAST(count(DISTINCT cases.id) AS BIGINT) \
             FROM verdicts vd JOIN cases ON cases.id = vd.case_id JOIN prosecutions pr ON pr.case_id = vd.case_id \
             WHERE vd.outcome = 'Conviction' AND {}{scope} \
             GROUP BY cases.exploitation_form, cases.district, \
             CASE WHEN pr.dpp_decision_on >= {from} THEN 'initiated' ELSE 'continued' END",
            x.within("vd.on_date")
        ),
    ));
    // Accused persons: charged, convicted, acquitted in the period; officials among suspects investigated.
    let accused = |what: &str, from_where: String| {
        format!(
            "SELECT '{what}', coalesce(p.gender, ''), \
             CASE WHEN s.official_public_body IS NULL THEN 'no' ELSE 'yes' END, CAST(count(DISTINCT p.id) AS BIGINT) \
             {from_where}{scope} GROUP BY coalesce(p.gender, ''), \
             CASE WHEN s.official_public_body IS NULL THEN 'no' ELSE 'yes' END"
        )
    };
    let parts = [
        accused(
            "investigated",
            format!(
                "FROM suspects s JOIN persons p ON p.id = s.person_id JOIN cases ON cases.id = s.case_id \
                 JOIN investigations i ON i.case_id = s.case_id WHERE {}",
                x.within("i.opened_on")
            ),
        ),
        accused(
            "charged",
            format!(
                "FROM charges ch JOIN persons p ON p.id = ch.accused_id JOIN suspects s ON s.person_id = ch.accused_id \
                 JOIN cases ON cases.id = ch.case_id WHERE {}",
                x.within("ch.filed_on")
            ),
        ),
        accused(
            "convicted",
            format!(
                "FROM verdicts vd JOIN persons p ON p.id = vd.accused_id JOIN suspects s ON s.person_id = vd.accused_id \
                 JOIN cases ON cases.id = vd.case_id WHERE vd.outcome = 'Conviction' AND {}",
                x.within("vd.on_date")
            ),
        ),
        accused(
            "acquitted",
            format!(
                "FROM verdicts vd JOIN persons p ON p.id = vd.accused_id JOIN suspects s ON s.person_id = vd.accused_id \
                 JOIN cases ON cases.id = vd.case_id WHERE vd.outcome = 'Acquittal' AND {}",
                x.within("vd.on_date")
            ),
        ),
    ];
    out.push(count("accused", 3, 1, parts.join(" UNION ALL ")));
    // Sentences handed down in the period: prison term band, fine, suspended.
    out.push(count(
        "sentences",
        3,
        1,
        format!(
            "SELECT CASE WHEN se.imprisonment_months IS NULL OR se.imprisonment_months = 0 THEN 'none' \
             WHEN se.imprisonment_months < 12 THEN 'under_1' WHEN se.imprisonment_months < 60 THEN '1_to_5' \
             WHEN se.imprisonment_months < 120 THEN '5_to_10' ELSE '10_plus' END, \
             CASE WHEN se.fine_lsl IS NULL OR se.fine_lsl = 0 THEN 'no' ELSE 'yes' END, \
             CASE WHEN se.suspended = TRUE THEN 'yes' ELSE 'no' END, CAST(count(*) AS BIGINT) \
             FROM sentences se JOIN cases ON cases.id = se.case_id WHERE {}{scope} \
             GROUP BY 1, 2, 3",
            x.within("se.on_date")
        ),
    ));
    // Cases before the courts at the period's end, by how long since the decision to prosecute.
    let cut = |months: i32| x.lit(months_before(q.to, months));
    let open_at_end = format!(
        "(pr.withdrawn_on IS NULL OR pr.withdrawn_on > {to}) AND NOT (EXISTS (SELECT 1 FROM charges ch \
         WHERE ch.case_id = pr.case_id) AND NOT EXISTS (SELECT 1 FROM charges ch WHERE ch.case_id = pr.case_id \
         AND NOT EXISTS (SELECT 1 FROM verdicts vd WHERE vd.case_id = ch.case_id AND vd.accused_id = ch.accused_id \
         AND vd.on_date <= {to})))"
    );
    out.push(count(
        "before_court",
        2,
        1,
        format!(
            "SELECT CASE WHEN pr.dpp_decision_on > {} THEN 'under_6m' WHEN pr.dpp_decision_on > {} THEN '6_to_12m' \
             WHEN pr.dpp_decision_on > {} THEN '1_to_2y' WHEN pr.dpp_decision_on > {} THEN '2_to_5y' ELSE '5y_plus' END, \
             cases.district, CAST(count(*) AS BIGINT) FROM prosecutions pr JOIN cases ON cases.id = pr.case_id \
             WHERE pr.dpp_decision = 'Prosecute' AND pr.dpp_decision_on <= {to} AND {open_at_end}{scope} \
             GROUP BY 1, 2",
            cut(6),
            cut(12),
            cut(24),
            cut(60)
        ),
    ));
    // With the DPP at the period's end, and of those, for more than 12 months.
    let year_ago = cut(12);
    out.push(count(
        "at_dpp",
        1,
        2,
        format!(
            "SELECT cases.district, CAST(count(*) AS BIGINT), \
             CAST(sum(CASE WHEN pr.referred_on <= {year_ago} THEN 1 ELSE 0 END) AS BIGINT) \
             FROM prosecutions pr JOIN cases ON cases.id = pr.case_id \
             WHERE pr.referred_on <= {to} AND (pr.dpp_decision_on IS NULL OR pr.dpp_decision_on > {to} \
             OR (pr.dpp_decision = 'FurtherInvestigation')) \
             AND (pr.withdrawn_on IS NULL OR pr.withdrawn_on > {to}){scope} GROUP BY cases.district"
        ),
    ));
    // Investigations open at the period's end whose docket has no custodian on record.
    out.push(count(
        "dockets_unlocated",
        1,
        2,
        format!(
            "SELECT cases.district, CAST(count(*) AS BIGINT), \
             CAST(sum(CASE WHEN i.docket_custodian IS NULL THEN 1 ELSE 0 END) AS BIGINT) \
             FROM investigations i JOIN cases ON cases.id = i.case_id \
             WHERE i.opened_on <= {to} AND (i.closed_on IS NULL OR i.closed_on > {to}){scope} GROUP BY cases.district"
        ),
    ));
}

fn prevention(x: &Ctx, out: &mut Vec<Count>) {
    let scope = &x.scope;
    // Cases detected in the period, by how they came to light (border screening, labour inspections...).
    out.push(count(
        "detections",
        2,
        1,
        format!(
            "SELECT cases.detection_source, cases.district, CAST(count(*) AS BIGINT) FROM cases \
             WHERE {}{scope} GROUP BY cases.detection_source, cases.district",
            x.within("cases.detected_on")
        ),
    ));
}

/// The day `months` months before `day` (the last day of a shorter month where the day does not exist).
pub fn months_before(day: Date, months: i32) -> Date {
    let total = day.year() * 12 + (day.month() as i32 - 1) - months;
    let (year, month0) = (total.div_euclid(12), total.rem_euclid(12));
    let month = time::Month::try_from(month0 as u8 + 1).unwrap_or(time::Month::January);
    let last = time::util::days_in_month(month, year);
    Date::from_calendar_date(year, month, day.day().min(last)).unwrap_or(day)
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn months_before_keeps_the_day_or_the_month_end() {
        assert_eq!(months_before(date!(2026 - 03 - 31), 12), date!(2025 - 03 - 31));
        assert_eq!(months_before(date!(2026 - 03 - 31), 1), date!(2026 - 02 - 28));
        assert_eq!(months_before(date!(2026 - 01 - 15), 2), date!(2025 - 11 - 15));
    }

    #[test]
    fn the_scope_is_literal_codes_only() {
        let q = StatsQuery {
            from: date!(2025 - 04 - 01),
            to: date!(2026 - 03 - 31),
            districts: Some(vec![lekhotla_domain::UnitCode::parse("LS-B").unwrap()]),
            only: None,
        };
        let all = counts(&q, Dialect::Postgres);
        assert!(all.iter().all(|c| c.sql.contains("district IN ('LS-B')")));
        assert!(all[0].sql.contains("DATE '2025-04-01'"));
        let lite = counts(&q, Dialect::Sqlite);
        assert!(lite[0].sql.contains("'2026-03-31'") && !lite[0].sql.contains("DATE '"));
    }
}
