//! The master key file: created 0600 once, reused afterwards, bad files refused with clear errors.
#![allow(clippy::unwrap_used)]

use std::fs;

use lekhotla_crypto::{FieldRef, KeyError, Keyring, MasterKey};

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn created_0600_on_first_start_and_reused_on_second() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("master.key");

    let (first, created) = MasterKey::load_or_create(&path).unwrap();
    assert!(created);
    #[cfg(unix)]
    assert_eq!(mode(&path), 0o600);
    let contents = fs::read_to_string(&path).unwrap();
    assert_eq!(contents.trim_end().len(), 64);
    assert!(contents.trim_end().bytes().all(|b| b.is_ascii_hexdigit()));

    let (ring, wrapped) = Keyring::new_with_fresh_keys(&first).unwrap();
    let at = FieldRef::new("shelter", "location", "1");
    let sealed = ring.seal(at, "Synthetic shelter, 1 Example St").unwrap();

    let (second, created) = MasterKey::load_or_create(&path).unwrap();
    assert!(!created);
    assert_eq!(fs::read_to_string(&path).unwrap(), contents, "existing key file must not be rewritten");
    let reloaded = Keyring::unwrap(&second, &wrapped).unwrap();
    assert_eq!(reloaded.open(at, &sealed).unwrap(), "Synthetic shelter, 1 Example St");
    assert!(MasterKey::load(&path).is_ok());
}

#[test]
fn wrong_master_key_cannot_unwrap() {
    let dir = tempfile::tempdir().unwrap();
    let (right, _) = MasterKey::load_or_create(&dir.path().join("a.key")).unwrap();
    let (wrong, _) = MasterKey::load_or_create(&dir.path().join("b.key")).unwrap();
    let (_, wrapped) = Keyring::new_with_fresh_keys(&right).unwrap();
    let err = Keyring::unwrap(&wrong, &wrapped).unwrap_err();
    assert!(matches!(err, KeyError::UnwrapFailed { .. }), "{err:?}");
    assert!(err.to_string().contains("wrong master key"), "{err}");
}

#[test]
fn altered_or_relabelled_wrapped_key_cannot_unwrap() {
    let dir = tempfile::tempdir().unwrap();
    let (master, _) = MasterKey::load_or_create(&dir.path().join("a.key")).unwrap();
    let (_, wrapped) = Keyring::new_with_fresh_keys(&master).unwrap();

    let mut altered = wrapped.clone();
    altered[0].wrapped[30] ^= 1;
    assert!(matches!(Keyring::unwrap(&master, &altered), Err(KeyError::UnwrapFailed { .. })));

    // Swapping the purposes of the two stored keys is detected (purpose is in the wrapping AAD).
    let mut swapped = wrapped.clone();
    let purpose0 = swapped[0].purpose;
    swapped[0].purpose = swapped[1].purpose;
    swapped[1].purpose = purpose0;
    assert!(matches!(Keyring::unwrap(&master, &swapped), Err(KeyError::UnwrapFailed { .. })));
}

#[test]
fn incomplete_key_sets_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (master, _) = MasterKey::load_or_create(&dir.path().join("a.key")).unwrap();
    let (_, wrapped) = Keyring::new_with_fresh_keys(&master).unwrap();
    assert!(matches!(Keyring::unwrap(&master, &wrapped[1..]), Err(KeyError::NoDataKey)));
    assert!(matches!(Keyring::unwrap(&master, &wrapped[..1]), Err(KeyError::BlindIndexKeyCount { found: 0 })));
    let doubled = [wrapped.clone(), wrapped[..1].to_vec()].concat();
    assert!(matches!(Keyring::unwrap(&master, &doubled), Err(KeyError::DuplicateKeyId { .. })));
}

#[cfg(unix)]
fn write_0600(path: &std::path::Path, contents: &[u8]) {
    use std::os::unix::fs::PermissionsExt;
    fs::write(path, contents).unwrap();
    fs::set_permissions(path, fs::Permissions::from_mode(0o600)).unwrap();
}

#[cfg(unix)]
#[test]
fn garbage_short_or_empty_key_files_give_clear_errors_and_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8], &str); 5] = [
        ("short", b"abcdef0123\n", "wrong length"),
        ("empty", b"", "empty"),
        ("garbage", "zz".repeat(32).as_bytes().to_vec().leak(), "hexadecimal digits"),
        ("binary", &[0xff; 32], "wrong length"),
        ("long", "ab".repeat(200).as_bytes().to_vec().leak(), "too long"),
    ];
    for (name, contents, expected) in cases {
        let path = dir.path().join(name);
        write_0600(&path, contents);
        let err = MasterKey::load_or_create(&path).unwrap_err();
        assert!(matches!(err, KeyError::BadKeyFile { .. }), "{name}: {err:?}");
        let message = err.to_string();
        assert!(message.contains(expected), "{name}: {message}");
        assert!(message.contains(name), "message names the file: {message}");
        assert_eq!(fs::read(&path).unwrap(), contents, "{name}: a bad key file must not be replaced");
    }
}

#[cfg(unix)]
#[test]
fn group_or_world_readable_key_file_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("master.key");
    MasterKey::load_or_create(&path).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    let err = MasterKey::load(&path).unwrap_err();
    assert!(matches!(err, KeyError::InsecurePermissions { mode: 0o644, .. }), "{err:?}");
    assert!(err.to_string().contains("chmod 600"));
}

#[test]
fn missing_directory_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = MasterKey::load_or_create(&dir.path().join("absent").join("master.key")).unwrap_err();
    assert!(matches!(err, KeyError::Io { .. }), "{err:?}");
}

#[test]
fn debug_does_not_show_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("master.key");
    let (master, _) = MasterKey::load_or_create(&path).unwrap();
    let hex = fs::read_to_string(&path).unwrap().trim().to_owned();
    let bytes: Vec<u8> = (0..32).map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap()).collect();
    let (ring, _) = Keyring::new_with_fresh_keys(&master).unwrap();
    let debug = format!("{master:?} {master:#?} {ring:?} {ring:#?}");
    assert!(debug.contains("redacted"), "{debug}");
    assert!(!debug.contains(&hex), "{debug}");
    assert!(!debug.contains(&hex.to_uppercase()), "{debug}");
    assert!(!debug.contains(&hex[..8]), "{debug}");
    assert!(!debug.contains(&format!("{bytes:?}")), "{debug}");
}
