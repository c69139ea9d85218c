//! The Ed25519 audit key file: the 32-byte seed as 64 hex characters, created with `create_new` and mode 0600
//! (never overwriting a file), refused when group or others may read it.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use lekhotla_audit::CheckpointSigner;
use zeroize::Zeroizing;

/// Environment variable naming the audit key file.
pub const AUDIT_KEY_FILE_ENV: &str = "LEKHOTLA_AUDIT_KEY_FILE";

/// The audit key file of earlier versions, in the current directory (beside the default database).
pub const LEGACY_AUDIT_KEY_FILE: &str = "lekhotla-audit.key";

/// Longest file accepted: 64 hex characters and some trailing whitespace.
const MAX_FILE_LEN: u64 = 256;

/// The audit key file: `LEKHOTLA_AUDIT_KEY_FILE`, or `audit.key` in the user's configuration folder
/// (`$XDG_CONFIG_HOME/lekhotla/`, else `~/.config/lekhotla/`), never beside the database by default; without
/// either variable, `lekhotla-audit.key` in the current directory.
pub fn audit_key_path() -> PathBuf {
    if let Some(path) = std::env::var_os(AUDIT_KEY_FILE_ENV).filter(|v| !v.is_empty()) {
        return PathBuf::from(path);
    }
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").filter(|v| !v.is_empty()).map(|home| PathBuf::from(home).join(".config")));
    config.map_or_else(|| PathBuf::from(LEGACY_AUDIT_KEY_FILE), |dir| dir.join("lekhotla").join("audit.key"))
}

/// The signer in `path`, or `None` when there is no file there.
pub fn load_audit_signer(path: &Path) -> anyhow::Result<Option<CheckpointSigner>> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("audit key file {}", path.display())),
    };
    check_permissions(path, &file)?;
    let mut text = Zeroizing::new(Vec::new());
    file.take(MAX_FILE_LEN + 1).read_to_end(&mut text).with_context(|| format!("reading {}", path.display()))?;
    let seed = parse_seed(text.trim_ascii())
        .with_context(|| format!("audit key file {} does not hold 64 hexadecimal characters", path.display()))?;
    Ok(Some(CheckpointSigner::from_seed(&seed)))
}

/// The signer in `path`, or a new one written there (mode 0600). Returns it and whether it was created.
pub fn load_or_create_audit_signer(path: &Path) -> anyhow::Result<(CheckpointSigner, bool)> {
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty() && !p.exists()) {
        create_folder(folder).with_context(|| format!("creating the folder of the audit key, {}", folder.display()))?;
    }
    let mut file = match create_new(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            let signer = load_audit_signer(path)?
                .with_context(|| format!("the audit key file {} disappeared while being read", path.display()))?;
            return Ok((signer, false));
        }
        Err(e) => return Err(e).with_context(|| format!("creating the audit key file {}", path.display())),
    };
    let signer = CheckpointSigner::generate().context("generating the audit key")?;
    let seed = signer.to_seed();
    let mut text = Zeroizing::new(String::with_capacity(65));
    push_hex(&mut text, seed.as_slice());
    text.push('\n');
    let written = file.write_all(text.as_bytes()).and_then(|()| file.sync_all());
    drop(file);
    if let Err(e) = written {
        // Leave no truncated key file behind.
        let _ = std::fs::remove_file(path);
        return Err(e).with_context(|| format!("writing the audit key file {}", path.display()));
    }
    Ok((signer, true))
}

/// Appends lower-case hex of `bytes` (no temporary strings, so a secret leaves no copies behind).
fn push_hex(out: &mut String, bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
}

fn parse_seed(text: &[u8]) -> anyhow::Result<Zeroizing<[u8; 32]>> {
    if text.len() != 64 {
        bail!("wrong length");
    }
    let mut seed = Zeroizing::new([0u8; 32]);
    for (out, pair) in seed.iter_mut().zip(text.chunks_exact(2)) {
        let digit = |c: u8| char::from(c).to_digit(16).and_then(|d| u8::try_from(d).ok());
        let (Some(hi), Some(lo)) = (digit(pair[0]), digit(pair[1])) else {
            bail!("not hexadecimal");
        };
        *out = (hi << 4) | lo;
    }
    Ok(seed)
}

#[cfg(unix)]
fn create_new(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)
}

/// Creates `folder` (and its parents), the last one readable by its owner only.
fn create_folder(folder: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(folder)
}

#[cfg(not(unix))]
fn create_new(path: &Path) -> io::Result<File> {
    OpenOptions::new().write(true).create_new(true).open(path)
}

#[cfg(unix)]
fn check_permissions(path: &Path, file: &File) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = file.metadata().with_context(|| format!("audit key file {}", path.display()))?.permissions().mode();
    if mode & 0o077 != 0 {
        bail!(
            "audit key file {} has mode {:o}; it must not be readable by group or others (use chmod 600)",
            path.display(),
            mode & 0o777
        );
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_permissions(_path: &Path, _file: &File) -> anyhow::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn created_once_then_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.key");
        assert!(load_audit_signer(&path).unwrap().is_none());
        let (signer, created) = load_or_create_audit_signer(&path).unwrap();
        assert!(created);
        let (again, created) = load_or_create_audit_signer(&path).unwrap();
        assert!(!created);
        assert_eq!(again.verifier(), signer.verifier());
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.trim().len(), 64);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }

    #[cfg(unix)]
    #[test]
    fn the_folder_of_a_new_key_is_created_for_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config").join("lekhotla").join("audit.key");
        let (_, created) = load_or_create_audit_signer(&path).unwrap();
        assert!(created);
        let mode = std::fs::metadata(path.parent().unwrap()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
    }

    #[cfg(unix)]
    #[test]
    fn a_readable_or_malformed_file_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.key");
        std::fs::write(&path, "ab".repeat(32)).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = load_audit_signer(&path).unwrap_err().to_string();
        assert!(err.contains("chmod 600"), "{err}");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(load_audit_signer(&path).unwrap().is_some());
        std::fs::write(&path, "xyz").unwrap();
        let err = format!("{:#}", load_audit_signer(&path).unwrap_err());
        assert!(err.contains("64 hexadecimal"), "{err}");
    }
}
