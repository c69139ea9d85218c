//! A case as rows: the `cases` row and, table by table and in saved order, the rows of every record in it.

use lekhotla_crypto::Keyring;
use lekhotla_domain::{Case, PersonDetails, SuspectIdentity};
use lekhotla_storage::{DbError, notes, sealing};
use uuid::Uuid;

mod justice;

use crate::rows::{
    Cols, V, boolean, code, codes, countries, country, date, id, int, opt_code, opt_country, opt_date, opt_id, opt_int,
    opt_place, opt_text, opt_unit, position, text, timestamp, unit,
};

/// The tables that hold a case's records, deleted and written anew on every save.
/// Role tables come before `persons`, tables of the prosecution before `prosecutions`.
pub const CHILD_TABLES: &[&str] = &[
    "victims",
    "suspects",
    "witnesses",
    "persons",
    "events",
    "referrals",
    "consents",
    "support_plans",
    "comments",
    "case_links",
    "docket_transfers",
    "investigations",
    "charges",
    "hearings",
    "verdicts",
    "sentences",
    "compensation_orders",
    "prosecutions",
];

/// The columns of the `cases` row, id first; `keyring` seals the summary.
pub fn case_row(c: &Case, keyring: Option<&Keyring>) -> Result<Cols, DbError> {
    let incoming = c.incoming_referral.as_ref();
    Ok(vec![
        ("id", id(c.id.0)),
        ("number", text(c.number.to_string())),
        ("version", int(c.version)),
        ("status", code(c.status)),
        ("closure_reason", note(keyring, "cases", "closure_reason", c.id.0, c.closure_reason.as_deref())?),
        ("owner", opt_text(c.owner.as_deref())),
        ("organisation_id", id(c.organisation.0)),
        ("district", unit(&c.district)),
        ("detection_source", code(c.detection_source)),
        ("detected_on", date(c.detected_on)),
        ("port_of_entry", opt_unit(c.port_of_entry.as_ref())),
        ("summary", note(keyring, "cases", "summary", c.id.0, c.summary.as_deref())?),
        ("owner_user", opt_id(c.owner_user.map(|u| u.0))),
        ("referring_organisation", opt_id(incoming.map(|r| r.from_org.0))),
        ("incoming_referral_on", opt_date(incoming.and_then(|r| r.received_on))),
        ("incoming_referral_reason", opt_code(incoming.and_then(|r| r.reason))),
        (
            "incoming_referral_details",
            note(keyring, "cases", "incoming_referral_details", c.id.0, incoming.and_then(|r| r.details.as_deref()))?,
        ),
        ("referring_case_worker", opt_text(incoming.and_then(|r| r.case_worker.as_deref()))),
        ("referring_case_worker_user", opt_id(incoming.and_then(|r| r.case_worker_user.map(|u| u.0)))),
        ("created_at", timestamp("created_at", c.created_at)?),
        ("updated_at", timestamp("updated_at", c.updated_at)?),
        ("stage", text(c.stage().code())),
        ("exploitation_form", text(c.exploitation_form().code())),
        ("child_referral_missed", boolean(!c.missed_child_referrals().is_empty())),
        ("victim_count", position(c.victims.len())),
        ("suspect_count", position(c.suspects.len())),
    ])
}

/// A note's column: the text sealed for `table.column` of the row keyed `record` (see `notes::SEALED_NOTES`).
pub(super) fn note(
    keyring: Option<&Keyring>,
    table: &'static str,
    column: &'static str,
    record: Uuid,
    value: Option<&str>,
) -> Result<V, DbError> {
    Ok(notes::seal_note(keyring, table, column, record, value)?.map_or(V::Null, V::Text))
}

/// A map position's column: the degrees sealed as decimal text for `table.column` of the row keyed `record`.
fn degrees(
    keyring: Option<&Keyring>,
    table: &'static str,
    column: &'static str,
    record: Uuid,
    value: Option<f64>,
) -> Result<V, DbError> {
    Ok(notes::seal_degrees(keyring, table, column, record, value)?.map_or(V::Null, V::Text))
}

/// A natural person's columns: the protected ones sealed for this row, the blind indexes beside them.
fn person_cols(keyring: Option<&Keyring>, pid: Uuid, p: &PersonDetails) -> Result<Cols, DbError> {
    let sealed = sealing::seal_person(keyring.ok_or_else(sealing::no_keyring)?, pid, p)?;
    let mut cols: Cols = vec![("kind", text("individual"))];
    cols.extend(sealed.columns.into_iter().map(|(n, v)| (n, v.map_or(V::Null, V::Text))));
    cols.extend(sealed.indexes.columns().map(|(n, v)| (n, opt_text(v))));
    cols.extend([
        (sealing::NAME_INDEX_COLUMN, text(sealed.name_index)),
        ("salutation", opt_text(p.salutation.as_deref())),
        ("estimated_age", opt_int(p.estimated_age)),
        ("gender", code(p.gender)),
        ("deceased", boolean(p.deceased)),
        ("marital_status", opt_code(p.marital_status)),
        ("number_of_children", opt_int(p.number_of_children)),
        ("citizenship", countries(&p.citizenship)),
        ("title", opt_text(p.title.as_deref())),
        ("district", opt_unit(p.district.as_ref())),
        ("country", opt_country(p.country)),
        ("primary_language", opt_text(p.primary_language.as_deref())),
        ("secondary_language", opt_text(p.secondary_language.as_deref())),
        ("education", opt_code(p.education)),
    ]);
    Ok(cols)
}

/// The rows of every record of `case`, as (table, columns), parents before children. `keyring` seals
/// the persons' protected fields; a case with persons and no keyring is an error.
pub fn child_rows(case: &Case, keyring: Option<&Keyring>) -> Result<Vec<(&'static str, Cols)>, DbError> {
    let cid = || id(case.id.0);
    let mut out: Vec<(&'static str, Cols)> = Vec::new();
    let person = |pid, role: &str, pos: usize, version: i64, mut cols: Cols| {
        let mut head = vec![
            ("id", id(pid)),
            ("case_id", cid()),
            ("role", text(role)),
            ("position", position(pos)),
            ("version", int(version)),
        ];
        head.append(&mut cols);
        ("persons", head)
    };
    let counted = case.victims_for_statistics();
    for (i, v) in case.victims.iter().enumerate() {
        out.push(person(v.id.0, "victim", i, v.version, person_cols(keyring, v.id.0, &v.person)?));
        let x = &v.context;
        out.push((
            "victims",
            vec![
                ("person_id", id(v.id.0)),
                ("case_id", cid()),
                ("trafficking_status", code(x.trafficking_status)),
                ("status_decided_by", opt_code(x.status_decided_by)),
                ("status_decided_by_org", opt_id(x.status_decided_by_org.map(|o| o.0))),
                ("status_decided_on", opt_date(x.status_decided_on)),
                ("identified_on", date(x.identified_on)),
                ("age_when_trafficked", opt_int(x.age_when_trafficked)),
                ("age_band", text(v.age_band_at_identification().code())),
                ("counted_in_statistics", boolean(counted.contains(&v.id))),
                ("gender", code(v.person.gender)),
                ("citizenship", countries(&v.person.citizenship)),
                ("district", unit(&case.district)),
                ("detection_source", code(case.detection_source)),
                ("exploitation_types", codes(&x.exploitation_types)),
                ("forced_labour_industry", opt_code(x.forced_labour_industry)),
                ("sex_exploitation_types", codes(&x.sex_exploitation_types)),
                ("methods_of_control", codes(&x.methods_of_control)),
                ("recruitment_methods", codes(&x.recruitment_methods)),
                ("recruitment_location", opt_place(x.recruitment_location)),
                ("recruitment_websites", codes(&x.recruitment_websites)),
                ("exploitation_location", opt_place(x.exploitation_location)),
                ("exploitation_websites", codes(&x.exploitation_websites)),
                ("relationship_to_trafficker", opt_code(x.relationship_to_trafficker)),
                ("vulnerabilities", codes(&x.vulnerabilities)),
                (
                    "vulnerability_details",
                    note(keyring, "victims", "vulnerability_details", v.id.0, x.vulnerability_details.as_deref())?,
                ),
                // Numbered once the writer's transaction has `victim_keys` (`ChildRows::number_victims`).
                ("statistics_key", V::Null),
            ],
        ));
    }
    for (i, s) in case.suspects.iter().enumerate() {
        let cols = match &s.details.identity {
            SuspectIdentity::Individual(p) => person_cols(keyring, s.id.0, p)?,
            SuspectIdentity::Business(b) => vec![
                ("kind", text("business")),
                ("business_name", text(b.name.clone())),
                ("business_kind", code(b.kind)),
                ("registration_number", opt_text(b.registration_number.as_deref())),
                ("country", opt_country(b.country)),
                ("district", opt_unit(b.district.as_ref())),
            ],
        };
        out.push(person(s.id.0, "suspect", i, s.version, cols));
        let d = &s.details;
        out.push((
            "suspects",
            vec![
                ("person_id", id(s.id.0)),
                ("case_id", cid()),
                ("district", unit(&case.district)),
                ("gender", opt_text(lekhotla_storage::statistics::derive::accused(case, s.id).0)),
                ("official", boolean(d.official.is_some())),
                ("investigated_on", opt_date(case.investigation.as_ref().map(|i| i.opened_on))),
                ("roles", codes(&d.roles)),
                ("role_details", note(keyring, "suspects", "role_details", s.id.0, d.role_details.as_deref())?),
                ("organisation", note(keyring, "suspects", "organisation", s.id.0, d.organisation.as_deref())?),
                (
                    "official_public_body",
                    note(
                        keyring,
                        "suspects",
                        "official_public_body",
                        s.id.0,
                        d.official.as_ref().map(|o| o.public_body.as_str()),
                    )?,
                ),
                (
                    "official_position",
                    note(
                        keyring,
                        "suspects",
                        "official_position",
                        s.id.0,
                        d.official.as_ref().and_then(|o| o.position.as_deref()),
                    )?,
                ),
                ("arrested_on", opt_date(d.arrested_on)),
            ],
        ));
    }
    for (i, w) in case.witnesses.iter().enumerate() {
        out.push(person(w.id.0, "witness", i, w.version, person_cols(keyring, w.id.0, &w.details.person)?));
        out.push((
            "witnesses",
            vec![
                ("person_id", id(w.id.0)),
                ("case_id", cid()),
                ("victim_id", opt_id(w.details.victim.map(|v| v.0))),
                ("statement_taken_on", opt_date(w.details.statement_taken_on)),
                ("testimony_preserved", boolean(w.details.testimony_preserved)),
            ],
        ));
    }
    for (i, e) in case.events.iter().enumerate() {
        let d = &e.details;
        out.push((
            "events",
            vec![
                ("id", id(e.id.0)),
                ("case_id", cid()),
                ("position", position(i)),
                ("version", int(e.version)),
                ("event_type", code(d.event_type)),
                ("date", opt_date(d.date)),
                ("country", country(d.country)),
                ("district", opt_unit(d.district.as_ref())),
                ("state", opt_place(d.state)),
                ("port_of_entry", opt_unit(d.port_of_entry.as_ref())),
                ("city", note(keyring, "events", "city", e.id.0, d.city.as_deref())?),
                ("place", note(keyring, "events", "place", e.id.0, d.place.as_deref())?),
                ("postal_code", note(keyring, "events", "postal_code", e.id.0, d.postal_code.as_deref())?),
                ("description", note(keyring, "events", "description", e.id.0, d.description.as_deref())?),
                ("latitude", degrees(keyring, "events", "latitude", e.id.0, d.latitude)?),
                ("longitude", degrees(keyring, "events", "longitude", e.id.0, d.longitude)?),
                ("victim_id", opt_id(d.victim.map(|v| v.0))),
            ],
        ));
    }
    let derived = lekhotla_storage::statistics::derive::referral_columns(case);
    for (i, (r, d)) in case.referrals.iter().zip(derived).enumerate() {
        out.push((
            "referrals",
            vec![
                ("id", id(r.id.0)),
                ("case_id", cid()),
                ("position", position(i)),
                ("version", int(r.version)),
                ("victim_id", opt_id(r.victim.map(|v| v.0))),
                ("from_org", id(r.from_org.0)),
                ("to_org", id(r.to_org.0)),
                ("referring_case_worker", opt_text(r.referring_case_worker.as_deref())),
                ("referring_case_worker_user", opt_id(r.referring_case_worker_user.map(|u| u.0))),
                ("referred_case_worker", opt_text(r.referred_case_worker.as_deref())),
                ("referred_case_worker_user", opt_id(r.referred_case_worker_user.map(|u| u.0))),
                ("service", code(r.service)),
                ("reason", code(r.reason)),
                ("details", note(keyring, "referrals", "details", r.id.0, r.details.as_deref())?),
                ("automatic", boolean(r.automatic)),
                ("state", code(r.state)),
                ("sent_on", date(r.sent_on)),
                ("responded_on", opt_date(r.responded_on)),
                ("decline_reason", note(keyring, "referrals", "decline_reason", r.id.0, r.decline_reason.as_deref())?),
                ("delivered_on", opt_date(r.delivered_on)),
                ("delivery_note", note(keyring, "referrals", "delivery_note", r.id.0, r.delivery_note.as_deref())?),
                ("closed_on", opt_date(r.closed_on)),
                ("end_reason", note(keyring, "referrals", "end_reason", r.id.0, r.end_reason.as_deref())?),
                ("district", text(d.district)),
                ("age_group", text(d.age_group)),
                ("counted", boolean(d.counted)),
                ("sent_before", opt_date(d.sent_before)),
                ("sent_before_any", opt_date(d.sent_before_any)),
                ("delivered_before", opt_date(d.delivered_before)),
                ("delivered_before_any", opt_date(d.delivered_before_any)),
            ],
        ));
    }
    for (i, x) in case.consents.iter().enumerate() {
        out.push((
            "consents",
            vec![
                ("id", id(x.id.0)),
                ("case_id", cid()),
                ("position", position(i)),
                ("version", int(x.version)),
                ("victim_id", id(x.victim.0)),
                ("purpose", code(x.purpose)),
                ("given", boolean(x.given)),
                ("recorded_on", date(x.recorded_on)),
                ("withdrawn_on", opt_date(x.withdrawn_on)),
                ("recorded_by", note(keyring, "consents", "recorded_by", x.id.0, x.recorded_by.as_deref())?),
                ("given_by", code(x.given_by)),
                ("child_assent", x.child_assent.map_or(V::Null, boolean)),
            ],
        ));
    }
    for (i, p) in case.support_plans.iter().enumerate() {
        let d = &p.details;
        out.push((
            "support_plans",
            vec![
                ("id", id(p.id.0)),
                ("case_id", cid()),
                ("position", position(i)),
                ("version", int(p.version)),
                ("victim_id", id(d.victim.0)),
                ("plan_type", code(d.plan_type)),
                ("provider", opt_id(d.provider.map(|o| o.0))),
                ("objectives", note(keyring, "support_plans", "objectives", p.id.0, Some(&d.objectives))?),
                ("action_plan", note(keyring, "support_plans", "action_plan", p.id.0, d.action_plan.as_deref())?),
                ("started_on", date(d.started_on)),
                ("planned_end", opt_date(d.planned_end)),
                ("actual_end", opt_date(d.actual_end)),
            ],
        ));
    }
    for (i, c) in case.comments.iter().enumerate() {
        out.push((
            "comments",
            vec![
                ("id", id(c.id.0)),
                ("case_id", cid()),
                ("position", position(i)),
                ("author", text(c.author.clone())),
                ("at", timestamp("at", c.at)?),
                ("text", note(keyring, "comments", "text", c.id.0, Some(&c.text))?),
            ],
        ));
    }
    for (i, l) in case.links.iter().enumerate() {
        out.push((
            "case_links",
            vec![
                ("case_id", cid()),
                ("other_case_id", id(l.other.0)),
                ("kind", code(l.kind)),
                ("position", position(i)),
            ],
        ));
    }
    justice::rows(case, keyring, &cid, &mut out)?;
    Ok(out)
}
