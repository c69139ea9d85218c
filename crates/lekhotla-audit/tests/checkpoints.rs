//! Signed checkpoints verify, resist alteration and catch what the chain alone cannot (a cut or rewritten tail).
#![allow(clippy::unwrap_used)]

#[path = "support/fixtures.rs"]
mod fixtures;

use fixtures::{base_time, build_chain, rehash_from};
use lekhotla_audit::{
    BreakKind, Chain, ChainHash, Checkpoint, CheckpointFailure, CheckpointProblem, CheckpointSigner,
    CheckpointVerifier, KeyError, VerifyError, verify, verify_with_checkpoints,
};
use time::{Duration, macros::datetime};

const SEED: [u8; 32] = [42; 32];
const OTHER_SEED: [u8; 32] = [43; 32];

fn signer() -> CheckpointSigner {
    CheckpointSigner::from_seed(&SEED)
}

fn checkpoint_at(entries: &[lekhotla_audit::AuditEntry], seq: u64) -> Checkpoint {
    let entry = &entries[(seq - 1) as usize];
    signer().sign(entry.seq, entry.hash, base_time() + Duration::hours(1))
}

#[test]
fn a_checkpoint_verifies_with_the_signers_public_key() {
    let entries = build_chain(100);
    let checkpoint = signer().sign_head(&Chain::after(&entries[99]), base_time());
    assert_eq!((checkpoint.seq, checkpoint.head_hash), (100, entries[99].hash));
    signer().verifier().verify(&checkpoint).unwrap();
}

#[test]
fn a_modified_checkpoint_fails() {
    let entries = build_chain(100);
    let good = checkpoint_at(&entries, 50);
    let key = signer().verifier();
    let mut alterations = Vec::new();
    alterations.push(Checkpoint { seq: 51, ..good });
    alterations.push(Checkpoint { seq: 49, ..good });
    alterations.push(Checkpoint { head_hash: entries[50].hash, ..good });
    let mut flipped = good;
    flipped.head_hash.0[17] ^= 1;
    alterations.push(flipped);
    alterations.push(Checkpoint { at: good.at + Duration::microseconds(1), ..good });
    let mut bad_signature = good;
    bad_signature.signature[5] ^= 1;
    alterations.push(bad_signature);
    for altered in alterations {
        let err = key.verify(&altered).unwrap_err();
        assert_eq!(err, CheckpointFailure { seq: altered.seq, problem: CheckpointProblem::BadSignature });
        let err = verify_with_checkpoints(&entries, &[altered], &key).unwrap_err();
        assert!(matches!(
            err,
            VerifyError::Checkpoint(CheckpointFailure { problem: CheckpointProblem::BadSignature, .. })
        ));
    }
}

#[test]
fn a_checkpoint_signed_by_another_key_fails() {
    let entries = build_chain(10);
    let foreign = CheckpointSigner::from_seed(&OTHER_SEED).sign(10, entries[9].hash, base_time());
    assert!(signer().verifier().verify(&foreign).is_err());
    assert!(CheckpointSigner::from_seed(&OTHER_SEED).verifier().verify(&foreign).is_ok());
}

#[test]
fn an_intact_chain_passes_all_its_checkpoints_in_any_order() {
    let entries = build_chain(1_000);
    let checkpoints = [
        checkpoint_at(&entries, 1_000),
        checkpoint_at(&entries, 1),
        signer().sign(0, ChainHash::GENESIS, base_time()),
        checkpoint_at(&entries, 500),
        checkpoint_at(&entries, 500),
    ];
    let summary = verify_with_checkpoints(&entries, &checkpoints, &signer().verifier()).unwrap();
    assert_eq!((summary.entries, summary.head_hash), (1_000, entries[999].hash));
}

#[test]
fn a_truncated_tail_is_caught_by_a_checkpoint_beyond_it() {
    let mut entries = build_chain(1_000);
    let checkpoint = checkpoint_at(&entries, 995);
    entries.truncate(990);
    assert!(verify(&entries).is_ok(), "the chain alone cannot see a cut tail");
    let err = verify_with_checkpoints(&entries, &[checkpoint], &signer().verifier()).unwrap_err();
    assert_eq!(
        err,
        VerifyError::Checkpoint(CheckpointFailure {
            seq: 995,
            problem: CheckpointProblem::BeyondHead { head_seq: 990 }
        })
    );
}

#[test]
fn a_rewritten_history_is_caught_by_an_older_checkpoint() {
    let mut entries = build_chain(1_000);
    let before = checkpoint_at(&entries, 300);
    let covering = checkpoint_at(&entries, 500);
    let original_500 = entries[499].hash;
    entries[399].fields = vec!["nothing.to.see".into()];
    rehash_from(&mut entries, 399);
    assert!(verify(&entries).is_ok(), "a fully recomputed suffix is a valid chain");
    let key = signer().verifier();
    assert!(verify_with_checkpoints(&entries, &[before], &key).is_ok());
    let err = verify_with_checkpoints(&entries, &[before, covering], &key).unwrap_err();
    assert_eq!(
        err,
        VerifyError::Checkpoint(CheckpointFailure {
            seq: 500,
            problem: CheckpointProblem::HashMismatch { signed: original_500, stored: entries[499].hash },
        })
    );
}

#[test]
fn the_first_failure_in_seq_order_is_reported() {
    let mut entries = build_chain(1_000);
    let late = checkpoint_at(&entries, 800);
    let early = checkpoint_at(&entries, 100);
    entries[199].actor = "edited".into();
    let key = signer().verifier();
    match verify_with_checkpoints(&entries, &[late], &key).unwrap_err() {
        VerifyError::Chain(brk) => assert_eq!((brk.seq, matches!(brk.kind, BreakKind::Changed { .. })), (200, true)),
        other => panic!("expected a chain break, got {other}"),
    }
    entries[99].hash.0[0] ^= 1; // now entry 100 is broken too, before entry 200
    let err = verify_with_checkpoints(&entries, &[late, early], &key).unwrap_err();
    assert!(matches!(err, VerifyError::Chain(ref brk) if brk.seq == 100), "{err}");
}

#[test]
fn a_genesis_checkpoint_must_carry_the_zero_hash() {
    let key = signer().verifier();
    let genesis = signer().sign(0, ChainHash::GENESIS, base_time());
    assert!(verify_with_checkpoints(Vec::<lekhotla_audit::AuditEntry>::new(), &[genesis], &key).is_ok());
    let wrong = signer().sign(0, ChainHash([1; 32]), base_time());
    let err = verify_with_checkpoints(build_chain(3), &[wrong], &key).unwrap_err();
    assert!(matches!(err, VerifyError::Checkpoint(CheckpointFailure { seq: 0, .. })), "{err}");
}

#[test]
fn signing_stores_utc_microseconds_and_the_message_is_fixed() {
    let at = datetime!(2026-03-02 10:00:00.123456789 +02:00);
    let checkpoint = signer().sign(7, ChainHash([0xab; 32]), at);
    assert_eq!(checkpoint.at, datetime!(2026-03-02 08:00:00.123456 UTC));
    assert!(checkpoint.at.offset().is_utc());
    let message = checkpoint.message();
    assert_eq!(message.len(), 26 + 1 + 8 + 32 + 8);
    assert_eq!(&message[..27], b"lekhotla-audit-checkpoint\0\x01");
    assert_eq!(&message[27..35], &7u64.to_be_bytes());
    assert_eq!(&message[35..67], &[0xab; 32]);
    assert_eq!(&message[67..], &1_772_438_400_123_456i64.to_be_bytes());
    // Ed25519 is deterministic: a fixed key and message give a fixed signature.
    assert_eq!(checkpoint.signature, signer().sign(7, ChainHash([0xab; 32]), at).signature);
    assert_eq!(checkpoint.signature_hex().len(), 128);
}

#[test]
fn the_signer_debug_hides_the_seed() {
    let signer = CheckpointSigner::from_seed(&SEED);
    let text = format!("{signer:?} {signer:#?}");
    assert!(text.contains("redacted"), "{text}");
    assert!(!text.contains(&hex::encode(SEED)), "{text}");
    assert!(!text.contains("42, 42"), "{text}");
    assert!(!text.contains("2a2a"), "{text}");
    assert!(text.contains(&signer.verifier().to_hex()), "{text}");
}

#[test]
fn keys_round_trip_and_generated_keys_differ() {
    let a = CheckpointSigner::generate().unwrap();
    let b = CheckpointSigner::generate().unwrap();
    assert_ne!(a.verifier(), b.verifier());
    let again = CheckpointSigner::from_seed(&a.to_seed());
    assert_eq!(again.verifier(), a.verifier());
    let public = a.verifier();
    assert_eq!(CheckpointVerifier::from_hex(&public.to_hex()).unwrap(), public);
    assert_eq!(CheckpointVerifier::from_bytes(&public.to_bytes()).unwrap(), public);
    assert!(matches!(CheckpointVerifier::from_hex("zz"), Err(KeyError::Hex(_))));
    let checkpoint = a.sign(0, ChainHash::GENESIS, base_time());
    assert!(public.verify(&checkpoint).is_ok());
    assert!(b.verifier().verify(&checkpoint).is_err());
}
