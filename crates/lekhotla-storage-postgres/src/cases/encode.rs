//! A case as rows: its `cases` row and the rows of every child table, in saved order.

use lekhotla_crypto::Keyring;
use lekhotla_domain::{Case, PersonDetails, SuspectIdentity};
use lekhotla_storage::{DbError, notes, sealing};
use uuid::Uuid;

mod justice;

use crate::bulk;

/// The numbers of the victims' statistics keys, by victim (`victim_keys::numbers`).
pub type VictimNumbers = std::collections::HashMap<Uuid, i64>;
use crate::row::{Field, Row};
use crate::rows::{
    j_code, j_codes, j_countries, j_date, j_opt_code, j_opt_country, j_opt_date, j_opt_place, j_opt_str, j_opt_unit,
    j_opt_uuid, j_pos, j_ts, j_unit, j_uuid,
};

/// The child tables, in the order rows are inserted (persons before their role tables).
pub const CHILD_TABLES: &[&str] = &[
    "persons",
    "victims",
    "suspects",
    "witnesses",
    "events",
    "referrals",
    "consents",
    "support_plans",
    "comments",
    "case_links",
    "investigations",
    "docket_transfers",
    "prosecutions",
    "charges",
    "hearings",
    "verdicts",
    "sentences",
    "compensation_orders",
];

/// The `cases` row; `keyring` seals the summary.
pub fn case_row(c: &Case, keyring: Option<&Keyring>) -> Result<Row, DbError> {
    let incoming = c.incoming_referral.as_ref();
    let incoming_details = incoming.and_then(|r| r.details.as_deref());
    Ok(crate::row!({
        "id": j_uuid(c.id.0),
        "number": c.number.to_string(),
        "version": c.version,
        "status": j_code(c.status),
        "closure_reason": note(keyring, "cases", "closure_reason", c.id.0, c.closure_reason.as_deref())?,
        "owner": j_opt_str(c.owner.as_deref()),
        "organisation_id": j_uuid(c.organisation.0),
        "district": j_unit(&c.district),
        "detection_source": j_code(c.detection_source),
        "detected_on": j_date(c.detected_on),
        "port_of_entry": j_opt_unit(c.port_of_entry.as_ref()),
        "summary": note(keyring, "cases", "summary", c.id.0, c.summary.as_deref())?,
        "owner_user": j_opt_uuid(c.owner_user.map(|u| u.0)),
        "referring_organisation": j_opt_uuid(incoming.map(|r| r.from_org.0)),
        "incoming_referral_on": j_opt_date(incoming.and_then(|r| r.received_on)),
        "incoming_referral_reason": j_opt_code(incoming.and_then(|r| r.reason)),
        "incoming_referral_details": note(keyring, "cases", "incoming_referral_details", c.id.0, incoming_details)?,
        "referring_case_worker": j_opt_str(incoming.and_then(|r| r.case_worker.as_deref())),
        "referring_case_worker_user": j_opt_uuid(incoming.and_then(|r| r.case_worker_user.map(|u| u.0))),
        "created_at": j_ts(c.created_at),
        "updated_at": j_ts(c.updated_at),
        "stage": Field::Code(c.stage().code()),
        "exploitation_form": Field::Code(c.exploitation_form().code()),
        "child_referral_missed": !c.missed_child_referrals().is_empty(),
        "victim_count": c.victims.len(),
        "suspect_count": c.suspects.len(),
    }))
}

/// Rows of every child table for `cases`, keyed by table in [`CHILD_TABLES`] order.
#[derive(Debug, Default)]
pub struct ChildRows {
    pub tables: Vec<(&'static str, Vec<Row>)>,
}

impl ChildRows {
    /// The rows of `cases`; `keyring` seals the persons' protected fields (a case with persons and no
    /// keyring is an error); `numbers` are the victims' statistics keys (`victim_keys::numbers`).
    pub fn of(cases: &[Case], keyring: Option<&Keyring>, numbers: &VictimNumbers) -> Result<Self, DbError> {
        let mut t: Vec<(&'static str, Vec<Row>)> = CHILD_TABLES.iter().map(|n| (*n, Vec::new())).collect();
        let mut push = |table: &str, v: Row| {
            if let Some((_, rows)) = t.iter_mut().find(|(n, _)| *n == table) {
                rows.push(v);
            }
        };
        for c in cases {
            let case_id = c.id.0;
            let counted = c.victims_for_statistics();
            for (i, v) in c.victims.iter().enumerate() {
                let mut p = person_row(c.id.0, v.id.0, "victim", i, v.version);
                details_into(&mut p, keyring, v.id.0, &v.person)?;
                push("persons", p);
                let x = &v.context;
                push(
                    "victims",
                    crate::row!({
                        "person_id": j_uuid(v.id.0),
                        "case_id": case_id,
                        "trafficking_status": j_code(x.trafficking_status),
                        "status_decided_by": j_opt_code(x.status_decided_by),
                        "status_decided_by_org": j_opt_uuid(x.status_decided_by_org.map(|o| o.0)),
                        "status_decided_on": j_opt_date(x.status_decided_on),
                        "identified_on": j_date(x.identified_on),
                        "age_when_trafficked": x.age_when_trafficked,
                        "age_band": v.age_band_at_identification().code(),
                        "counted_in_statistics": counted.contains(&v.id),
                        "gender": j_code(v.person.gender),
                        "citizenship": j_countries(&v.person.citizenship),
                        "district": c.district.as_str(),
                        "detection_source": j_code(c.detection_source),
                        "exploitation_types": j_codes(&x.exploitation_types),
                        "forced_labour_industry": j_opt_code(x.forced_labour_industry),
                        "sex_exploitation_types": j_codes(&x.sex_exploitation_types),
                        "methods_of_control": j_codes(&x.methods_of_control),
                        "recruitment_methods": j_codes(&x.recruitment_methods),
                        "recruitment_location": j_opt_place(x.recruitment_location),
                        "recruitment_websites": j_codes(&x.recruitment_websites),
                        "exploitation_location": j_opt_place(x.exploitation_location),
                        "exploitation_websites": j_codes(&x.exploitation_websites),
                        "relationship_to_trafficker": j_opt_code(x.relationship_to_trafficker),
                        "vulnerabilities": j_codes(&x.vulnerabilities),
                        "vulnerability_details":
                            note(keyring, "victims", "vulnerability_details", v.id.0, x.vulnerability_details.as_deref())?,
                        "statistics_key": numbers.get(&v.id.0).copied(),
                    }),
                );
            }
            for (i, s) in c.suspects.iter().enumerate() {
                let mut p = person_row(c.id.0, s.id.0, "suspect", i, s.version);
                match &s.details.identity {
                    SuspectIdentity::Individual(d) => details_into(&mut p, keyring, s.id.0, d)?,
                    SuspectIdentity::Business(b) => {
                        p.set("kind", Field::Code("business"));
                        p.set("business_name", &b.name);
                        p.set("business_kind", j_code(b.kind));
                        p.set("registration_number", j_opt_str(b.registration_number.as_deref()));
                        p.set("country", j_opt_country(b.country));
                        p.set("district", j_opt_unit(b.district.as_ref()));
                    }
                }
                push("persons", p);
                let d = &s.details;
                let public_body = d.official.as_ref().map(|o| o.public_body.as_str());
                let position = d.official.as_ref().and_then(|o| o.position.as_deref());
                push(
                    "suspects",
                    crate::row!({
                        "person_id": j_uuid(s.id.0),
                        "case_id": case_id,
                        "district": c.district.as_str(),
                        "gender": lekhotla_storage::statistics::derive::accused(c, s.id).0,
                        "official": d.official.is_some(),
                        "investigated_on": j_opt_date(c.investigation.as_ref().map(|i| i.opened_on)),
                        "roles": j_codes(&d.roles),
                        "role_details": note(keyring, "suspects", "role_details", s.id.0, d.role_details.as_deref())?,
                        "organisation": note(keyring, "suspects", "organisation", s.id.0, d.organisation.as_deref())?,
                        "official_public_body": note(keyring, "suspects", "official_public_body", s.id.0, public_body)?,
                        "official_position": note(keyring, "suspects", "official_position", s.id.0, position)?,
                        "arrested_on": j_opt_date(d.arrested_on),
                    }),
                );
            }
            for (i, w) in c.witnesses.iter().enumerate() {
                let mut p = person_row(c.id.0, w.id.0, "witness", i, w.version);
                details_into(&mut p, keyring, w.id.0, &w.details.person)?;
                push("persons", p);
                push(
                    "witnesses",
                    crate::row!({
                        "person_id": j_uuid(w.id.0),
                        "case_id": case_id,
                        "victim_id": j_opt_uuid(w.details.victim.map(|v| v.0)),
                        "statement_taken_on": j_opt_date(w.details.statement_taken_on),
                        "testimony_preserved": w.details.testimony_preserved,
                    }),
                );
            }
            for (i, e) in c.events.iter().enumerate() {
                let d = &e.details;
                push(
                    "events",
                    crate::row!({
                        "id": j_uuid(e.id.0), "case_id": case_id, "position": j_pos(i), "version": e.version,
                        "event_type": j_code(d.event_type),
                        "date": j_opt_date(d.date),
                        "country": d.country.as_str(),
                        "district": j_opt_unit(d.district.as_ref()),
                        "state": j_opt_place(d.state),
                        "port_of_entry": j_opt_unit(d.port_of_entry.as_ref()),
                        "city": note(keyring, "events", "city", e.id.0, d.city.as_deref())?,
                        "place": note(keyring, "events", "place", e.id.0, d.place.as_deref())?,
                        "postal_code": note(keyring, "events", "postal_code", e.id.0, d.postal_code.as_deref())?,
                        "description": note(keyring, "events", "description", e.id.0, d.description.as_deref())?,
                        "latitude": degrees(keyring, "events", "latitude", e.id.0, d.latitude)?,
                        "longitude": degrees(keyring, "events", "longitude", e.id.0, d.longitude)?,
                        "victim_id": j_opt_uuid(d.victim.map(|v| v.0)),
                    }),
                );
            }
            let derived = lekhotla_storage::statistics::derive::referral_columns(c);
            for (i, (r, d)) in c.referrals.iter().zip(derived).enumerate() {
                push(
                    "referrals",
                    crate::row!({
                        "id": j_uuid(r.id.0), "case_id": case_id, "position": j_pos(i), "version": r.version,
                        "victim_id": j_opt_uuid(r.victim.map(|v| v.0)),
                        "from_org": j_uuid(r.from_org.0),
                        "to_org": j_uuid(r.to_org.0),
                        "referring_case_worker": j_opt_str(r.referring_case_worker.as_deref()),
                        "referring_case_worker_user": j_opt_uuid(r.referring_case_worker_user.map(|u| u.0)),
                        "referred_case_worker": j_opt_str(r.referred_case_worker.as_deref()),
                        "referred_case_worker_user": j_opt_uuid(r.referred_case_worker_user.map(|u| u.0)),
                        "service": j_code(r.service),
                        "reason": j_code(r.reason),
                        "details": note(keyring, "referrals", "details", r.id.0, r.details.as_deref())?,
                        "automatic": r.automatic,
                        "state": j_code(r.state),
                        "sent_on": j_date(r.sent_on),
                        "responded_on": j_opt_date(r.responded_on),
                        "decline_reason": note(keyring, "referrals", "decline_reason", r.id.0, r.decline_reason.as_deref())?,
                        "delivered_on": j_opt_date(r.delivered_on),
                        "delivery_note": note(keyring, "referrals", "delivery_note", r.id.0, r.delivery_note.as_deref())?,
                        "closed_on": j_opt_date(r.closed_on),
                        "end_reason": note(keyring, "referrals", "end_reason", r.id.0, r.end_reason.as_deref())?,
                        "district": d.district,
                        "age_group": d.age_group,
                        "counted": d.counted,
                        "sent_before": j_opt_date(d.sent_before),
                        "sent_before_any": j_opt_date(d.sent_before_any),
                        "delivered_before": j_opt_date(d.delivered_before),
                        "delivered_before_any": j_opt_date(d.delivered_before_any),
                    }),
                );
            }
            for (i, x) in c.consents.iter().enumerate() {
                push(
                    "consents",
                    crate::row!({
                        "id": j_uuid(x.id.0), "case_id": case_id, "position": j_pos(i), "version": x.version,
                        "victim_id": j_uuid(x.victim.0),
                        "purpose": j_code(x.purpose),
                        "given": x.given,
                        "recorded_on": j_date(x.recorded_on),
                        "withdrawn_on": j_opt_date(x.withdrawn_on),
                        "recorded_by": note(keyring, "consents", "recorded_by", x.id.0, x.recorded_by.as_deref())?,
                        "given_by": j_code(x.given_by),
                        "child_assent": x.child_assent,
                    }),
                );
            }
            for (i, s) in c.support_plans.iter().enumerate() {
                let d = &s.details;
                push(
                    "support_plans",
                    crate::row!({
                        "id": j_uuid(s.id.0), "case_id": case_id, "position": j_pos(i), "version": s.version,
                        "victim_id": j_uuid(d.victim.0),
                        "plan_type": j_code(d.plan_type),
                        "provider": j_opt_uuid(d.provider.map(|o| o.0)),
                        "objectives": note(keyring, "support_plans", "objectives", s.id.0, Some(&d.objectives))?,
                        "action_plan": note(keyring, "support_plans", "action_plan", s.id.0, d.action_plan.as_deref())?,
                        "started_on": j_date(d.started_on),
                        "planned_end": j_opt_date(d.planned_end),
                        "actual_end": j_opt_date(d.actual_end),
                    }),
                );
            }
            for (i, x) in c.comments.iter().enumerate() {
                push(
                    "comments",
                    crate::row!({
                        "id": j_uuid(x.id.0), "case_id": case_id, "position": j_pos(i),
                        "author": &x.author, "at": j_ts(x.at),
                        "text": note(keyring, "comments", "text", x.id.0, Some(&x.text))?,
                    }),
                );
            }
            for (i, l) in c.links.iter().enumerate() {
                push(
                    "case_links",
                    crate::row!({
                        "case_id": case_id, "other_case_id": j_uuid(l.other.0),
                        "kind": j_code(l.kind), "position": j_pos(i),
                    }),
                );
            }
            justice::rows(c, keyring, case_id, &mut push)?;
        }
        Ok(Self { tables: t })
    }

    /// The writes of every table's rows, ready to send in [`CHILD_TABLES`] order (made on the thread that
    /// sealed them, so that the connection's task only sends).
    pub fn prepare(self) -> Result<Vec<bulk::Prepared>, DbError> {
        self.tables.into_iter().map(|(table, rows)| bulk::prepare(table, &rows, "")).collect()
    }
}

/// A note's value: the text sealed for `table.column` of the row keyed `record` (see `notes::SEALED_NOTES`).
fn note(
    keyring: Option<&Keyring>,
    table: &'static str,
    column: &'static str,
    record: uuid::Uuid,
    value: Option<&str>,
) -> Result<Field, DbError> {
    Ok(notes::seal_note(keyring, table, column, record, value)?.into())
}

/// A map position's value: the degrees sealed as decimal text for `table.column` of the row keyed `record`.
fn degrees(
    keyring: Option<&Keyring>,
    table: &'static str,
    column: &'static str,
    record: uuid::Uuid,
    value: Option<f64>,
) -> Result<Field, DbError> {
    Ok(notes::seal_degrees(keyring, table, column, record, value)?.into())
}

fn person_row(case_id: Uuid, id: Uuid, role: &'static str, position: usize, version: i64) -> Row {
    let mut m = Row::with_capacity(40);
    m.push("id", id);
    m.push("case_id", case_id);
    m.push("role", Field::Code(role));
    m.push("position", j_pos(position));
    m.push("version", version);
    m.push("kind", Field::Code("individual"));
    m.push("citizenship", Field::Code(""));
    m.push("deceased", false);
    m
}

/// A natural person's columns: the protected ones sealed for the row of `id` (JSON strings, or null),
/// the blind indexes beside them.
fn details_into(m: &mut Row, keyring: Option<&Keyring>, id: uuid::Uuid, p: &PersonDetails) -> Result<(), DbError> {
    let sealed = sealing::seal_person(keyring.ok_or_else(sealing::no_keyring)?, id, p)?;
    for (column, value) in sealed.columns {
        m.set(column, value);
    }
    let mut set = |k: &'static str, v: Field| m.set(k, v);
    set(sealing::NAME_INDEX_COLUMN, Field::Text(sealed.name_index));
    for (column, value) in sealed.indexes.columns() {
        set(column, j_opt_str(value));
    }
    set("salutation", j_opt_str(p.salutation.as_deref()));
    set("estimated_age", p.estimated_age.into());
    set("gender", j_code(p.gender));
    set("deceased", Field::Bool(p.deceased));
    set("marital_status", j_opt_code(p.marital_status));
    set("number_of_children", p.number_of_children.into());
    set("citizenship", j_countries(&p.citizenship));
    set("title", j_opt_str(p.title.as_deref()));
    set("district", j_opt_unit(p.district.as_ref()));
    set("country", j_opt_country(p.country));
    set("primary_language", j_opt_str(p.primary_language.as_deref()));
    set("secondary_language", j_opt_str(p.secondary_language.as_deref()));
    set("education", j_opt_code(p.education));
    Ok(())
}
