//! Every column of every table, with its class: the one list of what the database holds about people and
//! how. A conformance test (`lekhotla-storage-tests`, `every_column_is_classified`) reads the live schema
//! of each database and fails on a column missing here, a column here missing there, or a column classed
//! [`Class::Sealed`] that the store does not seal (or one it seals classed otherwise).
//!
//! - **Sealed**: encrypted at rest by the store, bound to its table, column and row
//!   ([`crate::sealing::SEALED_PERSON_COLUMNS`], [`crate::notes::SEALED_NOTES`], the user's TOTP secret):
//!   people's identity and contact fields, every free-text note, every place finer than a district.
//! - **Pseudonymous**: not a name, but it points at a person through another record or a key: the ids of
//!   persons and users, the blind indexes of a person's name, phonetic key, birth date and phone,
//!   usernames, hashes of passwords, tokens and recovery codes, a session's network address, the audit
//!   trail's actor, record and the fields it names.
//! - **Open**: codes, dates, counts, districts and coarser places, ids of cases and records, organisations
//!   (a public directory; a shelter's location is withheld on the way out), and the names of officials in
//!   their office (owner, case workers, investigator, prosecutor, comment author; emptied for statistics).

use crate::keys::sealing::ResealPhase;

/// How a column holds what it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Sealed,
    Pseudonymous,
    Open,
}

impl Class {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sealed => "sealed",
            Self::Pseudonymous => "pseudonymous",
            Self::Open => "open",
        }
    }
}

/// A table and the class of each of its columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClassifiedTable {
    pub table: &'static str,
    pub columns: &'static [(&'static str, Class)],
}

use Class::{Open as O, Pseudonymous as P, Sealed as S};

/// Every table of both stores (not sqlx's own `_sqlx_migrations`), every column classed.
#[rustfmt::skip]
pub const CLASSIFICATION: &[ClassifiedTable] = &[
    ClassifiedTable { table: "geography_units", columns: &[
        ("code", O), ("name", O), ("kind", O), ("parent_code", O), ("hub_code", O), ("population", O), ("position", O),
    ] },
    ClassifiedTable { table: "organisations", columns: &[
        ("id", O), ("version", O), ("name", O), ("org_type", O), ("district", O), ("services", O), ("phone", O),
        ("city", O), ("country", O), ("street", O), ("postal_code", O), ("latitude", O), ("longitude", O),
        ("name_key", O),
    ] },
    ClassifiedTable { table: "case_number_counters", columns: &[("country", O), ("year", O), ("last_sequence", O)] },
    ClassifiedTable { table: "cases", columns: &[
        ("id", O), ("number", O), ("version", O), ("status", O), ("closure_reason", S), ("owner", O),
        ("organisation_id", O), ("district", O), ("detection_source", O), ("detected_on", O), ("port_of_entry", O),
        ("summary", S), ("created_at", O), ("updated_at", O), ("victim_count", O), ("suspect_count", O),
        ("owner_user", P), ("referring_organisation", O), ("incoming_referral_on", O),
        ("incoming_referral_reason", O), ("incoming_referral_details", S), ("referring_case_worker", O),
        ("referring_case_worker_user", P), ("stage", O), ("child_referral_missed", O),
        ("exploitation_form", O),
    ] },
    ClassifiedTable { table: "persons", columns: &[
        ("id", P), ("case_id", O), ("role", O), ("position", O), ("version", O), ("kind", O),
        ("first_name", S), ("middle_name", S), ("second_name", S), ("birthdate", S), ("estimated_age", O),
        ("gender", O), ("citizenship", O), ("identity_number", S), ("phone", S), ("email", S), ("address", S),
        ("city", S), ("district", O), ("country", O), ("primary_language", O), ("business_name", O),
        ("business_kind", O), ("registration_number", O), ("name_index", P), ("salutation", O), ("title", O),
        ("home_phone", S), ("postal_code", S), ("latitude", S), ("longitude", S), ("deceased", O),
        ("marital_status", O), ("number_of_children", O), ("secondary_language", O), ("education", O),
        ("phonetic_index", P), ("birthdate_index", P), ("phone_index", P),
    ] },
    ClassifiedTable { table: "victims", columns: &[
        ("person_id", P), ("case_id", O), ("trafficking_status", O), ("status_decided_by", O),
        ("status_decided_by_org", O), ("status_decided_on", O), ("identified_on", O), ("age_when_trafficked", O),
        ("exploitation_types", O), ("forced_labour_industry", O), ("sex_exploitation_types", O),
        ("methods_of_control", O), ("recruitment_methods", O), ("relationship_to_trafficker", O),
        ("vulnerabilities", O), ("vulnerability_details", S), ("recruitment_location", O),
        ("recruitment_websites", O), ("exploitation_location", O), ("exploitation_websites", O),
        ("statistics_key", O), ("age_band", O), ("counted_in_statistics", O), ("gender", O), ("citizenship", O), ("district", O),
        ("detection_source", O),
    ] },
    // The victims count's groups (migration 0017): each distinct combination of the open keys a victim is
    // counted by, numbered; `victims.statistics_key` names the victim's.
    ClassifiedTable { table: "victim_keys", columns: &[
        ("id", O), ("trafficking_status", O), ("gender", O), ("age_band", O), ("citizenship", O),
        ("exploitation_types", O), ("forced_labour_industry", O), ("district", O), ("detection_source", O),
        ("exploitation_country", O),
    ] },
    ClassifiedTable { table: "frozen_reports", columns: &[
        ("id", O), ("kind", O), ("area", O), ("period_from", O), ("period_to", O), ("frozen_at", O),
        ("frozen_by", P), ("definitions_version", O), ("document", O), ("signature", O), ("public_key", O),
    ] },
    // Prevention work (migration 0018): no person is named, so nothing is sealed.
    ClassifiedTable { table: "campaigns", columns: &[
        ("id", O), ("version", O), ("organisation", O), ("place", O), ("district", O), ("started_on", O),
        ("ended_on", O), ("reach", O), ("details", O),
    ] },
    // Trainings (migration 0019): participants are counted in groups, never named.
    ClassifiedTable { table: "trainings", columns: &[
        ("id", O), ("version", O), ("organisation", O), ("place", O), ("district", O), ("started_on", O),
        ("ended_on", O), ("people", O), ("details", O),
    ] },
    ClassifiedTable { table: "training_participants", columns: &[
        ("training_id", O), ("position", O), ("organisation", O), ("role", O), ("sex", O), ("district", O),
        ("people", O), ("certified", O),
    ] },
    // Joint inspections (migration 0019): employers and case numbers, no worker named.
    ClassifiedTable { table: "inspections", columns: &[
        ("id", O), ("version", O), ("organisation", O), ("place", O), ("district", O), ("started_on", O),
        ("ended_on", O), ("foreign_workers", O), ("details", O),
    ] },
    ClassifiedTable { table: "inspection_cases", columns: &[("inspection_id", O), ("case_number", O)] },
    // Screenings at ports of entry (migration 0025): ports, counts of travellers and case numbers, no traveller
    // named.
    ClassifiedTable { table: "screenings", columns: &[
        ("id", O), ("version", O), ("organisation", O), ("place", O), ("district", O), ("started_on", O),
        ("ended_on", O), ("travellers", O), ("details", O), ("referred", O),
    ] },
    ClassifiedTable { table: "screening_cases", columns: &[("screening_id", O), ("case_number", O)] },
    // Settings (migration 0021): the referral deadlines; no person.
    ClassifiedTable { table: "settings", columns: &[("name", O), ("version", O), ("value", O)] },
    // Where a person's digest goes (migration 0021): an official's work address, as officials' names in their
    // office are open; the account it belongs to is pseudonymous.
    ClassifiedTable { table: "user_contacts", columns: &[("user_id", P), ("email", O), ("language", O)] },
    // Providers' years (migration 0020): beds and money by funder; no person and no address.
    ClassifiedTable { table: "provider_years", columns: &[
        ("organisation", O), ("year", O), ("version", O), ("beds", O), ("committed", O), ("disbursed", O),
        ("details", O),
    ] },
    // The action plan and its recommendations (migration 0022): ministries, quarters, maloti; no person.
    ClassifiedTable { table: "plan_documents", columns: &[("name", O), ("version", O), ("value", O), ("loaded_at", O)] },
    // The plan's evidence documents (migration 0024): people write names into documents, so a file's name and
    // bytes are sealed; its digest could match a copy held elsewhere.
    ClassifiedTable { table: "plan_files", columns: &[
        ("id", O), ("activity", O), ("name", S), ("content_type", O), ("size", O), ("sha256", P), ("content", S),
        ("uploaded_at", O),
    ] },
    // Committee meetings (migration 0023): organisations, offices, case numbers; no person is named.
    ClassifiedTable { table: "committee_meetings", columns: &[
        ("id", O), ("version", O), ("committee", O), ("district", O), ("held_on", O), ("open_actions", O),
        ("next_deadline", O), ("details", O),
    ] },
    ClassifiedTable { table: "suspects", columns: &[
        ("person_id", P), ("case_id", O), ("roles", O), ("role_details", S), ("official_public_body", S),
        ("official_position", S), ("arrested_on", O), ("organisation", S),
        // Derived for the statistics (migration 0016): whether a public body is on record, not which.
        ("district", O), ("gender", O), ("official", O), ("investigated_on", O),
    ] },
    ClassifiedTable { table: "witnesses", columns: &[
        ("person_id", P), ("case_id", O), ("victim_id", P), ("statement_taken_on", O), ("testimony_preserved", O),
    ] },
    ClassifiedTable { table: "events", columns: &[
        ("id", O), ("case_id", O), ("position", O), ("version", O), ("event_type", O), ("date", O), ("country", O),
        ("district", O), ("port_of_entry", O), ("city", S), ("place", S), ("description", S), ("victim_id", P),
        ("state", O), ("postal_code", S), ("latitude", S), ("longitude", S),
    ] },
    ClassifiedTable { table: "referrals", columns: &[
        ("id", O), ("case_id", O), ("position", O), ("version", O), ("victim_id", P), ("from_org", O), ("to_org", O),
        ("service", O), ("reason", O), ("details", S), ("automatic", O), ("state", O), ("sent_on", O),
        ("responded_on", O), ("decline_reason", S), ("delivered_on", O), ("delivery_note", S), ("closed_on", O),
        ("referring_case_worker", O), ("referring_case_worker_user", P), ("referred_case_worker", O),
        ("referred_case_worker_user", P), ("end_reason", S),
        ("district", O), ("age_group", O), ("counted", O),
        // Derived for the statistics (migration 0017): the day of the same victim's previous referral.
        ("sent_before", O), ("sent_before_any", O), ("delivered_before", O), ("delivered_before_any", O),
    ] },
    ClassifiedTable { table: "consents", columns: &[
        ("id", O), ("case_id", O), ("position", O), ("version", O), ("victim_id", P), ("purpose", O), ("given", O),
        ("recorded_on", O), ("withdrawn_on", O), ("recorded_by", S), ("given_by", O), ("child_assent", O),
    ] },
    ClassifiedTable { table: "support_plans", columns: &[
        ("id", O), ("case_id", O), ("position", O), ("version", O), ("victim_id", P), ("plan_type", O),
        ("provider", O), ("objectives", S), ("action_plan", S), ("started_on", O), ("planned_end", O),
        ("actual_end", O),
    ] },
    ClassifiedTable { table: "comments", columns: &[
        ("id", O), ("case_id", O), ("position", O), ("author", O), ("at", O), ("text", S),
    ] },
    ClassifiedTable { table: "case_links", columns: &[("case_id", O), ("other_case_id", O), ("kind", O), ("position", O)] },
    ClassifiedTable { table: "investigations", columns: &[
        ("id", O), ("case_id", O), ("version", O), ("unit", O), ("organisation_id", O), ("investigator", O),
        ("opened_on", O), ("docket_number", O), ("docket_custodian", S), ("cooperating_countries", O),
        ("closed_on", O), ("closure_reason", S),
        // Derived for the statistics (migration 0016): whether a custodian is on record, not who.
        ("district", O), ("exploitation_form", O), ("docket_unlocated", O),
    ] },
    ClassifiedTable { table: "docket_transfers", columns: &[
        ("id", O), ("case_id", O), ("position", O), ("from_custodian", S), ("to_custodian", S), ("on_date", O),
        ("reason", S),
    ] },
    ClassifiedTable { table: "prosecutions", columns: &[
        ("id", O), ("case_id", O), ("version", O), ("prosecutor", O), ("referred_on", O), ("dpp_decision", O),
        ("dpp_decision_on", O), ("summons_issued_on", O), ("court", O), ("court_case_number", O),
        ("withdrawn_on", O), ("withdrawal_reason", S),
        ("district", O), ("exploitation_form", O), ("concluded_on", O),
    ] },
    ClassifiedTable { table: "charges", columns: &[
        ("id", O), ("case_id", O), ("position", O), ("accused_id", P), ("offence", O), ("statute", O),
        ("counts", O), ("filed_on", O), ("district", O), ("gender", O), ("official", O),
    ] },
    ClassifiedTable { table: "hearings", columns: &[
        ("id", O), ("case_id", O), ("position", O), ("on_date", O), ("kind", O), ("victim_testified", O),
        ("notes", S), ("district", O),
    ] },
    ClassifiedTable { table: "verdicts", columns: &[
        ("id", O), ("case_id", O), ("position", O), ("accused_id", P), ("outcome", O), ("on_date", O),
        ("district", O), ("exploitation_form", O), ("gender", O), ("official", O),
    ] },
    ClassifiedTable { table: "sentences", columns: &[
        ("id", O), ("case_id", O), ("position", O), ("accused_id", P), ("on_date", O), ("imprisonment_months", O),
        ("fine_lsl", O), ("suspended", O), ("notes", S), ("district", O),
    ] },
    ClassifiedTable { table: "compensation_orders", columns: &[
        ("id", O), ("case_id", O), ("position", O), ("accused_id", P), ("victim_id", P), ("amount_lsl", O),
        ("on_date", O), ("district", O),
    ] },
    ClassifiedTable { table: "users", columns: &[
        ("id", P), ("version", O), ("username", P), ("organisation_id", O), ("roles", O), ("district", O),
        ("password_hash", P), ("totp_secret_sealed", S), ("totp_last_step", O), ("disabled_at", O),
        ("created_at", O),
    ] },
    ClassifiedTable { table: "recovery_codes", columns: &[("user_id", P), ("code_hash", P), ("used_at", O)] },
    ClassifiedTable { table: "sessions", columns: &[
        ("token_hash", P), ("user_id", P), ("created_at", O), ("last_seen_at", O), ("address", P),
        ("revoked_at", O), ("factor_at", O),
    ] },
    ClassifiedTable { table: "api_tokens", columns: &[
        ("id", O), ("token_hash", P), ("user_id", P), ("name", O), ("scopes", O), ("created_at", O),
        ("revoked_at", O), ("expires_at", O), ("last_used_at", O),
    ] },
    // The reason is the same text as the break-glass entry's `purpose` in the audit trail, which its reviewers
    // must read (open, like `audit_log.purpose`); `credential` is the session's or token's hash reference.
    ClassifiedTable { table: "break_glass_grants", columns: &[
        ("id", O), ("case_id", O), ("user_id", P), ("credential", P), ("reason", O), ("granted_at", O),
        ("expires_at", O), ("unusual", O), ("revoked_at", O), ("revoked_by", P),
    ] },
    ClassifiedTable { table: "audit_log", columns: &[
        ("seq", O), ("at", O), ("actor", P), ("action", O), ("record", P), ("fields", P), ("purpose", O),
        ("prev_hash", O), ("hash", O),
    ] },
    ClassifiedTable { table: "audit_checkpoints", columns: &[("seq", O), ("head_hash", O), ("at", O), ("signature", O)] },
    ClassifiedTable { table: "wrapped_keys", columns: &[("id", O), ("purpose", O), ("wrapped", O)] },
    ClassifiedTable { table: "audit_head", columns: &[("only_row", O), ("seq", O), ("hash", O)] },
    // Indexes a bulk load set aside (migration 0026): their names and statements, no data.
    ClassifiedTable { table: "deferred_indexes", columns: &[("name", O), ("definition", O)] },
    // The one-time backfills after an upgrade that went through (migration 0027): names and times, no data.
    ClassifiedTable { table: "backfills", columns: &[("name", O), ("done_at", O)] },
];

/// The tables only PostgreSQL has: the one-row head of the audit chain, locked by every writer (SQLite
/// serialises its writers with its write lock instead).
pub const POSTGRES_ONLY: &[&str] = &["audit_head"];

/// Every classified column, as (table, column, class).
pub fn classified() -> impl Iterator<Item = (&'static str, &'static str, Class)> {
    CLASSIFICATION.iter().flat_map(|t| t.columns.iter().map(move |(c, class)| (t.table, *c, *class)))
}

/// Every column the store seals, as (table, stored column): the tables of the re-encryption walk.
pub fn sealed_by_the_store() -> Vec<(&'static str, &'static str)> {
    ResealPhase::all().flat_map(|p| p.columns().into_iter().map(move |(column, _)| (p.table(), column))).collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn the_sealed_class_is_what_the_store_seals() {
        let classed: BTreeSet<_> =
            classified().filter(|(_, _, c)| *c == Class::Sealed).map(|(t, c, _)| (t, c)).collect();
        let sealed: BTreeSet<_> = sealed_by_the_store().into_iter().collect();
        assert_eq!(classed, sealed);
    }

    #[test]
    fn each_column_is_classed_once() {
        let all: Vec<_> = classified().map(|(t, c, _)| (t, c)).collect();
        let unique: BTreeSet<_> = all.iter().collect();
        assert_eq!(all.len(), unique.len());
    }
}
