//! The age side of backups: the recipients a backup is encrypted to, the identity file that opens one, and a
//! new identity for `backup keygen`. Only X25519 recipients (`age1...`), the kind `age-keygen` makes.

use std::io::{Read, Write};
use std::path::Path;

use age::secrecy::ExposeSecret;
use age::x25519;
use anyhow::{Context, anyhow, bail};
use zeroize::Zeroizing;

/// What opens a backup: the identities of an identity file.
pub type Identities = Vec<Box<dyn age::Identity + Send + Sync>>;

/// The recipients given as flags and in a recipients file; at least one.
pub fn recipients(given: &[String], file: Option<&Path>) -> anyhow::Result<Vec<x25519::Recipient>> {
    let mut out = Vec::new();
    for (i, text) in given.iter().enumerate() {
        out.push(recipient(text.trim()).with_context(|| format!("--recipient number {}", i + 1))?);
    }
    if let Some(path) = file {
        let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            out.push(recipient(line).with_context(|| format!("{} line {}", path.display(), n + 1))?);
        }
    }
    if out.is_empty() {
        bail!(
            "a backup needs a recipient to encrypt to: --recipient age1... or --recipients-file FILE \
             (`lekhotla backup keygen --out FILE` makes an identity and prints its recipient)"
        );
    }
    Ok(out)
}

fn recipient(text: &str) -> anyhow::Result<x25519::Recipient> {
    if text.starts_with("AGE-SECRET-KEY-") {
        // The value itself is never echoed: it is a secret.
        bail!("this is an age identity (a secret), not a recipient: give its public `age1...` line instead");
    }
    text.parse::<x25519::Recipient>().map_err(|e| anyhow!("not an age X25519 recipient (age1...): {e}"))
}

/// The identities of an age identity file (as `backup keygen` or `age-keygen` writes it).
pub fn identities(path: &Path) -> anyhow::Result<Identities> {
    let name = path.to_str().with_context(|| format!("{} is not a UTF-8 path", path.display()))?;
    let file = age::IdentityFile::from_file(name.to_owned())
        .with_context(|| format!("reading the identity file {}", path.display()))?;
    let identities =
        file.into_identities().map_err(|e| anyhow!("the identity file {} cannot be used: {e}", path.display()))?;
    if identities.is_empty() {
        bail!("the identity file {} holds no identity (AGE-SECRET-KEY-1...)", path.display());
    }
    Ok(identities)
}

/// A writer that encrypts what is written to `out` for `recipients`; `finish` it to write the last chunk.
pub fn encrypt_into<W: Write>(
    recipients: &[x25519::Recipient],
    out: W,
) -> anyhow::Result<age::stream::StreamWriter<W>> {
    let encryptor = age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
        .map_err(|e| anyhow!("cannot encrypt to these recipients: {e}"))?;
    encryptor.wrap_output(out).context("writing the backup's header")
}

/// A reader of the plaintext of the age file `input`, opened by one of `identities`.
pub fn decrypt_from<R: Read>(identities: &Identities, input: R) -> anyhow::Result<age::stream::StreamReader<R>> {
    let decryptor = age::Decryptor::new(input).map_err(|e| anyhow!("this is not an age-encrypted backup: {e}"))?;
    decryptor.decrypt(identities.iter().map(|i| i.as_ref() as &dyn age::Identity)).map_err(|e| match e {
        age::DecryptError::NoMatchingKeys => {
            anyhow!("the identity file does not open this backup (it was encrypted to other recipients)")
        }
        other => anyhow!("the backup cannot be decrypted: {other}"),
    })
}

/// Makes a new identity into the new file `out` (mode 0600) and returns its recipient.
pub fn keygen(out: &Path) -> anyhow::Result<String> {
    let identity = x25519::Identity::generate();
    let recipient = identity.to_public().to_string();
    let created = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .context("formatting the time")?;
    let text = Zeroizing::new(format!(
        "# created: {created}\n# public key: {recipient}\n{}\n",
        identity.to_string().expose_secret()
    ));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(out).with_context(|| format!("creating {} (it must not exist)", out.display()))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .with_context(|| format!("writing {}", out.display()))?;
    Ok(recipient)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn a_new_identity_opens_what_is_encrypted_to_its_recipient_only() {
        let dir = tempfile::tempdir().unwrap();
        let (mine, other) = (dir.path().join("mine.txt"), dir.path().join("other.txt"));
        let recipient = keygen(&mine).unwrap();
        keygen(&other).unwrap();
        assert!(keygen(&mine).is_err(), "an existing identity file is never overwritten");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&mine).unwrap().permissions().mode() & 0o777, 0o600);
        }

        let to = recipients(&[recipient], None).unwrap();
        let mut writer = encrypt_into(&to, Vec::new()).unwrap();
        writer.write_all(b"synthetic database bytes").unwrap();
        let sealed = writer.finish().unwrap();
        assert!(!sealed.windows(9).any(|w| w == b"synthetic"), "the plaintext is not in the file");

        let mut plain = String::new();
        decrypt_from(&identities(&mine).unwrap(), &sealed[..]).unwrap().read_to_string(&mut plain).unwrap();
        assert_eq!(plain, "synthetic database bytes");
        let err = decrypt_from(&identities(&other).unwrap(), &sealed[..]).err().unwrap().to_string();
        assert!(err.contains("does not open this backup"), "{err}");
    }

    #[test]
    fn recipients_are_checked_and_a_secret_is_never_taken_for_one() {
        let dir = tempfile::tempdir().unwrap();
        let identity = dir.path().join("id.txt");
        let recipient = keygen(&identity).unwrap();
        let file = dir.path().join("recipients.txt");
        std::fs::write(&file, format!("# the data-protection officer\n\n{recipient}\n")).unwrap();
        assert_eq!(recipients(&[], Some(&file)).unwrap().len(), 1);

        let err = format!("{:#}", recipients(&[], None).unwrap_err());
        assert!(err.contains("needs a recipient") && err.contains("backup keygen"), "{err}");
        let err = format!("{:#}", recipients(&["age1notakey".into()], None).unwrap_err());
        assert!(err.contains("not an age X25519 recipient"), "{err}");
        let secret = std::fs::read_to_string(&identity).unwrap();
        let secret = secret.lines().find(|l| l.starts_with("AGE-SECRET-KEY-")).unwrap();
        let err = format!("{:#}", recipients(&[secret.to_owned()], None).unwrap_err());
        assert!(err.contains("not a recipient") && !err.contains(secret), "{err}");
        std::fs::write(&file, format!("{recipient}\nnonsense\n")).unwrap();
        let err = format!("{:#}", recipients(&[], Some(&file)).unwrap_err());
        assert!(err.contains("line 2"), "{err}");
    }
}
