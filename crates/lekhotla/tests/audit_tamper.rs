//! The audit tamper scenarios of issue 9, on SQLite and on PostgreSQL (with `LEKHOTLA_TEST_PG_URL`): each
//! starts from a trail with two signed checkpoints whose heads the auditor exported (`audit heads --out`),
//! tampers with the database as whoever holds it could (triggers dropped and put back, hashes recomputed,
//! checkpoints deleted or re-signed), then `audit verify --against HEADS` must fail naming the break. Plain
//! `audit verify` (the database's own checkpoints and the key file) is held to what it can see: the scenarios
//! where it is blind are the reason the heads are kept off the server (listed in the README's audit section).

#![allow(clippy::unwrap_used)] // a test file

#[path = "tamper/site.rs"]
mod site;

use lekhotla_audit::{Action, CheckpointSigner};
use site::{Backend, Site, Trail};

/// What a tamper does, given the trail it starts from.
type Tamper = fn(&Site, Trail);

fn run(backend: Backend, tamper: Tamper, against: &str, plain: Option<&str>) {
    let Some(site) = Site::new(backend) else { return eprintln!("skipped: LEKHOTLA_TEST_PG_URL is not set") };
    let trail = site.build_trail();
    tamper(&site, trail);

    let heads = site.heads();
    let out = site.run(&["audit", "verify", "--against", heads.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "--against must catch it:\n{}", String::from_utf8_lossy(&out.stdout));
    assert!(err.contains("NOT intact") && err.contains(against), "--against should name {against:?}:\n{err}");

    let out = site.run(&["audit", "verify"]);
    let err = String::from_utf8_lossy(&out.stderr);
    match plain {
        Some(expected) => {
            assert_eq!(out.status.code(), Some(1), "plain verify catches it:\n{err}");
            assert!(err.contains(expected), "plain verify should name {expected:?}:\n{err}");
        }
        None => assert!(out.status.success(), "plain verify is expected to be blind here, and is not:\n{err}"),
    }
}

/// The entries, with the actor of entry 2 changed: the history someone would rather have.
fn framed(site: &Site) -> Vec<lekhotla_audit::AuditEntry> {
    let mut entries = site.entries();
    entries[1].actor = "user/framed-synthetic".into();
    entries
}

/// The stored checkpoints re-signed by `signer` over the same seqs of `site`'s current trail.
fn re_signed(site: &Site, signer: &CheckpointSigner) -> Vec<lekhotla_audit::Checkpoint> {
    let entries = site.entries();
    let hash_at = |seq: u64| entries.iter().find(|e| e.seq == seq).unwrap().hash;
    site.checkpoints().iter().map(|c| signer.sign(c.seq, hash_at(c.seq), c.at)).collect()
}

fn edit_an_entry(site: &Site, _: Trail) {
    site.behind_the_triggers("UPDATE audit_log SET actor = 'user/framed-synthetic' WHERE seq = 2;");
}

fn damage_a_stored_value(site: &Site, _: Trail) {
    // A run of fields without a field: no writer stores that, so the entry does not read back at all.
    site.behind_the_triggers(r#"UPDATE audit_log SET fields = '[["victim/1."]]' WHERE seq = 2;"#);
}

fn delete_the_last_entries(site: &Site, t: Trail) {
    site.behind_the_triggers(&format!("DELETE FROM audit_log WHERE seq >= {};", t.b));
}

fn delete_a_middle_entry(site: &Site, _: Trail) {
    site.behind_the_triggers("DELETE FROM audit_log WHERE seq = 3;");
}

fn reorder_two_entries(site: &Site, _: Trail) {
    site.behind_the_triggers(
        "UPDATE audit_log SET seq = -1 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = 4; \
         UPDATE audit_log SET seq = 4 WHERE seq = -1;",
    );
}

fn insert_a_forged_entry(site: &Site, _: Trail) {
    // A well-made entry (its hash links to entry 1) slipped in at seq 2, the later ones moved up by one.
    let entries = site.entries();
    let mut chain = lekhotla_audit::Chain::after(&entries[0]);
    let forged =
        chain.append(lekhotla_audit::NewEntry::new(entries[0].at, "user/framed-synthetic", Action::SealedRead));
    site.behind_the_triggers(&format!(
        "UPDATE audit_log SET seq = -seq WHERE seq >= 2; UPDATE audit_log SET seq = 1 - seq WHERE seq < 0;\n{}",
        site::insert_sql(&forged)
    ));
}

fn rewrite_the_history(site: &Site, _: Trail) {
    site.rewrite(framed(site));
}

fn rewrite_and_delete_the_checkpoints(site: &Site, _: Trail) {
    site.rewrite(framed(site));
    site.replace_checkpoints(&[]);
}

fn rewrite_and_remove_every_checkpoint_trace(site: &Site, _: Trail) {
    site.rewrite(framed(site).into_iter().filter(|e| e.action != Action::Checkpoint).collect());
    site.replace_checkpoints(&[]);
}

fn delete_the_checkpoint_rows(site: &Site, _: Trail) {
    site.replace_checkpoints(&[]);
}

fn delete_the_checkpoint_entries(site: &Site, _: Trail) {
    site.rewrite(site.entries().into_iter().filter(|e| e.action != Action::Checkpoint).collect());
}

fn forge_the_checkpoint_signatures(site: &Site, _: Trail) {
    site.rewrite(framed(site));
    let mut forged = re_signed(site, &CheckpointSigner::from_seed(&[66; 32]));
    for checkpoint in &mut forged {
        checkpoint.signature[0] ^= 1;
    }
    site.replace_checkpoints(&forged);
}

fn replace_the_public_key(site: &Site, _: Trail) {
    site.rewrite(framed(site));
    let forger = CheckpointSigner::from_seed(&[66; 32]);
    site.replace_checkpoints(&re_signed(site, &forger));
    let seed: String = forger.to_seed().iter().map(|b| format!("{b:02x}")).collect();
    std::fs::write(site.audit_key(), seed + "\n").unwrap();
}

fn re_sign_with_the_stolen_key(site: &Site, _: Trail) {
    site.rewrite(framed(site));
    site.replace_checkpoints(&re_signed(site, &site.real_signer()));
}

fn drop_a_trigger(site: &Site, _: Trail) {
    site.sql(match site.backend {
        Backend::Sqlite => "DROP TRIGGER audit_log_refuses_delete",
        Backend::Postgres => "DROP TRIGGER audit_log_append_only ON audit_log",
    });
}

fn neutralise_a_trigger(site: &Site, _: Trail) {
    site.sql(match site.backend {
        Backend::Sqlite => {
            "DROP TRIGGER audit_log_refuses_update; \
             CREATE TRIGGER audit_log_refuses_update BEFORE UPDATE ON audit_log BEGIN SELECT 1; END;"
        }
        Backend::Postgres => {
            "CREATE OR REPLACE FUNCTION lekhotla_append_only() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN RETURN OLD; END $$"
        }
    });
}

fn truncate_the_trail(site: &Site, _: Trail) {
    site.rewrite(Vec::new());
    site.replace_checkpoints(&[]);
}

fn roll_back_to_an_older_copy(site: &Site, t: Trail) {
    // The database as it was just after the first checkpoint (its entry is seq a + 1).
    site.behind_the_triggers(&format!(
        "DELETE FROM audit_log WHERE seq > {}; DELETE FROM audit_checkpoints WHERE seq > {};",
        t.a + 1,
        t.a
    ));
}

const MISSING: &str = "is missing from the database's checkpoints";
const DIFFERS: &str = "differs from the database's checkpoint";

macro_rules! scenarios {
    ($($name:ident: against $against:expr, plain $plain:expr;)*) => {
        mod sqlite {
            use super::*;
            $(#[test] fn $name() { run(Backend::Sqlite, super::$name, $against, $plain) })*
        }
        mod postgres {
            use super::*;
            $(#[test] fn $name() { run(Backend::Postgres, super::$name, $against, $plain) })*
        }
    };
}

scenarios! {
    edit_an_entry: against "audit chain broken at seq 2", plain Some("was changed");
    damage_a_stored_value: against "audit entry #2 cannot be read", plain Some("audit entry #2 cannot be read");
    delete_the_last_entries: against "tail truncated", plain Some("tail truncated");
    delete_a_middle_entry: against "audit chain broken at seq 3", plain Some("entry missing");
    reorder_two_entries: against "audit chain broken at seq 3", plain Some("was changed");
    insert_a_forged_entry: against "audit chain broken at seq 3", plain Some("was changed");
    rewrite_the_history: against "signed hash", plain Some("signed hash");
    rewrite_and_delete_the_checkpoints: against MISSING, plain Some("which is not in the checkpoint table");
    rewrite_and_remove_every_checkpoint_trace: against MISSING, plain None;
    delete_the_checkpoint_rows: against MISSING, plain Some("which is not in the checkpoint table");
    delete_the_checkpoint_entries: against "signed hash", plain Some("signed hash");
    forge_the_checkpoint_signatures: against DIFFERS, plain Some("signature does not verify");
    replace_the_public_key: against "the key file was replaced", plain None;
    re_sign_with_the_stolen_key: against DIFFERS, plain None;
    drop_a_trigger: against "is missing (dropped)", plain Some("is missing (dropped)");
    neutralise_a_trigger: against "was altered", plain Some("was altered");
    truncate_the_trail: against MISSING, plain None;
    roll_back_to_an_older_copy: against MISSING, plain None;
}
