//! The backup file: the whole event log, the shop's settings and its card key (sealed with a
//! passphrase), so a lost tablet does not lose the shop. Pure: writing and reading the format
//! and every check a file must pass before anything of it is written; the passphrase
//! encryption itself is WebCrypto's (PBKDF2-SHA-256 → AES-256-GCM, `app/backup_crypto.rs`),
//! this module only carries its sealed bytes and refuses malformed ones.
//!
//! The format is JSON Lines in UTF-8, so a file is written page by page as the log is read
//! and never has to be one string in memory:
//!
//! ```text
//! {"format":"mohar-backup","version":1,"shop_key":"<public key>", …header…}
//! {"id":"…","device":"…","hlc":{…},"at":…,"actor":"…","kind":{…}}     one event per line
//! …
//! {"end":{"events":N,"sha256":"<hex of every byte before this line>"}}
//! ```
//!
//! The trailer makes a truncated file recognisable (it has none, or a count or digest that does
//! not match), and the version is read before anything else, so a file from a newer Mohar is
//! named as such even when the rest of its header has changed.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::event::Event;
use super::ids::EventId;
use super::shop::ShopState;

/// The `format` value every backup file starts with.
pub const BACKUP_FORMAT: &str = "mohar-backup";

/// The version this code writes and the newest it reads.
pub const BACKUP_VERSION: u32 = 1;

/// PBKDF2-SHA-256 iterations for a new backup (OWASP's 2023 figure for this hash).
pub const KEY_ITERATIONS: u32 = 600_000;

/// The most iterations a file may ask for: a file could otherwise make the browser derive a key
/// for hours before saying the passphrase is wrong.
pub const MAX_KEY_ITERATIONS: u32 = 10_000_000;

/// The fewest iterations a file may ask for (below it, the passphrase is too easy to guess).
pub const MIN_KEY_ITERATIONS: u32 = 100_000;

/// The salt, nonce and sealed-secret lengths: 16-byte salt, 12-byte AES-GCM nonce, and the
/// 32-byte key secret plus its 16-byte tag.
pub const SALT_LEN: usize = 16;
/// See [`SALT_LEN`].
pub const NONCE_LEN: usize = 12;
/// See [`SALT_LEN`].
pub const SEALED_LEN: usize = 48;

/// The shop's card-key secret, encrypted with a key derived from the owner's passphrase. The
/// public key text is the AES-GCM associated data, so a sealed key cannot be moved to another
/// shop's header unnoticed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedKey {
    /// Always "pbkdf2-sha256+aes-256-gcm" in version 1.
    pub scheme: String,
    /// PBKDF2 iterations.
    pub iterations: u32,
    /// PBKDF2 salt.
    pub salt: Vec<u8>,
    /// AES-GCM nonce.
    pub nonce: Vec<u8>,
    /// The secret and its tag.
    pub sealed: Vec<u8>,
}

/// The scheme name of [`SealedKey::scheme`].
pub const KEY_SCHEME: &str = "pbkdf2-sha256+aes-256-gcm";

/// The first line of a backup file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BackupHeader {
    /// [`BACKUP_FORMAT`].
    pub format: String,
    /// [`BACKUP_VERSION`] when written by this code.
    pub version: u32,
    /// The shop's public card key (`ShopKey::public_key_text`): which shop the file is of.
    pub shop_key: String,
    /// When the backup was made (milliseconds since 1970, UTC).
    pub created_at: i64,
    /// The app version that wrote it, for the owner's information only.
    pub app_version: String,
    /// The shop's settings as folded when the backup was made. The log holds them too (restore
    /// folds them again); they are here so a file can be recognised without reading it all.
    pub shop: Option<ShopState>,
    /// Settings kept on the device rather than in the log (the rewards page address), by name.
    #[serde(default)]
    pub device_settings: BTreeMap<String, String>,
    /// The sealed card key.
    pub key: SealedKey,
}

/// The last line.
#[derive(Serialize, Deserialize)]
struct Trailer {
    end: TrailerFields,
}

#[derive(Serialize, Deserialize)]
struct TrailerFields {
    events: u64,
    sha256: String,
}

/// Only the fields needed to decide whether the rest can be read at all.
#[derive(Deserialize)]
struct Preamble {
    format: String,
    version: u32,
}

/// Why a backup file was refused. Nothing of a refused file is written.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BackupError {
    /// The file is not a Mohar backup at all (another file was chosen).
    #[error("this file is not a Mohar backup")]
    NotABackup,
    /// The file was made by a newer version of Mohar; update the app first.
    #[error("this backup was made by a newer version of Mohar (format {found})")]
    TooNew {
        /// The version found in the file.
        found: u32,
    },
    /// The file ends early: it was not copied completely.
    #[error("the backup file is incomplete")]
    Truncated,
    /// The file's contents do not match its own checksum, or a line cannot be read.
    #[error("the backup file is damaged (line {line})")]
    Damaged {
        /// The first line found wrong (1 = the header).
        line: u64,
    },
    /// The file is of another shop than the one on this device.
    #[error("this backup is of another shop")]
    OtherShop,
    /// The passphrase does not open the file's card key.
    #[error("the passphrase is not the one this backup was made with")]
    WrongPassphrase,
}

/// A backup file read and checked: everything restore needs.
#[derive(Clone, Debug, PartialEq)]
pub struct BackupFile {
    /// The header.
    pub header: BackupHeader,
    /// The log, in file order.
    pub events: Vec<Event>,
}

/// Writes a backup in pieces: the header, then the log page by page, then the trailer. Every
/// piece is a byte chunk the caller appends to the file (a `Blob` in the browser).
pub struct BackupWriter {
    hasher: Sha256,
    events: u64,
}

impl BackupWriter {
    /// Starts a file; returns the writer and the header line.
    pub fn start(header: &BackupHeader) -> (BackupWriter, Vec<u8>) {
        let mut writer = BackupWriter { hasher: Sha256::new(), events: 0 };
        let mut line = serde_json::to_vec(header).expect("a header always encodes");
        line.push(b'\n');
        writer.hasher.update(&line);
        (writer, line)
    }

    /// One page of the log as lines.
    pub fn events(&mut self, events: &[Event]) -> Vec<u8> {
        let mut chunk = Vec::with_capacity(events.len() * 256);
        for event in events {
            serde_json::to_writer(&mut chunk, event).expect("an event always encodes");
            chunk.push(b'\n');
        }
        self.hasher.update(&chunk);
        self.events += events.len() as u64;
        chunk
    }

    /// The trailer line; the file is complete once it is appended.
    pub fn finish(self) -> Vec<u8> {
        let trailer = Trailer { end: TrailerFields { events: self.events, sha256: hex(&self.hasher.finalize()) } };
        let mut line = serde_json::to_vec(&trailer).expect("a trailer always encodes");
        line.push(b'\n');
        line
    }
}

/// Reads and checks a whole backup file: format, version, checksum, count, every line, and the
/// sealed key's shape. Says nothing yet about whose shop it is ([`BackupFile::check_shop`]) or
/// the passphrase (the app opens the key).
pub fn read_backup(bytes: &[u8]) -> Result<BackupFile, BackupError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first_end = memchr::memchr(b'\n', bytes).ok_or_else(|| if looks_like_backup(bytes) { BackupError::Truncated } else { BackupError::NotABackup })?;
    let first = &bytes[..first_end];
    let preamble: Preamble = serde_json::from_slice(first).map_err(|_| BackupError::NotABackup)?;
    if preamble.format != BACKUP_FORMAT || preamble.version == 0 {
        return Err(BackupError::NotABackup);
    }
    if preamble.version > BACKUP_VERSION {
        return Err(BackupError::TooNew { found: preamble.version });
    }
    let header: BackupHeader = serde_json::from_slice(first).map_err(|_| BackupError::Damaged { line: 1 })?;
    check_sealed_key(&header.key)?;

    // The trailer is the last non-empty line; without it the copy stopped early.
    let body = bytes.strip_suffix(b"\n").ok_or(BackupError::Truncated)?;
    let trailer_start = memchr::memrchr(b'\n', body).map_or(0, |at| at + 1);
    if trailer_start <= first_end {
        return Err(BackupError::Truncated);
    }
    let trailer: Trailer = serde_json::from_slice(&body[trailer_start..]).map_err(|_| BackupError::Truncated)?;
    let digest = hex(&Sha256::digest(&bytes[..trailer_start]));
    let lines = &bytes[first_end + 1..trailer_start];
    let count = memchr::memchr_iter(b'\n', lines).count() as u64;
    if count < trailer.end.events {
        return Err(BackupError::Truncated);
    }
    if digest != trailer.end.sha256 || count != trailer.end.events {
        return Err(BackupError::Damaged { line: 0 });
    }

    let mut events = Vec::with_capacity(count as usize);
    for (index, line) in lines.split(|byte| *byte == b'\n').enumerate() {
        if index as u64 == count {
            break;
        }
        let event: Event = serde_json::from_slice(line).map_err(|_| BackupError::Damaged { line: index as u64 + 2 })?;
        events.push(event);
    }
    Ok(BackupFile { header, events })
}

/// Whether `bytes` begin like a backup's header (for telling a truncated backup from another
/// file when not even the first line is complete).
fn looks_like_backup(bytes: &[u8]) -> bool {
    bytes.starts_with(b"{\"format\":\"mohar-backup\"")
}

fn check_sealed_key(key: &SealedKey) -> Result<(), BackupError> {
    let sizes = key.salt.len() == SALT_LEN && key.nonce.len() == NONCE_LEN && key.sealed.len() == SEALED_LEN;
    let iterations = (MIN_KEY_ITERATIONS..=MAX_KEY_ITERATIONS).contains(&key.iterations);
    if key.scheme == KEY_SCHEME && sizes && iterations {
        Ok(())
    } else {
        Err(BackupError::Damaged { line: 1 })
    }
}

impl BackupFile {
    /// Refuses the file when this device already holds another shop (`own_key` is the public
    /// key text of the shop on this device, `None` on a device with no shop yet).
    pub fn check_shop(&self, own_key: Option<&str>) -> Result<(), BackupError> {
        match own_key {
            Some(own) if own != self.header.shop_key => Err(BackupError::OtherShop),
            _ => Ok(()),
        }
    }

    /// The file's events whose ids are not in `stored`: what a restore adds (merging by event
    /// id, so nothing is counted twice), each once even if the file repeats it.
    pub fn new_events(&self, stored: &std::collections::BTreeSet<EventId>) -> Vec<Event> {
        let mut seen = std::collections::BTreeSet::new();
        self.events.iter().filter(|event| !stored.contains(&event.id) && seen.insert(event.id)).cloned().collect()
    }
}

/// Lower-case hex, for the digests (a few bytes; a crate for it would be more code).
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(DIGITS[(byte >> 4) as usize] as char);
        out.push(DIGITS[(byte & 15) as usize] as char);
    }
    out
}

#[cfg(test)]
#[path = "backup_tests.rs"]
mod tests;
