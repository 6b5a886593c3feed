//! The search index as one binary value (the snapshot start-up reads, `meta.index_snapshot`),
//! and back.
//!
//! Start-up waits for this decode, so version 3 is laid out in columns that are taken as they
//! are: no customer is parsed into an allocated [`IndexEntry`] (the index makes those when
//! something asks for one), the names and phones arrive as one text checked once, and each
//! customer's exact search key is not stored when it follows from the name and the phone
//! (most do), which keeps the value small to read. Version 2 (postcard, entry by entry, with
//! the keys' texts) is still read, so a shop's first start after the update needs no rebuild;
//! the shell then saves a version 3 snapshot.
//!
//! Written by hand rather than with serde: postcard decodes entry by entry into two allocated
//! strings per customer, which was most of the start-up time at 100 000 customers (597 ms of
//! 2 067 at 4× CPU throttling), and no serde format keeps columns as they are. Every length and
//! offset is checked, so bad bytes are an [`IndexDecodeError`], never a panic; the fuzz target
//! `search_index` (crates/fuzz) feeds the decoder mutated snapshots, and
//! `tests/search_snapshot.rs` checks that any index round-trips.
//!
//! Layout of version 3 (integers little-endian; "varint" is LEB128, signed ones zigzagged):
//!
//! | part | bytes |
//! |---|---|
//! | [`SNAPSHOT_HEADER`] | 4 |
//! | count of entries | u32 |
//! | `KEYS_VERSION` of the keys below | u8 |
//! | ids | 16 × count |
//! | numbers: a u32 length, then for each entry 8 varints: last seen (ms, signed), full cards, redeemed, stamps, card size + 1 (0: none), name length, phone length, [`ExactKey`] | |
//! | fields: a u32 length, then every entry's name and phone, UTF-8 | |
//! | own exact keys: a u32 length, then the keys of the entries whose key is [`ExactKey::Own`], each ending in `\0` | |
//! | phonetic keys: a u32 length, then every entry's phonetic key ending in `\0` | |

use super::cards::CardState;
use super::ids::CustomerId;
use super::search::{Columns, FieldSpan, IndexEntry, SearchIndex};
use super::search_haystack::KEYS_VERSION;

/// The version of the index encoding, the last byte of [`SNAPSHOT_HEADER`]. Version 1 kept
/// cards as [`CardState`]; version 2 added the built search keys after the entries; version 3
/// is the columns above. Bytes of version 1 or of an unknown version are refused, so start-up
/// rebuilds the index from the customer records.
pub const SNAPSHOT_VERSION: u8 = 3;

/// The first bytes of an encoded index. The encoding before version 1 had no header and began
/// with the entry count as a varint; three 0xFF bytes there would mean more than two million
/// customers, so old bytes are never mistaken for new ones.
pub const SNAPSHOT_HEADER: [u8; 4] = [0xFF, 0xFF, 0xFF, SNAPSHOT_VERSION];

/// The header of version 2, still read.
const HEADER_V2: [u8; 4] = [0xFF, 0xFF, 0xFF, 2];

/// Where the ids start: after the header, the count and the keys' version.
pub(super) const IDS_AT: usize = 9;

/// Why stored index bytes could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IndexDecodeError {
    /// The bytes are not an index written by this version.
    #[error("the stored search index is damaged: {0}")]
    Corrupt(String),
    /// The index was written by another version of its encoding (start-up rebuilds it from the
    /// customer records).
    #[error("the stored search index is of another version, not {SNAPSHOT_VERSION}")]
    OtherVersion,
}

/// Whether stored bytes are a snapshot of an older version that start-up still reads: the shell
/// then saves a new one, so the next start reads the faster layout.
pub fn is_outdated(bytes: &[u8]) -> bool {
    bytes.starts_with(&HEADER_V2)
}

/// How an entry's exact search key (`normalized name \u{1} phone digits \0`) is stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ExactKey {
    /// The name as typed is its normalized form (most names in Indian scripts).
    Name = 0,
    /// The name in ASCII lower case is (most names in Latin letters).
    LowerName = 1,
    /// Neither: the key is stored in the own keys' text.
    Own = 2,
}

/// Pushes the exact key that `kind` derives from the name and phone (not for [`ExactKey::Own`]).
fn push_derived_key(key: &mut String, name: &str, phone: &str, kind: ExactKey) {
    let start = key.len();
    key.push_str(name);
    if kind == ExactKey::LowerName {
        key[start..].make_ascii_lowercase();
    }
    key.push('\u{1}');
    key.extend(phone.chars().filter(char::is_ascii_digit));
    key.push('\0');
}

/// Whether `key` is what `kind` derives from the name and phone, compared without building it.
fn derives(name: &str, phone: &str, key: &str, kind: ExactKey) -> bool {
    let lower = kind == ExactKey::LowerName;
    let name = name.bytes().map(|byte| if lower { byte.to_ascii_lowercase() } else { byte });
    let digits = phone.bytes().filter(u8::is_ascii_digit);
    name.chain([1]).chain(digits).chain([0]).eq(key.bytes())
}

fn push_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn push_section(out: &mut Vec<u8>, section: &[u8]) {
    out.extend_from_slice(&(section.len() as u32).to_le_bytes());
    out.extend_from_slice(section);
}

/// The index as version 3 bytes, with its current keys.
pub(super) fn encode(index: &SearchIndex) -> Vec<u8> {
    let count = index.len();
    let mut own = String::new();
    let mut phonetic = String::new();
    let kinds: Vec<ExactKey> = (0..count)
        .map(|position| {
            let (exact, phonetic_key) = index.haystacks.segment_texts(index.current_segment[position]);
            phonetic.push_str(phonetic_key);
            let (name, phone) = (index.columns.name(position), index.columns.phone(position));
            match [ExactKey::Name, ExactKey::LowerName].into_iter().find(|&kind| derives(name, phone, exact, kind)) {
                Some(kind) => kind,
                None => {
                    own.push_str(exact);
                    ExactKey::Own
                }
            }
        })
        .collect();
    encode_with_keys(index, KEYS_VERSION, &kinds, &own, &phonetic)
}

/// Version 3 bytes of `index` with every exact key stored as it is in `exact`: tests store keys
/// other than the index's own, to see what start-up makes of them.
#[cfg(test)]
pub(super) fn encode_stored_keys(index: &SearchIndex, keys_version: u8, exact: &str, phonetic: &str) -> Vec<u8> {
    encode_with_keys(index, keys_version, &vec![ExactKey::Own; index.len()], exact, phonetic)
}

/// Version 3 bytes of `index` with the given keys.
fn encode_with_keys(index: &SearchIndex, keys_version: u8, kinds: &[ExactKey], own: &str, phonetic: &str) -> Vec<u8> {
    let columns = &index.columns;
    let count = columns.ids.len();
    let mut numbers = Vec::with_capacity(count * 12);
    let mut fields = String::with_capacity(columns.fields.len());
    for position in 0..count {
        let card = columns.cards[position];
        let touched = columns.touched[position];
        let (name, phone) = (columns.name(position), columns.phone(position));
        fields.push_str(name);
        fields.push_str(phone);
        let zigzag = ((touched << 1) ^ (touched >> 63)) as u64;
        let card_size = card.card_size.map_or(0, |size| u64::from(size) + 1);
        let kind = kinds.get(position).copied().unwrap_or(ExactKey::Own);
        for value in [zigzag, card.completed.into(), card.redeemed.into(), card.stamps.into(), card_size, name.len() as u64, phone.len() as u64, kind as u64] {
            push_varint(&mut numbers, value);
        }
    }
    let mut out = Vec::with_capacity(IDS_AT + count * 16 + numbers.len() + fields.len() + own.len() + phonetic.len() + 16);
    out.extend_from_slice(&SNAPSHOT_HEADER);
    out.extend_from_slice(&(count as u32).to_le_bytes());
    out.push(keys_version);
    for id in &columns.ids {
        out.extend_from_slice(&id.0.0);
    }
    push_section(&mut out, &numbers);
    push_section(&mut out, fields.as_bytes());
    push_section(&mut out, own.as_bytes());
    push_section(&mut out, phonetic.as_bytes());
    out
}

/// Reads the bytes of a snapshot, taking each part in one step.
struct Reader<'a> {
    bytes: &'a [u8],
}

fn corrupt(what: &str) -> IndexDecodeError {
    IndexDecodeError::Corrupt(what.to_owned())
}

impl<'a> Reader<'a> {
    fn take(&mut self, length: usize, what: &str) -> Result<&'a [u8], IndexDecodeError> {
        if length > self.bytes.len() {
            return Err(corrupt(what));
        }
        let (taken, rest) = self.bytes.split_at(length);
        self.bytes = rest;
        Ok(taken)
    }

    fn u32(&mut self, what: &str) -> Result<u32, IndexDecodeError> {
        let bytes = self.take(4, what)?;
        Ok(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
    }

    fn section(&mut self, what: &str) -> Result<&'a [u8], IndexDecodeError> {
        let length = self.u32(what)? as usize;
        self.take(length, what)
    }

    fn text(&mut self, what: &str) -> Result<&'a str, IndexDecodeError> {
        std::str::from_utf8(self.section(what)?).map_err(|_| corrupt(what))
    }

    fn varint(&mut self) -> Result<u64, IndexDecodeError> {
        let mut value = 0u64;
        for (at, &byte) in self.bytes.iter().enumerate().take(10) {
            let bits = u64::from(byte & 0x7F);
            if at == 9 && bits > 1 {
                break;
            }
            value |= bits << (7 * at);
            if byte & 0x80 == 0 {
                self.bytes = &self.bytes[at + 1..];
                return Ok(value);
            }
        }
        Err(corrupt("numbers"))
    }

    fn small(&mut self) -> Result<u32, IndexDecodeError> {
        u32::try_from(self.varint()?).map_err(|_| corrupt("numbers"))
    }
}

/// Reads a snapshot of version 3, or of version 2.
pub(super) fn decode(bytes: &[u8]) -> Result<SearchIndex, IndexDecodeError> {
    if let Some(rest) = bytes.strip_prefix(&HEADER_V2[..]) {
        return decode_v2(rest);
    }
    let Some(rest) = bytes.strip_prefix(&SNAPSHOT_HEADER[..]) else {
        return Err(IndexDecodeError::OtherVersion);
    };
    let mut reader = Reader { bytes: rest };
    let count = reader.u32("count")? as usize;
    let keys_version = reader.take(1, "keys' version")?[0];
    let ids = reader.take(count.checked_mul(16).ok_or_else(|| corrupt("count"))?, "ids")?;
    let mut numbers = Reader { bytes: reader.section("numbers")? };
    let fields = reader.text("names and phones")?;
    let own = reader.text("own keys")?;
    let phonetic = reader.text("phonetic keys")?;
    if !reader.bytes.is_empty() {
        return Err(IndexDecodeError::Corrupt(format!("{} bytes after the snapshot", reader.bytes.len())));
    }

    let mut columns = Columns::with_capacity(count, 0);
    columns.ids.extend(ids.chunks_exact(16).map(|id| CustomerId::from_bytes(id.try_into().unwrap_or([0; 16]))));
    let mut kinds = Vec::with_capacity(count);
    let mut start = 0usize;
    for _ in 0..count {
        let zigzag = numbers.varint()?;
        columns.touched.push((zigzag >> 1) as i64 ^ -((zigzag & 1) as i64));
        let (completed, redeemed, stamps) = (numbers.small()?, numbers.small()?, numbers.varint()?);
        let card_size = match numbers.varint()? {
            0 => None,
            size => Some(u32::try_from(size - 1).map_err(|_| corrupt("card size"))?),
        };
        let stamps = u32::try_from(stamps).map_err(|_| corrupt("stamps"))?;
        columns.cards.push(CardState { completed, redeemed, card_size, stamps });
        let (name_len, phone_len) = (numbers.small()?, numbers.small()?);
        let phone_at = start + name_len as usize;
        let end = phone_at + phone_len as usize;
        if end > fields.len() || !fields.is_char_boundary(start) || !fields.is_char_boundary(phone_at) {
            return Err(corrupt("names and phones"));
        }
        columns.spans.push(FieldSpan { start: start as u32, name_len, phone_len });
        start = end;
        kinds.push(match numbers.varint()? {
            0 => ExactKey::Name,
            1 => ExactKey::LowerName,
            2 => ExactKey::Own,
            _ => return Err(corrupt("key kind")),
        });
    }
    if start != fields.len() || !numbers.bytes.is_empty() {
        return Err(corrupt("names and phones"));
    }
    columns.fields = fields.to_owned();
    // Keys of another version's rules, or texts that do not hold one key per entry, are built
    // again from the entries.
    let keys = (keys_version == KEYS_VERSION).then(|| exact_keys(&columns, &kinds, own)).flatten().map(|exact| (exact, phonetic.to_owned()));
    Ok(SearchIndex::from_columns(columns, keys))
}

/// Every entry's exact key, derived or taken from the own keys in order; `None` when the own
/// keys are not one per entry that needs one.
fn exact_keys(columns: &Columns, kinds: &[ExactKey], own: &str) -> Option<String> {
    let mut exact = String::with_capacity(columns.fields.len() + columns.ids.len() * 14 + own.len());
    let mut own_rest = own;
    for (position, &kind) in kinds.iter().enumerate() {
        if kind == ExactKey::Own {
            let end = memchr::memchr(0, own_rest.as_bytes())? + 1;
            exact.push_str(&own_rest[..end]);
            own_rest = &own_rest[end..];
        } else {
            push_derived_key(&mut exact, columns.name(position), columns.phone(position), kind);
        }
    }
    own_rest.is_empty().then_some(exact)
}

/// Version 2: [`HEADER_V2`], then (postcard) the entries, the keys' version and the two texts
/// of their current keys.
fn decode_v2(rest: &[u8]) -> Result<SearchIndex, IndexDecodeError> {
    let corrupt = |error: postcard::Error| IndexDecodeError::Corrupt(error.to_string());
    let ((entries, keys_version, exact, phonetic), left): ((Vec<IndexEntry>, u8, String, String), &[u8]) =
        postcard::take_from_bytes(rest).map_err(corrupt)?;
    if !left.is_empty() {
        return Err(IndexDecodeError::Corrupt(format!("{} bytes after the entries", left.len())));
    }
    let mut columns = Columns::with_capacity(entries.len(), entries.iter().map(|entry| entry.name.len() + entry.phone.len()).sum());
    for entry in &entries {
        columns.push(entry);
    }
    let keys = (keys_version == KEYS_VERSION).then_some((exact, phonetic));
    Ok(SearchIndex::from_columns(columns, keys))
}

#[cfg(test)]
#[path = "search_snapshot_tests.rs"]
mod tests;
