//! The master key (KEK): loaded from a file, or created in it with mode 0600 on first start.
//!
//! File format: the 32-byte key as 64 hexadecimal characters, optionally followed by whitespace
//! (a trailing newline). A missing file is created with `create_new` (never overwriting an existing
//! one, even under a race); an existing file is only ever read. On Unix a file readable or writable by
//! group or others is refused.

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use crate::error::KeyError;
use crate::secret::{KEY_LEN, SecretKey};

/// Environment variable naming the master key file.
pub const MASTER_KEY_FILE_ENV: &str = "LEKHOTLA_MASTER_KEY_FILE";

/// Longest key file accepted (64 hex characters plus generous trailing whitespace).
const MAX_FILE_LEN: u64 = 256;

/// The key-encryption key that wraps data and blind-index keys. `Debug` never shows it.
pub struct MasterKey(SecretKey);

impl MasterKey {
    /// Loads the key from `path`, or, if there is no file there, creates one holding a fresh random
    /// key (mode 0600). Returns the key and whether it was created. The parent directory must exist.
    ///
    /// # Errors
    /// I/O failures, an invalid or insecure existing file, or a failing random number generator.
    pub fn load_or_create(path: &Path) -> Result<(Self, bool), KeyError> {
        match create_new(path) {
            Ok(mut file) => {
                let key = SecretKey::random().map_err(|_| KeyError::Random)?;
                let written = write_key(&mut file, &key);
                drop(file);
                if let Err(source) = written {
                    // Leave no truncated key file behind for the next start to trip over.
                    let _ = fs::remove_file(path);
                    return Err(KeyError::Io { path: path.to_path_buf(), source });
                }
                sync_parent(path);
                Ok((Self(key), true))
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok((Self::load(path)?, false)),
            Err(source) => Err(KeyError::Io { path: path.to_path_buf(), source }),
        }
    }

    /// Loads the key from an existing file.
    ///
    /// # Errors
    /// The file is missing or unreadable, has insecure permissions, or is not 64 hex characters.
    pub fn load(path: &Path) -> Result<Self, KeyError> {
        let io_err = |source| KeyError::Io { path: path.to_path_buf(), source };
        let file = File::open(path).map_err(io_err)?;
        check_permissions(path, &file)?;
        let mut text = Zeroizing::new(Vec::new());
        file.take(MAX_FILE_LEN + 1).read_to_end(&mut text).map_err(io_err)?;
        if text.len() as u64 > MAX_FILE_LEN {
            return Err(bad(path, "file is too long; expected 64 hexadecimal characters"));
        }
        let trimmed = text.trim_ascii();
        if trimmed.is_empty() {
            return Err(bad(path, "file is empty; expected 64 hexadecimal characters"));
        }
        if trimmed.len() != KEY_LEN * 2 {
            return Err(bad(path, "wrong length; expected 64 hexadecimal characters"));
        }
        let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
        for (out, pair) in bytes.iter_mut().zip(trimmed.chunks_exact(2)) {
            let (Some(hi), Some(lo)) = (hex_value(pair[0]), hex_value(pair[1])) else {
                return Err(bad(path, "contains characters other than hexadecimal digits"));
            };
            *out = (hi << 4) | lo;
        }
        Ok(Self(SecretKey::from_bytes(*bytes)))
    }

    pub(crate) fn secret(&self) -> &SecretKey {
        &self.0
    }
}

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MasterKey([redacted])")
    }
}

fn bad(path: &Path, reason: &'static str) -> KeyError {
    KeyError::BadKeyFile { path: PathBuf::from(path), reason }
}

fn hex_value(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

fn write_key(file: &mut File, key: &SecretKey) -> io::Result<()> {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut text = Zeroizing::new(Vec::with_capacity(KEY_LEN * 2 + 1));
    for b in key.expose() {
        text.push(HEX[usize::from(b >> 4)]);
        text.push(HEX[usize::from(b & 0x0f)]);
    }
    text.push(b'\n');
    file.write_all(&text)?;
    file.sync_all()
}

#[cfg(unix)]
fn create_new(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)
}

#[cfg(not(unix))]
fn create_new(path: &Path) -> io::Result<File> {
    OpenOptions::new().write(true).create_new(true).open(path)
}

#[cfg(unix)]
fn check_permissions(path: &Path, file: &File) -> Result<(), KeyError> {
    use std::os::unix::fs::PermissionsExt;
    let meta = file.metadata().map_err(|source| KeyError::Io { path: path.to_path_buf(), source })?;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(KeyError::InsecurePermissions { path: path.to_path_buf(), mode });
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_permissions(_path: &Path, _file: &File) -> Result<(), KeyError> {
    Ok(())
}

/// Best effort: make the new directory entry durable. A failure here does not lose the key already synced.
fn sync_parent(path: &Path) {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && let Ok(dir) = File::open(parent)
    {
        let _ = dir.sync_all();
    }
}
