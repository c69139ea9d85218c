//! The SQL of every count behind the figures, written once for both databases. Dates and district codes are
//! typed values ([`Date`], [`UnitCode`](lekhotla_domain::UnitCode), which can only hold `[A-Z0-9-]`) written
//! into the text as literals; nothing a person typed reaches it. [`Dialect`] covers what differs: a date
//! literal and the days between two dates.
//!
//! Each count's keys are text and its measures are `BIGINT`, so both stores read every count the same way.

use time::Date;
use time::macros::format_description;

use lekhotla_domain::{ResponseDeadlines, ServiceType, Vocabulary};

use super::{Dialect, StatsQuery};

/// One named grouped count: `keys` text columns, then `measures` integer columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    pub name: &'static str,
    pub keys: usize,
    pub measures: usize,
    /// Which key says the district of each row, so that a set of districts' counts can be cut from the whole
    /// country's (`StatsCounts::narrowed`).
    pub district: DistrictKey,
    pub sql: String,
}

/// Where a count's rows say their district. Every count has one: what a district's report counts is then
/// the country's rows of that district, and one run of the country's counts answers every area's report of
/// the same period (`ReportRuns`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DistrictKey {
    /// The report splits the count by district: the key at this position.
    At(usize),
    /// The report does not: the last key is the district, there only to cut by. It is dropped when the
    /// counts are cut, and the rows that differed only by it are added up (every such count's measures add
    /// up across districts: a person, a victim or a case belongs to one case and so to one district).
    Added,
}

/// How many cases there are and the latest change: `(count, latest updated_at as text)`. Two subqueries, so
/// that the latest change is read from the end of its index (`cases_updated_idx`, migration 0017).
pub fn state(d: Dialect) -> &'static str {
    match d {
        Dialect::Sqlite => "SELECT (SELECT count(*) FROM cases), (SELECT max(updated_at) FROM cases)",
        Dialect::Postgres => {
            "SELECT (SELECT count(*) FROM cases), (SELECT to_char(max(updated_at) AT TIME ZONE 'UTC', \
             'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM cases)"
        }
    }
}

struct Ctx {
    d: Dialect,
    from: String,
    to: String,
    /// The districts' codes as `IN (...)`'s list, `None` for every district.
    districts: Option<String>,
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

    /// `AND {col} IN (...)` for the query's districts, or nothing.
    fn scope(&self, col: &str) -> String {
        match &self.districts {
            None => String::new(),
            Some(list) if list.is_empty() => " AND 1 = 0".to_owned(),
            Some(list) => format!(" AND {col} IN ({list})"),
        }
    }

    /// SQLite's `INDEXED BY` the index a count is written for, nothing on PostgreSQL. SQLite sorts for every
    /// `GROUP BY` it cannot read in an index's order (at a million cases, seconds), and its planner prefers a
    /// range on the day: these counts read a covering index in the order of their groups instead, all of it
    /// (migration 0017). PostgreSQL hashes its groups and reads the day's range.
    fn indexed(&self, index: &str) -> String {
        match self.d {
            Dialect::Sqlite => format!(" INDEXED BY {index}"),
            Dialect::Postgres => String::new(),
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

/// The child / adult / unknown group of a victim `v` by the age band at identification.
pub const AGE_GROUP: &str = "CASE WHEN v.age_band IN ('0-8', '9-17') THEN 'child' \
    WHEN v.age_band IS NULL OR v.age_band = 'unknown' THEN 'unknown' ELSE 'adult' END";

/// Every count of the report, for the query's period and districts.
pub fn counts(q: &StatsQuery, d: Dialect) -> Vec<Count> {
    let districts =
        q.districts.as_ref().map(|ds| ds.iter().map(|u| format!("'{}'", u.as_str())).collect::<Vec<_>>().join(", "));
    let x = Ctx { d, from: date_literal(d, q.from), to: date_literal(d, q.to), districts };
    let mut out = Vec::new();
    protection(&x, &mut out);
    responses(&x, &q.deadlines, &mut out);
    justice(&x, q, &mut out);
    prevention(&x, &mut out);
    if let Some(only) = &q.only {
        out.retain(|c| only.iter().any(|n| n == c.name));
    }
    out
}

fn count(name: &'static str, keys: usize, measures: usize, district: DistrictKey, sql: String) -> Count {
    Count { name, keys, measures, district, sql }
}

fn protection(x: &Ctx, out: &mut Vec<Count>) {
    // Victims identified in the period, grouped by everything the protection tables split them by: the
    // victim's statistics key (derived, migration 0017), one integer per combination, named by `victim_keys`.
    out.push(count(
        "victims",
        9,
        1,
        DistrictKey::At(6),
        format!(
            "SELECT k.trafficking_status, k.gender, k.age_band, k.citizenship, k.exploitation_types, \
             k.forced_labour_industry, k.district, k.detection_source, k.exploitation_country, CAST(x.n AS BIGINT) \
             FROM (SELECT v.statistics_key AS victim_key, count(*) AS n FROM victims v{} \
             WHERE {CONSENTED} AND {} GROUP BY v.statistics_key) x \
             JOIN victim_keys k ON k.id = x.victim_key WHERE k.trafficking_status <> 'NotAVictimOfTrafficking'{}",
            x.indexed("victims_key_idx"),
            x.within("v.identified_on"),
            x.scope("k.district")
        ),
    ));
    // Referrals of counted victims (`r.counted`, derived), by service: victims referred (sent in the period)
    // and assisted (the service delivered in the period), each victim once per group: the referrals in the
    // period whose previous one of the same victim (to the same service, or to any; derived) is not in it.
    let scope = x.scope("r.district");
    for (name, on, before) in [("referred", "sent_on", "sent_before"), ("assisted", "delivered_on", "delivered_before")]
    {
        let by = x.indexed(&format!("referrals_{on}_by_service_idx"));
        out.push(count(
            name,
            3,
            1,
            DistrictKey::At(2),
            format!(
                "SELECT r.service, r.age_group, r.district, CAST(count(*) AS BIGINT) FROM referrals r{by} \
                 WHERE r.counted = TRUE AND {} AND (r.{before} IS NULL OR r.{before} < {}){scope} \
                 GROUP BY r.service, r.age_group, r.district",
                x.within(&format!("r.{on}")),
                x.from
            ),
        ));
    }
    for (name, on, before) in
        [("referred_any", "sent_on", "sent_before_any"), ("assisted_any", "delivered_on", "delivered_before_any")]
    {
        let by = x.indexed(&format!("referrals_{on}_any_idx"));
        out.push(count(
            name,
            2,
            1,
            DistrictKey::At(1),
            format!(
                "SELECT r.age_group, r.district, CAST(count(*) AS BIGINT) FROM referrals r{by} \
                 WHERE r.counted = TRUE AND {} AND (r.{before} IS NULL OR r.{before} < {}){scope} \
                 GROUP BY r.age_group, r.district",
                x.within(&format!("r.{on}")),
                x.from
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
        DistrictKey::At(0),
        format!(
            "SELECT r.district, \
             CAST(sum(CASE WHEN {} THEN 1 ELSE 0 END) AS BIGINT), \
             CAST(count(DISTINCT r.victim_id) AS BIGINT), CAST(sum({nights}) AS BIGINT) \
             FROM referrals r WHERE r.service = 'Shelter' AND r.delivered_on IS NOT NULL AND r.delivered_on <= {} \
             AND {stay_end} >= {}{scope} GROUP BY r.district",
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
        DistrictKey::At(0),
        format!(
            "SELECT h.district, CAST(count(DISTINCT h.case_id) AS BIGINT) FROM hearings h \
             WHERE h.victim_testified = TRUE AND {}{} GROUP BY h.district",
            x.within("h.on_date"),
            x.scope("h.district")
        ),
    ));
    // Compensation ordered in the period: orders, victims, amount (maloti).
    out.push(count(
        "compensation",
        1,
        3,
        DistrictKey::At(0),
        format!(
            "SELECT o.district, CAST(count(*) AS BIGINT), CAST(count(DISTINCT o.victim_id) AS BIGINT), \
             CAST(sum(o.amount_lsl) AS BIGINT) FROM compensation_orders o WHERE {}{} GROUP BY o.district",
            x.within("o.on_date"),
            x.scope("o.district")
        ),
    ));
}

fn justice(x: &Ctx, q: &StatsQuery, out: &mut Vec<Count>) {
    let (from, to) = (&x.from, &x.to);
    // Investigations opened in the period, or opened before it and still open at its start.
    let by = x.indexed("investigations_grouped_idx");
    let i_scope = x.scope("i.district");
    out.push(count(
        "investigations",
        3,
        1,
        DistrictKey::At(1),
        format!(
            "SELECT i.exploitation_form, i.district, 'initiated', CAST(count(*) AS BIGINT) FROM investigations i{by} \
             WHERE {}{i_scope} GROUP BY i.exploitation_form, i.district \
             UNION ALL SELECT i.exploitation_form, i.district, 'continued', CAST(count(*) AS BIGINT) \
             FROM investigations i{by} WHERE i.opened_on < {from} AND (i.closed_on IS NULL OR i.closed_on >= {from}){i_scope} \
             GROUP BY i.exploitation_form, i.district",
            x.within("i.opened_on")
        ),
    ));
    // Prosecutions: the DPP's decision to prosecute in the period, or before it with the case still before
    // the court at the period's start: not withdrawn, and not concluded (`concluded_on`, derived: the day the
    // last charged accused had a verdict) before it.
    let pr_scope = x.scope("pr.district");
    let by = x.indexed("prosecutions_grouped_idx");
    out.push(count(
        "prosecutions",
        3,
        1,
        DistrictKey::At(1),
        format!(
            "SELECT pr.exploitation_form, pr.district, 'initiated', CAST(count(*) AS BIGINT) FROM prosecutions pr{by} \
             WHERE pr.dpp_decision = 'Prosecute' AND {}{pr_scope} GROUP BY pr.exploitation_form, pr.district \
             UNION ALL SELECT pr.exploitation_form, pr.district, 'continued', CAST(count(*) AS BIGINT) \
             FROM prosecutions pr{by} WHERE pr.dpp_decision = 'Prosecute' AND pr.dpp_decision_on < {from} \
             AND (pr.withdrawn_on IS NULL OR pr.withdrawn_on >= {from}) \
             AND (pr.concluded_on IS NULL OR pr.concluded_on >= {from}){pr_scope} \
             GROUP BY pr.exploitation_form, pr.district",
            x.within("pr.dpp_decision_on")
        ),
    ));
    // Cases with a conviction in the period: the prosecution begun in the period, or before it.
    out.push(count(
        "convictions",
        3,
        1,
        DistrictKey::At(1),
        format!(
            "SELECT vd.exploitation_form, vd.district, \
             CASE WHEN pr.dpp_decision_on >= {from} THEN 'initiated' ELSE 'continued' END, \
             CAST(count(DISTINCT vd.case_id) AS BIGINT) \
             FROM verdicts vd JOIN prosecutions pr ON pr.case_id = vd.case_id \
             WHERE vd.outcome = 'Conviction' AND {}{} \
             GROUP BY vd.exploitation_form, vd.district, \
             CASE WHEN pr.dpp_decision_on >= {from} THEN 'initiated' ELSE 'continued' END",
            x.within("vd.on_date"),
            x.scope("vd.district")
        ),
    ));
    // Accused persons: charged, convicted, acquitted in the period; officials among suspects investigated.
    // The accused's sex and officialdom are kept with the suspect, the charge and the verdict (derived).
    let accused = |what: &str, t: &str, from_where: String| {
        format!(
            "SELECT '{what}', coalesce({t}.gender, ''), CASE WHEN {t}.official = TRUE THEN 'yes' ELSE 'no' END, \
             {t}.district, CAST(count(DISTINCT {t}.{who}) AS BIGINT) {from_where}{} \
             GROUP BY coalesce({t}.gender, ''), CASE WHEN {t}.official = TRUE THEN 'yes' ELSE 'no' END, {t}.district",
            x.scope(&format!("{t}.district")),
            who = if t == "s" { "person_id" } else { "accused_id" }
        )
    };
    let parts = [
        accused("investigated", "s", format!("FROM suspects s WHERE {}", x.within("s.investigated_on"))),
        accused("charged", "ch", format!("FROM charges ch WHERE {}", x.within("ch.filed_on"))),
        accused(
            "convicted",
            "vd",
            format!("FROM verdicts vd WHERE vd.outcome = 'Conviction' AND {}", x.within("vd.on_date")),
        ),
        accused(
            "acquitted",
            "vd",
            format!("FROM verdicts vd WHERE vd.outcome = 'Acquittal' AND {}", x.within("vd.on_date")),
        ),
    ];
    out.push(count("accused", 4, 1, DistrictKey::Added, parts.join(" UNION ALL ")));
    // Sentences handed down in the period: prison term band, fine, suspended.
    out.push(count(
        "sentences",
        4,
        1,
        DistrictKey::Added,
        format!(
            "SELECT CASE WHEN se.imprisonment_months IS NULL OR se.imprisonment_months = 0 THEN 'none' \
             WHEN se.imprisonment_months < 12 THEN 'under_1' WHEN se.imprisonment_months < 60 THEN '1_to_5' \
             WHEN se.imprisonment_months < 120 THEN '5_to_10' ELSE '10_plus' END, \
             CASE WHEN se.fine_lsl IS NULL OR se.fine_lsl = 0 THEN 'no' ELSE 'yes' END, \
             CASE WHEN se.suspended = TRUE THEN 'yes' ELSE 'no' END, se.district, CAST(count(*) AS BIGINT) \
             FROM sentences se WHERE {}{} \
             GROUP BY 1, 2, 3, 4",
            x.within("se.on_date"),
            x.scope("se.district")
        ),
    ));
    // Cases before the courts at the period's end, by how long since the decision to prosecute.
    let cut = |months: i32| x.lit(months_before(q.to, months));
    out.push(count(
        "before_court",
        2,
        1,
        DistrictKey::At(1),
        format!(
            "SELECT CASE WHEN pr.dpp_decision_on > {} THEN 'under_6m' WHEN pr.dpp_decision_on > {} THEN '6_to_12m' \
             WHEN pr.dpp_decision_on > {} THEN '1_to_2y' WHEN pr.dpp_decision_on > {} THEN '2_to_5y' ELSE '5y_plus' END, \
             pr.district, CAST(count(*) AS BIGINT) FROM prosecutions pr \
             WHERE pr.dpp_decision = 'Prosecute' AND pr.dpp_decision_on <= {to} \
             AND (pr.withdrawn_on IS NULL OR pr.withdrawn_on > {to}) \
             AND (pr.concluded_on IS NULL OR pr.concluded_on > {to}){pr_scope} \
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
        DistrictKey::At(0),
        format!(
            "SELECT pr.district, CAST(count(*) AS BIGINT), \
             CAST(sum(CASE WHEN pr.referred_on <= {year_ago} THEN 1 ELSE 0 END) AS BIGINT) \
             FROM prosecutions pr \
             WHERE pr.referred_on <= {to} AND (pr.dpp_decision_on IS NULL OR pr.dpp_decision_on > {to} \
             OR (pr.dpp_decision = 'FurtherInvestigation')) \
             AND (pr.withdrawn_on IS NULL OR pr.withdrawn_on > {to}){pr_scope} GROUP BY pr.district"
        ),
    ));
    // Investigations open at the period's end whose docket has no custodian on record (derived: the
    // custodian is sealed).
    out.push(count(
        "dockets_unlocated",
        1,
        2,
        DistrictKey::At(0),
        format!(
            "SELECT i.district, CAST(count(*) AS BIGINT), \
             CAST(sum(CASE WHEN i.docket_unlocated = TRUE THEN 1 ELSE 0 END) AS BIGINT) \
             FROM investigations i{} \
             WHERE i.opened_on <= {to} AND (i.closed_on IS NULL OR i.closed_on > {to}){i_scope} GROUP BY i.district",
            x.indexed("investigations_docket_idx")
        ),
    ));
}

fn prevention(x: &Ctx, out: &mut Vec<Count>) {
    // Cases detected in the period, by how they came to light (border screening, labour inspections...).
    out.push(count(
        "detections",
        2,
        1,
        DistrictKey::At(1),
        format!(
            "SELECT cases.detection_source, cases.district, CAST(count(*) AS BIGINT) FROM cases \
             WHERE {}{} GROUP BY cases.detection_source, cases.district",
            x.within("cases.detected_on"),
            x.scope("cases.district")
        ),
    ));
    // Awareness campaigns that started in the period, and the people they reached, by place (the district, or
    // the country abroad; a district's scope leaves those abroad out).
    out.push(count(
        "campaigns",
        2,
        2,
        DistrictKey::Added,
        format!(
            "SELECT place, district, CAST(count(*) AS BIGINT), CAST(coalesce(sum(reach), 0) AS BIGINT) FROM campaigns \
             WHERE {}{} GROUP BY place, district",
            x.within("started_on"),
            x.scope("district")
        ),
    ));
    // Trainings that started in the period, and the people trained, by place.
    out.push(count(
        "trainings",
        2,
        2,
        DistrictKey::Added,
        format!(
            "SELECT place, district, CAST(count(*) AS BIGINT), CAST(coalesce(sum(people), 0) AS BIGINT) FROM trainings \
             WHERE {}{} GROUP BY place, district",
            x.within("started_on"),
            x.scope("district")
        ),
    ));
    // The people trained in those trainings, and those certified, by what they do and their sex.
    out.push(count(
        "trained",
        3,
        2,
        DistrictKey::Added,
        format!(
            "SELECT p.role, p.sex, t.district, CAST(sum(p.people) AS BIGINT), CAST(sum(p.certified) AS BIGINT) \
             FROM training_participants p JOIN trainings t ON t.id = p.training_id \
             WHERE {}{} GROUP BY p.role, p.sex, t.district",
            x.within("t.started_on"),
            x.scope("t.district")
        ),
    ));
    // Joint inspections of employers in the period by district: how many, the foreign workers checked, how
    // many opened a case, and the cases opened.
    out.push(count(
        "inspections",
        2,
        4,
        DistrictKey::Added,
        format!(
            "SELECT i.place, i.district, CAST(count(*) AS BIGINT), CAST(coalesce(sum(i.foreign_workers), 0) AS BIGINT), \
             CAST(coalesce(sum(CASE WHEN c.n IS NULL THEN 0 ELSE 1 END), 0) AS BIGINT), \
             CAST(coalesce(sum(c.n), 0) AS BIGINT) \
             FROM inspections i LEFT JOIN (SELECT inspection_id, count(*) AS n FROM inspection_cases \
             GROUP BY inspection_id) c ON c.inspection_id = i.id \
             WHERE {}{} GROUP BY i.place, i.district",
            x.within("i.started_on"),
            x.scope("i.district")
        ),
    ));
    // Screenings at ports of entry that started in the period, by port and its district ("" for a port whose
    // district is not established; a district's scope leaves those out): how many, the travellers screened, the
    // people referred for further screening, how many opened a case, and the cases opened.
    out.push(count(
        "screenings",
        2,
        5,
        DistrictKey::At(1),
        format!(
            "SELECT s.place, s.district, CAST(count(*) AS BIGINT), CAST(coalesce(sum(s.travellers), 0) AS BIGINT), \
             CAST(coalesce(sum(s.referred), 0) AS BIGINT), \
             CAST(coalesce(sum(CASE WHEN c.n IS NULL THEN 0 ELSE 1 END), 0) AS BIGINT), \
             CAST(coalesce(sum(c.n), 0) AS BIGINT) \
             FROM screenings s LEFT JOIN (SELECT screening_id, count(*) AS n FROM screening_cases \
             GROUP BY screening_id) c ON c.screening_id = s.id \
             WHERE {}{} GROUP BY s.place, s.district",
            x.within("s.started_on"),
            x.scope("s.district")
        ),
    ));
}

/// A referral's deadline in days, by its service and the victim's age group (a child's, or an unknown age's,
/// is the shorter), as the configured deadlines say.
fn deadline_days(deadlines: &ResponseDeadlines) -> String {
    let mut arms = Vec::new();
    for s in ServiceType::ALL {
        let (adult, child) = (deadlines.days(*s, false), deadlines.days(*s, true));
        arms.push(format!(
            "WHEN r.service = '{}' THEN CASE WHEN r.age_group = 'adult' THEN {adult} ELSE {child} END",
            s.code()
        ));
    }
    format!("CASE {} ELSE 0 END", arms.join(" "))
}

/// Referrals sent in the period (but revoked ones), by the case's district and the service: how many, how many
/// were answered (accepted or declined) by the period's last day, how many of those by their deadline, and how
/// many were still unanswered on the period's last day past their deadline. On SQLite it reads all of
/// `referrals_responses_idx` (migration 0028) in the order of its groups, never the table.
fn responses(x: &Ctx, deadlines: &ResponseDeadlines, out: &mut Vec<Count>) {
    let days = deadline_days(deadlines);
    let answered = format!("r.responded_on IS NOT NULL AND r.responded_on <= {}", x.to);
    out.push(count(
        "responses",
        2,
        4,
        DistrictKey::At(0),
        format!(
            "SELECT r.district, r.service, CAST(count(*) AS BIGINT), \
             CAST(coalesce(sum(CASE WHEN {answered} THEN 1 ELSE 0 END), 0) AS BIGINT), \
             CAST(coalesce(sum(CASE WHEN {answered} AND {} <= {days} THEN 1 ELSE 0 END), 0) AS BIGINT), \
             CAST(coalesce(sum(CASE WHEN NOT ({answered}) AND {} > {days} THEN 1 ELSE 0 END), 0) AS BIGINT) \
             FROM referrals r{} WHERE {} AND r.state <> 'Revoked'{} GROUP BY r.district, r.service",
            x.days("r.sent_on", "r.responded_on"),
            x.days("r.sent_on", &x.to),
            x.indexed("referrals_responses_idx"),
            x.within("r.sent_on"),
            x.scope("r.district")
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
            deadlines: Default::default(),
        };
        let all = counts(&q, Dialect::Postgres);
        assert!(all.iter().all(|c| c.sql.contains("district IN ('LS-B')")));
        assert!(all.iter().all(|c| !c.sql.contains("JOIN cases") && !c.sql.contains("JOIN persons")));
        assert!(all[0].sql.contains("DATE '2025-04-01'"));
        let lite = counts(&q, Dialect::Sqlite);
        assert!(lite[0].sql.contains("'2026-03-31'") && !lite[0].sql.contains("DATE '"));
    }
}
