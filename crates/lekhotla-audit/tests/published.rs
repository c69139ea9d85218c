//! The published head line: written, read back exactly, and refused when damaged or signed by another key.
#![allow(clippy::unwrap_used)]

use lekhotla_audit::{ChainHash, Checkpoint, CheckpointSigner, PublishedHead};
use time::macros::datetime;

fn head() -> PublishedHead {
    let signer = CheckpointSigner::from_seed(&[42; 32]);
    let checkpoint = signer.sign(17, ChainHash([9; 32]), datetime!(2026-03-02 08:00:00.123456 UTC));
    PublishedHead::new(checkpoint, signer.verifier()).unwrap()
}

#[test]
fn a_head_line_reads_back_exactly() {
    let head = head();
    let line = head.to_string();
    assert!(line.starts_with("lekhotla-audit-head v1 seq=17 hash=0909"), "{line}");
    assert!(line.contains(" at=2026-03-02T08:00:00.123456Z "), "{line}");
    assert_eq!(PublishedHead::parse_line(&line, 1).unwrap(), head);
    let file = format!("# lekhotla audit heads\n\n{line}\n  {line}  \n");
    let heads = PublishedHead::parse_file(&file).unwrap();
    assert_eq!(heads, vec![(3, head), (4, head)]);
}

#[test]
fn a_damaged_or_foreign_head_is_refused_naming_its_line() {
    let head = head();
    let line = head.to_string();
    let other = CheckpointSigner::from_seed(&[43; 32]).verifier().to_hex();
    let cases = [
        (line.replace("seq=17", "seq=18"), "not signed by the key"),
        (line.replace(&head.key.to_hex(), &other), "not signed by the key"),
        (line.replace("v1", "v2"), "unknown head line version"),
        (line.replace("hash=", "hash=zz"), "hash is not 64 hex digits"),
        (format!("{line} extra"), "unexpected \"extra\""),
        (line.replace(" key=", " kee="), "expected `key=...`"),
        ("seq: 17".to_owned(), "not a head line"),
    ];
    for (text, expected) in cases {
        let err = PublishedHead::parse_file(&format!("# heads\n{text}\n")).unwrap_err();
        assert_eq!(err.line, 2, "{err}");
        assert!(err.to_string().contains(expected), "{text}: {err}");
    }
    let forged = Checkpoint { signature: [1; 64], ..head.checkpoint };
    assert!(PublishedHead::new(forged, head.key).is_none());
}
